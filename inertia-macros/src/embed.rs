//! `embed_assets!("dist")`: a built frontend directory, embedded at compile time.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use proc_macro2::{Literal, Span, TokenStream};
use quote::quote;
use syn::parse::{ParseStream, Parser};
use syn::{LitBool, LitStr, Token};

use crate::{args, compress, paths};

const USAGE: &str = "`embed_assets!(\"frontend/dist\")`";

/// The environment variable that turns compression on (`1`) or off (`0`) when the macro call
/// does not say.
const COMPRESS_VAR: &str = "INERTIA_EMBED_COMPRESS";

/// `"path"` and an optional `compress = true|false`.
fn parse_args(input: TokenStream) -> syn::Result<(LitStr, Option<LitBool>)> {
    // Split off the options so the path is read (and its errors worded) as elsewhere.
    let mut tokens: Vec<proc_macro2::TokenTree> = input.into_iter().collect();
    let comma = tokens
        .iter()
        .position(|t| matches!(t, proc_macro2::TokenTree::Punct(p) if p.as_char() == ','));
    let options: TokenStream = match comma {
        Some(at) => tokens.split_off(at).into_iter().skip(1).collect(),
        None => TokenStream::new(),
    };
    let lit = args::single_path_literal(tokens.into_iter().collect(), "embed_assets!", USAGE)?;
    let parser = |input: ParseStream<'_>| -> syn::Result<Option<LitBool>> {
        let mut compress = None;
        while !input.is_empty() {
            let key: syn::Ident = input.parse()?;
            if key != "compress" {
                return Err(syn::Error::new(
                    key.span(),
                    format!(
                        "unknown option `{key}` of `embed_assets!`; the one option is `compress = true` or `compress = false`, e.g. `embed_assets!(\"frontend/dist\", compress = true)`"
                    ),
                ));
            }
            let _: Token![=] = input.parse()?;
            compress =
                Some(input.parse::<LitBool>().map_err(|e| {
                    syn::Error::new(e.span(), "`compress` takes `true` or `false`")
                })?);
            if !input.is_empty() {
                let _: Token![,] = input.parse()?;
            }
        }
        Ok(compress)
    };
    Ok((lit, parser.parse2(options)?))
}

/// Whether to compress: the macro's `compress = …`, else `INERTIA_EMBED_COMPRESS`, else on
/// for release builds. (The macro crate is compiled with the profile of the build, so its own
/// `debug_assertions` tell a dev build from a release one: debug builds skip compressing, which
/// takes seconds for a large frontend, and serve the files as they are.)
fn should_compress(arg: Option<&LitBool>, env: &dyn Fn(&str) -> Option<String>) -> bool {
    if let Some(arg) = arg {
        return arg.value;
    }
    match env(COMPRESS_VAR).as_deref().map(str::trim) {
        Some("1" | "true" | "yes") => true,
        Some("0" | "false" | "no") => false,
        _ => !cfg!(debug_assertions),
    }
}

