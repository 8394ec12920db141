// Server-side rendering with the demo's real SSR bundle (`frontend/ssr/ssr.js`, built by
// `npm run build` from `src/ssr.tsx` with `@inertiajs/react/server`), run by plain node.

import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { launchBrowser, newPage, startProcess, startServer, workspace } from './harness.js'

const ssrBundle = join(workspace, 'examples', 'demo', 'frontend', 'ssr', 'ssr.js')

/** A loopback port nothing listens on (yet). */
async function freePort() {
  const server = createServer()
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address()
  await new Promise((r) => server.close(r))
  return port
}

/** Starts the SSR bundle on `port` and resolves once it says it listens. */
function startSsr(port) {
  return startProcess(process.execPath, [ssrBundle], {
    env: { SSR_PORT: String(port) },
    ready: /Inertia SSR server started/,
  })
}

let ssr, server, browser
before(async () => {
  const port = await freePort()
  ssr = await startSsr(port)
  server = await startServer(undefined, { DEMO_SSR: `http://127.0.0.1:${port}` })
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
  await ssr?.stop()
})

test('the first visit arrives rendered: markup, title and page object in the HTML', async () => {
  const html = await (await fetch(`${server.url}/tasks`)).text()
  assert.match(html, /<div data-server-rendered="true" id="app">/)
  // Content that only React renders (the task table), present before any JavaScript runs.
  assert.match(html, /<h1>Tasks <small/)
  assert.match(html, /<li data-testid="task">/)
  // The page's own title from the SSR head, and only one title.
  assert.match(html, /<title data-inertia="">Tasks · Inertia on axum<\/title>/)
  assert.equal(html.match(/<title/g).length, 1)
  assert.equal(html.match(/<script data-page="app"/g).length, 1)
})

test('the browser hydrates the server markup without re-rendering it', async () => {
  const t = await newPage(browser)
  // The server-rendered heading, remembered before any script runs: after hydration it
  // must be the very same DOM node.
  await t.rememberServerNode('greeting')
  await t.page.goto(`${server.url}/`)
  // Deferred props arrive only once the client runs: hydration is done by then.
  await t.page.getByTestId('stat-open').waitFor()
  assert.equal(await t.serverNodeText(), 'Hello from axum')
  assert.equal(
    await t.sameServerNode(),
    true,
    'the server-rendered node was replaced: the client re-rendered instead of hydrating',
  )
  assert.equal(await t.page.title(), 'Dashboard · Inertia on axum')
  // The hydrated app works: a link is an Inertia visit, not a reload.
  await t.setMarker()
  await t.page.getByRole('link', { name: 'Tasks', exact: true }).click()
  await t.page.getByRole('heading', { name: /^Tasks/ }).waitFor()
  assert.equal(await t.marker(), 'still here')
  await t.screenshot('ssr-dashboard-hydrated')
  assert.deepEqual(t.errors, [], 'no console errors (React reports hydration mismatches there)')
  await t.close()
})

test('with the SSR server down, pages still render in the browser', async () => {
  await ssr.stop()
  const t = await newPage(browser)
  const started = Date.now()
  const res = await t.page.goto(`${server.url}/about`)
  assert.equal(res.status(), 200)
  const html = await res.text()
  assert.doesNotMatch(html, /data-server-rendered/)
  await t.page.getByRole('heading', { name: 'About' }).waitFor()
  assert.ok(Date.now() - started < 5000)
  assert.deepEqual(t.errors, [])
  await t.close()
})
