import { createInertiaApp } from '@inertiajs/react'
import { createRoot, hydrateRoot } from 'react-dom/client'
import { resolvePage, title } from './pages'
import './app.css'

createInertiaApp({
  title,
  resolve: resolvePage,
  setup({ el, App, props }) {
    // Server-rendered (the SSR server filled the root): hydrate it instead of re-rendering.
    if (el.hasChildNodes()) {
      hydrateRoot(el, <App {...props} />)
    } else {
      createRoot(el).render(<App {...props} />)
    }
  },
  progress: { color: '#4f46e5' },
})
