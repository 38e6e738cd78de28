/*
** compare.c: could two analysed names denote the same person?
**
** Token similarity (tok_sim) in [0, 1] is the best of: the same Latin form
** (1); known spelling variants (0.95); an initial (0.9); e, a weighted
** edit similarity of the Latin forms (optimal string alignment: vowel for
** vowel, glide for glide or, within a script, l for i and v for y (OCR)
** 0.5, second of a double 0.3, vowel or h 0.5;
** across scripts near consonants 0.5); the phonetic keys of every reading
** of both tokens (same key 0.95 when vowels are unknown, else 0.8 + 0.2 e;
** otherwise a weighted key similarity, in full across scripts, times 0.85
** within one); and for a Baltic masculine ending, 0.95 times the stem's
** similarity. Two Han or two Hangul tokens are compared as written instead,
** character by character.
**
** Names are aligned order-insensitively: token pairs and runs of adjacent
** tokens written as one (Bel Mokhtar, Belmokhtar; Van den Broucke,
** Vandenbroucke; Abu Bakr al-Baghdadi, Abubakralbaghdadi) at PAIR_MIN or
** more are candidates, taken
** most similar first, each token once. With w the rarity weight of a token:
**
**   score = sum_pairs firm(sim) (wa + wb)
**           / (sum_pairs (wa + wb) + sum_pairs disagree + sum_unmatched cost)
**
** firm() lets pairs below SIM_FIRM earn less than their similarity; an
** unmatched token costs at least MISS_FLOOR, less when one name contains the
** other (SUBSET_FACTOR, MISS_MIDDLE), and two disagreeing fathers' names at
** least PATRONYM_MISS each. docs/matching.md gives the full method
** and the reasons. The score is in [0, 1] and deterministic; nothing here
** allocates.
*/
#include "../internal.h"

#include <math.h>
#include <string.h>
#include <unicode/utf8.h>

/* Token pairs less similar than this are never aligned. */
#define PAIR_MIN 0.6
#define SIM_VARIANT 0.95
#define SIM_ABJAD_KEY 0.95
#define SIM_INITIAL 0.9
/* The start of a name, cut short by a full MRZ name field, against the
** whole: PREFIX_MIN letters or more say about as much as an initial. */
#define SIM_PREFIX 0.9
#define PREFIX_MIN 3
#define KEY_FACTOR_ALPHA 0.85
/* Aligned pairs below SIM_FIRM count for less than their similarity: two
** tokens 0.7 alike are more often two names than one name misspelt. */
#define SIM_FIRM 0.8
/* Abd al-X against X: the same name with Abd dropped, as documents do. */
#define SIM_ABD_BASE 0.9
/* A father's name (after bin) aligned with a name that is not one. */
#define PATRONYM_CROSS 0.7
/* What each of two disagreeing fathers' names costs at least, when both
** names spell a nasab: the cost of a rare name (the highest weight). */
#define PATRONYM_MISS 1.0
/* What a generation suffix costs (Jr against Sr: each of the two), when the
** names state different generations: together, what a rare name costs. */
#define GENERATION_MISS 0.5
/* Spelling similarity (one vowel in four letters) two tokens with a one- or
** two-letter key need for the same key to count. */
#define SHORT_KEY_SPELLING 0.7
/* A Baltic masculine ending (Lavrovs, Lavrovas) against the bare stem
** (Lavrov): the stem's similarity times SIM_BALTIC. Stems are at least
** BALTIC_STEM_MIN letters: shorter ones are other names (Yunus, Yun). */
#define SIM_BALTIC 0.95
#define BALTIC_STEM_MIN 4
/* A short form against a full name it stands for (Bill, William): SIM_NICK
** when it stands for that name alone, less by NICK_SHARED for each doubling
** of the full names it may stand for (Al: Albert, Alfred, Alan...), since
** each halves what it says about which name is meant. */
#define SIM_NICK 0.9
#define NICK_SHARED 0.05
/* A Korean or Japanese reading of Han characters against a name in
** another script: its similarity times SIM_READING (a character has
** several readings, and which one a person's name uses is not written). */
#define SIM_READING 0.95
/* Characters of a Han or Hangul token compared as written; a longer token
** is compared by its first WRITTEN_MAX. */
#define WRITTEN_MAX 16
/* Score factor when only initials and particles agree. */
#define INITIALS_ONLY 0.5
#define SIM_SLOPE 2.5
/* Edit costs. */
#define COST_VOWEL_SUB 0.5
#define COST_DOUBLE 0.3
#define COST_SOFT 0.5

/* --------------------------------------------------------------- Edits */

/* Letter classes of the edit costs, one table lookup per letter (Latin
** forms hold a-z only; anything else has no class). */
enum {
  L_SOFT = 1 << 0,  /* a vowel, y or h: cheap to insert or drop */
  L_VOWEL = 1 << 1, /* a vowel or y: half a substitution for another */
  /* The palatal glide is written j, y or i by the Latin spellings of one
  ** sound (docs/names.md, 6: y~i~j; Cyrillic Й y/i/j, Я ya/ia/ja): Sergej,
  ** Sergey, Sergei; Jusuf, Yusuf. Within one script too, one for another
  ** is half a substitution, like a vowel for a vowel. */
  L_GLIDE = 1 << 2
};
#define L_VS (L_SOFT | L_VOWEL)
static const unsigned char letter_tab[26] = {
    ['a' - 'a'] = L_VS, ['e' - 'a'] = L_VS, ['i' - 'a'] = L_VS | L_GLIDE, ['o' - 'a'] = L_VS,
    ['u' - 'a'] = L_VS, ['y' - 'a'] = L_VS | L_GLIDE, ['h' - 'a'] = L_SOFT,
    ['j' - 'a'] = L_GLIDE};

/* Letters that romanisations of one sound in another script land on: each
** letter's bit set of groups {b p} {c k q g} {d t} {f v w} {g j} {h k x j}
** {j y i} {s z c x} {u w v}. Two letters sharing a group are near. */
static const unsigned short near_tab[26] = {
    ['b' - 'a'] = 1u << 0, ['p' - 'a'] = 1u << 0, ['c' - 'a'] = 1u << 1 | 1u << 7,
    ['k' - 'a'] = 1u << 1 | 1u << 5, ['q' - 'a'] = 1u << 1, ['g' - 'a'] = 1u << 1 | 1u << 4,
    ['d' - 'a'] = 1u << 2, ['t' - 'a'] = 1u << 2, ['f' - 'a'] = 1u << 3,
    ['v' - 'a'] = 1u << 3 | 1u << 8, ['w' - 'a'] = 1u << 3 | 1u << 8,
    ['j' - 'a'] = 1u << 4 | 1u << 5 | 1u << 6, ['h' - 'a'] = 1u << 5,
    ['x' - 'a'] = 1u << 5 | 1u << 7, ['y' - 'a'] = 1u << 6, ['i' - 'a'] = 1u << 6,
    ['s' - 'a'] = 1u << 7, ['z' - 'a'] = 1u << 7, ['u' - 'a'] = 1u << 8};

static unsigned letter_class_bits(char c) {
  unsigned k = (unsigned)(c - 'a');
  return k < 26 ? letter_tab[k] : 0;
}

static int soft(char c) { return (letter_class_bits(c) & L_SOFT) != 0; }

static unsigned near_groups(char c) {
  unsigned k = (unsigned)(c - 'a');
  return k < 26 ? near_tab[k] : 0;
}

/* Edit costs in tenths of a letter: the distance adds them exactly. */
#define TENTHS(c) ((int)((c) * 10.0 + 0.5))

