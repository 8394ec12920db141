import { Head, useForm } from '@inertiajs/react'
@@if ts@@
import type { FormEvent } from 'react'
@@end@@
import Layout from '../../components/Layout'
import { contacts } from '../../routes'
@@if ts@@
import type { ContactForm, PageProps } from '../../types/pages'
@@end@@

export default function Edit({ contact }@@if ts@@: PageProps<'Contacts/Edit'>@@end@@) {
@@if ts@@
  const form = useForm<ContactForm>({ name: contact.name, email: contact.email })
@@else@@
  const form = useForm({ name: contact.name, email: contact.email })
@@end@@

  function submit(event@@if ts@@: FormEvent@@end@@) {
    event.preventDefault()
    form.submit(contacts.update({ contact: contact.id }))
  }

  return (
    <Layout>
      <Head title={`Edit ${contact.name}`} />
      <h1>Edit contact</h1>
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
          Save contact
        </button>
      </form>
    </Layout>
  )
}
