// One user's visits through nginx to two demo servers (round robin, no sticky sessions),
// checked step by step: what one server stores for the next visit (errors, old input, flash),
// the other must show. Prints what it checked; exits non-zero on the first surprise.
// Usage: node check.mjs <url> [full|degraded]
//   full      every check (the visit state store works)
//   degraded  the store is down: pages and redirects still answer (no 5xx, nothing hangs),
//             and the visit state is simply absent
import assert from 'node:assert/strict'

const [base, mode = 'full'] = process.argv.slice(2)

/** A browser-like client: a cookie jar, the XSRF token as the Inertia client sends it. */
class Client {
  cookies = new Map()
  version = null
  instances = []
  /** The slowest answer, in milliseconds. */
  slowest = 0

  async send(method, path, { inertia = true, body, referer, token = true } = {}) {
    const headers = {}
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const xsrf = this.cookies.get('XSRF-TOKEN')
    if (token && xsrf) headers['x-xsrf-token'] = decodeURIComponent(xsrf)
    if (inertia) {
      headers['x-inertia'] = 'true'
      if (this.version) headers['x-inertia-version'] = this.version
    }
    if (referer) headers.referer = new URL(referer, base).href
    if (body !== undefined) headers['content-type'] = 'application/json'
    const started = performance.now()
    const res = await fetch(new URL(path, base), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(5000),
    })
    for (const cookie of res.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(';')
      const [name, value] = [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1).trim()]
      const deleted = attributes.some((a) => /max-age=0/i.test(a.trim())) || value === ''
      if (deleted) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    const instance = res.headers.get('x-demo-instance')
    this.instances.push(instance)
    const text = await res.text()
    const took = performance.now() - started
    this.slowest = Math.max(this.slowest, took)
    // With the store down, each request makes at most two Redis commands (load, save), each
    // cut at 300 ms: an answer must never wait much longer than that.
    if (mode === 'degraded') assert.ok(took < 1000, `${method} ${path} took ${Math.round(took)} ms with the store down (bound 1000 ms)`)
    let page = null
    if (res.headers.get('x-inertia')) page = JSON.parse(text)
    else {
      const embedded = /<script data-page="app" type="application\/json">([^<]*)<\/script>/.exec(text)
      if (embedded) page = JSON.parse(embedded[1])
    }
    if (page) this.version = page.version
    assert.ok(res.status < 500, `${method} ${path}: ${res.status} from ${instance}`)
    return { status: res.status, location: res.headers.get('location'), instance, page }
  }

  /** Follows a redirect as the Inertia client does (a GET with `X-Inertia`). */
  async follow(answer) {
    assert.equal(answer.status, 303, `expected a 303, got ${answer.status}`)
    return this.send('GET', answer.location)
  }
}

function hop(from, to, what) {
  assert.ok(from && to, 'the servers name themselves (DEMO_INSTANCE)')
  assert.notEqual(from, to, `${what}: both requests reached ${from}; round robin should alternate`)
  console.log(`  ${what}: stored by ${from}, shown by ${to}`)
}

const client = new Client()
const form = await client.send('GET', '/tasks/new', { inertia: false })
assert.equal(form.page?.component, 'Tasks/Create')

// 1. A failed form: errors and old input.
const invalid = await client.send('POST', '/tasks', {
  body: { title: 'ab', description: 'kept across servers', due: 'soon' },
  referer: '/tasks/new',
})
assert.equal(invalid.status, 303)
assert.equal(new URL(invalid.location, base).pathname, '/tasks/new', `went back to ${invalid.location}`)
const back = await client.follow(invalid)
assert.equal(back.page.component, 'Tasks/Create')
if (mode === 'full') {
  assert.equal(back.page.props.errors.title, 'The title must be at least 3 characters.')
  assert.equal(back.page.props.errors.due, 'The due date must look like 2026-12-31.')
  assert.deepEqual(back.page.props.old, { title: 'ab', description: 'kept across servers', due: 'soon' })
  hop(invalid.instance, back.instance, 'validation errors and old input of a failed form')
} else {
  assert.deepEqual(back.page.props.errors, {})
  console.log(`  failed form: answered by ${invalid.instance} (303), form shown by ${back.instance} without its errors (the store is down)`)
}

// 2. A flash from the CSRF check (a post without the token goes back with a message).
const expired = await client.send('POST', '/tasks', { body: { title: 'x' }, referer: '/tasks/new', token: false })
const refreshed = await client.follow(expired)
if (mode === 'full') {
  assert.equal(refreshed.page.flash?.error, 'The page expired, please try again.')
  hop(expired.instance, refreshed.instance, 'flash of a refused post')
} else {
  console.log(`  refused post: answered by ${expired.instance}, form shown by ${refreshed.instance}`)
}

// 3. A flash after success (the next page is the other server's; its task store is its own,
//    so it may show "not found", but the flash arrives).
const created = await client.send('POST', '/tasks', {
  body: { title: 'Across two servers', description: '', due: '' },
  referer: '/tasks/new',
})
const next = await client.follow(created)
if (mode === 'full') {
  assert.equal(next.page.flash?.success, 'Created “Across two servers”.')
  hop(created.instance, next.instance, 'flash of a created task')
  // And it was shown once: the visit after that has none.
  const after = await client.send('GET', '/tasks')
  assert.equal(after.page.flash, undefined)
  console.log(`  the flash is gone on the visit after (${after.instance})`)
} else {
  console.log(`  valid post: answered by ${created.instance} (303), next page by ${next.instance}`)
}

// 4. Ordinary pages, on both servers.
for (const path of ['/', '/tasks', '/about', '/tasks/1']) {
  const page = await client.send('GET', path)
  assert.equal(page.status, 200, path)
}
const seen = new Set(client.instances.filter(Boolean))
assert.equal(seen.size, 2, `requests reached ${[...seen].join(', ')}`)
console.log(`  ${client.instances.length} requests, answered by ${[...seen].sort().join(' and ')}, none failed, the slowest in ${Math.round(client.slowest)} ms${mode === 'degraded' ? ' (bound 1000 ms)' : ''}`)
