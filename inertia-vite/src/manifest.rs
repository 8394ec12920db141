//! Reading and validating Vite's `.vite/manifest.json`, and the HTML tags of its entries.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use serde_json::Value;

/// A parsed Vite manifest: source path (the manifest key, e.g. `src/main.tsx`) → chunk.
///
/// ```
/// use inertia_vite::manifest::Manifest;
///
/// let manifest = Manifest::parse(br#"{
///   "src/main.ts": {"file": "assets/main-1.js", "isEntry": true,
///                   "imports": ["_shared.js"], "css": ["assets/main-1.css"]},
///   "_shared.js": {"file": "assets/shared-2.js", "css": ["assets/shared-2.css"]}
/// }"#).unwrap();
/// let tags = manifest.tags(&["src/main.ts"], "/build/").unwrap();
/// assert_eq!(tags.to_html(None), concat!(
///     r#"<script type="module" crossorigin src="/build/assets/main-1.js"></script>"#, "\n",
///     r#"<link rel="modulepreload" crossorigin href="/build/assets/shared-2.js">"#, "\n",
///     r#"<link rel="stylesheet" crossorigin href="/build/assets/shared-2.css">"#, "\n",
///     r#"<link rel="stylesheet" crossorigin href="/build/assets/main-1.css">"#, "\n",
/// ));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    chunks: BTreeMap<String, Chunk>,
}

/// One entry of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Chunk {
    /// The output file, relative to the build's `outDir` (e.g. `assets/main-4f3a.js`).
    pub file: String,
    /// Whether this is an entry point (`build.rollupOptions.input`).
    pub is_entry: bool,
    /// Whether this is the target of a dynamic `import()`.
    pub is_dynamic_entry: bool,
    /// CSS files this chunk imports.
    pub css: Vec<String>,
    /// Manifest keys of chunks this chunk imports statically.
    pub imports: Vec<String>,
    /// Manifest keys of chunks this chunk imports with `import()`.
    pub dynamic_imports: Vec<String>,
    /// Other assets (images, fonts) this chunk references.
    pub assets: Vec<String>,
}

impl Manifest {
    /// Parses and validates manifest bytes.
    ///
    /// # Errors
    ///
    /// [`ManifestError`] when they are not JSON or not a Vite manifest.
    pub fn parse(bytes: &[u8]) -> Result<Self, ManifestError> {
        Ok(Self::from_value(parse(bytes)?))
    }

    /// Parses and validates manifest bytes once, and computes their asset version from the
    /// same parse (what [`manifest_version`](crate::manifest_version) gives for these bytes).
    ///
    /// ```
    /// use inertia_vite::manifest::Manifest;
    ///
    /// let bytes = br#"{"src/main.ts":{"file":"assets/main-1.js","isEntry":true}}"#;
    /// let (manifest, version) = Manifest::parse_versioned(bytes).unwrap();
    /// assert_eq!(version, inertia_vite::manifest_version(bytes).unwrap());
    /// assert_eq!(manifest.file("src/main.ts"), Some("assets/main-1.js"));
    /// ```
    ///
    /// # Errors
    ///
    /// [`ManifestError`] when they are not JSON or not a Vite manifest.
    pub fn parse_versioned(bytes: &[u8]) -> Result<(Self, String), ManifestError> {
        let value = parse(bytes)?;
        let version = crate::version_of_canonical(&crate::canonical_json(&value));
        Ok((Self::from_value(value), version))
    }

    fn from_value(value: Value) -> Self {
        let mut chunks = BTreeMap::new();
        if let Value::Object(entries) = value {
            for (key, chunk) in entries {
                chunks.insert(key, Chunk::from_value(&chunk));
            }
        }
        Manifest { chunks }
    }

    /// The chunk of a manifest key.
    pub fn chunk(&self, key: &str) -> Option<&Chunk> {
        self.chunks.get(key)
    }

