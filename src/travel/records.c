/*
** records.c: traveller records from CSV (header row, columns by name), JSON
** lines, a JSON array, MRZ text or a PAXLST message, the input of `zeef
** screen` and of `POST /screen`. Every input record gives exactly one
** zeef_record, in input order: a value that does not parse is left out with
** a warning naming the field and the value; a record without a usable name,
** or one that cannot be read at all, carries an error, and reading goes on
** with the next record. Only an input that holds no records to find (a CSV
** header without a name column, no PAXLST message, a JSON document that is
** not an array) is refused as a whole.
**
** Bounded: values are cut at RECORD_VALUE_MAX bytes, lines at the limit of
** their format (the line reader never holds more, text.h); PAXLST and JSON
** arrays, which are read whole, at WHOLE_INPUT_MAX bytes. Every allocation
** comes from the context's allocator.
*/
#include "../internal.h"
#include "../text/csv.h"
#include "../text/text.h"

#include <jansson.h>
#include <stdarg.h>
#include <string.h>

#define RECORD_VALUE_MAX 1024
#define JSONL_LINE_MAX CSVR_LINE_MAX /* every format's lines: one limit */
#define WHOLE_INPUT_MAX ((size_t)1 << 30)

enum key { K_ID, K_NAME, K_SURNAME, K_GIVEN, K_DOB, K_NAT, K_GENDER, K_DOC, K_DOCCTRY, K_COUNT };
static const char *const key_names[K_COUNT] = {"id", "name", "surname", "given_names",
                                               "birth_date", "nationality", "gender",
                                               "document_number", "document_country"};

/* The raw values of one record, bounded copies, and what copying them
** changed: a value cut at RECORD_VALUE_MAX, NUL bytes read as spaces. */
typedef struct raw {
  char v[K_COUNT][RECORD_VALUE_MAX + 1];
  int has[K_COUNT];
  int cut[K_COUNT], nul[K_COUNT];
} raw;

/* What every reader shares: the caller's callback and the input's state. */
typedef struct rin {
  const zeef_ctx *ctx;
  zeef_record_fn fn;
  void *ud;
  zeef_read_error *err;
  raw w;
  int stop;
} rin;

