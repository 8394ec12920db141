// Server-side rendering: the server's engine runs this (built into ssr/ssr.js by `npm run
// build`), and in development the Vite dev server does (@inertiajs/vite). It is the usual
// Inertia SSR entry; `createServer` hands the render function to whichever runs it.
import { createInertiaApp } from '@inertiajs/vue3'
import createServer from '@inertiajs/vue3/server'
import { createSSRApp, h } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { resolvePage, title } from './pages'

createServer((page) =>
  createInertiaApp({
    page,
    render: renderToString,
    title,
    resolve: resolvePage,
    setup: ({ App, props, plugin }) => createSSRApp({ render: () => h(App, props) }).use(plugin),
  }),
)
