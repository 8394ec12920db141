//! Props are embedded in HTML: for *any* JSON value, the page must parse (with a real HTML5
//! parser, html5ever) into exactly the document we wrote, with the page object intact.
//!
//! Generated values mix the strings that break naive embedding (`</script>`, `<!--`,
//! `<script`, quotes, `&`, U+2028/U+2029, control characters, long runs) with arbitrary
//! Unicode, at any depth, as keys and as values. Checked for the v3 `<script>` element, the v2
//! `data-page` attribute, and the page written after a failed SSR call (the fallback path).
//! (Lone surrogates cannot occur: Rust strings and serde_json values are valid UTF-8.)

use axum::Router;
use axum::routing::get;
use html5ever::tendril::TendrilSink;
use inertia_runtime::ssr::Ssr;
use inertia_runtime::{InertiaConfig, InertiaRequest, PageEmbedding};
use inertia_tests::{request, send};
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{FileFailurePersistence, TestCaseError};
use serde_json::{Map, Value, json};

/// Strings that matter to an HTML parser, and some that do not.
fn tricky_string() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "</script>",
        "</SCRIPT >",
        "</script",
        "<script>",
        "<!--",
        "-->",
        "<!-- <script>",
        "]]>",
        "\"",
        "'",
        "&",
        "&amp;",
        "&lt;",
        "<",
        ">",
        "/",
        "\\",
        "\u{2028}",
        "\u{2029}",
        "\u{0}",
        "\u{1f}",
        "\n",
        "é",
        "😀",
        "\u{feff}",
        "data-page=\"x\"",
        "<div id=\"app\">",
        "a",
        " ",
    ]);
    prop_oneof![
        4 => prop::collection::vec(pieces, 0..12).prop_map(|p| p.concat()),
        2 => any::<String>(),
        1 => ("</script>", 1usize..3000).prop_map(|(s, n)| s.repeat(n)),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        tricky_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((tricky_string(), inner), 0..8)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// The elements of the document in order (tag names), and the text / attribute of ours.
struct Parsed {
    elements: Vec<String>,
    page_script_text: Option<String>,
    page_attribute: Option<String>,
}

fn parse(html: &str) -> Parsed {
    let dom = html5ever::parse_document(RcDom::default(), Default::default()).one(html);
    let mut parsed = Parsed {
        elements: Vec::new(),
        page_script_text: None,
        page_attribute: None,
    };
    walk(&dom.document, &mut parsed);
    parsed
}

fn walk(node: &Handle, parsed: &mut Parsed) {
    if let NodeData::Element { name, attrs, .. } = &node.data {
        let tag = name.local.to_string();
        let attrs = attrs.borrow();
        let attr = |n: &str| {
            attrs
                .iter()
                .find(|a| &*a.name.local == n)
                .map(|a| a.value.to_string())
        };
        if tag == "script" && attr("data-page").as_deref() == Some("app") {
            let text: String = node
                .children
                .borrow()
                .iter()
                .filter_map(|c| match &c.data {
                    NodeData::Text { contents } => Some(contents.borrow().to_string()),
                    _ => None,
                })
                .collect();
            parsed.page_script_text = Some(text);
        }
        if tag == "div" && attr("id").as_deref() == Some("app") {
            parsed.page_attribute = attr("data-page");
        }
        parsed.elements.push(tag);
    }
    for child in node.children.borrow().iter() {
        walk(child, parsed);
    }
}

async fn page(req: InertiaRequest) -> axum::response::Response {
    let value = req_value();
    req.render("Echo", json!({ "v": value })).await
}

thread_local! {
    static VALUE: std::cell::RefCell<Value> = const { std::cell::RefCell::new(Value::Null) };
}

fn req_value() -> Value {
    VALUE.with(|v| v.borrow().clone())
}

fn router(config: InertiaConfig) -> Router {
    Router::new()
        .route("/", get(page))
        .layer(config.into_layer().unwrap_or_else(|e| panic!("{e}")))
}

fn render(router: &Router, value: &Value) -> String {
    VALUE.with(|v| *v.borrow_mut() = value.clone());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    rt.block_on(async {
        let res = send(router, request("GET", "/?q=%3C/script%3E", &[], "")).await;
        assert_eq!(res.status, 200);
        res.body
    })
}

/// A loopback port with nothing listening: SSR fails at once and the page falls back.
fn refused_ssr() -> Ssr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let port = listener
        .local_addr()
        .unwrap_or_else(|e| panic!("{e}"))
        .port();
    drop(listener);
    Ssr::new(format!("http://127.0.0.1:{port}"))
}

