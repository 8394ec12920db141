// vite-plugin-inertia-axum (npm/vite-plugin-inertia-axum), with the demo's Vite: the hot file
// holds the dev server's URL while `vite` runs and is gone after it stops, however it stops;
// builds get a manifest and the /build/ base; the embedded SSR config builds one script with
// no imports that sets globalThis.render.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { after, before, test } from 'node:test'
import { workspace } from './harness.js'

const plugin = join(workspace, 'npm/vite-plugin-inertia-axum/index.js')
const vite = join(workspace, 'examples/demo/frontend/node_modules/vite/bin/vite.js')

let root
before(() => {
  root = mkdtempSync(join(tmpdir(), 'vite-plugin-inertia-axum-'))
  mkdirSync(join(root, 'src'))
  writeFileSync(join(root, 'src/main.js'), 'document.body.dataset.base = import.meta.env.BASE_URL\n')
  // Pages loaded lazily, as the starters' are: the embedded bundle must still be one script.
  mkdirSync(join(root, 'src/SsrPages'))
  writeFileSync(join(root, 'src/SsrPages/Home.js'), `export default 'lazy '\n`)
  writeFileSync(
    join(root, 'src/ssr.js'),
    `import createServer from '@inertiajs/react/server'\nconst pages = import.meta.glob('./SsrPages/*.js')\ncreateServer(async (page) => ({ head: [], body: '<p>' + (await pages['./SsrPages/Home.js']()).default + page.component + '</p>' }))\n`,
  )
})
after(() => rmSync(root, { recursive: true, force: true }))

