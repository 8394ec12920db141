import { Deferred, Head, Link } from '@inertiajs/react'
import Layout from '../components/Layout'
import type { PageProps } from '../types/pages'

// The props are typed from the Rust handler (`DashboardProps`): `stats` and `tip` are
// deferred, so they are optional until the client has loaded them.
export default function Dashboard({ greeting, servedAt, stats, tip }: PageProps<'Dashboard'>) {
  return (
    <Layout>
      <Head title="Dashboard" />
      <h1 data-testid="greeting">{greeting}</h1>
      <p className="muted">Page rendered at <time data-testid="served-at">{servedAt}</time>.</p>
      <section className="cards">
        <Deferred data="stats" fallback={<p className="card loading" data-testid="stats-loading">Loading numbers…</p>}>
          {stats && (
            <>
              <div className="card" data-testid="stat-open"><span>{stats.open}</span>open tasks</div>
              <div className="card"><span>{stats.counts.doing}</span>in progress</div>
              <div className="card"><span>{stats.counts.done}</span>done</div>
            </>
          )}
        </Deferred>
      </section>
      <Deferred data="tip" fallback={<span />}>
        <p className="tip" data-testid="tip">Tip: {tip}</p>
      </Deferred>
      <p><Link href="/tasks">See all tasks →</Link></p>
    </Layout>
  )
}
