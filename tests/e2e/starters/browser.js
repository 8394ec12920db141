// A starter made by `cargo inertia new NAME --<framework> --ssr --typescript`, built with
// `cargo inertia build` and run as its release binary, driven in Chromium with the official
// client. scripts/starters.sh makes the app and its two builds and sets:
//   STARTER_FRAMEWORK  react | vue | svelte
//   STARTER_BINARY     the release binary (build A)
//   STARTER_BINARY_B   the same app rebuilt after a change to its CSS (build B)
//   STARTER_SSR        1 when the app renders on the server
//   STARTER_DIR        the app (its frontend/dist is build B's)
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { launchBrowser, newPage, startServer } from '../harness.js'
import { signUp } from './account.js'

const framework = process.env.STARTER_FRAMEWORK
const binary = process.env.STARTER_BINARY
const binaryB = process.env.STARTER_BINARY_B
const ssr = process.env.STARTER_SSR === '1'
const appDir = process.env.STARTER_DIR

let server, browser, ada
/** A page signed in as Ada. */
const signedIn = (options = {}) => newPage(browser, { ...options, cookies: ada.browser })
// The directory the binary runs in, empty at first: its database is created there
// (data/NAME.sqlite, the default of DATABASE_URL).
const home = mkdtempSync(join(tmpdir(), 'starter-home-'))
before(async () => {
  assert.ok(framework && binary && binaryB && appDir, 'run through scripts/starters.sh (STARTER_* variables)')
  assert.ok(existsSync(binary), `${binary} is missing`)
  // Nothing but the port: the binary needs no file or setting of its host.
  server = await startServer(binary, {}, home, 0, true)
  browser = await launchBrowser()
  // Ada's account (the first: her sample contacts have ids 1 to 3); the tests that are not
  // about accounts run signed in as her.
  ada = await signUp(server.url, { name: 'Ada Lovelace', email: 'ada@lovelace.test', password: 'correct horse battery' })
})
after(async () => {
  await browser?.close()
  await server?.stop()
  rmSync(home, { recursive: true, force: true })
})

/** Stops the server and starts `which` binary on the same port and directory (so the same database). */
async function restart(which = binary) {
  const port = Number(new URL(server.url).port)
  await server.stop()
  server = await startServer(which, {}, home, port, true)
}

/** Which build's CSS the document runs (build B sets `--build: "b"` on the body). */
const buildOf = (page) => page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--build').trim() || 'a')

test(`${framework}: the first visit is a whole page${ssr ? ', rendered on the server and hydrated in place' : ''}`, async () => {
  const html = await (await fetch(`${server.url}/`, { headers: { cookie: ada.header } })).text()
  assert.match(html, /<script data-page="app" type="application\/json">/)
  if (ssr) {
    assert.match(html, /<div data-server-rendered="true" id="app">/)
    assert.match(html, /<h1 data-testid="greeting">Hello from axum<\/h1>/)
  }
  const t = await signedIn()
  await t.rememberServerNode('greeting')
  await t.page.goto(`${server.url}/`)
  await t.page.getByTestId('greeting').waitFor()
  assert.equal(await t.page.textContent('[data-testid=greeting]'), 'Hello from axum')
  assert.equal(await t.page.textContent('[data-testid=user]'), 'Ada Lovelace')
  assert.equal(await t.page.title(), `Dashboard · ${await appTitle(t.page)}`)
  // Ada's figures, and her latest contacts: a deferred prop, a placeholder until it arrives.
  assert.equal(await t.page.textContent('[data-testid=count-contacts]'), '3')
  assert.equal(await t.page.textContent('[data-testid=count-domains]'), '1')
  await t.page.getByTestId('latest').waitFor()
  assert.equal(await t.page.locator('[data-testid=latest] li').count(), 3)
  assert.equal(await t.page.getByTestId('latest-loading').count(), 0)
  if (ssr) {
    // Hydration adopts the server's nodes; a client render would have replaced them.
    await t.page.waitForFunction(() => document.querySelector('[data-testid=greeting]')?.isConnected)
    assert.equal(
      await t.sameServerNode(),
      true,
      'the server-rendered heading was replaced instead of hydrated',
    )
  }
  const script = t.responses.find((r) => /\/build\/assets\/main-.*\.js$/.test(r.url()))
  assert.ok(script, 'the built script was loaded from the binary')
  // The dependencies' chunk (the entry itself may be under the 1 KiB below which nothing is
  // compressed, now that pages are chunks of their own).
  const vendor = t.responses.find((r) => /\/build\/assets\/vendor-.*\.js$/.test(r.url()))
  assert.ok(vendor, 'the dependencies came in their own chunk')
  assert.ok(['br', 'gzip'].includes((await vendor.allHeaders())['content-encoding']), 'assets arrive compressed')
  await t.screenshot(`starter-${framework}-first-visit`)
  assert.deepEqual(t.errors, [])
  await t.close()
})

/** Logs out through the user's menu (at the foot of the sidebar): opened, then Log out. */
async function logOut(page) {
  await page.getByTestId('user').click()
  await page.getByTestId('logout').click()
}

