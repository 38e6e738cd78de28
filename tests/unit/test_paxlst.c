/* test_paxlst.c: the PAXLST reader's tests land with the reader. */
#include "tests.h"
static void refuses_until_written(void **state) {
  size_t bad = 1;
  (void)state;
  assert_int_equal(zeef_paxlst_read("", 0, NULL, NULL, &bad), ZEEF_E_FORMAT);
}
int test_paxlst(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(refuses_until_written)};
  th_tests_total += 1;
  return cmocka_run_group_tests_name("paxlst", tests, NULL, NULL);
}
