import { Head, useForm } from '@inertiajs/react'
@@if ts@@
import type { FormEvent } from 'react'
@@end@@
import Button from '../../components/Button'
import Field from '../../components/Field'
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
        <Field label="Name" name="name" value={form.data.name} onChange={(v) => form.setData('name', v)} error={form.errors.name} />
        <Field label="Email" name="email" type="email" value={form.data.email} onChange={(v) => form.setData('email', v)} error={form.errors.email} />
        <Button type="submit" disabled={form.processing}>
          Add contact
        </Button>
      </form>
    </Layout>
  )
}
