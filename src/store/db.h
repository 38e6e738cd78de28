/*
** db.h: the store's database, SQLite or PostgreSQL, behind one small
** interface shaped like SQLite's own (src/store/). The rest of the store
** writes its SQL once, with ?N parameters, in the SQL both databases run;
** where they differ, sto_db_pg() tells which to write.
**
** Where: a PostgreSQL URL (postgresql://... or postgres://...) connects with
** libpq; anything else is the path of an SQLite file.
**
** Values are bound and read as SQLite does: integers, reals, text, NULL. On
** PostgreSQL every parameter goes as text and the server infers its type
** from where it stands; a parameter whose type the statement does not show
** (`?1 IS NULL` alone) needs a CAST in the SQL.
**
** Module prefix: sto_ (the store's).
*/
#ifndef ZEEF_STORE_DB_H
#define ZEEF_STORE_DB_H

#include <stddef.h>
#include <stdint.h>

typedef struct sto_db sto_db;
typedef struct sto_stmt sto_stmt;

/* sto_step()'s answers, and sto_col_type()'s */
enum { STO_OK = 0, STO_ERROR = 1, STO_ROW = 100, STO_DONE = 101 };
enum { STO_INTEGER = 1, STO_FLOAT = 2, STO_TEXT = 3, STO_NULL = 5 };

/* Opens where, allocating with m; NULL with why in err (cap bytes) when it
** cannot. The caller closes it with sto_db_close(). */
struct mem;
sto_db *sto_db_open(const struct mem *m, const char *where, char *err, size_t cap);
void sto_db_close(sto_db *db);
/* Whether where names a PostgreSQL database. */
int sto_is_pg_url(const char *where);
/* Whether db is PostgreSQL. */
int sto_db_pg(const sto_db *db);
/* The last failure's message ("" when none). */
const char *sto_errmsg(sto_db *db);

/* Runs sql (one or more statements, no parameters): 0, or -1. */
int sto_exec(sto_db *db, const char *sql);
/* Begins the one write transaction at a time: on SQLite BEGIN IMMEDIATE,
** on PostgreSQL BEGIN and a lock every zeef holding the same database
** takes, so that writers from several processes and machines queue as
** SQLite's do. 0, or -1. */
int sto_begin(sto_db *db);

/* Prepares sql; 0 with *q set, or -1. Freed by sto_finalize(). */
int sto_prepare(sto_db *db, const char *sql, sto_stmt **q);
/* As sto_prepare(), with flags: STO_PERSISTENT, run often (kept prepared on
** the server); STO_NEW_ID, an INSERT into a table keyed by id whose new id
** the caller reads with sto_last_id() (on PostgreSQL the statement returns
** it: RETURNING id). */
enum { STO_PERSISTENT = 1, STO_NEW_ID = 2 };
int sto_prepare_as(sto_db *db, const char *sql, int flags, sto_stmt **q);
int sto_param_count(sto_stmt *q);
/* Parameter i (from 1); the text is copied; NULL text binds NULL. 0, or -1. */
int sto_bind_int(sto_stmt *q, int i, int64_t v);
int sto_bind_double(sto_stmt *q, int i, double v);
int sto_bind_text(sto_stmt *q, int i, const char *s);
int sto_bind_null(sto_stmt *q, int i);
/* The next row (STO_ROW), the end (STO_DONE), or STO_ERROR. */
int sto_step(sto_stmt *q);
/* Column i (from 0) of the current row. Text is NULL for NULL and lives
** until the next step, reset or finalize. */
int sto_col_count(sto_stmt *q);
const char *sto_col_name(sto_stmt *q, int i);
int sto_col_type(sto_stmt *q, int i);
int64_t sto_col_int(sto_stmt *q, int i);
double sto_col_double(sto_stmt *q, int i);
const char *sto_col_text(sto_stmt *q, int i);
/* Ready to step again from the start, the bindings kept. */
void sto_reset(sto_stmt *q);
void sto_finalize(sto_stmt *q);

/* Rows the last statement changed; the id the last INSERT gave its row
** (prepared with STO_NEW_ID; -1 when none). */
int64_t sto_changes(sto_db *db);
int64_t sto_last_id(sto_db *db);

#endif
