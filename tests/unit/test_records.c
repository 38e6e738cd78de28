/*
** test_records.c: zeef_records_read(), the traveller input of `zeef screen`,
** on CSV and JSON lines held in memory (fmemopen): one callback per input
** record, in order, with the line it starts on; names from name or from
** surname + given_names; every date and nationality form; a value that does
** not parse becomes a warning and is cleared while the record is still
** screened; a record that cannot be screened carries an error; an input
** that cannot be read as a whole is refused with the line that broke it.
*/
#include "tests.h"

#include <stdio.h>
#include <string.h>

#define FIX "tests/fixtures/"

/* ------------------------------------------------------------ Collector */

#define RECS_MAX 32

/* A copy of one zeef_record: its strings are valid during the callback only. */
typedef struct rec {
  size_t line;
  char id[64];
  char name[256];
  size_t name_len; /* the whole name's, beyond what name keeps */
  zeef_name_form form;
  zeef_date birth;
  char nationality[4];
  char gender;
  int has_doc;
  char doc[64];
  char doc_country[4];
  int has_error;
  char error[256];
  size_t nwarnings;
  char warnings[ZEEF_RECORD_MAX_WARNINGS][ZEEF_RECORD_TEXT];
} rec;

typedef struct recs {
  size_t n; /* callbacks, also those past RECS_MAX */
  size_t stop_after; /* return nonzero after this many; 0: never */
  rec r[RECS_MAX];
} recs;

static recs got;

static int on_record(void *ud, const zeef_record *r) {
  recs *s = ud;
  if (s->n < RECS_MAX) {
    rec *c = &s->r[s->n];
    memset(c, 0, sizeof *c);
    c->line = r->line;
    snprintf(c->id, sizeof c->id, "%s", r->id ? r->id : "(null)");
    c->name_len = strlen(r->name);
    snprintf(c->name, sizeof c->name, "%s", r->name ? r->name : "(null)");
    c->form = r->form;
    c->birth = r->birth;
    memcpy(c->nationality, r->nationality, 4);
    c->gender = r->gender;
    c->has_doc = r->doc_number != NULL;
    snprintf(c->doc, sizeof c->doc, "%s", r->doc_number ? r->doc_number : "");
    memcpy(c->doc_country, r->doc_country, 4);
    c->has_error = r->error != NULL;
    snprintf(c->error, sizeof c->error, "%s", r->error ? r->error : "");
    c->nwarnings = r->nwarnings;
    for (size_t i = 0; i < r->nwarnings && i < ZEEF_RECORD_MAX_WARNINGS; i++)
      memcpy(c->warnings[i], r->warnings[i], ZEEF_RECORD_TEXT);
  }
  s->n++;
  return s->stop_after && s->n >= s->stop_after;
}

/* The group's context (th_ctx_setup), for the helpers below. */
static const zeef_ctx *g_ctx;
/* Why the last read refused its input, when it did. */
static zeef_read_error g_err;

static int setup(void **state) {
  int rc = th_ctx_setup(state);
  g_ctx = *state;
  return rc;
}

/* Reads input (NUL terminated) with format into got, the callback asking to
** stop after stop records (0: never); returns the status, and in *bad_line
** the line the read error names (0: none). The stream is read as a stream
** (fmemopen) and the same bytes as a buffer: both must give the same
** records and status. The stream is closed before anything is asserted. */
static zeef_status read_bytes(const char *input, size_t len, zeef_input_format fmt,
                              size_t *bad_line, size_t stop) {
  static recs first; /* large: off the stack */
  FILE *f = len ? fmemopen((void *)input, len, "r") : tmpfile();
  zeef_status rc, rc2;
  memset(&got, 0, sizeof got);
  got.stop_after = stop;
  assert_non_null(f);
  rc = zeef_records_read(g_ctx, f, fmt, on_record, &got, &g_err);
  fclose(f);
  first = got;
  memset(&got, 0, sizeof got);
  got.stop_after = stop;
  rc2 = zeef_records_read_buffer(g_ctx, input, len, fmt, on_record, &got, NULL);
  assert_int_equal(rc, rc2);
  assert_int_equal(first.n, got.n);
  assert_memory_equal(first.r, got.r, sizeof first.r[0] * (got.n < RECS_MAX ? got.n : RECS_MAX));
  if (bad_line) *bad_line = g_err.line;
  return rc;
}

static zeef_status read_stop(const char *input, zeef_input_format fmt, size_t *bad_line,
                             size_t stop) {
  return read_bytes(input, strlen(input), fmt, bad_line, stop);
}

static zeef_status read_text(const char *input, zeef_input_format fmt, size_t *bad_line) {
  return read_stop(input, fmt, bad_line, 0);
}

/* Reads input that must read without error. */
static void read_ok(const char *input, zeef_input_format fmt) {
  size_t bad = 99;
  zeef_status rc = read_text(input, fmt, &bad);
  if (rc != ZEEF_OK) fail_msg("zeef_records_read: %s (bad line %zu)", zeef_strerror(rc), bad);
  assert_int_equal(bad, 0);
}

static void print_rec(const rec *r) {
  char d[32];
  zeef_date_format(&r->birth, d, sizeof d);
  print_error("  line %zu id \"%s\" name \"%s\" birth %s nat \"%s\" gender %d doc %s/\"%s\" "
              "error \"%s\" warnings %zu\n",
              r->line, r->id, r->name, d, r->nationality, r->gender,
              r->has_doc ? r->doc : "(none)", r->doc_country, r->error, r->nwarnings);
}

