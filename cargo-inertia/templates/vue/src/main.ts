import { createInertiaApp } from '@inertiajs/vue3'
@@if ssr@@
import { createApp, createSSRApp, h } from 'vue'
@@else@@
import { createApp, h } from 'vue'
@@end@@
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
