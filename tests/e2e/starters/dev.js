// `cargo inertia dev` in a starter (scripts/starters.sh makes it): Vite and the server start
// together, the page loads its modules from Vite, a component edit updates the page in place
// (hot module replacement), a Rust edit rebuilds and restarts the server, and Ctrl-C stops
// both and removes the hot file.
//   STARTER_FRAMEWORK  react | vue | svelte
//   STARTER_DIR        the app
//   CARGO_INERTIA      the cargo-inertia binary
//   STARTER_SSR        1 when the app renders on the server
//   STARTER_TS         1 for a TypeScript app
import assert from 'node:assert/strict'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { launchBrowser, newPage, startProcess } from '../harness.js'
import { signUp } from './account.js'

const framework = process.env.STARTER_FRAMEWORK
const dir = process.env.STARTER_DIR
const cargoInertia = process.env.CARGO_INERTIA
const ssr = process.env.STARTER_SSR === '1'
const pageExt = { react: process.env.STARTER_TS === '1' ? 'tsx' : 'jsx', vue: 'vue', svelte: 'svelte' }[framework]
const dashboard = join(dir ?? '', 'frontend/src/Pages', `Dashboard.${pageExt}`)
const pagesRs = join(dir ?? '', 'src/pages.rs')
const routesRs = join(dir ?? '', 'src/routes.rs')
const routesFile = join(dir ?? '', 'frontend/src', process.env.STARTER_TS === '1' ? 'routes.ts' : 'routes.js')
const hotFile = join(dir ?? '', 'frontend/hot')

