/*
** db.c: the store's database, SQLite or PostgreSQL (db.h).
**
** SQLite is called straight through. PostgreSQL (libpq) gets the same
** statements with ?N turned into $N (and RETURNING id after an insert
** whose id is read); a statement runs at its first step
** (PQexecParams, or PQexecPrepared for one prepared persistent), its rows
** are kept in the result, and each step moves to the next one.
*/
#include "db.h"

#include "../internal.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STO_PARAMS_MAX 32
#define STO_PG_LOCK "7210346" /* the key of the writers' lock (pg_advisory_xact_lock) */

struct sto_db {
  mem m; /* every allocation's */
  sqlite3 *lite;
  PGconn *pg;
  int64_t changes, last_id; /* last_id: set by an insert's RETURNING id, -1 else */
  unsigned statements; /* the names of the statements prepared on the server so far */
  char err[512];
};

struct sto_stmt {
  sto_db *db;
  sqlite3_stmt *lite;
  /* PostgreSQL */
  char *sql; /* with $N */
  int nparams;
  char *vals[STO_PARAMS_MAX]; /* each malloc'd, NULL for NULL */
  Oid types[STO_PARAMS_MAX];      /* 0: the server infers it; text for a parameter sql leaves out */
  char name[24];              /* prepared on the server as this, when persistent */
  int persistent, prepared, returning;
  PGresult *res;
  int row, nrows, ran;
};

int sto_is_pg_url(const char *where) {
  return where && (!strncmp(where, "postgresql://", 13) || !strncmp(where, "postgres://", 11));
}

int sto_db_pg(const sto_db *db) { return db && db->pg; }

/* libpq's message, on one line ("ERROR:  ..." and its hints joined). */
static void pg_fail(sto_db *db, const char *msg) {
  size_t n = 0;
  if (!msg || !*msg) msg = "PostgreSQL failed";
  for (; *msg && n + 3 < sizeof db->err; msg++) {
    if (*msg == '\n' || *msg == '\t') {
      while (msg[1] == '\n' || msg[1] == '\t' || msg[1] == ' ') msg++;
      if (msg[1]) db->err[n++] = ';', db->err[n++] = ' ';
    } else
      db->err[n++] = *msg;
  }
  db->err[n] = 0;
}

const char *sto_errmsg(sto_db *db) {
  if (!db) return "no database";
  if (db->lite) return sqlite3_errmsg(db->lite);
  return db->err;
}

/* libpq prints the server's notices on stderr; the store says nothing. */
static void quiet(void *ud, const char *msg) {
  (void)ud;
  (void)msg;
}

