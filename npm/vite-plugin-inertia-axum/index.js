// vite-plugin-inertia-axum: what a Vite app served by inertia-runtime (axum) needs from Vite.
//
// - `inertiaAxum()`: writes the dev server's URL to the hot file while `vite` runs and removes
//   it when it stops (the format of laravel-vite-plugin's `public/hot`, so the server's
//   `Vite::hot_file` reads either), and sets the build defaults the server expects: a manifest,
//   assets under `/build/`; after each client build it records the build in the build history
//   (history.js) and copies the earlier builds' files into `dist/`, so a server of the new build
//   still serves what tabs of the old one load next.
// - `embeddedSsr()`: the config of the SSR bundle the server runs itself (`Ssr::embedded`): one
//   self-contained script that sets `globalThis.render`, built from the same `src/ssr.*` entry
//   as a Node SSR server (`createServer((page) => createInertiaApp(…))`).
//
// No dependencies beyond Node and Vite.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { historySettings, recordBuild } from './history.js'

const here = dirname(fileURLToPath(import.meta.url))

/**
 * The files of the `input` option, as `optimizeDeps.entries` takes them.
 *
 * @param {string | string[] | Record<string, string> | undefined} input
 * @returns {string[] | undefined}
 */
function entryFiles(input) {
  if (!input) return undefined
  const files = typeof input === 'string' ? [input] : Array.isArray(input) ? input : Object.values(input)
  return files.length ? files : undefined
}

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
  /** The client build's output, when this run is one and the history is on. */
  let clientBuild = null

  const removeHotFile = () => {
    if (hotPath) rmSync(hotPath, { force: true })
  }

  return {
    name: 'inertia-axum',
    config(config, { command, isSsrBuild }) {
      if (command === 'build') {
        if (isSsrBuild) return {}
        // Vite 8 bundles with Rolldown (`rolldownOptions`), Vite 7 with Rollup.
        const rolldown = Boolean(this?.meta?.rolldownVersion)
        const bundler = {}
        if (options.input && !config.build?.rollupOptions?.input && !config.build?.rolldownOptions?.input) {
          bundler.input = options.input
        }
        if (options.vendorChunk !== false && !chunkingConfigured(config)) {
          // Dependencies in one chunk of their own: its name (content hash) stays the same
          // while only the app's code changes, so browsers keep it cached across deploys and
          // the build history stores it once instead of once per build.
          bundler.output = rolldown
            ? { codeSplitting: { groups: [{ name: 'vendor', test: /[\\/]node_modules[\\/]/ }] } }
            : { manualChunks: (id) => (/[\\/]node_modules[\\/]/.test(id) ? 'vendor' : undefined) }
        }
        return {
          // The server serves the build under `base` (`nest_service("/build", …)` and
          // `Vite::base("/build/")`) and reads the manifest to know the files.
          base: config.base ?? base,
          build: {
            manifest: config.build?.manifest ?? true,
            ...(Object.keys(bundler).length ? { [rolldown ? 'rolldownOptions' : 'rollupOptions']: bundler } : {}),
          },
        }
      }
      const port = config.server?.port ?? 5173
      const entries = config.optimizeDeps?.entries ?? entryFiles(options.input)
      return {
        base: config.base ?? '/',
        // Vite finds the dependencies to pre-bundle by crawling from index.html, which an app
        // served by axum does not have: without the entries it discovers them as the first page
        // (and every lazily loaded page) asks for them, re-bundles, and reloads the browser,
        // aborting the requests in flight. From the entries (pages under `import.meta.glob`
        // included) they are all bundled before the first page loads.
        ...(entries ? { optimizeDeps: { entries } } : {}),
        server: {
          port,
          // The hot file names one URL; a silently different port would not be it.
          strictPort: config.server?.strictPort ?? true,
        },
      }
    },
    configResolved(config) {
      if (config.command === 'build') {
        const history = config.build.ssr || !config.build.manifest ? null : historySettings(options.history, config.root)
        if (history) {
          const outDir = resolve(config.root, config.build.outDir)
          const manifest = typeof config.build.manifest === 'string' ? config.build.manifest : '.vite/manifest.json'
          clientBuild = { history, outDir, manifestPath: resolve(outDir, manifest), logger: config.logger }
        }
        return
      }
      if (config.command !== 'serve') return
      hotPath = resolve(config.root, hotFile)
      // Pages are served by the Rust server (another origin): the URLs Vite writes into
      // modules and CSS must point at the dev server.
      given = options.origin ?? config.server.origin
      const scheme = config.server.https ? 'https' : 'http'
      origin = (given ?? `${scheme}://localhost:${config.server.port}`).replace(/\/$/, '')
      config.server.origin = origin
    },
    closeBundle: {
      // After the manifest and every file are on disk.
      order: 'post',
      sequential: true,
      handler() {
        if (!clientBuild) return
        const { history, outDir, manifestPath, logger } = clientBuild
        const done = recordBuild(history, outDir, manifestPath)
        logger.info(
          `inertia-axum: build history in ${done.store}: ${done.builds} earlier build(s), ` +
            `${done.copied} of their files (${(done.bytes / 1024).toFixed(1)} KiB) copied into ${outDir}`,
        )
      },
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
      // Lazily loaded pages are inlined: the engine runs one script. (Rolldown, in Vite 8,
      // does so for `iife` anyway; Rollup, in Vite 7, refuses to split an `iife` and must be
      // told.)
      const oneChunk = this?.meta?.rolldownVersion ? { codeSplitting: false } : { inlineDynamicImports: true }
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
            output: { format: 'iife', entryFileNames: 'ssr.js', ...oneChunk },
          },
        },
      }
    },
  }
}

/** Whether the app's own config already says how to split chunks. */
function chunkingConfigured(config) {
  for (const options of [config.build?.rollupOptions, config.build?.rolldownOptions]) {
    const output = options?.output
    if (Array.isArray(output)) return true
    if (output && (output.manualChunks || output.advancedChunks || output.codeSplitting !== undefined || output.inlineDynamicImports)) return true
  }
  return false
}

function normalizeBase(base) {
  const withLeading = base.startsWith('/') || /^https?:\/\//.test(base) ? base : `/${base}`
  return withLeading.endsWith('/') ? withLeading : `${withLeading}/`
}
