// The SSR entry: `npm run build` bundles it (with React and Inertia) into ssr/ssr.js, a file
// that runs with plain `node` (no node_modules): `node ssr/ssr.js`, or `SSR_PORT=… node …`.
// In development, `@inertiajs/vite` serves the same render function at /__inertia_ssr.
import { createInertiaApp } from '@inertiajs/react'
import createServer from '@inertiajs/react/server'
import { renderToString } from 'react-dom/server'
import { resolvePage, title } from './pages'

createServer(
  (page) =>
    createInertiaApp({
      page,
      render: renderToString,
      title,
      resolve: resolvePage,
      setup: ({ App, props }) => <App {...props} />,
    }),
  { port: Number(process.env.SSR_PORT ?? 13714), host: '127.0.0.1' },
)
