# broker.sh: a RabbitMQ node of its own for the worker's tests and bench,
# sourced by tests/worker/run.sh and bench/worker_bench.sh. Set T (a
# temporary directory) and PORT first; then
#   broker_start    starts the node on 127.0.0.1:PORT (its distribution
#                   port PORT+1, its port mapper PORT+2), files under T,
#                   and waits until it takes connections (URL is set)
#   broker_stop     stops the node, its port mapper and anything under T
RMQ=/usr/lib/rabbitmq/bin
URL="amqp://guest:guest@127.0.0.1:$PORT"

broker_start() {
  mkdir -p "$T/mnesia" "$T/log"
  cat >"$T/rmq.env" <<EOT
export HOME=$T
export RABBITMQ_NODENAME=zeeftest$$@localhost
export RABBITMQ_NODE_PORT=$PORT
export RABBITMQ_DIST_PORT=$((PORT + 1))
export ERL_EPMD_PORT=$((PORT + 2))
export RABBITMQ_MNESIA_BASE=$T/mnesia
export RABBITMQ_LOG_BASE=$T/log
export RABBITMQ_ENABLED_PLUGINS_FILE=$T/enabled_plugins
export RABBITMQ_CONFIG_FILE=$T/rabbitmq
export RABBITMQ_FEATURE_FLAGS_FILE=$T/feature_flags
export RABBITMQ_PID_FILE=$T/rmq.pid
EOT
  echo "[]." >"$T/enabled_plugins"
  printf 'loopback_users = none\nlisteners.tcp.default = 127.0.0.1:%s\n' "$PORT" >"$T/rabbitmq.conf"
  (. "$T/rmq.env" && exec "$RMQ/rabbitmq-server" >"$T/rmq.out" 2>&1) &
  i=0
  until amqp-declare-queue -u "$URL" -q zeef.ping >/dev/null 2>&1; do
    i=$((i + 1))
    if [ $i -gt 120 ]; then
      echo "broker.sh: RabbitMQ did not start:" >&2
      tail -20 "$T/rmq.out" >&2
      return 1
    fi
    sleep 0.5
  done
}

broker_stop() {
  if [ -f "$T/rmq.env" ]; then
    (. "$T/rmq.env" && "$RMQ/rabbitmqctl" -n "$RABBITMQ_NODENAME" stop >/dev/null 2>&1)
  fi
  [ -f "$T/rmq.pid" ] && kill -9 "$(cat "$T/rmq.pid")" 2>/dev/null
  pkill -9 -f "$T" 2>/dev/null
  # the port mapper the node started on its own port
  [ -f "$T/rmq.env" ] && (. "$T/rmq.env" && epmd -port "$ERL_EPMD_PORT" -kill >/dev/null 2>&1)
}

# Messages waiting in queue $1.
queue_depth() {
  (. "$T/rmq.env" && "$RMQ/rabbitmqctl" -n "$RABBITMQ_NODENAME" -q list_queues name messages 2>/dev/null) |
    awk -v q="$1" '$1 == q { print $2 }'
}
