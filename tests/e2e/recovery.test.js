// The asset-recovery script (inertia-runtime's frontend/recovery.rs) in Chromium, with the
// demo's lazily loaded pages: a page chunk or entry script that no server has any more (what a
// rolling deploy without the build history does) costs one full page load to where the user
// was going, never a blank page, and never a reload loop.
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

// What Chromium logs for the 404s these tests provoke.
const notFound = /Failed to load resource: the server responded with a status of 404/

/** Answers requests for files matching `pattern` with 404 (`times` times, or always). */
async function missing(page, pattern, times = Infinity) {
  let left = times
  const hits = []
  await page.route(pattern, (route) => {
    if (left-- > 0) {
      hits.push(route.request().url())
      return route.fulfill({ status: 404, body: '' })
    }
    return route.continue()
  })
  return hits
}

/** Full document loads of the main frame so far (the first visit included). */
function documentLoads(t) {
  return t.requests.filter((r) => r.resourceType() === 'document' && r.frame() === t.page.mainFrame())
}

test('a page chunk gone from the server: one full load of the visit it belonged to', async () => {
  // The 404 of the chunk and the failed import that follows are what is being recovered from.
  const t = await newPage(browser, { allow: [notFound, /404 .*About-.*\.js/, /About-.*\.js/, /Failed to fetch dynamically imported module/] })
  await t.page.goto(server.url + '/')
  await t.page.waitForSelector('[data-testid=greeting]')
  const hits = await missing(t.page, '**/build/assets/About-*.js', 1)
  await t.page.click('nav >> text=About')
  await t.page.waitForSelector('[data-testid=version]')
  assert.equal(new URL(t.page.url()).pathname, '/about', 'the tab went where the click was going')
  assert.equal(hits.length, 1, 'the chunk failed once')
  const loads = documentLoads(t).map((r) => new URL(r.url()).pathname)
  assert.deepEqual(loads, ['/', '/about'], 'one full load, of the visit the chunk was for')
  await t.close()
})

test('an entry script that fails loads the page once more', async () => {
  const t = await newPage(browser, { allow: [notFound, /404 .*main-.*\.js/, /main-.*\.js/, /vendor-.*\.js: net::ERR_ABORTED/] })
  const hits = await missing(t.page, '**/build/assets/main-*.js', 1)
  await t.page.goto(server.url + '/about')
  await t.page.waitForSelector('[data-testid=version]')
  assert.equal(hits.length, 1)
  assert.deepEqual(documentLoads(t).map((r) => new URL(r.url()).pathname), ['/about', '/about'])
  await t.close()
})

test('a file that stays missing: one reload, then no loop', async () => {
  const t = await newPage(browser, { allow: [notFound, /About-.*\.js/, /Failed to fetch dynamically imported module/, /Uncaught|Error/] })
  await t.page.goto(server.url + '/')
  await t.page.waitForSelector('[data-testid=greeting]')
  await missing(t.page, '**/build/assets/About-*.js')
  await t.page.click('nav >> text=About')
  // The full load of /about fails to load its page chunk again: the script must not reload
  // a second time within its 10 s window. Give a loop every chance to show.
  await t.page.waitForTimeout(3000)
  const loads = documentLoads(t).map((r) => new URL(r.url()).pathname)
  assert.deepEqual(loads, ['/', '/about'], `document loads: ${loads.join(', ')}`)
  await t.close()
})

test('without the script (Vite::reload_on_asset_error(false)) the same failure leaves the old page', async () => {
  // Proves the first test can fail: the demo turns the script off with DEMO_ASSET_RECOVERY=off.
  const plain = await startServer(undefined, { DEMO_ASSET_RECOVERY: 'off' })
  try {
    const t = await newPage(browser, { allow: [notFound, /About-.*\.js/, /Failed to fetch dynamically imported module/, /Uncaught|Error/] })
    await t.page.goto(plain.url + '/')
    await t.page.waitForSelector('[data-testid=greeting]')
    await missing(t.page, '**/build/assets/About-*.js', 1)
    await t.page.click('nav >> text=About')
    await t.page.waitForTimeout(2000)
    assert.equal(new URL(t.page.url()).pathname, '/', 'the visit was lost')
    assert.equal(documentLoads(t).length, 1, 'no recovery load')
    await t.close()
  } finally {
    await plain.stop()
  }
})
