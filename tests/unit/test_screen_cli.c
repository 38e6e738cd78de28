/*
** test_screen_cli.c: `zeef screen` as a batch job runs it, through popen():
** one JSON line per input record, in input order, with the keys of the
** output contract (cli/cmd_screen.c); the expected status of every fixture
** traveller; exit status 0, 1 (some records are errors) and 2 (a list that
** cannot be loaded, named on stderr); JSON lines and standard input;
** --limit and --threshold. The binary comes from $ZEEF_CLI (make test sets
** it); without it every test here is skipped. Tests run from the
** repository root, where the fixture paths are relative to.
*/
#include "tests.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define FIX "tests/fixtures/"
#define UN_LIST "--list UN=" FIX "un_excerpt.xml"
#define OUT_MAX (1 << 20)
#define LINES_MAX 64
#define UN_VERSION "2026-02-27T00:00:09.554Z"

/* The fixture travellers, in file order, and what screening them gives
** against the UN excerpt. */
static const struct {
  const char *id;
  const char *status;
  const char *entity; /* the alerting entity, or NULL */
  size_t warnings;
} want[] = {
    {"T01", "alert", "QDi.006", 0}, /* Ayman al-Zawahiri, born 1951-06-19, EGY */
    {"T02", "clear", NULL, 0},
    {"T03", "clear", NULL, 0},
    {"T04", "clear", NULL, 3},      /* 31.02.1980, Atlantis, Q */
    {"T05", "error", NULL, 0},      /* no name */
    {"T06", "alert", "QDi.356", 0}, /* Aqsa Mahmood, name only: about 0.97 */
    {"T07", "clear", NULL, 0},      /* Kim Jong Sik, born 1990 */
    {"T08", "alert", "QDi.006", 0}, /* weak name, listed passport */
    {"T09", "clear", NULL, 0},
};
#define NWANT (sizeof want / sizeof want[0])

/* ----------------------------------------------------------------- Runs */

typedef struct run {
  int exit_code; /* -1 when it did not exit normally */
  char out[OUT_MAX];
  char err[65536];
  size_t nlines;
  json_t *line[LINES_MAX]; /* each stdout line parsed; NULL when not JSON */
  json_t *header;          /* a first line {"run": ...}, kept apart from the records; or NULL */
} run;

static run r; /* large: kept off the stack */
static char tmp_paths[16][64];
static size_t ntmp;

static void clear_run(void) {
  for (size_t i = 0; i < r.nlines && i < LINES_MAX; i++) json_decref(r.line[i]);
  json_decref(r.header);
  r.header = NULL;
  r.nlines = 0;
  r.out[0] = r.err[0] = 0;
}

static int cli_teardown(void **state) {
  clear_run();
  while (ntmp > 0) unlink(tmp_paths[--ntmp]);
  return th_pool_teardown(state);
}

#define CLI_TEST(f) cmocka_unit_test_teardown(f, cli_teardown)

static const char *cli_path(void) {
  const char *p = getenv("ZEEF_CLI");
  return p && *p ? p : NULL;
}

static void skip_without_cli(void) {
  if (!cli_path()) {
    print_message("[  SKIP    ] ZEEF_CLI is not set: skipping the screen CLI tests\n");
    th_tests_skipped++;
    skip();
  }
}

static const char *temp_name(void) {
  char *p;
  int fd;
  assert_true(ntmp < sizeof tmp_paths / sizeof tmp_paths[0]);
  p = tmp_paths[ntmp];
  snprintf(p, sizeof tmp_paths[0], "/tmp/zeef-screen-cli-XXXXXX");
  fd = mkstemp(p);
  assert_true(fd >= 0);
  close(fd);
  ntmp++;
  return p;
}

/* A temporary file holding text; its path (removed after the test). */
static const char *temp_text(const char *text) {
  const char *path = temp_name();
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  assert_int_equal(fclose(f), 0);
  return path;
}

/* Runs `$ZEEF_CLI SUB ARGS` (ARGS go through the shell: keep them plain)
** and fills r: exit status, stdout split into lines and parsed, stderr. */
static void run_cli(const char *sub, const char *args) {
  const char *errf = temp_name();
  char cmd[2048];
  FILE *p, *e;
  size_t n = 0, k;
  int st;
  clear_run();
  snprintf(cmd, sizeof cmd, "'%s' %s %s 2>'%s'", cli_path(), sub, args, errf);
  fflush(stdout);
  fflush(stderr);
  p = popen(cmd, "r");
  assert_non_null(p);
  while (n + 1 < sizeof r.out && (k = fread(r.out + n, 1, sizeof r.out - 1 - n, p)) > 0) n += k;
  r.out[n] = 0;
  st = pclose(p);
  r.exit_code = st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  e = fopen(errf, "rb");
  assert_non_null(e);
  k = fread(r.err, 1, sizeof r.err - 1, e);
  r.err[k] = 0;
  fclose(e);
  if (r.exit_code == 127) fail_msg("could not run: %s\n%s", cmd, r.err);
  /* one JSON value a line */
  for (char *s = r.out; *s;) {
    char *nl = strchr(s, '\n');
    size_t len = nl ? (size_t)(nl - s) : strlen(s);
    json_t *v = json_loadb(s, len, 0, NULL);
    s += len + (nl != NULL);
    if (s == r.out + len + (nl != NULL) && json_object_get(v, "run")) { /* the run's record */
      r.header = v;
      continue;
    }
    if (r.nlines < LINES_MAX) r.line[r.nlines] = v;
    else json_decref(v);
    r.nlines++;
  }
}

static void run_screen(const char *args) { run_cli("screen", args); }

static void expect_exit(int code) {
  if (r.exit_code != code)
    fail_msg("exit %d, want %d; stderr:\n%s", r.exit_code, code, r.err);
}

/* Records of an input file as the reader sees them: its non-blank lines,
** less the header for CSV. */
static size_t count_records(const char *path, int csv) {
  FILE *f = fopen(path, "rb");
  char line[4096];
  size_t n = 0;
  assert_non_null(f);
  while (fgets(line, sizeof line, f)) {
    size_t i = strspn(line, " \t\r\n");
    n += line[i] != 0;
  }
  fclose(f);
  return csv && n ? n - 1 : n;
}

/* Writes the lines of src whose id (first field) is not drop to a temporary
** file; returns its path. */
static const char *without_record(const char *src, const char *drop) {
  const char *p = temp_name();
  FILE *in = fopen(src, "rb"), *out;
  char line[4096];
  size_t k = strlen(drop);
  assert_non_null(in);
  out = fopen(p, "wb");
  if (!out) fclose(in);
  assert_non_null(out);
  while (fgets(line, sizeof line, in))
    if (!(strncmp(line, drop, k) == 0 && line[k] == ',')) fputs(line, out);
  fclose(in);
  fclose(out);
  return p;
}

/* ------------------------------------------------------------- Checking */