static void print_all(void) {
  for (size_t i = 0; i < got.n && i < RECS_MAX; i++) print_rec(&got.r[i]);
}

/* A record that is screened as it is: no error, no warning. */
static void check_clean(const rec *r) {
  if (r->has_error || r->nwarnings) {
    print_rec(r);
    fail_msg("record on line %zu: error \"%s\", %zu warnings (first: \"%s\")", r->line, r->error,
             r->nwarnings, r->nwarnings ? r->warnings[0] : "");
  }
}

static void check_date(const zeef_date *d, int kind, int year, int month, int day) {
  if (d->kind != kind || d->year != year || d->year_to != year || d->month != month ||
      d->day != day || d->approx)
    fail_msg("date kind %d %d-%d-%d (to %d, approx %d); want kind %d %d-%d-%d", d->kind, d->year,
             d->month, d->day, d->year_to, d->approx, kind, year, month, day);
}

/* ------------------------------------------------------------------ CSV */

static void csv_one_record_per_row_in_order(void **state) {
  (void)state;
  read_ok("id,name,birth_date,nationality,gender,document_number,document_country\n"
          "R1,Ayman al-Zawahiri,1951-06-19,EGY,M,1084010,EG\n"
          "R2,\"Lopez Garcia, Maria\",1990-04-12,ES,f,,\n"
          "R3,\"Name over\ntwo lines\",1970,,,,\n"
          "R4,Jan Jansen,,,,,\n",
          ZEEF_IN_CSV);
  if (got.n != 4) print_all();
  assert_int_equal(got.n, 4);
  for (size_t i = 0; i < 4; i++) check_clean(&got.r[i]);
  assert_string_equal(got.r[0].id, "R1");
  assert_string_equal(got.r[1].id, "R2");
  assert_string_equal(got.r[2].id, "R3");
  assert_string_equal(got.r[3].id, "R4");
  /* the line each record starts on: R3's quoted name spans lines 4-5 */
  assert_int_equal(got.r[0].line, 2);
  assert_int_equal(got.r[1].line, 3);
  assert_int_equal(got.r[2].line, 4);
  assert_int_equal(got.r[3].line, 6);

  assert_string_equal(got.r[0].name, "Ayman al-Zawahiri");
  assert_int_equal(got.r[0].form, ZEEF_FORM_FREE);
  check_date(&got.r[0].birth, ZEEF_DATE_DAY, 1951, 6, 19);
  assert_string_equal(got.r[0].nationality, "EGY");
  assert_int_equal(got.r[0].gender, 'M');
  assert_true(got.r[0].has_doc);
  assert_string_equal(got.r[0].doc, "1084010");
  assert_string_equal(got.r[0].doc_country, "EGY"); /* "EG" */

  assert_string_equal(got.r[1].name, "Lopez Garcia, Maria");
  assert_string_equal(got.r[1].nationality, "ESP");
  assert_int_equal(got.r[1].gender, 'F'); /* "f" */
  assert_false(got.r[1].has_doc);        /* empty: NULL, not "" */
  assert_string_equal(got.r[1].doc_country, "");

  assert_string_equal(got.r[2].name, "Name over\ntwo lines");
  check_date(&got.r[2].birth, ZEEF_DATE_YEAR, 1970, 0, 0);

  /* nothing but a name */
  assert_string_equal(got.r[3].name, "Jan Jansen");
  assert_int_equal(got.r[3].birth.kind, ZEEF_DATE_NONE);
  assert_string_equal(got.r[3].nationality, "");
  assert_int_equal(got.r[3].gender, 0);
}

static void csv_header_any_order_any_case(void **state) {
  (void)state;
  read_ok("Nationality, NAME ,Birth-Date,Document Number\n"
          "EGY,Ayman al-Zawahiri,1951,A123\n",
          ZEEF_IN_AUTO);
  assert_int_equal(got.n, 1);
  check_clean(&got.r[0]);
  assert_string_equal(got.r[0].id, ""); /* no id column */
  assert_string_equal(got.r[0].name, "Ayman al-Zawahiri");
  assert_string_equal(got.r[0].nationality, "EGY");
  check_date(&got.r[0].birth, ZEEF_DATE_YEAR, 1951, 0, 0);
  assert_string_equal(got.r[0].doc, "A123");
}

static void csv_blank_lines_keep_line_numbers(void **state) {
  /* A blank line is no record, but it is a line of the input: the records
  ** after it are reported on the lines they are on. */
  (void)state;
  read_ok("id,name\n"
          "R1,Jan Jansen\n"
          "\n"
          "R2,Piet Pieters\n"
          "\n"
          "\n"
          "R3,Kees Klaassen\n",
          ZEEF_IN_CSV);
  assert_int_equal(got.n, 3);
  if (got.r[0].line != 2 || got.r[1].line != 4 || got.r[2].line != 7) {
    print_all();
    fail_msg("lines %zu, %zu, %zu; want 2, 4, 7", got.r[0].line, got.r[1].line, got.r[2].line);
  }
}

