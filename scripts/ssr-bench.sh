#!/usr/bin/env bash
# Server-side rendering in the binary against Node, page by page, in one run (about 4 minutes
# on 2 cores): the figures of "Server-side rendering" in docs/performance.md. Not part of CI:
# it measures, it does not check (CI checks what the engines render, tests/ssr_embedded.rs).
#
#   1. For `/` and `/tasks` (first visits, HTML, so every one is rendered): the embedded
#      QuickJS engines (render cache off) and the official Node SSR server over HTTP (its
#      production build, NODE_ENV=production), one after the other with the same binary:
#      p50 and p99 with one client, requests per second with 16 connections; and without SSR
#      for reference. Prints each page's ratio.
#   2. Cold start: from starting the binary to its first server-rendered 200, and that first
#      answer's time against a warm one (the median of 20 after it).
#   3. The render cache: `/about` hits and misses, with one client.
#   4. Memory: resident memory after renders with 1 and with 4 engines (per engine), and with
#      SSR off; the JavaScript heap of an engine with the bundle loaded.
# Prints `name value` lines; needs wrk, curl and node.
#   bash scripts/ssr-bench.sh            (SECONDS_PER_RUN=10 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/servers.sh
target="$(cd "${CARGO_TARGET_DIR:-target}" 2>/dev/null && pwd || echo "$PWD/target")"
seconds="${SECONDS_PER_RUN:-10}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
say() { printf '%s %s\n' "$1" "$2" | tee -a "$work/figures"; }
field() { echo "$2" | awk -v k="$1" '$1 == k {print $2}'; }

cargo build -q --release -p demo --features embedded-ssr
binary="$work/demo"
cp "$target/release/demo" "$binary"

start() { # log env...
  local log="$1"
  shift
  env PORT=0 RUST_LOG=warn,inertia_runtime::server=info,inertia_runtime::ssr=info NO_COLOR=1 \
    DEMO_STATS_DELAY_MS=0 "$@" "$binary" >"$log" 2>&1 &
  pids+=($!)
  url="$(listening_url "$log")"
}
rendered() { curl -s -H 'Accept: text/html' "$url/tasks" | grep -q 'data-server-rendered="true"'; }
measure() { # label: each page, one client then 16 connections
  local page name one many
  for page in / /tasks; do
    name="$1.$([ "$page" = / ] && echo home || echo tasks)"
    PAGE="$page" wrk -t1 -c4 -d2s -s scripts/one-binary/page.lua "$url" >/dev/null
    one="$(PAGE="$page" wrk -t1 -c1 -d"${seconds}s" --latency -s scripts/one-binary/page.lua "$url")"
    many="$(PAGE="$page" wrk -t2 -c16 -d"${seconds}s" -s scripts/one-binary/page.lua "$url")"
    [ "$(field errors "$one")" = 0 ] && [ "$(field errors "$many")" = 0 ] || {
      echo "$name: errors" >&2
      exit 1
    }
    say "$name.p50_us" "$(field p50_us "$one")"
    say "$name.p99_us" "$(field p99_us "$one")"
    say "$name.rps_16_connections" "$(field rps "$many")"
  done
}

# 1. Embedded, Node, none: the same binary, one after the other.
start "$work/embedded.log" DEMO_SSR_CACHE=off
rendered || { echo "the embedded engines do not render" >&2; exit 1; }
measure embedded
kill "${pids[-1]}"
ssr_port="$(free_port)"
NODE_ENV=production SSR_PORT="$ssr_port" node examples/demo/frontend/ssr/ssr.js >"$work/node.log" 2>&1 &
pids+=($!)
node_pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$ssr_port/health" >/dev/null && break; sleep 0.1; done
start "$work/node-demo.log" DEMO_SSR="http://127.0.0.1:$ssr_port" DEMO_SSR_CACHE=off
rendered || { echo "the Node SSR server does not render" >&2; exit 1; }
measure node
say node_rss_kb "$(awk '/^VmRSS/ {print $2}' "/proc/$node_pid/status")"
kill "${pids[-1]}" "$node_pid"
start "$work/off.log" DEMO_SSR=off
measure no_ssr
kill "${pids[-1]}"
# Each page's ratios: embedded p50 over Node's (the goal: at most 2), embedded throughput
# over Node's (the goal: at least 0.6).
figure() { awk -v k="$1" '$1 == k {print $2}' "$work/figures"; }
for page in home tasks; do
  say "$page.p50_ratio_embedded_to_node" \
    "$(echo "scale=2; $(figure "embedded.$page.p50_us") / $(figure "node.$page.p50_us")" | bc)"
  say "$page.throughput_share_of_node" \
    "$(echo "scale=2; $(figure "embedded.$page.rps_16_connections") / $(figure "node.$page.rps_16_connections")" | bc)"
