#!/usr/bin/env bash
# A rolling deploy that no user may notice, behind a real nginx, on loopback: three servers of
# build A (round robin, no sticky sessions), Chromium tabs with the official Inertia client
# browsing the demo's lazily loaded pages and posting its form without pause
# (tests/e2e/skew/tabs.mjs), while the servers are replaced one at a time by build B, each
# stopped gracefully (SIGTERM: it finishes what it serves) and its successor started on its port.
#
#   bash scripts/skew-deploy.sh [tabs] [protected|unprotected]
#
# protected (CI): B embeds A's files (the build history of vite-plugin-inertia-axum), and nginx
# retries another server when one answers 404 for a built file (a new file asked of an old
# server). Checked: no failed asset request, no page error, no blank page, no lost visit or
# form post, every tab on B at the end, at most one full page load per action (a 409 and its
# reload, never a chain), and after the last A server is gone at most one full page load per tab. Printed: the full page loads per tab during and after the rollout, and the
# time until every tab ran B.
# unprotected: B without the history, nginx without the retry; the same run must count failed
# asset requests (what the protection prevents), or the test could not fail.
#
# Needs nginx, chromium and what scripts/test.sh builds: target/debug/demo (A),
# target/e2e/demo-b (B with the history), target/e2e/demo-b-unprotected (B without).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/servers.sh
tabs="${1:-8}"
mode="${2:-protected}"
target="$(cd "${CARGO_TARGET_DIR:-target}" 2>/dev/null && pwd || echo "$PWD/target")"
binary_a="$target/debug/demo"
if [ "$mode" = protected ]; then binary_b="$target/e2e/demo-b"; else binary_b="$target/e2e/demo-b-unprotected"; fi
for binary in "$binary_a" "$binary_b"; do
  [ -x "$binary" ] || { echo "missing $binary (scripts/test.sh builds it)" >&2; exit 1; }
done
work="$(mktemp -d)"
declare -A pids=()
cleanup() {
  # What nginx saw go wrong (a server that closed a connection under a request, …).
  if [ -s "$work/error.log" ]; then echo "nginx's error log:"; sed 's/^/  /' "$work/error.log" | tail -20; fi
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "${tabs_pid:-}" ] && kill "$tabs_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# One secret for all servers: a form's CSRF token and a visit's flash work on any of them.
key="skew-deploy-$(node -e 'console.log(require("crypto").randomBytes(16).toString("hex"))')"
start() { # slot binary port name
  DEMO_SIGNING_KEY="$key" PORT="$3" RUST_LOG="warn,demo=info,inertia_runtime::server=info" NO_COLOR=1 DEMO_STATS_DELAY_MS=0 DEMO_INSTANCE="$4" \
    "$2" >"$work/$1.log" 2>&1 &
  pids[$1]=$!
  listening_url "$work/$1.log" >/dev/null
}
ports=()
for slot in 1 2 3; do
  port="$(free_port)"
  ports+=("$port")
  start "$slot" "$binary_a" "$port" "A$slot"
done
version_a="$(curl -sf "http://127.0.0.1:${ports[0]}/version")"
if [ "$mode" = protected ]; then manifest_b="$target/e2e/dist-b/.vite/manifest.json"; else manifest_b="$target/e2e/dist-b-unprotected/.vite/manifest.json"; fi

# nginx in front: round robin, a server that refuses connections is skipped (and retried after
# a second); built files that one server does not have are asked of the next (protected).
if [ "$mode" = protected ]; then
  retry_404="proxy_next_upstream error timeout http_404;"
else
  retry_404="proxy_next_upstream error timeout;"
fi
port="$(free_port)"
upstream=""
for p in "${ports[@]}"; do upstream+="server 127.0.0.1:$p max_fails=1 fail_timeout=1s; "; done
# Which server answered each built file, after which attempts: the protections at work.
NGINX_HTTP="log_format assets '\$uri \$status \"\$upstream_status\" \$upstream_http_x_demo_instance';" \
NGINX_SERVER="location /build/ {
      access_log $work/assets.log assets;
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_set_header Host \$host;
      $retry_404
    }" \
  nginx_config "$work" "$port" "$upstream" 'proxy_set_header Host $host;'
nginx_start "$work" "$port"

node tests/e2e/skew/tabs.mjs "http://127.0.0.1:$port" "$tabs" >"$work/tabs.json" 2>"$work/tabs.err" &
tabs_pid=$!
actions() { sed -n 's/^actions \([0-9]*\)$/\1/p' "$work/tabs.err" | tail -1; }
wait_for() { # description condition-command
  for _ in $(seq 1200); do
    eval "$2" && return
    kill -0 "$tabs_pid" 2>/dev/null || { echo "the tabs stopped: $(tail -5 "$work/tabs.err")" >&2; exit 1; }
    sleep 0.1
  done
  echo "timed out waiting until $1: $(tail -3 "$work/tabs.err")" >&2
  exit 1
}
wait_for "the tabs are ready" 'grep -q "^ready$" "$work/tabs.err"'

# The rollout: each A server stopped gracefully, then B started on its port, then the tabs
# make some progress against the mixed fleet before the next one (events, not sleeps).
kill -USR2 "$tabs_pid"
rollout_start=$(date +%s%N)
for slot in 1 2 3; do
  echo "$(date +%H:%M:%S.%3N) stopping A$slot (port ${ports[$((slot - 1))]})"
  kill -TERM "${pids[$slot]}"
  wait "${pids[$slot]}" || true
  start "$slot" "$binary_b" "${ports[$((slot - 1))]}" "B$slot"
  echo "$(date +%H:%M:%S.%3N) B$slot serving"
  goal=$(( $(actions) + 4 * tabs ))
  wait_for "the tabs made $((4 * tabs)) more actions" '[ "$(actions)" -ge "$goal" ]'