static void csv_crlf_lines(void **state) {
  (void)state;
  read_ok("id,name,nationality\r\nR1,Jan Jansen,NLD\r\nR2,Piet Pieters,BEL\r\n", ZEEF_IN_AUTO);
  assert_int_equal(got.n, 2);
  check_clean(&got.r[0]);
  check_clean(&got.r[1]);
  assert_int_equal(got.r[0].line, 2);
  assert_int_equal(got.r[1].line, 3);
  assert_string_equal(got.r[1].name, "Piet Pieters");
  assert_string_equal(got.r[1].nationality, "BEL");
}

/* ---------------------------------------------------------------- Names */

static void surname_and_given_names_composed(void **state) {
  const zeef_ctx *ctx = *state;
  zeef_name *n;
  zeef_token_info t;
  int i;
  read_ok("id,surname,given_names\n"
          "S1,JANSSEN,Pieter Karel\n"
          "S2,JANSSEN,\n"
          "S3,,Pieter\n",
          ZEEF_IN_CSV);
  assert_int_equal(got.n, 3);
  for (size_t k = 0; k < 3; k++) check_clean(&got.r[k]);
  assert_string_equal(got.r[0].name, "JANSSEN, Pieter Karel");
  assert_string_equal(got.r[1].name, "JANSSEN");
  assert_string_equal(got.r[2].name, "Pieter");
  /* the composed form keeps the roles */
  n = th_name(ctx, got.r[0].name, got.r[0].form);
  i = th_find_latin(n, "janssen");
  assert_true(i >= 0);
  t = th_tok(n, (size_t)i);
  assert_int_equal(t.role, ZEEF_ROLE_SURNAME);
  i = th_find_latin(n, "pieter");
  assert_true(i >= 0);
  t = th_tok(n, (size_t)i);
  assert_int_equal(t.role, ZEEF_ROLE_GIVEN);

  /* JSON lines: the same; name wins when both are there */
  read_ok("{\"surname\": \"JANSSEN\", \"given_names\": \"Pieter Karel\"}\n"
          "{\"name\": \"Jan Jansen\", \"surname\": \"JANSSEN\", \"given_names\": \"Pieter\"}\n",
          ZEEF_IN_JSONL);
  assert_int_equal(got.n, 2);
  assert_string_equal(got.r[0].name, "JANSSEN, Pieter Karel");
  assert_string_equal(got.r[1].name, "Jan Jansen");
}

static void no_name_is_an_error(void **state) {
  (void)state;
  read_ok("id,name,surname,given_names,birth_date\n"
          "N1,,,,1975-03-02\n"
          "N2,   ,,,1975\n"
          "N3,Jan Jansen,,,1975\n",
          ZEEF_IN_CSV);
  assert_int_equal(got.n, 3);
  for (size_t k = 0; k < 2; k++) {
    if (!got.r[k].has_error) {
      print_rec(&got.r[k]);
      fail_msg("record %s has no name but no error", got.r[k].id);
    }
    assert_true(strlen(got.r[k].error) > 0);
    assert_string_equal(got.r[k].name, "");
  }
  assert_string_equal(got.r[0].id, "N1"); /* the id is still reported */
  assert_int_equal(got.r[0].line, 2);
  check_clean(&got.r[2]);

  read_ok("{\"id\": \"N1\", \"birth_date\": \"1975\"}\n{}\n", ZEEF_IN_JSONL);
  assert_int_equal(got.n, 2);
  assert_true(got.r[0].has_error);
  assert_true(got.r[1].has_error);
}

/* ---------------------------------------------------------------- Values */

static void every_date_form(void **state) {
  (void)state;
  read_ok("id,name,birth_date\n"
          "D1,Jan Jansen,1951-06-19\n"
          "D2,Jan Jansen,1951-06\n"
          "D3,Jan Jansen,1951\n"
          "D4,Jan Jansen,19.06.1951\n"
          "D5,Jan Jansen,19/06/1951\n"
          "D6,Jan Jansen, 1951-06-19 \n",
          ZEEF_IN_CSV);
  assert_int_equal(got.n, 6);
  for (size_t k = 0; k < 6; k++) check_clean(&got.r[k]);
  check_date(&got.r[0].birth, ZEEF_DATE_DAY, 1951, 6, 19);
  check_date(&got.r[1].birth, ZEEF_DATE_MONTH, 1951, 6, 0);
  check_date(&got.r[2].birth, ZEEF_DATE_YEAR, 1951, 0, 0);
  check_date(&got.r[3].birth, ZEEF_DATE_DAY, 1951, 6, 19);
  check_date(&got.r[4].birth, ZEEF_DATE_DAY, 1951, 6, 19);
  check_date(&got.r[5].birth, ZEEF_DATE_DAY, 1951, 6, 19);

  /* JSON: strings, and a year as a number */
  read_ok("{\"name\": \"Jan Jansen\", \"birth_date\": \"19.06.1951\"}\n"
          "{\"name\": \"Jan Jansen\", \"birth_date\": 1951}\n",
          ZEEF_IN_JSONL);
  assert_int_equal(got.n, 2);
  check_date(&got.r[0].birth, ZEEF_DATE_DAY, 1951, 6, 19);
  check_date(&got.r[1].birth, ZEEF_DATE_YEAR, 1951, 0, 0);
  check_clean(&got.r[1]);
}

