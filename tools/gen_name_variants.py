#!/usr/bin/env python3
"""gen_name_variants.py - build data/name_variants.tsv (spelling clusters) for zeef.

Why: Latin spellings of one Arabic name (mohamed / mohammed / muhammad / mehmet
all render محمد) should match each other, and the Arabic form itself.

Reads (from DATA_DIR, default ../shared/data relative to the repo root):
  wikidata-translit-coling2018/wd_arabic.normalized.aligned.tokens
  (latin<TAB>arabic letters separated by spaces<TAB>count), all of it. zeef
  loads only the Latin forms: the table says which Latin spellings belong to
  one Arabic name and which to two (Omar and Amir, Mohammed and Mahmood). It
  never pairs an Arabic-script token with a Latin one, so the held-out slice
  bench/token_pairs measures (the last 12,994 lines) does not leak through it.
Method: the Latin side is folded like gen_name_freq.py (lowercase ASCII, >= 2
letters; spellings that fold to several tokens are skipped). Each Latin form
joins the Arabic token it co-occurs with most (ties: smallest Arabic token),
if that count is >= 2. Every Arabic token chosen by some form is a cluster;
ids 1..N follow the sorted Arabic tokens.
Writes to stdout: `form<TAB>cluster_id` for every kept Latin form and every
cluster's Arabic token (UTF-8, as in the source), sorted by form.

Usage: python3 tools/gen_name_variants.py [DATA_DIR] > data/name_variants.tsv
"""
import os, sys
from collections import defaultdict
from gen_name_freq import tokens  # same Latin folding as name_freq.tsv

MIN_COUNT = 2


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data")
    path = os.path.join(d, "wikidata-translit-coling2018", "wd_arabic.normalized.aligned.tokens")
    counts = defaultdict(lambda: defaultdict(int))  # latin form -> arabic -> count
    skipped = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            latin, arabic, n = line.rstrip("\n").split("\t")
            toks = tokens(latin)
            if len(toks) != 1:
                skipped += 1
                continue
            counts[toks[0]][arabic.replace(" ", "")] += int(n)
    best = {}
    for form, arabs in counts.items():
        arabic, n = min(arabs.items(), key=lambda kv: (-kv[1], kv[0]))
        if n >= MIN_COUNT:
            best[form] = arabic
    ids = {a: i for i, a in enumerate(sorted(set(best.values())), 1)}
    rows = sorted([(f, ids[a]) for f, a in best.items()] + list(ids.items()))
    out = "".join(f"{f}\t{i}\n" for f, i in rows)
    sys.stdout.write(out)
    print(f"read all lines ({skipped} skipped: not one token); "
          f"{len(counts)} Latin forms, {len(best)} kept (count >= {MIN_COUNT}); "
          f"{len(ids)} clusters; wrote {len(rows)} lines, {len(out.encode())} bytes",
          file=sys.stderr)
    for f in "mohamed muhammad mohammed mehmet omar amir umar emir ameer".split():
        a = best.get(f)
        print(f"  {f}: {ids[a] if a else 'absent'} {a or ''}", file=sys.stderr)


if __name__ == "__main__":
    main()
