//! Writes a [`RouteTable`] as `routes.ts` or `routes.js`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::path::Part;
use super::{RouteInfo, RouteTable};
use crate::generated::{GeneratedFile, GeneratedFileError, is_identifier};

/// The command the file's header names to write it again.
const REGENERATE: &str = "INERTIA_WRITE_TYPES=1 cargo test";

/// Which file.
pub(super) enum Language<'a> {
    /// Typed, importing the parameter and query types from `module`.
    TypeScript {
        module: &'a str,
    },
    JavaScript,
}

/// The generated file's own functions, in parts: a file has only those its routes use (an
/// app's `noUnusedLocals` would refuse the others). Short and dependency-free: they run in
/// the browser and in SSR.
struct Runtime {
    /// The exported types (TypeScript only).
    types: &'static str,
    /// The query string (`address`, `text`): every route uses it.
    address: &'static str,
    /// A `{param}` segment.
    segment: &'static str,
    /// A `{*rest}` of the path.
    rest: &'static str,
    /// The maker of routes without parameters.
    fixed: &'static str,
    /// The maker of routes with parameters.
    route: &'static str,
}

/// The runtime, typed.
const TYPESCRIPT: Runtime = Runtime {
    types: r#"/** An HTTP method, as the Inertia client names it. */
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

/** A route's address and method: what `<Link href>`, `<Form action>`, `router.visit` and `useForm().submit` take. */
export type RouteTarget<M extends Method = Method> = { url: string, method: M }

/** A path parameter: written with `String()`, escaped. */
export type Param = string | number

/** A query value: arrays become `key[]=…`, booleans `1` and `0`; `null` and `undefined` leave the key out. */
export type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number | boolean>

/** The query of a route whose handler takes no typed query. */
export type Query = Record<string, QueryValue>

/** `query` is the query string; `mergeQuery` is merged into the current page's. */
export type RouteOptions<Q = Query> = { query?: Partial<Q>, mergeQuery?: Partial<Q> }

"#,
    address: r#"function address(path: string, options?: RouteOptions<object>): string {
  const merge = options?.mergeQuery !== undefined && typeof window !== 'undefined'
  const search = new URLSearchParams(merge ? window.location.search : '')
  for (const given of [options?.query, options?.mergeQuery]) {
    for (const [key, value] of Object.entries(given ?? {}) as [string, QueryValue][]) {
      search.delete(key)
      search.delete(`${key}[]`)
      if (Array.isArray(value)) value.forEach((item) => search.append(`${key}[]`, text(item)))
      else if (value !== null && value !== undefined) search.set(key, text(value as string | number | boolean))
    }
  }
  const query = search.toString()
  return query ? `${path}?${query}` : path
}

function text(value: string | number | boolean): string {
  return typeof value === 'boolean' ? (value ? '1' : '0') : String(value)
}

"#,
    segment: r#"function segment(value: unknown): string {
  return encodeURIComponent(String(value))
}

"#,
    rest: r#"function rest(value: unknown): string {
  return String(value).split('/').map(encodeURIComponent).join('/')
}

"#,
    fixed: r#"/** A route without path parameters: `route()`, `route.url()`, `route.form()`. */
function fixed<M extends Method, Q = Query>(method: M, path: string) {
  const url = (options?: RouteOptions<Q>): string => address(path, options as RouteOptions<object>)
  return Object.assign((options?: RouteOptions<Q>): RouteTarget<M> => ({ url: url(options), method }), {
    url,
    form: (options?: RouteOptions<Q>) => ({ action: url(options), method }),
    method,
    path,
  })
}

"#,
    route: r#"/** A route with path parameters: `route(params)`, `route.url(params)`, `route.form(params)`. */
function route<M extends Method, P, Q = Query>(method: M, build: (params: P) => string) {
  const url = (params: P, options?: RouteOptions<Q>): string => address(build(params), options as RouteOptions<object>)
  return Object.assign((params: P, options?: RouteOptions<Q>): RouteTarget<M> => ({ url: url(params, options), method }), {
    url,
    form: (params: P, options?: RouteOptions<Q>) => ({ action: url(params, options), method }),
    method,
  })
}
"#,
};

/// The same without the types.
const JAVASCRIPT: Runtime = Runtime {
    types: r#""#,
    address: r#"function address(path, options) {
  const merge = options?.mergeQuery !== undefined && typeof window !== 'undefined'
  const search = new URLSearchParams(merge ? window.location.search : '')
  for (const given of [options?.query, options?.mergeQuery]) {
    for (const [key, value] of Object.entries(given ?? {})) {
      search.delete(key)
      search.delete(`${key}[]`)
      if (Array.isArray(value)) value.forEach((item) => search.append(`${key}[]`, text(item)))
      else if (value !== null && value !== undefined) search.set(key, text(value))
    }
  }
  const query = search.toString()
  return query ? `${path}?${query}` : path
}

function text(value) {
  return typeof value === 'boolean' ? (value ? '1' : '0') : String(value)
}

"#,
    segment: r#"function segment(value) {
  return encodeURIComponent(String(value))
}

