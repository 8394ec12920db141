// Inertia clients against a URL, for the rolling-deploy test: each client loads a page in full
// (HTML), then makes Inertia visits with the version it has; on a 409 it does what the
// official client does, a full visit of X-Inertia-Location, and goes on with the version it
// gets there. Paced by events, not by the clock: once every client has made `visits` visits it
// prints `ready` on stderr (the deploy may start); after SIGUSR1 (the deploy is done) each
// makes `visits` more on the version it then has, and the run ends, printing one JSON line with
// what each client saw. A run that takes over two minutes ends as it is, with a failure.
// Usage: node clients.mjs <url> <clients> <visits>

const [url, clients = '16', visitsEach = '50'] = process.argv.slice(2)
const pages = ['/', '/tasks', '/tasks?page=2', '/tasks/1', '/about']
const visits = Number(visitsEach)
const deadline = Date.now() + 120_000
let ready = 0
let deployed = false
process.on('SIGUSR1', () => {
  deployed = true
})

/** The page object embedded in a first visit's HTML. */
function pageOf(html) {
  const match = /<script data-page="app" type="application\/json">([^<]*)<\/script>/.exec(html)
  if (!match) throw new Error(`no page object in:\n${html.slice(0, 300)}`)
  return JSON.parse(match[1])
}

async function fullVisit(path) {
  const res = await fetch(new URL(path, url), { redirect: 'manual' })
  if (res.status !== 200) throw new Error(`full visit of ${path}: ${res.status}`)
  return pageOf(await res.text()).version
}

async function client(id) {
  const seen = { visits: 0, conflicts: 0, reloads: 0, resent: 0, failures: [], versions: [], longestConflictRun: 0 }
  let version = await fullVisit('/')
  seen.versions.push(version)
  let run = 0
  let before = 0
  let after = 0
  for (let n = id; ; n++) {
    if (Date.now() >= deadline) {
      seen.failures.push(`the run took over two minutes (${before} visits before the deploy, ${after} after)`)
      break
    }
    if (deployed) {
      // Past the deploy: done once it has made its visits there and is on the new version.
      if (after >= visits && seen.versions.length > 1) break
      after++
    } else if (++before === visits && ++ready === Number(clients)) {
      console.error('ready')
    }
    const path = pages[n % pages.length]
    const visit = () =>
      fetch(new URL(path, url), {
        headers: { 'X-Inertia': 'true', 'X-Inertia-Version': version },
        redirect: 'manual',
      })
    let res
    // A keep-alive connection that nginx's old worker closed as the request went out (its
    // graceful reload): browsers resend an idempotent request then, and so do we (a few times:
    // the pool may hold several such connections).
    for (let attempt = 0; !res && attempt < 4; attempt++) {
      try {
        res = await visit()
      } catch (e) {
        if (attempt === 3) seen.failures.push(`${path}: ${e.message}`)
        else seen.resent++
      }
    }
    if (!res) continue
    seen.visits++
    if (res.status === 200) {
      const page = await res.json()
      if (page.version !== version) seen.failures.push(`${path}: page version ${page.version}, client ${version}`)
      run = 0
    } else if (res.status === 409) {
      await res.arrayBuffer()
      seen.conflicts++
      run++
      seen.longestConflictRun = Math.max(seen.longestConflictRun, run)
      const location = res.headers.get('x-inertia-location')
      if (!location) {
        seen.failures.push(`${path}: 409 without X-Inertia-Location`)
        continue
      }
      version = await fullVisit(location)
      seen.reloads++
      if (seen.versions.at(-1) !== version) seen.versions.push(version)
    } else {
      seen.failures.push(`${path}: status ${res.status}`)
      await res.arrayBuffer()
    }
  }
  return seen
}

const results = await Promise.all(Array.from({ length: Number(clients) }, (_, i) => client(i)))
console.log(JSON.stringify(results))
