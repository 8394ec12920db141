import { Head, useForm } from '@inertiajs/react'
@@if ts@@
import type { FormEvent } from 'react'
@@end@@
import Button from '../../components/Button'
import Field from '../../components/Field'
import Layout from '../../components/Layout'
import { password } from '../../routes'
@@if ts@@
import type { PageProps, ResetForm } from '../../types/pages'
@@end@@

export default function ResetPassword({ token, email }@@if ts@@: PageProps<'Auth/ResetPassword'>@@end@@) {
@@if ts@@
  const form = useForm<ResetForm>({ token, email, password: '', password_confirmation: '' })
@@else@@
  const form = useForm({ token, email, password: '', password_confirmation: '' })
@@end@@

  function submit(event@@if ts@@: FormEvent@@end@@) {
    event.preventDefault()
    form.submit(password.store(), { onFinish: () => form.reset('password', 'password_confirmation') })
  }

  return (
    <Layout>
      <Head title="Reset password" />
      <h1>Choose a new password</h1>
      <form onSubmit={submit} noValidate>
        <Field label="Email" name="email" type="email" autoComplete="username" value={form.data.email} onChange={(v) => form.setData('email', v)} error={form.errors.email} />
        <Field label="New password" name="password" type="password" autoComplete="new-password" value={form.data.password} onChange={(v) => form.setData('password', v)} error={form.errors.password} />
        <Field label="Confirm password" name="password_confirmation" type="password" autoComplete="new-password" value={form.data.password_confirmation} onChange={(v) => form.setData('password_confirmation', v)} />
        <Button type="submit" disabled={form.processing}>
          Reset password
        </Button>
      </form>
    </Layout>
  )
}
