//! The route helpers' cost (`inertia_runtime::routes`): declaring routes (the axum router and
//! the table together) and writing `routes.ts` and `routes.js`, for 5, 50 and 500 routes with
//! a path parameter each. `cargo bench -p inertia-bench --bench routes`; figures in the
//! guide (types.md, "Links and forms typed too").

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use inertia_runtime::routes::Routes;

async fn handler() {}

/// `n` routes in 10 groups: `group3.item13` at `/g3/{id}/i13`.
fn routes(n: usize) -> Routes {
    (0..n).fold(Routes::new(), |routes, i| {
        routes.get(
            &format!("group{}.item{i}", i % 10),
            &format!("/g{}/{{id}}/i{i}", i % 10),
            handler,
        )
    })
}

fn route_helpers(c: &mut Criterion) {
    let mut group = c.benchmark_group("routes");
    for n in [5, 50, 500] {
        let declared = routes(n);
        let ts = declared.table().typescript().map(|f| f.text().len());
        eprintln!("routes.ts for {n} routes: {} bytes", ts.unwrap_or(0));
        group.bench_with_input(BenchmarkId::new("declare", n), &n, |b, &n| {
            b.iter(|| routes(n))
        });
        group.bench_with_input(BenchmarkId::new("typescript", n), &declared, |b, r| {
            b.iter(|| r.table().typescript())
        });
        group.bench_with_input(BenchmarkId::new("javascript", n), &declared, |b, r| {
            b.iter(|| r.table().javascript())
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(2)).sample_size(20);
    targets = route_helpers
}
criterion_main!(benches);
