//! The compile-time page component check.
//!
//! When the app says where its page components live, `#[inertia_page("Users/Index")]` (and
//! `component!("Users/Index")`) only compile if a file `Users/Index.{tsx,jsx,vue,svelte,ts,js}`
//! exists there, with exactly that case. The setting is read from the calling crate's
//! `Cargo.toml`:
//!
//! ```toml
//! [package.metadata.inertia]
//! pages = "frontend/src/Pages"          # or a list: ["frontend/src/Pages", "admin/Pages"]
//! ```
//!
//! or given on one handler with `#[inertia_page("Users/Index", pages = "frontend/src/Pages")]`.
//! Without either, nothing is checked.
//!
//! Rebuild tracking works as for `vite_version!`: the expansion `include_bytes!`es the
//! component file it found and the `Cargo.toml` it read, so cargo recompiles the crate when
//! the file is renamed or deleted (and reports the error then) or when the setting changes.

use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::LitStr;

use crate::args;

/// The file extensions a page component may have, in the order they are looked for.
pub(crate) const EXTENSIONS: [&str; 6] = ["tsx", "jsx", "vue", "svelte", "ts", "js"];

/// The only key `[package.metadata.inertia]` has.
const PAGES_KEY: &str = "pages";

/// How far the suggestion search walks, so that a mistaken setting (`pages = "/"`) cannot
/// make a build crawl the disk.
const MAX_DEPTH: usize = 12;
const MAX_FILES: usize = 20_000;

/// Where the page components live, and where the setting came from.
#[derive(Debug, Clone)]
pub(crate) struct Setting {
    /// The directories as written, and resolved.
    dirs: Vec<(String, PathBuf)>,
    origin: Origin,
}

#[derive(Debug, Clone)]
enum Origin {
    /// `[package.metadata.inertia] pages` in this Cargo.toml.
    CargoToml(PathBuf),
    /// `pages = "…"` on the attribute; errors about the directory point at this literal.
    Attribute(Span),
}

/// What the check found: the setting's source file and the component file, both tracked.
#[derive(Debug, Default)]
pub(crate) struct Checked {
    tracked: Vec<PathBuf>,
}

