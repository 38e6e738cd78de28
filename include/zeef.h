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
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- Version */

#define ZEEF_VERSION "0.1.0"
/* The scoring model version: changes whenever the same input could score
** differently, so that every score can be traced to the model that made it. */
#define ZEEF_MODEL_VERSION "names-5"

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
  X(E_IO, "input/output error")                                     \
  X(E_FORMAT, "input is malformed")                                 \
  X(E_STORE, "the case store failed")                               \
  X(E_CONFLICT, "changed meanwhile, or not allowed in its state")    \
  X(E_FORBIDDEN, "not allowed to this user")                        \
  X(E_NOTFOUND, "no such object")

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
  ZEEF_FORM_MRZ,      /* SURNAME<<GIVEN<NAMES, as in a passport's MRZ */
  ZEEF_FORM_MRZ_TRUNCATED /* an MRZ name field cut short: its last part may
                          ** be the start of a longer name */
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
/* The other readings of token i, compared besides its Latin form: a Han
** character's Wade-Giles, Korean and Japanese readings (金: chin, gim,
** geum, kin, kon, kane), a Wade-Giles syllable's pinyin (Tse: ze, ce).
** OUT *latin: reading k (0, 1, ...), lowercase ASCII, owned by the name.
** ZEEF_E_INVALID when i or k is out of range (k from 0 until it is). */
zeef_status zeef_name_token_reading(const zeef_name *name, size_t i, size_t k, const char **latin /* OUT */);

/* ------------------------------------------------------------ Comparison */

/* How two tokens were aligned. */
typedef enum zeef_pair_kind {
  ZEEF_PAIR_EXACT = 0,   /* same Latin form */
  ZEEF_PAIR_VARIANT,     /* known spelling variants of one name */
  ZEEF_PAIR_PHONETIC,    /* same phonetic key */
  ZEEF_PAIR_SPELLING,    /* close in spelling (edit distance) */
  ZEEF_PAIR_INITIAL,     /* an initial against a name with that letter */
  ZEEF_PAIR_JOINED,      /* two tokens written as one (Bel Mokhtar/Belmokhtar) */
  ZEEF_PAIR_ABD_DROPPED, /* Abd al-X against X: Abd left out in one name */
  ZEEF_PAIR_MISSING_A,   /* token of name A with no counterpart in B */
  ZEEF_PAIR_MISSING_B,   /* token of name B with no counterpart in A */
  ZEEF_PAIR_PREFIX,      /* a name cut short on the document: the start of the other */
  ZEEF_PAIR_NICKNAME,    /* a short form of the other given name (Bill, William) */
  ZEEF_PAIR_READING /* another reading: Han in Korean, Japanese, Wade-Giles (金 Kim, 佐藤 Sato); Tse-tung,
                       Zedong */
} zeef_pair_kind;

/* One line of the explanation of a comparison. Token indexes refer to the
** names given to zeef_compare(); a2/b2 are the last token of a joined run
** (tokens a to a2 written as one), or -1. */
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

#define ZEEF_PAIR_TOKENS_TEXT 128
#define ZEEF_PAIR_TEXT 384
/* One line of an explanation as data: the tokens of each name the pair
** holds, as written ("Bel Mokhtar"; "" for the side a missing token lacks),
** and the sentence zeef_explain() writes for it, without its line break. */
typedef struct zeef_pair_text {
  char a[ZEEF_PAIR_TOKENS_TEXT];
  char b[ZEEF_PAIR_TOKENS_TEXT];
  char text[ZEEF_PAIR_TEXT];
} zeef_pair_text;

/* Describes pair p of a comparison of a and b (one of m->pairs). Strings
** are cut at their size, on a character boundary. OUT *out. Errors:
** ZEEF_E_INVALID for a NULL argument or token indexes outside the names. */
zeef_status zeef_explain_pair(const zeef_name *a, const zeef_name *b, const zeef_pair *p,
                              zeef_pair_text *out);

/* ------------------------------------------------------------------ Dates */

/* How much of a date is known. */
typedef enum zeef_date_kind {
  ZEEF_DATE_NONE = 0, /* no date */
  ZEEF_DATE_DAY,      /* year, month and day */
  ZEEF_DATE_MONTH,    /* year and month */
  ZEEF_DATE_YEAR,     /* year only */
  ZEEF_DATE_RANGE     /* some year from year to year_to */
} zeef_date_kind;

/* A date of birth as lists and documents give it. */
typedef struct zeef_date {
  int16_t year;    /* 0 when kind is ZEEF_DATE_NONE */
  int16_t year_to; /* equals year unless kind is ZEEF_DATE_RANGE */
  uint8_t month;   /* 1-12, or 0 when unknown */
  uint8_t day;     /* 1-31, or 0 when unknown */
  uint8_t kind;    /* zeef_date_kind */
  uint8_t approx;  /* 1 when the source says approximately / circa / about */
} zeef_date;

/* Parses a date of birth: YYYY-MM-DD, YYYY-MM, YYYY, DD.MM.YYYY,
** DD/MM/YYYY, DD-MM-YYYY, "12 Jan 1965", "Jan 1965", "circa 1975",
** "approximately 1975", "1960 to 1962", "between 1960 and 1962", with
** surrounding spaces. 00 or XX for a month or day mean unknown (a
** year-only date). The calendar is checked (no 31 April, 29 February only in
** leap years); years must lie in 1800..2100.
** Errors: ZEEF_E_INVALID when s is not such a date. OUT *d. */
zeef_status zeef_date_parse(const char *s, size_t len, zeef_date *d);

/* Writes d as YYYY-MM-DD, YYYY-MM, YYYY or YYYY..YYYY (with a leading "~"
** when approximate) into buf of cap bytes, NUL terminated; returns the
** length it needs (snprintf's contract). */
size_t zeef_date_format(const zeef_date *d, char *buf, size_t cap);

/* ----------------------------------------------------------------- Gender */

/* Reads a gender as documents, traveller files and lists write it: M, F or
** X; male, female, other (or man, woman, diverse, unspecified); U, unknown
** and '<' for none. Case and surrounding spaces are ignored. OUT *out:
** 'M', 'F', 'X', or 0 for none. Errors: ZEEF_E_INVALID for anything else
** (then *out is 0). */
zeef_status zeef_gender_parse(const char *s, size_t len, char *out);

/* -------------------------------------------------------------- Countries */

/* Normalises a country as lists and documents write it to its ISO 3166-1
** alpha-3 code: alpha-3 ("IRQ"), alpha-2 ("IQ", "iq"), English short and
** official names ("Iraq", "Syrian Arab Republic", "United Kingdom of Great
** Britain and Northern Ireland", "Türkiye"), adjectives ("Iraqi",
** "Syrian"), and the historical or special codes travel documents carry
** (ICAO 9303: "D" for Germany, "GBD"/"GBN"/"GBO"/"GBS"/"GBP" for British
** passports, "UNO", "XXA" stateless, "XXB" refugee, "XXC", "XXX"; "former
** Soviet Union" as SUN, "Palestine"/"State of Palestine" as PSE, "Kosovo" as
** XKX). Case, accents and surrounding spaces and punctuation are ignored.
** OUT code: alpha-3 plus NUL. Errors: ZEEF_E_INVALID when unknown. */
zeef_status zeef_country_code(const char *s, size_t len, char code[4]);

/* English short name of an alpha-3 code ("Iraq"), or NULL when unknown.
** The string is static. */
const char *zeef_country_name(const char *alpha3);

/* ------------------------------------------------------------------ Lists */

/* What a listed entity is. Persons are screened; the rest stay matchable by
** name. */
typedef enum zeef_entity_kind {
  ZEEF_ENTITY_PERSON = 0,
  ZEEF_ENTITY_ORGANISATION,
  ZEEF_ENTITY_OTHER /* vessels, aircraft, unknown */
} zeef_entity_kind;

/* How a list gives a name. */
typedef enum zeef_name_quality {
  ZEEF_NAMEQ_PRIMARY = 0, /* the list's main name */
  ZEEF_NAMEQ_ALIAS,       /* a good-quality alias */
  ZEEF_NAMEQ_WEAK,        /* a low-quality alias (UN "Low", FtM weakAlias) */
  ZEEF_NAMEQ_ORIGINAL     /* the name in its original script */
} zeef_name_quality;

const char *zeef_name_quality_text(zeef_name_quality q);

