//! In-process time per request, every adapter side by side: `bash scripts/bench.sh` (which
//! turns on the `peers` feature and writes the table), or
//! `cargo bench -p inertia-bench --features peers --bench requests`.
//!
//! Each sample sends one request through the adapter's whole router (layer, extractors,
//! handler, response) and reads the body to the end, on a current-thread runtime; building
//! the request is not timed. For each scenario and size, the adapters run one after the
//! other, so that the ratios compare figures taken minutes apart at most.

use std::time::Duration;

use axum::Router;
use criterion::{Criterion, criterion_group, criterion_main};
use inertia_bench::requests::{Scenario, send};
use inertia_bench::{LARGE, SMALL, dense_shared_rows, ours, plain, shared_rows};

/// The axum adapters for `n` rows, by name.
fn axum_targets(n: usize) -> Vec<(&'static str, Router)> {
    let rows = shared_rows(n);
    #[allow(unused_mut)]
    let mut targets = vec![
        ("axum-json", plain::router_for(rows)),
        ("ours", ours::router_for(rows)),
    ];
    #[cfg(feature = "peers")]
    {
        use inertia_bench::peers::{axum_inertia_adapter, veer_adapter};
        targets.push(("veer", veer_adapter::router(n)));
        targets.push(("axum-inertia", axum_inertia_adapter::router(n)));
    }
    targets
}

fn size_name(n: usize) -> &'static str {
    if n == SMALL { "2KB" } else { "200KB" }
}

fn bench_axum(
    c: &mut Criterion,
    rt: &tokio::runtime::Runtime,
    id: &str,
    router: &Router,
    scenario: Scenario,
) {
    c.bench_function(id, |b| {
        // The request is built inside the timed loop, as a server parses one right before
        // handling it (its memory is then in cache); `request/<scenario>` times building it
        // alone, and the report subtracts that. Responses are dropped at once, as a server
        // drops them once sent.
        b.iter(|| {
            let req = scenario.request();
            let (status, body) = rt.block_on(send(router, req));
            (status.as_u16(), body.len())
        })
    });
}

#[cfg(feature = "peers")]
fn bench_actix<A>(
    c: &mut Criterion,
    id: &str,
    system: &actix_rt::SystemRunner,
    app: &A,
    scenario: Scenario,
) where
    A: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse,
            Error = actix_web::Error,
        >,
{
    c.bench_function(id, |b| {
        b.iter(|| {
            let mut req = actix_web::test::TestRequest::get()
                .uri("/")
                .insert_header(("host", "bench.local"));
            for (name, value) in scenario.headers() {
                req = req.insert_header((*name, *value));
            }
            let req = req.to_request();
            system.block_on(async {
                let res = app
                    .call(req)
                    .await
                    .unwrap_or_else(|e| panic!("inertia-rust: {e}"));
                let status = res.status();
                let body = actix_web::body::to_bytes(res.into_body())
                    .await
                    .unwrap_or_default();
                (status.as_u16(), body.len())
            })
        })
    });
}

fn requests(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("runtime: {e}"));
    // Building the request alone, for each scenario (subtracted in the report).
    for scenario in Scenario::ALL {
        c.bench_function(&format!("request/{}", scenario.name()), |b| {
            b.iter(|| std::hint::black_box(scenario.request()))
        });
    }
    for n in [SMALL, LARGE] {
        let targets = axum_targets(n);
        #[cfg(feature = "peers")]
        let system = actix_rt::System::new();
        #[cfg(feature = "peers")]
        let actix = system.block_on(inertia_bench::peers::inertia_rust_adapter::service(n));
        for scenario in Scenario::ALL {
            for (name, router) in &targets {
                // The floor has no protocol: it answers every request with the page JSON.
                if *name == "axum-json" && scenario != Scenario::Json {
                    continue;
                }
                let id = format!("{}/{}/{name}", scenario.name(), size_name(n));
                bench_axum(c, &rt, &id, router, scenario);
            }
            #[cfg(feature = "peers")]
            {
                let id = format!("{}/{}/inertia-rust", scenario.name(), size_name(n));
                bench_actix(c, &id, &system, &actix, scenario);
            }
        }
    }
    // The worst case for escaping: markup characters in every row (ours against its own
    // JSON visit of the same props).
    let dense = ours::router_for(dense_shared_rows(LARGE));
    bench_axum(c, &rt, "json/200KB-dense/ours", &dense, Scenario::Json);
    bench_axum(c, &rt, "html/200KB-dense/ours", &dense, Scenario::Html);
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