static const char *str(json_t *o, const char *key) {
  const char *s = json_string_value(json_object_get(o, key));
  if (!s) fail_msg("key \"%s\" is not a string", key);
  return s;
}

/* Checks every output line against the contract; returns the object of
** line i. */
static json_t *obj(size_t i) {
  json_t *o;
  assert_true(i < r.nlines && i < LINES_MAX);
  o = r.line[i];
  if (!json_is_object(o)) fail_msg("output line %zu is not a JSON object", i + 1);
  return o;
}

static void check_contract(void) {
  for (size_t i = 0; i < r.nlines; i++) {
    json_t *o = obj(i), *hits, *h, *err;
    const char *status;
    size_t k;
    static const char *const keys[] = {"id", "line", "status", "error", "warnings", "hits"};
    for (size_t j = 0; j < sizeof keys / sizeof keys[0]; j++)
      if (!json_object_get(o, keys[j])) fail_msg("line %zu has no \"%s\"", i + 1, keys[j]);
    assert_true(json_is_string(json_object_get(o, "id")));
    assert_true(json_is_integer(json_object_get(o, "line")));
    assert_true(json_is_array(json_object_get(o, "warnings")));
    hits = json_object_get(o, "hits");
    assert_true(json_is_array(hits));
    status = str(o, "status");
    err = json_object_get(o, "error");
    if (strcmp(status, "error") == 0) {
      assert_true(json_is_string(err));
      assert_int_equal(json_array_size(hits), 0);
    } else {
      assert_true(json_is_null(err));
      assert_true(strcmp(status, "alert") == 0 || strcmp(status, "clear") == 0);
    }
    /* alert exactly when a hit is an alert */
    {
      int any = 0;
      json_array_foreach(hits, k, h) {
        json_t *score = json_object_get(h, "score"), *ex = json_object_get(h, "explanation");
        assert_true(json_is_object(h));
        str(h, "list");
        str(h, "list_version");
        str(h, "entity_id");
        str(h, "name");
        str(h, "matched_name");
        assert_true(json_is_number(score));
        assert_true(json_number_value(score) >= 0 && json_number_value(score) <= 1);
        assert_true(json_is_boolean(json_object_get(h, "alert")));
        /* the band agrees with the alert: weak exactly when it is none */
        assert_int_equal(strcmp(str(h, "band"), "weak") != 0, json_is_true(json_object_get(h, "alert")));
        assert_true(strcmp(str(h, "band"), "weak") == 0 || strcmp(str(h, "band"), "possible") == 0 ||
                    strcmp(str(h, "band"), "strong") == 0);
        assert_true(json_is_array(ex) && json_array_size(ex) > 0);
        assert_true(json_is_number(json_object_get(h, "name_score")));
        str(h, "matched_name_quality");
        /* the evidence and the name alignment as data: as many items as
        ** explanation lines, each with its sentence */
        {
          json_t *ev = json_object_get(h, "evidence"), *np = json_object_get(h, "name_parts"), *x;
          size_t m;
          assert_true(json_is_array(ev) && json_is_array(np));
          assert_int_equal(json_array_size(ev) + json_array_size(np), json_array_size(ex));
          json_array_foreach(ev, m, x) {
            str(x, "feature");
            assert_true(json_is_string(json_object_get(x, "traveller")));
            assert_true(json_is_string(json_object_get(x, "listed")));
            assert_true(json_is_number(json_object_get(x, "weight")));
            assert_true(strncmp(str(x, "text"), json_string_value(json_array_get(ex, m)),
                                strlen(str(x, "text"))) == 0);
          }
          json_array_foreach(np, m, x) {
            str(x, "match");
            assert_string_equal(str(x, "text"),
                                json_string_value(json_array_get(ex, json_array_size(ev) + m)));
          }
        }
        any |= json_is_true(json_object_get(h, "alert"));
        /* best first */
        if (k > 0)
          assert_true(json_number_value(score) <=
                      json_number_value(json_object_get(json_array_get(hits, k - 1), "score")));
      }
      /* an alert has an alerting hit, or a rule met (an alert of kind rule) */
      assert_int_equal(any || json_array_size(json_object_get(o, "rules")) > 0, strcmp(status, "alert") == 0);
    }
  }
}

/* Checks the output for the fixture travellers; first_line is the input line
** of the first record (2 for CSV, 1 for JSON lines). */
static void check_fixture_output(size_t first_line) {
  if (r.nlines != NWANT) fail_msg("%zu output lines for %zu records:\n%s", r.nlines, NWANT, r.out);
  check_contract();
  for (size_t i = 0; i < NWANT; i++) {
    json_t *o = obj(i), *hits = json_object_get(o, "hits");
    const char *status = str(o, "status");
    assert_string_equal(str(o, "id"), want[i].id);
    assert_int_equal(json_integer_value(json_object_get(o, "line")), first_line + i);
    if (strcmp(status, want[i].status) != 0)
      fail_msg("%s: status %s, want %s:\n%s", want[i].id, status, want[i].status, r.out);
    assert_int_equal(json_array_size(json_object_get(o, "warnings")), want[i].warnings);
    if (want[i].entity) {
      json_t *h = json_array_get(hits, 0);
      assert_string_equal(str(h, "entity_id"), want[i].entity);
      assert_string_equal(str(h, "list"), "UN");
      assert_string_equal(str(h, "list_version"), UN_VERSION);
      assert_true(json_is_true(json_object_get(h, "alert")));
    }
  }
}

/* ---------------------------------------------------------------- Tests */

static void csv_one_json_line_per_record(void **state) {
  (void)state;
  skip_without_cli();
  assert_int_equal(count_records(FIX "travellers.csv", 1), NWANT);
  run_screen(UN_LIST " " FIX "travellers.csv");
  expect_exit(1); /* T05 is an error */
  check_fixture_output(2);
  /* the error says why */
  assert_non_null(strstr(str(obj(4), "error"), "name"));
  /* warnings name the bad values */
  assert_non_null(strstr(json_string_value(json_array_get(json_object_get(obj(3), "warnings"), 0)),
                         "31.02.1980"));
  /* stderr is a file here, not a terminal: no progress line in it */
  assert_null(strchr(r.err, '\r'));
  assert_non_null(strstr(r.err, "9 records in"));
}

static void exit_zero_without_errors(void **state) {
  const char *in;
  char args[512];
  (void)state;
  skip_without_cli();
  in = without_record(FIX "travellers.csv", "T05");
  assert_int_equal(count_records(in, 1), NWANT - 1);
  snprintf(args, sizeof args, UN_LIST " %s", in);
  run_screen(args);
  expect_exit(0);
  assert_int_equal(r.nlines, NWANT - 1);
  check_contract();
  for (size_t i = 0; i < r.nlines; i++) assert_string_not_equal(str(obj(i), "status"), "error");
}

