/*
** test_serve.c: `zeef serve` as a client sees it: the real binary
** ($ZEEF_CLI; without it every test here is skipped, as in
** test_screen_cli.c) started on 127.0.0.1 port 0, its port read from the
** "zeef: serving on" line of its stderr, and spoken to in real HTTP with
** libcurl. One server with API keys serves most tests: the bundled UN list
** as UN and a temporary copy of the UN excerpt fixture as EXC (the copy is
** what the bad-list test corrupts). The last test stops it with SIGTERM
** and requires exit status 0, which under ASan also means no leak.
**
** Covered: yente's /match round trip (default and by dataset), unknown
** dataset 404; yente's key forms, filters, threshold and cutoff rule,
** limit, name-less queries, strictness, /catalog, /algorithms and
** /entities, and the request shapes its clients send; /screen with a JSON array, CSV, PAXLST and MRZ bodies;
** reload while requests run, SIGHUP, a bad list at reload; 400 for
** malformed and deep JSON, 413, 415, 401, 403, 404, 405; /healthz,
** /readyz, /lists, /metrics; --hash-key; the loopback rule; graceful
** SIGTERM with a request in flight. Tests run from the repository root.
*/
#include "tests.h"

#include "../../src/internal.h"
#include "../../src/store/db.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sqlite3.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FIX "tests/fixtures/"
#define UN_FULL "data/lists/un-consolidated.xml"
#define SCREEN_KEY "zeef-test-screen-key-0001"
#define ADMIN_KEY "zeef-test-admin-key-0002"
#define MONITOR_KEY "zeef-test-monitor-key-0003"
#define BODY_MAX_TEST (32u << 20) /* bytes of an answer kept */
#define START_TIMEOUT_S 60        /* ASan start, list load and index */
#define RELOAD_ROUNDS 4
#define LOAD_THREADS 2

/* ---------------------------------------------------------------- Server */

typedef struct server {
  pid_t pid; /* 0 when not running */
  int port;
  char err_path[64];
} server;

static server main_srv;
static char keys_path[64], exc_path[64];
static int have_curl;

static const char *cli_path(void) {
  const char *p = getenv("ZEEF_CLI");
  return p && *p ? p : NULL;
}

static void skip_without_cli(void) {
  if (!cli_path()) {
    print_message("[  SKIP    ] ZEEF_CLI is not set: skipping the serve tests\n");
    th_tests_skipped++;
    skip();
  }
}

static int temp_file(char *path, size_t cap, const char *suffix) {
  int fd;
  snprintf(path, cap, "/tmp/zeef-serve-XXXXXX%s", suffix);
  fd = mkstemps(path, (int)strlen(suffix));
  if (fd >= 0) close(fd);
  return fd >= 0 ? 0 : -1;
}

static int copy_file(const char *from, const char *to, size_t max_bytes) {
  FILE *in = fopen(from, "rb"), *out;
  char buf[8192];
  size_t n, total = 0;
  if (!in) return -1;
  if (!(out = fopen(to, "wb"))) {
    fclose(in);
    return -1;
  }
  while ((n = fread(buf, 1, sizeof buf, in)) > 0 && total < max_bytes) {
    if (n > max_bytes - total) n = max_bytes - total;
    fwrite(buf, 1, n, out);
    total += n;
  }
  fclose(in);
  return fclose(out);
}

/* The whole of a small text file, NUL terminated, into buf. */
static size_t slurp(const char *path, char *buf, size_t cap) {
  FILE *f = fopen(path, "rb");
  size_t n = 0;
  if (f) {
    n = fread(buf, 1, cap - 1, f);
    fclose(f);
  }
  buf[n] = 0;
  return n;
}

/* Starts `$ZEEF_CLI serve ARGS...` (NULL-terminated) with stderr to a
** temporary file and waits for "zeef: ready". Returns 0, or -1 (the server
** stopped, or never got ready) with its stderr printed. */
static int server_start(server *sv, const char *const *args) {
  const char *argv[32];
  size_t n = 0;
  char err[16384];
  double waited = 0;
  memset(sv, 0, sizeof *sv);
  if (temp_file(sv->err_path, sizeof sv->err_path, ".log")) return -1;
  argv[n++] = cli_path();
  argv[n++] = "serve";
  while (*args && n < sizeof argv / sizeof argv[0] - 1) argv[n++] = *args++;
  argv[n] = NULL;
  fflush(stdout);
  fflush(stderr);
  sv->pid = fork();
  if (sv->pid < 0) return -1;
  if (sv->pid == 0) {
    int fd = open(sv->err_path, O_WRONLY | O_TRUNC);
    int nul = open("/dev/null", O_RDWR);
    if (fd < 0 || nul < 0) _exit(126);
    dup2(fd, 2);
    dup2(nul, 1);
    dup2(nul, 0);
    execv(argv[0], (char *const *)argv);
    _exit(127);
  }
  while (waited < START_TIMEOUT_S) {
    const char *p;
    int st;
    slurp(sv->err_path, err, sizeof err);
    if ((p = strstr(err, "zeef: serving on 127.0.0.1:")) != NULL) sv->port = atoi(p + 27);
    if (sv->port > 0 && strstr(err, "zeef: ready")) return 0;
    if (waitpid(sv->pid, &st, WNOHANG) == sv->pid) {
      print_error("the server stopped before it was ready:\n%s\n", err);
      sv->pid = 0;
      return -1;
    }
    usleep(20 * 1000);
    waited += 0.02;
  }
  print_error("the server was not ready after %d s:\n%s\n", START_TIMEOUT_S, err);
  kill(sv->pid, SIGKILL);
  waitpid(sv->pid, NULL, 0);
  sv->pid = 0;
  return -1;
}

/* Sends sig and waits for the exit; returns the exit status, or -1 when it
** did not exit normally (killed after timeout_s). */
static int server_stop(server *sv, int sig, double timeout_s) {
  int st = 0;
  double waited = 0;
  if (!sv->pid) return -1;
  kill(sv->pid, sig);
  while (waitpid(sv->pid, &st, WNOHANG) == 0) {
    if (waited > timeout_s) {
      kill(sv->pid, SIGKILL);
      waitpid(sv->pid, &st, 0);
      sv->pid = 0;
      return -1;
    }
    usleep(20 * 1000);
    waited += 0.02;
  }
  sv->pid = 0;
  unlink(sv->err_path);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ------------------------------------------------------------------ HTTP */

typedef struct resp {
  long status; /* 0 when the request failed */
  char *body;
  size_t len;
  json_t *json; /* the body parsed, when it is JSON */
  const char *error; /* why the request failed (status 0), static */
  char headers[4096]; /* the answer's header lines, as sent (cut at its size) */
} resp;

static size_t on_header(char *p, size_t size, size_t n, void *ud) {
  resp *r = ud;
  size_t have = strlen(r->headers), k = size * n;
  if (have + k < sizeof r->headers) {
    memcpy(r->headers + have, p, k);
    r->headers[have + k] = 0;
  }
  return k;
}

static size_t on_body(char *p, size_t size, size_t n, void *ud) {
  resp *r = ud;
  size_t k = size * n;
  char *b;
  if (r->len + k > BODY_MAX_TEST) return 0;
  if (!(b = realloc(r->body, r->len + k + 1))) return 0;
  r->body = b;
  memcpy(r->body + r->len, p, k);
  r->len += k;
  r->body[r->len] = 0;
  return k;
}

static void resp_free(resp *r) {
  free(r->body);
  json_decref(r->json);
  memset(r, 0, sizeof *r);
}

/* One request on handle h (a fresh one when NULL). headers: extra header
** lines, NULL-terminated (may be NULL). body NULL: GET. Never asserts, so
** threads may use it. */
static void http_on(CURL *h, resp *r, int port, const char *method, const char *path, const char *ctype,
                    const char *body, size_t len, const char *const *headers) {
  char url[4096], ct[128];
  struct curl_slist *hl = NULL;
  CURL *own = h ? NULL : curl_easy_init();
  if (!h) h = own;
  memset(r, 0, sizeof *r);
  if (!h) return;
  curl_easy_reset(h);
  snprintf(url, sizeof url, "http://127.0.0.1:%d%s", port, path);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  if (body) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
  }
  if (method) curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
  snprintf(ct, sizeof ct, "Content-Type: %s", ctype ? ctype : "");
  if (ctype) hl = curl_slist_append(hl, ct);
  hl = curl_slist_append(hl, "Expect:");
  for (size_t i = 0; headers && headers[i]; i++) hl = curl_slist_append(hl, headers[i]);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
  {
    CURLcode cc = curl_easy_perform(h);
    if (cc == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
    else r->error = curl_easy_strerror(cc);
  }
  if (r->body) r->json = json_loadb(r->body, r->len, 0, NULL);
  curl_slist_free_all(hl);
  if (own) curl_easy_cleanup(own);
}

static const char *const with_screen_key[] = {"Authorization: Bearer " SCREEN_KEY, NULL};
static const char *const with_admin_key[] = {"Authorization: Bearer " ADMIN_KEY, NULL};

static resp R; /* the last answer of the test; freed by the teardown */

static void get(const char *path, const char *const *headers) {
  resp_free(&R);
  http_on(NULL, &R, main_srv.port, NULL, path, NULL, NULL, 0, headers);
}

static void post(const char *path, const char *ctype, const char *body, size_t len, const char *const *headers) {
  resp_free(&R);
  http_on(NULL, &R, main_srv.port, "POST", path, ctype, body, len, headers);
}

static void expect_status(long want) {
  if (R.status != want) fail_msg("HTTP %ld, want %ld; body:\n%.2000s", R.status, want, R.body ? R.body : "");
}

/* An error answer: the status, JSON {"error": code, "detail": "..."}. */
static void expect_error(long status, const char *code) {
  expect_status(status);
  if (!json_is_object(R.json)) fail_msg("the answer is not a JSON object:\n%.500s", R.body ? R.body : "");
  assert_string_equal(json_string_value(json_object_get(R.json, "error")), code);
  assert_true(json_is_string(json_object_get(R.json, "detail")));
  assert_true(json_string_length(json_object_get(R.json, "detail")) > 10);
}

static json_t *jget(json_t *o, const char *path) {
  /* "a.b.0.c": objects by key, arrays by index */
  char key[64];
  while (*path && o) {
    size_t n = strcspn(path, ".");
    snprintf(key, sizeof key, "%.*s", (int)n, path);
    o = json_is_array(o) ? json_array_get(o, (size_t)atoi(key)) : json_object_get(o, key);
    path += n + (path[n] == '.');
  }
  return o;
}

static const char *jstr(json_t *o, const char *path) {
  const char *s = json_string_value(jget(o, path));
  if (!s) fail_msg("\"%s\" is not a string in:\n%.1500s", path, R.body ? R.body : "");
  return s;
}

/* ------------------------------------------------------------- Fixtures */

static const char zawahiri_query[] =
    "{\"queries\": {\"q1\": {\"schema\": \"Person\", \"properties\": {"
    "\"name\": [\"Aiman al-Zawahiri\", \"Ayman Zawahri\"], \"birthDate\": [\"1951-06-19\"], "
    "\"nationality\": [\"eg\"], \"gender\": [\"male\"]}}}}";

/* A passenger list of two: a listed person and a fictitious one. */
static const char paxlst[] =
    "UNA:+.? '\n"
    "UNB+UNOA:4+KLM:ZZ+NLCBP:ZZ+260301:1200+REF42++APIS'\n"
    "UNH+M1+PAXLST:D:05B:UN:IATA+KL0641/260301/1200+01:F'\n"
    "BGM+745'\n"
    "NAD+MS+++KLM OPERATIONS'\n"
    "TDT+20+KL641+++KL'\n"
    "LOC+125+AMS'\n"
    "DTM+189:2603011200:201'\n"
    "LOC+87+CAI'\n"
    "DTM+232:2603011630:201'\n"
    "NAD+FL+++AL-ZAWAHIRI:AYMAN'\n"
    "ATT+2++M'\n"
    "DTM+329:510619'\n"
    "NAT+2+EGY'\n"
    "DOC+P+1084010'\n"
    "LOC+91+EGY'\n"
    "NAD+FL+++DE VRIES:ANNA:MARIA'\n"
    "ATT+2++F'\n"
    "DTM+329:880214'\n"
    "NAT+2+NLD'\n"
    "DOC+P+NW7K3LP21'\n"
    "LOC+91+NLD'\n"
    "CNT+42:2'\n"
    "UNT+22+M1'\n"
    "UNZ+1+REF42'\n";

/* Two passports (TD3), check digits computed: a listed person, then a
** fictitious one. */
static const char mrz[] = "P<EGYAL<ZAWAHIRI<<AYMAN<<<<<<<<<<<<<<<<<<<<<\n"
                          "1084010<<4EGY5106192M3001019<<<<<<<<<<<<<<<2\n"
                          "\n"
                          "P<NLDDE<VRIES<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                          "NW7K3LP216NLD8802141F3105054<<<<<<<<<<<<<<<2\n";

/* 1 when the reader in src/travel/FILE is the short placeholder that was
** there while it was being written. */
static int reader_is_placeholder(const char *file) {
  struct stat st;
  char path[128];
  snprintf(path, sizeof path, "src/travel/%s", file);
  return stat(path, &st) == 0 && st.st_size < 2000;
}

/* Writes the keys file: the screen key (screen), the admin key (admin,
** screen) and the monitor key (monitor), hashed by `zeef serve --hash-key`. */
static int write_keys(void) {
  static const struct {
    const char *key, *roles;
  } keys[] = {{SCREEN_KEY, "screen"}, {ADMIN_KEY, "screen,admin"}, {MONITOR_KEY, "monitor"}};
  FILE *out;
  if (temp_file(keys_path, sizeof keys_path, ".keys") || !(out = fopen(keys_path, "w"))) return -1;
  fputs("# zeef serve keys for the tests: SHA256HEX ROLES\n\n", out);
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
    char cmd[512], hex[80] = "";
    FILE *p;
    snprintf(cmd, sizeof cmd, "'%s' serve --hash-key '%s'", cli_path(), keys[i].key);
    if (!(p = popen(cmd, "r"))) break;
    if (!fgets(hex, sizeof hex, p)) hex[0] = 0;
    pclose(p);
    hex[strcspn(hex, "\n")] = 0;
    if (strlen(hex) != 64) break;
    fprintf(out, "%s %s\n", hex, keys[i].roles);
  }
  return fclose(out);
}

