import { Link } from '@inertiajs/react'
import { password, profile } from '../routes'

export default function SettingsNav() {
  return (
    <nav className="tabs" aria-label="Settings">
      <Link href={profile.edit()}>Profile</Link>
      <Link href={password.edit()}>Password</Link>
    </nav>
  )
}
