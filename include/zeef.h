/*
** zeef.h: the one public header of libzeef, an identity screening engine.
**
** Read it like a man page: Version, Errors, Allocator, Context, Names,
** Comparison. Every function returns a zeef_status (0 is success) and hands
** results back through parameters marked OUT. Every function that returns
** memory says who frees it.
**
** Thread safety: a zeef_ctx is immutable once zeef_ctx_new() returns and may
** be shared by any number of threads. Analysed names (zeef_name) are
** immutable too. zeef_compare() allocates nothing.
*/
#ifndef ZEEF_H
#define ZEEF_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- Version */

#define ZEEF_VERSION "0.1.0"
/* The scoring model version: changes whenever the same input could score
** differently, so that every score can be traced to the model that made it. */
#define ZEEF_MODEL_VERSION "names-1"

/* ----------------------------------------------------------------- Errors */

/* X-macro list of status codes: name, message. New codes go at the end and
** are never renumbered. */
#define ZEEF_STATUS_MAP(X)                                          \
  X(OK, "success")                                                  \
  X(E_NOMEM, "out of memory")                                       \
  X(E_INVALID, "invalid argument")                                  \
  X(E_UTF8, "input is not valid UTF-8")                             \
  X(E_EMPTY, "name has no letters")                                 \
  X(E_TOOBIG, "input exceeds a size limit")                         \
  X(E_UNICODE, "Unicode library failure")                           \
  X(E_DATA, "embedded data table is malformed")                     \
  X(E_IO, "input/output error")

typedef enum zeef_status {
#define ZEEF__ENUM(name, msg) ZEEF_##name,
  ZEEF_STATUS_MAP(ZEEF__ENUM)
#undef ZEEF__ENUM
  ZEEF__STATUS_COUNT
} zeef_status;

/* A static, never-NULL English message for rc. Unknown codes give
** "unknown status". */
const char *zeef_strerror(zeef_status rc);

/* -------------------------------------------------------------- Allocator */

/* A pluggable allocator. The library never aborts on allocation failure: it
** returns ZEEF_E_NOMEM and leaves no leak. realloc and free get the pointer
** and the user data. free(ud, NULL) must be a no-op. */
typedef struct zeef_allocator {
  void *(*malloc)(void *ud, size_t size);
  void *(*realloc)(void *ud, void *ptr, size_t size);
  void (*free)(void *ud, void *ptr);
  void *ud;
} zeef_allocator;

/* ---------------------------------------------------------------- Limits */

/* A name longer than this (bytes of UTF-8 input) is refused with
** ZEEF_E_TOOBIG: no real person name is this long, and the bound keeps the
** cost of one analysis small and fixed. */
#define ZEEF_NAME_MAX_BYTES 1024
/* A name with more tokens than this is refused with ZEEF_E_TOOBIG. */
#define ZEEF_NAME_MAX_TOKENS 24

/* --------------------------------------------------------------- Context */

/* The context holds the immutable tables every analysis and comparison uses:
** name frequencies (rarity), spelling variants, titles and particles, and the
** Unicode transliterators. */
typedef struct zeef_ctx zeef_ctx;

/* Creates a context. alloc may be NULL for the C library's malloc; when
** given, it is copied and must stay valid (its ud) until zeef_ctx_free().
** OUT *ctx: the new context, to be freed with zeef_ctx_free(). On error *ctx
** is NULL. */
zeef_status zeef_ctx_new(const zeef_allocator *alloc, zeef_ctx **ctx);

/* Frees a context. NULL is a no-op. Every zeef_name made with it must be
** freed first. */
void zeef_ctx_free(zeef_ctx *ctx);

/* ----------------------------------------------------------------- Names */

/* The writing system of a name, or of one token. */
typedef enum zeef_script {
  ZEEF_SCRIPT_UNKNOWN = 0,
  ZEEF_SCRIPT_LATIN,
  ZEEF_SCRIPT_ARABIC,
  ZEEF_SCRIPT_CYRILLIC,
  ZEEF_SCRIPT_GREEK,
  ZEEF_SCRIPT_HEBREW,
  ZEEF_SCRIPT_CJK,
  ZEEF_SCRIPT_HANGUL,
  ZEEF_SCRIPT_OTHER,
  ZEEF_SCRIPT_MIXED
} zeef_script;

/* Short lowercase English name of a script ("latin", "arabic", ...). */
const char *zeef_script_name(zeef_script s);

/* What a token is within a name. The role decides how much a token counts
** and how much its absence costs. */
typedef enum zeef_role {
  ZEEF_ROLE_GIVEN = 0,  /* a given name */
  ZEEF_ROLE_MIDDLE,     /* a further given name, patronymic or grandfather */
  ZEEF_ROLE_SURNAME,    /* a family name, nisba or last name */
  ZEEF_ROLE_PARTICLE,   /* bin, ibn, ben, bint, ould, ag, abu, umm, van, de */
  ZEEF_ROLE_TITLE,      /* Dr, Sheikh, Haji, Mullah, Mr: weighs nothing */
  ZEEF_ROLE_INITIAL     /* a single letter standing for a name */
} zeef_role;

const char *zeef_role_name(zeef_role r);

