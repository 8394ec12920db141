import { Link, usePage } from '@inertiajs/react'
import { appearance, password, profile } from '../routes'

export default function SettingsNav() {
  // The section shown is marked for assistive technology (and styled by it).
  const path = usePage().url.split('?')[0]
  return (
    <nav className="tabs" aria-label="Settings">
      <Link href={profile.edit()} aria-current={path === profile.edit().url ? 'page' : undefined}>
        Profile
      </Link>
      <Link href={password.edit()} aria-current={path === password.edit().url ? 'page' : undefined}>
        Password
      </Link>
      <Link href={appearance.edit()} aria-current={path === appearance.edit().url ? 'page' : undefined}>
        Appearance
      </Link>
    </nav>
  )
}
