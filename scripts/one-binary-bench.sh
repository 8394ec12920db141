#!/usr/bin/env bash
# The figures of "one binary in production" in docs/performance.md, in one run (about 15
# minutes on 2 cores). Not part of CI: it measures, it does not check.
#   1. SSR: first visits of the demo's pages rendered by the embedded QuickJS engines (render
#      cache off) and by the Node SSR server over HTTP (its production build,
#      NODE_ENV=production), and without SSR, one after the other in one run: latency p50/p99
#      with one client at a time, and throughput with 16 connections (wrk over loopback).
#      Then the render cache on /about: hits and misses.
#   2. Memory per engine: the release demo's resident memory after renders with 1 and with 4
#      engines, and with SSR off.
#   3. Binary size of the release demo: with and without the feature, with and without
#      compressed assets (stripped).
#   4. Compile time: a clean release build of inertia-runtime with and without
#      `embedded-ssr`; and what compressing the demo's build costs `embed_assets!` in a debug
#      build (default profile, and with the profile settings the README recommends) and a
#      release build.
# Prints `name value` lines; needs wrk and node.
#   bash scripts/one-binary-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/servers.sh
root="$PWD"
target="$(cd "${CARGO_TARGET_DIR:-target}" 2>/dev/null && pwd || echo "$PWD/target")"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
say() { printf '%s %s\n' "$1" "$2"; }

cargo build -q --release -p demo --features embedded-ssr
cp "$target/release/demo" "$work/demo-ssr"

start() { # binary log env...
  local binary="$1" log="$2"
  shift 2
  env PORT=0 RUST_LOG=warn,demo=info,inertia_runtime::server=info NO_COLOR=1 DEMO_STATS_DELAY_MS=0 "$@" "$binary" >"$log" 2>&1 &
  pids+=($!)
  url="$(listening_url "$log")"
}
rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
measure() { # label
  wrk -t1 -c4 -d2s -s scripts/one-binary/html.lua "$url" >/dev/null
  local one many
  one="$(wrk -t1 -c1 -d10s --latency -s scripts/one-binary/html.lua "$url")"
  many="$(wrk -t2 -c16 -d10s -s scripts/one-binary/html.lua "$url")"
  field() { echo "$2" | awk -v k="$1" '$1 == k {print $2}'; }
  [ "$(field errors "$one")" = 0 ] && [ "$(field errors "$many")" = 0 ] || { echo "$1: errors" >&2; exit 1; }
  say "$1.p50_us" "$(field p50_us "$one")"
  say "$1.p99_us" "$(field p99_us "$one")"
  say "$1.rps_1_client" "$(field rps "$one")"
  say "$1.rps_16_connections" "$(field rps "$many")"
}
rendered() { curl -s "$url/tasks" | grep -q 'data-server-rendered="true"'; }

# 1. SSR latency and throughput (the render cache off: every first visit is rendered, as
# with the Node server).
start "$work/demo-ssr" "$work/embedded.log" DEMO_SSR_CACHE=off
rendered || { echo "the embedded engines do not render" >&2; exit 1; }
measure embedded
kill "${pids[-1]}"

# 1b. The render cache (the demo keeps /about): the same page again (hits) against a new
# page object each visit (misses: a render, then kept).
start "$work/demo-ssr" "$work/cache.log"
for kind in hit miss; do
  env_miss=()
  [ "$kind" = miss ] && env_miss=(CACHE_MISS=1)
  env "${env_miss[@]}" wrk -t1 -c1 -d2s -s scripts/one-binary/about.lua "$url" >/dev/null
  out="$(env "${env_miss[@]}" wrk -t1 -c1 -d10s --latency -s scripts/one-binary/about.lua "$url")"
  field() { echo "$2" | awk -v k="$1" '$1 == k {print $2}'; }
  [ "$(field errors "$out")" = 0 ] || { echo "cache $kind: errors" >&2; exit 1; }
  say "about_cache_$kind.p50_us" "$(field p50_us "$out")"
  say "about_cache_$kind.p99_us" "$(field p99_us "$out")"
  say "about_cache_$kind.rps_1_client" "$(field rps "$out")"
