//! Routes declared once, in Rust: the axum [`Router`], and typed route helpers for the
//! frontend generated from the same table (Laravel's Wayfinder, for axum).
//!
//! Each route has a name (`contacts.show`), a method, an axum path and a handler. [`Routes`]
//! builds a plain axum [`Router`] from them (any handler, any extractor; nest it, merge it,
//! layer it as usual) and keeps a [`RouteTable`] from which
//! [`RouteTable::typescript`] writes `routes.ts`: one function per route, grouped by the
//! dots in its name, returning `{ url, method }` as `<Link href>`, `<Form action>`,
//! `router.visit` and `useForm().submit` take it, with `.url()` and `.form()`:
//!
//! ```
//! use axum::extract::Path;
//! use inertia_runtime::routes::Routes;
//!
//! async fn index() {}
//! async fn store() {}
//! async fn destroy(Path(contact): Path<u64>) {}
//!
//! let routes: Routes = Routes::new()
//!     .get("contacts.index", "/contacts", index)
//!     .post("contacts.store", "/contacts", store)
//!     .delete("contacts.destroy", "/contacts/{contact}", destroy);
//! let ts = routes.table().typescript()?;
//! assert!(ts.text().contains("export const contacts = {"));
//! assert!(ts.text().contains(
//!     r#"destroy: route<'delete', { contact: Param }>('delete', (p) => "/contacts/" + segment(p.contact)),"#
//! ));
//! let app: axum::Router = routes.into_router();
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! In the frontend (React; Vue and Svelte alike):
//!
//! ```tsx
//! import { contacts } from '@/routes'
//!
//! <Link href={contacts.index()}>Contacts</Link>
//! <Link href={contacts.index({ query: { page: 2 } })}>Next</Link>
//! <Link href={contacts.destroy({ contact: 7 })} as="button">Delete</Link>
//! form.submit(contacts.store())
//! ```
//!
//! Renaming a route, or changing its path's parameters, changes the file; keep it in the
//! repository and check it in a test (as the page types are: [`GeneratedFile::check_or_write`]),
//! and the frontend's type check fails where it still uses the old one.
//!
//! Path parameters are `string | number` unless [`Routes::params`] names the handler's
//! `Path<T>` type; [`Routes::query`] types the query and [`Routes::form`] declares the type a
//! form sends (for `useForm<NewContact>`), all three through ts-rs (feature `typescript`).
//! Apps without TypeScript get the same helpers from [`RouteTable::javascript`].

mod emit;
mod path;

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, on};

use crate::generated::{GeneratedFile, GeneratedFileError};
#[cfg(feature = "typescript")]
use crate::typescript::{DeclareTypes, collect::Collector, visit};

use path::Part;

/// Names a Rust type in TypeScript, collecting its declaration.
#[cfg(feature = "typescript")]
type Visit = fn(&mut Collector<'_>) -> String;

/// One named route: what the generated helpers are made from.
#[derive(Debug, Clone)]
pub struct RouteInfo {
    name: String,
    method: Method,
    path: String,
    parts: Vec<Part>,
    handler: &'static str,
    #[cfg(feature = "typescript")]
    types: RouteTypes,
}

/// The TypeScript types of a route's parameters, query and form.
#[cfg(feature = "typescript")]
#[derive(Debug, Clone, Default)]
struct RouteTypes {
    params: Option<Visit>,
    query: Option<Visit>,
    form: Option<Visit>,
}

impl RouteInfo {
    /// The route's name (`contacts.show`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// Its path, as given to axum (`/contacts/{contact}`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The names of its path parameters, in order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(Part::param)
    }

    /// The handler's Rust path (`app::pages::show`), as the generated file's comments name it.
    pub fn handler(&self) -> &'static str {
        self.handler
    }
}

/// The named routes of an app: from [`Routes::table`].
#[derive(Debug, Clone, Default)]
pub struct RouteTable {
    routes: Vec<RouteInfo>,
    /// Mistakes found while declaring (a bad name or path): the generated files are refused
    /// with them, rather than a panic while the app starts.
    problems: Vec<String>,
}

