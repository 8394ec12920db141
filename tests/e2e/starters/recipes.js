// The deploy recipes a starter is written with, carried out step by step on this machine, so
// a recipe that does not work fails here. scripts/starters.sh runs it on one app and sets:
//   STARTER_DIR    the app (made by `cargo inertia new`, its frontend installed)
//
// - .github/workflows/ci.yml: every `run:` step, in order, in its working directory (the
//   `uses:` steps set up what this machine already has: Node, Rust, a checkout).
// - Dockerfile, without a container tool (none can pull base images here): each stage is a
//   directory standing for its root filesystem; COPY copies (from the build context, minus
//   .dockerignore, from a named context given with `--build-context` in the command the
//   Dockerfile documents, or from an earlier stage), RUN runs in the stage's WORKDIR with
//   this machine's Node and Rust in place of the base images'. One deviation: the build
//   stage's target/ is this workspace's target directory, so dependencies compile once. The
//   last stage must then hold the binary and the volume only, and the binary, started with
//   the image's ENV (HOST=0.0.0.0) from that directory, must serve and keep its database in
//   the volume across a restart. An instruction the simulation does not know fails the test.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { after, test } from 'node:test'
import { startServer } from '../harness.js'
import { signUp } from './account.js'

const app = process.env.STARTER_DIR
assert.ok(app && existsSync(join(app, 'Cargo.toml')), 'run through scripts/starters.sh (STARTER_DIR)')
const sim = mkdtempSync(join(tmpdir(), 'starter-image-'))
after(() => rmSync(sim, { recursive: true, force: true }))

/** Runs a shell command, its output shown, failing the test on a non-zero exit. */
function sh(command, cwd, env = {}) {
  console.log(`  $ ${command}   (in ${cwd})`)
  execFileSync('bash', ['-c', command], { cwd, env: { ...process.env, ...env }, stdio: 'inherit' })
}

test('the CI workflow: each `run:` step passes, in order', () => {
  const lines = readFileSync(join(app, '.github/workflows/ci.yml'), 'utf8').split('\n')
  const steps = []
  for (const line of lines) {
    const run = line.match(/^\s*- run: (.+)$/)
    if (run) steps.push({ command: run[1], dir: app })
    const dir = line.match(/^\s+working-directory: (.+)$/)
    if (dir) steps.at(-1).dir = join(app, dir[1])
    assert.ok(!/^\s+run: [|>]/.test(line), `a multi-line run step is not simulated: ${line}`)
  }
  assert.ok(steps.length >= 5, `the workflow has its steps: ${JSON.stringify(steps)}`)
  for (const step of steps) sh(step.command, step.dir)
})

// .dockerignore's entries: paths from the context's root, or NAME after two stars and a slash (NAME at any depth).
function ignored(context) {
  const file = join(context, '.dockerignore')
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim().replace(/^\/|\/$/g, ''))
    .filter((l) => l && !l.startsWith('#'))
}

/** Copies `src` (a file, or a directory's contents) to `dest`, leaving out `skip` (paths under `root`). */
function copy(src, dest, root, skip) {
  const stat = statSync(src)
  if (!stat.isDirectory()) {
    mkdirSync(dirname(dest), { recursive: true })
    cpSync(src, dest)
    return
  }
  mkdirSync(dest, { recursive: true })
  cpSync(src, dest, {
    recursive: true,
    filter: (path) => {
      const rel = relative(root, path)
      const name = rel.split('/').at(-1)
      return !skip.some((entry) => entry === rel || (entry.startsWith('**/') && entry.slice(3) === name))
    },
  })
}

