// Shared set-up for the browser tests: start the demo server on a free loopback port, launch
// Debian's chromium through playwright-core, save screenshots under target/e2e-screenshots.

import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))
export const workspace = resolve(here, '..', '..')
export const targetDir = process.env.CARGO_TARGET_DIR ?? join(workspace, 'target')
export const screenshotDir = join(targetDir, 'e2e-screenshots')

/**
 * Starts `command` and resolves once its output matches `ready` (a RegExp), with the match and
 * a `stop()` that ends the process. Rejects with the output if it exits or takes over
 * `timeout` ms (15 s).
 */
export async function startProcess(command, args, { env = {}, cwd = workspace, ready, cleanEnv = false, timeout = 15000, signal = 'SIGTERM' }) {
  const child = spawn(command, args, {
    cwd,
    // `cleanEnv`: only `env`, nothing inherited (a binary that needs nothing of its host).
    env: cleanEnv ? env : { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  const match = await new Promise((resolveMatch, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start:\n${log}`)), timeout)
    const onData = (chunk) => {
      log += chunk
      const found = ready.exec(log)
      if (found) {
        clearTimeout(timer)
        resolveMatch(found)
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}:\n${log}`)))
  })
  return {
    match,
    child,
    log: () => log,
    /** Stops the process (`signal`, SIGTERM by default); resolves with its exit code. */
    async stop(how = signal) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
      const exited = new Promise((r) => child.once('exit', (code) => r(code)))
      child.kill(how)
      return exited
    },
  }
}

/** Starts a server binary with `PORT=0` and resolves once it logs the address it listens on. */
export async function startServer(binary = join(targetDir, 'debug', 'demo'), env = {}, cwd = workspace, port = 0, cleanEnv = false) {
  const server = await startProcess(binary, [], {
    cwd,
    env: { PORT: String(port), RUST_LOG: 'info', NO_COLOR: '1', ...env },
    ready: /listening on (http:\/\/[\d.]+:\d+)/,
    cleanEnv,
  })
  return { url: server.match[1], log: server.log, stop: server.stop }
}

/** Launches headless chromium with the flags this machine needs (no network, no sandbox as root). */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}

/** The demo built against a second frontend build (`scripts/test.sh` makes it). */
export const demoB = join(targetDir, 'e2e', 'demo-b')

/**
 * A new page that records the requests it makes and the errors it meets: console errors,
 * uncaught exceptions, assets or pages answered with an error status, and requests that failed
 * on the network. `close()` fails the test if any of them is not in `allow` (RegExps naming
 * the errors a test provokes on purpose, e.g. the 404 it visits), so no flow passes while the
 * browser quietly failed to load something. `page.marker` sets a value on `window` that only
 * survives if the document is never reloaded. `cookies` are set in the page's context first.
 */
export async function newPage(browser, { allow = [], cookies = [] } = {}) {
  const context = await browser.newContext()
  // A signed-in user's cookies (`{ name, value, url }`), e.g. from tests/e2e/starters/account.js.
  if (cookies.length) await context.addCookies(cookies)
  // Fail fast: every step here takes well under a second when things work.
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  const requests = []
  const responses = []
  const errors = []
  page.on('request', (req) => requests.push(req))
  page.on('response', (res) => responses.push(res))
  page.on('console', (msg) => {
    // Chromium logs every failed XHR; a 422 is a Precognition answer for an invalid field
    // (Inertia form posts redirect instead), which the response handler below accounts for.
    if (msg.type() === 'error' && !/status of 422 \(Unprocessable Entity\)/.test(msg.text())) errors.push(msg.text())
  })
  page.on('pageerror', (err) => errors.push(String(err)))
  page.on('requestfailed', (req) => {
    // Inertia cancels a visit that a newer one replaces (and a prefetch it no longer needs):
    // an aborted XHR is the protocol working. Anything else that failed to load is an error.
    const aborted = req.failure()?.errorText === 'net::ERR_ABORTED'
    if (aborted && ['xhr', 'fetch'].includes(req.resourceType())) return
    errors.push(`failed to load ${req.url()}: ${req.failure()?.errorText}`)
  })
  page.on('response', (res) => {
    // Failed loads of the page itself or of assets are errors; Inertia responses with an
    // error status (a 404 page, a 409) and Precognition answers (422 for an invalid field)
    // are part of the protocol and checked by the tests.
    const headers = res.request().headers()
    if (res.status() >= 400 && !headers['x-inertia'] && !headers['precognition'] && res.request().resourceType() !== 'document') {
      errors.push(`${res.status()} ${res.url()}`)
    }
  })
  return {
    page,
    context,
    requests,
    responses,
    errors,
    /** Precognition requests (`Precognition: true`) made so far. */
    precognitionRequests: () => requests.filter((r) => r.headers()['precognition'] === 'true'),
    /** Inertia XHRs (requests with `X-Inertia`) made so far. */
    inertiaRequests: () => requests.filter((r) => r.headers()['x-inertia'] === 'true'),
    /**
     * Remembers the element with `data-testid=<testId>` as soon as the document is parsed,
     * before any module script runs (call before `goto`). `sameServerNode()` then says
     * whether it is still the element on the page: hydration keeps the server's nodes, a
     * client render replaces them.
     */
    async rememberServerNode(testId) {
      await page.addInitScript((id) => {
        document.addEventListener('readystatechange', () => {
          if (document.readyState === 'interactive') {
            window.__serverNode = document.querySelector(`[data-testid=${id}]`)
          }
        })
      }, testId)
      this.sameServerNode = () =>
        page.evaluate((id) => !!window.__serverNode && window.__serverNode === document.querySelector(`[data-testid=${id}]`), testId)
      this.serverNodeText = () => page.evaluate(() => window.__serverNode?.textContent ?? null)
    },
    async setMarker() {
      await page.evaluate(() => {
        window.__noReload = 'still here'
      })
    },
    async marker() {
      return page.evaluate(() => window.__noReload ?? null)
    },
    async screenshot(name) {
      mkdirSync(screenshotDir, { recursive: true })
      await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true })
    },
    /** The errors no `allow` pattern names. */
    unexpectedErrors: () => errors.filter((e) => !allow.some((pattern) => pattern.test(e))),
    async close() {
      const unexpected = errors.filter((e) => !allow.some((pattern) => pattern.test(e)))
      await context.close()
      if (unexpected.length) {
        throw new Error(`the browser met errors the test did not expect:\n  ${unexpected.join('\n  ')}`)
      }
    },
  }
}
