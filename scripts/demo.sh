#!/bin/sh
# demo.sh: the `make demo` walk-through, zeef's main job on bundled data:
# screen a manifest of fictitious travellers (data/demo/manifest.csv) against
# the UN Security Council consolidated list (data/lists/un-consolidated.xml)
# and print the alerts for review with their explanations, then the counts;
# then the same for passports read at a gate (data/demo/gate.mrz) and an
# airline's PAXLST passenger list (data/demo/flight.paxlst); the manifest's
# report for a supervisor (build/report.html). Then a few name
# comparisons show the matcher on its own.
set -eu
ZEEF=${1:-build/zeef}
echo "== zeef screen: data/demo/manifest.csv against the UN consolidated list"
echo
"$ZEEF" screen --text --list UN=data/lists/un-consolidated.xml data/demo/manifest.csv || [ $? -eq 1 ]
echo
echo "== zeef screen: MRZs read at a gate (data/demo/gate.mrz)"
echo
"$ZEEF" screen --text --list UN=data/lists/un-consolidated.xml data/demo/gate.mrz || [ $? -eq 1 ]
echo
echo "== zeef screen: an airline's PAXLST passenger list (data/demo/flight.paxlst)"
echo
"$ZEEF" screen --text --list UN=data/lists/un-consolidated.xml data/demo/flight.paxlst || [ $? -eq 1 ]
echo
echo "== zeef report: the manifest's screening as a page a supervisor reads"
mkdir -p build
{ "$ZEEF" screen --quiet --list UN=data/lists/un-consolidated.xml data/demo/manifest.csv || [ $? -eq 1 ]; } |
  "$ZEEF" report --by "zeef demo" > build/report.html
echo "build/report.html (open it in a browser; docs/report-demo.html is one made earlier)"
echo
echo "== zeef compare: names across scripts and spellings"
grep -v '^#' data/demo/pairs.tsv | while IFS="$(printf '\t')" read -r a b why; do
  printf '\n-- %s\n   "%s"  vs  "%s"\n' "$why" "$a" "$b"
  "$ZEEF" compare "$a" "$b" | sed 's/^/   /'
done