/* Cost of inserting or deleting s[i], in tenths; across scripts a letter
** beside a near letter is half a letter (kh for h, dzh for j). */
static int indel(const char *s, size_t n, size_t i, int cross) {
  /* The second of a doubled letter is cheap (Hasan, Hassan); dropping both
  ** drops a letter (Castillo is not Castro). */
  if (i > 0 && s[i - 1] == s[i]) return TENTHS(COST_DOUBLE);
  if (soft(s[i])) return TENTHS(COST_SOFT);
  if (cross && ((i > 0 && (near_groups(s[i - 1]) & near_groups(s[i]))) ||
                (i + 1 < n && (near_groups(s[i + 1]) & near_groups(s[i])))))
    return TENTHS(COST_SOFT);
  return 10;
}

/* Letters an edit of edit_sim() touches for half a letter wherever they
** stand: those of L_SOFT and L_GLIDE (indel()); across scripts also every
** letter of a near group (all but l, m, n and r). */
#define LBIT(c) (1u << ((c) - 'a'))
#define HALF_LETTERS                                                                                         \
  (LBIT('a') | LBIT('e') | LBIT('h') | LBIT('i') | LBIT('j') | LBIT('l') | LBIT('o') | LBIT('u') |           \
   LBIT('v') | LBIT('y'))
#define HALF_LETTERS_CROSS (((1u << 26) - 1) & ~(LBIT('l') | LBIT('m') | LBIT('n') | LBIT('r')))

/* Counts the letters of s into c (26 entries) and returns their set, with
** in *twice those written doubled somewhere; UINT32_MAX when s has
** anything but a-z. */
static uint32_t letter_counts(const char *s, size_t n, unsigned char *c, uint32_t *twice) {
  uint32_t set = 0, dbl = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned k = (unsigned)(s[i] - 'a');
    if (k >= 26) return UINT32_MAX;
    if (i > 0 && s[i - 1] == s[i]) dbl |= 1u << k;
    set |= 1u << k;
    c[k]++;
  }
  *twice = dbl;
  return set;
}

/* The cheapest edit touching letter k of a string whose doubled letters are
** twice: the second of a doubled letter (COST_DOUBLE), a letter of half,
** or any other. */
static float letter_min(unsigned k, uint32_t twice, uint32_t half) {
  if ((twice >> k) & 1) return (float)COST_DOUBLE;
  return (half >> k) & 1 ? (float)COST_SOFT : 1.0f;
}

/* A lower bound on the weighted distance, in O(n): the letters one string
** has more of than the other must each go by an edit costing at least their
** cheapest cost, and one edit removes at most one such letter from each
** side. Lets dissimilar pairs skip the full distance. */
static float letter_bound(const char *a, size_t na, const char *b, size_t nb, int cross) {
  unsigned char ca[26] = {0}, cb[26] = {0};
  uint32_t da, db, half = cross ? HALF_LETTERS_CROSS : HALF_LETTERS;
  uint32_t sa = letter_counts(a, na, ca, &da), sb = letter_counts(b, nb, cb, &db);
  float ta = 0, tb = 0;
  if (sa == UINT32_MAX || sb == UINT32_MAX) return 0.0f;
  for (uint32_t m = sa | sb; m; m &= m - 1) {
    unsigned k = (unsigned)__builtin_ctz(m);
    if (ca[k] > cb[k]) ta += (float)(ca[k] - cb[k]) * letter_min(k, da, half);
    else if (cb[k] > ca[k]) tb += (float)(cb[k] - ca[k]) * letter_min(k, db, half);
  }
  return ta > tb ? ta : tb;
}

/* Groups whose members substitute for half a letter: vowels and glides
** always (above every near group), near consonants across scripts. */
static unsigned sub_groups(char c, int cross) {
  /* Within one script, the letters OCR and hurried typing take for one
  ** another: l for i, v for y (OCR reads the MRZ and scanned lists). */
  unsigned ocr = cross ? 0 : c == 'l' || c == 'i' ? 1u : c == 'v' || c == 'y' ? 2u : 0;
  return (letter_class_bits(c) & (L_VOWEL | L_GLIDE)) << 16 | ocr << 24 | (cross ? near_groups(c) : 0);
}

/* Weighted OSA similarity; when a row's best is already past what floor
** allows, returns 0 early: the pair cannot reach floor. floor 0 computes the
** exact similarity. */
static double edit_sim(const char *a, size_t na, const char *b, size_t nb, double floor,
                       int cross) {
  int d0[TOK_LATIN_MAX * 2 + 2], d1[TOK_LATIN_MAX * 2 + 2], d2[TOK_LATIN_MAX * 2 + 2];
  int ib[TOK_LATIN_MAX * 2 + 2];
  unsigned bg[TOK_LATIN_MAX * 2 + 2]; /* per letter of b: its sub_groups() */
  int *pp = d0, *p = d1, *c = d2, limit10;
  size_t mx = na > nb ? na : nb;
  float limit;
  if (mx == 0) return 1.0;
  if (na > TOK_LATIN_MAX * 2) na = TOK_LATIN_MAX * 2;
  if (nb > TOK_LATIN_MAX * 2) nb = TOK_LATIN_MAX * 2;
  limit = (float)((1.0 - floor) * (double)mx) + 1e-4f;
  if (floor > 0 && letter_bound(a, na, b, nb, cross) > limit) return 0.0;
  limit10 = (int)(limit * 10.0f); /* a distance in tenths exceeds limit when it exceeds this */
  p[0] = 0;
  /* A vowel for a vowel, a glide for a glide, or (across scripts) a near
  ** letter for a near letter, is half a substitution: one bit test on bg. */
  for (size_t j = 1; j <= nb; j++) {
    ib[j - 1] = indel(b, nb, j - 1, cross);
    p[j] = p[j - 1] + ib[j - 1];
    bg[j - 1] = sub_groups(b[j - 1], cross);
  }
  for (size_t i = 1; i <= na; i++) {
    int del = indel(a, na, i - 1, cross), row_min;
    char x = a[i - 1];
    unsigned xg = sub_groups(x, cross);
    c[0] = row_min = p[0] + del;
    for (size_t j = 1; j <= nb; j++) {
      char y = b[j - 1];
      int sub = x == y ? 0 : (xg & bg[j - 1]) ? TENTHS(COST_VOWEL_SUB) : 10;
      int v = p[j - 1] + sub, t;
      if ((t = p[j] + del) < v) v = t;
      if ((t = c[j - 1] + ib[j - 1]) < v) v = t;
      if (i > 1 && j > 1 && x == b[j - 2] && a[i - 2] == y && (t = pp[j - 2] + 10) < v) v = t;
      c[j] = v;
      if (v < row_min) row_min = v;
    }
    if (floor > 0 && row_min > limit10) return 0.0;
    int *tmp = pp;
    pp = p;
    p = c;
    c = tmp;
  }
  double s = 1.0 - p[nb] / (10.0 * (double)mx);
  /* Below floor, 0 whichever way the stop went, so that the result does
  ** not depend on which name is a and which b. */
  return s < 0 || (floor > 0 && s < floor) ? 0 : s;
}

double cmp_edit_sim(const char *a, size_t na, const char *b, size_t nb, double floor, int cross) {
  return edit_sim(a, na, b, nb, floor, cross);
}

/* Key edit costs in half units: letters that romanisations of one sound
** land on (s/z, s/sh, z/j, k/h, j/y, v/f, d/t, by key_near's groups) cost
** half a substitution, and
** letters that may be silent or a glide (h, v, y) half an insertion. Latin
** spelling itself is read several ways: ch as k or sh (Christoph, Chaker), g
** as g or j (George), j as j, y, h or zh (John, Jan, Jose, Jacques). */
static unsigned key_near(char c) {
  switch (c) {
  case 's': return 1u << 0 | 1u << 1;       /* s/z, s/x */
  case 'z': return 1u << 0 | 1u << 2;       /* z/j */
  case 'x': return 1u << 1 | 1u << 3 | 1u << 4; /* x/j, x/k */
  case 'j': return 1u << 2 | 1u << 3 | 1u << 5 | 1u << 6 | 1u << 7; /* j/y, j/k, j/h */
  case 'k': return 1u << 4 | 1u << 6 | 1u << 8; /* k/h */
  case 'h': return 1u << 7 | 1u << 8;
  case 'y': case 'a': return 1u << 5; /* a leading vowel or y-glide: Eugene, Yevgeny */
  case 'v': case 'f': return 1u << 9;
  case 'd': case 't': return 1u << 10;
  default: return 0;
  }
}

