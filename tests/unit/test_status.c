/*
** test_status.c: zeef_strerror gives the X-macro message for every code, and
** "unknown status" for anything else.
*/
#include "tests.h"

#include <string.h>

static const struct {
  zeef_status rc;
  const char *msg;
} expected[] = {
#define X(name, msg) {ZEEF_##name, msg},
    ZEEF_STATUS_MAP(X)
#undef X
};

#define NEXPECTED (sizeof expected / sizeof expected[0])

static void strerror_every_code(void **state) {
  (void)state;
  assert_int_equal(NEXPECTED, ZEEF__STATUS_COUNT);
  for (size_t i = 0; i < NEXPECTED; i++) {
    const char *m = zeef_strerror(expected[i].rc);
    assert_non_null(m);
    assert_string_equal(m, expected[i].msg);
    assert_true(strlen(m) > 0);
  }
}

static void strerror_known_texts(void **state) {
  (void)state;
  /* Spot checks independent of the X-macro, so a broken map is caught. */
  assert_int_equal(ZEEF_OK, 0);
  assert_string_equal(zeef_strerror(ZEEF_OK), "success");
  assert_string_equal(zeef_strerror(ZEEF_E_NOMEM), "out of memory");
  assert_string_equal(zeef_strerror(ZEEF_E_UTF8), "input is not valid UTF-8");
  assert_string_equal(zeef_strerror(ZEEF_E_TOOBIG), "input exceeds a size limit");
  assert_string_equal(zeef_strerror(ZEEF_E_IO), "input/output error");
}

static void strerror_messages_distinct(void **state) {
  (void)state;
  for (size_t i = 0; i < NEXPECTED; i++)
    for (size_t j = i + 1; j < NEXPECTED; j++)
      assert_string_not_equal(zeef_strerror(expected[i].rc), zeef_strerror(expected[j].rc));
}

static void strerror_unknown_code(void **state) {
  (void)state;
  assert_string_equal(zeef_strerror(ZEEF__STATUS_COUNT), "unknown status");
  assert_string_equal(zeef_strerror((zeef_status)1000), "unknown status");
  assert_string_equal(zeef_strerror((zeef_status)-1), "unknown status");
}

int test_status(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(strerror_every_code),
      cmocka_unit_test(strerror_known_texts),
      cmocka_unit_test(strerror_messages_distinct),
      cmocka_unit_test(strerror_unknown_code),
  };
  th_tests_total += (int)(sizeof tests / sizeof tests[0]);
  return cmocka_run_group_tests_name("status", tests, NULL, NULL);
}