/* An identity document. Strings are owned by the list. */
typedef struct zeef_document {
  const char *type;   /* "passport", "national identification card"... or "" */
  const char *number; /* as listed */
  char country[4];    /* issuing country, alpha-3, or "" */
} zeef_document;

/* One listed entity as its reader found it. Every pointer is owned by the
** list and valid until zeef_list_free(). */
typedef struct zeef_entity {
  const char *id; /* the list's own reference: QDi.006, OFAC ent_num, FtM id */
  zeef_entity_kind kind;
  size_t nnames;
  const char *const *names;    /* nnames names */
  const uint8_t *name_quality; /* zeef_name_quality of each */
  size_t ndates;
  const zeef_date *dates; /* dates of birth, several possible */
  size_t nplaces;
  const char *const *places; /* places of birth */
  size_t nnationalities;
  const char (*nationalities)[4]; /* alpha-3 codes */
  char gender;                    /* 'M', 'F' or 0 when unknown */
  size_t ndocs;
  const zeef_document *docs;
  const char *remarks; /* free text, or "" */
  size_t line;         /* line of the file where the entity starts */
  size_t naddresses;
  const char *const *addresses; /* as listed: "street, city, country" */
  size_t nrefs;
  const char *const *refs; /* the entity's other identifiers in its list: the
                           ** EU reference number, its UN reference */
  const char *programs;    /* sanctions programmes or regimes, "; " between
                           ** them, or "" */
  char listed_on[11];      /* YYYY-MM-DD the list first listed it, or "" */
  char updated_on[11];     /* YYYY-MM-DD of the list's last change to it, or "" */
} zeef_entity;

/* Formats zeef reads. ZEEF_LIST_AUTO detects from content. */
typedef enum zeef_list_format {
  ZEEF_LIST_AUTO = 0,
  ZEEF_LIST_UN_XML,   /* UN Security Council consolidated list XML */
  ZEEF_LIST_OFAC_CSV, /* OFAC legacy CSV: sdn.csv with alt.csv, sdn_comments.csv beside */
  ZEEF_LIST_FTM_JSON, /* FollowTheMoney entities, one JSON object a line */
  ZEEF_LIST_CSV,      /* zeef's CSV: id,name,aliases,birth_date,... */
  ZEEF_LIST_EU_XML    /* EU Financial Sanctions Files XML (v1.1) */
} zeef_list_format;

const char *zeef_list_format_name(zeef_list_format f);

/* A problem found in an input: which file, where, and why. Passed to the
** caller's callback while reading; the pointers are valid during the call
** only. */
typedef struct zeef_diag {
  const char *file;
  size_t line;        /* 1-based; 0 when not known */
  const char *record; /* the record's id, or NULL */
  const char *message;
  int fatal; /* 1 when the whole input is refused */
} zeef_diag;

typedef void (*zeef_diag_fn)(void *ud, const zeef_diag *d);

/* A loaded list: its name, version and entities. Immutable. */
typedef struct zeef_list zeef_list;

/* Reads the list file at path (for OFAC, the sdn.csv or the folder that
** holds it; alt.csv, add.csv and sdn_comments.csv are read from the same
** folder, and a missing alt.csv or add.csv is a note of the list: its
** aliases or addresses are not screened), streaming,
** under the given name (NULL: the file's base name). A record with a bad
** field is kept without that field and reported through diag (may be
** NULL); a file that cannot be read whole is refused: ZEEF_E_IO (cannot
** open or read), ZEEF_E_FORMAT (unknown format, truncated or malformed
** file, no entities), each with a fatal diag naming the file and line.
** OUT *list: freed by the caller with zeef_list_free(). */
zeef_status zeef_list_load(const zeef_ctx *ctx, const char *name, const char *path,
                           zeef_list_format format, zeef_diag_fn diag, void *ud,
                           zeef_list **list);

/* Frees a list. NULL is a no-op. No screener may still use it. */
void zeef_list_free(zeef_list *list);

const char *zeef_list_name(const zeef_list *list);
/* The SHA-256 of the file at path, in lowercase hex, into hex (65 bytes
** with the NUL): what a screening run read, named in its record. Errors:
** ZEEF_E_IO when it cannot be read. */
zeef_status zeef_file_digest(const char *path, char hex[65]);

/* The list's own version or generation date ("2026-02-27T00:00:09.554Z"
** for the UN list), or, when it has none (OFAC's CSV, FollowTheMoney,
** zeef's CSV), "sha256:" and the first 16 hex digits of its digest: what
** it holds, never when its file was copied. */
const char *zeef_list_version(const zeef_list *list);
/* The list's own publication date or generation time, as it writes it
** (UN dateGenerated, EU generationDate), or "" when the list gives none. */
const char *zeef_list_published(const zeef_list *list);
/* The SHA-256 of the list's files (for OFAC: sdn.csv, then alt.csv,
** sdn_comments.csv, add.csv as present), 64 lowercase hex digits: two loads
** of the same content give the same digest, whatever the files' dates. */
const char *zeef_list_digest(const zeef_list *list);
zeef_list_format zeef_list_get_format(const zeef_list *list);
size_t zeef_list_count(const zeef_list *list);
/* Entity i < zeef_list_count(), or NULL. */
const zeef_entity *zeef_list_entity(const zeef_list *list, size_t i);

/* What a user of the list should know of it as a whole, in plain words (a
** part of it that could not be read: "alt.csv is missing: OFAC aliases are
** not screened"): how many notes, and note i < that (NULL past it). Notes
** are also reported through the diag callback while loading. The strings
** are owned by the list. */
size_t zeef_list_note_count(const zeef_list *list);
const char *zeef_list_note(const zeef_list *list, size_t i);

/* ------------------------------------------------------------ List deltas */

/* The fields of an entity a list change can touch, as bits. */
enum {
  ZEEF_FIELD_KIND = 1u << 0,
  ZEEF_FIELD_NAMES = 1u << 1,
  ZEEF_FIELD_DATES = 1u << 2,
  ZEEF_FIELD_NATIONALITIES = 1u << 3,
  ZEEF_FIELD_DOCUMENTS = 1u << 4,
  ZEEF_FIELD_GENDER = 1u << 5,
  ZEEF_FIELD_PLACES = 1u << 6,
  ZEEF_FIELD_ADDRESSES = 1u << 7,
  ZEEF_FIELD_PROGRAMS = 1u << 8,
  ZEEF_FIELD_REMARKS = 1u << 9
};

/* Which fields of a and b (two versions of one entity) differ, compared
** as sets (order and repeats do not count): ZEEF_FIELD_* bits, 0 when none
** or when either is NULL. */
unsigned zeef_entity_diff(const zeef_entity *a, const zeef_entity *b);

typedef enum zeef_change_kind {
  ZEEF_CHANGE_ADDED = 0,
  ZEEF_CHANGE_REMOVED,
  ZEEF_CHANGE_CHANGED
} zeef_change_kind;

/* One entity that differs between two versions of a list, by id. */
typedef struct zeef_change {
  zeef_change_kind kind;
  const zeef_entity *old_entity; /* NULL when added */
  const zeef_entity *new_entity; /* NULL when removed */
  unsigned fields;               /* ZEEF_FIELD_* that differ, when changed */
} zeef_change;

/* Called once per change, in id order; return nonzero to stop. The
** entities are owned by the lists. */
typedef int (*zeef_change_fn)(void *ud, const zeef_change *c);

/* The entities added to, removed from and changed between old and new (two
** versions of one list, matched by the list's own ids); memory from ctx.
** Errors: ZEEF_E_INVALID, ZEEF_E_NOMEM (no call is made then). */
zeef_status zeef_list_diff(const zeef_ctx *ctx, const zeef_list *old, const zeef_list *new_,
                           zeef_change_fn fn, void *ud);

/* -------------------------------------------------------------- Screening */

/* An index over the names and documents of one or more lists. Immutable
** once built; any number of threads may screen with it. */
typedef struct zeef_screener zeef_screener;

/* Builds a screener over nlists lists, which must outlive it. Names that
** cannot be analysed are skipped and reported through diag. OUT *s: freed
** with zeef_screener_free(). */
zeef_status zeef_screener_new(const zeef_ctx *ctx, const zeef_list *const *lists,
                              size_t nlists, zeef_diag_fn diag, void *ud,
                              zeef_screener **s);
void zeef_screener_free(zeef_screener *s);
/* Number of indexed names, and bytes of memory the index holds. */
size_t zeef_screener_names(const zeef_screener *s);
size_t zeef_screener_bytes(const zeef_screener *s);

