import { Head, Link } from '@inertiajs/react'
import Layout from '../../components/Layout'
import type { PageProps } from '../../types/pages'

export default function Show({ task }: PageProps<'Tasks/Show'>) {
  return (
    <Layout>
      <Head title={task.title} />
      <p><Link href="/tasks">← All tasks</Link></p>
      <h1 data-testid="task-title">{task.title}</h1>
      <dl className="details">
        <dt>Status</dt><dd><span className={`badge ${task.status}`}>{task.status}</span></dd>
        <dt>Assignee</dt><dd>{task.assignee}</dd>
        <dt>Due</dt><dd>{task.due ?? '—'}</dd>
        {task.attachment && (
          <>
            <dt>Attachment</dt>
            <dd data-testid="attachment">{task.attachment.name} ({task.attachment.size} bytes)</dd>
          </>
        )}
      </dl>
      <p>{task.description}</p>
    </Layout>
  )
}
