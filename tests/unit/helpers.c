/*
** helpers.c: scoring helpers shared by the test groups (see tests.h). They
** never assert, so a test can report every miss and still free all it made.
*/
#include "tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int th_ctx_setup(void **state) {
  zeef_ctx *ctx = NULL;
  zeef_status rc = zeef_ctx_new(NULL, &ctx);
  if (rc != ZEEF_OK) {
    print_error("zeef_ctx_new: %s\n", zeef_strerror(rc));
    return -1;
  }
  *state = ctx;
  return 0;
}

int th_ctx_teardown(void **state) {
  zeef_ctx_free(*state);
  *state = NULL;
  return 0;
}

zeef_status th_analyze(const zeef_ctx *ctx, const char *s, zeef_name_form form,
                       zeef_name **out) {
  return zeef_name_analyze(ctx, s, strlen(s), form, out);
}

double th_score(const zeef_ctx *ctx, const char *a, const char *b) {
  zeef_name *na = NULL, *nb = NULL;
  zeef_match m;
  zeef_status rc;
  double score;
  if ((rc = th_analyze(ctx, a, ZEEF_FORM_FREE, &na)) != ZEEF_OK ||
      (rc = th_analyze(ctx, b, ZEEF_FORM_FREE, &nb)) != ZEEF_OK ||
      (rc = zeef_compare(ctx, na, nb, &m)) != ZEEF_OK) {
    print_error("th_score(\"%s\", \"%s\"): %s\n", a, b, zeef_strerror(rc));
    score = -1.0 - (double)rc;
  } else {
    score = m.score;
  }
  zeef_name_free(na);
  zeef_name_free(nb);
  return score;
}

int th_find_latin(const zeef_name *n, const char *latin) {
  for (size_t i = 0; i < zeef_name_token_count(n); i++) {
    zeef_token_info t;
    if (zeef_name_token(n, i, &t) == ZEEF_OK && strcmp(t.latin, latin) == 0) return (int)i;
  }
  return -1;
}

int th_check(const zeef_ctx *ctx, const char *a, const char *b, double min, int want_ge) {
  double s = th_score(ctx, a, b);
  int ok = want_ge ? s >= min : (s >= 0.0 && s < min);
  if (!ok)
    print_error("  MISS: score(\"%s\", \"%s\") = %.4f, want %s %.2f\n", a, b, s,
                want_ge ? ">=" : "<", min);
  return !ok;
}

int th_pairwise_ge(const zeef_ctx *ctx, const char *const *names, size_t n, double min) {
  int misses = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t j = i + 1; j < n; j++) {
      misses += th_check(ctx, names[i], names[j], min, 1);
      misses += th_check(ctx, names[j], names[i], min, 1);
    }
  return misses;
}

/* ------------------------------------------------------------ Name pool */

#define POOL_MAX 256
static zeef_name *pool[POOL_MAX];
static size_t npool;

zeef_name *th_name(const zeef_ctx *ctx, const char *s, zeef_name_form form) {
  zeef_name *n = NULL;
  zeef_status rc = th_analyze(ctx, s, form, &n);
  if (rc != ZEEF_OK) {
    print_error("zeef_name_analyze(\"%s\") = %s, want success\n", s, zeef_strerror(rc));
    zeef_name_free(n);
    fail();
  }
  assert_non_null(n);
  if (npool == POOL_MAX) {
    zeef_name_free(n);
    print_error("th_name: name pool full\n");
    fail();
  }
  pool[npool++] = n;
  return n;
}

int th_pool_teardown(void **state) {
  (void)state;
  while (npool > 0) zeef_name_free(pool[--npool]);
  return 0;
}

zeef_token_info th_tok(const zeef_name *n, size_t i) {
  zeef_token_info t;
  memset(&t, 0, sizeof t);
  assert_int_equal(zeef_name_token(n, i, &t), ZEEF_OK);
  assert_non_null(t.original);
  assert_non_null(t.latin);
  assert_non_null(t.key);
  return t;
}

char *th_slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *b;
  long n;
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  b = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
    free(b);
    b = NULL;
  }
  fclose(f);
  if (b) b[n] = 0;
  *len = b ? (size_t)n : 0;
  return b;
}
