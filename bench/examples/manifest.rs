//! Prints a synthetic Vite manifest of about the given size in bytes (default 1 MiB), for the
//! compile-time benchmark (`scripts/compile-bench.sh`).

fn main() {
    let size = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1 << 20);
    print!("{}", inertia_bench::synthetic_manifest(size));
}
