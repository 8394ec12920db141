@@if ts@@
import type { ResolvedComponent } from '@inertiajs/svelte'

@@end@@
// Every page component, found at build time and loaded when first shown (each page is its own
// chunk): "Contacts/Index" is ./Pages/Contacts/Index.svelte. The build history keeps earlier
// builds' chunks on the server, so a tab opened before a deploy still finds them.
@@if ts@@
const pages = import.meta.glob<ResolvedComponent>('./Pages/**/*.svelte')
@@else@@
const pages = import.meta.glob('./Pages/**/*.svelte')
@@end@@

export async function resolvePage(name@@if ts@@: string@@end@@) {
  const load = pages[`./Pages/${name}.svelte`]
  if (!load) throw new Error(`Unknown page component: ${name}`)
  return load()
}

export const title = (title@@if ts@@: string@@end@@) => (title ? `${title} · @@title@@` : '@@title@@')
