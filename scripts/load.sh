#!/usr/bin/env bash
# Load test of `rassegna serve` (issue 14), for docs/BENCHMARKS.md.
#
# Builds the DICE x10 corpus (as scripts/bench.sh does, under target/bench/)
# and its index once, starts the server on it, and runs wrk beside it on the
# same machine: GET /api/search with the 1,000 queries of
# ../shared/data/dice-queries.tsv in turn (scripts/load.lua), 50 connections,
# 2 threads, 30 seconds, twice:
#   1. top 10 with snippets, no facets (facets=none);
#   2. what the page asks for: top 10 with snippets, the persons facet and
#      the timeline over the whole result set (facets=persons,timeline).
# Prints wrk's report (requests/s, latency percentiles, errors, non-2xx),
# the load of the machine before each run, and the server's CPU time per
# request served (user + system, from /proc; less sensitive to other work
# on the machine than requests/s).
#
# Usage: bash scripts/load.sh [--scale N] [--duration 30s] [--connections 50]
#                             [--rebuild-index]
# The index is built once and kept; --rebuild-index builds it anew (an index
# built by an older rassegna keeps that version's layout, e.g. its stored
# blocks, docs/ARCHITECTURE.md).
# Needs: wrk (apt-get install -y wrk); installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

scale=10
duration=30s
connections=50
rebuild=0
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="${2:?}"; shift 2 ;;
    --duration) duration="${2:?}"; shift 2 ;;
    --connections) connections="${2:?}"; shift 2 ;;
    --rebuild-index) rebuild=1; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

dice=../shared/data/dice
queries=../shared/data/dice-queries.tsv
if [ ! -d "$dice" ] || [ ! -f "$queries" ]; then
  echo "SKIP: $dice or $queries not found (the load test needs the shared data sets beside the repository)"
  exit 0
fi
command -v wrk >/dev/null 2>&1 || { echo "missing: wrk -- install with: apt-get install -y wrk" >&2; exit 1; }

bench=target/bench
mkdir -p "$bench"
# shellcheck source=scripts/scaled-corpus.sh
source scripts/scaled-corpus.sh
make_corpus "$scale"
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/rassegna"
index="$bench/index-x$scale"
if [ "$rebuild" = 1 ]; then
  "$bin" index --rebuild --corpus "$bench/corpus-x$scale" --index "$index"
elif ! "$bin" search '*' --index "$index" --limit 1 >/dev/null 2>&1; then
  "$bin" index --corpus "$bench/corpus-x$scale" --index "$index"
fi

port=$((20000 + RANDOM % 20000))
"$bin" serve --index "$index" --addr "127.0.0.1:$port" 2>"$bench/serve.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q "^Serving" "$bench/serve.log" && break
  sleep 0.1
done
grep "^Serving" "$bench/serve.log"

# The server's user + system CPU time so far, in clock ticks (Linux /proc;
# empty elsewhere).
server_cpu_ticks() {
  awk '{ print $14 + $15 }' "/proc/$server/stat" 2>/dev/null || true
}

echo "== machine: $(nproc) cores; rassegna $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
for facets in none persons,timeline; do
  # A warm-up run (page cache, per-segment caches).
  wrk -t2 -c"$connections" -d5s -s scripts/load.lua "http://127.0.0.1:$port" -- "$queries" "facets=$facets" >/dev/null
  echo "== facets=$facets; $(uptime)"
  echo "wrk -t2 -c$connections -d$duration --latency -s scripts/load.lua http://127.0.0.1:$port -- $queries facets=$facets"
  cpu_before=$(server_cpu_ticks)
  wrk -t2 -c"$connections" -d"$duration" --latency -s scripts/load.lua "http://127.0.0.1:$port" -- "$queries" "facets=$facets" | tee "$bench/wrk.log"
  cpu_after=$(server_cpu_ticks)
  served=$(sed -nE 's/^summary: ([0-9]+) requests.*/\1/p' "$bench/wrk.log")
  if [ -n "$cpu_before" ] && [ -n "$cpu_after" ] && [ -n "$served" ] && [ "$served" -gt 0 ]; then
    awk -v t="$(( cpu_after - cpu_before ))" -v hz="$(getconf CLK_TCK)" -v n="$served" \
      'BEGIN { printf "server CPU: %.1f s user+system, %.3f ms per request\n", t / hz, t / hz * 1000 / n }'
  fi
done
