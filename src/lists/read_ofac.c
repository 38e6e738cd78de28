/*
** read_ofac.c: the OFAC SDN list in its legacy CSV layout (no header,
** quoted strings, "-0-" for empty; a Ctrl-Z byte ends each file):
**   sdn.csv          ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
**                    Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks
**   alt.csv          ent_num, alt_num, alt_type (aka, fka, nka), alt_name,
**                    alt_remarks
**   sdn_comments.csv ent_num, remarks continued
**   add.csv          ent_num, add_num, address, city and postal code,
**                    country, add_remarks
** The consolidated non-SDN files (cons_prim.csv, cons_alt.csv, ...) have the
** same layout. Birth dates, places, nationalities, gender and identity
** documents are not columns: they are items of Remarks, separated by ";":
**   DOB 19 Jun 1951; POB Giza, Egypt; nationality Egypt; Gender Male;
**   Passport 1084010 (Egypt); alt. Passport 19820215; ...
** alt.csv, sdn_comments.csv and add.csv are read first into a table sorted
** by ent_num, then sdn.csv is streamed. Without alt.csv a traveller who
** matches only an alias would pass clear, so a missing alt.csv (or add.csv)
** is a note of the list (zeef_list_note()), shown wherever the list is.
*/
#include "list.h"
#include "../text/csv.h"
#include "../text/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OFAC_PATH_MAX 4096

typedef struct extra {
  long ent;
  int kind; /* 0 alias, 1 weak alias, 2 remark continuation, 3 address */
  char *text;
  size_t line;
} extra;

typedef struct ofac {
  lst_reader *r;
  extra *x;
  size_t nx, capx;
  int side_kind; /* while reading a side file: 1 alt, 2 comments, 3 add */
  const char *side_file;
  int fatal;     /* a row could not be read: the list is refused */
} ofac;

/* A row libcsv could not read refuses the list, naming its file and line. */
static int bad_row(ofac *o, const csvr_row *row, const char *file) {
  const char *save = o->r->file;
  o->r->file = file;
  lst_fatal(o->r, row->line, "malformed CSV: %s", row->error);
  o->r->file = save;
  o->fatal = 1;
  return 1;
}

static int is_null(const char *s, size_t n) {
  s = text_trim(s, &n);
  return n == 0 || (n == 3 && memcmp(s, "-0-", 3) == 0);
}

/* An ent_num: at most nine digits. */
static long parse_ent(const char *s, size_t n) {
  size_t v;
  s = text_trim(s, &n);
  return text_uint(s, n, 999999999, &v) ? -1 : (long)v;
}

static int on_side(void *ud, const csvr_row *row) {
  ofac *o = ud;
  long ent;
  size_t col = o->side_kind == 1 ? 3 : o->side_kind == 3 ? 2 : 1;
  char addr[3 * 512];
  extra *e;
  if (row->error) return bad_row(o, row, o->side_file);
  ent = row->nfields ? parse_ent(row->field[0], row->len[0]) : -1;
  if (o->side_kind == 3 && ent >= 0) {
    /* address, city, country: the parts given, joined */
    size_t k = 0;
    for (size_t f = 2; f <= 4 && f < row->nfields; f++) {
      const char *t = row->field[f];
      size_t tn = row->len[f];
      if (is_null(t, tn)) continue;
      t = text_trim(t, &tn);
      if (tn > 500) tn = 500;
      k += (size_t)snprintf(addr + k, sizeof addr - k, "%s%.*s", k ? ", " : "", (int)tn, t);
    }
    if (!k) return 0; /* an address row with nothing in it */
    col = 0;
  }
  if (ent < 0 || row->nfields <= col || (col && is_null(row->field[col], row->len[col]))) {
    if (!(row->nfields == 1 && row->len[0] == 0))
      lst_warn(o->r, row->line, "row without an entity number or text; left out");
    return 0;
  }
  if (o->nx == o->capx) {
    size_t cap = o->capx ? o->capx * 2 : 4096;
    extra *nx = mem_realloc(&o->r->ctx->m, o->x, cap, sizeof *nx);
    if (!nx) {
      o->r->rc = ZEEF_E_NOMEM;
      return 1;
    }
    o->x = nx;
    o->capx = cap;
  }
  e = &o->x[o->nx];
  e->ent = ent;
  e->line = row->line;
  e->kind = o->side_kind == 2 ? 2 : o->side_kind == 3 ? 3 : 0;
  if (o->side_kind == 1 && row->nfields > 4 && !is_null(row->field[4], row->len[4]) &&
      strstr(row->field[4], "weak"))
    e->kind = 1;
  {
    const char *t = col ? row->field[col] : addr;
    size_t tn = col ? row->len[col] : strlen(addr);
    e->text = mem_alloc(&o->r->ctx->m, tn + 1);
    if (!e->text) {
      o->r->rc = ZEEF_E_NOMEM;
      return 1;
    }
    memcpy(e->text, t, tn);
    e->text[tn] = 0;
  }
  o->nx++;
  return 0;
}

