#!/usr/bin/env bash
# Every starter `cargo inertia new` writes, made from this checkout in a temporary directory,
# then: formatted and lint-clean, its own tests passing, built with `cargo inertia build`,
# driven in Chromium as its release binary (tests/e2e/starters/browser.js: first visit,
# navigation, deferred prop, partial reload, form errors then flash, error page, a rebuild
# with changed assets giving one 409 and a full reload while still serving the files of the
# build before it (the build history), SSR hydration), and run with `cargo
# inertia dev` (tests/e2e/starters/dev.js: modules from Vite, HMR, restart on a Rust edit,
# Ctrl-C stops everything and removes the hot file); the first variant's release binary also
# goes through tests/serving-check (the attacks of docs/reliability.md).
#
#   bash scripts/starters.sh                  # React, Vue and Svelte, with and without --ssr --typescript
#   bash scripts/starters.sh vue:ssr,ts       # one: FRAMEWORK[:ssr][,ts]
#
# All apps build in this workspace's target directory and with its Cargo.lock, so the
# dependencies compile once for all of them; npm's cache is shared too.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
target="$(cd "${CARGO_TARGET_DIR:-target}" 2>/dev/null && pwd || echo "$PWD/target")"
export CARGO_TARGET_DIR="$target"
export NO_COLOR=1

step() { printf '\n\033[1m--> %s\033[0m\n' "$*"; }

work="$(mktemp -d "${TMPDIR:-/tmp}/inertia-starters.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# Installed as the README says (`cargo install --path cargo-inertia`; a debug build here, from
# the shared target directory) and run as `cargo inertia`: apps it makes use this checkout's
# crates, without `--path`.
# It installs without a warning (the workspace's per-crate opt-levels are in
# .cargo/config.toml, where a crate outside the build is not one).
cargo install --locked --debug --path cargo-inertia --root "$work/tools" 2>"$work/install.log" ||
  { cat "$work/install.log" >&2; exit 1; }
if grep '^warning:' "$work/install.log" | grep -v 'to your PATH'; then
  echo "cargo install --path cargo-inertia warns (above)" >&2
  exit 1
fi
export PATH="$work/tools/bin:$PATH"
cli="$work/tools/bin/cargo-inertia"
(cd tests/e2e && [ -d node_modules/axe-core ] || npm ci --no-audit --no-fund --loglevel=error)

# The route helpers (src/routes.rs → frontend/src/routes.ts) make a stale URL a type error:
# renaming a route, changing a route's parameter and misspelling a form field each make the
# frontend's type check fail, naming the mistake; with the files as generated, it passes.
typed_routes_check() {
  local app="$1" saved="$work/saved-sources"
  rm -rf "$saved" && mkdir -p "$saved/frontend"
  cp -r "$app/src" "$saved/src" && cp -r "$app/frontend/src" "$saved/frontend/src"
  restore() {
    rm -rf "$app/src" "$app/frontend/src"
    cp -r "$saved/src" "$app/src" && cp -r "$saved/frontend/src" "$app/frontend/src"
  }
  # $1 what changed, $2 what the type checker must say; the change is made before the call.
  must_fail() {
    (cd "$app" && INERTIA_WRITE_TYPES=1 cargo test -q generated_files_are_current >/dev/null 2>&1) ||
      { echo "$1: the app does not compile or generate" >&2; exit 1; }
    if (cd "$app/frontend" && npm run -s typecheck >"$work/typecheck.log" 2>&1); then
      echo "$1: the frontend still type-checks" >&2
      exit 1
    fi
    grep -q -- "$2" "$work/typecheck.log" || {
      echo "$1: the type check failed, but not naming '$2':" >&2
      cat "$work/typecheck.log" >&2
      exit 1
    }
    echo "  $1: the type check fails ($(grep -c -- "$2" "$work/typecheck.log") × $2)"
    restore
  }
  sed -i 's/"contacts.index"/"contacts.list"/' "$app/src/routes.rs"
  must_fail "route contacts.index renamed contacts.list" "'index'"
  sed -i 's|"/contacts/{contact}|"/contacts/{id}|' "$app/src/routes.rs"
  sed -i 's/^    contact: i64,/    id: i64,/; s/Path(ContactPath { contact })/Path(ContactPath { id: contact })/' "$app/src/contacts.rs"
  must_fail "parameter {contact} renamed {id}" "'contact'"
  sed -i "s/useForm<ContactForm>({ name: ''/useForm<ContactForm>({ nmae: ''/" "$app"/frontend/src/Pages/Contacts/Create.*
  must_fail "form field name misspelled nmae" "'nmae'"
  # As generated, everything passes again and the files are unchanged.
  (cd "$app" && cargo test -q generated_files_are_current >/dev/null 2>&1 && cd frontend && npm run -s typecheck >/dev/null)
  echo "  as generated: the type check passes; routes.ts is $(stat -c %s "$app/frontend/src/routes.ts") bytes"
}

