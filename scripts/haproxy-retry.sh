#!/usr/bin/env bash
# The HAProxy configuration the deployment guide gives ("Deploying without sticky sessions"),
# checked with a real HAProxy: an old server (A, target/debug/demo) and a new one (B,
# target/e2e/demo-b, which embeds A's files in its build history) behind it, round robin.
# Every built file of either build, asked many times, is served (B's files are retried on B
# when A answers 404; A's are on both); a file no build has is a 404 after the retries; pages
# are not retried (a 404 page stays a 404 from the server that answered).
# `unprotected` runs the same without `404` among the retried failures, and must then count
# failed requests, or the protected run would prove nothing.
# Needs haproxy (apt-get install -y haproxy) and what scripts/test.sh builds.
#   bash scripts/haproxy-retry.sh [protected|unprotected]
set -euo pipefail
mode="${1:-protected}"
case "$mode" in
  protected) retry_on="conn-failure empty-response 404" ;;
  unprotected) retry_on="conn-failure empty-response" ;;
  *) echo "usage: $0 [protected|unprotected]" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
. scripts/lib/servers.sh
target="$(cd "${CARGO_TARGET_DIR:-target}" 2>/dev/null && pwd || echo "$PWD/target")"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

start() { # name binary
  PORT=0 RUST_LOG="warn,demo=info,inertia_runtime::server=info" NO_COLOR=1 DEMO_INSTANCE="$1" "$2" >"$work/$1.log" 2>&1 &
  pids+=($!)
}
start A "$target/debug/demo"
start B "$target/e2e/demo-b"
a="$(listening_url "$work/A.log")"
b="$(listening_url "$work/B.log")"
port="$(free_port)"
cat >"$work/haproxy.cfg" <<CFG
global
  log stderr format raw local0 warning
defaults
  mode http
  timeout connect 2s
  timeout client 10s
  timeout server 10s
frontend web
  bind 127.0.0.1:$port
  use_backend built_files if { path_beg /build/ }
  default_backend app
backend built_files
  balance roundrobin
  retry-on $retry_on
  retries 2
  option redispatch 1
  server a ${a#http://}
  server b ${b#http://}
backend app
  balance roundrobin
  server a ${a#http://}
  server b ${b#http://}
CFG
haproxy -c -q -f "$work/haproxy.cfg"
haproxy -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/version" >/dev/null && break; sleep 0.1; done

files() { # manifest
  node -e 'const m=require(process.argv[1]);console.log([...new Set(Object.values(m).flatMap((c)=>[c.file,...(c.css??[]),...(c.assets??[])]))].join("\n"))' "$1"
}
checked=0
failed=()
for file in $(files "$PWD/examples/demo/frontend/dist/.vite/manifest.json") $(files "$target/e2e/dist-b/.vite/manifest.json"); do
  # Round robin: six requests reach each server three times.
  for _ in 1 2 3 4 5 6; do
    status="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/build/$file")"
    checked=$((checked + 1))
    [ "$status" = 200 ] || failed+=("$status /build/$file")
  done
done
missing="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/build/assets/Missing-00000000.js")"
page="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/tasks/999999")"
echo "haproxy ($mode), A and B round robin: $checked requests for the built files of A and B, ${#failed[@]} failed; unknown file $missing; unknown task page $page"
if [ "$missing" != 404 ] || [ "$page" != 404 ]; then
  exit 1
fi
if [ "$mode" = unprotected ]; then
  # B's files asked of A: 404 without the retry.
  [ ${#failed[@]} -gt 0 ] || { echo "no request failed without the retry on 404: the check cannot fail" >&2; exit 1; }
  exit 0
fi
if [ ${#failed[@]} -ne 0 ]; then
  printf '  %s\n' "${failed[@]}" >&2
  exit 1
fi