/** The app's title, from the brand link of the layout. */
async function appTitle(page) {
  return (await page.textContent('.brand')).trim()
}

test(`${framework}: links navigate without a reload; a deferred prop arrives; a partial reload asks for one prop`, async () => {
  const t = await signedIn()
  await t.page.goto(`${server.url}/`)
  await t.page.getByTestId('greeting').waitFor()
  await t.setMarker()
  await t.page.getByRole('link', { name: 'Contacts', exact: true }).click()
  await t.page.getByRole('heading', { name: 'Contacts', exact: true }).waitFor()
  assert.equal(new URL(t.page.url()).pathname, '/contacts')
  assert.equal(await t.page.getByTestId('contact').count(), 3)
  // Every page's title comes from the one title template (Svelte too, which has no <Head>).
  const contactsTitle = `Contacts · ${await appTitle(t.page)}`
  await t.page.waitForFunction((expected) => document.title === expected, contactsTitle)
  // The deferred summary: requested by the client after the page showed.
  await t.page.getByTestId('summary').waitFor()
  assert.equal((await t.page.textContent('[data-testid=summary]')).trim(), '3 contacts, 1 domain.')
  // Words and elements keep their spaces (Vue drops them between elements on separate lines).
  const words = async (selector) => (await t.page.innerText(selector)).replace(/\s+/g, ' ').trim()
  assert.match(await words('p:has([data-testid=served-at])'), /^Listed at \d\d:\d\d:\d\d Refresh$/)
  assert.equal(await words('[data-testid=contact]:first-child'), 'Ada Lovelace ada@example.com Edit Delete')
  const deferred = t.inertiaRequests().find((r) => r.headers()['x-inertia-partial-data'] === 'summary')
  assert.ok(deferred, 'the deferred prop was loaded by its own request')

  const reloaded = t.page.waitForResponse((r) => r.request().headers()['x-inertia-partial-data'] === 'servedAt')
  await t.page.getByTestId('refresh').click()
  const partial = await reloaded
  assert.equal(partial.request().headers()['x-inertia-partial-component'], 'Contacts/Index')
  const body = await partial.json()
  assert.ok('servedAt' in body.props, 'the asked-for prop came')
  assert.ok(!('contacts' in body.props) && !('summary' in body.props), 'only the asked-for prop came')
  assert.equal(await t.page.getByTestId('contact').count(), 3, 'the list is still shown')
  assert.equal(await t.marker(), 'still here', 'no full page load')
  assert.deepEqual(t.errors, [])
  await t.close()
})

test(`${framework}: a form shows its validation errors, then succeeds with a flash message`, async () => {
  const t = await signedIn()
  await t.page.goto(`${server.url}/contacts/new`)
  await t.page.getByRole('heading', { name: 'New contact' }).waitFor()
  await t.setMarker()
  await t.page.getByRole('button', { name: 'Add contact' }).click()
  await t.page.getByTestId('error-name').waitFor()
  assert.equal(await t.page.textContent('[data-testid=error-name]'), 'The name is required.')
  assert.equal(await t.page.textContent('[data-testid=error-email]'), 'The email must be an address like ada@example.com.')
  assert.equal(new URL(t.page.url()).pathname, '/contacts/new')
  // For keyboard and screen-reader users: the first invalid field has the focus, each
  // invalid field says so and is described by its error; the page's link is marked current.
  await t.page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'name')
  for (const name of ['name', 'email']) {
    const input = t.page.locator(`input[name=${name}]`)
    assert.equal(await input.getAttribute('aria-invalid'), 'true')
    const described = await input.getAttribute('aria-describedby')
    assert.equal(await t.page.locator(`[id="${described}"]`).getAttribute('data-testid'), `error-${name}`)
  }
  assert.equal(await t.page.getByRole('link', { name: 'New contact' }).getAttribute('aria-current'), 'page')
  assert.equal(await t.page.getByRole('link', { name: 'Contacts', exact: true }).getAttribute('aria-current'), null)

  await t.page.fill('input[name=name]', 'Grace Hopper')
  await t.page.fill('input[name=email]', 'grace@navy.mil')
  await t.page.getByRole('button', { name: 'Add contact' }).click()
  await t.page.getByTestId('flash').waitFor()
  assert.equal(await t.page.textContent('[data-testid=flash]'), 'Grace Hopper was added.')
  assert.equal(new URL(t.page.url()).pathname, '/contacts')
  await t.page.getByText('grace@navy.mil').waitFor()
  assert.equal(await t.marker(), 'still here', 'the whole exchange happened without a reload')
  await t.screenshot(`starter-${framework}-flash`)
  assert.deepEqual(t.errors, [])
  await t.close()
})

/** Runs `sql` on the running binary's database (SQLite's own shell, beside the server). */
function sql(statement) {
  const dir = join(home, 'data')
  const file = readdirSync(dir).find((f) => f.endsWith('.sqlite'))
  assert.ok(file, `no database in ${dir}`)
  execFileSync('sqlite3', [join(dir, file), statement])
}

