// The server-side rendering bundle the binary embeds (`ssr/ssr.js`): one script, no imports,
// that the server's JavaScript engine runs. The entry is the usual Inertia SSR entry.
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
import { embeddedSsr } from 'vite-plugin-inertia-axum'

export default defineConfig({
@@if react@@
  plugins: [react(), embeddedSsr({ entry: 'src/ssr.@@entry_ext@@' })],
@@end@@
@@if vue@@
  plugins: [vue(), embeddedSsr({ entry: 'src/ssr.@@entry_ext@@' })],
@@end@@
@@if svelte@@
  plugins: [svelte(), embeddedSsr({ entry: 'src/ssr.@@entry_ext@@' })],
  // Svelte's functions (`onMount` in a library's component, e.g. Inertia's <InfiniteScroll>)
  // from its server build, which Svelte exports under the `worker` condition; the browser
  // build's would throw outside a mounted component.
  ssr: { resolve: { conditions: ['worker', 'browser', 'module', 'development|production'] } },
@@end@@
})
