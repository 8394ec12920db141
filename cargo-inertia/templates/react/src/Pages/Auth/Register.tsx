import { Head, Link, useForm } from '@inertiajs/react'
@@if ts@@
import type { FormEvent } from 'react'
@@end@@
import Button from '../../components/Button'
import Field from '../../components/Field'
import Layout from '../../components/Layout'
import { login, register } from '../../routes'
@@if ts@@
import type { RegisterForm } from '../../types/pages'
@@end@@

export default function Register() {
@@if ts@@
  const form = useForm<RegisterForm>({ name: '', email: '', password: '', password_confirmation: '' })
@@else@@
  const form = useForm({ name: '', email: '', password: '', password_confirmation: '' })
@@end@@

  function submit(event@@if ts@@: FormEvent@@end@@) {
    event.preventDefault()
    form.submit(register.store(), { onFinish: () => form.reset('password', 'password_confirmation') })
  }

  return (
    <Layout>
      <Head title="Register" />
      <h1>Create an account</h1>
      <form onSubmit={submit} noValidate>
        <Field label="Name" name="name" autoComplete="name" value={form.data.name} onChange={(v) => form.setData('name', v)} error={form.errors.name} />
        <Field label="Email" name="email" type="email" autoComplete="username" value={form.data.email} onChange={(v) => form.setData('email', v)} error={form.errors.email} />
        <Field label="Password" name="password" type="password" autoComplete="new-password" value={form.data.password} onChange={(v) => form.setData('password', v)} error={form.errors.password} />
        <Field label="Confirm password" name="password_confirmation" type="password" autoComplete="new-password" value={form.data.password_confirmation} onChange={(v) => form.setData('password_confirmation', v)} />
        <Button type="submit" disabled={form.processing}>
          Register
        </Button>
      </form>
      <p className="muted">
        Already registered? <Link href={login.create()}>Log in</Link>
      </p>
    </Layout>
  )
}
