//! The root document of first visits rendered by a real template engine (minijinja), the way
//! Laravel apps write `app.blade.php`: `cargo run -p templates-example`, then open
//! http://127.0.0.1:3001.
//!
//! The template (`templates/app.html`) places the asset version (in a comment and a meta
//! tag), the page's title and component, the tags that load the frontend, and the page root.
//! Who escapes what:
//!
//! - `version`, `component` and `title` are plain text: minijinja escapes them, as it escapes
//!   every value in an `.html` template.
//! - `head` (the Vite tags) and `page` (the `<script data-page>` element with the page
//!   object) are HTML this crate wrote, with the page JSON already escaped for the element it
//!   sits in. They go in as minijinja "safe strings", so the engine inserts them unchanged:
//!   escaping them again would corrupt the page object, and escaping the JSON in the template
//!   would be the engine's business, not this crate's.

use axum::Router;
use axum::routing::get;
use inertia_runtime::vite::{EmbeddedManifest, Vite};
use inertia_runtime::{InertiaConfig, RootContext, inertia_page, vite_manifest};
use minijinja::{Environment, Value, context};

/// The manifest of the frontend build (its files would be served by a CDN or a web server).
static MANIFEST: EmbeddedManifest = vite_manifest!("dist/.vite/manifest.json");

/// The template, in the binary.
const TEMPLATE: &str = include_str!("../templates/app.html");

#[derive(serde::Serialize)]
struct Home {
    greeting: String,
}

#[inertia_page("Home")]
async fn home() -> Home {
    Home {
        greeting: "Hello from a minijinja root template".into(),
    }
}

/// The minijinja environment with the root template.
fn environment() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    env.add_template("app.html", TEMPLATE)?;
    Ok(env)
}

/// Renders the document of one first visit.
fn render(env: &Environment<'static>, cx: &RootContext<'_>) -> Result<String, minijinja::Error> {
    env.get_template("app.html")?.render(context! {
        version => cx.version(),
        component => cx.component(),
        title => cx.component().rsplit('/').next().unwrap_or("Home"),
        // HTML from inertia-runtime, its page JSON already escaped: inserted as it is.
        head => Value::from_safe_string(cx.head().to_owned()),
        page => Value::from_safe_string(cx.page_root().to_owned()),
    })
}

fn app() -> Result<Router, Box<dyn std::error::Error>> {
    with_inertia(Router::new().route("/", get(home)))
}

/// `pages` behind the Inertia layer that renders with the template.
fn with_inertia(pages: Router) -> Result<Router, Box<dyn std::error::Error>> {
    let env = environment()?;
    let inertia = InertiaConfig::new()
        .vite(
            Vite::manifest(&MANIFEST)
                .entry("src/main.tsx")
                .base("/build/"),
        )
        .root_template(move |cx: &RootContext<'_>| render(&env, cx))
        .into_layer()?;
    Ok(pages.layer(inertia))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3001").await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app()?).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use inertia_runtime::testing::InertiaTest;

    #[derive(serde::Serialize)]
    struct Hostile {
        title: &'static str,
    }

    #[inertia_runtime::inertia_page("Tasks/Show")]
    async fn hostile() -> Hostile {
        Hostile {
            title: "</script><script>alert(1)</script> & \"quotes\"",
        }
    }

    #[tokio::test]
    async fn the_template_places_the_version_the_tags_and_the_page() {
        let mut client = InertiaTest::new(super::app().unwrap());
        let page = client.visit("/").await;
        let version = super::MANIFEST.version();
        assert!(
            page.body.contains(&format!("<!-- Version: {version} -->")),
            "{}",
            page.body
        );
        assert!(page.body.contains(&format!(
            "<meta name=\"asset-version\" content=\"{version}\">"
        )));
        assert!(page.body.contains("<title>Home · Acme</title>"));
        assert!(page.body.contains("class=\"page-home\""));
        assert!(page.body.contains(
            "<script type=\"module\" crossorigin src=\"/build/assets/main-D4x7Qm2a.js\"></script>"
        ), "{}", page.body);
        page.assert_component("Home")
            .assert_prop("greeting", "Hello from a minijinja root template")
            .assert_version(version);
    }

    #[tokio::test]
    async fn the_page_json_is_escaped_once_by_inertia_not_by_the_engine() {
        let app =
            super::with_inertia(axum::Router::new().route("/hostile", axum::routing::get(hostile)))
                .unwrap();
        let mut client = InertiaTest::new(app);
        let page = client.visit("/hostile").await;
        // Escaped for the script element by inertia-runtime (`<` as `\u003c`), and not a
        // second time by minijinja (no `&lt;`, `&amp;` or `&#34;` inside the page JSON).
        assert!(
            page.body
                .contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"),
            "{}",
            page.body
        );
        assert!(!page.body.contains("</script><script>alert"));
        let json_start = page.body.find("type=\"application/json\">").unwrap();
        let json = &page.body[json_start..];
        assert!(!json.contains("&lt;") && !json.contains("&amp;") && !json.contains("&#34;"));
        // The client reads the same props back.
        page.assert_prop("title", "</script><script>alert(1)</script> & \"quotes\"");
        // The component name is plain text in the template, escaped there.
        assert!(page.body.contains("class=\"page-tasks-show\""));
    }
}
