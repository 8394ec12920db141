import { Head } from '@inertiajs/react'
import Layout from '../../components/Layout'

// A page that reads the browser while it renders (here the window's width): it cannot be
// rendered on the server, where there is no `window`. The server's render of it throws, and
// the page is rendered in the browser instead; nothing else changes. (Marking the handler
// `#[inertia_page("Labs/BrowserOnly", ssr = false)]` skips the attempt altogether.)
export default function BrowserOnly() {
  const width = window.innerWidth
  return (
    <Layout>
      <Head title="Browser only" />
      <h1 data-testid="browser-only">Rendered in the browser</h1>
      <p>
        This window is <span data-testid="width">{width}</span> pixels wide.
      </p>
    </Layout>
  )
}
