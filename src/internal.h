/*
** internal.h: what the library's modules share and users never see: the
** allocator helpers, named limits, and the layout of zeef_ctx and zeef_name.
**
** Module prefixes: mem_ (core/alloc.c), text_ (text/), translit_
** (text/translit.c), key_ (names/key.c), tab_ (names/tables.c), tok_
** (names/tokenise.c), cmp_ (names/compare.c).
*/
#ifndef ZEEF_INTERNAL_H
#define ZEEF_INTERNAL_H

#include "zeef.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------- Limits */

/* Longest Latin form of one token kept for comparison (bytes). Longer
** tokens are cut: the tail of a 40-letter token adds nothing to a match. */
#define TOK_LATIN_MAX 40
/* Longest phonetic key (bytes). */
#define TOK_KEY_MAX 32
/* UTF-16 units a name may grow to during normalisation (NFKD of some
** characters expands up to 18 units; the byte limit keeps this bounded). */
#define NAME_U16_MAX (ZEEF_NAME_MAX_BYTES * 4)
/* Latin bytes a whole name may produce after transliteration. */
#define NAME_LATIN_MAX (ZEEF_NAME_MAX_BYTES * 4)

/* -------------------------------------------------------------- Allocator */

typedef struct mem {
  zeef_allocator a;
} mem;

/* The C library's malloc, realloc and free: the default allocator. */
extern const zeef_allocator mem_std;

/* n bytes; NULL when out of memory. */
void *mem_alloc(const mem *m, size_t n);
/* count elements of size bytes, uninitialised (mem_array) or zeroed
** (mem_calloc); NULL when out of memory or when count * size overflows. */
void *mem_array(const mem *m, size_t count, size_t size);
void *mem_calloc(const mem *m, size_t count, size_t size);
/* Resizes p to count elements of size bytes. Returns the new pointer, or
** NULL (p still valid and unchanged) when out of memory or on overflow. */
void *mem_realloc(const mem *m, void *p, size_t count, size_t size);
/* NULL is a no-op. */
void mem_free(const mem *m, void *p);

/* ---------------------------------------------------------------- Tables */

/* An open-addressing hash map from a string to a float and a variant id,
** built once at context creation and read-only after. */
typedef struct tab_entry {
  uint64_t hash;
  float value;
  uint32_t variant;
} tab_entry;

typedef struct tab_map {
  tab_entry *slots; /* capacity is a power of two; hash 0 marks empty */
  size_t mask;
  size_t count;
} tab_map;

/* A full given name a short form stands for (Bill: William, Robert), by its
** phonetic key, so that every spelling of the full name is met. */
typedef struct tab_full {
  uint64_t key_hash;
  uint8_t key_len;
  char key[TOK_KEY_MAX + 1];
} tab_full;
/* A short form that stands for more full names than this (ODU's "chris"
** for 18, "al" for 14, "john" for Ivan, Ian, Jonathan...) says too little
** of which name is meant, and is not read as a short form. */
#define TAB_FULL_MAX 4

/* ---------------------------------------------------------------- Context */

struct zeef_ctx {
  mem m;
  tab_map freq;     /* phonetic key -> occurrences per million */
  /* phonetic key -> what the countries that rank their names without
  ** shares add to freq (data/name_freq_ranked.tsv): how many people carry
  ** a name, for the screening evidence, not a token's weight in a name */
  tab_map freq_ranked;
  tab_map variants; /* latin or Arabic form -> variant cluster id */
  tab_map words;    /* titles, particles, abbreviations -> tables.c words[] */
  /* short form (as spelt) -> its full names: entry variant = first << 8 |
  ** count into fulls */
  tab_map nicks;
  tab_full *fulls;
  /* Han code point -> its Korean and Japanese readings (tab_unihan) */
  tab_map unihan;
  /* Wade-Giles syllable that is not pinyin -> its pinyin syllables
  ** (tab_pinyin_of): entry variant = first << 8 | count into wg_py */
  tab_map wg;
  struct tab_py *wg_py;
  void *icu_translit;   /* UTransliterator* for scripts without a table */
  void *icu_simplify;   /* UTransliterator* folding traditional Han to simplified */
  pthread_mutex_t icu_lock; /* ICU transliterators are not thread safe */
};

/* ------------------------------------------------------------------ Names */

enum tok_flags {
  TOKF_ABJAD = 1,    /* from a script that omits short vowels */
  TOKF_ARTICLE = 2,  /* an article (al-, el-) was separated from it */
  TOKF_COMPOUND = 4, /* a compound such as Abd al-Rahman, Nur al-Din */
  TOKF_ARTICLE_TOKEN = 8, /* the token is itself an article */
  TOKF_PATRONYM = 16, /* follows bin, ibn, bint: the father's name */
  TOKF_AR_ARTICLE = 32, /* Arabic script starting with the article ال */
  TOKF_PREFIX = 64,  /* may be cut short: the last part of a truncated MRZ name */
  TOKF_WRITTEN = 128 /* Han or Hangul only: within its script, its characters are the name */
};