/* How the caller knows the order of the name parts. */
typedef enum zeef_name_form {
  ZEEF_FORM_FREE = 0, /* any order; "SURNAME, Given" is recognised */
  ZEEF_FORM_MRZ       /* SURNAME<<GIVEN<NAMES, as in a passport's MRZ */
} zeef_name_form;

/* An analysed name: tokens with their Latin forms, phonetic keys, roles and
** rarity weights. Immutable; free with zeef_name_free(). */
typedef struct zeef_name zeef_name;

/* Analyses the UTF-8 name s of len bytes (no NUL needed).
** Errors: ZEEF_E_UTF8 (invalid UTF-8), ZEEF_E_EMPTY (no letters),
** ZEEF_E_TOOBIG (over ZEEF_NAME_MAX_BYTES or ZEEF_NAME_MAX_TOKENS),
** ZEEF_E_NOMEM. OUT *name: the analysed name, freed by the caller with
** zeef_name_free(); NULL on error. */
zeef_status zeef_name_analyze(const zeef_ctx *ctx, const char *s, size_t len,
                              zeef_name_form form, zeef_name **name);

/* Frees an analysed name. NULL is a no-op. */
void zeef_name_free(zeef_name *name);

/* One token of an analysed name, as seen by a reader. All strings are NUL
** terminated, owned by the zeef_name and valid until it is freed. */
typedef struct zeef_token_info {
  const char *original; /* the token as written (NFC) */
  const char *latin;    /* lowercase ASCII romanisation */
  const char *key;      /* vowel-insensitive phonetic key */
  zeef_script script;   /* script of the original */
  zeef_role role;
  double weight;        /* rarity weight in [0, 1]; 0 for titles */
  double frequency;     /* occurrences per million names, 0 when unknown */
  uint32_t variant;     /* spelling-variant cluster, 0 when none */
} zeef_token_info;

/* Script of the whole name (ZEEF_SCRIPT_MIXED when several). */
zeef_script zeef_name_script(const zeef_name *name);
/* Number of tokens. */
size_t zeef_name_token_count(const zeef_name *name);
/* Fills *info for token i < zeef_name_token_count(); ZEEF_E_INVALID if out
** of range. */
zeef_status zeef_name_token(const zeef_name *name, size_t i,
                            zeef_token_info *info /* OUT */);

/* ------------------------------------------------------------ Comparison */

/* How two tokens were aligned. */
typedef enum zeef_pair_kind {
  ZEEF_PAIR_EXACT = 0,  /* same Latin form */
  ZEEF_PAIR_VARIANT,    /* known spelling variants of one name */
  ZEEF_PAIR_PHONETIC,   /* same phonetic key */
  ZEEF_PAIR_SPELLING,   /* close in spelling (edit distance) */
  ZEEF_PAIR_INITIAL,    /* an initial against a name with that letter */
  ZEEF_PAIR_JOINED,     /* two tokens written as one (Bel Mokhtar/Belmokhtar) */
  ZEEF_PAIR_ABD_DROPPED,/* Abd al-X against X: Abd left out in one name */
  ZEEF_PAIR_MISSING_A,  /* token of name A with no counterpart in B */
  ZEEF_PAIR_MISSING_B   /* token of name B with no counterpart in A */
} zeef_pair_kind;

/* One line of the explanation of a comparison. Token indexes refer to the
** names given to zeef_compare(); a2/b2 are the second token of a joined
** pair, or -1. */
typedef struct zeef_pair {
  zeef_pair_kind kind;
  int a, a2, b, b2;
  double similarity; /* in [0, 1] */
  double weight;     /* how much this line counts in the score */
} zeef_pair;

#define ZEEF_MAX_PAIRS (2 * ZEEF_NAME_MAX_TOKENS)

/* The result of comparing two names. Caller-owned, no heap memory. */
typedef struct zeef_match {
  double score; /* in [0, 1]; deterministic */
  size_t npairs;
  zeef_pair pairs[ZEEF_MAX_PAIRS];
} zeef_match;

/* The default score at or above which two names are taken as possibly the
** same person (an alert for human review, never a verdict). */
#define ZEEF_NAME_THRESHOLD 0.80
/* Token similarity at or above which two tokens count as the same name. */
#define ZEEF_TOKEN_THRESHOLD 0.80

/* Compares two analysed names, order-insensitively. Allocates nothing.
** OUT *m: score and aligned pairs. */
zeef_status zeef_compare(const zeef_ctx *ctx, const zeef_name *a,
                         const zeef_name *b, zeef_match *m);

/* Similarity in [0, 1] of token i of a and token j of b. */
double zeef_token_similarity(const zeef_ctx *ctx, const zeef_name *a, size_t i,
                             const zeef_name *b, size_t j);

/* Writes a plain-language explanation of m, one line per pair, into buf of
** cap bytes (always NUL terminated when cap > 0). OUT *need: the length the
** whole explanation needs, without the NUL; ZEEF_E_TOOBIG when it did not
** fit (buf then holds a truncated prefix). */
zeef_status zeef_explain(const zeef_name *a, const zeef_name *b,
                         const zeef_match *m, char *buf, size_t cap,
                         size_t *need);

/* Plain-language description of a pair kind ("same spelling", ...). */
const char *zeef_pair_kind_text(zeef_pair_kind k);

#ifdef __cplusplus
}
#endif
#endif /* ZEEF_H */
