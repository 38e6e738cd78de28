/*
** translit.c: romanisation of one name token to lowercase ASCII.
**
** Arabic (with Persian, Urdu and Pashto letters), Cyrillic (Russian,
** Ukrainian, Central Asian letters) and Greek use tables written for names
** here: they pick the spelling most romanisations share (Х kh, Ж zh, ث th,
** خ kh) and leave the rest of the variation to the phonetic key. Arabic
** script writes no short vowels, so its long-vowel letters become vowels or
** glides by position (و is w at the start of a word or beside alif, else u).
** Khmer, which ICU cannot romanise, has a table here too. Every other
** script goes through ICU's "Any-Latin; Latin-ASCII" transliterator (ICU 72,
** CLDR transforms), which is not thread safe and so is used under a lock;
** Hindi, Bengali, Punjabi and Gujarati tokens first lose the inherent vowel
** of their last consonant, as those languages do (Rahul, not Rahula). The
** same lock guards "Traditional-Simplified", which folds Han characters for
** the written form of a token (translit_written).
**
** Input is a token already case folded, NFKD decomposed and stripped of
** combining marks, so Latin diacritics, Arabic harakat and hamza seats and
** presentation forms have all been reduced to base letters.
*/
#include "../internal.h"

#include <string.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

/* ------------------------------------------------------------- Scripts */

zeef_script text_script_of(uint32_t c) {
  UErrorCode err = U_ZERO_ERROR;
  UScriptCode s;
  if (c < 0x80) {
    return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? ZEEF_SCRIPT_LATIN
                                                    : ZEEF_SCRIPT_UNKNOWN;
  }
  s = uscript_getScript((UChar32)c, &err);
  if (U_FAILURE(err)) return ZEEF_SCRIPT_UNKNOWN;
  switch (s) {
  case USCRIPT_LATIN: return ZEEF_SCRIPT_LATIN;
  case USCRIPT_ARABIC: return ZEEF_SCRIPT_ARABIC;
  case USCRIPT_CYRILLIC: return ZEEF_SCRIPT_CYRILLIC;
  case USCRIPT_GREEK: return ZEEF_SCRIPT_GREEK;
  case USCRIPT_HEBREW: return ZEEF_SCRIPT_HEBREW;
  case USCRIPT_HAN: case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA:
    return ZEEF_SCRIPT_CJK;
  case USCRIPT_HANGUL: return ZEEF_SCRIPT_HANGUL;
  case USCRIPT_COMMON: case USCRIPT_INHERITED: case USCRIPT_UNKNOWN:
    return ZEEF_SCRIPT_UNKNOWN;
  default: return ZEEF_SCRIPT_OTHER;
  }
}

/* ---------------------------------------------------------- Output sink */

typedef struct sink {
  char *p;
  size_t n, cap; /* cap excludes the NUL */
} sink;

static void put(sink *o, const char *s) {
  for (; *s; s++)
    if (o->n < o->cap) o->p[o->n++] = *s;
}

static void putc1(sink *o, char c) {
  if (o->n < o->cap) o->p[o->n++] = c;
}

/* ---------------------------------------------------------------- Latin */

/* Latin letters that NFKD does not reduce to ASCII. ICAO 9303 folds Æ to
** AE, Ø to OE (and O), ß to SS, Þ to TH; the key treats the two-letter
** forms and the one-letter forms alike. */
static const char *latin_extra(uint32_t c) {
  switch (c) {
  case 0xE6: return "ae";   /* æ */
  case 0xF8: return "oe";   /* ø */
  case 0x153: return "oe";  /* œ */
  case 0xDF: return "ss";   /* ß */
  case 0xFE: return "th";   /* þ */
  case 0xF0: return "d";    /* ð */
  case 0x111: return "d";   /* đ */
  case 0x142: return "l";   /* ł */
  case 0x131: return "i";   /* dotless ı */
  case 0x127: return "h";   /* ħ */
  case 0x14B: return "ng";  /* ŋ */
  case 0x2BF: case 0x2BE: case 0x2BB: case 0x2BC: case 0x2019: case 0x2018:
  case 0x60: case 0xB4: case 0x27:
    return ""; /* ayn, hamza, apostrophes: written or not, same name */
  default: return NULL;
  }
}

/* -------------------------------------------------------------- Arabic */

static int ar_is_alif(uint32_t c) { return c == 0x627 || c == 0x622 || c == 0x671; }

