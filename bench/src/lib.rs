//! The same Inertia page served by each adapter, for `benches/requests.rs`, the allocation
//! test and the load-test server (`src/bin/bench-server.rs`).
//!
//! Every adapter serves one route, `/`, whose props are a list of rows ([`rows`]) plus an
//! expensive optional prop (`report`, computed by [`expensive_report`]) that full visits and
//! partial reloads of `rows` must not compute. Sizes: [`SMALL`] rows serialize to about 2 KB of
//! JSON, [`LARGE`] to about 200 KB.
//!
//! ```
//! let rows = inertia_bench::rows(inertia_bench::SMALL);
//! let json = serde_json::to_string(&rows).unwrap();
//! assert!((1_800..2_400).contains(&json.len()));
//! ```

use std::sync::LazyLock;

use serde::Serialize;

pub mod ours;
pub mod plain;
pub mod requests;

#[cfg(feature = "peers")]
pub mod peers;

/// The component every adapter renders.
pub const COMPONENT: &str = "Bench/Rows";
/// The asset version every adapter is configured with.
pub const VERSION: &str = "0123456789abcdef";
/// Rows for about 2 KB of props JSON.
pub const SMALL: usize = 16;
/// Rows for about 200 KB of props JSON.
pub const LARGE: usize = 1_600;

/// One row of the page's table.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Row id.
    pub id: u32,
    /// A title with characters that HTML embedding must escape.
    pub title: String,
    /// One of a few states.
    pub status: &'static str,
    /// Who it belongs to.
    pub assignee: &'static str,
    /// A few labels.
    pub tags: [&'static str; 2],
}

/// `n` rows (the same for every call with the same `n`). One row in eight has a title with
/// markup characters (`</script>`, `&`, quotes) that HTML embedding must escape; the others
/// are plain text, as most of a real page is. ([`dense_rows`] has markup in every row.)
pub fn rows(n: usize) -> Vec<Row> {
    let mut rows = dense_rows(n);
    for row in rows.iter_mut().filter(|r| r.id % 8 != 3) {
        row.title = format!("Task #{}: ship the quarterly release notes", row.id);
    }
    rows
}

/// `n` rows that all have markup characters in their title: the worst case for escaping.
pub fn dense_rows(n: usize) -> Vec<Row> {
    const STATUS: [&str; 3] = ["todo", "doing", "done"];
    const PEOPLE: [&str; 4] = [
        "Ada Lovelace",
        "Grace Hopper",
        "Alan Turing",
        "Edsger Dijkstra",
    ];
    (0..n)
        .map(|i| Row {
            id: i as u32,
            title: format!("Task #{i}: ship </script> & \"quotes\" safely"),
            status: STATUS[i % 3],
            assignee: PEOPLE[i % 4],
            tags: ["backend", "urgent"],
        })
        .collect()
}

/// The rows for `n`, built once per process: handlers borrow them, as a real handler would
/// borrow a cache or own a query result. (Sizes other than [`SMALL`] and [`LARGE`] are built
/// and leaked on each call; the benchmarks use only those two.)
pub fn shared_rows(n: usize) -> &'static [Row] {
    static SMALL_ROWS: LazyLock<Vec<Row>> = LazyLock::new(|| rows(SMALL));
    static LARGE_ROWS: LazyLock<Vec<Row>> = LazyLock::new(|| rows(LARGE));
    match n {
        SMALL => &SMALL_ROWS,
        LARGE => &LARGE_ROWS,
        _ => Box::leak(rows(n).into_boxed_slice()),
    }
}

/// [`dense_rows`] for `n`, built once per process.
pub fn dense_shared_rows(n: usize) -> &'static [Row] {
    static DENSE: LazyLock<Vec<Row>> = LazyLock::new(|| dense_rows(LARGE));
    if n == LARGE {
        &DENSE
    } else {
        Box::leak(dense_rows(n).into_boxed_slice())
    }
}

/// The expensive optional prop: about a millisecond of work that a partial reload of `rows`
/// must skip.
pub fn expensive_report() -> u64 {
    let mut x = 0u64;
    for i in 0..2_000_000u64 {
        x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(i));
    }
    x
}

/// The HTML page around the page JSON, for adapters whose template the benchmark writes (the
/// same markup as this crate's default shell, so the bytes compared are the same).
pub fn html_shell(page_element: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n</head>\n<body>\n{page_element}\n</body>\n</html>\n"
    )
}

/// A Vite manifest of about `size` bytes: many entries with CSS, imports and assets, the
/// shape `vite build` writes for a large app (for the compile-time benchmarks).
pub fn synthetic_manifest(size: usize) -> String {
    let mut out = String::with_capacity(size + 1024);
    out.push_str("{\n");
    let mut i = 0usize;
    while out.len() < size {
        if i > 0 {
            out.push_str(",\n");
        }
        out.push_str(&format!(
            "  \"src/Pages/Area{a}/Page{i}.tsx\": {{\n    \"file\": \"assets/Page{i}-{i:08x}.js\",\n    \"name\": \"Page{i}\",\n    \"src\": \"src/Pages/Area{a}/Page{i}.tsx\",\n    \"isDynamicEntry\": true,\n    \"imports\": [\"src/main.tsx\", \"_shared-{s:08x}.js\"],\n    \"css\": [\"assets/Page{i}-{i:08x}.css\"],\n    \"assets\": [\"assets/logo-{s:08x}.svg\"]\n  }}",
            a = i % 17,
            s = i % 29,
        ));
        i += 1;
    }
    out.push_str(",\n  \"src/main.tsx\": {\n    \"file\": \"assets/main-00000000.js\",\n    \"src\": \"src/main.tsx\",\n    \"isEntry\": true\n  }\n}\n");
    out
}
