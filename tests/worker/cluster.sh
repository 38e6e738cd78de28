#!/bin/sh
# cluster.sh: `zeef worker` on a three-node RabbitMQ cluster when things die
# (make test-worker): the nodes started here on loopback ports in a
# temporary directory, joined into one cluster, the queues quorum queues
# replicated on all three. Each round:
#   1. two workers, each told of all three nodes, start on different nodes;
#      ten batches of 5,000 travellers are published;
#   2. one worker is killed (SIGKILL) in the middle of a batch, and the node
#      the other one is connected to is killed (SIGKILL) too;
#   3. both are started again;
#   4. then every input record has exactly one result after dropping
#      duplicates by (message, position), the dead-letter queue is empty,
#      and the surviving worker said it went on with another node.
# The node killed changes from round to round. Every process started here is
# stopped at the end, pass or fail.
#
#   sh tests/worker/cluster.sh [ZEEF] [ROUNDS]   (default build/zeef, 3)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ZEEF=${1:-$ROOT/build/zeef}
case "$ZEEF" in /*) ;; *) ZEEF=$ROOT/$ZEEF ;; esac
ROUNDS=${2:-3}
T=$(mktemp -d /tmp/zeef-cluster-XXXXXX)
. "$ROOT/tests/worker/broker.sh"

node_start 1 && node_start 2 && node_start 3 || exit 1
node_join 2 && node_join 3 || { echo "the nodes did not form a cluster"; exit 1; }
running=$(ctl 1 -q cluster_status --formatter json 2>/dev/null | grep -o '"running_nodes":\[[^]]*\]' | grep -o '@' | wc -l)
[ "$running" -eq 3 ] && pass "three nodes in one cluster" || { fail "$running nodes running in the cluster"; exit 1; }

LIST="UN=$ROOT/data/lists/un-consolidated.xml"
BATCHES=10
SIZE=5000
batch() { # NAME: SIZE travellers, one in ten a listed person
  awk -v b="$1" -v n="$SIZE" 'BEGIN {
    print "id,name,birth_date,nationality"
    for (k = 1; k <= n; k++)
      if (k % 10 == 0) printf "%s-%d,Ayman al-Zawahiri,1951-06-19,EGY\n", b, k
      else printf "%s-%d,Traveller Number%d %s,1980-01-%02d,NLD\n", b, k, k, b, k % 28 + 1
  }'
}
# worker NAME QUEUE NODES...: started with the nodes in that order
worker() {
  name=$1
  q=$2
  shift 2
  urls=""
  for n in "$@"; do urls="$urls --amqp $(node_url "$n")"; done
  # shellcheck disable=SC2086
  "$ZEEF" worker $urls --in "$q" --out "$q.out" --keep-results "$q.kept" --threads 1 --prefetch 2 \
    --list "$LIST" >>"$T/$name.log" 2>&1 &
  PIDS="$PIDS $!"
  eval "PID_$name=$!"
  log_has "$T/$name.log" "consuming $q" 1 600 || { cat "$T/$name.log"; return 1; }
}

round=1
while [ "$round" -le "$ROUNDS" ]; do
  q=zeef.kill$round
  victim=$((round % 3 + 1))      # the node killed: 2, 3, 1, ...
  safe=$((victim % 3 + 1))       # a node left alive, to publish and read on
  other=$((safe % 3 + 1))
  [ "$other" = "$victim" ] && other=$((other % 3 + 1))
  : >"$T/results"
  rm -f "$T/A.log" "$T/B.log"
  # A starts on the node that stays, B on the node that dies
  worker A "$q" "$safe" "$victim" "$other" && worker B "$q" "$victim" "$other" "$safe" ||
    { fail "round $round: the workers did not start"; break; }
  b=1
  while [ $b -le $BATCHES ]; do
    batch "r$round-b$b" | amqp-publish -u "$(node_url "$safe")" -r "$q" -C text/csv -p
    b=$((b + 1))
  done
  # A is killed as soon as it is screening a batch
  log_has "$T/A.log" "bytes, screening"
  kill -9 "$PID_A"
  node_kill "$victim"
  sleep 1
  # the node by its URL, the password left out
  grep -q "the connection to amqp://guest:\.\.\.@127\.0\.0\.1:$(node_port "$victim") failed" "$T/B.log" &&
    pass "round $round: worker B saw node $victim die" || fail "round $round: worker B did not see node $victim die"
  node_start "$victim" || fail "round $round: node $victim did not start again"
  worker A "$q" "$safe" "$victim" "$other" || fail "round $round: worker A did not start again"
  want=$((BATCHES * SIZE))
  i=0
  while :; do
    drain "$q.kept" "$(node_url "$safe")"
    got=$(distinct | wc -l)
    [ "$got" -ge "$want" ] && break
    i=$((i + 1))
    [ $i -gt 600 ] && break
    sleep 0.2
  done
  [ "$got" -eq "$want" ] && pass "round $round: $want records, each with one result after dropping duplicates" ||
    fail "round $round: $got distinct results of $want"
  short=$(distinct | awk '{ n[$1]++ } END { for (m in n) if (n[m] != '"$SIZE"') k++; print k + 0 }')
  msgs=$(distinct | awk '{ print $1 }' | sort -u | wc -l)
  [ "$short" -eq 0 ] && [ "$msgs" -eq "$BATCHES" ] && pass "round $round: every batch whole ($msgs of $BATCHES)" ||
    fail "round $round: $msgs batches, $short of them not whole"
  grep -q "delivered before" "$T/A.log" "$T/B.log" &&
    pass "round $round: batches held when things died were delivered again" ||
    fail "round $round: no batch was delivered again: nothing was in hand when things died"
  dups=$(($(sed -n '/"input":{/p' "$T/results" | wc -l) - got))
  echo "   (round $round: $dups duplicate results dropped)"
  if amqp-get -u "$(node_url "$safe")" -q "$q.dead" >/dev/null 2>&1; then
    fail "round $round: a batch went to the dead-letter queue"
  else
    pass "round $round: nothing in the dead-letter queue"
  fi
  grep -q "consuming $q on" "$T/B.log" && [ "$(grep -c "consuming $q on" "$T/B.log")" -ge 2 ] &&
    pass "round $round: worker B went on with another node" || fail "round $round: worker B did not connect again"
  kill -TERM "$PID_A" "$PID_B" 2>/dev/null
  wait "$PID_A" "$PID_B" 2>/dev/null
  round=$((round + 1))
done

finish "cluster tests ($ROUNDS rounds)" 20
