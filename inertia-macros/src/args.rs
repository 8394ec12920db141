//! Arguments shared by the path macros (`vite_version!`, `embed_assets!`): one string literal,
//! with `$VAR` expansion, resolved against the calling crate's directory.

use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream};
use syn::parse::{ParseStream, Parser};
use syn::{LitStr, Token};

/// Parses the single string-literal argument of a path macro (`name` is e.g.
/// `vite_version!`, `usage` an example call).
pub(crate) fn single_path_literal(
    input: TokenStream,
    name: &str,
    usage: &str,
) -> syn::Result<LitStr> {
    if input.is_empty() {
        return Err(syn::Error::new(
            Span::call_site(),
            format!("`{name}` needs a path, e.g. {usage}"),
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
                        "`{name}` takes the path as a string literal, e.g. {usage} (a macro call or constant cannot be read at compile time)"
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
                format!("`{name}` takes exactly one argument, the path, e.g. {usage}"),
            ));
        }
        Ok(lit)
    };
    parser.parse2(input)
}

/// Resolves the literal to a path: `$VAR`/`${VAR}` expanded, then relative paths joined to
/// the calling crate's `CARGO_MANIFEST_DIR`. Returns the variables used (to track them).
pub(crate) fn resolve_path(
    lit: &LitStr,
    name: &str,
    usage: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> syn::Result<(PathBuf, Vec<String>)> {
    let raw = lit.value();
    if raw.trim().is_empty() {
        return Err(syn::Error::new(
            lit.span(),
            format!("`{name}`: the path is empty, e.g. {usage}"),
        ));
    }
    let (expanded, vars) =
        expand_vars(&raw).map_err(|e| syn::Error::new(lit.span(), format!("`{name}`: {e}")))?;
    let mut missing = Vec::new();
    let mut path = String::new();
    for piece in expanded {
        match piece {
            Piece::Text(text) => path.push_str(&text),
            Piece::Var(var, default) => match (env(&var).filter(|v| !v.is_empty()), default) {
                (Some(value), _) => path.push_str(&value),
                (None, Some(default)) => path.push_str(&default),
                (None, None) => missing.push(var),
            },
        }
    }
    if !missing.is_empty() {
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "`{name}`: environment variable{} {} {} not set while compiling",
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
            format!(
                "`{name}`: `CARGO_MANIFEST_DIR` is not set, so the relative path cannot be resolved; build with cargo or use an absolute path"
            ),
        ));
    };
    Ok((Path::new(&dir).join(path), vars))
}

#[derive(Debug, PartialEq)]
enum Piece {
    Text(String),
    /// `$VAR`, `${VAR}`, or `${VAR:-default}` (the default when the variable is unset or
    /// empty, as in a shell).
    Var(String, Option<String>),
}

/// Splits `a/$X/${Y}b/${Z:-dist}` into text and variable pieces; `$$` is a literal `$`.
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
                let mut inner = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => inner.push(c),
                        None => return Err(format!("unclosed `${{` in {raw:?}")),
                    }
                }
                match inner.split_once(":-") {
                    Some((name, default)) => (name.to_owned(), Some(default.to_owned())),
                    None => (inner, None),
                }
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
                (name, None)
            }
        };
        let (name, default) = name;
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
        pieces.push(Piece::Var(name, default));
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok((pieces, vars))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Outside cargo (rustc run by hand), a relative path has no base: said so.
    #[test]
    fn a_relative_path_needs_cargo() {
        let lit = LitStr::new("dist/.vite/manifest.json", proc_macro2::Span::call_site());
        let e = resolve_path(&lit, "vite_version!", "", &|_| None)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "`vite_version!`: `CARGO_MANIFEST_DIR` is not set, so the relative path cannot be resolved; build with cargo or use an absolute path"
        );
    }

    #[test]
    fn variable_syntax() {
        let (pieces, vars) = expand_vars("$A/${B_1}x$$y").unwrap();
        assert_eq!(
            pieces,
            [
                Piece::Var("A".into(), None),
                Piece::Text("/".into()),
                Piece::Var("B_1".into(), None),
                Piece::Text("x$y".into())
            ]
        );
        assert_eq!(vars, ["A", "B_1"]);
        let (pieces, vars) = expand_vars("${DIST:-frontend/dist}/m.json").unwrap();
        assert_eq!(
            pieces,
            [
                Piece::Var("DIST".into(), Some("frontend/dist".into())),
                Piece::Text("/m.json".into())
            ]
        );
        assert_eq!(vars, ["DIST"]);
        assert!(expand_vars("${A").is_err());
        assert!(expand_vars("${:-x}").is_err());
        assert!(expand_vars("$1").is_err());
        assert!(expand_vars("a$").is_err());
    }
}