pub(crate) fn try_expand(
    input: TokenStream,
    env: &dyn Fn(&str) -> Option<String>,
) -> syn::Result<TokenStream> {
    let (lit, compress_arg) = parse_args(input)?;
    let compress = should_compress(compress_arg.as_ref(), env);
    let (dir, vars) = args::resolve_path(&lit, "embed_assets!", USAGE, env)?;
    let root = dir.canonicalize().map_err(|e| {
        syn::Error::new(
            lit.span(),
            format!(
                "`embed_assets!`: no directory {:?} (resolved to `{}`): {e}; build the frontend first (`vite build`), or fix the path (relative paths start at the crate's Cargo.toml)",
                lit.value(),
                dir.display()
            ),
        )
    })?;
    if !root.is_dir() {
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "`embed_assets!`: `{}` is a file, not a directory",
                root.display()
            ),
        ));
    }
    let mut found = BTreeMap::new();
    walk(&root, &root, &mut found)
        .map_err(|e| syn::Error::new(lit.span(), format!("`embed_assets!`: {e}")))?;

    // The manifest: its version, and which files are fingerprinted.
    let manifest_path = root.join(".vite").join("manifest.json");
    let (manifest_tokens, version, fingerprinted) = if manifest_path.is_file() {
        let bytes = std::fs::read(&manifest_path).map_err(|e| {
            syn::Error::new(
                lit.span(),
                format!(
                    "`embed_assets!`: cannot read `{}`: {e}",
                    manifest_path.display()
                ),
            )
        })?;
        let (manifest, version) = inertia_vite::manifest::Manifest::parse_versioned(&bytes)
            .map_err(|e| {
                syn::Error::new(
                    lit.span(),
                    format!("`embed_assets!`: `{}` is {e}", manifest_path.display()),
                )
            })?;
        let fingerprinted: HashSet<String> =
            manifest.files().into_iter().map(str::to_owned).collect();
        let path = utf8(&manifest_path, &lit)?;
        (
            quote!(::core::option::Option::Some(::core::include_bytes!(#path))),
            version,
            fingerprinted,
        )
    } else {
        (
            quote!(::core::option::Option::None),
            String::new(),
            HashSet::new(),
        )
    };

    // The build history (the Vite plugin's `.vite/history.json`): files of earlier builds,
    // copied beside this one so tabs still running them find what they load next. Served
    // like fingerprinted files (they are), never in the tags or the version.
    let history_path = root.join(".vite").join("history.json");
    let (history_tokens, earlier_versions, history_files) = if history_path.is_file() {
        let bytes = std::fs::read(&history_path).map_err(|e| {
            syn::Error::new(
                lit.span(),
                format!(
                    "`embed_assets!`: cannot read `{}`: {e}",
                    history_path.display()
                ),
            )
        })?;
        let history = inertia_vite::history::History::parse(&bytes).map_err(|e| {
            syn::Error::new(
                lit.span(),
                format!(
                    "`embed_assets!`: `{}` is {e}; build the frontend again (`vite build`), or delete the file to embed no history",
                    history_path.display()
                ),
            )
        })?;
        let path = utf8(&history_path, &lit)?;
        let versions: Vec<String> = history
            .builds()
            .iter()
            .map(|b| b.version().to_owned())
            .filter(|v| *v != version)
            .collect();
        let files: HashSet<String> = history
            .builds()
            .iter()
            .flat_map(|b| b.files().iter().cloned())
            .collect();
        (
            // Cargo rebuilds when the history changes, as it does for the manifest.
            quote!(
                const _: &[u8] = ::core::include_bytes!(#path);
            ),
            versions,
            files,
        )
    } else {
        (TokenStream::new(), Vec::new(), HashSet::new())
    };

    // The files served, read once.
    let mut embedded = Vec::new();
    for (rel, path) in &found {
        // Precompressed variants are served with their originals, not on their own.
        let variant_of = rel.strip_suffix(".br").or_else(|| rel.strip_suffix(".gz"));
        if variant_of.is_some_and(|original| found.contains_key(original)) {
            continue;
        }
        if rel.split('/').any(|segment| segment.starts_with('.')) {
            continue;
        }
        let bytes = std::fs::read(path).map_err(|e| {
            syn::Error::new(
                lit.span(),
                format!("`embed_assets!`: cannot read `{}`: {e}", path.display()),
            )
        })?;
        embedded.push((rel.clone(), bytes));
    }
    // Files the build compressed already keep their copies; the others are compressed now.
    let compressed = if compress {
        let to_compress: Vec<(String, Vec<u8>)> = embedded
            .iter()
            .map(|(rel, bytes)| {
                let has_own = found.contains_key(&format!("{rel}.br"))
                    || found.contains_key(&format!("{rel}.gz"));
                // A file with copies of its own is not compressed again (an empty name skips it).
                let name = if has_own { String::new() } else { rel.clone() };
                (name, if has_own { Vec::new() } else { bytes.clone() })
            })
            .collect();
        compress::compress_all(&to_compress)
    } else {
        embedded
            .iter()
            .map(|_| compress::Compressed::default())
            .collect()
    };

    let mut files = Vec::new();
    for ((rel, bytes), made) in embedded.iter().zip(compressed) {
        let path = &found[rel];
        let etag = format!("\"{}\"", inertia_vite::short_sha256(bytes));
        let content_type = content_type(rel);
        let immutable =
            fingerprinted.contains(rel.as_str()) || history_files.contains(rel.as_str());
        let abs = utf8(path, &lit)?;
        let variant = |suffix: &str, made: Option<Vec<u8>>| -> syn::Result<TokenStream> {
            match (found.get(&format!("{rel}.{suffix}")), made) {
                (Some(p), _) => {
                    let p = utf8(p, &lit)?;
                    Ok(quote!(::core::option::Option::Some(
                        ::core::include_bytes!(#p)
                    )))
                }
                (None, Some(bytes)) => {
                    let bytes = Literal::byte_string(&bytes);
                    Ok(quote!(::core::option::Option::Some(#bytes)))
                }
                (None, None) => Ok(quote!(::core::option::Option::None)),
            }
        };
        let brotli = variant("br", made.brotli)?;
        let gzip = variant("gz", made.gzip)?;
        let private = paths::private(Span::call_site());
        files.push(quote! {
            #private::EmbeddedFile::__new(#rel, ::core::include_bytes!(#abs), #content_type, #etag, #immutable, #brotli, #gzip)
        });
    }
    let private = paths::private(Span::call_site());
    let version = LitStr::new(&version, lit.span());
    Ok(quote! {
        {
            #(const _: ::core::option::Option<&str> = ::core::option_env!(#vars);)*
            const _: ::core::option::Option<&str> = ::core::option_env!(#COMPRESS_VAR);
            #history_tokens
            #private::EmbeddedAssets::__new(&[#(#files),*], #manifest_tokens, #version, &[#(#earlier_versions),*])
        }
    })
}

fn utf8(path: &Path, lit: &LitStr) -> syn::Result<String> {
    path.to_str().map(str::to_owned).ok_or_else(|| {
        syn::Error::new(
            lit.span(),
            format!("`embed_assets!`: `{}` is not valid UTF-8", path.display()),
        )
    })
}

/// Collects every file under `dir` as (`/`-separated path relative to `root`, absolute path),
/// sorted by path. Symbolic links are followed only when they stay inside `root`.
fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list `{}`: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list `{}`: {e}", dir.display()))?;
        let path = entry
            .path()
            .canonicalize()
            .map_err(|e| format!("cannot resolve `{}`: {e}", entry.path().display()))?;
        if !path.starts_with(root) {
            return Err(format!(
                "`{}` links outside the embedded directory (to `{}`)",
                entry.path().display(),
                path.display()
            ));
        }
        if path.is_dir() {
            walk(root, &path, out)?;
        } else {
            let rel = entry
                .path()
                .strip_prefix(root)
                .map_err(|_| {
                    format!(
                        "`{}` is outside `{}`",
                        entry.path().display(),
                        root.display()
                    )
                })?
                .components()
                .map(|c| c.as_os_str().to_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| {
                    format!(
                        "the file name `{}` is not valid UTF-8",
                        entry.path().display()
                    )
                })?
                .join("/");
            out.insert(rel, path);
        }
    }
    Ok(())
}

/// The `Content-Type` of an embedded file, from its extension (`mime_guess`'s table), with
/// `charset=utf-8` on text, and the two Vite outputs it names differently: source maps are
/// JSON and `.mjs` is JavaScript served as `text/javascript` (the type browsers expect).
fn content_type(path: &str) -> String {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let mime = match ext.as_str() {
        "map" => return "application/json".to_owned(),
        "js" | "mjs" | "cjs" => "text/javascript".to_owned(),
        _ => match mime_guess::from_ext(&ext).first_raw() {
            Some(mime) => mime.to_owned(),
            None => return "application/octet-stream".to_owned(),
        },
    };
    if mime.starts_with("text/") {
        format!("{mime}; charset=utf-8")
    } else {
        mime
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn content_types() {
        assert_eq!(
            content_type("assets/a-1.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("A.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("logo.svg"), "image/svg+xml");
        assert_eq!(content_type("noext"), "application/octet-stream");
        assert_eq!(content_type("a.unknownext"), "application/octet-stream");
        for (path, expected) in [
            ("a.mjs", "text/javascript; charset=utf-8"),
            ("a.js.map", "application/json"),
            ("a.json", "application/json"),
            ("site.webmanifest", "application/manifest+json"),
            ("a.woff2", "font/woff2"),
            ("a.avif", "image/avif"),
            ("a.wasm", "application/wasm"),
            ("index.html", "text/html; charset=utf-8"),
            ("a.PNG", "image/png"),
        ] {
            assert_eq!(content_type(path), expected, "{path}");
        }
    }

    /// A file whose name is not UTF-8 cannot get a URL path: the error names it.
    #[cfg(unix)]
    #[test]
    fn a_file_name_that_is_not_utf8_is_an_error() {
        use std::os::unix::ffi::OsStrExt;
        let root = std::env::temp_dir().join(format!("embed-utf8-{}", std::process::id()));
        let dist = root.join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(dist.join(std::ffi::OsStr::from_bytes(b"bad\xff.js")), "x").unwrap();
        let root_text = root.to_str().unwrap().to_owned();
        let env = |name: &str| (name == "CARGO_MANIFEST_DIR").then(|| root_text.clone());
        let e = try_expand(quote!("dist"), &env).unwrap_err().to_string();
        let canonical = root.canonicalize().unwrap();
        std::fs::remove_dir_all(&root).unwrap();
        assert_eq!(
            e,
            format!(
                "`embed_assets!`: the file name `{}/dist/bad\u{fffd}.js` is not valid UTF-8",
                canonical.display()
            )
        );
    }

    /// A symbolic link out of the directory would embed a file the build never made (a
    /// secret beside the project, say): refused, with both paths named.
    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_directory_is_an_error() {
        let root = std::env::temp_dir().join(format!("embed-link-{}", std::process::id()));
        let dist = root.join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(root.join("secret.txt"), "x").unwrap();
        std::os::unix::fs::symlink(root.join("secret.txt"), dist.join("leak.txt")).unwrap();
        let root_text = root.to_str().unwrap().to_owned();
        let env = |name: &str| (name == "CARGO_MANIFEST_DIR").then(|| root_text.clone());
        let e = try_expand(quote!("dist"), &env).unwrap_err().to_string();
        let canonical = root.canonicalize().unwrap();
        assert_eq!(
            e,
            format!(
                "`embed_assets!`: `{}/dist/leak.txt` links outside the embedded directory (to `{}/secret.txt`)",
                canonical.display(),
                canonical.display()
            )
        );
        // A link to nothing: named, with the system's reason.
        std::fs::remove_file(dist.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(root.join("gone.txt"), dist.join("dangling.txt")).unwrap();
        let e = try_expand(quote!("dist"), &env).unwrap_err().to_string();
        std::fs::remove_dir_all(&root).unwrap();
        assert!(
            e.starts_with(&format!(
                "`embed_assets!`: cannot resolve `{}/dist/dangling.txt`: ",
                canonical.display()
            )),
            "{e}"
        );
    }

    /// The Vite plugin's `.vite/history.json`: the earlier builds' versions reach the runtime
    /// (without the current one, should a history list it), their files are served as
    /// fingerprinted, and a broken history is an error that says what to do.
    #[test]
    fn the_build_history_is_embedded() {
        let root = std::env::temp_dir().join(format!("embed-history-{}", std::process::id()));
        let dist = root.join("dist");
        std::fs::create_dir_all(dist.join(".vite")).unwrap();
        std::fs::create_dir_all(dist.join("assets")).unwrap();
        let current = r#"{"src/main.ts":{"file":"assets/main-NEW.js","isEntry":true}}"#;
        let earlier = r#"{"src/main.ts":{"file":"assets/main-OLD.js","isEntry":true}}"#;
        std::fs::write(dist.join(".vite/manifest.json"), current).unwrap();
        std::fs::write(dist.join("assets/main-NEW.js"), "new").unwrap();
        std::fs::write(dist.join("assets/main-OLD.js"), "old").unwrap();
        std::fs::write(dist.join("robots.txt"), "").unwrap();
        let history = format!(
            r#"{{"format":1,"builds":[{{"builtAt":"a","files":["assets/main-OLD.js"],"manifest":{earlier}}},{{"builtAt":"b","files":["assets/main-NEW.js"],"manifest":{current}}}]}}"#
        );
        std::fs::write(dist.join(".vite/history.json"), history).unwrap();
        let root_text = root.to_str().unwrap().to_owned();
        let env = |name: &str| (name == "CARGO_MANIFEST_DIR").then(|| root_text.clone());
        let out = try_expand(quote!("dist"), &env).unwrap().to_string();
        let old_version = inertia_vite::manifest_version(earlier.as_bytes()).unwrap();
        let new_version = inertia_vite::manifest_version(current.as_bytes()).unwrap();
        let tail = out.split("EmbeddedAssets :: __new").nth(1).unwrap();
        assert!(
            tail.ends_with(&format!("\"{new_version}\" , & [\"{old_version}\"]) }}")),
            "{tail}"
        );
        assert!(
            out.contains("history.json"),
            "the history is tracked for rebuilds"
        );
        let immutable = |file: &str| {
            let at = out.find(&format!("__new (\"{file}\"")).unwrap();
            out[at..].split(',').nth(4).unwrap().trim().to_owned()
        };
        assert_eq!(immutable("assets/main-OLD.js"), "true");
        assert_eq!(immutable("assets/main-NEW.js"), "true");
        assert_eq!(immutable("robots.txt"), "false");

        std::fs::write(dist.join(".vite/history.json"), r#"{"format":2}"#).unwrap();
        let e = try_expand(quote!("dist"), &env).unwrap_err().to_string();
        std::fs::remove_dir_all(&root).unwrap();
        assert!(e.contains("history.json` is not a build history"), "{e}");
        assert!(e.contains("delete the file to embed no history"), "{e}");
    }

    #[test]
    fn errors() {
        let env =
            |name: &str| (name == "CARGO_MANIFEST_DIR").then(|| "/nonexistent-root".to_owned());
        let e = try_expand(quote!("dist"), &env).unwrap_err().to_string();
        assert!(e.contains("no directory \"dist\""), "{e}");
        assert!(e.contains("vite build"), "{e}");
        assert!(
            try_expand(quote!(), &env)
                .unwrap_err()
                .to_string()
                .contains("needs")
        );
        assert!(
            try_expand(quote!(DIST), &env)
                .unwrap_err()
                .to_string()
                .contains("string literal")
        );
    }
}
