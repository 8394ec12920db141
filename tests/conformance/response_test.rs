//! `ResponseTest`: page objects, prop kinds at the top level, once props, URLs.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use inertia_runtime::prop::{self, Prop, ScrollData, ScrollMeta};
use inertia_runtime::{InertiaConfig, Props};
use inertia_tests::{request, send};
use serde::Serialize;
use serde_json::{Value, json};

use crate::harness::*;

#[derive(Clone, Serialize)]
struct User {
    name: &'static str,
}

fn user() -> User {
    User { name: "Jonathan" }
}

#[tokio::test]
async fn server_response() {
    #[derive(Props)]
    struct P {
        user: User,
    }
    let app = app(|| P { user: user() });
    let res = send(&app, request("GET", "/user/123", &[], "")).await;
    // Laravel's exact root markup; `errors` and `sharedProps` come from the layer (as from
    // Laravel's middleware), and serde_json does not escape `/` as PHP does.
    let root = r#"<script data-page="app" type="application/json">{"component":"TestComponent","props":{"user":{"name":"Jonathan"},"errors":{}},"url":"/user/123","version":"123","sharedProps":["errors"]}</script><div id="app"></div>"#;
    assert!(res.body.contains(root), "{}", res.body);
    let page = embedded_page_of(&res.body);
    assert!(!has(&page, "clearHistory") && !has(&page, "encryptHistory"));
}

fn embedded_page_of(html: &str) -> Value {
    inertia_tests::embedded_page(html)
}

#[tokio::test]
async fn server_response_with_deferred_prop() {
    #[derive(Props)]
    struct P {
        user: User,
        foo: Prop<&'static str>,
    }
    let app = app(|| P {
        user: user(),
        foo: prop::defer(async { "bar" }),
    });
    let page = html(&app).await;
    assert_eq!(
        page["props"],
        json!({"user": {"name": "Jonathan"}, "errors": {}})
    );
    assert_eq!(page["deferredProps"], json!({"default": ["foo"]}));
    assert!(!has(&page, "clearHistory") && !has(&page, "encryptHistory"));
}

