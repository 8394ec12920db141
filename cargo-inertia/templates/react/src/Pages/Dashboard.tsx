import { Head, Link } from '@inertiajs/react'
import Layout from '../components/Layout'
import { contacts } from '../routes'
@@if ts@@
import type { PageProps } from '../types/pages'
@@end@@

export default function Dashboard({ greeting, servedAt }@@if ts@@: PageProps<'Dashboard'>@@end@@) {
  return (
    <Layout>
      <Head title="Dashboard" />
      <h1 data-testid="greeting">{greeting}</h1>
      <p className="muted">
        Rendered at <time data-testid="served-at">{servedAt}</time>. Edit{' '}
        <code>frontend/src/Pages/Dashboard.@@page_ext@@</code> and this page updates in place; edit{' '}
        <code>src/pages.rs</code> and the server restarts.
      </p>
      <p>
        <Link href={contacts.index()}>See the contacts →</Link>
      </p>
    </Layout>
  )
}
