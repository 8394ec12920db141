import type { Plugin } from 'vite'

export interface InertiaAxumOptions {
  /**
   * Where the dev server's URL is written while `vite` runs, relative to Vite's root
   * (default `hot`). The server reads it with `Vite::hot_file("frontend/hot")`.
   */
  hotFile?: string
  /** Where the server serves the build (default `/build/`, as `Vite::base`). */
  base?: string
  /**
   * The entry module(s): the build's input unless `build.rollupOptions.input` names it, and in
   * development where Vite starts looking for the dependencies to pre-bundle
   * (`optimizeDeps.entries`, unless set), so the first page does not reload when they are found.
   */
  input?: string | string[]
  /** The dev server's public URL, when not `http://localhost:<port>` (`server.origin`). */
  origin?: string
  /**
   * The build history (on by default): after each client build, the build is recorded in
   * `dir` (default `build-history`, beside `vite.config`; keep it between builds: commit it or
   * cache it in CI) and the fingerprinted files of the earlier builds it keeps are copied into
   * the output directory, so a server of the new build still serves what tabs of the old one
   * load next during a rolling deploy. `false` turns it off; the environment variable
   * `INERTIA_BUILD_HISTORY` (`off`, or a directory) overrides the option.
   */
  history?: false | HistoryOptions
  /**
   * Put the dependencies (`node_modules`) in a `vendor` chunk of their own (default `true`,
   * unless the config already sets how chunks are split): its content hash stays the same while
   * only the app's code changes, so browsers keep it across deploys and the build history holds
   * it once. `false` leaves chunking to Vite.
   */
  vendorChunk?: boolean
}

export interface HistoryOptions {
  /** Where the history is kept, relative to Vite's root (default `build-history`). */
  dir?: string
  /** How many builds are kept, the new one included (default 5). */
  builds?: number
  /** Builds older than this many days before the newest are dropped (default 30). */
  maxAgeDays?: number
}

export interface EmbeddedSsrOptions {
  /** The SSR entry (default `src/ssr.ts`). */
  entry?: string
  /** Where `ssr.js` is written (default `ssr`). */
  outDir?: string
}

/** The hot file in development, the manifest and `/build/` base in builds. */
export default function inertiaAxum(options?: InertiaAxumOptions): Plugin

/** The config of the SSR bundle the server embeds (`Ssr::embedded`). */
export function embeddedSsr(options?: EmbeddedSsrOptions): Plugin
