/*
** csv.c: CSV rows with line numbers over libcsv. Lines come from the
** bounded line reader (text.h) and are fed to libcsv one at a time, so each
** row is known to start on the line after the row before it ended; fields
** are collected into a bounded row and handed to the caller at the row's
** end.
**
** Broken rows and where they end. A quoted field may hold line breaks
** (RFC 4180), so a quote left open at the end of a line may be either a
** field that goes on or a typing error that would swallow every row after
** it. The rule: the row goes on into the next line unless that line, read
** alone, is a well-formed row (strict RFC 4180 quoting, as many fields as
** the first row of the input); then the open row ends at the line before,
** as an error, and the next line starts a row of its own. A continuation
** line of a real multi-line field closes the open quote, which a line read
** alone cannot do well-formed, so real multi-line fields are kept whole.
** The open row also ends, as an error, when it would pass CSVR_ROW_MAX
** bytes, and at the end of the input. A row with a field over
** CSVR_FIELD_MAX bytes is an error; a line over CSVR_LINE_MAX bytes is an
** error of its own (it is read past, never held whole). Every error row
** names the lines it spans; no line is ever silently dropped.
*/
#include "csv.h"

#include <csv.h>
#include <stdio.h>
#include <string.h>

/* libcsv's parser states (struct csv_parser is public; the values are
** those of libcsv.c). */
#define LIBCSV_ROW_NOT_BEGUN 0

typedef struct reader {
  const mem *m;
  csvr_fn fn;
  void *ud;
  struct csv_parser p;     /* the rows */
  struct csv_parser probe; /* one line alone, strict */
  csvr_row row;
  char *store; /* field bytes of the current row */
  size_t used, cap;
  size_t start;     /* line the current row starts on */
  size_t last;      /* line last fed */
  size_t row_bytes; /* bytes fed since the row started */
  size_t expect;    /* fields of the first good row; 0 before it */
  size_t probe_fields;
  int broken;       /* the current row has an error: fields are not kept */
  int discard;      /* resetting libcsv: callbacks do nothing */
  int stop, nomem;
  char why[CSVR_ERROR_MAX];
} reader;

static void deliver(reader *r, csvr_row *row) {
  if (!r->stop && r->fn(r->ud, row)) r->stop = 1;
}

/* Delivers an error row for lines first..last. */
static void error_row(reader *r, size_t first, size_t last, const char *why) {
  csvr_row e;
  e.line = first;
  e.last = last;
  e.nfields = 0;
  e.error = why;
  deliver(r, &e);
}

static void reset_row(reader *r) {
  r->row.nfields = 0;
  r->used = 0;
  r->row_bytes = 0;
  r->broken = 0;
}

static void on_field(void *s, size_t n, void *data) {
  reader *r = data;
  if (r->discard || r->stop) return;
  if (!r->broken && r->row.nfields < CSVR_MAX_FIELDS) {
    if (n > CSVR_FIELD_MAX) {
      snprintf(r->why, sizeof r->why, "field %zu is longer than %d bytes", r->row.nfields + 1,
               CSVR_FIELD_MAX);
      r->broken = 1;
    } else {
      if (r->used + n + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 4096;
        char *ns;
        while (cap < r->used + n + 1) cap *= 2;
        if (!(ns = mem_realloc(r->m, r->store, cap, 1))) {
          r->nomem = r->stop = 1;
          return;
        }
        r->store = ns;
        r->cap = cap;
      }
      memcpy(r->store + r->used, s ? s : "", n);
      r->store[r->used + n] = 0;
      /* offsets for now: store may move; turned into pointers at row end */
      r->row.field[r->row.nfields] = (const char *)(uintptr_t)r->used;
      r->row.len[r->row.nfields] = n;
      r->used += n + 1;
    }
  }
  r->row.nfields++;
}

static void on_row(int ch, void *data) {
  reader *r = data;
  csvr_row *row = &r->row;
  size_t k = row->nfields < CSVR_MAX_FIELDS ? row->nfields : CSVR_MAX_FIELDS;
  (void)ch;
  if (r->discard || r->stop) return;
  if (r->broken) {
    error_row(r, r->start, r->last, r->why);
  } else {
    for (size_t i = 0; i < k; i++) row->field[i] = r->store + (uintptr_t)row->field[i];
    row->line = r->start;
    row->last = r->last;
    row->error = NULL;
    /* A lone Ctrl-Z (OFAC's end of file) is no row. */
    if (!(row->nfields == 1 && row->len[0] == 1 && row->field[0][0] == 0x1A)) {
      if (!r->expect) r->expect = row->nfields;
      deliver(r, row);
    }
  }
  reset_row(r);
  r->start = r->last + 1;
}

/* Drops what libcsv holds of the current row (csv_fini resets it). */
static void discard(reader *r) {
  r->discard = 1;
  csv_fini(&r->p, on_field, on_row, r);
  r->discard = 0;
  reset_row(r);
}

static void probe_field(void *s, size_t n, void *data) {
  (void)s;
  (void)n;
  ((reader *)data)->probe_fields++;
}

static void probe_row(int ch, void *data) {
  (void)ch;
  (void)data;
}