impl Checked {
    /// `const _: &[u8] = include_bytes!(…);` for every file the result depends on.
    pub(crate) fn tracking_tokens(&self) -> TokenStream {
        let files = self.tracked.iter().filter_map(|p| p.to_str());
        quote! { #(const _: &[u8] = ::core::include_bytes!(#files);)* }
    }
}

const COMPONENT_USAGE: &str = "`component!(\"Errors/NotFound\")`";
const PAGE_USAGE: &str = "`#[inertia_page(\"Dashboard\")]`";

/// `component!("Errors/NotFound")`: the name, checked like `#[inertia_page]`'s.
pub(crate) fn try_expand_component(
    input: TokenStream,
    env: &dyn Fn(&str) -> Option<String>,
) -> syn::Result<TokenStream> {
    if input.is_empty() {
        return Err(syn::Error::new(
            Span::call_site(),
            format!("`component!` needs the name of a page component, e.g. {COMPONENT_USAGE}"),
        ));
    }
    let lit: LitStr = syn::parse2(input.clone()).map_err(|_| {
        syn::Error::new_spanned(
            &input,
            format!(
                "`component!` takes one string literal, the name of a page component, e.g. {COMPONENT_USAGE}"
            ),
        )
    })?;
    check_component_name(&lit)?;
    let tracking = check(&lit, None, env)?.tracking_tokens();
    Ok(quote! {{ #tracking #lit }})
}

/// Refuses an empty name or one with whitespace around it (a typo no file can match).
pub(crate) fn check_component_name(lit: &LitStr) -> syn::Result<()> {
    let name = lit.value();
    if name.trim().is_empty() {
        return Err(syn::Error::new_spanned(
            lit,
            format!(
                "the page component name is empty: name the frontend page component to render, e.g. {PAGE_USAGE}"
            ),
        ));
    }
    if name.trim() != name {
        return Err(syn::Error::new_spanned(
            lit,
            format!(
                "the page component name {:?} has leading or trailing whitespace; write {:?}",
                name,
                name.trim()
            ),
        ));
    }
    Ok(())
}

/// Checks `component` against the pages setting: the attribute's `pages` literal if given,
/// else the calling crate's `Cargo.toml`. `env` looks up environment variables.
pub(crate) fn check(
    component: &LitStr,
    attribute: Option<&LitStr>,
    env: &dyn Fn(&str) -> Option<String>,
) -> syn::Result<Checked> {
    let mut checked = Checked::default();
    let setting = match attribute {
        Some(lit) => {
            let (dir, _) =
                args::resolve_path(lit, "pages", "`pages = \"frontend/src/Pages\"`", env)?;
            Setting {
                dirs: vec![(lit.value(), dir)],
                origin: Origin::Attribute(lit.span()),
            }
        }
        None => {
            let Some(dir) = env("CARGO_MANIFEST_DIR") else {
                return Ok(checked);
            };
            let cargo_toml = Path::new(&dir).join("Cargo.toml");
            let Ok(text) = std::fs::read_to_string(&cargo_toml) else {
                return Ok(checked);
            };
            // Tracked even without a setting, so that adding one re-checks every page.
            checked.tracked.push(canonical(&cargo_toml));
            match cached_from_cargo_toml(&text, Path::new(&dir), &cargo_toml) {
                Ok(Some(setting)) => setting,
                Ok(None) => return Ok(checked),
                Err(message) => return Err(syn::Error::new(component.span(), message)),
            }
        }
    };
    let file = find(&component.value(), &setting).map_err(|problem| {
        let span = match (&problem, &setting.origin) {
            (Problem::Directory(_), Origin::Attribute(span)) => *span,
            _ => component.span(),
        };
        syn::Error::new(span, problem.to_string())
    })?;
    checked.tracked.push(canonical(&file));
    Ok(checked)
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_owned())
}

/// [`from_cargo_toml`], parsed once per text: every handler of a crate reads the same
/// Cargo.toml, and one compilation runs all its macros in one process. Keyed by the text
/// itself, so a long-lived process (rust-analyzer) sees every edit.
fn cached_from_cargo_toml(
    text: &str,
    crate_dir: &Path,
    cargo_toml: &Path,
) -> Result<Option<Setting>, String> {
    type Entry = (String, PathBuf, Result<Option<Setting>, String>);
    thread_local! {
        static LAST: std::cell::RefCell<Option<Entry>> = const { std::cell::RefCell::new(None) };
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if let Some((cached_text, cached_path, result)) = last.as_ref()
            && cached_text == text
            && cached_path == cargo_toml
        {
            return result.clone();
        }
        let result = from_cargo_toml(text, crate_dir, cargo_toml);
        *last = Some((text.to_owned(), cargo_toml.to_owned(), result.clone()));
        result
    })
}

/// The setting in a Cargo.toml's text: `Ok(None)` without `[package.metadata.inertia]`,
/// `Err` with a message when it is there but malformed.
pub(crate) fn from_cargo_toml(
    text: &str,
    crate_dir: &Path,
    cargo_toml: &Path,
) -> Result<Option<Setting>, String> {
    let table: toml::Table = text
        .parse()
        .map_err(|e| format!("cannot read `{}`: {e}", cargo_toml.display()))?;
    let Some(inertia) = table
        .get("package")
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("inertia"))
    else {
        return Ok(None);
    };
    let where_ = "`[package.metadata.inertia]` in Cargo.toml";
    let Some(inertia) = inertia.as_table() else {
        return Err(format!(
            "{where_} must be a table, e.g. `[package.metadata.inertia]` followed by `pages = \"frontend/src/Pages\"`"
        ));
    };
    if let Some(unknown) = inertia.keys().find(|k| *k != PAGES_KEY) {
        return Err(format!(
            "unknown key `{unknown}` in {where_}; the only key is `pages` (the directory of the page components), e.g. `pages = \"frontend/src/Pages\"`"
        ));
    }
    let Some(pages) = inertia.get(PAGES_KEY) else {
        return Ok(None);
    };
    let written: Vec<String> = match pages {
        toml::Value::String(dir) => vec![dir.clone()],
        toml::Value::Array(items) => items
            .iter()
            .map(|item| item.as_str().map(str::to_owned))
            .collect::<Option<_>>()
            .ok_or_else(|| {
                format!("`pages` in {where_} must be a path or a list of paths (strings)")
            })?,
        _ => {
            return Err(format!(
                "`pages` in {where_} must be a path or a list of paths, e.g. `pages = \"frontend/src/Pages\"`"
            ));
        }
    };
    if written.is_empty() || written.iter().any(|d| d.trim().is_empty()) {
        return Err(format!(
            "`pages` in {where_} is empty; name the directory of the page components, e.g. `pages = \"frontend/src/Pages\"`, or remove the setting to turn the check off"
        ));
    }
    let dirs = written
        .into_iter()
        .map(|d| {
            let resolved = crate_dir.join(&d);
            (d, resolved)
        })
        .collect();
    Ok(Some(Setting {
        dirs,
        origin: Origin::CargoToml(cargo_toml.to_owned()),
    }))
}

/// Why a component was not found.
#[derive(Debug)]
enum Problem {
    /// A pages directory does not exist.
    Directory(String),
    /// The name cannot be a file below the pages directory.
    Name(String),
    /// No file; the message names what was looked for and a suggestion.
    Missing(String),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Directory(m) | Problem::Name(m) | Problem::Missing(m) => f.write_str(m),
        }
    }
}

