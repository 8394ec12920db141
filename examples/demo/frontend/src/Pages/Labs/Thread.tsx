import { Head } from '@inertiajs/react'
import type { ReactNode } from 'react'
import Layout from '../../components/Layout'
import type { PageProps } from '../../types/pages'

// Markup nested as deep as the address asks (`/labs/thread?depth=600&shape=quotes`), as reply
// threads, quoted mail and category trees nest as deep as their users make them. A render
// too deep for the server's engine throws there, and the page is rendered in the browser
// instead; the server keeps serving (docs/reliability.md has the tests).

// A reply renders its own reply: one component call per level.
function Reply({ level, depth }: { level: number; depth: number }) {
  return (
    <div className="reply">
      <p>Reply {level}</p>
      {level < depth && <Reply level={level + 1} depth={depth} />}
    </div>
  )
}

// Quotes nested in a loop: no component recursion, only elements inside elements.
function quotes(depth: number): ReactNode {
  let node: ReactNode = <p>The first message</p>
  for (let level = depth; level > 0; level--) {
    node = <blockquote>{node}</blockquote>
  }
  return node
}

export default function Thread({ depth, shape }: PageProps<'Labs/Thread'>) {
  return (
    <Layout>
      <Head title="Thread" />
      <h1 data-testid="thread">
        {depth} levels of {shape}
      </h1>
      {shape === 'quotes' ? quotes(depth) : <Reply level={1} depth={depth} />}
    </Layout>
  )
}
