# Sourced by scripts/bench.sh and scripts/load.sh: builds the scaled corpora
# of ../shared/data/dice. Needs $dice (the DICE folder) and $bench (where the
# corpora go) set by the caller.
#
# make_corpus N: $bench/corpus-xN holds N copies of dice as hard links,
# corpus-xN/copy-NN/YEAR/ID.txt, so that every copy's articles have distinct
# ids (an id is the path within the corpus); rebuilt only when incomplete.
make_corpus() {
  local n=$1 dir="$bench/corpus-x$1"
  if [ -f "$dir/.complete" ]; then return; fi
  rm -rf "$dir"
  mkdir -p "$dir"
  local i copy
  for ((i = 0; i < n; i++)); do
    copy=$(printf 'copy-%02d' "$i")
    mkdir "$dir/$copy"
    # Hard links cost no space; fall back to a real copy across file systems.
    cp -al "$dice"/. "$dir/$copy"/ 2>/dev/null || cp -a "$dice"/. "$dir/$copy"/
  done
  touch "$dir/.complete"
}
