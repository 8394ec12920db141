import { Head, Link, useForm } from '@inertiajs/react'
@@if ts@@
import type { FormEvent } from 'react'
@@end@@
import Button from '../../components/Button'
import Field from '../../components/Field'
import Layout from '../../components/Layout'
import { login, password, register } from '../../routes'
@@if ts@@
import type { LoginForm } from '../../types/pages'
@@end@@

export default function Login() {
@@if ts@@
  const form = useForm<LoginForm>({ email: '', password: '', remember: false })
@@else@@
  const form = useForm({ email: '', password: '', remember: false })
@@end@@

  function submit(event@@if ts@@: FormEvent@@end@@) {
    event.preventDefault()
    form.submit(login.store(), { onFinish: () => form.reset('password') })
  }

  return (
    <Layout>
      <Head title="Log in" />
      <h1>Log in</h1>
      <form onSubmit={submit} noValidate>
        <Field label="Email" name="email" type="email" autoComplete="username" value={form.data.email} onChange={(v) => form.setData('email', v)} error={form.errors.email} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" value={form.data.password} onChange={(v) => form.setData('password', v)} error={form.errors.password} />
        <label className="check">
          <input name="remember" type="checkbox" checked={form.data.remember} onChange={(e) => form.setData('remember', e.target.checked)} />
          Remember me
        </label>
        <Button type="submit" disabled={form.processing}>
          Log in
        </Button>
      </form>
      <p className="muted">
        <Link href={password.request()}>Forgot your password?</Link> · No account? <Link href={register.create()}>Register</Link>
      </p>
    </Layout>
  )
}
