#!/usr/bin/env bash
# The first hour of a new user, timed (cargo-inertia/README.md, "The first hour"): with a cold
# target directory (crates already downloaded, npm's cache warm),
#   1. `cargo inertia new` (npm install and the frontend's first build),
#   2. the first page from `cargo inertia dev` (its debug build, Vite, the server),
#   3. a second app's first page, in the same target directory,
#   4. `cargo inertia build` of the first app (the release build), cold.
#
#   bash scripts/first-hour.sh [FLAGS...]     # FLAGS for `cargo inertia new`, e.g. --vue --ssr
#
# Run it on a quiet machine: it measures compile times.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
work="$(mktemp -d "${TMPDIR:-/tmp}/inertia-first-hour.XXXXXX")"
trap 'pkill -P $$ 2>/dev/null || true; rm -rf "$work"' EXIT
flags=("$@")

cargo install -q --locked --debug --path cargo-inertia --root "$work/tools"
export PATH="$work/tools/bin:$PATH"
export CARGO_TARGET_DIR="$work/target"
export NO_COLOR=1

seconds() { echo "$(( $(date +%s%N) / 1000000 ))"; }
since() { awk -v a="$1" -v b="$(seconds)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

# The first page of `cargo inertia dev` in APP on PORT: from the command to a 200 on /login.
first_page() {
  local app="$1" port="$2" began log="$work/dev-$2.log"
  began="$(seconds)"
  cd "$app"
  # The tool itself (what `cargo inertia` runs), so Ctrl-C reaches it.
  cargo-inertia inertia dev --port "$port" --vite-port "$((port + 1))" >"$log" 2>&1 &
  local pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/login"; do
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.5
  done
  since "$began"
  kill -INT "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

began="$(seconds)"
cargo inertia new "$work/first" "${flags[@]}" --path "$repo" >/dev/null
new="$(since "$began")"
cp Cargo.lock "$work/first/"
dev="$(first_page "$work/first" 3310)"

cargo inertia new "$work/second" "${flags[@]}" --path "$repo" >/dev/null
cp Cargo.lock "$work/second/"
second="$(first_page "$work/second" 3320)"

rm -rf "$work/target/release"
began="$(seconds)"
(cd "$work/first" && cargo inertia build >/dev/null 2>&1)
build="$(since "$began")"

echo "cargo inertia new: ${new} s"
echo "first page in cargo inertia dev, cold target: ${dev} s (new + dev: $(awk -v a="$new" -v b="$dev" 'BEGIN { print a + b }') s)"
echo "a second app's first page, same target: ${second} s"
echo "cargo inertia build, cold release: ${build} s"
