import '@inertiajs/core'

// The shared props every page gets from the server (InertiaConfig::share / share_with) and
// the flash data it sends (Redirect::flash).
declare module '@inertiajs/core' {
  export interface InertiaConfig {
    sharedPageProps: {
      appName: string
      auth: { user: { name: string; email: string } | null }
    }
    flashDataType: {
      success?: string
    }
  }
}