/* A traveller to screen. Unknown fields are zero / empty. */
typedef struct zeef_traveller {
  const zeef_name *name;  /* analysed by the caller; NULL screens on the
                          ** document numbers alone (one is then required) */
  zeef_date birth;        /* kind ZEEF_DATE_NONE when unknown */
  char nationality[4];    /* alpha-3, or "" */
  char gender;            /* 'M', 'F', 'X' or 0 */
  const char *doc_number; /* NUL terminated, or NULL */
  const char *doc_number_alt; /* a second reading (an OCR correction), or NULL */
  char doc_country[4];    /* alpha-3, or "" */
} zeef_traveller;

/* What one piece of evidence did to a hit's score. New kinds go at the end. */
typedef enum zeef_evidence_kind {
  ZEEF_EV_NAME = 0,        /* the name comparison's score */
  ZEEF_EV_RARITY,          /* how identifying the matching names are */
  ZEEF_EV_BIRTH,           /* dates of birth */
  ZEEF_EV_NATIONALITY,
  ZEEF_EV_GENDER,
  ZEEF_EV_DOCUMENT,        /* document numbers */
  ZEEF_EV_ENTITY_KIND,     /* the listed entity is not a person */
  ZEEF_EV_NAME_QUALITY     /* the matched name is a low-quality alias */
} zeef_evidence_kind;

/* "name", "rarity", "birth_date", "nationality", "gender", "document",
** "entity_kind", "name_quality"; "unknown" otherwise. */
const char *zeef_evidence_kind_name(zeef_evidence_kind k);

#define ZEEF_EVIDENCE_TEXT 192
#define ZEEF_EVIDENCE_VALUE 64
/* One piece of evidence, as data for any renderer: the feature, what each
** side holds of it, its effect on the score and the sentence a reviewer
** reads. The values and the sentence are filled for the hits zeef_screen()
** returns. */
typedef struct zeef_evidence {
  zeef_evidence_kind kind;
  double weight;                      /* log-odds added to the score */
  char traveller[ZEEF_EVIDENCE_VALUE]; /* the traveller's value ("1971-06-19",
                                      ** "EGY", "M", a document number, the
                                      ** matching names), "" when none */
  char listed[ZEEF_EVIDENCE_VALUE];   /* the listed value it met, "" when none */
  char text[ZEEF_EVIDENCE_TEXT];      /* plain words for the reviewer */
} zeef_evidence;

#define ZEEF_MAX_EVIDENCE 8

/* One listed entity a traveller could be. */
typedef struct zeef_hit {
  const zeef_list *list;
  size_t entity;     /* index in its list */
  size_t name;       /* which of the entity's names matched best */
  double score;      /* in [0, 1]: all evidence together */
  double name_score; /* the name comparison alone */
  zeef_match match;  /* token alignment, for zeef_explain() */
  size_t nevidence;
  zeef_evidence evidence[ZEEF_MAX_EVIDENCE];
} zeef_hit;

/* The default score at or above which a hit is an alert for review. */
#define ZEEF_ALERT_THRESHOLD 0.80

/* How far a hit goes, in the words a reviewer sorts alerts by. */
typedef enum zeef_band {
  ZEEF_BAND_WEAK = 0, /* below the threshold: no alert */
  ZEEF_BAND_POSSIBLE, /* an alert on the name, facts missing or in conflict */
  ZEEF_BAND_STRONG    /* an alert the facts corroborate and none contradicts */
} zeef_band;

/* The band of h at threshold: weak below it; strong when a fact beyond the
** name corroborates it (the same document number, or equal but for OCR
** confusions; the same full birth date; a birth year or month and the
** nationality both agreeing) and no fact contradicts it (a birth date,
** nationality, gender or document that differs, even by a year); possible
** otherwise: the name alone, a birth year alone, or facts on both sides.
** Deterministic, from the hit's evidence. */
zeef_band zeef_hit_band(const zeef_hit *h, double threshold);
/* "weak", "possible", "strong". */
const char *zeef_band_name(zeef_band b);

/* Screens one traveller: the hits scoring min_score or more, best first
** (ties by list order, then entity), at most cap of them in hits. OUT
** *nhits: how many were written. Deterministic. */
zeef_status zeef_screen(const zeef_screener *s, const zeef_traveller *t, double min_score,
                        zeef_hit *hits, size_t cap, size_t *nhits);

/* zeef_screen() without the index: every indexed name is scored. Slow (one
** comparison per listed name); it is the reference the index's recall is
** measured against (bench/screen_bench). */
zeef_status zeef_screen_exhaustive(const zeef_screener *s, const zeef_traveller *t,
                                   double min_score, zeef_hit *hits, size_t cap, size_t *nhits);

/* The analysed entity name a hit matched, for zeef_explain(). */
const zeef_name *zeef_screener_hit_name(const zeef_screener *s, const zeef_hit *h);

/* --------------------------------------------------------------- Travellers */

/* ---------------------------------------------------------------------- MRZ */

/* The machine-readable zone of a travel document (ICAO Doc 9303). */
typedef enum zeef_mrz_format {
  ZEEF_MRZ_TD1 = 1, /* ID card, 3 lines of 30 */
  ZEEF_MRZ_TD2,     /* 2 lines of 36 */
  ZEEF_MRZ_TD3,     /* passport, 2 lines of 44 */
  ZEEF_MRZ_MRVA,    /* visa, 2 lines of 44 */
  ZEEF_MRZ_MRVB     /* visa, 2 lines of 36 */
} zeef_mrz_format;

/* "TD1", "TD2", "TD3", "MRV-A", "MRV-B"; "?" otherwise. */
const char *zeef_mrz_format_name(zeef_mrz_format f);

#define ZEEF_MRZ_FIELD 48    /* longest MRZ field, NUL included */
#define ZEEF_MRZ_MAX_CHECKS 5
#define ZEEF_MRZ_MAX_WARNINGS 8

/* One check digit: what the document says and what its field computes to. */
typedef struct zeef_mrz_check {
  const char *field; /* "document_number", "birth_date", "expiry_date",
                     ** "personal_number", "composite" (static strings) */
  char found;        /* the check character printed on the document */
  char computed;     /* '0'..'9' */
  int ok;            /* found == computed ('<' counts as 0 for an empty field) */
  /* When !ok and a single OCR confusion (0/O, 1/I, 2/Z, 5/S, 8/B) in the
  ** field makes the check pass: the corrected field, else "". */
  char suggestion[ZEEF_MRZ_FIELD];
} zeef_mrz_check;

/* A parsed MRZ. Text fields are NUL terminated, fillers turned to spaces or
** removed, trailing fillers dropped. */
typedef struct zeef_mrz {
  zeef_mrz_format format;
  char doc_code[3];                  /* "P", "PD", "I", "ID", "V", "AC"... */
  char issuer[4];                    /* issuing state as printed: "UTO", "D" */
  char surname[ZEEF_MRZ_FIELD];      /* primary identifier, parts joined by ' ' */
  char given_names[ZEEF_MRZ_FIELD];  /* secondary identifier, "" when none */
  char name_mrz[ZEEF_MRZ_FIELD];     /* the name field as printed, fillers trimmed */
  int name_truncated;                /* the name field ends in a letter */
  char doc_number[ZEEF_MRZ_FIELD];   /* with any overflow from optional data */
  char nationality[4];               /* as printed */
  zeef_date birth;                   /* kind NONE when unreadable */
  char sex;                          /* 'M', 'F', 'X', or 0 for '<' */
  zeef_date expiry;                  /* kind NONE when unreadable */
  char optional1[ZEEF_MRZ_FIELD];    /* TD3: personal number; TD1: line 1 optional */
  char optional2[ZEEF_MRZ_FIELD];    /* TD1 line 2 optional; TD2/MRV optional */
  size_t nchecks;
  zeef_mrz_check checks[ZEEF_MRZ_MAX_CHECKS];
  size_t nwarnings;                  /* anomalies: X sex, bad characters, lengths */
  char warnings[ZEEF_MRZ_MAX_WARNINGS][256];
} zeef_mrz;