static int by_ent(const void *a, const void *b) {
  const extra *x = a, *y = b;
  if (x->ent != y->ent) return x->ent < y->ent ? -1 : 1;
  return x->line < y->line ? -1 : x->line > y->line;
}

/* ------------------------------------------------------------- Remarks */

static int starts(const char *s, size_t n, const char *p) {
  size_t k = strlen(p);
  return n >= k && strncmp(s, p, k) == 0;
}

/* Identity documents as Remarks name them, longest first where one is a
** prefix of another. */
static const char *const doc_types[] = {
    "Diplomatic Passport", "Passport", "National ID No.", "Cedula No.",
    "Identification Number", "C.U.R.P.", "Driver's License No.", "Electoral Registry No.",
    "Credencial electoral", "Personal ID Card", "Residency Number", "Travel Document Number",
    "Birth Certificate Number", "Refugee ID Card", "D.N.I.", "Tax ID No.", NULL};

static void remark_doc(lst_reader *r, const char *type, const char *s, size_t n, size_t line) {
  size_t k = 0, c0, c1;
  while (k < n && s[k] == ' ') k++;
  size_t num0 = k;
  while (k < n && s[k] != ' ' && s[k] != '(' && s[k] != ',') k++;
  size_t num1 = k;
  c0 = c1 = 0;
  while (k < n && s[k] == ' ') k++;
  if (k < n && s[k] == '(') {
    c0 = k + 1;
    while (k < n && s[k] != ')' && s[k] != '.') k++; /* "(Cabo Verde. Previously ...)" */
    c1 = k;
    /* "(9 digits)" and the like are no country */
    if (c1 > c0 && !((s[c0] >= 'A' && s[c0] <= 'Z') || (s[c0] >= 'a' && s[c0] <= 'z'))) c0 = c1 = 0;
  }
  if (num1 > num0)
    lst_document(r, type, strlen(type), s + num0, num1 - num0, c1 > c0 ? s + c0 : NULL,
                 c1 > c0 ? c1 - c0 : 0, line);
}

static void remark_item(lst_reader *r, const char *s, size_t n, size_t line) {
  s = text_trim(s, &n);
  if (starts(s, n, "alt. ")) s += 5, n -= 5;
  if (starts(s, n, "DOB ")) {
    lst_date_text(r, s + 4, n - 4, line);
  } else if (starts(s, n, "POB ")) {
    lst_place(r, s + 4, n - 4);
  } else if (starts(s, n, "nationality ")) {
    lst_nationality(r, s + 12, n - 12, line);
  } else if (starts(s, n, "citizen ")) {
    lst_nationality(r, s + 8, n - 8, line);
  } else if (starts(s, n, "Gender ")) {
    lst_gender(r, s + 7, n - 7);
  } else {
    for (size_t i = 0; doc_types[i]; i++)
      if (starts(s, n, doc_types[i]) && n > strlen(doc_types[i]) && s[strlen(doc_types[i])] == ' ') {
        size_t k = strlen(doc_types[i]);
        remark_doc(r, doc_types[i], s + k, n - k, line);
        break;
      }
  }
}

static void remarks(lst_reader *r, const char *s, size_t n, size_t line) {
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    /* items end at ";" (a "." ends the last one) */
    while (j < n && s[j] != ';') j++;
    size_t e = j;
    if (j == n && e > i && s[e - 1] == '.') e--;
    remark_item(r, s + i, e - i, line);
    i = j + 1;
  }
}

/* --------------------------------------------------------------- sdn.csv */

