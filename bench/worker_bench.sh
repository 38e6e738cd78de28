#!/bin/sh
# worker_bench.sh: what screening on a message broker costs (issue 18):
# zeef worker against a RabbitMQ node of its own (tests/worker/broker.sh),
# with 1, 2 and 4 workers and batches of 100, 1,000 and 10,000 travellers,
# against `zeef screen` of the same travellers in one process in the same
# run (the baseline). Every batch is one JSON array; all are published
# before the workers start, and the time runs from the workers' start (their
# lists loaded, as the baseline loads them) to the last batch whose results
# the broker confirmed. Reported: travellers/s, and the broker's cost a
# traveller and a batch (the time beyond the baseline's).
#
#   sh bench/worker_bench.sh [ZEEF] [TRAVELLERS]   (default build/zeef, 60000)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ZEEF=${1:-$ROOT/build/zeef}
case "$ZEEF" in /*) ;; *) ZEEF=$ROOT/$ZEEF ;; esac
N=${2:-60000}
T=$(mktemp -d /tmp/zeef-worker-bench-XXXXXX)
PORT=${ZEEF_TEST_AMQP_PORT:-$((20000 + $$ % 20000))}
PIDS=""
. "$ROOT/tests/worker/broker.sh"
cleanup() {
  for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
  broker_stop
  rm -rf "$T"
}
trap cleanup EXIT INT TERM
broker_start || exit 1
LIST="UN=$ROOT/data/lists/un-consolidated.xml"
now() { date +%s.%N; }

# N travellers (one in 25 a listed person), as CSV for zeef screen and as
# JSON arrays of S a line for the broker
awk -v n="$N" 'BEGIN {
  print "id,name,birth_date,nationality"
  for (i = 1; i <= n; i++)
    if (i % 25 == 0) printf "T%d,Ayman al-Zawahiri,1951-06-19,EGY\n", i
    else printf "T%d,Traveller%d Number%d,19%02d-%02d-%02d,NLD\n", i, i % 977, i % 613, 50 + i % 50, 1 + i % 12, 1 + i % 28
}' >"$T/all.csv"
batches() { # S
  awk -F, -v s="$1" 'NR > 1 {
    line = line (line ? "," : "") sprintf("{\"id\":\"%s\",\"name\":\"%s\",\"birth_date\":\"%s\",\"nationality\":\"%s\"}", $1, $2, $3, $4)
    if (++k == s) { print "[" line "]"; line = ""; k = 0 }
  } END { if (k) print "[" line "]" }' "$T/all.csv"
}

t0=$(now)
"$ZEEF" screen -q --list "$LIST" "$T/all.csv" >/dev/null
base=$(echo "$(now) - $t0" | bc)
printf 'machine: %s, %s cores; %s travellers\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(nproc)" "$N"
printf 'baseline: zeef screen, one process: %.2f s, %.0f travellers/s\n\n' "$base" "$(echo "$N / $base" | bc -l)"
printf '| workers | threads each | batch | seconds | travellers/s | ratio to baseline | broker cost a traveller | a batch |\n|---|---|---|---|---|---|---|---|\n'

run() { # WORKERS THREADS BATCH
  k=$1
  th=$2
  s=$3
  q="bench.$k.$s"
  batches "$s" >"$T/b.jsonl"
  nb=$(wc -l <"$T/b.jsonl")
  # a worker declares the queues (quorum queues), then leaves
  "$ZEEF" worker --amqp "$URL" --in "$q" --out "$q.out" --keep-results "$q.kept" --list "$LIST" >"$T/w0.log" 2>&1 &
  i=0
  until grep -qs consuming "$T/w0.log"; do i=$((i + 1)); [ $i -gt 400 ] && break; sleep 0.05; done
  kill "$!"
  wait "$!" # (not the broker's shell: it runs till the end)
  rm -f "$T/w0.log"
  while read -r line; do printf '%s' "$line" | amqp-publish -u "$URL" -r "$q" -C application/json -p; done <"$T/b.jsonl"
  PIDS=""
  w=1
  t0=$(now)
  while [ $w -le "$k" ]; do
    "$ZEEF" worker --amqp "$URL" --in "$q" --out "$q.out" --keep-results "$q.kept" --threads "$th" \
      --prefetch 2 --list "$LIST" >"$T/w$w.log" 2>&1 &
    PIDS="$PIDS $!"
    w=$((w + 1))
  done
  # a batch is done when its worker says so, after the broker confirmed
  # its results
  until [ "$(cat "$T"/w*.log 2>/dev/null | grep -c ' records, ')" -ge "$nb" ]; do sleep 0.02; done
  secs=$(echo "$(now) - $t0" | bc)
  for p in $PIDS; do kill "$p" 2>/dev/null; done
  for p in $PIDS; do wait "$p" 2>/dev/null; done
  rm -f "$T"/w*.log
  printf '| %s | %s | %s | %.2f | %.0f | %.2f | %.1f µs | %.2f ms |\n' "$k" "$th" "$s" "$secs" "$(echo "$N / $secs" | bc -l)" \
    "$(echo "$base / $secs" | bc -l)" "$(echo "($secs - $base) * 1000000 / $N" | bc -l)" \
    "$(echo "($secs - $base) * 1000 / $nb" | bc -l)"
}

run 1 2 1000
run 2 1 1000
run 4 1 1000
run 2 1 100
run 2 1 10000
