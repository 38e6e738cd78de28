/*
** store.c: the case store's database and what screening writes into it.
**
** One SQLite file in WAL mode with foreign keys on, or a PostgreSQL
** database (db.c). Its schema version is in meta('schema'); opening a store
** runs the migrations it lacks, in one transaction, and refuses a store of
** a newer schema. The SQL keeps to what PostgreSQL runs as well (INTEGER
** keys assigned by the database, TEXT, REAL); pg_ddl() turns
** a migration into PostgreSQL's types, and writes the two triggers that
** keep the audit append-only its own way.
**
** A run writes its screenings in batches of ZEEF_STORE_BATCH: one
** transaction each (sto_begin(): one writer at a time), which ends
** with the batch's audit entry, so a batch is stored with its entry or not
** at all. An alert opens the traveller's case in the same transaction,
** with a pending match per hit at or above the threshold.
*/
#include "store.h"

#include <jansson.h>
#include <math.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------------------------------------------------------------- SHA-256 */

int sto_sha_init(sto_sha *h) {
  EVP_MD_CTX *c = EVP_MD_CTX_new();
  h->md = c;
  h->failed = !c || !EVP_DigestInit_ex(c, EVP_sha256(), NULL);
  return h->failed ? -1 : 0;
}

void sto_sha_add(sto_sha *h, const void *p, size_t n) {
  if (!h->failed && n && !EVP_DigestUpdate((EVP_MD_CTX *)h->md, p, n)) h->failed = 1;
}

void sto_sha_lp(sto_sha *h, const char *s) {
  size_t n = s ? strlen(s) : 0;
  uint32_t len = s ? (uint32_t)n : 0xFFFFFFFFu;
  unsigned char be[4] = {(unsigned char)(len >> 24), (unsigned char)(len >> 16), (unsigned char)(len >> 8),
                         (unsigned char)len};
  sto_sha_add(h, be, 4);
  if (s) sto_sha_add(h, s, n);
}

int sto_sha_restart(sto_sha *h) {
  h->failed = !h->md || !EVP_DigestInit_ex((EVP_MD_CTX *)h->md, EVP_sha256(), NULL);
  return h->failed ? -1 : 0;
}

int sto_sha_digest(sto_sha *h, unsigned char out[STO_HASH_LEN]) {
  unsigned n = 0;
  return h->failed || !EVP_DigestFinal_ex((EVP_MD_CTX *)h->md, out, &n) || n != STO_HASH_LEN ? -1 : 0;
}

void sto_sha_free(sto_sha *h) {
  EVP_MD_CTX_free((EVP_MD_CTX *)h->md);
  h->md = NULL;
}

int sto_sha_final(sto_sha *h, unsigned char out[STO_HASH_LEN]) {
  unsigned n = 0;
  int rc = h->failed || !EVP_DigestFinal_ex((EVP_MD_CTX *)h->md, out, &n) || n != STO_HASH_LEN ? -1 : 0;
  EVP_MD_CTX_free((EVP_MD_CTX *)h->md);
  h->md = NULL;
  return rc;
}

void sto_hex(const unsigned char *d, size_t n, char *out) {
  static const char hx[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = hx[d[i] >> 4];
    out[2 * i + 1] = hx[d[i] & 15];
  }
  out[2 * n] = 0;
}

/* ----------------------------------------------------------- Statements */

size_t sto_json_str(char *buf, size_t cap, size_t n, const char *s) {
  if (n + 2 >= cap) return n;
  buf[n++] = '"';
  for (; s && *s && n + 8 < cap; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      buf[n++] = '\\', buf[n++] = (char)c;
    else if (c < 0x20)
      n += (size_t)snprintf(buf + n, cap - n, "\\u%04x", c);
    else
      buf[n++] = (char)c;
  }
  buf[n++] = '"';
  buf[n] = 0;
  return n;
}

/* sql prepared with args bound in order; NULL when it cannot be. A value
** for a parameter sql does not have is left out. */
static sto_stmt *bound(zeef_store *st, const char *sql, const sto_arg *args, int n) {
  sto_stmt *q;
  if (sto_prepare(st->db, sql, &q) != STO_OK) return NULL;
  for (int i = 0; i < n && i < sto_param_count(q); i++) {
    if (args[i].null)
      sto_bind_null(q, i + 1);
    else if (args[i].s)
      sto_bind_text(q, i + 1, args[i].s);
    else
      sto_bind_int(q, i + 1, args[i].i);
  }
  return q;
}

int sto_run(zeef_store *st, const char *sql, const sto_arg *args, int n) {
  sto_stmt *q = bound(st, sql, args, n);
  int rc;
  if (!q) return -1;
  rc = sto_step(q);
  sto_finalize(q);
  return rc == STO_DONE ? sto_changes(st->db) : -1;
}

int64_t sto_scalar(zeef_store *st, const char *sql, const sto_arg *args, int n) {
  sto_stmt *q = bound(st, sql, args, n);
  int64_t v = -1;
  if (!q) return -1;
  if (sto_step(q) == STO_ROW) v = sto_col_int(q, 0);
  sto_finalize(q);
  return v;
}

/* ------------------------------------------------------------------ Basics */

zeef_status sto_fail(zeef_store *st, const char *doing) {
  snprintf(st->err, sizeof st->err, "%s: %s", doing, st->db ? sto_errmsg(st->db) : "no database");
  return ZEEF_E_STORE;
}