/* Romanisation of one Arabic-script letter; w/y letters are handled by the
** caller. Persian, Urdu, Pashto and Kurdish letters included. */
static const char *ar_letter(uint32_t c) {
  switch (c) {
  case 0x621: return "'"; /* hamza */
  case 0x627: case 0x622: case 0x623: case 0x625: case 0x671: return "a";
  case 0x628: return "b";
  case 0x629: case 0x6C3: return "a"; /* ta marbuta: -a, -ah, -eh */
  case 0x62A: return "t";
  case 0x62B: return "th";
  case 0x62C: return "j";
  case 0x62D: return "h";
  case 0x62E: return "kh";
  case 0x62F: return "d";
  case 0x630: return "dh";
  case 0x631: return "r";
  case 0x632: return "z";
  case 0x633: return "s";
  case 0x634: return "sh";
  case 0x635: return "s";
  case 0x636: return "d";
  case 0x637: return "t";
  case 0x638: return "z";
  case 0x639: return "'"; /* ayn */
  case 0x63A: return "gh";
  case 0x641: case 0x6A4: return c == 0x6A4 ? "v" : "f";
  case 0x642: return "q";
  case 0x643: case 0x6A9: return "k";
  case 0x644: case 0x6B5: return "l";
  case 0x645: return "m";
  case 0x646: case 0x6BA: case 0x6BC: return "n";
  case 0x647: case 0x6C1: case 0x6BE: return "h";
  case 0x649: return "a"; /* alif maqsura */
  case 0x67E: return "p";
  case 0x686: return "ch";
  case 0x698: case 0x696: return "zh";
  case 0x6AF: case 0x6AB: return "g";
  case 0x679: return "t";
  case 0x688: case 0x689: return "d";
  case 0x691: case 0x693: case 0x695: return "r";
  case 0x6C0: return "a";
  case 0x6D2: case 0x6D3: case 0x6D0: case 0x6CE: return "e";
  case 0x6D5: return "e";
  case 0x69A: return "sh";
  case 0x681: return "dz";
  case 0x685: return "ts";
  case 0x6C6: return "o";
  case 0x640: return ""; /* tatweel */
  default: return NULL;
  }
}

static int ar_is_waw(uint32_t c) { return c == 0x648 || c == 0x624 || c == 0x6C7 || c == 0x6C6; }
static int ar_is_ya(uint32_t c) {
  return c == 0x64A || c == 0x626 || c == 0x6CC || c == 0x6CD;
}

/* Letters read differently in Arabic and in Persian and Urdu (فضل Fazl,
** ثناء Sana, ذاکر Zakir) or across dialects (ظاهر Dahir, كاظم Kazim) are
** written as the placeholders of TRANSLIT_READINGS (internal.h); tokenise.c expands
** them into a first and a second reading once the name's structure is
** known. */
static const char *ar_ambiguous(uint32_t c) {
  switch (c) {
  case 0x636: return "1"; /* dad: d, z */
  case 0x630: return "2"; /* dhal: dh, z */
  case 0x62B: return "3"; /* tha: th, s */
  case 0x638: return "4"; /* za: z, d */
  case 0x641: return "5"; /* fa: f, and v in foreign names (فون von) */
  default: return NULL;
  }
}

static void arabic(const uint16_t *u, size_t n, sink *o) {
  for (size_t i = 0; i < n; i++) {
    uint32_t c = u[i], prev = i ? u[i - 1] : 0, next = i + 1 < n ? u[i + 1] : 0;
    if (ar_is_waw(c) || ar_is_ya(c)) {
      /* A glide at the start, before or after alif, ayn or hamza, or
      ** doubled; else the long vowel u / i. */
      int glide = i == 0 || ar_is_alif(prev) || ar_is_alif(next) ||
                  prev == 0x639 || prev == 0x621 ||
                  (next == c && i + 2 < n);
      if (ar_is_waw(c)) put(o, glide ? "w" : "u");
      else put(o, glide ? "y" : "i");
      continue;
    }
    /* A word-initial ayn or hamza is heard as a vowel: عبد abd, عمر amr,
    ** and before alif a long one: عابد aabd (Abid, not Abd). */
    if (i == 0 && (c == 0x639 || c == 0x621)) {
      put(o, "a");
      continue;
    }
    const char *s = ar_ambiguous(c);
    if (!s) s = ar_letter(c);
    if (s) put(o, s);
  }
}

