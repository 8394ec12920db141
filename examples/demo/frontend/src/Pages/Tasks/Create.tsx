import { Head, useForm } from '@inertiajs/react'
import type { FormEvent } from 'react'
import Layout from '../../components/Layout'
import type { NewTask } from '../../types/pages'

export default function Create() {
  // `NewTask` is the Rust form type; with a method and URL the form is precognitive:
  // `validate('title')` asks the server's rules about one field (Precognition) without
  // creating anything, and `submit()` posts to the same endpoint.
  const form = useForm<NewTask>('post', '/tasks', { title: '', description: '', due: '' })

  function submit(event: FormEvent) {
    event.preventDefault()
    form.submit()
  }

  return (
    <Layout>
      <Head title="New task" />
      <h1>New task</h1>
      <form onSubmit={submit} className="form" noValidate>
        <label>
          Title
          <input
            name="title"
            value={form.data.title}
            onChange={(e) => form.setData('title', e.target.value)}
            onBlur={() => form.validate('title')}
          />
        </label>
        {form.errors.title && <p className="error" data-testid="error-title">{form.errors.title}</p>}
        {form.valid('title') && <p className="valid" data-testid="valid-title">Looks good.</p>}
        <label>
          Description
          <textarea name="description" value={form.data.description} onChange={(e) => form.setData('description', e.target.value)} />
        </label>
        <label>
          Due (YYYY-MM-DD)
          <input
            name="due"
            value={form.data.due}
            onChange={(e) => form.setData('due', e.target.value)}
            onBlur={() => form.validate('due')}
          />
        </label>
        {form.errors.due && <p className="error" data-testid="error-due">{form.errors.due}</p>}
        <button type="submit" disabled={form.processing}>Create task</button>
        {form.validating && <span className="muted" data-testid="validating">Checking…</span>}
      </form>
    </Layout>
  )
}
