/*
** list.c: the list container, the record builder the readers share, format
** detection, and zeef_list_load().
**
** Invariant: a zeef_list owns every byte its entities point to, in one arena;
** freeing the arena frees the list. A list is either read whole or refused:
** screening against part of a list without saying so would be worse than
** not screening.
*/
#include "list.h"
#include "../text/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <openssl/evp.h>
#include <sys/stat.h>

#define ARENA_CHUNK 65536
#define SNIFF_BYTES 4096

/* ------------------------------------------------------------------ Arena */

void *arena_alloc(arena *a, size_t n) {
  arena_chunk *c = a->head;
  if (n > SIZE_MAX / 2) return NULL; /* rounding up must not wrap */
  n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
  if (!c || c->cap - c->used < n) {
    size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
    c = mem_alloc(a->m, sizeof *c + cap);
    if (!c) return NULL;
    c->next = a->head;
    c->used = 0;
    c->cap = cap;
    a->head = c;
    a->bytes += sizeof *c + cap;
  }
  void *p = (char *)c->data + c->used;
  c->used += n;
  return p;
}

char *arena_strdup(arena *a, const char *s, size_t n) {
  char *p = arena_alloc(a, n + 1);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

void arena_free(arena *a) {
  arena_chunk *c = a->head;
  while (c) {
    arena_chunk *next = c->next;
    mem_free(a->m, c);
    c = next;
  }
  a->head = NULL;
}

/* ------------------------------------------------------------ Diagnostics */

__attribute__((format(printf, 4, 0)))
static void vreport(lst_reader *r, size_t line, int fatal, const char *fmt, va_list ap) {
  char msg[512];
  zeef_diag d;
  vsnprintf(msg, sizeof msg, fmt, ap);
  if (!fatal) r->warnings++;
  if (!r->diag) return;
  d.file = r->file;
  d.line = line;
  d.record = r->open && r->b.id ? r->b.id : NULL;
  d.message = msg;
  d.fatal = fatal;
  r->diag(r->ud, &d);
}

void lst_warn(lst_reader *r, size_t line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vreport(r, line, 0, fmt, ap);
  va_end(ap);
}

void lst_fatal(lst_reader *r, size_t line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vreport(r, line, 1, fmt, ap);
  va_end(ap);
}

void lst_file(lst_reader *r, const char *path) {
  const char *k;
  if (r->l->nfiles == sizeof r->l->files / sizeof r->l->files[0]) return;
  if (!(k = arena_strdup(&r->l->a, path, strlen(path)))) {
    if (!r->rc) r->rc = ZEEF_E_NOMEM;
    return;
  }
  r->l->files[r->l->nfiles++] = k;
}

/* The SHA-256 of the nfiles files one after another, in lowercase hex (65
** bytes with the NUL). ZEEF_E_IO when a file cannot be read. */
static zeef_status sha256_files(const char *const *files, size_t nfiles, char out[65]) {
  static const char hex[] = "0123456789abcdef";
  unsigned char md[EVP_MAX_MD_SIZE], buf[65536];
  unsigned int mdn = 0;
  EVP_MD_CTX *c = EVP_MD_CTX_new();
  zeef_status rc = c && EVP_DigestInit_ex(c, EVP_sha256(), NULL) ? ZEEF_OK : ZEEF_E_NOMEM;
  for (size_t i = 0; i < nfiles && !rc; i++) {
    FILE *f = fopen(files[i], "rb");
    size_t n;
    if (!f) {
      rc = ZEEF_E_IO;
      break;
    }
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
      if (!EVP_DigestUpdate(c, buf, n)) rc = ZEEF_E_NOMEM;
    if (ferror(f)) rc = ZEEF_E_IO;
    fclose(f);
  }
  if (!rc && (!EVP_DigestFinal_ex(c, md, &mdn) || mdn != 32)) rc = ZEEF_E_NOMEM;
  EVP_MD_CTX_free(c);
  if (rc) return rc;
  for (unsigned i = 0; i < 32; i++) out[2 * i] = hex[md[i] >> 4], out[2 * i + 1] = hex[md[i] & 15];
  out[64] = 0;
  return ZEEF_OK;
}

/* The list's files, in the order read, into l->digest. */
static zeef_status digest(zeef_list *l) {
  return sha256_files((const char *const *)l->files, l->nfiles, l->digest);
}

zeef_status zeef_file_digest(const char *path, char hex[65]) {
  if (!path || !hex) return ZEEF_E_INVALID;
  return sha256_files(&path, 1, hex);
}

void lst_note(lst_reader *r, const char *fmt, ...) {
  char msg[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  lst_warn(r, 0, "%s", msg);
  if (r->l->nnotes < LST_MAX_NOTES) {
    const char *k = arena_strdup(&r->l->a, msg, strlen(msg));
    if (!k && !r->rc) r->rc = ZEEF_E_NOMEM;
    if (k) r->l->notes[r->l->nnotes++] = k;
  }
}

/* ---------------------------------------------------------------- Builder */

static const char *keep(lst_reader *r, const char *s, size_t n) {
  char *p;
  if (n > LST_FIELD_MAX) n = LST_FIELD_MAX;
  p = arena_strdup(&r->l->a, s, n);
  if (!p && !r->rc) r->rc = ZEEF_E_NOMEM;
  return p;
}

static int full(lst_reader *r, size_t have, size_t max, const char *what) {
  if (have < max) return 0;
  if (!(r->b.dropped & 1)) lst_warn(r, r->b.line, "more than %zu %s; the rest are left out", max, what);
  r->b.dropped |= 1;
  return 1;
}

void lst_begin(lst_reader *r, size_t line) {
  memset(&r->b, 0, sizeof r->b);
  r->b.line = line;
  r->b.remarks = "";
  r->open = 1;
}

void lst_id(lst_reader *r, const char *s, size_t n) {
  s = text_trim(s, &n);
  if (n) r->b.id = keep(r, s, n);
}

void lst_kind(lst_reader *r, zeef_entity_kind k) { r->b.kind = k; }

/* Lists put several names in one field: "X (Y; Z)", "X; Y". Each part is
** a name of its own. */
static void one_name(lst_reader *r, const char *s, size_t n, zeef_name_quality q);

void lst_name(lst_reader *r, const char *s, size_t n, zeef_name_quality q) {
  size_t start = 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] == ';' || s[i] == '(' || s[i] == ')') {
      one_name(r, s + start, i - start, q);
      start = i + 1;
    }
  one_name(r, s + start, n - start, q);
}