static unsigned key_sub(char a, char b) {
  if (a == b) return 0;
  return key_near(a) & key_near(b) ? 1 : 2;
}

static unsigned key_indel(char c) { return c == 'h' || c == 'v' || c == 'y' ? 1 : 2; }

/* Weighted key similarity; below floor (0 for exact) it returns 0, and may
** stop as soon as a row shows the pair cannot reach floor. */
/* Cost in half units of inserting or deleting key letter s[i] of n: 1 for
** a glide (h, v, y) or a final consonant (often silent in French and
** English spellings and missing from transcriptions by ear: Petit, بيتي),
** else 2. */
static unsigned key_indel_at(const char *s, size_t n, size_t i) {
  return i + 1 == n ? 1 : key_indel(s[i]);
}

/* Key letters that go for half an edit wherever they stand: those with
** near letters (key_near()) and the glides (key_indel()). */
#define HALF_KEY_LETTERS                                                                           \
  (LBIT('a') | LBIT('d') | LBIT('f') | LBIT('h') | LBIT('j') | LBIT('k') | LBIT('s') | LBIT('t') | \
   LBIT('v') | LBIT('x') | LBIT('y') | LBIT('z'))

/* Counts a key's letters a-z into c (others are left out) and returns
** their set. */
static uint32_t key_counts(const char *s, size_t n, unsigned char *c) {
  uint32_t set = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned k = (unsigned)(s[i] - 'a');
    if (k < 26) set |= 1u << k, c[k]++;
  }
  return set;
}

/* The same bound for keys, in half units: a letter with near letters, a
** glide or a final letter can go for 1, any other for 2. */
static unsigned key_bound(const char *a, size_t na, const char *b, size_t nb) {
  unsigned char ca[26] = {0}, cb[26] = {0};
  uint32_t sa = key_counts(a, na, ca), sb = key_counts(b, nb, cb);
  uint32_t ha = HALF_KEY_LETTERS | (na && (unsigned)(a[na - 1] - 'a') < 26 ? LBIT(a[na - 1]) : 0);
  uint32_t hb = HALF_KEY_LETTERS | (nb && (unsigned)(b[nb - 1] - 'a') < 26 ? LBIT(b[nb - 1]) : 0);
  unsigned ta = 0, tb = 0;
  for (uint32_t m = sa | sb; m; m &= m - 1) {
    unsigned k = (unsigned)__builtin_ctz(m);
    if (ca[k] > cb[k]) ta += (unsigned)(ca[k] - cb[k]) * ((ha >> k) & 1 ? 1u : 2u);
    else tb += (unsigned)(cb[k] - ca[k]) * ((hb >> k) & 1 ? 1u : 2u);
  }
  return ta > tb ? ta : tb;
}

static double key_sim(const char *a, size_t na, const char *b, size_t nb, double floor) {
  unsigned d0[TOK_KEY_MAX * 2 + 2], d1[TOK_KEY_MAX * 2 + 2], d2[TOK_KEY_MAX * 2 + 2];
  unsigned *pp = d0, *p = d1, *c = d2;
  size_t mx = na > nb ? na : nb;
  unsigned limit;
  double k;
  if (mx == 0) return 1.0;
  limit = (unsigned)((1.0 - floor) * 2.0 * (double)mx + 1e-9);
  if (floor > 0 && key_bound(a, na, b, nb) > limit) return 0.0;
  p[0] = 0;
  for (size_t j = 1; j <= nb; j++) p[j] = p[j - 1] + key_indel_at(b, nb, j - 1);
  for (size_t i = 1; i <= na; i++) {
    unsigned del = key_indel_at(a, na, i - 1);
    unsigned row_min = c[0] = p[0] + del;
    for (size_t j = 1; j <= nb; j++) {
      unsigned v = p[j - 1] + key_sub(a[i - 1], b[j - 1]), t;
      if ((t = p[j] + del) < v) v = t;
      if ((t = c[j - 1] + key_indel_at(b, nb, j - 1)) < v) v = t;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && (t = pp[j - 2] + 2) < v) v = t;
      c[j] = v;
      if (v < row_min) row_min = v;
    }
    if (floor > 0 && row_min > limit) return 0.0;
    unsigned *tmp = pp;
    pp = p;
    p = c;
    c = tmp;
  }
  k = 1.0 - (double)p[nb] / (2.0 * (double)mx);
  return floor > 0 && k < floor ? 0.0 : k;
}

double cmp_key_sim(const char *a, size_t na, const char *b, size_t nb, double floor) {
  return key_sim(a, na, b, nb, floor);
}

/* ------------------------------------------------------ Token similarity */

static double tok_sim(const tok *x, const tok *y, zeef_pair_kind *kind);

/* Builds in *out a token of the Latin form latin[0..n) (n <= TOK_LATIN_MAX)
** in script: its key and hashes, nothing else. */
static void latin_tok(const char *latin, size_t n, uint8_t script, tok *out) {
  memset(out, 0, sizeof *out);
  out->latin_len = (uint8_t)n;
  memcpy(out->latin, latin, n);
  out->key_len = (uint8_t)key_make(out->latin, n, out->key);
  out->key_hash = tab_hash(out->key, out->key_len);
  out->latin_hash = tab_hash(out->latin, n);
  out->script = script;
}

/* Builds in *out a token of t's Latin form from off, n bytes long, with t's
** script and abjad flag. */
static void stem(const tok *t, size_t off, size_t n, tok *out) {
  latin_tok(t->latin + off, n, t->script, out);
  out->flags = t->flags & TOKF_ABJAD;
}

/* Similarity from two phonetic keys: the same key (where vowels are unknown,
** as good as a variant; else raised by the spelling similarity e), or the
** edit similarity of the keys, scaled down. */
static double key_score(const char *a, size_t na, const char *b, size_t nb, int abjad,
                        int cross, double e) {
  double k;
  if (na && na == nb && memcmp(a, b, na) == 0) {
    if (abjad) return SIM_ABJAD_KEY;
    /* A key of one or two letters says little (Anna and One share "an"):
    ** within one script the spellings may then differ by one vowel at
    ** most (On/Un, Cook/Cock). */
    if (na <= 2 && !cross && e < SHORT_KEY_SPELLING) return e;
    return 0.8 + 0.2 * e;
  }
  if (na < 2 || nb < 2 || (!cross && (na < 3 || nb < 3))) return 0.0;
  /* Across scripts the key is all the evidence there is. Only scores that
  ** can be aligned (PAIR_MIN) need computing in full. */
  if (abjad || cross) {
    k = key_sim(a, na, b, nb, PAIR_MIN);
    return k < SIM_ABJAD_KEY ? k : SIM_ABJAD_KEY;
  }
  return key_sim(a, na, b, nb, PAIR_MIN / KEY_FACTOR_ALPHA) * KEY_FACTOR_ALPHA;
}

/* ------------------------------------------- Han and Hangul, as written */

/* A Hangul syllable with the initial sound law of South Korean spelling
** applied, as at the start of a word: ㄹ is written ㄴ, and ㄴ before i or a
** y-vowel is dropped (ㅇ): North Korean 리, 류, 로 are South Korean 이,
** 유, 노. Other code points are returned as they are. */
static uint32_t hangul_initial(uint32_t c) {
  uint32_t idx, l, v;
  if (c < 0xAC00 || c > 0xD7A3) return c;
  idx = c - 0xAC00;
  l = idx / 588;
  v = idx % 588 / 28;
  if (l == 5) l = 2;              /* ㄹ -> ㄴ */
  if (l == 2 && (v == 2 || v == 3 || v == 6 || v == 7 || v == 12 || v == 17 || v == 20))
    l = 11;                       /* ㄴ -> ㅇ before ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ */
  return 0xAC00 + l * 588 + idx % 588;
}

