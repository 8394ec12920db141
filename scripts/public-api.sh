#!/usr/bin/env bash
# The public API of the published library crates, one line per item (every path a user can
# name, the methods of public types with their signatures, the traits they implement), from
# rustdoc's JSON output on the stable toolchain (RUSTC_BOOTSTRAP=1, as docs/toolchain notes
# say). The listings are committed under docs/public-api/; the test command fails when the
# code's API differs from them, so every change to the API is a deliberate one:
#
#   bash scripts/public-api.sh           # check (the test command runs this)
#   bash scripts/public-api.sh --write   # after an intended change: write the listings,
#                                        # review the diff, note breaking changes in CHANGELOG.md
set -euo pipefail
cd "$(dirname "$0")/.."
target="$(cd "${CARGO_TARGET_DIR:-target}" 2>/dev/null && pwd || echo "$PWD/target")"
mode="${1:-check}"
status=0
for crate in inertia-runtime inertia-vite; do
  json="$target/doc/${crate//-/_}.json"
  RUSTC_BOOTSTRAP=1 cargo rustdoc -q -p "$crate" --all-features -- -Z unstable-options --output-format json
  listing="docs/public-api/$crate.txt"
  if [ "$mode" = --write ]; then
    mkdir -p docs/public-api
    node scripts/public-api/list.mjs "$json" >"$listing"
    echo "wrote $listing ($(wc -l <"$listing") lines)"
  elif ! diff -u "$listing" <(node scripts/public-api/list.mjs "$json"); then
    echo "The public API of $crate differs from $listing (above: - listed, + in the code)." >&2
    echo "If the change is intended: bash scripts/public-api.sh --write, and add it to CHANGELOG.md (a breaking one with its migration)." >&2
    status=1
  fi
done
exit $status