test(`${framework}: a form post the server fails shows a toast, not the server's text, and keeps the form`, async () => {
  // The database refuses one name, as a full disk or a lost table would refuse everything.
  sql("CREATE TRIGGER fail_on_purpose BEFORE INSERT ON contacts WHEN NEW.name = 'Fail Please' BEGIN SELECT RAISE(ABORT, 'failed on purpose'); END;")
  try {
    const t = await signedIn({ allow: [/status of 500 \(Internal Server Error\)/] })
    await t.page.goto(`${server.url}/contacts/new`)
    await t.page.getByRole('heading', { name: 'New contact' }).waitFor()
    await t.setMarker()
    await submit(t.page, { name: 'Fail Please', email: 'fail@example.com' }, 'Add contact')
    await t.page.getByTestId('server-failure').waitFor()
    assert.equal(await t.page.textContent('[data-testid=server-failure]'), 'Something went wrong on our side. Please try again in a moment.')
    // Not the client's modal (an iframe with the response), and nothing lost.
    assert.equal(await t.page.locator('iframe').count(), 0)
    assert.equal(await t.page.inputValue('input[name=name]'), 'Fail Please')
    assert.equal(new URL(t.page.url()).pathname, '/contacts/new')
    assert.equal(await t.marker(), 'still here')
    await t.page.getByTestId('server-failure').locator('xpath=..').getByRole('button', { name: 'Close' }).click()
    assert.equal(await t.page.getByTestId('server-failure').count(), 0)
    await t.close()
  } finally {
    sql('DROP TRIGGER fail_on_purpose;')
  }
})

test(`${framework}: Delete asks in a dialog first, then sends DELETE /contacts/{id} (the generated route helper's URL) and updates the list`, async () => {
  const t = await signedIn()
  await t.page.goto(`${server.url}/contacts`)
  await t.page.getByRole('heading', { name: 'Contacts', exact: true }).waitFor()
  await t.page.waitForLoadState('networkidle') // hydrated (see `submit`)
  const before = await t.page.getByTestId('contact').count()
  await t.setMarker()
  const deleteAda = () => t.page.getByTestId('contact').filter({ hasText: 'Ada Lovelace' }).getByTestId('delete').click()
  // The dialog asks, with the focus on Cancel; Escape cancels and nothing is sent.
  await deleteAda()
  const dialog = t.page.getByRole('dialog', { name: 'Delete Ada Lovelace?' })
  await dialog.waitFor()
  assert.equal(await t.page.evaluate(() => document.activeElement?.textContent), 'Cancel')
  await t.page.keyboard.press('Escape')
  await dialog.waitFor({ state: 'hidden' })
  assert.equal(t.requests.filter((r) => r.method() === 'DELETE').length, 0, 'cancelled: nothing sent')
  // The focus is back on the button that opened it.
  assert.equal(await t.page.evaluate(() => document.activeElement?.dataset.testid), 'delete')
  await deleteAda()
  await dialog.getByRole('button', { name: 'Delete contact' }).click()
  await t.page.getByTestId('flash').waitFor()
  await dialog.waitFor({ state: 'hidden' })
  assert.equal(await t.page.textContent('[data-testid=flash]'), 'Ada Lovelace was deleted.')
  assert.equal(await t.page.getByTestId('contact').count(), before - 1)
  const sent = t.requests.filter((r) => r.method() === 'DELETE').map((r) => new URL(r.url()).pathname)
  assert.deepEqual(sent, ['/contacts/1'], 'the URL the helper built from `contacts.destroy({ contact: 1 })`')
  assert.equal(await t.marker(), 'still here', 'no reload')
  assert.deepEqual(t.errors, [])
  await t.close()
})

test(`${framework}: a contact is changed through its form, the list is searched, and both outlast a restart`, async () => {
  const t = await signedIn()
  await t.page.goto(`${server.url}/contacts`)
  await t.page.getByRole('heading', { name: 'Contacts', exact: true }).waitFor()
  await t.setMarker()
  await t.page.getByTestId('contact').filter({ hasText: 'Alan Turing' }).getByTestId('edit').click()
  await t.page.getByRole('heading', { name: 'Edit contact' }).waitFor()
  assert.match(new URL(t.page.url()).pathname, /^\/contacts\/\d+\/edit$/)
  assert.equal(await t.page.inputValue('input[name=name]'), 'Alan Turing')
  await t.page.fill('input[name=name]', '')
  await t.page.getByRole('button', { name: 'Save contact' }).click()
  await t.page.getByTestId('error-name').waitFor()
  await t.page.fill('input[name=name]', 'Alan Mathison Turing')
  await t.page.getByRole('button', { name: 'Save contact' }).click()
  await t.page.getByTestId('flash').waitFor()
  assert.equal(await t.page.textContent('[data-testid=flash]'), 'Alan Mathison Turing was saved.')
  const sent = t.requests.filter((r) => r.method() === 'PUT').map((r) => new URL(r.url()).pathname)
  assert.equal(sent.length, 2, 'two PUTs: the one with the error, then the saved one')

  // The search box filters the list as one types (a visit that keeps the URL in step).
  await t.page.fill('input[name=search]', 'mathison')
  await t.page.waitForFunction(() => document.querySelectorAll('[data-testid=contact]').length === 1)
  assert.equal(new URL(t.page.url()).searchParams.get('search'), 'mathison')
  assert.match(await t.page.textContent('[data-testid=contact]'), /Alan Mathison Turing/)
  await t.page.fill('input[name=search]', 'nobody-has-this')
  await t.page.getByTestId('no-contacts').waitFor()
  assert.equal(await t.marker(), 'still here', 'no reload')

  // The server restarts: the change is in the database, and a search in the address works
  // on a first visit too.
  await restart()
  await t.page.goto(`${server.url}/contacts?search=mathison`)
  await t.page.getByTestId('contact').first().waitFor()
  assert.equal(await t.page.getByTestId('contact').count(), 1)
  assert.equal(await t.page.inputValue('input[name=search]'), 'mathison')
  assert.ok(existsSync(join(home, 'data')), 'the database is in data/ where the server started')
  assert.deepEqual(t.errors, [])
  await t.close()
})

