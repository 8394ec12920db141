// Server-side rendering: the server's engine runs this (built into ssr/ssr.js by `npm run
// build`), and in development the Vite dev server does (@inertiajs/vite). It is the usual
// Inertia SSR entry; `createServer` hands the render function to whichever runs it.
import { createInertiaApp } from '@inertiajs/svelte'
import createServer from '@inertiajs/svelte/server'
import { render } from 'svelte/server'
import { resolvePage, title } from './pages'

createServer((page) =>
  createInertiaApp({
    page,
    title,
    resolve: resolvePage,
    setup: ({ App, props }) => render(App, { props }),
  }),
)
