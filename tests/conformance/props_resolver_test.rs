//! `PropsResolverTest`: prop kinds at any depth, inside resolved values, and their metadata.

use inertia_runtime::Props;
use inertia_runtime::prop::{self, Prop, ScrollData, ScrollMeta};
use serde::Serialize;
use serde_json::{Value, json};

use crate::harness::*;

#[tokio::test]
async fn nested_closure_is_resolved() {
    #[derive(Props)]
    struct Auth {
        user: &'static str,
    }
    #[derive(Props)]
    struct P {
        auth: Prop<Auth>,
    }
    let page = html(&app(|| P {
        auth: prop::lazy(async { Auth { user: "Jonathan" } }),
    }))
    .await;
    assert_eq!(page["props"]["auth"]["user"], "Jonathan");
}

#[tokio::test]
async fn nested_closure_inside_array_is_resolved() {
    #[derive(Props)]
    struct Auth {
        user: Prop<&'static str>,
    }
    #[derive(Props)]
    struct P {
        auth: Auth,
    }
    let page = html(&app(|| P {
        auth: Auth {
            user: prop::lazy(async { "Jonathan" }),
        },
    }))
    .await;
    assert_eq!(page["props"]["auth"]["user"], "Jonathan");
}

#[derive(Props)]
struct Permissions {
    user: &'static str,
    permissions: Prop<Vec<&'static str>>,
}

#[derive(Props)]
struct AuthProvider {
    #[prop(flatten)]
    provided: Permissions,
    team: &'static str,
}

#[derive(Props)]
struct ProviderPage {
    auth: AuthProvider,
}

fn provider_page() -> ProviderPage {
    ProviderPage {
        auth: AuthProvider {
            provided: Permissions {
                user: "Jonathan",
                permissions: prop::optional(async { vec!["manage-users"] }),
            },
            team: "Inertia",
        },
    }
}

#[tokio::test]
async fn nested_provides_inertia_properties_with_prop_types() {
    let page = html(&app(provider_page)).await;
    assert_eq!(
        page["props"]["auth"],
        json!({"user": "Jonathan", "team": "Inertia"})
    );
}

#[tokio::test]
async fn nested_provides_inertia_properties_with_prop_types_on_partial_request() {
    let page = partial(&app(provider_page), "auth.permissions").await;
    assert_eq!(
        page["props"]["auth"],
        json!({"permissions": ["manage-users"]})
    );
}

#[tokio::test]
async fn nested_always_merge_and_once_props_are_resolved() {
    #[derive(Props)]
    struct Nested {
        user: Prop<&'static str>,
        posts: Prop<Value>,
        locale: Prop<&'static str>,
    }
    #[derive(Props)]
    struct P {
        auth: Nested,
    }
    let page = html(&app(|| P {
        auth: Nested {
            user: prop::lazy(async { "Jonathan" }).always(),
            posts: prop::value(json!([{"id": 1}])).merge(),
            locale: prop::lazy(async { "en" }).once(),
        },
    }))
    .await;
    assert_eq!(
        page["props"]["auth"],
        json!({"user": "Jonathan", "posts": [{"id": 1}], "locale": "en"})
    );
}

#[derive(Props)]
struct Kinds {
    user: &'static str,
    permissions: Prop<Vec<&'static str>>,
    notifications: Prop<Vec<&'static str>>,
}

#[derive(Props)]
struct KindsPage {
    auth: Kinds,
}

fn kinds_page(runs: &Counter) -> impl Fn() -> KindsPage + Clone + Send + Sync + 'static {
    let runs = runs.clone();
    move || KindsPage {
        auth: Kinds {
            user: "Jonathan",
            permissions: prop::optional(runs.run(vec!["admin"])),
            notifications: prop::defer(runs.run(vec!["new message"])),
        },
    }
}

#[tokio::test]
async fn nested_optional_and_defer_props_are_excluded_from_initial_load_and_never_run() {
    let runs = Counter::new();
    let page = html(&app(kinds_page(&runs))).await;
    assert_eq!(page["props"]["auth"], json!({"user": "Jonathan"}));
    assert_eq!(
        page["deferredProps"],
        json!({"default": ["auth.notifications"]})
    );
    assert_eq!(runs.count(), 0, "neither future ran");
}

