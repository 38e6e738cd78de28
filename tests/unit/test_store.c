/*
** test_store.c: the case store (src/store/): what a run of screenings
** writes (travellers, hits with evidence, a case per alert with its
** matches pending), batches committed with their audit entry, a run cut
** short keeping only whole batches, the schema's version, the entity
** digest, and the audit chain: intact after writes, and broken, at the
** right entry and check, by every kind of edit made behind zeef's back.
** Stores are temporary files, removed by the teardown; with ZEEF_TEST_PG
** set (a PostgreSQL server's base URL, tests/pg.sh), each test's store is a
** new database on that server instead, dropped by the teardown.
*/
#include "tests.h"

#include "../../src/internal.h"
#include "../../src/store/db.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIX "tests/fixtures/"

/* ------------------------------------------------------------ Resources */

typedef struct fixture {
  zeef_ctx *ctx;
  zeef_list *list;
  zeef_screener *scr;
  zeef_store *st;
  char path[160];
  char pg_name[48]; /* the test's database on the PostgreSQL server, "" on SQLite */
  int bare;         /* screenings stored without the screener: no detail, as before schema 7 */
} fixture;

static fixture F;

/* A connection of the test's own to where (the store, or the server's
** postgres database): what another program sees. */
static sto_db *side(const char *where) {
  char err[256];
  mem m = {mem_std};
  sto_db *db = sto_db_open(&m, where, err, sizeof err);
  if (!db) fail_msg("%s: %s", where, err);
  return db;
}

/* sql run on the PostgreSQL server's postgres database. */
static void on_server(const char *sql) {
  char url[160];
  sto_db *db;
  snprintf(url, sizeof url, "%s/postgres", getenv("ZEEF_TEST_PG"));
  db = side(url);
  if (sto_exec(db, sql)) print_error("%s: %s\n", sql, sto_errmsg(db));
  sto_db_close(db);
}

