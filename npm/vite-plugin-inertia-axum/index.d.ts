import type { Plugin } from 'vite'

export interface InertiaAxumOptions {
  /**
   * Where the dev server's URL is written while `vite` runs, relative to Vite's root
   * (default `hot`). The server reads it with `Vite::hot_file("frontend/hot")`.
   */
  hotFile?: string
  /** Where the server serves the build (default `/build/`, as `Vite::base`). */
  base?: string
  /** The entry module(s), unless `build.rollupOptions.input` names them. */
  input?: string | string[]
  /** The dev server's public URL, when not `http://localhost:<port>` (`server.origin`). */
  origin?: string
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
