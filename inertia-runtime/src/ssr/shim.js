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
// - URL and URLSearchParams (WHATWG-style, for http(s) URLs): Inertia merges link data into
//   query strings with them.
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
      if (this.url) this.url.query = this.list.length ? this.toString() : null
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

  // URL: absolute and relative URLs of the special schemes (http, https, ws, wss, ftp), and
  // others as an opaque path. Percent-encoding as the standard's path, query and fragment sets.
  const DEFAULT_PORTS = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443', 'ftp:': '21' }
  const pct = (ch) =>
    [...new g.TextEncoder().encode(ch)].map((b) => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join('')
  // The standard's percent-encode sets: the C0 controls and everything past `~`, plus these.
  const encodeSet = (s, set) => {
    let out = ''
    for (const ch of s) {
      const c = ch.codePointAt(0)
      out += c < 0x20 || c >= 0x7f || set.includes(ch) ? pct(ch) : ch
    }
    return out
  }
  const PATH_SET = ' "#<>?`{}'
  const QUERY_SET = ' "#<>'
  const SPECIAL_QUERY_SET = ' "#<>\''
  const FRAGMENT_SET = ' "<>`'
  const USERINFO_SET = ' "#<>?`{}/:;=@[\\]^|'
  // Punycode (RFC 3492) for hosts with non-ASCII labels: `ü` → `xn--tda`.
  const punycode = (label) => {
    const cps = [...label].map((c) => c.codePointAt(0))
    const out = cps.filter((c) => c < 0x80).map((c) => String.fromCharCode(c))
    const basic = out.length
    let h = basic
    if (basic) out.push('-')
    let n = 128
    let delta = 0
    let bias = 72
    const digit = (d) => String.fromCharCode(d + 22 + 75 * (d < 26))
    const adapt = (d, points, first) => {
      d = first ? Math.floor(d / 700) : d >> 1
      d += Math.floor(d / points)
      let k = 0
      while (d > 455) {
        d = Math.floor(d / 35)
        k += 36
      }
      return Math.floor(k + (36 * d) / (d + 38))
    }
    while (h < cps.length) {
      const m = Math.min(...cps.filter((c) => c >= n))
      delta += (m - n) * (h + 1)
      n = m
      for (const c of cps) {
        if (c < n) delta++
        if (c === n) {
          let q = delta
          for (let k = 36; ; k += 36) {
            const t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias
            if (q < t) break
            out.push(digit(t + ((q - t) % (36 - t))))
            q = Math.floor((q - t) / (36 - t))
          }
          out.push(digit(q))
          bias = adapt(delta, h + 1, h === basic)
          delta = 0
          h++
        }
      }
      delta++
      n++
    }
    return out.join('')
  }
  const toAscii = (host) =>
    host
      .normalize('NFC')
      .toLowerCase()
      .split('.')
      .map((label) => (/^[\x00-\x7f]*$/.test(label) ? label : 'xn--' + punycode(label)))
      .join('.')
  const removeDots = (segments) => {
    const out = []
    segments.forEach((seg, i) => {
      const last = i === segments.length - 1
      const s = seg.toLowerCase()
      if (s === '..' || s === '.%2e' || s === '%2e.' || s === '%2e%2e') {
        out.pop()
        if (last) out.push('')
      } else if (s === '.' || s === '%2e') {
        if (last) out.push('')
      } else out.push(seg)
    })
    return out
  }

  class URL {
    constructor(url, base) {
      const input = String(url).replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '')
      const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(input)
      if (scheme) this.parseAbsolute(scheme[1].toLowerCase() + ':', input.slice(scheme[0].length), base)
      else {
        if (base === undefined) throw new TypeError(`Invalid URL: ${url}`)
        const b = base instanceof URL ? base : new URL(base)
        this.parseRelative(input, b)
      }
    }

    parseAbsolute(protocol, rest, base) {
      this.protocol_ = protocol
      this.special = protocol in DEFAULT_PORTS
      if (!this.special) {
        this.opaque = true
        const [before, hash] = splitOnce(rest, '#')
        const [path, query] = splitOnce(before, '?')
        this.username_ = this.password_ = this.host_ = this.port_ = ''
        this.path = encodeSet(path, '')
        this.query = query === null ? null : encodeSet(query, QUERY_SET)
        this.fragment = hash === null ? null : encodeSet(hash, FRAGMENT_SET)
        return
      }
      rest = rest.replace(/\\/g, '/')
      if (!rest.startsWith('//')) {
        // `http:foo` with a base of the same scheme is relative to it.
        if (base !== undefined) {
          const b = base instanceof URL ? base : new URL(base)
          if (b.protocol_ === protocol) return this.parseRelative(rest, b)
        }
        rest = '//' + rest.replace(/^\/*/, '')
      }
      const afterSlashes = rest.replace(/^\/+/, '')
      const end = afterSlashes.search(/[/?#]/)
      const authority = end < 0 ? afterSlashes : afterSlashes.slice(0, end)
      this.parseAuthority(authority)
      this.parsePathQueryFragment(end < 0 ? '' : afterSlashes.slice(end), null)
    }

    parseAuthority(authority) {
      const at = authority.lastIndexOf('@')
      const userinfo = at < 0 ? '' : authority.slice(0, at)
      const hostport = at < 0 ? authority : authority.slice(at + 1)
      const [user, pass] = splitOnce(userinfo, ':')
      this.username_ = encodeSet(user, USERINFO_SET)
      this.password_ = pass === null ? '' : encodeSet(pass, USERINFO_SET)
      const m = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(hostport)
      if (!m || m[1] === '') throw new TypeError(`Invalid URL: no host in "${authority}"`)
      let host = m[1]
      try {
        host = decodeURIComponent(host)
      } catch {
        throw new TypeError(`Invalid URL: bad host "${m[1]}"`)
      }
      if (!host.startsWith('[')) host = toAscii(host)
      if (/[\u0000-\u0020#%/:<>?@[\\\]^|]/.test(host.replace(/^\[|\]$/g, '')) && !host.startsWith('['))
        throw new TypeError(`Invalid URL: bad host "${m[1]}"`)
      this.host_ = host
      const port = m[2] ?? ''
      if (port !== '' && Number(port) > 65535) throw new TypeError(`Invalid URL: bad port "${port}"`)
      const normal = port === '' ? '' : String(Number(port))
      this.port_ = normal === DEFAULT_PORTS[this.protocol_] ? '' : normal
    }

    parsePathQueryFragment(rest, basePath) {
      const [before, hash] = splitOnce(rest, '#')
      const [path, query] = splitOnce(before, '?')
      let segments = path === '' ? [] : path.split('/').slice(path.startsWith('/') ? 1 : 0)
      if (basePath !== null && !path.startsWith('/')) segments = basePath.slice(0, -1).concat(segments)
      segments = removeDots(segments.map((s) => encodeSet(s, PATH_SET)))
      this.path = '/' + segments.join('/')
      this.query = query === null ? null : encodeSet(query, this.special ? SPECIAL_QUERY_SET : QUERY_SET)
      this.fragment = hash === null ? null : encodeSet(hash, FRAGMENT_SET)
    }

    parseRelative(input, b) {
      if (b.opaque) throw new TypeError(`Invalid URL: cannot resolve "${input}" against "${b.href}"`)
      this.protocol_ = b.protocol_
      this.special = b.special
      const rest = this.special ? input.replace(/\\/g, '/') : input
      if (rest.startsWith('//')) {
        return this.parseAbsolute(b.protocol_, rest, undefined)
      }
      this.username_ = b.username_
      this.password_ = b.password_
      this.host_ = b.host_
      this.port_ = b.port_
      if (rest === '') {
        this.path = b.path
        this.query = b.query
        this.fragment = null
      } else if (rest.startsWith('#')) {
        this.path = b.path
        this.query = b.query
        this.fragment = encodeSet(rest.slice(1), FRAGMENT_SET)
      } else if (rest.startsWith('?')) {
        this.path = b.path
        this.parsePathQueryFragment(b.path + rest, null)
      } else {
        this.parsePathQueryFragment(rest, b.path.split('/').slice(1))
      }
    }

    get protocol() {
      return this.protocol_
    }
    get username() {
      return this.username_
    }
    get password() {
      return this.password_
    }
    get hostname() {
      return this.host_
    }
    get port() {
      return this.port_
    }
    get host() {
      return this.host_ + (this.port_ ? ':' + this.port_ : '')
    }
    get origin() {
      return this.special ? this.protocol_ + '//' + this.host : 'null'
    }
    get pathname() {
      return this.path
    }
    set pathname(value) {
      if (this.opaque) return
      const { query, fragment } = this
      this.parsePathQueryFragment(encodeSet(String(value), '?#').replace(/^\/?/, '/'), null)
      this.query = query
      this.fragment = fragment
    }
    get search() {
      return this.query ? '?' + this.query : ''
    }
    set search(value) {
      const v = String(value).replace(/^\?/, '')
      this.query = v === '' ? null : encodeSet(v, this.special ? SPECIAL_QUERY_SET : QUERY_SET)
      if (this.params) this.params.parse(this.query ?? '')
    }
    get hash() {
      return this.fragment ? '#' + this.fragment : ''
    }
    set hash(value) {
      const v = String(value).replace(/^#/, '')
      this.fragment = v === '' ? null : encodeSet(v, FRAGMENT_SET)
    }
    get searchParams() {
      if (!this.params) {
        this.params = new URLSearchParams()
        this.params.parse(this.query ?? '')
        this.params.url = this
      }
      return this.params
    }
    get href() {
      if (this.opaque)
        return this.protocol_ + this.path + (this.query === null ? '' : '?' + this.query) + (this.fragment === null ? '' : '#' + this.fragment)
      const auth = this.username_ || this.password_ ? this.username_ + (this.password_ ? ':' + this.password_ : '') + '@' : ''
      return (
        this.protocol_ + '//' + auth + this.host + this.path +
        (this.query === null ? '' : '?' + this.query) +
        (this.fragment === null ? '' : '#' + this.fragment)
      )
    }
    set href(value) {
      const u = new URL(value)
      Object.assign(this, u)
      this.params = undefined
    }
    toString() {
      return this.href
    }
    toJSON() {
      return this.href
    }
    static canParse(url, base) {
      try {
        new URL(url, base)
        return true
      } catch {
        return false
      }
    }
  }
  function splitOnce(s, sep) {
    const i = s.indexOf(sep)
    return i < 0 ? [s, null] : [s.slice(0, i), s.slice(i + 1)]
  }
  g.URL = URL
})()
