// A labelled input with its validation error under it (`data-testid="error-NAME"`). The input
// is marked invalid and described by its error, for screen readers; after a submit that
// comes back with errors, the form's first invalid field takes the focus, so keyboard users
// land on what to fix.
import { useEffect, useRef } from 'react'
import { inputClass, labelClass } from '../ui'

@@if ts@@
type Props = {
  label: string
  name: string
  value: string
  onChange: (value: string) => void
  error?: string
  type?: string
  autoComplete?: string
}

@@end@@
export default function Field({ label, name, value, onChange, error, type = 'text', autoComplete }@@if ts@@: Props@@end@@) {
  const input = useRef@@if ts@@<HTMLInputElement>@@end@@(null)
  const errorId = `${name}-error`
  useEffect(() => {
    const field = input.current
    if (error && field && field.form?.querySelector('[aria-invalid="true"]') === field) field.focus()
  }, [error])
  return (
    <>
      <label className={labelClass}>
        {label}
        <input
          ref={input}
          className={inputClass}
          name={name}
          type={type}
          value={value}
          autoComplete={autoComplete}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      {error && (
        <p className="error" id={errorId} data-testid={`error-${name}`}>
          {error}
        </p>
      )}
    </>
  )
}
