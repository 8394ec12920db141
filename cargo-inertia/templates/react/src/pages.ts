@@if ts@@
import type { ComponentType } from 'react'

@@end@@
// Every page component, found at build time and loaded when first shown (each page is its own
// chunk): "Contacts/Index" is ./Pages/Contacts/Index.@@page_ext@@. The build history keeps
// earlier builds' chunks on the server, so a tab opened before a deploy still finds them.
@@if ts@@
const pages = import.meta.glob<{ default: ComponentType }>('./Pages/**/*.@@page_ext@@')
@@else@@
const pages = import.meta.glob('./Pages/**/*.@@page_ext@@')
@@end@@

export async function resolvePage(name@@if ts@@: string@@end@@) {
  const load = pages[`./Pages/${name}.@@page_ext@@`]
  if (!load) throw new Error(`Unknown page component: ${name}`)
  return (await load()).default
}

export const title = (title@@if ts@@: string@@end@@) => (title ? `${title} · @@title@@` : '@@title@@')
