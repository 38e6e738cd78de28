/*
** tests.h: what the unit test files share: one group entry point per module,
** the global test count, and helpers that compute a score while owning (and
** freeing) every name, so a failed assertion never leaks under ASan.
**
** Each test_<module>() runs its cmocka group, adds the number of tests in the
** group to th_tests_total, and returns the number of failed tests.
*/
#ifndef ZEEF_TESTS_H
#define ZEEF_TESTS_H

/* cmocka needs these before its header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "zeef.h"

extern int th_tests_total;
/* Tests that called skip(): counted neither as passed nor as failed. */
extern int th_tests_skipped;

int test_status(void);
int test_analyze(void);
int test_compare(void);
int test_alloc(void);
int test_cli(void);
int test_date(void);
int test_country(void);
int test_lists(void);
int test_records(void);
int test_screen(void);
int test_screen_cli(void);
int test_mrz(void);
int test_paxlst(void);
int test_pnrgov(void);
int test_rules(void);
int test_serve(void);
int test_serve_pg(void);
int test_store(void);

/* Group setup/teardown that create and free one shared zeef_ctx in *state. */
/* The file at path in a malloc'd buffer, NUL added (*len bytes without
** it); NULL when it cannot be read. The caller frees it. */
char *th_slurp(const char *path, size_t *len);

int th_ctx_setup(void **state);
int th_ctx_teardown(void **state);

/* Analyses a and b (NUL-terminated, ZEEF_FORM_FREE), compares them and frees
** both. Returns the score, or -1 - status when analysis or comparison failed. */
double th_score(const zeef_ctx *ctx, const char *a, const char *b);

/* Analyses s (NUL terminated) with the given form into *out; returns status. */
zeef_status th_analyze(const zeef_ctx *ctx, const char *s, zeef_name_form form,
                       zeef_name **out);

/* Index of the first token of n whose latin form equals latin, or -1. */
int th_find_latin(const zeef_name *n, const char *latin);

/* Checks every pair (a[i], a[j]), i < j, of the list of names scores at least
** min (both orders). Prints each pair that does not; returns their count. */
int th_pairwise_ge(const zeef_ctx *ctx, const char *const *names, size_t n, double min);

/* Checks score(a, b) >= min (want_ge) or < min (!want_ge); prints the pair and
** the score when it does not hold; returns 1 on a miss, 0 otherwise. */
int th_check(const zeef_ctx *ctx, const char *a, const char *b, double min, int want_ge);

/* A pool of names freed by th_pool_teardown() after each test, even one that
** failed an assertion half way. th_name() analyses s (NUL terminated), asserts
** success, and keeps the name in the pool. */
zeef_name *th_name(const zeef_ctx *ctx, const char *s, zeef_name_form form);
int th_pool_teardown(void **state);
/* Token i of n; fails the test when zeef_name_token() does. */
zeef_token_info th_tok(const zeef_name *n, size_t i);
/* A test that frees its pooled names whatever happens. */
#define TH_TEST(f) cmocka_unit_test_teardown(f, th_pool_teardown)

/* Fails the current test, with a message, when misses != 0. */
#define TH_NO_MISSES(misses)                                          \
  do {                                                                \
    int th_m_ = (misses);                                             \
    if (th_m_ != 0) {                                                 \
      print_error("%d expectation(s) above did not hold\n", th_m_);   \
      fail();                                                         \
    }                                                                 \
  } while (0)

#endif
