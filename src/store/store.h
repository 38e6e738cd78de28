/*
** store.h: what the store's files share (src/store/). The store is one
** SQLite file or a PostgreSQL database (db.c); store.c opens and migrates
** it and writes screenings and cases, audit.c chains, verifies and exports
** the audit.
**
** Module prefix: sto_.
*/
#ifndef ZEEF_STORE_INTERNAL_H
#define ZEEF_STORE_INTERNAL_H

#include "../internal.h"

#include "db.h"

#define STO_ERR_MAX 512
#define STO_HASH_LEN 32

/* SHA-256 of bytes being hashed piece by piece. */
typedef struct sto_sha {
  void *md; /* EVP_MD_CTX */
  int failed;
} sto_sha;

int sto_sha_init(sto_sha *h);
void sto_sha_add(sto_sha *h, const void *p, size_t n);
/* A length (u32 big-endian) then the bytes: a field that cannot run into
** the next. NULL is hashed as the length 0xFFFFFFFF, apart from "". */
void sto_sha_lp(sto_sha *h, const char *s);
/* The digest into out; 0, or -1 when libcrypto failed. Frees h. */
int sto_sha_final(sto_sha *h, unsigned char out[STO_HASH_LEN]);
/* For many small digests on one context: sto_sha_restart() begins the
** next, sto_sha_digest() ends it (0, or -1) and keeps the context;
** sto_sha_free() frees it at the end. */
int sto_sha_restart(sto_sha *h);
int sto_sha_digest(sto_sha *h, unsigned char out[STO_HASH_LEN]);
void sto_sha_free(sto_sha *h);
void sto_hex(const unsigned char *d, size_t n, char *out);

struct zeef_store {
  mem m;
  sto_db *db;
  char id[33];
  char err[STO_ERR_MAX];
  double (*clock)(void *ud);
  void *clock_ud;
  /* the run in progress */
  int64_t run;
  int in_tx;
  char actor[64], role[32], purpose[64];
  double threshold;
  const zeef_list *lists[16];
  size_t nlists;
  char list_versions[16][72];
  int64_t batch_first, batch_last; /* travellers of the open batch, 0 when none */
  int64_t batch_hits, batch_cases, batch_alerts, batch_suppressed;
  unsigned char secret[64]; /* the identity hashes' key (zeef_store_set_secret) */
  size_t secret_len;
  int64_t run_records, run_alerts, run_errors, run_cases;
  int64_t rescreen_of;   /* the screening a put re-screens (rescreen.c), 0 otherwise */
  int64_t rescreen_held; /* its alerts an open case held already */
  sto_stmt *ins_traveller, *ins_hit, *ins_case, *ins_match, *ins_share;
  /* entity digests met in the run in progress, by entity (store.c) */
  struct sto_digest_slot *digests;
};

/* Appends s as a JSON string (escaped, cut short rather than past cap) to
** buf at n, NUL terminated; returns the new length. */
size_t sto_json_str(char *buf, size_t cap, size_t n, const char *s);

/* A value bound to a statement's next parameter: the text s when set, NULL
** when null is set, else the integer i. */
typedef struct sto_arg {
  int64_t i;
  const char *s;
  int null;
} sto_arg;

/* Steps sql once with args bound: the rows it changed, or -1. */
int sto_run(zeef_store *st, const char *sql, const sto_arg *args, int n);
/* The integer in the first column of sql's first row, or -1 (no row, or
** it failed). */
int64_t sto_scalar(zeef_store *st, const char *sql, const sto_arg *args, int n);

/* Records why in st->err: what zeef did, and the database's message. Returns
** ZEEF_E_STORE. */
zeef_status sto_fail(zeef_store *st, const char *doing);

/* Now, as the store's clock says: ISO 8601 UTC with milliseconds
** ("2026-12-07T04:00:00.000Z") into out (32 bytes). */
void sto_now(const zeef_store *st, char out[32]);

/* Now plus days (negative: before now), whole seconds, as sto_now writes. */
void sto_time_in(const zeef_store *st, double days, char out[32]);

/* Appends an entry to the audit in the open transaction: ts now, the
** actor's user, role and purpose, what was done to which object, its
** outcome and details (canonical JSON: strings, integers and booleans,
** keys in order). */
zeef_status sto_audit(zeef_store *st, const char *user, const char *role, const char *purpose,
                      const char *action, const char *object_type, const char *object_id,
                      const char *outcome, const char *details);

/* Whether the comma-separated roles ("analyst,supervisor") hold role. */
int sto_has_role(const char *roles, const char *role);

/* The SHA-256 of an object's rows as 64 hex digits: type "case" (its row,
** matches and decisions), "suppression" or "run". 0, or -1. The audit's
** entries on an object record it after each change; verify checks every
** such row against the last one recorded. */
int sto_row_digest(zeef_store *st, const char *type, int64_t id, char hex[65]);

/* Hits stored per screening at most (the rest are not stored). */
#define ZEEF_STORE_HITS_MAX 64

/* The keyed identity of a record (suppress.c): HMAC-SHA256 under the
** store's secret of its document and full birth date, or of its name, full
** birth date and nationality, as 64 hex digits into hex; "" when there is
** no secret or the record has too little to key on. */
void sto_identity(const zeef_store *st, const zeef_record *rec, char hex[65]);

/* What a suppression does to one alerting hit. */
typedef struct sto_verdict {
  int64_t suppression; /* the active suppression met, 0 when none */
  int lapsed;          /* it lapsed now: the listed entry changed */
} sto_verdict;

/* Looks up the active suppression of (identity, list, entity): expired ones
** end here, one whose entity digest differs lapses here. */
zeef_status sto_suppressed(zeef_store *st, const char *identity, const char *list, const char *entity_id,
                           const char *digest, const char *now, sto_verdict *v);

/* Whether traveller's open case holds a match on list's entity. */
int sto_case_holds(zeef_store *st, int64_t traveller, const char *list, const char *entity_id);

/* The root of the screenings stored as travellers first..last of a batch:
** SHA-256 over each traveller row's digest followed by its hits' digests,
** in id order, as 64 hex digits into hex. Also counts the rows. */
zeef_status sto_batch_root(zeef_store *st, int64_t first, int64_t last, char hex[65], int64_t *travellers,
                           int64_t *hits);

#endif
