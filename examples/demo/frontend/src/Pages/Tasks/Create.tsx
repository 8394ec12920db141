import { Head, useForm } from '@inertiajs/react'
import type { FormEvent } from 'react'
import Layout from '../../components/Layout'

export default function Create() {
  const form = useForm({ title: '', description: '', due: '' })

  function submit(event: FormEvent) {
    event.preventDefault()
    form.post('/tasks')
  }

  return (
    <Layout>
      <Head title="New task" />
      <h1>New task</h1>
      <form onSubmit={submit} className="form" noValidate>
        <label>
          Title
          <input name="title" value={form.data.title} onChange={(e) => form.setData('title', e.target.value)} />
        </label>
        {form.errors.title && <p className="error" data-testid="error-title">{form.errors.title}</p>}
        <label>
          Description
          <textarea name="description" value={form.data.description} onChange={(e) => form.setData('description', e.target.value)} />
        </label>
        <label>
          Due (YYYY-MM-DD)
          <input name="due" value={form.data.due} onChange={(e) => form.setData('due', e.target.value)} />
        </label>
        {form.errors.due && <p className="error" data-testid="error-due">{form.errors.due}</p>}
        <button type="submit" disabled={form.processing}>Create task</button>
      </form>
    </Layout>
  )
}
