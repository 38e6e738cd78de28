/*
** test_pnrgov.c: zeef_pnrgov_read(), UN/EDIFACT PNRGOV bookings: every
** field of tests/fixtures/bookings.pnrgov (three bookings, written for
** these tests with the anomalies real files carry: a UNA of five
** characters, a PNR without its SRC, a curly quotation mark as a
** terminator, a name wrapped over two lines, an infant's document on its
** adult's record, a codeshare's second TVL, a wrong UNT count, a DOCS with
** empty fields, an unmasked card); the booking as the source of each
** traveller's record; every sample of ../shared/data/pnrgov-samples read
** with its anomalies as warnings, not errors (when the folder is there);
** hostile input (truncation at every byte, mutated bytes) under ASan; and
** the refusal of input holding no PNRGOV message.
*/
#include "tests.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIX "tests/fixtures/"
#define SAMPLES "../shared/data/pnrgov-samples/"
#define KEEP 8

typedef struct got {
  size_t n;
  zeef_pnr p[KEEP];
} got;

static got *g;
static zeef_ctx *g_ctx;

static int setup(void **state) {
  (void)state;
  g = calloc(1, sizeof *g);
  return g && zeef_ctx_new(NULL, &g_ctx) == ZEEF_OK ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  zeef_ctx_free(g_ctx);
  free(g);
  g_ctx = NULL;
  g = NULL;
  return 0;
}

static int on_pnr(void *ud, const zeef_pnr *p) {
  got *s = ud;
  if (s->n < KEEP) s->p[s->n] = *p;
  s->n++;
  return 0;
}

static int has_warning(const zeef_pnr *p, const char *part) {
  for (size_t i = 0; i < p->nwarnings; i++)
    if (strstr(p->warnings[i], part)) return 1;
  return 0;
}

static void read_fixture(void) {
  size_t len, bad = 0;
  char *b = th_slurp(FIX "bookings.pnrgov", &len);
  assert_non_null(b);
  memset(g, 0, sizeof *g);
  assert_int_equal(zeef_pnrgov_read(g_ctx, b, len, on_pnr, g, &bad), ZEEF_OK);
  free(b);
  assert_int_equal(g->n, 3);
}

static void booking_fields(void **state) {
  const zeef_pnr *p;
  (void)state;
  read_fixture();
  p = &g->p[0];
  assert_string_equal(p->locator, "ABC123");
  assert_string_equal(p->system, "XQ");
  assert_string_equal(p->version, "11:1");
  assert_string_equal(p->created, "2026-12-01T10:15");
  assert_string_equal(p->booked, "2026-12-01T10:15");
  assert_string_equal(p->ticketed, "2026-12-02T08:00");
  assert_string_equal(p->flight, "XQ801 2026-12-07T09:30");
  assert_string_equal(p->agency, "XQ:IST 99887766");
  assert_string_equal(p->ticket, "1782400000011");
  assert_int_equal(p->ntravellers, 1);
  assert_string_equal(p->travellers[0].surname, "AL ZAWAHIRI");
  assert_string_equal(p->travellers[0].given_names, "AYMAN"); /* the title MR taken off */
  assert_string_equal(p->travellers[0].frequent_flyer, "XQ 77123456");
  assert_string_equal(p->travellers[0].seat, "12A");
  assert_int_equal(p->travellers[0].bags, 2);
  assert_int_equal(p->travellers[0].ndocs, 1);
  assert_string_equal(p->travellers[0].docs[0].number, "A1084010");
  assert_int_equal(p->travellers[0].docs[0].birth.year, 1951);
  assert_int_equal(p->travellers[0].docs[0].birth.month, 6);
  assert_int_equal(p->travellers[0].docs[0].expiry.year, 2030);
  assert_int_equal(p->nlegs, 1);
  assert_string_equal(p->legs[0].origin, "IST");
  assert_string_equal(p->legs[0].destination, "AMS");
  assert_string_equal(p->legs[0].departure, "2026-12-07T09:30");
  assert_string_equal(p->legs[0].arrival, "2026-12-07T12:30");
  assert_string_equal(p->legs[0].status, "HK");
  /* contacts: the address, its phone (not the postcode), the e-mail decoded */
  assert_int_equal(p->ncontacts, 3);
  assert_string_equal(p->contacts[0].kind, "address");
  assert_string_equal(p->contacts[0].value, "12 KARAKOY CADDESI, ISTANBUL, TR, 34425");
  assert_string_equal(p->contacts[1].value, "00902125550199");
  assert_string_equal(p->contacts[2].kind, "email");
  assert_string_equal(p->contacts[2].value, "a_zawah@mail.example");
  /* the card masked on read, and said */
  assert_int_equal(p->npayments, 1);
  assert_string_equal(p->payments[0].card, "XXXXXXXXXXXX1111");
  assert_string_equal(p->payments[0].payer, "AYMAN AL ZAWAHIRI");
  assert_true(has_warning(p, "an unmasked card number"));
  assert_true(has_warning(p, "UNA (line 1): five service characters"));
}