/* ------------------------------------------------------------ Cyrillic */

static const char *cyr_letter(uint32_t c) {
  static const char *const ru[] = {
      "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m",
      "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh",
      "shch", "", "y", "", "e", "yu", "ya"};
  if (c >= 0x430 && c <= 0x44F) return ru[c - 0x430];
  switch (c) {
  case 0x451: return "e";  /* ё */
  case 0x454: return "ye"; /* є */
  case 0x456: return "i";  /* і */
  case 0x457: return "yi"; /* ї */
  case 0x491: return "g";  /* ґ */
  case 0x45E: return "u";  /* ў */
  case 0x458: return "j";  /* ј */
  case 0x45F: return "dzh";
  case 0x45A: return "nj";
  case 0x459: return "lj";
  case 0x452: return "dj";
  case 0x45B: return "c";
  case 0x455: return "dz";
  case 0x453: return "gj";
  case 0x45C: return "kj";
  case 0x493: return "gh"; /* ғ */
  case 0x49B: return "q";  /* қ */
  case 0x4A3: return "ng"; /* ң */
  case 0x4E9: return "o";  /* ө */
  case 0x4AF: return "u";  /* ү */
  case 0x4B1: return "u";  /* ұ */
  case 0x4BB: return "h";  /* һ */
  case 0x4D9: return "a";  /* ә */
  case 0x4B3: return "h";  /* ҳ */
  case 0x4B7: return "j";  /* ҷ */
  case 0x4CF: return "";   /* palochka */
  default: return NULL;
  }
}

static int cyr_vowel(uint32_t c) {
  return c == 0x430 || c == 0x435 || c == 0x438 || c == 0x43E || c == 0x443 ||
         c == 0x44D || c == 0x44E || c == 0x44F || c == 0x451 || c == 0x44B;
}

static void cyrillic(const uint16_t *u, size_t n, sink *o) {
  for (size_t i = 0; i < n; i++) {
    /* Foreign names: у before a vowel at the start is w (Уильям William,
    ** Уолтер Walter); ё at the start or after a vowel is yo (Ёсида). */
    if (u[i] == 0x443 && i == 0 && n > 1 && cyr_vowel(u[1])) { put(o, "w"); continue; }
    if (u[i] == 0x451 && (i == 0 || cyr_vowel(u[i - 1]))) { put(o, "yo"); continue; }
    /* Foreign names read г as h (Генрих Heinrich, Гарри Harry), and
    ** Japanese ones си, ти as shi, chi (Хироси Hiroshi): second readings. */
    if (u[i] == 0x433) { put(o, "6"); continue; }
    if (u[i] == 0x441 && i + 1 < n && u[i + 1] == 0x438) { put(o, "7"); continue; }
    if (u[i] == 0x442 && i + 1 < n && u[i + 1] == 0x438) { put(o, "8"); continue; }
    const char *s = cyr_letter(u[i]);
    if (s) put(o, s);
  }
}

/* --------------------------------------------------------------- Greek */

static void greek(const uint16_t *u, size_t n, sink *o) {
  static const char *const gr[] = {
      "a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n",
      "x", "o", "p", "r", "s", "s", "t", "y", "f", "ch", "ps", "o"};
  for (size_t i = 0; i < n; i++) {
    uint32_t c = u[i], next = i + 1 < n ? u[i + 1] : 0;
    if (c == 0x3BF && next == 0x3C5) { put(o, "ou"); i++; continue; }
    if (c == 0x3BC && next == 0x3C0 && i == 0) { put(o, "b"); i++; continue; }
    if (c == 0x3BD && next == 0x3C4 && i == 0) { put(o, "d"); i++; continue; }
    if (c == 0x3B3 && (next == 0x3B3 || next == 0x3BA)) { put(o, "n"); continue; }
    if (c >= 0x3B1 && c <= 0x3C9) put(o, gr[c - 0x3B1]);
  }
}

/* --------------------------------------------------------------- Khmer */

