import { Deferred, Head, InfiniteScroll, Link, router } from '@inertiajs/react'
import { useEffect, useRef, useState } from 'react'
import Button from '../../components/Button'
import ConfirmDialog from '../../components/ConfirmDialog'
import Layout from '../../components/Layout'
import { contacts as routes } from '../../routes'
import { inputClass } from '../../ui'
@@if ts@@
import type { PageProps } from '../../types/pages'
@@end@@

export default function Index({ contacts, filters, summary, servedAt }@@if ts@@: PageProps<'Contacts/Index'>@@end@@) {
  const [search, setSearch] = useState(filters.search)
  // The contact whose Delete was pressed: the dialog asks first.
@@if ts@@
  const [deleting, setDeleting] = useState<PageProps<'Contacts/Index'>['contacts']['data'][number] | null>(null)
@@else@@
  const [deleting, setDeleting] = useState(null)
@@end@@
  const [processing, setProcessing] = useState(false)
  const typed = useRef(false)
  // The list follows the search box a moment after typing stops; the URL keeps the search.
  useEffect(() => {
    if (!typed.current) return
    const timer = setTimeout(() => {
      router.visit(routes.index({ query: { search: search.trim() || undefined } }), {
        preserveState: true,
        replace: true,
        reset: ['contacts'],
      })
    }, 250)
    return () => clearTimeout(timer)
  }, [search])

  return (
    <Layout>
      <Head title="Contacts" />
      <h1>Contacts</h1>
      <input
        className={`${inputClass} w-full max-w-md`}
        type="search"
        name="search"
        aria-label="Search contacts"
        placeholder="Search by name or email"
        value={search}
        onChange={(e) => {
          typed.current = true
          setSearch(e.target.value)
        }}
      />
      <InfiniteScroll data="contacts" itemsElement="#contact-list" loading={<p className="muted">Loading more…</p>}>
        <ul id="contact-list" className="contacts">
          {contacts.data.map((contact) => (
            <li key={contact.id} data-testid="contact">
              {contact.name} <span className="muted">{contact.email}</span>{' '}
              <Link href={routes.edit({ contact: contact.id })} data-testid="edit">
                Edit
              </Link>{' '}
              <Button type="button" variant="link" data-testid="delete" onClick={() => setDeleting(contact)}>
                Delete
              </Button>
            </li>
          ))}
        </ul>
      </InfiniteScroll>
      {contacts.data.length === 0 && (
        <div className="empty" data-testid="no-contacts">
          <p>{filters.search ? 'No contacts found.' : 'No contacts yet.'}</p>
          <Link href={routes.create()}>Add a contact</Link>
        </div>
      )}
      <Deferred data="summary" fallback={<p className="muted" data-testid="summary-loading">Counting…</p>}>
        <p data-testid="summary">
          {summary?.total} contacts, {summary?.domains} {summary?.domains === 1 ? 'domain' : 'domains'}.
        </p>
      </Deferred>
      <p className="muted">
        Listed at <time data-testid="served-at">{servedAt}</time>{' '}
         <Button type="button" variant="secondary" data-testid="refresh" onClick={() => router.reload({ only: ['servedAt'] })}>
          Refresh
        </Button>
      </p>
      <Link href={routes.create()}>Add a contact</Link>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? 'the contact'}?`}
        confirmLabel="Delete contact"
        processing={processing}
        onCancel={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          router.visit(routes.destroy({ contact: deleting.id }), {
            preserveScroll: true,
            onStart: () => setProcessing(true),
            onFinish: () => {
              setProcessing(false)
              setDeleting(null)
            },
          })
        }
      >
        <p>They leave your contacts for good.</p>
      </ConfirmDialog>
    </Layout>
  )
}
