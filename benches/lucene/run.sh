#!/usr/bin/env bash
# The Lucene anchor (called by scripts/bench.sh --lucene with the scales):
# compiles benches/lucene/LuceneBench.java against Debian's Lucene jars and,
# for each scale's corpus under target/bench/, indexes it under GNU time -v
# and runs the latency queries. Needs: apt-get install -y liblucene8-java
# default-jdk-headless. Installs nothing itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
jars=/usr/share/java
core=$(ls "$jars"/lucene-core-8*.jar 2>/dev/null | head -1 || true)
if [ -z "$core" ] || ! command -v javac >/dev/null 2>&1; then
  echo "SKIP lucene: needs Lucene 8 and a JDK -- apt-get install -y liblucene8-java default-jdk-headless"
  exit 0
fi
version=$(basename "$core" .jar | sed 's/lucene-core-//')
cp=""
for m in core analyzers-common queryparser highlighter queries memory; do
  cp="$cp:$(ls "$jars"/lucene-$m-"$version".jar)"
done
cp=${cp#:}
out=target/bench/lucene
mkdir -p "$out/classes"
javac -nowarn -d "$out/classes" -cp "$cp" benches/lucene/LuceneBench.java
rounds=${LUCENE_ROUNDS:-7}
rows=()
for n in "$@"; do
  corpus=target/bench/corpus-x$n
  index=$out/index-x$n
  [ -d "$corpus" ] || { echo "SKIP lucene x$n: $corpus not built"; continue; }
  echo "== lucene $version x$n: indexing (ItalianAnalyzer, 2 threads, 256 MB buffer, one commit) under GNU time -v"
  rm -rf "$index"
  /usr/bin/time -v java -cp "$out/classes:$cp" LuceneBench index "$corpus" "$index" 2>"$out/time-x$n.txt"
  wall=$(grep -F 'Elapsed (wall clock)' "$out/time-x$n.txt" | sed 's/.*: //' \
    | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }')
  user=$(grep -F 'User time' "$out/time-x$n.txt" | sed 's/.*: //')
  sys=$(grep -F 'System time' "$out/time-x$n.txt" | sed 's/.*: //')
  rss=$(grep -F 'Maximum resident' "$out/time-x$n.txt" | sed 's/.*: //')
  size=$(du -sb "$index" | awk '{ printf "%.1f", $1 / 1e6 }')
  rows+=("| x$n | $wall | $user + $sys | $((rss / 1024)) | $size |")
  echo "== lucene x$n: queries ($rounds rounds)"
  java -cp "$out/classes:$cp" LuceneBench query "$index" ../shared/data/dice-queries.tsv "$rounds"
done
echo
echo "## Lucene $version indexing (JVM start included)"
echo
echo "| scale | wall s | CPU user + sys s | peak RSS MiB | index MB |"
echo "| --- | ---: | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