#[tokio::test]
async fn nested_optional_and_defer_props_are_included_on_partial_request() {
    let runs = Counter::new();
    let page = partial(
        &app(kinds_page(&runs)),
        "auth.permissions,auth.notifications",
    )
    .await;
    assert_eq!(
        page["props"]["auth"],
        json!({"permissions": ["admin"], "notifications": ["new message"]})
    );
    assert!(!has(&page, "deferredProps"), "never on partial reloads");
    assert_eq!(runs.count(), 2);
}

#[tokio::test]
async fn only_the_requested_lazy_prop_runs_on_a_partial_request() {
    let runs = Counter::new();
    let page = partial(&app(kinds_page(&runs)), "auth.notifications").await;
    assert_eq!(
        page["props"]["auth"],
        json!({"notifications": ["new message"]})
    );
    assert_eq!(
        runs.count(),
        1,
        "the optional prop was not asked for and did not run"
    );
}

#[tokio::test]
async fn rescued_defer_prop_is_omitted_and_metadata_on_partial_request() {
    #[derive(Props)]
    struct Auth {
        notifications: Prop<Vec<&'static str>>,
    }
    #[derive(Props)]
    struct P {
        auth: Auth,
    }
    let page = partial(
        &app(|| P {
            auth: Auth {
                notifications: prop::defer(async {
                    Err::<Vec<&'static str>, _>(std::io::Error::other("Rescue this deferred prop"))
                })
                .rescue(),
            },
        }),
        "auth.notifications",
    )
    .await;
    assert!(!has(&page["props"]["auth"], "notifications"));
    assert_eq!(page["rescuedProps"], json!(["auth.notifications"]));
}

#[tokio::test]
async fn a_failing_prop_without_rescue_fails_the_response() {
    #[derive(Props)]
    struct P {
        stats: Prop<u32>,
    }
    let app = app(|| P {
        stats: prop::defer(async { Err::<u32, _>(std::io::Error::other("down")) }),
    });
    let res = inertia_tests::send(
        &app,
        inertia_tests::request(
            "GET",
            "/",
            &[
                ("x-inertia", "true"),
                ("x-inertia-version", VERSION),
                ("x-inertia-partial-component", COMPONENT),
                ("x-inertia-partial-data", "stats"),
            ],
            "",
        ),
    )
    .await;
    assert_eq!(res.status, 500);
}

#[tokio::test]
async fn closure_returning_merge_prop_resolves_with_metadata() {
    // A per-request shared closure may return a prop type; see `middleware_test` for that
    // path. Here: a lazy value that is itself a `Prop` with a merge.
    #[derive(Props)]
    struct P {
        posts: Prop<Prop<Value>>,
    }
    let page = html(&app(|| P {
        posts: prop::lazy(async { prop::value(json!([{"id": 1}])).merge() }),
    }))
    .await;
    assert_eq!(page["props"]["posts"], json!([{"id": 1}]));
    assert_eq!(page["mergeProps"], json!(["posts"]));
}

#[tokio::test]
async fn closure_returning_optional_or_defer_prop_is_excluded_from_initial_load() {
    #[derive(Props)]
    struct Auth {
        user: &'static str,
        permissions: Prop<Vec<&'static str>>,
        notifications: Prop<Vec<&'static str>>,
    }
    #[derive(Props)]
    struct P {
        auth: Prop<Auth>,
    }
    let runs = Counter::new();
    let r = runs.clone();
    let page = html(&app(move || {
        let r = r.clone();
        P {
            auth: prop::lazy(async move {
                Auth {
                    user: "Jonathan",
                    permissions: prop::optional(r.run(vec!["admin"])),
                    notifications: prop::defer(r.run(vec![])).group("alerts"),
                }
            }),
        }
    }))
    .await;
    assert_eq!(page["props"]["auth"], json!({"user": "Jonathan"}));
    assert_eq!(
        page["deferredProps"],
        json!({"alerts": ["auth.notifications"]})
    );
    assert_eq!(runs.count(), 0);
}