/* Parses one MRZ of 2 or 3 lines in text (len bytes, at most 4096; lines
** end in \n, \r\n or \r; a byte-order mark and surrounding spaces are
** ignored; lowercase is read as uppercase; a single line of 72, 88 or 90
** characters is read as the whole MRZ, with a warning). Two-digit years are
** resolved against this_year (0: the clock's): a birth year is not in the
** future, an expiry lies within 20 years ahead. Check digits that fail are
** reported in out->checks, not as errors; a failing composite's suggestion
** is the corrected value of the field whose one fix repairs both checks.
** Errors: ZEEF_E_FORMAT when the text is not an MRZ of a known shape, then
** out->warnings[0] says why; ZEEF_E_INVALID for a NULL out, NULL text with
** len > 0, or this_year outside 1900..2099. OUT *out, always initialised. */
zeef_status zeef_mrz_parse(const char *text, size_t len, int this_year, zeef_mrz *out);

/* The ICAO 9303 check digit of s (len bytes): '0'..'9', or 0 when s holds a
** character outside A-Z, 0-9 and '<'. */
char zeef_mrz_check_digit(const char *s, size_t len);

/* ------------------------------------------------------------------ PAXLST */

#define ZEEF_PAX_FIELD 72 /* longest kept element, NUL included */
#define ZEEF_PAX_MAX_LEGS 8
#define ZEEF_PAX_MAX_DOCS 4
#define ZEEF_PAX_MAX_WARNINGS 8

/* One flight leg (SG2: TDT with its LOC/DTM pairs). Times "YYYY-MM-DDTHH:MM"
** or "" when absent. */
typedef struct zeef_pax_leg {
  char carrier[ZEEF_PAX_FIELD];
  char flight[ZEEF_PAX_FIELD]; /* as in TDT element 2, e.g. "KL1234" */
  char departure[ZEEF_PAX_FIELD], arrival[ZEEF_PAX_FIELD]; /* LOC 125 / 87 */
  char departure_time[20], arrival_time[20];               /* DTM 189 / 232 */
} zeef_pax_leg;

/* One message (UNH..UNT): its context, shared by its persons. */
typedef struct zeef_pax_message {
  char reference[ZEEF_PAX_FIELD]; /* UNH element 1 */
  char version[ZEEF_PAX_FIELD];   /* "D:05B" */
  char list_type[8];              /* BGM code: "745" passengers, "250" crew */
  char function[8];               /* BGM element 2: "" an original list, "CP"
                                  ** a change, "XR" a cancellation, "CL" the
                                  ** flight closed */
  char sender[ZEEF_PAX_FIELD];    /* UNB sender */
  size_t nlegs;
  zeef_pax_leg legs[ZEEF_PAX_MAX_LEGS];
  size_t nwarnings;               /* count mismatches, junk, envelope faults */
  char warnings[ZEEF_PAX_MAX_WARNINGS][256];
} zeef_pax_message;

typedef struct zeef_pax_document {
  char type[8];                  /* DOC element 1: "P", "V", "I"... */
  char number[ZEEF_PAX_FIELD];
  char country[4];               /* LOC+91, alpha-3 as sent, "" when none */
  zeef_date expiry;              /* DTM 36 */
} zeef_pax_document;

/* One person (SG4, from NAD to the next NAD or the message end). */
typedef struct zeef_pax_person {
  size_t segment;                /* segment number of its NAD in the message */
  size_t line;                   /* line of its NAD in the input */
  char role[4];                  /* NAD qualifier: FL, FM, DDU, DDT */
  const char *role_name;         /* "passenger", "crew", "passenger in transit",
                                 ** "crew in transit", "unknown" (static) */
  char surname[ZEEF_PAX_FIELD], given_names[ZEEF_PAX_FIELD];
  zeef_date birth;               /* DTM 329 */
  char gender;                   /* 'M', 'F', 'X' or 0 */
  char nationality[4];           /* NAT+2, as sent */
  char residence[4];             /* LOC+174 */
  char birth_place[ZEEF_PAX_FIELD]; /* LOC+180 */
  char booking[ZEEF_PAX_FIELD];  /* RFF AVF */
  size_t ndocs;
  zeef_pax_document docs[ZEEF_PAX_MAX_DOCS];
  const char *error;             /* NULL, or why the person cannot be screened */
  size_t nwarnings;
  char warnings[ZEEF_PAX_MAX_WARNINGS][256];
} zeef_pax_person;

/* Called once per person, in input order; message and person are valid
** during the call only. Return nonzero to stop reading. */
typedef int (*zeef_pax_fn)(void *ud, const zeef_pax_message *m, const zeef_pax_person *p);

/* Reads every PAXLST interchange in buf (len bytes; NUL not needed), its
** one allocation (the persons of a message) from ctx's allocator. A
** message's persons are delivered once the next message starts or the input
** ends, with the message's count checks (UNT, CNT, UNZ) and anything found
** after its UNT in m->warnings; a message of over 4,096 persons is delivered
** in batches, with a warning. Segments outside any message are reported
** through m->warnings of the next message. A message without persons yields
** no call. Two-digit years follow the clock: a birth year is not in the
** future, an expiry lies within 20 years ahead.
** Errors: ZEEF_E_FORMAT when buf holds no UNH..PAXLST message at all, with
** *bad_segment the segment number where reading gave up (0 when none). */
zeef_status zeef_paxlst_read(const zeef_ctx *ctx, const char *buf, size_t len, zeef_pax_fn fn,
                             void *ud, size_t *bad_segment);

/* ------------------------------------------------------------------ PNRGOV */

/* A booking (Passenger Name Record) as an airline pushes it to a state in a
** UN/EDIFACT PNRGOV message (versions 10.1 to 13.1; docs/formats.md,
** section 6). Strings are as sent, NUL terminated, "" when absent; times
** "YYYY-MM-DDTHH:MM" (or a date alone). */
#define ZEEF_PNR_FIELD 72
#define ZEEF_PNR_TEXT 256
#define ZEEF_PNR_MAX_TRAVELLERS 16
#define ZEEF_PNR_MAX_DOCS 4
#define ZEEF_PNR_MAX_LEGS 12
#define ZEEF_PNR_MAX_CONTACTS 12
#define ZEEF_PNR_MAX_PAYMENTS 4
#define ZEEF_PNR_MAX_WARNINGS 16

/* A travel document from an SSR DOCS. */
typedef struct zeef_pnr_doc {
  char type[4];                   /* "P" passport, "I" identity card, ... */
  char issuer[4], nationality[4]; /* as sent: alpha-3 or alpha-2 */
  char number[ZEEF_PNR_FIELD];
  zeef_date birth, expiry;
  char gender; /* 'M', 'F', 'X' or 0 */
  int infant;  /* gender FI or MI: an infant's document, sent on its
               ** adult's record; moved to the infant when it is a traveller */
  char surname[ZEEF_PNR_FIELD], given_names[ZEEF_PNR_FIELD];
} zeef_pnr_doc;

/* One traveller (TIF and what follows it until the next TIF or leg). */
typedef struct zeef_pnr_traveller {
  size_t segment; /* the TIF's segment number in its message */
  char surname[ZEEF_PNR_FIELD], given_names[ZEEF_PNR_FIELD];
  char ref[16];                        /* the traveller's reference in the PNR */
  int infant;                          /* TIF type IN */
  char frequent_flyer[ZEEF_PNR_FIELD]; /* FTI: carrier and number */
  char seat[8];                        /* from check-in (SSD) or a seat SSR */
  int bags;                            /* TBD: bags checked, -1 when not said */
  size_t ndocs;
  zeef_pnr_doc docs[ZEEF_PNR_MAX_DOCS];
} zeef_pnr_traveller;

/* One leg of the itinerary (TVL at PNR level). */
typedef struct zeef_pnr_leg {
  char carrier[4], operating[4];       /* marketing and operating carriers */
  char flight[8], operating_flight[8]; /* the operating one from a codeshare's second TVL */
  char booking_class[4];
  char origin[4], destination[4]; /* IATA airport codes */
  char departure[20], arrival[20];
  char status[4]; /* RPI: "HK" confirmed, ... */
} zeef_pnr_leg;

/* A contact: an address (ADD), a phone or an e-mail address (IFT CTC*). */
typedef struct zeef_pnr_contact {
  char kind[8];              /* "address", "phone", "email" */
  char value[ZEEF_PNR_TEXT]; /* an e-mail address with @ and _ restored */
} zeef_pnr_contact;