    /// The keys of the entry points, sorted.
    pub fn entries(&self) -> impl Iterator<Item = &str> {
        self.chunks
            .iter()
            .filter(|(_, c)| c.is_entry)
            .map(|(k, _)| k.as_str())
    }

    /// The tags that load `entries`, with URLs under `base` (Vite's `base`, e.g. `/` or
    /// `/build/`): the same tags, in the same order, that `vite build` writes into an HTML
    /// entry. Per entry: its `<script type="module">`, a `modulepreload` for every chunk it
    /// imports statically (transitively, imports before importers), then a stylesheet for the
    /// CSS of those chunks and of the entry (imports first). Nothing repeats across entries.
    /// CSS of dynamically imported chunks is left out: Vite's preload helper loads it with
    /// the chunk.
    ///
    /// # Errors
    ///
    /// [`UnknownEntry`] naming the first entry that is not in the manifest (and those that are).
    pub fn tags(&self, entries: &[&str], base: &str) -> Result<Tags, UnknownEntry> {
        let mut tags = Tags::default();
        let mut seen_chunks = HashSet::new();
        let mut seen_files = HashSet::new();
        for &entry in entries {
            let Some(chunk) = self.chunks.get(entry) else {
                return Err(UnknownEntry {
                    entry: entry.to_owned(),
                    known: self.entries().map(str::to_owned).collect(),
                });
            };
            let url = |file: &str| format!("{base}{file}");
            if seen_files.insert(chunk.file.clone()) {
                if chunk.file.ends_with(".css") {
                    // A CSS-only entry (`input: "src/app.css"`).
                    tags.push(Tag::Stylesheet(url(&chunk.file)));
                } else {
                    tags.push(Tag::Script(url(&chunk.file)));
                }
            }
            let mut imported = Vec::new();
            self.imported_chunks(chunk, &mut seen_chunks, &mut imported);
            for file in imported {
                if seen_files.insert(file.to_owned()) {
                    tags.push(Tag::ModulePreload(url(file)));
                }
            }
            let mut visited = HashSet::new();
            let mut css = Vec::new();
            self.css_of(entry, &mut visited, &mut css);
            for file in css {
                if seen_files.insert(file.to_owned()) {
                    tags.push(Tag::Stylesheet(url(file)));
                }
            }
        }
        Ok(tags)
    }

    /// Files of the chunks `chunk` imports statically, post-order (as Vite's
    /// `getImportedChunks`).
    fn imported_chunks<'a>(
        &'a self,
        chunk: &'a Chunk,
        seen: &mut HashSet<&'a str>,
        out: &mut Vec<&'a str>,
    ) {
        for key in &chunk.imports {
            if let Some(imported) = self.chunks.get(key)
                && seen.insert(key.as_str())
            {
                self.imported_chunks(imported, seen, out);
                out.push(&imported.file);
            }
        }
    }

    /// CSS of the static import graph of the chunk at `key`, imports first (as Vite's
    /// `getCssTagsForChunk`).
    fn css_of<'a>(&'a self, key: &'a str, visited: &mut HashSet<&'a str>, out: &mut Vec<&'a str>) {
        let Some(chunk) = self.chunks.get(key) else {
            return;
        };
        if !visited.insert(key) {
            return;
        }
        for imported in &chunk.imports {
            self.css_of(imported, visited, out);
        }
        for file in &chunk.css {
            if !out.contains(&file.as_str()) {
                out.push(file);
            }
        }
    }

    /// The output file of any manifest key: an entry, a chunk, or an asset such as
    /// `src/images/logo.png` (Laravel's `Vite::asset`).
    pub fn file(&self, key: &str) -> Option<&str> {
        self.chunks.get(key).map(|c| c.file.as_str())
    }

    /// Every output file the manifest mentions (chunks, CSS, assets): the fingerprinted files
    /// that may be cached forever.
    pub fn files(&self) -> HashSet<&str> {
        let mut files = HashSet::new();
        for chunk in self.chunks.values() {
            files.insert(chunk.file.as_str());
            files.extend(chunk.css.iter().map(String::as_str));
            files.extend(chunk.assets.iter().map(String::as_str));
        }
        files
    }
}

