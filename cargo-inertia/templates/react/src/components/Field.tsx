// A labelled input with its validation error under it (`data-testid="error-NAME"`).
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
  return (
    <>
      <label>
        {label}
        <input
          name={name}
          type={type}
          value={value}
          autoComplete={autoComplete}
          aria-invalid={error ? true : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      {error && (
        <p className="error" data-testid={`error-${name}`}>
          {error}
        </p>
      )}
    </>
  )
}
