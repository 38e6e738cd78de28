/*
** csv.h: rows of a CSV file, with the lines each row spans, over libcsv
** (RFC 4180 quoting). Used by the list readers and the traveller reader.
**
** A row that cannot be read (a quote left open, a field or a line over its
** limit) is delivered as a row with error set and no fields, and reading
** goes on: the caller decides whether one bad row refuses the whole input
** (a watchlist) or is one error among the records (travellers). The rule
** that finds where a broken row ends is in csv.c.
*/
#ifndef ZEEF_CSV_H
#define ZEEF_CSV_H

#include "../internal.h"
#include "text.h"

#include <stdio.h>

#define CSVR_MAX_FIELDS 64      /* fields beyond are counted, not kept */
#define CSVR_FIELD_MAX 65536    /* a longer field makes its row an error */
#define CSVR_LINE_MAX (1 << 20) /* a longer line is an error of its own */
#define CSVR_ROW_MAX (4 << 20)  /* one row, quoted line breaks included */
#define CSVR_ERROR_MAX 160

typedef struct csvr_row {
  size_t line;    /* 1-based line the row starts on */
  size_t last;    /* the line it ends on */
  size_t nfields; /* fields in the row, also those past CSVR_MAX_FIELDS */
  const char *field[CSVR_MAX_FIELDS]; /* NUL terminated, valid in the callback */
  size_t len[CSVR_MAX_FIELDS];
  const char *error; /* NULL, or why the row cannot be read (nfields is 0) */
} csvr_row;

/* Called for each row; return nonzero to stop reading. */
typedef int (*csvr_fn)(void *ud, const csvr_row *row);

/* Reads CSV from the stream f (to its end, not closed) or from buf[0..len),
** calling fn for every row, error rows included (a lone Ctrl-Z byte ending
** OFAC files and a UTF-8 byte order mark are skipped; empty lines give no
** row). Memory comes from m. Returns ZEEF_E_IO on a read error,
** ZEEF_E_NOMEM, else ZEEF_OK. */
zeef_status csvr_stream(const mem *m, FILE *f, csvr_fn fn, void *ud);
zeef_status csvr_buffer(const mem *m, const char *buf, size_t len, csvr_fn fn, void *ud);
/* The same over lines already being read (a reader that peeked at them). */
zeef_status csvr_lines(const mem *m, text_lines *in, csvr_fn fn, void *ud);
/* The same with sep between fields instead of ','. */
zeef_status csvr_lines_sep(const mem *m, text_lines *in, char sep, csvr_fn fn, void *ud);
/* The separator of a header line s[0..n) (up to its line break): ',', ';'
** or tab, whichever appears most outside quotes; ',' on a tie or none (a
** one-column file). Spreadsheets in most EU locales write ';'. */
char csvr_separator(const char *s, size_t n);
/* The same over the file at path: ZEEF_E_IO when it cannot be opened. */
zeef_status csvr_file(const mem *m, const char *path, csvr_fn fn, void *ud);

#endif