void lst_alias(lst_reader *r, const char *s, size_t n, size_t line) {
  (void)line;
  lst_name(r, s, n, ZEEF_NAMEQ_ALIAS);
}

void lst_weak_alias(lst_reader *r, const char *s, size_t n, size_t line) {
  (void)line;
  lst_name(r, s, n, ZEEF_NAMEQ_WEAK);
}

static void one_name(lst_reader *r, const char *s, size_t n, zeef_name_quality q) {
  const char *p;
  s = text_trim(s, &n);
  while (n && (s[n - 1] == ',' || s[n - 1] == '.')) n--;
  if (!n) return;
  for (size_t i = 0; i < r->b.nnames; i++)
    if (strlen(r->b.names[i]) == n && memcmp(r->b.names[i], s, n) == 0) return;
  if (full(r, r->b.nnames, LST_MAX_NAMES, "names")) return;
  if ((p = keep(r, s, n)) == NULL) return;
  r->b.quality[r->b.nnames] = (uint8_t)q;
  r->b.names[r->b.nnames++] = p;
}

void lst_date(lst_reader *r, const zeef_date *d) {
  for (size_t i = 0; i < r->b.ndates; i++)
    if (memcmp(&r->b.dates[i], d, sizeof *d) == 0) return;
  if (full(r, r->b.ndates, LST_MAX_DATES, "dates of birth")) return;
  r->b.dates[r->b.ndates++] = *d;
}

