#!/usr/bin/env python3
"""gen_countries.py - build src/values/country_table.h (ISO 3166-1) for zeef.

Why: zeef_country_code() turns the country a list or a travel document writes
("Iraq", "IQ", "Syrian Arab Republic", "Côte d'Ivoire") into its alpha-3 code,
and zeef_country_name() goes back. The ISO 3166-1 part of that knowledge is
generated here; aliases iso-codes lacks (adjectives, list spellings, ICAO 9303
document codes, former states) are written by hand in src/values/country.c.

Reads: iso_3166-1.json of the iso-codes project (default
  /usr/share/iso-codes/json/iso_3166-1.json, Debian package iso-codes;
  LGPL-2.1-or-later). 249 entries with alpha_2, alpha_3, name and optionally
  official_name and common_name.
Method:
  - The display name of a code (zeef_country_name) is common_name, else name,
    except for the few inverted or long names in DISPLAY below.
  - Lookup keys of a code are its name, official_name, common_name and
    display name, each also without a parenthesised part ("Holy See (Vatican
    City State)" -> "Holy See") and, when it has a comma, rotated around the
    first comma ("Korea, Republic of" -> "Republic of Korea"), as the C
    lookup rotates its input.
  - Keys are normalised exactly as country.c normalises its input: see
    norm_words() below; the Latin fold table FOLD is emitted into the header so
    both sides use the same one. A key claimed by two codes is an error.
Writes to stdout: a C header with the fold table, the rows sorted by alpha-3,
an index sorted by alpha-2 and the keys sorted bytewise.

Usage: python3 tools/gen_countries.py [ISO_3166-1_JSON] > src/values/country_table.h
"""
import json, subprocess, sys, unicodedata

DEFAULT_JSON = "/usr/share/iso-codes/json/iso_3166-1.json"

# Display names where iso-codes has no short common_name and its name is an
# inverted list form or carries a qualifier nobody writes.
DISPLAY = {
    "BRN": "Brunei",
    "COD": "Democratic Republic of the Congo",
    "FLK": "Falkland Islands",
    "FSM": "Micronesia",
    "MAF": "Saint Martin",
    "PSE": "Palestine",
    "RUS": "Russia",
    "SXM": "Sint Maarten",
    "VAT": "Holy See",
    "VGB": "British Virgin Islands",
    "VIR": "United States Virgin Islands",
}

# ---------------------------------------------------------------- Folding

FOLD_FIRST, FOLD_LAST = 0x00C0, 0x024F  # Latin-1 Supplement letters .. Latin Extended-B
FOLD_SPECIAL = {"ß": "ss", "ẞ": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l",
                "ı": "i", "ð": "d", "þ": "th", "ħ": "h", "ŧ": "t", "ŀ": "l", "ĸ": "k",
                "ŋ": "n", "ƒ": "f"}
NOT_A_LETTER = ""   # separator (× ÷)
NO_ASCII = "*"      # a letter with no ASCII form: country.c rejects the input


def fold_char(c):
    """ASCII lowercase form of one letter of U+00C0..U+024F."""
    low = c.lower()
    if low in FOLD_SPECIAL:
        return FOLD_SPECIAL[low]
    if not unicodedata.category(c).startswith("L"):
        return NOT_A_LETTER
    base = "".join(x for x in unicodedata.normalize("NFKD", low)
                   if "a" <= x <= "z")
    if base:
        return base[:2]
    # Letters without a decomposition: "LATIN SMALL LETTER B WITH STROKE" -> b.
    words = unicodedata.name(c, "").split()
    if "LETTER" in words:
        letter = words[words.index("LETTER") + 1]
        if len(letter) == 1 and letter.isalpha():
            return letter.lower()
    return NO_ASCII


FOLD = {cp: fold_char(chr(cp)) for cp in range(FOLD_FIRST, FOLD_LAST + 1)}
APOSTROPHES = {0x2018, 0x2019, 0x02BC, 0x00B4}  # dropped like ' and `


def norm_words(s):
    """Words of s and the number of words before its first comma (or None),
    as country.c builds them: ASCII letters and digits lowercased, Latin
    letters folded, ' ` . and combining marks dropped (U.S. -> us), & a word
    of its own, everything else a separator; the word "the" is dropped."""
    words, cur, comma = [], [], None

    def end():
        if cur:
            w = "".join(cur)
            cur.clear()
            if w != "the":
                words.append(w)

    for c in s:
        cp = ord(c)
        if cp < 0x80:
            if c.isalnum():
                cur.append(c.lower())
            elif c in "'`.":
                pass
            elif c == "&":
                end()
                words.append("&")
            else:
                end()
                if c == "," and comma is None:
                    comma = len(words)
        elif FOLD_FIRST <= cp <= FOLD_LAST:
            f = FOLD[cp]
            if f == NO_ASCII:
                raise ValueError(f"no ASCII form for {c!r} in {s!r}")
            if f == NOT_A_LETTER:
                end()
            else:
                cur.append(f)
        elif cp in APOSTROPHES or 0x0300 <= cp <= 0x036F:
            pass
        elif cp <= 0xBF or 0x2000 <= cp <= 0x206F:
            end()
        else:
            raise ValueError(f"unexpected {c!r} in {s!r}")
    end()
    return words, comma


def join_key(words):
    """The lookup key: words joined by one space, & read as "and" and the
    abbreviation "st" as "saint"."""
    sub = {"&": "and", "st": "saint"}
    return " ".join(sub.get(w, w) for w in words)


