#!/usr/bin/env bash
# Indexing time and peak memory on ../shared/data/dice, and the latency of a
# few searches through the CLI (process start included), for docs/BENCHMARKS.md.
# Needs: hyperfine and GNU time (apt-get install hyperfine time).
# Run from the repository root: bash benches/index_dice.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dice=../shared/data/dice
[ -d "$dice" ] || { echo "SKIP: $dice not found"; exit 0; }
cargo build --release --quiet
bin=target/release/rassegna
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints the median of each command of a hyperfine JSON export.
median() {
  python3 - "$1" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("median %8.1f ms  %s" % (r["median"] * 1000, r["command"]))
PY
}

echo "== machine"; nproc; grep -m1 'model name' /proc/cpuinfo || true; free -g | head -2

echo "== index DICE: 5 runs (each a rebuild into the same folder)"
hyperfine --warmup 1 --runs 5 --export-json "$work/index.json" "$bin index --corpus $dice --index $work/index"
median "$work/index.json"

echo "== peak memory of one build (GNU time -v)"
rm -rf "$work/index"
/usr/bin/time -v "$bin" index --corpus "$dice" --index "$work/index" 2>&1 >/dev/null \
  | grep -E 'Maximum resident|Elapsed|Percent of CPU'

echo "== search latency through the CLI (process start included)"
hyperfine --warmup 3 --runs 30 -N -i --export-json "$work/search.json" \
  "$bin search carabinieri --index $work/index" \
  "$bin search \"rapina a mano armata\" --index $work/index" \
  "$bin search incident* --from 2015 --to 2018 --index $work/index" \
  "$bin search * --person muzzarelli --sort date --index $work/index" \
  "$bin persons --index $work/index"
median "$work/search.json"
