import { createInertiaApp, router } from '@inertiajs/react'
@@if ssr@@
import { createRoot, hydrateRoot } from 'react-dom/client'
@@else@@
import { createRoot } from 'react-dom/client'
@@end@@
import { applyAppearance } from './appearance'
import { resolvePage, title } from './pages'
import './app.css'

createInertiaApp({
  title,
  resolve: resolvePage,
  setup({ el, App, props }) {
@@if ssr@@
    // Rendered by the server: hydrate its markup instead of rendering again.
    if (el.hasChildNodes()) {
      hydrateRoot(el, <App {...props} />)
    } else {
      createRoot(el).render(<App {...props} />)
    }
@@else@@
    createRoot(el).render(<App {...props} />)
@@end@@
  },
  progress: { color: '#4f46e5' },
})

// The theme follows the page's `appearance` prop after every visit (src/appearance.@@if ts@@ts@@else@@js@@end@@).
router.on('navigate', (event) => applyAppearance(event.detail.page.props.appearance))