impl Setting {
    fn describe(&self) -> String {
        match &self.origin {
            Origin::CargoToml(path) => {
                format!("`[package.metadata.inertia] pages` in `{}`", path.display())
            }
            Origin::Attribute(_) => "the `pages` option".to_owned(),
        }
    }

    fn dir_list(&self) -> String {
        let names: Vec<String> = self.dirs.iter().map(|(w, _)| format!("`{w}`")).collect();
        names.join(" or ")
    }
}

/// The component's file, or why there is none.
fn find(component: &str, setting: &Setting) -> Result<PathBuf, Problem> {
    for (written, dir) in &setting.dirs {
        if !dir.is_dir() {
            return Err(Problem::Directory(format!(
                "the page components directory `{written}` does not exist (resolved to `{}`, from {}); fix the path, or remove the setting to turn the check off",
                dir.display(),
                setting.describe()
            )));
        }
    }
    let segments = segments(component).map_err(Problem::Name)?;
    for (_, dir) in &setting.dirs {
        if let Some(file) = lookup(dir, &segments) {
            return Ok(file);
        }
    }
    let mut known = Vec::new();
    for (_, dir) in &setting.dirs {
        collect(dir, "", 0, &mut known);
    }
    known.sort();
    known.dedup();
    let mut message = format!(
        "no page component `{component}` in {}: there is no `{component}.{}` (nor {}) (checked because of {})",
        setting.dir_list(),
        EXTENSIONS[0],
        EXTENSIONS[1..]
            .iter()
            .map(|e| format!("`.{e}`"))
            .collect::<Vec<_>>()
            .join(", "),
        setting.describe(),
    );
    match suggest(component, &known) {
        Some(hint) if hint.eq_ignore_ascii_case(component) => message.push_str(&format!(
            "; did you mean `{hint}`? (file names are case-sensitive, as on Linux servers and in Vite's `import.meta.glob`)"
        )),
        Some(hint) => message.push_str(&format!("; did you mean `{hint}`?")),
        None if known.is_empty() => {
            message.push_str("; the directory has no page components yet");
        }
        None => message.push_str(&format!(
            "; create `{}/{component}.tsx` (or .vue, .svelte, …)",
            setting.dirs[0].0.trim_end_matches('/')
        )),
    }
    Err(Problem::Missing(message))
}

/// `Users/Index` → `["Users", "Index"]`; names that are not a relative path below the pages
/// directory are rejected.
fn segments(component: &str) -> Result<Vec<&str>, String> {
    let bad = |why: &str| {
        Err(format!(
            "the page component name `{component}` {why}; write it as the client resolves it, a path below the pages directory without extension, e.g. `Users/Index`"
        ))
    };
    if component.starts_with('/') {
        return bad("starts with `/`");
    }
    if component.contains('\\') {
        return bad("contains `\\`");
    }
    let segments: Vec<&str> = component.split('/').collect();
    if segments.iter().any(|s| s.is_empty()) {
        return bad("has an empty path segment");
    }
    if segments.iter().any(|s| *s == "." || *s == "..") {
        return bad("contains `.` or `..`");
    }
    Ok(segments)
}