/* Whether s[0..n), read alone, is a well-formed row: strict quoting, the
** row ended by the line's end, as many fields as the first row. */
static int starts_row(reader *r, const char *s, size_t n) {
  int ok;
  r->probe_fields = 0;
  ok = csv_parse(&r->probe, s, n, probe_field, probe_row, r) == n &&
       r->probe.pstate == LIBCSV_ROW_NOT_BEGUN;
  if (ok && !r->probe_fields) ok = 0; /* a blank line */
  csv_fini(&r->probe, probe_field, probe_row, r);
  return ok && (!r->expect || r->probe_fields == r->expect);
}

static int blank(const char *s, size_t n) { return text_chomp(s, n) == 0; }

static void feed(reader *r, const char *s, size_t n, size_t line) {
  r->last = line;
  r->row_bytes += n;
  if (csv_parse(&r->p, s, n, on_field, on_row, r) != n && !r->stop) {
    /* only allocation fails in libcsv's lenient mode */
    r->nomem = r->stop = 1;
  }
}

/* The open row ends here as an error: a quote was never closed. */
static void unclosed(reader *r, const char *where) {
  char why[CSVR_ERROR_MAX];
  snprintf(why, sizeof why, "a quote opened in the row of line %zu is not closed (%s)", r->start,
           where);
  discard(r);
  error_row(r, r->start, r->last, why);
}

static zeef_status run(reader *r, text_lines *in) {
  const char *s;
  size_t n;
  int cut, got = 0;
  r->start = 1;
  while (!r->stop && (got = text_line_next(in, &s, &n, &cut)) == 1) {
    int open = r->p.pstate != LIBCSV_ROW_NOT_BEGUN;
    if (cut) {
      char why[CSVR_ERROR_MAX];
      if (open) unclosed(r, "the next line is over the limit");
      snprintf(why, sizeof why, "line longer than %d bytes", CSVR_LINE_MAX);
      error_row(r, in->number, in->number, why);
      r->start = in->number + 1;
      continue;
    }
    if (open) {
      if (r->row_bytes + n > CSVR_ROW_MAX)
        unclosed(r, "the row would pass the size limit");
      else if (starts_row(r, s, n))
        unclosed(r, "the next line is a row of its own");
      else {
        feed(r, s, n, in->number);
        continue;
      }
      r->start = in->number;
    }
    if (blank(s, n)) {
      r->start = in->number + 1;
      continue;
    }
    r->start = in->number;
    feed(r, s, n, in->number);
  }
  if (got < 0) return (zeef_status)-got;
  if (!r->stop && r->p.pstate != LIBCSV_ROW_NOT_BEGUN) {
    if (r->p.quoted && r->p.pstate == 2 /* FIELD_BEGUN */)
      unclosed(r, "the input ends first");
    else
      csv_fini(&r->p, on_field, on_row, r); /* a last line without its line break */
  }
  return r->nomem ? ZEEF_E_NOMEM : ZEEF_OK;
}

zeef_status csvr_lines(const mem *m, text_lines *in, csvr_fn fn, void *ud) {
  return csvr_lines_sep(m, in, ',', fn, ud);
}

zeef_status csvr_lines_sep(const mem *m, text_lines *in, char sep, csvr_fn fn, void *ud) {
  reader *r = mem_calloc(m, 1, sizeof *r);
  zeef_status rc;
  if (!r) return ZEEF_E_NOMEM;
  r->m = m;
  r->fn = fn;
  r->ud = ud;
  /* Lenient inside fields: a stray quote in Ay"man stays a character. */
  csv_init(&r->p, CSV_APPEND_NULL);
  csv_init(&r->probe, CSV_STRICT);
  csv_set_delim(&r->p, (unsigned char)sep);
  csv_set_delim(&r->probe, (unsigned char)sep);
  rc = run(r, in);
  csv_free(&r->p);
  csv_free(&r->probe);
  mem_free(m, r->store);
  mem_free(m, r);
  return rc;
}

zeef_status csvr_stream(const mem *m, FILE *f, csvr_fn fn, void *ud) {
  text_lines in;
  zeef_status rc;
  text_lines_stream(&in, m, f, CSVR_LINE_MAX);
  rc = csvr_lines(m, &in, fn, ud);
  text_lines_free(&in);
  return rc;
}

zeef_status csvr_buffer(const mem *m, const char *buf, size_t len, csvr_fn fn, void *ud) {
  text_lines in;
  zeef_status rc;
  text_lines_buffer(&in, m, buf, len, CSVR_LINE_MAX);
  rc = csvr_lines(m, &in, fn, ud);
  text_lines_free(&in);
  return rc;
}

char csvr_separator(const char *s, size_t n) {
  static const char seps[] = {',', ';', '\t'};
  size_t count[3] = {0, 0, 0}, best = 0;
  int quoted = 0;
  for (size_t i = 0; i < n && s[i] != '\n' && s[i] != '\r'; i++) {
    if (s[i] == '"') quoted = !quoted;
    for (size_t k = 0; k < 3 && !quoted; k++) count[k] += s[i] == seps[k];
  }
  for (size_t k = 1; k < 3; k++)
    if (count[k] > count[best]) best = k;
  return seps[best];
}

zeef_status csvr_file(const mem *m, const char *path, csvr_fn fn, void *ud) {
  zeef_status rc;
  FILE *f = fopen(path, "rb");
  if (!f) return ZEEF_E_IO;
  rc = csvr_stream(m, f, fn, ud);
  fclose(f);
  return rc;
}
