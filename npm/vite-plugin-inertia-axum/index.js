// vite-plugin-inertia-axum: what a Vite app served by inertia-runtime (axum) needs from Vite.
//
// - `inertiaAxum()`: writes the dev server's URL to the hot file while `vite` runs and removes
//   it when it stops (the format of laravel-vite-plugin's `public/hot`, so the server's
//   `Vite::hot_file` reads either), and sets the build defaults the server expects: a manifest,
//   assets under `/build/`.
// - `embeddedSsr()`: the config of the SSR bundle the server runs itself (`Ssr::embedded`): one
//   self-contained script that sets `globalThis.render`, built from the same `src/ssr.*` entry
//   as a Node SSR server (`createServer((page) => createInertiaApp(…))`).
//
// No dependencies beyond Node and Vite.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

/** The signals after which `vite` must not leave a hot file behind. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP']

/**
 * The plugin for the app's `vite.config`: the hot file in development, the manifest and the
 * `/build/` base in builds.
 *
 * @param {import('./index.js').InertiaAxumOptions} [options]
 * @returns {import('vite').Plugin}
 */
export default function inertiaAxum(options = {}) {
  const hotFile = options.hotFile ?? 'hot'
  const base = normalizeBase(options.base ?? '/build/')
  let hotPath = null
  let origin = null
  let given = undefined

  const removeHotFile = () => {
    if (hotPath) rmSync(hotPath, { force: true })
  }

  return {
    name: 'inertia-axum',
    config(config, { command, isSsrBuild }) {
      if (command === 'build') {
        if (isSsrBuild) return {}
        return {
          // The server serves the build under `base` (`nest_service("/build", …)` and
          // `Vite::base("/build/")`) and reads the manifest to know the files.
          base: config.base ?? base,
          build: {
            manifest: config.build?.manifest ?? true,
            ...(options.input && !config.build?.rollupOptions?.input && !config.build?.rolldownOptions?.input
              ? { rollupOptions: { input: options.input } }
              : {}),
          },
        }
      }
      const port = config.server?.port ?? 5173
      return {
        base: config.base ?? '/',
        server: {
          port,
          // The hot file names one URL; a silently different port would not be it.
          strictPort: config.server?.strictPort ?? true,
        },
      }
    },
    configResolved(config) {
      if (config.command !== 'serve') return
      hotPath = resolve(config.root, hotFile)
      // Pages are served by the Rust server (another origin): the URLs Vite writes into
      // modules and CSS must point at the dev server.
      given = options.origin ?? config.server.origin
      const scheme = config.server.https ? 'https' : 'http'
      origin = (given ?? `${scheme}://localhost:${config.server.port}`).replace(/\/$/, '')
      config.server.origin = origin
    },
    configureServer(server) {
      server.httpServer?.once('listening', () => {
        const address = server.httpServer.address()
        if (!given && typeof address === 'object' && address) {
          // The port actually bound (the configured one, or a free one for port 0).
          origin = origin.replace(/:\d+$/, `:${address.port}`)
          server.config.server.origin = origin
        }
        mkdirSync(dirname(hotPath), { recursive: true })
        // No trailing newline: exactly what laravel-vite-plugin writes.
        writeFileSync(hotPath, origin)
      })
      server.httpServer?.once('close', removeHotFile)
      process.once('exit', removeHotFile)
      for (const signal of SIGNALS) {
        process.once(signal, () => {
          removeHotFile()
          // Exit as the signal would have (128 + its number), after the file is gone.
          process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1))
        })
      }
    },
  }
}

/**
 * The plugin for the config that builds the server's embedded SSR bundle: `vite build
 * --config vite.ssr.config.ts` writes `ssr/ssr.js`, a script with no imports that sets
 * `globalThis.render`. The entry is the usual Inertia SSR entry; its `createServer(render)` from
 * `@inertiajs/{react,vue3,svelte}/server` is swapped for one that hands `render` to the engine.
 *
 * @param {import('./index.js').EmbeddedSsrOptions} [options]
 * @returns {import('vite').Plugin}
 */
export function embeddedSsr(options = {}) {
  const entry = options.entry ?? 'src/ssr.ts'
  const outDir = options.outDir ?? 'ssr'
  return {
    name: 'inertia-axum:embedded-ssr',
    config() {
      return {
        // Production builds of the frameworks (no dev warnings or checks in the engine).
        define: { 'process.env.NODE_ENV': JSON.stringify('production') },
        resolve: {
          alias: [
            {
              find: /^@inertiajs\/(react|vue3|svelte)\/server$/,
              replacement: resolve(here, 'ssr-embedded-server.js'),
            },
          ],
        },
        // Everything in the bundle, browser-flavoured builds of dependencies (no Node
        // built-ins: the engine has none).
        ssr: { noExternal: true, target: 'webworker' },
        build: {
          ssr: entry,
          outDir,
          emptyOutDir: true,
          copyPublicDir: false,
          minify: true,
          target: 'es2020',
          rollupOptions: {
            // Node's built-ins do not exist in the engine; libraries that try them lazily
            // (Svelte's `import('node:async_hooks')`) handle the failure.
            external: [/^node:/],
            output: { format: 'iife', entryFileNames: 'ssr.js' },
          },
        },
      }
    },
  }
}

function normalizeBase(base) {
  const withLeading = base.startsWith('/') || /^https?:\/\//.test(base) ? base : `/${base}`
  return withLeading.endsWith('/') ? withLeading : `${withLeading}/`
}