/// The file for `segments` below `dir`, matching every name exactly (also on file systems
/// that ignore case, where `Path::exists` would accept `users/index`).
fn lookup(dir: &Path, segments: &[&str]) -> Option<PathBuf> {
    let (last, parents) = segments.split_last()?;
    let mut current = dir.to_owned();
    for segment in parents {
        let entry = entries(&current)
            .into_iter()
            .find(|(name, _)| name == segment)?;
        if !current.join(&entry.0).is_dir() {
            return None;
        }
        current.push(&entry.0);
    }
    let names = entries(&current);
    EXTENSIONS.iter().find_map(|ext| {
        let wanted = format!("{last}.{ext}");
        names
            .iter()
            .find(|(name, _)| *name == wanted)
            .map(|(name, _)| current.join(name))
            .filter(|path| path.is_file())
    })
}

/// The entries of a directory whose names are UTF-8, with whether each is a directory.
fn entries(dir: &Path) -> Vec<(String, bool)> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    read.filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let is_dir = entry.path().is_dir();
            Some((name, is_dir))
        })
        .collect()
}

/// Every component name below `dir` (for suggestions).
fn collect(dir: &Path, prefix: &str, depth: usize, out: &mut Vec<String>) {
    if depth > MAX_DEPTH {
        return;
    }
    for (name, is_dir) in entries(dir) {
        if out.len() >= MAX_FILES || name.starts_with('.') || name == "node_modules" {
            continue;
        }
        if is_dir {
            collect(
                &dir.join(&name),
                &format!("{prefix}{name}/"),
                depth + 1,
                out,
            );
        } else if let Some((stem, ext)) = name.rsplit_once('.')
            && EXTENSIONS.contains(&ext)
            && !stem.is_empty()
        {
            out.push(format!("{prefix}{stem}"));
        }
    }
}

/// The known name closest to `wanted`: the same name in another case, else the nearest by
/// edit distance (within a third of the length, as rustc's own suggestions), else one with
/// the same last segment, else the shortest that starts or ends with it.
fn suggest<'k>(wanted: &str, known: &'k [String]) -> Option<&'k str> {
    if let Some(same) = known.iter().find(|k| k.eq_ignore_ascii_case(wanted)) {
        return Some(same);
    }
    let limit = (wanted.chars().count() / 3).max(1);
    let nearest = known
        .iter()
        .map(|k| (distance(&k.to_lowercase(), &wanted.to_lowercase()), k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, k)| (*d, k.len()));
    if let Some((_, k)) = nearest {
        return Some(k);
    }
    let last = wanted.rsplit('/').next().unwrap_or(wanted);
    if let Some(same_file) = known.iter().find(|k| {
        k.rsplit('/')
            .next()
            .is_some_and(|l| l.eq_ignore_ascii_case(last))
    }) {
        return Some(same_file);
    }
    // A longer name that starts or ends with the one asked for (`Home` → `HomePage`).
    let wanted = wanted.to_lowercase();
    known
        .iter()
        .filter(|k| {
            let k = k.to_lowercase();
            k.starts_with(&wanted) || k.ends_with(&wanted)
        })
        .min_by_key(|k| k.len())
        .map(String::as_str)
}