/* What an unmatched token costs in zeef_compare(): at least MISS_FLOOR (a
** share of a rare token: disagreeing on a common name still disagrees);
** times SUBSET_FACTOR when the other name is wholly contained in this one,
** and MISS_MIDDLE more for a middle name. The screener bounds scores with
** them (src/screen/index.c). */
#define MISS_FLOOR 0.6
#define SUBSET_FACTOR 0.5
#define MISS_MIDDLE 0.5

typedef struct tok {
  const char *orig;  /* NFC original, NUL terminated, in the name's arena */
  /* With TOKF_WRITTEN: the original with traditional Han characters folded
  ** to simplified ones (習 = 习), NUL terminated, in the arena; else NULL. */
  const char *written;
  char latin[TOK_LATIN_MAX + 1];
  char key[TOK_KEY_MAX + 1];
  char alt_key[TOK_KEY_MAX + 1]; /* key of a second reading, or empty */
  uint8_t latin_len, key_len, alt_key_len;
  uint8_t script;  /* zeef_script */
  uint8_t role;    /* zeef_role */
  uint8_t flags;   /* tok_flags */
  uint8_t span0, span1; /* first and last source word, while analysing */
  uint8_t group;        /* 0 before a "SURNAME," comma or MRZ "<<", else 1 */
  uint8_t nnick;        /* how many full names nick holds */
  uint8_t gen;          /* a generation suffix (Jr, Sr, III): tab_generation(), else 0 */
  uint8_t nreads;       /* how many readings reads holds */
  float weight;    /* rarity weight times role factor */
  float freq;      /* per million, 0 when unknown */
  /* How many people carry the name (freq and the ranks of countries that
  ** give no shares), per million, and the rarity weight that makes (times
  ** the role factor): the screening evidence's rarity reads these. */
  float pop, pop_weight;
  uint32_t variant;
  /* When the token is a short form of given names (Bill): the full names
  ** it stands for, in the context's table; else NULL, nnick 0. */
  const tab_full *nick;
  /* A Han character's other readings (its Korean, Japanese on and kun
  ** readings, from Unihan) as tokens without readings of their own, the
  ** common ones first, in the name's allocation; NULL when nreads is 0.
  ** latin holds its Mandarin reading. */
  const struct tok *reads;
  uint64_t latin_hash, key_hash;
  uint64_t sim_id; /* hash of everything token similarity reads */
} tok;

struct zeef_name {
  mem m;
  uint8_t script;
  size_t ntok;
  tok *toks;   /* ntok entries, same allocation */
  char *arena; /* originals, same allocation */
};

/* ------------------------------------------------------------- Functions */

uint64_t tab_hash(const char *s, size_t n);
zeef_status tab_load(zeef_ctx *ctx);
void tab_free(zeef_ctx *ctx);
const tab_entry *tab_get(const tab_map *t, const char *s, size_t n);
/* The part a word plays in names: TAB_TITLE, TAB_TITLE_OR_NAME (a title
** that is also a given name), TAB_PARTICLE or TAB_ABBREV (one name written
** short), TAB_SUFFIX (Jr, III, PhD), or 0. OUT *canon (may be NULL): the canonical spelling of a
** particle ("bin" for ibn, ben) or what an abbreviation stands for. */
enum { TAB_TITLE = 1, TAB_TITLE_OR_NAME, TAB_PARTICLE, TAB_ABBREV, TAB_SUFFIX };
/* Variant cluster ids of the Korean family names (tables.c): a Hangul
** syllable's romanisation may use them, no other cluster. */
#define TAB_KOREAN 0x80000000u
/* The generation a suffix's canonical form states: 1 senior, 2 junior or
** the second, 3 the third, 4 the fourth; 0 for a degree or NULL. */
int tab_generation(const char *canon);
int tab_word(const zeef_ctx *ctx, const char *s, size_t n, const char **canon);
zeef_status tab_load_words(zeef_ctx *ctx);
/* The full names the short form s[0..n) stands for: OUT *full (into the
** context's table); returns how many, 0 when s is not a short form. */
size_t tab_nick(const zeef_ctx *ctx, const char *s, size_t n, const tab_full **full);
/* The readings of Han character cp, in the context's table: a line
** "hangul<TAB>on<TAB>kun" (each field space-separated syllables, the
** common reading first; a field may be empty) ending at '\n' or NUL; NULL
** when Unihan gives none. */
const char *tab_unihan(const zeef_ctx *ctx, uint32_t cp);
/* A pinyin syllable (at most 6 letters, NUL terminated). */
typedef struct tab_py {
  char s[8];
} tab_py;
/* The pinyin syllables the Wade-Giles spelling s[0..n) stands for (tse:
** ze, ce), when s is not pinyin itself: OUT *py (into the context's
** table); returns how many, 0 when none. */
size_t tab_pinyin_of(const zeef_ctx *ctx, const char *s, size_t n, const tab_py **py);
/* The Wade-Giles spelling of the pinyin syllable py[0..n) (ze: tse, xi:
** hsi) into out (room for TOK_LATIN_MAX + 1), apostrophes and umlaut
** dropped; returns its length, 0 when py is not a syllable. */
size_t tab_wade_giles(const char *py, size_t n, char *out);

