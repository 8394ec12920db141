//! Form submissions with arbitrary bodies through a router with the form extractors: the
//! first byte picks the content type (JSON, URL-encoded, multipart with a fixed boundary, or
//! arbitrary) and whether the request is precognitive; the rest is the body. The form type
//! has nested lists, numbers, booleans, options and files, so every path of the field
//! parser and its deserializer is reached. Answers must be form answers; nothing may panic.
#![no_main]

use std::sync::LazyLock;

use axum::Router;
use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::http::{Method, Request};
use axum::routing::post;
use http_body_util::BodyExt;
use inertia_runtime::InertiaConfig;
use inertia_runtime::ValidationErrors;
use inertia_runtime::form::{Checked, Rules, UploadedFile};
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Order {
    name: String,
    #[serde(default)]
    gift: bool,
    #[serde(default)]
    count: Option<u32>,
    #[serde(default)]
    items: Vec<Item>,
    #[serde(default)]
    tags: Vec<String>,
    receipt: Option<UploadedFile>,
    #[serde(default)]
    meta: std::collections::BTreeMap<String, serde_json::Value>,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Item {
    sku: String,
    qty: i64,
    #[serde(default)]
    photos: Vec<UploadedFile>,
}

impl Rules for Order {
    fn check(&self, errors: &mut ValidationErrors) {
        if self.name.len() < 2 {
            errors.push("name", "The name field must be at least 2 characters.");
        }
        for (i, item) in self.items.iter().enumerate() {
            if item.qty <= 0 {
                errors.push(
                    format!("items.{i}.qty"),
                    "The qty field must be at least 1.",
                );
            }
        }
    }
}

static APP: LazyLock<Router> = LazyLock::new(|| {
    Router::new()
        .route(
            "/orders",
            post(|Checked(order): Checked<Order>| async move { order.name }),
        )
        .layer(DefaultBodyLimit::max(64 * 1024))
        .layer(InertiaConfig::new().version("v1").into_layer().unwrap())
});

static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
});

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let content_type = match selector & 3 {
        0 => "application/json",
        1 => "application/x-www-form-urlencoded",
        2 => "multipart/form-data; boundary=b",
        _ => "text/plain",
    };
    let mut req = Request::builder()
        .method(Method::POST)
        .uri("/orders")
        .header("content-type", content_type)
        .header("referer", "/orders/new");
    if selector & 4 != 0 {
        req = req.header("x-inertia", "true");
    }
    if selector & 8 != 0 {
        req = req
            .header("precognition", "true")
            .header("precognition-validate-only", "name,items.0.qty");
    }
    let req = req.body(Body::from(body.to_vec())).unwrap();
    RUNTIME.block_on(async {
        let response = APP.clone().oneshot(req).await.unwrap();
        let status = response.status().as_u16();
        let _ = response.into_body().collect().await.unwrap();
        assert!(
            matches!(status, 200 | 204 | 303 | 400 | 413 | 415 | 422),
            "unexpected status {status}"
        );
    });
});
