/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Which build this is; the browser tests build a second one to deploy a new version. */
  readonly VITE_BUILD_LABEL?: string
}