static void anomalies_are_warnings(void **state) {
  const zeef_pnr *p;
  (void)state;
  read_fixture();
  /* an infant's document, sent on the adult's record, is the infant's;
  ** its surname was wrapped over two lines */
  p = &g->p[1];
  assert_int_equal(p->ntravellers, 2);
  assert_false(p->travellers[0].infant);
  assert_int_equal(p->travellers[0].ndocs, 1);
  assert_string_equal(p->travellers[0].docs[0].number, "NX4KJ1P72");
  assert_true(p->travellers[1].infant);
  assert_int_equal(p->travellers[1].ndocs, 1);
  assert_string_equal(p->travellers[1].docs[0].number, "NZ0000001");
  assert_true(p->travellers[1].docs[0].infant);
  /* the codeshare's operating flight, from the TVL after the leg */
  assert_int_equal(p->nlegs, 1);
  assert_string_equal(p->legs[0].operating, "KL");
  assert_string_equal(p->legs[0].operating_flight, "1958");
  assert_string_equal(p->contacts[1].kind, "phone");
  assert_string_equal(p->contacts[1].value, "0031612345678");
  /* an RCI without its SRC; a curly terminator; empty DOCS fields; the
  ** history not read as the booking; the UNT count on the last PNR */
  p = &g->p[2];
  assert_string_equal(p->locator, "GHI789");
  assert_true(has_warning(p, "segment 38 (RCI, line 41): a PNR without its SRC"));
  assert_true(has_warning(p, "(SSR, line 43): ended by a U+2019"));
  assert_true(has_warning(p, "DOCS with empty fields"));
  assert_true(has_warning(p, "UNT says 99 segments, the message has 45"));
  assert_int_equal(p->nlegs, 1); /* the history's TVL is not a leg */
  assert_int_equal(p->history, 2);
}

static int count_rec(void *ud, const zeef_record *r) {
  size_t *n = ud;
  if (*n == 0) {
    /* the first traveller: the passport's facts, the booking as source */
    assert_string_equal(r->id, "ABC123/1");
    assert_string_equal(r->name, "AL ZAWAHIRI, AYMAN");
    assert_string_equal(r->doc_number, "A1084010");
    assert_string_equal(r->nationality, "EGY");
    assert_int_equal(r->birth.year, 1951);
    assert_non_null(r->pnr);
    assert_ptr_equal(r->pnr_traveller, &r->pnr->travellers[0]);
  }
  if (*n == 3) assert_string_equal(r->name, "NOBODY, KNOWN");
  ++*n;
  return 0;
}

