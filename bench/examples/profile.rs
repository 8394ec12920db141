//! Runs one adapter's scenario many times in a loop, for profilers that count instructions:
//! `cargo build --release -p inertia-bench --example profile` then
//! `valgrind --tool=callgrind target/release/examples/profile ours json 16 20000`.

use inertia_bench::requests::{Scenario, send};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [adapter, scenario, rows, iterations] = args.as_slice() else {
        eprintln!("usage: profile <axum-json|ours> <json|html|409|partial> <rows>[d] <iterations>");
        std::process::exit(2);
    };
    // `1600d`: the rows with markup in every title.
    let dense = rows.ends_with('d');
    let rows: usize = rows
        .trim_end_matches('d')
        .parse()
        .unwrap_or(inertia_bench::SMALL);
    let iterations: usize = iterations.parse().unwrap_or(10_000);
    let scenario = Scenario::ALL
        .into_iter()
        .find(|s| s.name() == scenario)
        .unwrap_or(Scenario::Json);
    let rows = if dense {
        inertia_bench::dense_shared_rows(rows)
    } else {
        inertia_bench::shared_rows(rows)
    };
    let router = match adapter.as_str() {
        "axum-json" => inertia_bench::plain::router_for(rows),
        _ => inertia_bench::ours::router_for(rows),
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut bytes = 0;
    for _ in 0..iterations {
        bytes += rt.block_on(send(&router, scenario.request())).1.len();
    }
    println!("{bytes} bytes");
}