static void missing_list_exits_2(void **state) {
  (void)state;
  skip_without_cli();
  run_screen("--list UN=" FIX "no-such-list.xml " FIX "travellers.csv");
  expect_exit(2);
  assert_int_equal(r.nlines, 0); /* nothing screened against half the lists */
  if (!strstr(r.err, FIX "no-such-list.xml")) fail_msg("stderr names no file:\n%s", r.err);
  /* a good list and a missing one: still refused */
  run_screen(UN_LIST " --list " FIX "no-such-list.csv " FIX "travellers.csv");
  expect_exit(2);
  assert_int_equal(r.nlines, 0);
  assert_non_null(strstr(r.err, FIX "no-such-list.csv"));
}

static void truncated_list_exits_2(void **state) {
  const char *cut = temp_name();
  char args[512], buf[16384];
  FILE *in, *out;
  size_t n;
  (void)state;
  skip_without_cli();
  in = fopen(FIX "un_excerpt.xml", "rb");
  assert_non_null(in);
  n = fread(buf, 1, sizeof buf, in);
  fclose(in);
  assert_true(n > 1000 && n < sizeof buf);
  out = fopen(cut, "wb");
  assert_non_null(out);
  fwrite(buf, 1, n / 2, out);
  fclose(out);
  snprintf(args, sizeof args, "--list UN=%s " FIX "travellers.csv", cut);
  run_screen(args);
  expect_exit(2);
  assert_int_equal(r.nlines, 0);
  if (!strstr(r.err, cut)) fail_msg("stderr does not name %s:\n%s", cut, r.err);
}

static void jsonl_input(void **state) {
  (void)state;
  skip_without_cli();
  assert_int_equal(count_records(FIX "travellers.jsonl", 0), NWANT);
  run_screen(UN_LIST " " FIX "travellers.jsonl");
  expect_exit(1);
  check_fixture_output(1);
  /* named explicitly, the same */
  run_screen(UN_LIST " --in-format jsonl " FIX "travellers.jsonl");
  expect_exit(1);
  check_fixture_output(1);
}

static void stdin_input(void **state) {
  (void)state;
  skip_without_cli();
  run_screen(UN_LIST " - < " FIX "travellers.csv");
  expect_exit(1);
  check_fixture_output(2);
  run_screen(UN_LIST " < " FIX "travellers.csv"); /* no INPUT: standard input */
  expect_exit(1);
  check_fixture_output(2);
}

static void limit_one(void **state) {
  static char first[NWANT][64];
  size_t most = 0;
  (void)state;
  skip_without_cli();
  /* a low min-score gives several hits to some travellers */
  run_screen(UN_LIST " --list NAT=" FIX "national.csv --min-score 0.1 " FIX "travellers.csv");
  expect_exit(1);
  assert_int_equal(r.nlines, NWANT);
  check_contract();
  for (size_t i = 0; i < NWANT; i++) {
    json_t *hits = json_object_get(obj(i), "hits");
    if (json_array_size(hits) > most) most = json_array_size(hits);
    snprintf(first[i], sizeof first[i], "%s",
             json_array_size(hits) ? str(json_array_get(hits, 0), "entity_id") : "");
  }
  assert_true(most >= 2);
  run_screen(UN_LIST " --list NAT=" FIX "national.csv --min-score 0.1 --limit 1 " FIX "travellers.csv");
  expect_exit(1);
  assert_int_equal(r.nlines, NWANT);
  check_contract();
  for (size_t i = 0; i < NWANT; i++) {
    json_t *hits = json_object_get(obj(i), "hits");
    assert_true(json_array_size(hits) <= 1);
    /* the best one is kept */
    assert_string_equal(json_array_size(hits) ? str(json_array_get(hits, 0), "entity_id") : "",
                        first[i]);
    assert_string_equal(str(obj(i), "status"), want[i].status);
  }
}

static void threshold_raises_the_bar(void **state) {
  json_t *h;
  double score;
  (void)state;
  skip_without_cli();
  run_screen(UN_LIST " --threshold 0.99 " FIX "travellers.csv");
  expect_exit(1);
  assert_int_equal(r.nlines, NWANT);
  check_contract(); /* status alert exactly when a hit is at or above 0.99 */
  /* T06, an alert at the default threshold, is now clear, its hit kept */
  assert_string_equal(str(obj(5), "id"), "T06");
  assert_string_equal(str(obj(5), "status"), "clear");
  h = json_array_get(json_object_get(obj(5), "hits"), 0);
  assert_non_null(h);
  assert_string_equal(str(h, "entity_id"), "QDi.356");
  assert_true(json_is_false(json_object_get(h, "alert")));
  score = json_number_value(json_object_get(h, "score"));
  if (!(score >= ZEEF_ALERT_THRESHOLD && score < 0.99))
    fail_msg("T06 scores %.4f; the test needs an alert below 0.99", score);
  for (size_t i = 0; i < NWANT; i++) {
    json_t *hits = json_object_get(obj(i), "hits"), *x;
    size_t k;
    json_array_foreach(hits, k, x) {
      int alert = json_is_true(json_object_get(x, "alert"));
      assert_int_equal(alert, json_number_value(json_object_get(x, "score")) >= 0.99);
    }
  }
}

static void bad_usage_exits_2(void **state) {
  (void)state;
  skip_without_cli();
  run_screen(FIX "travellers.csv"); /* no --list */
  expect_exit(2);
  assert_int_equal(r.nlines, 0);
  run_screen(UN_LIST " --threshold 1.5 " FIX "travellers.csv");
  expect_exit(2);
  run_screen(UN_LIST " " FIX "no-such-input.csv");
  expect_exit(2);
  assert_non_null(strstr(r.err, FIX "no-such-input.csv"));
}


/* ------------------------------------------------- Travel documents */

#define FULL_UN "--list UN=data/lists/un-consolidated.xml"

/* The hit of output line i for entity id, or NULL. */
static json_t *hit_for(size_t i, const char *id) {
  size_t k;
  json_t *h;
  json_array_foreach(json_object_get(obj(i), "hits"), k, h) if (strcmp(str(h, "entity_id"), id) == 0) return h;
  return NULL;
}

/* Whether some explanation line of h contains needle. */
static int explains(json_t *h, const char *needle) {
  size_t k;
  json_t *line;
  json_array_foreach(json_object_get(h, "explanation"), k, line) if (strstr(json_string_value(line), needle)) return 1;
  return 0;
}

