#!/usr/bin/env python3
"""gen_name_freq.py - build data/name_freq.tsv (name-token commonness) for zeef.

Why: rare name tokens are strong evidence of identity, common ones (muhammad,
ali, khan, smith) are weak; the C library embeds this table to weight tokens.

Reads (from DATA_DIR, default ../shared/data relative to the repo root):
  us-ssa-babynames/yob20*.txt                      name,sex,count (summed over years and sexes)
  wikidata-translit-coling2018/wd_arabic.normalized.aligned.tokens   latin<TAB>arabic<TAB>count
  wikidata-translit-coling2018/wd_russian.tokens_80+20               latin<TAB>cyrillic<TAB>count
  names-by-country-sigpwned/common-surnames-by-country.csv           rows with a Percent value
Writes to stdout: `form<TAB>ppm`, sorted by form, where form is a lowercase
ASCII token ([a-z], >= 2 letters) and ppm = occurrences per million tokens,
computed per source and then the MAX over sources (common anywhere = common).
For the surname CSV each country is its own population; its `Percent` column
is actually a fraction (Cohen/IL = 0.0193), so ppm = Percent * 1e6. Rows with a
Count but no Percent are skipped (no population to divide by).
Forms below MIN_PPM are omitted: absent means rare.

Usage: python3 tools/gen_name_freq.py [DATA_DIR] > data/name_freq.tsv
"""
import csv, glob, os, sys, unicodedata
from collections import defaultdict

MIN_PPM = 1.5  # drops Russian-Wikidata hapaxes (1.29 ppm); keeps the file ~1.3 MB
SPECIAL = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ı": "i",
           "ə": "e", "ð": "d", "þ": "th"}
APOSTROPHES = "'’‘`´ʼʻʾʿ"


def tokens(text):
    """Fold a romanised name to lowercase ASCII tokens of >= 2 letters."""
    s = "".join(SPECIAL.get(c, c) for c in text.lower())
    s = "".join(c for c in unicodedata.normalize("NFKD", s)
                if not unicodedata.combining(c) and c not in APOSTROPHES)
    s = "".join(c if "a" <= c <= "z" else " " for c in s)  # hyphens etc. split
    return [t for t in s.split() if len(t) >= 2]


def ppm_of(counts):
    total = sum(counts.values())
    return {f: c / total * 1e6 for f, c in counts.items()}, total


def ssa(d):
    counts = defaultdict(int)
    for path in sorted(glob.glob(os.path.join(d, "us-ssa-babynames", "yob20*.txt"))):
        with open(path, encoding="ascii") as fh:
            for line in fh:
                name, _sex, n = line.strip().split(",")
                for t in tokens(name):
                    counts[t] += int(n)
    return ppm_of(counts)


def wikidata(path):
    counts = defaultdict(int)
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            latin, _target, n = line.rstrip("\n").split("\t")
            for t in tokens(latin):
                counts[t] += int(n)
    return ppm_of(counts)


def surnames(path):
    """Max over countries of sum over name groups of the group's fraction."""
    per_country = defaultdict(lambda: defaultdict(float))
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["Percent"].strip()]
    groups = defaultdict(set)  # (country, group, fraction) -> forms (dedup romanisations)
    for r in rows:
        for alt in r["Romanized Name"].replace("/", ",").split(","):
            groups[(r["Country"], r["Name Group"], float(r["Percent"]))].update(tokens(alt))
    for (country, _g, frac), forms in groups.items():
        for f in forms:
            per_country[country][f] += frac * 1e6
    best = defaultdict(float)
    for forms in per_country.values():
        for f, p in forms.items():
            best[f] = max(best[f], p)
    return dict(best), len(rows)


def fmt(p):
    return str(round(p)) if p >= 100 else f"{p:.3g}"


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data")
    wd = os.path.join(d, "wikidata-translit-coling2018")
    sources = {
        "ssa": ssa(d),
        "wd_arabic": wikidata(os.path.join(wd, "wd_arabic.normalized.aligned.tokens")),
        "wd_russian": wikidata(os.path.join(wd, "wd_russian.tokens_80+20")),
        "surnames": surnames(os.path.join(d, "names-by-country-sigpwned",
                                          "common-surnames-by-country.csv")),
    }
    best = defaultdict(float)
    for name, (ppm, total) in sources.items():
        print(f"{name}: {len(ppm)} forms, total {total}", file=sys.stderr)
        for f, p in ppm.items():
            best[f] = max(best[f], p)
    kept = sorted(f for f, p in best.items() if p >= MIN_PPM)
    out = "".join(f"{f}\t{fmt(best[f])}\n" for f in kept)
    sys.stdout.write(out)
    print(f"wrote {len(kept)} lines, {len(out.encode())} bytes (ppm >= {MIN_PPM})", file=sys.stderr)
    for f in ("muhammad mohamed mohammed ali khan ahmed hassan omar "
              "smith ivanov zawahiri baghdadi").split():
        print(f"  {f}: {fmt(best[f]) if f in best else 'absent'}"
              + ("" if f in kept or f not in best else " (below cut)"), file=sys.stderr)


if __name__ == "__main__":
    main()