#[tokio::test]
async fn top_level_always_prop_is_included_when_not_requested() {
    #[derive(Props)]
    struct P {
        other: &'static str,
        validation: Prop<Value>,
    }
    let page = partial(
        &app(|| P {
            other: "value",
            validation: prop::value(json!({"name": "required"})).always(),
        }),
        "other",
    )
    .await;
    assert_eq!(page["props"]["other"], "value");
    assert_eq!(page["props"]["validation"], json!({"name": "required"}));
}

#[tokio::test]
async fn nested_always_prop_is_included_on_partial_request() {
    #[derive(Props)]
    struct Auth {
        user: &'static str,
        validation: Prop<Value>,
    }
    #[derive(Props)]
    struct P {
        auth: Auth,
    }
    let page = partial(
        &app(|| P {
            auth: Auth {
                user: "Jonathan",
                validation: prop::value(json!({"name": "required"})).always(),
            },
        }),
        "auth.user",
    )
    .await;
    assert_eq!(
        page["props"]["auth"],
        json!({"user": "Jonathan", "validation": {"name": "required"}})
    );
}

#[tokio::test]
async fn nested_prop_is_excluded_via_except_header() {
    let page = partial_with(
        &app(|| json!({"auth": {"user": "Jonathan", "token": "secret"}})),
        "auth",
        &[("x-inertia-partial-except", "auth.token")],
    )
    .await;
    assert_eq!(page["props"]["auth"], json!({"user": "Jonathan"}));
}

#[derive(Props)]
struct Dashboard {
    stats: &'static str,
    feed: Prop<Value>,
    notifications: Prop<Vec<&'static str>>,
    settings: Prop<Value>,
    locale: Prop<&'static str>,
}

#[derive(Props)]
struct DashboardPage {
    dashboard: Dashboard,
}

fn dashboard_page() -> DashboardPage {
    DashboardPage {
        dashboard: Dashboard {
            stats: "visible",
            feed: prop::value(json!([{"id": 1}])).merge(),
            notifications: prop::defer(async { vec!["msg"] }),
            settings: prop::optional(async { json!({"theme": "dark"}) }),
            locale: prop::lazy(async { "en" }).once(),
        },
    }
}

#[tokio::test]
async fn partial_request_for_parent_resolves_all_nested_prop_types() {
    let page = partial(&app(dashboard_page), "dashboard").await;
    assert_eq!(
        page["props"]["dashboard"],
        json!({"stats": "visible", "feed": [{"id": 1}], "notifications": ["msg"], "settings": {"theme": "dark"}, "locale": "en"})
    );
    assert_eq!(page["mergeProps"], json!(["dashboard.feed"]));
    assert_eq!(
        page["onceProps"],
        json!({"dashboard.locale": {"prop": "dashboard.locale", "expiresAt": null}})
    );
    assert!(!has(&page, "deferredProps"));
}

#[tokio::test]
async fn multiple_nested_prop_types_are_handled_together() {
    let page = html(&app(dashboard_page)).await;
    assert_eq!(
        page["props"]["dashboard"],
        json!({"stats": "visible", "feed": [{"id": 1}], "locale": "en"})
    );
    assert_eq!(page["mergeProps"], json!(["dashboard.feed"]));
    assert_eq!(
        page["deferredProps"],
        json!({"default": ["dashboard.notifications"]})
    );
    assert_eq!(
        page["onceProps"],
        json!({"dashboard.locale": {"prop": "dashboard.locale", "expiresAt": null}})
    );
}

#[tokio::test]
async fn nested_props_on_non_partial_inertia_request_behave_like_initial_load() {
    let page = xhr(&app(dashboard_page), &[]).await;
    assert_eq!(
        page["props"]["dashboard"],
        json!({"stats": "visible", "feed": [{"id": 1}], "locale": "en"})
    );
    assert_eq!(page["mergeProps"], json!(["dashboard.feed"]));
    assert_eq!(
        page["deferredProps"],
        json!({"default": ["dashboard.notifications"]})
    );
}