static void remove_store(const char *path) {
  char p[200];
  if (F.pg_name[0]) {
    snprintf(p, sizeof p, "DROP DATABASE IF EXISTS %s WITH (FORCE)", F.pg_name);
    on_server(p);
    return;
  }
  unlink(path);
  snprintf(p, sizeof p, "%s-wal", path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", path);
  unlink(p);
}

static int setup(void **state) {
  int fd;
  (void)state;
  memset(&F, 0, sizeof F);
  if (zeef_ctx_new(NULL, &F.ctx)) return -1;
  if (zeef_list_load(F.ctx, "UN", FIX "un_excerpt.xml", ZEEF_LIST_AUTO, NULL, NULL, &F.list)) return -1;
  if (zeef_screener_new(F.ctx, (const zeef_list *const *)&F.list, 1, NULL, NULL, &F.scr)) return -1;
  if (getenv("ZEEF_TEST_PG")) { /* a new database */
    static unsigned n;
    char sql[96];
    snprintf(F.pg_name, sizeof F.pg_name, "zeef_test_%ld_%u", (long)getpid(), ++n);
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", F.pg_name);
    on_server(sql);
    snprintf(F.path, sizeof F.path, "%s/%s", getenv("ZEEF_TEST_PG"), F.pg_name);
    return 0;
  }
  snprintf(F.path, sizeof F.path, "/tmp/zeef-store-XXXXXX");
  if ((fd = mkstemp(F.path)) < 0) return -1;
  close(fd);
  unlink(F.path); /* a new store: the file is made by zeef_store_open */
  return 0;
}

static int teardown(void **state) {
  (void)state;
  zeef_store_close(F.st);
  zeef_screener_free(F.scr);
  zeef_list_free(F.list);
  zeef_ctx_free(F.ctx);
  remove_store(F.path);
  memset(&F, 0, sizeof F);
  return 0;
}

/* call, which returns a zeef_status on F.st, succeeds; else the store's
** own words fail the test */
#define STORE_OK(call)                                                                                       \
  do {                                                                                                       \
    zeef_status rc_ = (call);                                                                                \
    if (rc_) fail_msg("%s: %s: %s", #call, zeef_strerror(rc_), zeef_store_error(F.st));                      \
  } while (0)

#define STORE_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

static void open_store(void) {
  zeef_status rc = zeef_store_open(F.ctx, F.path, &F.st);
  if (rc) fail_msg("zeef_store_open: %s: %s", zeef_strerror(rc), zeef_store_error(F.st));
}

/* Runs SQL on the store through a connection of its own: an edit made
** behind zeef's back. */
static void behind_the_back(const char *sql) {
  sto_db *db = side(F.path);
  if (sto_exec(db, sql)) {
    print_error("%s: %s\n", sql, sto_errmsg(db));
    sto_db_close(db);
    fail();
  }
  sto_db_close(db);
}

/* behind_the_back() by one who first turns off what guards the store: the
** foreign keys and the audit's append-only triggers. */
static void tamper(const char *sql) {
  char all[1024];
  snprintf(all, sizeof all, "%s%s",
           F.pg_name[0] ? "SET session_replication_role = replica;" /* no triggers, no foreign keys */
                        : "PRAGMA foreign_keys = OFF; DROP TRIGGER IF EXISTS audit_no_update;"
                          " DROP TRIGGER IF EXISTS audit_no_delete;",
           sql);
  behind_the_back(all);
}

/* The text in the first column of sql's row `row` (from 0), into out. */
static void text_of(const char *sql, int row, char *out, size_t cap) {
  sto_db *db = side(F.path);
  sto_stmt *q;
  assert_int_equal(sto_prepare(db, sql, &q), 0);
  for (int i = 0; i <= row; i++) assert_int_equal(sto_step(q), STO_ROW);
  snprintf(out, cap, "%s", sto_col_text(q, 0) ? sto_col_text(q, 0) : "");
  sto_finalize(q);
  sto_db_close(db);
}

static int64_t scalar(const char *sql) {
  sto_db *db = side(F.path);
  sto_stmt *q;
  int64_t v = -1;
  if (sto_prepare(db, sql, &q)) fail_msg("%s: %s", sql, sto_errmsg(db));
  if (sto_step(q) == STO_ROW) v = sto_col_int(q, 0);
  sto_finalize(q);
  sto_db_close(db);
  return v;
}

/* --------------------------------------------------------------- Screening */

typedef struct feed {
  size_t records, alerts;
} feed;

/* Screens one record as zeef screen does and stores it. */
static int screen_and_store(void *ud, const zeef_record *r) {
  feed *fd = ud;
  zeef_traveller t;
  zeef_hit hits[5];
  size_t n = 0;
  zeef_outcome out = ZEEF_OUTCOME_ERROR;
  memset(&t, 0, sizeof t);
  if (!r->error && zeef_traveller_from_record(F.ctx, r, &t) == ZEEF_OK &&
      zeef_screen(F.scr, &t, 0.5, hits, 5, &n) == ZEEF_OK) {
    out = n && hits[0].score >= ZEEF_ALERT_THRESHOLD ? ZEEF_OUTCOME_ALERT : ZEEF_OUTCOME_CLEAR;
  }
  if (out == ZEEF_OUTCOME_ALERT) fd->alerts++;
  fd->records++;
  if (zeef_store_put(F.st, r, NULL, out, out == ZEEF_OUTCOME_ERROR ? "cannot be screened" : NULL, hits,
                     out == ZEEF_OUTCOME_ERROR ? 0 : n, F.bare ? NULL : F.scr, F.bare ? NULL : t.name, NULL,
                     0))
    fail_msg("zeef_store_put: %s", zeef_store_error(F.st));
  zeef_traveller_clear(&t);
  return 0;
}

static const zeef_actor analyst = {"ana", "screen", "screening"};

/* One run over the fixture travellers (9 records: 3 alerts, 1 error). */
static feed store_fixture_run(void) {
  FILE *f = fopen(FIX "travellers.csv", "rb");
  zeef_read_error err;
  int64_t run = 0;
  feed fd = {0, 0};
  assert_non_null(f);
  if (zeef_store_run_begin(F.st, &analyst, "travellers.csv", (const zeef_list *const *)&F.list, 1,
                           ZEEF_ALERT_THRESHOLD, &run))
    fail_msg("zeef_store_run_begin: %s", zeef_store_error(F.st));
  assert_true(run > 0);
  assert_int_equal(zeef_records_read(F.ctx, f, ZEEF_IN_CSV, screen_and_store, &fd, &err), ZEEF_OK);
  fclose(f);
  if (zeef_store_run_end(F.st)) fail_msg("zeef_store_run_end: %s", zeef_store_error(F.st));
  return fd;
}

static void expect_intact(int64_t want_entries) {
  int64_t n = -1;
  zeef_audit_problem bad;
  STORE_OK(zeef_store_verify(F.st, &n, &bad));
  if (bad.check[0]) fail_msg("audit broken at %lld (%s): %s", (long long)bad.seq, bad.check, bad.detail);
  if (want_entries >= 0) assert_int_equal(n, want_entries);
}

static void expect_broken(int64_t seq, const char *check) {
  int64_t n = -1;
  zeef_audit_problem bad;
  STORE_OK(zeef_store_verify(F.st, &n, &bad));
  if (strcmp(bad.check, check) != 0 || bad.seq != seq)
    fail_msg("want the audit broken at %lld (%s), got %lld (%s): %s", (long long)seq, check,
             (long long)bad.seq, bad.check[0] ? bad.check : "intact", bad.detail);
  assert_true(bad.detail[0] != 0);
}

/* The rows check fails, whatever the entry, saying what (its detail holds
** what). */
static void expect_rows_broken(const char *what) {
  int64_t n = -1;
  zeef_audit_problem bad;
  STORE_OK(zeef_store_verify(F.st, &n, &bad));
  assert_string_equal(bad.check, "rows");
  if (!strstr(bad.detail, what)) fail_msg("the problem \"%s\" does not name %s", bad.detail, what);
}

/* ------------------------------------------------------------------ Tests */

static void run_stores_screenings_and_cases(void **state) {
  zeef_store_counts c;
  feed fd;
  (void)state;
  open_store();
  {
    int done = 1;
    STORE_OK(zeef_store_run_done(F.st, "travellers.csv", &done));
    assert_false(done); /* nothing stored yet */
  }
  fd = store_fixture_run();
  assert_int_equal(fd.records, 9);
  {
    int done = 0;
    STORE_OK(zeef_store_run_done(F.st, "travellers.csv", &done));
    assert_true(done); /* a broker's batch stored is not stored again */
    STORE_OK(zeef_store_run_done(F.st, "another.csv", &done));
    assert_false(done);
  }
  STORE_OK(zeef_store_count(F.st, &c));
  assert_int_equal(c.runs, 1);
  assert_int_equal(c.travellers, 9); /* the clear ones and the error too */
  assert_int_equal(c.cases, (int64_t)fd.alerts);
  assert_int_equal(c.open_cases, (int64_t)fd.alerts);
  assert_true(c.pending_matches >= c.cases);
  assert_true(c.hits >= c.matches);
  /* run start, one batch, run end */
  assert_int_equal(c.audit_entries, 3);
  expect_intact(3);
  /* what was stored: the outcome of each traveller, the alert's entity
  ** with its list version and evidence as data, a case per alert */
  assert_int_equal(scalar("SELECT count(*) FROM travellers WHERE outcome = 'error'"), 1);
  assert_int_equal(scalar("SELECT count(*) FROM travellers WHERE outcome = 'clear'"), 5);
  assert_int_equal(scalar("SELECT count(*) FROM hits h JOIN travellers t ON t.id = h.traveller_id"
                          " WHERE t.record_id = 'T01' AND h.entity_id = 'QDi.006' AND h.alert = 1"
                          " AND h.list_version = '2026-02-27T00:00:09.554Z'"
                          " AND h.evidence LIKE '%\"feature\":\"birth_date\"%'"),
                   1);
  assert_int_equal(scalar("SELECT count(*) FROM cases c JOIN travellers t ON t.id = c.traveller_id"
                          " WHERE t.record_id IN ('T01', 'T06', 'T08') AND c.state = 'open'"),
                   3);
  assert_int_equal(scalar("SELECT count(*) FROM runs WHERE records = 9 AND alerts = 3 AND errors = 1"
                          " AND model = '" ZEEF_MODEL_VERSION "' AND finished_at IS NOT NULL"),
                   1);
  /* a second run extends the same chain */
  fd = store_fixture_run();
  expect_intact(6);
}

static void every_edit_is_found(void **state) {
  (void)state;
  open_store();
  store_fixture_run();
  store_fixture_run();
  expect_intact(6);
  /* a stored score lowered: the batch that wrote it (entry 5, of run 2) */
  behind_the_back("UPDATE hits SET score = 0.51 WHERE id = (SELECT max(id) FROM hits)");
  expect_broken(5, "rows");
  behind_the_back("UPDATE hits SET score = 0.99 WHERE id = (SELECT max(id) FROM hits)");
  expect_broken(5, "rows"); /* not the value it had either */
}

static void deleted_traveller_found(void **state) {
  (void)state;
  open_store();
  store_fixture_run();
  tamper("DELETE FROM hits WHERE traveller_id = 9; DELETE FROM travellers WHERE id = 9");
  expect_broken(2, "rows");
}

static void audit_edits_found(void **state) {
  (void)state;
  open_store();
  store_fixture_run();
  store_fixture_run();
  /* the triggers refuse an edit of the audit; one who drops them ... */
  {
    sto_db *db = side(F.path);
    assert_int_not_equal(sto_exec(db, "UPDATE audit SET actor = 'x' WHERE seq = 2"), 0);
    assert_int_not_equal(sto_exec(db, "DELETE FROM audit WHERE seq = 6"), 0);
    sto_db_close(db);
  }
  behind_the_back(F.pg_name[0] ? "DROP TRIGGER audit_append_only ON audit"
                               : "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete");
  expect_intact(6);
  /* ... is found: a field changed */
  behind_the_back("UPDATE audit SET actor = 'someone else' WHERE seq = 4");
  expect_broken(4, "hash");
  behind_the_back("UPDATE audit SET actor = 'ana' WHERE seq = 4");
  expect_intact(6);
  /* the details changed */
  behind_the_back("UPDATE audit SET details = replace(details, '\"alerts\":3', '\"alerts\":2') WHERE seq = 5");
  expect_broken(5, "details");
}

static void removed_entry_found(void **state) {
  (void)state;
  open_store();
  store_fixture_run();
  store_fixture_run();
  tamper("DELETE FROM audit WHERE seq = 3");
  expect_broken(4, "sequence");
}

static void rewritten_tail_found(void **state) {
  (void)state;
  open_store();
  store_fixture_run();
  /* the last entry replaced by a copy of an earlier one, renumbered: its
  ** prev_hash no longer names the entry before it */
  tamper("DELETE FROM audit WHERE seq = 3;"
         "INSERT INTO audit SELECT 3, ts, actor, role, purpose, action, object_type, object_id,"
         " outcome, details, details_hash, prev_hash, hash FROM audit WHERE seq = 2");
  expect_broken(3, "chain");
}

static int64_t fake_now_value;
static double fake_now(void *ud) {
  (void)ud;
  return (double)fake_now_value;
}

static void times_never_go_back(void **state) {
  char ts_first[40], ts_last[40];
  (void)state;
  open_store();
  fake_now_value = 1800000000; /* 2027-01-15 */
  zeef_store_set_clock(F.st, fake_now, NULL);
  store_fixture_run();
  fake_now_value -= 86400; /* the clock set back a day */
  store_fixture_run();
  expect_intact(6);
  text_of("SELECT ts FROM audit WHERE seq IN (1, 6) ORDER BY seq", 0, ts_first, sizeof ts_first);
  text_of("SELECT ts FROM audit WHERE seq IN (1, 6) ORDER BY seq", 1, ts_last, sizeof ts_last);
  assert_string_equal(ts_first, "2027-01-15T08:00:00.000Z");
  assert_string_equal(ts_last, ts_first);
  /* an entry's time moved back behind zeef's back is found */
  tamper("UPDATE audit SET ts = '2027-01-14T00:00:00.000Z' WHERE seq = 3");
  expect_broken(3, "time");
}

/* A record with just a name, for volume. */
static zeef_record plain_record(size_t line, const char *name, char *idbuf) {
  zeef_record r;
  memset(&r, 0, sizeof r);
  snprintf(idbuf, 16, "P%zu", line);
  r.line = line;
  r.id = idbuf;
  r.name = name;
  return r;
}

static void cut_run_keeps_whole_batches(void **state) {
  int64_t run;
  zeef_store_counts c;
  char id[16];
  (void)state;
  open_store();
  assert_int_equal(zeef_store_run_begin(F.st, &analyst, "volume", (const zeef_list *const *)&F.list, 1, 0.8, &run),
                   ZEEF_OK);
  for (size_t i = 1; i <= ZEEF_STORE_BATCH + ZEEF_STORE_BATCH / 2; i++) {
    zeef_record r = plain_record(i, "Jan de Vries", id);
    assert_int_equal(zeef_store_put(F.st, &r, NULL, ZEEF_OUTCOME_CLEAR, NULL, NULL, 0, NULL, NULL, NULL, 0),
                     ZEEF_OK);
  }
  /* the process dies here: no zeef_store_run_end() */
  zeef_store_close(F.st);
  F.st = NULL;
  open_store();
  STORE_OK(zeef_store_count(F.st, &c));
  assert_int_equal(c.travellers, ZEEF_STORE_BATCH); /* the first batch, whole; the rest never was */
  expect_intact(2);                                   /* run start and the first batch */
  /* the store goes on from there */
  store_fixture_run();
  expect_intact(5);
}

static void schema_versions(void **state) {
  zeef_status rc;
  (void)state;
  open_store();
  zeef_store_close(F.st);
  F.st = NULL;
  assert_int_equal(scalar("SELECT value FROM meta WHERE key = 'schema'"), ZEEF_STORE_SCHEMA);
  /* opened again: nothing to migrate, the same id */
  open_store();
  {
    char id[40];
    snprintf(id, sizeof id, "%s", zeef_store_id(F.st));
    assert_int_equal(strlen(id), 32);
    zeef_store_close(F.st);
    F.st = NULL;
    open_store();
    assert_string_equal(zeef_store_id(F.st), id);
    zeef_store_close(F.st);
    F.st = NULL;
  }
  /* a store of schema 1 (before the review's and the suppressions' tables), with a run in it,
  ** is migrated forward when opened, its screenings and audit kept */
  open_store();
  F.bare = 1; /* stored as before schema 7: no detail */
  store_fixture_run();
  F.bare = 0;
  zeef_store_close(F.st);
  F.st = NULL;
  behind_the_back(
      "ALTER TABLE travellers DROP COLUMN departs_at;"
      "DROP INDEX travellers_rescreen; ALTER TABLE travellers DROP COLUMN rescreen_of;"
      "CREATE INDEX travellers_run ON travellers(run_id);"
      "ALTER TABLE hits DROP COLUMN suppression_id; DROP TABLE suppressions;"
      "DROP INDEX travellers_identity; ALTER TABLE travellers DROP COLUMN identity;"
      "DROP TABLE decisions; ALTER TABLE cases DROP COLUMN escalated;"
      "ALTER TABLE matches DROP COLUMN proposed_by; ALTER TABLE matches DROP COLUMN proposal_reason;"
      "ALTER TABLE matches DROP COLUMN proposal_digest; ALTER TABLE hits DROP COLUMN detail; DROP TABLE "
      "shares;"
      "UPDATE meta SET value = '1' WHERE key = 'schema'");
  open_store();
  assert_int_equal(scalar("SELECT value FROM meta WHERE key = 'schema'"), ZEEF_STORE_SCHEMA);
  expect_intact(3);
  {
    zeef_review_result res;
    int64_t c = scalar("SELECT min(id) FROM cases");
    zeef_review r = {ZEEF_REVIEW_TAKE, c, 0, 1, NULL, NULL};
    STORE_OK(zeef_store_review(F.st, &(zeef_actor){"ana", "analyst", "review"}, &r, &res));
  }
  zeef_store_close(F.st);
  F.st = NULL;
  /* a store of a newer zeef is refused, with the reason */
  behind_the_back("UPDATE meta SET value = '99' WHERE key = 'schema'");
  rc = zeef_store_open(F.ctx, F.path, &F.st);
  assert_int_equal(rc, ZEEF_E_STORE);
  assert_non_null(strstr(zeef_store_error(F.st), "newer"));
}

static void not_a_store(void **state) {
  FILE *f;
  (void)state;
  if (F.pg_name[0]) { /* a database that is not there */
    strcat(F.path, "_none");
    assert_int_equal(zeef_store_open(F.ctx, F.path, &F.st), ZEEF_E_STORE);
    assert_non_null(strstr(zeef_store_error(F.st), "cannot connect"));
    assert_null(strstr(zeef_store_error(F.st), F.path)); /* a URL can hold a password */
    return;
  }
  f = fopen(F.path, "wb");
  assert_non_null(f);
  fputs("name,birth_date\nJan,1970\n", f);
  fclose(f);
  assert_int_equal(zeef_store_open(F.ctx, F.path, &F.st), ZEEF_E_STORE);
  assert_true(strlen(zeef_store_error(F.st)) > 0);
}

static void misuse_refused(void **state) {
  int64_t run;
  zeef_record r;
  char id[16];
  (void)state;
  open_store();
  r = plain_record(1, "Jan de Vries", id);
  /* no run begun */
  assert_int_equal(zeef_store_put(F.st, &r, NULL, ZEEF_OUTCOME_CLEAR, NULL, NULL, 0, NULL, NULL, NULL, 0),
                   ZEEF_E_INVALID);
  assert_int_equal(zeef_store_run_end(F.st), ZEEF_E_INVALID);
  assert_int_equal(zeef_store_run_begin(F.st, NULL, "x", NULL, 0, 0.8, &run), ZEEF_E_INVALID);
  STORE_OK(zeef_store_run_begin(F.st, &analyst, "x", NULL, 0, 0.8, &run));
  /* one run at a time */
  assert_int_equal(zeef_store_run_begin(F.st, &analyst, "y", NULL, 0, 0.8, &run), ZEEF_E_INVALID);
  assert_int_equal(zeef_store_put(F.st, &r, NULL, (zeef_outcome)7, NULL, NULL, 0, NULL, NULL, NULL, 0),
                   ZEEF_E_INVALID);
  assert_int_equal(zeef_store_run_end(F.st), ZEEF_OK);
  expect_intact(2); /* start and end; no batch: nothing was stored */
}

static int count_line(void *ud, const char *line, size_t len) {
  size_t *n = ud;
  assert_true(len > 0 && line[0] == '{' && line[len - 1] == '}');
  assert_non_null(strstr(line, "\"prev_hash\":\""));
  ++*n;
  return 0;
}

static void export_every_entry(void **state) {
  size_t n = 0;
  (void)state;
  open_store();
  store_fixture_run();
  STORE_OK(zeef_store_export(F.st, count_line, &n));
  assert_int_equal(n, 3);
}

/* The digest of an entity: the same for its values in another order,
** blind to remarks, moved by a new alias or document. */
static void entity_digest(void **state) {
  const zeef_entity *e = zeef_list_entity(F.list, 0);
  zeef_entity copy;
  const char *names[64];
  zeef_document docs[8];
  char d0[65], d1[65];
  (void)state;
  assert_non_null(e);
  assert_true(e->nnames >= 2 && e->nnames < 63);
  zeef_entity_digest(e, d0);
  assert_int_equal(strlen(d0), 64);
  copy = *e;
  for (size_t i = 0; i < e->nnames; i++) names[i] = e->names[e->nnames - 1 - i];
  copy.names = names;
  copy.remarks = "a new remark";
  copy.programs = "another programme";
  zeef_entity_digest(&copy, d1);
  assert_string_equal(d0, d1);
  names[e->nnames] = "A New Alias";
  copy.nnames = e->nnames + 1;
  zeef_entity_digest(&copy, d1);
  assert_string_not_equal(d0, d1);
  copy.nnames = e->nnames;
  assert_true(e->ndocs < 7);
  if (e->ndocs) memcpy(docs, e->docs, e->ndocs * sizeof *docs);
  docs[e->ndocs] = (zeef_document){"passport", "X1234567", "IRQ"};
  copy.docs = docs;
  copy.ndocs = e->ndocs + 1;
  zeef_entity_digest(&copy, d1);
  assert_string_not_equal(d0, d1);
}

/* ----------------------------------------------------------------- Review */

static int64_t case_of(const char *record_id) {
  char sql[256];
  snprintf(sql, sizeof sql,
           "SELECT c.id FROM cases c JOIN travellers t ON t.id = c.traveller_id WHERE t.record_id = '%s'"
           " ORDER BY c.id DESC LIMIT 1",
           record_id);
  return scalar(sql);
}

static int64_t first_match(int64_t case_id) {
  char sql[160];
  snprintf(sql, sizeof sql,
           "SELECT m.id FROM matches m JOIN hits h ON h.id = m.hit_id WHERE m.case_id = %lld"
           " ORDER BY h.score DESC LIMIT 1",
           (long long)case_id);
  return scalar(sql);
}

static int64_t version_of(int64_t case_id) {
  char sql[96];
  snprintf(sql, sizeof sql, "SELECT version FROM cases WHERE id = %lld", (long long)case_id);
  return scalar(sql);
}

static const zeef_actor ana = {"ana", "analyst", "review"};
static const zeef_actor bob = {"bob", "analyst", "review"};
static const zeef_actor sam = {"sam", "analyst,supervisor", "review"};
static const zeef_actor sue = {"sue", "supervisor", "review"};
static const zeef_actor robot = {"feed", "screen", "screening"};

/* Applies an action; returns its status, the result in *res. */
static zeef_status act(const zeef_actor *who, zeef_review_action a, int64_t case_id, int64_t match_id,
                       const char *reason, const char *note, zeef_review_result *res) {
  zeef_review r = {a, case_id, match_id, version_of(case_id), reason, note};
  return zeef_store_review(F.st, who, &r, res);
}

static void expect_act(zeef_status want, const zeef_actor *who, zeef_review_action a, int64_t case_id,
                       int64_t match_id, const char *reason, const char *note, const char *state) {
  zeef_review_result res;
  zeef_status rc = act(who, a, case_id, match_id, reason, note, &res);
  if (rc != want)
    fail_msg("%s by %s on case %lld: %s (%s), want %s", zeef_review_action_name(a), who->user, (long long)case_id,
             zeef_strerror(rc), res.detail, zeef_strerror(want));
  if (state) assert_string_equal(res.state, state);
}

static const char *match_state(int64_t match_id) {
  static char st[32];
  char sql[96];
  snprintf(sql, sizeof sql, "SELECT state FROM matches WHERE id = %lld", (long long)match_id);
  text_of(sql, 0, st, sizeof st);
  return st;
}

/* A case's life: dismissed with a reason; a confirmation proposed, refused
** to its own author, approved by another supervisor; sent back; reopened;
** the audit intact throughout, a denied attempt in it. */
static void review_life(void **state) {
  int64_t aqsa, zaw, m;
  (void)state;
  open_store();
  store_fixture_run();
  aqsa = case_of("T06");
  zaw = case_of("T01");
  assert_true(aqsa > 0 && zaw > 0);
  /* an analyst dismisses the only match of Aqsa's case: the case closes */
  m = first_match(aqsa);
  expect_act(ZEEF_OK, &ana, ZEEF_REVIEW_DISMISS, aqsa, m, "DIFF_BIRTHDATE", "born 1994, listed 1992",
             "closed");
  assert_string_equal(match_state(m), "dismissed");
  /* closed: no more decisions */
  expect_act(ZEEF_E_CONFLICT, &bob, ZEEF_REVIEW_DISMISS, aqsa, m, "NAME_ONLY", "again", "closed");
  /* al-Zawahiri: bob takes the case, ana cannot decide on it meanwhile */
  m = first_match(zaw);
  expect_act(ZEEF_OK, &bob, ZEEF_REVIEW_TAKE, zaw, 0, NULL, NULL, "in_review");
  expect_act(ZEEF_E_CONFLICT, &ana, ZEEF_REVIEW_CONFIRM, zaw, m, "SAME_BIOGRAPHIC", "same person", "in_review");
  /* sam (analyst and supervisor) cannot take a case held by bob; bob releases */
  expect_act(ZEEF_E_CONFLICT, &sam, ZEEF_REVIEW_TAKE, zaw, 0, NULL, NULL, "in_review");
  expect_act(ZEEF_OK, &bob, ZEEF_REVIEW_RELEASE, zaw, 0, NULL, NULL, "open");
  /* sam proposes: awaiting approval, the match still pending */
  expect_act(ZEEF_OK, &sam, ZEEF_REVIEW_CONFIRM, zaw, m, "SAME_BIOGRAPHIC", "name, date and nationality agree",
             "awaiting_approval");
  assert_string_equal(match_state(m), "pending");
  /* four eyes: sam cannot approve his own proposal; an analyst cannot */
  expect_act(ZEEF_E_FORBIDDEN, &sam, ZEEF_REVIEW_APPROVE, zaw, m, "AGREED", "ok", NULL);
  expect_act(ZEEF_E_FORBIDDEN, &bob, ZEEF_REVIEW_APPROVE, zaw, m, "AGREED", "ok", NULL);
  assert_true(scalar("SELECT count(*) FROM audit WHERE outcome = 'denied' AND action = 'approve'") == 2);
  /* sue sends it back: in review again, with sam */
  expect_act(ZEEF_OK, &sue, ZEEF_REVIEW_SEND_BACK, zaw, m, "EVIDENCE_INSUFFICIENT", "cite the passport",
             "in_review");
  assert_true(scalar("SELECT count(*) FROM cases WHERE owner = 'sam'") == 1);
  expect_act(ZEEF_OK, &sam, ZEEF_REVIEW_CONFIRM, zaw, m, "SAME_DOCUMENT", "passport 1084010 listed",
             "awaiting_approval");
  expect_act(ZEEF_OK, &sue, ZEEF_REVIEW_APPROVE, zaw, m, "AGREED", "the passport is the listed one", "closed");
  assert_string_equal(match_state(m), "confirmed");
  /* a supervisor reopens; the decided matches wait again */
  expect_act(ZEEF_E_FORBIDDEN, &ana, ZEEF_REVIEW_REOPEN, zaw, 0, "NEW_INFORMATION", "new facts", NULL);
  expect_act(ZEEF_OK, &sue, ZEEF_REVIEW_REOPEN, zaw, 0, "NEW_INFORMATION", "a court asked", "reopened");
  assert_string_equal(match_state(m), "pending");
  /* a screening key decides nothing */
  expect_act(ZEEF_E_FORBIDDEN, &robot, ZEEF_REVIEW_DISMISS, zaw, m, "NAME_ONLY", "x", NULL);
  expect_intact(-1);
  assert_int_equal(scalar("SELECT count(*) FROM decisions"), 8); /* dismiss, take, release, confirm, send back, confirm, approve, reopen */
}

static void review_needs_reasons(void **state) {
  int64_t c, m;
  zeef_review_result res;
  (void)state;
  open_store();
  store_fixture_run();
  c = case_of("T01");
  m = first_match(c);
  assert_int_equal(act(&ana, ZEEF_REVIEW_DISMISS, c, m, NULL, "no code", &res), ZEEF_E_INVALID);
  assert_int_equal(act(&ana, ZEEF_REVIEW_DISMISS, c, m, "SAME_DOCUMENT", "a confirming code", &res), ZEEF_E_INVALID);
  assert_int_equal(act(&ana, ZEEF_REVIEW_DISMISS, c, m, "NAME_ONLY", "", &res), ZEEF_E_INVALID);
  assert_non_null(strstr(res.detail, "note"));
  assert_int_equal(act(&ana, ZEEF_REVIEW_TAKE, c, 0, "NAME_ONLY", NULL, &res), ZEEF_E_INVALID);
  assert_int_equal(act(&ana, ZEEF_REVIEW_DISMISS, 99999, m, "NAME_ONLY", "x", &res), ZEEF_E_NOTFOUND);
  assert_int_equal(act(&ana, ZEEF_REVIEW_DISMISS, c, 99999, "NAME_ONLY", "x", &res), ZEEF_E_NOTFOUND);
  assert_int_equal(version_of(c), 1); /* nothing changed */
  assert_int_equal(zeef_review_action_parse("send_back"), ZEEF_REVIEW_SEND_BACK);
  assert_int_equal(zeef_review_action_parse("approve "), -1);
}

/* Two reviewers read version 1 and decide at once: one wins, the other is
** told the state it lost to, and nothing of the winner's is lost. */
static void concurrent_decisions(void **state) {
  int64_t c, m;
  zeef_review first = {ZEEF_REVIEW_DISMISS, 0, 0, 0, "DIFF_BIRTHDATE", "dates differ"};
  zeef_review second = {ZEEF_REVIEW_CONFIRM, 0, 0, 0, "SAME_BIOGRAPHIC", "same person"};
  zeef_review_result r1, r2;
  zeef_store *other;
  (void)state;
  open_store();
  store_fixture_run();
  c = case_of("T01");
  m = first_match(c);
  first.case_id = second.case_id = c;
  first.match_id = second.match_id = m;
  first.version = second.version = version_of(c);
  assert_int_equal(zeef_store_open(F.ctx, F.path, &other), ZEEF_OK); /* another process's handle */
  STORE_OK(zeef_store_review(F.st, &ana, &first, &r1));
  assert_int_equal(zeef_store_review(other, &sam, &second, &r2), ZEEF_E_CONFLICT);
  assert_int_equal(r2.version, r1.version);
  assert_string_equal(r2.state, r1.state);
  assert_non_null(strstr(r2.detail, "changed meanwhile"));
  zeef_store_close(other);
  assert_string_not_equal(match_state(m), "pending");
}

/* A rule a booking's traveller met opens a case like a list's hit: a match
** of the list "rules" whose entity is the rule, its explanation as the
** evidence; the traveller's outcome is an alert, and the audit holds. */
static void rule_alert_opens_a_case(void **state) {
  int64_t run, c;
  char id[16];
  zeef_record r = plain_record(1, "Erik Voss", id);
  zeef_store_rule rule = {"BJ-01", "A journey broken for more than a day", "starts at GZT; 47 h at IST"};
  (void)state;
  open_store();
  STORE_OK(zeef_store_run_begin(F.st, &analyst, "bookings", NULL, 0, 0.8, &run));
  assert_int_equal(zeef_store_put(F.st, &r, NULL, ZEEF_OUTCOME_ALERT, NULL, NULL, 0, NULL, NULL, &rule, 1),
                   ZEEF_OK);
  /* a clear outcome stores no rule */
  r = plain_record(2, "Anna de Vries", id);
  assert_int_equal(zeef_store_put(F.st, &r, NULL, ZEEF_OUTCOME_CLEAR, NULL, NULL, 0, NULL, NULL, &rule, 1),
                   ZEEF_OK);
  assert_int_equal(zeef_store_run_end(F.st), ZEEF_OK);
  assert_int_equal(scalar("SELECT count(*) FROM cases"), 1);
  assert_int_equal(scalar("SELECT count(*) FROM cases WHERE origin = 'rule' AND state = 'open'"), 1);
  assert_int_equal(scalar("SELECT count(*) FROM travellers WHERE outcome = 'alert' AND record_id = 'P1'"), 1);
  assert_int_equal(
      scalar("SELECT count(*) FROM hits h JOIN matches m ON m.hit_id = h.id WHERE h.list = 'rules'"
             " AND h.entity_id = 'BJ-01' AND h.band = 'rule' AND h.evidence LIKE '%47 h at IST%'"),
      1);
  c = scalar("SELECT min(id) FROM cases");
  /* reviewed like any other: dismissed with a reason */
  expect_act(ZEEF_OK, &ana, ZEEF_REVIEW_DISMISS, c, first_match(c), "BAD_INPUT",
             "the stop was a missed connection", NULL);
  expect_intact(-1);
}

static void collect(void *ud, const char *json, size_t len) {
  json_t **out = ud;
  *out = json_loadb(json, len, 0, NULL);
}

static void case_read_is_audited(void **state) {
  int64_t c;
  json_t *j = NULL;
  zeef_actor nopurpose = {"ana", "analyst", NULL};
  (void)state;
  open_store();
  store_fixture_run();
  c = case_of("T01");
  expect_act(ZEEF_OK, &ana, ZEEF_REVIEW_DISMISS, c, first_match(c), "DIFF_DOCUMENT", "other passport", NULL);
  assert_int_equal(zeef_store_case(F.st, &nopurpose, c, collect, &j), ZEEF_E_INVALID);
  assert_null(j);
  STORE_OK(zeef_store_case(F.st, &ana, c, collect, &j));
  assert_non_null(j);
  assert_string_equal(json_string_value(json_object_get(json_object_get(j, "traveller"), "record_id")), "T01");
  assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "matches"), 0),
                                                        "entity_id")),
                      "QDi.006");
  assert_true(json_is_array(json_object_get(json_array_get(json_object_get(j, "matches"), 0), "evidence")));
  {
    /* what the reviewer sets side by side: the listed facts, and each name
    ** part of "Ayman al-Zawahiri" beside its listed counterpart */
    json_t *d = json_object_get(json_array_get(json_object_get(j, "matches"), 0), "detail"), *p;
    size_t i;
    int surname = 0;
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(json_object_get(d, "listed"), "birth_dates"), 0)),
        "1951-06-19");
    assert_true(json_array_size(json_object_get(d, "name_parts")) >= 2);
    json_array_foreach(json_object_get(d, "name_parts"), i, p) {
      const char *tv = json_string_value(json_object_get(p, "traveller"));
      if (strcmp(tv, "Zawahiri") == 0 || strcmp(tv, "al-Zawahiri") == 0) {
        surname = 1;
        assert_non_null(strcasestr(json_string_value(json_object_get(p, "listed")), "zawah"));
        assert_true(json_real_value(json_object_get(p, "similarity")) > 0.9);
      }
    }
    assert_true(surname);
  }
  assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "history"), 0), "note")),
                      "other passport");
  json_decref(j);
  assert_int_equal(scalar("SELECT count(*) FROM audit WHERE action = 'case.read' AND purpose = 'review'"
                          " AND actor = 'ana'"),
                   1);
  /* notes stay out of the audit: their digest only */
  assert_int_equal(scalar("SELECT count(*) FROM audit WHERE details LIKE '%other passport%'"), 0);
  assert_int_equal(zeef_store_case(F.st, &ana, 4242, collect, &j), ZEEF_E_NOTFOUND);
  expect_intact(-1);
}

