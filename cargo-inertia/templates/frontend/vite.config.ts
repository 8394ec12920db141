import tailwindcss from '@tailwindcss/vite'
import { defineConfig } from 'vite'
@@if react@@
import react from '@vitejs/plugin-react'
@@end@@
@@if vue@@
import vue from '@vitejs/plugin-vue'
@@end@@
@@if svelte@@
import { svelte } from '@sveltejs/vite-plugin-svelte'
@@end@@
@@if ssr@@
import inertia from '@inertiajs/vite'
@@end@@
import inertiaAxum from 'vite-plugin-inertia-axum'

export default defineConfig({
  plugins: [
    // Tailwind CSS: the classes the components use, generated from the sources (app.css).
    tailwindcss(),
@@if react@@
    react(),
@@end@@
@@if vue@@
    vue(),
@@end@@
@@if svelte@@
    svelte(),
@@end@@
@@if ssr@@
    // While `vite` runs, the server's first visits are rendered here (/__inertia_ssr), from
    // the current sources.
    inertia({ ssr: { entry: 'src/ssr.@@entry_ext@@' } }),
@@end@@
    // The hot file (`frontend/hot`) while `vite` runs; builds with a manifest, under /build/.
    inertiaAxum({ input: 'src/main.@@entry_ext@@' }),
  ],
  // Pages load lazily, so Vite would find their dependencies only at the first visit, then
  // reload the page ("optimized dependencies changed"): it scans them all at startup instead,
  // and transforms the pages then too, so that what their compiled code imports (the
  // framework's runtime) is known before the first visit, however slow the machine.
  optimizeDeps: {
    entries: ['src/**/*.{@@page_ext@@,@@if ts@@ts@@else@@js@@end@@}'],
  },
  server: {
    warmup: { clientFiles: ['src/main.@@entry_ext@@', 'src/**/*.@@page_ext@@'] },
  },
})
