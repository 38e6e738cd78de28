/*
** test_cli.c: the zeef command as a user runs it. The binary comes from
** $ZEEF_CLI (make test sets it); without it every test here is skipped.
** Arguments go to execv directly, so no shell quoting stands between the
** test and the bytes the command receives (invalid UTF-8 included).
*/
#include "tests.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define OUT_MAX 65536

typedef struct run {
  int exit_code; /* -1 when it did not exit normally */
  char out[OUT_MAX];
  char err[OUT_MAX];
} run;

static run result; /* large: kept off the stack */

static const char *cli_path(void) {
  const char *p = getenv("ZEEF_CLI");
  return p && *p ? p : NULL;
}

static void skip_without_cli(void) {
  if (!cli_path()) {
    print_message("[  SKIP    ] ZEEF_CLI is not set: skipping the CLI tests\n");
    th_tests_skipped++;
    skip();
  }
}

/* Reads all of fd (from its start) into buf, NUL terminated. */
static void slurp(int fd, char *buf, size_t cap) {
  size_t n = 0;
  ssize_t r;
  lseek(fd, 0, SEEK_SET);
  while (n + 1 < cap && (r = read(fd, buf + n, cap - 1 - n)) != 0) {
    if (r < 0) {
      if (errno == EINTR) continue;
      break;
    }
    n += (size_t)r;
  }
  buf[n] = '\0';
}

/* Runs $ZEEF_CLI with args (NULL terminated, without argv[0]) and fills
** result. */
static void run_cli(const char *const *args) {
  char outname[] = "/tmp/zeef-test-out-XXXXXX";
  char errname[] = "/tmp/zeef-test-err-XXXXXX";
  const char *argv[16];
  size_t n = 0;
  int fo = mkstemp(outname), fe = mkstemp(errname);
  assert_true(fo >= 0 && fe >= 0);
  unlink(outname);
  unlink(errname);
  argv[n++] = cli_path();
  while (args[n - 1] && n < 15) {
    argv[n] = args[n - 1];
    n++;
  }
  argv[n] = NULL;
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    dup2(fo, STDOUT_FILENO);
    dup2(fe, STDERR_FILENO);
    execv(argv[0], (char *const *)argv);
    _exit(127);
  }
  int st = 0;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  slurp(fo, result.out, sizeof result.out);
  slurp(fe, result.err, sizeof result.err);
  close(fo);
  close(fe);
  if (result.exit_code == 127) fail_msg("could not run %s", argv[0]);
}

static void compare_prints_score(void **state) {
  (void)state;
  skip_without_cli();
  run_cli((const char *const[]){"compare", "Владимир Путин", "Vladimir Putin", NULL});
  if (result.exit_code != 0) fail_msg("exit %d, stderr: %s", result.exit_code, result.err);
  assert_non_null(strstr(result.out, "score"));
  assert_non_null(strstr(result.out, "Putin"));
}

static void compare_json(void **state) {
  (void)state;
  skip_without_cli();
  run_cli((const char *const[]){"compare", "--json", "Ayman al-Zawahiri",
                                "أيمن محمد ربيع الظواهري", NULL});
  if (result.exit_code != 0) fail_msg("exit %d, stderr: %s", result.exit_code, result.err);
  json_error_t jerr;
  json_t *j = json_loads(result.out, 0, &jerr);
  if (!j) fail_msg("output is not JSON (%s, line %d): %s", jerr.text, jerr.line, result.out);
  json_t *score = json_object_get(j, "score");
  json_t *expl = json_object_get(j, "explanation");
  int score_ok = json_is_number(score) && json_number_value(score) >= 0.0 &&
                 json_number_value(score) <= 1.0;
  int expl_ok = json_is_string(expl) && json_string_length(expl) > 0 &&
                strstr(json_string_value(expl), "Zawahiri") != NULL;
  int alert_ok = json_is_boolean(json_object_get(j, "alert"));
  json_decref(j);
  assert_true(score_ok);
  assert_true(expl_ok);
  assert_true(alert_ok);
}

static void analyze_json(void **state) {
  (void)state;
  skip_without_cli();
  run_cli((const char *const[]){"analyze", "--json", "Владимир Путин", NULL});
  if (result.exit_code != 0) fail_msg("exit %d, stderr: %s", result.exit_code, result.err);
  json_error_t jerr;
  json_t *j = json_loads(result.out, 0, &jerr);
  if (!j) fail_msg("output is not JSON (%s): %s", jerr.text, result.out);
  json_t *script = json_object_get(j, "script");
  json_t *tokens = json_object_get(j, "tokens");
  int script_ok = json_is_string(script) && strcmp(json_string_value(script), "cyrillic") == 0;
  size_t ntok = json_is_array(tokens) ? json_array_size(tokens) : 0;
  json_decref(j);
  assert_true(script_ok);
  assert_int_equal(ntok, 2);
}