/* Decodes up to WRITTEN_MAX code points of UTF-8 s into u; the first one
** with the initial sound law applied. Returns the count. */
static size_t written_units(const char *s, uint32_t *u) {
  size_t k = 0;
  int32_t i = 0, n = (int32_t)strlen(s);
  while (i < n && k < WRITTEN_MAX) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) continue;
    u[k] = k == 0 ? hangul_initial((uint32_t)c) : (uint32_t)c;
    k++;
  }
  return k;
}

/* Two tokens written in Han or in Hangul, compared within that script by
** their characters: one minus the edit distance over characters (Hangul
** syllables) divided by the longer length. A different character is a
** different part of the name, even where the romanisations agree (高市,
** 高石 both Gaoshi) or nearly agree (김정은, 김종은): within the script there is
** no spelling variation for romanisations to blur. */
static double written_sim(const tok *x, const tok *y, zeef_pair_kind *kind) {
  uint32_t ux[WRITTEN_MAX], uy[WRITTEN_MAX];
  unsigned d[WRITTEN_MAX + 1], prev;
  size_t nx, ny, mx;
  if (strcmp(x->written, y->written) == 0) {
    *kind = ZEEF_PAIR_EXACT;
    return 1.0;
  }
  nx = written_units(x->written, ux);
  ny = written_units(y->written, uy);
  mx = nx > ny ? nx : ny;
  for (size_t j = 0; j <= ny; j++) d[j] = (unsigned)j;
  for (size_t i = 1; i <= nx; i++) {
    prev = d[0];
    d[0] = (unsigned)i;
    for (size_t j = 1; j <= ny; j++) {
      unsigned v = prev + (ux[i - 1] != uy[j - 1]), t;
      if ((t = d[j] + 1) < v) v = t;
      if ((t = d[j - 1] + 1) < v) v = t;
      prev = d[j];
      d[j] = v;
    }
  }
  if (mx == 0) return 0.0;
  if (d[ny] == 0) {
    /* the same characters but for the initial sound law */
    *kind = ZEEF_PAIR_VARIANT;
    return SIM_VARIANT;
  }
  *kind = ZEEF_PAIR_SPELLING;
  return 1.0 - (double)d[ny] / (double)mx;
}

/* Baltic masculine nominative endings: Latvian -s, -is, -us (Sergejs
** Lavrovs, Jānis) and Lithuanian -as, -is, -ys, -us, -ius (Sergejus
** Lavrovas, Vladimiras Putinas) are added to every man's name, foreign ones
** included, and carry no identity: the stem is the name. The longest
** ending that fits (-ius before -us) and the bare -s of Latvian are both
** tried. Returns the number of stems written to len[] (0, 1 or 2), each at
** least BALTIC_STEM_MIN letters; given names and surnames only. */
static int baltic_stems(const tok *t, size_t len[2]) {
  static const char *const endings[] = {"ius", "as", "is", "ys", "us", NULL};
  const char *s = t->latin;
  size_t n = t->latin_len;
  int k = 0;
  if (t->script != ZEEF_SCRIPT_LATIN || n < BALTIC_STEM_MIN + 1 || s[n - 1] != 's' ||
      t->role > ZEEF_ROLE_SURNAME)
    return 0;
  for (size_t e = 0; endings[e]; e++) {
    size_t el = strlen(endings[e]);
    if (n >= BALTIC_STEM_MIN + el && memcmp(s + n - el, endings[e], el) == 0) {
      len[k++] = n - el;
      break;
    }
  }
  len[k++] = n - 1;
  return k;
}

/* Similarity of x and y when one ends in a Baltic masculine ending the
** other lacks: that of its stem against the other, times SIM_BALTIC (the
** ending is a weak, cheap difference). 0 when no ending applies. */
int cmp_baltic_stems(const tok *t, size_t len[2]) { return baltic_stems(t, len); }

static double baltic_sim(const tok *x, const tok *y, zeef_pair_kind *kind) {
  size_t len[2];
  const tok *e, *o;
  double best = 0;
  int ns;
  if (x->latin_len && y->latin_len && x->latin[x->latin_len - 1] == 's' &&
      y->latin[y->latin_len - 1] != 's')
    e = x, o = y;
  else if (x->latin_len && y->latin_len && y->latin[y->latin_len - 1] == 's' &&
           x->latin[x->latin_len - 1] != 's')
    e = y, o = x;
  else
    return 0;
  ns = baltic_stems(e, len);
  for (int i = 0; i < ns; i++) {
    tok st;
    zeef_pair_kind k;
    double s;
    stem(e, 0, len[i], &st);
    s = tok_sim(&st, o, &k) * SIM_BALTIC;
    if (s > best) { best = s; *kind = k == ZEEF_PAIR_EXACT ? ZEEF_PAIR_SPELLING : k; }
  }
  return best;
}

/* Similarity of a short form and a full name it stands for, by the full
** name's key in either reading (every spelling of it); 0 when neither is a short form of the
** other. */
static double nick_sim(const tok *x, const tok *y) {
  for (int side = 0; side < 2; side++) {
    const tok *s = side ? y : x, *f = side ? x : y;
    for (size_t i = 0; i < s->nnick; i++)
      if ((s->nick[i].key_len == f->key_len && memcmp(s->nick[i].key, f->key, f->key_len) == 0) ||
          (f->alt_key_len && s->nick[i].key_len == f->alt_key_len &&
           memcmp(s->nick[i].key, f->alt_key, f->alt_key_len) == 0)) {
        double v = SIM_NICK - NICK_SHARED * log2((double)s->nnick);
        return v > PAIR_MIN ? v : PAIR_MIN;
      }
  }
  return 0.0;
}

static double form_sim(const tok *x, const tok *y, zeef_pair_kind *kind);

/* Tokens with readings (tok.reads: a Han character's Korean, Japanese and
** Wade-Giles readings, a Wade-Giles syllable's pinyin): the best pair of
** their forms, each token's own or one of its readings, a pair with a
** reading in it times SIM_READING: the name may be read so, but which
** reading a person's name uses is not written. OUT *fx, *fy (may be NULL):
** the forms of x and y that gave it. */
static double read_sim(const tok *x, const tok *y, zeef_pair_kind *kind, const tok **fx, const tok **fy) {
  double best = form_sim(x, y, kind);
  if (fx) *fx = x, *fy = y;
  for (size_t i = 0; i <= x->nreads && best < SIM_READING; i++)
    for (size_t j = i ? 0 : 1; j <= y->nreads && best < SIM_READING; j++) {
      const tok *a = i ? &x->reads[i - 1] : x, *b = j ? &y->reads[j - 1] : y;
      zeef_pair_kind k;
      double s = form_sim(a, b, &k) * SIM_READING;
      if (s > best) {
        best = s;
        *kind = ZEEF_PAIR_READING;
        if (fx) *fx = a, *fy = b;
      }
    }
  return best;
}

void cmp_reading_used(const tok *x, const tok *y, const tok **fx, const tok **fy) {
  zeef_pair_kind k;
  *fx = x, *fy = y;
  if (x->nreads || y->nreads) read_sim(x, y, &k, fx, fy);
}

/* How many forms of each part of a run of len tokens are tried: its own
** and its first readings (all of them for two parts), at most 81
** combinations in all. */
static size_t run_forms(const tok *t, size_t len) {
  size_t f = len <= 2 ? 9 : len == 3 ? 4 : 2;
  return f < 1u + t->nreads ? f : 1u + t->nreads;
}

