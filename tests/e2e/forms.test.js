// The task form: validation errors after a submit, live validation as the user leaves a field
// (Precognition), a successful post that redirects with a flash message, and the CSRF token
// the client sends with every post.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { launchBrowser, newPage, startServer } from './harness.js'

let server
let browser

/** The form submission itself, not a Precognition request to the same URL. */
const isSubmit = (r) =>
  r.request().method() === 'POST' && new URL(r.url()).pathname === '/tasks' && !r.request().headers()['precognition']

/** The number of tasks, from the list page's JSON (an Inertia visit, as the client makes). */
async function taskCount(t) {
  const version = await (await t.page.request.get(server.url + '/version')).text()
  const res = await t.page.request.get(server.url + '/tasks', {
    headers: { 'X-Inertia': 'true', 'X-Inertia-Version': version },
  })
  return (await res.json()).props.tasks.total
}

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
  const posted = t.page.waitForResponse(isSubmit)
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
  const posted = t.page.waitForResponse(isSubmit)
  await t.page.click('button[type=submit]')
  const post = await posted
  assert.equal(post.status(), 303)
  assert.match(post.headers()['location'], /^\/tasks\/\d+$/)
  // The client sent the XSRF-TOKEN cookie back as the header the CSRF layer checks.
  const token = (await t.context.cookies()).find((c) => c.name === 'XSRF-TOKEN')
  assert.ok(token, 'the server set an XSRF-TOKEN cookie')
  assert.equal(post.request().headers()['x-xsrf-token'], decodeURIComponent(token.value))
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

test('leaving a field validates it on the server (Precognition) without creating anything', async () => {
  const t = await newPage(browser)
  await t.page.goto(server.url + '/tasks/new')
  const before = await taskCount(t)
  await t.page.fill('input[name=title]', 'ab')
  const checked = t.page.waitForResponse((r) => r.request().headers()['precognition'] === 'true')
  await t.page.press('input[name=title]', 'Tab')
  const answer = await checked
  assert.equal(answer.status(), 422)
  assert.equal(answer.headers()['precognition'], 'true')
  assert.equal(answer.request().headers()['precognition-validate-only'], 'title')
  assert.ok(answer.request().headers()['x-xsrf-token'], 'Precognition requests carry the CSRF token too')
  await t.page.waitForSelector('[data-testid=error-title]')
  assert.equal(await t.page.textContent('[data-testid=error-title]'), 'The title must be at least 3 characters.')
  // Only the field that was left is validated: the empty (valid) due date shows nothing, and
  // the other fields' rules are not reported.
  assert.equal(await t.page.locator('[data-testid=error-due]').count(), 0)

  await t.page.fill('input[name=title]', 'A proper title')
  const again = t.page.waitForResponse((r) => r.request().headers()['precognition'] === 'true')
  await t.page.press('input[name=title]', 'Tab')
  const ok = await again
  assert.equal(ok.status(), 204)
  assert.equal(ok.headers()['precognition-success'], 'true')
  await t.page.waitForSelector('[data-testid=valid-title]')
  assert.equal(await t.page.locator('[data-testid=error-title]').count(), 0)
  assert.equal(new URL(t.page.url()).pathname, '/tasks/new', 'no visit happened')
  assert.equal(await taskCount(t), before, 'Precognition never runs the handler')
  assert.ok(t.precognitionRequests().length >= 2)
  await t.screenshot('form-precognition')
  assert.deepEqual(t.errors, [])
  await t.close()
})

test('a post without a valid CSRF token goes back to the form with a message, and the retry works', async () => {
  const t = await newPage(browser)
  await t.page.goto(server.url + '/tasks/new')
  const before = await taskCount(t)
  // As if the token cookie expired while the form was open.
  await t.context.clearCookies({ name: 'XSRF-TOKEN' })
  await t.page.fill('input[name=title]', 'Posted without a token')
  const refused = t.page.waitForResponse(isSubmit)
  // Enter submits without leaving the field (leaving it would validate it first, and that
  // answer would already bring a fresh token).
  await t.page.press('input[name=title]', 'Enter')
  const post = await refused
  assert.equal(post.status(), 303, 'redirected back, not a 419 error page')
  assert.equal(post.request().headers()['x-xsrf-token'], undefined)
  await t.page.waitForSelector('[data-testid=flash-error]')
  assert.equal(await t.page.textContent('[data-testid=flash-error]'), 'The page expired, please try again.')
  assert.equal(new URL(t.page.url()).pathname, '/tasks/new')
  assert.equal(await t.page.inputValue('input[name=title]'), 'Posted without a token', 'the input is kept')
  assert.equal(await taskCount(t), before, 'the handler did not run')

  // The refusal set a fresh token: submitting again creates the task.
  const retried = t.page.waitForResponse(isSubmit)
  await t.page.click('button[type=submit]')
  assert.equal((await retried).status(), 303)
  await t.page.waitForSelector('[data-testid=task-title]')
  assert.equal(await t.page.textContent('[data-testid=task-title]'), 'Posted without a token')
  assert.equal(await taskCount(t), before + 1)
  assert.deepEqual(t.errors, [])
  await t.close()
})

test('a chosen file makes the client post multipart; the server stores it with the task', async () => {
  const t = await newPage(browser)
  await t.page.goto(server.url + '/tasks/new')
  await t.page.fill('input[name=title]', 'Task with a file')
  await t.page.setInputFiles('input[name=attachment]', {
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('remember the milk'),
  })
  const posted = t.page.waitForResponse(isSubmit)
  await t.page.click('button[type=submit]')
  const post = await posted
  assert.match(post.request().headers()['content-type'], /^multipart\/form-data; boundary=/)
  assert.equal(post.status(), 303)
  await t.page.waitForSelector('[data-testid=attachment]')
  assert.equal(await t.page.textContent('[data-testid=task-title]'), 'Task with a file')
  assert.equal(await t.page.textContent('[data-testid=attachment]'), 'notes.txt (17 bytes)')
  await t.screenshot('task-with-attachment')
  assert.deepEqual(t.errors, [])
  await t.close()
})

test('a file over the limit comes back as an error of that field, the rest of the input kept', async () => {
  const t = await newPage(browser)
  await t.page.goto(server.url + '/tasks/new')
  const before = await taskCount(t)
  await t.page.fill('input[name=title]', 'Too big a file')
  await t.page.setInputFiles('input[name=attachment]', {
    name: 'big.bin',
    mimeType: 'application/octet-stream',
    buffer: Buffer.alloc(1024 * 1024 + 1, 120),
  })
  const posted = t.page.waitForResponse(isSubmit)
  await t.page.click('button[type=submit]')
  assert.equal((await posted).status(), 303)
  await t.page.waitForSelector('[data-testid=error-attachment]')
  assert.equal(await t.page.textContent('[data-testid=error-attachment]'), 'The attachment must not be larger than 1 MB.')
  assert.equal(await t.page.inputValue('input[name=title]'), 'Too big a file')
  assert.equal(new URL(t.page.url()).pathname, '/tasks/new')
  assert.equal(await taskCount(t), before, 'nothing was created')
  assert.deepEqual(t.errors, [])
  await t.close()
})