impl RouteTable {
    /// The routes, in the order they were declared.
    pub fn iter(&self) -> impl Iterator<Item = &RouteInfo> {
        self.routes.iter()
    }

    /// The route named `name`.
    pub fn get(&self, name: &str) -> Option<&RouteInfo> {
        self.routes.iter().find(|r| r.name == name)
    }

    /// `routes.ts`: the typed helpers, importing the parameter, query and form types from
    /// `./types/pages` (where [`TypeScript`](crate::typescript::TypeScript) writes the page
    /// types; see [`typescript_importing`](Self::typescript_importing) for another place).
    ///
    /// # Errors
    ///
    /// A route name that is not dot-separated JavaScript identifiers, a name used twice or
    /// both as a route and as a group, or a path axum would refuse.
    pub fn typescript(&self) -> Result<GeneratedFile, GeneratedFileError> {
        self.typescript_importing("./types/pages")
    }

    /// [`typescript`](Self::typescript), importing the types from `module`.
    ///
    /// # Errors
    ///
    /// As [`typescript`](Self::typescript).
    pub fn typescript_importing(&self, module: &str) -> Result<GeneratedFile, GeneratedFileError> {
        emit::render(self, emit::Language::TypeScript { module })
    }

    /// `routes.js`: the same helpers without types, for apps written in JavaScript.
    ///
    /// # Errors
    ///
    /// As [`typescript`](Self::typescript).
    pub fn javascript(&self) -> Result<GeneratedFile, GeneratedFileError> {
        emit::render(self, emit::Language::JavaScript)
    }
}

#[cfg(feature = "typescript")]
impl DeclareTypes for RouteTable {
    fn type_visits(&self) -> Vec<Visit> {
        self.routes
            .iter()
            .flat_map(|r| [r.types.params, r.types.query, r.types.form])
            .flatten()
            .collect()
    }
}

/// An axum [`Router`] that remembers each route's name, method and path; see the
/// [module docs](self).
#[derive(Debug)]
#[must_use]
pub struct Routes<S = ()> {
    router: Router<S>,
    table: RouteTable,
}

impl<S: Clone + Send + Sync + 'static> Default for Routes<S> {
    fn default() -> Self {
        Routes {
            router: Router::new(),
            table: RouteTable::default(),
        }
    }
}

