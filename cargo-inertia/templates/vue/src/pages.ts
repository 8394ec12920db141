@@if ts@@
import type { DefineComponent } from 'vue'

@@end@@
// Every page component, found at build time: "Contacts/Index" is ./Pages/Contacts/Index.vue.
@@if ts@@
const pages = import.meta.glob<DefineComponent>('./Pages/**/*.vue', { eager: true })
@@else@@
const pages = import.meta.glob('./Pages/**/*.vue', { eager: true })
@@end@@

export function resolvePage(name@@if ts@@: string@@end@@) {
  const page = pages[`./Pages/${name}.vue`]
  if (!page) throw new Error(`Unknown page component: ${name}`)
  return page
}

export const title = (title@@if ts@@: string@@end@@) => (title ? `${title} · @@title@@` : '@@title@@')
