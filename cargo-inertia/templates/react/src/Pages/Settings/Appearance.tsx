import { Head } from '@inertiajs/react'
import AppearanceSwitch from '../../components/AppearanceSwitch'
import Layout from '../../components/Layout'
import SettingsNav from '../../components/SettingsNav'

export default function Appearance() {
  return (
    <Layout>
      <Head title="Appearance" />
      <h1>Settings</h1>
      <SettingsNav />
      <h2>Appearance</h2>
      <p className="muted">Light, dark, or whatever your system uses. Saved with your account, so it follows you to other browsers.</p>
      <AppearanceSwitch />
    </Layout>
  )
}
