import { Head, useForm } from '@inertiajs/react'
@@if ts@@
import type { FormEvent } from 'react'
@@end@@
import Layout from '../../components/Layout'
import { contacts } from '../../routes'
@@if ts@@
import type { ContactForm } from '../../types/pages'
@@end@@

export default function Create() {
@@if ts@@
  const form = useForm<ContactForm>({ name: '', email: '' })
@@else@@
  const form = useForm({ name: '', email: '' })
@@end@@

  function submit(event@@if ts@@: FormEvent@@end@@) {
    event.preventDefault()
    form.submit(contacts.store())
  }

  return (
    <Layout>
      <Head title="New contact" />
      <h1>New contact</h1>
      <form onSubmit={submit} noValidate>
        <label>
          Name
          <input name="name" value={form.data.name} onChange={(e) => form.setData('name', e.target.value)} />
        </label>
        {form.errors.name && <p className="error" data-testid="error-name">{form.errors.name}</p>}
        <label>
          Email
          <input name="email" type="email" value={form.data.email} onChange={(e) => form.setData('email', e.target.value)} />
        </label>
        {form.errors.email && <p className="error" data-testid="error-email">{form.errors.email}</p>}
        <button type="submit" disabled={form.processing}>
          Add contact
        </button>
      </form>
    </Layout>
  )
}
