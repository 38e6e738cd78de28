/*
** main.c: the unit test runner. Runs every module's cmocka group, or only the
** one named on the command line (`run_tests compare`), then prints
** "tests: P passed, F failed" and exits non-zero when any test failed.
** Skipped tests (the CLI group without $ZEEF_CLI) count in neither number and
** get a "skipped: S" line of their own.
*/
#include "tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int th_tests_total = 0;
int th_tests_skipped = 0;

static const struct group {
  const char *name;
  int (*run)(void);
} groups[] = {
    {"status", test_status},
    {"analyze", test_analyze},
    {"compare", test_compare},
    {"alloc", test_alloc},
    {"cli", test_cli},
    {"date", test_date},
    {"country", test_country},
    {"lists", test_lists},
    {"records", test_records},
    {"screen", test_screen},
    {"screen_cli", test_screen_cli},
    {"mrz", test_mrz},
    {"paxlst", test_paxlst},
    {"pnrgov", test_pnrgov},
    {"rules", test_rules},
    {"serve", test_serve},
    {"serve_pg", test_serve_pg},
    {"store", test_store},
};

#define NGROUPS (sizeof groups / sizeof groups[0])

/* The whole run takes about a second; a hang (a pathological input looping)
** must fail the run rather than stall CI. */
#define RUN_TIMEOUT_S 300

int main(int argc, char **argv) {
  int failed = 0, ran = 0;
  /* cmocka writes to both streams: line buffering keeps them in order when
  ** they are merged, so the final tally is the last line. */
  setvbuf(stdout, NULL, _IOLBF, 0);
  alarm(RUN_TIMEOUT_S);
  if (argc > 2) {
    fprintf(stderr, "usage: %s [GROUP]\n", argv[0]);
    return 2;
  }
  for (size_t g = 0; g < NGROUPS; g++) {
    if (argc == 2 && strcmp(argv[1], groups[g].name) != 0) continue;
    failed += groups[g].run();
    ran++;
  }
  if (ran == 0) {
    fprintf(stderr, "run_tests: no group named \"%s\"; groups:", argv[1]);
    for (size_t g = 0; g < NGROUPS; g++) fprintf(stderr, " %s", groups[g].name);
    fputc('\n', stderr);
    return 2;
  }
  fflush(stderr);
  if (th_tests_skipped) printf("skipped: %d\n", th_tests_skipped);
  printf("tests: %d passed, %d failed%s\n", th_tests_total - failed - th_tests_skipped, failed,
         getenv("ZEEF_TEST_PG") ? " (the case store on PostgreSQL)" : "");
  return failed != 0;
}
