import { usePage } from '@inertiajs/react'
import { useState } from 'react'

// The flash messages of the last visit, as toasts in the corner: read out by screen readers
// (success politely, errors at once), each closed with its button. They stay until closed or
// until the next visit, since a message that vanishes on a timer may go unread.
export default function Toasts() {
  const { flash } = usePage()
  // The flash closed (each visit brings a new one).
  const [closed, setClosed] = useState@@if ts@@<object | null>@@end@@(null)
  const open = closed !== flash
  return (
    <div className="toasts">
      {open && flash.success && (
        <div className="toast" role="status">
          <p data-testid="flash">{flash.success}</p>
          <button type="button" aria-label="Close" onClick={() => setClosed(flash)}>
            ×
          </button>
        </div>
      )}
      {open && flash.error && (
        <div className="toast error" role="alert">
          <p data-testid="flash-error">{flash.error}</p>
          <button type="button" aria-label="Close" onClick={() => setClosed(flash)}>
            ×
          </button>
        </div>
      )}
    </div>
  )
}
