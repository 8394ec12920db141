import { Link, usePage } from '@inertiajs/react'
import type { ReactNode } from 'react'

const build = import.meta.env.VITE_BUILD_LABEL ?? 'A'

export default function Layout({ children }: { children: ReactNode }) {
  const page = usePage()
  const { appName, auth } = page.props
  const flash = page.flash
  return (
    <div className="shell">
      <header>
        <Link href="/" className="brand">{appName}</Link>
        <nav>
          <Link href="/">Dashboard</Link>
          <Link href="/tasks">Tasks</Link>
          <Link href="/tasks/new">New task</Link>
          <Link href="/about">About</Link>
          <Link href="/docs">Inertia docs ↗</Link>
        </nav>
        <span className="user" data-testid="user">{auth.user?.name}</span>
      </header>
      {flash.success && (
        <p className="flash" role="status" data-testid="flash">{flash.success}</p>
      )}
      {flash.error && (
        <p className="flash error-flash" role="alert" data-testid="flash-error">{flash.error}</p>
      )}
      <main>{children}</main>
      <footer>
        Frontend build <strong data-testid="build">{build}</strong> · asset version{' '}
        <code data-testid="page-version">{page.version}</code>
      </footer>
    </div>
  )
}