/// Levenshtein distance over chars.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    /// A scratch crate directory with a Cargo.toml and some page components.
    fn crate_dir(test: &str, cargo_toml: &str, files: &[&str]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "inertia-macros-pages-{}-{test}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("Cargo.toml"), cargo_toml).unwrap();
        for file in files {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "export default () => null\n").unwrap();
        }
        dir
    }

    const WITH_SETTING: &str =
        "[package]\nname = \"app\"\n[package.metadata.inertia]\npages = \"frontend/Pages\"\n";

    fn env_for(dir: &Path) -> impl Fn(&str) -> Option<String> + '_ {
        move |name| (name == "CARGO_MANIFEST_DIR").then(|| dir.to_str().unwrap().to_owned())
    }

    fn lit(s: &str) -> LitStr {
        LitStr::new(s, Span::call_site())
    }

    fn error(component: &str, attribute: Option<&str>, dir: &Path) -> String {
        let attribute = attribute.map(lit);
        check(&lit(component), attribute.as_ref(), &env_for(dir))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn finds_components_with_every_extension_and_tracks_them() {
        let dir = crate_dir(
            "found",
            WITH_SETTING,
            &[
                "frontend/Pages/Dashboard.tsx",
                "frontend/Pages/Users/Index.vue",
                "frontend/Pages/Deep/A/B/C.svelte",
                "frontend/Pages/Plain.js",
            ],
        );
        for name in ["Dashboard", "Users/Index", "Deep/A/B/C", "Plain"] {
            let checked = check(&lit(name), None, &env_for(&dir)).unwrap();
            let tokens = checked.tracking_tokens().to_string();
            assert!(tokens.contains("Cargo.toml"), "{tokens}");
            let file_stem = name.rsplit('/').next().unwrap();
            assert!(tokens.contains(&format!("{file_stem}.")), "{tokens}");
            assert_eq!(checked.tracked.len(), 2);
        }
    }

    #[test]
    fn a_missing_component_names_what_was_looked_for_and_a_suggestion() {
        let dir = crate_dir(
            "missing",
            WITH_SETTING,
            &[
                "frontend/Pages/Users/Index.tsx",
                "frontend/Pages/Users/Show.tsx",
            ],
        );
        let e = error("Users/Indx", None, &dir);
        assert!(
            e.contains("no page component `Users/Indx` in `frontend/Pages`"),
            "{e}"
        );
        assert!(
            e.contains(
                "there is no `Users/Indx.tsx` (nor `.jsx`, `.vue`, `.svelte`, `.ts`, `.js`)"
            ),
            "{e}"
        );
        assert!(e.contains("did you mean `Users/Index`?"), "{e}");
        assert!(e.contains("Cargo.toml"), "{e}");

        let e = error("users/index", None, &dir);
        assert!(
            e.contains("did you mean `Users/Index`? (file names are case-sensitive"),
            "{e}"
        );
        let e = error("Index", None, &dir);
        assert!(e.contains("did you mean `Users/Index`?"), "{e}");
        let e = error("Users/Index.tsx", None, &dir);
        assert!(e.contains("did you mean `Users/Index`?"), "{e}");
        let e = error("Billing/Invoices", None, &dir);
        assert!(
            e.contains("create `frontend/Pages/Billing/Invoices.tsx`"),
            "{e}"
        );
    }

    #[test]
    fn case_must_match_exactly_in_every_segment() {
        let dir = crate_dir("case", WITH_SETTING, &["frontend/Pages/Users/Index.tsx"]);
        assert!(check(&lit("Users/Index"), None, &env_for(&dir)).is_ok());
        assert!(error("users/Index", None, &dir).contains("did you mean `Users/Index`?"));
        assert!(error("Users/index", None, &dir).contains("did you mean `Users/Index`?"));
    }

    #[test]
    fn directories_named_like_a_component_do_not_count() {
        let dir = crate_dir(
            "dirs",
            WITH_SETTING,
            &["frontend/Pages/Users.tsx/Index.tsx"],
        );
        let e = error("Users", None, &dir);
        assert!(e.contains("no page component `Users`"), "{e}");
    }

    #[test]
    fn names_that_leave_the_directory_are_rejected() {
        let dir = crate_dir("names", WITH_SETTING, &["frontend/Pages/A.tsx"]);
        for (name, why) in [
            ("../Cargo", "`.` or `..`"),
            ("/A", "starts with `/`"),
            ("A//B", "empty path segment"),
            ("A\\B", "contains `\\`"),
        ] {
            let e = error(name, None, &dir);
            assert!(e.contains(why), "{name}: {e}");
        }
    }

    #[test]
    fn without_a_setting_nothing_is_checked_but_cargo_toml_is_tracked() {
        let dir = crate_dir("none", "[package]\nname = \"app\"\n", &[]);
        let checked = check(&lit("Anything/At/All"), None, &env_for(&dir)).unwrap();
        assert_eq!(checked.tracked.len(), 1);
        assert!(checked.tracked[0].ends_with("Cargo.toml"));
        let no_manifest_dir = check(&lit("X"), None, &|_| None).unwrap();
        assert!(no_manifest_dir.tracked.is_empty());
    }

    #[test]
    fn an_edited_cargo_toml_is_read_again_in_the_same_process() {
        // rust-analyzer keeps one macro process alive across edits: the cache must not
        // hand back the old setting.
        let dir = crate_dir("edited", WITH_SETTING, &["frontend/Pages/Home.tsx"]);
        assert!(error("Nope", None, &dir).contains("Nope"));
        std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"app\"\n").unwrap();
        assert!(check(&lit("Nope"), None, &env_for(&dir)).is_ok());
        std::fs::write(dir.join("Cargo.toml"), WITH_SETTING).unwrap();
        assert!(check(&lit("Nope"), None, &env_for(&dir)).is_err());
        assert!(check(&lit("Home"), None, &env_for(&dir)).is_ok());
    }

    #[test]
    fn a_list_of_directories_is_searched_in_order() {
        let dir = crate_dir(
            "list",
            "[package.metadata.inertia]\npages = [\"app/Pages\", \"admin/Pages\"]\n",
            &["app/Pages/Home.tsx", "admin/Pages/Admin/Users.vue"],
        );
        assert!(check(&lit("Home"), None, &env_for(&dir)).is_ok());
        assert!(check(&lit("Admin/Users"), None, &env_for(&dir)).is_ok());
        let e = error("Nope", None, &dir);
        assert!(e.contains("in `app/Pages` or `admin/Pages`"), "{e}");
    }

    #[test]
    fn malformed_settings_are_errors_with_the_fix() {
        let cases = [
            (
                "[package.metadata.inertia]\npage = \"x\"\n",
                "unknown key `page`",
            ),
            (
                "[package.metadata.inertia]\npages = 3\n",
                "a path or a list of paths",
            ),
            (
                "[package.metadata.inertia]\npages = [1]\n",
                "a path or a list of paths",
            ),
            ("[package.metadata.inertia]\npages = \"\"\n", "is empty"),
            ("[package.metadata.inertia]\npages = []\n", "is empty"),
            ("[package.metadata]\ninertia = 1\n", "must be a table"),
            (
                "[package.metadata.inertia]\npages = \"missing/dir\"\n",
                "does not exist",
            ),
        ];
        for (i, (toml, expected)) in cases.iter().enumerate() {
            let dir = crate_dir(&format!("malformed-{i}"), toml, &[]);
            let e = error("Home", None, &dir);
            assert!(e.contains(expected), "{toml}: {e}");
        }
    }

    #[test]
    fn the_attribute_option_wins_and_expands_variables() {
        let dir = crate_dir(
            "attribute",
            "[package]\nname = \"app\"\n",
            &["ui/Pages/Home.tsx"],
        );
        let checked = check(&lit("Home"), Some(&lit("ui/Pages")), &env_for(&dir)).unwrap();
        assert_eq!(checked.tracked.len(), 1, "only the component file");
        let e = error("Homer", Some("ui/Pages"), &dir);
        assert!(e.contains("did you mean `Home`?"), "{e}");
        assert!(e.contains("the `pages` option"), "{e}");
        let e = error("Home", Some("ui/Nope"), &dir);
        assert!(e.contains("does not exist"), "{e}");
        let e = error("Home", Some("$UNSET_VAR/Pages"), &dir);
        assert!(e.contains("`UNSET_VAR` is not set"), "{e}");
    }

    #[test]
    fn the_component_macro_checks_and_expands_to_the_name() {
        let dir = crate_dir(
            "macro",
            WITH_SETTING,
            &["frontend/Pages/Errors/NotFound.tsx"],
        );
        let env = env_for(&dir);
        let out = try_expand_component(quote!("Errors/NotFound"), &env)
            .unwrap()
            .to_string();
        assert!(out.contains("include_bytes"), "{out}");
        assert!(out.trim_end().ends_with("\"Errors/NotFound\" }"), "{out}");
        let e = |input: TokenStream| try_expand_component(input, &env).unwrap_err().to_string();
        assert!(e(quote!("Errors/NotFund")).contains("did you mean `Errors/NotFound`?"));
        assert!(e(quote!()).contains("needs the name"));
        assert!(e(quote!(NAME)).contains("one string literal"));
        assert!(e(quote!("a", "b")).contains("one string literal"));
        assert!(e(quote!("")).contains("is empty"));
    }

    #[test]
    fn suggestions() {
        let known: Vec<String> = ["Dashboard", "Users/Index", "Users/Show", "Tasks/Create"]
            .map(String::from)
            .to_vec();
        assert_eq!(suggest("Dashbaord", &known), Some("Dashboard"));
        assert_eq!(suggest("dashboard", &known), Some("Dashboard"));
        assert_eq!(suggest("Users/Shwo", &known), Some("Users/Show"));
        assert_eq!(suggest("Create", &known), Some("Tasks/Create"));
        assert_eq!(suggest("Billing", &known), None);
        assert_eq!(suggest("Dash", &known), Some("Dashboard"));
        assert_eq!(suggest("Tasks/Creat", &known), Some("Tasks/Create"));
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("same", "same"), 0);
    }
}
