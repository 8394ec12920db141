//! `vite_version!("dist/.vite/manifest.json")`: the asset version, computed at compile time.

use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::parse::{ParseStream, Parser};
use syn::{LitStr, Token};

const USAGE: &str = "`vite_version!(\"dist/.vite/manifest.json\")`";

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    try_expand(input, &|name| std::env::var(name).ok())
        .unwrap_or_else(syn::Error::into_compile_error)
}

/// The expansion, with environment lookups passed in so tests need not touch the process
/// environment.
pub(crate) fn try_expand(
    input: TokenStream,
    env: &dyn Fn(&str) -> Option<String>,
) -> syn::Result<TokenStream> {
    let lit = parse_input(input)?;
    let (path, vars) = resolve(&lit, env)?;
    let bytes = std::fs::read(&path).map_err(|e| {
        syn::Error::new(
            lit.span(),
            format!(
                "`vite_version!`: cannot read the Vite manifest {:?} (resolved to `{}`): {e}; \
                 run `vite build` with `build.manifest: true` first, or fix the path \
                 (relative paths start at the crate's Cargo.toml)",
                lit.value(),
                path.display()
            ),
        )
    })?;
    let version = inertia_vite::manifest_version(&bytes).map_err(|e| {
        syn::Error::new(
            lit.span(),
            format!("`vite_version!`: {:?} is {e}", lit.value()),
        )
    })?;
    // Tracking: rustc records files read by `include_bytes!` and the variables read by
    // `option_env!`, so cargo rebuilds when the manifest or a variable in the path changes.
    let tracked = path.canonicalize().unwrap_or(path);
    let Some(tracked) = tracked.to_str() else {
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "`vite_version!`: the manifest path `{}` is not valid UTF-8, so cargo cannot be told to watch it",
                tracked.display()
            ),
        ));
    };
    let version = LitStr::new(&version, lit.span());
    Ok(quote! {
        {
            const _: &[u8] = ::core::include_bytes!(#tracked);
            #(const _: ::core::option::Option<&str> = ::core::option_env!(#vars);)*
            #version
        }
    })
}

fn parse_input(input: TokenStream) -> syn::Result<LitStr> {
    if input.is_empty() {
        return Err(syn::Error::new(
            Span::call_site(),
            format!("`vite_version!` needs the path of the Vite manifest, e.g. {USAGE}"),
        ));
    }
    let parser = |input: ParseStream<'_>| -> syn::Result<LitStr> {
        let lit = match input.parse::<LitStr>() {
            Ok(lit) => lit,
            Err(_) => {
                let bad: TokenStream = input.parse()?;
                return Err(syn::Error::new_spanned(
                    bad,
                    format!(
                        "`vite_version!` takes the manifest path as a string literal, e.g. {USAGE} (a macro call or constant cannot be read at compile time)"
                    ),
                ));
            }
        };
        if input.peek(Token![,]) {
            let _: Token![,] = input.parse()?;
        }
        if !input.is_empty() {
            let extra: TokenStream = input.parse()?;
            return Err(syn::Error::new_spanned(
                extra,
                format!(
                    "`vite_version!` takes exactly one argument, the manifest path, e.g. {USAGE}"
                ),
            ));
        }
        Ok(lit)
    };
    parser.parse2(input)
}

/// Resolves the literal to a path: `$VAR`/`${VAR}` expanded, then relative paths joined to
/// the calling crate's `CARGO_MANIFEST_DIR`. Returns the variables used (to track them).
fn resolve(
    lit: &LitStr,
    env: &dyn Fn(&str) -> Option<String>,
) -> syn::Result<(PathBuf, Vec<String>)> {
    let raw = lit.value();
    if raw.trim().is_empty() {
        return Err(syn::Error::new(
            lit.span(),
            format!("`vite_version!`: the manifest path is empty, e.g. {USAGE}"),
        ));
    }
    let (expanded, vars) = expand_vars(&raw)
        .map_err(|e| syn::Error::new(lit.span(), format!("`vite_version!`: {e}")))?;
    let mut missing = Vec::new();
    let mut path = String::new();
    for piece in expanded {
        match piece {
            Piece::Text(text) => path.push_str(&text),
            Piece::Var(name) => match env(&name) {
                Some(value) => path.push_str(&value),
                None => missing.push(name),
            },
        }
    }
    if !missing.is_empty() {
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "`vite_version!`: environment variable{} {} {} not set while compiling",
                if missing.len() == 1 { "" } else { "s" },
                missing
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                if missing.len() == 1 { "is" } else { "are" },
            ),
        ));
    }
    let path = PathBuf::from(path);
    if path.is_absolute() {
        return Ok((path, vars));
    }
    let Some(dir) = env("CARGO_MANIFEST_DIR") else {
        return Err(syn::Error::new(
            lit.span(),
            "`vite_version!`: `CARGO_MANIFEST_DIR` is not set, so the relative manifest path cannot be resolved; build with cargo or use an absolute path",
        ));
    };
    Ok((Path::new(&dir).join(path), vars))
}

#[derive(Debug, PartialEq)]
enum Piece {
    Text(String),
    Var(String),
}

/// Splits `a/$X/${Y}b` into text and variable pieces; `$$` is a literal `$`.
fn expand_vars(raw: &str) -> Result<(Vec<Piece>, Vec<String>), String> {
    let mut pieces = Vec::new();
    let mut vars = Vec::new();
    let mut text = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '$' {
            text.push(c);
            continue;
        }
        let name = match chars.peek() {
            Some('$') => {
                chars.next();
                text.push('$');
                continue;
            }
            Some('{') => {
                chars.next();
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => name.push(c),
                        None => return Err(format!("unclosed `${{` in {raw:?}")),
                    }
                }
                name
            }
            _ => {
                let mut name = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        name.push(c);
                        chars.next();
                    } else {
                        break;
                    }
                }
                name
            }
        };
        let valid = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err(format!(
                "`${name}` in {raw:?} is not an environment variable name (write `$$` for a literal `$`)"
            ));
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(std::mem::take(&mut text)));
        }
        if !vars.contains(&name) {
            vars.push(name.clone());
        }
        pieces.push(Piece::Var(name));
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok((pieces, vars))
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn fixture_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("inertia-macros-vite-{}", std::process::id()));
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

    #[test]
    fn expands_to_the_runtime_version_and_tracks_the_file() {
        let dir = fixture_dir();
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
    fn expands_and_tracks_environment_variables() {
        let dir = fixture_dir();
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
    fn variable_syntax() {
        let (pieces, vars) = expand_vars("$A/${B_1}x$$y").unwrap();
        assert_eq!(
            pieces,
            [
                Piece::Var("A".into()),
                Piece::Text("/".into()),
                Piece::Var("B_1".into()),
                Piece::Text("x$y".into())
            ]
        );
        assert_eq!(vars, ["A", "B_1"]);
        assert!(expand_vars("${A").is_err());
        assert!(expand_vars("$1").is_err());
        assert!(expand_vars("a$").is_err());
    }

    #[test]
    fn errors_name_the_problem_and_the_fix() {
        let dir = fixture_dir();
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
        assert!(e(quote!()).contains("needs the path"));
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
