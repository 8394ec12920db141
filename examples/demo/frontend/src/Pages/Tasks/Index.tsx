import { Head, InfiniteScroll, Link, router } from '@inertiajs/react'
import Layout from '../../components/Layout'
import type { PageProps, Status } from '../../types/pages'

const statuses: Status[] = ['todo', 'doing', 'done']

export default function Index({ tasks, filters, counts, servedAt }: PageProps<'Tasks/Index'>) {
  return (
    <Layout>
      <Head title="Tasks" />
      <h1>Tasks <small className="muted">({tasks.total})</small></h1>
      <div className="toolbar">
        <Link href="/tasks" className={filters.status ? '' : 'active'}>All</Link>
        {statuses.map((s) => (
          <Link key={s} href={`/tasks?status=${s}`} className={filters.status === s ? 'active' : ''}>
            {s}
          </Link>
        ))}
        <span className="spacer" />
        <span className="counts" data-testid="counts">
          {counts.counts.todo} to do · {counts.counts.doing} doing · {counts.counts.done} done
          <small className="muted"> (at <time data-testid="counts-at">{counts.generatedAt}</time>)</small>
        </span>
        <button type="button" data-testid="refresh-counts" onClick={() => router.reload({ only: ['counts'] })}>
          Refresh counts
        </button>
      </div>
      <p className="muted">List rendered at <time data-testid="list-served-at">{servedAt}</time>.</p>
      <InfiniteScroll data="tasks" itemsElement="#task-list" loading={<p className="muted">Loading more…</p>}>
        <ul id="task-list" className="tasks">
          {tasks.data.map((task) => (
            <li key={task.id} data-testid="task">
              <Link href={`/tasks/${task.id}`}>{task.title}</Link>
              <span className={`badge ${task.status}`}>{task.status}</span>
              <span className="muted">{task.assignee}</span>
            </li>
          ))}
        </ul>
      </InfiniteScroll>
    </Layout>
  )
}
