//! TypeScript types of every page, generated from the Rust handlers (feature `typescript`).
//!
//! Every `#[inertia_page("Users/Index")]` handler registers its props type; [`TypeScript`]
//! writes them all to one `.d.ts` file: a declaration per Rust type (through
//! [ts-rs](https://docs.rs/ts-rs), the types' `#[derive(TS)]`; `#[derive(Props)]` structs get
//! theirs from the derive, with `Prop<T>` fields optional since partial reloads and deferred
//! loads may leave them out), a `Pages` map from component name to props, `PageProps<'…'>`,
//! and the shared props and flash data registered with `@inertiajs/core` so that `usePage()`
//! is typed too.
//!
//! ```standalone_crate
//! # #[cfg(feature = "typescript")] {
//! use inertia_runtime::typescript::TypeScript;
//! use inertia_runtime::{Props, inertia_page, prop::Prop};
//!
//! #[derive(serde::Serialize, ts_rs::TS)]
//! struct Stats { open: u32 }
//!
//! #[derive(Props)]
//! #[prop(rename_all = "camelCase")]
//! struct DashboardProps {
//!     user_name: String,
//!     stats: Prop<Stats>,
//! }
//!
//! #[inertia_page("Dashboard")]
//! async fn dashboard() -> DashboardProps {
//!     # unimplemented!()
//! }
//!
//! #[derive(ts_rs::TS)]
//! struct Shared { app_name: String }
//!
//! let ts = TypeScript::new().shared_props::<Shared>().render().unwrap();
//! assert!(ts.contains("export type DashboardProps = { userName: string, stats?: Stats, };"));
//! assert!(ts.contains("export type Stats = { open: number, };"));
//! assert!(ts.contains("\"Dashboard\": DashboardProps,"));
//! assert!(ts.contains("sharedPageProps: SharedProps"));
//! # }
//! ```
//!
//! Keep the file in the repository and check it in a test, so that a change to a props type
//! that the frontend does not know about fails CI (with `tsc --noEmit` on the frontend):
//!
//! ```no_run
//! # #[cfg(feature = "typescript")] {
//! #[test]
//! fn typescript_types_are_current() {
//!     inertia_runtime::typescript::TypeScript::new()
//!         .check_or_write(concat!(env!("CARGO_MANIFEST_DIR"), "/frontend/src/types/pages.d.ts"))
//!         .unwrap();
//! }
//! # }
//! ```
//!
//! `INERTIA_WRITE_TYPES=1 cargo test` writes the file instead of comparing it.
//!
//! 64-bit integers are `number` (as `JSON.parse` reads them), not ts-rs's default `bigint`.

pub(crate) mod collect;
pub(crate) mod probe;

pub(crate) use collect::Collector;
pub(crate) use probe::{PageType, Visit};

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use ts_rs::{Config, TS};

use crate::generated::{GeneratedFile, GeneratedFileError};

use probe::{UNTYPED, untyped_names};

/// What went wrong rendering or checking the types.
#[derive(Debug)]
pub struct TypeScriptError {
    message: String,
}

impl std::fmt::Display for TypeScriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TypeScriptError {}

/// Something that names Rust types the generated file must declare (see
/// [`TypeScript::declare`]).
pub trait DeclareTypes {
    /// How to name each type, collecting its declaration.
    #[doc(hidden)]
    fn type_visits(&self) -> Vec<fn(&mut Collector<'_>) -> String>;
}

/// The `.d.ts` of every page of the binary; see the [module docs](self).
#[derive(Debug, Clone)]
#[must_use]
pub struct TypeScript {
    shared: Option<Visit>,
    flash: Option<Visit>,
    extra: Vec<Visit>,
    pages: Vec<(&'static str, Visit)>,
    error_value: &'static str,
    regenerate: String,
    allow_untyped: bool,
}

impl Default for TypeScript {
    fn default() -> Self {
        TypeScript {
            shared: None,
            flash: None,
            extra: Vec::new(),
            pages: Vec::new(),
            error_value: "string",
            regenerate: "INERTIA_WRITE_TYPES=1 cargo test".to_owned(),
            allow_untyped: false,
        }
    }
}

/// Names `T`, collecting its declaration (a [`Visit`]).
pub(crate) fn visit<T: TS + 'static>(collector: &mut Collector<'_>) -> String {
    collector.name_of::<T>()
}

impl TypeScript {
    /// Every page registered by `#[inertia_page]` in this binary.
    pub fn new() -> Self {
        Self::default()
    }

