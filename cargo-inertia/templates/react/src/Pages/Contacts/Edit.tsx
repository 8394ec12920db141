import { Head, useForm } from '@inertiajs/react'
@@if ts@@
import type { FormEvent } from 'react'
@@end@@
import Button from '../../components/Button'
import Field from '../../components/Field'
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
        <Field label="Name" name="name" value={form.data.name} onChange={(v) => form.setData('name', v)} error={form.errors.name} />
        <Field label="Email" name="email" type="email" value={form.data.email} onChange={(v) => form.setData('email', v)} error={form.errors.email} />
        <Button type="submit" disabled={form.processing}>
          Save contact
        </Button>
      </form>
    </Layout>
  )
}
