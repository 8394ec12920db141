// The look of the app's controls, as Tailwind classes in one place (like shadcn's
// `buttonVariants`): `Button` (and so the dialog's buttons and the Menu button), `Field` and
// the contacts' search box take their classes from here, so a change here restyles them all. The colours are the theme's
// (`bg-primary`, `text-muted`, …: `@theme` in app.css), light or dark by themselves.

const buttonBase =
  'inline-flex cursor-pointer items-center justify-center gap-2 rounded-md border px-4 py-2 font-medium transition-colors disabled:cursor-progress disabled:opacity-60'

export const buttonVariants = {
  primary: `${buttonBase} border-primary bg-primary text-on-primary hover:bg-primary/90`,
  secondary: `${buttonBase} border-border bg-surface text-foreground hover:bg-background`,
  danger: `${buttonBase} border-danger bg-danger text-on-danger hover:bg-danger/90`,
  // Reads as a link (a row's Delete, Log out).
  link: 'cursor-pointer text-danger underline disabled:opacity-60',
}

@@if ts@@
export type ButtonVariant = keyof typeof buttonVariants

@@end@@
export const buttonClass = (variant@@if ts@@: ButtonVariant@@end@@ = 'primary') => buttonVariants[variant]

export const inputClass =
  'min-w-0 rounded-md border border-border bg-surface px-3 py-2 text-foreground aria-invalid:border-danger'

export const labelClass = 'grid gap-1 font-medium'
