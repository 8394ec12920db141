// An account on a starter, made over HTTP the way the Inertia client would make it: the
// registration form's page (for the CSRF cookie), then its POST. The tests that are not about
// accounts start signed in with its cookies.
import assert from 'node:assert/strict'

/** The `name=value` pairs of a response's Set-Cookie headers (a removed cookie is left out). */
function cookiesOf(response) {
  const cookies = {}
  for (const line of response.headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(';')
    const at = pair.indexOf('=')
    const removed = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))
    if (!removed) cookies[pair.slice(0, at).trim()] = pair.slice(at + 1).trim()
  }
  return cookies
}

/**
 * Registers `user` ({ name, email, password }) on the app at `url`; resolves to its cookies:
 * `header` for fetch, `browser` for `newPage(browser, { cookies })`.
 */
export async function signUp(url, user) {
  const jar = cookiesOf(await fetch(`${url}/register`))
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
  Object.assign(jar, cookiesOf(response))
  assert.ok(jar.session, 'signed in: a session cookie')
  return {
    header: header(),
    browser: Object.entries(jar).map(([name, value]) => ({ name, value, url })),
  }
}
