# broker.sh: RabbitMQ nodes of their own for the worker's tests and bench,
# sourced by tests/worker/run.sh, tests/worker/cluster.sh and
# bench/worker_bench.sh. Set T (a temporary directory) first; PORT is
# $ZEEF_TEST_AMQP_PORT, or one picked by the process id below the kernel's
# ephemeral ports (32768 and up on Linux), where an outgoing connection of
# any program may hold a port the nodes want (dist_port_already_used).
# Node N (1, 2, 3...) takes AMQP on 127.0.0.1:PORT+10(N-1), Erlang
# distribution on the port after it; all share the port mapper on PORT+2
# and the cookie in T, so that they can form a cluster. Then
#   broker_start    starts node 1 alone (URL is set to it)
#   node_start N    starts node N (again, after node_kill: it rejoins its
#                   cluster) and waits until it takes connections
#   node_join N     joins node N to node 1's cluster
#   node_kill N     kills node N at once (SIGKILL), as a machine dies
#   node_url N      its AMQP URL
#   broker_stop     stops every node, the port mapper and anything under T
#   queue_depth Q [N]  messages waiting in queue Q (asked of node N, or 1)
#   log_has FILE PATTERN [N [TRIES]]  waits until FILE has N (1) lines that
#                   match PATTERN, TRIES (400) times 0.05 s at most; 0, or 1
#   drain QUEUE [URL]  every message waiting on QUEUE (on URL's node, or
#                   node 1) appended to $T/results, one a line
#   distinct        (message, position) of each result in $T/results, once
# and for the caller: PIDS, the processes it starts (killed at the end),
# fail and pass (counted in fails), and at exit, pass or fail, every such
# process and node stopped and T removed.
RMQ=/usr/lib/rabbitmq/bin
PORT=${ZEEF_TEST_AMQP_PORT:-$((20000 + $$ % 12000))}
EPMD_PORT=$((PORT + 2))

node_port() { echo $((PORT + 10 * ($1 - 1))); }
node_url() { echo "amqp://guest:guest@127.0.0.1:$(node_port "$1")"; }
node_name() { echo "zeef$1-$$@localhost"; }
URL=$(node_url 1)

node_start() {
  d=$T/n$1
  p=$(node_port "$1")
  mkdir -p "$d/mnesia" "$d/log"
  cat >"$d/env" <<EOT
export HOME=$T
export RABBITMQ_NODENAME=$(node_name "$1")
export RABBITMQ_NODE_PORT=$p
export RABBITMQ_DIST_PORT=$((p + 1))
export ERL_EPMD_PORT=$EPMD_PORT
export RABBITMQ_MNESIA_BASE=$d/mnesia
export RABBITMQ_LOG_BASE=$d/log
export RABBITMQ_ENABLED_PLUGINS_FILE=$d/enabled_plugins
export RABBITMQ_CONFIG_FILE=$d/rabbitmq
export RABBITMQ_FEATURE_FLAGS_FILE=$d/feature_flags
export RABBITMQ_PID_FILE=$d/pid
EOT
  echo "[]." >"$d/enabled_plugins"
  printf 'loopback_users = none\nlisteners.tcp.default = 127.0.0.1:%s\n' "$p" >"$d/rabbitmq.conf"
  (. "$d/env" && exec "$RMQ/rabbitmq-server" >>"$d/out" 2>&1) &
  i=0
  until amqp-declare-queue -u "$(node_url "$1")" -q "zeef.ping.$1" >/dev/null 2>&1; do
    i=$((i + 1))
    if [ $i -gt 180 ]; then
      echo "broker.sh: RabbitMQ node $1 did not start:" >&2
      tail -20 "$d/out" >&2
      return 1
    fi
    sleep 0.5
  done
}

broker_start() { node_start 1; }

# rabbitmqctl on node N: ctl N ARGS...
ctl() {
  n=$1
  shift
  (. "$T/n$n/env" && "$RMQ/rabbitmqctl" -n "$RABBITMQ_NODENAME" "$@")
}

node_join() {
  ctl "$1" stop_app >/dev/null && ctl "$1" join_cluster "$(node_name 1)" >/dev/null && ctl "$1" start_app >/dev/null
}

node_kill() {
  [ -f "$T/n$1/pid" ] && kill -9 "$(cat "$T/n$1/pid")" 2>/dev/null
  rm -f "$T/n$1/pid"
}

broker_stop() {
  for d in "$T"/n*; do
    [ -f "$d/env" ] || continue
    n=${d##*/n}
    ctl "$n" stop >/dev/null 2>&1
    node_kill "$n"
  done
  pkill -9 -f "$T" 2>/dev/null
  epmd -port "$EPMD_PORT" -kill >/dev/null 2>&1
}

queue_depth() {
  ctl "${2:-1}" -q list_queues name messages 2>/dev/null | awk -v q="$1" '$1 == q { print $2 }'
}

log_has() {
  _lh=0
  # a log not written yet has no lines: grep prints no count for it, and an
  # empty count must not end the wait as if the line were there
  while _n=$(grep -cs -- "$2" "$1"); [ "${_n:-0}" -lt "${3:-1}" ]; do
    _lh=$((_lh + 1))
    [ $_lh -gt "${4:-400}" ] && return 1
    sleep 0.05
  done
  return 0
}

drain() {
  while amqp-get -u "${2:-$URL}" -q "$1" >>"$T/results" 2>/dev/null; do printf '\n' >>"$T/results"; done
}

distinct() { sed -n 's/.*"input":{"message":"\([^"]*\)","position":\([0-9]*\)}}$/\1 \2/p' "$T/results" | sort -u; }

PIDS=""
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }
# finish WHAT LINES: the verdict of a test script, and the last LINES of each
# log when something failed; exits.
finish() {
  if [ $fails -eq 0 ]; then
    echo "$1: all passed"
    exit 0
  fi
  echo "${1%% (*}: $fails failed"
  for f in "$T"/*.log; do echo "--- $f"; tail -"$2" "$f"; done
  exit 1
}
cleanup() {
  for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
  broker_stop
  rm -rf "$T"
}
trap cleanup EXIT INT TERM
