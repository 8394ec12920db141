// The build history: the fingerprinted files of earlier builds, kept so that a server of the
// new build still serves what a tab loaded from the old one asks for next (a lazily loaded
// page, a stylesheet), during and after a rolling deploy.
//
// The store (default `build-history/` beside `vite.config`) outlives `dist/`, which Vite empties
// on every build:
//
//   build-history/index.json            { "format": 1, "builds": [{ id, builtAt, files }] }, oldest first
//   build-history/manifests/<id>.json   each build's Vite manifest
//   build-history/files/<path>          each file once (fingerprinted names are content-addressed)
//
// After each client build, the build is recorded (once per distinct manifest: rebuilding the same
// sources changes nothing, so a committed build stays reproducible), old builds are pruned (by
// count, and by age counted from the newest build, not from the clock), and the files of the
// earlier builds that the new one does not have are copied into `dist/`, listed in
// `dist/.vite/history.json` with their manifests. `embed_assets!` embeds them (served with
// `immutable` caching, never in the tags or the version); a server reading `dist/` from disk
// serves them as they are.

import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'

/** The defaults of `history`: five builds, none older than 30 days before the newest. */
export const HISTORY_DEFAULTS = Object.freeze({ dir: 'build-history', builds: 5, maxAgeDays: 30 })

/**
 * The history settings from the plugin's `history` option and the `INERTIA_BUILD_HISTORY`
 * environment variable (`off`, or a directory, which wins over the option's: scripts and tests
 * build into a copy of the store). `null` when off.
 *
 * @param {false | { dir?: string, builds?: number, maxAgeDays?: number } | undefined} option
 * @param {string} root Vite's root
 * @param {Record<string, string | undefined>} env
 */
export function historySettings(option, root, env = process.env) {
  const fromEnv = env.INERTIA_BUILD_HISTORY?.trim()
  if (fromEnv === 'off' || fromEnv === '0' || fromEnv === 'false') return null
  if (option === false && !fromEnv) return null
  const given = option && typeof option === 'object' ? option : {}
  const builds = given.builds ?? HISTORY_DEFAULTS.builds
  const maxAgeDays = given.maxAgeDays ?? HISTORY_DEFAULTS.maxAgeDays
  if (!Number.isInteger(builds) || builds < 1) {
    throw new Error(`vite-plugin-inertia-axum: history.builds must be a whole number of at least 1 (the builds kept, the new one included), not ${builds}`)
  }
  if (typeof maxAgeDays !== 'number' || !(maxAgeDays > 0)) {
    throw new Error(`vite-plugin-inertia-axum: history.maxAgeDays must be a number of days above 0, not ${maxAgeDays}`)
  }
  return { dir: resolve(root, fromEnv || given.dir || HISTORY_DEFAULTS.dir), builds, maxAgeDays }
}

/** Every file a Vite manifest names (entries, chunks, their CSS and assets), sorted. */
export function manifestFiles(manifest) {
  const files = new Set()
  for (const chunk of Object.values(manifest)) {
    if (typeof chunk?.file === 'string') files.add(chunk.file)
    for (const key of ['css', 'assets']) for (const file of chunk?.[key] ?? []) files.add(file)
  }
  return [...files].sort()
}

/** A path from a manifest that stays inside the directory it is joined to. */
function safeJoin(dir, file) {
  const path = resolve(dir, file)
  if (path !== dir && !path.startsWith(dir + sep)) throw new Error(`vite-plugin-inertia-axum: the manifest names ${JSON.stringify(file)}, outside the build directory`)
  return path
}

function readIndex(dir) {
  const path = join(dir, 'index.json')
  if (!existsSync(path)) return { format: 1, builds: [] }
  let index
  try {
    index = JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    throw new Error(`vite-plugin-inertia-axum: ${path} is not valid JSON (${e.message}); delete the directory to start a new history`)
  }
  if (index?.format !== 1 || !Array.isArray(index.builds)) {
    throw new Error(`vite-plugin-inertia-axum: ${path} is not a build history this plugin wrote (format 1); delete the directory to start a new history`)
  }
  return index
}

