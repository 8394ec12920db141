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
  assert.equal(await t.page.textContent('[data-testid=greeting]'), 'Hello from axum')
  assert.equal(await t.page.title(), 'Home · Inertia on axum')
  assert.equal(t.inertiaRequests().length, 0, 'the first page comes from the HTML, not an XHR')
  assert.deepEqual(t.errors, [])
  await t.screenshot('home')
  await t.close()
})

test('a link click is an Inertia XHR that swaps the page without a reload; back/forward work', async () => {
  const t = await newPage(browser)
  await t.page.goto(server.url + '/')
  await t.setMarker()
  await t.page.click('nav >> text=About')
  await t.page.waitForSelector('[data-testid=version]')
  assert.equal(new URL(t.page.url()).pathname, '/about')
  const xhr = t.inertiaRequests().find((r) => r.url().endsWith('/about'))
  assert.ok(xhr, 'the visit was made with X-Inertia')
  assert.ok(xhr.headers()['x-inertia-version'], 'the client sent its asset version')
  assert.equal(await t.marker(), 'still here', 'no full page load happened')
  assert.equal(await t.page.title(), 'About · Inertia on axum')
  await t.screenshot('about')

  await t.page.goBack()
  await t.page.waitForSelector('[data-testid=greeting]')
  assert.equal(new URL(t.page.url()).pathname, '/')
  await t.page.goForward()
  await t.page.waitForSelector('[data-testid=version]')
  assert.equal(await t.marker(), 'still here', 'history navigation stays in the app')
  assert.deepEqual(t.errors, [])
  await t.close()
})
