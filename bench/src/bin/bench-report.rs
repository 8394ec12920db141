//! Turns one run of `scripts/bench.sh` into the Markdown tables of docs/performance.md:
//! criterion's estimates (`target/criterion`), and the instruction counts, load-test and
//! compile-time figures the script wrote to `target/bench/*.txt`.
//!
//! `bench-report [target-dir]` prints the Markdown to stdout.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const ADAPTERS: [(&str, &str); 5] = [
    ("axum-json", "axum::Json (floor)"),
    ("ours", "**inertia-runtime**"),
    ("veer", "veer 0.3.0"),
    ("axum-inertia", "axum-inertia 0.9.0"),
    ("inertia-rust", "inertia-rust 2.4.6 (actix)"),
];
const SCENARIOS: [(&str, &str); 4] = [
    ("json", "Inertia visit (JSON)"),
    ("html", "First visit (HTML)"),
    ("409", "Stale version (409)"),
    ("partial", "Partial reload, optional prop skipped"),
];
const SIZES: [&str; 2] = ["2KB", "200KB"];

/// Median time in nanoseconds of one criterion benchmark, from `baseline` (`new` is the
/// latest run).
fn median(criterion: &Path, id: &str, baseline: &str) -> Option<f64> {
    let path = criterion
        .join(id.replace('/', "_"))
        .join(baseline)
        .join("estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["median"]["point_estimate"].as_f64()
}

fn time(ns: f64) -> String {
    if ns >= 1_000_000.0 {
        format!("{:.2} ms", ns / 1_000_000.0)
    } else if ns >= 1_000.0 {
        format!("{:.2} µs", ns / 1_000.0)
    } else {
        format!("{ns:.0} ns")
    }
}

/// `key value…` lines of a figures file the script wrote.
fn figures(path: &Path) -> BTreeMap<String, Vec<String>> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let key = words.next()?.to_owned();
            Some((key, words.map(str::to_owned).collect()))
        })
        .collect()
}

