import { createInertiaApp, router } from '@inertiajs/svelte'
@@if ssr@@
import { hydrate, mount } from 'svelte'
@@else@@
import { mount } from 'svelte'
@@end@@
import { applyAppearance } from './appearance'
import { resolvePage, title } from './pages'
import './app.css'

createInertiaApp({
  title,
  resolve: resolvePage,
  setup({ el, App, props }) {
    if (!el) return
@@if ssr@@
    // Rendered by the server: hydrate its markup instead of rendering again.
    if (el.dataset.serverRendered === 'true') {
      hydrate(App, { target: el, props })
    } else {
      mount(App, { target: el, props })
    }
@@else@@
    mount(App, { target: el, props })
@@end@@
  },
  progress: { color: '#4f46e5' },
})

// The theme follows the page's `appearance` prop after every visit (src/appearance.@@if ts@@ts@@else@@js@@end@@).
router.on('navigate', (event) => applyAppearance(event.detail.page.props.appearance))