impl<S: Clone + Send + Sync + 'static> Routes<S> {
    /// No routes yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A `GET` route (axum also answers `HEAD` with it).
    pub fn get<H: Handler<T, S>, T: 'static>(self, name: &str, path: &str, handler: H) -> Self {
        self.route(Method::GET, name, path, handler)
    }

    /// A `POST` route.
    pub fn post<H: Handler<T, S>, T: 'static>(self, name: &str, path: &str, handler: H) -> Self {
        self.route(Method::POST, name, path, handler)
    }

    /// A `PUT` route.
    pub fn put<H: Handler<T, S>, T: 'static>(self, name: &str, path: &str, handler: H) -> Self {
        self.route(Method::PUT, name, path, handler)
    }

    /// A `PATCH` route.
    pub fn patch<H: Handler<T, S>, T: 'static>(self, name: &str, path: &str, handler: H) -> Self {
        self.route(Method::PATCH, name, path, handler)
    }

    /// A `DELETE` route.
    pub fn delete<H: Handler<T, S>, T: 'static>(self, name: &str, path: &str, handler: H) -> Self {
        self.route(Method::DELETE, name, path, handler)
    }

    fn route<H: Handler<T, S>, T: 'static>(
        mut self,
        method: Method,
        name: &str,
        path: &str,
        handler: H,
    ) -> Self {
        let filter = match method {
            Method::POST => MethodFilter::POST,
            Method::PUT => MethodFilter::PUT,
            Method::PATCH => MethodFilter::PATCH,
            Method::DELETE => MethodFilter::DELETE,
            _ => MethodFilter::GET,
        };
        // axum merges the methods of one path, and panics (as it always does) on a path it
        // cannot route or a method given twice.
        self.router = self.router.route(path, on(filter, handler));
        self.push(RouteInfo {
            name: name.to_owned(),
            method,
            path: path.to_owned(),
            parts: Vec::new(),
            handler: std::any::type_name::<H>(),
            #[cfg(feature = "typescript")]
            types: RouteTypes::default(),
        });
        self
    }

    fn push(&mut self, mut info: RouteInfo) {
        match path::parse(&info.path) {
            Ok(parts) => info.parts = parts,
            Err(problem) => self
                .table
                .problems
                .push(format!("route `{}`: {problem}", info.name)),
        }
        self.table.routes.push(info);
    }

    /// The last route's path parameters are the fields of `T` (the handler's `Path<T>`), so
    /// the helper takes them with their types (`{ contact: number }`) instead of
    /// `string | number` each. Field names that are not the path's parameters make the
    /// generated file fail its type check.
    #[cfg(feature = "typescript")]
    #[cfg_attr(docsrs, doc(cfg(feature = "typescript")))]
    pub fn params<T: ts_rs::TS + 'static>(self) -> Self {
        self.typed("params", |types| &mut types.params, visit::<T>)
    }

    /// The last route's query is `T` (the handler's `Query<T>`): the helper's `query` and
    /// `mergeQuery` options take its fields.
    #[cfg(feature = "typescript")]
    #[cfg_attr(docsrs, doc(cfg(feature = "typescript")))]
    pub fn query<T: ts_rs::TS + 'static>(self) -> Self {
        self.typed("query", |types| &mut types.query, visit::<T>)
    }

    /// The last route takes a form of type `T` (the handler's `Checked<T>` or
    /// `Validated<T>`): `T` is declared in the page types, for `useForm<T>`, so a misspelled
    /// field fails the type check.
    #[cfg(feature = "typescript")]
    #[cfg_attr(docsrs, doc(cfg(feature = "typescript")))]
    pub fn form<T: ts_rs::TS + 'static>(self) -> Self {
        self.typed("form", |types| &mut types.form, visit::<T>)
    }

    #[cfg(feature = "typescript")]
    fn typed(
        mut self,
        what: &str,
        slot: fn(&mut RouteTypes) -> &mut Option<Visit>,
        visit: Visit,
    ) -> Self {
        match self.table.routes.last_mut() {
            Some(route) => *slot(&mut route.types) = Some(visit),
            None => self.table.problems.push(format!(
                "`.{what}::<…>()` comes before any route; put it after the route it types"
            )),
        }
        self
    }

    /// Adds `other`'s routes (axum's [`Router::merge`]).
    pub fn merge(mut self, other: Routes<S>) -> Self {
        self.router = self.router.merge(other.router);
        self.table.problems.extend(other.table.problems);
        self.table.routes.extend(other.table.routes);
        self
    }

    /// Adds `other`'s routes under `prefix` (axum's [`Router::nest`]); their paths in the
    /// table start with it, and its parameters (`/teams/{team}`) are theirs too.
    pub fn nest(mut self, prefix: &str, other: Routes<S>) -> Self {
        self.router = self.router.nest(prefix, other.router);
        self.table.problems.extend(other.table.problems);
        let prefix = prefix.trim_end_matches('/');
        for mut route in other.table.routes {
            route.path = if route.path == "/" {
                prefix.to_owned()
            } else {
                format!("{prefix}{}", route.path)
            };
            self.push(route);
        }
        self
    }

    /// The table the helpers are generated from.
    pub fn table(&self) -> &RouteTable {
        &self.table
    }

    /// The axum router (the table is dropped: keep [`table`](Self::table)'s clone first if
    /// you need both, or use [`into_parts`](Self::into_parts)).
    pub fn into_router(self) -> Router<S> {
        self.router
    }

    /// The axum router and the table.
    pub fn into_parts(self) -> (Router<S>, RouteTable) {
        (self.router, self.table)
    }
}

impl<S> From<Routes<S>> for Router<S> {
    fn from(routes: Routes<S>) -> Self {
        routes.router
    }
}

#[cfg(test)]
mod tests;
