#!/bin/sh
# serve.sh: throughput, latency and memory of `zeef serve` on loopback.
#
#   sh bench/serve.sh [BUILD_DIR] [DATA_DIR]
#
# Starts BUILD_DIR/zeef (default build/zeef) serve on 127.0.0.1, port 0,
# with the UN list, the OFAC SDN list and the EU sample from DATA_DIR
# (default ../shared/data: un-consolidated/consolidated.xml,
# ofac-sdn/sdn.csv, eu-fsf/eu_sample.xml), warms it up, then runs wrk
# (bench/serve_match.lua: one traveller per POST /match/default, 50 names
# cycling) for DURATION (10 s) each: at 1, 16 and 64 connections (-t1 for
# one connection: wrk needs a connection per thread); at 16 connections
# with the names crossed into 2,500 travellers, with a case manager's
# filters, and with name-less queries (a passport number alone); paced at
# about RATE requests/s (default 2000) over 32 connections; and paced at
# rising rates over 64 connections, to find the highest rate whose p99
# stays within 5 ms. Prints requests/s, p50 and p99 for each run, the
# server's CPU time per request (from /proc/PID/stat: user and system, which
# other work on the machine moves less than requests/s), and the server's
# VmRSS and VmHWM after loading and after the runs. Needs wrk (Debian
# package wrk). The server is stopped with SIGTERM at the end; all traffic
# stays on loopback.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}
DATA=${2:-$ROOT/../shared/data}
ZEEF=$BUILD/zeef
LUA=$ROOT/bench/serve_match.lua
DURATION=${DURATION:-10s}
RATE=${RATE:-2000}

if ! command -v wrk >/dev/null 2>&1; then
  echo "serve.sh: wrk is not installed (apt-get install wrk)" >&2
  exit 2
fi
[ -x "$ZEEF" ] || { echo "serve.sh: no $ZEEF (run make)" >&2; exit 2; }
UN=$DATA/un-consolidated/consolidated.xml
OFAC=$DATA/ofac-sdn/sdn.csv
EU=$DATA/eu-fsf/eu_sample.xml
for f in "$UN" "$OFAC" "$EU"; do
  [ -r "$f" ] || { echo "serve.sh: missing $f" >&2; exit 2; }
done

LOG=$(mktemp /tmp/zeef-serve-bench-XXXXXX.log)
OUT=$(mktemp /tmp/zeef-serve-wrk-XXXXXX.txt)
"$ZEEF" serve --listen 127.0.0.1:0 --list "UN=$UN" --list "OFAC=$OFAC" --list "EU=$EU" 2>"$LOG" &
PID=$!
cleanup() {
  kill -TERM "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  rm -f "$LOG" "$OUT"
}
trap cleanup EXIT INT TERM

i=0
while ! grep -q '^zeef: ready' "$LOG"; do
  i=$((i + 1))
  if [ $i -gt 600 ] || ! kill -0 "$PID" 2>/dev/null; then
    echo "serve.sh: the server did not start:" >&2
    cat "$LOG" >&2
    exit 1
  fi
  sleep 0.1
