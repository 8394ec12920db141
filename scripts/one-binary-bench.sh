#!/usr/bin/env bash
# The figures of "one binary in production" in docs/performance.md, in one run (about 15
# minutes on 2 cores). Not part of CI: it measures, it does not check.
#   1-2. scripts/ssr-bench.sh: server-side rendering in the binary against Node, page by page;
#      the render cache; cold start; memory per engine.
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

# 1-2. Server-side rendering (per page, against Node), the render cache, cold start and memory
# per engine: their own script, also run alone.
bash scripts/ssr-bench.sh

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