/* Values lists write for "no value": not an error, just nothing. */
static int unknown_marker(const char *s, size_t n) {
  static const char *const marks[] = {"unknown", "not available", "n/a", "na", "none", "-", "?", NULL};
  for (size_t i = 0; marks[i]; i++)
    if (strlen(marks[i]) == n && strncasecmp(s, marks[i], n) == 0) return 1;
  return 0;
}

void lst_date_text(lst_reader *r, const char *s, size_t n, size_t line) {
  zeef_date d;
  s = text_trim(s, &n);
  if (!n || unknown_marker(s, n)) return;
  if (zeef_date_parse(s, n, &d) != ZEEF_OK) {
    /* "01 Jan 1961 to 31 Dec 1962": a range of full dates is a range of
    ** their years */
    const char *to = NULL;
    zeef_date a, b;
    for (size_t i = 0; i + 4 <= n; i++)
      if (memcmp(s + i, " to ", 4) == 0) to = s + i;
    if (to && zeef_date_parse(s, (size_t)(to - s), &a) == ZEEF_OK &&
        zeef_date_parse(to + 4, n - (size_t)(to - s) - 4, &b) == ZEEF_OK && a.year <= b.year) {
      char range[32];
      int k = snprintf(range, sizeof range, "%d to %d", a.year, b.year);
      if (zeef_date_parse(range, (size_t)k, &d) == ZEEF_OK) {
        d.approx |= a.approx | b.approx;
        lst_date(r, &d);
        return;
      }
    }
    lst_warn(r, line, "date of birth \"%.*s\" is not a date; left out", (int)(n > 60 ? 60 : n), s);
    return;
  }
  lst_date(r, &d);
}

void lst_place(lst_reader *r, const char *s, size_t n) {
  const char *p;
  s = text_trim(s, &n);
  if (!n) return;
  for (size_t i = 0; i < r->b.nplaces; i++) /* a place given twice is one place */
    if (strlen(r->b.places[i]) == n && memcmp(r->b.places[i], s, n) == 0) return;
  if (full(r, r->b.nplaces, LST_MAX_PLACES, "places of birth")) return;
  if ((p = keep(r, s, n)) != NULL) r->b.places[r->b.nplaces++] = p;
}

void lst_nationality(lst_reader *r, const char *s, size_t n, size_t line) {
  static const char *const hedges[] = {"possibly ", "probably ", "reportedly ", "allegedly ", NULL};
  char code[4];
  s = text_trim(s, &n);
  /* "possibly Palestinian": a hedged nationality is still the lead there is */
  for (size_t i = 0; hedges[i]; i++) {
    size_t k = strlen(hedges[i]);
    if (n > k && strncasecmp(s, hedges[i], k) == 0) {
      s += k;
      n -= k;
    }
  }
  if (!n) return;
  if (zeef_country_code(s, n, code) != ZEEF_OK) {
    lst_warn(r, line, "nationality \"%.*s\" is not a known country; left out",
             (int)(n > 60 ? 60 : n), s);
    return;
  }
  for (size_t i = 0; i < r->b.nnats; i++)
    if (memcmp(r->b.nats[i], code, 4) == 0) return;
  if (full(r, r->b.nnats, LST_MAX_NATS, "nationalities")) return;
  memcpy(r->b.nats[r->b.nnats++], code, 4);
}

void lst_gender(lst_reader *r, const char *s, size_t n) {
  char g;
  s = text_trim(s, &n);
  if (!n) return;
  if (zeef_gender_parse(s, n, &g) != ZEEF_OK)
    lst_warn(r, r->b.line, "gender \"%.*s\" is not male, female or other; left out",
             (int)(n > 40 ? 40 : n), s);
  else if (g == 'M' || g == 'F')
    r->b.gender = g;
}