done
PORT=$(sed -n 's/^zeef: serving on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$LOG")
URL=http://127.0.0.1:$PORT/match/default

mem() { # VmRSS and VmHWM in MiB
  awk '/^VmRSS|^VmHWM/ { printf "%s %.1f MiB  ", $1, $2 / 1024 }' "/proc/$PID/status"
  echo
}

echo "# zeef serve: POST /match/default, one traveller per request, UN + OFAC SDN + EU sample"
echo
echo "machine: $(nproc) cores (nproc), $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
echo "zeef: $("$ZEEF" version)"
grep '^zeef: ready' "$LOG"
echo "memory after loading: $(mem)"
echo

TICK=$(getconf CLK_TCK)
cpu() { # the server's user and system CPU time so far, in clock ticks
  awk '{ print $14, $15 }' "/proc/$PID/stat"
}

# wrk's report in, one table row out: connections, requests/s, p50, p99,
# the server's CPU time per request (robust when other work shares the
# cores, which moves requests/s), errors
run() { # connections threads duration [delay_ms] [mix] [kind]
  u0=$(cpu)
  ZEEF_WRK_DELAY_MS=${4:-} ZEEF_WRK_MIX=${5:-} ZEEF_WRK_KIND=${6:-} \
    wrk -t"$2" -c"$1" -d"$3" --latency -s "$LUA" "$URL" >"$OUT"
  u1=$(cpu)
  awk -v c="$1" -v u0="$u0" -v u1="$u1" -v tick="$TICK" '
    /requests in/ { n = $1 }
    /Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = $2 }
    /^ +99%/ { p99 = $2 }
    /Non-2xx/ { bad = $NF }
    /Socket errors/ { err = $0 }
    END { split(u0, a, " "); split(u1, b, " "); k = n ? 1e6 / tick / n : 0
          printf "| %s | %s | %s | %s | %.0f (%.0f + %.0f) | %s |\n", c, rps, p50, p99,
                 (b[1] + b[2] - a[1] - a[2]) * k, (b[1] - a[1]) * k, (b[2] - a[2]) * k,
                 (bad ? bad " non-2xx" : "0") (err ? "; " err : "") }' "$OUT"
}

echo "warm-up: 3 s at 4 connections"
run 4 2 3s >/dev/null
echo
echo "| connections | requests/s | p50 | p99 | server CPU µs/request (user + system) | errors |"
echo "|---|---|---|---|---|---|"
run 1 1 "$DURATION"
run 16 2 "$DURATION"
run 64 2 "$DURATION"
echo
echo "16 connections: 2,500 travellers (the 50 names' given names and surnames crossed);"
echo "with a case manager's filters (three datasets, topics, a schema, three excluded ids,"
echo "changed_since, limit 10); name-less queries (a passport number alone):"
echo
echo "| run | requests/s | p50 | p99 | server CPU µs/request (user + system) | errors |"
echo "|---|---|---|---|---|---|"
run 16 2 "$DURATION" "" 1 | sed 's/^| 16 /| 2,500 travellers /'
run 16 2 "$DURATION" "" "" filters | sed 's/^| 16 /| filters /'
run 16 2 "$DURATION" "" "" nameless | sed 's/^| 16 /| name-less /'
echo
# paced: 32 connections, each waiting 32000/RATE ms before a request (the
# rate comes out a little under RATE: a request's own latency adds)
DELAY=$((32000 / RATE))
echo "paced at about $RATE requests/s (32 connections, ${DELAY} ms between a connection's requests):"
echo
echo "| connections | requests/s | p50 | p99 | server CPU µs/request (user + system) | errors |"
echo "|---|---|---|---|---|---|"
run 32 2 "$DURATION" "$DELAY"
echo
# rising rates over 64 connections, each waiting 64000/R ms between its
# requests: the highest rate served with p99 within 5 ms
echo "paced at rising rates (64 connections):"
echo
echo "| asked requests/s | requests/s | p50 | p99 | server CPU µs/request (user + system) | errors |"
echo "|---|---|---|---|---|---|"
best=0
for r in 2000 4000 6400 8000 10000 12800 16000 21333; do
  row=$(run 64 2 "$DURATION" $((64000 / r)))
  echo "$row" | sed "s/^| 64 /| $r /"
  got=$(echo "$row" | awk -F'|' '{ print $3 + 0 }')
  ok=$(echo "$row" | awk -F'|' '{ p = $5; v = p + 0; if (p ~ /us/) v /= 1000; else if (p ~ /[0-9]s/ && p !~ /ms/) v *= 1000;
                                    print (v <= 5) ? 1 : 0 }')
  [ "$ok" = 1 ] && best=$(awk -v a="$best" -v b="$got" 'BEGIN { print (b > a) ? b : a }')
done
echo
echo "highest rate with p99 within 5 ms: $best requests/s"
echo
echo "memory after the runs: $(mem)"
