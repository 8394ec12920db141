//! In-process time per request, every adapter side by side: `bash scripts/bench.sh` (which
//! turns on the `peers` feature and writes the table), or
//! `cargo bench -p inertia-bench --features peers --bench requests`.
//!
//! Each sample sends one request through the adapter's whole router (layer, extractors,
//! handler, response) and reads the body to the end, on a current-thread runtime; building
//! the request is not timed.

use std::time::Duration;

use axum::Router;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use http_body_util::BodyExt;
use inertia_bench::requests::Scenario;
use inertia_bench::{LARGE, SMALL, ours, plain};
use tower::ServiceExt;

fn size_name(n: usize) -> &'static str {
    if n == SMALL { "2KB" } else { "200KB" }
}

fn bench_axum(
    c: &mut Criterion,
    rt: &tokio::runtime::Runtime,
    adapter: &str,
    router: &Router,
    n: usize,
) {
    for scenario in Scenario::ALL {
        // The floor has no protocol: it answers every request with the page JSON.
        if adapter == "axum-json" && scenario != Scenario::Json {
            continue;
        }
        let id = format!("{}/{}/{adapter}", scenario.name(), size_name(n));
        c.bench_function(&id, |b| {
            b.iter_batched(
                || scenario.request(),
                |req| {
                    rt.block_on(async {
                        let res = router
                            .clone()
                            .oneshot(req)
                            .await
                            .unwrap_or_else(|e| match e {});
                        let status = res.status();
                        let body = res
                            .into_body()
                            .collect()
                            .await
                            .map(|b| b.to_bytes())
                            .unwrap_or_default();
                        (status, body)
                    })
                },
                BatchSize::PerIteration,
            )
        });
    }
}

#[cfg(feature = "peers")]
fn bench_actix(c: &mut Criterion, n: usize) {
    use actix_web::dev::Service;
    use inertia_bench::peers::inertia_rust_adapter;

    let system = actix_rt::System::new();
    let app = system.block_on(inertia_rust_adapter::service(n));
    for scenario in Scenario::ALL {
        let id = format!("{}/{}/inertia-rust", scenario.name(), size_name(n));
        c.bench_function(&id, |b| {
            b.iter_batched(
                || {
                    let mut req = actix_web::test::TestRequest::get().uri("/");
                    req = req.insert_header(("host", "bench.local"));
                    for (name, value) in scenario.headers() {
                        req = req.insert_header((*name, *value));
                    }
                    req.to_request()
                },
                |req| {
                    system.block_on(async {
                        let res = app
                            .call(req)
                            .await
                            .unwrap_or_else(|e| panic!("inertia-rust: {e}"));
                        let status = res.status();
                        let body = actix_web::body::to_bytes(res.into_body())
                            .await
                            .unwrap_or_default();
                        (status, body)
                    })
                },
                BatchSize::PerIteration,
            )
        });
    }
}

fn requests(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("runtime: {e}"));
    for n in [SMALL, LARGE] {
        bench_axum(c, &rt, "axum-json", &plain::router(n), n);
        bench_axum(c, &rt, "ours", &ours::router(n), n);
        #[cfg(feature = "peers")]
        {
            use inertia_bench::peers::{axum_inertia_adapter, veer_adapter};
            bench_axum(c, &rt, "veer", &veer_adapter::router(n), n);
            bench_axum(c, &rt, "axum-inertia", &axum_inertia_adapter::router(n), n);
            bench_actix(c, n);
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50);
    targets = requests
}
criterion_main!(benches);
