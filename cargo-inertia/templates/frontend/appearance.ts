// The theme (light, dark, or the system's) is the class of <html>: the server writes it on
// every first visit, from the user's setting or the `appearance` cookie, so the page never
// shows the other theme for a moment. Inertia's visits do not replace <html>, so after each
// one the class follows the page's shared `appearance` prop (a change in the settings, a
// login as someone who chose otherwise).
export function applyAppearance(appearance@@if ts@@: unknown@@end@@) {
  const root = document.documentElement
  root.classList.toggle('dark', appearance === 'dark')
  root.classList.toggle('light', appearance === 'light')
}

// The choices, in the order the switch shows them.
export const appearances = [
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
  { value: 'system', label: 'System' },
]
