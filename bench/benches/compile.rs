//! What `vite_version!` computes at compile time, timed in process: parse a 1 MB Vite
//! manifest, re-serialize it canonically, hash it (`inertia_vite::manifest_version`, the
//! function the macro calls). `scripts/bench.sh` also times whole `cargo build`s with and
//! without the macro and with 100 `#[inertia_page]` handlers (see docs/performance.md).

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use inertia_bench::synthetic_manifest;

fn manifest_version(c: &mut Criterion) {
    let manifest = synthetic_manifest(1 << 20);
    assert!(inertia_vite::manifest_version(manifest.as_bytes()).is_ok());
    c.bench_function("vite_version/1MB-manifest", |b| {
        b.iter(|| inertia_vite::manifest_version(std::hint::black_box(manifest.as_bytes())))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(3)).sample_size(20);
    targets = manifest_version
}
criterion_main!(benches);
