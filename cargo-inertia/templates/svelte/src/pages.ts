@@if ts@@
import type { ResolvedComponent } from '@inertiajs/svelte'

@@end@@
// Every page component, found at build time: "Contacts/Index" is ./Pages/Contacts/Index.svelte.
@@if ts@@
const pages = import.meta.glob<ResolvedComponent>('./Pages/**/*.svelte', { eager: true })
@@else@@
const pages = import.meta.glob('./Pages/**/*.svelte', { eager: true })
@@end@@

export function resolvePage(name@@if ts@@: string@@end@@) {
  const page = pages[`./Pages/${name}.svelte`]
  if (!page) throw new Error(`Unknown page component: ${name}`)
  return page
}

export const title = (title@@if ts@@: string@@end@@) => (title ? `${title} · @@title@@` : '@@title@@')