static void fail(rin *in, size_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(rin *in, size_t line, const char *fmt, ...) {
  va_list ap;
  in->err->line = line;
  va_start(ap, fmt);
  vsnprintf(in->err->message, sizeof in->err->message, fmt, ap);
  va_end(ap);
}

static void warn(zeef_record *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(zeef_record *r, const char *fmt, ...) {
  va_list ap;
  if (r->nwarnings >= ZEEF_RECORD_MAX_WARNINGS) return;
  va_start(ap, fmt);
  vsnprintf(r->warnings[r->nwarnings++], ZEEF_RECORD_TEXT, fmt, ap);
  va_end(ap);
}

static void clear(raw *w) {
  for (int k = 0; k < K_COUNT; k++) w->v[k][0] = 0, w->has[k] = w->cut[k] = w->nul[k] = 0;
}

/* Copies value k. A value over RECORD_VALUE_MAX bytes is cut on a whole
** UTF-8 character; a NUL byte inside a value (an export or OCR artefact)
** is read as a space, so that the value is screened as written, never cut
** at the NUL: both are named in the record's warnings (emit). */
static void set(raw *w, int k, const char *s, size_t n) {
  s = text_trim(s, &n);
  if (n > RECORD_VALUE_MAX) {
    n = RECORD_VALUE_MAX;
    while (n && ((unsigned char)s[n] & 0xC0) == 0x80) n--; /* s[n] continues a character */
    w->cut[k] = 1;
  }
  memcpy(w->v[k], s, n);
  w->v[k][n] = 0;
  for (size_t i = 0; i < n; i++)
    if (!w->v[k][i]) w->v[k][i] = ' ', w->nul[k] = 1;
  w->has[k] = n > 0;
}

/* Hands r to the caller; remembers a request to stop. */
static void deliver(rin *in, const zeef_record *r) {
  if (!in->stop && in->fn(in->ud, r)) in->stop = 1;
}

/* A record that could not be read: its line and why. */
static void emit_error(rin *in, size_t line, const char *why) {
  zeef_record r;
  memset(&r, 0, sizeof r);
  r.line = line;
  r.id = "";
  r.name = "";
  r.error = why;
  deliver(in, &r);
}

/* Turns the raw values in in->w into a record and hands it over. */
static void emit(rin *in, size_t line, const char *error) {
  raw *w = &in->w;
  zeef_record r;
  char name[2 * RECORD_VALUE_MAX + 4];
  memset(&r, 0, sizeof r);
  r.line = line;
  r.id = w->has[K_ID] ? w->v[K_ID] : "";
  r.name = "";
  r.form = ZEEF_FORM_FREE;
  r.error = error;
  for (int k = 0; k < K_COUNT; k++) {
    if (w->nul[k])
      warn(&r, "%s holds a NUL byte, read as a space; screened as written", key_names[k]);
    if (w->cut[k])
      warn(&r, "%s is longer than %d bytes; cut there", key_names[k], RECORD_VALUE_MAX);
  }
  if (!error) {
    if (w->has[K_NAME]) {
      r.name = w->v[K_NAME];
    } else if (w->has[K_SURNAME] || w->has[K_GIVEN]) {
      /* "SURNAME, Given" keeps the roles */
      snprintf(name, sizeof name, "%s%s%s", w->v[K_SURNAME],
               w->has[K_SURNAME] && w->has[K_GIVEN] ? ", " : "", w->v[K_GIVEN]);
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
    if (w->has[K_GENDER] &&
        zeef_gender_parse(w->v[K_GENDER], strlen(w->v[K_GENDER]), &r.gender) != ZEEF_OK)
      warn(&r, "gender \"%.20s\" is not M, F or X; screened without it", w->v[K_GENDER]);
    if (w->has[K_DOC]) r.doc_number = w->v[K_DOC];
    if (w->has[K_DOCCTRY] &&
        zeef_country_code(w->v[K_DOCCTRY], strlen(w->v[K_DOCCTRY]), r.doc_country) != ZEEF_OK) {
      warn(&r, "document_country \"%.60s\" is not a known country; screened without it",
           w->v[K_DOCCTRY]);
      r.doc_country[0] = 0;
    }
  }
  deliver(in, &r);
}

/* ------------------------------------------------------------------- CSV */

typedef struct csvin {
  rin *in;
  int col[K_COUNT];
  size_t ncols;
  int header;
  int refused; /* the header makes the input unreadable */
} csvin;

/* Whether header cell h[0..n) names want: case, surrounding spaces, and
** '-' or ' ' for '_' do not matter. */
static int header_is(const char *h, size_t n, const char *want) {
  size_t m = strlen(want);
  h = text_trim(h, &n);
  if (n != m) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = h[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
    if (c == ' ' || c == '-') c = '_';
    if (c != want[i]) return 0;
  }
  return 1;
}

static int read_header(csvin *c, const csvr_row *row) {
  for (int k = 0; k < K_COUNT; k++) c->col[k] = -1;
  for (size_t i = 0; i < row->nfields && i < CSVR_MAX_FIELDS; i++)
    for (int k = 0; k < K_COUNT; k++) {
      if (!header_is(row->field[i], row->len[i], key_names[k])) continue;
      if (c->col[k] >= 0) { /* which of the two holds the value? */
        fail(c->in, row->line, "column \"%s\" appears twice in the header (columns %d and %zu)",
             key_names[k], c->col[k] + 1, i + 1);
        c->refused = 1;
        return 1;
      }
      c->col[k] = (int)i;
    }
  c->header = 1;
  c->ncols = row->nfields;
  if (c->col[K_NAME] < 0 && c->col[K_SURNAME] < 0 && c->col[K_GIVEN] < 0) {
    fail(c->in, row->line, "the header names no name, surname or given_names column");
    c->refused = 1;
    return 1;
  }
  return 0;
}

static int on_csv(void *ud, const csvr_row *row) {
  csvin *c = ud;
  rin *in = c->in;
  raw *w = &in->w;
  if (row->error) {
    if (!c->header) { /* no header: nothing below can be read by name */
      fail(in, row->line, "the header row cannot be read: %s", row->error);
      c->refused = 1;
      return 1;
    }
    emit_error(in, row->line, row->error);
    return in->stop;
  }
  if (!c->header) return read_header(c, row);
  if (row->nfields == 1 && row->len[0] == 0) return 0; /* blank line: no record */
  clear(w);
  for (int k = 0; k < K_COUNT; k++)
    if (c->col[k] >= 0 && (size_t)c->col[k] < row->nfields)
      set(w, k, row->field[c->col[k]], row->len[c->col[k]]);
  if (row->nfields != c->ncols && !(w->has[K_NAME] || w->has[K_SURNAME] || w->has[K_GIVEN])) {
    char why[96];
    snprintf(why, sizeof why, "row has %zu fields, the header %zu", row->nfields, c->ncols);
    emit(in, row->line, why);
  } else {
    emit(in, row->line, NULL); /* screened all the same when the name is there */
  }
  return in->stop;
}

static zeef_status read_csv(rin *in, text_lines *src) {
  csvin c;
  zeef_status rc;
  memset(&c, 0, sizeof c);
  c.in = in;
  rc = csvr_lines(&in->ctx->m, src, on_csv, &c);
  if (!rc && c.refused) rc = ZEEF_E_FORMAT;
  return rc;
}

/* ----------------------------------------------------------------- JSON */

static void json_value(raw *w, int k, json_t *v) {
  char num[32];
  if (json_is_string(v)) set(w, k, json_string_value(v), json_string_length(v));
  else if (json_is_integer(v)) {
    int n = snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
    set(w, k, num, (size_t)n);
  }
}

/* One traveller object (or a value that is not one) at line. */
static void json_record(rin *in, json_t *o, size_t line, const char *what) {
  char why[120];
  clear(&in->w);
  if (!json_is_object(o)) {
    snprintf(why, sizeof why, "%s is a JSON value but not an object", what);
    emit(in, line, why);
    return;
  }
  for (int k = 0; k < K_COUNT; k++) json_value(&in->w, k, json_object_get(o, key_names[k]));
  emit(in, line, NULL);
}

static zeef_status read_jsonl(rin *in, text_lines *src) {
  const char *s;
  size_t n;
  int cut, got = 0;
  while (!in->stop && (got = text_line_next(src, &s, &n, &cut)) == 1) {
    json_error_t err;
    json_t *o;
    char why[200];
    size_t len = n;
    while (len && (s[len - 1] == '\n' || s[len - 1] == '\r' || s[len - 1] == ' ')) len--;
    if (!len) continue;
    if (cut) {
      snprintf(why, sizeof why, "line longer than %d bytes", JSONL_LINE_MAX);
      emit_error(in, src->number, why);
      continue;
    }
    o = json_loadb(s, len, JSON_ALLOW_NUL, &err);
    if (!o) {
      snprintf(why, sizeof why, "not a JSON object (column %d: %s)", err.column, err.text);
      emit_error(in, src->number, why);
      continue;
    }
    json_record(in, o, src->number, "the line");
    json_decref(o);
  }
  return got < 0 ? (zeef_status)-got : ZEEF_OK;
}

static zeef_status read_json_array(rin *in, text_lines *src) {
  const char *s;
  char *owned;
  size_t n, i;
  json_error_t err;
  json_t *arr, *el;
  zeef_status rc = text_read_all(src, WHOLE_INPUT_MAX, &s, &n, &owned);
  if (rc) return rc;
  {
    size_t bom = text_bom(s, n);
    arr = json_loadb(s + bom, n - bom, JSON_ALLOW_NUL, &err);
  }
  mem_free(&in->ctx->m, owned);
  if (!arr || !json_is_array(arr)) {
    if (arr) fail(in, 1, "a JSON document that is not an array of traveller objects");
    else fail(in, (size_t)err.line, "not JSON: %s (line %d, column %d)", err.text, err.line, err.column);
    json_decref(arr);
    return ZEEF_E_FORMAT;
  }
  json_array_foreach(arr, i, el) {
    char what[48];
    if (in->stop) break;
    snprintf(what, sizeof what, "element %zu", i + 1);
    json_record(in, el, i + 1, what);
  }
  json_decref(arr);
  return ZEEF_OK;
}

/* ------------------------------------------------------------------- MRZ */

#define MRZ_LINE_MAX 128  /* a longer line is kept cut, and the MRZ refused */
#define MRZ_BLOCK_LINES 8 /* lines kept per block; more are counted */

typedef struct mrzin {
  rin *in;
  int this_year;
  char line[MRZ_BLOCK_LINES][MRZ_LINE_MAX + 1];
  size_t len[MRZ_BLOCK_LINES];
  size_t n, first; /* lines in the block (all, kept or not), line of the first */
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

/* Parses one document of text[0..len) and hands its record over. */
static void emit_mrz(mrzin *mi, const char *text, size_t len, size_t line, const char *note) {
  zeef_mrz m;
  zeef_record r;
  char why[300];
  zeef_status rc = zeef_mrz_parse(text, len, mi->this_year, &m);
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
    deliver(mi->in, &r);
    return;
  }
  r.name = m.name_mrz;
  r.form = m.name_truncated ? ZEEF_FORM_MRZ_TRUNCATED : ZEEF_FORM_MRZ;
  r.name_truncated = m.name_truncated;
  if (!m.surname[0] && !m.given_names[0]) r.error = "the MRZ name field is empty";
  for (size_t i = 0; i < m.nchecks; i++) {
    check_warning(&r, &m.checks[i]);
    if (!m.checks[i].ok && m.checks[i].suggestion[0] &&
        strcmp(m.checks[i].field, "document_number") == 0)
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
  deliver(mi->in, &r);
}

/* A block of lines ends: one document, or several run together when the
** lines all have one MRZ length and their count is a multiple of its line
** count. */
static void flush_mrz(mrzin *mi) {
  char text[MRZ_BLOCK_LINES * (MRZ_LINE_MAX + 1)];
  size_t n = mi->n, kept = n < MRZ_BLOCK_LINES ? n : MRZ_BLOCK_LINES, per = 0, k = 0;
  mi->n = 0;
  if (!n) return;
  if (n > MRZ_BLOCK_LINES) {
    char why[120];
    snprintf(why, sizeof why,
             "a block of %zu lines: an MRZ has 2 or 3 (separate documents by a blank line)", n);
    emit_error(mi->in, mi->first, why);
    return;
  }
  {
    size_t l0 = mi->len[0];
    int same = 1;
    for (size_t i = 1; i < kept; i++) same &= mi->len[i] == l0;
    if (same && l0 == 30 && n % 3 == 0 && n > 3) per = 3;
    if (same && (l0 == 36 || l0 == 44) && n % 2 == 0 && n > 2) per = 2;
  }
  if (!per) per = n;
  for (size_t d = 0; d < n && !mi->in->stop; d += per) {
    k = 0;
    for (size_t i = d; i < d + per; i++) {
      memcpy(text + k, mi->line[i], mi->len[i]);
      k += mi->len[i];
      text[k++] = '\n';
    }
    emit_mrz(mi, text, k, mi->first + d,
             per < n ? "documents not separated by a blank line" : NULL);
  }
}

static zeef_status read_mrz(rin *in, text_lines *src) {
  mrzin *mi = mem_calloc(&in->ctx->m, 1, sizeof *mi);
  const char *s;
  size_t n;
  int cut, got = 0;
  if (!mi) return ZEEF_E_NOMEM;
  mi->in = in;
  while (!in->stop && (got = text_line_next(src, &s, &n, &cut)) == 1) {
    const char *p = s;
    n = text_chomp(s, n);
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
    while (n && (*p == ' ' || *p == '\t')) p++, n--;
    if (!n) {
      flush_mrz(mi);
      continue;
    }
    if (mi->n == 0) mi->first = src->number;
    if (mi->n < MRZ_BLOCK_LINES) {
      if (n > MRZ_LINE_MAX) n = MRZ_LINE_MAX;
      memcpy(mi->line[mi->n], p, n);
      mi->line[mi->n][n] = 0;
      mi->len[mi->n] = n;
    }
    mi->n++;
  }
  if (!in->stop && got >= 0) flush_mrz(mi);
  mem_free(&in->ctx->m, mi);
  return got < 0 ? (zeef_status)-got : ZEEF_OK;
}

/* ---------------------------------------------------------------- PAXLST */

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
  rin *in = ud;
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
  deliver(in, &r);
  return in->stop;
}

static zeef_status read_paxlst(rin *in, text_lines *src) {
  const char *s;
  char *owned;
  size_t n, bad = 0;
  zeef_status rc = text_read_all(src, WHOLE_INPUT_MAX, &s, &n, &owned);
  if (rc) return rc;
  rc = zeef_paxlst_read(in->ctx, s, n, on_pax, in, &bad);
  mem_free(&in->ctx->m, owned);
  if (rc == ZEEF_E_FORMAT) fail(in, bad, "no PAXLST message (reading stopped at segment %zu)", bad);
  return rc;
}

/* ------------------------------------------------------ Format detection */

static int is_mrz_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<'; }

/* What the first bytes look like: JSON lines start with '{', a JSON array
** with '[', EDIFACT with a UNA or UNB service segment (or a bare UNH), an
** MRZ with a line of 30, 36 or 44 MRZ characters holding a filler;
** anything else is CSV. */
static zeef_input_format detect(const char *s, size_t n) {
  size_t i = text_bom(s, n), k;
  while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
  if (i < n && s[i] == '{') return ZEEF_IN_JSONL;
  if (i < n && s[i] == '[') return ZEEF_IN_JSON;
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

/* ---------------------------------------------------------------- Public */

const char *zeef_input_format_name(zeef_input_format f) {
  switch (f) {
  case ZEEF_IN_CSV: return "csv";
  case ZEEF_IN_JSONL: return "jsonl";
  case ZEEF_IN_MRZ: return "mrz";
  case ZEEF_IN_PAXLST: return "paxlst";
  case ZEEF_IN_JSON: return "json";
  default: return "auto";
  }
}

/* The name of the compression s[0..n) starts with, or NULL: such input
** is refused with a message that says so, not misread as a bad CSV. */
static const char *compressed(const char *s, size_t n) {
  static const struct {
    const char *magic;
    size_t len;
    const char *name;
  } kinds[] = {{"\x1f\x8b", 2, "gzip"},           {"BZh", 3, "bzip2"},
               {"\xfd" "7zXZ\x00", 6, "xz"},        {"\x28\xb5\x2f\xfd", 4, "zstd"},
               {"PK\x03\x04", 4, "zip"},           {"7z\xbc\xaf\x27\x1c", 6, "7-zip"}};
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (n >= kinds[i].len && memcmp(s, kinds[i].magic, kinds[i].len) == 0) return kinds[i].name;
  return NULL;
}

static zeef_status read_source(const zeef_ctx *ctx, text_lines *src, zeef_input_format format,
                               zeef_record_fn fn, void *ud, zeef_read_error *err) {
  zeef_read_error dummy;
  zeef_status rc;
  rin *in;
  if (!err) err = &dummy;
  err->line = 0;
  err->message[0] = 0;
  in = mem_calloc(&ctx->m, 1, sizeof *in);
  if (!in) return ZEEF_E_NOMEM;
  in->ctx = ctx;
  in->fn = fn;
  in->ud = ud;
  in->err = err;
  {
    const char *s, *kind;
    size_t n;
    rc = text_peek(src, &s, &n);
    if (rc) goto out;
    if ((kind = compressed(s, n)) != NULL) {
      fail(in, 1, "the input is %s-compressed: decompress it first", kind);
      rc = ZEEF_E_FORMAT;
      goto out;
    }
    if (format == ZEEF_IN_AUTO) format = detect(s, n);
  }
  switch (format) {
  case ZEEF_IN_JSONL: rc = read_jsonl(in, src); break;
  case ZEEF_IN_JSON: rc = read_json_array(in, src); break;
  case ZEEF_IN_MRZ: rc = read_mrz(in, src); break;
  case ZEEF_IN_PAXLST: rc = read_paxlst(in, src); break;
  default: rc = read_csv(in, src); break;
  }
out:
  mem_free(&ctx->m, in);
  return rc;
}

zeef_status zeef_records_read(const zeef_ctx *ctx, FILE *f, zeef_input_format format,
                              zeef_record_fn fn, void *ud, zeef_read_error *err) {
  text_lines src;
  zeef_status rc;
  if (!ctx || !f || !fn) return ZEEF_E_INVALID;
  text_lines_stream(&src, &ctx->m, f, CSVR_LINE_MAX);
  rc = read_source(ctx, &src, format, fn, ud, err);
  text_lines_free(&src);
  return rc;
}

zeef_status zeef_records_read_buffer(const zeef_ctx *ctx, const char *buf, size_t len,
                                     zeef_input_format format, zeef_record_fn fn, void *ud,
                                     zeef_read_error *err) {
  text_lines src;
  zeef_status rc;
  if (!ctx || (!buf && len) || !fn) return ZEEF_E_INVALID;
  text_lines_buffer(&src, &ctx->m, buf ? buf : "", len, CSVR_LINE_MAX);
  rc = read_source(ctx, &src, format, fn, ud, err);
  text_lines_free(&src);
  return rc;
}