function writeJson(path, value) {
  mkdirSync(dirname(path), { recursive: true })
  const text = JSON.stringify(value, null, 2) + '\n'
  // Unchanged files are not written again: a committed store stays untouched by a rebuild.
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return
  writeFileSync(path, text)
}

/** Files under `dir`, as `/`-separated paths relative to it. */
function listFiles(dir, base = dir, out = []) {
  if (!existsSync(dir)) return out
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) listFiles(path, base, out)
    else out.push(relative(base, path).split(sep).join('/'))
  }
  return out
}

/**
 * Records the build in `outDir` in the history, prunes it, and copies the earlier builds' files
 * into `outDir`. Returns what it did, for the build log.
 *
 * @param {{ dir: string, builds: number, maxAgeDays: number }} settings
 * @param {string} outDir the client build's directory
 * @param {string} manifestPath its Vite manifest
 * @param {Date} now when this build is recorded, if it is new
 */
export function recordBuild(settings, outDir, manifestPath, now = new Date()) {
  const manifestBytes = readFileSync(manifestPath)
  const manifest = JSON.parse(manifestBytes.toString('utf8'))
  const id = createHash('sha256').update(manifestBytes).digest('hex').slice(0, 16)
  const files = manifestFiles(manifest)
  const store = settings.dir
  const index = readIndex(store)

  // The build, once: a rebuild of the same sources keeps its first time and place.
  const existing = index.builds.find((b) => b.id === id)
  const entry = existing ?? { id, builtAt: now.toISOString(), files }
  index.builds = [...index.builds.filter((b) => b.id !== id), entry]
  writeJson(join(store, 'manifests', `${id}.json`), manifest)
  for (const file of files) {
    const target = safeJoin(join(store, 'files'), file)
    const source = safeJoin(outDir, file)
    if (!existsSync(source)) continue
    if (existsSync(target) && readFileSync(target).equals(readFileSync(source))) continue
    mkdirSync(dirname(target), { recursive: true })
    copyFileSync(source, target)
  }

  // Pruned by count, then by age relative to the newest build (never to the clock, so that
  // rebuilding a committed build months later gives the same files).
  const newest = Date.parse(entry.builtAt)
  const maxAge = settings.maxAgeDays * 24 * 3600 * 1000
  index.builds = index.builds
    .slice(-settings.builds)
    .filter((b) => b === entry || newest - Date.parse(b.builtAt) <= maxAge)
  writeJson(join(store, 'index.json'), index)

  // What no kept build names leaves the store.
  const kept = new Set(index.builds.flatMap((b) => b.files))
  for (const file of listFiles(join(store, 'files'))) {
    if (!kept.has(file)) rmSync(join(store, 'files', file))
  }
  const keptManifests = new Set(index.builds.map((b) => `${b.id}.json`))
  for (const file of listFiles(join(store, 'manifests'))) {
    if (!keptManifests.has(file)) rmSync(join(store, 'manifests', file))
  }
  removeEmptyDirs(join(store, 'files'))

  // The earlier builds' files beside the new ones, and the list the server reads.
  const current = new Set(files)
  const earlier = index.builds.filter((b) => b !== entry)
  let copied = 0
  let bytes = 0
  for (const file of new Set(earlier.flatMap((b) => b.files))) {
    if (current.has(file)) continue
    const source = join(store, 'files', file)
    if (!existsSync(source)) continue
    const target = safeJoin(outDir, file)
    mkdirSync(dirname(target), { recursive: true })
    copyFileSync(source, target)
    copied += 1
    bytes += statSync(target).size
  }
  const listing = {
    format: 1,
    builds: earlier.map((b) => ({
      builtAt: b.builtAt,
      files: b.files,
      manifest: JSON.parse(readFileSync(join(store, 'manifests', `${b.id}.json`), 'utf8')),
    })),
  }
  writeJson(join(dirname(manifestPath), 'history.json'), listing)
  return { builds: earlier.length, copied, bytes, store }
}

function removeEmptyDirs(dir) {
  if (!existsSync(dir)) return
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeEmptyDirs(join(dir, entry.name))
  }
  if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true })
}