done

# 2. Cold start: spawn, then ask for /tasks until it answers rendered.
cold_ms=()
first_ms=()
warm_ms=()
for run in 1 2 3; do
  started="$(date +%s%N)"
  env PORT=0 RUST_LOG=warn,inertia_runtime::server=info NO_COLOR=1 DEMO_SSR_CACHE=off \
    "$binary" >"$work/cold-$run.log" 2>&1 &
  pids+=($!)
  url=""
  while [ -z "$url" ]; do
    url="$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/cold-$run.log" | head -1)"
  done
  first="$(curl -s -o "$work/first.html" -w '%{time_total}' -H 'Accept: text/html' "$url/tasks")"
  grep -q 'data-server-rendered="true"' "$work/first.html" || { echo "cold: not rendered" >&2; exit 1; }
  cold_ms+=("$(echo "($(date +%s%N) - $started) / 1000000" | bc)")
  first_ms+=("$(echo "$first * 1000" | bc)")
  warm="$(for _ in $(seq 20); do curl -s -o /dev/null -w '%{time_total}\n' -H 'Accept: text/html' "$url/tasks"; done | sort -n | sed -n 10p)"
  warm_ms+=("$(echo "$warm * 1000" | bc)")
  kill "${pids[-1]}"
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
say cold_start_to_first_rendered_200_ms "$(median "${cold_ms[@]}")"
say cold_first_render_ms "$(median "${first_ms[@]}")"
say warm_render_ms "$(median "${warm_ms[@]}")"
say cold_first_render_to_warm "$(echo "scale=2; $(figure cold_first_render_ms) / $(figure warm_render_ms)" | bc)"

# 3. The render cache (the demo keeps /about): the same page again (hits), against a new page
# object each visit (misses: a render, then kept).
start "$work/cache.log"
for kind in hit miss; do
  env_miss=()
  [ "$kind" = miss ] && env_miss=(CACHE_MISS=1)
  env "${env_miss[@]}" wrk -t1 -c1 -d2s -s scripts/one-binary/about.lua "$url" >/dev/null
  out="$(env "${env_miss[@]}" wrk -t1 -c1 -d"${seconds}s" --latency -s scripts/one-binary/about.lua "$url")"
  [ "$(field errors "$out")" = 0 ] || { echo "cache $kind: errors" >&2; exit 1; }
  say "about_cache_$kind.p50_us" "$(field p50_us "$out")"
  say "about_cache_$kind.rps_1_client" "$(field rps "$out")"
done
kill "${pids[-1]}"

# 4. Memory per engine, after renders.
for engines in 1 4; do
  start "$work/mem-$engines.log" DEMO_SSR_ENGINES="$engines" DEMO_SSR_CACHE=off
  wrk -t2 -c8 -d5s -s scripts/one-binary/html.lua "$url" >/dev/null
  say "rss_kb_${engines}_engines" "$(awk '/^VmRSS/ {print $2}' "/proc/${pids[-1]}/status")"
  kill "${pids[-1]}"
done
start "$work/mem-off.log" DEMO_SSR=off
wrk -t2 -c8 -d5s -s scripts/one-binary/html.lua "$url" >/dev/null
say rss_kb_ssr_off "$(awk '/^VmRSS/ {print $2}' "/proc/${pids[-1]}/status")"
kill "${pids[-1]}"
say engine_js_heap_after_load "$(sed -n 's/.*bundle loaded.*memory=\([0-9]*\).*/\1/p' "$work/embedded.log" | head -1)"
# What three more engines add, per engine.
say rss_kb_per_engine "$(( ($(figure rss_kb_4_engines) - $(figure rss_kb_1_engines)) / 3 ))"