static int group_setup(void **state) {
  const char *args[] = {"--listen", "127.0.0.1:0", "--list", "UN=" UN_FULL, "--list", NULL, "--list",
                        "EU=" FIX "eu_sample.xml", "--keys", keys_path, "--threads", "2", "--head-timeout", "2",
                        NULL};
  static char exc_arg[80];
  (void)state;
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return -1;
  have_curl = 1;
  if (!cli_path()) return 0;
  if (temp_file(exc_path, sizeof exc_path, ".xml") || copy_file(FIX "un_excerpt.xml", exc_path, SIZE_MAX))
    return -1;
  snprintf(exc_arg, sizeof exc_arg, "EXC=%s", exc_path);
  args[5] = exc_arg;
  if (write_keys()) return -1;
  return server_start(&main_srv, args);
}

static int group_teardown(void **state) {
  (void)state;
  if (main_srv.pid) server_stop(&main_srv, SIGKILL, 5);
  if (exc_path[0]) unlink(exc_path);
  if (keys_path[0]) unlink(keys_path);
  resp_free(&R);
  if (have_curl) curl_global_cleanup();
  return 0;
}

static int test_teardown(void **state) {
  resp_free(&R);
  return th_pool_teardown(state);
}

#define SERVE_TEST(f) cmocka_unit_test_teardown(f, test_teardown)

/* The value of one series of the metrics page (0 when absent). */
static double metric(const char *page, const char *series) {
  const char *p = page;
  size_t n = strlen(series);
  while ((p = strstr(p, series)) != NULL) {
    if ((p == page || p[-1] == '\n') && p[n] == ' ') return strtod(p + n + 1, NULL);
    p += n;
  }
  return 0;
}

/* --------------------------------------------------------------- /match */

/* A result in yente's shape: FollowTheMoney terms, zeef's evidence under
** explanations, and nothing else. */
static void check_result_shape(json_t *res) {
  static const char *const keys[] = {"id",        "caption", "schema",      "properties", "datasets",
                                     "referents", "target",  "first_seen",  "last_seen",  "last_change",
                                     "score",     "match",   "explanations"};
  const char *key;
  json_t *v;
  size_t i;
  assert_true(json_is_object(res));
  json_object_foreach(res, key, v) {
    size_t k = 0;
    while (k < sizeof keys / sizeof keys[0] && strcmp(key, keys[k]) != 0) k++;
    if (k == sizeof keys / sizeof keys[0]) fail_msg("a result has the key \"%s\", not yente's", key);
  }
  jstr(res, "id");
  jstr(res, "caption");
  jstr(res, "schema");
  assert_true(json_is_object(jget(res, "properties")));
  assert_true(json_is_array(jget(res, "properties.name")));
  /* properties: lists of strings, topics among them */
  json_object_foreach(jget(res, "properties"), key, v) {
    json_t *x;
    assert_true(json_is_array(v));
    json_array_foreach(v, i, x) assert_true(json_is_string(x));
  }
  assert_string_equal(jstr(res, "properties.topics.0"), "sanction");
  json_array_foreach(jget(res, "properties.nationality"), i, v) {
    assert_int_equal(json_string_length(v), 2);
    assert_true(json_string_value(v)[0] >= 'a' && json_string_value(v)[0] <= 'z');
  }
  assert_true(json_is_array(jget(res, "datasets")) && json_array_size(jget(res, "datasets")) == 1);
  assert_true(json_is_array(jget(res, "referents")));
  assert_true(json_is_true(jget(res, "target")));
  assert_int_equal(strlen(jstr(res, "last_seen")), 19);
  assert_int_equal(strlen(jstr(res, "last_change")), 19);
  assert_true(json_is_string(jget(res, "first_seen")) || json_is_null(jget(res, "first_seen")));
  assert_true(json_is_number(jget(res, "score")));
  assert_true(json_number_value(jget(res, "score")) >= 0 && json_number_value(jget(res, "score")) <= 1);
  assert_true(json_is_boolean(jget(res, "match")));
  assert_true(json_is_object(jget(res, "explanations")));
}

static void match_yente_round_trip(void **state) {
  json_t *q1, *res;
  size_t i;
  (void)state;
  skip_without_cli();
  post("/match/default", "application/json", zawahiri_query, strlen(zawahiri_query), with_screen_key);
  expect_status(200);
  q1 = jget(R.json, "responses.q1");
  assert_non_null(q1);
  assert_int_equal(json_integer_value(jget(q1, "status")), 200);
  assert_int_equal(json_integer_value(jget(R.json, "limit")), 5);
  res = jget(q1, "results.0");
  check_result_shape(res);
  /* ids name the list: entity numbers of two lists can be the same */
  assert_string_equal(jstr(res, "id"), "UN:QDi.006");
  assert_string_equal(jstr(res, "referents.0"), "QDi.006");
  assert_string_equal(jstr(res, "schema"), "Person");
  assert_true(json_is_true(jget(res, "match")));
  assert_true(json_number_value(jget(res, "score")) >= 0.9);
  assert_string_equal(jstr(res, "properties.birthDate.0"), "1951-06-19");
  assert_string_equal(jstr(res, "properties.nationality.0"), "eg");
  assert_string_equal(jstr(res, "first_seen"), "2001-01-25T00:00:00");
  assert_string_equal(jstr(res, "last_change"), "2025-03-11T00:00:00");
  assert_true(json_is_number(jget(res, "explanations.birth_date.score")));
  assert_non_null(strstr(jstr(res, "explanations.birth_date.detail"), "1951"));
  assert_non_null(strstr(jstr(res, "explanations.name_similarity.detail"), "Zawah"));
  assert_true(json_integer_value(jget(q1, "total.value")) >= 1);
  jstr(q1, "total.relation");
  /* the echo is what zeef understood */
  assert_string_equal(jstr(q1, "query.schema"), "Person");
  assert_string_equal(jstr(q1, "query.properties.name.0"), "Aiman al-Zawahiri");
  assert_string_equal(jstr(q1, "query.properties.nationality.0"), "eg");
  assert_string_equal(jstr(q1, "query.properties.gender.0"), "male");
  /* both lists hold him: default answers from both */
  {
    int un = 0, exc = 0;
    json_array_foreach(jget(q1, "results"), i, res) {
      check_result_shape(res);
      un |= strcmp(jstr(res, "datasets.0"), "UN") == 0;
      exc |= strcmp(jstr(res, "datasets.0"), "EXC") == 0;
    }
    assert_true(un && exc);
  }
  /* by dataset: that list only */
  post("/match/EXC", "application/json", zawahiri_query, strlen(zawahiri_query), with_screen_key);
  expect_status(200);
  assert_true(json_array_size(jget(R.json, "responses.q1.results")) >= 1);
  json_array_foreach(jget(R.json, "responses.q1.results"), i, res)
      assert_string_equal(jstr(res, "datasets.0"), "EXC");
  assert_string_equal(jstr(R.json, "responses.q1.results.0.id"), "EXC:QDi.006");
}

static void match_names_and_parameters(void **state) {
  static const char body[] = "{\"queries\": {"
                             "\"split\": {\"schema\": \"Person\", \"properties\": {\"firstName\": "
                             "\"Aqsa\", \"lastName\": [\"Mahmud\"]}},"
                             "\"plain\": {\"schema\": \"Person\", \"properties\": {\"name\": "
                             "[\"Pieter Karel Janssen\"], "
                             "\"birthDate\": [\"not a date\"]}}}}";
  (void)state;
  skip_without_cli();
  post("/match/UN?limit=1&threshold=0.99", "application/json", body, strlen(body), with_screen_key);
  expect_status(200);
  assert_int_equal(json_integer_value(jget(R.json, "limit")), 1);
  /* lastName + firstName found her; below 0.99 she is no match */
  assert_int_equal(json_array_size(jget(R.json, "responses.split.results")), 1);
  assert_string_equal(jstr(R.json, "responses.split.results.0.id"), "UN:QDi.356");
  assert_true(json_is_false(jget(R.json, "responses.split.results.0.match")));
  assert_int_equal(json_integer_value(jget(R.json, "responses.split.total.value")), 0);
  /* a fictitious name: no match; the bad date is named */
  {
    size_t i;
    json_t *res;
    json_array_foreach(jget(R.json, "responses.plain.results"), i, res)
        assert_true(json_is_false(jget(res, "match")));
  }
  assert_non_null(strstr(jstr(R.json, "responses.plain.warnings.0"), "not a date"));
  assert_null(jget(R.json, "responses.plain.query.properties.birthDate"));
  /* bad parameters and queries: 400 */
  post("/match/UN?limit=0", "application/json", body, strlen(body), with_screen_key);
  expect_error(400, "bad_parameter");
  post("/match/UN?threshold=2", "application/json", body, strlen(body), with_screen_key);
  expect_error(400, "bad_parameter");
  post("/match/UN", "application/json", "{\"q\": 1}", 8, with_screen_key);
  expect_error(400, "bad_request");
}

/* A request of many names is screened on the pool, one of a few on the
** HTTP thread: the answers are the same. Twelve queries in one request
** (past SRV_INLINE_NAMES) against each query sent alone. */
static void match_pool_and_inline_agree(void **state) {
  static const char *const names[] = {"Ayman al-Zawahiri",
                                      "Aqsa Mahmud",
                                      "Saddam Hussein al-Tikriti",
                                      "Pieter Janssen",
                                      "Abu Bakr al-Baghdadi",
                                      "John Smith",
                                      "Aiman Zawahri",
                                      "Maria Lopez",
                                      "Ahmed Hassan",
                                      "Mokhtar Belmokhtar",
                                      "Li Wei",
                                      "Ivan Petrov"};
  enum { N = sizeof names / sizeof names[0] };
  char body[4096], one[512];
  size_t n = 0;
  json_t *big;
  (void)state;
  skip_without_cli();
  n += (size_t)snprintf(body + n, sizeof body - n, "{\"queries\": {");
  for (int i = 0; i < N; i++)
    n += (size_t)snprintf(body + n, sizeof body - n,
                          "%s\"q%d\": {\"schema\": \"Person\", \"properties\": {\"name\": [\"%s\"]}}",
                          i ? ", " : "", i, names[i]);
  snprintf(body + n, sizeof body - n, "}}");
  post("/match/default?threshold=0.5&cutoff=0.5", "application/json", body, strlen(body), with_screen_key);
  expect_status(200);
  big = json_incref(R.json);
  assert_true(json_array_size(jget(big, "responses.q0.results")) > 0); /* al-Zawahiri is found */
  for (int i = 0; i < N; i++) {
    char key[32];
    json_t *a, *b;
    snprintf(one, sizeof one,
             "{\"queries\": {\"q\": {\"schema\": \"Person\", \"properties\": "
             "{\"name\": [\"%s\"]}}}}",
             names[i]);
    post("/match/default?threshold=0.5&cutoff=0.5", "application/json", one, strlen(one), with_screen_key);
    expect_status(200);
    snprintf(key, sizeof key, "responses.q%d.results", i);
    a = jget(big, key);
    b = jget(R.json, "responses.q.results");
    assert_int_equal(json_array_size(a), json_array_size(b));
    for (size_t k = 0; k < json_array_size(a); k++) {
      assert_string_equal(jstr(json_array_get(a, k), "id"), jstr(json_array_get(b, k), "id"));
      assert_true(json_equal(jget(json_array_get(a, k), "score"), jget(json_array_get(b, k), "score")));
    }
  }
  json_decref(big);
}

/* POST /match/{dataset} with a query, as body text, and parameters; the
** answer to query "q" is checked for yente's shape and returned. */
static json_t *match_q(const char *params, const char *props, const char *const *headers) {
  char path[1024], body[2048];
  size_t i;
  json_t *res;
  snprintf(path, sizeof path, "/match/default%s%s", *params ? "?" : "", params);
  snprintf(body, sizeof body, "{\"queries\": {\"q\": {\"schema\": \"Person\", \"properties\": %s}}}", props);
  post(path, "application/json", body, strlen(body), headers ? headers : with_screen_key);
  expect_status(200);
  json_array_foreach(jget(R.json, "responses.q.results"), i, res) check_result_shape(res);
  return jget(R.json, "responses.q");
}

/* Whether the answer to "q" holds the entity id. */
static int has_result(json_t *q, const char *id) {
  size_t i;
  json_t *res;
  json_array_foreach(jget(q, "results"), i, res) if (strcmp(jstr(res, "id"), id) == 0) return 1;
  return 0;
}

#define ZAWAHIRI_PROPS "{\"name\": [\"Ayman al-Zawahiri\"], \"birthDate\": [\"1951-06-19\"]}"
#define SADDAM_PROPS                                                                                         \
  "{\"name\": [\"Saddam Hussein al-Tikriti\"], \"birthDate\": "                                              \
  "[\"1937-04-28\"]}"