function config(name, body) {
  const file = join(root, name)
  writeFileSync(file, `import inertiaAxum, { embeddedSsr } from ${JSON.stringify(plugin)}\nexport default ${body}\n`)
  return file
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** `vite` (dev server) with `configFile`; resolves once the hot file exists. */
async function serve(configFile, args = []) {
  const child = spawn(process.execPath, [vite, '--config', configFile, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout.on('data', (d) => (log += d))
  child.stderr.on('data', (d) => (log += d))
  const hot = join(root, 'hot')
  const end = Date.now() + 15_000
  while (!existsSync(hot)) {
    if (child.exitCode !== null || Date.now() > end) throw new Error(`vite did not write the hot file:\n${log}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  return { child, hot, log: () => log, exited: new Promise((r) => child.once('exit', (code, signal) => r({ code, signal }))) }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  test(`the hot file holds the dev server's URL and is gone after ${signal}`, async () => {
    const port = await freePort()
    const dev = await serve(config('vite.config.mjs', `{ plugins: [inertiaAxum()] }`), ['--port', String(port)])
    // laravel-vite-plugin's format: the URL alone, no newline.
    assert.equal(readFileSync(dev.hot, 'utf8'), `http://localhost:${port}`)
    // Modules point at the dev server (the page comes from another origin).
    const client = await (await fetch(`http://localhost:${port}/src/main.js`)).text()
    assert.match(client, /document\.body/)
    dev.child.kill(signal)
    await dev.exited
    assert.equal(existsSync(dev.hot), false, `hot file left after ${signal}`)
  })
}

test('hotFile puts the file where the option says, in the format laravel-vite-plugin uses', async () => {
  const port = await freePort()
  const child = spawn(process.execPath, [vite, '--config', config('vite.public.config.mjs', `{ plugins: [inertiaAxum({ hotFile: 'public/hot', origin: 'https://assets.test:8443' })], server: { port: ${port} } }`)], {
    cwd: root,
    stdio: 'ignore',
  })
  const hot = join(root, 'public/hot')
  const end = Date.now() + 15_000
  while (!existsSync(hot) && Date.now() < end) await new Promise((r) => setTimeout(r, 50))
  assert.equal(readFileSync(hot, 'utf8'), 'https://assets.test:8443')
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await exited
  assert.equal(existsSync(hot), false)
})

test('builds have a manifest and the /build/ base', async () => {
  const file = config('vite.build.config.mjs', `{ plugins: [inertiaAxum({ input: 'src/main.js' })], logLevel: 'warn' }`)
  const code = await new Promise((resolve) => spawn(process.execPath, [vite, 'build', '--config', file], { cwd: root, stdio: 'inherit' }).once('exit', resolve))
  assert.equal(code, 0)
  const manifest = JSON.parse(readFileSync(join(root, 'dist/.vite/manifest.json'), 'utf8'))
  assert.ok(manifest['src/main.js'].isEntry)
  const script = readFileSync(join(root, 'dist', manifest['src/main.js'].file), 'utf8')
  assert.match(script, /[`"]\/build\/[`"]/, "the base is /build/")
  assert.equal(existsSync(join(root, 'hot')), false, 'builds write no hot file')
})

test('the embedded SSR build is one script without imports that sets globalThis.render', async () => {
  const file = config('vite.ssr.config.mjs', `{ plugins: [embeddedSsr({ entry: 'src/ssr.js' })], logLevel: 'warn' }`)
  const code = await new Promise((resolve) => spawn(process.execPath, [vite, 'build', '--config', file], { cwd: root, stdio: 'inherit' }).once('exit', resolve))
  assert.equal(code, 0)
  const bundle = readFileSync(join(root, 'ssr/ssr.js'), 'utf8')
  assert.doesNotMatch(bundle, /^\s*import\s/m, 'no static imports')
  // What the server's engine does: run the script, call globalThis.render.
  const sandbox = {}
  sandbox.globalThis = sandbox
  runInNewContext(bundle, sandbox)
  assert.equal(typeof sandbox.render, 'function')
  // (Through JSON: the object comes from the other realm.)
  assert.equal(JSON.stringify(await sandbox.render({ component: 'Home' })), '{"head":[],"body":"<p>lazy Home</p>"}')
  assert.deepEqual(readdirSync(join(root, 'ssr')), ['ssr.js'], 'the lazily loaded page is inside')
})

test('in development the dependencies of the entry and of lazy pages are pre-bundled before the first page asks', async () => {
  const app = join(root, 'optimize-deps')
  mkdirSync(join(app, 'src/Pages'), { recursive: true })
  for (const dep of ['entry-dep', 'page-dep']) {
    mkdirSync(join(app, 'node_modules', dep), { recursive: true })
    writeFileSync(join(app, 'node_modules', dep, 'package.json'), `{"name":"${dep}","type":"module","main":"index.js"}`)
    writeFileSync(join(app, 'node_modules', dep, 'index.js'), `export default ${JSON.stringify(dep)}\n`)
  }
  writeFileSync(join(app, 'src/main.js'), `import dep from 'entry-dep'\nconst pages = import.meta.glob('./Pages/*.js')\npages['./Pages/Home.js']().then((m) => (document.body.textContent = dep + m.default))\n`)
  writeFileSync(join(app, 'src/Pages/Home.js'), `import dep from 'page-dep'\nexport default dep\n`)
  const port = await freePort()
  const file = join(app, 'vite.config.mjs')
  writeFileSync(file, `import inertiaAxum from ${JSON.stringify(plugin)}\nexport default { plugins: [inertiaAxum({ input: 'src/main.js', hotFile: '${join(root, 'hot').replaceAll('\\', '/')}' })] }\n`)
  const child = spawn(process.execPath, [vite, '--config', file, '--port', String(port)], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout.on('data', (d) => (log += d))
  child.stderr.on('data', (d) => (log += d))
  const exited = new Promise((r) => child.once('exit', r))
  try {
    // No request reaches the server: what is bundled comes from crawling the entry.
    const metadata = join(app, 'node_modules/.vite/deps/_metadata.json')
    const end = Date.now() + 20_000
    let optimized = []
    while (Date.now() < end) {
      if (existsSync(metadata)) optimized = Object.keys(JSON.parse(readFileSync(metadata, 'utf8')).optimized ?? {})
      if (optimized.length >= 2) break
      await new Promise((r) => setTimeout(r, 100))
    }
    assert.deepEqual(optimized.sort(), ['entry-dep', 'page-dep'], `pre-bundled at start:\n${log}`)
  } finally {
    child.kill('SIGTERM')
    await exited
  }
})

// The build history (npm/vite-plugin-inertia-axum/history.js): what a server of the next build
// needs to keep serving the tabs of this one.
const history = await import(join(workspace, 'npm/vite-plugin-inertia-axum/history.js'))

/** A separate app: a page chunk loaded lazily and a dependency from node_modules. */
function historyApp(name) {
  const app = join(root, name)
  mkdirSync(join(app, 'src/Pages'), { recursive: true })
  mkdirSync(join(app, 'node_modules/tiny-dep'), { recursive: true })
  writeFileSync(join(app, 'node_modules/tiny-dep/package.json'), '{"name":"tiny-dep","type":"module","main":"index.js"}')
  writeFileSync(join(app, 'node_modules/tiny-dep/index.js'), 'export const shout = (s) => s.toUpperCase() + "!"\n')
  writeFileSync(join(app, 'src/main.js'), `import { shout } from 'tiny-dep'\nconst pages = import.meta.glob('./Pages/*.js')\npages['./Pages/Home.js']().then((m) => (document.body.textContent = shout(m.default)))\n`)
  page(app, 'hello')
  return app
}

function page(app, text) {
  writeFileSync(join(app, 'src/Pages/Home.js'), `export default ${JSON.stringify(text)}\n`)
}

async function build(app, options = '', env = {}) {
  const file = join(app, 'vite.config.mjs')
  writeFileSync(file, `import inertiaAxum from ${JSON.stringify(plugin)}\nexport default { plugins: [inertiaAxum({ input: 'src/main.js'${options} })], logLevel: 'warn' }\n`)
  const code = await new Promise((resolve) =>
    spawn(process.execPath, [vite, 'build', '--config', file], { cwd: app, stdio: 'inherit', env: { ...process.env, INERTIA_BUILD_HISTORY: '', ...env } }).once('exit', resolve),
  )
  assert.equal(code, 0)
  const manifest = JSON.parse(readFileSync(join(app, 'dist/.vite/manifest.json'), 'utf8'))
  return { manifest, files: history.manifestFiles(manifest) }
}

const listing = (app) => JSON.parse(readFileSync(join(app, 'dist/.vite/history.json'), 'utf8'))
const storeIndex = (app, dir = 'build-history') => JSON.parse(readFileSync(join(app, dir, 'index.json'), 'utf8'))

test('a build keeps the files of the one before it beside its own, and lists them', async () => {
  const app = historyApp('history-basic')
  const first = await build(app)
  assert.deepEqual(listing(app).builds, [], 'the first build has no earlier one')
  page(app, 'changed')
  const second = await build(app)
  const gone = first.files.filter((f) => !second.files.includes(f))
  assert.ok(gone.length >= 2, `the page chunk and the entry changed: ${gone}`)
  for (const file of first.files) assert.ok(existsSync(join(app, 'dist', file)), `${file} of the first build is served`)
  const [earlier] = listing(app).builds
  assert.deepEqual(earlier.files, first.files)
  assert.deepEqual(earlier.manifest, first.manifest, 'with its manifest, for its version')
  assert.equal(storeIndex(app).builds.length, 2)
  // The dependency is a chunk of its own whose name the page change did not touch.
  const vendor = second.files.find((f) => /vendor-.*\.js$/.test(f))
  assert.ok(vendor && first.files.includes(vendor), `vendor chunk kept its name: ${second.files}`)
})

test('rebuilding the same sources changes nothing (a committed build stays reproducible)', async () => {
  const app = historyApp('history-same')
  await build(app)
  page(app, 'two')
  await build(app)
  const snapshot = () => [readFileSync(join(app, 'build-history/index.json'), 'utf8'), readFileSync(join(app, 'dist/.vite/history.json'), 'utf8')]
  const before = snapshot()
  await build(app)
  assert.deepEqual(snapshot(), before)
})

test('the history keeps `builds` builds, and drops the files only the dropped ones had', async () => {
  const app = historyApp('history-prune')
  const first = await build(app, ', history: { builds: 2 }')
  page(app, 'two')
  const second = await build(app, ', history: { builds: 2 }')
  page(app, 'three')
  const third = await build(app, ', history: { builds: 2 }')
  assert.deepEqual(storeIndex(app).builds.map((b) => b.files), [second.files, third.files])
  const onlyFirst = first.files.filter((f) => !second.files.includes(f) && !third.files.includes(f))
  assert.ok(onlyFirst.length > 0)
  for (const file of onlyFirst) {
    assert.equal(existsSync(join(app, 'build-history/files', file)), false, `${file} left the store`)
    assert.equal(existsSync(join(app, 'dist', file)), false, `${file} is not served`)
  }
  // A rebuild of an earlier build's sources makes it the newest again, without a duplicate.
  page(app, 'two')
  await build(app, ', history: { builds: 2 }')
  assert.deepEqual(storeIndex(app).builds.map((b) => b.files), [third.files, second.files])
})

test('builds older than maxAgeDays before the newest are dropped (the clock is not consulted)', () => {
  const app = join(root, 'history-age')
  mkdirSync(join(app, 'dist/.vite'), { recursive: true })
  const settings = { dir: join(app, 'store'), builds: 5, maxAgeDays: 10 }
  const record = (file, day) => {
    // As Vite does: an empty output directory for each build.
    rmSync(join(app, 'dist'), { recursive: true, force: true })
    mkdirSync(join(app, 'dist/.vite'), { recursive: true })
    writeFileSync(join(app, 'dist/.vite/manifest.json'), JSON.stringify({ 'src/main.js': { file, isEntry: true } }))
    writeFileSync(join(app, 'dist', file), file)
    return history.recordBuild(settings, join(app, 'dist'), join(app, 'dist/.vite/manifest.json'), new Date(Date.UTC(2026, 0, day)))
  }
  record('a.js', 1)
  record('b.js', 5)
  assert.equal(record('c.js', 14).builds, 1, 'a (13 days before c) is dropped, b (9 days) kept')
  assert.deepEqual(JSON.parse(readFileSync(join(app, 'store/index.json'), 'utf8')).builds.map((b) => b.files[0]), ['b.js', 'c.js'])
  assert.equal(existsSync(join(app, 'dist/a.js')), false)
})

test('INERTIA_BUILD_HISTORY picks another store, or turns the history off, as `history: false` does', async () => {
  const app = historyApp('history-env')
  await build(app, '', { INERTIA_BUILD_HISTORY: 'elsewhere' })
  assert.ok(existsSync(join(app, 'elsewhere/index.json')))
  assert.equal(existsSync(join(app, 'build-history')), false)
  rmSync(join(app, 'elsewhere'), { recursive: true })
  await build(app, '', { INERTIA_BUILD_HISTORY: 'off' })
  await build(app, ', history: false')
  assert.equal(existsSync(join(app, 'build-history')), false)
  assert.equal(existsSync(join(app, 'dist/.vite/history.json')), false)
})

test('bad history settings and a foreign store are errors that say what to do', () => {
  assert.throws(() => history.historySettings({ builds: 0 }, root, {}), /history\.builds must be a whole number of at least 1/)
  assert.throws(() => history.historySettings({ maxAgeDays: -1 }, root, {}), /history\.maxAgeDays must be a number of days above 0/)
  const app = join(root, 'history-foreign')
  mkdirSync(join(app, 'store'), { recursive: true })
  mkdirSync(join(app, 'dist/.vite'), { recursive: true })
  writeFileSync(join(app, 'dist/.vite/manifest.json'), JSON.stringify({ 'src/main.js': { file: 'm.js' } }))
  writeFileSync(join(app, 'store/index.json'), '{"something":"else"}')
  const settings = { dir: join(app, 'store'), builds: 5, maxAgeDays: 30 }
  assert.throws(() => history.recordBuild(settings, join(app, 'dist'), join(app, 'dist/.vite/manifest.json')), /not a build history this plugin wrote.*delete the directory/)
  // A manifest naming a file outside the build is refused, not copied.
  writeFileSync(join(app, 'store/index.json'), '{"format":1,"builds":[]}')
  writeFileSync(join(app, 'dist/.vite/manifest.json'), JSON.stringify({ 'src/main.js': { file: '../../etc/passwd' } }))
  assert.throws(() => history.recordBuild(settings, join(app, 'dist'), join(app, 'dist/.vite/manifest.json')), /outside the build directory/)
})