done
kill "${pids[-1]}"
ssr_port="$(free_port)"
NODE_ENV=production SSR_PORT="$ssr_port" node examples/demo/frontend/ssr/ssr.js >"$work/node.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$ssr_port/health" >/dev/null && break; sleep 0.1; done
start "$work/demo-ssr" "$work/node-demo.log" DEMO_SSR="http://127.0.0.1:$ssr_port"
rendered || { echo "the Node SSR server does not render" >&2; exit 1; }
measure node_http
say node_rss_kb "$(rss "${pids[-2]}")"
kill "${pids[-1]}" "${pids[-2]}"
start "$work/demo-ssr" "$work/off.log" DEMO_SSR=off
measure no_ssr
kill "${pids[-1]}"

# 2. Memory per engine, after renders.
for engines in 1 4; do
  start "$work/demo-ssr" "$work/mem-$engines.log" DEMO_SSR_ENGINES="$engines"
  wrk -t2 -c8 -d5s -s scripts/one-binary/html.lua "$url" >/dev/null
  say "rss_kb_${engines}_engines" "$(rss "${pids[-1]}")"
  kill "${pids[-1]}"
done
start "$work/demo-ssr" "$work/mem-off.log" DEMO_SSR=off
wrk -t2 -c8 -d5s -s scripts/one-binary/html.lua "$url" >/dev/null
say rss_kb_ssr_off "$(rss "${pids[-1]}")"
kill "${pids[-1]}"
say engine_js_heap_after_load "$(sed -n 's/.*bundle loaded.*memory=\([0-9]*\).*/\1/p' "$work/embedded.log" | head -1)"

# 3. Binary sizes (stripped copies).
size() { cp "$1" "$work/s" && strip "$work/s" && stat -c %s "$work/s"; }
say binary_bytes_embedded_ssr_compressed "$(size "$target/release/demo")"
cargo build -q --release -p demo
say binary_bytes_compressed "$(size "$target/release/demo")"
INERTIA_EMBED_COMPRESS=0 cargo build -q --release -p demo
say binary_bytes_uncompressed "$(size "$target/release/demo")"
cargo build -q --release -p demo --features embedded-ssr

# 4a. Compile time of the feature: clean release builds of the runtime.
for variant in without with; do
  features=""
  [ "$variant" = with ] && features="--features embedded-ssr"
  start_s=$(date +%s.%N)
  # shellcheck disable=SC2086
  CARGO_TARGET_DIR="$work/clean-$variant" cargo build -q --release -p inertia-runtime $features
  say "clean_release_build_s_${variant}_embedded_ssr" "$(echo "$(date +%s.%N) - $start_s" | bc)"
  rm -rf "$work/clean-$variant"
done

# 4b. Compile time of compressing the demo's build in embed_assets!: a crate embedding it,
# rebuilt after a touch, compress = true against compress = false.
crate="$work/embed-crate"
mkdir -p "$crate/src"
write_crate() { # compress profile-extra
  cat >"$crate/Cargo.toml" <<TOML
[package]
name = "embed-crate"
version = "0.0.0"
edition = "2024"
publish = false
[workspace]
[dependencies]
inertia-runtime = { path = "$root/inertia-runtime" }
$2
TOML
  printf 'pub static ASSETS: inertia_runtime::EmbeddedAssets = inertia_runtime::embed_assets!("%s", compress = %s);\n' \
    "$root/examples/demo/frontend/dist" "$1" >"$crate/src/lib.rs"
}
rebuild() { # cargo args -> seconds (median of 3)
  (cd "$crate" && CARGO_TARGET_DIR="$work/embed-target" cargo build -q "$@")
  local times=()
  for _ in 1 2 3; do
    touch "$crate/src/lib.rs"
    local s
    s=$(date +%s.%N)
    (cd "$crate" && CARGO_TARGET_DIR="$work/embed-target" cargo build -q "$@")
    times+=("$(echo "$(date +%s.%N) - $s" | bc)")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 2p
}
cp Cargo.lock "$crate/Cargo.lock"
recommended='[profile.dev.package.inertia-runtime-macros]
opt-level = 3
[profile.dev.package.brotli]
opt-level = 3
[profile.dev.package.miniz_oxide]
opt-level = 3'
for compress in false true; do
  write_crate "$compress" ""
  say "embed_debug_default_profile_s_compress_$compress" "$(rebuild)"
  write_crate "$compress" "$recommended"
  say "embed_debug_recommended_profile_s_compress_$compress" "$(rebuild)"
  write_crate "$compress" ""
  say "embed_release_s_compress_$compress" "$(rebuild --release)"
done