/* ------------------------------------------------------------ Suppression */

static const unsigned char secret[32] = "zeef-test-secret-0123456789abcde";

/* A run over the fixture travellers with another list and screener. */
static void run_with(zeef_list *l, zeef_screener *scr) {
  zeef_list *keep_l = F.list;
  zeef_screener *keep_s = F.scr;
  F.list = l;
  F.scr = scr;
  store_fixture_run();
  F.list = keep_l;
  F.scr = keep_s;
}

/* The UN excerpt with a new alias for entity ref (or, alias NULL, without
** that entity), written to path. */
static void edit_list(const char *path, const char *ref, const char *alias) {
  static char text[1 << 20];
  char key[96];
  FILE *f = fopen(FIX "un_excerpt.xml", "rb");
  size_t n;
  char *at, *end, *start;
  assert_non_null(f);
  n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = 0;
  snprintf(key, sizeof key, "<REFERENCE_NUMBER>%s</REFERENCE_NUMBER>", ref);
  at = strstr(text, key);
  assert_non_null(at);
  f = fopen(path, "wb");
  assert_non_null(f);
  if (alias) {
    end = strstr(at, "</INDIVIDUAL_ALIAS>");
    assert_non_null(end);
    end += strlen("</INDIVIDUAL_ALIAS>");
    fwrite(text, 1, (size_t)(end - text), f);
    fprintf(f, "<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>%s</ALIAS_NAME></INDIVIDUAL_ALIAS>", alias);
  } else { /* the whole <INDIVIDUAL> that holds it */
    *at = 0;
    start = strrchr(text, '<');
    while (start && strncmp(start, "<INDIVIDUAL>", 12) != 0) {
      *start = 0;
      start = strrchr(text, '<');
    }
    assert_non_null(start);
    fwrite(text, 1, (size_t)(start - text), f);
    *at = '<';
    end = strstr(at, "</INDIVIDUAL>");
    assert_non_null(end);
    end += strlen("</INDIVIDUAL>");
  }
  fputs(end, f);
  fclose(f);
}

