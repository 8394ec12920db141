import { Link, usePage } from '@inertiajs/react'
import { contacts, dashboard, login, logout, profile, register } from '../routes'
@@if ts@@
import type { ReactNode } from 'react'
@@end@@

export default function Layout({ children }@@if ts@@: { children: ReactNode }@@end@@) {
  const { props, flash } = usePage()
  const user = props.auth.user
  return (
    <div className="shell">
      <header>
        <Link href={dashboard()} className="brand">
          {props.appName}
        </Link>
        {user ? (
          <>
            <nav>
              <Link href={dashboard()}>Dashboard</Link>
              <Link href={contacts.index()}>Contacts</Link>
              <Link href={contacts.create()}>New contact</Link>
              <Link href={profile.edit()}>Settings</Link>
            </nav>
            <span data-testid="user">{user.name}</span>
            <Link href={logout()} as="button" className="link" data-testid="logout">
              Log out
            </Link>
          </>
        ) : (
          <nav>
            <Link href={login.create()}>Log in</Link>
            <Link href={register.create()}>Register</Link>
          </nav>
        )}
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