static void every_nationality_form(void **state) {
  (void)state;
  read_ok("name,nationality,document_country\n"
          "Jan Jansen,EGY,EGY\n"
          "Jan Jansen,EG,eg\n"
          "Jan Jansen,eg,Egypt\n"
          "Jan Jansen,Egypt,egy\n"
          "Jan Jansen,egypt,EG\n",
          ZEEF_IN_CSV);
  assert_int_equal(got.n, 5);
  for (size_t k = 0; k < 5; k++) {
    check_clean(&got.r[k]);
    assert_string_equal(got.r[k].nationality, "EGY");
    assert_string_equal(got.r[k].doc_country, "EGY");
  }
}

static void every_gender_form(void **state) {
  (void)state;
  static const char want[] = {'M', 'F', 'M', 'F', 'X', 'x', 0};
  read_ok("name,gender\nA B,M\nA B,f\nA B,Male\nA B,female\nA B,X\nA B,x\nA B,\n", ZEEF_IN_CSV);
  assert_int_equal(got.n, 7);
  for (size_t k = 0; k < 7; k++) {
    char w = want[k] == 'x' ? 'X' : want[k];
    check_clean(&got.r[k]);
    if (got.r[k].gender != w) fail_msg("row %zu: gender %d, want %d", k + 2, got.r[k].gender, w);
  }
}

static void invalid_values_warn_and_clear(void **state) {
  (void)state;
  read_ok("id,name,birth_date,nationality,gender,document_number,document_country\n"
          "V1,Erik Svensson,31.02.1980,Atlantis,Q,X1234567,Narnia\n",
          ZEEF_IN_CSV);
  assert_int_equal(got.n, 1);
  {
    const rec *r = &got.r[0];
    /* still screened */
    assert_false(r->has_error);
    assert_string_equal(r->name, "Erik Svensson");
    /* each bad value cleared and named in a warning */
    assert_int_equal(r->birth.kind, ZEEF_DATE_NONE);
    assert_int_equal(r->birth.year, 0);
    assert_int_equal(r->birth.month, 0);
    assert_int_equal(r->birth.day, 0);
    assert_string_equal(r->nationality, "");
    assert_int_equal(r->gender, 0);
    assert_string_equal(r->doc_country, "");
    assert_string_equal(r->doc, "X1234567"); /* the number itself is fine */
    assert_int_equal(r->nwarnings, 4);
    assert_non_null(strstr(r->warnings[0], "birth_date"));
    assert_non_null(strstr(r->warnings[0], "31.02.1980"));
    assert_non_null(strstr(r->warnings[1], "nationality"));
    assert_non_null(strstr(r->warnings[1], "Atlantis"));
    assert_non_null(strstr(r->warnings[2], "gender"));
    assert_non_null(strstr(r->warnings[2], "Q"));
    assert_non_null(strstr(r->warnings[3], "document_country"));
    assert_non_null(strstr(r->warnings[3], "Narnia"));
  }
  /* the same in JSON */
  read_ok("{\"name\": \"Erik Svensson\", \"birth_date\": \"31.02.1980\", \"nationality\": "
          "\"Atlantis\", \"gender\": \"Q\"}\n",
          ZEEF_IN_AUTO);
  assert_int_equal(got.n, 1);
  assert_false(got.r[0].has_error);
  assert_int_equal(got.r[0].nwarnings, 3);
  assert_int_equal(got.r[0].birth.kind, ZEEF_DATE_NONE);
  assert_string_equal(got.r[0].nationality, "");
  assert_int_equal(got.r[0].gender, 0);
}

/* ----------------------------------------------------------- JSON lines */

static void jsonl_bad_line_is_one_error_record(void **state) {
  (void)state;
  read_ok("{\"id\": \"J1\", \"name\": \"Jan Jansen\"}\n"
          "{\"id\": \"J2\", \"name\": \"Piet\n"
          "{\"id\": \"J3\", \"name\": \"Kees Klaassen\"}\n"
          "[1, 2]\n"
          "\n"
          "{\"id\": 6, \"name\": \"Joost Joosten\"}\r\n",
          ZEEF_IN_AUTO);
  if (got.n != 5) print_all();
  assert_int_equal(got.n, 5);
  assert_int_equal(got.r[0].line, 1);
  assert_int_equal(got.r[1].line, 2);
  assert_int_equal(got.r[2].line, 3);
  assert_int_equal(got.r[3].line, 4);
  assert_int_equal(got.r[4].line, 6); /* the blank line 5 is no record */
  check_clean(&got.r[0]);
  assert_true(got.r[1].has_error);
  assert_true(strlen(got.r[1].error) > 0);
  check_clean(&got.r[2]);
  assert_string_equal(got.r[2].id, "J3");
  assert_string_equal(got.r[2].name, "Kees Klaassen");
  assert_true(got.r[3].has_error); /* JSON, but not an object */
  check_clean(&got.r[4]);
  assert_string_equal(got.r[4].id, "6");
}

/* -------------------------------------------------------- Whole inputs */

static void csv_header_without_name_refused(void **state) {
  size_t bad = 0;
  (void)state;
  assert_int_equal(read_text("id,traveller,birth_date\nR1,Jan Jansen,1970\n", ZEEF_IN_AUTO, &bad),
                   ZEEF_E_FORMAT);
  assert_int_equal(bad, 1);
  assert_int_equal(got.n, 0); /* nothing screened against a wrong header */
  assert_non_null(strstr(g_err.message, "name=COLUMN")); /* and the way out is named */
}

