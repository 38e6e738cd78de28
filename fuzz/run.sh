#!/bin/sh
# fuzz/run.sh: runs zeef's libFuzzer targets (built by `make fuzz-build`
# into build/fuzz/; `make fuzz` and `make fuzz-replay` call this script).
#
# Targets, one per parser of untrusted input, each calling include/zeef.h:
#   fuzz_mrz       zeef_mrz_parse(): a 2- or 3-line ICAO 9303 MRZ
#   fuzz_paxlst    zeef_paxlst_read(): a UN/EDIFACT PAXLST interchange
#   fuzz_pnrgov    zeef_pnrgov_read(): UN/EDIFACT PNRGOV bookings
#   fuzz_records   zeef_records_read(): traveller CSV / JSON lines; the first
#                  byte picks the format ('A' auto, 'B' CSV, 'C' JSONL, ...)
#   fuzz_un_xml    zeef_list_load(ZEEF_LIST_UN_XML): the UN consolidated list
#   fuzz_eu_xml    zeef_list_load(ZEEF_LIST_EU_XML): the EU FSF export
#   fuzz_ofac_csv  zeef_list_load(ZEEF_LIST_OFAC_CSV): sdn.csv, then after a
#                  0xFF byte alt.csv, then after another sdn_comments.csv
#   fuzz_list_auto zeef_list_load(ZEEF_LIST_AUTO): format detection, the
#                  FollowTheMoney JSON lines and zeef CSV list readers
#   fuzz_name      zeef_name_analyze() + zeef_compare() + zeef_explain(): the
#                  first byte picks the name forms, a newline splits two names
# Each file's header says exactly what it feeds and what it checks. Seeds are
# in fuzz/corpus/<target>/, dictionaries in fuzz/<target>.dict.
#
# Usage:
#   sh fuzz/run.sh run [TARGET...]     each target for $FUZZ_SECONDS (60) s
#   sh fuzz/run.sh replay [TARGET...]  each committed corpus input once
# Targets run one after another, each a single libFuzzer process (no -jobs,
# -workers or -fork: one core). Limits: -rss_limit_mb=1024 (also the largest
# single malloc), -timeout=20 s per input, -max_len 4096 for fuzz_mrz and
# fuzz_name (an MRZ is 3 x 44 bytes, a name at most 1024), 65536 for the
# rest. `run` never writes into fuzz/corpus/: it copies a target's corpus to
# build/fuzz/corpus-work/<target>/ (kept between runs, so coverage grows)
# and fuzzes that. Output goes to build/fuzz/logs/<target>.log, one summary
# line per target here (FUZZ_VERBOSE=1 shows the log live). A crash, leak,
# timeout or out-of-memory makes the target fail: its log's tail is shown,
# the input is saved as build/fuzz/artifacts/<target>-crash-<sha1> (or
# -leak-, -timeout-, -oom-) and the script exits 1 after the other targets.
#
# Reproducing a crash: run the target on the saved file alone, e.g.
#   build/fuzz/fuzz_paxlst build/fuzz/artifacts/fuzz_paxlst-crash-<sha1>
# which prints the sanitizer's report and stack (add -runs=100 for a flaky
# one). Once fixed, copy the file into fuzz/corpus/<target>/ under a name
# that says what it was (regress-<what>) so `make fuzz-replay` keeps it
# fixed, and minimise first if it is large:
#   build/fuzz/fuzz_X -minimize_crash=1 -runs=10000 <file>
set -u
cd "$(dirname "$0")/.."

BIN=build/fuzz
WORK=$BIN/corpus-work
LOGS=$BIN/logs
ARTIFACTS=$BIN/artifacts
SECONDS_EACH=${FUZZ_SECONDS:-60}
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}detect_leaks=1:print_legend=0"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-}${UBSAN_OPTIONS:+:}print_stacktrace=1:halt_on_error=1"

usage() {
  echo "usage: sh fuzz/run.sh run|replay [TARGET...]" >&2
  exit 2
}

[ $# -ge 1 ] || usage
mode=$1
shift
case $mode in run | replay) ;; *) usage ;; esac
case $SECONDS_EACH in '' | *[!0-9]*) echo "run.sh: FUZZ_SECONDS must be a number" >&2; exit 2 ;; esac