/* Writes the phonetic key of latin[0..n) into out (cap >= TOK_KEY_MAX + 1);
** returns its length. */
size_t key_make(const char *latin, size_t n, char *out);

/* Transliterates one token of UTF-16 text (already case folded, NFKD, marks
** removed) to lowercase ASCII in out (cap bytes, always NUL terminated);
** returns the length. script is the token's script. Arabic letters with
** two readings come out as the digits 1-8 (see TRANSLIT_READINGS). */
size_t translit_token(const zeef_ctx *ctx, const uint16_t *u, size_t n,
                      zeef_script script, char *out, size_t cap);
/* The two readings of placeholders '1'..'8': first, then second. */
#define TRANSLIT_READINGS                                                      \
  {{"d", "z"}, {"dh", "z"}, {"th", "s"}, {"z", "d"}, {"f", "v"}, /* Arabic */ \
   {"g", "h"}, {"s", "sh"}, {"t", "ch"}} /* Cyrillic */
#define TRANSLIT_NREADINGS 8
/* Writes to out (cap bytes, always NUL terminated) the UTF-8 of u[0..n)
** with traditional Han characters folded to simplified ones (ICU
** Traditional-Simplified); returns the length, 0 on failure. */
size_t translit_written(const zeef_ctx *ctx, const uint16_t *u, size_t n, char *out,
                        size_t cap);
zeef_status translit_init(zeef_ctx *ctx);
void translit_free(zeef_ctx *ctx);

/* Script of one code point. */
zeef_script text_script_of(uint32_t c);

/* The spelling (a-z, cross: the two come from different scripts) and key
** similarities zeef_compare() uses, in [0, 1]. With floor > 0, a pair below
** floor gives 0, found early by lower bounds on the distance; any other
** pair its exact value (tests/unit/test_compare.c checks the bounds). */
double cmp_edit_sim(const char *a, size_t na, const char *b, size_t nb, double floor, int cross);
double cmp_key_sim(const char *a, size_t na, const char *b, size_t nb, double floor);

/* For the screener's bound on zeef_compare() (screen/index.c): the
** similarity zeef_compare() gives tokens x and y, through the same
** per-thread memo, or 0 when it would not align them; what an aligned pair
** of similarity s earns per unit of its weight (cross: the tokens are in
** two scripts); and the least a pair of weight w adds to the score's
** denominator beyond its weight for being below a firm match. */
double cmp_pair_sim(const tok *x, const tok *y);
/* A join zeef_compare() may align: tokens i and i + 1 of one name (side 0:
** A, 1: B) written as one, against token j of the other, at similarity
** sim (PAIR_MIN or more). */
/* Tokens i to i + len - 1 of one name (side 0: A, 1: B), written as one,
** against token j of the other. */
typedef struct cmp_join {
  uint8_t side, i, len, j;
  uint8_t reading; /* the run's best form reads a Han character (tok.reads) */
  float sim;
} cmp_join;
/* The most tokens a run written as one may hold (Abu Bakr al-Baghdadi as
** Abubakralbaghdadi). */
#define CMP_RUN_MAX 4
/* At most this many joins are kept (the filters of cmp_joins() leave a few
** per name; a pair of names of 24 tokens each could offer thousands). */
#define CMP_JOINS_MAX 512
/* Writes to out (room for CMP_JOINS_MAX) the joins of A and B; returns how
** many. */
size_t cmp_joins(const zeef_name *A, const zeef_name *B, cmp_join *out);
/* Combination c (0, 1, ...) of the forms of the run P->toks[i..i+len): each
** part its own Latin form or one of its first readings (tok.reads), a
** bounded number of combinations in all, combination 0 all own forms.
** Writes the run written as one into out (room for TOK_LATIN_MAX + 1);
** OUT *read: whether a reading is in it. Returns its length, 0 past the last
** combination. */
size_t cmp_run_reading(const zeef_name *P, size_t i, size_t len, unsigned c, char *out, int *read);
/* The forms of x and y (each its own or one of its readings, tok.reads)
** that compare best: OUT *fx, *fy. */
void cmp_reading_used(const tok *x, const tok *y, const tok **fx, const tok **fy);
/* The form of the run P->toks[i..i+len) (cmp_run_reading()) that compares
** best with y, a token in another script, into out (room for
** TOK_LATIN_MAX + 1); returns its length. */
size_t cmp_run_read_best(const zeef_name *P, size_t i, size_t len, const tok *y, char *out);
double cmp_pair_earns(double s, int cross);
double cmp_pair_penalty(double s, int cross, double w);
/* The lengths of t's Latin form without a Baltic masculine ending that
** zeef_compare() also reads it as (0, 1 or 2 of them, in len). */
int cmp_baltic_stems(const tok *t, size_t len[2]);
/* How common a token is, in words ("rare name", "very common name",
** "particle", ...): the one vocabulary of every sentence about a token. */
const char *cmp_commonness(const tok *t);

#endif
