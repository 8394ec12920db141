// The shim the embedded SSR engine evaluates before an app's bundle
// (inertia-runtime/src/ssr/shim.js), checked against Node's own implementations of the same
// web APIs: URLSearchParams (and its link with URL), TextEncoder
// and TextDecoder, Blob, File and FormData (what Inertia's file checks and `objectToFormData`
// touch), timers and MessageChannel. It runs here in a bare `vm` context, which,
// like QuickJS, has none of these.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import vm from 'node:vm'
import { workspace } from './harness.js'

const source = readFileSync(join(workspace, 'inertia-runtime', 'src', 'ssr', 'shim.js'), 'utf8')

// The host functions the engine defines before the shim (inertia-runtime/src/ssr/web.rs: the
// WHATWG URL parser in Rust), stood in for by Node's own URL: this file checks the shim's
// JavaScript; tests/ssr_embedded.rs checks the real engine's URL against Node's.
const PARTS = ['href', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash', 'origin']
const host = {
  __inertiaUrl: (input, base) => {
    try {
      const url = base === undefined ? new URL(input) : new URL(input, base)
      return PARTS.map((p) => url[p])
    } catch {
      return undefined
    }
  },
  __inertiaUrlSet: (href, part, value) => {
    const url = new URL(href)
    if (part === 'href') {
      try {
        return host.__inertiaUrl(new URL(value).href)
      } catch {
        return undefined
      }
    }
    url[part] = value
    return PARTS.map((p) => url[p])
  },
}

function shimmed() {
  const logged = []
  const context = vm.createContext({ ...host, __inertiaLog: (level, message) => logged.push([level, message]) })
  assert.equal(vm.runInContext('typeof URL', context), 'undefined', 'a bare context, as QuickJS')
  vm.runInContext(source, context)
  return { context, logged, run: (code) => vm.runInContext(code, context) }
}

test('URLSearchParams matches Node', () => {
  const { run } = shimmed()
  const programs = [
    `new URLSearchParams('a=1&b=2&a=3').getAll('a').join()`,
    `new URLSearchParams('?q=a+b&r=%26&s=%E2%82%AC').toString()`,
    `const p = new URLSearchParams({ x: 'a b', y: '~!*()\\'' }); p.append('z', 'ü'); p.toString()`,
    `const p = new URLSearchParams('b=2&a=1&b=1'); p.sort(); p.toString()`,
    `const p = new URLSearchParams('a=1&b=2&a=3'); p.set('a', 'x'); p.toString()`,
    `const p = new URLSearchParams('a=1&b=2&a=3'); p.delete('a'); [p.toString(), p.has('a'), p.has('b', '2'), p.get('zz')].join('|')`,
    `new URLSearchParams([['k', 'v'], ['k', 'w']]).toString()`,
    `const u = new URL('http://h/p?a=1'); u.searchParams.append('b', 'x y'); u.href`,
    `const u = new URL('http://h/p?a=1'); u.searchParams.delete('a'); u.href`,
    `const u = new URL('http://h/p?a=1#f'); u.search = '?c=3'; [u.href, u.searchParams.get('c')].join('|')`,
    `const u = new URL('http://h/p?a=1#f'); u.hash = 'g'; u.pathname = '/q r'; u.href`,
    `[...new URLSearchParams('a=1&b=2').keys()].join() + [...new URLSearchParams('a=1&b=2').values()].join()`,
    `new URLSearchParams('a=1&b=2').size`,
    `URL.canParse('/x') + ',' + URL.canParse('/x', 'http://h')`,
    `JSON.stringify({ u: new URL('http://h/x') })`,
  ]
  for (const program of programs) {
    // In a block: each program's `const`s are its own.
    const block = `{ ${program} }`
    assert.deepEqual(run(block), vm.runInNewContext(block, { URL, URLSearchParams }), program)
  }
})

test('TextEncoder and TextDecoder are UTF-8, as in Node', () => {
  const { context } = shimmed()
  for (const s of ['', 'ascii', 'Grüß dich', '€ and 😀', 'lone \ud800 surrogate', '\u0000\u007f\u0080\u07ff\u0800\uffff']) {
    const ours = new context.TextEncoder().encode(s)
    assert.deepEqual([...ours], [...new TextEncoder().encode(s)], s)
    assert.equal(new context.TextDecoder().decode(ours), new TextDecoder().decode(new TextEncoder().encode(s)), s)
  }
  for (const bytes of [[0xff], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xc0, 0x80]]) {
    assert.equal(new context.TextDecoder().decode(new Uint8Array(bytes)), new TextDecoder().decode(new Uint8Array(bytes)), String(bytes))
  }
})