test(`${framework}: the list loads its next page as it scrolls to the end`, async () => {
  // 45 more contacts, through the server's own form handling (a POST each, with the CSRF
  // token the cookie carries), so the list has three pages of 20.
  const t = await signedIn()
  await t.page.goto(`${server.url}/contacts/new`)
  await t.page.getByRole('heading', { name: 'New contact' }).waitFor()
  const added = await t.page.evaluate(async () => {
    const token = decodeURIComponent(document.cookie.match(/XSRF-TOKEN=([^;]+)/)[1])
    let ok = 0
    for (let n = 0; n < 45; n++) {
      const name = `Zed ${String(n).padStart(2, '0')}`
      const response = await fetch('/contacts', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-xsrf-token': token, 'x-inertia': 'true' },
        body: JSON.stringify({ name, email: `zed${n}@example.org` }),
        // The 303 to the list is the success; not followed.
        redirect: 'manual',
      })
      if (response.type === 'opaqueredirect') ok++
    }
    return ok
  })
  assert.equal(added, 45)
  await t.page.goto(`${server.url}/contacts`)
  await t.page.getByRole('heading', { name: 'Contacts', exact: true }).waitFor()
  const given = await t.page.evaluate(() => JSON.parse(document.querySelector('script[data-page]').textContent).props.contacts)
  assert.equal(given.data.length, 20, 'the first visit has the first page')
  assert.equal(given.total, 48)
  await t.setMarker()
  // Scrolled to the end until every contact is there: pages 2 and 3 were appended.
  await t.page.waitForFunction(() => {
    window.scrollTo(0, document.body.scrollHeight)
    return document.querySelectorAll('[data-testid=contact]').length === 48
  }, null, { polling: 100 })
  const pages = t.inertiaRequests().map((r) => new URL(r.url()).searchParams.get('page')).filter(Boolean)
  assert.deepEqual([...new Set(pages)].sort(), ['2', '3'])
  assert.equal(await t.marker(), 'still here', 'appended in place')
  assert.deepEqual(t.errors, [])
  await t.close()
})

test(`${framework}: an unknown address is the error page with a 404`, async () => {
  const response = await fetch(`${server.url}/nowhere`)
  assert.equal(response.status, 404)
  // The 404 is the page under test (Chromium logs it).
  const t = await signedIn({ allow: [/status of 404 \(Not Found\)/] })
  const res = await t.page.goto(`${server.url}/nowhere`)
  assert.equal(res.status(), 404)
  await t.page.getByTestId('error-message').waitFor()
  assert.equal(await t.page.textContent('[data-testid=error-message]'), 'There is no page at /nowhere.')
  assert.equal(await t.page.title(), `Error 404 · ${await appTitle(t.page)}`)
  await t.close()
})

test(`${framework}: after a rebuild with changed assets, the next visit gets one 409 and a full reload`, async () => {
  // Chromium logs the 409 of the stale visit; it is what the test is about.
  const t = await signedIn({ allow: [/status of 409 \(Conflict\)/] })
  await t.page.goto(`${server.url}/contacts`)
  await t.page.getByRole('heading', { name: 'Contacts', exact: true }).waitFor()
  assert.equal(await buildOf(t.page), 'a')
  const versionA = (await t.page.evaluate(() => JSON.parse(document.querySelector('script[data-page]').textContent).version))
  await t.setMarker()

  await restart(binaryB)

  const conflict = t.page.waitForResponse((r) => r.status() === 409)
  await t.page.getByRole('link', { name: 'Dashboard', exact: true }).click()
  const response = await conflict
  assert.equal(response.headers()['x-inertia-location'], '/')
  assert.notEqual(response.headers()['x-inertia-version'], versionA)
  await t.page.waitForFunction(() => getComputedStyle(document.body).getPropertyValue('--build').trim() === '"b"')
  await t.page.getByTestId('greeting').waitFor()
  assert.equal(new URL(t.page.url()).pathname, '/')
  assert.equal(await t.marker(), null, 'a full page load happened')

  // Then the new build works as usual: no more conflicts, no reloads.
  await t.setMarker()
  await t.page.getByRole('link', { name: 'Contacts', exact: true }).click()
  await t.page.getByRole('heading', { name: 'Contacts', exact: true }).waitFor()
  assert.equal(await t.marker(), 'still here')
  assert.equal(t.responses.filter((r) => r.status() === 409).length, 1, 'exactly one 409')
  await t.close()
})

