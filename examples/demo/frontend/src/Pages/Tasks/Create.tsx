import { Head, useForm } from '@inertiajs/react'
import type { FormEvent } from 'react'
import Layout from '../../components/Layout'
import type { NewTask, PageProps } from '../../types/pages'

export default function Create({ old }: PageProps<'Tasks/Create'>) {
  // `NewTask` is the Rust form type; with a method and URL the form is precognitive:
  // `validate('title')` asks the server's rules about one field (Precognition) without
  // creating anything, and `submit()` posts to the same endpoint.
  // Choosing a file makes the client send the form as multipart/form-data; the server reads
  // it into the same `NewTask` (the file as an `UploadedFile`).
  // `old` is what the form held when it last failed (the server's `OldInput`): it fills the
  // fields when the page is loaded in full, e.g. after the failed post was answered by
  // another server. On an ordinary visit `useForm` keeps what was typed anyway.
  const form = useForm<NewTask>('post', '/tasks', {
    title: old.title ?? '',
    description: old.description ?? '',
    due: old.due ?? '',
    attachment: null,
  })

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
        {/* A slot of fixed height: the answer to the check on leaving the field must not
            move the button below while the user is clicking it (a click whose press and
            release land on different elements is lost). */}
        <div className="field-message">
          {form.errors.title && <p className="error" data-testid="error-title">{form.errors.title}</p>}
          {form.valid('title') && <p className="valid" data-testid="valid-title">Looks good.</p>}
        </div>
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
        <div className="field-message">
          {form.errors.due && <p className="error" data-testid="error-due">{form.errors.due}</p>}
        </div>
        <label>
          Attachment (optional, up to 1 MB)
          <input
            type="file"
            name="attachment"
            onChange={(e) => form.setData('attachment', e.target.files?.[0] ?? null)}
          />
        </label>
        {form.errors.attachment && <p className="error" data-testid="error-attachment">{form.errors.attachment}</p>}
        {form.progress && <progress value={form.progress.percentage} max="100" data-testid="progress" />}
        <button type="submit" disabled={form.processing}>Create task</button>
        {form.validating && <span className="muted" data-testid="validating">Checking…</span>}
      </form>
    </Layout>
  )
}