done
rollout_ms=$(( ($(date +%s%N) - rollout_start) / 1000000 ))
kill -USR1 "$tabs_pid"
wait "$tabs_pid"
version_b="$(curl -sf "http://127.0.0.1:${ports[0]}/version")"

# Every server is B now: every file of A's build, asked of them, one by one.
manifest_a="examples/demo/frontend/dist/.vite/manifest.json"
old_files="$(node -e 'const m=require(process.argv[1]);console.log([...new Set(Object.values(m).flatMap((c)=>[c.file,...(c.css??[]),...(c.assets??[])]))].join("\n"))' "$PWD/$manifest_a")"
old_total=0
old_missing=()
for file in $old_files; do
  old_total=$((old_total + 1))
  for p in "${ports[@]}"; do
    status="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$p/build/$file")"
    [ "$status" = 200 ] || old_missing+=("$status $file from B on port $p")
  done
done
echo "after the rollout, A's $old_total files asked of each of the three B servers: ${#old_missing[@]} not served"
if [ "$mode" = protected ] && [ ${#old_missing[@]} -ne 0 ]; then
  printf '  %s\n' "${old_missing[@]}" >&2
  exit 1
fi

node - "$work/tabs.json" "$version_a" "$version_b" "$mode" "$rollout_ms" "$work/assets.log" "$manifest_b" <<'JS'
const [file, a, b, mode, rolloutMs, assetLog, manifestB] = process.argv.slice(2)
const fs = require('fs')
const { phase, tabs } = JSON.parse(fs.readFileSync(file, 'utf8'))
// From nginx's log: files only A has, served by a B server (its build history), and files
// one server did not have, served by the next after a 404 (nginx's retry).
const filesB = new Set(Object.values(JSON.parse(fs.readFileSync(manifestB, 'utf8'))).flatMap((c) => [c.file, ...(c.css ?? []), ...(c.assets ?? [])]))
const served = fs.readFileSync(assetLog, 'utf8').trim().split('\n').map((l) => l.match(/^\/build\/(\S+) (\d+) "([^"]*)" (\S+)$/)).filter(Boolean)
const fromHistory = served.filter(([, path, status, , by]) => status === '200' && by.startsWith('B') && !filesB.has(path) && path.startsWith('assets/')).length
const retried = served.filter(([, , status, upstreams]) => status === '200' && upstreams.includes('404, ')).length
const sum = (f) => tabs.reduce((n, t) => n + f(t), 0)
const after = (t) => t.loads.filter((l) => l.at >= phase.rolloutEnd).length
const during = (t) => t.loads.filter((l) => l.at >= phase.rolloutStart && l.at < phase.rolloutEnd).length
const converged = tabs.map((t) => t.versions.find((v) => v.version === b && v.at >= phase.rolloutStart)?.at)
const lastOnB = Math.max(...converged.map((at) => (at ?? Infinity) - phase.rolloutStart))
console.log(`${mode}: ${tabs.length} tabs, 3 servers A -> B replaced one at a time in ${rolloutMs} ms (A ${a}, B ${b})`)
console.log(`  actions ${sum((t) => t.actions)} (form posts ${sum((t) => t.posts)})`)
console.log(`  failed asset requests ${sum((t) => t.assetFailures.length)}, page errors ${sum((t) => t.pageErrors.length)}, blank pages ${sum((t) => t.blank)}, lost visits and posts ${sum((t) => t.lost.length)}`)
console.log(`  built files: ${served.length} requests; ${fromHistory} of A's files served by B servers from their build history, ${retried} served by another server after a 404`)
console.log(`  full page loads per tab during the rollout: ${tabs.map(during).join(' ')}; after it: ${tabs.map(after).join(' ')}`)
console.log(`  every tab ran B ${lastOnB} ms after the rollout began; most full page loads caused by one action: ${Math.max(...tabs.map((t) => t.maxLoadsPerAction))}`)
const problems = []
for (const t of tabs) {
  for (const f of t.assetFailures.slice(0, 3)) problems.push(`tab ${t.index}: asset ${f}`)
  for (const e of t.pageErrors.slice(0, 3)) problems.push(`tab ${t.index}: page error ${e}`)
  for (const l of t.lost.slice(0, 3)) problems.push(`tab ${t.index}: lost ${l}`)
  if (t.versions.at(-1)?.version !== b) problems.push(`tab ${t.index} ended on ${t.versions.at(-1)?.version}, not B`)
  if (after(t) > 1) problems.push(`tab ${t.index}: ${after(t)} full page loads after the rollout (at most one)`)
  // A 409 costs one full page load, which lands on a server that serves it: never a chain.
  if (t.maxLoadsPerAction > 1) problems.push(`tab ${t.index}: one action caused ${t.maxLoadsPerAction} full page loads`)
}
if (mode === 'protected') {
  // The retry must have been needed, or this run would not show that it works. (Files of A
  // asked of B servers during the rollout depend on timing; every one of them is asked of every
  // B server above.)
  if (retried === 0) problems.push("no file was retried after a 404: nginx's retry went untested")
  if (problems.length) { console.error(problems.join('\n')); process.exit(1) }
  console.log('  nothing failed, nothing lost, every tab on B, at most one full page load per tab after the rollout')
} else {
  const failed = sum((t) => t.assetFailures.length)
  if (failed === 0) { console.error('unprotected: no asset request failed, so the protected run proves nothing'); process.exit(1) }
  console.log(`  as expected without the history and the retry: ${failed} asset requests failed, e.g.\n    ${problems.slice(0, 4).join('\n    ')}`)
}
JS