/* The UN excerpt with a new alias for QDi.006, written to path. */
static void edited_list(const char *path) {
  static char text[1 << 20];
  FILE *f = fopen(FIX "un_excerpt.xml", "rb");
  size_t n;
  char *at, *end;
  assert_non_null(f);
  n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = 0;
  at = strstr(text, "<REFERENCE_NUMBER>QDi.006</REFERENCE_NUMBER>");
  assert_non_null(at);
  end = strstr(at, "</INDIVIDUAL_ALIAS>");
  assert_non_null(end);
  end += strlen("</INDIVIDUAL_ALIAS>");
  f = fopen(path, "wb");
  assert_non_null(f);
  fwrite(text, 1, (size_t)(end - text), f);
  fputs("<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Abu Fatima</ALIAS_NAME></INDIVIDUAL_ALIAS>", f);
  fputs(end, f);
  fclose(f);
}

static int64_t suppress(const zeef_actor *who, zeef_suppress_action a, int64_t id, int days, zeef_status want) {
  zeef_suppress sp = {a, id, days, "the same man was cleared by the border police"};
  int64_t out = 0;
  char detail[256];
  zeef_status rc = zeef_store_suppress(F.st, who, &sp, &out, detail, sizeof detail);
  if (rc != want) fail_msg("suppression %d on %lld: %s (%s), want %s", (int)a, (long long)id, zeef_strerror(rc), detail,
                           zeef_strerror(want));
  return out;
}

