//! What the macros register for each page, and the autoref probes that name a type in
//! TypeScript when it has a type there (and `unknown`, with a note, when it has none).

use std::fmt::Write as _;

use ts_rs::{Config, TS, TypeVisitor};

use super::Collector;
use crate::generated::is_identifier;

/// Types one handler registered: a component and how to name its props in TypeScript.
#[doc(hidden)]
#[derive(Debug)]
pub struct PageType {
    pub(super) component: &'static str,
    pub(super) props: fn() -> Visit,
}

impl PageType {
    /// For `inventory::submit!` in the expansion of `#[inertia_page]`.
    pub const fn new(component: &'static str, props: fn() -> Visit) -> Self {
        PageType { component, props }
    }
}

inventory::collect!(PageType);

/// Names a type in the generated file, collecting the declarations it needs.
#[doc(hidden)]
pub(crate) type Visit = fn(&mut Collector<'_>) -> String;

/// What the generated file says where a type has no TypeScript type; [`TypeScript::render`]
/// refuses files with it unless [`TypeScript::allow_untyped`].
pub(super) const UNTYPED: &str = "has no TypeScript type";

pub(super) fn untyped(rust: &str) -> String {
    format!("unknown /* `{rust}` {UNTYPED} */")
}

/// Asks, at the concrete type the macros see, whether a type has a TypeScript type
/// (autoref specialization): `(&&&Probe::<T>::new()).method()` resolves to the first of the
/// `Probe…` traits below whose impl applies. So a type without one is written as `unknown`
/// with a note instead of failing to compile: turning the feature on never breaks a build,
/// and the exporter names what is missing.
#[doc(hidden)]
pub struct Probe<T: ?Sized>(std::marker::PhantomData<fn() -> *const T>);

impl<T: ?Sized> Probe<T> {
    /// The probe for `T`.
    pub const fn new() -> Self {
        Probe(std::marker::PhantomData)
    }
}

impl<T: ?Sized> Default for Probe<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// One field for [`object`].
#[doc(hidden)]
#[derive(Debug)]
pub struct Field {
    /// The prop name (as sent).
    pub key: &'static str,
    /// Written with `?`.
    pub optional: bool,
    /// The TypeScript type.
    pub ty: String,
}

/// A field typed `Prop<T>` whose `T` has a TypeScript type: optional (partial reloads,
/// deferred and optional props may leave it out), or a plain field of such a type.
#[doc(hidden)]
pub trait ProbeField {
    /// The field.
    fn field(&self, cfg: &Config, key: &'static str, skippable: bool) -> Field;
    /// Its dependencies.
    fn visit_field<V: TypeVisitor>(&self, v: &mut V);
}

impl<T: TS + 'static> ProbeField for &&Probe<crate::prop::Prop<T>> {
    fn field(&self, cfg: &Config, key: &'static str, _: bool) -> Field {
        Field {
            key,
            optional: true,
            ty: T::name(cfg),
        }
    }
    fn visit_field<V: TypeVisitor>(&self, v: &mut V) {
        v.visit::<T>();
        T::visit_generics(v);
    }
}

impl<T: TS + 'static> ProbeField for &&Probe<T> {
    fn field(&self, cfg: &Config, key: &'static str, skippable: bool) -> Field {
        Field {
            key,
            optional: skippable,
            ty: T::name(cfg),
        }
    }
    fn visit_field<V: TypeVisitor>(&self, v: &mut V) {
        v.visit::<T>();
        T::visit_generics(v);
    }
}

/// A `Prop<T>` whose `T` has no TypeScript type: still optional.
#[doc(hidden)]
pub trait ProbeUntypedProp {
    /// The field.
    fn field(&self, cfg: &Config, key: &'static str, skippable: bool) -> Field;
    /// No dependencies.
    fn visit_field<V: TypeVisitor>(&self, v: &mut V);
}

impl<T> ProbeUntypedProp for &Probe<crate::prop::Prop<T>> {
    fn field(&self, _: &Config, key: &'static str, _: bool) -> Field {
        Field {
            key,
            optional: true,
            ty: untyped(std::any::type_name::<T>()),
        }
    }
    fn visit_field<V: TypeVisitor>(&self, _: &mut V) {}
}

/// Any other type without a TypeScript type.
#[doc(hidden)]
pub trait ProbeUntyped {
    /// The field.
    fn field(&self, cfg: &Config, key: &'static str, skippable: bool) -> Field;
    /// No dependencies.
    fn visit_field<V: TypeVisitor>(&self, v: &mut V);
    /// The page's props.
    fn page(&self) -> Visit;
}

impl<T: ?Sized> ProbeUntyped for Probe<T> {
    fn field(&self, _: &Config, key: &'static str, skippable: bool) -> Field {
        Field {
            key,
            optional: skippable,
            ty: untyped(std::any::type_name::<T>()),
        }
    }
    fn visit_field<V: TypeVisitor>(&self, _: &mut V) {}
    fn page(&self) -> Visit {
        |_| untyped(std::any::type_name::<T>())
    }
}

/// The props of a page whose handler returns `T` or `Page<T>`, with a TypeScript type.
#[doc(hidden)]
pub trait ProbePage {
    /// The page's props.
    fn page(&self) -> Visit;
}

impl<T: TS + 'static> ProbePage for &&Probe<crate::Page<T>> {
    fn page(&self) -> Visit {
        |c| c.name_of::<T>()
    }
}

impl<T: TS + 'static> ProbePage for &&Probe<T> {
    fn page(&self) -> Visit {
        |c| c.name_of::<T>()
    }
}

/// The props of a page without props (`()`).
#[doc(hidden)]
pub fn no_props() -> Visit {
    |_| "Record<string, never>".to_owned()
}

/// The props of a page whose type cannot be named (`impl Trait`).
#[doc(hidden)]
pub fn unknown_props() -> Visit {
    |_| "Record<string, unknown>".to_owned()
}

/// `{ key: Type, other?: Type, }` as ts-rs writes objects, then `& Flattened` parts.
#[doc(hidden)]
pub fn object(fields: &[Field], flattened: &[String]) -> String {
    let mut out = String::from("{ ");
    for f in fields {
        let key = if is_identifier(f.key) {
            f.key.to_owned()
        } else {
            serde_json::to_string(f.key).unwrap_or_default()
        };
        let _ = write!(
            out,
            "{key}{}: {}, ",
            if f.optional { "?" } else { "" },
            f.ty
        );
    }
    out.push('}');
    if fields.is_empty() && !flattened.is_empty() {
        return flattened.join(" & ");
    }
    for part in flattened {
        out.push_str(" & ");
        out.push_str(part);
    }
    out
}

/// The Rust type names in the untyped notes of `text`.
pub(super) fn untyped_names(text: &str) -> String {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("/* `") {
        let after = &rest[start + 4..];
        let Some(end) = after.find('`') else { break };
        names.push(format!("`{}`", &after[..end]));
        rest = &after[end..];
    }
    names.dedup();
    names.join(", ")
}