/// The check of a first visit with the page object in the script element: exactly our
/// document (nothing a value wrote became markup), and the page object parses back to the value.
fn check_script_document(html: &str, value: &Value) -> Result<(), TestCaseError> {
    let parsed = parse(html);
    prop_assert_eq!(
        &parsed.elements,
        &["html", "head", "meta", "meta", "body", "script", "div"]
    );
    let text = parsed.page_script_text.as_deref().unwrap_or_default();
    check_page(text, value)
}

/// The same for the v2 `data-page` attribute.
fn check_attribute_document(html: &str, value: &Value) -> Result<(), TestCaseError> {
    let parsed = parse(html);
    prop_assert_eq!(
        &parsed.elements,
        &["html", "head", "meta", "meta", "body", "div"]
    );
    check_page(parsed.page_attribute.as_deref().unwrap_or_default(), value)
}

fn check_page(page: &str, value: &Value) -> Result<(), TestCaseError> {
    let page: Value = serde_json::from_str(page)
        .map_err(|e| TestCaseError::fail(format!("page JSON: {e}\n{page}")))?;
    prop_assert_eq!(&page["component"], "Echo");
    // Compared with the value as serde_json reads it back (its float parsing may differ in
    // the last digit from the generated f64; that is not what is tested here).
    let expected: Value =
        serde_json::from_str(&value.to_string()).unwrap_or_else(|e| panic!("{e}"));
    prop_assert_eq!(&page["props"]["v"], &expected);
    prop_assert_eq!(&page["url"], "/?q=%3C/script%3E");
    Ok(())
}

proptest! {
    // Failing cases are kept in tests/escaping.proptest-regressions and replayed first.
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn script_element_holds_any_value(value in json_value()) {
        for router in [router(InertiaConfig::new()), router(InertiaConfig::new().ssr(refused_ssr()))] {
            check_script_document(&render(&router, &value), &value)?;
        }
    }

    #[test]
    fn data_attribute_holds_any_value(value in json_value()) {
        let router = router(InertiaConfig::new().page_embedding(PageEmbedding::DataAttribute));
        check_attribute_document(&render(&router, &value), &value)?;
    }
}

/// The checks above can fail: run over the same generated values against documents whose
/// escaping was undone (as if the escaper skipped `<` in the script element, or quotes in the
/// attribute), they reject some. A property test that passed whatever the escaper did would
/// prove nothing.
#[test]
fn the_checks_catch_an_escaper_that_misses_a_character() {
    let count_failures =
        |embedding: PageEmbedding,
         undo: fn(&str) -> String,
         check: fn(&str, &Value) -> Result<(), TestCaseError>| {
            let router = router(InertiaConfig::new().page_embedding(embedding));
            let mut runner = proptest::test_runner::TestRunner::deterministic();
            let mut failures = 0;
            for _ in 0..256 {
                let value = json_value()
                    .new_tree(&mut runner)
                    .unwrap_or_else(|e| panic!("{e}"))
                    .current();
                if check(&undo(&render(&router, &value)), &value).is_err() {
                    failures += 1;
                }
            }
            failures
        };
    let script = count_failures(
        PageEmbedding::ScriptElement,
        |html| {
            // Only inside our script element: the rest of the document stays as written.
            let (before, rest) = html.split_once("type=\"application/json\">").unwrap();
            let (json, after) = rest.split_once("</script>").unwrap();
            format!(
                "{before}type=\"application/json\">{}</script>{after}",
                json.replace("\\u003c", "<")
            )
        },
        check_script_document,
    );
    let attribute = count_failures(
        PageEmbedding::DataAttribute,
        |html| html.replace("&quot;", "\""),
        check_attribute_document,
    );
    println!(
        "of 256 generated values, an unescaped `<` broke {script}, unescaped quotes {attribute}"
    );
    assert!(script > 0, "an escaper that misses `<` would go unnoticed");
    assert!(
        attribute > 0,
        "an escaper that misses `\"` would go unnoticed"
    );
}