/* A form of payment (FOP). Card numbers are masked on read: only their
** last four digits are kept. */
typedef struct zeef_pnr_payment {
  char type[8];   /* "CC" card, "CA" cash, "MS" other, ... */
  char vendor[4]; /* card: "VI", "CA", "AX", ... */
  char card[24];  /* card: "XXXXXXXXXXXX1234" */
  char amount[24];
  char payer[ZEEF_PNR_FIELD]; /* the IFT 4:43 after it: who paid */
} zeef_pnr_payment;

/* One PNR (SRC, or an RCI without one, to the next or the message end). */
typedef struct zeef_pnr {
  size_t segment, line;          /* where it starts: segment number in its message, line */
  char message[ZEEF_PNR_FIELD];  /* UNH reference */
  char version[8];               /* "11:1" */
  char sender[ZEEF_PNR_FIELD];   /* UNB sender */
  char flight[ZEEF_PNR_FIELD];   /* the reported flight (the message's TVL): "LH474" */
  char locator[16];              /* RCI: the record locator */
  char system[8];                /* the system or airline holding it */
  char locators[ZEEF_PNR_FIELD]; /* every other locator, space separated */
  char created[20];              /* RCI's date and time */
  char booked[20];               /* DAT 700: the last transaction */
  char ticketed[20];             /* DAT 710 */
  char agency[ZEEF_PNR_FIELD];   /* ORG: the booking office */
  size_t ntravellers, nlegs, ncontacts, npayments;
  zeef_pnr_traveller travellers[ZEEF_PNR_MAX_TRAVELLERS];
  zeef_pnr_leg legs[ZEEF_PNR_MAX_LEGS];
  zeef_pnr_contact contacts[ZEEF_PNR_MAX_CONTACTS];
  zeef_pnr_payment payments[ZEEF_PNR_MAX_PAYMENTS];
  char ticket[ZEEF_PNR_FIELD]; /* TKT: the first ticket number */
  size_t history;              /* history items (ABI, SAC, LTS) seen, not kept */
  size_t nwarnings;            /* anomalies, each naming its segment */
  char warnings[ZEEF_PNR_MAX_WARNINGS][ZEEF_PNR_TEXT];
} zeef_pnr;

/* Called once per PNR, in input order; pnr is valid during the call only.
** Return nonzero to stop reading. */
typedef int (*zeef_pnr_fn)(void *ud, const zeef_pnr *pnr);

/* Reads every PNRGOV message in buf (len bytes; NUL not needed); its one
** allocation (a zeef_pnr) from ctx's allocator. Every anomaly (a UNA of
** five characters, a wrong UNT count, a segment cut by a line break, a
** DOCS with empty fields, more travellers than kept) is a warning on the
** PNR it concerns, naming the segment; envelope faults go on the
** message's last PNR. Errors: ZEEF_E_FORMAT when buf holds no PNRGOV
** message at all, with *bad_segment where reading gave up (0 when none). */
zeef_status zeef_pnrgov_read(const zeef_ctx *ctx, const char *buf, size_t len, zeef_pnr_fn fn, void *ud,
                             size_t *bad_segment);

/* ------------------------------------------------------------------- Rules */

/* Pre-determined criteria: rules over a booking's route, timing, payment
** and documents (docs/rules.md), each with its id, description, purpose,
** legal basis, owner and review date. A rule hit is an alert of kind
** "rule", reviewed like any other; it says why in plain words. The guard:
** a rule that refers to a protected characteristic (race or ethnic origin,
** political opinions, religion or belief, trade-union membership, health,
** sex life or sexual orientation) or to a known proxy for one (meal and
** medical service requests, a name's origin, nationality, language) is
** refused at load with the reason, and so is a rule past its review date,
** one without its purpose, legal basis or owner, and any condition zeef
** does not know. */
typedef struct zeef_rules zeef_rules;

#define ZEEF_RULE_TEXT 512

/* Reads the rules file's JSON text (len bytes) as of the date today
** ("YYYY-MM-DD"; NULL: the clock's). OUT *rules, freed with
** zeef_rules_free(). Errors: ZEEF_E_FORMAT when the text is not a rules
** file or any rule is refused: err (cap bytes) then says, one line a
** problem, which rule and why, and no rule is loaded; ZEEF_E_NOMEM. */
zeef_status zeef_rules_load(const zeef_ctx *ctx, const char *json, size_t len, const char *today,
                            zeef_rules **rules, char *err, size_t cap);
void zeef_rules_free(zeef_rules *rules);
size_t zeef_rules_count(const zeef_rules *rules);
/* Rule i's id and description (owned by rules). */
const char *zeef_rule_id(const zeef_rules *rules, size_t i);
const char *zeef_rule_description(const zeef_rules *rules, size_t i);

/* One rule a traveller of a booking meets, and why. */
typedef struct zeef_rule_hit {
  size_t rule;                      /* its index */
  char explanation[ZEEF_RULE_TEXT]; /* each condition as it held, "; " between */
} zeef_rule_hit;

/* The rules traveller t (an index into pnr->travellers) meets, in the
** rules' order: at most cap into hits. Returns how many it meets (all of
** them, also beyond cap). Deterministic; no allocation. */
size_t zeef_rules_eval(const zeef_rules *rules, const zeef_pnr *pnr, size_t t, zeef_rule_hit *hits,
                       size_t cap);

/* --------------------------------------------------------- Traveller input */

/* Traveller input formats. ZEEF_IN_AUTO detects from content. */
typedef enum zeef_input_format {
  ZEEF_IN_AUTO = 0,
  ZEEF_IN_CSV,    /* header row; columns by name, in several languages and the
                  ** names booking and border systems use (docs/formats.md);
                  ** ',', ';' or tab between fields, from the header */
  ZEEF_IN_JSONL,  /* one JSON object a line */
  ZEEF_IN_MRZ,    /* blocks of 2 or 3 MRZ lines separated by blank lines */
  ZEEF_IN_PAXLST, /* UN/EDIFACT PAXLST */
  ZEEF_IN_JSON,   /* one JSON array of traveller objects */
  ZEEF_IN_PNRGOV  /* UN/EDIFACT PNRGOV: each traveller of each booking */
} zeef_input_format;

/* "auto", "csv", "jsonl", "mrz", "paxlst", "json", "pnrgov". */
const char *zeef_input_format_name(zeef_input_format f);

#define ZEEF_RECORD_MAX_WARNINGS 8
#define ZEEF_RECORD_TEXT 256

/* One traveller record as read, before screening. Keys: id; name (full name,
** any order) or surname + given_names; birth_date; nationality (alpha-3,
** alpha-2 or English name); gender (M, F, X); document_number;
** document_country. A field value that does not parse is left out and named
** in warnings; a record that cannot be screened at all has error set. */
typedef struct zeef_record {
  size_t line;       /* where the record starts in its input (for a JSON
                     ** array: the element's number, from 1) */
  const char *id;    /* "" when the input has none */
  const char *name;  /* the name to analyse, "" when none */
  zeef_name_form form;
  zeef_date birth;
  char nationality[4];
  char gender; /* 'M', 'F', 'X' or 0 */
  const char *doc_number; /* NULL when none */
  char doc_country[4];
  const char *doc_number_alt; /* a corrected document number, screened too */
  int name_truncated;         /* the last name part may be cut short */
  const char *expected; /* labelled data: the listed entity's id this traveller
                        ** is (column "expected"), NULL when not given; not
                        ** screened on, carried for zeef evaluate */
  const char *error; /* NULL, or why the record cannot be screened */
  size_t nwarnings;
  char warnings[ZEEF_RECORD_MAX_WARNINGS][ZEEF_RECORD_TEXT];
  /* Where the record came from: mrz for ZEEF_IN_MRZ, pax_message and
  ** pax_person for ZEEF_IN_PAXLST, pnr and its traveller for
  ** ZEEF_IN_PNRGOV, else NULL. */
  const zeef_mrz *mrz;
  const zeef_pax_message *pax_message;
  const zeef_pax_person *pax_person;
  const zeef_pnr *pnr;
  const zeef_pnr_traveller *pnr_traveller;
} zeef_record;

/* Called once per input record, in input order; every string is valid during
** the call only. Return nonzero to stop reading. */
typedef int (*zeef_record_fn)(void *ud, const zeef_record *r);

/* What a traveller can share with another: its booking (a PNR's locator, a
** PAXLST booking reference), an e-mail address, a phone number, a payment
** card (vendor and masked number), a document number. */
typedef struct zeef_share {
  char kind[12]; /* "booking", "email", "phone", "card", "document" */
  char value[ZEEF_PNR_TEXT];
} zeef_share;
#define ZEEF_SHARES_MAX 48

