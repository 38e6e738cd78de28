#!/usr/bin/env python3
"""gen_name_freq.py - build data/name_freq.tsv (name-token commonness) for zeef.

Why: rare name tokens are strong evidence of identity, common ones (muhammad,
ali, khan, smith) are weak; the C library embeds this table to weight tokens.

Reads (from DATA_DIR, default ../shared/data relative to the repo root):
  us-ssa-babynames/yob20*.txt                      name,sex,count (summed over years and sexes)
  wikidata-translit-coling2018/wd_arabic.normalized.aligned.tokens   latin<TAB>arabic<TAB>count
  wikidata-translit-coling2018/wd_russian.tokens_80+20               latin<TAB>cyrillic<TAB>count
  names-by-country-sigpwned/common-surnames-by-country.csv           Percent, else Rank
  names-by-country-sigpwned/common-forenames-by-country.csv          Index (rank)
Writes to stdout: `form<TAB>ppm`, sorted by form, where form is a lowercase
ASCII token ([a-z], >= 2 letters) and ppm = occurrences per million tokens,
computed per source and then the MAX over sources (common anywhere = common).
For the surname CSV each country is its own population; its `Percent` column
is actually a fraction (Cohen/IL = 0.0193), so ppm = Percent * 1e6. Rows with a
Count but no Percent are skipped (no population to divide by).

With --ranked (data/name_freq_ranked.tsv): most countries give only the rank
of their most common names (Bangladesh: Akter, Islam, Hossain, Rahman...),
which says that a name is common there but not how common. Such a name gets the share a name of that rank has in the
populations that do give shares: for surnames, the median Percent at that rank
over the countries with a Percent column; for forenames (no country gives
shares), the share of the name of that rank among US births of that sex (SSA).
Either curve is made non-increasing in rank. Without this, the names of the
countries without shares (South Asia, the Arab world, Africa) would all pass
for rare, and their common names would weigh like rare ones.
Forms below MIN_PPM are omitted: absent means rare.

Usage: python3 tools/gen_name_freq.py [DATA_DIR] > data/name_freq.tsv
       python3 tools/gen_name_freq.py [DATA_DIR] --ranked > data/name_freq_ranked.tsv
The second writes, for each form the ranks make commoner than the first table,
what they add to its share there.
"""
import bisect, csv, glob, os, statistics, sys, unicodedata
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


def monotone(curve):
    """curve[rank] made non-increasing in rank; ranks past the end keep the last share."""
    ranks, shares, low = sorted(curve), [], float("inf")
    for k in ranks:
        low = min(low, curve[k])
        shares.append(low)

    def share(r):
        return shares[max(0, bisect.bisect_right(ranks, r) - 1)]
    return share


def rank_of(r):
    """A surname row's rank (Rank, else its Index), 0 when it has neither."""
    for k in ("Rank", "Index"):
        if r[k].strip().isdigit():
            return int(r[k])
    return 0


def surnames(path, ranked):
    """Max over countries of sum over name groups of the group's fraction:
    rows with a Percent, or (ranked) the rows with a rank alone, each at the
    median share of its rank."""
    per_country = defaultdict(lambda: defaultdict(float))
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_rank = defaultdict(list)
    for r in rows:
        if r["Percent"].strip() and rank_of(r):
            by_rank[rank_of(r)].append(float(r["Percent"]))
    share = monotone({k: statistics.median(v) for k, v in by_rank.items()})
    groups = defaultdict(set)  # (country, group, fraction) -> forms (dedup romanisations)
    for r in rows:
        if r["Percent"].strip():
            if ranked:
                continue
            frac = float(r["Percent"])
        elif r["Count"].strip() or not ranked:
            continue  # counts without a population to divide by (the US census)
        elif rank_of(r):
            frac = share(rank_of(r))
        else:
            continue
        for alt in r["Romanized Name"].replace("/", ",").split(","):
            groups[(r["Country"], r["Name Group"], frac)].update(tokens(alt))
    for (country, _g, frac), forms in groups.items():
        for f in forms:
            per_country[country][f] += frac * 1e6
    best = defaultdict(float)
    for forms in per_country.values():
        for f, p in forms.items():
            best[f] = max(best[f], p)
    return dict(best), len(rows)


def forenames(path, d):
    """Each country's ranked forenames, at the share of the US name of that
    rank and sex (SSA), max over countries."""
    counts = {"F": defaultdict(int), "M": defaultdict(int)}
    for p in sorted(glob.glob(os.path.join(d, "us-ssa-babynames", "yob20*.txt"))):
        with open(p, encoding="ascii") as fh:
            for line in fh:
                name, sex, n = line.strip().split(",")
                counts[sex][name] += int(n)
    curves = {}
    for sex, c in counts.items():
        total = sum(c.values())
        ranked = sorted(c.values(), reverse=True)
        curves[sex] = monotone({i + 1: v / total for i, v in enumerate(ranked[:1000])})
    best = defaultdict(float)
    n = 0
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            sex = r["Gender"] if r["Gender"] in curves else "M"
            ppm = curves[sex](int(r["Index"])) * 1e6 / 2  # a sex is half the births
            n += 1
            for alt in r["Romanized Name"].replace("/", ",").split(","):
                for f in tokens(alt):
                    best[f] = max(best[f], ppm)
    return dict(best), n


def fmt(p):
    return str(round(p)) if p >= 100 else f"{p:.3g}"


def merged(sources):
    """The max over sources of each form's ppm; reports each source."""
    best = defaultdict(float)
    for name, (ppm, total) in sources.items():
        print(f"{name}: {len(ppm)} forms, total {total}", file=sys.stderr)
        for f, p in ppm.items():
            best[f] = max(best[f], p)
    return best


def main():
    args = [a for a in sys.argv[1:] if a != "--ranked"]
    ranked = "--ranked" in sys.argv[1:]
    d = args[0] if args else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data")
    wd = os.path.join(d, "wikidata-translit-coling2018")
    sources = {
        "ssa": ssa(d),
        "wd_arabic": wikidata(os.path.join(wd, "wd_arabic.normalized.aligned.tokens")),
        "wd_russian": wikidata(os.path.join(wd, "wd_russian.tokens_80+20")),
        "surnames": surnames(os.path.join(d, "names-by-country-sigpwned",
                                          "common-surnames-by-country.csv"), False),
    }
    best = merged(sources)
    if ranked:
        rank_sources = {
            "surname ranks": surnames(os.path.join(d, "names-by-country-sigpwned",
                                                   "common-surnames-by-country.csv"), True),
            "forename ranks": forenames(os.path.join(d, "names-by-country-sigpwned",
                                                     "common-forenames-by-country.csv"), d),
        }
        top = merged(rank_sources)
        # what the ranks add to each form's share in the first table
        best = {f: p - (best[f] if best.get(f, 0.0) >= MIN_PPM else 0.0)
                for f, p in top.items() if p > best.get(f, 0.0)}
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
