import { Link, usePage } from '@inertiajs/react'
import { contacts, dashboard, login, logout, profile, register } from '../routes'
@@if ts@@
import type { ReactNode } from 'react'
@@end@@

export default function Layout({ children }@@if ts@@: { children: ReactNode }@@end@@) {
  const { props, flash, url } = usePage()
  const user = props.auth.user
  // `aria-current="page"` marks the link to the page shown (Settings: any of its pages).
  const path = url.split('?')[0]
  const current = (target@@if ts@@: { url: string }@@end@@, here = path === target.url) => (here ? 'page' : undefined)
  return (
    <div className="shell">
      <header>
        <Link href={dashboard()} className="brand">
          {props.appName}
        </Link>
        {user ? (
          <>
            <nav>
              <Link href={dashboard()} aria-current={current(dashboard())}>Dashboard</Link>
              <Link href={contacts.index()} aria-current={current(contacts.index())}>Contacts</Link>
              <Link href={contacts.create()} aria-current={current(contacts.create())}>New contact</Link>
              <Link href={profile.edit()} aria-current={current(profile.edit(), path.startsWith('/settings/'))}>
                Settings
              </Link>
            </nav>
            <span data-testid="user">{user.name}</span>
            <Link href={logout()} as="button" className="link" data-testid="logout">
              Log out
            </Link>
          </>
        ) : (
          <nav>
            <Link href={login.create()} aria-current={current(login.create())}>Log in</Link>
            <Link href={register.create()} aria-current={current(register.create())}>Register</Link>
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