/* What r can share, each once, at most cap into out: how many. */
size_t zeef_record_shares(const zeef_record *r, zeef_share *out, size_t cap);

/* Turns a record as read into a traveller to screen: analyses its name (in
** the record's name form) and copies its facts (birth date, nationality,
** gender, document numbers and country). OUT *t; t->name is made here and
** freed with zeef_traveller_clear(); t's strings point into r and are valid
** while r is. An empty name with a document number gives a traveller
** without a name, screened on its documents alone. Errors: ZEEF_E_INVALID
** when r carries an error (r->error) or has no name string;
** zeef_name_analyze()'s errors, ZEEF_E_EMPTY for an empty name without a
** document (then *t holds no name). */
zeef_status zeef_traveller_from_record(const zeef_ctx *ctx, const zeef_record *r,
                                       zeef_traveller *t);

/* Frees the name zeef_traveller_from_record() made and clears *t. NULL is a
** no-op. */
void zeef_traveller_clear(zeef_traveller *t);

/* Why an input as a whole could not be read. */
typedef struct zeef_read_error {
  size_t line; /* the line (PAXLST: the segment) where reading gave up, or 0 */
  char message[ZEEF_RECORD_TEXT]; /* plain words; "" when nothing failed */
} zeef_read_error;

/* Reads traveller records from f to its end (f is not closed), calling fn
** for every record, errors included: one call per input record. A record
** that cannot be read (a CSV row with a quote left open, a line over the
** limit, a JSON line that is not an object, an MRZ block of no known shape,
** a PAXLST person without a name) is a call with error set, and reading
** goes on with the next record. Memory comes from ctx's allocator; lines
** are bounded and never held whole past their limit.
** Errors: ZEEF_E_FORMAT when the input as a whole cannot be read (a CSV
** header without a name column, no PAXLST message, a JSON body that is not
** an array; for one that does not parse as JSON at all, err's message
** starts with "not JSON"), with err (may be NULL) saying where and why; ZEEF_E_TOOBIG
** for a PAXLST or JSON input over 1 GiB; ZEEF_E_IO on a read error;
** ZEEF_E_NOMEM. Records delivered before an error stay delivered. */
zeef_status zeef_records_read(const zeef_ctx *ctx, FILE *f, zeef_input_format format,
                              zeef_record_fn fn, void *ud, zeef_read_error *err);

/* The same over buf[0..len) in memory. */
zeef_status zeef_records_read_buffer(const zeef_ctx *ctx, const char *buf, size_t len,
                                     zeef_input_format format, zeef_record_fn fn, void *ud,
                                     zeef_read_error *err);

/* The order of a date written as three numbers that either order makes a
** date of (05/02/1970): day first, as most of the world writes it, or
** month first, as the United States do. A date only one order makes
** (31/12/1970, 12/31/1970) is read that way whatever is set, and a record
** whose date says the input's order is not the one set gets a warning
** (once an input): its other dates may be misread. */
typedef enum zeef_date_order { ZEEF_DAY_FIRST = 0, ZEEF_MONTH_FIRST } zeef_date_order;

#define ZEEF_READ_MAP_MAX 16

/* How zeef_records_read_with() reads. Zeroed, it reads as
** zeef_records_read() does with ZEEF_IN_AUTO. */
typedef struct zeef_read_options {
  zeef_input_format format;
  zeef_date_order date_order;
  /* CSV columns for fields, each "FIELD=COLUMN": FIELD one of id, name,
  ** surname, given_names, birth_date, nationality, gender, document_number,
  ** document_country, expected; COLUMN a header's text (compared as header names
  ** are: case, spaces, dashes and dots aside). A mapped column is read
  ** before the header names zeef knows for the field. */
  const char *map[ZEEF_READ_MAP_MAX];
  size_t nmap;
} zeef_read_options;

/* zeef_records_read() with options (o may be NULL). Errors besides its
** own: ZEEF_E_INVALID for a map entry that is not FIELD=COLUMN with a
** known FIELD, ZEEF_E_FORMAT when the header has no column a map entry
** names; err says which. */
zeef_status zeef_records_read_with(const zeef_ctx *ctx, FILE *f, const zeef_read_options *o,
                                   zeef_record_fn fn, void *ud, zeef_read_error *err);


/* ------------------------------------------------------------------ Store */

/* The case store: one SQLite file holding what screening found and what
** people made of it, and an audit of both. Every screening is stored, a
** clear one too (a later list change is checked against it): the
** traveller as read, the lists' versions, the model, every hit with its
** evidence as data, the outcome. An alert opens a case (one per
** traveller) whose matches wait for review. Every write is an entry in an
** append-only audit whose entries are chained by SHA-256, so an entry or a
** stored screening changed behind zeef's back is found by
** zeef_store_verify(). A store is used by one thread at a time; several
** processes may share the file (SQLite's WAL, one writer at a time). */
typedef struct zeef_store zeef_store;

/* The schema version this zeef writes; older stores are migrated forward
** when opened. */
#define ZEEF_STORE_SCHEMA 8
/* Screenings written per transaction (and per audit entry) in a run. */
#define ZEEF_STORE_BATCH 1000

/* Opens (creating when missing) the store at path and migrates its schema
** forward. OUT *st, closed with zeef_store_close(); on ZEEF_E_STORE *st is
** still set when the file could be opened at all, so that
** zeef_store_error() says why; close it too. A store written by a newer
** zeef is refused. */
zeef_status zeef_store_open(const zeef_ctx *ctx, const char *path, zeef_store **st);
void zeef_store_close(zeef_store *st);
/* The last failure in words (SQLite's message and what zeef was doing),
** "" when none. Owned by st. */
const char *zeef_store_error(const zeef_store *st);
/* The store's identity: 32 hex digits made when it was created (the
** audit chain starts from its SHA-256). */
const char *zeef_store_id(const zeef_store *st);
/* For tests of retention and of the audit's times: the clock the store
** reads (seconds since the epoch), or NULL for the system's. */
void zeef_store_set_clock(zeef_store *st, double (*now)(void *ud), void *ud);

/* Who does what, for the audit: the user (or "system:JOB"), the role the
** user acts in, and the purpose of the access. */
typedef struct zeef_actor {
  const char *user;
  const char *role;
  const char *purpose;
} zeef_actor;

/* A screening's outcome. */
typedef enum zeef_outcome { ZEEF_OUTCOME_CLEAR = 0, ZEEF_OUTCOME_ALERT, ZEEF_OUTCOME_ERROR } zeef_outcome;

/* Starts a run: the screening of one input against nlists lists, the
** alert threshold, and where the input came from (a file name, "POST
** /screen"). Opens the first transaction. OUT *run: the run's id. */
zeef_status zeef_store_run_begin(zeef_store *st, const zeef_actor *who, const char *source,
                                 const zeef_list *const *lists, size_t nlists, double threshold,
                                 int64_t *run);
/* A rule a booking's traveller met (zeef_rules_eval): an alert of kind
** rule, stored as a hit of the list "rules" whose entity is the rule. */
typedef struct zeef_store_rule {
  const char *id, *description, *explanation;
} zeef_store_rule;

/* Stores one screening of the run in progress: the record as read, its
** source as JSON text (the MRZ, PAXLST or booking it was read from; NULL
** for none), its outcome (error: why, else NULL), its hits, best first,
** and the rules its traveller met. A hit at or above the run's threshold,
** and a rule met, joins the traveller's case (opened here) as a match
** pending review; given the screener scr that made the hits and the
** traveller's analysed name (else both NULL), with what a reviewer sets
** side by side: the listed person's facts and each name part with its
** listed counterpart. Every ZEEF_STORE_BATCH screenings the batch is
** committed with its audit entry. */
zeef_status zeef_store_put(zeef_store *st, const zeef_record *rec, const char *source_json,
                           zeef_outcome outcome, const char *error, const zeef_hit *hits, size_t nhits,
                           const zeef_screener *scr, const zeef_name *name, const zeef_store_rule *rules,
                           size_t nrules);
/* Ends the run: the last batch and the run's own entry, committed. A run
** not ended (the process killed) leaves its last batch out, whole: no
** screening is ever stored without its audit entry. */
zeef_status zeef_store_run_end(zeef_store *st);
/* OUT *done: whether a run of source was ended in the store already (a
** batch from a message broker delivered again after it was stored). */
zeef_status zeef_store_run_done(zeef_store *st, const char *source, int *done);

