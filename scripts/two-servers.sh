#!/usr/bin/env bash
# Two demo servers behind a real nginx, round robin, no sticky sessions, the same secret:
# what one server stores for the next visit (validation errors, old input, flash) the other
# shows (scripts/two-servers/check.mjs drives one user's visits and prints each hop).
#   bash scripts/two-servers.sh cookie   # visit state in the encrypted cookie (the default store)
#   bash scripts/two-servers.sh redis    # visit state in Redis through tower-sessions, then
#                                        # Redis killed mid-run (pages keep serving, the state
#                                        # is lost) and restarted (it works again)
# Needs nginx, node, and for `redis` redis-server and a demo built with `--features redis`
# ($DEMO, default target/e2e/demo-redis, which scripts/test.sh builds).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/servers.sh
mode="${1:-cookie}"
target="$(cd "${CARGO_TARGET_DIR:-target}" 2>/dev/null && pwd || echo "$PWD/target")"
if [ "$mode" = redis ]; then
  demo="${DEMO:-$target/e2e/demo-redis}"
else
  demo="${DEMO:-$target/debug/demo}"
fi
work="$(mktemp -d)"
pids=()
redis_pid=""
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  for pid in "${pids[@]}" $redis_pid; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

redis_port=""
start_redis() {
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize no >"$work/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null && return
    sleep 0.1
  done
  echo "redis-server did not start: $(cat "$work/redis.log")" >&2
  exit 1
}
env_extra=()
if [ "$mode" = redis ]; then
  command -v redis-server >/dev/null || { echo "redis-server is missing (apt-get install -y redis-server)" >&2; exit 1; }
  redis_port="$(free_port)"
  start_redis
  env_extra=(DEMO_REDIS_URL="redis://127.0.0.1:$redis_port")
fi

# The same secret on both servers (what a real deployment reads from its secret store).
secret="$(head -c 48 /dev/urandom | base64)"
start_demo() { # name log
  env PORT=0 RUST_LOG="warn,demo=info,inertia_runtime::server=info" NO_COLOR=1 DEMO_STATS_DELAY_MS=0 DEMO_INSTANCE="$1" \
    DEMO_SIGNING_KEY="$secret" DEMO_TRUSTED_PROXIES=127.0.0.1 "${env_extra[@]}" "$demo" >"$2" 2>&1 &
  pids+=($!)
}
start_demo A "$work/a.log"
start_demo B "$work/b.log"
a="$(listening_url "$work/a.log")"
b="$(listening_url "$work/b.log")"

port="$(free_port)"
# Round robin, no stickiness: consecutive requests of one user alternate between A and B.
# As many nginx configs do, Host goes without the port; the forwarded headers say what the
# browser used, and the demo trusts them from 127.0.0.1 only (DEMO_TRUSTED_PROXIES).
nginx_config "$work" "$port" "server ${a#http://}; server ${b#http://};" \
  'proxy_set_header Host $host;' \
  'proxy_set_header X-Forwarded-Host $host;' \
  'proxy_set_header X-Forwarded-Port $server_port;' \
  'proxy_set_header X-Forwarded-Proto $scheme;'
nginx_start "$work" "$port"

url="http://127.0.0.1:$port"
echo "visit state in the $( [ "$mode" = redis ] && echo "Redis store (tower-sessions)" || echo "encrypted cookie" ); nginx round robin over A and B"
node scripts/two-servers/check.mjs "$url" full
if [ "$mode" = redis ]; then
  kill "$redis_pid"
  wait "$redis_pid" 2>/dev/null || true
  echo "Redis killed: pages must keep serving, without visit state"
  start=$(date +%s%N)
  node scripts/two-servers/check.mjs "$url" degraded
  echo "  (took $(( ($(date +%s%N) - start) / 1000000 )) ms with Redis down)"
  start_redis
  echo "Redis back on the same port: visit state works again"
  # The clients reconnect every 500 ms.
  for _ in $(seq 40); do
    node scripts/two-servers/check.mjs "$url" full >"$work/again.log" 2>&1 && break
    sleep 0.25
  done
  cat "$work/again.log"
  node scripts/two-servers/check.mjs "$url" full >/dev/null
fi
for log in "$work/a.log" "$work/b.log"; do
  if grep -q "panicked" "$log"; then echo "a server panicked:" >&2; cat "$log" >&2; exit 1; fi
done
echo "two servers, no stickiness, nothing lost$( [ "$mode" = redis ] && echo " (but the visit state while Redis was down)" )"
