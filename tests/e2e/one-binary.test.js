// The release build of the demo with server-side rendering inside (`cargo build --release -p
// demo --features embedded-ssr`, which scripts/test.sh makes): copied alone into an empty
// directory, started from `/` with nothing in its environment but its port, and no Node
// process anywhere, it serves the app rendered on the server, with compressed assets, and the
// browser hydrates it.
import assert from 'node:assert/strict'
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { launchBrowser, newPage, startServer, targetDir } from './harness.js'

const release = process.env.ONE_BINARY ?? join(targetDir, 'release', 'demo')

let dir, server, browser
before(async () => {
  assert.ok(existsSync(release), `${release} is missing: cargo build --release -p demo --features embedded-ssr`)
  dir = mkdtempSync(join(tmpdir(), 'inertia-one-binary-'))
  const binary = join(dir, 'demo')
  copyFileSync(release, binary)
  // Working directory `/`, an empty environment: no manifest, bundle or asset on disk.
  server = await startServer(binary, {}, '/', 0, true)
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

test('the binary is the whole deployment', () => {
  assert.deepEqual(readdirSync(dir), ['demo'])
  assert.match(server.log(), /embedded SSR: bundle loaded/)
})

test('first visits arrive rendered by the binary itself', async () => {
  const html = await (await fetch(`${server.url}/tasks`)).text()
  assert.match(html, /<div data-server-rendered="true" id="app">/)
  assert.match(html, /<li data-testid="task">/)
  assert.match(html, /<title data-inertia="">Tasks · Inertia on axum<\/title>/)
  assert.equal(html.match(/<title/g).length, 1)
})

test('the browser hydrates the server markup, and the assets arrive compressed', async () => {
  const t = await newPage(browser)
  await t.rememberServerNode('greeting')
  await t.page.goto(`${server.url}/`)
  await t.page.getByTestId('stat-open').waitFor()
  assert.equal(
    await t.sameServerNode(),
    true,
    'the server-rendered node was replaced: the client re-rendered instead of hydrating',
  )
  const script = t.responses.find((r) => /\/build\/assets\/main-.*\.js$/.test(r.url()))
  assert.ok(script, 'the main script was loaded')
  const encoding = (await script.allHeaders())['content-encoding']
  assert.ok(['br', 'gzip'].includes(encoding), `the main script came ${encoding ?? 'uncompressed'}`)
  await t.setMarker()
  await t.page.getByRole('link', { name: 'Tasks', exact: true }).click()
  await t.page.getByRole('heading', { name: /^Tasks/ }).waitFor()
  assert.equal(await t.marker(), 'still here')
  await t.screenshot('one-binary-hydrated')
  assert.deepEqual(t.errors, [], 'no console errors (React reports hydration mismatches there)')
  await t.close()
})

test('a page that cannot render on the server falls back to the browser, and only that page', async () => {
  const html = await (await fetch(`${server.url}/labs/browser-only`)).text()
  assert.doesNotMatch(html, /data-server-rendered/)
  assert.match(html, /<script data-page="app"/)
  const t = await newPage(browser)
  await t.page.goto(`${server.url}/labs/browser-only`)
  await t.page.getByTestId('browser-only').waitFor()
  assert.match(await t.page.textContent('[data-testid=width]'), /^\d+$/)
  assert.deepEqual(t.errors, [])
  await t.close()
  const next = await (await fetch(`${server.url}/about`)).text()
  assert.match(next, /data-server-rendered="true"/, 'the next page is rendered on the server again')
})