#[tokio::test]
async fn nested_defer_prop_metadata_preserves_group() {
    #[derive(Props)]
    struct Auth {
        notifications: Prop<Vec<u8>>,
        messages: Prop<Vec<u8>>,
    }
    #[derive(Props)]
    struct P {
        auth: Auth,
    }
    let page = html(&app(|| P {
        auth: Auth {
            notifications: prop::defer(async { vec![] }).group("sidebar"),
            messages: prop::defer(async { vec![] }).group("sidebar"),
        },
    }))
    .await;
    assert_eq!(
        page["deferredProps"],
        json!({"sidebar": ["auth.notifications", "auth.messages"]})
    );
}

#[derive(Props)]
struct Feed {
    posts: Prop<Value>,
}

#[derive(Props)]
struct FeedPage {
    feed: Feed,
}

fn feed(posts: fn() -> Prop<Value>) -> impl Fn() -> FeedPage + Clone + Send + Sync + 'static {
    move || FeedPage {
        feed: Feed { posts: posts() },
    }
}

#[tokio::test]
async fn nested_merge_metadata_variants_use_full_paths() {
    type Case = (fn() -> Prop<Value>, &'static str, Value);
    let cases: [Case; 6] = [
        (
            || prop::value(json!([{"id": 1}])).merge(),
            "mergeProps",
            json!(["feed.posts"]),
        ),
        (
            || prop::value(json!([{"id": 1}])).prepend(),
            "prependProps",
            json!(["feed.posts"]),
        ),
        (
            || prop::value(json!({"theme": "dark"})).deep_merge(),
            "deepMergeProps",
            json!(["feed.posts"]),
        ),
        (
            || prop::value(json!({"data": [{"id": 1}]})).append_at("data"),
            "mergeProps",
            json!(["feed.posts.data"]),
        ),
        (
            || prop::value(json!([{"id": 1}])).deep_merge().match_on("id"),
            "matchPropsOn",
            json!(["feed.posts.id"]),
        ),
        (
            || prop::defer(async { json!([{"id": 1}]) }).merge(),
            "mergeProps",
            json!(["feed.posts"]),
        ),
    ];
    for (make, key, expected) in cases {
        let page = html(&app(feed(make))).await;
        assert_eq!(page[key], expected, "{key}");
    }
}

#[tokio::test]
async fn nested_merge_metadata_is_collected_on_exact_partial_and_when_parent_is_requested() {
    for only in ["feed.posts", "feed"] {
        let page = partial(&app(feed(|| prop::value(json!([{"id": 1}])).merge())), only).await;
        assert_eq!(page["props"]["feed"]["posts"], json!([{"id": 1}]));
        assert_eq!(page["mergeProps"], json!(["feed.posts"]), "{only}");
    }
}

#[tokio::test]
async fn nested_merge_prop_metadata_is_suppressed_by_reset_header() {
    let page = partial_with(
        &app(feed(|| prop::value(json!([{"id": 1}])).merge())),
        "feed.posts",
        &[("x-inertia-reset", "feed.posts")],
    )
    .await;
    assert_eq!(page["props"]["feed"]["posts"], json!([{"id": 1}]));
    assert!(!has(&page, "mergeProps"));
}

#[tokio::test]
async fn partial_and_reset_headers_preserve_a_zero_prop_path() {
    let page = partial_with(
        &app(|| {
            #[derive(Props)]
            struct P {
                #[prop(rename = "0")]
                zero: Prop<Value>,
                other: &'static str,
            }
            P {
                zero: prop::value(json!([{"id": 1}])).merge(),
                other: "value",
            }
        }),
        "0",
        &[("x-inertia-reset", "0")],
    )
    .await;
    assert_eq!(page["props"]["0"], json!([{"id": 1}]));
    assert!(!has(&page["props"], "other"));
    assert!(!has(&page, "mergeProps"));
}

#[derive(Serialize)]
struct Paged {
    data: Vec<Value>,
}

impl ScrollData for Paged {
    fn scroll_meta(&self) -> ScrollMeta {
        ScrollMeta::new("page", 1).previous(None).next(2)
    }
}

#[tokio::test]
async fn reset_header_does_not_coerce_numeric_prop_paths() {
    #[derive(Props)]
    struct P {
        #[prop(rename = "0")]
        zero: Prop<Paged>,
    }
    let page = partial_with(
        &app(|| P {
            zero: prop::value(Paged {
                data: vec![json!({"id": 1})],
            })
            .scroll(),
        }),
        "0",
        &[("x-inertia-reset", "0.0")],
    )
    .await;
    assert_eq!(page["mergeProps"], json!(["0.data"]));
    assert_eq!(page["scrollProps"]["0"]["reset"], false);
}

#[derive(Props)]
struct Config {
    locale: Prop<&'static str>,
    timezone: &'static str,
}

#[derive(Props)]
struct ConfigPage {
    config: Config,
}

#[tokio::test]
async fn nested_once_prop_metadata_custom_key_and_exclusion() {
    let page = html(&app(|| ConfigPage {
        config: Config {
            locale: prop::lazy(async { "en" }).once().once_as("app-locale"),
            timezone: "UTC",
        },
    }))
    .await;
    assert_eq!(
        page["onceProps"],
        json!({"app-locale": {"prop": "config.locale", "expiresAt": null}})
    );

    let page = xhr(
        &app(|| ConfigPage {
            config: Config {
                locale: prop::lazy(async { "en" }).once(),
                timezone: "UTC",
            },
        }),
        &[("x-inertia-except-once-props", "config.locale")],
    )
    .await;
    assert_eq!(page["props"]["config"], json!({"timezone": "UTC"}));
    assert_eq!(
        page["onceProps"],
        json!({"config.locale": {"prop": "config.locale", "expiresAt": null}})
    );
}

#[tokio::test]
async fn once_header_preserves_a_zero_custom_key_and_does_not_coerce() {
    #[derive(Props)]
    struct P {
        locale: Prop<&'static str>,
    }
    let app = app(|| P {
        locale: prop::lazy(async { "en" }).once().once_as("0"),
    });
    let page = xhr(&app, &[("x-inertia-except-once-props", "0")]).await;
    assert!(!has(&page["props"], "locale"));
    assert_eq!(
        page["onceProps"],
        json!({"0": {"prop": "locale", "expiresAt": null}})
    );
    let page = xhr(&app, &[("x-inertia-except-once-props", "0.0")]).await;
    assert_eq!(page["props"]["locale"], "en");
}

#[tokio::test]
async fn nested_once_metadata_is_collected_on_exact_partial_and_when_parent_is_requested() {
    for only in ["config.locale", "config"] {
        let page = partial(
            &app(|| ConfigPage {
                config: Config {
                    locale: prop::lazy(async { "en" }).once(),
                    timezone: "UTC",
                },
            }),
            only,
        )
        .await;
        assert_eq!(page["props"]["config"]["locale"], "en");
        assert_eq!(
            page["onceProps"],
            json!({"config.locale": {"prop": "config.locale", "expiresAt": null}}),
            "{only}"
        );
    }
}

#[derive(Props)]
struct ScrollFeed {
    posts: Prop<Paged>,
}

#[derive(Props)]
struct ScrollPage {
    feed: ScrollFeed,
}

fn scroll_page() -> ScrollPage {
    ScrollPage {
        feed: ScrollFeed {
            posts: prop::value(Paged {
                data: vec![json!({"id": 1})],
            })
            .scroll(),
        },
    }
}

#[tokio::test]
async fn nested_scroll_prop_metadata_is_collected() {
    let page = html(&app(scroll_page)).await;
    assert_eq!(
        page["scrollProps"],
        json!({"feed.posts": {"pageName": "page", "previousPage": null, "nextPage": 2, "currentPage": 1, "reset": false}})
    );
    assert_eq!(page["mergeProps"], json!(["feed.posts.data"]));
}

#[tokio::test]
async fn nested_scroll_prop_is_included_on_partial_request_and_reset_by_header() {
    let page = partial(&app(scroll_page), "feed.posts").await;
    assert_eq!(page["props"]["feed"]["posts"], json!({"data": [{"id": 1}]}));
    assert_eq!(page["scrollProps"]["feed.posts"]["reset"], false);
    let page = partial_with(
        &app(scroll_page),
        "feed.posts",
        &[("x-inertia-reset", "feed.posts")],
    )
    .await;
    assert_eq!(page["scrollProps"]["feed.posts"]["reset"], true);
    assert!(
        !has(&page, "mergeProps"),
        "a reset prop is replaced, not merged"
    );
}

#[tokio::test]
async fn scroll_merge_intent_header_prepends() {
    let page = partial_with(
        &app(scroll_page),
        "feed.posts",
        &[("x-inertia-infinite-scroll-merge-intent", "prepend")],
    )
    .await;
    assert_eq!(page["prependProps"], json!(["feed.posts.data"]));
    assert!(!has(&page, "mergeProps"));
}

#[tokio::test]
async fn nested_deferred_scroll_prop_is_excluded_from_initial_load() {
    let page = html(&app(|| ScrollPage {
        feed: ScrollFeed {
            posts: prop::defer(async {
                Paged {
                    data: vec![json!({"id": 1})],
                }
            })
            .scroll(),
        },
    }))
    .await;
    assert_eq!(page["props"]["feed"], json!({}));
    assert_eq!(page["deferredProps"], json!({"default": ["feed.posts"]}));
    assert!(!has(&page, "scrollProps"));
}

#[tokio::test]
async fn nested_defer_once_prop_suppresses_deferred_metadata_when_already_loaded() {
    let app = app(|| ConfigPage {
        config: Config {
            locale: prop::defer(async { "en" }).once(),
            timezone: "UTC",
        },
    });
    let page = html_with(&app, &[("x-inertia-except-once-props", "config.locale")]).await;
    assert!(!has(&page, "deferredProps"));
    let page = html(&app).await;
    assert_eq!(page["deferredProps"], json!({"default": ["config.locale"]}));
    assert_eq!(
        page["onceProps"],
        json!({"config.locale": {"prop": "config.locale", "expiresAt": null}})
    );
}

#[tokio::test]
async fn except_header_suppresses_nested_merge_metadata() {
    #[derive(Props)]
    struct Both {
        posts: Prop<Value>,
        comments: Prop<Value>,
    }
    #[derive(Props)]
    struct P {
        feed: Both,
        other: &'static str,
    }
    let make = || P {
        feed: Both {
            posts: prop::value(json!([{"id": 1}])).merge(),
            comments: prop::value(json!([{"id": 2}])).merge(),
        },
        other: "value",
    };
    let page = partial_with(
        &app(make),
        "feed.posts,feed.comments",
        &[("x-inertia-partial-except", "feed.posts")],
    )
    .await;
    assert_eq!(page["props"]["feed"], json!({"comments": [{"id": 2}]}));
    assert_eq!(page["mergeProps"], json!(["feed.comments"]));

    let page = partial_with(
        &app(make),
        "feed,other",
        &[("x-inertia-partial-except", "feed")],
    )
    .await;
    assert!(!has(&page["props"], "feed"));
    assert_eq!(page["props"]["other"], "value");
    assert!(!has(&page, "mergeProps"));
}

#[tokio::test]
async fn deeply_nested_props_use_full_paths() {
    #[derive(Props)]
    struct Auth {
        notifications: Prop<Vec<u8>>,
        permissions: Prop<Vec<&'static str>>,
    }
    #[derive(Props)]
    struct App {
        auth: Auth,
    }
    #[derive(Props)]
    struct P {
        app: App,
    }
    let make = || P {
        app: App {
            auth: Auth {
                notifications: prop::defer(async { vec![] }).group("alerts"),
                permissions: prop::optional(async { vec!["admin"] }),
            },
        },
    };
    let page = html(&app(make)).await;
    assert_eq!(
        page["deferredProps"],
        json!({"alerts": ["app.auth.notifications"]})
    );
    let page = partial(&app(make), "app.auth.permissions").await;
    assert_eq!(
        page["props"]["app"]["auth"],
        json!({"permissions": ["admin"]})
    );
}

#[tokio::test]
async fn deferred_props_at_mixed_depths() {
    #[derive(Props)]
    struct Nested {
        a: &'static str,
        c: Prop<&'static str>,
    }
    #[derive(Props)]
    struct P {
        foo: Prop<&'static str>,
        nested: Nested,
    }
    let make = || P {
        foo: prop::defer(async { "bar" }),
        nested: Nested {
            a: "b",
            c: prop::defer(async { "d" }),
        },
    };
    let page = html(&app(make)).await;
    assert_eq!(page["props"]["nested"], json!({"a": "b"}));
    assert_eq!(
        page["deferredProps"],
        json!({"default": ["foo", "nested.c"]})
    );
    let page = partial(&app(make), "foo,nested.c").await;
    assert_eq!(page["props"]["foo"], "bar");
    assert_eq!(page["props"]["nested"], json!({"c": "d"}));
    assert!(!has(&page, "deferredProps"));
}

#[derive(Props)]
struct Row {
    name: &'static str,
    bar: Prop<&'static str>,
}

#[derive(Props)]
struct Rows {
    foos: inertia_runtime::prop::PropList<Row>,
}

fn rows(runs: &Counter) -> impl Fn() -> Rows + Clone + Send + Sync + 'static {
    let runs = runs.clone();
    move || Rows {
        foos: prop::list(vec![
            Row {
                name: "First",
                bar: prop::optional(runs.run("expensive-data-1")),
            },
            Row {
                name: "Second",
                bar: prop::optional(runs.run("expensive-data-2")),
            },
        ]),
    }
}

