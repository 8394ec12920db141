import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import inertia from '@inertiajs/vite'
// The plugin every `cargo inertia new` app uses (npm/vite-plugin-inertia-axum): the hot file
// (`frontend/hot`, read by `Vite::hot_file`) while `vite` runs, removed when it stops; the
// dev server's origin (http://localhost:5173) for asset URLs in modules, since pages come from
// the Rust server; the /build/ base of built files, which the Rust server serves there.
import inertiaAxum from 'vite-plugin-inertia-axum'

export default defineConfig(({ isSsrBuild }) => ({
  // `@inertiajs/vite` serves server-side renders at /__inertia_ssr while `vite` runs, and
  // prepares the SSR build of src/ssr.tsx.
  plugins: [react(), inertia({ ssr: { entry: 'src/ssr.tsx' } }), inertiaAxum()],
  // The SSR bundle includes its dependencies, so it runs without node_modules.
  ssr: { noExternal: true },
  build: isSsrBuild
    ? {
        outDir: 'ssr',
        emptyOutDir: true,
        copyPublicDir: false,
        sourcemap: false,
        // One file (pages inlined): `node ssr/ssr.js` needs nothing beside it.
        rollupOptions: { input: 'src/ssr.tsx', output: { codeSplitting: false } },
      }
    : { manifest: true, outDir: 'dist', emptyOutDir: true, rollupOptions: { input: 'src/main.tsx' } },
}))
