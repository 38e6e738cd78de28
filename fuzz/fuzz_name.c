/*
** fuzz_name.c: libFuzzer target for zeef_name_analyze(), zeef_compare(),
** zeef_token_similarity() and zeef_explain(): names come from passengers,
** documents and lists, all untrusted. The first byte picks the name forms:
** bits 0-1 for name A, bits 2-3 for name B, each % 3 (FREE, MRZ,
** MRZ_TRUNCATED; '@' is FREE/FREE, 'E' MRZ/MRZ). The rest is split at its
** first newline into A and B; without one, the name is compared with itself.
** Checked: every token string is readable, scores lie in [0, 1], pairs
** refer to existing tokens and have a text, a comparison is deterministic,
** and explain both fits a buffer of the size it asks for and truncates
** safely.
** Seeds: fuzz/corpus/fuzz_name/.
*/
#include "fuzz.h"

#define EXPLAIN_SMALL 17
#define EXPLAIN_MAX 65536

static void touch_name(const zeef_name *n) {
  size_t k = zeef_name_token_count(n);
  zeef_token_info t;
  FUZZ_CHECK(k >= 1 && k <= ZEEF_NAME_MAX_TOKENS);
  fuzz_touch(zeef_script_name(zeef_name_script(n)));
  for (size_t i = 0; i < k; i++) {
    FUZZ_CHECK(zeef_name_token(n, i, &t) == ZEEF_OK);
    FUZZ_CHECK(t.original && t.latin && t.key);
    fuzz_touch(t.original);
    fuzz_touch(t.latin);
    fuzz_touch(t.key);
    fuzz_touch(zeef_role_name(t.role));
    FUZZ_CHECK(t.weight >= 0.0 && t.weight <= 1.0);
  }
  FUZZ_CHECK(zeef_name_token(n, k, &t) == ZEEF_E_INVALID);
}

static int in_range(int i, int i2, size_t n) {
  return (i >= 0 && (size_t)i < n) && (i2 == -1 || (i2 >= 0 && (size_t)i2 < n));
}

static void compare(const zeef_ctx *ctx, const zeef_name *a, const zeef_name *b) {
  static char buf[EXPLAIN_MAX];
  char small[EXPLAIN_SMALL];
  zeef_match m, m2;
  size_t na = zeef_name_token_count(a), nb = zeef_name_token_count(b), need = 0, need2 = 0;
  zeef_status rc;
  FUZZ_CHECK(zeef_compare(ctx, a, b, &m) == ZEEF_OK);
  FUZZ_CHECK(m.score >= 0.0 && m.score <= 1.0);
  FUZZ_CHECK(m.npairs <= ZEEF_MAX_PAIRS);
  for (size_t i = 0; i < m.npairs; i++) {
    const zeef_pair *p = &m.pairs[i];
    /* every kind the comparison makes has a text (the enum grows) */
    FUZZ_CHECK(strcmp(zeef_pair_kind_text(p->kind), "unknown") != 0);
    FUZZ_CHECK(p->similarity >= 0.0 && p->similarity <= 1.0);
    if (p->kind != ZEEF_PAIR_MISSING_B) FUZZ_CHECK(in_range(p->a, p->a2, na));
    if (p->kind != ZEEF_PAIR_MISSING_A) FUZZ_CHECK(in_range(p->b, p->b2, nb));
  }
  FUZZ_CHECK(zeef_compare(ctx, a, b, &m2) == ZEEF_OK);
  FUZZ_CHECK(m2.score == m.score && m2.npairs == m.npairs);
  for (size_t i = 0; i < na && i < 4; i++)
    for (size_t j = 0; j < nb && j < 4; j++) {
      double s = zeef_token_similarity(ctx, a, i, b, j);
      FUZZ_CHECK(s >= 0.0 && s <= 1.0);
    }
  rc = zeef_explain(a, b, &m, small, sizeof small, &need);
  FUZZ_CHECK(rc == ZEEF_OK || rc == ZEEF_E_TOOBIG);
  FUZZ_CHECK(memchr(small, 0, sizeof small) != NULL);
  rc = zeef_explain(a, b, &m, buf, sizeof buf, &need2);
  FUZZ_CHECK(need2 == need);
  if (need < sizeof buf) {
    FUZZ_CHECK(rc == ZEEF_OK);
    FUZZ_CHECK(strlen(buf) == need);
  }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fuzz_ctx();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const zeef_ctx *ctx = fuzz_ctx();
  const char *s = (const char *)data + 1;
  const char *nl;
  size_t la, lb;
  const char *sb;
  zeef_name *a = NULL, *b = NULL;
  zeef_status ra, rb;
  zeef_name_form fa, fb;
  if (size < 1) return 0;
  fa = (zeef_name_form)((data[0] & 3) % 3);
  fb = (zeef_name_form)(((data[0] >> 2) & 3) % 3);
  size--;
  nl = memchr(s, '\n', size);
  if (nl) {
    la = (size_t)(nl - s);
    sb = nl + 1;
    lb = size - la - 1;
  } else {
    la = lb = size;
    sb = s;
  }
  ra = zeef_name_analyze(ctx, s, la, fa, &a);
  rb = zeef_name_analyze(ctx, sb, lb, fb, &b);
  FUZZ_CHECK((ra == ZEEF_OK) == (a != NULL));
  FUZZ_CHECK((rb == ZEEF_OK) == (b != NULL));
  if (a) touch_name(a);
  if (b) touch_name(b);
  if (a && b) {
    compare(ctx, a, b);
    compare(ctx, b, a);
  }
  zeef_name_free(a);
  zeef_name_free(b);
  return 0;
}