impl Chunk {
    fn from_value(value: &Value) -> Self {
        let strings = |key: &str| -> Vec<String> {
            value
                .get(key)
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        let flag = |key: &str| value.get(key).and_then(Value::as_bool).unwrap_or(false);
        Chunk {
            file: value
                .get("file")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            is_entry: flag("isEntry"),
            is_dynamic_entry: flag("isDynamicEntry"),
            css: strings("css"),
            imports: strings("imports"),
            dynamic_imports: strings("dynamicImports"),
            assets: strings("assets"),
        }
    }
}

/// One tag that loads part of the frontend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tag {
    /// `<script type="module" crossorigin src="…"></script>`
    Script(String),
    /// `<link rel="modulepreload" crossorigin href="…">`
    ModulePreload(String),
    /// `<link rel="stylesheet" crossorigin href="…">`
    Stylesheet(String),
}

/// The tags of some entries, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tags(Vec<Tag>);

impl Tags {
    fn push(&mut self, tag: Tag) {
        self.0.push(tag);
    }

    /// The tags, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Tag> {
        self.0.iter()
    }

    /// The HTML of the tags, one per line; every tag carries `nonce` when given (for a
    /// Content-Security-Policy with `'nonce-…'` sources). URLs and the nonce are
    /// attribute-escaped.
    pub fn to_html(&self, nonce: Option<&str>) -> String {
        let mut html = String::new();
        for tag in &self.0 {
            let (open, url, close) = match tag {
                Tag::Script(url) => (
                    "<script type=\"module\" crossorigin src=\"",
                    url,
                    "\"></script>",
                ),
                Tag::ModulePreload(url) => (
                    "<link rel=\"modulepreload\" crossorigin href=\"",
                    url,
                    "\">",
                ),
                Tag::Stylesheet(url) => {
                    ("<link rel=\"stylesheet\" crossorigin href=\"", url, "\">")
                }
            };
            if let Some(nonce) = nonce {
                // `<tag nonce="…" …`: insert after the tag name.
                let (name, rest) = open.split_at(open.find(' ').unwrap_or(open.len()));
                html.push_str(name);
                html.push_str(" nonce=\"");
                html.push_str(&crate::html::escape(nonce));
                html.push('"');
                html.push_str(rest);
            } else {
                html.push_str(open);
            }
            html.push_str(&crate::html::escape(url));
            html.push_str(close);
            html.push('\n');
        }
        html
    }
}

/// An entry asked for that the manifest does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownEntry {
    /// The entry asked for.
    pub entry: String,
    /// The entries the manifest has.
    pub known: Vec<String>,
}

impl fmt::Display for UnknownEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the Vite manifest has no entry `{}`; its entries are: {}. Use the key of \
             `build.rollupOptions.input` (a path relative to Vite's root, e.g. `src/main.tsx`)",
            self.entry,
            if self.known.is_empty() {
                "(none)".to_owned()
            } else {
                self.known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        )
    }
}

impl std::error::Error for UnknownEntry {}

/// Why bytes could not be used as a Vite manifest.
///
/// The `Display` text is written to be shown to a person as is: it says what is wrong and,
/// where there is one, the fix.
///
/// ```
/// let err = inertia_vite::manifest_version(b"[]").unwrap_err();
/// assert!(err.to_string().contains("not a Vite manifest"));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum ManifestError {
    /// The bytes are not JSON.
    Json(serde_json::Error),
    /// The JSON is not shaped like a Vite manifest.
    Shape(String),
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ManifestError::Json(e) => write!(f, "not valid JSON: {e}"),
            ManifestError::Shape(why) => write!(
                f,
                "not a Vite manifest: {why} (expected the `.vite/manifest.json` that `vite build` writes with `build.manifest: true`)"
            ),
        }
    }
}