static void mrz_blocks_screened(void **state) {
  /* data/demo/gate.mrz: a listed man whose passport number was misread
  ** (0 for O), the ICAO specimen, a listed man's ID card, a name cut short.
  ** Detected from content, one line per document, in order. */
  json_t *src, *h, *checks, *c;
  size_t k;
  int suggested = 0;
  (void)state;
  skip_without_cli();
  run_screen(FULL_UN " data/demo/gate.mrz");
  expect_exit(0);
  if (r.nlines != 4) fail_msg("%zu lines for 4 documents:\n%s", r.nlines, r.out);
  check_contract();
  assert_int_equal(json_integer_value(json_object_get(obj(0), "line")), 1);
  assert_int_equal(json_integer_value(json_object_get(obj(3), "line")), 11);
  h = hit_for(0, "CDi.021");
  assert_non_null(h);
  assert_true(json_is_true(json_object_get(h, "alert")));
  if (!explains(h, "check digit gives OB0243318")) fail_msg("no document sentence:\n%s", r.out);
  src = json_object_get(obj(0), "source");
  assert_string_equal(str(src, "type"), "mrz");
  assert_string_equal(str(src, "format"), "TD3");
  assert_true(json_is_false(json_object_get(src, "valid")));
  checks = json_object_get(src, "checks");
  json_array_foreach(checks, k, c) if (strcmp(str(c, "field"), "document_number") == 0) {
    assert_true(json_is_false(json_object_get(c, "ok")));
    assert_string_equal(str(c, "suggestion"), "OB0243318");
    suggested = 1;
  }
  assert_true(suggested);
  assert_string_equal(str(obj(1), "status"), "clear");
  assert_true(json_is_true(json_object_get(json_object_get(obj(1), "source"), "valid")));
  assert_non_null(hit_for(2, "GBi.001"));
  assert_string_equal(str(json_object_get(obj(2), "source"), "format"), "TD1");
  assert_true(json_is_true(json_object_get(json_object_get(obj(3), "source"), "name_truncated")));
  assert_string_equal(str(obj(3), "status"), "clear");
  /* the same with the format named */
  run_screen(FULL_UN " --in-format mrz data/demo/gate.mrz");
  expect_exit(0);
  assert_int_equal(r.nlines, 4);
}

static void bad_mrz_blocks_are_errors(void **state) {
  /* An unreadable block is an error line naming why; the documents around
  ** it are still screened. */
  const char *in = temp_name();
  FILE *f = fopen(in, "wb");
  char args[256];
  (void)state;
  skip_without_cli();
  assert_non_null(f);
  fputs("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10\n\n"
        "HELLO WORLD\nTHIS IS NOT AN MRZ\n\n"
        "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<\n",
        f);
  fclose(f);
  snprintf(args, sizeof args, FULL_UN " --in-format mrz %s", in);
  run_screen(args);
  expect_exit(1);
  if (r.nlines != 3) fail_msg("%zu lines for 3 blocks:\n%s", r.nlines, r.out);
  check_contract();
  assert_string_equal(str(obj(0), "status"), "clear");
  assert_string_equal(str(obj(1), "status"), "error");
  assert_int_equal(json_integer_value(json_object_get(obj(1), "line")), 4);
  assert_non_null(strstr(str(obj(1), "error"), "MRZ"));
  assert_string_equal(str(obj(2), "status"), "clear");
  assert_string_equal(str(json_object_get(obj(2), "source"), "format"), "TD1");
  /* zeef mrz prints the same documents as read */
  run_cli("mrz", in);
  expect_exit(1);
  assert_int_equal(r.nlines, 3);
  assert_string_equal(str(json_object_get(obj(0), "source"), "document_number"), "L898902C3");
  assert_string_equal(str(obj(1), "status"), "error");
}

static void paxlst_persons_screened(void **state) {
  /* data/demo/flight.paxlst: four persons on TK1951 IST-AMS, one of them a
  ** listed man (CDi.040) with his listed passport, one O'Neil written with
  ** the release character, one in transit. */
  json_t *src, *h, *legs;
  (void)state;
  skip_without_cli();
  run_screen(FULL_UN " data/demo/flight.paxlst");
  expect_exit(0);
  if (r.nlines != 4) fail_msg("%zu lines for 4 persons:\n%s", r.nlines, r.out);
  check_contract();
  h = hit_for(0, "CDi.040");
  assert_non_null(h);
  assert_true(json_is_true(json_object_get(h, "alert")));
  assert_true(explains(h, "AB850901"));
  src = json_object_get(obj(0), "source");
  assert_string_equal(str(src, "type"), "paxlst");
  assert_string_equal(str(src, "role_name"), "passenger");
  assert_string_equal(str(src, "message"), "PAX001");
  legs = json_object_get(src, "flights");
  assert_int_equal(json_array_size(legs), 1);
  assert_string_equal(str(json_array_get(legs, 0), "flight"), "TK1951");
  assert_string_equal(str(json_array_get(legs, 0), "departure"), "IST");
  assert_string_equal(str(json_array_get(legs, 0), "arrival"), "AMS");
  assert_string_equal(str(json_object_get(obj(1), "source"), "surname"), "O'NEIL");
  assert_string_equal(str(json_object_get(obj(3), "source"), "role_name"), "passenger in transit");
  for (size_t i = 1; i < 4; i++) assert_string_equal(str(obj(i), "status"), "clear");
  /* zeef paxlst prints the persons as read */
  run_cli("paxlst", "data/demo/flight.paxlst");
  expect_exit(0);
  assert_int_equal(r.nlines, 4);
  assert_int_equal(json_integer_value(json_object_get(json_object_get(obj(2), "source"), "segment")), 30);
}

