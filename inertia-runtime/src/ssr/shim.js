// What a server renderer of React, Vue or Svelte expects from its host and QuickJS lacks:
// evaluated by inertia-runtime in every engine before the app's SSR bundle. No DOM (its
// absence is what puts Inertia in server mode), no network, no file system.
//
// - console: to the server's log (tracing, target `inertia_runtime::ssr`).
// - setTimeout / setInterval / setImmediate and MessageChannel: a queue the host runs when the
//   render's promise waits on nothing else (react-dom/server's scheduler posts messages to
//   itself; Vue and Svelte may defer work with a timer).
// - TextEncoder / TextDecoder (UTF-8), Blob, File, FormData: what renderers and Inertia's
//   form helpers touch at load or check with `instanceof`.
// - URL (parsed by the host, natively: inertia-runtime/src/ssr/web.rs) and URLSearchParams:
//   Inertia merges link data into query strings with them.
(() => {
  'use strict'
  const g = globalThis
  const log = g.__inertiaLog
  const text = (args) =>
    args
      .map((a) => {
        if (typeof a === 'string') return a
        if (a instanceof Error) return `${a.name}: ${a.message}`
        try {
          return JSON.stringify(a)
        } catch {
          return String(a)
        }
      })
      .join(' ')
  g.console = {
    log: (...a) => log('info', text(a)),
    info: (...a) => log('info', text(a)),
    debug: (...a) => log('debug', text(a)),
    trace: (...a) => log('debug', text(a)),
    warn: (...a) => log('warn', text(a)),
    error: (...a) => log('error', text(a)),
    assert: (ok, ...a) => {
      if (!ok) log('error', 'Assertion failed: ' + text(a))
    },
    group() {},
    groupCollapsed() {},
    groupEnd() {},
    time() {},
    timeEnd() {},
    table: (...a) => log('info', text(a)),
  }

  // Timers. Delays are ignored: a render has no reason to wait for wall time, so due order is
  // delay order, then insertion order.
  const timers = new Map()
  let nextTimer = 1
  const schedule = (fn, delay, args) => {
    const id = nextTimer++
    if (typeof fn === 'function') timers.set(id, { fn, delay: Number(delay) || 0, args })
    return id
  }
  g.setTimeout = (fn, delay, ...args) => schedule(fn, delay, args)
  g.setInterval = (fn, delay, ...args) => schedule(fn, delay, args) // once: a render ends
  g.setImmediate = (fn, ...args) => schedule(fn, 0, args)
  g.clearTimeout = g.clearInterval = g.clearImmediate = (id) => void timers.delete(id)
  // Called by the host: runs the timers due now; false when there were none.
  g.__inertiaRunTimers = () => {
    if (timers.size === 0) return false
    const due = [...timers.entries()].sort((a, b) => a[1].delay - b[1].delay || a[0] - b[0])
    timers.clear()
    for (const [, t] of due) t.fn(...t.args)
    return true
  }

  class MessagePort {
    constructor() {
      this.onmessage = null
      this.other = null
    }
    postMessage(data) {
      const target = this.other
      schedule(() => target.onmessage && target.onmessage({ data }), 0, [])
    }
    addEventListener(type, fn) {
      if (type === 'message') this.onmessage = fn
    }
    removeEventListener() {}
    start() {}
    close() {}
  }
  g.MessageChannel = class MessageChannel {
    constructor() {
      this.port1 = new MessagePort()
      this.port2 = new MessagePort()
      this.port1.other = this.port2
      this.port2.other = this.port1
    }
  }

  // UTF-8.
  g.TextEncoder = class TextEncoder {
    get encoding() {
      return 'utf-8'
    }
    encode(input = '') {
      const s = String(input)
      const out = []
      for (let i = 0; i < s.length; i++) {
        let c = s.charCodeAt(i)
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
          const d = s.charCodeAt(i + 1)
          if (d >= 0xdc00 && d <= 0xdfff) {
            c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
            i++
          }
        }
        if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd // a lone surrogate
        if (c < 0x80) out.push(c)
        else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
        else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
        else
          out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
      }
      return new Uint8Array(out)
    }
    encodeInto(input, dest) {
      const bytes = this.encode(input)
      const n = Math.min(bytes.length, dest.length)
      dest.set(bytes.subarray(0, n))
      return { read: String(input).length, written: n }
    }
  }
  g.TextDecoder = class TextDecoder {
    get encoding() {
      return 'utf-8'
    }
    // The WHATWG decoder: each invalid or truncated sequence becomes one U+FFFD, a leading
    // byte-order mark is dropped.
    decode(input) {
      if (input === undefined) return ''
      const b = input instanceof Uint8Array ? input : new Uint8Array(input.buffer ?? input)
      let out = ''
      let needed = 0
      let seen = 0
      let lower = 0x80
      let upper = 0xbf
      let cp = 0
      for (let i = 0; i <= b.length; i++) {
        if (i === b.length) {
          if (needed) out += '\ufffd'
          break
        }
        const byte = b[i]
        if (needed === 0) {
          if (byte <= 0x7f) out += String.fromCharCode(byte)
          else if (byte >= 0xc2 && byte <= 0xdf) {
            needed = 1
            cp = byte & 0x1f
          } else if (byte >= 0xe0 && byte <= 0xef) {
            if (byte === 0xe0) lower = 0xa0
            if (byte === 0xed) upper = 0x9f
            needed = 2
            cp = byte & 0xf
          } else if (byte >= 0xf0 && byte <= 0xf4) {
            if (byte === 0xf0) lower = 0x90
            if (byte === 0xf4) upper = 0x8f
            needed = 3
            cp = byte & 0x7
          } else out += '\ufffd'
          continue
        }
        if (byte < lower || byte > upper) {
          cp = needed = seen = 0
          lower = 0x80
          upper = 0xbf
          out += '\ufffd'
          i-- // this byte starts over
          continue
        }
        lower = 0x80
        upper = 0xbf
        cp = (cp << 6) | (byte & 0x3f)
        if (++seen === needed) {
          out += String.fromCodePoint(cp)
          cp = needed = seen = 0
        }
      }
      return out.charCodeAt(0) === 0xfeff ? out.slice(1) : out
    }
  }

  // Nothing builds files while rendering; Inertia checks `instanceof` for them and appends
  // fields to a FormData. Sizes, types and entry values as the File API and XHR standards say
  // (tests/e2e/quickjs-shim.test.js compares them with Node's).
  g.Blob ??= class Blob {
    constructor(parts = [], options = {}) {
      const type = String(options.type ?? '')
      // A type outside U+0020–U+007E is dropped; the rest is lowercased.
      this.type = /^[\x20-\x7e]*$/.test(type) ? type.toLowerCase() : ''
      let size = 0
      for (const part of parts) {
        if (part instanceof g.Blob) size += part.size
        else if (part instanceof ArrayBuffer || ArrayBuffer.isView(part)) size += part.byteLength
        else size += new g.TextEncoder().encode(String(part)).length
      }
      this.size = size
    }
  }
  g.File ??= class File extends g.Blob {
    constructor(parts, name, options = {}) {
      super(parts, options)
      this.name = String(name)
      this.lastModified = options.lastModified ?? Date.now()
    }
  }
  // An entry's value: a string, or a File (a Blob becomes a File named "blob").
  const entryValue = (value, filename) => {
    if (!(value instanceof g.Blob)) return String(value)
    if (value instanceof g.File && filename === undefined) return value
    const name = filename !== undefined ? filename : value instanceof g.File ? value.name : 'blob'
    return new g.File([value], name, { type: value.type })
  }
  g.FormData ??= class FormData {
    constructor() {
      this.list = []
    }
    append(name, value, filename) {
      this.list.push([String(name), entryValue(value, filename)])
    }
    // Replaces the first entry of that name in place and removes the others.
    set(name, value, filename) {
      const key = String(name)
      const entry = [key, entryValue(value, filename)]
      const at = this.list.findIndex(([n]) => n === key)
      if (at === -1) {
        this.list.push(entry)
        return
      }
      this.list = this.list.filter(([n], i) => i === at || n !== key)
      this.list[this.list.findIndex(([n]) => n === key)] = entry
    }
    get(name) {
      const e = this.list.find(([n]) => n === String(name))
      return e ? e[1] : null
    }
    getAll(name) {
      return this.list.filter(([n]) => n === String(name)).map(([, v]) => v)
    }
    has(name) {
      return this.list.some(([n]) => n === String(name))
    }
    delete(name) {
      this.list = this.list.filter(([n]) => n !== String(name))
    }
    forEach(fn, self) {
      for (const [n, v] of this.list) fn.call(self, v, n, this)
    }
    entries() {
      return this.list[Symbol.iterator]()
    }
    keys() {
      return this.list.map(([n]) => n)[Symbol.iterator]()
    }
    values() {
      return this.list.map(([, v]) => v)[Symbol.iterator]()
    }
    [Symbol.iterator]() {
      return this.entries()
    }
  }

  // URLSearchParams: application/x-www-form-urlencoded, as the WHATWG URL standard.
  // `+` is a space; `%XX` are bytes (a `%` without two hex digits stays); the bytes are UTF-8.
  const decode = (s) => {
    const t = s.replace(/\+/g, ' ')
    if (!t.includes('%')) return t
    const bytes = []
    const encoder = new g.TextEncoder()
    for (let i = 0; i < t.length; i++) {
      if (t[i] === '%' && /^[0-9a-fA-F]{2}$/.test(t.slice(i + 1, i + 3))) {
        bytes.push(parseInt(t.slice(i + 1, i + 3), 16))
        i += 2
      } else {
        const cp = t.codePointAt(i)
        const ch = String.fromCodePoint(cp)
        bytes.push(...encoder.encode(ch))
        i += ch.length - 1
      }
    }
    return new g.TextDecoder().decode(new Uint8Array(bytes))
  }
  const encodeForm = (s) =>
    encodeURIComponent(s)
      .replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
      .replace(/%20/g, '+')
  class URLSearchParams {
    constructor(init = '') {
      this.list = []
      this.url = null
      if (init instanceof URLSearchParams) this.list = init.list.map(([k, v]) => [k, v])
      else if (typeof init === 'object' && init !== null) {
        if (typeof init[Symbol.iterator] === 'function') {
          for (const pair of init) {
            const [k, v, ...rest] = [...pair]
            if (rest.length || v === undefined) throw new TypeError('Each pair must have a name and a value')
            this.list.push([String(k), String(v)])
          }
        } else for (const k of Object.keys(init)) this.list.push([k, String(init[k])])
      } else this.parse(String(init).replace(/^\?/, ''))
    }
    // Parses a query without its `?`.
    parse(s) {
      this.list = []
      for (const part of s.split('&')) {
        if (!part) continue
        const eq = part.indexOf('=')
        this.list.push(eq < 0 ? [decode(part), ''] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))])
      }
    }
    update() {
      if (!this.url) return
      // The setter re-parses `search` into this list; the list is already what it says.
      const list = this.list
      this.url.change('search', this.toString())
      this.list = list
    }
    get size() {
      return this.list.length
    }
    append(k, v) {
      this.list.push([String(k), String(v)])
      this.update()
    }
    delete(k, v) {
      this.list = this.list.filter(([n, w]) => n !== String(k) || (v !== undefined && w !== String(v)))
      this.update()
    }
    get(k) {
      const e = this.list.find(([n]) => n === String(k))
      return e ? e[1] : null
    }
    getAll(k) {
      return this.list.filter(([n]) => n === String(k)).map(([, v]) => v)
    }
    has(k, v) {
      return this.list.some(([n, w]) => n === String(k) && (v === undefined || w === String(v)))
    }
    set(k, v) {
      const key = String(k)
      const i = this.list.findIndex(([n]) => n === key)
      if (i < 0) this.list.push([key, String(v)])
      else {
        this.list[i] = [key, String(v)]
        this.list = this.list.filter(([n], j) => j <= i || n !== key)
      }
      this.update()
    }
    sort() {
      this.list = this.list
        .map((e, i) => [e, i])
        .sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1]))
        .map(([e]) => e)
      this.update()
    }
    forEach(fn, self) {
      for (const [k, v] of this.list) fn.call(self, v, k, this)
    }
    entries() {
      return this.list.map(([k, v]) => [k, v])[Symbol.iterator]()
    }
    keys() {
      return this.list.map(([k]) => k)[Symbol.iterator]()
    }
    values() {
      return this.list.map(([, v]) => v)[Symbol.iterator]()
    }
    [Symbol.iterator]() {
      return this.entries()
    }
    toString() {
      return this.list.map(([k, v]) => encodeForm(k) + '=' + encodeForm(v)).join('&')
    }
  }
  g.URLSearchParams = URLSearchParams

  // URL: parsed and changed by the host (`__inertiaUrl`, `__inertiaUrlSet`: the WHATWG URL
  // standard, natively; Inertia's links parse URLs on every render). An instance holds its
  // parts: href, protocol, username, password, host, hostname, port, pathname, search, hash,
  // origin. The host answers `undefined` for what it cannot parse.
  const parseUrl = g.__inertiaUrl
  const setUrl = g.__inertiaUrlSet
  delete g.__inertiaUrl
  delete g.__inertiaUrlSet
  const PARTS = ['href', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash', 'origin']
  class URL {
    constructor(url, base) {
      const parts = base === undefined ? parseUrl(String(url)) : parseUrl(String(url), String(base))
      if (parts == null) throw new TypeError(`Invalid URL: ${url}`)
      this.parts = parts
      this.params = undefined
    }
    // Applies a setter; `href` throws on a URL it cannot parse, the others leave the URL as
    // it was (as the standard says).
    change(part, value) {
      const parts = setUrl(this.parts[0], part, String(value))
      if (parts == null) throw new TypeError(`Invalid URL: ${value}`)
      this.parts = parts
      if (this.params && part !== 'hash') this.params.parse(this.parts[8].slice(1))
    }
    toString() {
      return this.parts[0]
    }
    toJSON() {
      return this.parts[0]
    }
    get searchParams() {
      if (!this.params) {
        this.params = new URLSearchParams()
        this.params.parse(this.parts[8].slice(1))
        this.params.url = this
      }
      return this.params
    }
    static canParse(url, base) {
      return (base === undefined ? parseUrl(String(url)) : parseUrl(String(url), String(base))) != null
    }
    static parse(url, base) {
      try {
        return new URL(url, base)
      } catch {
        return null
      }
    }
  }
  PARTS.forEach((name, i) => {
    const descriptor = { get() { return this.parts[i] }, enumerable: true, configurable: true }
    if (name !== 'origin') descriptor.set = function (value) { this.change(name, value) }
    Object.defineProperty(URL.prototype, name, descriptor)
  })
  g.URL = URL
})()