size_t cmp_run_reading(const zeef_name *P, size_t i, size_t len, unsigned c, char *out, int *read) {
  size_t n = 0;
  *read = 0;
  for (size_t k = i; k < i + len; k++) {
    const tok *t = &P->toks[k];
    size_t f = run_forms(t, len), pick = c % f;
    const tok *form = pick ? &t->reads[pick - 1] : t;
    c /= (unsigned)f;
    *read |= pick > 0;
    for (size_t l = 0; l < form->latin_len && n < TOK_LATIN_MAX; l++) out[n++] = form->latin[l];
  }
  out[n] = 0;
  return c ? 0 : n;
}

/* A run of tokens some of which are Han characters with readings, against
** a token y of another script: the best of the run's readings (its parts'
** forms in every combination cmp_run_reading() gives), one with a reading
** in it times SIM_READING. */
static double run_read_sim(const zeef_name *P, size_t i, size_t len, const tok *y, zeef_pair_kind *kind,
                           char *best_latin) {
  double best = 0;
  char lat[TOK_LATIN_MAX + 1];
  size_t n;
  int read;
  *kind = ZEEF_PAIR_SPELLING;
  if (best_latin) best_latin[0] = 0;
  for (unsigned c = 0; (n = cmp_run_reading(P, i, len, c, lat, &read)) > 0; c++) {
    tok j;
    zeef_pair_kind k;
    double s;
    latin_tok(lat, n, P->toks[i].script, &j);
    s = tok_sim(&j, y, &k) * (read ? SIM_READING : 1.0);
    if (s > best) {
      best = s;
      *kind = read ? ZEEF_PAIR_READING : k;
      if (best_latin) memcpy(best_latin, lat, n + 1);
    }
  }
  return best;
}

size_t cmp_run_read_best(const zeef_name *P, size_t i, size_t len, const tok *y, char *out) {
  zeef_pair_kind k;
  run_read_sim(P, i, len, y, &k, out);
  return strlen(out);
}

/* Two tokens: as written within Han or Hangul, else in every reading. */
static double tok_sim(const tok *x, const tok *y, zeef_pair_kind *kind) {
  if ((x->flags & y->flags & TOKF_WRITTEN) && x->script == y->script && x->written && y->written)
    return written_sim(x, y, kind);
  if (x->nreads || y->nreads) return read_sim(x, y, kind, NULL, NULL);
  return form_sim(x, y, kind);
}

/* Two tokens by their Latin forms (their readings left aside). */
static double form_sim(const tok *x, const tok *y, zeef_pair_kind *kind) {
  int abjad = (x->flags | y->flags) & TOKF_ABJAD, same_key;
  /* Across scripts, spelling says less than sound: the keys count more. */
  int cross = x->script != y->script;
  double e, best;
  if (x->latin_hash == y->latin_hash && x->latin_len == y->latin_len &&
      memcmp(x->latin, y->latin, x->latin_len) == 0) {
    *kind = ZEEF_PAIR_EXACT;
    return 1.0;
  }
  if ((x->flags | y->flags) & TOKF_PREFIX) {
    /* an MRZ name field cut at its end: the start of the name is all
    ** there is, and it is as good as the whole when it is long enough to
    ** say something */
    const tok *p = (x->flags & TOKF_PREFIX) ? x : y, *o = p == x ? y : x;
    if (p->latin_len >= PREFIX_MIN && p->latin_len < o->latin_len &&
        memcmp(o->latin, p->latin, p->latin_len) == 0) {
      *kind = ZEEF_PAIR_PREFIX;
      return SIM_PREFIX;
    }
  }
  if (x->variant && x->variant == y->variant) {
    *kind = ZEEF_PAIR_VARIANT;
    return SIM_VARIANT;
  }
  if ((x->latin_len == 1 && !(x->flags & TOKF_WRITTEN)) ||
      (y->latin_len == 1 && !(y->flags & TOKF_WRITTEN))) {
    *kind = ZEEF_PAIR_INITIAL;
    return x->latin[0] == y->latin[0] ? SIM_INITIAL : 0.0;
  }
  if ((x->flags ^ y->flags) & TOKF_COMPOUND) {
    /* Abd al-X against X: Abd left out, as documents do. */
    const tok *c = x->flags & TOKF_COMPOUND ? x : y, *o = c == x ? y : x;
    if (c->latin_len > 7 && memcmp(c->latin, "abdal", 5) == 0 &&
        !(o->latin_len > 3 && memcmp(o->latin, "abd", 3) == 0)) {
      tok base;
      zeef_pair_kind k;
      double s;
      stem(c, 5, c->latin_len - 5u, &base);
      s = tok_sim(&base, o, &k) * SIM_ABD_BASE;
      if (s >= PAIR_MIN) {
        *kind = ZEEF_PAIR_ABD_DROPPED;
        return s;
      }
    }
  }
  {
    /* Two compounds with the same fixed part (Abd al-, al-Din, -ullah) are
    ** as alike as their other parts: Abdul Hamid is not Abdul Ghani. Within
    ** one script only: across scripts the whole token keeps its readings. */
    size_t pre = 0, suf = 0;
    static const char *const sufs[] = {"aldin", "ullah", "allah", NULL};
    if (x->latin_len > 7 && y->latin_len > 7 && memcmp(x->latin, "abdal", 5) == 0 &&
        memcmp(y->latin, "abdal", 5) == 0)
      pre = 5;
    for (size_t i = 0; sufs[i] && !pre; i++)
      if (x->latin_len > 7 && y->latin_len > 7 &&
          memcmp(x->latin + x->latin_len - 5, sufs[i], 5) == 0 &&
          memcmp(y->latin + y->latin_len - 5, sufs[i], 5) == 0)
        suf = 5;
    if ((pre || suf) && x->script == y->script && !x->alt_key_len && !y->alt_key_len) {
      tok sx, sy;
      stem(x, pre, x->latin_len - pre - suf, &sx);
      stem(y, pre, y->latin_len - pre - suf, &sy);
      return tok_sim(&sx, &sy, kind);
    }
  }
  same_key = x->key_len && x->key_hash == y->key_hash && x->key_len == y->key_len &&
             memcmp(x->key, y->key, x->key_len) == 0;
  /* With different keys only a spelling similarity of PAIR_MIN or more can
  ** matter, so the distance may stop early. */
  e = edit_sim(x->latin, x->latin_len, y->latin, y->latin_len, same_key ? 0.0 : PAIR_MIN, cross);
  best = e;
  *kind = ZEEF_PAIR_SPELLING;
  if (x->nnick || y->nnick) {
    double nk = nick_sim(x, y);
    if (nk > best) {
      best = nk;
      *kind = ZEEF_PAIR_NICKNAME;
    }
  }
  /* Spellings the variant table puts under two different names (Mohammed
  ** and Mahmood share the key mhmd) are two names: their keys prove
  ** nothing. */
  if (x->variant && y->variant && x->variant != y->variant && !(x->flags & TOKF_COMPOUND) &&
      !(y->flags & TOKF_COMPOUND))
    return best;
  /* Keys of every reading of both tokens (a second reading exists for
  ** Arabic letters read two ways); the best pair counts. */
  {
    const char *kx[2] = {x->key, x->alt_key}, *ky[2] = {y->key, y->alt_key};
    size_t nx[2] = {x->key_len, x->alt_key_len}, ny[2] = {y->key_len, y->alt_key_len};
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 2; j++) {
        double p;
        if ((i && !nx[1]) || (j && !ny[1])) continue;
        p = key_score(kx[i], nx[i], ky[j], ny[j], abjad, cross, e);
        if (p > best) { best = p; *kind = ZEEF_PAIR_PHONETIC; }
      }
  }
  /* A Baltic ending raises a pair that is already alike enough to be
  ** aligned: where the stems agree, the whole tokens differ by the ending
  ** alone (Lavrovs, Lavrov 0.86). Other pairs need not try. */
  if (best >= PAIR_MIN && best < SIM_BALTIC) {
    zeef_pair_kind k = ZEEF_PAIR_SPELLING;
    double b = baltic_sim(x, y, &k);
    if (b > best) { best = b; *kind = k; }
  }
  return best;
}

