#!/usr/bin/env bash
# Everything CI runs, in order, failing fast. Needs the Rust toolchain and Node/npm; installs
# Debian's chromium, wrk, nginx, haproxy, redis-server and sqlite3 with apt (as root or with
# passwordless sudo) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-always}"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# Disk: a CI machine may have little free space (one CI run died with "No space left on
# device" while building the browser tests' binaries). Incremental caches speed up only the
# next edit, never a clean run. Full debug info doubled the largest test binary (90 → 47 MB
# with line tables) and tripled the runtime's rlib (78 → 25 MB); line tables keep panics'
# files and lines. In all, 15 GB of target/ became 6.5 GB (7.3 GB since the starters have a
# database and accounts; a fresh clone's run took 40 min). Set these yourself to choose others.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
export CARGO_PROFILE_DEV_DEBUG="${CARGO_PROFILE_DEV_DEBUG:-line-tables-only}"
df -h . | tail -1

# Variables that turn checks into writes (INERTIA_WRITE_TYPES, TRYBUILD=overwrite), point the
# tests at other binaries (ONE_BINARY, DEMO, CHROMIUM, STARTER_*), relax a bound
# (SOAK_MAX_GROWTH_KB) or change what the apps do (HOST, PORT, the server's INERTIA_* limits,
# INERTIA_EMBED_COMPRESS, the demo's DEMO_*): the test command runs without any of them.
for name in $(compgen -e); do
  case "$name" in
    INERTIA_* | DEMO_* | STARTER_* | TRYBUILD | ONE_BINARY | CHROMIUM | DEMO | SOAK_MAX_GROWTH_KB | HOST | PORT | CARGO_INERTIA)
      echo "(unset $name for the test run)"
      unset "$name"
      ;;
  esac
done

# The tests must leave the tree as they found it: a test that writes a file it should only
# check (types, UI expectations, a frontend build) fails the run at the end.
git rev-parse --git-dir >/dev/null 2>&1 || {
  echo "scripts/test.sh needs the git checkout: it checks that the committed builds are current and that the tests change no file" >&2
  exit 1
}
tree_before="$(git status --porcelain --untracked-files=all)"

# A committed frontend build must be what `npm ci && npm run build` produces from the
# committed sources and lock file, or the binaries would embed something else.
check_build_is_current() {
  local dir="$1"
  step "Frontend build is current: $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent >/dev/null)
  local changes
  # dist/ is the client build; ssr/ (where there is one) the Node SSR server bundle,
  # ssr-embedded/ the bundle the binary renders with itself, build-history/ the earlier builds
  # whose files dist/ keeps (vite-plugin-inertia-axum; rebuilding the same sources adds none).
  changes="$(git status --porcelain --untracked-files=all -- "$dir/dist" "$dir/ssr" "$dir/ssr-embedded" "$dir/build-history")"
  if [ -n "$changes" ]; then
    echo "The committed build in $dir is stale; commit the output of 'npm run build':" >&2
    echo "$changes" >&2
    exit 1
  fi
}

