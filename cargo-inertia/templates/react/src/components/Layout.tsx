import { Link, usePage } from '@inertiajs/react'
import { contacts, dashboard } from '../routes'
@@if ts@@
import type { ReactNode } from 'react'
@@end@@

export default function Layout({ children }@@if ts@@: { children: ReactNode }@@end@@) {
  const { props, flash } = usePage()
  return (
    <div className="shell">
      <header>
        <Link href={dashboard()} className="brand">
          {props.appName}
        </Link>
        <nav>
          <Link href={dashboard()}>Dashboard</Link>
          <Link href={contacts.index()}>Contacts</Link>
          <Link href={contacts.create()}>New contact</Link>
        </nav>
        <span data-testid="user">{props.auth.user?.name}</span>
      </header>
      {flash.success && (
        <p className="flash" role="status" data-testid="flash">
          {flash.success}
        </p>
      )}
      {flash.error && (
        <p className="flash error" role="alert" data-testid="flash-error">
          {flash.error}
        </p>
      )}
      <main>{children}</main>
    </div>
  )
}