/* Bookings: each traveller screened with the booking as its source; a
** traveller who shares an e-mail address with one who alerted is linked to
** him, without an alert; the rules (tests/fixtures/rules.json) add alerts
** of kind rule with their explanation; zeef pnr prints the bookings; zeef rules test counts the
** rules' hits and says when one is too broad; a rule on a meal code is
** refused with the reason. */
static void bookings_and_rules(void **state) {
  json_t *src, *rules;
  (void)state;
  skip_without_cli();
  setenv("ZEEF_TODAY", "2026-12-07", 1);
  run_screen(FULL_UN " --rules " FIX "rules.json " FIX "journeys.pnrgov");
  expect_exit(0);
  if (r.nlines != 5) fail_msg("%zu lines for 5 travellers:\n%s", r.nlines, r.out);
  check_contract();
  assert_string_equal(str(obj(0), "id"), "BRK001/1");
  assert_string_equal(str(obj(0), "status"), "alert");
  assert_int_equal(json_array_size(json_object_get(obj(0), "hits")), 0);
  rules = json_object_get(obj(0), "rules");
  assert_int_equal(json_array_size(rules), 2);
  assert_string_equal(str(json_array_get(rules, 0), "kind"), "rule");
  assert_string_equal(str(json_array_get(rules, 0), "id"), "BJ-01");
  assert_non_null(strstr(str(json_array_get(rules, 0), "explanation"), "47 h at IST"));
  src = json_object_get(obj(0), "source");
  assert_string_equal(str(src, "type"), "pnrgov");
  assert_string_equal(str(src, "locator"), "BRK001");
  assert_int_equal(json_array_size(json_object_get(src, "itinerary")), 2);
  for (size_t i = 1; i < 5; i++) {
    assert_string_equal(str(obj(i), "status"), "clear");
    assert_null(json_object_get(obj(i), "rules"));
  }
  /* the listed man in the other file alerts on the list, not on a rule */
  run_screen(FULL_UN " --rules " FIX "rules.json " FIX "bookings.pnrgov");
  expect_exit(0);
  assert_int_equal(r.nlines, 4);
  assert_non_null(hit_for(0, "QDi.006"));
  assert_string_equal(str(json_object_get(obj(0), "source"), "locator"), "ABC123");
  /* the next booking shares his e-mail address: a link, not an alert */
  {
    json_t *links = json_object_get(obj(1), "links"), *l = json_array_get(links, 0);
    assert_string_equal(str(obj(1), "id"), "DEF456/1");
    assert_string_equal(str(obj(1), "status"), "clear");
    assert_int_equal(json_array_size(links), 1);
    assert_string_equal(str(l, "id"), "ABC123/1");
    assert_true(json_is_true(json_object_get(l, "alerted")));
    assert_string_equal(str(json_array_get(json_object_get(l, "shared"), 0), "kind"), "email");
    assert_string_equal(str(json_array_get(json_object_get(l, "shared"), 0), "value"),
                        "a_zawah@mail.example");
    assert_null(json_object_get(obj(0), "links")); /* the first has none before it */
    assert_null(json_object_get(obj(3), "links")); /* shares nothing with an alert */
  }
  run_cli("pnr", FIX "bookings.pnrgov");
  expect_exit(0);
  assert_int_equal(r.nlines, 3);
  assert_string_equal(str(json_array_get(json_object_get(obj(0), "payments"), 0), "card"),
                      "XXXXXXXXXXXX1111");
  run_cli("rules", "test " FIX "rules.json " FIX "journeys.pnrgov");
  expect_exit(1); /* one in five travellers: too broad */
  assert_non_null(strstr(r.out, "BJ-01: 1 travellers (20.00%) in 1 bookings"));
  assert_non_null(strstr(r.out, "TOO BROAD"));
  run_cli("rules", "test " FIX "rules.json --broad 50 " FIX "journeys.pnrgov");
  expect_exit(0);
  run_cli("rules", "check " FIX "rules-meal.json");
  expect_exit(2);
  assert_non_null(strstr(r.err, "rule ML-01: condition \"ssr\" refused: special service requests for meals"));
  run_screen(FULL_UN " --rules " FIX "rules-meal.json " FIX "journeys.pnrgov");
  expect_exit(2);
  unsetenv("ZEEF_TODAY");
}

static void not_paxlst_exits_2(void **state) {
  (void)state;
  skip_without_cli();
  run_screen(FULL_UN " --in-format paxlst " FIX "travellers.csv");
  expect_exit(2);
  assert_int_equal(r.nlines, 0);
  assert_non_null(strstr(r.err, "PAXLST"));
}

/* The broken row of a user's CSV export: an unclosed quote on line 6 of a
** 7-line file is one error line, and the records after it are screened. */
static void broken_csv_row_one_line_per_record(void **state) {
  const char *in = temp_name();
  FILE *f = fopen(in, "w");
  char args[512];
  (void)state;
  skip_without_cli();
  assert_non_null(f);
  fputs("id,name,birth_date\n"
        "R1,Jan Jansen,1970-01-01\n"
        "R2,Ann Smith,1971-02-02\n"
        "R3,Kees Klaassen,1972-03-03\n"
        "R4,Joe Bloggs,1973-04-04\n"
        "R5,\"Piet Pieters,1974-05-05\n"
        "R6,Karel de Groot,1975-06-06\n",
        f);
  fclose(f);
  snprintf(args, sizeof args, UN_LIST " %s", in);
  run_screen(args);
  expect_exit(1);
  assert_int_equal(r.nlines, 6);
  check_contract();
  assert_string_equal(str(obj(4), "status"), "error");
  assert_int_equal(json_integer_value(json_object_get(obj(4), "line")), 6);
  assert_non_null(strstr(str(obj(4), "error"), "quote"));
  assert_string_equal(str(obj(5), "id"), "R6");
  assert_string_not_equal(str(obj(5), "status"), "error");
}

/* Results that cannot be written are not reported as success: output to a
** full device is exit 2, for zeef screen and for zeef mrz. */
static void unwritable_output_exits_2(void **state) {
  char cmd[1024];
  int st;
  (void)state;
  skip_without_cli();
  snprintf(cmd, sizeof cmd, "'%s' screen " UN_LIST " " FIX "travellers.csv >/dev/full 2>/dev/null",
           cli_path());
  st = system(cmd);
  assert_true(WIFEXITED(st));
  assert_int_equal(WEXITSTATUS(st), 2);
  snprintf(cmd, sizeof cmd, "'%s' mrz data/demo/gate.mrz >/dev/full 2>/dev/null", cli_path());
  st = system(cmd);
  assert_true(WIFEXITED(st));
  assert_int_equal(WEXITSTATUS(st), 2);
}

/* Several threads screen, and the output is the same, in input order, as
** with one: the pool's batch writes results in the order they were read. */
static void threads_keep_input_order(void **state) {
  char one[sizeof r.out];
  size_t n1;
  (void)state;
  skip_without_cli();
  /* without the run's record: its time may differ by a second */
  run_screen("--no-run-header --threads 1 " UN_LIST " " FIX "travellers.csv");
  expect_exit(1);
  memcpy(one, r.out, sizeof one);
  n1 = r.nlines;
  run_screen("--no-run-header --threads 4 " UN_LIST " " FIX "travellers.csv");
  expect_exit(1);
  assert_int_equal(r.nlines, n1);
  assert_string_equal(r.out, one);
  assert_non_null(strstr(r.err, "4 threads"));
  run_screen("--threads 0 " UN_LIST " " FIX "travellers.csv");
  expect_exit(2);
}

/* The EU list screens: a traveller named as an EU-listed person, with the
** listed birth date, alerts, and the hit and its explanation cite the EU
** entity and the date; a fictitious traveller clears. */
static void eu_list_screens(void **state) {
  const char *in;
  json_t *hit, *line;
  size_t i;
  int cites = 0;
  (void)state;
  skip_without_cli();
  in = temp_text("id,name,birth_date,nationality\n"
                 "t1,Saddam Hussein al-Tikriti,1937-04-28,IRQ\n"
                 "t2,Pieter Karel Janssen,1980-02-11,NLD\n");
  {
    char args[256];
    snprintf(args, sizeof args, "--list EU=" FIX "eu_sample.xml %s", in);
    run_screen(args);
  }
  expect_exit(0); /* no record in error */
  assert_int_equal(r.nlines, 2);
  assert_string_equal(str(obj(0), "status"), "alert");
  hit = json_array_get(json_object_get(obj(0), "hits"), 0);
  assert_string_equal(str(hit, "list"), "EU");
  assert_string_equal(str(hit, "entity_id"), "13");
  assert_true(json_is_true(json_object_get(hit, "alert")));
  json_array_foreach(json_object_get(hit, "explanation"), i, line) cites |= strstr(json_string_value(line), "1937") != NULL;
  assert_true(cites);
  assert_string_equal(str(obj(1), "status"), "clear");
}

