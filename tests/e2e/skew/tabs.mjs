// Browser tabs for scripts/skew-deploy.sh: N Chromium tabs (one browser context each, so one
// user each), the official Inertia client on the demo, browsing its lazily loaded pages and
// posting its form without pause while the script replaces the servers behind nginx.
//
//   node tests/e2e/skew/tabs.mjs URL TABS [ACTIONS_AFTER]
//
// stderr: `ready` once every tab has loaded a page and made a first round of visits, then
// `actions N` as they go. SIGUSR2 marks the start of the rollout, SIGUSR1 its end; after the
// end, each tab makes ACTIONS_AFTER (default 8) more actions and the results go to stdout as
// JSON: per tab, the actions made, what was lost, every failed asset request, page error and
// blank page, every full page load with its time and phase, and the versions seen.

import { launchBrowser } from '../harness.js'

const [base, tabsArg, afterArg] = process.argv.slice(2)
const tabCount = Number(tabsArg ?? 8)
const actionsAfter = Number(afterArg ?? 8)
const started = Date.now()
const phase = { rolloutStart: null, rolloutEnd: null }
process.on('SIGUSR2', () => (phase.rolloutStart = Date.now() - started))
process.on('SIGUSR1', () => (phase.rolloutEnd = Date.now() - started))

/**
 * The round each tab makes: a link, the page it leads to, an element only that page has. The
 * round starts with a fresh page load, as a visitor arriving during the rollout would (typing
 * the address, a bookmark): those loads are the user's, not counted as reloads.
 */
const ROUND = [
  { arrive: true, path: '/about', ready: '[data-testid=version]' },
  { link: 'Tasks', path: '/tasks', ready: '[data-testid=counts]' },
  { link: 'New task', path: '/tasks/new', ready: 'input[name=title]', post: true },
  { link: 'About', path: '/about', ready: '[data-testid=version]' },
  { link: 'Dashboard', path: '/', ready: '[data-testid=greeting]' },
]
const STEP_TIMEOUT = 15_000

let totalActions = 0
const report = () => process.stderr.write(`actions ${totalActions}\n`)

async function runTab(browser, index, allReady) {
  const context = await browser.newContext()
  const page = await context.newPage()
  page.setDefaultTimeout(STEP_TIMEOUT)
  // No HTTP cache: every document (a first visit, the reload after a 409) asks the servers for
  // its files again, as a browser that has not seen them would, so files of A are asked of B
  // servers and files of B of A servers as often as the rollout allows.
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
  const tab = {
    index,
    actions: 0,
    posts: 0,
    lost: [],
    assetFailures: [],
    pageErrors: [],
    blank: 0,
    loads: [],
    versions: [],
    actionsAfterRollout: 0,
    /** The most full page loads one action (a click, a form post) caused. */
    maxLoadsPerAction: 0,
  }
  const now = () => Date.now() - started
  // The next document load is the user's own (a visitor arriving), not a reload.
  let userLoad = false
  page.on('request', (req) => {
    if (req.resourceType() === 'document' && req.frame() === page.mainFrame()) {
      if (userLoad) userLoad = false
      else tab.loads.push({ at: now(), url: new URL(req.url()).pathname })
    }
  })
  page.on('response', (res) => {
    const url = new URL(res.url())
    if (url.pathname.startsWith('/build/') && res.status() >= 400) {
      tab.assetFailures.push(`${res.status()} ${url.pathname} at ${now()} ms`)
    }
  })
  page.on('requestfailed', (req) => {
    const url = new URL(req.url())
    // A full page load cancels the requests of the page it replaces: not a failure.
    if (url.pathname.startsWith('/build/') && req.failure()?.errorText !== 'net::ERR_ABORTED') {
      tab.assetFailures.push(`${req.failure()?.errorText} ${url.pathname} at ${now()} ms`)
    }
  })
  page.on('pageerror', (err) => tab.pageErrors.push(`${String(err)} at ${now()} ms`))
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return
    // Chromium logs every response with an error status. Inertia's own (a 409 asking for a
    // reload, the 404 page of a task another server holds) are the protocol at work; built
    // files that fail are counted above.
    if (/^Failed to load resource: the server responded with a status of/.test(msg.text())) return
    tab.pageErrors.push(`console: ${msg.text()} at ${now()} ms`)
  })

  const version = async () => {
    const text = await page.locator('[data-testid=page-version]').textContent({ timeout: STEP_TIMEOUT })
    if (tab.versions.at(-1)?.version !== text) tab.versions.push({ version: text, at: now() })
    return text
  }

  /** Waits for `path` with its `ready` element; a miss is a lost visit (a blank page if #app is empty). */
  const arrive = async (what, path, ready) => {
    try {
      await page.waitForURL((u) => u.pathname === path, { waitUntil: 'commit' })
      await page.locator(ready).first().waitFor({ state: 'visible' })
      await version()
      return true
    } catch (e) {
      const empty = await page.evaluate(() => !document.querySelector('#app')?.children.length).catch(() => true)
      if (empty) tab.blank += 1
      tab.lost.push(`${what} (${empty ? 'blank page' : String(e).split('\n')[0]}) at ${now()} ms`)
      // Start over from a full page load, as a user would.
      await page.goto(base + '/').catch(() => {})
      return false
    }
  }

  userLoad = true
  await page.goto(base + '/')
  await arrive('first visit', '/', '[data-testid=greeting]')
  let step = 0
  const act = async () => {
    const { arrive: arrival, link, path, ready, post } = ROUND[step % ROUND.length]
    step += 1
    const counted = (loadsBefore) => {
      tab.maxLoadsPerAction = Math.max(tab.maxLoadsPerAction, tab.loads.length - loadsBefore)
    }
    let loadsBefore = tab.loads.length
    if (arrival) {
      userLoad = true
      await page.goto(base + path).catch(() => {})
    } else {
      await page.click(`nav >> text=${link}`).catch(() => {})
    }
    const arrived = await arrive(`visit ${path}`, path, ready)
    counted(loadsBefore)
    tab.actions += 1
    totalActions += 1
    if (arrived && post) {
      tab.posts += 1
      const title = `Skew ${index}-${tab.posts}`
      await page.fill('input[name=title]', title)
      loadsBefore = tab.loads.length
      await page.click('button[type=submit]')
      try {
        // The flash comes in the visit cookie: whichever server shows the next page (the task,
        // or "not found" on a server that does not hold it) shows it.
        await page.locator('[data-testid=flash]', { hasText: `Created “${title}”.` }).waitFor()
        await version()
        counted(loadsBefore)
      } catch (e) {
        tab.lost.push(`post ${title} (${String(e).split('\n')[0]}) at ${now()} ms`)
        await page.goto(base + '/').catch(() => {})
      }
      tab.actions += 1
      totalActions += 1
    }
    if (phase.rolloutEnd !== null) tab.actionsAfterRollout += 1
  }
  for (let i = 0; i < ROUND.length; i++) await act()
  allReady(index)
  while (phase.rolloutEnd === null || tab.actionsAfterRollout < actionsAfter) await act()
  await context.close()
  return tab
}

const browser = await launchBrowser()
const ready = new Set()
const ticker = setInterval(report, 500)
const tabs = await Promise.all(
  Array.from({ length: tabCount }, (_, i) =>
    runTab(browser, i, (index) => {
      ready.add(index)
      if (ready.size === tabCount) process.stderr.write('ready\n')
    }),
  ),
)
clearInterval(ticker)
await browser.close()
process.stdout.write(JSON.stringify({ phase, tabs }) + '\n')
