//! [`Collector`]: the declarations the named types need, gathered once each.

use std::any::TypeId;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use ts_rs::{Config, TS, TypeVisitor};

/// Collects the declarations a set of types needs.
#[doc(hidden)]
pub struct Collector<'c> {
    pub(super) cfg: &'c Config,
    pub(super) seen: Vec<TypeId>,
    /// TypeScript name → (Rust type name, declaration).
    pub(super) decls: BTreeMap<String, (&'static str, String)>,
    pub(super) conflicts: Vec<String>,
}

impl std::fmt::Debug for Collector<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Collector")
            .field("decls", &self.decls.keys())
            .finish_non_exhaustive()
    }
}

impl<'c> Collector<'c> {
    pub(crate) fn new(cfg: &'c Config) -> Self {
        Collector {
            cfg,
            seen: Vec::new(),
            decls: BTreeMap::new(),
            conflicts: Vec::new(),
        }
    }

    /// The TypeScript name of `T`, collecting its declaration and those it depends on.
    pub fn name_of<T: TS + 'static + ?Sized>(&mut self) -> String {
        self.visit::<T>();
        T::visit_generics(self);
        T::name(self.cfg)
    }
}

impl TypeVisitor for Collector<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Each concrete type once (`Paginated<Task>` and `Paginated<User>` have dependencies
        // of their own), each declaration once (by its TypeScript name).
        let id = TypeId::of::<T>();
        if self.seen.contains(&id) {
            return;
        }
        self.seen.push(id);
        if T::output_path().is_some() {
            let ident = T::ident(self.cfg);
            let rust = std::any::type_name::<T::WithoutGenerics>();
            let mut decl = String::new();
            if let Some(docs) = T::docs() {
                decl.push_str(&docs);
            }
            let _ = write!(
                decl,
                "export {}",
                <T::WithoutGenerics as TS>::decl(self.cfg)
            );
            match self.decls.get(&ident) {
                Some((other, existing)) if *existing != decl => self.conflicts.push(format!(
                    "two Rust types are named `{ident}` in TypeScript: `{other}` and `{rust}`; rename one with `#[ts(rename = \"…\")]`"
                )),
                Some(_) => {}
                None => {
                    self.decls.insert(ident, (rust, decl));
                }
            }
        }
        T::visit_dependencies(self);
    }
}