/* Khmer has no ICU transform. Consonants U+1780..U+17A2 and their series:
** a first-series consonant reads its vowels one way (ុ o), a second-series
** one another (ុ u); ៉ moves a consonant to the first series (and makes
** ប p), ៊ to the second. A simplified UNGEGN romanisation, for names:
** ប៉ុល ពត Pol Pot, ហ៊ុន ម៉ាណែត Hun Manaet (Manet). */
static const char *const km_cons[] = {
    "k", "kh", "k", "kh", "ng", "ch", "chh", "ch", "chh", "nh", "d", "th", "d", "th",
    "n", "t", "th", "t", "th", "n", "b", "ph", "p", "ph", "m", "y", "r", "l", "v",
    "s", "s", "s", "h", "l", ""};
/* 1: second series (inherent vowel o); the rest are first series (a). */
static const unsigned char km_series2[] = {
    0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0};
/* Dependent vowels U+17B6..U+17C5: first series, second series. */
static const char *const km_vowel[][2] = {
    {"a", "ea"}, {"e", "i"},  {"ei", "i"}, {"oe", "ue"}, {"oeu", "ueu"}, {"o", "u"},
    {"ou", "u"}, {"uo", "uo"}, {"aeu", "eu"}, {"oea", "oea"}, {"ie", "ie"}, {"e", "e"},
    {"ae", "ae"}, {"ai", "ey"}, {"ao", "o"}, {"au", "ov"}};
/* Independent vowels U+17A3..U+17B3. */
static const char *const km_indep[] = {"a", "aa", "e", "ei", "o", "ou", "ou", "ov", "rue",
                                       "rueu", "lue", "lueu", "ae", "ai", "ao", "ao", "au"};

_Static_assert(sizeof km_cons / sizeof *km_cons == 0x17A2 - 0x1780 + 1, "Khmer consonants");
_Static_assert(sizeof km_series2 == 0x17A2 - 0x1780 + 1, "Khmer consonant series");
_Static_assert(sizeof km_vowel / sizeof *km_vowel == 0x17C5 - 0x17B6 + 1, "Khmer vowel signs");
_Static_assert(sizeof km_indep / sizeof *km_indep == 0x17B3 - 0x17A3 + 1, "Khmer vowels");

static int km_cons_at(const uint16_t *u, size_t n, size_t i) {
  return i < n && u[i] >= 0x1780 && u[i] <= 0x17A2;
}

/* Syllables: a consonant with no vowel written after it is a syllable's
** last sound when a vowel came just before it (ពត Pot: p, inherent o, t),
** else it starts a syllable and carries the inherent vowel; subscript
** consonants after a final one start the next syllable (នរោត្តម Norottom). */
static void khmer(const uint16_t *u, size_t n, sink *o) {
  int open = 0; /* the last sound written was a vowel */
  for (size_t i = 0; i < n; i++) {
    uint32_t c = u[i];
    if (c >= 0x1780 && c <= 0x17A2) {
      int series2 = km_series2[c - 0x1780], shifted = 0, subs = 0;
      size_t j = i + 1;
      /* a register sign right after the consonant */
      if (j < n && (u[j] == 0x17C9 || u[j] == 0x17CA)) {
        series2 = u[j] == 0x17CA;
        shifted = c == 0x1794 && u[j] == 0x17C9; /* ប៉ is p */
        j++;
      }
      put(o, shifted ? "p" : km_cons[c - 0x1780]);
      /* subscript consonants (coeng + consonant) join the cluster */
      while (j + 1 < n && u[j] == 0x17D2 && km_cons_at(u, n, j + 1)) {
        put(o, km_cons[u[j + 1] - 0x1780]);
        subs = 1;
        j += 2;
      }
      if (j < n && u[j] >= 0x17B6 && u[j] <= 0x17C5) {
        put(o, km_vowel[u[j] - 0x17B6][series2]);
        open = 1;
        j++;
      } else if (open) {
        /* the end of a syllable; a subscript then starts the next */
        open = subs && j < n;
        if (open) put(o, series2 ? "o" : "a");
      } else {
        put(o, series2 ? "o" : "a");
        open = 1;
      }
      i = j - 1;
      continue;
    }
    if (c >= 0x17A3 && c <= 0x17B3) {
      put(o, km_indep[c - 0x17A3]);
      open = 1;
    } else if (c >= 0x17B6 && c <= 0x17C5) {
      put(o, km_vowel[c - 0x17B6][0]);
      open = 1;
    } else if (c == 0x17C6 || c == 0x17C7) {
      put(o, c == 0x17C6 ? "m" : "h"); /* nikahit, reahmuk: a final sound */
      open = 0;
    }
    /* other signs (bantoc, a lone coeng, punctuation) add no letter */
  }
}