#[tokio::test]
async fn optional_props_inside_indexed_arrays_are_excluded_from_initial_load() {
    let runs = Counter::new();
    let page = html(&app(rows(&runs))).await;
    assert_eq!(
        page["props"]["foos"],
        json!([{"name": "First"}, {"name": "Second"}])
    );
    assert_eq!(runs.count(), 0);
}

#[tokio::test]
async fn optional_props_inside_indexed_arrays_are_resolved_on_partial_request() {
    let runs = Counter::new();
    let page = partial(&app(rows(&runs)), "foos").await;
    assert_eq!(
        page["props"]["foos"],
        json!([{"name": "First", "bar": "expensive-data-1"}, {"name": "Second", "bar": "expensive-data-2"}])
    );
    assert_eq!(runs.count(), 2);
}

#[tokio::test]
async fn deferred_props_inside_closure_are_excluded_then_resolved_on_partial_request() {
    #[derive(Props)]
    struct Auth {
        user: Value,
        notifications: Prop<Vec<&'static str>>,
        roles: Prop<Vec<&'static str>>,
    }
    #[derive(Props)]
    struct P {
        auth: Prop<Auth>,
    }
    let make = || P {
        auth: prop::lazy(async {
            Auth {
                user: json!({"name": "Jonathan Reinink"}),
                notifications: prop::defer(async { vec!["You have a new follower"] }),
                roles: prop::defer(async { vec!["admin"] }),
            }
        }),
    };
    let page = html(&app(make)).await;
    assert_eq!(
        page["props"]["auth"],
        json!({"user": {"name": "Jonathan Reinink"}})
    );
    assert_eq!(
        page["deferredProps"],
        json!({"default": ["auth.notifications", "auth.roles"]})
    );
    let page = partial(&app(make), "auth.notifications,auth.roles").await;
    assert_eq!(
        page["props"]["auth"]["notifications"],
        json!(["You have a new follower"])
    );
    assert_eq!(page["props"]["auth"]["roles"], json!(["admin"]));
}

#[tokio::test]
async fn arrays_matching_callable_syntax_are_not_invoked() {
    let page = html(&app(
        || json!({"job": {"name": "Import", "fields": ["Context", "comment"]}}),
    ))
    .await;
    assert_eq!(
        page["props"]["job"]["fields"],
        json!(["Context", "comment"])
    );
}
