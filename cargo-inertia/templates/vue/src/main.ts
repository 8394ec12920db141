import { createInertiaApp, router } from '@inertiajs/vue3'
@@if ssr@@
import { createApp, createSSRApp, h } from 'vue'
@@else@@
import { createApp, h } from 'vue'
@@end@@
import { applyAppearance } from './appearance'
import { resolvePage, title } from './pages'
import './app.css'

createInertiaApp({
  title,
  resolve: resolvePage,
  setup({ el, App, props, plugin }) {
@@if ssr@@
    // Rendered by the server: hydrate its markup (createSSRApp) instead of rendering again.
    const create = el.hasChildNodes() ? createSSRApp : createApp
    create({ render: () => h(App, props) })
@@else@@
    createApp({ render: () => h(App, props) })
@@end@@
      .use(plugin)
      .mount(el)
  },
  progress: { color: '#4f46e5' },
})

// The theme follows the page's `appearance` prop after every visit (src/appearance.@@if ts@@ts@@else@@js@@end@@).
router.on('navigate', (event) => applyAppearance(event.detail.page.props.appearance))
