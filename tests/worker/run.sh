#!/bin/sh
# run.sh: `zeef worker` against a real RabbitMQ (make test-worker): a node
# started here on loopback ports in a temporary directory, and amqp-tools
# (amqp-publish, amqp-get) as the other programs on the broker.
#
#   1. batches of travellers in, results out with "input": {message,
#      position}; a message that is not traveller input and one larger than
#      --max-message go to the dead-letter queue with x-zeef-reason
#   2. a worker killed with SIGKILL in the middle of a large batch: another
#      worker takes the batch again; after dropping duplicates by (message,
#      position), every input record has exactly one result
#   3. two workers share the queue
#   4. a message on the control exchange loads the lists again; a list that
#      cannot be loaded leaves the old one in use, and the worker says so
#   5. with ZEEF_TEST_PG (tests/pg.sh), --store on PostgreSQL: a batch
#      published twice is stored once
#
# Every process started here is stopped at the end, pass or fail.
#
#   sh tests/worker/run.sh [ZEEF]      (default build/zeef)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ZEEF=${1:-$ROOT/build/zeef}
case "$ZEEF" in /*) ;; *) ZEEF=$ROOT/$ZEEF ;; esac
T=$(mktemp -d /tmp/zeef-worker-XXXXXX)
. "$ROOT/tests/worker/broker.sh"

broker_start || exit 1
echo "broker up on port $PORT"

# ----------------------------------------------------------------- helpers
LIST="UN=$ROOT/data/lists/un-consolidated.xml"
start_worker() { # NAME [ARGS...]
  name=$1
  shift
  "$ZEEF" worker --amqp "$URL" --in zeef.in --out zeef.out --keep-results zeef.kept --control zeef.control \
    --threads 2 --list "$LIST" "$@" >"$T/$name.log" 2>&1 &
  PIDS="$PIDS $!"
  eval "PID_$name=$!"
  log_has "$T/$name.log" "consuming zeef.in" 1 200 || { cat "$T/$name.log"; return 1; }
}
# a CSV batch of N travellers named B, one in ten a listed person
batch() {
  echo "id,name,birth_date,nationality"
  k=1
  while [ $k -le "$2" ]; do
    if [ $((k % 10)) -eq 0 ]; then echo "$1-$k,Ayman al-Zawahiri,1951-06-19,EGY"; else echo "$1-$k,Traveller Number$k $1,1980-01-$(printf %02d $((k % 28 + 1))),NLD"; fi
    k=$((k + 1))
  done
}
wait_for() { # COUNT: distinct results
  i=0
  while :; do
    drain zeef.kept
    [ "$(distinct | wc -l)" -ge "$1" ] && return 0
    i=$((i + 1))
    [ $i -gt 300 ] && return 1
    sleep 0.2
  done
}

: >"$T/results"
start_worker A --max-message 200k || { fail "worker A did not start"; exit 1; }

# ------------------------------------------------ 1. batches, poison, size
for b in 1 2 3; do batch b$b 50 >"$T/b$b.csv"; amqp-publish -u "$URL" -r zeef.in -C text/csv -p <"$T/b$b.csv"; done
amqp-publish -u "$URL" -r zeef.in -p -b "this is { not a traveller file"
head -c 300000 /dev/zero | tr '\0' 'x' >"$T/big"
amqp-publish -u "$URL" -r zeef.in -C text/csv -p <"$T/big"
if wait_for 150; then pass "three batches of 50: 150 results"; else fail "three batches: $(distinct | wc -l) results of 150"; fi
grep -q '"status":"alert".*"input":{"message":"[0-9a-f]*","position":10}}' "$T/results" &&
  pass "results carry the input message and position" || fail "no input message and position in the results"
sleep 1
dead=0
: >"$T/dead"
while amqp-get -u "$URL" -q zeef.in.dead >>"$T/dead" 2>/dev/null; do dead=$((dead + 1)); printf '\n' >>"$T/dead"; done
[ $dead -eq 2 ] && pass "two poison messages dead-lettered" || fail "$dead dead-lettered messages, want 2"
grep -q "to zeef.in.dead: not traveller input" "$T/A.log" && grep -q "to zeef.in.dead: too large: 300000 bytes" "$T/A.log" &&
  pass "each with its reason" || { fail "reasons not said"; cat "$T/A.log"; }

# ------------------------------------------------ 2. a worker killed mid-batch
kill -TERM "$PID_A"
start_worker A2 --max-message 16M --threads 1 || fail "worker A2 did not start"
batch big 30000 >"$T/big.csv"
BIG=$(sha256sum "$T/big.csv" | cut -c1-64) # its message id: the body's digest
amqp-publish -u "$URL" -r zeef.in -C text/csv -p <"$T/big.csv"
# killed as soon as it has begun the batch: a second's work on one thread
log_has "$T/A2.log" "message $BIG: [0-9]* bytes, screening" 1 200
kill -9 "$PID_A2"
grep -q "message $BIG: [0-9]* records" "$T/A2.log" && fail "the batch was done before the kill: make it larger"
start_worker B --max-message 16M || fail "worker B did not start"
if wait_for 30150; then pass "after SIGKILL the batch was screened again: 30150 distinct results"; else fail "after SIGKILL: $(distinct | wc -l) distinct results of 30150"; fi
n=$(sed -n "s/.*\"input\":{\"message\":\"$BIG\",\"position\":\([0-9]*\)}}\$/\1/p" "$T/results" | sort -un | wc -l)
[ "$n" -eq 30000 ] && pass "every record of the killed batch once after dropping duplicates" || fail "$n of 30000"
grep -q "message $BIG: 30000 records, 3000 alerts, delivered before: once" "$T/B.log" &&
  pass "the killed worker's batch came to the next one as a redelivery" || { fail "no redelivery said"; cat "$T/B.log"; }

# ------------------------------------------------ 3. two workers share the queue
start_worker C --max-message 16M || fail "worker C did not start"
for b in 4 5 6 7 8 9; do batch b$b 200 >"$T/b$b.csv"; amqp-publish -u "$URL" -r zeef.in -C text/csv -p <"$T/b$b.csv"; done
if wait_for 31350; then pass "two workers: six more batches, 31350 distinct results"; else fail "two workers: $(distinct | wc -l) of 31350"; fi
grep -q "records" "$T/B.log" && grep -q "records" "$T/C.log" && pass "both workers screened batches" ||
  fail "one worker screened nothing"

# ------------------------------------------------ 4. lists reloaded on the control exchange
cp "$ROOT/data/lists/un-consolidated.xml" "$T/list.xml"
"$ZEEF" worker --amqp "$URL" --in zeef.in --out zeef.out --control zeef.control --threads 1 --list "UN=$T/list.xml" >"$T/E.log" 2>&1 &
PIDS="$PIDS $!"
PID_E=$!
log_has "$T/E.log" "consuming zeef.in"
echo "<broken" >"$T/list.xml"
amqp-publish -u "$URL" -e zeef.control -r x -b '{"lists": "reload"}'
log_has "$T/E.log" "still screening with the lists loaded before" && pass "a list that cannot be loaded keeps the old one" ||
  { fail "a broken list on reload"; cat "$T/E.log"; }
cp "$ROOT/data/lists/un-consolidated.xml" "$T/list.xml"
amqp-publish -u "$URL" -e zeef.control -r x -b '{"lists": "reload"}'
log_has "$T/E.log" "list UN version" 2 && pass "the control exchange reloads the lists" || { fail "no reload"; cat "$T/E.log"; }
kill -TERM "$PID_E"

# ------------------------------------------------ 5. the case store
# with ZEEF_TEST_PG (tests/pg.sh): on PostgreSQL; one batch published twice
# is screened and published twice but stored once
if [ -n "${ZEEF_TEST_PG-}" ]; then
  STORE="$ZEEF_TEST_PG/zeef_worker_$$"
  psql -q "$ZEEF_TEST_PG/postgres" -c "CREATE DATABASE zeef_worker_$$" >/dev/null
  "$ZEEF" worker --amqp "$URL" --in zeef.stored --out zeef.stored.out --keep-results zeef.stored.kept --threads 1 \
    --list "$LIST" --store "$STORE" --user feed >"$T/S.log" 2>&1 &
  PIDS="$PIDS $!"
  PID_S=$!
  log_has "$T/S.log" "consuming zeef.stored"
  batch s1 50 >"$T/s1.csv"
  amqp-publish -u "$URL" -r zeef.stored -C text/csv -p <"$T/s1.csv"
  amqp-publish -u "$URL" -r zeef.stored -C text/csv -p <"$T/s1.csv"
  log_has "$T/S.log" ' records, ' 2 600
  q() { psql -At "$STORE" -c "$1"; }
  [ "$(grep -c ' records, ' "$T/S.log")" -eq 2 ] && pass "a batch published twice is screened twice" ||
    { fail "the stored batch: $(grep -c ' records, ' "$T/S.log") of 2 screened"; cat "$T/S.log"; }
  [ "$(q 'SELECT count(*) FROM travellers')" = 50 ] && [ "$(q 'SELECT count(*) FROM cases')" = 5 ] &&
    [ "$(q 'SELECT count(*) FROM runs')" = 1 ] && grep -q "not stored twice" "$T/S.log" &&
    pass "and stored once: 50 travellers, 5 cases, one run, on PostgreSQL" ||
    fail "stored: $(q 'SELECT count(*) FROM travellers') travellers, $(q 'SELECT count(*) FROM cases') cases, $(q 'SELECT count(*) FROM runs') runs"
  "$ZEEF" audit verify --store "$STORE" >"$T/verify.out" 2>&1 && pass "the store's audit intact" ||
    { fail "the store's audit"; cat "$T/verify.out"; }
  kill -TERM "$PID_S"
else
  echo "skipped: the case store (ZEEF_TEST_PG is not set: sh tests/pg.sh sh $0)"
fi

finish "worker tests" 15
