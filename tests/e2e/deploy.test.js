// A new deployment: the server restarts with another frontend build (another asset version).
// The next navigation gets a 409 and the browser reloads onto the new build.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { demoB, launchBrowser, newPage, startServer } from './harness.js'

let server
let browser

before(async () => {
  assert.ok(existsSync(demoB), `${demoB} is missing: scripts/test.sh builds it before these tests`)
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('after a deploy with new assets, the next visit gets 409 and a full reload onto the new version', async () => {
  // Chromium logs the 409 of the stale visit; it is what the test is about.
  const t = await newPage(browser, { allow: [/status of 409 \(Conflict\)/] })
  await t.page.goto(server.url + '/tasks')
  assert.equal(await t.page.textContent('[data-testid=build]'), 'A')
  const versionA = await t.page.textContent('[data-testid=page-version]')
  await t.setMarker()

  // Deploy: stop build A, start build B on the same address.
  const port = new URL(server.url).port
  await server.stop()
  server = await startServer(demoB, {}, undefined, Number(port))

  const conflict = t.page.waitForResponse((r) => r.status() === 409)
  await t.page.click('nav >> text=About')
  const response = await conflict
  assert.equal(response.headers()['x-inertia-location'], '/about')
  const versionB = response.headers()['x-inertia-version']
  assert.match(versionB, /^[0-9a-f]{16}$/)
  assert.notEqual(versionB, versionA)
  assert.equal(response.headers()['x-inertia'], undefined, 'a 409 is not a page')

  // The client reloads the target URL in full, with build B's assets.
  await t.page.waitForFunction(() => document.querySelector('[data-testid=build]')?.textContent === 'B')
  assert.equal(new URL(t.page.url()).pathname, '/about')
  assert.equal(await t.page.textContent('[data-testid=page-version]'), versionB)
  assert.equal(await t.page.textContent('[data-testid=version]'), versionB)
  assert.equal(await t.marker(), null, 'a full page load happened')
  await t.screenshot('after-deploy')

  // And then the app works normally on the new version: no loop.
  await t.setMarker()
  await t.page.click('nav >> text=Tasks')
  await t.page.waitForSelector('[data-testid=task]')
  assert.equal(await t.marker(), 'still here')
  assert.equal(t.responses.filter((r) => r.status() === 409).length, 1, 'exactly one 409')
  await t.close()
})
