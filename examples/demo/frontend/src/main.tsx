import { createInertiaApp } from '@inertiajs/react'
import { createRoot } from 'react-dom/client'
import type { ComponentType } from 'react'
import './app.css'

const pages = import.meta.glob<{ default: ComponentType }>('./Pages/**/*.tsx', { eager: true })

createInertiaApp({
  title: (title) => (title ? `${title} · Inertia on axum` : 'Inertia on axum'),
  resolve: (name) => {
    const page = pages[`./Pages/${name}.tsx`]
    if (!page) throw new Error(`Unknown page component: ${name}`)
    return page
  },
  setup({ el, App, props }) {
    createRoot(el).render(<App {...props} />)
  },
  progress: { color: '#4f46e5' },
})
