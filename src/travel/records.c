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

/* ---------------------------------------------------------------- Public */

zeef_status zeef_records_read(FILE *f, zeef_input_format format, zeef_record_fn fn, void *ud,
                              size_t *bad_line) {
  size_t dummy;
  if (!bad_line) bad_line = &dummy;
  *bad_line = 0;
  if (!f || !fn) return ZEEF_E_INVALID;
  if (format == ZEEF_IN_AUTO) {
    int c;
    do c = getc(f);
    while (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF || c == 0xBB || c == 0xBF);
    if (c == EOF) return ZEEF_OK; /* empty input: no records */
    ungetc(c, f);
    format = c == '{' ? ZEEF_IN_JSONL : ZEEF_IN_CSV;
  }
  if (format == ZEEF_IN_JSONL) return read_jsonl(f, fn, ud);
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
