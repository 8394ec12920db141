import type { ComponentType } from 'react'

// Every page component, found at build time; `resolve` maps "Tasks/Index" to its module.
const pages = import.meta.glob<{ default: ComponentType }>('./Pages/**/*.tsx', { eager: true })

export function resolvePage(name: string) {
  const page = pages[`./Pages/${name}.tsx`]
  if (!page) throw new Error(`Unknown page component: ${name}`)
  return page
}

export const title = (title: string) => (title ? `${title} · Inertia on axum` : 'Inertia on axum')