/* --------------------------------------------------- Indo-Aryan scripts */

/* Devanagari, Bengali, Gurmukhi and Gujarati share one layout: the block
** base plus 0x15..0x39 (and 0x58..0x5F) are consonants, 0x3C the nukta,
** 0x4D the virama. Returns the block base of c when c is such a
** consonant or nukta, else 0. */
static uint32_t indo_aryan_base(uint32_t c) {
  static const uint32_t bases[] = {0x900, 0x980, 0xA00, 0xA80};
  for (size_t i = 0; i < sizeof bases / sizeof *bases; i++) {
    uint32_t o = c - bases[i];
    if (c >= bases[i] && (o - 0x15 <= 0x39 - 0x15 || o == 0x3C || o - 0x58 <= 0x5F - 0x58))
      return bases[i];
  }
  return 0;
}

/* Hindi, Bengali, Punjabi and Gujarati do not pronounce the inherent
** vowel of a word's last consonant, and names drop it in Latin (राहुल
** Rahul, not Rahula; মোহাম্মদ Mohammad), except after a consonant
** cluster (नरेंद्र Narendra). ICU romanises every inherent vowel, so such a
** token gets a virama on its last consonant first. u has room for n + 1
** units; returns the new length. */
static size_t schwa_deletion(uint16_t *u, size_t n) {
  uint32_t base;
  size_t last = n;
  if (n < 2) return n;
  base = indo_aryan_base(u[n - 1]);
  if (!base) return n;
  if (u[n - 1] == base + 0x3C) last = n - 1; /* consonant + nukta */
  if (last < 2 || indo_aryan_base(u[last - 1]) != base || u[last - 1] == base + 0x3C)
    return n; /* a lone consonant, or nukta after nothing */
  if (u[last - 2] == base + 0x4D) return n; /* cluster: the vowel is said */
  u[n] = (uint16_t)(base + 0x4D);
  return n + 1;
}

/* ---------------------------------------------------------------- ICU */

zeef_status translit_init(zeef_ctx *ctx) {
  static const UChar id[] = u"Any-Latin; Latin-ASCII; Lower";
  /* Traditional and simplified characters write one name (習近平 习近平);
  ** folding them lets Han names be compared by their characters. */
  static const UChar simp[] = u"Traditional-Simplified";
  UErrorCode err = U_ZERO_ERROR;
  UParseError pe;
  ctx->icu_translit = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, &pe, &err);
  if (U_FAILURE(err)) {
    ctx->icu_translit = NULL;
    return ZEEF_E_UNICODE;
  }
  ctx->icu_simplify = utrans_openU(simp, -1, UTRANS_FORWARD, NULL, 0, &pe, &err);
  if (U_FAILURE(err)) {
    ctx->icu_simplify = NULL;
    return ZEEF_E_UNICODE;
  }
  return ZEEF_OK;
}

void translit_free(zeef_ctx *ctx) {
  if (ctx->icu_translit) utrans_close(ctx->icu_translit);
  if (ctx->icu_simplify) utrans_close(ctx->icu_simplify);
  ctx->icu_translit = ctx->icu_simplify = NULL;
}

size_t translit_written(const zeef_ctx *ctx, const uint16_t *u, size_t n, char *out,
                        size_t cap) {
  UChar buf[256];
  int32_t len, limit, w = 0;
  UErrorCode err = U_ZERO_ERROR;
  if (!cap) return 0;
  out[0] = 0;
  if (n > 64) n = 64; /* one token; the mapping keeps lengths within 4x */
  memcpy(buf, u, n * sizeof *u);
  len = limit = (int32_t)n;
  pthread_mutex_lock((pthread_mutex_t *)&ctx->icu_lock);
  utrans_transUChars(ctx->icu_simplify, buf, &len, (int32_t)(sizeof buf / sizeof *buf), 0,
                     &limit, &err);
  pthread_mutex_unlock((pthread_mutex_t *)&ctx->icu_lock);
  if (U_FAILURE(err)) return 0;
  /* room for the NUL is kept: a full buffer only warns */
  u_strToUTF8(out, (int32_t)cap - 1, &w, buf, len, &err);
  if (U_FAILURE(err)) w = 0;
  out[w] = 0;
  return (size_t)w;
}

