/*
** test_alloc.c: allocation failure. A counting allocator fails the Nth
** allocation; for N = 1, 2, ... the whole life of a context and two names
** runs until no allocation fails. Every failing run must return
** ZEEF_E_NOMEM, leave its OUT pointer NULL, and, once the caller has freed
** what it got, leave zero live allocations. The same loop runs over the
** screening path: four lists (one per format), the index, and travellers
** in CSV, JSON lines, MRZ and PAXLST screened one by one.
*/
#include "tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each block carries a header so the allocator can see a free or realloc of
** memory it never handed out (or a double free). */
#define MAGIC_LIVE 0x5a45454655u
#define MAGIC_DEAD 0xdeadbeefu

typedef struct hdr {
  size_t magic;
  size_t size;
  max_align_t pad[1]; /* keeps the payload aligned */
} hdr;

typedef struct counter {
  long calls;   /* malloc and realloc calls so far */
  long fail_at; /* the call number that fails; 0: never */
  long live;    /* blocks handed out and not yet freed */
  long bad;     /* frees/reallocs of pointers we did not hand out */
  long failed;  /* how many calls were failed */
} counter;

#define HDR_SIZE (offsetof(hdr, pad) + sizeof(max_align_t))

static int fail_now(counter *c) {
  c->calls++;
  if (c->fail_at != 0 && c->calls == c->fail_at) {
    c->failed++;
    return 1;
  }
  return 0;
}

static hdr *header_of(counter *c, void *p) {
  hdr *h = (hdr *)(void *)((char *)p - HDR_SIZE);
  if (h->magic != MAGIC_LIVE) {
    c->bad++;
    return NULL;
  }
  return h;
}

static void *c_malloc(void *ud, size_t size) {
  counter *c = ud;
  if (fail_now(c)) return NULL;
  hdr *h = malloc(HDR_SIZE + size);
  if (!h) return NULL;
  h->magic = MAGIC_LIVE;
  h->size = size;
  c->live++;
  return (char *)h + HDR_SIZE;
}

static void c_free(void *ud, void *p) {
  counter *c = ud;
  if (!p) return;
  hdr *h = header_of(c, p);
  if (!h) return;
  h->magic = MAGIC_DEAD;
  c->live--;
  free(h);
}

static void *c_realloc(void *ud, void *p, size_t size) {
  counter *c = ud;
  if (!p) return c_malloc(ud, size);
  hdr *h = header_of(c, p);
  if (!h) return NULL;
  if (fail_now(c)) return NULL;
  hdr *nh = realloc(h, HDR_SIZE + size);
  if (!nh) return NULL;
  nh->size = size;
  return (char *)nh + HDR_SIZE;
}

/* Names that exercise the Latin path, the tables, the comma split, Arabic
** and Cyrillic transliteration, articles and compounds. */
static const char *const name_a = "أيمن محمد ربيع الظواهري";
static const char *const name_b = "AL-ZAWAHIRI, Dr Abd al-Rahman bin Ayman";
static const char *const name_c = "Рамзан Кадыров";

/* One run with the Nth allocation failing. Returns 1 when no allocation
** failed (the loop is done), 0 otherwise; fails the test on any breach.
** *score: the score when the whole run succeeded. */
static int one_run(long n, double *score) {
  counter c = {0, n, 0, 0, 0};
  zeef_allocator al = {c_malloc, c_realloc, c_free, &c};
  zeef_ctx *ctx = NULL;
  zeef_name *a = NULL, *b = NULL, *d = NULL;
  zeef_status rc;
  zeef_match m;
  char where[64] = "";

  rc = zeef_ctx_new(&al, &ctx);
  if (rc != ZEEF_OK) {
    snprintf(where, sizeof where, "zeef_ctx_new");
    if (ctx != NULL) goto out_bad_ptr;
    goto out;
  }
  rc = zeef_name_analyze(ctx, name_a, strlen(name_a), ZEEF_FORM_FREE, &a);
  if (rc != ZEEF_OK) {
    snprintf(where, sizeof where, "analyze(a)");
    if (a != NULL) goto out_bad_ptr;
    goto out;
  }
  rc = zeef_name_analyze(ctx, name_b, strlen(name_b), ZEEF_FORM_FREE, &b);
  if (rc != ZEEF_OK) {
    snprintf(where, sizeof where, "analyze(b)");
    if (b != NULL) goto out_bad_ptr;
    goto out;
  }
  rc = zeef_name_analyze(ctx, name_c, strlen(name_c), ZEEF_FORM_FREE, &d);
  if (rc != ZEEF_OK) {
    snprintf(where, sizeof where, "analyze(c)");
    if (d != NULL) goto out_bad_ptr;
    goto out;
  }
  rc = zeef_compare(ctx, a, b, &m);
  if (rc != ZEEF_OK) {
    snprintf(where, sizeof where, "compare");
    goto out;
  }
  *score = m.score;
out:
  zeef_name_free(a);
  zeef_name_free(b);
  zeef_name_free(d);
  zeef_ctx_free(ctx);
  if (c.bad != 0) fail_msg("N=%ld: %ld free/realloc of a foreign pointer", n, c.bad);
  if (c.live != 0)
    fail_msg("N=%ld: %ld live allocation(s) after freeing everything (%s: %s)", n, c.live,
             where[0] ? where : "no error", zeef_strerror(rc));
  if (c.failed == 0) {
    if (rc != ZEEF_OK) fail_msg("N=%ld: %s failed with %s, no allocation failed", n, where,
                                zeef_strerror(rc));
    return 1;
  }
  if (rc != ZEEF_E_NOMEM) {
    if (rc == ZEEF_OK)
      fail_msg("N=%ld: allocation %ld failed but every call returned success", n, n);
    fail_msg("N=%ld: %s returned %s, want %s", n, where, zeef_strerror(rc),
             zeef_strerror(ZEEF_E_NOMEM));
  }
  return 0;
out_bad_ptr:
  fail_msg("N=%ld: %s failed (%s) but left its OUT pointer non-NULL", n, where,
           zeef_strerror(rc));
  return 0;
}

