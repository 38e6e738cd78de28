/*
** read_csv.c: zeef's CSV for national and in-house lists. A header names
** the columns, case-insensitively, in any order; unknown columns are
** ignored; only name is required:
**   id, name, aliases (separated by ";"), birth_date, nationality, gender,
**   document_number, document_country, kind (person | organisation),
**   weak_aliases, original_name, place_of_birth, remarks
** birth_date and nationality may hold several values separated by ";".
*/
#include "list.h"
#include "../text/csv.h"
#include "../text/text.h"

#include <string.h>

enum col {
  C_ID, C_NAME, C_ALIASES, C_DOB, C_NAT, C_GENDER, C_DOCNUM, C_DOCCTRY, C_KIND,
  C_WEAK, C_ORIG, C_POB, C_REMARKS, C_COUNT
};

static const char *const col_names[C_COUNT] = {
    "id", "name", "aliases", "birth_date", "nationality", "gender", "document_number",
    "document_country", "kind", "weak_aliases", "original_name", "place_of_birth", "remarks"};

typedef struct zcsv {
  lst_reader *r;
  int col[C_COUNT]; /* field index, or -1 */
  int header;       /* header seen */
  int fatal;
} zcsv;

static int eq_nocase(const char *a, size_t n, const char *b) {
  size_t m = strlen(b);
  if (n != m) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
    if (c == ' ' || c == '-') c = '_';
    if (c != b[i]) return 0;
  }
  return 1;
}

/* Calls fn on each ";"-separated part of s. */
static void parts(lst_reader *r, const char *s, size_t n, size_t line,
                  void (*fn)(lst_reader *, const char *, size_t, size_t)) {
  size_t i = 0;
  while (i <= n) {
    size_t j = i;
    while (j < n && s[j] != ';') j++;
    if (j > i) fn(r, s + i, j - i, line);
    i = j + 1;
  }
}

static const char *f(const csvr_row *row, int c, size_t *n) {
  if (c < 0 || (size_t)c >= row->nfields || c >= CSVR_MAX_FIELDS) {
    *n = 0;
    return "";
  }
  *n = row->len[c];
  return row->field[c];
}

static int on_row(void *ud, const csvr_row *row) {
  zcsv *z = ud;
  lst_reader *r = z->r;
  const char *s;
  size_t n, nn;
  if (row->error) { /* a list is read whole or refused */
    lst_fatal(r, row->line, "malformed CSV: %s", row->error);
    z->fatal = 1;
    return 1;
  }
  if (row->nfields == 1 && row->len[0] == 0) return 0; /* empty line */
  if (!z->header) {
    for (int c = 0; c < C_COUNT; c++) z->col[c] = -1;
    for (size_t i = 0; i < row->nfields && i < CSVR_MAX_FIELDS; i++) {
      const char *h = row->field[i];
      size_t hn = row->len[i];
      h = text_trim(h, &hn);
      for (int c = 0; c < C_COUNT; c++)
        if (eq_nocase(h, hn, col_names[c]) && z->col[c] < 0) z->col[c] = (int)i;
    }
    z->header = 1;
    if (z->col[C_NAME] < 0) {
      lst_fatal(r, row->line, "header has no \"name\" column");
      z->fatal = 1;
      return 1;
    }
    return 0;
  }
  lst_begin(r, row->line);
  s = f(row, z->col[C_ID], &n);
  lst_id(r, s, n);
  s = f(row, z->col[C_KIND], &n);
  s = text_trim(s, &n);
  lst_kind(r, n && (s[0] == 'o' || s[0] == 'O') ? ZEEF_ENTITY_ORGANISATION : ZEEF_ENTITY_PERSON);
  s = f(row, z->col[C_NAME], &nn);
  lst_name(r, s, nn, ZEEF_NAMEQ_PRIMARY);
  s = f(row, z->col[C_ORIG], &n);
  lst_name(r, s, n, ZEEF_NAMEQ_ORIGINAL);
  s = f(row, z->col[C_ALIASES], &n);
  parts(r, s, n, row->line, lst_alias);
  s = f(row, z->col[C_WEAK], &n);
  parts(r, s, n, row->line, lst_weak_alias);
  s = f(row, z->col[C_DOB], &n);
  parts(r, s, n, row->line, lst_date_text);
  s = f(row, z->col[C_NAT], &n);
  parts(r, s, n, row->line, lst_nationality);
  s = f(row, z->col[C_GENDER], &n);
  lst_gender(r, s, n);
  s = f(row, z->col[C_POB], &n);
  lst_place(r, s, n);
  s = f(row, z->col[C_REMARKS], &n);
  lst_remarks(r, s, n);
  {
    size_t cn;
    const char *c = f(row, z->col[C_DOCCTRY], &cn);
    s = f(row, z->col[C_DOCNUM], &n);
    lst_document(r, NULL, 0, s, n, c, cn, row->line);
  }
  lst_end(r);
  return r->rc != ZEEF_OK;
}

zeef_status read_zeef_csv(lst_reader *r, const char *path) {
  zcsv z;
  zeef_status rc;
  memset(&z, 0, sizeof z);
  z.r = r;
  rc = csvr_file(&r->ctx->m, path, on_row, &z);
  if (rc == ZEEF_E_IO) {
    lst_fatal(r, 0, "cannot read the list file");
    return rc;
  }
  if (rc) return rc;
  if (z.fatal) return ZEEF_E_FORMAT;
  if (!z.header) {
    lst_fatal(r, 1, "empty file: no header");
    return ZEEF_E_FORMAT;
  }
  return rc ? rc : r->rc;
}
