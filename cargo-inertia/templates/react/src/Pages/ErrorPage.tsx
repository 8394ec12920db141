import { Head, Link } from '@inertiajs/react'
import Layout from '../components/Layout'
import { dashboard } from '../routes'
@@if ts@@
import type { PageProps } from '../types/pages'
@@end@@

export default function ErrorPage({ status, message }@@if ts@@: PageProps<'ErrorPage'>@@end@@) {
  return (
    <Layout>
      <Head title={`Error ${status}`} />
      <h1>Error {status}</h1>
      <p data-testid="error-message">{message}</p>
      <p>
        <Link href={dashboard()}>Back to the dashboard</Link>
      </p>
    </Layout>
  )
}
