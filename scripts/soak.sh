#!/usr/bin/env bash
# Load soak against the demo: a mix of first visits, Inertia visits, partial reloads and
# deferred loads (soak/mixed.lua; the demo's artificial 400 ms stats delay off) from wrk over loopback for $1 seconds (default 60), with the
# demo's memory sampled before and after. Fails on any socket error or bad status, or if the
# server's resident memory grows by more than $SOAK_MAX_GROWTH_KB (default 20480 = 20 MB).
#   bash scripts/soak.sh 60        # the long run (docs/reliability.md has the last results)
#   bash scripts/soak.sh 10        # the quick run scripts/test.sh makes
#   bash scripts/soak.sh 10 ssr    # also fails unless every first visit came rendered (a demo
#                                  # built with --features embedded-ssr)
# Needs wrk (apt-get install -y wrk) and a built demo (cargo build -p demo; $DEMO overrides).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/servers.sh
seconds="${1:-60}"
expect_ssr="${2:-}"
max_growth="${SOAK_MAX_GROWTH_KB:-20480}"
target="$(cd "${CARGO_TARGET_DIR:-target}" 2>/dev/null && pwd || echo "$PWD/target")"
demo="${DEMO:-$target/debug/demo}"
log="$(mktemp)"
PORT=0 DEMO_STATS_DELAY_MS=0 RUST_LOG="warn,demo=info,inertia_runtime::server=info" NO_COLOR=1 "$demo" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
url="$(listening_url "$log")"
rss() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
version="$(curl -sf "$url/version")"
# Warm up (lazy statics, allocator pools, size hints), then measure.
VERSION="$version" wrk -t1 -c16 -d2s -s scripts/soak/mixed.lua "$url" >/dev/null
before="$(rss)"
result="$(VERSION="$version" wrk -t2 -c64 -d"${seconds}s" --timeout 5s -s scripts/soak/mixed.lua "$url")"
after="$(rss)"
echo "$result" | sed -n '/^requests/,$p'
growth=$((after - before))
echo "rss_before_kb $before"
echo "rss_after_kb $after"
echo "rss_growth_kb $growth"
field() { echo "$result" | awk -v k="$1" '$1 == k {print $2}'; }
status=0
if [ "$(field socket_errors)" != 0 ] || [ "$(field bad_status)" != 0 ]; then
  echo "FAIL: errors under load" >&2; status=1
fi
if [ "$growth" -gt "$max_growth" ]; then
  echo "FAIL: resident memory grew by ${growth} kB (limit ${max_growth} kB)" >&2; status=1
fi
if [ "$expect_ssr" = ssr ] && { [ "$(field html)" = 0 ] || [ "$(field server_rendered)" != "$(field html)" ]; }; then
  echo "FAIL: $(field server_rendered) of $(field html) first visits were rendered on the server" >&2; status=1
fi
if kill -0 "$pid" 2>/dev/null; then :; else echo "FAIL: the demo died" >&2; status=1; fi
exit $status
