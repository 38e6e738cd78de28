#!/bin/sh
# serve.sh: throughput, latency and memory of `zeef serve` on loopback.
#
#   sh bench/serve.sh [BUILD_DIR] [DATA_DIR]
#
# Starts BUILD_DIR/zeef (default build/zeef) serve on 127.0.0.1, port 0,
# with the UN list and the OFAC SDN list from DATA_DIR (default
# ../shared/data: un-consolidated/consolidated.xml, ofac-sdn/sdn.csv), warms
# it up, then runs wrk (bench/serve_match.lua: one traveller per POST
# /match/default, 50 names cycling) for 10 s at 1, 16 and 64 connections
# (-t1 for one connection: wrk needs a connection per thread), and once
# paced at about RATE requests/s (default 2000) over 32 connections; one
# more run at 16 connections crosses the names into 2,500 travellers. Prints
# requests/s, p50 and p99 for each run, and the server's VmRSS and VmHWM
# after loading and after the runs, and the server's CPU time per request
# (from /proc/PID/stat), which other work on the machine moves less than
# requests/s. Needs wrk (Debian package wrk). The
# server is stopped with SIGTERM at the end; all traffic stays on loopback.
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
for f in "$UN" "$OFAC"; do
  [ -r "$f" ] || { echo "serve.sh: missing $f" >&2; exit 2; }
done

LOG=$(mktemp /tmp/zeef-serve-bench-XXXXXX.log)
OUT=$(mktemp /tmp/zeef-serve-wrk-XXXXXX.txt)
"$ZEEF" serve --listen 127.0.0.1:0 --list "UN=$UN" --list "OFAC=$OFAC" 2>"$LOG" &
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

echo "# zeef serve: POST /match/default, one traveller per request, UN + OFAC SDN"
echo
echo "machine: $(nproc) cores (nproc), $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
echo "zeef: $("$ZEEF" version)"
grep '^zeef: ready' "$LOG"
echo "memory after loading: $(mem)"
echo

TICK=$(getconf CLK_TCK)
cpu() { # the server's user + system CPU time so far, in clock ticks
  awk '{ print $14 + $15 }' "/proc/$PID/stat"
}

# wrk's report in, one table row out: connections, requests/s, p50, p99,
# the server's CPU time per request (robust when other work shares the
# cores, which moves requests/s), errors
run() { # connections threads duration [delay_ms] [mix]
  c0=$(cpu)
  ZEEF_WRK_DELAY_MS=${4:-} ZEEF_WRK_MIX=${5:-} \
    wrk -t"$2" -c"$1" -d"$3" --latency -s "$LUA" "$URL" >"$OUT"
  c1=$(cpu)
  awk -v c="$1" -v ticks=$((c1 - c0)) -v tick="$TICK" '
    /requests in/ { n = $1 }
    /Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = $2 }
    /^ +99%/ { p99 = $2 }
    /Non-2xx/ { bad = $NF }
    /Socket errors/ { err = $0 }
    END { printf "| %s | %s | %s | %s | %.0f | %s |\n", c, rps, p50, p99, n ? ticks / tick * 1e6 / n : 0,
                 (bad ? bad " non-2xx" : "0") (err ? "; " err : "") }' "$OUT"
}

echo "warm-up: 3 s at 4 connections"
run 4 2 3s >/dev/null
echo
echo "| connections | requests/s | p50 | p99 | server CPU µs/request | errors |"
echo "|---|---|---|---|---|---|"
run 1 1 "$DURATION"
run 16 2 "$DURATION"
run 64 2 "$DURATION"
echo
echo "2,500 travellers (the 50 names' given names and surnames crossed), 16 connections:"
echo
echo "| connections | requests/s | p50 | p99 | server CPU µs/request | errors |"
echo "|---|---|---|---|---|---|"
run 16 2 "$DURATION" "" 1
echo
# paced: 32 connections, each waiting 32000/RATE ms before a request (the
# rate comes out a little under RATE: a request's own latency adds)
DELAY=$((32000 / RATE))
echo "paced at about $RATE requests/s (32 connections, ${DELAY} ms between a connection's requests):"
echo
echo "| connections | requests/s | p50 | p99 | server CPU µs/request | errors |"
echo "|---|---|---|---|---|---|"
run 32 2 "$DURATION" "$DELAY"
echo
echo "memory after the runs: $(mem)"
