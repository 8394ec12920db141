import { router, usePage } from '@inertiajs/react'
import { useEffect, useState } from 'react'
import { applyAppearance, appearances } from '../appearance'
import { appearance as routes } from '../routes'

// Light, dark or the system's theme: a group of radio buttons (the arrow keys move between
// them), in force at once and saved: with the user when one is signed in, in a cookie for a
// guest.
export default function AppearanceSwitch() {
  const saved = usePage().props.appearance
  // The choice shows at once, before the server has it (and follows it after each visit).
  const [choice, setChoice] = useState@@if ts@@<string>@@end@@(saved)
  useEffect(() => setChoice(saved), [saved])
@@if ts@@
  function choose(value: string) {
@@else@@
  function choose(value) {
@@end@@
    setChoice(value)
    applyAppearance(value)
    router.visit(routes.update(), { data: { appearance: value }, preserveScroll: true, preserveState: true })
  }
  return (
    <fieldset className="segmented">
      <legend>Appearance</legend>
      {appearances.map(({ value, label }) => (
        <label key={value}>
          <input type="radio" name="appearance" value={value} checked={choice === value} onChange={() => choose(value)} />
          {label}
        </label>
      ))}
    </fieldset>
  )
}