/* An opening quote never closed would swallow every row after it. The row
** ends, as an error naming its line, where the next line is a well-formed
** row of its own; reading goes on from there. */
static void csv_unclosed_quote_is_one_error_record(void **state) {
  (void)state;
  read_ok("id,name,birth_date\n"
          "R1,Jan Jansen,1970\n"
          "R2,Ann Smith,1971\n"
          "R3,Kees Klaassen,1972\n"
          "R4,Joe Bloggs,1973\n"
          "R5,\"Piet Pieters,1974\n"
          "R6,Karel de Groot,1975\n",
          ZEEF_IN_CSV);
  if (got.n != 6) print_all();
  assert_int_equal(got.n, 6);
  for (size_t i = 0; i < 6; i++) assert_int_equal(got.r[i].line, i + 2);
  assert_true(got.r[4].has_error);
  assert_non_null(strstr(got.r[4].error, "quote"));
  assert_non_null(strstr(got.r[4].error, "line 6"));
  check_clean(&got.r[5]);
  assert_string_equal(got.r[5].name, "Karel de Groot");
  /* at the end of the input, the open row is the last error */
  read_ok("name,birth_date\nA B,1970\n\"C D,1971\n", ZEEF_IN_CSV);
  assert_int_equal(got.n, 2);
  assert_true(got.r[1].has_error);
  assert_int_equal(got.r[1].line, 3);
}

/* A quoted field that really holds a line break is one record: the line
** that closes the quote cannot be a row of its own. */
static void csv_quoted_line_break_kept(void **state) {
  (void)state;
  read_ok("id,name,birth_date\n"
          "R1,\"Jan\nJansen\",1970\n"
          "R2,Piet Pieters,1971\n",
          ZEEF_IN_CSV);
  assert_int_equal(got.n, 2);
  check_clean(&got.r[0]);
  assert_string_equal(got.r[0].name, "Jan\nJansen");
  assert_int_equal(got.r[1].line, 4);
  check_clean(&got.r[1]);
}

/* A field or a line over its limit is an error record; the rows around it
** are read. The line is read past, not held. */
static void csv_oversized_field_and_line(void **state) {
  static char input[(1 << 20) + 80000];
  size_t k = 0;
  (void)state;
  k += (size_t)snprintf(input + k, sizeof input - k, "id,name\nR1,Jan Jansen\nR2,");
  memset(input + k, 'a', 70000), k += 70000; /* a field over 65,536 bytes */
  k += (size_t)snprintf(input + k, sizeof input - k, "\nR3,");
  memset(input + k, 'b', (1 << 20) + 10), k += (1 << 20) + 10; /* a line over 1 MiB */
  k += (size_t)snprintf(input + k, sizeof input - k, "\nR4,Piet Pieters\n");
  input[k] = 0;
  read_ok(input, ZEEF_IN_CSV);
  assert_int_equal(got.n, 4);
  check_clean(&got.r[0]);
  assert_true(got.r[1].has_error);
  assert_non_null(strstr(got.r[1].error, "longer than"));
  assert_int_equal(got.r[1].line, 3);
  assert_true(got.r[2].has_error);
  assert_int_equal(got.r[2].line, 4);
  check_clean(&got.r[3]);
  assert_int_equal(got.r[3].line, 5);
}

/* Lines that end in a lone CR (old Mac files) are numbered one by one. */
static void cr_only_lines_numbered(void **state) {
  (void)state;
  read_ok("id,name\rR1,Jan Jansen\rR2,Piet Pieters\r", ZEEF_IN_CSV);
  assert_int_equal(got.n, 2);
  assert_int_equal(got.r[0].line, 2);
  assert_int_equal(got.r[1].line, 3);
  read_ok("{\"name\": \"A B\"}\r{\"name\": \"C D\"}\r", ZEEF_IN_JSONL);
  assert_int_equal(got.n, 2);
  assert_int_equal(got.r[1].line, 2);
}

/* JSON lines with a byte-order mark: the first traveller is read. */
static void jsonl_bom_skipped(void **state) {
  (void)state;
  read_ok("\xEF\xBB\xBF{\"name\": \"A B\"}\n{\"name\": \"C D\"}\n", ZEEF_IN_AUTO);
  assert_int_equal(got.n, 2);
  check_clean(&got.r[0]);
  assert_string_equal(got.r[0].name, "A B");
}

/* A JSON array of travellers: one record per element, numbered from 1; an
** element that is not an object is an error of its own. */
static void json_array_records(void **state) {
  size_t bad = 0;
  (void)state;
  read_ok("[{\"id\": \"a\", \"name\": \"A B\"}, 7, {\"name\": \"C D\", \"gender\": \"female\"}]",
          ZEEF_IN_AUTO);
  assert_int_equal(got.n, 3);
  check_clean(&got.r[0]);
  assert_int_equal(got.r[0].line, 1);
  assert_true(got.r[1].has_error);
  assert_non_null(strstr(got.r[1].error, "element 2"));
  assert_int_equal(got.r[2].gender, 'F');
  assert_int_equal(read_text("{\"name\": 1}", ZEEF_IN_JSON, &bad), ZEEF_E_FORMAT);
  assert_non_null(strstr(g_err.message, "not an array"));
  assert_int_equal(read_text("[{\"name\": \"A\"", ZEEF_IN_JSON, &bad), ZEEF_E_FORMAT);
  assert_non_null(strstr(g_err.message, "not JSON"));
  assert_int_equal(got.n, 0);
}