double zeef_token_similarity(const zeef_ctx *ctx, const zeef_name *a, size_t i,
                             const zeef_name *b, size_t j) {
  zeef_pair_kind k;
  (void)ctx;
  if (!a || !b || i >= a->ntok || j >= b->ntok) return 0.0;
  return tok_sim(&a->toks[i], &b->toks[j], &k);
}

/* A per-thread memo of token similarities, keyed by the tokens' sim_id
** (a hash of every field tok_sim() reads). Names share tokens (Muhammad,
** Ali, al-), so screening meets the same pairs again and again. Values are
** stored and returned as float either way, so a hit and a miss give the
** same score. */
#define SIM_CACHE_SLOTS 16384
typedef struct sim_slot {
  uint64_t a, b;
  float sim;
  uint8_t kind;
} sim_slot;
static _Thread_local sim_slot sim_cache[SIM_CACHE_SLOTS];

static sim_slot *memo_slot(uint64_t a, uint64_t b) {
  uint64_t h = (a * 0x9E3779B97F4A7C15ULL) ^ b;
  return &sim_cache[(h >> 32) & (SIM_CACHE_SLOTS - 1)];
}

static void memo_put(sim_slot *c, uint64_t a, uint64_t b, float v, zeef_pair_kind kind) {
  c->a = a;
  c->b = b;
  c->sim = v;
  c->kind = (uint8_t)kind;
}

static double cached_sim(const tok *x, const tok *y, zeef_pair_kind *kind) {
  sim_slot *c = memo_slot(x->sim_id, y->sim_id);
  float v;
  if (c->a == x->sim_id && c->b == y->sim_id) {
    *kind = (zeef_pair_kind)c->kind;
    return c->sim;
  }
  v = (float)tok_sim(x, y, kind);
  memo_put(c, x->sim_id, y->sim_id, v, *kind);
  return v;
}

/* Builds in *j the token written as x followed by y (Bel + Mokhtar). */
static void join(const tok *x, const tok *y, tok *j, char *wbuf, size_t wcap) {
  size_t n = x->latin_len;
  memset(j, 0, sizeof *j);
  /* Han or Hangul written apart (王 小明) stays comparable as written: the
  ** two parts' characters, cut at a character boundary if need be. */
  if ((x->flags & y->flags & TOKF_WRITTEN) && x->script == y->script && x->written &&
      y->written && wcap > 0) {
    size_t k = 0;
    for (const char *p = x->written; *p && k + 1 < wcap; p++) wbuf[k++] = *p;
    for (const char *p = y->written; *p && k + 1 < wcap; p++) wbuf[k++] = *p;
    {
      /* drop a last character the buffer cut short */
      size_t lead = k;
      unsigned char c;
      while (lead > 0 && ((unsigned char)wbuf[lead - 1] & 0xC0) == 0x80) lead--;
      if (lead > 0) {
        c = (unsigned char)wbuf[lead - 1];
        if (k - (lead - 1) < (size_t)(c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1))
          k = lead - 1;
      }
    }
    wbuf[k] = 0;
    j->written = wbuf;
    j->flags |= TOKF_WRITTEN;
  }
  memcpy(j->latin, x->latin, n);
  for (size_t i = 0; i < y->latin_len && n < TOK_LATIN_MAX; i++) j->latin[n++] = y->latin[i];
  j->latin[n] = 0;
  j->latin_len = (uint8_t)n;
  j->key_len = (uint8_t)key_make(j->latin, n, j->key);
  j->key_hash = tab_hash(j->key, j->key_len);
  j->latin_hash = tab_hash(j->latin, n);
  j->flags |= (uint8_t)((x->flags | y->flags) & TOKF_ABJAD);
  j->script = x->script;
}

/* ------------------------------------------------------------ Alignment */

typedef struct cand {
  float sim, weight;
  int8_t a, a2, b, b2;
  uint8_t kind;
  uint8_t cross; /* the two sides are in different scripts */
} cand;

/* A candidate for pairing; higher sim first, then heavier, then earlier. */
static int better(const cand *x, const cand *y) {
  if (x->sim != y->sim) return x->sim > y->sim;
  if (x->weight != y->weight) return x->weight > y->weight;
  if (x->a != y->a) return x->a < y->a;
  return x->b < y->b;
}

/* Whether two tokens start with the same or a near sound in any of their
** readings: a word split in two keeps its first sound. */
static int same_first_sound(const tok *x, const tok *y) {
  char fx[2] = {x->key[0], x->alt_key_len ? x->alt_key[0] : x->key[0]};
  char fy[2] = {y->key[0], y->alt_key_len ? y->alt_key[0] : y->key[0]};
  if (!x->key_len || !y->key_len) return 0;
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2; j++)
      if (fx[i] == fy[j] || (key_near(fx[i]) & key_near(fy[j]))) return 1;
  /* a Han character's readings each begin with their own sound */
  for (size_t r = 0; r < x->nreads; r++)
    if (same_first_sound(&x->reads[r], y)) return 1;
  for (size_t r = 0; r < y->nreads; r++)
    if (same_first_sound(x, &y->reads[r])) return 1;
  return 0;
}

/* The shortest key among a token's forms (its own and its readings). */
static int key_min(const tok *t) {
  int k = t->key_len;
  for (size_t r = 0; r < t->nreads; r++)
    if (t->reads[r].key_len < k) k = t->reads[r].key_len;
  return k;
}

static int joinable(const tok *t) {
  return t->role != ZEEF_ROLE_TITLE && t->role != ZEEF_ROLE_INITIAL;
}

static float wmax(float x, float y) { return x > y ? x : y; }

/* Whether an unmatched token means the names disagree (a name or an
** initial does; a title or particle does not). */
static int counts_open(const tok *t) {
  return t->role <= ZEEF_ROLE_SURNAME || t->role == ZEEF_ROLE_INITIAL;
}

/* The share of a pair's weight that its similarity earns. Within one
** script it falls to 0 at PAIR_MIN; across scripts, where romanisation
** blurs spellings, more gently (SIM_SLOPE). */
static double firm(double s, int cross) {
  double slope = cross ? SIM_SLOPE : SIM_FIRM / (SIM_FIRM - PAIR_MIN);
  double e = s >= SIM_FIRM ? s : SIM_FIRM - (SIM_FIRM - s) * slope;
  return e < 0 ? 0 : e;
}

