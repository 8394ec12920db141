//! The published Rust adapters, each serving the same page the way its documentation shows.
//!
//! - `veer` 0.3.0 (axum): `Inertia::render` + `.optional(...)`, `InertiaLayer`, the built-in
//!   `MinimalRootView`.
//! - `axum-inertia` 0.9.0 (axum): `Inertia::render` with its `Props` trait implemented by
//!   hand so a partial reload of `rows` skips the report (it has no optional-prop kind).
//! - `inertia-rust` 2.4.6 (actix-web 4, measured through its own actix integration in
//!   process): `Inertia::render_with_props` with `InertiaProp::demand`, `InertiaMiddleware`,
//!   and a template resolver written here (it ships none that embeds the page safely).

use crate::{COMPONENT, Row, VERSION, expensive_report, html_shell, shared_rows};
use serde::Serialize;

#[derive(Serialize)]
struct RowsProps {
    rows: &'static [Row],
    total: usize,
}

/// `veer` on axum.
pub mod veer_adapter {
    use super::*;
    use axum::Router;
    use axum::extract::State;
    use axum::routing::get;
    use veer::{Inertia, InertiaConfig, InertiaLayer, InertiaResponse, MinimalRootView};

    async fn page(inertia: Inertia, State(rows): State<&'static [Row]>) -> InertiaResponse {
        inertia
            .render(
                COMPONENT,
                RowsProps {
                    rows,
                    total: rows.len(),
                },
            )
            .optional("report", || async { expensive_report() })
    }

    /// The router serving `/` with `n` rows.
    pub fn router(n: usize) -> Router {
        let config = InertiaConfig::new()
            .version_str(VERSION)
            .root_view(MinimalRootView::new());
        Router::new()
            .route("/", get(page))
            .with_state(shared_rows(n))
            .layer(InertiaLayer::new(config))
    }
}

/// `axum-inertia` on axum.
pub mod axum_inertia_adapter {
    use super::*;
    use axum::Router;
    use axum::extract::{FromRef, State};
    use axum::response::IntoResponse;
    use axum::routing::get;
    use axum_inertia::partial::Partial;
    use axum_inertia::props::Props;
    use axum_inertia::{Inertia, InertiaConfig};

    #[derive(Clone)]
    struct AppState {
        inertia: InertiaConfig,
        rows: &'static [Row],
    }

    impl FromRef<AppState> for InertiaConfig {
        fn from_ref(state: &AppState) -> InertiaConfig {
            state.inertia.clone()
        }
    }

    struct Page {
        rows: &'static [Row],
    }

    impl Props for Page {
        fn serialize(
            self,
            partial: Option<&Partial>,
        ) -> Result<serde_json::Value, impl std::error::Error> {
            let wants = |key: &str| partial.is_none_or(|p| p.props.iter().any(|k| k == key));
            let mut map = serde_json::Map::new();
            if wants("rows") {
                map.insert("rows".into(), serde_json::to_value(self.rows)?);
            }
            if wants("total") {
                map.insert("total".into(), self.rows.len().into());
            }
            // Optional: only when a partial reload names it.
            if partial.is_some_and(|p| p.props.iter().any(|k| k == "report")) {
                map.insert("report".into(), expensive_report().into());
            }
            Ok::<_, serde_json::Error>(serde_json::Value::Object(map))
        }
    }

    async fn page(inertia: Inertia, State(state): State<AppState>) -> impl IntoResponse {
        inertia.render(COMPONENT, Page { rows: state.rows })
    }

    /// The router serving `/` with `n` rows.
    pub fn router(n: usize) -> Router {
        let layout = Box::new(|props: String| {
            // Its layouts put the page JSON in a `data-page` attribute (maud escapes it).
            let mut escaped = String::with_capacity(props.len() + props.len() / 8);
            for c in props.chars() {
                match c {
                    '&' => escaped.push_str("&amp;"),
                    '"' => escaped.push_str("&quot;"),
                    '<' => escaped.push_str("&lt;"),
                    '>' => escaped.push_str("&gt;"),
                    c => escaped.push(c),
                }
            }
            html_shell(&format!("<div id=\"app\" data-page=\"{escaped}\"></div>"))
        });
        let inertia = InertiaConfig::new(Some(VERSION.to_owned()), layout);
        Router::new().route("/", get(page)).with_state(AppState {
            inertia,
            rows: shared_rows(n),
        })
    }
}

/// `inertia-rust` on actix-web.
pub mod inertia_rust_adapter {
    use super::*;
    use actix_web::dev::{Service, ServiceResponse};
    use actix_web::{App, HttpRequest, HttpResponse, web};
    use inertia_rust::actix::InertiaMiddleware;
    use inertia_rust::template_resolvers::TemplateResolver;
    use inertia_rust::{
        Inertia, InertiaConfig, InertiaError, InertiaFacade, InertiaProp, InertiaVersion, ViewData,
        prop_resolver,
    };
    use std::collections::HashMap;

    struct Resolver;

    #[async_trait::async_trait(?Send)]
    impl TemplateResolver for Resolver {
        async fn resolve_template(&self, view_data: ViewData<'_>) -> Result<String, InertiaError> {
            let json = serde_json::to_string(&view_data.page)
                .map_err(|e| InertiaError::SerializationError(e.to_string()))?;
            // The page JSON in a script element: `</` must not close it.
            let json = json.replace("</", "<\\/");
            Ok(html_shell(&format!(
                "<script data-page=\"app\" type=\"application/json\">{json}</script><div id=\"app\"></div>"
            )))
        }
    }

    async fn page(req: HttpRequest, rows: web::Data<&'static [Row]>) -> HttpResponse {
        let rows: &'static [Row] = rows.get_ref();
        let props = HashMap::from([
            ("rows", InertiaProp::data(rows)),
            ("total", InertiaProp::data(rows.len())),
            (
                "report",
                InertiaProp::demand(prop_resolver!({ Ok(expensive_report().into()) })),
            ),
        ]);
        Inertia::render_with_props(&req, COMPONENT.into(), props)
            .await
            .unwrap_or_else(|_| HttpResponse::InternalServerError().finish())
    }

    /// The actix app serving `/` with `n` rows.
    pub fn app(
        n: usize,
    ) -> App<
        impl actix_web::dev::ServiceFactory<
            actix_web::dev::ServiceRequest,
            Config = (),
            Response = ServiceResponse,
            Error = actix_web::Error,
            InitError = (),
        >,
    > {
        let config = InertiaConfig::builder()
            .set_url("http://bench.local")
            .set_version(InertiaVersion::Literal(VERSION))
            .set_template_resolver(Box::new(Resolver))
            .build();
        let inertia = Inertia::new(config).unwrap_or_else(|e| panic!("inertia-rust config: {e}"));
        App::new()
            .app_data(web::Data::new(inertia))
            .app_data(web::Data::new(shared_rows(n)))
            .wrap(InertiaMiddleware::new())
            .route("/", web::get().to(page))
    }

    /// The in-process actix service serving `/` with `n` rows (build it inside an actix
    /// system).
    pub async fn service(
        n: usize,
    ) -> impl Service<actix_http::Request, Response = ServiceResponse, Error = actix_web::Error>
    {
        actix_web::test::init_service(app(n)).await
    }
}