/* A spreadsheet's export: ';' between fields, a DOB column, the names in
** Last Name / First Name: the birth date is used (the evidence cites it);
** --map and --date-order read what the header does not say. */
static void semicolons_dob_and_maps(void **state) {
  const char *in, *in2;
  json_t *hit, *line;
  size_t i;
  int cites = 0;
  char args[512];
  (void)state;
  skip_without_cli();
  in = temp_text("Last Name;First Name;DOB;Nationality\nAL-ZAWAHIRI;Ayman;19/06/1951;EGY\n");
  snprintf(args, sizeof args, UN_LIST " %s", in);
  run_screen(args);
  expect_exit(0);
  assert_int_equal(r.nlines, 1);
  assert_string_equal(str(obj(0), "status"), "alert");
  hit = json_array_get(json_object_get(obj(0), "hits"), 0);
  assert_string_equal(str(hit, "entity_id"), "QDi.006");
  json_array_foreach(json_object_get(hit, "explanation"), i, line) cites |= strstr(json_string_value(line), "1951-06-19") != NULL;
  assert_true(cites);
  in2 = temp_text("Passagier,Geb\nAyman al-Zawahiri,06/19/1951\n");
  snprintf(args, sizeof args, UN_LIST " --map name=Passagier --map birth_date=Geb --date-order mdy %s", in2);
  run_screen(args);
  expect_exit(0);
  assert_string_equal(str(obj(0), "status"), "alert");
  assert_int_equal(json_array_size(json_object_get(obj(0), "warnings")), 0);
  snprintf(args, sizeof args, UN_LIST " --map born=Geb %s", in2);
  run_screen(args);
  expect_exit(2);
  assert_non_null(strstr(r.err, "born=Geb"));
}

/* A run can be proved: a file's run begins with its record (time, versions,
** settings, the input's and each list's SHA-256), standard input's does
** not unless asked; every line, clear or alert, names the model and each
** list's version and digest. */
static void runs_carry_their_provenance(void **state) {
  json_t *rec, *l, *o;
  size_t i;
  const char *digest;
  (void)state;
  skip_without_cli();
  run_screen(UN_LIST " " FIX "travellers.csv");
  assert_non_null(r.header);
  rec = json_object_get(r.header, "run");
  assert_string_equal(str(rec, "model"), ZEEF_MODEL_VERSION);
  assert_string_equal(str(rec, "zeef"), ZEEF_VERSION);
  assert_int_equal(strlen(str(json_object_get(rec, "input"), "sha256")), 64);
  assert_true(json_number_value(json_object_get(rec, "threshold")) == ZEEF_ALERT_THRESHOLD);
  l = json_array_get(json_object_get(rec, "lists"), 0);
  assert_string_equal(str(l, "name"), "UN");
  assert_string_equal(str(l, "version"), UN_VERSION);
  digest = str(l, "sha256");
  assert_int_equal(strlen(digest), 64);
  assert_true(r.nlines >= 2);
  for (i = 0; i < r.nlines; i++) {
    json_t *w = json_object_get(obj(i), "screened_with");
    json_t *wl = json_array_get(json_object_get(w, "lists"), 0);
    assert_string_equal(str(w, "model"), ZEEF_MODEL_VERSION);
    assert_string_equal(str(wl, "version"), UN_VERSION);
    assert_int_equal(strncmp(str(wl, "sha256"), digest, 16), 0);
  }
  run_screen("--no-run-header " UN_LIST " " FIX "travellers.csv");
  assert_null(r.header);
  run_screen(UN_LIST " - < " FIX "travellers.csv");
  assert_null(r.header);
  run_screen("--run-header " UN_LIST " - < " FIX "travellers.csv");
  assert_non_null(r.header);
  o = json_object_get(json_object_get(r.header, "run"), "input");
  assert_true(json_is_null(json_object_get(o, "sha256"))); /* not known before it is read */
}

/* zeef evaluate on labelled travellers: recall, false alerts and precision
** per threshold, the threshold a target asks for; an input without labels
** is refused. */
static void evaluate_sweeps_thresholds(void **state) {
  const char *in;
  json_t *sweep, *p, *chosen;
  size_t i;
  int saw_default = 0;
  char args[512];
  (void)state;
  skip_without_cli();
  in = temp_text("id,name,birth_date,nationality,expected\n"
                 "a,Ayman al-Zawahiri,1951-06-19,EGY,QDi.006\n"
                 "b,Aymen Zawahri,,,UN:QDi.006|OFAC:6366\n"
                 "c,Jan de Vries,1980-01-01,NLD,\n"
                 "d,Pieter Janssen,1975-05-05,NLD,\n");
  snprintf(args, sizeof args, "--list UN=" FIX "un_excerpt.xml --json --target-recall 1 %s", in);
  run_cli("evaluate", args);
  expect_exit(0);
  assert_int_equal(json_integer_value(json_object_get(obj(0), "travellers")), 4);
  assert_int_equal(json_integer_value(json_object_get(obj(0), "labelled")), 2);
  sweep = json_object_get(obj(0), "sweep");
  assert_true(json_array_size(sweep) >= 10);
  json_array_foreach(sweep, i, p) {
    double t = json_number_value(json_object_get(p, "threshold")), recall = json_number_value(json_object_get(p, "recall"));
    assert_true(recall >= 0 && recall <= 1);
    if (t > 0.79 && t < 0.81) {
      saw_default = 1;
      assert_true(recall == 1.0); /* both found, LIST:ID and | read */
      assert_int_equal(json_integer_value(json_object_get(p, "of_not_listed")), 0);
    }
    if (i) assert_true(recall <= json_number_value(json_object_get(json_array_get(sweep, i - 1), "recall")));
  }
  assert_true(saw_default);
  chosen = json_object_get(obj(0), "chosen");
  assert_true(json_number_value(json_object_get(chosen, "recall")) == 1.0);
  assert_true(json_number_value(json_object_get(chosen, "threshold")) >= 0.8);
  /* the table to read */
  snprintf(args, sizeof args, "--list UN=" FIX "un_excerpt.xml %s", in);
  run_cli("evaluate", args);
  expect_exit(0);
  assert_non_null(strstr(r.out, "threshold  recall"));
  assert_non_null(strstr(r.out, "0.80*"));
  /* no labels: nothing to measure */
  snprintf(args, sizeof args, "--list UN=" FIX "un_excerpt.xml " FIX "travellers.csv");
  run_cli("evaluate", args);
  expect_exit(2);
  assert_non_null(strstr(r.err, "expected"));
}