static int on_sdn(void *ud, const csvr_row *row) {
  ofac *o = ud;
  lst_reader *r = o->r;
  long ent;
  if (row->error) return bad_row(o, row, r->file);
  if (row->nfields == 1 && row->len[0] == 0) return 0;
  ent = row->nfields ? parse_ent(row->field[0], row->len[0]) : -1;
  if (ent < 0 || row->nfields < 3) {
    lst_warn(r, row->line, "row is not an OFAC record (%zu fields, no entity number); left out",
             row->nfields);
    return 0;
  }
  lst_begin(r, row->line);
  lst_id(r, row->field[0], row->len[0]);
  {
    const char *t = row->field[2];
    size_t tn = row->len[2];
    t = text_trim(t, &tn);
    if (tn == 10 && memcmp(t, "individual", 10) == 0) lst_kind(r, ZEEF_ENTITY_PERSON);
    else if (is_null(t, tn)) lst_kind(r, ZEEF_ENTITY_ORGANISATION);
    else lst_kind(r, ZEEF_ENTITY_OTHER);
  }
  if (!is_null(row->field[1], row->len[1])) lst_name(r, row->field[1], row->len[1], ZEEF_NAMEQ_PRIMARY);
  if (row->nfields > 11 && !is_null(row->field[11], row->len[11])) {
    lst_remarks(r, row->field[11], row->len[11]);
    remarks(r, row->field[11], row->len[11], row->line);
  }
  {
    /* aliases and remark continuations: binary search the sorted table */
    size_t lo = 0, hi = o->nx;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (o->x[mid].ent < ent) lo = mid + 1;
      else hi = mid;
    }
    for (; lo < o->nx && o->x[lo].ent == ent; lo++) {
      extra *e = &o->x[lo];
      if (e->kind == 2) remarks(r, e->text, strlen(e->text), e->line);
      else if (e->kind == 3) lst_address(r, e->text, strlen(e->text));
      else lst_name(r, e->text, strlen(e->text), e->kind ? ZEEF_NAMEQ_WEAK : ZEEF_NAMEQ_ALIAS);
    }
  }
  lst_end(r);
  return r->rc != ZEEF_OK;
}

/* The path of a file beside path: dir/sdn.csv -> dir/alt.csv; the
** consolidated list's cons_prim.csv -> cons_alt.csv. */
static int sibling(const char *path, const char *which, char *out, size_t cap) {
  const char *slash = strrchr(path, '/');
  size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
  const char *base = path + dir;
  const char *prefix = strncmp(base, "cons_", 5) == 0 ? "cons_" : "";
  int k = snprintf(out, cap, "%.*s%s%s.csv", (int)dir, path, prefix,
                   strcmp(which, "comments") == 0 && *prefix ? "comments"
                   : strcmp(which, "comments") == 0         ? "sdn_comments"
                                                            : which);
  return k > 0 && (size_t)k < cap;
}

/* Reads the side file which (alt, comments, add) beside path into o's
** table; *found says whether it was there. */
static zeef_status side(ofac *o, const char *path, const char *which, int kind, int *found) {
  char p[OFAC_PATH_MAX];
  zeef_status rc;
  FILE *f;
  *found = 0;
  if (!sibling(path, which, p, sizeof p)) return ZEEF_OK;
  if ((f = fopen(p, "rb")) == NULL) return ZEEF_OK;
  *found = 1;
  lst_file(o->r, p);
  o->side_kind = kind;
  o->side_file = p;
  {
    /* what the side file's rows say is said of the side file */
    const char *save = o->r->file;
    o->r->file = p;
    rc = csvr_stream(&o->r->ctx->m, f, on_side, o);
    if (rc == ZEEF_E_IO) lst_fatal(o->r, 0, "read error");
    o->r->file = save;
  }
  fclose(f);
  if (!rc && o->fatal) rc = ZEEF_E_FORMAT;
  return rc ? rc : o->r->rc;
}

zeef_status read_ofac_csv(lst_reader *r, const char *path) {
  ofac o;
  zeef_status rc;
  int alt = 0, comments = 0, add = 0;
  memset(&o, 0, sizeof o);
  o.r = r;
  rc = side(&o, path, "alt", 1, &alt);
  if (!rc) rc = side(&o, path, "comments", 2, &comments);
  if (!rc) rc = side(&o, path, "add", 3, &add);
  if (!rc && !alt) lst_note(r, "alt.csv is missing beside it: the list's aliases are not screened");
  if (!rc && !add) lst_note(r, "add.csv is missing beside it: the listed addresses are not shown");
  if (!rc) {
    if (o.nx) qsort(o.x, o.nx, sizeof *o.x, by_ent);
    rc = csvr_file(&r->ctx->m, path, on_sdn, &o);
    if (rc == ZEEF_E_IO) lst_fatal(r, 0, "cannot read the list file");
    else if (!rc && o.fatal) rc = ZEEF_E_FORMAT;
  }
  for (size_t i = 0; i < o.nx; i++) mem_free(&r->ctx->m, o.x[i].text);
  mem_free(&r->ctx->m, o.x);
  return rc ? rc : r->rc;
}
