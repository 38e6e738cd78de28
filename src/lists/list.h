/*
** list.h: what the list readers share: the arena that owns a list's strings,
** the bounded entity builder every reader fills, and diagnostics.
**
** A reader calls lst_begin() at the start of a record, the lst_*() setters
** for what it finds, and lst_end() when the record is complete. Setters copy
** what they keep into the list's arena; a field that does not parse is
** dropped with a warning naming the file, line and record, never silently.
*/
#ifndef ZEEF_LIST_H
#define ZEEF_LIST_H

#include "../internal.h"

/* Per-entity bounds: the largest real entities (OFAC's most aliased) stay
** far below them; beyond, further values are dropped with a warning. */
#define LST_MAX_NAMES 256
#define LST_MAX_DATES 32
#define LST_MAX_PLACES 16
#define LST_MAX_NATS 16
#define LST_MAX_DOCS 64
#define LST_MAX_ADDRESSES 64
#define LST_MAX_NOTES 8
#define LST_MAX_REFS 8
#define LST_FIELD_MAX 4096 /* longest field kept; longer ones are cut */

/* A bump allocator in chunks; everything a list owns lives in it. */
typedef struct arena_chunk {
  struct arena_chunk *next;
  size_t used, cap;
  max_align_t data[]; /* cap bytes */
} arena_chunk;

typedef struct arena {
  const mem *m;
  arena_chunk *head;
  size_t bytes; /* total allocated, for accounting */
} arena;

void *arena_alloc(arena *a, size_t n);
/* Copies s[0..n) with a NUL; NULL on allocation failure. */
char *arena_strdup(arena *a, const char *s, size_t n);
void arena_free(arena *a);

typedef struct ent_build {
  const char *id;
  zeef_entity_kind kind;
  const char *names[LST_MAX_NAMES];
  uint8_t quality[LST_MAX_NAMES];
  size_t nnames;
  zeef_date dates[LST_MAX_DATES];
  size_t ndates;
  const char *places[LST_MAX_PLACES];
  size_t nplaces;
  char nats[LST_MAX_NATS][4];
  size_t nnats;
  char gender;
  zeef_document docs[LST_MAX_DOCS];
  size_t ndocs;
  const char *remarks;
  const char *addresses[LST_MAX_ADDRESSES];
  size_t naddresses;
  const char *refs[LST_MAX_REFS];
  size_t nrefs;
  char programs[256];
  char listed_on[11], updated_on[11];
  size_t line;
  int dropped; /* values dropped at a bound, reported once per entity */
} ent_build;

struct zeef_list {
  mem m;
  arena a;
  const char *name, *version, *path;
  const char *published;           /* the list's own date, or "" */
  char digest[65];                 /* SHA-256 of its files, hex */
  const char *files[4];            /* the files read: path, then side files */
  size_t nfiles;
  zeef_list_format format;
  zeef_entity *ents;
  size_t n, cap;
  const char *notes[LST_MAX_NOTES]; /* in the arena */
  size_t nnotes;
};

/* The state of one reading. */
typedef struct lst_reader {
  const zeef_ctx *ctx;
  zeef_list *l;
  const char *file; /* for diagnostics */
  zeef_diag_fn diag;
  void *ud;
  ent_build b;
  int open; /* inside a record */
  zeef_status rc; /* first allocation failure, sticky */
  size_t warnings;
} lst_reader;

void lst_begin(lst_reader *r, size_t line);
void lst_id(lst_reader *r, const char *s, size_t n);
void lst_kind(lst_reader *r, zeef_entity_kind k);
/* Adds a name (trimmed; empty names and exact repeats are ignored). A field
** holding several names, "X (Y; Z)" or "X; Y", adds each. */
void lst_name(lst_reader *r, const char *s, size_t n, zeef_name_quality q);
/* lst_name() with the quality in the name, in the shape of the other
** line-taking setters, for readers that walk values with one callback. */
void lst_alias(lst_reader *r, const char *s, size_t n, size_t line);
void lst_weak_alias(lst_reader *r, const char *s, size_t n, size_t line);
/* Parses and adds a date of birth; warns when it is not a date. */
void lst_date_text(lst_reader *r, const char *s, size_t n, size_t line);
void lst_date(lst_reader *r, const zeef_date *d);
void lst_place(lst_reader *r, const char *s, size_t n);
/* Normalises and adds a nationality; warns when the country is unknown. */
void lst_nationality(lst_reader *r, const char *s, size_t n, size_t line);
void lst_gender(lst_reader *r, const char *s, size_t n);
void lst_document(lst_reader *r, const char *type, size_t tn, const char *number, size_t nn,
                  const char *country, size_t cn, size_t line);
void lst_remarks(lst_reader *r, const char *s, size_t n);
/* Adds an address as listed (trimmed; empty ones ignored). */
void lst_address(lst_reader *r, const char *s, size_t n);
/* Adds another identifier of the entity in its list (trimmed; empty ones
** and repeats ignored). */
void lst_ref(lst_reader *r, const char *s, size_t n);
/* Adds a programme or regime (trimmed; repeats ignored; cut at 255 bytes
** in all). */
void lst_program(lst_reader *r, const char *s, size_t n);
/* A date the list gives for the entity, YYYY-MM-DD (longer values are cut
** to their date): when it was listed (the earliest given wins) and last
** changed (the latest wins). A value that is not such a date is warned
** about and left out. */
void lst_listed(lst_reader *r, const char *s, size_t n, size_t line);
void lst_updated(lst_reader *r, const char *s, size_t n, size_t line);
/* Completes the record; a record without a name is reported and left out. */
void lst_end(lst_reader *r);

/* Reports a problem at line (0: unknown) of the file. */
void lst_warn(lst_reader *r, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void lst_fatal(lst_reader *r, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Records a further file the list is read from (OFAC's alt.csv): its bytes
** count in the list's digest. */
void lst_file(lst_reader *r, const char *path);
/* A note on the list as a whole (zeef_list_note()), reported as a warning
** too. */
void lst_note(lst_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A list made in memory, not read from a file: fill adds its records
** through r (lst_begin .. lst_end), returning ZEEF_OK or an error. Its
** version is its name; it has no digest or files. For indexes of other
** things than lists (the case store's travellers). OUT *out: freed with
** zeef_list_free(). */
zeef_status lst_build(const zeef_ctx *ctx, const char *name, zeef_status (*fill)(lst_reader *r, void *ud), void *ud,
                      zeef_list **out);

/* The readers. Each returns ZEEF_OK, ZEEF_E_IO or ZEEF_E_FORMAT (after a
** fatal diagnostic) or ZEEF_E_NOMEM. */
zeef_status read_un_xml(lst_reader *r, const char *path);
zeef_status read_ofac_csv(lst_reader *r, const char *path);
zeef_status read_ftm_json(lst_reader *r, const char *path);
zeef_status read_zeef_csv(lst_reader *r, const char *path);
zeef_status read_eu_xml(lst_reader *r, const char *path);

#endif
