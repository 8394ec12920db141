//! `vite_version!("dist/.vite/manifest.json")`: the asset version, computed at compile time;
//! `vite_manifest!(…)`: the whole manifest carried in the binary, checked at compile time.

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;
use syn::LitStr;

use crate::args;

const USAGE: &str = "`vite_version!(\"dist/.vite/manifest.json\")`";
const MANIFEST_USAGE: &str = "`vite_manifest!(\"dist/.vite/manifest.json\")`";

/// The expansion, with environment lookups passed in so tests need not touch the process
/// environment.
pub(crate) fn try_expand(
    input: TokenStream,
    env: &dyn Fn(&str) -> Option<String>,
) -> syn::Result<TokenStream> {
    let read = read(input, "vite_version!", USAGE, env)?;
    let version = LitStr::new(&read.version, read.lit.span());
    let tracking = read.tracking();
    Ok(quote! {
        {
            #tracking
            #version
        }
    })
}

/// `vite_manifest!`: the manifest's bytes (for the runtime to read without a file) and its
/// version. Reading it checked it (the version comes from the one parse that validates it).
pub(crate) fn try_expand_manifest(
    input: TokenStream,
    env: &dyn Fn(&str) -> Option<String>,
) -> syn::Result<TokenStream> {
    let read = read(input, "vite_manifest!", MANIFEST_USAGE, env)?;
    let version = LitStr::new(&read.version, read.lit.span());
    let tracked = &read.tracked;
    let vars = &read.vars;
    let private = crate::paths::private(read.lit.span());
    Ok(quote! {
        {
            #(const _: ::core::option::Option<&str> = ::core::option_env!(#vars);)*
            #private::EmbeddedManifest::__new(::core::include_bytes!(#tracked), #version)
        }
    })
}

/// A manifest read at compile time.
struct Read {
    lit: LitStr,
    version: String,
    /// The canonical path, for `include_bytes!`.
    tracked: String,
    /// Environment variables the path used, for `option_env!`.
    vars: Vec<String>,
}

