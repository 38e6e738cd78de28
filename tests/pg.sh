#!/bin/sh
# pg.sh: runs a command with a PostgreSQL server of its own, for the
# store's tests on PostgreSQL (make test): a cluster made in a temporary
# directory (initdb, trust on loopback only), started on a loopback port,
# its base URL in ZEEF_TEST_PG (postgresql://zeef@127.0.0.1:PORT), then
# stopped and removed whatever the command did. As root, the server runs as
# the postgres user, which initdb and postgres require.
#
#   sh tests/pg.sh COMMAND [ARGS...]
set -u
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "pg.sh: no PostgreSQL server (install-deps installs postgresql)" >&2
  exit 2
fi
D=$(mktemp -d /tmp/zeef-pg-XXXXXX)
PORT=${ZEEF_TEST_PG_PORT:-$((10000 + $$ % 20000))}
as_pg() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$D"
  as_pg() { runuser -u postgres -- "$@"; }
fi
stop() {
  as_pg "$bin/pg_ctl" -D "$D/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$D"
}
trap stop EXIT INT TERM
as_pg "$bin/initdb" -D "$D/data" -U zeef --auth=trust -E UTF8 --locale=C.UTF-8 >"$D/initdb.log" 2>&1 ||
  { cat "$D/initdb.log" >&2; exit 2; }
# fsync off: a test server, thrown away at the end. A port another program
# holds (an outgoing connection's, say) makes it try the next.
tries=0
until as_pg "$bin/pg_ctl" -D "$D/data" -l "$D/server.log" -w \
  -o "-p $PORT -k $D -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null; do
  tries=$((tries + 1))
  [ $tries -ge 5 ] && { cat "$D/server.log" >&2; exit 2; }
  PORT=$((PORT + 7))
done
ZEEF_TEST_PG="postgresql://zeef@127.0.0.1:$PORT"
export ZEEF_TEST_PG
"$@"
st=$?
exit $st