static void analyze_invalid_utf8(void **state) {
  (void)state;
  skip_without_cli();
  run_cli((const char *const[]){"analyze", "Ali \xff\xfe", NULL});
  assert_int_equal(result.exit_code, 1);
  assert_true(strlen(result.err) > 0);
  assert_non_null(strstr(result.err, "UTF-8"));
  assert_int_equal(strlen(result.out), 0);
}

static void wrong_usage(void **state) {
  (void)state;
  skip_without_cli();
  const char *const *const cases[] = {
      (const char *const[]){NULL},
      (const char *const[]){"compare", "Only One", NULL},
      (const char *const[]){"compare", "A B", "C D", "E F", NULL},
      (const char *const[]){"compare", "--bogus", "A B", "C D", NULL},
      (const char *const[]){"analyze", NULL},
      (const char *const[]){"frobnicate", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    run_cli(cases[i]);
    if (result.exit_code != 2)
      fail_msg("case %zu (%s %s): exit %d, want 2", i, cases[i][0] ? cases[i][0] : "",
               cases[i][0] && cases[i][1] ? cases[i][1] : "", result.exit_code);
    assert_true(strlen(result.err) > 0);
  }
}

static void version(void **state) {
  (void)state;
  skip_without_cli();
  run_cli((const char *const[]){"version", NULL});
  assert_int_equal(result.exit_code, 0);
  assert_non_null(strstr(result.out, ZEEF_VERSION));
  assert_non_null(strstr(result.out, ZEEF_MODEL_VERSION));
}

/* Every command explains itself on request, on stdout, exit 0: "zeef help
** CMD" and "CMD --help" alike, each with its options and an example. */
static void help_for_every_command(void **state) {
  static const char *const cmds[] = {"compare", "analyze", "screen", "mrz", "paxlst", "lists", "serve", "evaluate", "report"};
  (void)state;
  skip_without_cli();
  for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
    char first[OUT_MAX];
    run_cli((const char *const[]){"help", cmds[i], NULL});
    if (result.exit_code != 0) fail_msg("zeef help %s: exit %d", cmds[i], result.exit_code);
    assert_non_null(strstr(result.out, "usage: zeef"));
    assert_non_null(strstr(result.out, cmds[i]));
    snprintf(first, sizeof first, "%s", result.out);
    run_cli((const char *const[]){cmds[i], "--help", NULL});
    assert_int_equal(result.exit_code, 0);
    assert_string_equal(result.out, first);
  }
  run_cli((const char *const[]){"help", "screen", NULL});
  assert_non_null(strstr(result.out, "example:"));
  assert_non_null(strstr(result.out, "--fail-on-alert"));
}

/* zeef screen says why it refuses a command line; --min-score above
** --threshold is refused (alerts would go unreported); --fail-on-alert exits
** 3 on an alert; --quiet leaves stderr empty. */
static void screen_command_line(void **state) {
  const struct {
    const char *const *args;
    const char *why;
  } bad[] = {
      {(const char *const[]){"screen", "--list", "tests/fixtures/un_excerpt.xml", "--bogus", NULL}, "unknown option --bogus"},
      {(const char *const[]){"screen", "--list", "tests/fixtures/un_excerpt.xml", "--threshold", "2", NULL}, "--threshold takes"},
      {(const char *const[]){"screen", "--list", "tests/fixtures/un_excerpt.xml", "--min-score", "0.9", NULL}, "above --threshold"},
      {(const char *const[]){"screen", "--list", "tests/fixtures/un_excerpt.xml", "--date-order", "ymd", NULL}, "dmy or mdy"},
      {(const char *const[]){"screen", "tests/fixtures/travellers.csv", NULL}, "no --list"},
  };
  (void)state;
  skip_without_cli();
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    run_cli(bad[i].args);
    assert_int_equal(result.exit_code, 2);
    if (!strstr(result.err, bad[i].why)) fail_msg("case %zu: no \"%s\" in:\n%s", i, bad[i].why, result.err);
  }
  run_cli((const char *const[]){"screen", "--quiet", "--fail-on-alert", "--list", "tests/fixtures/un_excerpt.xml",
                                "tests/fixtures/travellers.csv", NULL});
  assert_int_equal(result.exit_code, 3);
  assert_string_equal(result.err, "");
  assert_true(strlen(result.out) > 0);
  run_cli((const char *const[]){"screen", "--quiet", "--list", "tests/fixtures/un_excerpt.xml",
                                "tests/fixtures/travellers.csv", NULL});
  assert_int_not_equal(result.exit_code, 3); /* without the flag, an alert is no failure */
}

int test_cli(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(compare_prints_score), cmocka_unit_test(compare_json),
      cmocka_unit_test(analyze_json),         cmocka_unit_test(analyze_invalid_utf8),
      cmocka_unit_test(wrong_usage),          cmocka_unit_test(version),
      cmocka_unit_test(help_for_every_command), cmocka_unit_test(screen_command_line),
  };
  th_tests_total += (int)(sizeof tests / sizeof tests[0]);
  return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
