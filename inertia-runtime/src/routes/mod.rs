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
//! Each is checked against the handler's own extractor (`Path<T>`, `Query<T>`, `Checked<T>`),
//! so the helpers cannot promise what the server does not take.
//! Apps without TypeScript get the same helpers from [`RouteTable::javascript`].

mod emit;
mod path;

use std::convert::Infallible;

use axum::Router;
use axum::extract::Request;
use axum::handler::Handler;
use axum::http::Method;
use axum::response::IntoResponse;
use axum::routing::{MethodFilter, Route, on};
use tower_layer::Layer;
use tower_service::Service;

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
    /// The handler's extractors, as `std::any::type_name` writes their tuple: where the types
    /// given to [`Routes::params`] and the others are checked against its `Path<T>`, `Query<T>`
    /// and form extractor.
    #[cfg_attr(not(feature = "typescript"), allow(dead_code))]
    extractors: &'static str,
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
            extractors: std::any::type_name::<T>(),
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
    /// generated file fail its type check, and a type that is not the handler's (its
    /// `Path<…>`, read from the handler's type) is refused when the file is generated, with
    /// the type to give instead.
    #[cfg(feature = "typescript")]
    #[cfg_attr(docsrs, doc(cfg(feature = "typescript")))]
    pub fn params<T: ts_rs::TS + 'static>(self) -> Self {
        self.typed::<T>("params", &["Path"], |types| &mut types.params)
    }

    /// The last route's query is `T` (the handler's `Query<T>`, checked as for
    /// [`params`](Self::params)): the helper's `query` and `mergeQuery` options take its
    /// fields.
    #[cfg(feature = "typescript")]
    #[cfg_attr(docsrs, doc(cfg(feature = "typescript")))]
    pub fn query<T: ts_rs::TS + 'static>(self) -> Self {
        self.typed::<T>("query", &["Query"], |types| &mut types.query)
    }

    /// The last route takes a form of type `T` (the handler's `Checked<T>`, `Validated<T>` or
    /// `GardeValidated<T>`, checked as for [`params`](Self::params)): `T` is declared in the
    /// page types, for `useForm<T>`, so a misspelled field fails the type check.
    #[cfg(feature = "typescript")]
    #[cfg_attr(docsrs, doc(cfg(feature = "typescript")))]
    pub fn form<T: ts_rs::TS + 'static>(self) -> Self {
        self.typed::<T>(
            "form",
            &["Checked", "Validated", "GardeValidated"],
            |types| &mut types.form,
        )
    }

    /// Types the last route's `what` with `T`, after checking `T` against the handler's
    /// extractor of that kind (`Path<…>` for the parameters), when it has one: a type that
    /// is not the handler's would make the helpers say what the server does not accept.
    #[cfg(feature = "typescript")]
    fn typed<T: ts_rs::TS + 'static>(
        mut self,
        what: &str,
        extractors: &[&str],
        slot: fn(&mut RouteTypes) -> &mut Option<Visit>,
    ) -> Self {
        let Some(route) = self.table.routes.last_mut() else {
            self.table.problems.push(format!(
                "`.{what}::<…>()` comes before any route; put it after the route it types"
            ));
            return self;
        };
        let given = std::any::type_name::<T>();
        let taken = extractors
            .iter()
            .find_map(|wrapper| argument_of(route.extractors, wrapper).map(|t| (wrapper, t)));
        if let Some((wrapper, taken)) = taken.filter(|(_, taken)| *taken != given) {
            // A struct names its fields, which the helper's argument needs; `Path<u64>` and
            // `Path<(u64, String)>` do not.
            let fix = if taken.contains("::") && !taken.starts_with('(') {
                format!("give `.{what}::<{taken}>()`")
            } else {
                format!(
                    "type it with a struct whose fields are named (`{wrapper}<ContactPath>`), or leave `.{what}` out"
                )
            };
            self.table.problems.push(format!(
                "route `{}`: `.{what}::<{given}>()`, but its handler takes `{wrapper}<{taken}>`; {fix}",
                route.name
            ));
        }
        *slot(&mut route.types) = Some(visit::<T>);
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

    /// Wraps the routes added so far in `layer`, after routing (axum's
    /// [`Router::route_layer`]): a guard for a group of routes, such as "signed-in users
    /// only". Routes added after are not wrapped, and an address no route matches is not
    /// either (it stays a 404). The table is unchanged: a guarded route still gets its helper.
    ///
    /// ```
    /// use axum::extract::Request;
    /// use axum::http::StatusCode;
    /// use axum::middleware::{self, Next};
    /// use axum::response::{IntoResponse, Response};
    /// use inertia_runtime::routes::Routes;
    ///
    /// async fn signed_in_only(request: Request, next: Next) -> Response {
    ///     if request.headers().contains_key("authorization") {
    ///         next.run(request).await
    ///     } else {
    ///         StatusCode::UNAUTHORIZED.into_response()
    ///     }
    /// }
    ///
    /// let routes: Routes = Routes::new()
    ///     .get("settings", "/settings", || async { "settings" })
    ///     .route_layer(middleware::from_fn(signed_in_only))
    ///     .get("login", "/login", || async { "login" });
    /// assert_eq!(routes.table().iter().count(), 2);
    /// ```
    pub fn route_layer<L>(mut self, layer: L) -> Self
    where
        L: Layer<Route> + Clone + Send + Sync + 'static,
        L::Service: Service<Request> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as Service<Request>>::Error: Into<Infallible> + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        self.router = self.router.route_layer(layer);
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

/// The type argument of the first `wrapper<…>` in a type's name, as `std::any::type_name`
/// writes it: `wrapper` is an extractor (`Path`), seen whole after `::` or at the start, so
/// that `MyPath<…>` is not `Path<…>`. `None` when the name has no such part (the names are
/// best-effort: then nothing is checked).
#[cfg(feature = "typescript")]
fn argument_of<'a>(type_name: &'a str, wrapper: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(found) = type_name[from..].find(wrapper) {
        let at = from + found;
        let before_ok = at == 0
            || type_name[..at].ends_with("::")
            || type_name[..at].ends_with(['(', ' ', '<', ',']);
        let rest = &type_name[at + wrapper.len()..];
        if before_ok && rest.starts_with('<') {
            let mut depth = 0usize;
            for (i, c) in rest.char_indices() {
                match c {
                    '<' => depth += 1,
                    '>' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(&rest[1..i]);
                        }
                    }
                    _ => {}
                }
            }
            return None;
        }
        from = at + wrapper.len();
    }
    None
}

impl<S> From<Routes<S>> for Router<S> {
    fn from(routes: Routes<S>) -> Self {
        routes.router
    }
}

#[cfg(test)]
mod tests;
