import { Link } from '@inertiajs/react'
import type { ReactNode } from 'react'

export default function Layout({ children }: { children: ReactNode }) {
  return (
    <div className="shell">
      <header>
        <strong>Inertia on axum</strong>
        <nav>
          <Link href="/">Home</Link>
          <Link href="/about">About</Link>
        </nav>
      </header>
      <main>{children}</main>
    </div>
  )
}