# The queries' compile-time data the app is written with (.sqlx/, from the template's
# app/sqlx/) is what sqlx makes from its migrations: a migrated database (the release binary
# makes one at startup), then the app compiled against it, writing its data to a directory of
# its own. A changed query or migration fails here until the template's data is made again
# (this function writes it there with UPDATE_SQLX=1).
sqlx_data_check() {
  local app="$1" binary="$2" db="$work/sqlx-check" log="$work/sqlx-check.log"
  rm -rf "$db" && mkdir -p "$db/data"
  DATABASE_URL="sqlite:$db/data/app.sqlite" HOST=127.0.0.1 PORT=0 "$binary" >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  mkdir -p "$db/sqlx"
  touch "$app/src/main.rs"
  (cd "$app" && DATABASE_URL="sqlite:$db/data/app.sqlite" SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$db/sqlx" cargo build -q)
  if [ "${UPDATE_SQLX:-0}" = 1 ]; then
    rm -f cargo-inertia/templates/app/sqlx/*.json && cp "$db/sqlx/"*.json cargo-inertia/templates/app/sqlx/
    echo "  written: cargo-inertia/templates/app/sqlx/ (list its files in cargo-inertia/src/starter.rs)"
  fi
  diff -r "$db/sqlx" "$app/.sqlx" ||
    { echo "the queries' data (.sqlx/) is stale: run UPDATE_SQLX=1 bash scripts/starters.sh react" >&2; exit 1; }
  echo "  .sqlx/: $(ls "$db/sqlx" | wc -l) queries, as sqlx makes them from the migrations"
  touch "$app/src/main.rs"
}

variants=("$@")
if [ ${#variants[@]} -eq 0 ]; then
  variants=(react:ssr,ts vue:ssr,ts svelte:ssr,ts react vue svelte)
fi

figures=()
for variant in "${variants[@]}"; do
  framework="${variant%%:*}"
  options="${variant#"$framework"}"
  flags=(--"$framework")
  ssr=0
  ts=0
  name="$framework"
  case "$options" in *ssr*) flags+=(--ssr); ssr=1; name+="-ssr" ;; esac
  case "$options" in *ts*) flags+=(--typescript); ts=1; name+="-ts" ;; esac
  app="$work/$name-app"
  bin="$name-app"
  began=$SECONDS

  step "cargo inertia new $name-app ${flags[*]}"
  cargo inertia new "$app" "${flags[@]}"
  # The dependency versions this workspace is tested with.
  cp Cargo.lock "$app/"
  # This checkout's crates, through a path relative to the app: no path of this machine in
  # the manifest, so the app can be moved or cloned beside the checkout.
  (cd "$app" && cargo pkgid inertia-runtime) | grep -q "^path+file://$repo/inertia-runtime#" ||
    { echo "$app does not build with this checkout's crates" >&2; exit 1; }
  if grep -q "\"$repo" "$app/Cargo.toml"; then
    echo "$app/Cargo.toml names this machine's path $repo" >&2
    exit 1
  fi

  if [ "$variant" = "${variants[0]}" ]; then
    # Its CI workflow formats, lints and tests; the Dockerfile's stages make the image.
    step "$name: the steps of its CI workflow and of its Dockerfile, carried out (tests/e2e/starters/recipes.js)"
    (cd tests/e2e && STARTER_DIR="$app" node --test --test-reporter=spec starters/recipes.js)
  else
    step "$name: formatted, lint-clean (Rust and frontend), its tests pass"
    (cd "$app" && cargo fmt --check && cargo clippy -q --all-targets -- -D warnings && cargo test -q)
    (cd "$app/frontend" && npm run -s lint)
  fi

  if [ "$ts" = 1 ]; then
    step "$name: a change to the Rust routes fails the frontend's type check until the frontend follows"
    typed_routes_check "$app"
  fi

  step "$name: cargo inertia build, twice (the second after a change to the CSS)"
  (cd "$app" && cargo inertia build)
  cp "$target/release/$bin" "$work/$bin-a"
  printf '\nbody {\n  --build: "b";\n}\n' >> "$app/frontend/src/app.css"
  (cd "$app" && cargo inertia build)
  cp "$target/release/$bin" "$work/$bin-b"

  step "$name: the release binary in Chromium"
  (cd tests/e2e && STARTER_FRAMEWORK="$framework" STARTER_SSR="$ssr" STARTER_DIR="$app" \
    STARTER_BINARY="$work/$bin-a" STARTER_BINARY_B="$work/$bin-b" \
    node --test --test-reporter=spec starters/browser.js)

  if [ "$variant" = "${variants[0]}" ]; then
    step "$name: the queries' data (.sqlx/) is what sqlx makes from the migrations"
    sqlx_data_check "$app" "$work/$bin-a"
    # One variant is enough: every starter serves with the same inertia_runtime::server.
    step "$name: the release binary under attack (tests/serving-check)"
    cargo build -q --release -p serving-check
    "$target/release/serving-check" --binary "$work/$bin-a" --page /login --post /login --env "DATABASE_URL=sqlite:$work/serving-check.sqlite"
  fi

  step "$name: cargo inertia dev"
  (cd tests/e2e && STARTER_FRAMEWORK="$framework" STARTER_SSR="$ssr" STARTER_TS="$ts" STARTER_DIR="$app" CARGO_INERTIA="$cli" \
    node --test --test-reporter=spec starters/dev.js)
  # The figures cargo-inertia/README.md gives: binary and SSR bundle sizes, the bundle's load
  # time in the engines at startup (from the binary's own log), the time of the whole check.
  size="$(stat -c %s "$work/$bin-a")"
  bundle=""
  load=""
  if [ "$ssr" = 1 ]; then
    bundle=" ssr_bundle_bytes=$(stat -c %s "$app/frontend/ssr/ssr.js")"
    log="$work/$bin-start.log"
    DATABASE_URL="sqlite:$work/$bin-figures.sqlite" HOST=127.0.0.1 PORT=0 RUST_LOG=info NO_COLOR=1 "$work/$bin-a" >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    load=" ssr_load=$(sed -n 's/.*bundle loaded.* load=\([^ ]*\).*/\1/p' "$log" | head -1)"
  fi
  figures+=("$name: check $((SECONDS - began)) s, binary_bytes=$size$bundle$load")
  echo "${figures[-1]}"
done

printf '\nfigures (cargo-inertia/README.md):\n'
printf '  %s\n' "${figures[@]}"