/* Dismissed, proposed, approved by another supervisor: the next screening
** of the same traveller opens no case; the listed entry gains an alias: the
** suppression lapses and a case opens saying so. */
static void suppression_life(void **state) {
  int64_t c, m, sp;
  char edited[64];
  zeef_list *l2;
  zeef_screener *s2;
  int fd;
  (void)state;
  open_store();
  STORE_OK(zeef_store_set_secret(F.st, secret, sizeof secret));
  store_fixture_run();
  c = case_of("T01");
  m = first_match(c);
  /* only a dismissed match */
  suppress(&ana, ZEEF_SUPPRESS_PROPOSE, m, 0, ZEEF_E_CONFLICT);
  expect_act(ZEEF_OK, &ana, ZEEF_REVIEW_DISMISS, c, m, "DIFF_DOCUMENT", "his passport is not the listed one", NULL);
  sp = suppress(&ana, ZEEF_SUPPRESS_PROPOSE, m, 90, ZEEF_OK);
  suppress(&ana, ZEEF_SUPPRESS_PROPOSE, m, 90, ZEEF_E_CONFLICT); /* one at a time */
  suppress(&ana, ZEEF_SUPPRESS_APPROVE, sp, 0, ZEEF_E_FORBIDDEN);
  suppress(&sam, ZEEF_SUPPRESS_APPROVE, sp, 0, ZEEF_OK);
  expect_intact(-1);
  /* a suppression edited behind zeef's back is found */
  behind_the_back("UPDATE suppressions SET version = version + 100");
  expect_rows_broken("suppression");
  behind_the_back("UPDATE suppressions SET version = version - 100");
  expect_intact(-1);
  /* the same traveller again: stored, suppressed, no case */
  store_fixture_run();
  assert_int_equal(scalar("SELECT count(*) FROM cases c JOIN travellers t ON t.id = c.traveller_id"
                          " WHERE t.record_id = 'T01'"),
                   1);
  assert_int_equal(scalar("SELECT count(*) FROM travellers WHERE record_id = 'T01' AND outcome = 'suppressed'"), 1);
  assert_int_equal(scalar("SELECT count(*) FROM hits WHERE suppression_id IS NOT NULL"), 1);
  /* other travellers still alert */
  assert_int_equal(scalar("SELECT count(*) FROM cases c JOIN travellers t ON t.id = c.traveller_id"
                          " WHERE t.record_id = 'T08'"),
                   2);
  /* the listed entry changes: the suppression lapses, the case says why */
  snprintf(edited, sizeof edited, "/tmp/zeef-store-list-XXXXXX");
  fd = mkstemp(edited);
  assert_true(fd >= 0);
  close(fd);
  edited_list(edited);
  assert_int_equal(zeef_list_load(F.ctx, "UN", edited, ZEEF_LIST_AUTO, NULL, NULL, &l2), ZEEF_OK);
  assert_int_equal(zeef_screener_new(F.ctx, (const zeef_list *const *)&l2, 1, NULL, NULL, &s2), ZEEF_OK);
  run_with(l2, s2);
  zeef_screener_free(s2);
  zeef_list_free(l2);
  unlink(edited);
  assert_int_equal(scalar("SELECT count(*) FROM suppressions WHERE state = 'lapsed'"
                          " AND end_reason = 'the listed entry changed'"),
                   1);
  assert_int_equal(scalar("SELECT count(*) FROM cases c JOIN travellers t ON t.id = c.traveller_id"
                          " WHERE t.record_id = 'T01' AND c.origin = 'suppression_lapsed'"),
                   1);
  expect_intact(-1);
}

