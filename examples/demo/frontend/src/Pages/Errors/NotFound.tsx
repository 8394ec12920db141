import { Head, Link } from '@inertiajs/react'
import Layout from '../../components/Layout'
import type { PageProps } from '../../types/pages'

export default function NotFound({ message }: PageProps<'Errors/NotFound'>) {
  return (
    <Layout>
      <Head title="Not found" />
      <h1>Not found</h1>
      <p data-testid="not-found">{message}</p>
      <p><Link href="/tasks">Back to the tasks</Link></p>
    </Layout>
  )
}
