#!/bin/sh
# worker_bench.sh: what screening on a message broker costs (issue 18):
# zeef worker against a RabbitMQ node of its own (tests/worker/broker.sh),
# with 1, 2 and 4 workers and batches of 100, 1,000 and 10,000 travellers,
# against `zeef screen` of the same travellers in one process in the same
# run (the baseline). The travellers are screen_bench's fictitious ones
# (names from real name data of many origins, listed people among them;
# `screen_bench --write-travellers`), repeated to TRAVELLERS, screened
# against UN + OFAC SDN. Every batch is one CSV message; all are published
# before the workers start, and the time runs from the workers' start (their
# lists loaded, as the baseline loads them) to the last batch whose results
# the broker confirmed. Reported: travellers/s, the time beyond the
# baseline's a traveller and a batch, and the CPU time the broker (its
# Erlang VM) spent a traveller; each the median of three runs.
#
#   sh bench/worker_bench.sh [ZEEF] [TRAVELLERS] [DATA_DIR]
#   (defaults build/zeef, 50000, ../shared/data; needs build/bench/screen_bench)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ZEEF=${1:-$ROOT/build/zeef}
case "$ZEEF" in /*) ;; *) ZEEF=$ROOT/$ZEEF ;; esac
N=${2:-50000}
DATA=${3:-$ROOT/../shared/data}
T=$(mktemp -d /tmp/zeef-worker-bench-XXXXXX)
. "$ROOT/tests/worker/broker.sh"
"$(dirname "$ZEEF")/bench/screen_bench" "$DATA" --write-travellers "$T/pool.csv" >/dev/null || exit 2
broker_start || exit 1
set -- --list "UN=$DATA/un-consolidated/consolidated.xml" --list "OFAC=$DATA/ofac-sdn"
now() { date +%s.%N; }

# N travellers: the pool's rows in turn, each with an id of its own
awk -v n="$N" 'NR == 1 { print; next } { row[++k] = $0 } END {
  for (i = 1; i <= n; i++) { r = row[(i - 1) % k + 1]; sub(/^[^,]*/, "T" i, r); print r }
}' "$T/pool.csv" >"$T/all.csv"
batches() { # S: batch files $T/batch.NNNN, each with the header
  rm -f "$T"/batch.*
  tail -n +2 "$T/all.csv" | split -l "$1" -a 4 -d - "$T/part."
  for f in "$T"/part.*; do
    { head -1 "$T/all.csv"; cat "$f"; } >"$T/batch.${f##*.}"
    rm -f "$f"
  done
}

median() { sort -n | sed -n 2p; } # of three
base=$(for r in 1 2 3; do
  t0=$(now)
  "$ZEEF" screen -q "$@" "$T/all.csv" >/dev/null
  echo "$(now) - $t0" | bc
done | median)
printf 'machine: %s, %s cores; %s travellers against UN + OFAC SDN; medians of 3 runs\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(nproc)" "$N"
printf 'baseline: zeef screen, one process: %.2f s, %.0f travellers/s\n\n' "$base" "$(echo "$N / $base" | bc -l)"
printf '| workers | threads each | batch | seconds | travellers/s | ratio to baseline | time beyond the baseline a traveller | a batch | broker CPU a traveller |\n|---|---|---|---|---|---|---|---|---|\n'
# the broker's CPU time so far, in clock ticks
broker_ticks() { awk '{ print $14 + $15 }' "/proc/$(cat "$T/n1/pid")/stat"; }

once() { # WORKERS THREADS BATCH, then the lists: prints the seconds
  k=$1
  th=$2
  s=$3
  shift 3
  q="bench.$k.$s"
  # the results queue anew; a worker declares the queues (quorum queues),
  # then leaves
  amqp-delete-queue -u "$URL" -q "$q.kept" >/dev/null 2>&1
  "$ZEEF" worker --amqp "$URL" --in "$q" --out "$q.out" --keep-results "$q.kept" "$@" >"$T/w0.log" 2>&1 &
  log_has "$T/w0.log" consuming
  kill "$!"
  wait "$!" # (not the broker's shell: it runs till the end)
  rm -f "$T/w0.log"
  for f in "$T"/batch.*; do amqp-publish -u "$URL" -r "$q" -C text/csv -p <"$f"; done
  PIDS=""
  w=1
  t0=$(now)
  b0=$(broker_ticks)
  while [ $w -le "$k" ]; do
    "$ZEEF" worker --amqp "$URL" --in "$q" --out "$q.out" --keep-results "$q.kept" --threads "$th" \
      --prefetch 2 "$@" >"$T/w$w.log" 2>&1 &
    PIDS="$PIDS $!"
    w=$((w + 1))
  done
  # a batch is done when its worker says so, after the broker confirmed
  # its results
  until [ "$(cat "$T"/w*.log 2>/dev/null | grep -c ' records, ')" -ge "$nb" ]; do sleep 0.02; done
  echo "$(now) - $t0" | bc
  echo $(($(broker_ticks) - b0)) >>"$T/ticks"
  for p in $PIDS; do kill "$p" 2>/dev/null; done
  for p in $PIDS; do wait "$p" 2>/dev/null; done
  rm -f "$T"/w*.log
}

run() { # WORKERS THREADS BATCH, then the lists
  batches "$3"
  nb=$(ls "$T"/batch.* | wc -l)
  : >"$T/ticks"
  secs=$(for r in 1 2 3; do once "$@"; done | median)
  ticks=$(median <"$T/ticks")
  printf '| %s | %s | %s | %.2f | %.0f | %.2f | %.1f µs | %.2f ms | %.1f µs |\n' "$1" "$2" "$3" "$secs" "$(echo "$N / $secs" | bc -l)" \
    "$(echo "$base / $secs" | bc -l)" "$(echo "($secs - $base) * 1000000 / $N" | bc -l)" \
    "$(echo "($secs - $base) * 1000 / $nb" | bc -l)" "$(echo "$ticks * 1000000 / $(getconf CLK_TCK) / $N" | bc -l)"
}

run 1 2 1000 "$@"
run 2 1 1000 "$@"
run 4 1 1000 "$@"
run 2 1 100 "$@"
run 2 1 10000 "$@"
