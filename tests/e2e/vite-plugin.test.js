// vite-plugin-inertia-axum (npm/vite-plugin-inertia-axum), with the demo's Vite: the hot file
// holds the dev server's URL while `vite` runs and is gone after it stops, however it stops;
// builds get a manifest and the /build/ base; the embedded SSR config builds one script with
// no imports that sets globalThis.render.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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
  writeFileSync(
    join(root, 'src/ssr.js'),
    `import createServer from '@inertiajs/react/server'\ncreateServer(async (page) => ({ head: [], body: '<p>' + page.component + '</p>' }))\n`,
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
  assert.equal(JSON.stringify(await sandbox.render({ component: 'Home' })), '{"head":[],"body":"<p>Home</p>"}')
})