static void via_icu(const zeef_ctx *ctx, const uint16_t *u, size_t n, sink *o) {
  UChar buf[256];
  int32_t len, limit;
  UErrorCode err = U_ZERO_ERROR;
  if (n > 64) n = 64; /* one token; 64 units romanise to < 256 */
  memcpy(buf, u, n * sizeof *u);
  len = limit = (int32_t)n;
  pthread_mutex_lock((pthread_mutex_t *)&ctx->icu_lock);
  utrans_transUChars(ctx->icu_translit, buf, &len, (int32_t)(sizeof buf / sizeof *buf),
                     0, &limit, &err);
  pthread_mutex_unlock((pthread_mutex_t *)&ctx->icu_lock);
  if (U_FAILURE(err)) return;
  for (int32_t i = 0; i < len; i++)
    if (buf[i] < 0x80) putc1(o, (char)buf[i]);
}

/* -------------------------------------------------------------- Hangul */

/* ICU writes ㄹ l everywhere; the Revised Romanization and the North Korean
** spellings write it r at the start of a syllable (룡 ryong, 리 ri), l at
** the end and as the second of ㄹㄹ (결례 gyeollye). Syllables starting
** with ㄹ are romanised alone and given their r; runs of the others go to
** ICU whole. */
static void hangul(const zeef_ctx *ctx, const uint16_t *u, size_t n, sink *o) {
  size_t from = 0;
  for (size_t i = 0; i <= n; i++) {
    int r = i < n && u[i] >= 0xAC00 && u[i] <= 0xD7A3 && (u[i] - 0xAC00) / 588 == 5;
    /* the previous syllable's final ㄹ (index 8) makes it ll */
    if (r && i > 0 && u[i - 1] >= 0xAC00 && u[i - 1] <= 0xD7A3 && (u[i - 1] - 0xAC00) % 28 == 8) r = 0;
    if (i < n && !r) continue;
    if (i > from) via_icu(ctx, u + from, i - from, o);
    if (i < n) {
      size_t at = o->n;
      via_icu(ctx, u + i, 1, o);
      if (o->n > at && o->p[at] == 'l') o->p[at] = 'r';
    }
    from = i + 1;
  }
}

/* -------------------------------------------------------------- Public */

size_t translit_token(const zeef_ctx *ctx, const uint16_t *u, size_t n,
                      zeef_script script, char *out, size_t cap) {
  sink o = {out, 0, cap ? cap - 1 : 0};
  if (!cap) return 0;
  switch (script) {
  case ZEEF_SCRIPT_ARABIC: arabic(u, n, &o); break;
  case ZEEF_SCRIPT_CYRILLIC: cyrillic(u, n, &o); break;
  case ZEEF_SCRIPT_GREEK: greek(u, n, &o); break;
  case ZEEF_SCRIPT_HANGUL: hangul(ctx, u, n < 64 ? n : 64, &o); break;
  case ZEEF_SCRIPT_LATIN: {
    int need_icu = 0;
    for (size_t i = 0; i < n; i++) {
      uint32_t c = u[i];
      const char *s;
      if (c >= '0' && c <= '9') putc1(&o, "oizeasgtbg"[c - '0']); /* OCR: 1 for i, 0 for o */
      else if (c < 0x80) putc1(&o, (char)c);
      else if ((s = latin_extra(c)) != NULL) put(&o, s);
      else need_icu = 1;
    }
    if (need_icu) { o.n = 0; via_icu(ctx, u, n, &o); }
    break;
  }
  default: {
    uint16_t v[64 + 1];
    if (n && u[0] >= 0x1780 && u[0] <= 0x17FF) {
      khmer(u, n, &o);
      break;
    }
    size_t m = n < 64 ? n : 64;
    memcpy(v, u, m * sizeof *u);
    m = schwa_deletion(v, m);
    via_icu(ctx, v, m, &o);
    break;
  }
  }
  /* Keep lowercase ASCII letters only. */
  size_t w = 0;
  for (size_t i = 0; i < o.n; i++) {
    char c = out[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
    if ((c >= 'a' && c <= 'z') || c == '\'' ||
        ((script == ZEEF_SCRIPT_ARABIC || script == ZEEF_SCRIPT_CYRILLIC) && c >= '1' &&
         c < '1' + TRANSLIT_NREADINGS))
      out[w++] = c;
  }
  out[w] = 0;
  return w;
}
