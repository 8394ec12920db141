import { router, usePage } from '@inertiajs/react'
import { useEffect, useState } from 'react'

// The flash messages of the last visit, as toasts in the corner: read out by screen readers
// (success politely, errors at once), each closed with its button. They stay until closed or
// until the next visit, since a message that vanishes on a timer may go unread.
export default function Toasts() {
  const { flash } = usePage()
  // The flash closed (each visit brings a new one).
  const [closed, setClosed] = useState@@if ts@@<object | null>@@end@@(null)
  const open = closed !== flash
  // A request the server failed (a 500 that is not a page, e.g. a form's POST): a toast
  // instead of the client's modal with the server's text.
  const [failed, setFailed] = useState(false)
  useEffect(
    () =>
      router.on('httpException', (event) => {
        if (event.detail.response.status < 500) return
        event.preventDefault()
        setFailed(true)
      }),
    [],
  )
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
      {failed && (
        <div className="toast error" role="alert">
          <p data-testid="server-failure">Something went wrong on our side. Please try again in a moment.</p>
          <button type="button" aria-label="Close" onClick={() => setFailed(false)}>
            ×
          </button>
        </div>
      )}
    </div>
  )
}