sto_db *sto_db_open(const mem *m, const char *where, char *err, size_t cap) {
  sto_db *db = mem_calloc(m, 1, sizeof *db);
  if (!db) {
    snprintf(err, cap, "out of memory");
    return NULL;
  }
  db->m = *m;
  db->last_id = -1;
  if (sto_is_pg_url(where)) {
    PGresult *r;
    db->pg = PQconnectdb(where);
    if (!db->pg || PQstatus(db->pg) != CONNECTION_OK) {
      pg_fail(db, db->pg ? PQerrorMessage(db->pg) : "out of memory");
      snprintf(err, cap, "cannot connect: %s", db->err);
      sto_db_close(db);
      return NULL;
    }
    PQsetNoticeProcessor(db->pg, quiet, NULL);
    r = PQexec(db->pg, "SET client_min_messages = warning");
    PQclear(r);
    return db;
  }
  if (sqlite3_open_v2(where, &db->lite, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
      SQLITE_OK) {
    snprintf(err, cap, "cannot be opened: %s", db->lite ? sqlite3_errmsg(db->lite) : "out of memory");
    sto_db_close(db);
    return NULL;
  }
  /* another writer holds the file for a moment: wait, do not fail */
  sqlite3_busy_timeout(db->lite, 10000);
  return db;
}

void sto_db_close(sto_db *db) {
  if (!db) return;
  if (db->lite) sqlite3_close(db->lite);
  if (db->pg) PQfinish(db->pg);
  mem_free(&db->m, db);
}

/* Runs sql on PostgreSQL without parameters: 0, or -1. */
static int pg_exec(sto_db *db, const char *sql) {
  PGresult *r = PQexec(db->pg, sql);
  ExecStatusType s = PQresultStatus(r);
  int ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
  if (!ok) pg_fail(db, PQresultErrorMessage(r));
  else if (s == PGRES_COMMAND_OK) db->changes = strtoll(PQcmdTuples(r), NULL, 10);
  PQclear(r);
  return ok ? 0 : -1;
}

int sto_exec(sto_db *db, const char *sql) {
  if (db->pg) return pg_exec(db, sql);
  return sqlite3_exec(db->lite, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int sto_begin(sto_db *db) {
  if (db->pg) return pg_exec(db, "BEGIN; SELECT pg_advisory_xact_lock(" STO_PG_LOCK ")");
  return sto_exec(db, "BEGIN IMMEDIATE");
}

/* sql with ?N (and ?) as $N, outside quotes, then tail, into a new
** string; the highest parameter number into *n, and each number's use into
** used[]. */
static char *dollars(const mem *m, const char *sql, const char *tail, int *n,
                     unsigned char used[STO_PARAMS_MAX]) {
  size_t len = strlen(sql);
  char *out = mem_alloc(m, len * 2 + strlen(tail) + 1), *o = out;
  char quote = 0;
  int next = 0;
  *n = 0;
  if (!out) return NULL;
  for (const char *s = sql; *s; s++) {
    if (quote) {
      if (*s == quote) quote = 0;
      *o++ = *s;
    } else if (*s == '\'' || *s == '"') {
      quote = *s;
      *o++ = *s;
    } else if (*s == '?') {
      int k;
      if (s[1] >= '0' && s[1] <= '9') {
        k = (int)strtol(s + 1, (char **)&s, 10);
        s--;
      } else
        k = next + 1;
      if (k > next) next = k;
      if (k > *n) *n = k;
      if (k >= 1 && k <= STO_PARAMS_MAX) used[k - 1] = 1;
      o += sprintf(o, "$%d", k);
    } else
      *o++ = *s;
  }
  strcpy(o, tail);
  return out;
}

int sto_prepare_as(sto_db *db, const char *sql, int flags, sto_stmt **q) {
  int persistent = flags & STO_PERSISTENT, returning = flags & STO_NEW_ID;
  sto_stmt *s = mem_calloc(&db->m, 1, sizeof *s);
  *q = NULL;
  if (!s) return -1;
  s->db = db;
  if (db->lite) {
    if (sqlite3_prepare_v3(db->lite, sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0, &s->lite, NULL) !=
        SQLITE_OK) {
      mem_free(&db->m, s);
      return -1;
    }
    *q = s;
    return 0;
  }
  unsigned char used[STO_PARAMS_MAX] = {0};
  if (!(s->sql = dollars(&db->m, sql, returning ? " RETURNING id" : "", &s->nparams, used)) ||
      s->nparams > STO_PARAMS_MAX) {
    pg_fail(db, s->sql ? "too many parameters" : "out of memory");
    mem_free(&db->m, s->sql);
    mem_free(&db->m, s);
    return -1;
  }
  for (int i = 0; i < s->nparams; i++) s->types[i] = used[i] ? 0 : 25; /* text */
  s->persistent = persistent;
  s->returning = returning;
  if (persistent) snprintf(s->name, sizeof s->name, "zeef_%u", ++db->statements);
  *q = s;
  return 0;
}

int sto_prepare(sto_db *db, const char *sql, sto_stmt **q) { return sto_prepare_as(db, sql, 0, q); }

int sto_param_count(sto_stmt *q) { return q->lite ? sqlite3_bind_parameter_count(q->lite) : q->nparams; }

static int pg_bind(sto_stmt *q, int i, const char *text) {
  char *v = NULL;
  if (i < 1 || i > q->nparams) return -1;
  if (text) {
    size_t n = strlen(text) + 1;
    if (!(v = mem_alloc(&q->db->m, n))) return -1;
    memcpy(v, text, n);
  }
  mem_free(&q->db->m, q->vals[i - 1]);
  q->vals[i - 1] = v;
  return 0;
}

int sto_bind_int(sto_stmt *q, int i, int64_t v) {
  char b[24];
  if (q->lite) return sqlite3_bind_int64(q->lite, i, v) == SQLITE_OK ? 0 : -1;
  snprintf(b, sizeof b, "%lld", (long long)v);
  return pg_bind(q, i, b);
}

int sto_bind_double(sto_stmt *q, int i, double v) {
  char b[40];
  if (q->lite) return sqlite3_bind_double(q->lite, i, v) == SQLITE_OK ? 0 : -1;
  snprintf(b, sizeof b, "%.17g", v);
  return pg_bind(q, i, b);
}

int sto_bind_text(sto_stmt *q, int i, const char *s) {
  if (q->lite)
    return (s ? sqlite3_bind_text(q->lite, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(q->lite, i)) == SQLITE_OK
               ? 0
               : -1;
  return pg_bind(q, i, s);
}

int sto_bind_null(sto_stmt *q, int i) {
  if (q->lite) return sqlite3_bind_null(q->lite, i) == SQLITE_OK ? 0 : -1;
  return pg_bind(q, i, NULL);
}

static int pg_step(sto_stmt *q) {
  sto_db *db = q->db;
  if (!q->ran) {
    ExecStatusType s;
    db->last_id = -1;
    PQclear(q->res);
    q->res = NULL;
    if (q->persistent && !q->prepared) {
      PGresult *r = PQprepare(db->pg, q->name, q->sql, q->nparams, q->types);
      int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
      if (!ok) pg_fail(db, PQresultErrorMessage(r));
      PQclear(r);
      if (!ok) return STO_ERROR;
      q->prepared = 1;
    }
    q->res = q->persistent ? PQexecPrepared(db->pg, q->name, q->nparams, (const char *const *)q->vals, NULL, NULL, 0)
                           : PQexecParams(db->pg, q->sql, q->nparams, q->types,
                                          (const char *const *)q->vals, NULL, NULL, 0);
    s = PQresultStatus(q->res);
    if (s == PGRES_COMMAND_OK) {
      db->changes = strtoll(PQcmdTuples(q->res), NULL, 10);
      q->ran = 1;
      q->nrows = 0;
      q->row = 0;
      return STO_DONE;
    }
    if (s != PGRES_TUPLES_OK) {
      pg_fail(db, PQresultErrorMessage(q->res));
      PQclear(q->res);
      q->res = NULL;
      return STO_ERROR;
    }
    q->ran = 1;
    q->nrows = PQntuples(q->res);
    q->row = -1;
    if (q->returning) { /* the insert's id, and no rows to step through */
      db->last_id = q->nrows == 1 ? strtoll(PQgetvalue(q->res, 0, 0), NULL, 10) : -1;
      db->changes = q->nrows;
      q->row = q->nrows;
      return STO_DONE;
    }
  }
  if (q->row + 1 < q->nrows) {
    q->row++;
    return STO_ROW;
  }
  q->row = q->nrows;
  return STO_DONE;
}

int sto_step(sto_stmt *q) {
  int rc;
  if (!q->lite) return pg_step(q);
  rc = sqlite3_step(q->lite);
  if (rc == SQLITE_ROW) return STO_ROW;
  if (rc == SQLITE_DONE) {
    q->db->changes = sqlite3_changes(q->db->lite);
    return STO_DONE;
  }
  return STO_ERROR;
}

/* Whether the PostgreSQL row has column i. */
static int pg_has(const sto_stmt *q, int i) {
  return q->res && q->row >= 0 && q->row < q->nrows && i >= 0 && i < PQnfields(q->res);
}

int sto_col_count(sto_stmt *q) {
  if (q->lite) return sqlite3_column_count(q->lite);
  return q->res ? PQnfields(q->res) : 0;
}

const char *sto_col_name(sto_stmt *q, int i) {
  if (q->lite) return sqlite3_column_name(q->lite, i);
  return q->res ? PQfname(q->res, i) : NULL;
}

int sto_col_type(sto_stmt *q, int i) {
  if (q->lite) {
    switch (sqlite3_column_type(q->lite, i)) {
    case SQLITE_INTEGER: return STO_INTEGER;
    case SQLITE_FLOAT: return STO_FLOAT;
    case SQLITE_NULL: return STO_NULL;
    default: return STO_TEXT;
    }
  }
  if (!pg_has(q, i) || PQgetisnull(q->res, q->row, i)) return STO_NULL;
  switch (PQftype(q->res, i)) {
  case 16: /* bool */
  case 20: /* int8 */
  case 21: /* int2 */
  case 23: /* int4 */
    return STO_INTEGER;
  case 700:  /* float4 */
  case 701:  /* float8 */
  case 1700: /* numeric */
    return STO_FLOAT;
  default: return STO_TEXT;
  }
}

const char *sto_col_text(sto_stmt *q, int i) {
  if (q->lite) return (const char *)sqlite3_column_text(q->lite, i);
  if (!pg_has(q, i) || PQgetisnull(q->res, q->row, i)) return NULL;
  if (PQftype(q->res, i) == 16) return *PQgetvalue(q->res, q->row, i) == 't' ? "1" : "0";
  return PQgetvalue(q->res, q->row, i);
}

int64_t sto_col_int(sto_stmt *q, int i) {
  const char *t;
  if (q->lite) return sqlite3_column_int64(q->lite, i);
  t = sto_col_text(q, i);
  return t ? strtoll(t, NULL, 10) : 0;
}

double sto_col_double(sto_stmt *q, int i) {
  const char *t;
  if (q->lite) return sqlite3_column_double(q->lite, i);
  t = sto_col_text(q, i);
  return t ? strtod(t, NULL) : 0.0;
}

void sto_reset(sto_stmt *q) {
  if (!q) return;
  if (q->lite) {
    sqlite3_reset(q->lite);
    return;
  }
  PQclear(q->res);
  q->res = NULL;
  q->ran = 0;
  q->row = q->nrows = 0;
}

void sto_finalize(sto_stmt *q) {
  if (!q) return;
  if (q->lite) sqlite3_finalize(q->lite);
  PQclear(q->res);
  for (int i = 0; i < STO_PARAMS_MAX; i++) mem_free(&q->db->m, q->vals[i]);
  mem_free(&q->db->m, q->sql);
  mem_free(&q->db->m, q);
}

int64_t sto_changes(sto_db *db) { return db->changes; }

int64_t sto_last_id(sto_db *db) { return db->lite ? sqlite3_last_insert_rowid(db->lite) : db->last_id; }
