// Deferred props, partial reloads and infinite scroll: the props protocol in a real browser.
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

test('deferred props appear after the page, loaded by one partial reload per group', async () => {
  const t = await newPage(browser)
  await t.page.goto(server.url + '/')
  // The page is shown before the slow numbers exist.
  await t.page.waitForSelector('[data-testid=stats-loading]')
  await t.page.waitForSelector('[data-testid=stat-open]')
  assert.match(await t.page.textContent('[data-testid=stat-open]'), /^\d+open tasks$/)
  await t.page.waitForSelector('[data-testid=tip]')
  const loads = t.inertiaRequests().map((r) => r.headers()['x-inertia-partial-data']).filter(Boolean).sort()
  assert.deepEqual(loads, ['stats', 'tip'], 'one request per deferred group')
  assert.deepEqual(t.errors, [])
  await t.close()
})

test('a partial reload asks for one prop and updates only that prop', async () => {
  const t = await newPage(browser)
  await t.page.goto(server.url + '/tasks')
  await t.setMarker()
  const servedAt = await t.page.textContent('[data-testid=list-served-at]')
  const countsAt = await t.page.textContent('[data-testid=counts-at]')
  const reloaded = t.page.waitForResponse((r) => r.request().headers()['x-inertia-partial-data'] === 'counts')
  await t.page.click('[data-testid=refresh-counts]')
  const response = await reloaded
  const body = await response.json()
  assert.deepEqual(Object.keys(body.props).sort(), ['counts', 'errors'], 'only the requested prop (and the always-prop errors) came back')
  assert.equal(response.request().headers()['x-inertia-partial-component'], 'Tasks/Index')
  await t.page.waitForFunction((before) => document.querySelector('[data-testid=counts-at]').textContent !== before, countsAt)
  assert.equal(await t.page.textContent('[data-testid=list-served-at]'), servedAt, 'other props kept their values')
  assert.equal(await t.marker(), 'still here')
  assert.deepEqual(t.errors, [])
  await t.close()
})

test('infinite scroll loads the next page and appends it', async () => {
  const t = await newPage(browser)
  await t.page.setViewportSize({ width: 1000, height: 600 })
  await t.page.goto(server.url + '/tasks')
  // The page's component is a chunk of its own, loaded after the document: wait for it.
  await t.page.locator('[data-testid=task]').first().waitFor()
  assert.equal(await t.page.locator('[data-testid=task]').count(), 10)
  await t.screenshot('tasks')
  const next = t.page.waitForResponse((r) => r.request().headers()['x-inertia-infinite-scroll-merge-intent'] === 'append')
  await t.page.locator('[data-testid=task]').last().scrollIntoViewIfNeeded()
  await t.page.mouse.wheel(0, 4000)
  const response = await next
  const body = await response.json()
  assert.deepEqual(body.mergeProps, ['tasks.data'])
  assert.equal(body.scrollProps.tasks.currentPage, 2)
  await t.page.waitForFunction(() => document.querySelectorAll('[data-testid=task]').length >= 20)
  const titles = await t.page.locator('[data-testid=task] a').allTextContents()
  assert.equal(new Set(titles).size >= 19, true, 'the new page was appended, not swapped in')
  assert.deepEqual(t.errors, [])
  await t.close()
})

test('an external redirect is a 409 with X-Inertia-Location and a full page visit', async () => {
  // The 409 that sends the browser away is the subject (Chromium logs it).
  const t = await newPage(browser, { allow: [/status of 409 \(Conflict\)/] })
  // The machine has no internet: answer for inertiajs.com locally.
  await t.page.context().route('https://inertiajs.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<h1 id="external">Inertia docs</h1>' }))
  await t.page.goto(server.url + '/')
  const conflict = t.page.waitForResponse((r) => new URL(r.url()).pathname === '/docs')
  await t.page.click('nav >> text=Inertia docs')
  const response = await conflict
  assert.equal(response.status(), 409)
  assert.equal(response.headers()['x-inertia-location'], 'https://inertiajs.com/')
  await t.page.waitForSelector('#external')
  assert.equal(t.page.url(), 'https://inertiajs.com/')
  await t.close()
})
