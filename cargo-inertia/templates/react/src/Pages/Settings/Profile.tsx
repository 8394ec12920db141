import { Head, useForm } from '@inertiajs/react'
@@if ts@@
import type { FormEvent } from 'react'
@@end@@
import Button from '../../components/Button'
import Field from '../../components/Field'
import Layout from '../../components/Layout'
import SettingsNav from '../../components/SettingsNav'
import { profile } from '../../routes'
@@if ts@@
import type { DeleteAccountForm, PageProps, ProfileForm } from '../../types/pages'
@@end@@

export default function Profile({ user }@@if ts@@: PageProps<'Settings/Profile'>@@end@@) {
@@if ts@@
  const form = useForm<ProfileForm>({ name: user.name, email: user.email })
  const deletion = useForm<DeleteAccountForm>({ password: '' })
@@else@@
  const form = useForm({ name: user.name, email: user.email })
  const deletion = useForm({ password: '' })
@@end@@

  function save(event@@if ts@@: FormEvent@@end@@) {
    event.preventDefault()
    form.submit(profile.update(), { preserveScroll: true })
  }

  function destroy(event@@if ts@@: FormEvent@@end@@) {
    event.preventDefault()
    deletion.submit(profile.destroy(), { preserveScroll: true, onFinish: () => deletion.reset() })
  }

  return (
    <Layout>
      <Head title="Profile" />
      <h1>Settings</h1>
      <SettingsNav />
      <h2>Profile</h2>
      <form onSubmit={save} noValidate>
        <Field label="Name" name="name" autoComplete="name" value={form.data.name} onChange={(v) => form.setData('name', v)} error={form.errors.name} />
        <Field label="Email" name="email" type="email" autoComplete="username" value={form.data.email} onChange={(v) => form.setData('email', v)} error={form.errors.email} />
        <Button type="submit" disabled={form.processing}>
          Save
        </Button>
      </form>
      <h2>Delete the account</h2>
      <p className="muted">Your account and its contacts are deleted for good. Type your password to confirm.</p>
      <form onSubmit={destroy} noValidate>
        <Field label="Password" name="delete_password" type="password" autoComplete="current-password" value={deletion.data.password} onChange={(v) => deletion.setData('password', v)} error={deletion.errors.password} />
        <Button type="submit" variant="danger" disabled={deletion.processing}>
          Delete account
        </Button>
      </form>
    </Layout>
  )
}
