// The demo binary embeds its frontend: copied alone into an empty directory (and run from
// there), it still serves pages that boot in the browser.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { launchBrowser, newPage, startServer, targetDir } from './harness.js'

let dir
let server
let browser

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'inertia-single-binary-'))
  const binary = join(dir, 'demo')
  copyFileSync(join(targetDir, 'debug', 'demo'), binary)
  server = await startServer(binary, {}, dir)
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

test('a copied binary with no files beside it serves a working app', async () => {
  const t = await newPage(browser)
  await t.page.goto(server.url + '/about')
  await t.page.waitForSelector('[data-testid=version]')
  const version = await t.page.textContent('[data-testid=version]')
  assert.match(version, /^[0-9a-f]{16}$/)
  assert.deepEqual(t.errors, [])
  await t.close()
})
