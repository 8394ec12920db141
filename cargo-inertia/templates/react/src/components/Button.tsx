// A button in one of the app's styles (`buttonVariants` in src/ui.@@if ts@@ts@@else@@js@@end@@): primary, secondary, danger
// or link. Every other attribute goes to the <button>; it is `type="button"` unless told
// otherwise, so only a form's real submit button submits it.
import { buttonClass } from '../ui'
@@if ts@@
import type { ButtonHTMLAttributes } from 'react'
import type { ButtonVariant } from '../ui'

type Props = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant }
@@end@@

export default function Button({ variant = 'primary', type = 'button', className, ...props }@@if ts@@: Props@@end@@) {
  const classes = className ? `${buttonClass(variant)} ${className}` : buttonClass(variant)
  return <button type={type} className={classes} {...props} />
}
