#!/bin/sh
# gen_unihan.sh: the Korean and Japanese readings of Han characters, from
# the Unihan database of Debian's unicode-data package, for the build to
# assemble into the library (src/names/data.S; tables.c reads it).
#
#   sh tools/gen_unihan.sh [Unihan_Readings.txt.bz2] > build/unihan.tsv
#
# One line per character that has a reading: the code point in hex, then
# its Hangul readings (kHangul, syllables without their source tags), its
# Japanese on readings (kJapaneseOn) and kun readings (kJapaneseKun), each
# field space-separated, lowercase, in Unihan's order (the common reading
# first), fields divided by tabs:
#
#   4f50<TAB>좌<TAB>sa<TAB>tasuke tasukeru suke
#
# The first line lists every pinyin syllable Unihan's kMandarin readings use,
# tone marks removed (ü as u), for Wade-Giles spellings to be read back:
#
#   pinyin<TAB>a ai an ang ao ba ...
#
# A character's Mandarin reading itself is not needed: ICU's Han-Latin
# transliterator gives it.
set -eu
src=${1:-/usr/share/unicode/Unihan_Readings.txt.bz2}
if [ ! -r "$src" ]; then
  echo "gen_unihan.sh: $src not found (Debian package unicode-data; sh scripts/install-deps)" >&2
  exit 1
fi
bzcat "$src" | awk -F'\t' '
  $2 == "kMandarin" {
    v = $3
    gsub(/ā|á|ǎ|à/, "a", v); gsub(/ē|é|ě|è|ê|ế|ề/, "e", v); gsub(/ī|í|ǐ|ì/, "i", v)
    gsub(/ō|ó|ǒ|ò/, "o", v); gsub(/ū|ú|ǔ|ù|ǖ|ǘ|ǚ|ǜ|ü/, "u", v); gsub(/ḿ/, "m", v); gsub(/ń|ň|ǹ/, "n", v)
    if (v ~ /^[a-z]+$/ && !(v in py)) { py[v] = 1; npy++ }
    next
  }
  /^U\+/ && ($2 == "kHangul" || $2 == "kJapaneseOn" || $2 == "kJapaneseKun") {
    cp = tolower(substr($1, 3))
    if (!(cp in seen)) { seen[cp] = 1; order[n++] = cp }
    v = $3
    if ($2 == "kHangul") {
      # "금:0E 김:0N": the syllable before each colon
      out = ""
      k = split(v, part, " ")
      for (i = 1; i <= k; i++) {
        sub(/:.*/, "", part[i])
        out = out (out == "" ? "" : " ") part[i]
      }
      ko[cp] = out
    } else if ($2 == "kJapaneseOn") {
      on[cp] = tolower(v)
    } else {
      kun[cp] = tolower(v)
    }
  }
  END {
    line = ""
    for (v in py) line = line (line == "" ? "" : " ") v
    print "pinyin\t" line
    for (i = 0; i < n; i++) {
      cp = order[i]
      print cp "\t" ko[cp] "\t" on[cp] "\t" kun[cp]
    }
  }'