void lst_document(lst_reader *r, const char *type, size_t tn, const char *number, size_t nn,
                  const char *country, size_t cn, size_t line) {
  zeef_document *d;
  number = text_trim(number, &nn);
  if (!type) {
    type = "";
    tn = 0;
  }
  type = text_trim(type, &tn);
  if (!nn || full(r, r->b.ndocs, LST_MAX_DOCS, "documents")) return;
  d = &r->b.docs[r->b.ndocs];
  d->number = keep(r, number, nn);
  d->type = keep(r, type, tn);
  d->country[0] = 0;
  if (country) {
    country = text_trim(country, &cn);
    if (cn && zeef_country_code(country, cn, d->country) != ZEEF_OK) {
      lst_warn(r, line, "document country \"%.*s\" is not a known country; number kept without it",
               (int)(cn > 60 ? 60 : cn), country);
      d->country[0] = 0;
    }
  }
  if (d->number && d->type) r->b.ndocs++;
}

void lst_remarks(lst_reader *r, const char *s, size_t n) {
  s = text_trim(s, &n);
  if (n) r->b.remarks = keep(r, s, n);
  if (!r->b.remarks) r->b.remarks = "";
}

void lst_address(lst_reader *r, const char *s, size_t n) {
  const char *k;
  s = text_trim(s, &n);
  if (!n || full(r, r->b.naddresses, LST_MAX_ADDRESSES, "addresses")) return;
  if ((k = keep(r, s, n)) != NULL) r->b.addresses[r->b.naddresses++] = k;
}

void lst_ref(lst_reader *r, const char *s, size_t n) {
  const char *k;
  s = text_trim(s, &n);
  if (!n) return;
  for (size_t i = 0; i < r->b.nrefs; i++)
    if (strlen(r->b.refs[i]) == n && memcmp(r->b.refs[i], s, n) == 0) return;
  if (full(r, r->b.nrefs, LST_MAX_REFS, "identifiers")) return;
  if ((k = keep(r, s, n)) != NULL) r->b.refs[r->b.nrefs++] = k;
}

void lst_program(lst_reader *r, const char *s, size_t n) {
  char *p = r->b.programs;
  size_t have = strlen(p);
  s = text_trim(s, &n);
  if (!n) return;
  for (const char *q = p; *q;) { /* a programme already there */
    const char *e = strstr(q, "; ");
    size_t len = e ? (size_t)(e - q) : strlen(q);
    if (len == n && memcmp(q, s, n) == 0) return;
    if (!e) break;
    q = e + 2;
  }
  if (have + (have ? 2 : 0) + n >= sizeof r->b.programs) return;
  snprintf(p + have, sizeof r->b.programs - have, "%s%.*s", have ? "; " : "", (int)n, s);
}

/* Whether s[0..n) starts with a date YYYY-MM-DD the calendar knows. */
static int iso_day(const char *s, size_t n) {
  zeef_date d;
  return n >= 10 && zeef_date_parse(s, 10, &d) == ZEEF_OK && d.kind == ZEEF_DATE_DAY && s[4] == '-';
}

void lst_listed(lst_reader *r, const char *s, size_t n, size_t line) {
  s = text_trim(s, &n);
  if (!n) return;
  if (!iso_day(s, n)) {
    lst_warn(r, line, "listing date \"%.*s\" is not a date; left out", (int)(n > 40 ? 40 : n), s);
    return;
  }
  if (!r->b.listed_on[0] || memcmp(s, r->b.listed_on, 10) < 0) memcpy(r->b.listed_on, s, 10);
}

void lst_updated(lst_reader *r, const char *s, size_t n, size_t line) {
  s = text_trim(s, &n);
  if (!n) return;
  if (!iso_day(s, n)) {
    lst_warn(r, line, "update date \"%.*s\" is not a date; left out", (int)(n > 40 ? 40 : n), s);
    return;
  }
  if (memcmp(s, r->b.updated_on, 10) > 0 || !r->b.updated_on[0]) memcpy(r->b.updated_on, s, 10);
}