impl std::error::Error for ManifestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ManifestError::Json(e) => Some(e),
            ManifestError::Shape(_) => None,
        }
    }
}

/// Parses manifest bytes and checks that they look like a Vite manifest.
///
/// # Errors
///
/// [`ManifestError::Json`] for invalid JSON, [`ManifestError::Shape`] when [`validate`] fails.
pub fn parse(bytes: &[u8]) -> Result<Value, ManifestError> {
    let value: Value = serde_json::from_slice(bytes).map_err(ManifestError::Json)?;
    validate(&value)?;
    Ok(value)
}

/// Checks the shape Vite guarantees: a non-empty object mapping each source path to a chunk
/// object with a string `file`; `css`, `imports`, `dynamicImports` and `assets`, when present,
/// are arrays of strings and `isEntry` is a boolean.
///
/// # Errors
///
/// [`ManifestError::Shape`] naming the first entry and field that is wrong.
pub fn validate(value: &Value) -> Result<(), ManifestError> {
    let shape = |why: String| Err(ManifestError::Shape(why));
    let Value::Object(entries) = value else {
        return shape(format!("the top level is {}, not an object", kind(value)));
    };
    if entries.is_empty() {
        return shape("it has no entries".to_owned());
    }
    for (key, chunk) in entries {
        let Value::Object(fields) = chunk else {
            return shape(format!("entry `{key}` is {}, not an object", kind(chunk)));
        };
        match fields.get("file") {
            Some(Value::String(file)) if !file.is_empty() => {}
            Some(other) => {
                return shape(format!(
                    "entry `{key}` has a `file` that is {}, not a file name",
                    kind(other)
                ));
            }
            None => return shape(format!("entry `{key}` has no `file`")),
        }
        for list in ["css", "imports", "dynamicImports", "assets"] {
            match fields.get(list) {
                None => {}
                Some(Value::Array(items)) if items.iter().all(Value::is_string) => {}
                Some(_) => {
                    return shape(format!(
                        "entry `{key}` has a `{list}` that is not a list of strings"
                    ));
                }
            }
        }
        if let Some(flag) = fields.get("isEntry")
            && !flag.is_boolean()
        {
            return shape(format!(
                "entry `{key}` has an `isEntry` that is not true/false"
            ));
        }
    }
    Ok(())
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(s) if s.is_empty() => "an empty string",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(bytes: &[u8]) -> String {
        parse(bytes).unwrap_err().to_string()
    }

    #[test]
    fn rejects_what_is_not_a_manifest() {
        assert!(err(b"").contains("not valid JSON"));
        assert!(err(b"{\"a\":").contains("not valid JSON"));
        assert!(err(b"\xEF\xBB\xBF{}").contains("not valid JSON"));
        assert!(err(b"[]").contains("the top level is an array"));
        assert!(err(b"{}").contains("no entries"));
        assert!(err(br#"{"a":1}"#).contains("entry `a` is a number"));
        assert!(err(br#"{"a":{}}"#).contains("entry `a` has no `file`"));
        assert!(err(br#"{"a":{"file":""}}"#).contains("`file` that is an empty string"));
        assert!(err(br#"{"a":{"file":"a.js","css":"a.css"}}"#).contains("`css`"));
        assert!(err(br#"{"a":{"file":"a.js","imports":[1]}}"#).contains("`imports`"));
        assert!(err(br#"{"a":{"file":"a.js","isEntry":"yes"}}"#).contains("`isEntry`"));
    }

    #[test]
    fn shape_errors_name_the_fix() {
        assert!(err(b"[]").contains("build.manifest: true"));
    }

    #[test]
    fn accepts_a_real_manifest() {
        parse(
            br#"{"index.html":{"file":"assets/index-abc.js","isEntry":true,"src":"index.html",
            "css":["assets/index-x.css"],"imports":["_shared.js"],"dynamicImports":["src/lazy.ts"],
            "assets":["assets/logo.svg"]},"_shared.js":{"file":"assets/shared.js"}}"#,
        )
        .unwrap();
    }
}
