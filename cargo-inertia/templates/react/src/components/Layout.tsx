import { Link, usePage } from '@inertiajs/react'
import { useState } from 'react'
import { contacts, dashboard, login, logout, profile, register } from '../routes'
import AppearanceSwitch from './AppearanceSwitch'
import Button from './Button'
import Toasts from './Toasts'
@@if ts@@
import type { ReactNode } from 'react'
@@end@@

// Signed in: a sidebar with the navigation and the user (on a phone, a menu button opens it).
// Guests: the account screens, centred, with the theme switch.
export default function Layout({ children }@@if ts@@: { children: ReactNode }@@end@@) {
  const { props, url } = usePage()
  const user = props.auth.user
  // The phone's menu is open for the URL it was opened at: a visit closes it.
  const [menuAt, setMenuAt] = useState@@if ts@@<string | null>@@end@@(null)
  const menuOpen = menuAt === url
  // `aria-current="page"` marks the link to the page shown (Settings: any of its pages).
  const path = url.split('?')[0]
  const current = (target@@if ts@@: { url: string }@@end@@, here = path === target.url) => (here ? 'page' : undefined)

  if (!user) {
    return (
      <div className="auth">
        <header>
          <Link href={dashboard()} className="brand">
            {props.appName}
          </Link>
          <nav aria-label="Account">
            <Link href={login.create()} aria-current={current(login.create())}>Log in</Link>
            <Link href={register.create()} aria-current={current(register.create())}>Register</Link>
          </nav>
        </header>
        <main className="card">{children}</main>
        <footer>
          <AppearanceSwitch />
        </footer>
        <Toasts />
      </div>
    )
  }
  return (
    <div className="app">
      <aside className="sidebar">
        <div className="topbar">
          <Link href={dashboard()} className="brand">
            {props.appName}
          </Link>
          <Button type="button" variant="secondary" className="md:hidden" aria-expanded={menuOpen} aria-controls="app-menu" onClick={() => setMenuAt(menuOpen ? null : url)}>
            Menu
          </Button>
        </div>
        <div id="app-menu" className="menu" data-open={menuOpen}>
          <nav aria-label="Main">
            <Link href={dashboard()} aria-current={current(dashboard())}>Dashboard</Link>
            <Link href={contacts.index()} aria-current={current(contacts.index())}>Contacts</Link>
            <Link href={contacts.create()} aria-current={current(contacts.create())}>New contact</Link>
            <Link href={profile.edit()} aria-current={current(profile.edit(), path.startsWith('/settings/'))}>
              Settings
            </Link>
          </nav>
          {/* The user's menu: a disclosure (the browser's <details>), so it opens with a
              click, Enter or Space, even before the page's scripts run. */}
          <details className="user-menu">
            <summary>
              <span data-testid="user">{user.name}</span>
            </summary>
            <div>
              <span className="muted">{user.email}</span>
              <Link href={profile.edit()}>Settings</Link>
              <Link href={logout()} as="button" className="cursor-pointer text-left text-link underline" data-testid="logout">
                Log out
              </Link>
            </div>
          </details>
        </div>
      </aside>
      <main>{children}</main>
      <Toasts />
    </div>
  )
}