/* Every way yente's clients present a key, and the endpoints that need
** none. */
static void yente_keys(void **state) {
  static const char *const forms[][2] = {
      {"Authorization: ApiKey " SCREEN_KEY, NULL}, {"Authorization: Apikey " SCREEN_KEY, NULL},
      {"Authorization: " SCREEN_KEY, NULL},        {"Authorization: Token " SCREEN_KEY, NULL},
      {"Authorization: bearer " SCREEN_KEY, NULL}, {"X-API-Key: " SCREEN_KEY, NULL}};
  static const char *const wrong[][2] = {{"Authorization: ApiKey not-the-key-at-all", NULL},
                                         {"Authorization: Basic " SCREEN_KEY, NULL},
                                         {"Authorization: ApiKey", NULL}};
  (void)state;
  skip_without_cli();
  for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
    json_t *q = match_q("", ZAWAHIRI_PROPS, forms[i]);
    assert_true(has_result(q, "UN:QDi.006"));
  }
  assert_true(
      has_result(match_q("api_key=" SCREEN_KEY, ZAWAHIRI_PROPS, (const char *const[]){NULL}), "UN:QDi.006"));
  for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
    post("/match/default", "application/json", zawahiri_query, strlen(zawahiri_query), wrong[i]);
    expect_error(401, "unauthorized");
  }
  post("/match/default?api_key=not-the-key-at-all", "application/json", zawahiri_query,
       strlen(zawahiri_query), NULL);
  expect_error(401, "unauthorized");
  /* what reveals no list contents needs no key; an entity does */
  get("/catalog", NULL);
  expect_status(200);
  get("/algorithms", NULL);
  expect_status(200);
  get("/readyz", NULL);
  expect_status(200);
  get("/entities/UN:QDi.006", NULL);
  expect_error(401, "unauthorized");
}

static void yente_filters(void **state) {
  json_t *q;
  char many[2048];
  size_t k = 0;
  (void)state;
  skip_without_cli();
  q = match_q("", ZAWAHIRI_PROPS, NULL);
  assert_true(has_result(q, "UN:QDi.006") && has_result(q, "EXC:QDi.006"));
  /* "no hit, never show again": by yente id, by the list's own id (every
  ** list's entity of that id), and not another's */
  q = match_q("exclude_entity_ids=UN:QDi.006", ZAWAHIRI_PROPS, NULL);
  assert_false(has_result(q, "UN:QDi.006"));
  assert_true(has_result(q, "EXC:QDi.006"));
  q = match_q("exclude_entity_ids=QDi.006", ZAWAHIRI_PROPS, NULL);
  assert_false(has_result(q, "UN:QDi.006") || has_result(q, "EXC:QDi.006"));
  q = match_q("exclude_entity_ids=UN:QDi.001&exclude_entity_ids=EXC:QDi.006", ZAWAHIRI_PROPS, NULL);
  assert_true(has_result(q, "UN:QDi.006"));
  assert_false(has_result(q, "EXC:QDi.006"));
  /* an EU entity's other id (its EU reference number) excludes it */
  assert_true(has_result(match_q("", SADDAM_PROPS, NULL), "EU:13"));
  assert_false(has_result(match_q("exclude_entity_ids=EU.27.28", SADDAM_PROPS, NULL), "EU:13"));
  /* more than 50 ids: 400, as yente */
  for (int i = 0; i < 51; i++)
    k += (size_t)snprintf(many + k, sizeof many - k, "%sexclude_entity_ids=x%d", i ? "&" : "", i);
  {
    char path[2100];
    snprintf(path, sizeof path, "/match/default?%s", many);
    post(path, "application/json", zawahiri_query, strlen(zawahiri_query), with_screen_key);
    expect_error(400, "bad_parameter");
  }
  /* datasets */
  q = match_q("include_dataset=EXC", ZAWAHIRI_PROPS, NULL);
  assert_true(has_result(q, "EXC:QDi.006"));
  assert_false(has_result(q, "UN:QDi.006"));
  q = match_q("exclude_dataset=EXC", ZAWAHIRI_PROPS, NULL);
  assert_true(has_result(q, "UN:QDi.006"));
  assert_false(has_result(q, "EXC:QDi.006"));
  q = match_q("include_dataset=UN&exclude_dataset=UN", ZAWAHIRI_PROPS,
              NULL); /* empty: no results, no error */
  assert_int_equal(json_array_size(jget(q, "results")), 0);
  assert_int_equal(json_integer_value(jget(q, "total.value")), 0);
  /* topics: any of them; every listed entity is a sanction */
  assert_true(has_result(match_q("topics=role.pep&topics=sanction", ZAWAHIRI_PROPS, NULL), "UN:QDi.006"));
  assert_int_equal(json_array_size(jget(match_q("topics=crime.terror", ZAWAHIRI_PROPS, NULL), "results")), 0);
  /* schema */
  assert_int_equal(json_array_size(jget(match_q("exclude_schema=Person", ZAWAHIRI_PROPS, NULL), "results")),
                   0);
  assert_true(has_result(match_q("exclude_schema=Organization", ZAWAHIRI_PROPS, NULL), "UN:QDi.006"));
  /* changed_since, by last_change (his: 2025-03-11) */
  assert_true(has_result(match_q("changed_since=2025-03-01", ZAWAHIRI_PROPS, NULL), "UN:QDi.006"));
  assert_true(has_result(match_q("changed_since=2025-03-11T00:00:00", ZAWAHIRI_PROPS, NULL), "UN:QDi.006"));
  assert_false(has_result(match_q("changed_since=2025-03-12", ZAWAHIRI_PROPS, NULL), "UN:QDi.006"));
  post("/match/default?changed_since=last%20week", "application/json", zawahiri_query, strlen(zawahiri_query),
       with_screen_key);
  expect_error(400, "bad_parameter");
}

/* yente 5's rule: results score above min(cutoff, threshold), 0.70 both by
** default; match is score >= threshold; total counts the matches among
** every entity scored, not the ones returned. */
static void yente_threshold_cutoff_limit(void **state) {
  json_t *q, *res;
  size_t i;
  (void)state;
  skip_without_cli();
  /* a weak query: one common name */
  q = match_q("limit=500", "{\"name\": [\"Mohammed Ahmed\"]}", NULL);
  assert_int_equal(json_integer_value(jget(R.json, "limit")), 500);
  json_array_foreach(jget(q, "results"), i, res) {
    double score = json_number_value(jget(res, "score"));
    assert_true(score > 0.70);
    assert_int_equal(json_is_true(jget(res, "match")), score >= 0.70);
  }
  q = match_q("limit=500&cutoff=0.5&threshold=0.95", "{\"name\": [\"Mohammed Ahmed\"]}", NULL);
  assert_true(json_array_size(jget(q, "results")) > 0);
  json_array_foreach(jget(q, "results"), i, res) {
    double score = json_number_value(jget(res, "score"));
    assert_true(score > 0.5);
    assert_int_equal(json_is_true(jget(res, "match")), score >= 0.95);
  }
  /* both lists hold him: two matches, one shown */
  q = match_q("limit=1", ZAWAHIRI_PROPS, NULL);
  assert_int_equal(json_array_size(jget(q, "results")), 1);
  assert_int_equal(json_integer_value(jget(q, "total.value")), 2);
  post("/match/default?limit=501", "application/json", zawahiri_query, strlen(zawahiri_query),
       with_screen_key);
  expect_error(400, "bad_parameter");
  post("/match/default?cutoff=x", "application/json", zawahiri_query, strlen(zawahiri_query),
       with_screen_key);
  expect_error(400, "bad_parameter");
}

/* A query without a name: on its identifiers and dates, 200. */
static void yente_nameless(void **state) {
  json_t *q;
  (void)state;
  skip_without_cli();
  q = match_q("", "{\"passportNumber\": [\"1084010\"]}", NULL);
  assert_true(has_result(q, "UN:QDi.006"));
  assert_true(json_is_true(jget(q, "results.0.match")));
  assert_non_null(strstr(jstr(q, "results.0.explanations.document.detail"), "1084010"));
  assert_null(jget(q, "results.0.explanations.name_similarity"));
  assert_string_equal(jstr(q, "query.properties.passportNumber.0"), "1084010");
  /* with a birth date that contradicts: still found, lower */
  {
    double alone = json_number_value(jget(q, "results.0.score"));
    q = match_q("cutoff=0.3", "{\"passportNumber\": \"1084010\", \"birthDate\": \"1980-01-01\"}", NULL);
    if (has_result(q, "UN:QDi.006")) assert_true(json_number_value(jget(q, "results.0.score")) < alone);
  }
  /* an unknown number finds no one; nothing at all is still an answer */
  assert_int_equal(json_array_size(jget(match_q("", "{\"idNumber\": [\"ZZ0000000\"]}", NULL), "results")), 0);
  q = match_q("", "{}", NULL);
  assert_int_equal(json_array_size(jget(q, "results")), 0);
  jstr(q, "warnings.0");
}

/* yente's strictness: a client's mistake is a 4xx with a detail. */
static void yente_strictness(void **state) {
  static const struct {
    const char *path, *body, *code;
    long status;
  } bad[] = {
      {"/match/default?algorithm=no-such-algorithm", NULL, "bad_parameter", 400},
      {"/match/default", "{\"queries\": {\"q\": {\"properties\": {\"name\": [\"X Y\"]}}}}", "bad_query", 400},
      {"/match/default", "{\"queries\": {\"q\": {\"schema\": \"Banana\", \"properties\": {}}}}", "bad_query",
       400},
      {"/match/default", "{\"queries\": {}}", "bad_request", 400},
      {"/match/default", "{\"queries\": []}", "bad_request", 400},
      {"/match/default",
       "{\"queries\": {\"q\": {\"schema\": \"Person\", \"properties\": {}}}, "
       "\"config\": {\"nm_fuzzy_cutoff_factor\": 1}}",
       "bad_request", 400},
      {"/match/default",
       "{\"queries\": {\"q\": {\"schema\": \"Person\", \"properties\": {}}}, "
       "\"config\": [1]}",
       "bad_request", 400},
      {"/match/default", "{\"queries\": {\"q\": \"Ayman\"}}", "bad_query", 400},
  };
  (void)state;
  skip_without_cli();
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    const char *b = bad[i].body ? bad[i].body : zawahiri_query;
    post(bad[i].path, "application/json", b, strlen(b), with_screen_key);
    expect_error(bad[i].status, bad[i].code);
  }
  /* yente's algorithm names select zeef's model; config {} and weights pass */
  {
    static const char ok[] = "{\"queries\": {\"q\": {\"schema\": \"Person\", \"properties\": "
                             "{\"name\": "
                             "[\"Ayman al-Zawahiri\"]}}}, \"weights\": {}, \"config\": {}}";
    static const char *const names[] = {"best", "logic-v2", "zeef-" ZEEF_MODEL_VERSION};
    for (size_t i = 0; i < 3; i++) {
      char path[128];
      snprintf(path, sizeof path, "/match/default?algorithm=%s&fuzzy=false", names[i]);
      post(path, "application/json", ok, strlen(ok), with_screen_key);
      expect_status(200);
    }
  }
}

/* The requests yente's clients send, as their public documentation
** describes them, each answered unchanged. */
static void yente_client_shapes(void **state) {
  /* an enricher: an entity's whole FollowTheMoney form as the query, its
  ** own id and metadata beside the properties; the key as ApiKey */
  static const char *const apikey[] = {"Authorization: ApiKey " SCREEN_KEY, NULL};
  static const char enrich[] = "{\"queries\": {\"entity\": {\"id\": \"trav-0001\", \"caption\": \"Ayman "
                               "al-Zawahiri\", \"schema\": "
                               "\"Person\", \"properties\": {\"name\": [\"Ayman al-Zawahiri\"], "
                               "\"birthDate\": [\"1951\"], "
                               "\"nationality\": [\"eg\"], \"topics\": [], \"country\": [\"eg\"]}, "
                               "\"referents\": [], \"datasets\": "
                               "[\"travellers\"], \"first_seen\": null, \"last_seen\": null, "
                               "\"target\": false}}}";
  /* a case manager: a generic Thing named by the analyst, a uuid as the
  ** query's name, a dismissed entity excluded, the bare key */
  static const char *const bare[] = {"Authorization: " SCREEN_KEY, NULL};
  static const char marble[] = "{\"queries\": {\"7f1c2b9e-8d1a-4e55-9a0b-3c6f2d4e5a61\": {\"schema\": "
                               "\"Thing\", "
                               "\"properties\": {\"name\": [\"Saddam Hussein Al-Tikriti\"]}}}}";
  /* a script from the API examples: single strings, not lists */
  static const char script[] = "{\"queries\": {\"q1\": {\"schema\": "
                               "\"Person\", \"properties\": {\"name\": "
                               "\"Saddam Hussein\", \"birthDate\": "
                               "\"1937-04-28\", \"nationality\": \"Iraq\"}}}}";
  json_t *res;
  size_t i;
  int un = 0;
  (void)state;
  skip_without_cli();
  post("/match/"
       "default?algorithm=best&fuzzy=false&limit=5&changed_since=2000-01-01",
       "application/json", enrich, sizeof enrich - 1, apikey);
  expect_status(200);
  assert_string_equal(jstr(R.json, "responses.entity.results.0.id"), "UN:QDi.006");
  assert_string_equal(jstr(R.json, "responses.entity.query.id"), "trav-0001");
  /* the entity the enricher then fetches */
  get("/entities/UN:QDi.006", apikey);
  expect_status(200);
  assert_string_equal(jstr(R.json, "id"), "UN:QDi.006");
  post("/match/"
       "default?algorithm=logic-v2&threshold=0.7&limit=20&exclude_entity_ids="
       "EU:13",
       "application/json", marble, sizeof marble - 1, bare);
  expect_status(200);
  json_array_foreach(jget(R.json, "responses.7f1c2b9e-8d1a-4e55-9a0b-3c6f2d4e5a61.results"), i, res) {
    check_result_shape(res);
    assert_string_not_equal(jstr(res, "id"), "EU:13");
    un |= strcmp(jstr(res, "id"), "UN:IQi.001") == 0;
  }
  assert_true(un);
  post("/match/EU", "application/json", script, sizeof script - 1, with_screen_key);
  expect_status(200);
  assert_string_equal(jstr(R.json, "responses.q1.results.0.id"), "EU:13");
  assert_true(json_is_true(jget(R.json, "responses.q1.results.0.match")));
  assert_string_equal(jstr(R.json, "responses.q1.query.properties.nationality.0"), "iq");
}

