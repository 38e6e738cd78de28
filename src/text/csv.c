/*
** csv.c: CSV rows with line numbers over libcsv. Lines are fed to libcsv one
** at a time so that each row is known to start on the line after the row
** before it ended; fields are collected into a bounded row and handed to
** the caller at the end of each row.
*/
#include "csv.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct collect {
  csvr_fn fn;
  void *ud;
  csvr_row row;
  char *store;        /* field bytes of the current row */
  size_t used, cap;
  size_t line;        /* line being fed */
  size_t next_start;  /* where the next row starts */
  size_t row_bytes;   /* bytes fed since the row started: bounds libcsv's buffer */
  int stop, nomem, toobig;
} collect;

static void on_field(void *s, size_t n, void *data) {
  collect *c = data;
  if (c->stop) return;
  if (c->row.nfields < CSVR_MAX_FIELDS) {
    if (n > CSVR_FIELD_MAX) {
      c->toobig = 1;
      c->stop = 1;
      return;
    }
    if (c->used + n + 1 > c->cap) {
      size_t cap = c->cap ? c->cap : 4096;
      char *ns;
      while (cap < c->used + n + 1) cap *= 2;
      ns = realloc(c->store, cap);
      if (!ns) {
        c->nomem = c->stop = 1;
        return;
      }
      c->store = ns;
      c->cap = cap;
    }
    memcpy(c->store + c->used, s ? s : "", n);
    c->store[c->used + n] = 0;
    /* offsets for now: store may move; turned into pointers at row end */
    c->row.field[c->row.nfields] = (const char *)(uintptr_t)c->used;
    c->row.len[c->row.nfields] = n;
    c->used += n + 1;
  }
  c->row.nfields++;
}

static void on_row(int ch, void *data) {
  collect *c = data;
  size_t k;
  (void)ch;
  if (c->stop) return;
  k = c->row.nfields < CSVR_MAX_FIELDS ? c->row.nfields : CSVR_MAX_FIELDS;
  for (size_t i = 0; i < k; i++) c->row.field[i] = c->store + (uintptr_t)c->row.field[i];
  c->row.line = c->next_start;
  /* A lone Ctrl-Z (OFAC's end of file) is no row. */
  if (!(c->row.nfields == 1 && c->row.len[0] == 1 && c->row.field[0][0] == 0x1A))
    if (c->fn(c->ud, &c->row)) c->stop = 1;
  c->row.nfields = 0;
  c->used = 0;
  c->row_bytes = 0;
  c->next_start = c->line + 1;
}

/* libcsv reports nothing for an empty line: a blank line fed at the start
** of a row moves the next row's start past it. */
static void blank_line(collect *c, const char *s, size_t n) {
  size_t k = 0;
  while (k < n && (s[k] == '\r' || s[k] == '\n')) k++;
  if (k == n && c->row_bytes == n && c->row.nfields == 0) {
    c->next_start = c->line + 1;
    c->row_bytes = 0;
  }
}

static zeef_status run(struct csv_parser *p, collect *c, const char *buf, size_t len,
                       size_t *bad_line) {
  size_t i = 0;
  if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
      (unsigned char)buf[2] == 0xBF)
    i = 3;
  while (i < len && !c->stop) {
    const char *nl = memchr(buf + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - buf) + 1 : len;
    c->line++;
    if ((c->row_bytes += end - i) > CSVR_ROW_MAX) {
      *bad_line = c->next_start;
      return ZEEF_E_FORMAT;
    }
    if (csv_parse(p, buf + i, end - i, on_field, on_row, c) != end - i) {
      *bad_line = c->next_start;
      return ZEEF_E_FORMAT;
    }
    blank_line(c, buf + i, end - i);
    i = end;
  }
  return ZEEF_OK;
}

/* libcsv's parser states (struct csv_parser is public; the values are
** those of libcsv.c): a quoted field begun and not closed. */
#define LIBCSV_FIELD_BEGUN 2

static zeef_status finish(struct csv_parser *p, collect *c, zeef_status rc, size_t *bad_line) {
  /* A quote still open at the end of the input swallowed every row after
  ** it: the input cannot be read as rows. */
  if (!rc && !c->stop && p->quoted && p->pstate == LIBCSV_FIELD_BEGUN) {
    *bad_line = c->next_start;
    rc = ZEEF_E_FORMAT;
  }
  if (!rc && !c->stop && csv_fini(p, on_field, on_row, c) != 0) {
    *bad_line = c->next_start;
    rc = ZEEF_E_FORMAT;
  }
  if (!rc && c->nomem) rc = ZEEF_E_NOMEM;
  if (!rc && c->toobig) {
    *bad_line = c->next_start;
    rc = ZEEF_E_FORMAT;
  }
  csv_free(p);
  free(c->store);
  return rc;
}

static void setup(struct csv_parser *p, collect *c, csvr_fn fn, void *ud) {
  memset(c, 0, sizeof *c);
  c->fn = fn;
  c->ud = ud;
  c->next_start = 1;
  /* Lenient inside fields: a stray quote in Ay"man stays a character. */
  csv_init(p, CSV_APPEND_NULL);
}

zeef_status csvr_buffer(const char *buf, size_t len, csvr_fn fn, void *ud, size_t *bad_line) {
  struct csv_parser p;
  collect c;
  size_t dummy;
  if (!bad_line) bad_line = &dummy;
  *bad_line = 0;
  setup(&p, &c, fn, ud);
  return finish(&p, &c, run(&p, &c, buf, len, bad_line), bad_line);
}

zeef_status csvr_stream(FILE *f, csvr_fn fn, void *ud, size_t *bad_line) {
  struct csv_parser p;
  collect c;
  zeef_status rc = ZEEF_OK;
  char *line = NULL;
  size_t cap = 0, dummy;
  ssize_t n;
  if (!bad_line) bad_line = &dummy;
  *bad_line = 0;
  setup(&p, &c, fn, ud);
  while (!rc && !c.stop && (n = getline(&line, &cap, f)) > 0) {
    if ((size_t)n > CSVR_LINE_MAX) {
      *bad_line = c.line + 1;
      rc = ZEEF_E_FORMAT;
      break;
    }
    /* The byte order mark only counts at the very start. */
    if (c.line == 0) rc = run(&p, &c, line, (size_t)n, bad_line);
    else {
      c.line++;
      if ((c.row_bytes += (size_t)n) > CSVR_ROW_MAX ||
          csv_parse(&p, line, (size_t)n, on_field, on_row, &c) != (size_t)n) {
        *bad_line = c.next_start;
        rc = ZEEF_E_FORMAT;
      }
      blank_line(&c, line, (size_t)n);
    }
  }
  if (!rc && ferror(f)) rc = ZEEF_E_IO;
  free(line);
  return finish(&p, &c, rc, bad_line);
}

zeef_status csvr_file(const char *path, csvr_fn fn, void *ud, size_t *bad_line) {
  zeef_status rc;
  FILE *f = fopen(path, "rb");
  if (!f) return ZEEF_E_IO;
  rc = csvr_stream(f, fn, ud, bad_line);
  fclose(f);
  return rc;
}
