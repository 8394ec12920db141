@@if ts@@
import type { ComponentType } from 'react'

@@end@@
// Every page component, found at build time: "Contacts/Index" is ./Pages/Contacts/Index.@@page_ext@@.
@@if ts@@
const pages = import.meta.glob<{ default: ComponentType }>('./Pages/**/*.@@page_ext@@', { eager: true })
@@else@@
const pages = import.meta.glob('./Pages/**/*.@@page_ext@@', { eager: true })
@@end@@

export function resolvePage(name@@if ts@@: string@@end@@) {
  const page = pages[`./Pages/${name}.@@page_ext@@`]
  if (!page) throw new Error(`Unknown page component: ${name}`)
  return page
}

export const title = (title@@if ts@@: string@@end@@) => (title ? `${title} · @@title@@` : '@@title@@')
