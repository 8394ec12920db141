#!/usr/bin/env bash
# The benchmarks behind docs/performance.md, in one run (about 20 minutes on 2 cores):
#   1. in-process time per request, every adapter side by side (criterion), plus a baseline
#      of this crate built without its `ssr` feature;
#   2. instructions per request (callgrind; deterministic) when valgrind is installed;
#   3. whole-server requests/s and latency over loopback (wrk) when wrk is installed;
#   4. compile time of `vite_version!` on a 1 MB manifest and of 100 `#[inertia_page]`
#      handlers against the same handlers written by hand.
# The tables go to target/bench/report.md (and stdout). Not part of CI: it measures, it does
# not check; the allocation budget is checked by `cargo test` (bench/tests/allocations.rs).
#
#   apt-get install -y valgrind wrk   # optional, for parts 2 and 3
#   bash scripts/bench.sh                       # every part
#   bash scripts/bench.sh instructions report   # only the parts named (criterion,
#                                               # instructions, wrk, compile, report)
set -euo pipefail
cd "$(dirname "$0")/.."
target="$(cd "${CARGO_TARGET_DIR:-target}" 2>/dev/null && pwd || echo "$PWD/target")"
out="$target/bench"
mkdir -p "$out"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
parts=("$@")
want() { [ ${#parts[@]} -eq 0 ] || [[ " ${parts[*]} " == *" $1 "* ]]; }

if want criterion; then
step "In process, without the ssr feature (baseline 'nossr')"
cargo bench -p inertia-bench --no-default-features --bench requests -- --save-baseline nossr '^(request/(json|html)|(json|html)/2KB/ours)$'

step "In process, every adapter (criterion)"
# One process per adapter: in one process, each adapter's allocations leave the heap in a
# state that changed the next one's figures by up to 20%.
cargo build -q --release -p inertia-bench --features peers --benches
for filter in '^request/' '/axum-json$' '/ours$' '/veer$' '/axum-inertia$' '/inertia-rust$'; do
  cargo bench -p inertia-bench --features peers --bench requests -- "$filter"
done
cargo bench -p inertia-bench --bench compile
fi

if want instructions && command -v valgrind >/dev/null; then
  step "Instructions per request (callgrind)"
  cargo build --release -q -p inertia-bench --example profile
  : >"$out/instructions.txt"
  count() { # adapter scenario rows iterations -> instructions
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$target/release/examples/profile" "$@" 2>&1 |
      sed -n 's/.*refs: *//p' | tr -d ,
  }
  for run in "axum-json json 16" "ours json 16" "ours html 16" "ours 409 16" \
             "axum-json json 1600" "ours json 1600" "ours html 1600"; do
    # The difference of two runs removes the one-off set-up from the per-request figure.
    set -- $run
    iterations=$(( $3 > 100 ? 200 : 2000 ))
    a=$(count "$1" "$2" "$3" "$iterations")
    b=$(count "$1" "$2" "$3" $((iterations * 2)))
    echo "$1/$2/$3 $(( (b - a) / iterations ))" | tee -a "$out/instructions.txt"
  done
  # The same pages from a build without the `ssr` feature.
  cargo build --release -q -p inertia-bench --no-default-features --example profile
  for scenario in json html; do
    a=$(count ours "$scenario" 16 2000)
    b=$(count ours "$scenario" 16 4000)
    echo "ours-nossr/$scenario/16 $(( (b - a) / 2000 ))" | tee -a "$out/instructions.txt"
  done
  cargo build --release -q -p inertia-bench --example profile
fi

if want wrk && command -v wrk >/dev/null; then
  step "Whole server over loopback (wrk)"
  cargo build --release -q -p inertia-bench --features peers --bin bench-server
  : >"$out/wrk.txt"
  for adapter in axum-json ours veer axum-inertia inertia-rust; do
    for scenario in json html; do
      if [ "$adapter" = axum-json ] && [ "$scenario" = html ]; then continue; fi
      log="$out/server-$adapter.log"
      "$target/release/bench-server" "$adapter" 16 >"$log" 2>&1 &
      pid=$!
      for _ in $(seq 50); do grep -q listening "$log" && break; sleep 0.1; done
      url="$(sed -n 's/.*listening on //p' "$log" | head -1)"
      headers=()
      if [ "$scenario" = json ]; then headers=(-H "X-Inertia: true" -H "X-Inertia-Version: 0123456789abcdef"); fi
      result="$(wrk -t1 -c32 -d5s --latency "${headers[@]}" "$url/")"
      kill "$pid"; wait "$pid" 2>/dev/null || true
      rps="$(echo "$result" | sed -n 's/^Requests\/sec: *//p')"
      p50="$(echo "$result" | awk '$1 == "50%" {print $2}')"
      p99="$(echo "$result" | awk '$1 == "99%" {print $2}')"
      echo "$adapter/$scenario-2KB $rps $p50 $p99" | tee -a "$out/wrk.txt"
    done
  done
fi

if want compile; then
step "Compile time"
bash scripts/compile-bench.sh "$out/compile.txt"
fi

want report || exit 0
step "Report"
cargo run -q --release -p inertia-bench --bin bench-report -- "$target" | tee "$out/report.md"
echo
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), rustc $(rustc --version | cut -d' ' -f2)" | tee -a "$out/report.md"
