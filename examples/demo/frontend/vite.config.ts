import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'
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

export default defineConfig(({ command }) => ({
  // Built files are served by the Rust server under /build/; the dev server serves from /.
  base: command === 'build' ? '/build/' : '/',
  plugins: [react(), hotFile()],
  server: {
    port: 5173,
    strictPort: true,
    // Asset URLs in modules must point at the dev server, not at the page's origin.
    origin: 'http://localhost:5173',
  },
  build: {
    manifest: true,
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: { input: 'src/main.tsx' },
  },
}))