test(`${framework}: the rebuilt binary still serves every file of the build before it (the build history)`, async () => {
  // The server runs build B now (the test above started it). Build A's files, as build B's
  // history lists them (the Vite plugin copied them into dist/ and embed_assets! embedded them).
  const listing = JSON.parse(readFileSync(join(appDir, 'frontend/dist/.vite/history.json'), 'utf8'))
  const earlier = listing.builds.at(-1)
  assert.ok(earlier, 'build B lists build A in its history')
  const files = earlier.files.filter((f) => /\.(js|css)$/.test(f))
  assert.ok(files.some((f) => f.endsWith('.css')) && files.some((f) => f.endsWith('.js')), `${files}`)
  for (const file of files) {
    const response = await fetch(`${server.url}/build/${file}`)
    assert.equal(response.status, 200, file)
    assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable', file)
  }
  // A file no build had is a plain, fast 404, never a page.
  const missing = await fetch(`${server.url}/build/assets/Missing-0000000.js`, { headers: { accept: 'text/html' } })
  assert.equal(missing.status, 404)
  assert.equal(await missing.text(), '')
})

// Accounts, as a visitor goes through them: a guest is sent to the login page; registration,
// logging out and in (a wrong password first), the throttle, a password reset through the
// link the binary logs (its mailer, until one is set up), the settings, deleting the account.
const grace = { name: 'Grace Hopper', email: 'grace@navy.test', password: 'first password 1' }

/** Fills a form's fields by their names and presses its button. */
async function submit(page, fields, button) {
  // A server-rendered form is visible before the framework hydrates it, and hydration sets
  // each bound input back to its state: fill only once the page's scripts have loaded.
  await page.waitForLoadState('networkidle')
  for (const [name, value] of Object.entries(fields)) await page.fill(`input[name=${name}]`, value)
  await page.getByRole('button', { name: button, exact: true }).click()
}

test(`${framework}: a guest registers, logs out, and logs in after a wrong password; repeated failures are throttled`, async () => {
  const t = await newPage(browser)
  await t.page.goto(`${server.url}/contacts`)
  await t.page.getByRole('heading', { name: 'Log in' }).waitFor()
  assert.equal(new URL(t.page.url()).pathname, '/login', 'a guest is sent to the login page')
  await t.setMarker()
  await t.page.getByRole('link', { name: 'Register' }).first().click()
  await t.page.getByRole('heading', { name: 'Create an account' }).waitFor()
  await submit(t.page, { name: grace.name, email: grace.email, password: 'short', password_confirmation: 'short' }, 'Register')
  await t.page.getByTestId('error-password').waitFor()
  assert.equal(await t.page.textContent('[data-testid=error-password]'), 'The password must be at least 8 characters.')
  await submit(t.page, { password: grace.password, password_confirmation: grace.password }, 'Register')
  await t.page.getByTestId('greeting').waitFor()
  assert.equal(await t.page.textContent('[data-testid=user]'), grace.name)
  assert.equal(await t.page.textContent('[data-testid=flash]'), `Welcome, ${grace.name}!`)

  await logOut(t.page)
  await t.page.getByRole('heading', { name: 'Log in' }).waitFor()
  assert.equal(await t.page.getByTestId('user').count(), 0, 'signed out')
  await submit(t.page, { email: grace.email, password: 'not my password' }, 'Log in')
  await t.page.getByTestId('error-email').waitFor()
  assert.equal(await t.page.textContent('[data-testid=error-email]'), 'These credentials do not match our records.')
  assert.equal(await t.page.inputValue('input[name=password]'), '', 'the password field is emptied')
  await submit(t.page, { password: grace.password }, 'Log in')
  await t.page.getByTestId('greeting').waitFor()
  assert.equal(await t.page.textContent('[data-testid=user]'), grace.name)
  assert.equal(await t.marker(), 'still here', 'all of it without a reload')

  // Five failures for one address, then the sixth attempt is refused with the wait in it.
  await logOut(t.page)
  await t.page.getByRole('heading', { name: 'Log in' }).waitFor()
  for (let n = 0; n < 5; n++) {
    const answered = t.page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === '/login')
    await submit(t.page, { email: 'mallory@navy.test', password: `guess ${n}` }, 'Log in')
    await answered
  }
  await t.page.waitForFunction(() => /do not match/.test(document.querySelector('[data-testid=error-email]')?.textContent ?? ''))
  await submit(t.page, { password: 'guess 5' }, 'Log in')
  await t.page.waitForFunction(() => /^Too many login attempts\. Please try again in \d+ seconds\.$/.test(document.querySelector('[data-testid=error-email]')?.textContent ?? ''))
  assert.deepEqual(t.errors, [])
  await t.close()
})

