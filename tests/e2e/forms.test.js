// A form with validation errors, and a successful post that redirects with a flash message.
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

test('invalid input comes back as errors next to the fields, with the typed values kept', async () => {
  const t = await newPage(browser)
  await t.page.goto(server.url + '/tasks/new')
  await t.setMarker()
  await t.page.fill('input[name=title]', 'ab')
  await t.page.fill('textarea[name=description]', 'Something to keep')
  await t.page.fill('input[name=due]', 'next tuesday')
  const posted = t.page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/tasks')
  await t.page.click('button[type=submit]')
  const post = await posted
  assert.equal(post.status(), 303, 'a redirect back, followed by the XHR')
  await t.page.waitForSelector('[data-testid=error-title]')
  assert.equal(await t.page.textContent('[data-testid=error-title]'), 'The title must be at least 3 characters.')
  assert.equal(await t.page.textContent('[data-testid=error-due]'), 'The due date must look like 2026-12-31.')
  assert.equal(await t.page.inputValue('input[name=title]'), 'ab')
  assert.equal(await t.page.inputValue('textarea[name=description]'), 'Something to keep')
  assert.equal(await t.page.inputValue('input[name=due]'), 'next tuesday')
  assert.equal(new URL(t.page.url()).pathname, '/tasks/new')
  assert.equal(await t.marker(), 'still here')
  await t.screenshot('form-errors')
  assert.deepEqual(t.errors, [])
  await t.close()
})

test('a valid post redirects (303) to the new task and shows the flash once', async () => {
  const t = await newPage(browser)
  await t.page.goto(server.url + '/tasks/new')
  await t.page.fill('input[name=title]', 'Write the e2e tests')
  await t.page.fill('input[name=due]', '2026-12-24')
  const posted = t.page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/tasks')
  await t.page.click('button[type=submit]')
  const post = await posted
  assert.equal(post.status(), 303)
  assert.match(post.headers()['location'], /^\/tasks\/\d+$/)
  await t.page.waitForSelector('[data-testid=task-title]')
  assert.equal(await t.page.textContent('[data-testid=task-title]'), 'Write the e2e tests')
  assert.equal(await t.page.textContent('[data-testid=flash]'), 'Created “Write the e2e tests”.')
  await t.screenshot('task-created')
  // The flash was for that page only.
  await t.page.click('text=← All tasks')
  await t.page.waitForSelector('[data-testid=task]')
  assert.equal(await t.page.locator('[data-testid=flash]').count(), 0)
  assert.deepEqual(t.errors, [])
  await t.close()
})
