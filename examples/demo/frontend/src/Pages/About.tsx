import { Head, usePage } from '@inertiajs/react'
import Layout from '../components/Layout'
import type { PageProps } from '../types/pages'

export default function About({ version, serving, crate }: PageProps<'About'>) {
  const page = usePage()
  return (
    <Layout>
      <Head title="About" />
      <h1>About</h1>
      <p>
        Served by <code>{crate}</code>; the binary embeds the build with asset version{' '}
        <code data-testid="version">{version}</code> and serves{' '}
        <code data-testid="serving">{serving}</code> (the page object says{' '}
        <code>{page.version}</code>; with the Vite dev server running, both are its URL).
      </p>
      <p>
        The server embeds this frontend's build and fixed its asset version at compile time. A
        visit with another version is answered with <code>409 Conflict</code>, and the browser
        reloads to pick up the new build.
      </p>
    </Layout>
  )
}