static void yente_catalog_algorithms_entities(void **state) {
  json_t *d;
  size_t i;
  int seen = 0;
  (void)state;
  skip_without_cli();
  get("/catalog", NULL);
  expect_status(200);
  json_array_foreach(jget(R.json, "datasets"), i, d) {
    const char *name = jstr(d, "name");
    jstr(d, "title");
    jstr(d, "version");
    jstr(d, "last_change");
    assert_true(json_integer_value(jget(d, "entity_count")) > 0);
    if (strcmp(name, "EU") == 0) {
      assert_string_equal(jstr(d, "last_change"), "2026-08-05T16:47:04.449+02:00");
      seen |= 1;
    }
    if (strcmp(name, "default") == 0) {
      assert_int_equal(json_array_size(jget(d, "children")), 3);
      seen |= 2;
    }
  }
  assert_int_equal(seen, 3);
  get("/algorithms", NULL);
  expect_status(200);
  assert_string_equal(jstr(R.json, "best"), "zeef-" ZEEF_MODEL_VERSION);
  assert_string_equal(jstr(R.json, "default"), "zeef-" ZEEF_MODEL_VERSION);
  assert_string_equal(jstr(R.json, "algorithms.0.name"), "zeef-" ZEEF_MODEL_VERSION);
  /* an entity, by yente id and by the list's other id */
  get("/entities/EU:13", with_screen_key);
  expect_status(200);
  assert_string_equal(jstr(R.json, "id"), "EU:13");
  assert_string_equal(jstr(R.json, "caption"), "Saddam Hussein Al-Tikriti");
  assert_string_equal(jstr(R.json, "properties.nationality.0"), "iq");
  assert_string_equal(jstr(R.json, "properties.birthDate.0"), "1937-04-28");
  assert_string_equal(jstr(R.json, "properties.topics.0"), "sanction");
  assert_string_equal(jstr(R.json, "datasets.0"), "EU");
  assert_null(jget(R.json, "score"));
  get("/entities/EU.27.28", with_screen_key);
  expect_status(200);
  assert_string_equal(jstr(R.json, "id"), "EU:13");
  get("/entities/UN:no-such-id", with_screen_key);
  expect_error(404, "not_found");
  get("/entities/", with_screen_key);
  expect_error(404, "not_found");
}
static void match_unknown_dataset_404(void **state) {
  (void)state;
  skip_without_cli();
  post("/match/NOSUCHLIST", "application/json", zawahiri_query, strlen(zawahiri_query), with_screen_key);
  expect_error(404, "unknown_dataset");
  post("/match/", "application/json", zawahiri_query, strlen(zawahiri_query), with_screen_key);
  expect_error(404, "unknown_dataset");
}

/* ------------------------------------------------------------- /screen */

static void expect_screen_summary(size_t records, size_t alerts, size_t errors) {
  expect_status(200);
  assert_int_equal(json_array_size(jget(R.json, "results")), records);
  assert_int_equal(json_integer_value(jget(R.json, "summary.records")), records);
  assert_int_equal(json_integer_value(jget(R.json, "summary.alerts")), alerts);
  assert_int_equal(json_integer_value(jget(R.json, "summary.errors")), errors);
}

static void screen_json_array(void **state) {
  static const char body[] = "[{\"id\": \"A1\", \"name\": \"Aqsa Mahmud\"},"
                             " {\"id\": \"A2\", \"surname\": \"Jansen\", \"given_names\": \"Pieter Karel\","
                             "  \"birth_date\": \"1983-07-30\", \"nationality\": \"NLD\"},"
                             " {\"id\": \"A3\", \"name\": \"Ayman al Zawahri\", \"birth_date\": \"1951-06-19\"},"
                             " {\"id\": \"A4\", \"birth_date\": \"1970\"}]";
  (void)state;
  skip_without_cli();
  post("/screen", "application/json", body, strlen(body), with_screen_key);
  expect_screen_summary(4, 2, 1);
  /* in order, the `zeef screen` objects */
  assert_string_equal(jstr(R.json, "results.0.id"), "A1");
  assert_string_equal(jstr(R.json, "results.0.status"), "alert");
  assert_string_equal(jstr(R.json, "results.0.hits.0.entity_id"), "QDi.356");
  assert_true(json_is_array(jget(R.json, "results.0.hits.0.explanation")));
  assert_string_equal(jstr(R.json, "results.1.id"), "A2");
  assert_string_equal(jstr(R.json, "results.1.status"), "clear");
  assert_string_equal(jstr(R.json, "results.2.status"), "alert");
  assert_string_equal(jstr(R.json, "results.2.hits.0.entity_id"), "QDi.006");
  assert_string_equal(jstr(R.json, "results.3.status"), "error");
  assert_int_equal(json_integer_value(jget(R.json, "results.3.line")), 4);
  /* limit and min_score */
  post("/screen?limit=1&min_score=0.1", "application/json", body, strlen(body), with_screen_key);
  expect_status(200);
  assert_true(json_array_size(jget(R.json, "results.2.hits")) == 1);
  post("/screen?min_score=x", "application/json", body, strlen(body), with_screen_key);
  expect_error(400, "bad_parameter");
  post("/screen", "application/json", "{\"id\": 1}", 9, with_screen_key);
  expect_error(400, "not_an_array");
}

static void screen_csv(void **state) {
  static const char *const want[] = {"alert", "clear", "clear", "clear", "error", "alert", "clear", "alert", "clear"};
  char body[4096];
  size_t n = slurp(FIX "travellers.csv", body, sizeof body);
  (void)state;
  skip_without_cli();
  post("/screen", "text/csv; charset=utf-8", body, n, with_screen_key);
  expect_screen_summary(9, 3, 1);
  for (size_t i = 0; i < 9; i++) {
    char path[32], id[8];
    snprintf(path, sizeof path, "results.%zu.status", i);
    assert_string_equal(jstr(R.json, path), want[i]);
    snprintf(path, sizeof path, "results.%zu.id", i);
    snprintf(id, sizeof id, "T%02zu", i + 1);
    assert_string_equal(jstr(R.json, path), id);
  }
  post("/screen", "text/csv", "id,birth_date\n1,1970\n", 21, with_screen_key);
  expect_error(400, "unreadable_input");
}

static void screen_paxlst(void **state) {
  (void)state;
  skip_without_cli();
  if (reader_is_placeholder("paxlst.c")) {
    print_message("[  SKIP    ] src/travel/paxlst.c is a placeholder\n");
    th_tests_skipped++;
    skip();
  }
  post("/screen", "application/edifact", paxlst, strlen(paxlst), with_screen_key);
  expect_screen_summary(2, 1, 0);
  assert_string_equal(jstr(R.json, "results.0.status"), "alert");
  assert_string_equal(jstr(R.json, "results.0.hits.0.entity_id"), "QDi.006");
  assert_string_equal(jstr(R.json, "results.0.source.type"), "paxlst");
  assert_string_equal(jstr(R.json, "results.1.status"), "clear");
  /* text/plain: found by its content */
  post("/screen", "text/plain", paxlst, strlen(paxlst), with_screen_key);
  expect_screen_summary(2, 1, 0);
  assert_string_equal(jstr(R.json, "results.0.source.type"), "paxlst");
  /* not a PAXLST */
  post("/screen", "application/edifact", "hello", 5, with_screen_key);
  expect_error(400, "unreadable_input");
}

static void screen_mrz(void **state) {
  (void)state;
  skip_without_cli();
  if (reader_is_placeholder("mrz.c")) {
    print_message("[  SKIP    ] src/travel/mrz.c is a placeholder\n");
    th_tests_skipped++;
    skip();
  }
  post("/screen", "text/plain", mrz, strlen(mrz), with_screen_key);
  expect_screen_summary(2, 1, 0);
  assert_string_equal(jstr(R.json, "results.0.status"), "alert");
  assert_string_equal(jstr(R.json, "results.0.hits.0.entity_id"), "QDi.006");
  assert_string_equal(jstr(R.json, "results.0.source.type"), "mrz");
  assert_true(json_is_true(jget(R.json, "results.0.source.valid")));
  assert_string_equal(jstr(R.json, "results.1.status"), "clear");
}

/* -------------------------------------------------------------- Reload */

typedef struct load {
  volatile int stop;
  int port;
  int sent, failed;
  long last_bad;
} load;

static void *load_thread(void *ud) {
  load *l = ud;
  CURL *h = curl_easy_init();
  while (h && !l->stop && l->sent < 100000) {
    resp r;
    const char *id;
    http_on(h, &r, l->port, "POST", "/match/default", "application/json", zawahiri_query, strlen(zawahiri_query),
            with_screen_key);
    l->sent++;
    id = json_string_value(jget(r.json, "responses.q1.results.0.id"));
    if (r.status != 200 || !id || strcmp(id, "UN:QDi.006") != 0) {
      l->failed++;
      l->last_bad = r.status;
    }
    resp_free(&r);
  }
  if (h) curl_easy_cleanup(h);
  return NULL;
}

static unsigned long generation(void) {
  get("/lists", with_screen_key);
  expect_status(200);
  return (unsigned long)json_integer_value(jget(R.json, "generation"));
}

static void reload_while_requests_run(void **state) {
  pthread_t th[LOAD_THREADS];
  load l[LOAD_THREADS];
  unsigned long g0;
  int sent = 0;
  (void)state;
  skip_without_cli();
  g0 = generation();
  memset(l, 0, sizeof l);
  for (int i = 0; i < LOAD_THREADS; i++) {
    l[i].port = main_srv.port;
    assert_int_equal(pthread_create(&th[i], NULL, load_thread, &l[i]), 0);
  }
  usleep(100 * 1000);
  for (int k = 0; k < RELOAD_ROUNDS; k++) {
    post("/admin/reload?wait=true", NULL, "", 0, with_admin_key);
    if (R.status != 200) break;
    assert_string_equal(jstr(R.json, "status"), "reloaded");
    usleep(50 * 1000);
  }
  for (int i = 0; i < LOAD_THREADS; i++) {
    l[i].stop = 1;
    pthread_join(th[i], NULL);
  }
  expect_status(200);
  for (int i = 0; i < LOAD_THREADS; i++) {
    if (l[i].failed)
      fail_msg("thread %d: %d of %d requests failed during reloads (last HTTP %ld)", i, l[i].failed, l[i].sent,
               l[i].last_bad);
    sent += l[i].sent;
  }
  assert_true(sent >= LOAD_THREADS);
  assert_int_equal(generation(), g0 + RELOAD_ROUNDS);
}

static void sighup_reloads(void **state) {
  unsigned long g0;
  int waited = 0;
  (void)state;
  skip_without_cli();
  g0 = generation();
  assert_int_equal(kill(main_srv.pid, SIGHUP), 0);
  while (generation() == g0 && waited < 20000) {
    usleep(50 * 1000);
    waited += 50;
  }
  assert_int_equal(generation(), g0 + 1);
  /* still answering */
  post("/match/default", "application/json", zawahiri_query, strlen(zawahiri_query), with_screen_key);
  expect_status(200);
}

/* A reload without wait runs off the request path: 202 at once, its
** outcome at GET /admin/reload, the new generation served once it ends. */
static void reload_in_background(void **state) {
  unsigned long g0;
  int waited = 0;
  (void)state;
  skip_without_cli();
  g0 = generation();
  post("/admin/reload", NULL, "", 0, with_admin_key);
  expect_status(202);
  assert_non_null(strstr(jstr(R.json, "outcome"), "GET /admin/reload"));
  for (;;) {
    get("/admin/reload", with_admin_key);
    expect_status(200);
    if (strcmp(jstr(R.json, "state"), "idle") == 0) break;
    assert_string_equal(jstr(R.json, "state"), "loading");
    assert_true(waited < 30000);
    usleep(50 * 1000);
    waited += 50;
  }
  assert_int_equal(json_integer_value(jget(R.json, "last.status")), 200);
  assert_string_equal(jstr(R.json, "last.answer.status"), "reloaded");
  assert_int_equal(generation(), g0 + 1);
  /* the state is an admin's */
  get("/admin/reload", with_screen_key);
  expect_error(403, "forbidden");
}

/* ------------------------------------------------------ Bad clients */

/* A raw connection to the main server; -1 when it cannot be made. */
static int raw_connect(void) {
  struct sockaddr_in a;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((uint16_t)main_srv.port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
    if (fd >= 0) close(fd);
    return -1;
  }
  return fd;
}

/* Whether the server closed fd within ms milliseconds (read end or error). */
static int closed_within(int fd, int ms) {
  struct pollfd p = {fd, POLLIN, 0};
  char b[256];
  while (poll(&p, 1, ms) > 0) {
    ssize_t k = recv(fd, b, sizeof b, 0);
    if (k <= 0) return 1;
  }
  return 0;
}

/* A request head trickling in: dropped at the head deadline (2 s for the
** test server), however often a byte comes; counted in the metrics. */
static void slow_head_dropped(void **state) {
  double dropped0;
  int fd;
  (void)state;
  skip_without_cli();
  get("/metrics", with_screen_key);
  dropped0 = metric(R.body, "zeef_connections_dropped_total");
  fd = raw_connect();
  assert_true(fd >= 0);
  assert_int_equal(send(fd, "GET /healthz HTTP/1.1\r\n", 23, 0), 23);
  for (int i = 0; i < 6; i++) { /* a byte every half second: the idle timeout never fires */
    usleep(500 * 1000);
    if (send(fd, "X", 1, MSG_NOSIGNAL) != 1) break;
  }
  assert_true(closed_within(fd, 2000));
  close(fd);
  get("/metrics", with_screen_key);
  assert_true(metric(R.body, "zeef_connections_dropped_total") >= dropped0 + 1);
  /* the service answers as before */
  get("/healthz", NULL);
  expect_status(200);
}