if [ $# -gt 0 ]; then
  targets="$*"
else
  targets=$(for f in fuzz/fuzz_*.c; do basename "$f" .c; done)
fi

max_len() {
  case $1 in
  fuzz_mrz | fuzz_name) echo 4096 ;;
  *) echo 65536 ;;
  esac
}

# The value of libFuzzer's "stat::NAME: value" line in a log, or "?".
lf_stat() {
  v=$(sed -n "s/^stat::$2: *//p" "$1" | tail -n 1)
  echo "${v:-?}"
}

# Runs "$@" with its output in $log (also shown live when FUZZ_VERBOSE=1);
# returns its exit status.
run_logged() {
  rcfile=$LOGS/$t.rc
  if [ "${FUZZ_VERBOSE:-0}" = 1 ]; then
    { "$@" 2>&1; echo $? >"$rcfile"; } | tee "$log"
  else
    { "$@" >"$log" 2>&1; echo $? >"$rcfile"; }
  fi
  st=$(cat "$rcfile")
  rm -f "$rcfile"
  return "$st"
}

mkdir -p "$LOGS" "$ARTIFACTS"
failed=""
start_all=$(date +%s)
for t in $targets; do
  exe=$BIN/$t
  corpus=fuzz/corpus/$t
  log=$LOGS/$t.log
  if [ ! -x "$exe" ]; then
    echo "$t: not built ($exe); run make fuzz-build" >&2
    failed="$failed $t"
    continue
  fi
  if [ ! -d "$corpus" ]; then
    echo "$t: no corpus folder $corpus" >&2
    failed="$failed $t"
    continue
  fi
  set -- -rss_limit_mb=1024 -timeout=20 -max_len="$(max_len "$t")" \
    -artifact_prefix="$ARTIFACTS/$t-" -print_final_stats=1
  [ -f "fuzz/$t.dict" ] && set -- "$@" -dict="fuzz/$t.dict"
  t0=$(date +%s)
  if [ "$mode" = run ]; then
    mkdir -p "$WORK/$t"
    cp -R "$corpus/." "$WORK/$t/"
    run_logged "$exe" "$@" -max_total_time="$SECONDS_EACH" "$WORK/$t"
  else
    # Each committed file once, by name: nothing is written anywhere.
    # shellcheck disable=SC2046
    run_logged "$exe" "$@" $(find "$corpus" -type f | sort)
  fi
  rc=$?
  t1=$(date +%s)
  if [ "$mode" = run ]; then
    cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1)
    summary="$((t1 - t0)) s, $(lf_stat "$log" number_of_executed_units) runs,"
    summary="$summary $(lf_stat "$log" average_exec_per_sec) exec/s, ${cov:-cov ?},"
    summary="$summary $(lf_stat "$log" new_units_added) new inputs, corpus $(find "$WORK/$t" -type f | wc -l | tr -d ' '),"
    summary="$summary peak $(lf_stat "$log" peak_rss_mb) MB"
  else
    summary="$(grep -c '^Executed ' "$log") inputs in $((t1 - t0)) s"
  fi
  if [ "$rc" -eq 0 ]; then
    echo "$t: ok, $summary"
  else
    # the report from its first line (UBSan's, ASan's, libFuzzer's or ours)
    first=$(grep -n -m 1 -E 'contract broken|runtime error:|==[0-9]+==ERROR|ERROR: libFuzzer' "$log" | cut -d: -f1)
    echo "$t: FAILED (exit $rc), $summary; from $log:"
    if [ -n "$first" ]; then
      sed -n "$first,$((first + 59))p" "$log" | sed 's/^/  | /'
    else
      tail -n 60 "$log" | sed 's/^/  | /'
    fi
    if [ "$mode" = run ]; then
      unit=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
    else
      unit=$(sed -n 's/^Running: //p' "$log" | tail -n 1)
    fi
    if [ -n "$unit" ]; then
      echo "$t: the input is $unit; reproduce with: $exe $unit"
    else
      echo "$t: no input saved; see $log"
    fi
    failed="$failed $t"
  fi
done
end_all=$(date +%s)

if [ -n "$failed" ]; then
  echo "fuzz $mode: FAILED:$failed ($((end_all - start_all)) s)"
  exit 1
fi
echo "fuzz $mode: $(echo "$targets" | wc -w | tr -d ' ') targets ok ($((end_all - start_all)) s)"