/* zeef report from zeef screen's output: the page (the run, the totals,
** each alert with both sides' facts, the clear and the errors, every value
** escaped), the CSV (a formula kept from a spreadsheet) and the text; an
** input that is not screening output is refused. */
static void report_from_results(void **state) {
  const char *results, *crafted;
  char args[512];
  (void)state;
  skip_without_cli();
  run_screen(UN_LIST " " FIX "travellers.csv");
  assert_non_null(r.header);
  {
    char *copy = json_dumps(r.header, JSON_COMPACT);
    static char all[OUT_MAX];
    snprintf(all, sizeof all, "%s\n%s", copy, r.out + strcspn(r.out, "\n") + 1);
    free(copy);
    results = temp_text(all);
  }
  snprintf(args, sizeof args, "--by tester %s", results);
  run_cli("report", args);
  expect_exit(0);
  assert_non_null(strstr(r.out, "<!doctype html>"));
  assert_non_null(strstr(r.out, "Screening report"));
  assert_non_null(strstr(r.out, UN_VERSION));
  assert_non_null(strstr(r.out, "by tester"));
  assert_non_null(strstr(r.out, "class=\"band strong\""));
  assert_non_null(strstr(r.out, "QDi.006"));
  assert_non_null(strstr(r.out, "<h2>Clear</h2>"));
  assert_null(strstr(r.out, "http")); /* nothing fetched from a network */
  snprintf(args, sizeof args, "--format text %s", results);
  run_cli("report", args);
  expect_exit(0);
  assert_non_null(strstr(r.out, "SCREENING REPORT"));
  /* what a list or a traveller holds is escaped, and a spreadsheet formula is kept as text */
  crafted = temp_text("{\"id\": \"x1\", \"line\": 2, \"status\": \"clear\", \"traveller\": "
                      "{\"name\": \"<b>Evil</b> & co\"}, \"hits\": []}\n"
                      "{\"id\": \"x2\", \"line\": 3, \"status\": \"clear\", \"traveller\": "
                      "{\"name\": \"=HYPERLINK(1)\"}, \"hits\": []}\n");
  snprintf(args, sizeof args, "%s", crafted);
  run_cli("report", args);
  expect_exit(0);
  assert_non_null(strstr(r.out, "&lt;b&gt;Evil&lt;/b&gt; &amp; co"));
  assert_null(strstr(r.out, "<b>Evil"));
  snprintf(args, sizeof args, "--format csv %s", crafted);
  run_cli("report", args);
  expect_exit(0);
  assert_true(strncmp(r.out, "id,line,status,traveller,", 25) == 0);
  assert_non_null(strstr(r.out, "\"'=HYPERLINK(1)\""));
  /* one person on two lists (the same full birth date) is grouped; a
  ** namesake on a third list with a year alone is not */
  crafted = temp_text(
      "{\"id\": \"g1\", \"line\": 2, \"status\": \"alert\", \"traveller\": {\"name\": \"Aiman Zawahiri\"}, "
      "\"hits\": [{\"list\": \"UN\", \"entity_id\": \"QDi.006\", \"name\": \"AIMAN AL-ZAWAHIRI\", "
      "\"matched_name\": \"AIMAN AL-ZAWAHIRI\", \"band\": \"strong\", \"score\": 0.97, \"alert\": true, "
      "\"listed\": {\"birth_dates\": [\"1951-06-19\"], \"documents\": []}}, "
      "{\"list\": \"OFAC\", \"entity_id\": \"6366\", \"name\": \"ZAWAHIRI, Ayman\", "
      "\"matched_name\": \"ZAWAHIRI, Ayman\", \"band\": \"strong\", \"score\": 0.95, \"alert\": true, "
      "\"listed\": {\"birth_dates\": [\"1951-06-19\"], \"documents\": []}}, "
      "{\"list\": \"EU\", \"entity_id\": \"99\", \"name\": \"Other Zawahiri\", "
      "\"matched_name\": \"Other Zawahiri\", \"band\": \"possible\", \"score\": 0.85, \"alert\": true, "
      "\"listed\": {\"birth_dates\": [\"1951\"], \"documents\": []}}]}\n");
  snprintf(args, sizeof args, "%s", crafted);
  run_cli("report", args);
  expect_exit(0);
  assert_non_null(strstr(r.out, "One person on several lists (the same birth date or document): UN QDi.006, OFAC 6366<"));
  assert_null(strstr(r.out, "EU 99)"));
  snprintf(args, sizeof args, "--format text %s", crafted);
  run_cli("report", args);
  expect_exit(0);
  assert_non_null(strstr(r.out, "OFAC 6366 ZAWAHIRI, Ayman  born 1951-06-19, -  = the same person as UN QDi.006\n"));
  assert_non_null(strstr(r.out, "EU 99 Other Zawahiri  born 1951, -\n"));
  /* not screening output */
  snprintf(args, sizeof args, "%s", FIX "travellers.csv");
  run_cli("report", args);
  expect_exit(2);
  assert_non_null(strstr(r.err, "not zeef screen's output"));
}

/* Explanations that never contradict each other: every name the rarity
** sentence names is called by the words its own alignment line uses for it
** (a name is never "rare enough" in one line and "common" in the next),
** for every hit of the demo manifest and the fixture travellers. */
static void explanations_agree_on_each_name(void **state) {
  static const char *const inputs[] = {"data/demo/manifest.csv", FIX "travellers.csv"};
  size_t checked = 0;
  (void)state;
  skip_without_cli();
  for (size_t f = 0; f < 2; f++) {
    char args[256];
    snprintf(args, sizeof args, "--no-run-header --min-score 0.3 --list UN=data/lists/un-consolidated.xml %s", inputs[f]);
    run_screen(args);
    for (size_t i = 0; i < r.nlines && i < LINES_MAX; i++) {
      json_t *h, *ev, *np;
      size_t k, e, p;
      json_array_foreach(json_object_get(obj(i), "hits"), k, h) {
        const char *rarity = NULL;
        json_array_foreach(json_object_get(h, "evidence"), e, ev) if (strcmp(str(ev, "feature"), "rarity") == 0) rarity =
            str(ev, "text");
        if (!rarity) continue;
        json_array_foreach(json_object_get(h, "name_parts"), p, np) {
          const char *tok = str(np, "traveller"), *line = str(np, "text"), *at;
          char named[160];
          snprintf(named, sizeof named, "%s (", tok);
          if (!*tok || !(at = strstr(rarity, named))) continue;
          at += strlen(named);
          {
            /* the words in the rarity line, up to ')', are in the alignment line after "; " */
            char words[64], expect[80];
            size_t n = strcspn(at, ")");
            snprintf(words, sizeof words, "%.*s", (int)(n < 63 ? n : 63), at);
            snprintf(expect, sizeof expect, "; %s,", words);
            if (!strstr(line, expect)) fail_msg("\"%s\" says %s of %s, but \"%s\"", rarity, words, tok, line);
            checked++;
          }
        }
      }
    }
  }
  assert_true(checked >= 10);
}