/* The joins of A and B (internal.h): the run's keys together must be about
** as long as the one token's, and start with the same sound. */
size_t cmp_joins(const zeef_name *A, const zeef_name *B, cmp_join *out) {
  size_t n = 0;
  for (int side = 0; side < 2; side++) {
    const zeef_name *P = side ? B : A, *Q = side ? A : B;
    int longest = 0; /* the longest key a run may meet */
    for (size_t j = 0; j < Q->ntok; j++)
      if (Q->toks[j].latin_len >= 4 && joinable(&Q->toks[j]) && Q->toks[j].key_len > longest)
        longest = Q->toks[j].key_len;
    for (size_t i = 0; i + 1 < P->ntok && longest; i++) {
      const tok *x = &P->toks[i];
      tok jt[2];
      char jw[2][4 * WRITTEN_MAX + 1];                          /* the joined written forms, if any */
      int keys = key_min(x), letters = x->latin_len, built = 0; /* built: the run's length in jt */
      int reads = x->nreads > 0;                                /* a part of the run has readings */
      uint64_t jid = x->sim_id;
      uint32_t tried = 0, meet = 0; /* tokens of Q whose first sound was tried, met */
      if (!joinable(x)) continue;
      /* runs of 2 to CMP_RUN_MAX tokens from i: Bel Mokhtar, Van den Broucke */
      for (size_t len = 2; len <= CMP_RUN_MAX && i + len <= P->ntok; len++) {
        const tok *last = &P->toks[i + len - 1];
        if (!joinable(last)) break;
        keys += key_min(last);
        letters += last->latin_len;
        reads |= last->nreads > 0;
        if (keys > longest + 2) break; /* longer runs only grow */
        /* The joined token's identity is that of its parts. */
        jid = (jid * 0xC2B2AE3D27D4EB4FULL) ^ last->sim_id ^ 0x165667B19E3779F9ULL;
        for (size_t j = 0; j < Q->ntok && j < 32; j++) {
          const tok *y = &Q->toks[j];
          /* Keys, not spellings, measure length across scripts (Arabic
          ** writes no short vowels). */
          int d = keys - y->key_len;
          zeef_pair_kind k;
          double s;
          if (y->latin_len < 4 || d > 2 || d < -2 || !joinable(y)) continue;
          /* within one script, a run of three or more is as long as the
          ** token in letters too (the keys of particles are short) */
          if (len > 2 && x->script == y->script && (letters - y->latin_len > 2 || y->latin_len - letters > 2))
            continue;
          if (!((tried >> j) & 1)) {
            tried |= 1u << j;
            meet |= (uint32_t)same_first_sound(x, y) << j;
          }
          if (!((meet >> j) & 1)) continue;
          {
            sim_slot *slot = memo_slot(jid, y->sim_id);
            if (slot->a == jid && slot->b == y->sim_id) {
              s = slot->sim;
              k = (zeef_pair_kind)slot->kind;
            } else if (reads && !(x->script == y->script && (x->flags & y->flags & TOKF_WRITTEN))) {
              s = (float)run_read_sim(P, i, len, y, &k, NULL);
              memo_put(slot, jid, y->sim_id, (float)s, k);
            } else {
              /* build the run up to this length, from the shorter one */
              while ((size_t)built < len) {
                if (built == 0) {
                  join(x, &P->toks[i + 1], &jt[0], jw[0], sizeof jw[0]);
                  built = 2;
                } else {
                  join(&jt[built % 2], &P->toks[i + (size_t)built], &jt[(built + 1) % 2], jw[(built + 1) % 2],
                       sizeof jw[0]);
                  built++;
                }
              }
              s = (float)tok_sim(&jt[len % 2 ? 1 : 0], y, &k);
              memo_put(slot, jid, y->sim_id, (float)s, k);
            }
          }
          if (s < PAIR_MIN) continue;
          out[n++] = (cmp_join){(uint8_t)side,          (uint8_t)i, (uint8_t)len, (uint8_t)j,
                                k == ZEEF_PAIR_READING, (float)s};
          if (n == CMP_JOINS_MAX) return n;
        }
      }
    }
  }
  return n;
}

double cmp_pair_sim(const tok *x, const tok *y) {
  zeef_pair_kind k;
  double s = cached_sim(x, y, &k);
  return s >= PAIR_MIN ? s : 0.0;
}

double cmp_pair_earns(double s, int cross) { return firm(s, cross); }

double cmp_pair_penalty(double s, int cross, double w) {
  double f = firm(s, cross);
  return w < 2 * MISS_FLOOR && f < SIM_FIRM ? (SIM_FIRM - f) / SIM_FIRM * (2 * MISS_FLOOR - w) : 0.0;
}

/* The pairs of tokens zeef_compare() may align, into c (room for
** ZEEF_NAME_MAX_TOKENS squared plus CMP_JOINS_MAX): token against token at
** PAIR_MIN or more (titles with titles, particles with particles; a
** father's name against another part discounted when both names spell out
** a nasab), and a run of two to CMP_RUN_MAX adjacent tokens of one name
** against one of the other. Returns how many. */
static size_t align_candidates(const zeef_name *A, const zeef_name *B, int nasab, cand *c) {
  size_t nc = 0, na = A->ntok, nb = B->ntok;
  for (size_t i = 0; i < na; i++)
    for (size_t j = 0; j < nb; j++) {
      zeef_pair_kind k;
      const tok *x = &A->toks[i], *y = &B->toks[j];
      double s;
      /* Titles align with titles and particles with particles only; two
      ** generations that differ (Jr, Sr) not at all. */
      if ((x->role == ZEEF_ROLE_TITLE) != (y->role == ZEEF_ROLE_TITLE) ||
          (x->role == ZEEF_ROLE_PARTICLE) != (y->role == ZEEF_ROLE_PARTICLE) ||
          (x->gen != y->gen && x->gen && y->gen))
        continue;
      /* An initial stands for a given name: it cannot align with a whole
      ** surname (A Al-Shahid is not Said Arif). */
      if ((x->latin_len == 1 && y->latin_len > 1 && y->role == ZEEF_ROLE_SURNAME) ||
          (y->latin_len == 1 && x->latin_len > 1 && x->role == ZEEF_ROLE_SURNAME))
        continue;
      s = cached_sim(x, y, &k);
      if (nasab && ((x->flags ^ y->flags) & TOKF_PATRONYM)) s *= PATRONYM_CROSS;
      if (s >= PAIR_MIN) {
        /* an initial counts as an initial on both sides */
        float w = k == ZEEF_PAIR_INITIAL ? 2 * (x->weight < y->weight ? x->weight : y->weight)
                                         : x->weight + y->weight;
        c[nc++] = (cand){(float)s, w, (int8_t)i, -1, (int8_t)j, -1, (uint8_t)k,
                         x->script != y->script};
      }
    }
  /* Adjacent tokens of one name against one token of the other. */
  {
    cmp_join jh[CMP_JOINS_MAX];
    size_t nj = cmp_joins(A, B, jh);
    for (size_t h = 0; h < nj; h++) {
      const zeef_name *P = jh[h].side ? B : A, *Q = jh[h].side ? A : B;
      const tok *x = &P->toks[jh[h].i], *y = &Q->toks[jh[h].j];
      int8_t i0 = (int8_t)jh[h].i, i1 = (int8_t)(jh[h].i + jh[h].len - 1);
      float w = 0;
      for (int k = i0; k <= i1; k++) w = wmax(w, P->toks[k].weight);
      cand cd = {jh[h].sim,
                 w + y->weight,
                 i0,
                 i1,
                 (int8_t)jh[h].j,
                 -1,
                 jh[h].reading ? ZEEF_PAIR_READING : ZEEF_PAIR_JOINED,
                 x->script != y->script};
      if (jh[h].side) {
        cd.b = i0;
        cd.b2 = i1;
        cd.a = (int8_t)jh[h].j;
        cd.a2 = -1;
      }
      c[nc++] = cd;
    }
  }
  return nc;
}

/* Whether a token of the run a + 1 .. a2 is taken. */
static int run_used(const uint8_t *used, int a, int a2) {
  for (int k = a + 1; k <= a2; k++)
    if (used[k]) return 1;
  return 0;
}

