#!/usr/bin/env bash
# Whole-run benchmark of issue 5 ("Fast at every size"), for docs/BENCHMARKS.md.
#
# Builds scaled corpora of ../shared/data/dice once, under target/bench/:
# corpus-xN/copy-NN/YEAR/ID.txt, N copies made of hard links (cp -al), so
# each copy's articles have distinct ids (the id is the path in the corpus).
# Then, for each scale:
#   - indexing: `rassegna index` under GNU time -v (wall, CPU, peak resident
#     memory) plus hyperfine runs where affordable (x1: 5, x10: 3, x50: none
#     beyond the timed build), articles/s, input MB/s, index size on disk;
#   - queries: the 1,000 queries of ../shared/data/dice-queries.tsv through
#     benches/query_latency.rs on that index (warm, one thread, top 10, with
#     and without snippets, p50/p95/p99 per kind);
# then the cold command (`rassegna search ...` as a whole process, hyperfine
# -N, page cache warm) on the x10 index (or the largest scale run), and a
# growth table (x1 -> x10 -> x50: time per article, query p50).
#
# Usage: bash scripts/bench.sh [--scales 1,10,50] [--quick] [--lucene]
#   --quick   fewer runs and rounds (CI); scales default to 1
#   --lucene  also index and query with Lucene's ItalianAnalyzer (benches/lucene/)
# Needs: hyperfine and GNU time (apt-get install -y hyperfine time); installs nothing.
# The copies are a benchmark artefact: rassegna caches nothing by content.
set -euo pipefail
cd "$(dirname "$0")/.."

scales=""
quick=0
lucene=0
while [ $# -gt 0 ]; do
  case "$1" in
    --scales) scales="${2:?--scales needs a list such as 1,10,50}"; shift 2 ;;
    --quick) quick=1; shift ;;
    --lucene) lucene=1; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$scales" ]; then
  if [ "$quick" = 1 ]; then scales=1; else scales=1,10,50; fi
fi
IFS=, read -r -a scale_list <<<"$scales"
for n in "${scale_list[@]}"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "--scales: '$n' is not a positive number" >&2; exit 2; }
done

dice=../shared/data/dice
queries=../shared/data/dice-queries.tsv
if [ ! -d "$dice" ] || [ ! -f "$queries" ]; then
  echo "SKIP: $dice or $queries not found (the benchmark needs the shared data sets beside the repository)"
  exit 0
fi
missing=()
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  echo "missing: ${missing[*]} -- install with: apt-get install -y ${missing[*]}" >&2
  exit 1
fi

bench=target/bench
mkdir -p "$bench"
results="$bench/results"
rm -rf "$results"
mkdir -p "$results"

echo "== building (release)"
cargo build --release --quiet
cargo bench --bench query_latency --no-run --quiet 2>/dev/null || cargo bench --bench query_latency --no-run
bin=target/release/rassegna

# Runs, rounds per scale.
index_runs() { # scale -> hyperfine runs of the build (0: the timed build alone)
  if [ "$quick" = 1 ]; then echo 0; return; fi
  case "$1" in 1) echo 5 ;; 10) echo 3 ;; *) echo 0 ;; esac
}
if [ "$quick" = 1 ]; then query_rounds=3; cold_runs=10; else query_rounds=7; cold_runs=30; fi

echo "== machine"
echo "cores: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); memory: $(free -g | awk '/^Mem:/ {print $2}') GiB"
echo "rassegna $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(rustc --version 2>/dev/null || true)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine makes timings noisy)"

# make_corpus N: corpus-xN, N hard-linked copies of dice.
# shellcheck source=scripts/scaled-corpus.sh
source scripts/scaled-corpus.sh

# Prints the median seconds of the first command of a hyperfine JSON export.
hyperfine_median() {
  python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"
}

# Reads one value from a GNU time -v report.
time_field() { grep -F "$2" "$1" | head -1 | sed 's/.*: //'; }

# "h:mm:ss" or "m:ss.ss" -> seconds.
to_seconds() {
  awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.3f", s }' <<<"$1"
}