test('the Dockerfile: its stages give an image of the binary and a volume, which serves and keeps its data', async () => {
  const text = readFileSync(join(app, 'Dockerfile'), 'utf8')
  // The documented build command's named contexts (`--build-context NAME=PATH`, PATH from the app).
  const named = {}
  const command = text.match(/^#\s+docker build (.*)$/m)
  assert.ok(command, 'the Dockerfile documents its build command')
  for (const [, name, path] of command[1].matchAll(/--build-context (\w+)=(\S+)/g)) named[name] = resolve(app, path)

  const stages = {}
  let stage
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue
    const [, op, rest] = line.match(/^(\w+)\s+(.*)$/) ?? []
    const at = (path) => join(stage.root, path.startsWith('/') ? path : join(stage.workdir, path))
    switch (op) {
      case 'FROM': {
        const [, image, name] = rest.match(/^(\S+)(?: AS (\S+))?$/)
        stage = { image, name, root: join(sim, name ?? 'final'), workdir: '/', env: {}, volumes: [], entrypoint: null }
        mkdirSync(stage.root, { recursive: true })
        stages[name] = stage
        break
      }
      case 'WORKDIR':
        stage.workdir = rest
        mkdirSync(at('.'), { recursive: true })
        break
      case 'COPY': {
        const words = rest.split(/\s+/)
        const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length)
        const [src, dest] = words.filter((w) => !w.startsWith('--'))
        let root, skip
        if (!from) [root, skip] = [app, ignored(app)]
        else if (named[from]) [root, skip] = [named[from], ignored(named[from])]
        else if (stages[from]) [root, skip] = [stages[from].root, []]
        else assert.fail(`COPY --from=${from}: no such stage or --build-context`)
        const source = join(root, src)
        assert.ok(existsSync(source), `COPY ${rest}: ${source} does not exist`)
        const target = at(dest)
        // The one deviation: the build stage's target/ is this workspace's (see the top).
        if (!from && stage.workdir === '/app' && process.env.CARGO_TARGET_DIR) {
          copy(source, target, root, [...skip, 'target'])
          if (!existsSync(join(target, 'target'))) symlinkSync(process.env.CARGO_TARGET_DIR, join(target, 'target'))
        } else {
          copy(source, dest.endsWith('/') && !statSync(source).isDirectory() ? join(target, src.split('/').at(-1)) : target, root, skip)
        }
        break
      }
      case 'RUN':
        assert.ok(!/(^|\s)\//.test(rest), `RUN with an absolute path is not simulated: ${rest}`)
        sh(rest, at('.'), stage.env)
        break
      case 'ENV':
        for (const [, k, v] of rest.matchAll(/(\w+)=(\S+)/g)) stage.env[k] = v
        break
      case 'VOLUME':
        stage.volumes.push(rest)
        break
      case 'EXPOSE':
        stage.expose = Number(rest)
        break
      case 'ENTRYPOINT':
        stage.entrypoint = JSON.parse(rest)
        break
      default:
        assert.fail(`the simulation does not know ${op}: ${line}`)
    }
  }

  // The image: the binary and the volume, nothing else.
  const image = stage
  assert.match(image.image, /distroless/, 'the last stage starts from a base without a shell')
  assert.equal(image.entrypoint.length, 1)
  const top = readdirSync(image.root).sort()
  assert.deepEqual(top, [image.entrypoint[0].slice(1), ...image.volumes.map((v) => v.slice(1))].sort())
  assert.ok(lstatSync(join(image.root, image.entrypoint[0])).isFile())
  assert.deepEqual(readdirSync(join(image.root, 'data')), [], 'the volume starts empty')

  // `docker run -p …:3000 -v …:/data`: the image's ENV, its paths under the volume mapped to
  // the stage's directory; PORT 0 stands for the published port.
  const env = {}
  for (const [k, v] of Object.entries(image.env)) {
    env[k] = image.volumes.reduce((value, volume) => value.replace(volume, join(image.root, volume)), v)
  }
  assert.equal(env.HOST, '0.0.0.0', 'the container listens on every interface')
  assert.equal(image.expose, Number(image.env.PORT))
  const run = () => startServer(join(image.root, image.entrypoint[0]), { ...env, PORT: '0' }, image.root, 0, true)
  let server = await run()
  let user
  try {
    assert.match(server.url, /^http:\/\/0\.0\.0\.0:/)
    const page = await fetch(`${server.url}/login`)
    assert.equal(page.status, 200)
    assert.match(await page.text(), /<script data-page="app" type="application\/json">/)
    user = await signUp(server.url, { name: 'Ada Lovelace', email: 'ada@lovelace.test', password: 'correct horse battery' })
  } finally {
    await server.stop()
  }
  const database = readdirSync(join(image.root, 'data'))
  assert.ok(database.some((f) => f.endsWith('.sqlite')), `the database is in the volume: ${database}`)
  // A new container on the same volume: the database is migrated again (nothing to do), and
  // the account, its contacts and its session are all still there.
  server = await run()
  try {
    const page = await fetch(`${server.url}/contacts`, { headers: { cookie: user.header }, redirect: 'manual' })
    assert.equal(page.status, 200, 'still signed in')
    assert.match(await page.text(), /Ada Lovelace/)
  } finally {
    await server.stop()
  }
})
