// A question that needs an answer before something cannot be undone: the browser's modal
// <dialog>, so the focus moves into it (to Cancel, the safe answer) and back afterwards, the
// rest of the page is inert, and Escape cancels.
import { useEffect, useId, useRef } from 'react'
import Button from './Button'
@@if ts@@
import type { ReactNode } from 'react'

type Props = {
  open: boolean
  title: string
  confirmLabel: string
  processing?: boolean
  onConfirm: () => void
  onCancel: () => void
  children: ReactNode
}
@@end@@

export default function ConfirmDialog({ open, title, confirmLabel, processing = false, onConfirm, onCancel, children }@@if ts@@: Props@@end@@) {
  const dialog = useRef@@if ts@@<HTMLDialogElement>@@end@@(null)
  const titleId = useId()
  useEffect(() => {
    const element = dialog.current
    if (open && element && !element.open) element.showModal()
    if (!open && element?.open) element.close()
  }, [open])
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby={titleId} onClose={onCancel}>
      <h2 id={titleId}>{title}</h2>
      {children}
      <div className="actions">
        <Button type="button" variant="secondary" onClick={onCancel} autoFocus>
          Cancel
        </Button>
        <Button type="button" variant="danger" disabled={processing} onClick={onConfirm} data-testid="confirm">
          {confirmLabel}
        </Button>
      </div>
    </dialog>
  )
}