static void empty_input_no_records(void **state) {
  static const zeef_input_format fmts[] = {ZEEF_IN_AUTO, ZEEF_IN_CSV, ZEEF_IN_JSONL};
  (void)state;
  for (size_t i = 0; i < 3; i++) {
    read_ok("", fmts[i]);
    assert_int_equal(got.n, 0);
  }
  read_ok("\n\r\n  \n", ZEEF_IN_AUTO);
  assert_int_equal(got.n, 0);
  /* a header alone: no records either */
  read_ok("id,name\n", ZEEF_IN_AUTO);
  assert_int_equal(got.n, 0);
}

static void callback_stops_reading(void **state) {
  size_t bad = 0;
  (void)state;
  assert_int_equal(read_stop("name\nA B\nC D\nE F\nG H\n", ZEEF_IN_CSV, &bad, 2), ZEEF_OK);
  assert_int_equal(got.n, 2);
  assert_int_equal(read_stop("{\"name\": \"A B\"}\n{\"name\": \"C D\"}\n", ZEEF_IN_JSONL, &bad, 1),
                   ZEEF_OK);
  assert_int_equal(got.n, 1);
}

static void bad_arguments(void **state) {
  (void)state;
  assert_int_equal(zeef_records_read(g_ctx, NULL, ZEEF_IN_AUTO, on_record, &got, NULL), ZEEF_E_INVALID);
  assert_int_equal(zeef_records_read(NULL, stdin, ZEEF_IN_AUTO, on_record, &got, NULL), ZEEF_E_INVALID);
  assert_int_equal(zeef_records_read_buffer(g_ctx, NULL, 3, ZEEF_IN_AUTO, on_record, &got, NULL),
                   ZEEF_E_INVALID);
}

/* ------------------------------------------------------------- Fixtures */

/* Reads a fixture file into got. */
static void read_fixture(const char *path) {
  FILE *f = fopen(path, "rb");
  zeef_read_error err;
  zeef_status rc;
  if (!f) fail_msg("cannot open %s (tests run from the repository root)", path);
  memset(&got, 0, sizeof got);
  rc = zeef_records_read(g_ctx, f, ZEEF_IN_AUTO, on_record, &got, &err);
  fclose(f);
  if (rc) fail_msg("%s: %s at line %zu: %s", path, zeef_strerror(rc), err.line, err.message);
}

static void fixtures_csv_and_jsonl_agree(void **state) {
  static recs csv; /* large: off the stack */
  (void)state;
  read_fixture(FIX "travellers.csv");
  csv = got;
  read_fixture(FIX "travellers.jsonl");
  assert_int_equal(csv.n, 9);
  assert_int_equal(got.n, 9);
  for (size_t i = 0; i < 9; i++) {
    const rec *a = &csv.r[i], *b = &got.r[i];
    assert_int_equal(a->line, i + 2); /* after the header */
    assert_int_equal(b->line, i + 1);
    assert_string_equal(a->id, b->id);
    assert_string_equal(a->name, b->name);
    assert_memory_equal(&a->birth, &b->birth, sizeof a->birth);
    assert_string_equal(a->nationality, b->nationality);
    assert_int_equal(a->gender, b->gender);
    assert_int_equal(a->has_doc, b->has_doc);
    assert_string_equal(a->doc, b->doc);
    assert_string_equal(a->doc_country, b->doc_country);
    assert_int_equal(a->has_error, b->has_error);
    assert_int_equal(a->nwarnings, b->nwarnings);
  }
  /* T04 has three bad values, T05 no name, the rest are clean. */
  for (size_t i = 0; i < 9; i++) {
    if (i == 3) {
      assert_int_equal(csv.r[i].nwarnings, 3);
      assert_false(csv.r[i].has_error);
    } else if (i == 4) {
      assert_true(csv.r[i].has_error);
    } else {
      check_clean(&csv.r[i]);
    }
  }
  assert_string_equal(csv.r[2].name, "JANSSEN, Pieter Karel");
  check_date(&csv.r[2].birth, ZEEF_DATE_DAY, 1983, 7, 30);
  assert_string_equal(csv.r[2].nationality, "NLD"); /* "Netherlands" */
  assert_string_equal(csv.r[1].nationality, "ESP"); /* "ES" */
  assert_string_equal(csv.r[7].doc_country, "EGY"); /* "Egypt" */
}

/* A NUL byte in a value is an export artefact: the value is screened as
** written, the NUL read as a space, never cut there, with a warning. */
static void nul_byte_read_as_space(void **state) {
  static const char csv[] = "id,name\nR1,Ayman\0 al-Zawahiri\n";
  static const char jsonl[] = "{\"name\": \"Ayman\\u0000 al-Zawahiri\"}\n";
  (void)state;
  assert_int_equal(read_bytes(csv, sizeof csv - 1, ZEEF_IN_CSV, NULL, 0), ZEEF_OK);
  assert_int_equal(got.n, 1);
  assert_false(got.r[0].has_error);
  assert_string_equal(got.r[0].name, "Ayman  al-Zawahiri");
  assert_int_equal(got.r[0].nwarnings, 1);
  assert_non_null(strstr(got.r[0].warnings[0], "NUL"));
  read_ok(jsonl, ZEEF_IN_JSONL);
  assert_int_equal(got.n, 1);
  assert_string_equal(got.r[0].name, "Ayman  al-Zawahiri");
  assert_non_null(strstr(got.r[0].warnings[0], "NUL"));
}

