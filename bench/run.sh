#!/bin/sh
# run.sh: runs the zeef benchmarks in order and prints each command line
# before its output.
#
#   sh bench/run.sh BUILD_DIR [DATA_DIR]
#
# BUILD_DIR holds bench/<name> binaries (as built by `make bench`).
# DATA_DIR defaults to ../shared/data relative to the repository root.
# Order: name_bench (skipped if not built), un_crossscript, token_pairs,
# speed, screen_bench, mrz_speed, paxlst_speed, pnrgov_speed, rules_speed, store_bench,
# then bench/serve.sh when wrk is installed and bench/bad_clients.py (slow
# and greedy clients) when python3 is installed. Exit status is non-zero if
# any program that ran failed or a required program is missing.

if [ $# -lt 1 ]; then
  echo "usage: sh bench/run.sh BUILD_DIR [DATA_DIR]" >&2
  exit 2
fi
BUILD=$1
ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 2
DATA=${2:-$ROOT/../shared/data}
if [ ! -d "$DATA" ]; then
  echo "run.sh: data directory not found: $DATA" >&2
  exit 2
fi

fail=0
for prog in name_bench un_crossscript token_pairs speed screen_bench mrz_speed paxlst_speed pnrgov_speed rules_speed store_bench; do
  bin=$BUILD/bench/$prog
  if [ ! -x "$bin" ]; then
    if [ "$prog" = name_bench ]; then
      echo "# skipped: $bin (not built)"
      echo
      continue
    fi
    echo "run.sh: missing $bin (run make bench)" >&2
    fail=1
    continue
  fi
  echo "\$ $bin $DATA"
  echo
  if ! "$bin" "$DATA"; then
    echo "run.sh: $prog failed" >&2
    fail=1
  fi
  echo
done
if command -v wrk >/dev/null 2>&1 && [ -x "$BUILD/zeef" ]; then
  echo "\$ sh bench/serve.sh $BUILD $DATA"; echo; sh "$ROOT/bench/serve.sh" "$BUILD" "$DATA" || { echo "run.sh: serve.sh failed" >&2; fail=1; }; echo
else
  echo "# skipped: bench/serve.sh (needs wrk and $BUILD/zeef)"; echo
fi
if command -v python3 >/dev/null 2>&1 && [ -x "$BUILD/zeef" ]; then
  echo "\$ python3 bench/bad_clients.py $BUILD $DATA"; echo
  python3 "$ROOT/bench/bad_clients.py" "$BUILD" "$DATA" || { echo "run.sh: bad_clients.py failed" >&2; fail=1; }; echo
else
  echo "# skipped: bench/bad_clients.py (needs python3 and $BUILD/zeef)"; echo
fi
exit $fail
