// The SSR entry for the server's embedded engine (QuickJS, `Ssr::embedded` in Rust): what the
// official adapter gives (`createInertiaApp` with `renderToString`), exposed as
// `globalThis.render` instead of an HTTP server. `npm run build` bundles it with React and
// Inertia into ssr-embedded/ssr.js (vite.ssr-embedded.config.ts), which the demo binary
// embeds. The engine brings the few things QuickJS lacks (timers, MessageChannel, URL, …).
import type { Page } from '@inertiajs/core'
import { createInertiaApp } from '@inertiajs/react'
import { renderToString } from 'react-dom/server'
import { resolvePage, title } from './pages'

declare global {
  // eslint-disable-next-line no-var
  var render: (page: Page) => Promise<{ head: string[]; body: string }>
}

globalThis.render = (page) =>
  createInertiaApp({
    page,
    render: renderToString,
    title,
    resolve: resolvePage,
    setup: ({ App, props }) => <App {...props} />,
  })