/* What the store holds, for its status. */
typedef struct zeef_store_counts {
  int64_t runs, travellers, hits, cases, open_cases, matches, pending_matches, audit_entries;
} zeef_store_counts;
zeef_status zeef_store_count(zeef_store *st, zeef_store_counts *out);

/* The first problem zeef_store_verify() found: the audit entry (its seq;
** 0 when the chain itself is intact but a stored row is not) and which
** check failed, in words. */
typedef struct zeef_audit_problem {
  int64_t seq;
  char check[32];  /* "sequence", "time", "chain", "details", "hash", "rows" */
  char detail[256];
} zeef_audit_problem;

/* Recomputes the audit chain from its first entry: the sequence has no
** gap, times never go back, each entry names the hash of the one before
** and its own hash recomputes over its stored bytes; then every batch of
** stored screenings hashes to the root its entry recorded. OUT *entries:
** how many were checked; *bad: the first problem, bad->seq and
** bad->check[0] 0 when there is none. ZEEF_OK whether or not a problem is
** found; ZEEF_E_STORE when the store cannot be read. */
zeef_status zeef_store_verify(zeef_store *st, int64_t *entries, zeef_audit_problem *bad);

/* Every audit entry in order, as one line of JSON each (no line break)
** given to fn: {"seq", "ts", "actor", "role", "purpose", "action",
** "object_type", "object_id", "outcome", "details", "details_hash",
** "prev_hash", "hash"} with details as the exact text hashed, so that an
** oversight body can recompute the chain without zeef. fn returns nonzero
** to stop. */
zeef_status zeef_store_export(zeef_store *st, int (*fn)(void *ud, const char *line, size_t len), void *ud);
/* Which entries zeef_store_export_range() gives; NULL or 0 fields do not
** filter. */
typedef struct zeef_audit_filter {
  int64_t after; /* entries after this seq (0: from the first) */
  int64_t limit; /* at most this many (0: all) */
  const char *actor, *action, *object_type, *object_id;
} zeef_audit_filter;

/* The entries f selects, in order, as zeef_store_export() gives them. */
zeef_status zeef_store_export_range(zeef_store *st, const zeef_audit_filter *f,
                                    int (*fn)(void *ud, const char *line, size_t len), void *ud);

/* ----------------------------------------------------------------- Review */

/* What a person does to a case or one of its matches. Who may: analysts
** and supervisors decide; only a supervisor who did not propose approves
** or sends back (four eyes) and reopens; nobody else (ZEEF_E_FORBIDDEN).
**
**   take          open or reopened case -> in_review, owned by who
**   release       in_review -> open (its owner, or a supervisor)
**   dismiss       a pending match -> dismissed (not the listed person)
**   confirm       a pending match: a proposal that it is the listed person;
**                 the case -> awaiting_approval, the match stays pending
**   inconclusive  the match stays pending; the case is escalated
**   approve       the proposal takes effect: the match -> confirmed, the
**                 case's other pending matches -> skipped
**   send_back     the proposal is cleared; the case -> in_review
**   reopen        a closed case -> reopened, its decided matches pending
**
** A case whose matches are all decided closes. Every action needs a
** reason code of its kind (zeef_reason_ok) and a note, except take and
** release; each names the case version the user read: another has acted
** meanwhile, or the state does not allow it: ZEEF_E_CONFLICT with the
** current state. Every action is an audit entry carrying the case's digest
** after it (no note text: its SHA-256). */
typedef enum zeef_review_action {
  ZEEF_REVIEW_TAKE = 0,
  ZEEF_REVIEW_RELEASE,
  ZEEF_REVIEW_DISMISS,
  ZEEF_REVIEW_CONFIRM,
  ZEEF_REVIEW_INCONCLUSIVE,
  ZEEF_REVIEW_APPROVE,
  ZEEF_REVIEW_SEND_BACK,
  ZEEF_REVIEW_REOPEN
} zeef_review_action;

/* "take", "release", "dismiss", "confirm", "inconclusive", "approve",
** "send_back", "reopen"; NULL for an unknown action. */
const char *zeef_review_action_name(zeef_review_action a);
/* The action named s, or -1. */
int zeef_review_action_parse(const char *s);
/* Whether reason is a code the action takes: dismiss DIFF_BIRTHDATE,
** DIFF_NATIONALITY, DIFF_DOCUMENT, DIFF_GENDER, DIFF_ENTITY_TYPE, DIFF_AGE,
** NAME_ONLY, DUPLICATE_ALERT, BAD_INPUT; confirm SAME_DOCUMENT,
** SAME_BIOGRAPHIC, SAME_EXTERNAL; inconclusive INCONCLUSIVE; approve,
** send_back and reopen EVIDENCE_INSUFFICIENT, WRONG_REASON,
** NEW_INFORMATION, POLICY (approve also AGREED); take and release none. */
int zeef_reason_ok(zeef_review_action a, const char *reason);

typedef struct zeef_review {
  zeef_review_action action;
  int64_t case_id;
  int64_t match_id; /* the match decided; 0 for take, release, reopen */
  int64_t version;  /* the case's version the user read */
  const char *reason;
  const char *note;
} zeef_review;

/* The case after an action, or as it is when the action was refused. */
typedef struct zeef_review_result {
  int64_t version;
  char state[24];
  char detail[256]; /* why it was refused, in words; "" on success */
} zeef_review_result;

/* Applies r as who (who->role: the user's roles, "analyst,supervisor").
** Errors: ZEEF_E_INVALID (a reason or note missing or of the wrong kind),
** ZEEF_E_NOTFOUND (no such case, or the match is not the case's),
** ZEEF_E_FORBIDDEN (the role, or approving one's own proposal),
** ZEEF_E_CONFLICT (the version read is not the case's, or its state does
** not allow the action), ZEEF_E_STORE; out->detail says which. Refusals
** for the role or four eyes are audit entries too. */
zeef_status zeef_store_review(zeef_store *st, const zeef_actor *who, const zeef_review *r,
                              zeef_review_result *out);

/* A case in full as one JSON object: {"case": {"id", "state", "owner",
** "version", "priority", "escalated", "opened_at", "updated_at"},
** "traveller": {the record as read}, "matches": [{"id", "state",
** "version", "proposed_by"?, "list", "list_version", "entity_id",
** "listed_name", "matched_name", "score", "name_score", "band",
** "evidence", "detail"?}], "history": [{"at", "actor", "action",
** "reason", "note"}], "links": [{"traveller", "record_id", "name",
** "outcome", "case_id"?, "case_state"?, "shared": [{"kind", "value"}]}]:
** the stored travellers who share a booking, an e-mail address, a phone,
** a card or a document with this one (zeef_record_shares)}; a match's detail (stored since schema 7) is
** {"listed": {"birth_dates", "nationalities", "gender"?, "documents",
** "programs"?, "listed_on"?}, "name_parts": [{"match", "traveller",
** "listed", "similarity", "weight", "text"}]}. A read of personal data:
** who->purpose is required (ZEEF_E_INVALID without), and the read is an
** audit entry. The text is given to fn during the call. */
zeef_status zeef_store_case(zeef_store *st, const zeef_actor *who, int64_t case_id,
                            void (*fn)(void *ud, const char *json, size_t len), void *ud);

/* Which cases zeef_store_cases() lists; NULL or 0 fields do not filter. */
typedef struct zeef_case_filter {
  const char *state; /* open, in_review, awaiting_approval, closed, reopened, or
                     ** active: every state but closed */
  const char *list;  /* cases with a match on this list */
  const char *owner;
  const char *flight;   /* a leg of the traveller's flight: "XY123" or "123" */
  const char *approver; /* awaiting approval of a proposal this user did not make */
  int64_t limit;     /* 0: 100 */
  int64_t offset;
} zeef_case_filter;

/* The cases f selects, most urgent first (awaiting approval, escalated,
** then the soonest departure where the traveller's data gives one, then the
** best score, then the oldest), as one JSON object: {"total", "states":
** {each state: its cases in the store}, "cases": [{"id", "state", "owner",
** "version", "priority", "escalated", "opened_at", "departs_at", "flight",
** "traveller": {"record_id", "name", "birth_date",
** "nationality"}, "best": {"list", "entity_id", "listed_name", "score",
** "band"}, "matches", "pending"}]}, given to fn. A read of personal data:
** who->purpose is required, and the read is an audit entry. */
zeef_status zeef_store_cases(zeef_store *st, const zeef_actor *who, const zeef_case_filter *f,
                             void (*fn)(void *ud, const char *json, size_t len), void *ud);

