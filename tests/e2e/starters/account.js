// An account on a starter, made over HTTP the way the Inertia client would make it: the
// registration form's page (for the CSRF cookie), then its POST. The tests that are not about
// accounts start signed in with its cookies.
import assert from 'node:assert/strict'

/** Applies a response's Set-Cookie headers to `jar` (`name → value`), as a browser does. */
function keep(jar, response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(';')
    const at = pair.indexOf('=')
    const name = pair.slice(0, at).trim()
    const removed = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=.*1970/i.test(a))
    if (removed) delete jar[name]
    else jar[name] = pair.slice(at + 1).trim()
  }
  return jar
}

/**
 * Registers `user` ({ name, email, password }) on the app at `url`; resolves to its cookies:
 * `header` for fetch, `browser` for `newPage(browser, { cookies })`.
 */
export async function signUp(url, user) {
  const jar = keep({}, await fetch(`${url}/register`))
  assert.ok(jar['XSRF-TOKEN'], 'the registration page sets the CSRF cookie')
  const header = () => Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ')
  const response = await fetch(`${url}/register`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/json',
      'x-inertia': 'true',
      'x-xsrf-token': decodeURIComponent(jar['XSRF-TOKEN']),
      cookie: header(),
    },
    body: JSON.stringify({ ...user, password_confirmation: user.password }),
  })
  assert.equal(response.status, 303, `registered (${response.status})`)
  assert.equal(response.headers.get('location'), '/', 'on to the dashboard')
  keep(jar, response)
  assert.ok(jar.session, 'signed in: a session cookie')
  // The dashboard, as the browser would follow the redirect: it shows (and so clears) the
  // welcome flash, which would otherwise greet every page opened with these cookies.
  const dashboard = await fetch(`${url}/`, { headers: { cookie: header() } })
  assert.equal(dashboard.status, 200)
  assert.match(await dashboard.text(), /Welcome, /)
  keep(jar, dashboard)
  return {
    header: header(),
    browser: Object.entries(jar).map(([name, value]) => ({ name, value, url })),
  }
}
