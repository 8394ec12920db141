import { Deferred, Head, Link } from '@inertiajs/react'
import Layout from '../components/Layout'
import { contacts } from '../routes'
@@if ts@@
import type { PageProps } from '../types/pages'
@@end@@

export default function Dashboard({ greeting, counts, latest, servedAt }@@if ts@@: PageProps<'Dashboard'>@@end@@) {
  return (
    <Layout>
      <Head title="Dashboard" />
      <h1 data-testid="greeting">{greeting}</h1>
      <dl className="stats">
        <div className="card">
          <dt>Contacts</dt>
          <dd data-testid="count-contacts">{counts.contacts}</dd>
        </div>
        <div className="card">
          <dt>Domains</dt>
          <dd data-testid="count-domains">{counts.domains}</dd>
        </div>
        <div className="card">
          <dt>Added this week</dt>
          <dd data-testid="count-week">{counts.thisWeek}</dd>
        </div>
      </dl>
      <section className="card" aria-labelledby="latest-heading">
        <h2 id="latest-heading">Latest contacts</h2>
        <Deferred
          data="latest"
          fallback={
            <ul className="skeleton" aria-busy="true" aria-label="Loading the latest contacts" data-testid="latest-loading">
              <li />
              <li />
              <li />
            </ul>
          }
        >
          {latest?.length ? (
            <ul className="contacts" data-testid="latest">
              {latest.map((contact) => (
                <li key={contact.id}>
                  {contact.name} <span className="muted">{contact.email}</span>
                </li>
              ))}
            </ul>
          ) : (
            <div className="empty" data-testid="latest-empty">
              <p>No contacts yet.</p>
              <Link href={contacts.create()}>Add your first contact</Link>
            </div>
          )}
        </Deferred>
        <p>
          <Link href={contacts.index()}>See all contacts →</Link>
        </p>
      </section>
      <p className="muted">
        Rendered at <time data-testid="served-at">{servedAt}</time>. Edit <code>frontend/src/Pages/Dashboard.@@page_ext@@</code> and this page updates in place; edit <code>src/pages.rs</code> and the server restarts.
      </p>
    </Layout>
  )
}
