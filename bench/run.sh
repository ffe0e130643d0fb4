#!/usr/bin/env bash
# Whole-CB benchmark: generates corpora of 10,000 and 100,000 cases, then measures, in one
# run, the floor (read + serde_json parse of every file), and caselint with the full rule
# set at --jobs 1 and all cores: wall time, cases per second, ratio to the floor, peak RSS;
# the page cache is warmed first, so every run reads the same way.
# Usage: bash bench/run.sh [WORKDIR]   (needs ~1.6 GB of disk for the 100k corpus)
# ROUNDS=N (default 3): interleaved rounds; each figure is the quickest of its rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-target/bench-corpus}
cargo build --release --quiet
cargo build --release --benches --quiet
floor_bin=$(ls -t target/release/deps/floor-* | grep -v '\.d$' | head -1)
cores=$(nproc)
rounds=${ROUNDS:-3}
printf '| cases | run | wall s | cases/s | ratio to floor | peak RSS MB |\n|---|---|---|---|---|---|\n'
# A corpus is generated again when the generator (its code, bases or fixtures) has changed.
stamp=$(cat src/generate.rs src/generate/*.rs $(find tests/fixtures -type f | sort) | sha256sum | cut -c1-16)
for n in 10000 100000; do
  dir="$work/$n"
  if [ ! -f "$dir/truth.json" ] || [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$dir"
    ./target/release/caselint gen --cases "$n" --seed 1 --out "$dir" >/dev/null
    echo "$stamp" > "$dir/.stamp"
  fi
  measure() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1; }
  # Every run reads the corpus from a warm page cache: the floor, which runs first, would
  # otherwise pay for the disk alone.
  find "$dir/cases" -name '*.json' -exec cat {} + >/dev/null
  # The machine's speed drifts: the three runs are interleaved, $rounds times, and each keeps
  # its quickest time (and its largest resident set).
  declare -A best=() peak=()
  for ((round = 0; round < rounds; round++)); do
    for run in floor 1 "$cores"; do
      if [ "$run" = floor ]; then
        read -r s kb < <(measure "$floor_bin" "$dir/cases")
      else
        read -r s kb < <(measure ./target/release/caselint check "$dir/cases" --as-of 2025-12-31 --format json -j "$run")
      fi
      if [ -z "${best[$run]:-}" ] || [ "$(echo "$s < ${best[$run]}" | bc -l)" = 1 ]; then best[$run]=$s; fi
      if [ -z "${peak[$run]:-}" ] || [ "$kb" -gt "${peak[$run]}" ]; then peak[$run]=$kb; fi
    done
  done
  floor_s=${best[floor]}
  printf '| %d | floor (serde_json) | %.2f | %.0f | 1.0 | %.0f |\n' "$n" "$floor_s" "$(echo "$n / $floor_s" | bc -l)" "$(echo "${peak[floor]} / 1024" | bc -l)"
  for jobs in 1 "$cores"; do
    s=${best[$jobs]}
    printf '| %d | caselint --jobs %s | %.2f | %.0f | %.1f | %.0f |\n' "$n" "$jobs" "$s" "$(echo "$n / $s" | bc -l)" "$(echo "$s / $floor_s" | bc -l)" "$(echo "${peak[$jobs]} / 1024" | bc -l)"
  done
done
