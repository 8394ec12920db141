import { Head } from '@inertiajs/react'
import Layout from '../components/Layout'

type Props = { greeting: string; servedAt: string }

export default function Home({ greeting, servedAt }: Props) {
  return (
    <Layout>
      <Head title="Home" />
      <h1 data-testid="greeting">{greeting}</h1>
      <p>
        Rendered by React from props an axum handler returned at <time>{servedAt}</time>.
      </p>
    </Layout>
  )
}