static void suppression_needs_identity_and_expires(void **state) {
  int64_t c, m, sp;
  (void)state;
  open_store();
  /* no secret: no identity is kept */
  store_fixture_run();
  c = case_of("T01");
  m = first_match(c);
  expect_act(ZEEF_OK, &ana, ZEEF_REVIEW_DISMISS, c, m, "DIFF_DOCUMENT", "other passport", NULL);
  suppress(&ana, ZEEF_SUPPRESS_PROPOSE, m, 0, ZEEF_E_INVALID);
  assert_int_equal(scalar("SELECT count(*) FROM travellers WHERE identity IS NOT NULL"), 0);
  /* with a secret: T06 has a name alone, too weak */
  assert_int_equal(zeef_store_set_secret(F.st, secret, 8), ZEEF_E_INVALID);
  STORE_OK(zeef_store_set_secret(F.st, secret, sizeof secret));
  fake_now_value = 1800000000;
  zeef_store_set_clock(F.st, fake_now, NULL);
  store_fixture_run();
  c = case_of("T06");
  m = first_match(c);
  expect_act(ZEEF_OK, &ana, ZEEF_REVIEW_DISMISS, c, m, "NAME_ONLY", "common name", NULL);
  suppress(&ana, ZEEF_SUPPRESS_PROPOSE, m, 0, ZEEF_E_INVALID);
  /* T01 for one day, then two days on: expired, the alert is back */
  c = case_of("T01");
  m = first_match(c);
  expect_act(ZEEF_OK, &ana, ZEEF_REVIEW_DISMISS, c, m, "DIFF_DOCUMENT", "other passport", NULL);
  suppress(&ana, ZEEF_SUPPRESS_PROPOSE, m, ZEEF_SUPPRESS_DAYS_MAX + 1, ZEEF_E_INVALID);
  sp = suppress(&ana, ZEEF_SUPPRESS_PROPOSE, m, 1, ZEEF_OK);
  suppress(&sue, ZEEF_SUPPRESS_REVOKE, sp, 0, ZEEF_E_CONFLICT); /* not active yet */
  suppress(&sue, ZEEF_SUPPRESS_APPROVE, sp, 0, ZEEF_OK);
  fake_now_value += 2 * 86400;
  store_fixture_run();
  assert_int_equal(scalar("SELECT count(*) FROM suppressions WHERE state = 'expired'"), 1);
  assert_int_equal(scalar("SELECT count(*) FROM travellers WHERE record_id = 'T01' AND outcome = 'suppressed'"), 0);
  assert_int_equal(scalar("SELECT count(*) FROM cases c JOIN travellers t ON t.id = c.traveller_id"
                          " WHERE t.record_id = 'T01'"),
                   3);
  expect_intact(-1);
}

