import { createInertiaApp } from '@inertiajs/svelte'
@@if ssr@@
import { hydrate, mount } from 'svelte'
@@else@@
import { mount } from 'svelte'
@@end@@
import { resolvePage, title } from './pages'
import './app.css'

createInertiaApp({
  title,
  resolve: resolvePage,
  setup({ el, App, props }) {
@@if ssr@@
    // Rendered by the server: hydrate its markup instead of rendering again.
    if (el@@if ts@@!@@end@@.dataset.serverRendered === 'true') {
      hydrate(App, { target: el@@if ts@@!@@end@@, props })
    } else {
      mount(App, { target: el@@if ts@@!@@end@@, props })
    }
@@else@@
    mount(App, { target: el@@if ts@@!@@end@@, props })
@@end@@
  },
  progress: { color: '#4f46e5' },
})