/* Aligns greedily, most similar first, one to one: each pair chosen goes
** into m and adds to *num and *den (with what a pair below a firm match
** costs); used_a and used_b mark the tokens taken. */
static void align(const zeef_name *A, const zeef_name *B, int nasab, cand *c, size_t nc,
                  uint8_t *used_a, uint8_t *used_b, zeef_match *m, double *num, double *den) {
  /* nc is small (at most a few hundred) */
  for (;;) {
    int best = -1;
    for (size_t i = 0; i < nc; i++) {
      const cand *x = &c[i];
      if (used_a[x->a] || used_b[x->b] || run_used(used_a, x->a, x->a2) || run_used(used_b, x->b, x->b2))
        continue;
      if (best < 0 || better(x, &c[best])) best = (int)i;
    }
    if (best < 0) break;
    cand *x = &c[best];
    used_a[x->a] = used_b[x->b] = 1;
    for (int k = x->a + 1; k <= x->a2; k++) used_a[k] = 1;
    for (int k = x->b + 1; k <= x->b2; k++) used_b[k] = 1;
    if (m->npairs < ZEEF_MAX_PAIRS)
      m->pairs[m->npairs++] = (zeef_pair){(zeef_pair_kind)x->kind, x->a, x->a2, x->b,
                                          x->b2, x->sim, x->weight};
    *num += firm(x->sim, x->cross) * x->weight;
    *den += x->weight;
    /* A pair below SIM_FIRM partly disagrees, and that part costs up to
    ** what two unmatched tokens would: Ahmad is not Muhammad, however
    ** common both. */
    {
      double f = firm(x->sim, x->cross), ceil = 2 * MISS_FLOOR;
      /* Two fathers' names that disagree name two fathers. */
      if (nasab && x->a2 < 0 && x->b2 < 0 && (A->toks[x->a].flags & TOKF_PATRONYM) &&
          (B->toks[x->b].flags & TOKF_PATRONYM))
        ceil = 2 * PATRONYM_MISS;
      if (x->weight < ceil && f < SIM_FIRM)
        *den += (SIM_FIRM - f) / SIM_FIRM * (ceil - x->weight);
    }
  }
}

/* What the tokens left unmatched cost, each listed in m as a missing pair:
** less when one name is wholly contained in the other, more for a father's
** name on each side; an Abd left out counts as a part one name lacks. */
static void unmatched_costs(const zeef_name *A, const zeef_name *B, int nasab,
                            const uint8_t *used_a, const uint8_t *used_b, zeef_match *m,
                            double *den) {
  size_t na = A->ntok, nb = B->ntok;
  {
    int open_a = 0, open_b = 0, father_a = 0, father_b = 0, gen_a = 0, gen_b = 0;
    size_t np = m->npairs;
    for (size_t i = 0; i < na; i++) gen_a = A->toks[i].gen ? A->toks[i].gen : gen_a;
    for (size_t j = 0; j < nb; j++) gen_b = B->toks[j].gen ? B->toks[j].gen : gen_b;
    for (size_t i = 0; i < na; i++) {
      open_a += !used_a[i] && counts_open(&A->toks[i]);
      father_a |= !used_a[i] && (A->toks[i].flags & TOKF_PATRONYM);
    }
    for (size_t j = 0; j < nb; j++) {
      open_b += !used_b[j] && counts_open(&B->toks[j]);
      father_b |= !used_b[j] && (B->toks[j].flags & TOKF_PATRONYM);
    }
    /* An Abd left out counts as a part one name has and the other lacks. */
    for (size_t p = 0; p < np; p++) {
      const zeef_pair *x = &m->pairs[p];
      if (x->kind != ZEEF_PAIR_ABD_DROPPED) continue;
      if (A->toks[x->a].flags & TOKF_COMPOUND) open_a++;
      else open_b++;
    }
    for (size_t p = 0; p < np; p++) {
      const zeef_pair *x = &m->pairs[p];
      int in_a;
      if (x->kind != ZEEF_PAIR_ABD_DROPPED) continue;
      in_a = (A->toks[x->a].flags & TOKF_COMPOUND) != 0;
      *den += MISS_FLOOR * ((in_a ? open_b : open_a) == 0 ? MISS_MIDDLE * SUBSET_FACTOR : 1.0);
    }
    for (int side = 0; side < 2; side++) {
      const zeef_name *P = side ? B : A;
      const uint8_t *used = side ? used_b : used_a;
      int subset = side ? open_a == 0 : open_b == 0;
      for (size_t i = 0; i < P->ntok; i++) {
        const tok *t = &P->toks[i];
        double miss;
        if (used[i]) continue;
        /* Where each name has a token the other lacks, they disagree, and
        ** a differing middle name counts in full. Titles and articles are
        ** listed for the reviewer but cost nothing. */
        miss = 1.0;
        /* a surname the name marks as one (SURNAME, Given; an MRZ) is not
        ** left out the way a further given name is */
        if (subset && !(t->role == ZEEF_ROLE_SURNAME && t->group == 0 && P->toks[P->ntok - 1].group == 1))
          miss = (t->role == ZEEF_ROLE_MIDDLE ? MISS_MIDDLE : 1.0) * SUBSET_FACTOR;
        miss *= t->weight > MISS_FLOOR || t->role > ZEEF_ROLE_SURNAME ? t->weight : MISS_FLOOR;
        /* A father's name on each side and neither matched: the names
        ** state two different fathers, a contradiction, not an omission;
        ** it costs what a rare name would, however common the names. */
        if (nasab && father_a && father_b && (t->flags & TOKF_PATRONYM) && miss < PATRONYM_MISS)
          miss = PATRONYM_MISS;
        if (t->role == ZEEF_ROLE_TITLE || (t->flags & TOKF_ARTICLE_TOKEN)) miss = 0;
        /* a generation the other name states otherwise: a father and a son */
        if (t->gen && gen_a && gen_b && gen_a != gen_b) miss = GENERATION_MISS;
        *den += miss;
        if (m->npairs < ZEEF_MAX_PAIRS)
          m->pairs[m->npairs++] = (zeef_pair){
              side ? ZEEF_PAIR_MISSING_B : ZEEF_PAIR_MISSING_A, side ? -1 : (int)i, -1,
              side ? (int)i : -1, -1, 0.0, miss};
      }
    }
  }
}

/* A match must rest on at least one whole name, not initials alone: the
** score of one that does not is scaled by INITIALS_ONLY. */
static void whole_name_rule(const zeef_name *A, zeef_match *m) {
  {
    int whole = 0;
    for (size_t p = 0; p < m->npairs; p++) {
      const zeef_pair *x = &m->pairs[p];
      if (x->kind == ZEEF_PAIR_JOINED) whole = 1;
      /* two initials written alike (S, S) are still initials */
      if (x->kind < ZEEF_PAIR_INITIAL || x->kind == ZEEF_PAIR_ABD_DROPPED || x->kind == ZEEF_PAIR_NICKNAME ||
          x->kind == ZEEF_PAIR_READING)
        whole |= A->toks[x->a].role != ZEEF_ROLE_PARTICLE && A->toks[x->a].role != ZEEF_ROLE_INITIAL;
    }
    if (!whole) m->score *= INITIALS_ONLY;
  }
}

zeef_status zeef_compare(const zeef_ctx *ctx, const zeef_name *A, const zeef_name *B,
                         zeef_match *m) {
  cand c[ZEEF_NAME_MAX_TOKENS * ZEEF_NAME_MAX_TOKENS + CMP_JOINS_MAX];
  size_t nc;
  uint8_t used_a[ZEEF_NAME_MAX_TOKENS] = {0}, used_b[ZEEF_NAME_MAX_TOKENS] = {0};
  double num = 0, den = 0;
  int nasab;
  (void)ctx;
  if (!A || !B || !m) return ZEEF_E_INVALID;
  /* Both names spell out a nasab (X bin Y): father's names align with
  ** father's names. */
  {
    int pa = 0, pb = 0;
    for (size_t i = 0; i < A->ntok; i++) pa |= A->toks[i].flags & TOKF_PATRONYM;
    for (size_t j = 0; j < B->ntok; j++) pb |= B->toks[j].flags & TOKF_PATRONYM;
    nasab = pa && pb;
  }
  m->npairs = 0;
  m->score = 0;
  nc = align_candidates(A, B, nasab, c);
  align(A, B, nasab, c, nc, used_a, used_b, m, &num, &den);
  unmatched_costs(A, B, nasab, used_a, used_b, m, &den);
  m->score = den > 0 ? num / den : 0.0;
  whole_name_rule(A, m);
  if (m->score > 1.0) m->score = 1.0;
  return ZEEF_OK;
}