"#,
    rest: r#"function rest(value) {
  return String(value).split('/').map(encodeURIComponent).join('/')
}

"#,
    fixed: r#"/** A route without path parameters: `route()`, `route.url()`, `route.form()`. */
function fixed(method, path) {
  const url = (options) => address(path, options)
  return Object.assign((options) => ({ url: url(options), method }), {
    url,
    form: (options) => ({ action: url(options), method }),
    method,
    path,
  })
}

"#,
    route: r#"/** A route with path parameters: `route(params)`, `route.url(params)`, `route.form(params)`. */
function route(method, build) {
  const url = (params, options) => address(build(params), options)
  return Object.assign((params, options) => ({ url: url(params, options), method }), {
    url,
    form: (params, options) => ({ action: url(params, options), method }),
    method,
  })
}
"#,
};

/// Words a top-level route name cannot be (it becomes `export const name`).
const RESERVED: &[&str] = &[
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "new",
    "null",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "static",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
    // The generated file's own names.
    "address",
    "text",
    "segment",
    "rest",
    "fixed",
    "route",
];

/// The routes by name, as nested groups (`contacts.index` → `contacts: { index }`).
#[derive(Default)]
struct Group<'a> {
    routes: BTreeMap<&'a str, &'a RouteInfo>,
    groups: BTreeMap<&'a str, Group<'a>>,
}

impl<'a> Group<'a> {
    fn insert(&mut self, segments: &[&'a str], route: &'a RouteInfo) -> Result<(), String> {
        let [first, rest @ ..] = segments else {
            return Err(format!("a route has an empty name (`{}`)", route.path));
        };
        if rest.is_empty() {
            if self.groups.contains_key(first) {
                return Err(format!(
                    "`{}` is both a route and a group of routes; rename one",
                    route.name
                ));
            }
            if let Some(other) = self.routes.insert(first, route) {
                return Err(format!(
                    "two routes are named `{}` ({} {} and {} {})",
                    route.name, other.method, other.path, route.method, route.path
                ));
            }
            return Ok(());
        }
        if self.routes.contains_key(first) {
            return Err(format!(
                "`{}` is both a route and a group of routes; rename one",
                &route.name[..route.name.len() - rest.iter().map(|s| s.len() + 1).sum::<usize>()]
            ));
        }
        self.groups.entry(first).or_default().insert(rest, route)
    }
}

/// Checks the table and writes the file.
pub(super) fn render(
    table: &RouteTable,
    language: Language<'_>,
) -> Result<GeneratedFile, GeneratedFileError> {
    let mut problems = table.problems.clone();
    let mut root = Group::default();
    for route in &table.routes {
        let segments: Vec<&str> = route.name.split('.').collect();
        if let Some(bad) = segments.iter().find(|s| !is_identifier(s)) {
            problems.push(format!(
                "route `{}` ({} {}): `{bad}` is not a JavaScript name; use letters, digits, `_` and `$`, with dots between groups (`contacts.show`)",
                route.name, route.method, route.path
            ));
            continue;
        }
        if let Some(first) = segments.first().filter(|s| RESERVED.contains(s)) {
            problems.push(format!(
                "route `{}`: `{first}` cannot begin a route name (it is a JavaScript word or a name of the generated file); `destroy` is the usual name for a delete route",
                route.name
            ));
            continue;
        }
        if let Err(problem) = root.insert(&segments, route) {
            problems.push(problem);
        }
    }
    if !problems.is_empty() {
        return Err(GeneratedFileError::new(format!(
            "the route helpers cannot be generated:\n- {}",
            problems.join("\n- ")
        )));
    }

    let typed = matches!(language, Language::TypeScript { .. });
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// Generated by inertia-runtime from the app's routes (inertia_runtime::routes::Routes); do not edit.\n// Regenerate: {REGENERATE}\n"
    );
    let names = type_names(table);
    if let Language::TypeScript { module } = language {
        let mut imports: Vec<&str> = names.values().flat_map(Names::imports).collect();
        imports.sort_unstable();
        imports.dedup();
        if !imports.is_empty() {
            let _ = writeln!(
                out,
                "import type {{ {} }} from {}\n",
                imports.join(", "),
                json(module)
            );
        }
    }
    let runtime = if typed { &TYPESCRIPT } else { &JAVASCRIPT };
    out.push_str(runtime.types);
    let parts = || table.routes.iter().flat_map(|r| &r.parts);
    let used = [
        (!table.routes.is_empty(), runtime.address),
        (
            parts().any(|p| matches!(p, Part::Param(_))),
            runtime.segment,
        ),
        (
            parts().any(|p| matches!(p, Part::CatchAll(_))),
            runtime.rest,
        ),
        (
            table.routes.iter().any(|r| r.params().next().is_none()),
            runtime.fixed,
        ),
        (
            table.routes.iter().any(|r| r.params().next().is_some()),
            runtime.route,
        ),
    ];
    for (_, text) in used.iter().filter(|(used, _)| *used) {
        out.push_str(text);
    }