static double system_clock(void *ud) {
  struct timespec ts;
  (void)ud;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void sto_now(const zeef_store *st, char out[32]) {
  double t = st->clock(st->clock_ud);
  time_t sec = (time_t)floor(t);
  int ms = (int)((t - (double)sec) * 1000.0);
  struct tm tm;
  char day[24];
  if (ms > 999) ms = 999;
  gmtime_r(&sec, &tm);
  strftime(day, sizeof day, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(out, 32, "%.20s.%03uZ", day, (unsigned)ms % 1000u);
}

void sto_time_in(const zeef_store *st, double days, char out[32]) {
  double t = st->clock(st->clock_ud) + days * 86400.0;
  time_t sec = (time_t)t;
  struct tm tm;
  char day[24];
  gmtime_r(&sec, &tm);
  strftime(day, sizeof day, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(out, 32, "%.20s.000Z", day);
}

void zeef_store_set_clock(zeef_store *st, double (*now)(void *ud), void *ud) {
  if (!st) return;
  st->clock = now ? now : system_clock;
  st->clock_ud = now ? ud : NULL;
}

const char *zeef_store_error(const zeef_store *st) { return st ? st->err : ""; }
const char *zeef_store_id(const zeef_store *st) { return st ? st->id : ""; }

static zeef_status exec(zeef_store *st, const char *sql, const char *doing) {
  if (sto_exec(st->db, sql) == 0) return ZEEF_OK;
  return sto_fail(st, doing);
}

/* ------------------------------------------------------------------ Schema */

/* Migration i takes a store from schema i to i + 1. Never edit one that has
** shipped: add the next. */
static const char *const migrations[] = {
    /* 0 -> 1: screenings, cases, the audit */
    "CREATE TABLE runs ("
    " id INTEGER PRIMARY KEY,"
    " started_at TEXT NOT NULL, finished_at TEXT,"
    " actor TEXT NOT NULL, source TEXT NOT NULL,"
    " zeef TEXT NOT NULL, model TEXT NOT NULL,"
    " lists TEXT NOT NULL," /* JSON: [{"name", "version", "sha256"}] */
    " threshold REAL NOT NULL,"
    " records INTEGER NOT NULL DEFAULT 0, alerts INTEGER NOT NULL DEFAULT 0,"
    " errors INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE travellers ("
    " id INTEGER PRIMARY KEY,"
    " run_id INTEGER NOT NULL REFERENCES runs(id),"
    " line INTEGER NOT NULL, record_id TEXT NOT NULL,"
    " name TEXT, birth_date TEXT, nationality TEXT, gender TEXT,"
    " doc_number TEXT, doc_country TEXT,"
    " source TEXT,"            /* JSON: the MRZ or PAXLST the record was read from */
    " warnings TEXT NOT NULL," /* JSON array of strings */
    " outcome TEXT NOT NULL,"  /* clear, alert, error */
    " error TEXT,"
    " received_at TEXT NOT NULL,"
    " masked_at TEXT,"
    " version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX travellers_run ON travellers(run_id);"
    "CREATE TABLE hits ("
    " id INTEGER PRIMARY KEY,"
    " traveller_id INTEGER NOT NULL REFERENCES travellers(id),"
    " rank INTEGER NOT NULL,"
    " list TEXT NOT NULL, list_version TEXT NOT NULL,"
    " entity_id TEXT NOT NULL, entity_digest TEXT NOT NULL,"
    " listed_name TEXT NOT NULL, matched_name TEXT NOT NULL,"
    " score REAL NOT NULL, name_score REAL NOT NULL,"
    " alert INTEGER NOT NULL, band TEXT NOT NULL,"
    " evidence TEXT NOT NULL);" /* JSON: [{"feature", "traveller", "listed", "weight", "text"}] */
    "CREATE INDEX hits_traveller ON hits(traveller_id);"
    "CREATE INDEX hits_entity ON hits(list, entity_id);"
    "CREATE TABLE cases ("
    " id INTEGER PRIMARY KEY,"
    " traveller_id INTEGER NOT NULL UNIQUE REFERENCES travellers(id),"
    " state TEXT NOT NULL," /* open, in_review, awaiting_approval, closed, reopened */
    " owner TEXT, origin TEXT NOT NULL, priority REAL NOT NULL,"
    " opened_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
    " version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX cases_state ON cases(state, priority);"
    "CREATE TABLE matches ("
    " id INTEGER PRIMARY KEY,"
    " case_id INTEGER NOT NULL REFERENCES cases(id),"
    " hit_id INTEGER NOT NULL UNIQUE REFERENCES hits(id),"
    " state TEXT NOT NULL," /* pending, confirmed, dismissed, skipped, withdrawn, suppressed */
    " version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX matches_case ON matches(case_id);"
    "CREATE TABLE audit ("
    " seq INTEGER PRIMARY KEY,"
    " ts TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL, purpose TEXT NOT NULL,"
    " action TEXT NOT NULL, object_type TEXT NOT NULL, object_id TEXT NOT NULL,"
    " outcome TEXT NOT NULL, details TEXT NOT NULL,"
    " details_hash TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END;",
    /* 1 -> 2: the review (src/store/review.c) */
    "ALTER TABLE cases ADD COLUMN escalated INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE matches ADD COLUMN proposed_by TEXT;"
    "ALTER TABLE matches ADD COLUMN proposal_reason TEXT;"
    "ALTER TABLE matches ADD COLUMN proposal_digest TEXT;"
    "CREATE TABLE decisions ("
    " id INTEGER PRIMARY KEY,"
    " case_id INTEGER NOT NULL REFERENCES cases(id),"
    " match_id INTEGER REFERENCES matches(id),"
    " at TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,"
    " action TEXT NOT NULL, reason TEXT, note TEXT,"
    " case_version INTEGER NOT NULL);" /* the case's version after the action */
    "CREATE INDEX decisions_case ON decisions(case_id);",
    /* 2 -> 3: suppressions (src/store/suppress.c) */
    "ALTER TABLE travellers ADD COLUMN identity TEXT;" /* keyed hash, outside the batch roots */
    "CREATE INDEX travellers_identity ON travellers(identity);"
    "CREATE TABLE suppressions ("
    " id INTEGER PRIMARY KEY,"
    " identity TEXT NOT NULL, list TEXT NOT NULL, entity_id TEXT NOT NULL, entity_digest TEXT NOT NULL,"
    " match_id INTEGER NOT NULL REFERENCES matches(id),"
    " state TEXT NOT NULL," /* proposed, active, rejected, revoked, lapsed, expired */
    " proposed_by TEXT NOT NULL, decided_by TEXT, note TEXT,"
    " created_at TEXT NOT NULL, expires_at TEXT NOT NULL, ended_at TEXT, end_reason TEXT,"
    " version INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX suppressions_key ON suppressions(identity, list, entity_id, state);"
    "ALTER TABLE hits ADD COLUMN suppression_id INTEGER REFERENCES suppressions(id);",
    /* 3 -> 4: re-screening (src/store/rescreen.c) */
    ("ALTER TABLE travellers ADD COLUMN rescreen_of INTEGER REFERENCES travellers(id);"
     "CREATE INDEX travellers_rescreen ON travellers(rescreen_of);"),
    /* 4 -> 5: the departure a PAXLST record gives, for the cases' order */
    "ALTER TABLE travellers ADD COLUMN departs_at TEXT;",
    /* 5 -> 6: fewer index updates a stored traveller costs: no query reads
    ** travellers by run, and identities and re-screenings are rare */
    ("DROP INDEX IF EXISTS travellers_run;"
     "DROP INDEX IF EXISTS travellers_identity;"
     "CREATE INDEX travellers_identity ON travellers(identity) WHERE identity IS NOT NULL;"
     "DROP INDEX IF EXISTS travellers_rescreen;"
     "CREATE INDEX travellers_rescreen ON travellers(rescreen_of) WHERE rescreen_of IS NOT NULL;"),
    /* 6 -> 7: what a reviewer sets side by side, for alerting hits: the
    ** listed facts and the name parts aligned (JSON, zeef_store_case) */
    "ALTER TABLE hits ADD COLUMN detail TEXT;",
    /* 7 -> 8: what a traveller can share with another (zeef_record_shares),
    ** for a case's links; personal data, deleted when the traveller is masked */
    ("CREATE TABLE shares (traveller_id INTEGER NOT NULL REFERENCES travellers(id),"
     " kind TEXT NOT NULL, value TEXT NOT NULL);"
     "CREATE INDEX shares_key ON shares(kind, value);"
     "CREATE INDEX shares_traveller ON shares(traveller_id);"),
};
#define NMIGRATIONS (sizeof migrations / sizeof migrations[0])

_Static_assert(NMIGRATIONS == ZEEF_STORE_SCHEMA, "one migration per schema version");

/* The text of meta(key) into out (cap bytes), "" when absent. */
static zeef_status meta_get(zeef_store *st, const char *key, char *out, size_t cap) {
  sto_stmt *q;
  int rc;
  out[0] = 0;
  if (sto_prepare(st->db, "SELECT value FROM meta WHERE key = ?", &q) != STO_OK)
    return sto_fail(st, "reading the store's version");
  sto_bind_text(q, 1, key);
  rc = sto_step(q);
  if (rc == STO_ROW) snprintf(out, cap, "%s", (const char *)sto_col_text(q, 0));
  sto_finalize(q);
  return rc == STO_ROW || rc == STO_DONE ? ZEEF_OK : sto_fail(st, "reading the store's version");
}

static zeef_status meta_set(zeef_store *st, const char *key, const char *value) {
  sto_stmt *q;
  int rc;
  if (sto_prepare(st->db,
                  "INSERT INTO meta(key, value) VALUES (?, ?) "
                  "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                  &q) != STO_OK)
    return sto_fail(st, "writing the store's version");
  sto_bind_text(q, 1, key);
  sto_bind_text(q, 2, value);
  rc = sto_step(q);
  sto_finalize(q);
  return rc == STO_DONE ? ZEEF_OK : sto_fail(st, "writing the store's version");
}

/* The audit append-only on PostgreSQL: what the two triggers of schema 1
** do on SQLite. */
#define PG_AUDIT_APPEND_ONLY                                                                                 \
  "CREATE FUNCTION zeef_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS"                             \
  " $$BEGIN RAISE EXCEPTION 'the audit is append-only'; END$$;"                                              \
  "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit"                                        \
  " FOR EACH ROW EXECUTE FUNCTION zeef_audit_append_only();"

/* A migration as PostgreSQL runs it (allocated with m; NULL when out of memory):
** keys from a sequence, 64-bit integers, double precision reals, and the
** append-only audit its own way. The audit's seq is given by zeef. */
static char *pg_ddl(const mem *m, const char *sql) {
  static const char *const from[] = {" id INTEGER PRIMARY KEY", " seq INTEGER PRIMARY KEY", "INTEGER",
                                     " REAL"};
  static const char *const to[] = {" id BIGSERIAL PRIMARY KEY", " seq BIGINT PRIMARY KEY", "BIGINT",
                                   " DOUBLE PRECISION"};
  const char *trigger = strstr(sql, "CREATE TRIGGER audit_no_update");
  size_t cap = strlen(sql) * 2 + sizeof PG_AUDIT_APPEND_ONLY + 1, n = 0;
  char *out = mem_alloc(m, cap);
  if (!out) return NULL;
  for (const char *p = sql; *p;) {
    size_t k;
    if (p == trigger) { /* both triggers, to the end of the migration */
      n += (size_t)snprintf(out + n, cap - n, "%s", PG_AUDIT_APPEND_ONLY);
      break;
    }
    for (k = 0; k < sizeof from / sizeof from[0]; k++)
      if (!strncmp(p, from[k], strlen(from[k]))) break;
    if (k < sizeof from / sizeof from[0]) {
      n += (size_t)snprintf(out + n, cap - n, "%s", to[k]);
      p += strlen(from[k]);
    } else
      out[n++] = *p++;
  }
  out[n] = 0;
  return out;
}

static zeef_status run_migration(zeef_store *st, size_t i, const char *doing) {
  char *pg;
  zeef_status rc;
  if (!sto_db_pg(st->db)) return exec(st, migrations[i], doing);
  if (!(pg = pg_ddl(&st->m, migrations[i]))) return ZEEF_E_NOMEM;
  rc = exec(st, pg, doing);
  mem_free(&st->m, pg);
  return rc;
}

/* Creates meta and the store's id when new, then runs the migrations the
** store lacks, in one transaction with the new version (one writer at a
** time: two servers opening a new store at once wait for each other). */
static zeef_status migrate(zeef_store *st) {
  char v[32];
  long have;
  zeef_status rc;
  if (sto_begin(st->db)) return sto_fail(st, "opening the store");
  if ((rc = exec(st, "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
                 "creating the store")))
    goto fail;
  if ((rc = meta_get(st, "id", st->id, sizeof st->id))) goto fail;
  if (!st->id[0]) {
    unsigned char r[16];
    if (RAND_bytes(r, sizeof r) != 1) {
      snprintf(st->err, sizeof st->err, "creating the store: no random bytes for its id");
      rc = ZEEF_E_STORE;
      goto fail;
    }
    sto_hex(r, sizeof r, st->id);
    if ((rc = meta_set(st, "id", st->id))) goto fail;
  }
  if ((rc = meta_get(st, "schema", v, sizeof v))) goto fail;
  have = v[0] ? strtol(v, NULL, 10) : 0;
  if (have > ZEEF_STORE_SCHEMA) {
    snprintf(st->err, sizeof st->err,
             "the store has schema %ld, written by a newer zeef; this zeef reads up to schema %d", have,
             ZEEF_STORE_SCHEMA);
    rc = ZEEF_E_STORE;
    goto fail;
  }
  for (long i = have; i < ZEEF_STORE_SCHEMA; i++) {
    char doing[64], num[24];
    snprintf(doing, sizeof doing, "migrating the store to schema %ld", i + 1);
    snprintf(num, sizeof num, "%ld", i + 1);
    if ((rc = run_migration(st, (size_t)i, doing)) || (rc = meta_set(st, "schema", num))) goto fail;
  }
  return exec(st, "COMMIT", "opening the store");
fail:
  sto_exec(st->db, "ROLLBACK");
  return rc;
}

/* One of the statements every screening runs; flags: STO_NEW_ID for an
** INSERT whose new id is read. */
static zeef_status prepare(zeef_store *st, sto_stmt **q, int flags, const char *sql) {
  return sto_prepare_as(st->db, sql, STO_PERSISTENT | flags, q) == STO_OK
             ? ZEEF_OK
             : sto_fail(st, "preparing the store's statements");
}

zeef_status zeef_store_open(const zeef_ctx *ctx, const char *path, zeef_store **out) {
  zeef_store *st;
  zeef_status rc;
  if (!out) return ZEEF_E_INVALID;
  *out = NULL;
  if (!ctx || !path) return ZEEF_E_INVALID;
  if (!(st = mem_calloc(&ctx->m, 1, sizeof *st))) return ZEEF_E_NOMEM;
  st->m = ctx->m;
  st->clock = system_clock;
  *out = st;
  {
    char why[STO_ERR_MAX - 64];
    if (!(st->db = sto_db_open(&st->m, path, why, sizeof why))) {
      /* the URL's password is not repeated */
      snprintf(st->err, sizeof st->err, "%s: %s", sto_is_pg_url(path) ? "the PostgreSQL store" : path, why);
      return ZEEF_E_STORE;
    }
  }
  if (!sto_db_pg(st->db) && ((rc = exec(st, "PRAGMA journal_mode = WAL", "opening the store")) ||
                             (rc = exec(st, "PRAGMA foreign_keys = ON", "opening the store")) ||
                             (rc = exec(st, "PRAGMA synchronous = NORMAL", "opening the store")) ||
                             (rc = exec(st, "PRAGMA cache_size = -16384", "opening the store"))))
    return rc;
  if ((rc = migrate(st))) return rc;
  if ((rc = prepare(
           st, &st->ins_traveller, STO_NEW_ID,
           "INSERT INTO travellers(run_id, line, record_id, name, birth_date, nationality, gender,"
           " doc_number, doc_country, source, warnings, outcome, error, received_at, identity, rescreen_of,"
           " departs_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
           "?17)")) ||
      (rc = prepare(
           st, &st->ins_hit, STO_NEW_ID,
           "INSERT INTO hits(traveller_id, rank, list, list_version, entity_id, entity_digest,"
           " listed_name, matched_name, score, name_score, alert, band, evidence, suppression_id, detail)"
           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)")) ||
      (rc = prepare(st, &st->ins_case, STO_NEW_ID,
                    "INSERT INTO cases(traveller_id, state, origin, priority, opened_at, updated_at)"
                    " VALUES (?1, 'open', ?4, ?2, ?3, ?3)")) ||
      (rc = prepare(st, &st->ins_match, 0,
                    "INSERT INTO matches(case_id, hit_id, state) VALUES (?1, ?2, 'pending')")) ||
      (rc = prepare(st, &st->ins_share, 0,
                    "INSERT INTO shares(traveller_id, kind, value) VALUES (?1, ?2, ?3)")))
    return rc;
  return ZEEF_OK;
}

void zeef_store_close(zeef_store *st) {
  mem m;
  if (!st) return;
  if (st->in_tx) sto_exec(st->db, "ROLLBACK");
  sto_finalize(st->ins_traveller);
  sto_finalize(st->ins_hit);
  sto_finalize(st->ins_case);
  sto_finalize(st->ins_match);
  sto_finalize(st->ins_share);
  sto_db_close(st->db);
  mem_free(&st->m, st->digests);
  m = st->m;
  mem_free(&m, st);
}

/* -------------------------------------------------------- Entity digests */

/* The digests of the entities a run's hits meet, kept for the run: most
** hits are on a few entities, and a digest sorts and hashes all of an
** entity's names. Open addressing by the entity's address; emptied at each
** run's start (another run may screen other lists at the same addresses). */
#define DIGEST_SLOTS 4096
#define DIGEST_PROBES 8

struct sto_digest_slot {
  const zeef_entity *e;
  char d[65];
};

static void entity_digest(zeef_store *st, const zeef_entity *e, char out[65]) {
  size_t h = ((uintptr_t)e >> 4) * 2654435761u;
  if (st->digests)
    for (size_t i = 0; i < DIGEST_PROBES; i++) {
      struct sto_digest_slot *s = &st->digests[(h + i) % DIGEST_SLOTS];
      if (s->e == e) {
        memcpy(out, s->d, 65);
        return;
      }
      if (!s->e) {
        zeef_entity_digest(e, out);
        s->e = e;
        memcpy(s->d, out, 65);
        return;
      }
    }
  zeef_entity_digest(e, out); /* no room, or no table: computed each time */
}

/* ------------------------------------------------------------------ Runs */

/* Opens the next batch's transaction. */
static zeef_status batch_open(zeef_store *st) {
  zeef_status rc = sto_begin(st->db) ? sto_fail(st, "starting a batch of screenings") : ZEEF_OK;
  if (!rc) st->in_tx = 1;
  st->batch_first = st->batch_last = 0;
  st->batch_hits = st->batch_cases = st->batch_alerts = st->batch_suppressed = 0;
  return rc;
}

/* "id:digest,id:digest" of the cases opened for travellers first..last,
** as they are now, into a new string (mem_free), or NULL. */
static char *case_digests(zeef_store *st, int64_t first, int64_t last) {
  sto_stmt *q;
  size_t n = 0, cap = 256;
  char *out = mem_alloc(&st->m, cap);
  int rc;
  if (!out) return NULL;
  out[0] = 0;
  if (sto_prepare(st->db, "SELECT id FROM cases WHERE traveller_id BETWEEN ?1 AND ?2 ORDER BY id", &q) !=
      STO_OK) {
    mem_free(&st->m, out);
    return NULL;
  }
  sto_bind_int(q, 1, first);
  sto_bind_int(q, 2, last);
  while ((rc = sto_step(q)) == STO_ROW) {
    char d[65];
    int64_t id = sto_col_int(q, 0);
    if (n + 100 > cap) {
      char *g = mem_realloc(&st->m, out, cap * 2, 1);
      if (!g) break;
      out = g;
      cap *= 2;
    }
    if (sto_row_digest(st, "case", id, d)) break;
    n += (size_t)snprintf(out + n, cap - n, "%s%lld:%s", n ? "," : "", (long long)id, d);
  }
  sto_finalize(q);
  if (rc != STO_DONE) {
    mem_free(&st->m, out);
    return NULL;
  }
  return out;
}

/* The open batch's audit entry, when it stored anything: its rows' root,
** and the digest of each case it opened, as opened. */
static zeef_status batch_entry(zeef_store *st) {
  zeef_status rc = ZEEF_OK;
  if (st->batch_first) {
    char root[65], id[48], *cases, *details;
    int64_t nt = 0, nh = 0;
    size_t cap;
    if ((rc = sto_batch_root(st, st->batch_first, st->batch_last, root, &nt, &nh))) return rc;
    if (!(cases = case_digests(st, st->batch_first, st->batch_last))) return sto_fail(st, "digesting the cases");
    cap = strlen(cases) + 512;
    if (!(details = mem_alloc(&st->m, cap))) {
      mem_free(&st->m, cases);
      return ZEEF_E_NOMEM;
    }
    snprintf(details, cap,
             "{\"alerts\":%lld,\"case_digests\":\"%s\",\"cases\":%lld,\"first\":%lld,\"hits\":%lld,\"last\":%lld,"
             "\"root\":\"%s\",\"run\":%lld,\"suppressed\":%lld,\"travellers\":%lld}",
             (long long)st->batch_alerts, cases, (long long)st->batch_cases, (long long)st->batch_first,
             (long long)nh, (long long)st->batch_last, root, (long long)st->run, (long long)st->batch_suppressed,
             (long long)nt);
    snprintf(id, sizeof id, "%lld", (long long)st->run);
    rc = sto_audit(st, st->actor, st->role, st->purpose, "screen.batch", "run", id, "ok", details);
    mem_free(&st->m, details);
    mem_free(&st->m, cases);
    st->batch_first = 0;
  }
  return rc;
}

/* The open batch's entry, then COMMIT. */
static zeef_status batch_close(zeef_store *st) {
  zeef_status rc = batch_entry(st);
  if (rc) return rc;
  rc = exec(st, "COMMIT", "storing a batch of screenings");
  if (!rc) st->in_tx = 0;
  return rc;
}

zeef_status zeef_store_run_begin(zeef_store *st, const zeef_actor *who, const char *source,
                                 const zeef_list *const *lists, size_t nlists, double threshold,
                                 int64_t *run) {
  char now[32], ls[4096] = "[", details[4600], id[32];
  sto_stmt *q;
  zeef_status rc;
  int src;
  if (!st || !who || !who->user || !source || (!lists && nlists) || !run) return ZEEF_E_INVALID;
  if (st->run) {
    snprintf(st->err, sizeof st->err, "a run is already in progress");
    return ZEEF_E_INVALID;
  }
  if (nlists > sizeof st->lists / sizeof st->lists[0]) return ZEEF_E_TOOBIG;
  snprintf(st->actor, sizeof st->actor, "%s", who->user);
  snprintf(st->role, sizeof st->role, "%s", who->role ? who->role : "screen");
  snprintf(st->purpose, sizeof st->purpose, "%s", who->purpose ? who->purpose : "screening");
  st->threshold = threshold;
  st->nlists = nlists;
  for (size_t i = 0; i < nlists; i++) {
    st->lists[i] = lists[i];
    snprintf(st->list_versions[i], sizeof st->list_versions[i], "%s", zeef_list_version(lists[i]));
    if (i) strncat(ls, ",", sizeof ls - strlen(ls) - 1);
    strncat(ls, "{\"name\":", sizeof ls - strlen(ls) - 1);
    sto_json_str(ls, sizeof ls, strlen(ls), zeef_list_name(lists[i]));
    strncat(ls, ",\"sha256\":", sizeof ls - strlen(ls) - 1);
    sto_json_str(ls, sizeof ls, strlen(ls), zeef_list_digest(lists[i]));
    strncat(ls, ",\"version\":", sizeof ls - strlen(ls) - 1);
    sto_json_str(ls, sizeof ls, strlen(ls), zeef_list_version(lists[i]));
    strncat(ls, "}", sizeof ls - strlen(ls) - 1);
  }
  strncat(ls, "]", sizeof ls - strlen(ls) - 1);
  if (!st->digests) st->digests = mem_calloc(&st->m, DIGEST_SLOTS, sizeof *st->digests);
  else memset(st->digests, 0, DIGEST_SLOTS * sizeof *st->digests);
  if ((rc = batch_open(st))) return rc;
  sto_now(st, now);
  if (sto_prepare_as(st->db,
                     "INSERT INTO runs(started_at, actor, source, zeef, model, lists, threshold)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?)",
                     STO_NEW_ID, &q) != STO_OK) {
    rc = sto_fail(st, "starting a run");
    goto fail;
  }
  sto_bind_text(q, 1, now);
  sto_bind_text(q, 2, st->actor);
  sto_bind_text(q, 3, source);
  sto_bind_text(q, 4, ZEEF_VERSION);
  sto_bind_text(q, 5, ZEEF_MODEL_VERSION);
  sto_bind_text(q, 6, ls);
  sto_bind_double(q, 7, threshold);
  src = sto_step(q);
  sto_finalize(q);
  if (src != STO_DONE) {
    rc = sto_fail(st, "starting a run");
    goto fail;
  }
  st->run = sto_last_id(st->db);
  st->run_records = st->run_alerts = st->run_errors = st->run_cases = st->rescreen_held = 0;
  {
    char digest[65];
    if (sto_row_digest(st, "run", st->run, digest)) {
      rc = sto_fail(st, "starting a run");
      goto fail;
    }
    snprintf(details, sizeof details, "{\"digest\":\"%s\",\"lists\":%s,\"model\":\"%s\",\"source\":", digest, ls,
             ZEEF_MODEL_VERSION);
  }
  sto_json_str(details, sizeof details, strlen(details), source);
  strncat(details, "}", sizeof details - strlen(details) - 1);
  snprintf(id, sizeof id, "%lld", (long long)st->run);
  if ((rc = sto_audit(st, st->actor, st->role, st->purpose, "screen.run_start", "run", id, "ok", details)))
    goto fail;
  *run = st->run;
  return ZEEF_OK;
fail:
  sto_exec(st->db, "ROLLBACK");
  st->in_tx = 0;
  st->run = 0;
  return rc;
}

/* The evidence of h as JSON text into out (cap bytes). */
static void evidence_json(const zeef_hit *h, char *out, size_t cap) {
  snprintf(out, cap, "[");
  for (size_t i = 0; i < h->nevidence; i++) {
    const zeef_evidence *e = &h->evidence[i];
    size_t n = strlen(out);
    snprintf(out + n, cap - n, "%s{\"feature\":\"%s\",\"traveller\":", i ? "," : "",
             zeef_evidence_kind_name(e->kind));
    sto_json_str(out, cap, strlen(out), e->traveller);
    strncat(out, ",\"listed\":", cap - strlen(out) - 1);
    sto_json_str(out, cap, strlen(out), e->listed);
    n = strlen(out);
    snprintf(out + n, cap - n, ",\"weight\":%.4f,\"text\":", e->weight);
    sto_json_str(out, cap, strlen(out), e->text);
    strncat(out, "}", cap - strlen(out) - 1);
  }
  strncat(out, "]", cap - strlen(out) - 1);
}

/* What a reviewer sets beside the traveller for hit h on entity e, as JSON
** text (freed by the caller with mem_free; NULL when out of memory): the listed facts,
** and each name part with its counterpart in the name of e that scr
** matched. */
static char *detail_json(zeef_store *st, const zeef_hit *h, const zeef_entity *e, const zeef_screener *scr,
                         const zeef_name *name) {
  json_t *o = json_object(), *l = json_object(), *dates = json_array(), *nats = json_array(),
         *docs = json_array(), *parts = json_array();
  const zeef_name *en = zeef_screener_hit_name(scr, h);
  size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6), n;
  char buf[32], *text;
  for (size_t i = 0; i < e->ndates; i++)
    if (zeef_date_format(&e->dates[i], buf, sizeof buf) < sizeof buf && buf[0])
      json_array_append_new(dates, json_string(buf));
  for (size_t i = 0; i < e->nnationalities; i++)
    json_array_append_new(nats, json_string(e->nationalities[i]));
  for (size_t i = 0; i < e->ndocs; i++)
    if (e->docs[i].number && *e->docs[i].number) json_array_append_new(docs, json_string(e->docs[i].number));
  json_object_set_new(l, "birth_dates", dates);
  json_object_set_new(l, "nationalities", nats);
  if (e->gender) json_object_set_new(l, "gender", json_stringn(&e->gender, 1));
  json_object_set_new(l, "documents", docs);
  if (e->programs && *e->programs) json_object_set_new(l, "programs", json_string(e->programs));
  if (e->listed_on[0]) json_object_set_new(l, "listed_on", json_string(e->listed_on));
  for (size_t i = 0; en && i < h->match.npairs; i++) {
    const zeef_pair *p = &h->match.pairs[i];
    zeef_pair_text pt;
    if (zeef_explain_pair(name, en, p, &pt) != ZEEF_OK) continue;
    json_array_append_new(parts, json_pack("{s:s, s:s, s:s, s:f, s:f, s:s}", "match",
                                           zeef_pair_kind_text(p->kind), "traveller", pt.a, "listed", pt.b,
                                           "similarity", round(p->similarity * 1e4) / 1e4, "weight",
                                           round(p->weight * 1e4) / 1e4, "text", pt.text));
  }
  json_object_set_new(o, "listed", l);
  json_object_set_new(o, "name_parts", parts);
  n = json_dumpb(o, NULL, 0, flags);
  if (n && (text = mem_alloc(&st->m, n + 1)) != NULL) {
    json_dumpb(o, text, n, flags);
    text[n] = 0;
  } else {
    text = NULL;
  }
  json_decref(o);
  return text;
}

static void bind_or_null(sto_stmt *q, int i, const char *s) {
  if (s && *s)
    sto_bind_text(q, i, s);
  else
    sto_bind_null(q, i);
}

static const char *list_version(const zeef_store *st, const zeef_list *l) {
  for (size_t i = 0; i < st->nlists; i++)
    if (st->lists[i] == l) return st->list_versions[i];
  return zeef_list_version(l);
}

/* A rule met, stored as a hit of the list "rules" (its entity the rule,
** its digest that of the rule's id and description) and a match of the
** traveller's case, opened when there is none: *case_id. */
static zeef_status put_rule(zeef_store *st, int64_t traveller, size_t rank, const zeef_store_rule *r,
                            const char *now, int64_t *case_id) {
  sto_sha h;
  unsigned char d[STO_HASH_LEN];
  char digest[65],
      evidence[ZEEF_RULE_TEXT * 6 + 128] = "[{\"feature\":\"rule\",\"traveller\":\"\",\"listed\":"
                                           "\"\",\"weight\":0,\"text\":",
                                    detail[ZEEF_RULE_TEXT * 8 + 256] = "{\"rule\":{\"id\":";
  sto_stmt *q;
  int64_t hit;
  if (!r->id || !r->description || !r->explanation) return ZEEF_E_INVALID;
  sto_sha_init(&h);
  sto_sha_lp(&h, r->id);
  sto_sha_lp(&h, r->description);
  if (sto_sha_final(&h, d)) return sto_fail(st, "a rule's digest");
  sto_hex(d, sizeof d, digest);
  sto_json_str(evidence, sizeof evidence, strlen(evidence), r->explanation);
  strncat(evidence, "}]", sizeof evidence - strlen(evidence) - 1);
  sto_json_str(detail, sizeof detail, strlen(detail), r->id);
  strncat(detail, ",\"description\":", sizeof detail - strlen(detail) - 1);
  sto_json_str(detail, sizeof detail, strlen(detail), r->description);
  strncat(detail, ",\"explanation\":", sizeof detail - strlen(detail) - 1);
  sto_json_str(detail, sizeof detail, strlen(detail), r->explanation);
  strncat(detail, "}}", sizeof detail - strlen(detail) - 1);
  q = st->ins_hit;
  sto_reset(q);
  sto_bind_int(q, 1, traveller);
  sto_bind_int(q, 2, (int64_t)rank);
  sto_bind_text(q, 3, "rules");
  sto_bind_text(q, 4, "");
  sto_bind_text(q, 5, r->id);
  sto_bind_text(q, 6, digest);
  sto_bind_text(q, 7, r->description);
  sto_bind_text(q, 8, r->id);
  sto_bind_double(q, 9, 1.0);
  sto_bind_double(q, 10, 0.0);
  sto_bind_int(q, 11, 1);
  sto_bind_text(q, 12, "rule");
  sto_bind_text(q, 13, evidence);
  sto_bind_null(q, 14);
  sto_bind_text(q, 15, detail);
  if (sto_step(q) != STO_DONE) return sto_fail(st, "storing a rule's hit");
  hit = sto_last_id(st->db);
  st->batch_hits++;
  if (!*case_id) {
    q = st->ins_case;
    sto_reset(q);
    sto_bind_int(q, 1, traveller);
    sto_bind_double(q, 2, 1.0);
    sto_bind_text(q, 3, now);
    sto_bind_text(q, 4, "rule");
    if (sto_step(q) != STO_DONE) return sto_fail(st, "opening a case");
    *case_id = sto_last_id(st->db);
    st->batch_cases++;
  }
  q = st->ins_match;
  sto_reset(q);
  sto_bind_int(q, 1, *case_id);
  sto_bind_int(q, 2, hit);
  if (sto_step(q) != STO_DONE) return sto_fail(st, "storing a match");
  return ZEEF_OK;
}

zeef_status zeef_store_put(zeef_store *st, const zeef_record *rec, const char *source_json,
                           zeef_outcome outcome, const char *error, const zeef_hit *hits, size_t nhits,
                           const zeef_screener *scr, const zeef_name *name, const zeef_store_rule *rules,
                           size_t nrules) {
  static const char *const outcomes[] = {"clear", "alert", "error"};
  /* room for every value escaped at its worst (\u00XX for each byte) */
  char now[32], birth[32] = "", warnings[ZEEF_RECORD_MAX_WARNINGS * (6 * ZEEF_RECORD_TEXT + 4) + 4] = "[";
  char evidence[ZEEF_MAX_EVIDENCE * (6 * (ZEEF_EVIDENCE_TEXT + 2 * ZEEF_EVIDENCE_VALUE) + 96) + 4];
  char identity[65] = "", digests[ZEEF_STORE_HITS_MAX][65];
  sto_verdict verdict[ZEEF_STORE_HITS_MAX];
  int64_t traveller, case_id = 0;
  size_t open_alerts = 0, lapsed = 0;
  sto_stmt *q;
  zeef_status rc;
  if (!st || !rec || (!hits && nhits) || (unsigned)outcome > ZEEF_OUTCOME_ERROR) return ZEEF_E_INVALID;
  if (!st->run) {
    snprintf(st->err, sizeof st->err, "no run in progress: zeef_store_run_begin() first");
    return ZEEF_E_INVALID;
  }
  if (nhits > ZEEF_STORE_HITS_MAX) nhits = ZEEF_STORE_HITS_MAX;
  if (!st->in_tx && (rc = batch_open(st))) return rc;
  sto_now(st, now);
  if (outcome != ZEEF_OUTCOME_ERROR) sto_identity(st, rec, identity);
  /* each alerting hit against the traveller's suppressions first: the
  ** traveller's outcome says whether anything is left to review */
  for (size_t i = 0; i < nhits; i++) {
    const zeef_entity *e = zeef_list_entity(hits[i].list, hits[i].entity);
    if (!e) return ZEEF_E_INVALID;
    entity_digest(st, e, digests[i]);
    memset(&verdict[i], 0, sizeof verdict[i]);
    if (hits[i].score < st->threshold || outcome != ZEEF_OUTCOME_ALERT) continue;
    if (identity[0] && (rc = sto_suppressed(st, identity, zeef_list_name(hits[i].list), e->id, digests[i], now,
                                            &verdict[i])))
      return rc;
    if (verdict[i].suppression && !verdict[i].lapsed) continue;
    open_alerts++;
    lapsed += verdict[i].lapsed;
  }
  if (outcome != ZEEF_OUTCOME_ALERT || !rules) nrules = 0;
  open_alerts += nrules; /* a rule met: an alert no suppression covers */
  if (rec->birth.kind != ZEEF_DATE_NONE) zeef_date_format(&rec->birth, birth, sizeof birth);
  for (size_t i = 0; i < rec->nwarnings; i++) {
    if (i) strncat(warnings, ",", sizeof warnings - strlen(warnings) - 1);
    sto_json_str(warnings, sizeof warnings, strlen(warnings), rec->warnings[i]);
  }
  strncat(warnings, "]", sizeof warnings - strlen(warnings) - 1);
  q = st->ins_traveller;
  sto_reset(q);
  sto_bind_int(q, 1, st->run);
  sto_bind_int(q, 2, (int64_t)rec->line);
  sto_bind_text(q, 3, rec->id ? rec->id : "");
  bind_or_null(q, 4, rec->name);
  bind_or_null(q, 5, birth);
  bind_or_null(q, 6, rec->nationality);
  {
    char g[2] = {rec->gender, 0};
    bind_or_null(q, 7, g);
  }
  bind_or_null(q, 8, rec->doc_number);
  bind_or_null(q, 9, rec->doc_country);
  bind_or_null(q, 10, source_json);
  sto_bind_text(q, 11, warnings);
  /* an alert whose every alerting hit a suppression covers is stored as such */
  sto_bind_text(q, 12, outcome == ZEEF_OUTCOME_ALERT && !open_alerts ? "suppressed" : outcomes[outcome]);
  bind_or_null(q, 13, outcome == ZEEF_OUTCOME_ERROR ? (error ? error : rec->error) : NULL);
  sto_bind_text(q, 14, now);
  bind_or_null(q, 15, identity);
  if (st->rescreen_of)
    sto_bind_int(q, 16, st->rescreen_of);
  else
    sto_bind_null(q, 16);
  /* the first leg's departure, when a passenger list or a booking gives it */
  bind_or_null(q, 17,
               rec->pax_message && rec->pax_message->nlegs ? rec->pax_message->legs[0].departure_time
               : rec->pnr && rec->pnr->nlegs               ? rec->pnr->legs[0].departure
                                                           : NULL);
  if (sto_step(q) != STO_DONE) return sto_fail(st, "storing a traveller");
  traveller = sto_last_id(st->db);
  if (outcome != ZEEF_OUTCOME_ERROR) { /* what it shares with others: a case's links */
    zeef_share sh[ZEEF_SHARES_MAX];
    size_t n = zeef_record_shares(rec, sh, ZEEF_SHARES_MAX);
    for (size_t i = 0; i < n; i++) {
      q = st->ins_share;
      sto_reset(q);
      sto_bind_int(q, 1, traveller);
      sto_bind_text(q, 2, sh[i].kind);
      sto_bind_text(q, 3, sh[i].value);
      if (sto_step(q) != STO_DONE) return sto_fail(st, "storing what a traveller shares");
    }
  }
  if (!st->batch_first) st->batch_first = traveller;
  st->batch_last = traveller;
  for (size_t i = 0; i < nhits; i++) {
    const zeef_hit *h = &hits[i];
    const zeef_entity *e = zeef_list_entity(h->list, h->entity);
    int alert = h->score >= st->threshold;
    int64_t hit;
    evidence_json(h, evidence, sizeof evidence);
    q = st->ins_hit;
    sto_reset(q);
    sto_bind_int(q, 1, traveller);
    sto_bind_int(q, 2, (int64_t)i + 1);
    sto_bind_text(q, 3, zeef_list_name(h->list));
    sto_bind_text(q, 4, list_version(st, h->list));
    sto_bind_text(q, 5, e->id);
    sto_bind_text(q, 6, digests[i]);
    sto_bind_text(q, 7, e->nnames ? e->names[0] : "");
    sto_bind_text(q, 8, h->name < e->nnames ? e->names[h->name] : "");
    /* rounded as the output prints them, so that a stored score reads back
    ** the same on every machine */
    sto_bind_double(q, 9, round(h->score * 1e6) / 1e6);
    sto_bind_double(q, 10, round(h->name_score * 1e6) / 1e6);
    sto_bind_int(q, 11, alert);
    sto_bind_text(q, 12, zeef_band_name(zeef_hit_band(h, st->threshold)));
    sto_bind_text(q, 13, evidence);
    if (verdict[i].suppression && !verdict[i].lapsed)
      sto_bind_int(q, 14, verdict[i].suppression);
    else
      sto_bind_null(q, 14);
    if (alert && scr && name) { /* the hits a reviewer sees */
      char *detail = detail_json(st, h, e, scr, name);
      if (!detail) return ZEEF_E_NOMEM;
      sto_bind_text(q, 15, detail);
      mem_free(&st->m, detail);
    } else {
      sto_bind_null(q, 15);
    }
    if (sto_step(q) != STO_DONE) return sto_fail(st, "storing a hit");
    hit = sto_last_id(st->db);
    st->batch_hits++;
    if (!alert || outcome != ZEEF_OUTCOME_ALERT) continue;
    if (verdict[i].suppression && !verdict[i].lapsed) {
      st->batch_suppressed++;
      continue;
    }
    if (st->rescreen_of && sto_case_holds(st, st->rescreen_of, zeef_list_name(h->list), e->id)) {
      st->rescreen_held++; /* the traveller's open case has this entity already */
      continue;
    }
    if (!case_id) { /* hits come best first: the first alert sets the priority */
      q = st->ins_case;
      sto_reset(q);
      sto_bind_int(q, 1, traveller);
      sto_bind_double(q, 2, round(h->score * 1e6) / 1e6);
      sto_bind_text(q, 3, now);
      sto_bind_text(q, 4, lapsed ? "suppression_lapsed" : st->rescreen_of ? "rescreen" : "screening");
      if (sto_step(q) != STO_DONE) return sto_fail(st, "opening a case");
      case_id = sto_last_id(st->db);
      st->batch_cases++;
    }
    q = st->ins_match;
    sto_reset(q);
    sto_bind_int(q, 1, case_id);
    sto_bind_int(q, 2, hit);
    if (sto_step(q) != STO_DONE) return sto_fail(st, "storing a match");
  }
  for (size_t i = 0; i < nrules; i++)
    if ((rc = put_rule(st, traveller, nhits + i + 1, &rules[i], now, &case_id))) return rc;
  st->run_records++;
  if (outcome == ZEEF_OUTCOME_ALERT && open_alerts) st->run_alerts++, st->batch_alerts++;
  if (case_id) st->run_cases++;
  else if (outcome == ZEEF_OUTCOME_ERROR) st->run_errors++;
  if (st->run_records % ZEEF_STORE_BATCH == 0) return batch_close(st);
  return ZEEF_OK;
}

zeef_status zeef_store_run_end(zeef_store *st) {
  char now[32], details[256], id[32];
  sto_stmt *q;
  zeef_status rc;
  int src;
  if (!st || !st->run) return ZEEF_E_INVALID;
  if (!st->in_tx && (rc = batch_open(st))) return rc;
  sto_now(st, now);
  if (sto_prepare(st->db, "UPDATE runs SET finished_at = ?, records = ?, alerts = ?, errors = ? WHERE id = ?",
                  &q) != STO_OK)
    return sto_fail(st, "ending a run");
  sto_bind_text(q, 1, now);
  sto_bind_int(q, 2, st->run_records);
  sto_bind_int(q, 3, st->run_alerts);
  sto_bind_int(q, 4, st->run_errors);
  sto_bind_int(q, 5, st->run);
  src = sto_step(q);
  sto_finalize(q);
  if (src != STO_DONE) return sto_fail(st, "ending a run");
  {
    char digest[65];
    if (sto_row_digest(st, "run", st->run, digest)) return sto_fail(st, "ending a run");
    snprintf(details, sizeof details, "{\"alerts\":%lld,\"digest\":\"%s\",\"errors\":%lld,\"records\":%lld}",
             (long long)st->run_alerts, digest, (long long)st->run_errors, (long long)st->run_records);
  }
  snprintf(id, sizeof id, "%lld", (long long)st->run);
  if ((rc = batch_entry(st)) ||
      (rc = sto_audit(st, st->actor, st->role, st->purpose, "screen.run_end", "run", id, "ok", details)) ||
      (rc = batch_close(st)))
    return rc;
  st->run = 0;
  return ZEEF_OK;
}

zeef_status zeef_store_run_done(zeef_store *st, const char *source, int *done) {
  sto_arg a = {0, source, 0};
  int64_t n;
  if (!st || !source || !done) return ZEEF_E_INVALID;
  n = sto_scalar(st, "SELECT count(*) FROM runs WHERE source = ?1 AND finished_at IS NOT NULL", &a, 1);
  if (n < 0) return sto_fail(st, "looking up a run");
  *done = n > 0;
  return ZEEF_OK;
}

/* ----------------------------------------------------------------- Counts */

/* How many rows sql counts; sets *failed when it cannot. */
static int64_t count(zeef_store *st, const char *sql, int *failed) {
  int64_t n = sto_scalar(st, sql, NULL, 0);
  if (n < 0) *failed = 1;
  return n < 0 ? 0 : n;
}

zeef_status zeef_store_count(zeef_store *st, zeef_store_counts *out) {
  int failed = 0;
  if (!st || !out) return ZEEF_E_INVALID;
  out->runs = count(st, "SELECT count(*) FROM runs", &failed);
  out->travellers = count(st, "SELECT count(*) FROM travellers", &failed);
  out->hits = count(st, "SELECT count(*) FROM hits", &failed);
  out->cases = count(st, "SELECT count(*) FROM cases", &failed);
  out->open_cases = count(st, "SELECT count(*) FROM cases WHERE state <> 'closed'", &failed);
  out->matches = count(st, "SELECT count(*) FROM matches", &failed);
  out->pending_matches = count(st, "SELECT count(*) FROM matches WHERE state = 'pending'", &failed);
  out->audit_entries = count(st, "SELECT count(*) FROM audit", &failed);
  return failed ? sto_fail(st, "counting the store") : ZEEF_OK;
}