/* At most 64 connections from one address: more are closed at once. */
static void per_address_limit(void **state) {
  int fds[70], closed = 0;
  (void)state;
  skip_without_cli();
  for (int i = 0; i < 70; i++) fds[i] = raw_connect();
  for (int i = 0; i < 70; i++)
    if (fds[i] < 0 || closed_within(fds[i], 20)) closed++;
  for (int i = 0; i < 70; i++)
    if (fds[i] >= 0) close(fds[i]);
  if (closed < 6) fail_msg("%d of 70 connections from one address closed at once, want 6 or more", closed);
  usleep(200 * 1000); /* the server sees them go */
  get("/healthz", NULL);
  expect_status(200);
}

/* A chunked body without end: the server stops reading soon after the
** limit (1 MB here) and answers 413 or closes, long before the client is
** done. */
static void endless_chunked_body_cut(void **state) {
  static char chunk[65536 + 16];
  size_t n, sent = 0;
  int fd, stopped = 0;
  char head[256];
  (void)state;
  skip_without_cli();
  fd = raw_connect();
  assert_true(fd >= 0);
  n = (size_t)snprintf(head, sizeof head,
                       "POST /screen HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                       "Content-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n",
                       SCREEN_KEY);
  assert_int_equal(send(fd, head, n, 0), (ssize_t)n);
  n = (size_t)snprintf(chunk, sizeof chunk, "10000\r\n");
  memset(chunk + n, 'a', 65536);
  memcpy(chunk + n + 65536, "\r\n", 2);
  n += 65536 + 2;
  while (sent < (256u << 20)) {
    struct pollfd p = {fd, POLLIN | POLLOUT, 0};
    if (poll(&p, 1, 5000) <= 0) break;
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      stopped = 1;
      break;
    }
    {
      ssize_t k = send(fd, chunk, n, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (k < 0 && errno != EAGAIN) {
        stopped = 1;
        break;
      }
      if (k > 0) sent += (size_t)k;
    }
  }
  close(fd);
  if (!stopped || sent > (64u << 20))
    fail_msg("the server read %zu bytes of an endless chunked body (stopped: %d)", sent, stopped);
}

/* Work per request is bounded before it starts: travellers x limit for
** /screen, names and queries x limit for /match; 413 names the limit. */
static void work_budget_413(void **state) {
  static char body[1 << 20];
  size_t n = 0;
  (void)state;
  skip_without_cli();
  n += (size_t)snprintf(body + n, sizeof body - n, "id,name\n");
  for (int i = 0; i < 1000; i++) n += (size_t)snprintf(body + n, sizeof body - n, "T%d,Jan de Vries\n", i);
  post("/screen?limit=100", "text/csv", body, n, with_screen_key);
  expect_error(413, "too_much_work");
  assert_non_null(strstr(jstr(R.json, "detail"), "50000"));
  /* the same travellers at the default limit are screened */
  post("/screen", "text/csv", body, n, with_screen_key);
  expect_status(200);
  assert_int_equal(json_integer_value(jget(R.json, "summary.records")), 1000);
  /* 100 queries of 11 names: 1,100 names */
  n = (size_t)snprintf(body, sizeof body, "{\"queries\": {");
  for (int q = 0; q < 100; q++) {
    n += (size_t)snprintf(body + n, sizeof body - n, "%s\"q%d\": {\"schema\": \"Person\", \"properties\": {\"name\": [",
                          q ? ", " : "", q);
    for (int k = 0; k < 11; k++) n += (size_t)snprintf(body + n, sizeof body - n, "%s\"Name %d %d\"", k ? ", " : "", q, k);
    n += (size_t)snprintf(body + n, sizeof body - n, "]}}");
  }
  n += (size_t)snprintf(body + n, sizeof body - n, "}}");
  post("/match/default", "application/json", body, n, with_screen_key);
  expect_error(413, "too_much_work");
}

/* One request of a flood (busy_503). */
typedef struct flood {
  int port;
  const char *body;
  size_t len;
  resp r;
} flood;

static void *flood_thread(void *ud) {
  flood *f = ud;
  http_on(NULL, &f->r, f->port, "POST", "/screen?limit=1", "text/csv", f->body, f->len, NULL);
  return NULL;
}

/* A server of one screening thread (four answers at once, a queue of 64
** tasks), flooded with ten /screen requests at once: those that find it
** full get 503; the others are screened whole; /healthz answers
** throughout. */
static void busy_503(void **state) {
  const char *args[] = {"--listen", "127.0.0.1:0", "--list", "UN=" UN_FULL, "--threads", "1", NULL};
  enum { FLOOD = 10, ROWS = 400 };
  server sv;
  flood f[FLOOD];
  pthread_t th[FLOOD];
  char *body = malloc(ROWS * 32 + 32);
  size_t n = 0;
  int busy = 0, ok = 0;
  long st[FLOOD];
  (void)state;
  skip_without_cli();
  assert_non_null(body);
  n += (size_t)snprintf(body + n, 32, "id,name\n");
  for (int i = 0; i < ROWS; i++) n += (size_t)snprintf(body + n, 32, "T%d,Ahmed Hassan %d\n", i, i % 7);
  if (server_start(&sv, args)) {
    free(body);
    fail_msg("the server did not start");
  }
  for (int i = 0; i < FLOOD; i++) {
    f[i] = (flood){sv.port, body, n, {0, NULL, 0, NULL, NULL, ""}};
    pthread_create(&th[i], NULL, flood_thread, &f[i]);
  }
  {
    resp h;
    http_on(NULL, &h, sv.port, NULL, "/healthz", NULL, NULL, 0, NULL);
    assert_int_equal(h.status, 200);
    resp_free(&h);
  }
  for (int i = 0; i < FLOOD; i++) {
    pthread_join(th[i], NULL);
    st[i] = f[i].r.status;
    if (!st[i]) print_error("  request %d failed: %s\n", i, f[i].r.error ? f[i].r.error : "?");
    if (f[i].r.status == 503) busy++;
    if (f[i].r.status == 200 && json_integer_value(jget(f[i].r.json, "summary.records")) == ROWS) ok++;
    resp_free(&f[i].r);
  }
  server_stop(&sv, SIGTERM, 30);
  free(body);
  if (!busy || busy + ok != FLOOD) {
    for (int i = 0; i < FLOOD; i++) print_error("  request %d: HTTP %ld\n", i, st[i]);
    fail_msg("%d answered 503 and %d whole, of %d", busy, ok, FLOOD);
  }
}

static void bad_list_keeps_old(void **state) {
  unsigned long g0;
  double failed0;
  int broke;
  (void)state;
  skip_without_cli();
  g0 = generation();
  get("/metrics", with_screen_key);
  expect_status(200);
  failed0 = metric(R.body, "zeef_reloads_total{result=\"error\"}");
  /* the excerpt cut in half: truncated XML */
  broke = copy_file(FIX "un_excerpt.xml", exc_path, 3000);
  assert_int_equal(broke, 0);
  post("/admin/reload?wait=true", NULL, "", 0, with_admin_key);
  copy_file(FIX "un_excerpt.xml", exc_path, SIZE_MAX); /* put it back before asserting */
  expect_error(422, "list_unreadable");
  /* the admin's report names the file */
  assert_non_null(strstr(jstr(R.json, "detail"), exc_path));
  assert_string_equal(jstr(R.json, "file"), exc_path);
  /* the old lists still serve */
  assert_int_equal(generation(), g0);
  post("/match/EXC", "application/json", zawahiri_query, strlen(zawahiri_query), with_screen_key);
  expect_status(200);
  assert_string_equal(jstr(R.json, "responses.q1.results.0.id"), "EXC:QDi.006");
  get("/metrics", with_screen_key);
  assert_true(metric(R.body, "zeef_reloads_total{result=\"error\"}") == failed0 + 1);
  /* repaired: reloads again */
  post("/admin/reload?wait=true", NULL, "", 0, with_admin_key);
  expect_status(200);
  assert_int_equal(generation(), g0 + 1);
}

/* -------------------------------------------------------------- Limits */

static void malformed_json_400(void **state) {
  (void)state;
  skip_without_cli();
  post("/match/default", "application/json", "{\"queries\": ", 12, with_screen_key);
  expect_error(400, "malformed_json");
  post("/screen", "application/json", "[{\"id\": \"x\",}]", 14, with_screen_key);
  expect_error(400, "malformed_json");
  post("/match/default", "application/json", "", 0, with_screen_key);
  expect_error(400, "malformed_json");
}

static void deep_json_400(void **state) {
  char body[256];
  size_t n = 0;
  (void)state;
  skip_without_cli();
  for (int i = 0; i < 40; i++) body[n++] = '[';
  for (int i = 0; i < 40; i++) body[n++] = ']';
  post("/screen", "application/json", body, n, with_screen_key);
  expect_error(400, "too_deep");
  /* braces inside strings do not count */
  n = (size_t)snprintf(body, sizeof body, "[{\"id\": \"%s\", \"name\": \"Jan Smit\"}]",
                       "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");
  post("/screen", "application/json", body, n, with_screen_key);
  expect_status(200);
}

static void oversized_body_413(void **state) {
  static char body[(3u << 20) / 2]; /* 1.5 MB, over the 1 MB default */
  static const char *const chunked[] = {"Authorization: Bearer " SCREEN_KEY, "Transfer-Encoding: chunked", NULL};
  (void)state;
  skip_without_cli();
  memcpy(body, "id,name\n", 8);
  memset(body + 8, 'a', sizeof body - 8);
  post("/screen", "text/csv", body, sizeof body, with_screen_key);
  expect_error(413, "body_too_large");
  /* chunked: no length to refuse it early */
  post("/screen", "text/csv", body, sizeof body, chunked);
  expect_error(413, "body_too_large");
  /* 10,001 travellers, in a small body: over the default of 10,000 */
  {
    size_t n = 0;
    body[n++] = '[';
    for (int i = 0; i <= 10000; i++) n += (size_t)snprintf(body + n, 8, "%s{}", i ? "," : "");
    body[n++] = ']';
    post("/screen", "application/json", body, n, with_screen_key);
    expect_error(413, "too_many_travellers");
  }
}

static void wrong_content_type_415(void **state) {
  (void)state;
  skip_without_cli();
  post("/screen", "image/png", "x", 1, with_screen_key);
  expect_error(415, "unsupported_media_type");
  post("/screen", NULL, "x", 1, with_screen_key);
  expect_error(415, "unsupported_media_type");
  post("/match/default", "text/csv", zawahiri_query, strlen(zawahiri_query), with_screen_key);
  expect_error(415, "unsupported_media_type");
}

static void method_and_path(void **state) {
  (void)state;
  skip_without_cli();
  get("/screen", with_screen_key);
  expect_error(405, "method_not_allowed");
  post("/lists", "application/json", "{}", 2, with_screen_key);
  expect_error(405, "method_not_allowed");
  get("/no/such/thing", with_screen_key);
  expect_error(404, "not_found");
}

/* ---------------------------------------------------------------- Keys */

static void keys_and_roles(void **state) {
  static const char *const wrong[] = {"Authorization: Bearer not-a-key", NULL};
  static const char *const wrong_x[] = {"X-API-Key: not-a-key", NULL};
  static const char *const right_x[] = {"X-API-Key: " SCREEN_KEY, NULL};
  static const char *const basic[] = {"Authorization: Basic dXNlcjpwYXNz", NULL};
  (void)state;
  skip_without_cli();
  post("/match/default", "application/json", zawahiri_query, strlen(zawahiri_query), NULL);
  expect_error(401, "unauthorized");
  post("/match/default", "application/json", zawahiri_query, strlen(zawahiri_query), wrong);
  expect_error(401, "unauthorized");
  post("/match/default", "application/json", zawahiri_query, strlen(zawahiri_query), wrong_x);
  expect_error(401, "unauthorized");
  get("/lists", basic);
  expect_error(401, "unauthorized");
  post("/match/default", "application/json", zawahiri_query, strlen(zawahiri_query), right_x);
  expect_status(200);
  get("/metrics", NULL);
  expect_error(401, "unauthorized");
  get("/lists", NULL);
  expect_error(401, "unauthorized");
  /* a monitor key reads the metrics and screens no one; a screen key reads
  ** them too */
  {
    static const char *const monitor[] = {"Authorization: Bearer " MONITOR_KEY, NULL};
    get("/metrics", monitor);
    expect_status(200);
    post("/match/default", "application/json", zawahiri_query, strlen(zawahiri_query), monitor);
    expect_error(403, "forbidden");
    get("/lists", monitor);
    expect_error(403, "forbidden");
    get("/metrics", with_screen_key);
    expect_status(200);
  }
  /* a screen key cannot reload */
  post("/admin/reload", NULL, "", 0, with_screen_key);
  expect_error(403, "forbidden");
  post("/admin/reload", NULL, "", 0, NULL);
  expect_error(401, "unauthorized");
  /* no detail names a server file */
  assert_null(strstr(R.body, "/tmp/"));
  /* health needs no key */
  get("/healthz", NULL);
  expect_status(200);
  assert_string_equal(jstr(R.json, "status"), "ok");
  get("/readyz", NULL);
  expect_status(200);
  assert_string_equal(jstr(R.json, "status"), "ready");
}