/* A value over the limit is cut on a whole character, with a warning. */
static void long_value_cut_on_a_character(void **state) {
  static char input[4096];
  size_t k = (size_t)snprintf(input, sizeof input, "id,name\nR1,A ");
  (void)state;
  /* 1,022 bytes so far in the value with the "A ", then a two-byte letter
  ** straddling the limit */
  memset(input + k, 'b', 1021), k += 1021;
  memcpy(input + k, "\xC3\xA9xyz\n", 6), k += 6;
  input[k] = 0;
  read_ok(input, ZEEF_IN_CSV);
  assert_int_equal(got.n, 1);
  assert_int_equal(got.r[0].nwarnings, 1);
  assert_non_null(strstr(got.r[0].warnings[0], "longer than"));
  /* 1,024 bytes would cut the letter in two: the value ends before it */
  assert_int_equal(got.r[0].name_len, 1023);
}

/* A column named twice is refused at the header: which one would hold the
** name is a guess. */
static void duplicated_column_refused(void **state) {
  size_t bad = 0;
  (void)state;
  assert_int_equal(read_text("id,name,Name\nR1,A B,C D\n", ZEEF_IN_AUTO, &bad), ZEEF_E_FORMAT);
  assert_int_equal(bad, 1);
  assert_non_null(strstr(g_err.message, "both hold name"));
  assert_int_equal(got.n, 0);
  /* two names for one field count as two */
  assert_int_equal(read_text("id,Name,Full Name\nR1,A B,C D\n", ZEEF_IN_AUTO, &bad), ZEEF_E_FORMAT);
  assert_non_null(strstr(g_err.message, "both hold name"));
}

/* Files written by other systems and in other languages: the header names
** they use, ';' and tab between fields, the columns zeef does not read
** named once, with the first record. */
static void csv_headers_as_others_write_them(void **state) {
  (void)state;
  assert_int_equal(read_text("Passenger ID;Last Name;First Name;DOB;Nationality;Sex;Flight\n"
                             "P1;AL-ZAWAHIRI;Ayman;19/06/1951;EGY;M;KL641\n"
                             "P2;\"De Vries; jr\";Anna;14.02.1988;NLD;F;KL641\n",
                             ZEEF_IN_AUTO, NULL),
                   ZEEF_OK);
  assert_int_equal(got.n, 2);
  assert_string_equal(got.r[0].id, "P1");
  assert_string_equal(got.r[0].name, "AL-ZAWAHIRI, Ayman");
  check_date(&got.r[0].birth, ZEEF_DATE_DAY, 1951, 6, 19);
  assert_string_equal(got.r[0].nationality, "EGY");
  assert_int_equal(got.r[0].gender, 'M');
  assert_int_equal(got.r[0].nwarnings, 1);
  assert_non_null(strstr(got.r[0].warnings[0], "\"Flight\""));
  assert_string_equal(got.r[1].name, "De Vries; jr, Anna"); /* a quoted ';' stays in its field */
  assert_int_equal(got.r[1].nwarnings, 0);                   /* said once */
  /* French capitals with accents, tabs */
  assert_int_equal(read_text("NOM\tPR\xc3\x89NOM\tDATE DE NAISSANCE\tNATIONALIT\xc3\x89\n"
                             "Dupont\tJean\t1960-01-02\tFRA\n",
                             ZEEF_IN_AUTO, NULL),
                   ZEEF_OK);
  assert_int_equal(got.n, 1);
  assert_string_equal(got.r[0].name, "Dupont, Jean");
  check_date(&got.r[0].birth, ZEEF_DATE_DAY, 1960, 1, 2);
  assert_string_equal(got.r[0].nationality, "FRA");
  assert_int_equal(got.r[0].nwarnings, 0);
  /* German, a passport column */
  assert_int_equal(read_text("Nachname,Vorname,Geburtsdatum,Reisepassnummer\nMeier,Anna,1.2.1970,C01X00T47\n",
                             ZEEF_IN_AUTO, NULL),
                   ZEEF_OK);
  assert_string_equal(got.r[0].name, "Meier, Anna");
  assert_string_equal(got.r[0].doc, "C01X00T47");
  /* JSON keys as headers are read */
  assert_int_equal(read_text("{\"full_name\": \"Ayman al-Zawahiri\", \"dob\": \"1951-06-19\", \"seat\": \"3A\"}\n"
                             "{\"name\": \"Jan de Vries\", \"seat\": \"3B\"}\n",
                             ZEEF_IN_JSONL, NULL),
                   ZEEF_OK);
  assert_string_equal(got.r[0].name, "Ayman al-Zawahiri");
  check_date(&got.r[0].birth, ZEEF_DATE_DAY, 1951, 6, 19);
  assert_non_null(strstr(got.r[0].warnings[0], "\"seat\""));
  assert_int_equal(got.r[1].nwarnings, 0);
}

/* zeef_records_read_with() on a stream of text: its status. */
static zeef_status read_with(const char *input, const zeef_read_options *o) {
  FILE *f = fmemopen((void *)input, strlen(input), "r");
  zeef_status rc;
  memset(&got, 0, sizeof got);
  assert_non_null(f);
  rc = zeef_records_read_with(g_ctx, f, o, on_record, &got, &g_err);
  fclose(f);
  return rc;
}