#[tokio::test]
async fn server_response_with_deferred_prop_and_multiple_groups() {
    #[derive(Props)]
    struct P {
        user: User,
        foo: Prop<&'static str>,
        bar: Prop<&'static str>,
        baz: Prop<&'static str>,
    }
    let app = app(|| P {
        user: user(),
        foo: prop::defer(async { "foo value" }),
        bar: prop::defer(async { "bar value" }).group("default"),
        baz: prop::defer(async { "baz value" }).group("custom"),
    });
    let res = send(&app, request("GET", "/user/123", &[], "")).await;
    // Group order and path order as written.
    assert!(
        res.body
            .contains(r#""deferredProps":{"default":["foo","bar"],"custom":["baz"]}"#),
        "{}",
        res.body
    );
}

#[derive(Serialize)]
struct Users {
    data: Vec<Value>,
}

impl ScrollData for Users {
    fn scroll_meta(&self) -> ScrollMeta {
        ScrollMeta::new("page", 1).previous(None).next(2)
    }
}

#[tokio::test]
async fn server_response_with_scroll_props() {
    #[derive(Props)]
    struct P {
        users: Prop<Users>,
    }
    let app = app(|| P {
        users: prop::value(Users {
            data: vec![json!({"id": 1})],
        })
        .scroll(),
    });
    for reset in [false, true] {
        let headers: &[(&str, &str)] = if reset {
            &[("x-inertia-reset", "users")]
        } else {
            &[]
        };
        let page = html_with(&app, headers).await;
        assert_eq!(page["props"]["users"], json!({"data": [{"id": 1}]}));
        assert_eq!(
            page["scrollProps"],
            json!({"users": {"pageName": "page", "previousPage": null, "nextPage": 2, "currentPage": 1, "reset": reset}})
        );
    }
}

#[tokio::test]
async fn server_response_with_merge_props() {
    #[derive(Props)]
    struct P {
        user: User,
        foo: Prop<&'static str>,
        bar: Prop<&'static str>,
    }
    let app = app(|| P {
        user: user(),
        foo: prop::value("foo value").merge(),
        bar: prop::value("bar value").merge(),
    });
    let res = send(&app, request("GET", "/user/123", &[], "")).await;
    assert!(res.body.contains(r#"{"component":"TestComponent","props":{"user":{"name":"Jonathan"},"foo":"foo value","bar":"bar value","errors":{}},"url":"/user/123","version":"123","sharedProps":["errors"],"mergeProps":["foo","bar"]}"#), "{}", res.body);
}

#[tokio::test]
async fn server_response_with_merge_props_that_should_prepend() {
    #[derive(Props)]
    struct P {
        foo: Prop<&'static str>,
        bar: Prop<&'static str>,
    }
    let app = app(|| P {
        foo: prop::value("foo value").prepend(),
        bar: prop::value("bar value").merge(),
    });
    let page = html(&app).await;
    assert_eq!(page["mergeProps"], json!(["bar"]));
    assert_eq!(page["prependProps"], json!(["foo"]));
}

#[tokio::test]
async fn server_response_with_merge_props_that_has_nested_paths_to_append_and_prepend() {
    #[derive(Props)]
    struct P {
        foo: Prop<Value>,
        bar: Prop<Value>,
    }
    let app = app(|| P {
        foo: prop::value(json!({"data": [{"id": 1}, {"id": 2}]})).append_at("data"),
        bar: prop::value(json!({"data": {"items": [{"uuid": 1}, {"uuid": 2}]}}))
            .prepend_at("data.items"),
    });
    let page = html(&app).await;
    assert_eq!(page["mergeProps"], json!(["foo.data"]));
    assert_eq!(page["prependProps"], json!(["bar.data.items"]));
    assert!(!has(&page, "matchPropsOn"));
    assert_eq!(
        page["props"]["bar"],
        json!({"data": {"items": [{"uuid": 1}, {"uuid": 2}]}})
    );
}

#[tokio::test]
async fn server_response_with_merge_props_that_has_nested_paths_to_append_and_prepend_with_match_on_strategies()
 {
    #[derive(Props)]
    struct P {
        foo: Prop<Value>,
        bar: Prop<Value>,
    }
    let app = app(|| P {
        foo: prop::value(json!({"data": [{"id": 1}]}))
            .append_at("data")
            .match_on("data.id"),
        bar: prop::value(json!({"data": {"items": [{"uuid": 1}]}}))
            .prepend_at("data.items")
            .match_on("data.items.uuid"),
    });
    let page = html(&app).await;
    assert_eq!(page["mergeProps"], json!(["foo.data"]));
    assert_eq!(page["prependProps"], json!(["bar.data.items"]));
    assert_eq!(
        page["matchPropsOn"],
        json!(["foo.data.id", "bar.data.items.uuid"])
    );
}

#[tokio::test]
async fn server_response_with_deep_merge_props() {
    #[derive(Props)]
    struct P {
        foo: Prop<&'static str>,
        bar: Prop<&'static str>,
    }
    let app = app(|| P {
        foo: prop::value("foo value").deep_merge(),
        bar: prop::value("bar value").deep_merge(),
    });
    let page = html(&app).await;
    assert_eq!(page["deepMergeProps"], json!(["foo", "bar"]));
    assert!(!has(&page, "mergeProps"));
}

#[tokio::test]
async fn server_response_with_match_on_props() {
    #[derive(Props)]
    struct P {
        foo: Prop<&'static str>,
        bar: Prop<&'static str>,
    }
    let app = app(|| P {
        foo: prop::value("foo value").deep_merge().match_on("foo-key"),
        bar: prop::value("bar value").deep_merge().match_on("bar-key"),
    });
    let page = html(&app).await;
    assert_eq!(page["deepMergeProps"], json!(["foo", "bar"]));
    assert_eq!(page["matchPropsOn"], json!(["foo.foo-key", "bar.bar-key"]));
}

#[tokio::test]
async fn server_response_with_defer_and_merge_props() {
    #[derive(Props)]
    struct P {
        user: User,
        foo: Prop<&'static str>,
        bar: Prop<&'static str>,
    }
    let app = app(|| P {
        user: user(),
        foo: prop::defer(async { "foo value" }).merge(),
        bar: prop::value("bar value").merge(),
    });
    let res = send(&app, request("GET", "/user/123", &[], "")).await;
    assert!(res.body.contains(r#""props":{"user":{"name":"Jonathan"},"bar":"bar value","errors":{}},"url":"/user/123","version":"123","sharedProps":["errors"],"mergeProps":["foo","bar"],"deferredProps":{"default":["foo"]}}"#), "{}", res.body);
}

#[tokio::test]
async fn server_response_with_defer_and_deep_merge_props() {
    #[derive(Props)]
    struct P {
        foo: Prop<&'static str>,
        bar: Prop<&'static str>,
    }
    let app = app(|| P {
        foo: prop::defer(async { "foo value" }).deep_merge(),
        bar: prop::value("bar value").deep_merge(),
    });
    let page = html(&app).await;
    assert_eq!(page["deferredProps"], json!({"default": ["foo"]}));
    assert_eq!(page["deepMergeProps"], json!(["foo", "bar"]));
    assert!(!has(&page["props"], "foo"));
}

#[derive(Props)]
struct MergeTrio {
    user: User,
    foo: Prop<&'static str>,
    bar: Prop<&'static str>,
}

fn merge_trio() -> MergeTrio {
    MergeTrio {
        user: user(),
        foo: prop::value("foo value").merge(),
        bar: prop::value("bar value").merge(),
    }
}

#[tokio::test]
async fn exclude_merge_props_from_partial_only_response() {
    let page = partial(&app(merge_trio), "user").await;
    assert_eq!(page["props"]["user"]["name"], "Jonathan");
    assert!(!has(&page["props"], "foo") && !has(&page["props"], "bar"));
    assert!(!has(&page, "mergeProps"));
}

#[tokio::test]
async fn exclude_merge_props_from_partial_except_response() {
    let page = xhr(
        &app(merge_trio),
        &[
            ("x-inertia-partial-component", COMPONENT),
            ("x-inertia-partial-except", "foo"),
        ],
    )
    .await;
    assert_eq!(page["props"]["user"]["name"], "Jonathan");
    assert!(!has(&page["props"], "foo"));
    assert!(has(&page["props"], "bar"));
    assert_eq!(page["mergeProps"], json!(["bar"]));
}

#[tokio::test]
async fn exclude_merge_props_when_passed_in_reset_header() {
    let page = partial_with(&app(merge_trio), "foo", &[("x-inertia-reset", "foo")]).await;
    assert_eq!(page["props"]["foo"], "foo value");
    assert!(!has(&page["props"], "bar"));
    assert!(!has(&page, "mergeProps"));
}

#[tokio::test]
async fn xhr_response() {
    #[derive(Props)]
    struct P {
        user: User,
    }
    let page = xhr(&app(|| P { user: user() }), &[]).await;
    assert_eq!(page["component"], COMPONENT);
    assert_eq!(page["props"]["user"]["name"], "Jonathan");
    assert_eq!(page["url"], "/user/123");
    assert_eq!(page["version"], VERSION);
}

#[tokio::test]
async fn xhr_response_with_deferred_props_includes_deferred_metadata() {
    #[derive(Props)]
    struct P {
        user: User,
        results: Prop<Value>,
    }
    let page = xhr(
        &app(|| P {
            user: user(),
            results: prop::defer(async { json!({"data": ["item1", "item2"]}) }),
        }),
        &[],
    )
    .await;
    assert!(!has(&page["props"], "results"));
    assert_eq!(page["deferredProps"], json!({"default": ["results"]}));
}

/// Laravel's resources, arrayables and promises are plain `Serialize` values and futures here.
#[tokio::test]
async fn resource_arrayable_and_promise_props_become_plain_json() {
    #[derive(Props)]
    struct P {
        resource: User,
        arrayable: BTreeMap<&'static str, &'static str>,
        promise: Prop<User>,
    }
    let page = xhr(
        &app(|| P {
            resource: user(),
            arrayable: [("name", "Jonathan")].into(),
            promise: prop::lazy(async { user() }),
        }),
        &[],
    )
    .await;
    for key in ["resource", "arrayable", "promise"] {
        assert_eq!(page["props"][key]["name"], "Jonathan", "{key}");
    }
}

#[derive(Props)]
struct Index {
    users: Prop<Vec<User>>,
    organizations: Prop<Vec<Value>>,
}

#[tokio::test]
async fn optional_callable_resource_response() {
    let app = app(|| Index {
        users: prop::lazy(async { vec![user()] }),
        organizations: prop::lazy(async { vec![json!({"name": "Inertia"})] }),
    });
    let page = xhr(&app, &[]).await;
    assert_eq!(page["props"]["users"], json!([{"name": "Jonathan"}]));
    assert_eq!(page["props"]["organizations"], json!([{"name": "Inertia"}]));
}

#[tokio::test]
async fn optional_callable_resource_partial_response() {
    let runs = Counter::new();
    let r = runs.clone();
    let app = app(move || Index {
        users: prop::lazy(async { vec![user()] }),
        organizations: prop::lazy(r.run(vec![json!({"name": "Inertia"})])),
    });
    let page = partial(&app, "users").await;
    assert_eq!(page["props"]["users"], json!([{"name": "Jonathan"}]));
    assert!(!has(&page["props"], "organizations"));
    assert_eq!(runs.count(), 0, "the filtered-out lazy prop never ran");
}

#[tokio::test]
async fn nested_optional_resource_response() {
    #[derive(Props)]
    struct Something {
        users: Vec<User>,
    }
    #[derive(Props)]
    struct P {
        something: Prop<Something>,
    }
    let page = xhr(
        &app(|| P {
            something: prop::lazy(async {
                Something {
                    users: vec![user()],
                }
            }),
        }),
        &[],
    )
    .await;
    assert_eq!(
        page["props"]["something"]["users"],
        json!([{"name": "Jonathan"}])
    );
}

#[derive(Props)]
struct UserPartial {
    user: User,
    partial: &'static str,
}

#[tokio::test]
async fn xhr_partial_response() {
    let page = partial(
        &app(|| UserPartial {
            user: user(),
            partial: "partial-data",
        }),
        "partial",
    )
    .await;
    assert_eq!(
        page["props"],
        json!({"partial": "partial-data", "errors": {}})
    );
}

#[tokio::test]
async fn exclude_props_from_partial_response() {
    let page = xhr(
        &app(|| UserPartial {
            user: user(),
            partial: "partial-data",
        }),
        &[
            ("x-inertia-partial-component", COMPONENT),
            ("x-inertia-partial-except", "user"),
        ],
    )
    .await;
    assert_eq!(
        page["props"],
        json!({"partial": "partial-data", "errors": {}})
    );
}

#[tokio::test]
async fn nested_closures_are_resolved() {
    #[derive(Props)]
    struct Auth {
        user: Prop<User>,
        token: &'static str,
    }
    #[derive(Props)]
    struct P {
        auth: Auth,
    }
    let page = html(&app(|| P {
        auth: Auth {
            user: prop::lazy(async { user() }),
            token: "value",
        },
    }))
    .await;
    assert_eq!(
        page["props"]["auth"],
        json!({"user": {"name": "Jonathan"}, "token": "value"})
    );
}

#[tokio::test]
async fn double_nested_closures_are_resolved() {
    #[derive(Props)]
    struct Auth {
        user: Prop<User>,
        token: &'static str,
    }
    #[derive(Props)]
    struct P {
        auth: Prop<Auth>,
    }
    let page = html(&app(|| P {
        auth: prop::lazy(async {
            Auth {
                user: prop::lazy(async { user() }),
                token: "value",
            }
        }),
    }))
    .await;
    assert_eq!(
        page["props"]["auth"],
        json!({"user": {"name": "Jonathan"}, "token": "value"})
    );
}

#[tokio::test]
async fn nested_optional_prop_inside_closure_is_excluded() {
    #[derive(Props)]
    struct Auth {
        user: User,
        pending: Prop<&'static str>,
    }
    #[derive(Props)]
    struct P {
        auth: Prop<Auth>,
    }
    let page = html(&app(|| P {
        auth: prop::lazy(async {
            Auth {
                user: user(),
                pending: prop::optional(async { "secret" }),
            }
        }),
    }))
    .await;
    assert_eq!(page["props"]["auth"], json!({"user": {"name": "Jonathan"}}));
}

#[derive(Props)]
struct NestedAuth {
    user: Prop<Value>,
    refresh_token: &'static str,
    token: &'static str,
}

#[derive(Props)]
struct NestedProps {
    auth: NestedAuth,
    shared: Value,
}

fn nested_props() -> NestedProps {
    NestedProps {
        auth: NestedAuth {
            user: prop::optional(async {
                json!({"name": "Jonathan Reinink", "email": "jonathan@example.com"})
            }),
            refresh_token: "value",
            token: "value",
        },
        shared: json!({"flash": "value"}),
    }
}

#[tokio::test]
async fn nested_partial_props() {
    let page = partial(&app(nested_props), "auth.user,auth.refresh_token").await;
    assert!(!has(&page["props"], "shared"));
    assert!(!has(&page["props"]["auth"], "token"));
    assert_eq!(page["props"]["auth"]["user"]["name"], "Jonathan Reinink");
    assert_eq!(page["props"]["auth"]["refresh_token"], "value");
}

#[tokio::test]
async fn exclude_nested_props_from_partial_response() {
    let page = partial_with(
        &app(nested_props),
        "auth",
        &[("x-inertia-partial-except", "auth.user")],
    )
    .await;
    assert!(!has(&page["props"]["auth"], "user"));
    assert!(!has(&page["props"], "shared"));
    assert_eq!(page["props"]["auth"]["refresh_token"], "value");
}

#[derive(Props)]
struct WithOptional {
    users: Vec<User>,
    optional: Prop<&'static str>,
}

#[tokio::test]
async fn optional_props_are_not_included_by_default() {
    let runs = Counter::new();
    let r = runs.clone();
    let page = xhr(
        &app(move || WithOptional {
            users: vec![],
            optional: prop::optional(r.run("An optional value")),
        }),
        &[],
    )
    .await;
    assert_eq!(page["props"]["users"], json!([]));
    assert!(!has(&page["props"], "optional"));
    assert_eq!(runs.count(), 0);
}

#[tokio::test]
async fn optional_props_are_included_in_partial_reload() {
    let page = partial(
        &app(|| WithOptional {
            users: vec![],
            optional: prop::optional(async { "An optional value" }),
        }),
        "optional",
    )
    .await;
    assert!(!has(&page["props"], "users"));
    assert_eq!(page["props"]["optional"], "An optional value");
}

#[tokio::test]
async fn defer_arrayable_props_are_resolved_in_partial_reload() {
    #[derive(Props)]
    struct P {
        users: Vec<User>,
        defer: Prop<BTreeMap<&'static str, &'static str>>,
    }
    let page = partial(
        &app(|| P {
            users: vec![],
            defer: prop::defer(async { BTreeMap::from([("foo", "bar")]) }),
        }),
        "defer",
    )
    .await;
    assert!(!has(&page["props"], "users"));
    assert_eq!(page["props"]["defer"], json!({"foo": "bar"}));
}

#[tokio::test]
async fn always_props_are_included_on_partial_reload() {
    #[derive(Props)]
    struct P {
        user: Prop<Value>,
        data: Value,
        validation: Prop<Value>,
    }
    let page = partial(
        &app(|| P {
            user: prop::optional(async { json!({"name": "Jonathan Reinink"}) }),
            data: json!({"name": "Taylor Otwell"}),
            validation: prop::lazy(async { json!({"name": "The email field is required."}) })
                .always(),
        }),
        "data",
    )
    .await;
    assert_eq!(
        page["props"]["validation"]["name"],
        "The email field is required."
    );
    assert_eq!(page["props"]["data"]["name"], "Taylor Otwell");
    assert!(!has(&page["props"], "user"));
}

#[tokio::test]
async fn string_function_names_are_not_invoked_as_callables() {
    #[derive(Props)]
    struct P {
        always: Prop<&'static str>,
        merge: Prop<&'static str>,
    }
    let page = html(&app(|| P {
        always: prop::value("date").always(),
        merge: prop::value("trim").merge(),
    }))
    .await;
    assert_eq!(page["props"]["always"], "date");
    assert_eq!(page["props"]["merge"], "trim");
}

/// Laravel's `ProvidesInertiaProperties` objects: a `#[prop(flatten)]` field.
#[tokio::test]
async fn inertia_responsable_objects() {
    #[derive(Props)]
    struct Provided {
        baz: &'static str,
    }
    #[derive(Props)]
    struct P {
        foo: &'static str,
        #[prop(flatten)]
        provided: Provided,
        quux: &'static str,
    }
    let page = html(&app(|| P {
        foo: "bar",
        provided: Provided { baz: "qux" },
        quux: "corge",
    }))
    .await;
    assert_eq!(
        page["props"],
        json!({"foo": "bar", "baz": "qux", "quux": "corge", "errors": {}})
    );
}

#[tokio::test]
async fn nested_dot_props_do_not_get_unpacked() {
    let page = xhr(
        &app(|| json!({"auth": {"user.can": {"do.stuff": true}, "user": {"name": "Jonathan Reinink"}}})),
        &[],
    )
    .await;
    let auth = &page["props"]["auth"];
    assert_eq!(auth["user"]["name"], "Jonathan Reinink");
    assert_eq!(auth["user.can"]["do.stuff"], true);
    assert!(!has(auth, "can"));
}

#[tokio::test]
async fn once_props_are_always_resolved_on_initial_page_load() {
    #[derive(Props)]
    struct P {
        foo: Prop<&'static str>,
    }
    let app = app(|| P {
        foo: prop::lazy(async { "bar" }).once(),
    });
    // Even with the header: a first visit (HTML) carries everything.
    let page = html_with(&app, &[("x-inertia-except-once-props", "foo")]).await;
    assert_eq!(page["props"]["foo"], "bar");
    assert_eq!(
        page["onceProps"],
        json!({"foo": {"prop": "foo", "expiresAt": null}})
    );
    assert!(!has(&page, "clearHistory") && !has(&page, "encryptHistory"));
}

#[tokio::test]
async fn fresh_once_props_are_included_on_initial_page_load() {
    #[derive(Props)]
    struct P {
        foo: Prop<&'static str>,
    }
    let page = html(&app(|| P {
        foo: prop::lazy(async { "bar" }).once().fresh(true),
    }))
    .await;
    assert_eq!(page["props"]["foo"], "bar");
    assert_eq!(
        page["onceProps"],
        json!({"foo": {"prop": "foo", "expiresAt": null}})
    );
}

#[tokio::test]
async fn once_props_are_resolved_with_a_custom_key_and_ttl_value() {
    #[derive(Props)]
    struct P {
        foo: Prop<&'static str>,
    }
    let before = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    let page = xhr(
        &app(|| P {
            foo: prop::lazy(async { "bar" })
                .once()
                .once_as("baz")
                .until(Duration::from_secs(60)),
        }),
        &[],
    )
    .await;
    let after = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    assert_eq!(page["props"]["foo"], "bar");
    assert_eq!(page["onceProps"]["baz"]["prop"], "foo");
    let expires = page["onceProps"]["baz"]["expiresAt"].as_u64().unwrap();
    assert!(
        (before + 60_000..=after + 60_000).contains(&expires),
        "expiresAt is absolute ms"
    );
}

#[derive(Props)]
struct TwoOnce {
    foo: Prop<&'static str>,
    baz: Prop<&'static str>,
}

fn two_once(runs: &Counter) -> impl Fn() -> TwoOnce + Clone + Send + Sync + 'static {
    let runs = runs.clone();
    move || TwoOnce {
        foo: prop::lazy(runs.run("bar")).once(),
        baz: prop::lazy(async { "qux" }).once(),
    }
}

#[tokio::test]
async fn once_props_are_not_resolved_on_subsequent_requests_when_they_are_in_the_once_props_header()
{
    let runs = Counter::new();
    let page = xhr(
        &app(two_once(&runs)),
        &[("x-inertia-except-once-props", "foo")],
    )
    .await;
    assert!(!has(&page["props"], "foo"));
    assert_eq!(runs.count(), 0, "a held once-prop is not computed");
    assert_eq!(
        page["onceProps"]["foo"],
        json!({"prop": "foo", "expiresAt": null}),
        "metadata kept"
    );
}

#[tokio::test]
async fn once_props_are_resolved_on_subsequent_requests_when_the_once_props_header_is_missing() {
    let page = xhr(&app(two_once(&Counter::new())), &[]).await;
    assert_eq!(page["props"]["foo"], "bar");
    assert_eq!(
        page["onceProps"]["foo"],
        json!({"prop": "foo", "expiresAt": null})
    );
}

#[tokio::test]
async fn once_props_are_resolved_on_subsequent_requests_when_they_are_not_in_the_once_props_header()
{
    let page = xhr(
        &app(two_once(&Counter::new())),
        &[("x-inertia-except-once-props", "other")],
    )
    .await;
    assert_eq!(page["props"]["foo"], "bar");
}

#[tokio::test]
async fn once_props_are_resolved_on_partial_requests_when_included_in_only_headers() {
    let page = partial_with(
        &app(two_once(&Counter::new())),
        "foo",
        &[("x-inertia-except-once-props", "foo")],
    )
    .await;
    assert_eq!(page["props"]["foo"], "bar");
    assert!(!has(&page["props"], "baz"));
    assert_eq!(
        page["onceProps"],
        json!({"foo": {"prop": "foo", "expiresAt": null}})
    );
}

#[tokio::test]
async fn once_props_are_not_resolved_on_partial_requests_when_excluded_in_except_headers() {
    let runs = Counter::new();
    let page = xhr(
        &app(two_once(&runs)),
        &[
            ("x-inertia-partial-component", COMPONENT),
            ("x-inertia-partial-except", "foo"),
            ("x-inertia-except-once-props", "foo"),
        ],
    )
    .await;
    assert!(!has(&page["props"], "foo"));
    assert_eq!(page["props"]["baz"], "qux");
    assert_eq!(
        page["onceProps"],
        json!({"baz": {"prop": "baz", "expiresAt": null}})
    );
    assert_eq!(runs.count(), 0);
}

#[tokio::test]
async fn fresh_props_are_resolved_even_when_in_except_once_props_header() {
    #[derive(Props)]
    struct P {
        foo: Prop<&'static str>,
        baz: Prop<&'static str>,
    }
    let page = xhr(
        &app(|| P {
            foo: prop::lazy(async { "bar" }).once().fresh(true),
            baz: prop::lazy(async { "qux" }).once(),
        }),
        &[("x-inertia-except-once-props", "foo,baz")],
    )
    .await;
    assert_eq!(page["props"]["foo"], "bar");
    assert!(!has(&page["props"], "baz"));
    assert_eq!(
        page["onceProps"],
        json!({"foo": {"prop": "foo", "expiresAt": null}, "baz": {"prop": "baz", "expiresAt": null}})
    );
}

#[derive(Props)]
struct DeferOnce {
    defer: Prop<&'static str>,
}

#[tokio::test]
async fn defer_props_that_are_once_and_already_loaded_are_excluded() {
    let page = xhr(
        &app(|| DeferOnce {
            defer: prop::defer(async { "value" }).once(),
        }),
        &[("x-inertia-except-once-props", "defer")],
    )
    .await;
    assert!(!has(&page["props"], "defer"));
    assert!(!has(&page, "deferredProps"));
    assert_eq!(
        page["onceProps"],
        json!({"defer": {"prop": "defer", "expiresAt": null}})
    );
}

#[tokio::test]
async fn defer_props_that_are_once_and_already_loaded_not_excluded_when_explicitly_requested() {
    let page = partial_with(
        &app(|| DeferOnce {
            defer: prop::defer(async { "value" }).once(),
        }),
        "defer",
        &[("x-inertia-except-once-props", "defer")],
    )
    .await;
    assert_eq!(page["props"]["defer"], "value");
    assert!(!has(&page, "deferredProps"));
    assert_eq!(
        page["onceProps"],
        json!({"defer": {"prop": "defer", "expiresAt": null}})
    );
}

#[tokio::test]
async fn responsable_with_invalid_key() {
    let page = xhr(
        &app(|| json!({"resource": {"\u{0}*\u{0}_invalid_key": "for object"}})),
        &[],
    )
    .await;
    assert_eq!(
        page["props"]["resource"],
        json!({"\u{0}*\u{0}_invalid_key": "for object"})
    );
}

#[tokio::test]
async fn the_page_url_is_prefixed_with_the_proxy_prefix() {
    // Laravel trusts the prefix through its TrustProxies middleware; here the proxy is named
    // (or, as here, every peer is trusted).
    let app = app_with(
        InertiaConfig::new().version(VERSION).trust_all_proxies(),
        || json!({}),
    );
    let page = html_with(&app, &[("x-forwarded-prefix", "/sub/directory")]).await;
    assert_eq!(page["url"], "/sub/directory/user/123");
}

#[tokio::test]
async fn the_page_url_is_not_prefixed_when_the_proxy_is_not_trusted() {
    // The default: any client could send the header.
    let page = html_with(
        &app(|| json!({})),
        &[("x-forwarded-prefix", "/sub/directory")],
    )
    .await;
    assert_eq!(page["url"], "/user/123");
}

#[tokio::test]
async fn the_page_url_doesnt_double_up() {
    // A sub-directory deployment is a nested router here.
    let inner = app(|| json!({}));
    let outer = axum::Router::new().nest("/subpath", inner);
    let res = xhr_answer(&outer, "/subpath/product/123", &[]).await;
    assert_eq!(res.json()["url"], "/subpath/product/123");
}

#[tokio::test]
async fn trailing_slashes_and_queries_in_a_url_are_preserved() {
    let app = app(|| json!({}));
    for url in [
        "/users/",
        "/users/?page=1&sort=name",
        "/users",
        "/users?page=1&sort=name",
    ] {
        assert_eq!(xhr_answer(&app, url, &[]).await.json()["url"], url);
    }
}

#[derive(Props)]
struct ProvidedDeferred {
    foo: Prop<&'static str>,
    bar: Prop<&'static str>,
}

#[derive(Props)]
struct WithProvider {
    user: User,
    #[prop(flatten)]
    provided: ProvidedDeferred,
}

fn with_provider() -> WithProvider {
    WithProvider {
        user: user(),
        provided: ProvidedDeferred {
            foo: prop::defer(async { "bar" }),
            bar: prop::defer(async { "bar value" }).group("custom"),
        },
    }
}

#[tokio::test]
async fn deferred_props_from_provides_inertia_properties_with_multiple_groups() {
    let page = html(&app(with_provider)).await;
    assert_eq!(page["props"]["user"]["name"], "Jonathan");
    assert!(!has(&page["props"], "foo") && !has(&page["props"], "bar"));
    assert_eq!(
        page["deferredProps"],
        json!({"default": ["foo"], "custom": ["bar"]})
    );
}

#[tokio::test]
async fn deferred_props_from_provides_inertia_properties_can_be_loaded_via_partial_request() {
    let page = partial(&app(with_provider), "foo").await;
    assert_eq!(page["props"]["foo"], "bar");
    assert!(!has(&page["props"], "user"));
}

#[tokio::test]
async fn merge_once_and_deferred_merge_props_from_provides_inertia_properties() {
    #[derive(Props)]
    struct Provided {
        merged: Prop<&'static str>,
        once: Prop<&'static str>,
        deferred_merge: Prop<&'static str>,
    }
    #[derive(Props)]
    struct P {
        #[prop(flatten)]
        provided: Provided,
    }
    let page = html(&app(|| P {
        provided: Provided {
            merged: prop::value("foo value").merge(),
            once: prop::lazy(async { "bar" }).once(),
            deferred_merge: prop::defer(async { "x" }).merge(),
        },
    }))
    .await;
    assert_eq!(page["props"]["merged"], "foo value");
    assert_eq!(page["props"]["once"], "bar");
    assert_eq!(page["mergeProps"], json!(["merged", "deferred_merge"]));
    assert_eq!(
        page["deferredProps"],
        json!({"default": ["deferred_merge"]})
    );
    assert_eq!(
        page["onceProps"],
        json!({"once": {"prop": "once", "expiresAt": null}})
    );
}