static void hash_key_prints_sha256(void **state) {
  char cmd[512], out[128] = "";
  FILE *p;
  int st;
  (void)state;
  skip_without_cli();
  snprintf(cmd, sizeof cmd, "'%s' serve --hash-key abcdefghijklmnop", cli_path());
  p = popen(cmd, "r");
  assert_non_null(p);
  if (!fgets(out, sizeof out, p)) out[0] = 0;
  assert_int_equal(pclose(p), 0);
  assert_string_equal(out, "f39dac6cbaba535e2c207cd0cd8f154974223c848f727f98b3564cea569b41cf\n");
  /* from standard input */
  snprintf(cmd, sizeof cmd, "printf 'abcdefghijklmnop\\n' | '%s' serve --hash-key -", cli_path());
  p = popen(cmd, "r");
  assert_non_null(p);
  if (!fgets(out, sizeof out, p)) out[0] = 0;
  assert_int_equal(pclose(p), 0);
  assert_string_equal(out, "f39dac6cbaba535e2c207cd0cd8f154974223c848f727f98b3564cea569b41cf\n");
  /* a key anyone could guess is refused: 15 bytes, and one */
  snprintf(cmd, sizeof cmd, "'%s' serve --hash-key abcdefghijklmno >/dev/null 2>&1", cli_path());
  st = system(cmd);
  assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 2);
  snprintf(cmd, sizeof cmd, "'%s' serve --hash-key a >/dev/null 2>&1", cli_path());
  st = system(cmd);
  assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 2);
}

static void open_server_stays_on_loopback(void **state) {
  char cmd[512], err[4096];
  char errf[64];
  int st;
  (void)state;
  skip_without_cli();
  assert_int_equal(temp_file(errf, sizeof errf, ".log"), 0);
  snprintf(cmd, sizeof cmd, "'%s' serve --listen 0.0.0.0:0 --list " FIX "un_excerpt.xml 2>'%s'", cli_path(), errf);
  st = system(cmd);
  slurp(errf, err, sizeof err);
  unlink(errf);
  assert_true(WIFEXITED(st));
  assert_int_equal(WEXITSTATUS(st), 2);
  if (!strstr(err, "loopback") || !strstr(err, "--keys")) fail_msg("no clear message:\n%s", err);
}

/* ------------------------------------------------------------ Endpoints */

static void lists_endpoint(void **state) {
  json_t *l;
  size_t i;
  int un = 0, exc = 0;
  (void)state;
  skip_without_cli();
  get("/lists", with_screen_key);
  expect_status(200);
  assert_true(json_integer_value(jget(R.json, "generation")) >= 1);
  jstr(R.json, "loaded_at");
  assert_int_equal(json_array_size(jget(R.json, "lists")), 3);
  json_array_foreach(jget(R.json, "lists"), i, l) {
    const char *name = jstr(l, "name");
    assert_true(json_integer_value(jget(l, "entities")) > 0);
    if (strcmp(name, "EU") != 0) assert_string_equal(jstr(l, "version"), "2026-02-27T00:00:09.554Z");
    jstr(l, "file");
    jstr(l, "loaded_at");
    un |= strcmp(name, "UN") == 0 && json_integer_value(jget(l, "entities")) > 1000;
    exc |= strcmp(name, "EXC") == 0;
  }
  assert_true(un && exc);
}

static void metrics_move(void **state) {
  char *before;
  double m0, a0, s0;
  (void)state;
  skip_without_cli();
  get("/metrics", with_screen_key);
  expect_status(200);
  before = strdup(R.body);
  assert_non_null(before);
  m0 = metric(before, "zeef_requests_total{endpoint=\"match\",code=\"200\"}");
  a0 = metric(before, "zeef_alerts_total");
  s0 = metric(before, "zeef_request_duration_seconds_count{endpoint=\"match\"}");
  free(before);
  post("/match/default", "application/json", zawahiri_query, strlen(zawahiri_query), with_screen_key);
  expect_status(200);
  post("/match/NOSUCHLIST", "application/json", zawahiri_query, strlen(zawahiri_query), with_screen_key);
  get("/metrics", with_screen_key);
  expect_status(200);
  assert_true(metric(R.body, "zeef_requests_total{endpoint=\"match\",code=\"200\"}") == m0 + 1);
  assert_true(metric(R.body, "zeef_requests_total{endpoint=\"match\",code=\"404\"}") >= 1);
  assert_true(metric(R.body, "zeef_alerts_total") == a0 + 1);
  assert_true(metric(R.body, "zeef_request_duration_seconds_count{endpoint=\"match\"}") >= s0 + 2);
  assert_true(metric(R.body, "zeef_request_duration_seconds_bucket{endpoint=\"match\",le=\"+Inf\"}") >= s0 + 2);
  assert_non_null(strstr(R.body, "zeef_request_duration_seconds_bucket{endpoint=\"match\",le=\"0.0005\"}"));
  assert_true(metric(R.body, "zeef_list_entities{list=\"UN\",version=\"2026-02-27T00:00:09.554Z\"}") > 1000);
  assert_non_null(strstr(R.body, "# TYPE zeef_reloads_total counter"));
  assert_non_null(strstr(R.body, "zeef_reloads_total{result=\"ok\"}"));
}

/* --------------------------------------------------------------- Stop */

/* A POST /screen whose body is sent in two parts: the second only when the
** test releases it, so the request is surely in flight at SIGTERM. */
typedef struct slow {
  int port;
  char *body;
  size_t len, pos, half;
  atomic_int first_sent, released;
  resp r;
} slow;

static size_t slow_read(char *buf, size_t size, size_t nitems, void *ud) {
  slow *s = ud;
  size_t n = size * nitems;
  if (s->pos == s->half && !atomic_load(&s->released)) {
    atomic_store(&s->first_sent, 1);
    for (int i = 0; i < 3000 && !atomic_load(&s->released); i++) usleep(10 * 1000);
  }
  if (n > (s->pos < s->half ? s->half : s->len) - s->pos) n = (s->pos < s->half ? s->half : s->len) - s->pos;
  memcpy(buf, s->body + s->pos, n);
  s->pos += n;
  return n;
}

static void *slow_thread(void *ud) {
  slow *s = ud;
  CURL *h = curl_easy_init();
  char url[128];
  struct curl_slist *hl = curl_slist_append(NULL, "Content-Type: text/csv");
  memset(&s->r, 0, sizeof s->r);
  hl = curl_slist_append(hl, "Expect:");
  snprintf(url, sizeof url, "http://127.0.0.1:%d/screen", s->port);
  if (h && hl) {
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, slow_read);
    curl_easy_setopt(h, CURLOPT_READDATA, s);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)s->len);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &s->r);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    if (curl_easy_perform(h) == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &s->r.status);
    if (s->r.body) s->r.json = json_loadb(s->r.body, s->r.len, 0, NULL);
  }
  atomic_store(&s->first_sent, 1); /* never leave the test waiting */
  curl_slist_free_all(hl);
  if (h) curl_easy_cleanup(h);
  return NULL;
}

/* An open server of its own: SIGTERM while a request is half sent. The
** server stops accepting connections at once, answers that request in
** full, then exits 0 (under ASan: without a leak). */
static void sigterm_finishes_in_flight(void **state) {
  const char *args[] = {"--listen", "127.0.0.1:0", "--list", "UN=" UN_FULL, "--threads", "2", NULL};
  server sv;
  slow s;
  resp late;
  pthread_t th;
  size_t rows = 500, n = 0;
  int code;
  (void)state;
  skip_without_cli();
  memset(&s, 0, sizeof s);
  s.body = malloc(rows * 64 + 64);
  assert_non_null(s.body);
  n = (size_t)snprintf(s.body, 64, "id,name,birth_date\n");
  for (size_t i = 0; i < rows; i++)
    n += (size_t)snprintf(s.body + n, 64, "P%zu,%s,19%02zu-01-01\n", i, i % 2 ? "Aqsa Mahmud" : "Jan de Vries",
                          i % 90);
  s.len = n;
  s.half = n / 2;
  if (server_start(&sv, args)) {
    free(s.body);
    fail_msg("the server did not start");
  }
  s.port = sv.port;
  pthread_create(&th, NULL, slow_thread, &s);
  while (!atomic_load(&s.first_sent)) usleep(5 * 1000);
  usleep(100 * 1000);
  kill(sv.pid, SIGTERM);
  usleep(300 * 1000);
  /* no new connection now */
  http_on(NULL, &late, sv.port, NULL, "/healthz", NULL, NULL, 0, NULL);
  atomic_store(&s.released, 1);
  pthread_join(th, NULL);
  code = server_stop(&sv, SIGTERM, 30);
  free(s.body);
  {
    long st = s.r.status, late_st = late.status;
    size_t nres = json_array_size(jget(s.r.json, "results"));
    resp_free(&s.r);
    resp_free(&late);
    if (st != 200) fail_msg("the request in flight got HTTP %ld", st);
    assert_int_equal(nres, rows);
    if (late_st != 0) fail_msg("a new connection after SIGTERM got HTTP %ld", late_st);
  }
  assert_int_equal(code, 0);
}

/* Last: the shared server stops cleanly after all the above. */
static void main_server_stops_cleanly(void **state) {
  char err[65536];
  int code;
  (void)state;
  skip_without_cli();
  slurp(main_srv.err_path, err, sizeof err);
  code = server_stop(&main_srv, SIGTERM, 30);
  if (code != 0) fail_msg("exit status %d; stderr:\n%s", code, err);
}

/* ----------------------------------------------------------- The review */

/* Keys with users for the review: feed (screen), ana and bob (analyst),
** sue (supervisor), aud (auditor). */
static const struct {
  const char *user, *roles, *key;
} people[] = {{"feed", "screen", "zeef-test-review-feed-01"},
              {"ana", "analyst", "zeef-test-review-ana-002"},
              {"bob", "analyst", "zeef-test-review-bob-003"},
              {"sue", "supervisor", "zeef-test-review-sue-004"},
              {"aud", "auditor", "zeef-test-review-aud-005"},
              {"adm", "admin", "zeef-test-review-adm-006"}};

static int write_people(const char *path) {
  FILE *out = fopen(path, "w");
  if (!out) return -1;
  for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
    char cmd[512], hex[80] = "";
    FILE *p;
    snprintf(cmd, sizeof cmd, "'%s' serve --hash-key '%s'", cli_path(), people[i].key);
    if (!(p = popen(cmd, "r"))) break;
    if (!fgets(hex, sizeof hex, p)) hex[0] = 0;
    pclose(p);
    hex[strcspn(hex, "\n")] = 0;
    fprintf(out, "%s %s %s\n", hex, people[i].roles, people[i].user);
  }
  return fclose(out);
}

/* A keys file of the people above, and a store's path (64 bytes each), for
** a server with a store. */
static void people_and_store(char *keys, char *store) {
  assert_int_equal(temp_file(keys, 64, ".keys"), 0);
  assert_int_equal(temp_file(store, 64, ".db"), 0);
  unlink(store);
  assert_int_equal(write_people(keys), 0);
}

/* Removes a store and its WAL files. */
static void remove_store(const char *store) {
  char p[80];
  unlink(store);
  snprintf(p, sizeof p, "%s-wal", store);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", store);
  unlink(p);
}

/* Headers as person i, with a purpose when given (static: one thread). */
static const char *const *as(size_t i, const char *purpose) {
  static char auth[128], why[96];
  static const char *h[3];
  snprintf(auth, sizeof auth, "Authorization: Bearer %s", people[i].key);
  snprintf(why, sizeof why, "X-Purpose: %s", purpose ? purpose : "");
  h[0] = auth;
  h[1] = purpose ? why : NULL;
  h[2] = NULL;
  return h;
}
enum { FEED, ANA, BOB, SUE, AUD, ADM };

static server review_srv;

/* POST /screen of f's body as the feed. */
static void *feed_thread(void *ud) {
  flood *f = ud;
  static const char *const h[] = {"Authorization: Bearer zeef-test-review-feed-01", NULL};
  http_on(NULL, &f->r, f->port, "POST", "/screen?limit=1", "text/csv", f->body, f->len, h);
  return NULL;
}

static void rget(const char *path, const char *const *headers) {
  resp_free(&R);
  http_on(NULL, &R, review_srv.port, NULL, path, NULL, NULL, 0, headers);
}

static void rpost(const char *path, const char *ctype, const char *body, const char *const *headers) {
  resp_free(&R);
  http_on(NULL, &R, review_srv.port, "POST", path, ctype, body, strlen(body), headers);
}

/* The case of traveller record_id in GET /cases: its id, version and first
** match (read as ana). */
static void case_of(const char *record_id, long long *id, long long *version, long long *match) {
  size_t i;
  json_t *c;
  char path[64];
  *id = 0;
  rget("/cases?limit=50", as(ANA, "review"));
  expect_status(200);
  json_array_foreach(jget(R.json, "cases"), i, c) if (strcmp(jstr(c, "traveller.record_id"), record_id) == 0) {
    *id = json_integer_value(jget(c, "id"));
    *version = json_integer_value(jget(c, "version"));
  }
  if (!*id) fail_msg("no case for %s", record_id);
  snprintf(path, sizeof path, "/cases/%lld", *id);
  rget(path, as(ANA, "review"));
  expect_status(200);
  *match = json_integer_value(jget(R.json, "matches.0.id"));
}

static void act_on(size_t who, long long id, const char *action, long long match, long long version,
                   const char *reason, const char *note) {
  char path[64], body[512];
  snprintf(path, sizeof path, "/cases/%lld", id);
  snprintf(body, sizeof body, "{\"action\": \"%s\", \"match\": %lld, \"version\": %lld, \"reason\": \"%s\", \"note\": \"%s\"}",
           action, match, version, reason, note);
  rpost(path, "application/json", body, as(who, NULL));
}

typedef struct racer {
  long long id, match, version;
  const char *action, *reason;
  size_t who;
  resp r;
  int port; /* the server it asks; 0: review_srv */
} racer;

static void *race(void *ud) {
  racer *x = ud;
  char path[64], body[512];
  snprintf(path, sizeof path, "/cases/%lld", x->id);
  snprintf(body, sizeof body, "{\"action\": \"%s\", \"match\": %lld, \"version\": %lld, \"reason\": \"%s\", \"note\": \"racing\"}",
           x->action, x->match, x->version, x->reason);
  {
    char auth[128]; /* its own: as() is not for threads */
    const char *h[] = {auth, NULL};
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", people[x->who].key);
    http_on(NULL, &x->r, x->port ? x->port : review_srv.port, "POST", path, "application/json", body,
            strlen(body), h);
  }
  return NULL;
}