/* Columns mapped to fields: read before the names zeef knows; a map to a
** column the header lacks, or to no field, refuses the input and says so. */
static void csv_columns_mapped(void **state) {
  static const char text[] = "Passagier,Geb,Name\nJan de Vries,1980-03-04,Kees\n";
  zeef_read_options o;
  (void)state;
  memset(&o, 0, sizeof o);
  o.map[0] = "name=passagier";
  o.map[1] = "birth_date=GEB";
  o.nmap = 2;
  assert_int_equal(read_with(text, &o), ZEEF_OK);
  assert_int_equal(got.n, 1);
  assert_string_equal(got.r[0].name, "Jan de Vries"); /* the map, not the header "Name" */
  check_date(&got.r[0].birth, ZEEF_DATE_DAY, 1980, 3, 4);
  assert_non_null(strstr(got.r[0].warnings[0], "\"Name\"")); /* now a column not read */
  o.map[1] = "birth_date=Geburt";
  assert_int_equal(read_with(text, &o), ZEEF_E_FORMAT);
  assert_non_null(strstr(g_err.message, "\"Geburt\""));
  assert_int_equal(got.n, 0);
  o.map[1] = "born=Geb";
  assert_int_equal(read_with(text, &o), ZEEF_E_INVALID);
  assert_non_null(strstr(g_err.message, "born=Geb"));
  o.map[1] = "birth_date=";
  assert_int_equal(read_with(text, &o), ZEEF_E_INVALID);
}

/* Dates of three numbers: day first unless told month first; a date only
** one order makes is read so; the first date that shows the input's order
** is not the one set warns, once. */
static void csv_date_order(void **state) {
  static const char text[] = "name,dob\nA B,05/02/1970\nC D,02/14/1988\nE F,03/15/1990\nG H,31/12/1971\n";
  zeef_read_options o;
  (void)state;
  memset(&o, 0, sizeof o);
  assert_int_equal(read_with(text, &o), ZEEF_OK);
  check_date(&got.r[0].birth, ZEEF_DATE_DAY, 1970, 2, 5);
  check_date(&got.r[1].birth, ZEEF_DATE_DAY, 1988, 2, 14);
  assert_int_equal(got.r[1].nwarnings, 1);
  assert_non_null(strstr(got.r[1].warnings[0], "month first"));
  assert_int_equal(got.r[2].nwarnings, 0); /* once */
  check_date(&got.r[3].birth, ZEEF_DATE_DAY, 1971, 12, 31);
  o.date_order = ZEEF_MONTH_FIRST;
  assert_int_equal(read_with(text, &o), ZEEF_OK);
  check_date(&got.r[0].birth, ZEEF_DATE_DAY, 1970, 5, 2);
  assert_int_equal(got.r[1].nwarnings, 0);
  check_date(&got.r[3].birth, ZEEF_DATE_DAY, 1971, 12, 31);
  assert_int_equal(got.r[3].nwarnings, 1);
  assert_non_null(strstr(got.r[3].warnings[0], "day first"));
}

/* Compressed input is named as such, not read as a malformed CSV. */
static void compressed_input_named(void **state) {
  static const char gz[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00";
  size_t bad = 0;
  (void)state;
  assert_int_equal(read_bytes(gz, sizeof gz - 1, ZEEF_IN_AUTO, &bad, 0), ZEEF_E_FORMAT);
  assert_non_null(strstr(g_err.message, "gzip"));
  assert_int_equal(read_bytes(gz, sizeof gz - 1, ZEEF_IN_CSV, &bad, 0), ZEEF_E_FORMAT);
  assert_int_equal(got.n, 0);
}

int test_records(void) {
  const struct CMUnitTest tests[] = {
      TH_TEST(csv_one_record_per_row_in_order),
      TH_TEST(csv_header_any_order_any_case),
      TH_TEST(csv_blank_lines_keep_line_numbers),
      TH_TEST(csv_crlf_lines),
      TH_TEST(surname_and_given_names_composed),
      TH_TEST(no_name_is_an_error),
      TH_TEST(every_date_form),
      TH_TEST(every_nationality_form),
      TH_TEST(every_gender_form),
      TH_TEST(invalid_values_warn_and_clear),
      TH_TEST(jsonl_bad_line_is_one_error_record),
      TH_TEST(csv_header_without_name_refused),
      TH_TEST(csv_unclosed_quote_is_one_error_record),
      TH_TEST(csv_quoted_line_break_kept),
      TH_TEST(csv_oversized_field_and_line),
      TH_TEST(cr_only_lines_numbered),
      TH_TEST(jsonl_bom_skipped),
      TH_TEST(json_array_records),
      TH_TEST(nul_byte_read_as_space),
      TH_TEST(long_value_cut_on_a_character),
      TH_TEST(duplicated_column_refused),
      TH_TEST(csv_headers_as_others_write_them),
      TH_TEST(csv_columns_mapped),
      TH_TEST(csv_date_order),
      TH_TEST(compressed_input_named),
      TH_TEST(empty_input_no_records),
      TH_TEST(callback_stops_reading),
      TH_TEST(bad_arguments),
      TH_TEST(fixtures_csv_and_jsonl_agree),
  };
  th_tests_total += (int)(sizeof tests / sizeof tests[0]);
  return cmocka_run_group_tests_name("records", tests, setup, th_ctx_teardown);
}