def keys_of(s):
    """Key of s, and of s rotated around its first comma when that differs."""
    words, comma = norm_words(s)
    out = [join_key(words)]
    if comma is not None and 0 < comma < len(words):
        out.append(join_key(words[comma:] + words[:comma]))
    return out


def drop_parens(s):
    out, depth = [], 0
    for c in s:
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(c)
    return " ".join("".join(out).split())


def c_str(s):
    """A C string literal (UTF-8 bytes outside ASCII as octal escapes, so the
    header is plain ASCII)."""
    out = []
    for b in s.encode("utf-8"):
        ch = chr(b)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= b < 0x7F:
            out.append(ch)
        else:
            out.append("\\%03o" % b)
    return '"' + "".join(out) + '"'


def iso_codes_version():
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", "iso-codes"],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_JSON
    with open(path, encoding="utf-8") as fh:
        entries = json.load(fh)["3166-1"]
    rows = sorted(entries, key=lambda e: e["alpha_3"])
    if len(rows) > 255:
        sys.exit("more than 255 rows: widen cty_key.row")
    display = {}
    keys = {}  # key -> row index
    for i, e in enumerate(rows):
        a3 = e["alpha_3"]
        display[a3] = DISPLAY.get(a3) or e.get("common_name") or e["name"]
        names = [e["name"], e.get("official_name"), e.get("common_name"), display[a3]]
        for n in filter(None, names):
            for form in {n, drop_parens(n)}:
                for k in keys_of(form):
                    if len(k.split()) == 1 and len(k) <= 3:
                        sys.exit(f"key {k!r} of {a3} would be read as a code")
                    if keys.setdefault(k, i) != i:
                        sys.exit(f"key {k!r} claimed by {rows[keys[k]]['alpha_3']} and {a3}")
    for k, d in DISPLAY.items():
        if k not in display:
            sys.exit(f"DISPLAY names unknown code {k}")

    by_a2 = sorted(range(len(rows)), key=lambda i: rows[i]["alpha_2"])
    sorted_keys = sorted(keys, key=lambda k: k.encode())
    longest = max(len(k) for k in sorted_keys)

    o = []
    o.append("/*\n"
             "** country_table.h: ISO 3166-1 for country.c. GENERATED by tools/gen_countries.py\n"
             f"** from iso-codes {iso_codes_version()} (iso_3166-1.json, LGPL-2.1-or-later; see\n"
             "** data/SOURCE.md). Do not edit: change the generator and run\n"
             "**   python3 tools/gen_countries.py > src/values/country_table.h\n"
             "**\n"
             "** cty_fold: ASCII lowercase form of U+00C0..U+024F (\"\" not a letter, \"*\" a\n"
             "** letter with no ASCII form). cty_rows: sorted by alpha-3; name is the\n"
             "** English short name (UTF-8). cty_by_a2: row indexes sorted by alpha-2.\n"
             "** cty_keys: normalised names (see country.c), sorted bytewise, each with\n"
             "** its row.\n"
             "*/\n"
             "#ifndef ZEEF_COUNTRY_TABLE_H\n#define ZEEF_COUNTRY_TABLE_H\n")
    o.append(f"#define CTY_FOLD_FIRST 0x{FOLD_FIRST:04X}\n#define CTY_FOLD_LAST 0x{FOLD_LAST:04X}\n"
             f"#define CTY_NROWS {len(rows)}\n#define CTY_NKEYS {len(sorted_keys)}\n"
             f"#define CTY_KEY_LONGEST {longest}\n\n")
    o.append("struct cty_row {\n  char a2[3];\n  char a3[4];\n  const char *name;\n};\n\n"
             "struct cty_key {\n  const char *key;\n  unsigned char len;\n"
             "  unsigned char row;\n};\n\n")
    o.append("static const char cty_fold[CTY_FOLD_LAST - CTY_FOLD_FIRST + 1][3] = {\n")
    cps = list(range(FOLD_FIRST, FOLD_LAST + 1))
    for j in range(0, len(cps), 8):
        chunk = cps[j:j + 8]
        o.append("    " + " ".join(c_str(FOLD[cp]) + "," for cp in chunk)
                 + f" /* U+{chunk[0]:04X} */\n")
    o.append("};\n\n")
    o.append("static const struct cty_row cty_rows[CTY_NROWS] = {\n")
    for e in rows:
        o.append(f'    {{"{e["alpha_2"]}", "{e["alpha_3"]}", {c_str(display[e["alpha_3"]])}}},\n')
    o.append("};\n\n")
    o.append("static const unsigned char cty_by_a2[CTY_NROWS] = {\n")
    for j in range(0, len(by_a2), 16):
        o.append("    " + " ".join(f"{i}," for i in by_a2[j:j + 16]) + "\n")
    o.append("};\n\n")
    o.append("static const struct cty_key cty_keys[CTY_NKEYS] = {\n")
    for k in sorted_keys:
        a3 = rows[keys[k]]["alpha_3"]
        o.append(f"    {{{c_str(k)}, {len(k)}, {keys[k]}}}, /* {a3} */\n")
    o.append("};\n\n#endif\n")
    out = "".join(o)
    sys.stdout.write(out)
    print(f"{len(rows)} rows, {len(sorted_keys)} keys (longest {longest}), "
          f"{len(out.encode())} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