test(`${framework}: a password is reset through the link the binary logs`, async () => {
  const t = await newPage(browser)
  await t.page.goto(`${server.url}/login`)
  await t.page.getByRole('link', { name: 'Forgot your password?' }).click()
  await t.page.getByRole('heading', { name: 'Forgot your password?' }).waitFor()
  const logged = server.log().length
  await submit(t.page, { email: grace.email }, 'Email the reset link')
  await t.page.getByTestId('flash').waitFor()
  assert.equal(await t.page.textContent('[data-testid=flash]'), 'If an account uses that address, a link to reset its password is on its way.')
  const link = server.log().slice(logged).match(/http:\/\/\S+\/reset-password\/[0-9a-f]{64}\?email=\S+/)
  assert.ok(link, `the reset link is in the log:\n${server.log().slice(logged)}`)
  const path = new URL(link[0])
  await t.page.goto(`${server.url}${path.pathname}${path.search}`)
  await t.page.getByRole('heading', { name: 'Choose a new password' }).waitFor()
  assert.equal(await t.page.inputValue('input[name=email]'), grace.email)
  grace.password = 'second password 2'
  await submit(t.page, { password: grace.password, password_confirmation: grace.password }, 'Reset password')
  await t.page.getByRole('heading', { name: 'Log in' }).waitFor()
  assert.equal(await t.page.textContent('[data-testid=flash]'), 'Your password has been reset. Log in with the new one.')
  await submit(t.page, { email: grace.email, password: grace.password }, 'Log in')
  await t.page.getByTestId('greeting').waitFor()
  assert.deepEqual(t.errors, [])
  await t.close()
})

test(`${framework}: the profile and the password change in the settings; then the account is deleted`, async () => {
  const t = await newPage(browser)
  await t.page.goto(`${server.url}/login`)
  await submit(t.page, { email: grace.email, password: grace.password }, 'Log in')
  await t.page.getByTestId('greeting').waitFor()
  await t.page.getByRole('link', { name: 'Settings' }).click()
  await t.page.getByRole('heading', { name: 'Profile' }).waitFor()
  assert.equal(await t.page.inputValue('input[name=name]'), grace.name)
  await submit(t.page, { name: 'Grace Brewster Hopper' }, 'Save')
  await t.page.getByTestId('flash').waitFor()
  assert.equal(await t.page.textContent('[data-testid=flash]'), 'Profile saved.')
  await t.page.waitForFunction(() => document.querySelector('[data-testid=user]')?.textContent === 'Grace Brewster Hopper')

  await t.page.getByRole('link', { name: 'Password', exact: true }).click()
  await t.page.getByRole('heading', { name: 'Password', exact: true }).waitFor()
  await submit(t.page, { current_password: 'wrong', password: 'third password 3', password_confirmation: 'third password 3' }, 'Save password')
  await t.page.getByTestId('error-current_password').waitFor()
  assert.equal(await t.page.textContent('[data-testid=error-current_password]'), 'The password is incorrect.')
  await submit(t.page, { current_password: grace.password, password: 'third password 3', password_confirmation: 'third password 3' }, 'Save password')
  await t.page.getByTestId('flash').waitFor()
  assert.equal(await t.page.textContent('[data-testid=flash]'), 'Password saved.')
  grace.password = 'third password 3'

  await t.page.getByRole('link', { name: 'Profile', exact: true }).click()
  await t.page.getByRole('heading', { name: 'Delete the account' }).waitFor()
  await submit(t.page, { delete_password: 'wrong' }, 'Delete account')
  await t.page.getByTestId('error-delete_password').waitFor()
  assert.equal(await t.page.textContent('[data-testid=error-delete_password]'), 'The password is incorrect.')
  await submit(t.page, { delete_password: grace.password }, 'Delete account')
  await t.page.getByRole('heading', { name: 'Log in' }).waitFor()
  assert.equal(await t.page.textContent('[data-testid=flash]'), 'Your account was deleted.')
  await submit(t.page, { email: grace.email, password: grace.password }, 'Log in')
  await t.page.getByTestId('error-email').waitFor()
  assert.equal(await t.page.textContent('[data-testid=error-email]'), 'These credentials do not match our records.')
  assert.deepEqual(t.errors, [])
  await t.close()
})

// axe-core (the engine of most accessibility checkers), run in the page.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** The violations axe-core rates serious or critical on the page as it is. */
async function accessibilityViolations(page) {
  // `evaluate` runs outside the page's script policy, as a browser extension's checker would.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  const found = await page.evaluate(async () =>
    (await window.axe.run(document)).violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      where: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    })),
  )
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

/** The relative luminance (0 black, 1 white) of the page's background. */
const backgroundLuminance = (page) =>
  page.evaluate(() => {
    const [r, g, b] = getComputedStyle(document.documentElement).backgroundColor.match(/\d+/g).map(Number)
    const linear = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
  })