/* ------------------------------------------------------------ Re-screening */

static zeef_list *load_edit(const char *ref, const char *alias, char *path) {
  zeef_list *l;
  int fd;
  snprintf(path, 64, "/tmp/zeef-store-list-XXXXXX");
  fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  edit_list(path, ref, alias);
  assert_int_equal(zeef_list_load(F.ctx, "UN", path, ZEEF_LIST_AUTO, NULL, NULL, &l), ZEEF_OK);
  return l;
}

/* The list adds an alias that a traveller screened clear before bears: the
** re-screening opens a case for that traveller, leaves the case that holds
** the entity already, and touches nobody else. */
static void rescreen_new_alias(void **state) {
  zeef_list *l2;
  zeef_rescreen_counts n;
  char path[64];
  (void)state;
  open_store();
  store_fixture_run();
  assert_int_equal(scalar("SELECT count(*) FROM travellers WHERE record_id = 'T09' AND outcome = 'clear'"), 1);
  l2 = load_edit("QDi.356", "Fatima Mahmood", path);
  STORE_OK(zeef_store_rescreen(F.st, &sue, F.ctx, F.list, l2, ZEEF_ALERT_THRESHOLD, &n));
  assert_int_equal(n.changed, 1);
  assert_int_equal(n.added, 0);
  assert_int_equal(n.removed, 0);
  assert_true(n.candidates >= 1 && n.candidates < 9); /* not everyone: the Mahmoods */
  assert_int_equal(n.cases, 1);
  assert_int_equal(scalar("SELECT count(*) FROM cases c JOIN travellers t ON t.id = c.traveller_id"
                          " JOIN travellers f ON f.id = t.rescreen_of"
                          " WHERE f.record_id = 'T09' AND c.origin = 'screening' AND t.outcome = 'alert'"),
                   0);
  assert_int_equal(scalar("SELECT count(*) FROM cases c JOIN travellers t ON t.id = c.traveller_id"
                          " JOIN travellers f ON f.id = t.rescreen_of WHERE f.record_id = 'T09'"
                          " AND c.origin = 'rescreen'"),
                   1);
  /* the hit names the new version's entity and the run says what changed */
  assert_int_equal(scalar("SELECT count(*) FROM hits h JOIN travellers t ON t.id = h.traveller_id"
                          " WHERE t.rescreen_of IS NOT NULL AND h.entity_id = 'QDi.356' AND h.alert = 1"),
                   n.alerts);
  assert_int_equal(scalar("SELECT count(*) FROM runs WHERE source LIKE 'rescreen UN %'"), 1);
  assert_int_equal(scalar("SELECT count(*) FROM audit WHERE action = 'rescreen'"), 1);
  /* Aqsa's open case held QDi.356 already: no second case for her */
  assert_int_equal(scalar("SELECT count(*) FROM cases c JOIN travellers t ON t.id = c.traveller_id"
                          " WHERE t.record_id = 'T06'"),
                   1);
  expect_intact(-1);
  /* the same change again finds nothing new to open */
  {
    zeef_list *l3 = load_edit("QDi.356", "Fatima Mahmood", path + 0);
    zeef_rescreen_counts m;
    STORE_OK(zeef_store_rescreen(F.st, &sue, F.ctx, l2, l3, ZEEF_ALERT_THRESHOLD, &m));
    assert_int_equal(m.changed, 0);
    assert_int_equal(m.cases, 0);
    zeef_list_free(l3);
  }
  zeef_list_free(l2);
  unlink(path);
}

/* The list removes an entity: the pending matches on it are withdrawn and
** the cases left with nothing close. */
static void rescreen_removed_entity(void **state) {
  zeef_list *l2;
  zeef_rescreen_counts n;
  char path[64];
  (void)state;
  open_store();
  store_fixture_run();
  l2 = load_edit("QDi.006", NULL, path);
  assert_int_equal(zeef_list_count(l2), zeef_list_count(F.list) - 1);
  STORE_OK(zeef_store_rescreen(F.st, &sue, F.ctx, F.list, l2, ZEEF_ALERT_THRESHOLD, &n));
  assert_int_equal(n.removed, 1);
  assert_int_equal(n.withdrawn, 2); /* T01 and T08 */
  assert_int_equal(scalar("SELECT count(*) FROM matches WHERE state = 'withdrawn'"), 2);
  assert_int_equal(scalar("SELECT count(*) FROM cases WHERE state = 'closed'"), 2);
  assert_int_equal(scalar("SELECT count(*) FROM cases WHERE state = 'open'"), 1); /* Aqsa's */
  assert_int_equal(scalar("SELECT count(*) FROM audit WHERE action = 'case.withdraw'"), 2);
  expect_intact(-1);
  zeef_list_free(l2);
  unlink(path);
}

/* --------------------------------------------------------------- Retention */

/* Six months on, the travellers are masked and those no case holds are
** gone; five years on, what the cases keep is emptied of the person; the
** audit verifies throughout, and a second pass changes nothing. */
static void retention_on_schedule(void **state) {
  zeef_retention_counts n;
  int64_t c;
  (void)state;
  open_store();
  STORE_OK(zeef_store_set_secret(F.st, secret, sizeof secret));
  fake_now_value = 1800000000;
  zeef_store_set_clock(F.st, fake_now, NULL);
  store_fixture_run();
  c = case_of("T06");
  expect_act(ZEEF_OK, &ana, ZEEF_REVIEW_DISMISS, c, first_match(c), "NAME_ONLY", "a namesake", NULL);
  /* 100 days: nothing yet */
  fake_now_value += 100 * 86400;
  STORE_OK(zeef_store_retain(F.st, 0, 0, &n));
  assert_int_equal(n.batches, 0);
  assert_int_equal(scalar("SELECT count(*) FROM travellers WHERE masked_at IS NULL"), 9);
  /* 200 days: masked; the six no case holds deleted */
  fake_now_value += 100 * 86400;
  STORE_OK(zeef_store_retain(F.st, 0, 0, &n));
  assert_int_equal(n.batches, 1);
  assert_int_equal(n.purged, 6);
  assert_int_equal(scalar("SELECT count(*) FROM travellers"), 3);
  assert_int_equal(scalar("SELECT count(*) FROM travellers WHERE name LIKE 'masked:%'"
                          " AND (birth_date LIKE 'masked:%' OR birth_date IS NULL) AND masked_at IS NOT NULL"),
                   3);
  assert_int_equal(scalar("SELECT count(*) FROM travellers WHERE birth_date = '1951-06-19'"), 0);
  assert_int_equal(scalar("SELECT count(*) FROM travellers WHERE name LIKE '%Zawahiri%'"), 0);
  expect_intact(-1);
  STORE_OK(zeef_store_retain(F.st, 0, 0, &n)); /* idempotent */
  assert_int_equal(n.batches, 0);
  /* the masked cases still read, without the person */
  {
    json_t *j = NULL;
    STORE_OK(zeef_store_case(F.st, &ana, c, collect, &j));
    assert_non_null(strstr(json_string_value(json_object_get(json_object_get(j, "traveller"), "name")), "masked:"));
    json_decref(j);
  }
  /* re-identification: on an authority's recorded approval, a supervisor
  ** confirms a known identity against the masked values */
  {
    zeef_reidentify ri = {"Rechtbank Den Haag", "ROT 26/1234",
                          "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "Ayman al-Zawahiri",
                          "1951-06-19", NULL};
    zeef_reidentified got;
    char detail[256];
    int64_t zc = case_of("T01");
    const zeef_actor sam_why = {"sam", "analyst,supervisor", "investigation"};
    assert_int_equal(zeef_store_reidentify(F.st, &ana, zc, &ri, &got, detail, sizeof detail), ZEEF_E_FORBIDDEN);
    STORE_OK(zeef_store_reidentify(F.st, &sam_why, zc, &ri, &got, detail, sizeof detail));
    assert_int_equal(got.name, 1);
    assert_int_equal(got.birth_date, 1);
    assert_int_equal(got.document_number, -1); /* not asked */
    ri.name = "Ayman al Zawahiri";                /* not as the record had it */
    ri.birth_date = "1951-06-20";
    STORE_OK(zeef_store_reidentify(F.st, &sam_why, zc, &ri, &got, detail, sizeof detail));
    assert_int_equal(got.name, 0);
    assert_int_equal(got.birth_date, 0);
    ri.approval_sha256 = "not a digest";
    assert_int_equal(zeef_store_reidentify(F.st, &sam_why, zc, &ri, &got, detail, sizeof detail), ZEEF_E_INVALID);
    assert_int_equal(scalar("SELECT count(*) FROM audit WHERE action = 'traveller.reidentify'"
                            " AND details LIKE '%ROT 26/1234%' AND details NOT LIKE '%Zawahiri%'"),
                     2);
  }
  /* five years: emptied, notes too */
  fake_now_value += 1700 * 86400;
  STORE_OK(zeef_store_retain(F.st, 0, 0, &n));
  assert_int_equal(n.batches, 1);
  assert_int_equal(scalar("SELECT count(*) FROM travellers WHERE name IS NOT NULL OR birth_date IS NOT NULL"), 0);
  assert_int_equal(scalar("SELECT count(*) FROM decisions WHERE note IS NOT NULL"), 0);
  assert_int_equal(scalar("SELECT count(*) FROM cases"), 3); /* the cases stay */
  expect_intact(-1);
  /* a masked row edited afterwards is still found */
  behind_the_back("UPDATE travellers SET nationality = 'NLD' WHERE id = (SELECT min(id) FROM travellers)");
  expect_rows_broken("travellers");
}