test('timers and MessageChannel run when the host runs them, in order', () => {
  const { run, logged } = shimmed()
  run(`
    globalThis.order = []
    setTimeout(() => order.push('t10'), 10)
    setTimeout(() => order.push('t0'), 0)
    const id = setTimeout(() => order.push('cancelled'), 5)
    clearTimeout(id)
    const channel = new MessageChannel()
    channel.port1.onmessage = (e) => order.push('message ' + e.data)
    channel.port2.postMessage('hi')
    console.error('visible in the log', { a: 1 })
  `)
  // (Arrays of the vm's realm, compared by value.)
  assert.equal(run('JSON.stringify(order)'), '[]')
  assert.equal(run('__inertiaRunTimers()'), true)
  assert.equal(run('JSON.stringify(order)'), '["t0","message hi","t10"]')
  assert.equal(run('__inertiaRunTimers()'), false)
  assert.deepEqual(logged, [['error', 'visible in the log {"a":1}']])
})

// What Inertia does with them while rendering: `instanceof File` / `instanceof Blob` checks
// (hasFiles) and `objectToFormData` appending fields. The same program runs against the shim
// and against Node's classes; the observable results must be equal.
const FORM_PROGRAM = `
  const out = []
  const blob = new Blob(['ab', 'ü€'], { type: 'Text/Plain' })
  out.push(['blob', blob.size, blob.type, blob instanceof Blob, blob instanceof File])
  const empty = new Blob()
  out.push(['empty', empty.size, empty.type])
  const nested = new Blob([blob, new Uint8Array(3)])
  out.push(['nested', nested.size])
  const file = new File(['hello'], 'notes.txt', { type: 'text/plain', lastModified: 7 })
  out.push(['file', file.name, file.size, file.type, file.lastModified, file instanceof Blob, file instanceof File])
  const named = new File([], 42)
  out.push(['named', named.name, named.size])
  const form = new FormData()
  form.append('title', 'A task')
  form.append('tags[]', 'a')
  form.append('tags[]', 'b')
  form.append('count', 3)
  form.append('flag', true)
  form.append('nothing', null)
  form.append('attachment', file)
  form.set('title', 'Renamed')
  out.push(['has', form.has('title'), form.has('missing')])
  out.push(['get', form.get('title'), form.get('count'), form.get('flag'), form.get('nothing'), form.get('missing')])
  out.push(['getAll', form.getAll('tags[]'), form.getAll('missing')])
  out.push(['file field', form.get('attachment') instanceof File, form.get('attachment').name])
  form.delete('flag')
  out.push(['keys', [...form.keys()]])
  out.push(['values', [...form.values()].map((v) => (v instanceof File ? 'file ' + v.name : v))])
  out.push(['entries', [...form].map(([k, v]) => k + '=' + (v instanceof File ? 'file' : v))])
  const seen = []
  form.forEach((v, k, f) => seen.push(k, f === form))
  out.push(['forEach', seen])
  JSON.stringify(out)
`

test('Blob, File and FormData behave as Node\'s for what Inertia does with them', () => {
  const { run } = shimmed()
  assert.deepEqual(
    JSON.parse(run(FORM_PROGRAM)),
    JSON.parse(vm.runInNewContext(FORM_PROGRAM, { Blob, File, FormData, Uint8Array })),
  )
})