for n in "${scale_list[@]}"; do
  corpus="$bench/corpus-x$n"
  index="$bench/index-x$n"
  echo
  echo "== x$n: corpus"
  make_corpus "$n"
  articles=$(find "$corpus" -name '*.txt' -type f | wc -l)
  bytes=$(find "$corpus" -name '*.txt' -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
  echo "$articles articles, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB in $corpus"

  echo "== x$n: indexing, timed build under GNU time -v"
  rm -rf "$index"
  /usr/bin/time -v "$bin" index --corpus "$corpus" --index "$index" >"$results/index-x$n.out" 2>"$results/time-x$n.txt" \
    || { cat "$results/time-x$n.txt" >&2; exit 1; }
  wall=$(to_seconds "$(time_field "$results/time-x$n.txt" 'Elapsed (wall clock)')")
  user=$(time_field "$results/time-x$n.txt" 'User time')
  sys=$(time_field "$results/time-x$n.txt" 'System time')
  rss_kb=$(time_field "$results/time-x$n.txt" 'Maximum resident')
  runs=$(index_runs "$n")
  median=$wall
  if [ "$runs" -gt 0 ]; then
    # Each run builds from scratch; a rebuild over an existing index (which
    # deletes the old documents first) is timed once apart, below.
    echo "== x$n: indexing, hyperfine $runs runs (each a fresh build: the folder is removed before)"
    hyperfine --runs "$runs" --prepare "rm -rf $index" --export-json "$results/index-x$n.json" \
      "$bin index --corpus $corpus --index $index" >"$results/hyperfine-index-x$n.txt"
    median=$(hyperfine_median "$results/index-x$n.json")
  fi
  size_mb=$(du -sb "$index" | awk '{ printf "%.1f", $1 / 1e6 }')
  if [ "$runs" -gt 0 ]; then
    # Once: `rassegna index` again over the index just built (a rebuild).
    start_ns=$(date +%s%N)
    "$bin" index --corpus "$corpus" --index "$index" >/dev/null 2>&1
    rebuild=$(awk -v a="$start_ns" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
    echo "x$n: rebuild over the existing index (one run): $rebuild s"
    echo "$n $rebuild" >>"$results/rebuild.tsv"
  fi
  echo "$n $articles $bytes $median $((runs > 0 ? runs : 1)) $user $sys $rss_kb $size_mb" >>"$results/index.tsv"
  echo "wall $median s (median of $((runs > 0 ? runs : 1))), CPU user $user s + sys $sys s, peak RSS $((rss_kb / 1024)) MiB, index $size_mb MB"

  echo "== x$n: queries (benches/query_latency.rs, $query_rounds rounds)"
  cargo bench --quiet --bench query_latency -- --index "$index" --rounds "$query_rounds" \
    2>/dev/null | tee "$results/queries-x$n.md"
done

# The cold command, on x10 or the largest scale run.
cold=""
for n in "${scale_list[@]}"; do
  if [ "$n" = 10 ]; then cold=10; fi
done
if [ -z "$cold" ]; then cold=$(printf '%s\n' "${scale_list[@]}" | sort -n | tail -1); fi
index="$bench/index-x$cold"
echo
echo "== cold command on the x$cold index: whole process (start, open, search, print), hyperfine -N, $cold_runs runs after 3 warm-ups"
hyperfine -N --warmup 3 --runs "$cold_runs" -i --export-json "$results/cold.json" \
  "$bin search carabinieri --index $index" \
  "$bin search \"rapina a mano armata\" --index $index" \
  "$bin search incident* --from 2015 --to 2018 --index $index" \
  "$bin search * --person muzzarelli --sort date --index $index" \
  "$bin persons --index $index" >"$results/hyperfine-cold.txt"

python3 - "$results" "$cold" <<'PY'
import json, re, sys
results, cold = sys.argv[1], sys.argv[2]

rows = [line.split() for line in open(f"{results}/index.tsv")]
print("\n## Indexing\n")
print("| scale | articles | input MB | wall s (runs) | articles/s | MB/s | CPU user + sys s | peak RSS MiB | index MB |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for n, arts, b, wall, runs, user, sys_, rss, size in rows:
    arts, b, wall = int(arts), int(b), float(wall)
    print(f"| x{n} | {arts:,} | {b/1e6:.1f} | {wall:.2f} ({runs}) | {arts/wall:,.0f} | {b/1e6/wall:.1f} "
          f"| {float(user):.2f} + {float(sys_):.2f} | {int(rss)/1024:.0f} | {size} |")

def tables(n):
    """{mode: {kind: (p50, p95, p99)}} from a query_latency output."""
    out, mode = {}, None
    for line in open(f"{results}/queries-x{n}.md"):
        if line.startswith("top 10, with snippets"):
            mode = "snippets"
        elif line.startswith("top 10, stored fields"):
            mode = "plain"
        m = re.match(r"\| ([a-z0-9-]+) \| (\d+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|", line)
        if m and mode:
            out.setdefault(mode, {})[m.group(1)] = tuple(float(m.group(i)) for i in (3, 4, 5))
    return out

q = {row[0]: tables(row[0]) for row in rows}
print("\n## Queries (warm, one thread, top 10): p50 / p95 / p99 ms\n")
kinds = ["term", "and2", "phrase", "person", "all", "person-text"]
print("| scale | mode | " + " | ".join(kinds) + " |")
print("| --- | --- | " + " | ".join("---:" for _ in kinds) + " |")
for n in q:
    for mode, label in (("snippets", "with snippets"), ("plain", "no snippets")):
        t = q[n].get(mode, {})
        cells = [" / ".join(f"{v:.3f}" for v in t[k]) if k in t else "-" for k in kinds]
        print(f"| x{n} | {label} | " + " | ".join(cells) + " |")

print(f"\n## Cold command (x{cold} index, whole process, hyperfine -N)\n")
print("| command | median ms | min ms | max ms |")
print("| --- | ---: | ---: | ---: |")
for r in json.load(open(f"{results}/cold.json"))["results"]:
    cmd = re.sub(r"^\S*/rassegna ", "rassegna ", r["command"]).replace(f" --index target/bench/index-x{cold}", "")
    print(f"| `{cmd}` | {r['median']*1000:.1f} | {r['min']*1000:.1f} | {r['max']*1000:.1f} |")

if len(rows) > 1:
    print("\n## Growth (relative to the smallest scale)\n")
    print("| scale | indexing µs per article | × | peak RSS MiB | query p50 ms, snippets | × | p50 ms, no snippets | × |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    base = None
    for n, arts, b, wall, runs, user, sys_, rss, size in rows:
        per = float(wall) / int(arts) * 1e6
        s = q[n].get("snippets", {}).get("all", (float("nan"),))[0]
        p = q[n].get("plain", {}).get("all", (float("nan"),))[0]
        if base is None:
            base = (per, s, p)
        print(f"| x{n} | {per:.0f} | {per/base[0]:.2f} | {int(rss)/1024:.0f} | {s:.3f} | {s/base[1]:.2f} | {p:.3f} | {p/base[2]:.2f} |")
PY

if [ "$lucene" = 1 ]; then
  echo
  if [ -f benches/lucene/run.sh ]; then bash benches/lucene/run.sh "${scale_list[@]}"; else echo "--lucene: benches/lucene/run.sh not found"; fi
fi
echo
echo "raw outputs: $results/"