/* A case's state changed, or a case added or deleted, behind zeef's back:
** found at the entry that last recorded it. */
static void case_edits_found(void **state) {
  int64_t c;
  (void)state;
  open_store();
  store_fixture_run();
  expect_intact(3);
  /* a case no one has touched: its batch recorded it */
  behind_the_back("UPDATE cases SET state = 'closed' WHERE id = 1");
  expect_broken(2, "rows");
  behind_the_back("UPDATE cases SET state = 'open' WHERE id = 1");
  expect_intact(3);
  /* after a decision: the decision's entry recorded it */
  c = case_of("T06");
  expect_act(ZEEF_OK, &ana, ZEEF_REVIEW_DISMISS, c, first_match(c), "NAME_ONLY", "a namesake", NULL);
  expect_intact(4);
  behind_the_back("UPDATE matches SET state = 'confirmed' WHERE case_id = (SELECT c.id FROM cases c"
                  " JOIN travellers t ON t.id = c.traveller_id WHERE t.record_id = 'T06')");
  expect_broken(4, "rows");
  behind_the_back("UPDATE matches SET state = 'dismissed' WHERE case_id = (SELECT c.id FROM cases c"
                  " JOIN travellers t ON t.id = c.traveller_id WHERE t.record_id = 'T06')");
  expect_intact(4);
  /* a decision's row edited (its note aside) */
  behind_the_back("UPDATE decisions SET reason = 'DIFF_BIRTHDATE'");
  expect_broken(4, "rows");
  behind_the_back("UPDATE decisions SET reason = 'NAME_ONLY'");
  behind_the_back("UPDATE decisions SET note = 'rewritten'"); /* the note's digest is in its entry instead */
  expect_intact(4);
  /* a run's counts */
  behind_the_back("UPDATE runs SET alerts = 0");
  expect_broken(3, "rows");
  behind_the_back("UPDATE runs SET alerts = 3");
  expect_intact(4);
  /* a case added */
  behind_the_back("INSERT INTO cases(traveller_id, state, origin, priority, opened_at, updated_at)"
                  " SELECT id, 'open', 'screening', 0.9, received_at, received_at FROM travellers"
                  " WHERE record_id = 'T02'");
  expect_broken(0, "rows");
}

/* A passenger list's departure is kept, and orders the cases. */
static void departures_order_cases(void **state) {
  FILE *f;
  zeef_read_error err;
  int64_t run;
  feed fd = {0, 0};
  (void)state;
  open_store();
  f = fopen("data/demo/flight.paxlst", "rb");
  assert_non_null(f);
  assert_int_equal(zeef_store_run_begin(F.st, &analyst, "flight.paxlst", (const zeef_list *const *)&F.list, 1,
                                        ZEEF_ALERT_THRESHOLD, &run),
                   ZEEF_OK);
  assert_int_equal(zeef_records_read(F.ctx, f, ZEEF_IN_PAXLST, screen_and_store, &fd, &err), ZEEF_OK);
  fclose(f);
  assert_int_equal(zeef_store_run_end(F.st), ZEEF_OK);
  assert_true(fd.records > 0);
  assert_int_equal(scalar("SELECT count(*) FROM travellers WHERE departs_at = '2026-11-29T09:25'"),
                   (int64_t)fd.records);
  store_fixture_run(); /* cases without a departure come after... */
  { /* ...this one, with a departure and a lower score than T01's */
    static zeef_pax_message msg;
    zeef_record r;
    char id[16];
    int64_t run2;
    memset(&msg, 0, sizeof msg);
    msg.nlegs = 1;
    snprintf(msg.legs[0].departure_time, sizeof msg.legs[0].departure_time, "2026-11-30T06:10");
    r = plain_record(1, "Aqsa Mahmood", id);
    r.pax_message = &msg;
    assert_int_equal(zeef_store_run_begin(F.st, &analyst, "one", (const zeef_list *const *)&F.list, 1,
                                          ZEEF_ALERT_THRESHOLD, &run2),
                     ZEEF_OK);
    fd.alerts = 0;
    screen_and_store(&fd, &r);
    assert_int_equal(fd.alerts, 1);
    assert_int_equal(zeef_store_run_end(F.st), ZEEF_OK);
  }
  {
    json_t *j = NULL;
    zeef_case_filter all = {NULL, NULL, NULL, NULL, NULL, 0, 0};
    STORE_OK(zeef_store_cases(F.st, &ana, &all, collect, &j));
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "cases"), 0),
                                                          "departs_at")),
                        "2026-11-30T06:10");
    assert_true(json_is_null(json_object_get(
        json_array_get(json_object_get(j, "cases"), json_array_size(json_object_get(j, "cases")) - 1), "departs_at")));
    json_decref(j);
  }
  expect_intact(-1);
}

int test_store(void) {
  const struct CMUnitTest tests[] = {
      STORE_TEST(run_stores_screenings_and_cases),
      STORE_TEST(every_edit_is_found),
      STORE_TEST(deleted_traveller_found),
      STORE_TEST(audit_edits_found),
      STORE_TEST(removed_entry_found),
      STORE_TEST(rewritten_tail_found),
      STORE_TEST(times_never_go_back),
      STORE_TEST(cut_run_keeps_whole_batches),
      STORE_TEST(rule_alert_opens_a_case),
      STORE_TEST(schema_versions),
      STORE_TEST(not_a_store),
      STORE_TEST(misuse_refused),
      STORE_TEST(export_every_entry),
      STORE_TEST(entity_digest),
      STORE_TEST(review_life),
      STORE_TEST(review_needs_reasons),
      STORE_TEST(concurrent_decisions),
      STORE_TEST(case_read_is_audited),
      STORE_TEST(suppression_life),
      STORE_TEST(suppression_needs_identity_and_expires),
      STORE_TEST(rescreen_new_alias),
      STORE_TEST(rescreen_removed_entity),
      STORE_TEST(retention_on_schedule),
      STORE_TEST(case_edits_found),
      STORE_TEST(departures_order_cases),
  };
  th_tests_total += (int)(sizeof tests / sizeof tests[0]);
  return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
