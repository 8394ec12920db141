import { Head, useForm } from '@inertiajs/react'
@@if ts@@
import type { FormEvent } from 'react'
@@end@@
import Button from '../../components/Button'
import Field from '../../components/Field'
import Layout from '../../components/Layout'
import SettingsNav from '../../components/SettingsNav'
import { password } from '../../routes'
@@if ts@@
import type { PasswordForm } from '../../types/pages'
@@end@@

export default function Password() {
@@if ts@@
  const form = useForm<PasswordForm>({ current_password: '', password: '', password_confirmation: '' })
@@else@@
  const form = useForm({ current_password: '', password: '', password_confirmation: '' })
@@end@@

  function submit(event@@if ts@@: FormEvent@@end@@) {
    event.preventDefault()
    form.submit(password.update(), { preserveScroll: true, onFinish: () => form.reset() })
  }

  return (
    <Layout>
      <Head title="Password" />
      <h1>Settings</h1>
      <SettingsNav />
      <h2>Password</h2>
      <form onSubmit={submit} noValidate>
        <Field label="Current password" name="current_password" type="password" autoComplete="current-password" value={form.data.current_password} onChange={(v) => form.setData('current_password', v)} error={form.errors.current_password} />
        <Field label="New password" name="password" type="password" autoComplete="new-password" value={form.data.password} onChange={(v) => form.setData('password', v)} error={form.errors.password} />
        <Field label="Confirm password" name="password_confirmation" type="password" autoComplete="new-password" value={form.data.password_confirmation} onChange={(v) => form.setData('password_confirmation', v)} />
        <Button type="submit" disabled={form.processing}>
          Save password
        </Button>
      </form>
    </Layout>
  )
}
