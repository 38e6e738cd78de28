#!/bin/sh
# demo.sh: the `make demo` walk-through: compares the bundled name pairs
# (data/demo/pairs.tsv) and prints each score with its explanation.
set -eu
ZEEF=${1:-build/zeef}
grep -v '^#' data/demo/pairs.tsv | while IFS="$(printf '\t')" read -r a b why; do
  printf '\n== %s\n   "%s"  vs  "%s"\n' "$why" "$a" "$b"
  "$ZEEF" compare "$a" "$b" | sed 's/^/   /'
done