static void fail_nth_allocation(void **state) {
  (void)state;
  long n;
  double want = -1.0, got = -1.0;
  assert_int_equal(one_run(0, &want), 1); /* never fails: the reference */
  for (n = 1; n < 1000000; n++)
    if (one_run(n, &got)) break;
  assert_true(n > 1); /* the context allocates at least once */
  assert_true(n < 1000000);
  /* Injected failures earlier in the loop leave no trace in a later run. */
  assert_true(got == want);
  print_message("alloc: %ld allocation points, each failed once cleanly\n", n - 1);
}

static void compare_allocates_nothing(void **state) {
  (void)state;
  counter c = {0, 0, 0, 0, 0};
  zeef_allocator al = {c_malloc, c_realloc, c_free, &c};
  zeef_ctx *ctx = NULL;
  zeef_name *a = NULL, *b = NULL;
  zeef_match m;
  char buf[4096];
  size_t need;
  assert_int_equal(zeef_ctx_new(&al, &ctx), ZEEF_OK);
  zeef_status ra = zeef_name_analyze(ctx, name_a, strlen(name_a), ZEEF_FORM_FREE, &a);
  zeef_status rb = zeef_name_analyze(ctx, name_b, strlen(name_b), ZEEF_FORM_FREE, &b);
  long before = c.calls;
  zeef_status rm = ra || rb ? ZEEF_E_INVALID : zeef_compare(ctx, a, b, &m);
  long during = c.calls - before;
  double sim = ra || rb ? 0 : zeef_token_similarity(ctx, a, 0, b, 0);
  zeef_status re = rm ? rm : zeef_explain(a, b, &m, buf, sizeof buf, &need);
  long total = c.calls - before;
  zeef_name_free(a);
  zeef_name_free(b);
  zeef_ctx_free(ctx);
  assert_int_equal(ra, ZEEF_OK);
  assert_int_equal(rb, ZEEF_OK);
  assert_int_equal(rm, ZEEF_OK);
  assert_int_equal(re, ZEEF_OK);
  assert_true(sim >= 0.0 && sim <= 1.0);
  assert_int_equal(during, 0);
  assert_int_equal(total, 0);
  assert_int_equal(c.live, 0);
  assert_int_equal(c.bad, 0);
}

/* --------------------------------------------- Lists, records, screening */

/* The state of one run of the screening path. */
typedef struct path_run {
  const zeef_ctx *ctx;
  const zeef_screener *scr;
  zeef_hit hits[8];
  zeef_status rc; /* the first failure met while screening */
  size_t records;
} path_run;

static int screen_one(void *ud, const zeef_record *r) {
  path_run *p = ud;
  zeef_traveller t;
  zeef_status rc;
  size_t n = 0;
  p->records++;
  if (r->error) return 0;
  rc = zeef_traveller_from_record(p->ctx, r, &t);
  if (rc == ZEEF_OK) rc = zeef_screen(p->scr, &t, 0.5, p->hits, 8, &n);
  zeef_traveller_clear(&t);
  if (rc == ZEEF_E_EMPTY || rc == ZEEF_E_UTF8) rc = ZEEF_OK; /* the input's, not memory's */
  if (rc) p->rc = rc;
  return rc != ZEEF_OK; /* stop at the first failure */
}