fn main() {
    let target = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("target"), PathBuf::from);
    let criterion = target.join("criterion");
    let mut out = String::new();

    // In-process times.
    let _ = writeln!(
        out,
        "### In-process time per request (criterion, median; ratio to the floor's JSON visit)\n\n\
         Times include building the `http::Request` in the loop ({} for an Inertia visit; \
         for inertia-rust, actix's `TestRequest`); the targets below subtract it.\n",
        median(&criterion, "request/json", "new").map_or("–".to_owned(), time)
    );
    let _ = write!(out, "| Request | Props |");
    for (_, title) in ADAPTERS {
        let _ = write!(out, " {title} |");
    }
    let _ = writeln!(out, "\n|---|---|{}", "---:|".repeat(ADAPTERS.len()));
    for (scenario, title) in SCENARIOS {
        for size in SIZES {
            let floor = median(&criterion, &format!("json/{size}/axum-json"), "new");
            let _ = write!(out, "| {title} | {size} |");
            for (adapter, _) in ADAPTERS {
                let cell = match median(&criterion, &format!("{scenario}/{size}/{adapter}"), "new")
                {
                    Some(ns) => match floor {
                        Some(f) => format!("{} ({:.2}×)", time(ns), ns / f),
                        None => time(ns),
                    },
                    None => "–".to_owned(),
                };
                let _ = write!(out, " {cell} |");
            }
            let _ = writeln!(out);
        }
    }

    // The targets of issue 7, from the same run.
    let _ = writeln!(
        out,
        "\n### Targets (same run, net of building the request)\n"
    );
    let _ = writeln!(out, "| Target | Measured | Limit |\n|---|---:|---:|");
    // Net of building the request, which the benchmark loop includes.
    let net = |id: &str| {
        let scenario = id.split('/').next()?;
        let build = median(&criterion, &format!("request/{scenario}"), "new").unwrap_or(0.0);
        Some(median(&criterion, id, "new")? - build)
    };
    let ratio = |a: &str, b: &str| Some(net(a)? / net(b)?);
    let mut row = |what: &str, value: Option<f64>, limit: &str| {
        let value = value.map_or("–".to_owned(), |v| format!("{v:.2}×"));
        let _ = writeln!(out, "| {what} | {value} | {limit} |");
    };
    for size in SIZES {
        row(
            &format!("JSON visit ÷ axum::Json, {size}"),
            ratio(
                &format!("json/{size}/ours"),
                &format!("json/{size}/axum-json"),
            ),
            "1.10×",
        );
    }
    for size in ["2KB", "200KB", "200KB-dense"] {
        row(
            &format!("HTML visit ÷ JSON visit, {size}"),
            ratio(&format!("html/{size}/ours"), &format!("json/{size}/ours")),
            "1.25×",
        );
    }
    for size in SIZES {
        row(
            &format!("409 ÷ axum::Json handler, {size}"),
            ratio(
                &format!("409/{size}/ours"),
                &format!("json/{size}/axum-json"),
            ),
            "< 1×",
        );
    }
    for scenario in ["json", "html"] {
        let build = median(&criterion, &format!("request/{scenario}"), "new").unwrap_or(0.0);
        let with = net(&format!("{scenario}/2KB/ours"));
        let without =
            median(&criterion, &format!("{scenario}/2KB/ours"), "nossr").map(|t| t - build);
        row(
            &format!("{scenario} 2KB with the `ssr` feature compiled in (SSR off) ÷ without it"),
            with.zip(without).map(|(a, b)| a / b),
            "1.00× (noise)",
        );
    }

    // Instruction counts: deterministic, so small differences are real.
    let instructions = figures(&target.join("bench").join("instructions.txt"));
    if !instructions.is_empty() {
        let _ = writeln!(
            out,
            "\n### Instructions per request (callgrind, `bench/examples/profile.rs`; includes building the request)\n"
        );
        let _ = writeln!(out, "| Request | Instructions | Ratio |\n|---|---:|---:|");
        let get = |k: &str| {
            instructions
                .get(k)
                .and_then(|v| v.first()?.parse::<f64>().ok())
        };
        for (key, what, base) in [
            ("axum-json/json/16", "axum::Json, 2KB", None),
            (
                "ours/json/16",
                "ours JSON, 2KB (÷ axum::Json)",
                Some("axum-json/json/16"),
            ),
            (
                "ours/html/16",
                "ours HTML, 2KB (÷ ours JSON)",
                Some("ours/json/16"),
            ),
            ("axum-json/json/1600", "axum::Json, 200KB", None),
            (
                "ours/json/1600",
                "ours JSON, 200KB (÷ axum::Json)",
                Some("axum-json/json/1600"),
            ),
            (
                "ours/html/1600",
                "ours HTML, 200KB (÷ ours JSON)",
                Some("ours/json/1600"),
            ),
            (
                "ours/409/16",
                "ours 409 (÷ axum::Json, 2KB)",
                Some("axum-json/json/16"),
            ),
            (
                "ours-nossr/json/16",
                "ours JSON, 2KB, built without `ssr` (÷ with)",
                Some("ours/json/16"),
            ),
            (
                "ours-nossr/html/16",
                "ours HTML, 2KB, built without `ssr` (÷ with)",
                Some("ours/html/16"),
            ),
        ] {
            if let Some(n) = get(key) {
                let ratio = base
                    .and_then(get)
                    .map_or(String::new(), |b| format!("{:.3}×", n / b));
                let _ = writeln!(out, "| {what} | {n:.0} | {ratio} |");
            }
        }
    }

    let load = figures(&target.join("bench").join("wrk.txt"));
    if !load.is_empty() {
        let _ = writeln!(
            out,
            "\n### Whole server over loopback (wrk, 1 server thread, 1 wrk thread, 32 connections)\n"
        );
        let _ = writeln!(
            out,
            "| Adapter · request | Requests/s | p50 | p99 |\n|---|---:|---:|---:|"
        );
        for (key, values) in &load {
            let cells: Vec<&str> = values.iter().map(String::as_str).collect();
            if let [rps, p50, p99] = cells.as_slice() {
                let _ = writeln!(
                    out,
                    "| {} | {rps} | {p50} | {p99} |",
                    key.replace('/', " · ")
                );
            }
        }
    }

    let compile = figures(&target.join("bench").join("compile.txt"));
    if !compile.is_empty() {
        let _ = writeln!(out, "\n### Compile time\n");
        let _ = writeln!(out, "| Measurement | Value |\n|---|---:|");
        for (key, values) in &compile {
            let _ = writeln!(out, "| {} | {} |", key.replace('_', " "), values.join(" "));
        }
    }
    if let Some(ns) = median(&criterion, "vite_version/1MB-manifest", "new") {
        let _ = writeln!(
            out,
            "\n`vite_version!`'s work on a 1 MB manifest (parse, canonicalize, hash), in process: {}.",
            time(ns)
        );
    }
    print!("{out}");
}