impl Read {
    /// Tracking: rustc records files read by `include_bytes!` and the variables read by
    /// `option_env!`, so cargo rebuilds when the manifest or a variable in the path changes.
    fn tracking(&self) -> TokenStream {
        let (tracked, vars) = (&self.tracked, &self.vars);
        quote! {
            const _: &[u8] = ::core::include_bytes!(#tracked);
            #(const _: ::core::option::Option<&str> = ::core::option_env!(#vars);)*
        }
    }
}

fn read(
    input: TokenStream,
    name: &str,
    usage: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> syn::Result<Read> {
    let lit = args::single_path_literal(input, name, usage)?;
    let (path, vars) = args::resolve_path(&lit, name, usage, env)?;
    let bytes = std::fs::read(&path).map_err(|e| {
        syn::Error::new(
            lit.span(),
            format!(
                "`{name}`: cannot read the Vite manifest {:?} (resolved to `{}`): {e}; \
                 run `vite build` with `build.manifest: true` first, or fix the path \
                 (relative paths start at the crate's Cargo.toml)",
                lit.value(),
                path.display()
            ),
        )
    })?;
    let version = inertia_vite::manifest_version(&bytes)
        .map_err(|e| syn::Error::new(lit.span(), format!("`{name}`: {:?} is {e}", lit.value())))?;
    let tracked: PathBuf = path.canonicalize().unwrap_or(path);
    let Some(tracked) = tracked.to_str().map(str::to_owned) else {
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "`{name}`: the manifest path `{}` is not valid UTF-8, so cargo cannot be told to watch it",
                tracked.display()
            ),
        ));
    };
    Ok(Read {
        lit,
        version,
        tracked,
        vars,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;
    use std::path::{Path, PathBuf};

    /// A fixture directory of this test's own (tests run in parallel and write files).
    fn fixture_dir(test: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("inertia-macros-vite-{}-{test}", std::process::id()));
        std::fs::create_dir_all(dir.join("dist/.vite")).unwrap();
        std::fs::write(
            dir.join("dist/.vite/manifest.json"),
            br#"{"src/main.ts":{"file":"assets/main-1.js","isEntry":true}}"#,
        )
        .unwrap();
        dir
    }

    fn env_with(dir: &Path) -> impl Fn(&str) -> Option<String> + '_ {
        move |name| match name {
            "CARGO_MANIFEST_DIR" => Some(dir.to_str().unwrap().to_owned()),
            "FRONTEND" => Some("dist".to_owned()),
            _ => None,
        }
    }

    /// The manifest must be tracked by its path, which cargo takes as UTF-8 text: a link to
    /// a directory whose name is not UTF-8 is refused, naming the path.
    #[cfg(unix)]
    #[test]
    fn a_manifest_path_that_is_not_utf8_is_an_error() {
        use std::os::unix::ffi::OsStrExt;
        let dir = fixture_dir("not-utf8");
        let odd = dir.join(std::ffi::OsStr::from_bytes(b"dist-\xff"));
        std::fs::create_dir_all(odd.join(".vite")).unwrap();
        std::fs::copy(
            dir.join("dist/.vite/manifest.json"),
            odd.join(".vite/manifest.json"),
        )
        .unwrap();
        std::os::unix::fs::symlink(&odd, dir.join("link")).unwrap();
        let e = try_expand(quote!("link/.vite/manifest.json"), &env_with(&dir))
            .unwrap_err()
            .to_string();
        let canonical = dir.canonicalize().unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            e,
            format!(
                "`vite_version!`: the manifest path `{}/dist-\u{fffd}/.vite/manifest.json` is not valid UTF-8, so cargo cannot be told to watch it",
                canonical.display()
            )
        );
    }

    #[test]
    fn expands_to_the_runtime_version_and_tracks_the_file() {
        let dir = fixture_dir("tracks");
        let out = try_expand(quote!("dist/.vite/manifest.json"), &env_with(&dir))
            .unwrap()
            .to_string();
        let bytes = std::fs::read(dir.join("dist/.vite/manifest.json")).unwrap();
        let version = inertia_vite::manifest_version(&bytes).unwrap();
        assert!(out.contains(&format!("\"{version}\"")), "{out}");
        assert!(out.contains("include_bytes"), "{out}");
        let canonical = dir.join("dist/.vite/manifest.json").canonicalize().unwrap();
        assert!(
            out.contains(&format!("{:?}", canonical.to_str().unwrap())),
            "{out}"
        );
    }

    #[test]
    fn the_whole_manifest_is_embedded_with_its_version() {
        let dir = fixture_dir("manifest");
        let out = try_expand_manifest(quote!("dist/.vite/manifest.json"), &env_with(&dir))
            .unwrap()
            .to_string();
        let bytes = std::fs::read(dir.join("dist/.vite/manifest.json")).unwrap();
        let version = inertia_vite::manifest_version(&bytes).unwrap();
        assert!(out.contains("EmbeddedManifest :: __new"), "{out}");
        assert!(out.contains(&format!("\"{version}\"")), "{out}");
        assert!(out.contains("include_bytes"), "{out}");
        // What the runtime's model refuses is refused here already, at the argument.
        std::fs::write(
            dir.join("no-file.json"),
            br#"{"src/main.ts":{"isEntry":true}}"#,
        )
        .unwrap();
        let err = try_expand_manifest(quote!("no-file.json"), &env_with(&dir))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("`vite_manifest!`: \"no-file.json\" is"),
            "{err}"
        );
    }

    #[test]
    fn expands_and_tracks_environment_variables() {
        let dir = fixture_dir("env");
        let out = try_expand(quote!("${FRONTEND}/.vite/manifest.json"), &env_with(&dir))
            .unwrap()
            .to_string();
        assert!(out.contains("option_env ! (\"FRONTEND\")"), "{out}");
        let err = try_expand(quote!("$NOPE/m.json"), &env_with(&dir))
            .unwrap_err()
            .to_string();
        assert!(err.contains("`NOPE` is not set"), "{err}");
    }

    #[test]
    fn errors_name_the_problem_and_the_fix() {
        let dir = fixture_dir("errors");
        let env = env_with(&dir);
        let e = |input: TokenStream| try_expand(input, &env).unwrap_err().to_string();
        let missing = e(quote!("nope/manifest.json"));
        assert!(
            missing.contains("cannot read the Vite manifest \"nope/manifest.json\""),
            "{missing}"
        );
        assert!(
            missing.contains(&dir.join("nope/manifest.json").display().to_string()),
            "{missing}"
        );
        assert!(missing.contains("build.manifest: true"), "{missing}");
        assert!(e(quote!()).contains("needs a path"));
        assert!(e(quote!(PATH)).contains("string literal"));
        assert!(e(quote!(concat!("a", "b"))).contains("string literal"));
        assert!(e(quote!("a", "b")).contains("exactly one argument"));
        assert!(e(quote!("")).contains("is empty"));
        std::fs::write(dir.join("bad.json"), "{").unwrap();
        assert!(e(quote!("bad.json")).contains("not valid JSON"));
        std::fs::write(dir.join("list.json"), "[]").unwrap();
        assert!(e(quote!("list.json")).contains("not a Vite manifest"));
    }
}
