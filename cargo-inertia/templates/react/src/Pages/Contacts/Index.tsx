import { Deferred, Head, Link, router } from '@inertiajs/react'
import Layout from '../../components/Layout'
import { contacts as routes } from '../../routes'
@@if ts@@
import type { PageProps } from '../../types/pages'
@@end@@

export default function Index({ contacts, summary, servedAt }@@if ts@@: PageProps<'Contacts/Index'>@@end@@) {
  return (
    <Layout>
      <Head title="Contacts" />
      <h1>Contacts</h1>
      <ul className="contacts">
        {contacts.map((contact) => (
          <li key={contact.id} data-testid="contact">
            {contact.name} <span className="muted">{contact.email}</span>{' '}
            <Link href={routes.destroy({ contact: contact.id })} as="button" className="link" data-testid="delete">
              Delete
            </Link>
          </li>
        ))}
      </ul>
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