/* What zeef_store_travellers() looks for; at least one of the three. */
typedef struct zeef_traveller_query {
  const char *name;            /* two letters or more, anywhere in the name as read */
  const char *document_number; /* exactly */
  const char *birth_date;      /* a prefix: "1951", "1951-06" */
  int64_t limit;               /* 0: 100; at most 500 */
} zeef_traveller_query;

/* The stored travellers f finds, newest first, masked ones left out, as
** {"travellers": [{"id", "record_id", "name", "birth_date", "nationality",
** "document_number", "outcome", "received_at", "input", "case_id"?}]},
** given to fn. A read of personal data: who->purpose is required, and the
** search is an audit entry (how many were found, not what was asked).
** ZEEF_E_INVALID for a query that asks nothing. */
zeef_status zeef_store_travellers(zeef_store *st, const zeef_actor *who, const zeef_traveller_query *f,
                                  void (*fn)(void *ud, const char *json, size_t len), void *ud);

/* --------------------------------------------------------- Suppressions */

/* The key of the travellers' identity hashes (HMAC-SHA256), at least 16
** bytes, kept outside the store (zeef screen and serve --secret FILE).
** Without it no identity is stored and no suppression can be made. */
zeef_status zeef_store_set_secret(zeef_store *st, const void *key, size_t n);

/* A suppression stops one alert coming back: one traveller identity (the
** document and full birth date, or the name, full birth date and
** nationality, as a keyed hash) against one listed entity as it is listed
** now (its content digest). It is proposed on a dismissed match by an
** analyst or supervisor, takes effect when another supervisor approves
** it, and ends when it expires, is revoked by a supervisor, or lapses: the
** listed entry changed, and the next screening opens a case with the
** origin "suppression_lapsed". A suppressed hit is stored with its
** suppression and opens no case. */
typedef enum zeef_suppress_action {
  ZEEF_SUPPRESS_PROPOSE = 0,
  ZEEF_SUPPRESS_APPROVE,
  ZEEF_SUPPRESS_REJECT,
  ZEEF_SUPPRESS_REVOKE
} zeef_suppress_action;

#define ZEEF_SUPPRESS_DAYS_DEFAULT 180
#define ZEEF_SUPPRESS_DAYS_MAX 365

typedef struct zeef_suppress {
  zeef_suppress_action action;
  int64_t id;       /* propose: the dismissed match; else the suppression */
  int days;         /* propose: until it expires, 1 to ZEEF_SUPPRESS_DAYS_MAX (0: the default) */
  const char *note; /* why: required */
} zeef_suppress;

/* Applies s as who. OUT *id: the suppression. Errors as zeef_store_review
** (ZEEF_E_INVALID also when the traveller's identity is too weak to key
** a suppression, or no secret is set), detail (cap bytes) says why. */
zeef_status zeef_store_suppress(zeef_store *st, const zeef_actor *who, const zeef_suppress *s, int64_t *id,
                                char *detail, size_t cap);

/* ------------------------------------------------------------ Re-screening */

/* What a re-screening did. */
typedef struct zeef_rescreen_counts {
  int64_t added, changed, removed; /* entities, by the list's diff */
  int64_t candidates; /* stored travellers the added and changed entities may match */
  int64_t alerts;     /* of them, now alerting on an added or changed entity */
  int64_t cases;      /* cases opened (origin "rescreen"); the rest had one holding the entity */
  int64_t withdrawn;  /* pending matches on removed entities, withdrawn */
} zeef_rescreen_counts;

/* Re-screens the store after a list changed from old to new_ (two versions
** of one list). The entities added or changed are screened against an
** index of the stored travellers (their first screenings, not masked), so
** that only the travellers they may match are screened again, and only
** against those entities: each as a new screening in a run of its own
** (source "rescreen LIST OLD -> NEW", linked to the first), its hits on
** the changed entities stored with their evidence. A new alert opens a
** case with the origin "rescreen", unless the traveller's open case already
** holds that entity; suppressions apply (a changed entity lapses them).
** Pending matches on removed entities are withdrawn, and a case left with
** nothing pending closes. Every change is in the audit. Deterministic. */
zeef_status zeef_store_rescreen(zeef_store *st, const zeef_actor *who, const zeef_ctx *ctx, const zeef_list *old,
                                const zeef_list *new_, double threshold, zeef_rescreen_counts *out);

/* The suppressions in state (NULL: all), newest first, as one JSON
** object: {"suppressions": [{"id", "state", "list", "entity_id", "match",
** "case_id", "reason" (the dismissal's code), "proposed_by", "decided_by",
** "created_at", "expires_at", "ended_at", "end_reason"}]} given to fn; no
** identity and no note. The read is an
** audit entry. */
zeef_status zeef_store_suppressions(zeef_store *st, const zeef_actor *who, const char *state,
                                    void (*fn)(void *ud, const char *json, size_t len), void *ud);

/* Re-identification of a masked traveller: an authority (a court, an
** independent national authority) has approved the disclosure, and a
** supervisor records it: who approved, its reference and the SHA-256 of
** its document. zeef then says, for each value the authority gave (as the
** record had it: the name as written, the birth date as YYYY-MM-DD, the
** document number), whether the masked value is its keyed hash: a known
** identity is confirmed, nothing is disclosed. The request and its
** answer are an audit entry (no value in it). */
typedef struct zeef_reidentify {
  const char *authority, *reference, *approval_sha256; /* all required */
  const char *name, *birth_date, *document_number;     /* NULL: not asked */
} zeef_reidentify;

/* Each asked value: 1 it is the traveller's, 0 it is not, -1 not asked or
** nothing stored to compare. */
typedef struct zeef_reidentified {
  int name, birth_date, document_number;
} zeef_reidentified;

/* Errors as zeef_store_review: ZEEF_E_FORBIDDEN without the supervisor
** role, ZEEF_E_INVALID without an authority, reference, approval digest or
** purpose, or a store without a secret; ZEEF_E_CONFLICT when the
** traveller is not masked (read the case instead); detail says why. */
zeef_status zeef_store_reidentify(zeef_store *st, const zeef_actor *who, int64_t case_id, const zeef_reidentify *r,
                                  zeef_reidentified *out, char *detail, size_t cap);

/* --------------------------------------------------------------- Retention */

#define ZEEF_RETENTION_DAYS 183 /* then a traveller's personal data is masked */
#define ZEEF_PURGE_DAYS 1826    /* then what no case needs is deleted */

typedef struct zeef_retention_counts {
  int64_t masked;  /* travellers depersonalised now */
  int64_t purged;  /* travellers deleted now, with their hits */
  int64_t batches; /* batches of screenings touched (one audit entry each) */
} zeef_retention_counts;

/* Applies retention as of the store's clock, one batch of screenings at a
** time (a batch whose newest screening is old enough):
**   after retention_days  every traveller's name, birth date and document
**                         number become keyed hashes ("masked:" and 32 hex
**                         digits under the secret; "masked" without one),
**                         the source it was read from is dropped; the
**                         travellers no case holds (screened clear, or
**                         suppressed) are deleted with their hits;
**   after purge_days      the travellers cases still hold keep nothing of
**                         their person (every personal field emptied, the
**                         hits' evidence and the decisions' notes too): the
**                         case keeps its ids, states, codes and times, what
**                         its audit needs.
** Each batch touched is an audit entry (actor system:retention) with the
** batch's new root, so that its rows verify. Idempotent. 0 days: the
** defaults. */
zeef_status zeef_store_retain(zeef_store *st, int retention_days, int purge_days, zeef_retention_counts *out);

/* A zeef_actor's audit entry for a read that is not a case's (the audit
** itself, the store's status): what, of which object. */
zeef_status zeef_store_note_read(zeef_store *st, const zeef_actor *who, const char *action,
                                 const char *object_type, const char *object_id);

/* The SHA-256 of what the scorer reads of an entity (kind, names, birth
** dates and places, nationalities, gender, documents), as 64 hex digits:
** equal for two versions of an entity that would score alike, whatever the
** order of their values; remarks, programmes and dates of listing are left
** out, so that an edit of those does not count as a change. */
void zeef_entity_digest(const zeef_entity *e, char hex[65]);

#ifdef __cplusplus
}
#endif
#endif /* ZEEF_H */