/* Copies n items of size sz into the arena. */
static void *dup_array(lst_reader *r, const void *p, size_t n, size_t sz) {
  void *q;
  if (!n) return NULL;
  q = arena_alloc(&r->l->a, n * sz);
  if (!q) {
    if (!r->rc) r->rc = ZEEF_E_NOMEM;
    return NULL;
  }
  memcpy(q, p, n * sz);
  return q;
}

void lst_end(lst_reader *r) {
  zeef_list *l = r->l;
  ent_build *b = &r->b;
  zeef_entity *e;
  if (!r->open) return;
  if (!b->nnames) {
    lst_warn(r, b->line, "record%s%s has no name; left out", b->id ? " " : "", b->id ? b->id : "");
    r->open = 0;
    return;
  }
  if (!b->id) {
    char tmp[32];
    int k = snprintf(tmp, sizeof tmp, "line-%zu", b->line);
    b->id = keep(r, tmp, (size_t)k);
    if (!b->id) return;
  }
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 1024;
    zeef_entity *ne = mem_realloc(&l->m, l->ents, cap, sizeof *ne);
    if (!ne) {
      if (!r->rc) r->rc = ZEEF_E_NOMEM;
      return;
    }
    l->ents = ne;
    l->cap = cap;
  }
  e = &l->ents[l->n];
  memset(e, 0, sizeof *e);
  e->id = b->id;
  e->kind = b->kind;
  e->nnames = b->nnames;
  e->names = dup_array(r, b->names, b->nnames, sizeof *b->names);
  e->name_quality = dup_array(r, b->quality, b->nnames, 1);
  e->ndates = b->ndates;
  e->dates = dup_array(r, b->dates, b->ndates, sizeof *b->dates);
  e->nplaces = b->nplaces;
  e->places = dup_array(r, b->places, b->nplaces, sizeof *b->places);
  e->nnationalities = b->nnats;
  e->nationalities = dup_array(r, b->nats, b->nnats, 4);
  e->gender = b->gender;
  e->ndocs = b->ndocs;
  e->docs = dup_array(r, b->docs, b->ndocs, sizeof *b->docs);
  e->remarks = b->remarks;
  e->naddresses = b->naddresses;
  e->addresses = dup_array(r, b->addresses, b->naddresses, sizeof *b->addresses);
  e->nrefs = b->nrefs;
  e->refs = dup_array(r, b->refs, b->nrefs, sizeof *b->refs);
  e->programs = b->programs[0] ? keep(r, b->programs, strlen(b->programs)) : "";
  if (!e->programs) e->programs = "";
  memcpy(e->listed_on, b->listed_on, sizeof e->listed_on);
  memcpy(e->updated_on, b->updated_on, sizeof e->updated_on);
  if (!e->updated_on[0]) memcpy(e->updated_on, e->listed_on, sizeof e->updated_on);
  e->line = b->line;
  if (r->rc) return;
  l->n++;
  r->open = 0;
}

/* -------------------------------------------------------------- Detection */