# Debian packages the browser and load tests need, installed when missing.
ensure_packages() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
  command -v sqlite3 >/dev/null || missing+=(sqlite3)
  if [ ${#missing[@]} -eq 0 ]; then return; fi
  step "Installing ${missing[*]} (apt)"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo -n"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

step "Formatting (cargo fmt --check)"
cargo fmt --all --check
# The fuzz crate lives outside the workspace (it builds with `cargo fuzz`).
(cd fuzz && cargo fmt --check)

step "The fuzz targets compile (cargo check; running them needs cargo fuzz)"
cargo check -q --manifest-path fuzz/Cargo.toml --bins

check_build_is_current examples/demo/frontend
check_build_is_current tests/fixtures/vite-app

step "Generated TypeScript fixture type-checks (tsc, with the demo's @inertiajs/core)"
# tests/typescript.rs keeps tests/fixtures/typescript/pages.d.ts equal to what the Rust
# types give; this proves that file is valid TypeScript that says what the tests expect.
(cd examples/demo/frontend && npx tsc -p ../../../tests/fixtures/typescript)

step "Generated route helpers behave alike in JavaScript and TypeScript (node --test)"
# tests/typescript.rs keeps routes.mjs and routes.ts current; this runs the helpers (URLs,
# escaping, query strings), once as written for JavaScript apps and once compiled from the
# TypeScript file.
node --test tests/fixtures/typescript/routes.test.mjs
routes_js="$(mktemp -d)"
(cd examples/demo/frontend && npx tsc --target ES2022 --module ESNext --skipLibCheck --outDir "$routes_js" ../../../tests/fixtures/typescript/routes.ts)
echo '{"type":"module"}' >"$routes_js/package.json"
ROUTES_MODULE="$routes_js/routes.js" node --test tests/fixtures/typescript/routes.test.mjs
rm -rf "$routes_js"

step "Lints (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets -- -D warnings
# The demo's Redis variant (scripts/two-servers.sh runs it).
cargo clippy -q -p demo --features redis --all-targets -- -D warnings

# The runtime's features (see its crate docs): none, the defaults, all, and each alone must
# build and lint clean, its own unit tests included.
step "Lints of the runtime's feature sets (none, default, all, each alone)"
features=(macros forms multipart csrf embed server ssr embedded-ssr validator garde typescript testing)
cargo clippy -q -p inertia-runtime --all-targets --no-default-features -- -D warnings
cargo clippy -q -p inertia-runtime --all-targets -- -D warnings
cargo clippy -q -p inertia-runtime --all-targets --all-features -- -D warnings
for feature in "${features[@]}"; do
  echo "  --features $feature"
  cargo clippy -q -p inertia-runtime --all-targets --no-default-features --features "$feature" -- -D warnings
done

step "API docs build without warnings (what docs.rs builds: all features)"
for crate in inertia-vite inertia-runtime-macros inertia-runtime; do
  RUSTDOCFLAGS="-D warnings" cargo doc -q --no-deps --all-features -p "$crate"
done

step "The guide builds (mdbook build docs/guide)"
# Its examples and links are checked by cargo test (tests/support/lib.rs, tests/docs_links.rs);
# this proves the book itself renders. mdbook is built once into the target dir (about 2 min on
# 2 cores) and reused after.
target_dir="$(cd "${CARGO_TARGET_DIR:-target}" 2>/dev/null && pwd || echo "$PWD/target")"
mdbook="$target_dir/tools/bin/mdbook"
if ! "$mdbook" --version 2>/dev/null | grep -q "v0.5.4"; then
  cargo install -q --locked mdbook --version 0.5.4 --root "$target_dir/tools" --target-dir "$target_dir/tools-build"
fi
"$mdbook" build docs/guide

step "The public API is the one listed in docs/public-api/ (scripts/public-api.sh)"
# A change to it must be deliberate: listed again (--write) and, when breaking, in CHANGELOG.md.
bash scripts/public-api.sh

step "The published crates package and build on their own (cargo package)"
# Builds each crate from its .crate file, so a file or fixture missing from the package, or a
# path that only resolves inside this repository, fails here rather than for users.
cargo package -q --allow-dirty -p inertia-vite -p inertia-runtime-macros -p inertia-runtime -p cargo-inertia

step "Tests (unit, integration, doc, trybuild UI)"
cargo test --workspace

step "The runtime's own tests with features off (paths that exist only without them)"
# `cargo test --workspace` builds the runtime with the union of its members' features, so a
# path like "multipart bodies refused without the multipart feature" or "rendering without the
# ssr feature" would otherwise be compiled (clippy above) but never run.
cargo test -q -p inertia-runtime --lib --no-default-features
cargo test -q -p inertia-runtime --lib --no-default-features --features forms,csrf

step "The rival adapters answer every benchmark request as we do (bench/tests/adapters.rs)"
# What the README's "faster than veer, axum-inertia and inertia-rust" compares: compiled and
# checked here, so the comparison stays like with like.
cargo test -q -p inertia-bench --features peers --test adapters

step "Browser tests (demo server + official Inertia client + chromium)"
ensure_packages
target="$(cd "${CARGO_TARGET_DIR:-target}" 2>/dev/null && pwd || echo "$PWD/target")"
mkdir -p "$target/e2e"
# A second build of the demo's frontend (another asset version) and a demo binary that
# embeds it: the deploy test restarts the server with it. Build A (the committed one) last,
# so target/debug/demo is A.
# B's build history is a copy of the committed one (which holds A), so B serves A's files as a
# deploy of B would, and the committed history is left as it is.
rm -rf "$target/e2e/history-b" && cp -r examples/demo/frontend/build-history "$target/e2e/history-b"
(cd examples/demo/frontend && INERTIA_BUILD_HISTORY="$target/e2e/history-b" VITE_BUILD_LABEL=B npx vite build --outDir "$target/e2e/dist-b" --emptyOutDir --logLevel warn)
DEMO_DIST="$target/e2e/dist-b" cargo build -p demo
cp "$target/debug/demo" "$target/e2e/demo-b"
# B again without the history, for the skew-deploy run that must fail.
(cd examples/demo/frontend && INERTIA_BUILD_HISTORY=off VITE_BUILD_LABEL=B npx vite build --outDir "$target/e2e/dist-b-unprotected" --emptyOutDir --logLevel warn)
DEMO_DIST="$target/e2e/dist-b-unprotected" cargo build -p demo
cp "$target/debug/demo" "$target/e2e/demo-b-unprotected"
# The demo with visit state in Redis (tower-sessions), for the two-server test.
cargo build -p demo --features redis
cp "$target/debug/demo" "$target/e2e/demo-redis"
# The one-binary production build: SSR inside (QuickJS), assets compressed at compile time
# (on in release builds). tests/e2e/one-binary.test.js starts it from `/`, alone.
cargo build --release -p demo --features embedded-ssr
cargo build -p demo
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error && npm test)

step "Serving under attack: the release demo (tests/serving-check; docs/reliability.md)"
# Slow headers and bodies, idle HTTP/2, unanswered pings, SIGTERM under attack, a low
# open-file limit and deep SSR renders, each with its bound. scripts/starters.sh runs the same
# against a generated starter.
cargo build -q --release -p serving-check
"$target/release/serving-check" --binary "$target/release/demo" --page /about --post /tasks --thread /labs/thread

step "Load soak, quick (10 s of mixed visits against the demo; docs/reliability.md)"
bash scripts/soak.sh 10
# The same against the one-binary build: every first visit is rendered by the QuickJS engines.
DEMO="$target/release/demo" bash scripts/soak.sh 10 ssr

step "Rolling deploy behind nginx (two builds, 16 Inertia clients; docs/reliability.md)"
PATH="$PATH:/usr/sbin" bash scripts/rolling-deploy.sh 16 200 drain

step "Rolling deploy without sticky sessions: 8 Chromium tabs, 3 servers replaced one at a time (guide: deployment)"
# With the build history and nginx's retry on 404: nothing fails or is lost. Without them: the
# same run must count failures, or it would prove nothing.
PATH="$PATH:/usr/sbin" bash scripts/skew-deploy.sh 8 protected
PATH="$PATH:/usr/sbin" bash scripts/skew-deploy.sh 8 unprotected
# The guide's HAProxy configuration, with a real HAProxy: every file of both builds is served;
# without the retry on 404, some are not.
PATH="$PATH:/usr/sbin" bash scripts/haproxy-retry.sh protected
PATH="$PATH:/usr/sbin" bash scripts/haproxy-retry.sh unprotected

step "Two servers behind nginx, round robin, no sticky sessions (docs/reliability.md)"
PATH="$PATH:/usr/sbin" bash scripts/two-servers.sh cookie
PATH="$PATH:/usr/sbin" bash scripts/two-servers.sh redis

step "Starters: every \`cargo inertia new\` variant built, run and driven in Chromium"
bash scripts/starters.sh

step "The tests left the tree as they found it"
tree_after="$(git status --porcelain --untracked-files=all)"
if [ "$tree_after" != "$tree_before" ]; then
  echo "The test run changed the tree (a check that wrote instead of comparing?):" >&2
  diff <(echo "$tree_before") <(echo "$tree_after") >&2 || true
  exit 1
fi

step "All checks passed"
# How much disk the run took, so a machine's margin can be read off a passing run.
du -sh "${CARGO_TARGET_DIR:-target}" 2>/dev/null || true
df -h . | tail -1
