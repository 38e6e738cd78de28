/*
** records.c: traveller records from CSV (header row, columns by name) or
** JSON lines, the input of `zeef screen`. Every input record gives exactly
** one zeef_record, in input order: a value that does not parse is left out
** with a warning naming the field and the value; a record without a usable
** name carries an error. Bounded: values are cut at RECORD_VALUE_MAX bytes.
*/
#include "../internal.h"
#include "../text/csv.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define RECORD_VALUE_MAX 1024
#define JSONL_LINE_MAX (1 << 20)

enum key { K_ID, K_NAME, K_SURNAME, K_GIVEN, K_DOB, K_NAT, K_GENDER, K_DOC, K_DOCCTRY, K_COUNT };
static const char *const key_names[K_COUNT] = {"id", "name", "surname", "given_names",
                                               "birth_date", "nationality", "gender",
                                               "document_number", "document_country"};

/* The raw values of one record, bounded copies. */
typedef struct raw {
  char v[K_COUNT][RECORD_VALUE_MAX + 1];
  int has[K_COUNT];
} raw;

static void warn(zeef_record *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(zeef_record *r, const char *fmt, ...) {
  va_list ap;
  if (r->nwarnings >= ZEEF_RECORD_MAX_WARNINGS) return;
  va_start(ap, fmt);
  vsnprintf(r->warnings[r->nwarnings++], ZEEF_RECORD_TEXT, fmt, ap);
  va_end(ap);
}

static void set(raw *w, int k, const char *s, size_t n) {
  while (n && (*s == ' ' || *s == '\t')) s++, n--;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
  if (n > RECORD_VALUE_MAX) n = RECORD_VALUE_MAX;
  memcpy(w->v[k], s, n);
  w->v[k][n] = 0;
  w->has[k] = n > 0;
}

/* Turns raw values into a record and hands it to fn. */
static int emit(raw *w, size_t line, const char *error, zeef_record_fn fn, void *ud) {
  zeef_record r;
  char name[2 * RECORD_VALUE_MAX + 4];
  memset(&r, 0, sizeof r);
  r.line = line;
  r.id = w->has[K_ID] ? w->v[K_ID] : "";
  r.name = "";
  r.form = ZEEF_FORM_FREE;
  r.error = error;
  if (!error) {
    if (w->has[K_NAME]) {
      r.name = w->v[K_NAME];
    } else if (w->has[K_SURNAME] || w->has[K_GIVEN]) {
      /* "SURNAME, Given" keeps the roles */
      snprintf(name, sizeof name, "%s%s%s", w->v[K_SURNAME], w->has[K_SURNAME] && w->has[K_GIVEN] ? ", " : "",
               w->v[K_GIVEN]);
      r.name = name;
    } else {
      r.error = "no name: the record needs name, or surname and given_names";
    }
    if (w->has[K_DOB] && zeef_date_parse(w->v[K_DOB], strlen(w->v[K_DOB]), &r.birth) != ZEEF_OK) {
      warn(&r, "birth_date \"%.60s\" is not a date; screened without it", w->v[K_DOB]);
      memset(&r.birth, 0, sizeof r.birth);
    }
    if (w->has[K_NAT] && zeef_country_code(w->v[K_NAT], strlen(w->v[K_NAT]), r.nationality) != ZEEF_OK) {
      warn(&r, "nationality \"%.60s\" is not a known country; screened without it", w->v[K_NAT]);
      r.nationality[0] = 0;
    }
    if (w->has[K_GENDER]) {
      char g = w->v[K_GENDER][0];
      if (g >= 'a' && g <= 'z') g = (char)(g - 32);
      if ((g == 'M' || g == 'F' || g == 'X') && (w->v[K_GENDER][1] == 0 ||
                                                strcmp(w->v[K_GENDER] + 1, "ale") == 0 ||
                                                strcmp(w->v[K_GENDER] + 1, "emale") == 0))
        r.gender = g;
      else
        warn(&r, "gender \"%.20s\" is not M, F or X; screened without it", w->v[K_GENDER]);
    }
    if (w->has[K_DOC]) r.doc_number = w->v[K_DOC];
    if (w->has[K_DOCCTRY] &&
        zeef_country_code(w->v[K_DOCCTRY], strlen(w->v[K_DOCCTRY]), r.doc_country) != ZEEF_OK) {
      warn(&r, "document_country \"%.60s\" is not a known country; screened without it",
           w->v[K_DOCCTRY]);
      r.doc_country[0] = 0;
    }
  }
  return fn(ud, &r);
}

/* ------------------------------------------------------------------- CSV */

typedef struct csvin {
  zeef_record_fn fn;
  void *ud;
  int col[K_COUNT];
  size_t ncols;
  int header;
  int no_name;
  raw w;
} csvin;

static int header_is(const char *h, size_t n, const char *want) {
  size_t m = strlen(want);
  while (n && (*h == ' ' || *h == '\t')) h++, n--;
  while (n && (h[n - 1] == ' ' || h[n - 1] == '\t' || h[n - 1] == '\r')) n--;
  if (n != m) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = h[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
    if (c == ' ' || c == '-') c = '_';
    if (c != want[i]) return 0;
  }
  return 1;
}

static int on_csv(void *ud, const csvr_row *row) {
  csvin *c = ud;
  if (!c->header) {
    for (int k = 0; k < K_COUNT; k++) c->col[k] = -1;
    for (size_t i = 0; i < row->nfields && i < CSVR_MAX_FIELDS; i++)
      for (int k = 0; k < K_COUNT; k++)
        if (c->col[k] < 0 && header_is(row->field[i], row->len[i], key_names[k])) c->col[k] = (int)i;
    c->header = 1;
    c->ncols = row->nfields;
    if (c->col[K_NAME] < 0 && c->col[K_SURNAME] < 0 && c->col[K_GIVEN] < 0) {
      c->no_name = 1;
      return 1;
    }
    return 0;
  }
  if (row->nfields == 1 && row->len[0] == 0) return 0; /* blank line: no record */
  memset(c->w.has, 0, sizeof c->w.has);
  for (int k = 0; k < K_COUNT; k++) {
    c->w.v[k][0] = 0;
    if (c->col[k] >= 0 && (size_t)c->col[k] < row->nfields)
      set(&c->w, k, row->field[c->col[k]], row->len[c->col[k]]);
  }
  if (row->nfields != c->ncols) {
    char why[96];
    snprintf(why, sizeof why, "row has %zu fields, the header %zu", row->nfields, c->ncols);
    /* screen it all the same when the name is there */
    if (!(c->w.has[K_NAME] || c->w.has[K_SURNAME] || c->w.has[K_GIVEN]))
      return emit(&c->w, row->line, why, c->fn, c->ud);
  }
  return emit(&c->w, row->line, NULL, c->fn, c->ud);
}

/* ----------------------------------------------------------------- JSONL */

static void json_value(raw *w, int k, json_t *v) {
  char num[32];
  if (json_is_string(v)) set(w, k, json_string_value(v), json_string_length(v));
  else if (json_is_integer(v)) {
    int n = snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
    set(w, k, num, (size_t)n);
  }
}

static zeef_status read_jsonl(FILE *f, zeef_record_fn fn, void *ud) {
  char *buf = NULL;
  size_t cap = 0, line = 0;
  ssize_t n;
  raw *w = malloc(sizeof *w);
  int stop = 0;
  if (!w) return ZEEF_E_NOMEM;
  while (!stop && (n = getline(&buf, &cap, f)) > 0) {
    size_t len = (size_t)n;
    json_error_t err;
    json_t *o;
    char why[200];
    line++;
    while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r' || buf[len - 1] == ' ')) len--;
    if (!len) continue;
    memset(w->has, 0, sizeof w->has);
    for (int k = 0; k < K_COUNT; k++) w->v[k][0] = 0;
    if (len > JSONL_LINE_MAX) {
      snprintf(why, sizeof why, "line longer than %d bytes", JSONL_LINE_MAX);
      stop = emit(w, line, why, fn, ud);
      continue;
    }
    o = json_loadb(buf, len, 0, &err);
    if (!o || !json_is_object(o)) {
      if (o) snprintf(why, sizeof why, "a JSON value but not an object");
      else snprintf(why, sizeof why, "not a JSON object (column %d: %s)", err.column, err.text);
      json_decref(o);
      stop = emit(w, line, why, fn, ud);
      continue;
    }
    for (int k = 0; k < K_COUNT; k++) json_value(w, k, json_object_get(o, key_names[k]));
    json_decref(o);
    stop = emit(w, line, NULL, fn, ud);
  }
  free(buf);
  free(w);
  return ferror(f) ? ZEEF_E_IO : ZEEF_OK;
}

/* ------------------------------------------------------------------- MRZ */

#define MRZ_LINE_MAX 128  /* a longer line is kept cut, and the MRZ refused */
#define MRZ_BLOCK_LINES 8 /* lines kept per block; more are counted */

typedef struct mrzin {
  zeef_record_fn fn;
  void *ud;
  int this_year;
  char line[MRZ_BLOCK_LINES][MRZ_LINE_MAX + 1];
  size_t len[MRZ_BLOCK_LINES];
  size_t n, first;  /* lines in the block (all, kept or not), line of the first */
} mrzin;

static void check_warning(zeef_record *r, const zeef_mrz_check *c) {
  if (c->ok) return;
  if (c->suggestion[0] && strcmp(c->field, "composite") == 0)
    warn(r, "composite check digit fails (printed %c, computed %c); the corrected reading %s "
            "repairs it too",
         c->found ? c->found : '?', c->computed, c->suggestion);
  else if (c->suggestion[0])
    warn(r, "%s check digit fails (printed %c, computed %c); reading %s, one OCR confusion away, "
            "passes and is screened too",
         c->field, c->found ? c->found : '?', c->computed, c->suggestion);
  else
    warn(r, "%s check digit fails (printed %c, computed %c)", c->field, c->found ? c->found : '?',
         c->computed);
}

/* Parses one document of text[0..len) and hands its record to fn. */
static int emit_mrz(mrzin *in, const char *text, size_t len, size_t line, const char *note) {
  zeef_mrz m;
  zeef_record r;
  char why[300];
  zeef_status rc = zeef_mrz_parse(text, len, in->this_year, &m);
  memset(&r, 0, sizeof r);
  r.line = line;
  r.id = m.doc_number;
  r.name = "";
  r.mrz = &m;
  if (note) warn(&r, "%s", note);
  if (rc) {
    snprintf(why, sizeof why, "not a readable MRZ: %s",
             m.nwarnings ? m.warnings[0] : zeef_strerror(rc));
    r.error = why;
    r.mrz = NULL;
    return in->fn(in->ud, &r);
  }
  r.name = m.name_mrz;
  r.form = m.name_truncated ? ZEEF_FORM_MRZ_TRUNCATED : ZEEF_FORM_MRZ;
  r.name_truncated = m.name_truncated;
  if (!m.surname[0] && !m.given_names[0]) r.error = "the MRZ name field is empty";
  for (size_t i = 0; i < m.nchecks; i++) {
    check_warning(&r, &m.checks[i]);
    if (!m.checks[i].ok && m.checks[i].suggestion[0] && strcmp(m.checks[i].field, "document_number") == 0)
      r.doc_number_alt = m.checks[i].suggestion;
  }
  for (size_t i = 0; i < m.nwarnings; i++) warn(&r, "%s", m.warnings[i]);
  if (m.name_truncated)
    warn(&r, "the name field is full: its last part may be cut short and is matched as the start "
             "of a name");
  r.birth = m.birth;
  r.gender = m.sex;
  if (m.nationality[0] && zeef_country_code(m.nationality, strlen(m.nationality), r.nationality))
    warn(&r, "nationality \"%s\" is not a known country; screened without it", m.nationality);
  if (m.issuer[0] && zeef_country_code(m.issuer, strlen(m.issuer), r.doc_country))
    warn(&r, "issuing state \"%s\" is not a known country", m.issuer);
  if (m.doc_number[0]) r.doc_number = m.doc_number;
  return in->fn(in->ud, &r);
}

/* A block of lines ends: one document, or several run together when the
** lines all have one MRZ length and their count is a multiple of its line
** count. */
static int flush_mrz(mrzin *in) {
  char text[MRZ_BLOCK_LINES * (MRZ_LINE_MAX + 1)];
  size_t n = in->n, kept = n < MRZ_BLOCK_LINES ? n : MRZ_BLOCK_LINES, per = 0, k = 0;
  int stop = 0;
  in->n = 0;
  if (!n) return 0;
  if (n > MRZ_BLOCK_LINES) {
    char why[120];
    zeef_record r;
    memset(&r, 0, sizeof r);
    r.line = in->first;
    r.id = "";
    r.name = "";
    snprintf(why, sizeof why, "a block of %zu lines: an MRZ has 2 or 3 (separate documents by a blank line)", n);
    r.error = why;
    return in->fn(in->ud, &r);
  }
  {
    size_t l0 = in->len[0];
    int same = 1;
    for (size_t i = 1; i < kept; i++) same &= in->len[i] == l0;
    if (same && l0 == 30 && n % 3 == 0 && n > 3) per = 3;
    if (same && (l0 == 36 || l0 == 44) && n % 2 == 0 && n > 2) per = 2;
  }
  if (!per) per = n;
  for (size_t d = 0; d < n && !stop; d += per) {
    k = 0;
    for (size_t i = d; i < d + per; i++) {
      memcpy(text + k, in->line[i], in->len[i]);
      k += in->len[i];
      text[k++] = '\n';
    }
    stop = emit_mrz(in, text, k, in->first + d, per < n ? "documents not separated by a blank line" : NULL);
  }
  return stop;
}

static zeef_status read_mrz(FILE *f, zeef_record_fn fn, void *ud) {
  mrzin *in = calloc(1, sizeof *in);
  char *buf = NULL;
  size_t cap = 0, line = 0;
  ssize_t got;
  int stop = 0;
  if (!in) return ZEEF_E_NOMEM;
  in->fn = fn;
  in->ud = ud;
  while (!stop && (got = getline(&buf, &cap, f)) > 0) {
    const char *p = buf;
    size_t n = (size_t)got;
    line++;
    while (n && (p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
    while (n && (*p == ' ' || *p == '\t')) p++, n--;
    if (!n) {
      stop = flush_mrz(in);
      continue;
    }
    if (in->n == 0) in->first = line;
    if (in->n < MRZ_BLOCK_LINES) {
      if (n > MRZ_LINE_MAX) n = MRZ_LINE_MAX;
      memcpy(in->line[in->n], p, n);
      in->line[in->n][n] = 0;
      in->len[in->n] = n;
    }
    in->n++;
  }
  if (!stop) flush_mrz(in);
  free(buf);
  free(in);
  return ferror(f) ? ZEEF_E_IO : ZEEF_OK;
}

/* ---------------------------------------------------------------- PAXLST */

#define PAXLST_INPUT_MAX ((size_t)1 << 30)

typedef struct paxin {
  zeef_record_fn fn;
  void *ud;
} paxin;

/* The document to screen: a passport first, else the first with a number. */
static const zeef_pax_document *pax_doc(const zeef_pax_person *p) {
  const zeef_pax_document *d = NULL;
  for (size_t i = 0; i < p->ndocs; i++) {
    if (!p->docs[i].number[0]) continue;
    if (!d || (p->docs[i].type[0] == 'P' && d->type[0] != 'P')) d = &p->docs[i];
  }
  return d;
}

static int on_pax(void *ud, const zeef_pax_message *m, const zeef_pax_person *p) {
  paxin *in = ud;
  zeef_record r;
  char id[2 * ZEEF_PAX_FIELD + 24], name[2 * ZEEF_PAX_FIELD + 4];
  const zeef_pax_document *d = pax_doc(p);
  memset(&r, 0, sizeof r);
  snprintf(id, sizeof id, "%s/%zu", m->reference, p->segment);
  snprintf(name, sizeof name, "%s%s%s", p->surname, p->surname[0] && p->given_names[0] ? ", " : "",
           p->given_names);
  r.line = p->line;
  r.id = id;
  r.name = name;
  r.form = ZEEF_FORM_FREE;
  r.error = p->error;
  r.pax_message = m;
  r.pax_person = p;
  if (!r.error && !name[0]) r.error = "the person has no name";
  if (strcmp(m->function, "XR") == 0)
    warn(&r, "the message cancels this person's listing (BGM function XR); screened all the same");
  else if (strcmp(m->function, "CP") == 0)
    warn(&r, "the message changes an earlier list (BGM function CP)");
  for (size_t i = 0; i < p->nwarnings; i++) warn(&r, "%s", p->warnings[i]);
  r.birth = p->birth;
  r.gender = p->gender;
  if (p->nationality[0] && zeef_country_code(p->nationality, strlen(p->nationality), r.nationality))
    warn(&r, "nationality \"%s\" is not a known country; screened without it", p->nationality);
  if (d) {
    r.doc_number = d->number;
    if (d->country[0] && zeef_country_code(d->country, strlen(d->country), r.doc_country))
      warn(&r, "document country \"%s\" is not a known country", d->country);
  }
  return in->fn(in->ud, &r);
}

static zeef_status read_paxlst(FILE *f, zeef_record_fn fn, void *ud, size_t *bad) {
  size_t cap = 1 << 16, len = 0, got;
  char *buf = malloc(cap);
  paxin in = {fn, ud};
  zeef_status rc;
  if (!buf) return ZEEF_E_NOMEM;
  while ((got = fread(buf + len, 1, cap - len, f)) > 0) {
    len += got;
    if (len == cap) {
      char *nb;
      if (cap >= PAXLST_INPUT_MAX) {
        free(buf);
        return ZEEF_E_TOOBIG;
      }
      nb = realloc(buf, cap * 2);
      if (!nb) {
        free(buf);
        return ZEEF_E_NOMEM;
      }
      buf = nb;
      cap *= 2;
    }
  }
  if (ferror(f)) {
    free(buf);
    return ZEEF_E_IO;
  }
  rc = zeef_paxlst_read(buf, len, on_pax, &in, bad);
  free(buf);
  return rc;
}

/* ------------------------------------------------------ Format detection */

/* A FILE that yields a prefix already read from f, then the rest of f: the
** detector reads ahead without losing what it read. */
typedef struct prefixed {
  FILE *f;
  char buf[4096];
  size_t len, pos;
} prefixed;

static ssize_t prefixed_read(void *cookie, char *out, size_t n) {
  prefixed *p = cookie;
  if (p->pos < p->len) {
    size_t k = p->len - p->pos < n ? p->len - p->pos : n;
    memcpy(out, p->buf + p->pos, k);
    p->pos += k;
    return (ssize_t)k;
  }
  {
    size_t k = fread(out, 1, n, p->f);
    return k == 0 && ferror(p->f) ? -1 : (ssize_t)k;
  }
}

static int is_mrz_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<'; }

/* What the first bytes look like: JSON lines start with '{', EDIFACT with a
** UNA or UNB service segment (or a bare UNH), an MRZ with a line of 30, 36
** or 44 MRZ characters holding a filler; anything else is CSV. */
static zeef_input_format detect(const char *s, size_t n) {
  size_t i = 0, k;
  while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
  if (n - i >= 3 && (unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBB &&
      (unsigned char)s[i + 2] == 0xBF)
    i += 3;
  if (i < n && s[i] == '{') return ZEEF_IN_JSONL;
  if (n - i >= 4 && (memcmp(s + i, "UNA", 3) == 0 ||
                     ((memcmp(s + i, "UNB", 3) == 0 || memcmp(s + i, "UNH", 3) == 0) &&
                      !is_mrz_char(s[i + 3]) && s[i + 3] != ',')))
    return ZEEF_IN_PAXLST;
  for (k = i; k < n && s[k] != '\n' && s[k] != '\r'; k++)
    if (!is_mrz_char(s[k] >= 'a' && s[k] <= 'z' ? (char)(s[k] - 32) : s[k])) break;
  while (k < n && (s[k] == ' ' || s[k] == '\t')) k++;
  if ((k == n || s[k] == '\n' || s[k] == '\r') && memchr(s + i, '<', k - i)) {
    size_t len = k - i;
    while (len && (s[i + len - 1] == ' ' || s[i + len - 1] == '\t')) len--;
    if (len == 30 || len == 36 || len == 44) return ZEEF_IN_MRZ;
  }
  return ZEEF_IN_CSV;
}

static zeef_status read_format(FILE *f, zeef_input_format format, zeef_record_fn fn, void *ud,
                               size_t *bad_line) {
  switch (format) {
  case ZEEF_IN_JSONL: return read_jsonl(f, fn, ud);
  case ZEEF_IN_MRZ: return read_mrz(f, fn, ud);
  case ZEEF_IN_PAXLST: return read_paxlst(f, fn, ud, bad_line);
  default: break;
  }
  {
    csvin *c = calloc(1, sizeof *c);
    zeef_status rc;
    if (!c) return ZEEF_E_NOMEM;
    c->fn = fn;
    c->ud = ud;
    rc = csvr_stream(f, on_csv, c, bad_line);
    if (!rc && c->no_name) {
      *bad_line = 1;
      rc = ZEEF_E_FORMAT;
    }
    free(c);
    return rc;
  }
}

/* ---------------------------------------------------------------- Public */

zeef_status zeef_records_read(FILE *f, zeef_input_format format, zeef_record_fn fn, void *ud,
                              size_t *bad_line) {
  size_t dummy;
  prefixed *p;
  FILE *g;
  zeef_status rc;
  if (!bad_line) bad_line = &dummy;
  *bad_line = 0;
  if (!f || !fn) return ZEEF_E_INVALID;
  if (format != ZEEF_IN_AUTO) return read_format(f, format, fn, ud, bad_line);
  p = calloc(1, sizeof *p);
  if (!p) return ZEEF_E_NOMEM;
  p->f = f;
  p->len = fread(p->buf, 1, sizeof p->buf, f);
  if (ferror(f)) {
    free(p);
    return ZEEF_E_IO;
  }
  format = detect(p->buf, p->len);
  {
    cookie_io_functions_t io = {prefixed_read, NULL, NULL, NULL};
    g = fopencookie(p, "r", io);
  }
  if (!g) {
    free(p);
    return ZEEF_E_NOMEM;
  }
  rc = read_format(g, format, fn, ud, bad_line);
  if (!rc && ferror(g)) rc = ZEEF_E_IO;
  fclose(g);
  free(p);
  return rc;
}
