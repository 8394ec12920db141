#!/usr/bin/env bash
# Compile-time cost of the macros, measured as whole `cargo build`s of generated crates (in
# /tmp/inertia-compile-bench, dependencies built once beforehand), median of 7 rebuilds each:
#   - `vite_version!` on a 1 MB Vite manifest, against the same constant written by hand;
#   - 100 `#[inertia_page]` handlers, against the same 100 handlers written by hand with the
#     `InertiaRequest` extractor;
#   - 100 routes declared with `routes::Routes`, against the same on a plain axum `Router`.
# Writes `name value` lines to the file given as $1 (default target/bench/compile.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
target="$(cd "${CARGO_TARGET_DIR:-target}" 2>/dev/null && pwd || echo "$PWD/target")"
result="${1:-$target/bench/compile.txt}"
# Outside this repository: its .cargo/config.toml (optimized macros) must not reach the
# "default" runs.
dir="${TMPDIR:-/tmp}/inertia-compile-bench"
rm -rf "$dir/crates"
mkdir -p "$dir/crates"

crate() { # name, then lib.rs on stdin
  mkdir -p "$dir/crates/$1/src"
  cat >"$dir/crates/$1/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
inertia-runtime = { path = "$root/inertia-runtime" }
axum = { version = "0.8", default-features = false }
serde = { version = "1", features = ["derive"] }
TOML
  cat >"$dir/crates/$1/src/lib.rs"
}

workspace() { # extra profile lines on stdin
  {
    printf '[workspace]\nresolver = "3"\nmembers = ["crates/*"]\n'
    cat
  } >"$dir/Cargo.toml"
}
cp Cargo.lock "$dir/Cargo.lock"

cargo run -q --release -p inertia-bench --example manifest > "$dir/manifest.json"
crate version_macro <<RS
//! The asset version of a 1 MB manifest, computed at compile time.
pub const VERSION: &str = inertia_runtime::vite_version!("../../manifest.json");
RS
crate version_const <<'RS'
//! The same constant, written by hand.
pub const VERSION: &str = "0123456789abcdef";
RS

{
  echo "//! 100 page handlers with the attribute macro."
  echo "use serde::Serialize;"
  for i in $(seq 100); do
    cat <<RS
#[derive(Serialize)]
pub struct Props$i { pub id: u32, pub name: &'static str, pub tags: Vec<&'static str> }
#[inertia_runtime::inertia_page("Pages/Page$i")]
pub async fn page$i(axum::extract::Path(id): axum::extract::Path<u32>) -> Props$i {
    Props$i { id, name: "page $i", tags: vec!["a", "b"] }
}
RS
  done
} | crate handlers_macro
{
  echo "//! The same 100 handlers written by hand."
  echo "use serde::Serialize;"
  for i in $(seq 100); do
    cat <<RS
#[derive(Serialize)]
pub struct Props$i { pub id: u32, pub name: &'static str, pub tags: Vec<&'static str> }
pub async fn page$i(
    inertia: inertia_runtime::InertiaRequest,
    axum::extract::Path(id): axum::extract::Path<u32>,
) -> axum::response::Response {
    inertia.render("Pages/Page$i", Props$i { id, name: "page $i", tags: vec!["a", "b"] }).await
}
RS
  done
} | crate handlers_plain

# 100 routes with a path parameter each: declared with `routes::Routes` (names, the table
# the frontend's helpers come from), against the same routes on a plain axum `Router`.
routes_crate() { # name, "named" or "plain"
  {
    echo "//! 100 routes, $2."
    for i in $(seq 100); do
      echo "async fn h$i(axum::extract::Path(id): axum::extract::Path<u64>) -> String { format!(\"$i {id}\") }"
    done
    echo "pub fn app() -> axum::Router {"
    if [ "$2" = named ]; then
      echo "    inertia_runtime::routes::Routes::new()"
      for i in $(seq 100); do echo "        .get(\"group$((i % 10)).item$i\", \"/g$((i % 10))/{id}/i$i\", h$i)"; done
      echo "        .into_router()"
    else
      echo "    axum::Router::new()"
      for i in $(seq 100); do echo "        .route(\"/g$((i % 10))/{id}/i$i\", axum::routing::get(h$i))"; done
    fi
    echo "}"
  } | crate "$1"
}
routes_crate routes_plain plain
routes_crate routes_named named

export CARGO_TARGET_DIR="$dir/target"

median_ms() { # crate
  local times=()
  for _ in 1 2 3 4 5 6 7; do
    touch "$dir/crates/$1/src/lib.rs"
    local start end
    start=$(date +%s%N)
    (cd "$dir" && cargo build -q -p "$1")
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 4p
}

: >"$result"
# Twice: with Cargo's default dev profile, where proc macros run unoptimized, and with the
# setting the README recommends (as sqlx does for its macros): the macro crate and the
# crates it hashes and parses with built optimized.
for profile in default optimized-macros; do
  if [ "$profile" = default ]; then
    workspace </dev/null
  else
    for package in inertia-runtime-macros inertia-vite serde_json sha2; do
      printf '[profile.dev.package.%s]\nopt-level = 3\n' "$package"
    done | workspace
  fi
  (cd "$dir" && cargo build -q --workspace)
  : >"$dir/times.txt"
  for c in version_const version_macro handlers_plain handlers_macro routes_plain routes_named; do
    echo "$c $(median_ms "$c")" >>"$dir/times.txt"
  done
  awk -v p="$profile" '{ms[$1]=$2} END {
    printf "%s:_build_with_hand-written_constant %d ms\n", p, ms["version_const"]
    printf "%s:_build_with_vite_version!_on_1_MB_manifest %d ms (+%d ms)\n", p, ms["version_macro"], ms["version_macro"] - ms["version_const"]
    printf "%s:_100_hand-written_handlers %d ms\n", p, ms["handlers_plain"]
    printf "%s:_100_#[inertia_page]_handlers %d ms (%+d ms)\n", p, ms["handlers_macro"], ms["handlers_macro"] - ms["handlers_plain"]
    printf "%s:_100_routes_on_an_axum_Router %d ms\n", p, ms["routes_plain"]
    printf "%s:_100_routes_declared_with_Routes %d ms (%+d ms)\n", p, ms["routes_named"], ms["routes_named"] - ms["routes_plain"]
  }' "$dir/times.txt" | tee -a "$result"
done