test(`${framework}: every page fits a phone and a desktop, follows the system's light or dark theme, and has no serious accessibility violation`, async () => {
  const variant = `${framework}${ssr ? '-ssr' : ''}`
  const guest = await newPage(browser)
  const user = await signedIn({ allow: [/status of 404 \(Not Found\)/] })
  await user.page.goto(`${server.url}/contacts`)
  await user.page.getByRole('heading', { name: 'Contacts', exact: true }).waitFor()
  // (Svelte's links carry the whole URL.)
  const edit = new URL(await user.page.getByTestId('contact').first().getByRole('link', { name: 'Edit' }).getAttribute('href'), server.url).pathname
  const pages = [
    [guest, 'login', '/login'],
    [guest, 'register', '/register'],
    [guest, 'forgot-password', '/forgot-password'],
    [guest, 'reset-password', `/reset-password/${'0'.repeat(64)}?email=ada%40lovelace.test`],
    [user, 'dashboard', '/'],
    [user, 'contacts', '/contacts'],
    [user, 'contact-new', '/contacts/new'],
    [user, 'contact-edit', edit],
    [user, 'settings-profile', '/settings/profile'],
    [user, 'settings-password', '/settings/password'],
    [user, 'settings-appearance', '/settings/appearance'],
    [user, 'not-found', '/nowhere'],
  ]
  const problems = []
  for (const scheme of ['light', 'dark']) {
    for (const [t, name, path] of pages) {
      await t.page.emulateMedia({ colorScheme: scheme })
      for (const width of [375, 1280]) {
        await t.page.setViewportSize({ width, height: 800 })
        const response = await t.page.goto(`${server.url}${path}`)
        await t.page.locator('main h1').waitFor()
        // Every page arrives rendered (a page whose render throws falls back to the browser,
        // which the server logs but nothing else shows).
        if (ssr && width === 375 && !/data-server-rendered="true"/.test(await response.text())) problems.push(`${name} was not rendered on the server`)
        const [scrollWidth, viewport] = await t.page.evaluate(() => [document.documentElement.scrollWidth, innerWidth])
        if (scrollWidth > viewport) problems.push(`${name} at ${width}px (${scheme}) is ${scrollWidth}px wide`)
        const luminance = await backgroundLuminance(t.page)
        if (scheme === 'dark' ? luminance > 0.05 : luminance < 0.8) problems.push(`${name} (${scheme}): background luminance ${luminance.toFixed(2)}`)
        await t.screenshot(`starter-${variant}-${name}-${scheme}-${width}`)
      }
      const violations = await accessibilityViolations(t.page)
      if (violations.length) problems.push(`${name} (${scheme}): ${JSON.stringify(violations, null, 1)}`)
    }
  }
  assert.deepEqual(problems, [])
  // (Closing checks that the browser met no error but the 404 page's own.)
  await guest.close()
  await user.close()
})

test(`${framework}: the theme is right from the first paint, before any script runs`, async () => {
  // Scripts off: what the browser paints from the server's HTML and CSS alone (with SSR,
  // the whole page) already has the system's theme; nothing switches it afterwards.
  for (const colorScheme of ['dark', 'light']) {
    const context = await browser.newContext({ javaScriptEnabled: false, colorScheme })
    const page = await context.newPage()
    await page.goto(`${server.url}/login`)
    const luminance = await backgroundLuminance(page)
    assert.ok(colorScheme === 'dark' ? luminance < 0.05 : luminance > 0.8, `${colorScheme}: ${luminance}`)
    if (ssr) assert.ok(await page.getByRole('heading', { name: 'Log in' }).isVisible(), 'rendered by the server')
    await context.close()
  }
})

/** Whether `<html>` has the class `dark` and the background is dark (luminance below 0.05). */
const darkPage = async (page) => (await page.evaluate(() => document.documentElement.classList.contains('dark'))) && (await backgroundLuminance(page)) < 0.05

