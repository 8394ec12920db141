#!/usr/bin/env bash
# Where an embedded render's time goes, for the demo's `/` and `/tasks`: their page objects,
# taken from the release demo (SSR off), each rendered 600 times in process by
# tests/examples/ssr_profile.rs, which prints the render's p50 and the time spent in the web
# APIs the engine's shim provides (docs/performance.md, "Where a render's time goes").
#   bash scripts/ssr-profile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/servers.sh
target="$(cd "${CARGO_TARGET_DIR:-target}" 2>/dev/null && pwd || echo "$PWD/target")"
work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
cargo build -q --release -p demo --features embedded-ssr
cargo build -q --release -p inertia-tests --example ssr_profile
env PORT=0 DEMO_SSR=off RUST_LOG=warn,inertia_runtime::server=info NO_COLOR=1 \
  "$target/release/demo" >"$work/demo.log" 2>&1 &
pid=$!
url="$(listening_url "$work/demo.log")"
for page in / /tasks; do
  curl -s -H 'Accept: text/html' "$url$page" >"$work/page.html"
  # The page object, as the document's `<script data-page>` holds it.
  node -e '
    const html = require("fs").readFileSync(process.argv[1], "utf8")
    const json = html.match(/<script data-page="app" type="application\/json">([\s\S]*?)<\/script>/)[1]
    process.stdout.write(JSON.stringify(JSON.parse(json)))
  ' "$work/page.html" >"$work/page.json"
  echo "== $page"
  "$target/release/examples/ssr_profile" examples/demo/frontend/ssr-embedded/ssr.js "$work/page.json" 600
done
