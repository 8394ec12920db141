// Stands in for `@inertiajs/{react,vue3,svelte}/server` in the embedded SSR bundle: instead of
// an HTTP server, the render function goes to the server's engine (`globalThis.render`).

/**
 * @param {(page: object) => Promise<{ head: string[], body: string }>} render
 */
export default function createServer(render) {
  globalThis.render = render
}
