import type { ComponentType } from 'react'

// Every page component, found at build time and loaded when first shown: each page is its own
// chunk, so a visit loads only the pages it needs (the client build), and a rolling deploy has
// lazily loaded files to strand, which the build history (vite-plugin-inertia-axum) keeps
// available. The SSR bundles inline them.
const pages = import.meta.glob<{ default: ComponentType }>('./Pages/**/*.tsx')

export async function resolvePage(name: string) {
  const load = pages[`./Pages/${name}.tsx`]
  if (!load) throw new Error(`Unknown page component: ${name}`)
  return (await load()).default
}

export const title = (title: string) => (title ? `${title} · Inertia on axum` : 'Inertia on axum')
