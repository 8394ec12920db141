#!/usr/bin/env bash
# A rolling deploy behind a real nginx, on loopback: two builds of the demo with different
# asset versions (A: the committed frontend; B: target/e2e/demo-b, built by scripts/test.sh),
# nginx proxying to A, Inertia clients (scripts/deploy/clients.mjs) visiting pages, and mid-run
# the upstream switched to B with `nginx -s reload`. Checks that no request is lost, that every
# client ends on B's version, and that each client reloads a bounded number of times (no
# loop). Prints what the clients saw. Needs nginx (apt-get install -y nginx) and node.
#   bash scripts/rolling-deploy.sh [clients] [visits] [drain|reload]
# The deploy starts once every client has made [visits] visits of A, and the clients stop once
# each has made as many after it (events, not sleeps: a busy machine only makes it slower).
# drain (default; CI): nginx has A as the server and B as its backup; the deploy stops A
# gracefully (SIGINT: it finishes what it serves and accepts nothing new), nginx moves to B,
# and A never answers again: each client must see exactly one 409, then a full reload, then B.
# reload: the upstream is switched from A to B by rewriting nginx's config and `nginx -s
# reload`; until the old workers have drained, connections can still reach A, so a client
# may bounce between the versions a few times (each bounce one 409 and a reload); checked:
# nothing lost, every client ends on B, the bounces stay few. docs/reliability.md has figures.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/servers.sh
clients="${1:-16}"
visits="${2:-50}"
mode="${3:-drain}"
target="$(cd "${CARGO_TARGET_DIR:-target}" 2>/dev/null && pwd || echo "$PWD/target")"
work="$(mktemp -d)"
pids=()
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

start_demo() { # binary log (not in a subshell: the pid must reach `pids`)
  PORT=0 RUST_LOG="warn,demo=info,inertia_runtime::server=info" NO_COLOR=1 DEMO_STATS_DELAY_MS=0 "$1" >"$2" 2>&1 &
  pids+=($!)
}
start_demo "$target/debug/demo" "$work/a.log"
start_demo "$target/e2e/demo-b" "$work/b.log"
a="$(listening_url "$work/a.log")"
b="$(listening_url "$work/b.log")"
version_a="$(curl -sf "$a/version")"
version_b="$(curl -sf "$b/version")"
[ "$version_a" != "$version_b" ] || { echo "A and B have the same version" >&2; exit 1; }

port="$(free_port)"
config() { # upstream url [backup url]
  nginx_config "$work" "$port" "server ${1#http://};${2:+ server ${2#http://} backup;}" 'proxy_set_header Host $host;'
}
if [ "$mode" = drain ]; then config "$a" "$b"; else config "$a"; fi
nginx_start "$work" "$port"

node scripts/deploy/clients.mjs "http://127.0.0.1:$port" "$clients" "$visits" >"$work/clients.json" 2>"$work/clients.err" &
node_pid=$!
for _ in $(seq 600); do
  grep -q ready "$work/clients.err" 2>/dev/null && break
  kill -0 "$node_pid" 2>/dev/null || break
  sleep 0.1
done
grep -q ready "$work/clients.err" || { echo "the clients never became ready: $(cat "$work/clients.err")" >&2; exit 1; }
if [ "$mode" = drain ]; then
  kill -INT "${pids[0]}"
  echo "stopped A ($version_a) gracefully; nginx goes on with B ($version_b)"
else
  config "$b"
  nginx -c "$work/nginx.conf" -p "$work" -s reload 2>/dev/null
  echo "switched nginx's upstream from A ($version_a) to B ($version_b) with a reload"
fi
kill -USR1 "$node_pid"
wait "$node_pid"

node - "$work/clients.json" "$version_a" "$version_b" "$mode" <<'JS'
const [file, a, b, mode] = process.argv.slice(2)
const strict = mode === 'drain'
const results = JSON.parse(require('fs').readFileSync(file, 'utf8'))
let visits = 0, conflicts = 0, failures = 0, resent = 0, problems = []
const perClient = {}
results.forEach((r, i) => {
  visits += r.visits; conflicts += r.conflicts; failures += r.failures.length; resent += r.resent
  perClient[r.conflicts] = (perClient[r.conflicts] ?? 0) + 1
  if (r.failures.length) problems.push(`client ${i}: ${r.failures.slice(0, 3).join('; ')}`)
  if (r.versions.at(-1) !== b) problems.push(`client ${i} ended on ${r.versions.at(-1)}, not B`)
  if (strict && r.longestConflictRun > 1) problems.push(`client ${i}: ${r.longestConflictRun} 409s in a row`)
  if (strict && r.conflicts !== 1) problems.push(`client ${i}: ${r.conflicts} 409s, expected exactly one`)
  if (strict && r.versions.join() !== [a, b].join()) problems.push(`client ${i} went through versions ${r.versions.join(' -> ')}`)
  // Draining closes no connection a client is using (nginx stays up): nothing may need
  // resending. (A reload of nginx itself closes its old workers' connections; there a resend
  // is what browsers do too.)
  if (strict && r.resent) problems.push(`client ${i}: ${r.resent} requests resent`)
  if (!strict && r.conflicts > 20) problems.push(`client ${i}: ${r.conflicts} 409s`)
})
console.log(`clients ${results.length}, Inertia visits ${visits}, failed ${failures}, 409s ${conflicts}, resent after a closed keep-alive connection ${resent}`)
console.log(`clients by number of 409s: ${JSON.stringify(perClient)}`)
if (problems.length) { console.error(problems.join('\n')); process.exit(1) }
console.log(strict
  ? 'every client: A, exactly one 409 and a full reload, then B; nothing lost, no loop'
  : 'every client ended on B; each 409 was followed by a full reload; nothing lost, no loop')
JS