/** A port nothing listens on now. */
function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** Whether something accepts connections on `port`. */
function listening(port) {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' })
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

async function until(what, check, timeout = 30_000) {
  const end = Date.now() + timeout
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

let dev, browser, port, vitePort
const originals = new Map()
function edit(file, from, to) {
  if (!originals.has(file)) originals.set(file, readFileSync(file, 'utf8'))
  const text = readFileSync(file, 'utf8')
  assert.ok(text.includes(from), `${file} has ${from}`)
  writeFileSync(file, text.replace(from, to))
}

before(async () => {
  assert.ok(framework && dir && cargoInertia, 'run through scripts/starters.sh (STARTER_* variables)')
  port = await freePort()
  vitePort = await freePort()
  dev = await startProcess(cargoInertia, ['inertia', 'dev', '--port', String(port), '--vite-port', String(vitePort)], {
    cwd: dir,
    env: { NO_COLOR: '1' },
    ready: /listening on (http:\/\/[\d.]+:\d+)/,
    // The first debug build of the app.
    timeout: 600_000,
    signal: 'SIGINT',
  })
  browser = await launchBrowser()
  // The pages below are for signed-in users (a new account in the app's development database).
  user = await signUp(url(), { name: 'Dev User', email: `dev-${Date.now()}@example.test`, password: 'development password' })
})
after(async () => {
  await browser?.close()
  await dev?.stop('SIGINT')
  for (const [file, text] of originals) writeFileSync(file, text)
})

const url = () => `http://127.0.0.1:${port}`
let user

test(`${framework}: pages load their modules from Vite, whose URL is in the hot file`, async () => {
  assert.equal(dev.match[1], url())
  const hot = await until('the hot file', () => existsSync(hotFile) && readFileSync(hotFile, 'utf8'))
  assert.equal(hot, `http://localhost:${vitePort}`)
  const html = await (await fetch(`${url()}/`, { headers: { cookie: user.header } })).text()
  assert.match(html, new RegExp(`<script type="module" src="http://localhost:${vitePort}/@vite/client"></script>`))
  const page = JSON.parse(html.match(/<script data-page="app" type="application\/json">(.*?)<\/script>/)[1])
  assert.equal(page.version, hot, 'the asset version is the dev server while it runs (no 409s)')
  assert.match(dev.log(), /vite +│/, 'Vite output is prefixed')
  assert.match(dev.log(), /server │/, 'server output is prefixed')
  // The server's start line does not present the embedded build's version as the one in use.
  assert.match(dev.log(), /starting; while Vite runs/)
  assert.doesNotMatch(dev.log(), /INFO [^\n]*starting version=/)
})

test(`${framework}: first visits are rendered by Vite's SSR endpoint from the current sources`, { skip: !ssr && 'the app renders in the browser only (no --ssr)' }, async () => {
  // The endpoint skips renders while it warms up; then every first visit is rendered.
  await until('a server-rendered page', async () => /data-server-rendered="true"/.test(await (await fetch(`${url()}/`, { headers: { cookie: user.header } })).text()))
  // Vite rendered it: the binary never loaded its own bundle (`Ssr::lazy` in debug builds).
  assert.doesNotMatch(dev.log(), /embedded SSR: bundle loaded/)
})

test(`${framework}: editing a component updates the open page in place`, async () => {
  const t = await newPage(browser, { cookies: user.browser })
  // Development builds warn about mistakes (hydration mismatches, stray attributes): none.
  const warnings = []
  t.page.on('console', (msg) => msg.type() === 'warning' && warnings.push(msg.text()))
  await t.page.goto(`${url()}/`)
  await t.page.getByTestId('greeting').waitFor()
  await t.page.getByText('Rendered at').waitFor()
  // From the first visit on, no reload: Vite knew every page's dependencies at startup.
  await t.setMarker()
  await t.page.getByRole('link', { name: 'Contacts', exact: true }).click()
  await t.page.getByTestId('summary').waitFor()
  await t.page.getByRole('link', { name: 'Dashboard', exact: true }).click()
  await t.page.getByText('Rendered at').waitFor()
  assert.equal(await t.marker(), 'still here', 'the first visits did not reload the page')
  assert.doesNotMatch(dev.log(), /new dependencies optimized|optimized dependencies changed/)
  edit(dashboard, 'Rendered at', 'Drawn at')
  await t.page.getByText('Drawn at').waitFor({ timeout: 15_000 })
  assert.equal(await t.marker(), 'still here', 'hot module replacement, not a reload')
  assert.equal(await t.page.textContent('[data-testid=greeting]'), 'Hello from axum')
  assert.deepEqual(t.errors, [])
  assert.deepEqual(warnings, [])
  await t.close()
})

test(`${framework}: editing Rust rebuilds and restarts the server, which writes the route helpers again`, async () => {
  const started = () => (dev.log().match(/listening on http/g) ?? []).length
  const before = started()
  originals.set(routesFile, readFileSync(routesFile, 'utf8'))
  edit(pagesRs, '"Hello from axum"', '"Hello again"')
  edit(routesRs, '.get("dashboard", "/", pages::dashboard)', '.get("dashboard", "/", pages::dashboard).get("home", "/home", pages::dashboard)')
  await until('the restarted server', () => started() > before, 300_000)
  const page = await until('the new greeting', async () => {
    const res = await fetch(`${url()}/`, { headers: { 'X-Inertia': 'true', 'X-Inertia-Version': `http://localhost:${vitePort}`, cookie: user.header } }).catch(() => null)
    const body = res?.ok ? await res.json() : null
    return body?.props?.greeting === 'Hello again' && body
  })
  assert.equal(page.component, 'Dashboard')
  assert.match(readFileSync(routesFile, 'utf8'), /export const home = fixed\('get', "\/home"\)/, 'the new route has its helper')
  assert.equal(await listening(vitePort), true, 'Vite kept running')
})

test(`${framework}: Ctrl-C stops Vite and the server and removes the hot file`, async () => {
  const code = await dev.stop('SIGINT')
  assert.equal(code, 0, dev.log().slice(-2000))
  assert.equal(existsSync(hotFile), false, 'no stale hot file')
  assert.equal(await listening(port), false, 'the server stopped')
  assert.equal(await listening(vitePort), false, 'Vite stopped')
  assert.match(dev.log(), /Stopped Vite and the server/)
})
