// First visits, link navigation, and history: the official client on the demo.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { launchBrowser, newPage, startServer } from './harness.js'

let server
let browser

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('first visit renders the page from the embedded page object', async () => {
  const t = await newPage(browser)
  const response = await t.page.goto(server.url + '/')
  assert.equal(response.status(), 200)
  assert.equal(response.headers()['content-type'], 'text/html; charset=utf-8')
  // The page object is in the HTML...
  const html = await response.text()
  assert.match(html, /<script data-page="app" type="application\/json">\{"component":"Dashboard"/)
  // ...and React rendered it without asking the server again.
  assert.equal(await t.page.textContent('[data-testid=greeting]'), 'Hello from axum')
  assert.equal(await t.page.textContent('[data-testid=user]'), 'Ada Lovelace', 'shared auth prop')
  assert.equal(await t.page.title(), 'Dashboard · Inertia on axum')
  const pageLoads = t.inertiaRequests().filter((r) => !r.headers()['x-inertia-partial-data'])
  assert.equal(pageLoads.length, 0, 'no Inertia XHR for the first page (deferred loads aside)')
  await t.page.waitForSelector('[data-testid=stat-open]')
  assert.deepEqual(t.errors, [])
  await t.screenshot('dashboard')
  await t.close()
})

test('a link click is an Inertia XHR that swaps the page without a reload; back/forward work', async () => {
  const t = await newPage(browser)
  await t.page.goto(server.url + '/')
  await t.setMarker()
  await t.page.click('nav >> text=About')
  await t.page.waitForSelector('[data-testid=version]')
  assert.equal(new URL(t.page.url()).pathname, '/about')
  const xhr = t.inertiaRequests().find((r) => new URL(r.url()).pathname === '/about')
  assert.ok(xhr, 'the visit was made with X-Inertia')
  assert.match(xhr.headers()['x-inertia-version'], /^[0-9a-f]{16}$/, 'the client sent its asset version')
  const res = await xhr.response()
  assert.equal(res.headers()['x-inertia'], 'true')
  assert.equal(res.headers()['vary'], 'X-Inertia')
  assert.equal(await t.marker(), 'still here', 'no full page load happened')
  assert.equal(await t.page.title(), 'About · Inertia on axum')
  await t.screenshot('about')

  await t.page.goBack()
  await t.page.waitForSelector('[data-testid=greeting]')
  assert.equal(new URL(t.page.url()).pathname, '/')
  await t.page.goForward()
  await t.page.waitForSelector('[data-testid=version]')
  assert.equal(new URL(t.page.url()).pathname, '/about')
  assert.equal(await t.marker(), 'still here', 'history navigation stays in the app')
  assert.deepEqual(t.errors, [])
  await t.close()
})

test('a missing task is an Inertia page with a 404', async () => {
  // The 404 is the page under test (Chromium logs it).
  const t = await newPage(browser, { allow: [/status of 404 \(Not Found\)/] })
  const response = await t.page.goto(server.url + '/tasks/9999')
  assert.equal(response.status(), 404)
  assert.equal(await t.page.textContent('[data-testid=not-found]'), 'There is no task 9999.')
  await t.page.click('text=Back to the tasks')
  await t.page.waitForSelector('[data-testid=task]')
  await t.close()
})
