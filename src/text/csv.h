/*
** csv.h: rows of a CSV file, with the line each row starts on, over libcsv
** (RFC 4180 quoting). Used by the list readers and the traveller reader.
*/
#ifndef ZEEF_CSV_H
#define ZEEF_CSV_H

#include "../internal.h"

#include <stdio.h>

#define CSVR_MAX_FIELDS 64     /* fields beyond are counted, not kept */
#define CSVR_FIELD_MAX 65536   /* longer fields are refused as malformed */
#define CSVR_LINE_MAX (1 << 20) /* one physical line, for line counting */
#define CSVR_ROW_MAX (4 << 20)  /* one row, quoted line breaks included */

typedef struct csvr_row {
  size_t line;    /* 1-based line the row starts on */
  size_t nfields; /* fields in the row, also those past CSVR_MAX_FIELDS */
  const char *field[CSVR_MAX_FIELDS]; /* NUL terminated, valid in the callback */
  size_t len[CSVR_MAX_FIELDS];
} csvr_row;

/* Called for each row; return nonzero to stop reading. */
typedef int (*csvr_fn)(void *ud, const csvr_row *row);

/* Reads the CSV file at path, calling fn for every row (a lone Ctrl-Z byte
** ending OFAC files and a UTF-8 byte order mark are skipped; empty lines
** give no row). Returns ZEEF_E_IO when the file cannot be read, ZEEF_E_FORMAT
** for malformed quoting or an oversized field, with *bad_line set; else
** ZEEF_OK. */
zeef_status csvr_file(const char *path, csvr_fn fn, void *ud, size_t *bad_line);

/* The same over an open stream (read to its end, not closed). */
zeef_status csvr_stream(FILE *f, csvr_fn fn, void *ud, size_t *bad_line);

/* The same over a memory buffer. */
zeef_status csvr_buffer(const char *buf, size_t len, csvr_fn fn, void *ud, size_t *bad_line);

#endif