test(`${framework}: the appearance setting overrides the system, is kept across a reload and a new login, and is there before any script runs`, async () => {
  const mary = { name: 'Mary Somerville', email: 'mary@somerville.test', password: 'a long password 1' }
  const account = await signUp(server.url, mary)
  // The system prefers light; Mary chooses dark in the settings.
  const t = await newPage(browser, { cookies: account.browser })
  await t.page.emulateMedia({ colorScheme: 'light' })
  await t.page.goto(`${server.url}/settings/appearance`)
  await t.page.getByRole('heading', { name: 'Appearance' }).waitFor()
  await t.page.waitForLoadState('networkidle') // hydrated (see `submit`)
  assert.ok((await backgroundLuminance(t.page)) > 0.8, 'light, as the system')
  await t.setMarker()
  const saved = t.page.waitForResponse((r) => r.request().method() === 'PUT' && new URL(r.url()).pathname === '/appearance')
  await t.page.getByRole('radio', { name: 'Dark' }).check()
  assert.ok(await darkPage(t.page), 'dark at once, before the server answers')
  assert.equal((await saved).status(), 303)
  await t.page.waitForLoadState('networkidle') // the page after the save
  assert.ok(await darkPage(t.page), 'still dark with the saved page')
  assert.equal(await t.marker(), 'still here', 'no reload')
  assert.ok(await t.page.getByRole('radio', { name: 'Dark' }).isChecked())
  await t.screenshot(`starter-${framework}${ssr ? '-ssr' : ''}-appearance-dark`)
  // A reload: dark from the server's first byte.
  await t.page.reload()
  await t.page.getByRole('heading', { name: 'Appearance' }).waitFor()
  assert.ok(await darkPage(t.page), 'dark after a reload')
  const cookies = await t.page.context().cookies()
  assert.equal(cookies.find((c) => c.name === 'appearance')?.value, 'dark', 'the browser keeps the choice too')
  const session = cookies.find((c) => c.name === 'session')
  // No flash of the light theme: scripts off, the server's HTML and CSS alone are dark.
  const noScripts = await browser.newContext({ javaScriptEnabled: false, colorScheme: 'light' })
  await noScripts.addCookies([{ name: 'session', value: session.value, url: server.url }])
  const still = await noScripts.newPage()
  await still.goto(`${server.url}/contacts`)
  assert.ok(await darkPage(still), 'dark without scripts')
  if (ssr) assert.ok(await still.getByRole('heading', { name: 'Contacts', exact: true }).isVisible(), 'rendered by the server')
  await noScripts.close()
  // Log out; a new browser (no cookies, system light) logs in: dark again, from the account.
  await logOut(t.page)
  await t.page.getByRole('heading', { name: 'Log in' }).waitFor()
  assert.ok(await darkPage(t.page), "the browser's cookie keeps the guest pages dark")
  await t.close()
  const fresh = await newPage(browser)
  await fresh.page.emulateMedia({ colorScheme: 'light' })
  await fresh.page.goto(`${server.url}/login`)
  await fresh.page.getByRole('heading', { name: 'Log in' }).waitFor()
  assert.ok((await backgroundLuminance(fresh.page)) > 0.8, 'a new browser starts with the system')
  await submit(fresh.page, { email: mary.email, password: mary.password }, 'Log in')
  await fresh.page.getByTestId('greeting').waitFor()
  await fresh.page.waitForFunction(() => document.documentElement.classList.contains('dark'))
  assert.ok(await darkPage(fresh.page), 'dark after the login, without a reload')
  await fresh.page.goto(`${server.url}/`)
  assert.ok(await darkPage(fresh.page), 'and on a first visit')
  // A guest chooses too: light, whatever the system says.
  await logOut(fresh.page)
  await fresh.page.getByRole('heading', { name: 'Log in' }).waitFor()
  await fresh.page.waitForLoadState('networkidle')
  const guestSaved = fresh.page.waitForResponse((r) => r.request().method() === 'PUT' && new URL(r.url()).pathname === '/appearance')
  await fresh.page.getByRole('radio', { name: 'Light' }).check()
  assert.ok(await fresh.page.evaluate(() => document.documentElement.classList.contains('light')))
  await guestSaved
  await fresh.page.waitForLoadState('networkidle')
  await fresh.page.emulateMedia({ colorScheme: 'dark' })
  await fresh.page.reload()
  await fresh.page.getByRole('heading', { name: 'Log in' }).waitFor()
  assert.ok((await backgroundLuminance(fresh.page)) > 0.8, "the guest's light, though the system is dark")
  assert.deepEqual([...t.errors, ...fresh.errors], [])
  await fresh.close()
})

test(`${framework}: with the keyboard alone, a guest registers and adds a contact`, async () => {
  const t = await newPage(browser)
  const { page } = t
  /** Presses Tab until the focus is on `selector` (as a keyboard user moves through a page). */
  async function tabTo(selector) {
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab')
      if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return
    }
    throw new Error(`Tab never reaches ${selector}`)
  }
  await page.goto(`${server.url}/register`)
  await page.getByRole('heading', { name: 'Create an account' }).waitFor()
  await page.waitForLoadState('networkidle') // hydrated (see `submit`)
  await tabTo('input[name=name]')
  await page.keyboard.type('Kay Board')
  await tabTo('input[name=email]')
  await page.keyboard.type('kay@keyboard.test')
  await tabTo('input[name=password]')
  await page.keyboard.type('typed every key 1')
  await tabTo('input[name=password_confirmation]')
  await page.keyboard.type('typed every key 1')
  await page.keyboard.press('Enter')
  await page.waitForFunction(() => document.querySelector('[data-testid=user]')?.textContent === 'Kay Board')
  await tabTo('a[href$="/contacts/new"]')
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { name: 'New contact' }).waitFor()
  // Submitting empty puts the focus on the first field to fix.
  await tabTo('button[type=submit]')
  await page.keyboard.press('Enter')
  await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'name')
  await page.keyboard.type('Ada Keys')
  await tabTo('input[name=email]')
  await page.keyboard.type('ada@keys.test')
  await page.keyboard.press('Enter')
  await page.getByTestId('flash').waitFor()
  assert.equal(await page.textContent('[data-testid=flash]'), 'Ada Keys was added.')
  assert.deepEqual(t.errors, [])
  await t.close()
})