    let writer = Writer {
        typed,
        names: &names,
    };
    for (name, route) in &root.routes {
        out.push('\n');
        writer.doc(&mut out, route, "");
        let _ = writeln!(out, "export const {name} = {}", writer.maker(route));
    }
    for (name, group) in &root.groups {
        out.push('\n');
        let _ = write!(out, "export const {name} = ");
        writer.group(&mut out, group, "");
        out.push('\n');
    }
    Ok(GeneratedFile::new(out, REGENERATE))
}

/// The TypeScript names of each route's types, by route name.
#[cfg(feature = "typescript")]
fn type_names(table: &RouteTable) -> BTreeMap<&str, Names> {
    let cfg = ts_rs::Config::new().with_large_int("number");
    let mut collector = crate::typescript::collect::Collector::new(&cfg);
    table
        .routes
        .iter()
        .map(|r| {
            let mut name = |visit: Option<super::Visit>| visit.map(|v| v(&mut collector));
            let names = Names {
                params: name(r.types.params),
                query: name(r.types.query),
            };
            (r.name.as_str(), names)
        })
        .collect()
}

/// Without ts-rs, no route has typed parameters or query.
#[cfg(not(feature = "typescript"))]
fn type_names(_: &RouteTable) -> BTreeMap<&str, Names> {
    BTreeMap::new()
}

/// A route's parameter and query type names.
struct Names {
    params: Option<String>,
    query: Option<String>,
}

impl Names {
    /// The names to import: each capitalised name in the types (`Paginated<Contact>` imports
    /// `Paginated` and `Contact`, both declared in the page types).
    fn imports(&self) -> impl Iterator<Item = &str> {
        self.params
            .iter()
            .chain(&self.query)
            .flat_map(|t| t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$')))
            .filter(|word| {
                word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                    && !matches!(*word, "Array" | "Record" | "Partial")
            })
    }
}

struct Writer<'a> {
    typed: bool,
    names: &'a BTreeMap<&'a str, Names>,
}

impl Writer<'_> {
    fn group(&self, out: &mut String, group: &Group<'_>, indent: &str) {
        out.push_str("{\n");
        let inner = format!("{indent}  ");
        for (name, route) in &group.routes {
            self.doc(out, route, &inner);
            let _ = writeln!(out, "{inner}{name}: {},", self.maker(route));
        }
        for (name, sub) in &group.groups {
            let _ = write!(out, "{inner}{name}: ");
            self.group(out, sub, &inner);
            out.push_str(",\n");
        }
        let _ = write!(out, "{indent}}}");
    }

    fn doc(&self, out: &mut String, route: &RouteInfo, indent: &str) {
        // `*/` cannot end the comment early: paths and Rust type names never hold it, but
        // be sure.
        // The handler without its crate's name, which would change the file when the crate is
        // renamed (`pages::show`).
        let handler = route
            .handler
            .split_once("::")
            .map_or(route.handler, |(_, rest)| rest);
        let text = format!("{} {} ({handler})", route.method, route.path).replace("*/", "*\\/");
        let _ = writeln!(out, "{indent}/** `{text}` */");
    }

    /// `fixed('get', "/contacts")` or `route<'delete', { contact: Param }>('delete', (p) => …)`.
    fn maker(&self, route: &RouteInfo) -> String {
        let method = route.method.as_str().to_ascii_lowercase();
        let names = self.names.get(route.name.as_str());
        let params_type = names.and_then(|n| n.params.as_deref());
        let query_type = names.and_then(|n| n.query.as_deref());

        let params: Vec<&str> = route.params().collect();
        if params.is_empty() {
            let generics = match query_type {
                Some(q) if self.typed => format!("<'{method}', {q}>"),
                _ => String::new(),
            };
            return format!("fixed{generics}('{method}', {})", json(&route.path));
        }
        let build = route
            .parts
            .iter()
            .map(|part| match part {
                Part::Literal(text) => json(text),
                Part::Param(name) => format!("segment({})", access(name)),
                Part::CatchAll(name) => format!("rest({})", access(name)),
            })
            .collect::<Vec<_>>()
            .join(" + ");
        if !self.typed {
            return format!("route('{method}', (p) => {build})");
        }
        let params_type = params_type.map_or_else(
            || {
                let fields: Vec<String> = params
                    .iter()
                    .map(|p| format!("{}: Param", key(p)))
                    .collect();
                format!("{{ {} }}", fields.join(", "))
            },
            str::to_owned,
        );
        let query = query_type.map_or_else(String::new, |q| format!(", {q}"));
        format!("route<'{method}', {params_type}{query}>('{method}', (p) => {build})")
    }
}

/// `p.name`, or `p["na-me"]` where the name is not an identifier.
fn access(name: &str) -> String {
    if is_identifier(name) {
        format!("p.{name}")
    } else {
        format!("p[{}]", json(name))
    }
}

/// An object key.
fn key(name: &str) -> String {
    if is_identifier(name) {
        name.to_owned()
    } else {
        json(name)
    }
}

/// A JavaScript string literal.
fn json(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}
