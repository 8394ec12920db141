import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'
import inertia from '@inertiajs/vite'
import { rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'

/**
 * Writes the dev server's URL to `hot` while `vite` runs, and removes it when it stops. The
 * Rust server watches that file (`Vite::hot_file("frontend/hot")`): while it exists, pages
 * load their modules from the dev server (with HMR); otherwise they load the built files.
 */
function hotFile(path = 'hot'): Plugin {
  return {
    name: 'inertia-hot-file',
    apply: 'serve',
    configureServer(server) {
      server.httpServer?.once('listening', () => {
        const { port } = server.httpServer!.address() as AddressInfo
        writeFileSync(path, `http://localhost:${port}`)
      })
      const remove = () => rmSync(path, { force: true })
      process.once('exit', remove)
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
        process.once(signal, () => process.exit())
      }
    },
  }
}

export default defineConfig(({ command, isSsrBuild }) => ({
  // Built files are served by the Rust server under /build/; the dev server serves from /.
  base: command === 'build' ? '/build/' : '/',
  // `@inertiajs/vite` serves server-side renders at /__inertia_ssr while `vite` runs, and
  // prepares the SSR build of src/ssr.tsx.
  plugins: [react(), inertia({ ssr: { entry: 'src/ssr.tsx' } }), hotFile()],
  server: {
    port: 5173,
    strictPort: true,
    // Asset URLs in modules must point at the dev server, not at the page's origin.
    origin: 'http://localhost:5173',
  },
  // The SSR bundle includes its dependencies, so it runs without node_modules.
  ssr: { noExternal: true },
  build: isSsrBuild
    ? { outDir: 'ssr', emptyOutDir: true, copyPublicDir: false, sourcemap: false, rollupOptions: { input: 'src/ssr.tsx' } }
    : { manifest: true, outDir: 'dist', emptyOutDir: true, rollupOptions: { input: 'src/main.tsx' } },
}))
