import { Deferred, Head, InfiniteScroll, Link, router } from '@inertiajs/react'
import { useEffect, useRef, useState } from 'react'
import Layout from '../../components/Layout'
import { contacts as routes } from '../../routes'
@@if ts@@
import type { PageProps } from '../../types/pages'
@@end@@

export default function Index({ contacts, filters, summary, servedAt }@@if ts@@: PageProps<'Contacts/Index'>@@end@@) {
  const [search, setSearch] = useState(filters.search)
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
              <Link href={routes.destroy({ contact: contact.id })} as="button" className="link" data-testid="delete">
                Delete
              </Link>
            </li>
          ))}
        </ul>
      </InfiniteScroll>
      {contacts.data.length === 0 && <p className="muted" data-testid="no-contacts">No contacts found.</p>}
      <Deferred data="summary" fallback={<p className="muted" data-testid="summary-loading">Counting…</p>}>
        <p data-testid="summary">
          {summary?.total} contacts, {summary?.domains} {summary?.domains === 1 ? 'domain' : 'domains'}.
        </p>
      </Deferred>
      <p className="muted">
        Listed at <time data-testid="served-at">{servedAt}</time>{' '}
        <button type="button" data-testid="refresh" onClick={() => router.reload({ only: ['servedAt'] })}>
          Refresh
        </button>
      </p>
      <Link href={routes.create()}>Add a contact</Link>
    </Layout>
  )
}
