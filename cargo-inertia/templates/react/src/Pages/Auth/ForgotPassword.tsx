import { Head, Link, useForm } from '@inertiajs/react'
@@if ts@@
import type { FormEvent } from 'react'
@@end@@
import Button from '../../components/Button'
import Field from '../../components/Field'
import Layout from '../../components/Layout'
import { login, password } from '../../routes'
@@if ts@@
import type { ForgotForm } from '../../types/pages'
@@end@@

export default function ForgotPassword() {
@@if ts@@
  const form = useForm<ForgotForm>({ email: '' })
@@else@@
  const form = useForm({ email: '' })
@@end@@

  function submit(event@@if ts@@: FormEvent@@end@@) {
    event.preventDefault()
    form.submit(password.email())
  }

  return (
    <Layout>
      <Head title="Forgot password" />
      <h1>Forgot your password?</h1>
      <p className="muted">Give the address of your account, and we will mail you a link to choose a new password.</p>
      <form onSubmit={submit} noValidate>
        <Field label="Email" name="email" type="email" autoComplete="username" value={form.data.email} onChange={(v) => form.setData('email', v)} error={form.errors.email} />
        <Button type="submit" disabled={form.processing}>
          Email the reset link
        </Button>
      </form>
      <p className="muted">
        <Link href={login.create()}>Back to log in</Link>
      </p>
    </Layout>
  )
}