static void records_per_traveller(void **state) {
  size_t n = 0, len;
  zeef_read_error err;
  char *b = th_slurp(FIX "bookings.pnrgov", &len);
  (void)state;
  assert_non_null(b);
  /* detected from its UNH, and read as named */
  assert_int_equal(zeef_records_read_buffer(g_ctx, b, len, ZEEF_IN_AUTO, count_rec, &n, &err), ZEEF_OK);
  assert_int_equal(n, 4);
  n = 0;
  assert_int_equal(zeef_records_read_buffer(g_ctx, b, len, ZEEF_IN_PNRGOV, count_rec, &n, &err), ZEEF_OK);
  assert_int_equal(n, 4);
  free(b);
}

static void samples_read(void **state) {
  static const char *const dirs[] = {SAMPLES "guide-examples/", SAMPLES "gtas-generated/"};
  size_t files = 0;
  (void)state;
  for (size_t d = 0; d < 2; d++) {
    DIR *dir = opendir(dirs[d]);
    struct dirent *e;
    if (!dir) continue;
    while ((e = readdir(dir)) != NULL) {
      char path[512];
      size_t len, bad = 0;
      char *b;
      if (e->d_name[0] == '.') continue;
      snprintf(path, sizeof path, "%s%s", dirs[d], e->d_name);
      if (!(b = th_slurp(path, &len))) continue;
      memset(g, 0, sizeof *g);
      if (zeef_pnrgov_read(g_ctx, b, len, on_pnr, g, &bad) != ZEEF_OK || g->n == 0)
        fail_msg("%s: not read as PNRGOV (segment %zu)", path, bad);
      free(b);
      files++;
    }
    closedir(dir);
  }
  if (!files) {
    th_tests_skipped++;
    skip();
  }
  assert_true(files >= 29);
}

static void hostile_input(void **state) {
  size_t len, bad;
  char *b = th_slurp(FIX "bookings.pnrgov", &len), *m;
  (void)state;
  assert_non_null(b);
  /* cut at every byte: whatever is read is read within the buffer */
  for (size_t i = 0; i <= len; i++) {
    char *c = malloc(i ? i : 1);
    memcpy(c, b, i);
    memset(g, 0, sizeof *g);
    zeef_pnrgov_read(g_ctx, c, i, on_pnr, g, &bad);
    free(c);
  }
  /* bytes changed, one at a time, to separators and high bytes */
  m = malloc(len);
  for (size_t i = 0; i < len; i += 3) {
    static const char subst[] = {'\'', '+', ':', '?', '\\', '/', (char)0xE2, (char)0xFF, 0};
    memcpy(m, b, len);
    m[i] = subst[i % sizeof subst];
    memset(g, 0, sizeof *g);
    zeef_pnrgov_read(g_ctx, m, len, on_pnr, g, &bad);
  }
  free(m);
  free(b);
}

static void not_pnrgov(void **state) {
  size_t bad = 0;
  static const char pax[] = "UNA:+.? 'UNB+UNOA:4+A+B+261207:0600+1'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'UNT+3+1'";
  (void)state;
  memset(g, 0, sizeof *g);
  assert_int_equal(zeef_pnrgov_read(g_ctx, pax, sizeof pax - 1, on_pnr, g, &bad), ZEEF_E_FORMAT);
  assert_int_equal(g->n, 0);
  assert_int_equal(zeef_pnrgov_read(g_ctx, "id,name\n1,x\n", 12, on_pnr, g, &bad), ZEEF_E_FORMAT);
  assert_int_equal(zeef_pnrgov_read(g_ctx, NULL, 0, on_pnr, g, &bad), ZEEF_E_FORMAT);
  assert_int_equal(zeef_pnrgov_read(NULL, pax, 3, on_pnr, g, &bad), ZEEF_E_INVALID);
}

int test_pnrgov(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(booking_fields),        cmocka_unit_test(anomalies_are_warnings),
      cmocka_unit_test(records_per_traveller), cmocka_unit_test(samples_read),
      cmocka_unit_test(hostile_input),         cmocka_unit_test(not_pnrgov),
  };
  th_tests_total += (int)(sizeof tests / sizeof tests[0]);
  return cmocka_run_group_tests_name("pnrgov", tests, setup, teardown);
}