    /// The type of the props every page shares ([`InertiaConfig::share`](crate::InertiaConfig::share)
    /// and `share_with`): `SharedProps`, and `sharedPageProps` of `@inertiajs/core`.
    pub fn shared_props<T: TS + 'static>(mut self) -> Self {
        self.shared = Some(visit::<T>);
        self
    }

    /// The type of the flash data ([`InertiaRedirect::flash`](crate::InertiaRedirect::flash)): `Flash`, and
    /// `flashDataType` of `@inertiajs/core`.
    pub fn flash<T: TS + 'static>(mut self) -> Self {
        self.flash = Some(visit::<T>);
        self
    }

    /// Also declares `T` (e.g. a form's input type, for `useForm<NewTask>`).
    pub fn with_type<T: TS + 'static>(mut self) -> Self {
        self.extra.push(visit::<T>);
        self
    }

    /// Also declares the types `source` names: the path parameter, query and form types of
    /// an app's [`RouteTable`](crate::routes::RouteTable), which its generated `routes.ts`
    /// imports from this file.
    pub fn declare(mut self, source: &impl DeclareTypes) -> Self {
        self.extra.extend(source.type_visits());
        self
    }

    /// A page rendered without a handler of its own (an [`ErrorPage`](crate::ErrorPage)).
    pub fn page<T: TS + 'static>(mut self, component: &'static str) -> Self {
        self.pages.push((component, visit::<T>));
        self
    }

    /// Errors are lists of messages (with [`InertiaConfig::all_errors`](crate::InertiaConfig::all_errors)).
    pub fn all_errors(mut self) -> Self {
        self.error_value = "string[]";
        self
    }

    /// Writes `unknown` for types that have no TypeScript type instead of refusing to render.
    pub fn allow_untyped(mut self) -> Self {
        self.allow_untyped = true;
        self
    }

    /// The command named in the file's header to regenerate it.
    pub fn regenerate_with(mut self, command: impl Into<String>) -> Self {
        self.regenerate = command.into();
        self
    }

    /// The whole file.
    ///
    /// # Errors
    ///
    /// When two Rust types have the same TypeScript name.
    pub fn render(&self) -> Result<String, TypeScriptError> {
        let cfg = Config::new().with_large_int("number");
        let mut collector = Collector::new(&cfg);
        // Component → props types (handlers of one component may differ: a union).
        let mut pages: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let registered = inventory::iter::<PageType>
            .into_iter()
            .map(|p| (p.component, (p.props)()))
            .chain(self.pages.iter().copied());
        for (component, props) in registered {
            let name = props(&mut collector);
            let types = pages.entry(component).or_default();
            if !types.contains(&name) {
                types.push(name);
            }
        }
        for types in pages.values_mut() {
            // Registration order is link order: sorted, the file is the same on every build.
            types.sort();
        }
        let shared = self.shared.map(|v| v(&mut collector));
        let flash = self.flash.map(|v| v(&mut collector));
        for extra in &self.extra {
            extra(&mut collector);
        }
        let mut problems = collector.conflicts.clone();
        if !self.allow_untyped {
            for (ts_name, (rust, decl)) in &collector.decls {
                if decl.contains(UNTYPED) {
                    problems.push(format!(
                        "`{ts_name}` (`{rust}`) has fields whose type has no TypeScript type: {}; derive `ts_rs::TS` for those types, or give the field `#[prop(ts_type = \"…\")]`",
                        untyped_names(decl)
                    ));
                }
            }
            for (component, types) in &pages {
                for ty in types.iter().filter(|t| t.contains(UNTYPED)) {
                    problems.push(format!(
                        "the props of page `{component}`, {}, have no TypeScript type; derive `ts_rs::TS` (or `Props`) for them",
                        untyped_names(ty)
                    ));
                }
            }
        }
        if !problems.is_empty() {
            return Err(TypeScriptError {
                message: problems.join("\n"),
            });
        }

        let mut out = String::new();
        let _ = writeln!(
            out,
            "// Generated by inertia-runtime from the #[inertia_page] handlers; do not edit.\n// Regenerate: {}\n",
            self.regenerate
        );
        out.push_str("import type { ErrorBag, Errors } from '@inertiajs/core'\n\n");
        for (_, decl) in collector.decls.values() {
            out.push_str(decl);
            out.push_str("\n\n");
        }
        out.push_str("/** Every page component, and the props its handler sends. */\nexport type Pages = {\n");
        for (component, types) in &pages {
            let key = serde_json::to_string(component).unwrap_or_default();
            let _ = writeln!(out, "  {key}: {},", types.join(" | "));
        }
        out.push_str(
            "};\n\n/** The name of a page component. */\nexport type PageName = keyof Pages;\n\n",
        );
        out.push_str(
            "/** The props page `P` is rendered with: its own, the shared props, and the errors. */\n\
             export type PageProps<P extends PageName> = Pages[P] & SharedProps & { errors: Errors & ErrorBag };\n\n",
        );
        // An app type already named so is the alias itself.
        let shared = shared.as_deref().unwrap_or("Record<string, never>");
        if shared != "SharedProps" {
            let _ = writeln!(
                out,
                "/** The props every page shares. */\nexport type SharedProps = {shared};\n"
            );
        }
        let flash = flash.as_deref().unwrap_or("Record<string, unknown>");
        if flash != "Flash" {
            let _ = writeln!(
                out,
                "/** The flash data a page may carry. */\nexport type Flash = {flash};\n"
            );
        }
        let _ = write!(
            out,
            "declare module '@inertiajs/core' {{\n  export interface InertiaConfig {{\n    sharedPageProps: SharedProps\n    flashDataType: Flash\n    errorValueType: {}\n  }}\n}}\n",
            self.error_value
        );
        Ok(out)
    }

    /// The whole file, to [`write`](GeneratedFile::write) or
    /// [`check`](GeneratedFile::check).
    ///
    /// # Errors
    ///
    /// [`render`](Self::render)'s.
    pub fn file(&self) -> Result<GeneratedFile, TypeScriptError> {
        Ok(GeneratedFile::new(self.render()?, &self.regenerate))
    }

    /// Writes the file (creating its directory); whether it changed.
    ///
    /// # Errors
    ///
    /// [`render`](Self::render)'s, and the file system's.
    pub fn write(&self, path: impl AsRef<Path>) -> Result<bool, TypeScriptError> {
        Ok(self.file()?.write(path)?)
    }

    /// Compares the file with what [`render`](Self::render) gives.
    ///
    /// # Errors
    ///
    /// When it differs (naming the first different line and the command that regenerates
    /// it) or is missing.
    pub fn check(&self, path: impl AsRef<Path>) -> Result<(), TypeScriptError> {
        Ok(self.file()?.check(path)?)
    }

    /// [`write`](Self::write) when the environment variable `INERTIA_WRITE_TYPES` is set
    /// (to anything but `0`), else [`check`](Self::check): for a test.
    ///
    /// # Errors
    ///
    /// Those of `write` or `check`.
    pub fn check_or_write(&self, path: impl AsRef<Path>) -> Result<(), TypeScriptError> {
        Ok(self.file()?.check_or_write(path)?)
    }
}

impl From<GeneratedFileError> for TypeScriptError {
    fn from(error: GeneratedFileError) -> Self {
        TypeScriptError {
            message: error.into_message(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::probe::{Field, object, untyped};
    use super::*;

    #[test]
    fn objects_are_written_as_ts_rs_writes_them() {
        let f = |key, optional, ty: &str| Field {
            key,
            optional,
            ty: ty.to_owned(),
        };
        assert_eq!(object(&[], &[]), "{ }");
        assert_eq!(
            object(&[f("a", false, "string"), f("b-c", true, "number")], &[]),
            "{ a: string, \"b-c\"?: number, }"
        );
        assert_eq!(object(&[], &["A".into(), "B".into()]), "A & B");
        assert_eq!(
            object(&[f("a", false, "string")], &["B".into()]),
            "{ a: string, } & B"
        );
    }

    #[test]
    fn untyped_notes_name_the_rust_types() {
        let text = format!(
            "{{ a: {}, b?: {}, }}",
            untyped("app::A"),
            untyped("app::B<u8>")
        );
        assert_eq!(untyped_names(&text), "`app::A`, `app::B<u8>`");
        assert!(text.contains(UNTYPED));
    }
}