/* A configuration file gives zeef screen its lists and thresholds (the
** lines before any part, and its [screen] part; not [serve]'s); the command
** line has the last word; a malformed line is named and refused. */
static void configuration_file(void **state) {
  const char *conf, *bad;
  char args[512];
  json_t *rec;
  (void)state;
  skip_without_cli();
  conf = temp_text("# a site's settings\n"
                   "list = UN=" FIX "un_excerpt.xml\n"
                   "[serve]\n"
                   "listen = 0.0.0.0:9999\n"
                   "[screen]\n"
                   "threshold = 0.85\n"
                   "min_score = 0.6\n");
  snprintf(args, sizeof args, "--config %s " FIX "travellers.csv", conf);
  run_screen(args);
  expect_exit(1);
  assert_non_null(r.header);
  rec = json_object_get(r.header, "run");
  assert_true(json_number_value(json_object_get(rec, "threshold")) == 0.85);
  assert_true(json_number_value(json_object_get(rec, "min_score")) == 0.6);
  assert_string_equal(str(json_array_get(json_object_get(rec, "lists"), 0), "name"), "UN");
  snprintf(args, sizeof args, "--config %s --threshold 0.9 " FIX "travellers.csv", conf);
  run_screen(args);
  assert_true(json_number_value(json_object_get(json_object_get(r.header, "run"), "threshold")) == 0.9);
  bad = temp_text("list = UN=" FIX "un_excerpt.xml\nthreshold 0.8\n");
  snprintf(args, sizeof args, "--config %s " FIX "travellers.csv", bad);
  run_screen(args);
  expect_exit(2);
  assert_non_null(strstr(r.err, ":2: not \"key = value\""));
}

/* `zeef lists diff`: the same list twice is no change (exit 0); an edited
** copy gives one JSON line per change, the alias added named (exit 1). */
static void lists_diff_cli(void **state) {
  const char *edited = temp_name();
  char args[512];
  FILE *in, *out;
  char line[4096];
  (void)state;
  skip_without_cli();
  run_cli("lists", "diff " FIX "un_excerpt.xml " FIX "un_excerpt.xml");
  expect_exit(0);
  assert_int_equal(r.nlines, 0);
  assert_non_null(strstr(r.err, "0 added, 0 removed, 0 changed"));
  in = fopen(FIX "un_excerpt.xml", "rb");
  out = fopen(edited, "w");
  assert_non_null(in);
  assert_non_null(out);
  while (fgets(line, sizeof line, in)) {
    char *p = strstr(line, "</INDIVIDUAL_ALIAS>");
    fputs(line, out);
    if (p) { /* once: a new alias after the first */
      fputs("<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Abu EDITED</ALIAS_NAME></INDIVIDUAL_ALIAS>\n", out);
      while (fgets(line, sizeof line, in)) fputs(line, out);
    }
  }
  fclose(in);
  fclose(out);
  snprintf(args, sizeof args, "diff --json " FIX "un_excerpt.xml %s", edited);
  run_cli("lists", args);
  expect_exit(1);
  assert_int_equal(r.nlines, 1);
  assert_string_equal(str(obj(0), "change"), "changed");
  assert_string_equal(json_string_value(json_array_get(
                          json_object_get(json_object_get(json_object_get(obj(0), "fields"), "names"), "added"), 0)),
                      "Abu EDITED");
}

/* zeef screen --store keeps every screening and opens a case per alert;
** zeef audit verify finds the chain intact, then names the batch whose
** stored hit was edited behind zeef's back; zeef audit export gives every
** entry. */
static void store_and_audit_cli(void **state) {
  const char *db = temp_name();
  char args[512];
  sqlite3 *h;
  (void)state;
  skip_without_cli();
  snprintf(args, sizeof args, "-q " UN_LIST " --store %s --user ana " FIX "travellers.csv", db);
  run_screen(args);
  expect_exit(1); /* T05 is an error record: its line is written, and stored */
  assert_int_equal(r.nlines, NWANT);
  snprintf(args, sizeof args, "verify --store %s", db);
  run_cli("audit", args);
  expect_exit(0);
  assert_non_null(strstr(r.out, "audit intact: 3 entries"));
  snprintf(args, sizeof args, "export --store %s", db);
  run_cli("audit", args);
  expect_exit(0);
  assert_int_equal(r.nlines, 3);
  assert_string_equal(str(obj(0), "action"), "screen.run_start");
  assert_string_equal(str(obj(0), "actor"), "ana");
  assert_string_equal(str(obj(1), "action"), "screen.batch");
  assert_non_null(strstr(str(obj(1), "details"), "\"cases\":3"));
  assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
  assert_int_equal(sqlite3_exec(h, "UPDATE hits SET score = 0.2 WHERE entity_id = 'QDi.356'", NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(h);
  snprintf(args, sizeof args, "verify --store %s", db);
  run_cli("audit", args);
  expect_exit(1);
  assert_non_null(strstr(r.out, "audit broken at entry 2 (rows)"));
  /* no store named, none there, or not a store */
  run_cli("audit", "verify");
  expect_exit(2);
  run_cli("audit", "verify --store /nonexistent/cases.db");
  expect_exit(2);
  assert_non_null(strstr(r.err, "no such store"));
  snprintf(args, sizeof args, "verify --store " FIX "travellers.csv");
  run_cli("audit", args);
  expect_exit(2);
}

int test_screen_cli(void) {
  const struct CMUnitTest tests[] = {
      CLI_TEST(csv_one_json_line_per_record),
      CLI_TEST(exit_zero_without_errors),
      CLI_TEST(missing_list_exits_2),
      CLI_TEST(truncated_list_exits_2),
      CLI_TEST(jsonl_input),
      CLI_TEST(stdin_input),
      CLI_TEST(limit_one),
      CLI_TEST(threshold_raises_the_bar),
      CLI_TEST(bad_usage_exits_2),
      CLI_TEST(mrz_blocks_screened),
      CLI_TEST(bad_mrz_blocks_are_errors),
      CLI_TEST(paxlst_persons_screened),
      CLI_TEST(not_paxlst_exits_2),
      CLI_TEST(bookings_and_rules),
      CLI_TEST(broken_csv_row_one_line_per_record),
      CLI_TEST(unwritable_output_exits_2),
      CLI_TEST(threads_keep_input_order),
      CLI_TEST(eu_list_screens),
      CLI_TEST(semicolons_dob_and_maps),
      CLI_TEST(runs_carry_their_provenance),
      CLI_TEST(evaluate_sweeps_thresholds),
      CLI_TEST(report_from_results),
      CLI_TEST(explanations_agree_on_each_name),
      CLI_TEST(configuration_file),
      CLI_TEST(lists_diff_cli),
      CLI_TEST(store_and_audit_cli),
  };
  th_tests_total += (int)(sizeof tests / sizeof tests[0]);
  return cmocka_run_group_tests_name("screen_cli", tests, NULL, NULL);
}
