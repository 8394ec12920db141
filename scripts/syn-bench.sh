#!/usr/bin/env bash
# What the macro crate's `syn` major version costs a user's clean build: `cargo build` from an
# empty target directory (wall time, all cores), once with inertia-macros on syn 3 (as
# shipped) and once on syn 2, of
#   - the demo (examples/demo: validator, ts-rs and tokio's macros in its tree), and
#   - a minimal app: axum + serde + tokio + inertia-runtime with its default features.
# Each variant builds from a copy of the committed tree (git archive HEAD) with the committed
# Cargo.lock; syn 2 needs one field renamed (`Signature::safety` was `unsafety`).
# Prints `variant app seconds` lines; docs/performance.md has the last figures.
#   bash scripts/syn-bench.sh [runs]    # default 1 run of each
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
runs="${1:-1}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

prepare() { # variant
  local dir="$work/$1"
  mkdir -p "$dir"
  git -C "$root" archive HEAD | tar -x -C "$dir"
  if [ "$1" = syn2 ]; then
    sed -i 's/^syn = { version = "3"/syn = { version = "2"/' "$dir/Cargo.toml"
    sed -i 's/^        safety,$/        unsafety: safety,/' "$dir/inertia-macros/src/page.rs"
  fi
  mkdir -p "$dir/minimal/src"
  cat >"$dir/minimal/Cargo.toml" <<TOML
[package]
name = "minimal"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
inertia-runtime = { path = "../inertia-runtime" }
axum = { version = "0.8", features = ["tokio", "http1"] }
serde = { version = "1", features = ["derive"] }
tokio = { version = "1", features = ["macros", "rt-multi-thread", "net"] }
TOML
  cat >"$dir/minimal/src/main.rs" <<'RS'
use axum::{Router, routing::get};
use inertia_runtime::{InertiaConfig, inertia_page};

#[derive(serde::Serialize)]
struct Home {
    greeting: &'static str,
}

#[inertia_page("Home")]
async fn home() -> Home {
    Home { greeting: "Hello" }
}

#[tokio::main]
async fn main() {
    let inertia = InertiaConfig::new().into_layer().expect("valid settings");
    let app = Router::new().route("/", get(home)).layer(inertia);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    axum::serve(listener, app).await.expect("serving");
}
RS
  cp "$root/Cargo.lock" "$dir/minimal/Cargo.lock"
}

clean_build() { # dir, then cargo args
  local dir="$1"
  shift
  rm -rf "$dir/target"
  local start end
  start=$(date +%s.%N)
  (cd "$dir" && CARGO_TARGET_DIR="$dir/target" cargo build --quiet "$@")
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

for variant in syn3 syn2; do
  prepare "$variant"
done
for _ in $(seq "$runs"); do
  for variant in syn3 syn2; do
    echo "$variant demo $(clean_build "$work/$variant" -p demo)"
    echo "$variant minimal $(clean_build "$work/$variant/minimal")"
    # Which syn versions the build compiled (the point of the comparison).
    echo "$variant minimal-syn-versions $(ls "$work/$variant/minimal/target/debug/deps" | sed -n 's/^libsyn-.*\.rlib$/x/p' | wc -l)"
  done
done
