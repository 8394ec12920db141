/** Hands the app's render function to the server's embedded SSR engine (`globalThis.render`). */
export default function createServer(
  render: (page: any) => Promise<{ head: string[]; body: string }>,
  options?: unknown,
): void