static zeef_list_format sniff(const char *path, zeef_status *rc) {
  char buf[SNIFF_BYTES + 1];
  size_t n, i = 0;
  FILE *f = fopen(path, "rb");
  *rc = ZEEF_OK;
  if (!f) {
    *rc = ZEEF_E_IO;
    return ZEEF_LIST_AUTO;
  }
  n = fread(buf, 1, SNIFF_BYTES, f);
  fclose(f);
  buf[n] = 0;
  i = text_bom(buf, n);
  while (i < n && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n')) i++;
  /* XML: the EU's export, or the UN's list */
  if (i < n && buf[i] == '<') return strstr(buf + i, "<export") ? ZEEF_LIST_EU_XML : ZEEF_LIST_UN_XML;
  if (i < n && buf[i] == '{') return ZEEF_LIST_FTM_JSON;
  /* OFAC rows start with a number: 36,"AEROCARIBBEAN AIRLINES",-0- ... */
  if (i < n && buf[i] >= '0' && buf[i] <= '9') {
    size_t j = i;
    while (j < n && buf[j] >= '0' && buf[j] <= '9') j++;
    if (j < n && buf[j] == ',' && j + 1 < n && buf[j + 1] == '"') return ZEEF_LIST_OFAC_CSV;
  }
  /* zeef's CSV has a header naming a name column. */
  {
    size_t e = i;
    while (e < n && buf[e] != '\n') e++;
    for (size_t k = i; k + 4 <= e; k++)
      if ((buf[k] | 0x20) == 'n' && (buf[k + 1] | 0x20) == 'a' && (buf[k + 2] | 0x20) == 'm' &&
          (buf[k + 3] | 0x20) == 'e')
        return ZEEF_LIST_CSV;
  }
  return ZEEF_LIST_AUTO;
}

/* ----------------------------------------------------------------- Public */

const char *zeef_list_format_name(zeef_list_format f) {
  switch (f) {
  case ZEEF_LIST_UN_XML: return "un-xml";
  case ZEEF_LIST_OFAC_CSV: return "ofac-csv";
  case ZEEF_LIST_FTM_JSON: return "ftm-json";
  case ZEEF_LIST_CSV: return "csv";
  case ZEEF_LIST_EU_XML: return "eu-xml";
  default: return "auto";
  }
}

const char *zeef_name_quality_text(zeef_name_quality q) {
  switch (q) {
  case ZEEF_NAMEQ_PRIMARY: return "primary name";
  case ZEEF_NAMEQ_ALIAS: return "alias";
  case ZEEF_NAMEQ_WEAK: return "low-quality alias";
  case ZEEF_NAMEQ_ORIGINAL: return "name in original script";
  default: return "name";
  }
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

/* A folder given as a list: OFAC's files are read from it, sdn.csv (or the
** consolidated list's cons_prim.csv). Writes the file's path to buf and
** returns it, or returns path unchanged when it is no folder. */
static const char *list_file(const char *path, char *buf, size_t cap) {
  static const char *const files[] = {"sdn.csv", "cons_prim.csv"};
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) return path;
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    int k = snprintf(buf, cap, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", files[i]);
    if (k > 0 && (size_t)k < cap && stat(buf, &st) == 0 && S_ISREG(st.st_mode)) return buf;
  }
  return path;
}

zeef_status zeef_list_load(const zeef_ctx *ctx, const char *name, const char *path,
                           zeef_list_format format, zeef_diag_fn diag, void *ud,
                           zeef_list **out) {
  zeef_status rc;
  lst_reader r;
  zeef_list *l;
  char file[4096];
  if (!out) return ZEEF_E_INVALID;
  *out = NULL;
  if (!ctx || !path || !*path) return ZEEF_E_INVALID;
  path = list_file(path, file, sizeof file);
  memset(&r, 0, sizeof r);
  r.ctx = ctx;
  r.file = path;
  r.diag = diag;
  r.ud = ud;
  if (format == ZEEF_LIST_AUTO) {
    format = sniff(path, &rc);
    if (rc) {
      lst_fatal(&r, 0, "cannot open the list file");
      return rc;
    }
    if (format == ZEEF_LIST_AUTO) {
      lst_fatal(&r, 1, "not a list format zeef reads (UN XML, OFAC CSV, FollowTheMoney JSON lines, zeef CSV)");
      return ZEEF_E_FORMAT;
    }
  }
  l = mem_calloc(&ctx->m, 1, sizeof *l);
  if (!l) return ZEEF_E_NOMEM;
  l->m = ctx->m;
  l->a.m = &l->m;
  l->format = format;
  r.l = l;
  l->name = arena_strdup(&l->a, name ? name : base_name(path), strlen(name ? name : base_name(path)));
  l->path = arena_strdup(&l->a, path, strlen(path));
  if (!l->name || !l->path) {
    rc = ZEEF_E_NOMEM;
    goto fail;
  }
  lst_file(&r, path);
  switch (format) {
  case ZEEF_LIST_UN_XML: rc = read_un_xml(&r, path); break;
  case ZEEF_LIST_EU_XML: rc = read_eu_xml(&r, path); break;
  case ZEEF_LIST_OFAC_CSV: rc = read_ofac_csv(&r, path); break;
  case ZEEF_LIST_FTM_JSON: rc = read_ftm_json(&r, path); break;
  case ZEEF_LIST_CSV: rc = read_zeef_csv(&r, path); break;
  default: rc = ZEEF_E_INVALID; break;
  }
  if (!rc) rc = r.rc;
  if (rc) goto fail;
  if (l->n == 0) {
    lst_fatal(&r, 0, "no entities found");
    rc = ZEEF_E_FORMAT;
    goto fail;
  }
  l->published = l->version ? l->version : "";
  if ((rc = digest(l)) != ZEEF_OK) {
    lst_fatal(&r, 0, "the list's files cannot be read again for their digest");
    goto fail;
  }
  if (!l->version) {
    /* no date of its own: its content names it. A file's time would change
    ** with a copy and call an old list today's. */
    char v[8 + 16 + 1];
    snprintf(v, sizeof v, "sha256:%.16s", l->digest);
    l->version = arena_strdup(&l->a, v, strlen(v));
    if (!l->version) {
      rc = ZEEF_E_NOMEM;
      goto fail;
    }
  }
  *out = l;
  return ZEEF_OK;
fail:
  zeef_list_free(l);
  return rc;
}

zeef_status lst_build(const zeef_ctx *ctx, const char *name, zeef_status (*fill)(lst_reader *r, void *ud), void *ud,
                      zeef_list **out) {
  zeef_status rc;
  lst_reader r;
  zeef_list *l;
  if (!out) return ZEEF_E_INVALID;
  *out = NULL;
  if (!ctx || !name || !fill) return ZEEF_E_INVALID;
  memset(&r, 0, sizeof r);
  r.ctx = ctx;
  r.file = name;
  if (!(l = mem_calloc(&ctx->m, 1, sizeof *l))) return ZEEF_E_NOMEM;
  l->m = ctx->m;
  l->a.m = &l->m;
  l->format = ZEEF_LIST_CSV;
  r.l = l;
  l->name = arena_strdup(&l->a, name, strlen(name));
  l->path = l->name;
  l->version = l->name;
  l->published = "";
  if (!l->name) rc = ZEEF_E_NOMEM;
  else if (!(rc = fill(&r, ud))) rc = r.rc;
  if (rc) {
    zeef_list_free(l);
    return rc;
  }
  *out = l;
  return ZEEF_OK;
}

void zeef_list_free(zeef_list *l) {
  mem m;
  if (!l) return;
  m = l->m;
  arena_free(&l->a);
  mem_free(&m, l->ents);
  mem_free(&m, l);
}

const char *zeef_list_name(const zeef_list *l) { return l ? l->name : NULL; }
size_t zeef_list_note_count(const zeef_list *l) { return l ? l->nnotes : 0; }
const char *zeef_list_published(const zeef_list *l) { return l ? l->published : NULL; }
const char *zeef_list_digest(const zeef_list *l) { return l ? l->digest : NULL; }
const char *zeef_list_note(const zeef_list *l, size_t i) {
  return l && i < l->nnotes ? l->notes[i] : NULL;
}
const char *zeef_list_version(const zeef_list *l) { return l ? l->version : NULL; }
zeef_list_format zeef_list_get_format(const zeef_list *l) { return l ? l->format : ZEEF_LIST_AUTO; }
size_t zeef_list_count(const zeef_list *l) { return l ? l->n : 0; }

const zeef_entity *zeef_list_entity(const zeef_list *l, size_t i) {
  return l && i < l->n ? &l->ents[i] : NULL;
}