/* Ana dismisses and Bob confirms the same case at once, each on the server
** at its port (0: review_srv): one wins, the other gets 409. */
static void one_winner(long long id, long long match, long long version, int port_a, int port_b) {
  racer a = {id, match, version, "dismiss", "DIFF_DOCUMENT", ANA, {0}, port_a};
  racer b = {id, match, version, "confirm", "SAME_DOCUMENT", BOB, {0}, port_b};
  pthread_t ta, tb;
  pthread_create(&ta, NULL, race, &a);
  pthread_create(&tb, NULL, race, &b);
  pthread_join(ta, NULL);
  pthread_join(tb, NULL);
  if (!((a.r.status == 200 && b.r.status == 409) || (a.r.status == 409 && b.r.status == 200)))
    fail_msg("racing decisions: %ld and %ld, want one 200 and one 409", a.r.status, b.r.status);
  resp_free(&a.r);
  resp_free(&b.r);
}

/* A case's whole life over HTTP: a manifest screened into the store; an
** analyst dismisses one alert with a reason; another proposes a
** confirmation that only a supervisor approves; two reviewers at once,
** one wins and the other gets 409; purposes, roles; the audit verified
** intact; a server killed with SIGKILL in the middle of a run restarts
** with the audit intact; a row edited behind its back fails the verify. */
static void review_over_http(void **state) {
  static char big[200000];
  char keys[64], store[64];
  char secret[64], list[64], list_arg[80];
  const char *args[] = {"--listen", "127.0.0.1:0", "--list", list_arg, "--keys", keys,
                        "--store", store, "--secret", secret, NULL};
  char csv[4096];
  long long id, version, match;
  (void)state;
  skip_without_cli();
  people_and_store(keys, store);
  assert_int_equal(temp_file(list, sizeof list, ".xml"), 0);
  assert_int_equal(copy_file(FIX "un_excerpt.xml", list, SIZE_MAX), 0);
  snprintf(list_arg, sizeof list_arg, "UN=%s", list);
  assert_int_equal(temp_file(secret, sizeof secret, ".key"), 0);
  {
    FILE *f = fopen(secret, "wb");
    assert_non_null(f);
    fputs("zeef-test-identity-secret-0123456789", f);
    fclose(f);
  }
  if (server_start(&review_srv, args)) fail_msg("the server with a store did not start");
  /* the feed screens a manifest: stored, three cases opened */
  slurp(FIX "travellers.csv", csv, sizeof csv);
  rpost("/screen", "text/csv", csv, as(FEED, NULL));
  expect_status(200);
  assert_int_equal(json_integer_value(jget(R.json, "summary.alerts")), 3);
  rget("/cases", as(ANA, "review"));
  expect_status(200);
  assert_int_equal(json_integer_value(jget(R.json, "total")), 3);
  /* a purpose is required, from the configured list; the feed reads no case */
  rget("/cases", as(ANA, NULL));
  expect_error(400, "purpose_required");
  rget("/cases", as(ANA, "curiosity"));
  expect_error(400, "unknown_purpose");
  rget("/cases?purpose=review", as(FEED, NULL));
  expect_error(403, "forbidden");
  /* ana dismisses Aqsa's alert: a different birth date */
  case_of("T06", &id, &version, &match);
  act_on(ANA, id, "dismiss", match, version, "DIFF_BIRTHDATE", "born 1994, listed 1992");
  expect_status(200);
  assert_string_equal(jstr(R.json, "state"), "closed");
  act_on(ANA, id, "dismiss", match, version, "DIFF_BIRTHDATE", "again");
  expect_error(409, "conflict");
  assert_string_equal(jstr(R.json, "state"), "closed");
  /* bob proposes al-Zawahiri; bob cannot approve; sue does */
  case_of("T01", &id, &version, &match);
  act_on(BOB, id, "confirm", match, version, "SAME_BIOGRAPHIC", "name, date and nationality agree");
  expect_status(200);
  assert_string_equal(jstr(R.json, "state"), "awaiting_approval");
  version = json_integer_value(jget(R.json, "version"));
  act_on(BOB, id, "approve", match, version, "AGREED", "mine");
  expect_error(403, "forbidden");
  act_on(SUE, id, "approve", match, version, "AGREED", "the passport agrees too");
  expect_status(200);
  assert_string_equal(jstr(R.json, "state"), "closed");
  {
    char path[64];
    snprintf(path, sizeof path, "/cases/%lld", id);
    rget(path, as(SUE, "review"));
    expect_status(200);
    assert_string_equal(jstr(R.json, "matches.0.state"), "confirmed");
    assert_string_equal(jstr(R.json, "history.0.actor"), "bob");
    assert_string_equal(jstr(R.json, "history.1.actor"), "sue");
  }
  /* two reviewers on one case at once: one wins, the other is told */
  case_of("T08", &id, &version, &match);
  one_winner(id, match, version, 0, 0);
  /* a suppression over HTTP: dismissed, proposed, approved by a
  ** supervisor; the same traveller screened again opens no case */
  {
    static const char one[] = "id,name,birth_date,nationality\nS01,Aiman al-Zawahiri,1951-06-19,EGY\n";
    long long total;
    char body[160];
    rpost("/screen", "text/csv", one, as(FEED, NULL));
    expect_status(200);
    case_of("S01", &id, &version, &match);
    act_on(ANA, id, "dismiss", match, version, "DIFF_DOCUMENT", "his passport differs");
    expect_status(200);
    snprintf(body, sizeof body, "{\"match\": %lld, \"days\": 30, \"note\": \"cleared at the border\"}", match);
    rpost("/suppressions", "application/json", body, as(ANA, NULL));
    expect_status(200);
    {
      char path[64];
      long long sp = json_integer_value(jget(R.json, "suppression"));
      snprintf(path, sizeof path, "/suppressions/%lld", sp);
      rpost(path, "application/json", "{\"action\": \"approve\", \"note\": \"agreed\"}", as(ANA, NULL));
      expect_error(403, "forbidden"); /* analysts do not approve */
      rpost(path, "application/json", "{\"action\": \"approve\", \"note\": \"agreed\"}", as(SUE, NULL));
      expect_status(200);
      assert_string_equal(jstr(R.json, "state"), "active");
    }
    rget("/cases", as(ANA, "review"));
    total = json_integer_value(jget(R.json, "total"));
    rpost("/screen", "text/csv", one, as(FEED, NULL));
    expect_status(200);
    rget("/cases", as(ANA, "review"));
    assert_int_equal(json_integer_value(jget(R.json, "total")), total);
    rget("/suppressions?state=active", as(SUE, NULL));
    expect_status(200);
    assert_int_equal(json_array_size(jget(R.json, "suppressions")), 1);
    assert_string_equal(jstr(R.json, "suppressions.0.proposed_by"), "ana");
    assert_string_equal(jstr(R.json, "suppressions.0.decided_by"), "sue");
    rget("/audit?action=suppression.approve&actor=sue", as(AUD, NULL));
    expect_status(200);
    assert_int_equal(json_array_size(R.json), 1);
    /* a name alone is too weak to key one */
    case_of("T06", &id, &version, &match);
    snprintf(body, sizeof body, "{\"match\": %lld, \"note\": \"x\"}", match);
    rpost("/suppressions", "application/json", body, as(ANA, NULL));
    expect_error(400, "bad_request");
  }
  /* the list adds an alias that Fatima Mahmood bears, screened clear
  ** before: the reload screens the store again and opens her case */
  {
    static char text[1 << 20];
    size_t n = slurp(FIX "un_excerpt.xml", text, sizeof text);
    char *at = strstr(text, "<REFERENCE_NUMBER>QDi.356</REFERENCE_NUMBER>"), *end;
    FILE *f;
    size_t i;
    json_t *c;
    int found = 0;
    assert_true(n > 0 && at);
    end = strstr(at, "</INDIVIDUAL_ALIAS>") + strlen("</INDIVIDUAL_ALIAS>");
    f = fopen(list, "wb");
    assert_non_null(f);
    fwrite(text, 1, (size_t)(end - text), f);
    fputs("<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Fatima Mahmood</ALIAS_NAME></INDIVIDUAL_ALIAS>", f);
    fputs(end, f);
    fclose(f);
    rpost("/admin/reload?wait=true", "application/json", "{}", as(ADM, NULL));
    expect_status(200);
    assert_int_equal(json_integer_value(jget(R.json, "rescreen.0.changed")), 1);
    /* Fatima's, and Aqsa's again: her alert was dismissed, and the entry
    ** it was dismissed against has changed */
    assert_int_equal(json_integer_value(jget(R.json, "rescreen.0.cases")), 2);
    rget("/cases?limit=100", as(ANA, "review"));
    expect_status(200);
    json_array_foreach(jget(R.json, "cases"), i, c) found |= strcmp(jstr(c, "traveller.record_id"), "T09") == 0;
    assert_true(found);
  }
  /* re-identification is for masked travellers, by a supervisor, with a
  ** purpose and an authority's approval */
  {
    static const char ri[] = "{\"action\": \"reidentify\", \"authority\": \"court\", \"reference\": \"R1\","
                             " \"approval_sha256\": \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\","
                             " \"name\": \"Ayman al-Zawahiri\"}";
    char path[64];
    case_of("T01", &id, &version, &match);
    snprintf(path, sizeof path, "/cases/%lld", id);
    rpost(path, "application/json", ri, as(SUE, NULL));
    expect_error(400, "purpose_required");
    rpost(path, "application/json", ri, as(ANA, "investigation"));
    expect_error(403, "forbidden");
    rpost(path, "application/json", ri, as(SUE, "investigation"));
    expect_error(409, "conflict"); /* not masked: read the case */
  }
  /* the auditor: intact; analysts do not read the audit */
  rget("/audit/verify", as(AUD, NULL));
  expect_status(200);
  assert_true(json_is_true(jget(R.json, "intact")));
  rget("/audit?limit=3", as(AUD, NULL));
  expect_status(200);
  assert_int_equal(json_array_size(R.json), 3);
  rget("/audit/verify", as(ANA, NULL));
  expect_error(403, "forbidden");
  rget("/store", as(SUE, NULL));
  expect_status(200);
  assert_string_equal(jstr(R.json, "four_eyes"), "unavailable: fewer than two supervisors hold keys");
  /* killed in the middle of a large run: the store comes back intact */
  {
    size_t n = (size_t)snprintf(big, sizeof big, "id,name,birth_date\n");
    flood fl;
    pthread_t th;
    for (int i = 0; i < 4000 && n + 64 < sizeof big; i++)
      n += (size_t)snprintf(big + n, sizeof big - n, "K%d,Ayman al-Zawahiri %d,1951-06-19\n", i, i % 13);
    fl = (flood){review_srv.port, big, n, {0, NULL, 0, NULL, NULL, ""}};
    pthread_create(&th, NULL, feed_thread, &fl);
    usleep(300 * 1000); /* part of the way in */
    kill(review_srv.pid, SIGKILL);
    waitpid(review_srv.pid, NULL, 0);
    review_srv.pid = 0;
    pthread_join(th, NULL);
    resp_free(&fl.r);
  }
  if (server_start(&review_srv, args)) fail_msg("the server did not start again after SIGKILL");
  rget("/audit/verify", as(AUD, NULL));
  expect_status(200);
  if (!json_is_true(jget(R.json, "intact"))) fail_msg("the audit after SIGKILL:\n%s", R.body);
  /* a row edited behind zeef's back */
  {
    sqlite3 *db;
    assert_int_equal(sqlite3_open(store, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "UPDATE travellers SET birth_date = '1960-01-01' WHERE record_id = 'T01'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
  }
  rget("/audit/verify", as(AUD, NULL));
  expect_status(200);
  assert_true(json_is_false(jget(R.json, "intact")));
  assert_string_equal(jstr(R.json, "check"), "rows");
  assert_int_equal(server_stop(&review_srv, SIGTERM, 30), 0);
  unlink(keys);
  unlink(secret);
  unlink(list);
  remove_store(store);
}

/* The value of header name (with its colon) in the answer's headers into
** out; "" when absent. */
static const char *header_of(const resp *r, const char *name, char *out, size_t cap) {
  const char *p = strcasestr(r->headers, name);
  size_t n;
  out[0] = 0;
  if (!p) return out;
  p += strlen(name);
  while (*p == ' ') p++;
  n = strcspn(p, "\r\n");
  snprintf(out, cap, "%.*s", (int)n, p);
  return out;
}

/* The review UI's way in: its files with a policy that forbids inline
** script; sign-in with a key gives an HttpOnly, SameSite=Strict cookie
** (Secure behind TLS) and a CSRF token; a write with the cookie needs the
** token and this server's origin; the session takes the key's roles;
** signing out ends it; a traveller search needs a purpose. */
static void ui_sessions(void **state) {
  char keys[64], store[64], list_arg[80], cookie[160], csrf[96], h[200], hv[512], path[64];
  const char *args[] = {"--listen", "127.0.0.1:0", "--list", list_arg, "--keys",
                        keys,       "--store",     store,    NULL};
  char csv[4096];
  long long id, version, match;
  (void)state;
  skip_without_cli();
  people_and_store(keys, store);
  snprintf(list_arg, sizeof list_arg, "UN=%s", FIX "un_excerpt.xml");
  if (server_start(&review_srv, args)) fail_msg("the server with a store did not start");
  slurp(FIX "travellers.csv", csv, sizeof csv);
  rpost("/screen", "text/csv", csv, as(FEED, NULL));
  expect_status(200);
  /* the page: no key needed, a strict policy, no inline script */
  rget("/", NULL);
  expect_status(302);
  assert_string_equal(header_of(&R, "Location:", hv, sizeof hv), "/ui/");
  rget("/ui/", NULL);
  expect_status(200);
  assert_non_null(strstr(header_of(&R, "Content-Security-Policy:", hv, sizeof hv), "script-src 'self'"));
  assert_null(strstr(hv, "unsafe-inline"));
  assert_non_null(strstr(R.body, "<script type=\"module\" src="));
  assert_null(strstr(R.body, "<script>"));
  rget("/ui/no-such-file.js", NULL);
  expect_error(404, "not_found");
  rget("/ui/../keys", NULL);
  assert_true(R.status == 404 || R.status == 400);
  /* sign in */
  rpost("/session", "application/json", "{\"key\": \"not-a-key-at-all-0000\"}", NULL);
  expect_error(401, "unauthorized");
  rpost("/session", "application/json", "{\"key\": \"zeef-test-review-ana-002\"}",
        (const char *const[]){"X-Forwarded-Proto: https", NULL});
  expect_status(200);
  assert_non_null(strstr(header_of(&R, "Set-Cookie:", hv, sizeof hv), "; Secure"));
  rpost("/session", "application/json", "{\"key\": \"zeef-test-review-ana-002\"}",
        (const char *const[]){"Origin: http://elsewhere.example", NULL});
  expect_error(403, "cross_origin");
  rpost("/session", "application/json", "{\"key\": \"zeef-test-review-ana-002\"}", NULL);
  expect_status(200);
  assert_string_equal(jstr(R.json, "user"), "ana");
  header_of(&R, "Set-Cookie:", hv, sizeof hv);
  assert_non_null(strstr(hv, "HttpOnly"));
  assert_non_null(strstr(hv, "SameSite=Strict"));
  assert_null(strstr(hv, "Secure"));
  snprintf(cookie, sizeof cookie, "Cookie: %.*s", (int)strcspn(hv, ";"), hv);
  snprintf(csrf, sizeof csrf, "X-CSRF-Token: %s", jstr(R.json, "csrf"));
  assert_int_equal(strlen(jstr(R.json, "csrf")), 64);
  /* reads with the cookie alone, as ana */
  rget("/cases?purpose=review&state=active", (const char *const[]){cookie, NULL});
  expect_status(200);
  assert_int_equal(json_integer_value(jget(R.json, "total")), 3);
  assert_int_equal(json_integer_value(jget(R.json, "states.open")), 3);
  rget("/session", (const char *const[]){cookie, NULL});
  expect_status(200);
  assert_string_equal(jstr(R.json, "user"), "ana");
  rget("/audit", (const char *const[]){cookie, NULL});
  expect_error(403, "forbidden"); /* ana is no auditor */
  /* writes need the CSRF token and this server's origin */
  case_of("T06", &id, &version, &match);
  snprintf(path, sizeof path, "/cases/%lld", id);
  snprintf(h, sizeof h, "{\"action\": \"take\", \"version\": %lld}", version);
  rpost(path, "application/json", h, (const char *const[]){cookie, NULL});
  expect_error(403, "csrf");
  rpost(path, "application/json", h, (const char *const[]){cookie, "X-CSRF-Token: 0000", NULL});
  expect_error(403, "csrf");
  rpost(path, "application/json", h,
        (const char *const[]){cookie, csrf, "Origin: http://elsewhere.example", NULL});
  expect_error(403, "cross_origin");
  rpost(path, "application/json", h, (const char *const[]){cookie, csrf, NULL});
  expect_status(200);
  assert_string_equal(jstr(R.json, "state"), "in_review");
  rget("/audit?action=take&actor=ana", as(AUD, NULL));
  expect_status(200);
  assert_int_equal(json_array_size(R.json), 1);
  /* a search asks why */
  rget("/travellers?name=zawah", (const char *const[]){cookie, NULL});
  expect_error(400, "purpose_required");
  rget("/travellers?name=zawah&purpose=investigation", (const char *const[]){cookie, NULL});
  expect_status(200);
  assert_string_equal(jstr(R.json, "travellers.0.record_id"), "T01");
  assert_true(json_integer_value(jget(R.json, "travellers.0.case_id")) > 0);
  rget("/travellers?purpose=investigation", (const char *const[]){cookie, NULL});
  expect_error(400, "bad_request");
  /* signed out: the cookie is cleared and the session is over */
  rpost("/session/end", "application/json", "{}", (const char *const[]){cookie, csrf, NULL});
  expect_status(200);
  assert_non_null(strstr(header_of(&R, "Set-Cookie:", hv, sizeof hv), "Max-Age=0"));
  rget("/cases?purpose=review", (const char *const[]){cookie, NULL});
  expect_error(401, "session_ended");
  rget("/audit?action=session.start&actor=ana", as(AUD, NULL));
  expect_status(200);
  assert_int_equal(json_array_size(R.json), 2);
  assert_int_equal(server_stop(&review_srv, SIGTERM, 30), 0);
  unlink(keys);
  remove_store(store);
}

/* Bookings over the service: POST /screen of a PNRGOV message (as
** application/edifact, told from PAXLST by its UNH) with --rules: the
** traveller who meets the broken-journey rule alerts with the rule, opens
** a case of the list "rules", and the queue finds it by his first flight. */
static void bookings_over_http(void **state) {
  char keys[64], store[64], list_arg[80], body[8192];
  const char *args[] = {"--listen", "127.0.0.1:0", "--list",  list_arg,         "--keys", keys,
                        "--store",  store,         "--rules", FIX "rules.json", NULL};
  size_t n;
  (void)state;
  skip_without_cli();
  people_and_store(keys, store);
  snprintf(list_arg, sizeof list_arg, "UN=%s", FIX "un_excerpt.xml");
  if (server_start(&review_srv, args)) fail_msg("the server with rules did not start");
  n = slurp(FIX "journeys.pnrgov", body, sizeof body);
  assert_true(n > 0);
  rpost("/screen", "application/edifact", body, as(FEED, NULL));
  expect_status(200);
  assert_int_equal(json_integer_value(jget(R.json, "summary.records")), 5);
  assert_int_equal(json_integer_value(jget(R.json, "summary.alerts")), 1);
  assert_string_equal(jstr(R.json, "results.0.id"), "BRK001/1");
  assert_string_equal(jstr(R.json, "results.0.rules.0.id"), "BJ-01");
  assert_string_equal(jstr(R.json, "results.0.source.type"), "pnrgov");
  rget("/cases?flight=XQ2201", as(ANA, "review"));
  expect_status(200);
  assert_int_equal(json_integer_value(jget(R.json, "total")), 1);
  assert_string_equal(jstr(R.json, "cases.0.best.list"), "rules");
  assert_string_equal(jstr(R.json, "cases.0.flight"), "XQ2201");
  assert_string_equal(jstr(R.json, "cases.0.departs_at"), "2026-12-05T08:00");
  /* the case of a listed man names the travellers who share his e-mail
  ** address: links, which open no case of their own */
  n = slurp(FIX "bookings.pnrgov", body, sizeof body);
  rpost("/screen", "application/edifact", body, as(FEED, NULL));
  expect_status(200);
  rget("/cases?flight=XQ801&state=active", as(ANA, "review"));
  expect_status(200);
  {
    char path[64];
    json_t *links;
    size_t i;
    json_t *l;
    int seen = 0;
    long long cid = 0;
    json_array_foreach(jget(R.json, "cases"), i, l) if (strcmp(jstr(l, "traveller.record_id"), "ABC123/1") ==
                                                        0) cid = json_integer_value(jget(l, "id"));
    assert_true(cid > 0);
    snprintf(path, sizeof path, "/cases/%lld", cid);
    rget(path, as(ANA, "review"));
    expect_status(200);
    links = jget(R.json, "links");
    json_array_foreach(links, i, l) if (strcmp(jstr(l, "record_id"), "DEF456/1") == 0) {
      seen = 1;
      assert_string_equal(jstr(l, "shared.0.kind"), "email");
      assert_string_equal(jstr(l, "shared.0.value"), "a_zawah@mail.example");
      assert_string_equal(jstr(l, "outcome"), "clear");
      assert_null(jget(l, "case_id"));
    }
    assert_true(seen);
  }
  assert_int_equal(server_stop(&review_srv, SIGTERM, 30), 0);
  unlink(keys);
  remove_store(store);
}

int test_serve(void) {
  const struct CMUnitTest tests[] = {
      SERVE_TEST(match_yente_round_trip),
      SERVE_TEST(match_names_and_parameters),
      SERVE_TEST(match_pool_and_inline_agree),
      SERVE_TEST(match_unknown_dataset_404),
      SERVE_TEST(yente_keys),
      SERVE_TEST(yente_filters),
      SERVE_TEST(yente_threshold_cutoff_limit),
      SERVE_TEST(yente_nameless),
      SERVE_TEST(yente_strictness),
      SERVE_TEST(yente_client_shapes),
      SERVE_TEST(yente_catalog_algorithms_entities),
      SERVE_TEST(screen_json_array),
      SERVE_TEST(screen_csv),
      SERVE_TEST(screen_paxlst),
      SERVE_TEST(screen_mrz),
      SERVE_TEST(reload_while_requests_run),
      SERVE_TEST(sighup_reloads),
      SERVE_TEST(reload_in_background),
      SERVE_TEST(slow_head_dropped),
      SERVE_TEST(per_address_limit),
      SERVE_TEST(endless_chunked_body_cut),
      SERVE_TEST(work_budget_413),
      SERVE_TEST(busy_503),
      SERVE_TEST(bad_list_keeps_old),
      SERVE_TEST(malformed_json_400),
      SERVE_TEST(deep_json_400),
      SERVE_TEST(oversized_body_413),
      SERVE_TEST(wrong_content_type_415),
      SERVE_TEST(method_and_path),
      SERVE_TEST(keys_and_roles),
      SERVE_TEST(hash_key_prints_sha256),
      SERVE_TEST(open_server_stays_on_loopback),
      SERVE_TEST(lists_endpoint),
      SERVE_TEST(metrics_move),
      SERVE_TEST(sigterm_finishes_in_flight),
      SERVE_TEST(review_over_http),
      SERVE_TEST(ui_sessions),
      SERVE_TEST(bookings_over_http),
      SERVE_TEST(main_server_stops_cleanly),
  };
  th_tests_total += (int)(sizeof tests / sizeof tests[0]);
  return cmocka_run_group_tests_name("serve", tests, group_setup, group_teardown);
}

/* ------------------------------------------------- Two servers, one store */

/* Two `zeef serve` on one case store on PostgreSQL, as two sites run them
** (only with ZEEF_TEST_PG, a server's base URL: tests/pg.sh): a manifest
** screened through one is reviewed through the other; two reviewers, one
** on each server, decide the same case at once: one wins, the other gets
** 409; each server's audit verify finds the chain intact. */
static void two_servers_one_store(void **state) {
  char keys[64], store[256], url[200], db[64], list_arg[80];
  const char *args[] = {"--listen", "127.0.0.1:0", "--list", list_arg, "--keys",
                        keys,       "--store",     store,    NULL};
  server other;
  char csv[4096];
  long long id, version, match;
  (void)state;
  skip_without_cli();
  if (!getenv("ZEEF_TEST_PG")) {
    print_message("[  SKIP    ] ZEEF_TEST_PG is not set: no PostgreSQL server to share\n");
    th_tests_skipped++;
    skip();
  }
  {
    char sql[96], err[256];
    mem m = {mem_std};
    sto_db *d;
    snprintf(db, sizeof db, "zeef_serve_%ld", (long)getpid());
    snprintf(url, sizeof url, "%s/postgres", getenv("ZEEF_TEST_PG"));
    if (!(d = sto_db_open(&m, url, err, sizeof err))) fail_msg("%s", err);
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", db);
    if (sto_exec(d, sql)) fail_msg("%s: %s", sql, sto_errmsg(d));
    sto_db_close(d);
  }
  snprintf(store, sizeof store, "%s/%s", getenv("ZEEF_TEST_PG"), db);
  assert_int_equal(temp_file(keys, sizeof keys, ".keys"), 0);
  assert_int_equal(write_people(keys), 0);
  snprintf(list_arg, sizeof list_arg, "UN=%s", FIX "un_excerpt.xml");
  if (server_start(&review_srv, args)) fail_msg("the first server did not start");
  if (server_start(&other, args)) fail_msg("the second server did not start");
  /* screened through the first, seen through the second */
  slurp(FIX "travellers.csv", csv, sizeof csv);
  rpost("/screen", "text/csv", csv, as(FEED, NULL));
  expect_status(200);
  assert_int_equal(json_integer_value(jget(R.json, "summary.alerts")), 3);
  resp_free(&R);
  http_on(NULL, &R, other.port, NULL, "/cases", NULL, NULL, 0, as(ANA, "review"));
  expect_status(200);
  assert_int_equal(json_integer_value(jget(R.json, "total")), 3);
  /* one reviewer on each server, the same case at once */
  case_of("T08", &id, &version, &match);
  one_winner(id, match, version, review_srv.port, other.port);
  /* both servers' audit: one chain, intact */
  rget("/audit/verify", as(AUD, NULL));
  expect_status(200);
  assert_true(json_is_true(jget(R.json, "intact")));
  resp_free(&R);
  http_on(NULL, &R, other.port, NULL, "/audit/verify", NULL, NULL, 0, as(AUD, NULL));
  expect_status(200);
  assert_true(json_is_true(jget(R.json, "intact")));
  assert_int_equal(server_stop(&other, SIGTERM, 30), 0);
  assert_int_equal(server_stop(&review_srv, SIGTERM, 30), 0);
  unlink(keys);
}

int test_serve_pg(void) {
  const struct CMUnitTest tests[] = {
      SERVE_TEST(two_servers_one_store),
  };
  th_tests_total += (int)(sizeof tests / sizeof tests[0]);
  return cmocka_run_group_tests_name("serve_pg", tests, NULL, NULL);
}