#define FIX "tests/fixtures/"

/* Loads four lists, one of each format, indexes them, and reads and
** screens travellers in every input format; the first failure is returned
** and *where names the step. */
static zeef_status screening_path(const zeef_ctx *ctx, size_t *records, const char **where) {
  static const struct {
    const char *name, *path;
  } lists[] = {{"UN", FIX "un_excerpt.xml"},
               {"OFAC", FIX "ofac/sdn.csv"},
               {"FTM", FIX "ftm_excerpt.json"},
               {"NATIONAL", FIX "national.csv"}};
  static const char *const inputs[] = {FIX "travellers.csv", FIX "travellers.jsonl",
                                       "data/demo/gate.mrz", "data/demo/flight.paxlst"};
  zeef_list *l[4] = {0};
  zeef_screener *scr = NULL;
  zeef_status rc = ZEEF_OK;
  path_run p;
  memset(&p, 0, sizeof p);
  *where = "";
  for (size_t i = 0; i < 4 && !rc; i++) {
    rc = zeef_list_load(ctx, lists[i].name, lists[i].path, ZEEF_LIST_AUTO, NULL, NULL, &l[i]);
    if (rc) {
      *where = lists[i].path;
      if (l[i]) fail_msg("%s: failed with %s, its list pointer set", lists[i].path, zeef_strerror(rc));
    }
  }
  if (!rc) {
    rc = zeef_screener_new(ctx, (const zeef_list *const *)l, 4, NULL, NULL, &scr);
    *where = "zeef_screener_new";
    if (rc && scr) fail_msg("zeef_screener_new failed with %s, its pointer set", zeef_strerror(rc));
  }
  p.ctx = ctx;
  p.scr = scr;
  for (size_t i = 0; i < 4 && !rc; i++) {
    FILE *f = fopen(inputs[i], "rb");
    if (!f) fail_msg("cannot open %s (tests run from the repository root)", inputs[i]);
    rc = zeef_records_read(ctx, f, ZEEF_IN_AUTO, screen_one, &p, NULL);
    fclose(f);
    if (!rc) rc = p.rc;
    *where = inputs[i];
  }
  zeef_screener_free(scr);
  for (size_t i = 0; i < 4; i++) zeef_list_free(l[i]);
  *records = p.records;
  return rc;
}

/* The same loop as fail_nth_allocation over the screening path: the
** context is made once (with the counting allocator), then for N = 1,
** 2, ... the Nth allocation after it fails. Every run must end in
** ZEEF_E_NOMEM with nothing left allocated but the context, until a run
** where nothing fails reads as many records as the reference run. */
static void fail_nth_allocation_screening(void **state) {
  counter c = {0, 0, 0, 0, 0};
  zeef_allocator al = {c_malloc, c_realloc, c_free, &c};
  zeef_ctx *ctx = NULL;
  size_t want = 0, got = 0;
  const char *where;
  long base_live, n;
  (void)state;
  assert_int_equal(zeef_ctx_new(&al, &ctx), ZEEF_OK);
  base_live = c.live;
  assert_int_equal(screening_path(ctx, &want, &where), ZEEF_OK);
  assert_true(want > 20);
  assert_int_equal(c.live, base_live);
  for (n = 1; n < 1000000; n++) {
    zeef_status rc;
    c.failed = 0;
    c.fail_at = c.calls + n;
    rc = screening_path(ctx, &got, &where);
    c.fail_at = 0;
    if (c.bad) fail_msg("N=%ld: %ld free/realloc of a foreign pointer", n, c.bad);
    if (c.live != base_live)
      fail_msg("N=%ld: %ld allocation(s) left after %s failed with %s", n, c.live - base_live,
               where, zeef_strerror(rc));
    if (!c.failed) {
      assert_int_equal(rc, ZEEF_OK);
      break;
    }
    if (rc != ZEEF_E_NOMEM)
      fail_msg("N=%ld: allocation failed in %s but the path returned %s", n, where,
               zeef_strerror(rc));
  }
  assert_int_equal(got, want);
  zeef_ctx_free(ctx);
  assert_int_equal(c.live, 0);
  print_message("alloc: screening path, %ld allocation points, each failed once cleanly\n", n - 1);
}

int test_alloc(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(fail_nth_allocation),
      cmocka_unit_test(compare_allocates_nothing),
      cmocka_unit_test(fail_nth_allocation_screening),
  };
  th_tests_total += (int)(sizeof tests / sizeof tests[0]);
  return cmocka_run_group_tests_name("alloc", tests, NULL, NULL);
}
