import { Head, usePage } from '@inertiajs/react'
import Layout from '../components/Layout'
import type { PageProps } from '../types/pages'

export default function About({ version, crate }: PageProps<'About'>) {
  const page = usePage()
  return (
    <Layout>
      <Head title="About" />
      <h1>About</h1>
      <p>
        Served by <code>{crate}</code>; asset version <code data-testid="version">{version}</code>{' '}
        (the page object says <code>{page.version}</code>).
      </p>
      <p>
        The server embeds this frontend's build and fixed its asset version at compile time. A
        visit with another version is answered with <code>409 Conflict</code>, and the browser
        reloads to pick up the new build.
      </p>
    </Layout>
  )
}
