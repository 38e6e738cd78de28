/*
** audit.c: the store's audit, an append-only chain of entries.
**
** Each entry: seq (from 1, no gaps), ts, actor, role, purpose, action,
** object_type, object_id, outcome, details (canonical JSON text, kept as
** the exact bytes hashed), details_hash = SHA-256(details), prev_hash (the
** previous entry's hash; for the first, SHA-256 of the store's id) and
**
**   hash = SHA-256(0x00 "zeef.audit.v1" u64be(seq) lp(ts) lp(actor)
**                  lp(role) lp(purpose) lp(action) lp(object_type)
**                  lp(object_id) lp(outcome) details_hash prev_hash)
**
** with lp a u32 big-endian length then the bytes, and the two hashes as
** their 32 raw bytes (the domain tag and lengths as in RFC 6962's leaves).
** No personal data goes into an entry: ids, counts and digests only, so
** the audit can outlive what retention deletes.
**
** An entry is written in the transaction of the change it records, after
** reading the head inside it (BEGIN IMMEDIATE: one writer), so a change is
** stored with its entry or not at all. A batch of screenings is one entry
** whose details carry the root of the batch's rows (sto_batch_root), so
** that verify finds a stored screening edited afterwards.
*/
#include "store.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOMAIN "zeef.audit.v1"

static int unhex(const char *s, unsigned char *out, size_t n) {
  if (!s || strlen(s) != 2 * n) return -1;
  for (size_t i = 0; i < n; i++) {
    int v = 0;
    for (int k = 0; k < 2; k++) {
      char c = s[2 * i + (size_t)k];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= c - '0';
      else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
      else return -1;
    }
    out[i] = (unsigned char)v;
  }
  return 0;
}

/* The fields an entry's hash covers. */
typedef struct entry {
  int64_t seq;
  const char *ts, *actor, *role, *purpose, *action, *object_type, *object_id, *outcome, *details;
  unsigned char details_hash[STO_HASH_LEN], prev_hash[STO_HASH_LEN];
} entry;

static int entry_hash(const entry *e, unsigned char out[STO_HASH_LEN]) {
  sto_sha h;
  unsigned char seq[8], zero = 0;
  for (int i = 0; i < 8; i++) seq[i] = (unsigned char)((uint64_t)e->seq >> (56 - 8 * i));
  sto_sha_init(&h);
  sto_sha_add(&h, &zero, 1);
  sto_sha_add(&h, DOMAIN, sizeof DOMAIN - 1);
  sto_sha_add(&h, seq, sizeof seq);
  sto_sha_lp(&h, e->ts);
  sto_sha_lp(&h, e->actor);
  sto_sha_lp(&h, e->role);
  sto_sha_lp(&h, e->purpose);
  sto_sha_lp(&h, e->action);
  sto_sha_lp(&h, e->object_type);
  sto_sha_lp(&h, e->object_id);
  sto_sha_lp(&h, e->outcome);
  sto_sha_add(&h, e->details_hash, STO_HASH_LEN);
  sto_sha_add(&h, e->prev_hash, STO_HASH_LEN);
  return sto_sha_final(&h, out);
}

static int sha(const char *s, unsigned char out[STO_HASH_LEN]) {
  sto_sha h;
  sto_sha_init(&h);
  sto_sha_add(&h, s, strlen(s));
  return sto_sha_final(&h, out);
}

/* The chain's start: SHA-256 of the store's id. */
static int genesis(const zeef_store *st, unsigned char out[STO_HASH_LEN]) { return sha(st->id, out); }

zeef_status sto_audit(zeef_store *st, const char *user, const char *role, const char *purpose,
                      const char *action, const char *object_type, const char *object_id,
                      const char *outcome, const char *details) {
  sto_stmt *q;
  entry e;
  unsigned char hash[STO_HASH_LEN];
  char ts[32], dh[65], ph[65], hh[65];
  int rc;
  memset(&e, 0, sizeof e);
  if (sto_prepare(st->db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", &q) != STO_OK)
    return sto_fail(st, "reading the audit's head");
  rc = sto_step(q);
  if (rc == STO_ROW) {
    e.seq = sto_col_int(q, 0) + 1;
    if (unhex((const char *)sto_col_text(q, 1), e.prev_hash, STO_HASH_LEN)) rc = STO_ERROR;
  } else if (rc == STO_DONE) {
    e.seq = 1;
    if (genesis(st, e.prev_hash)) rc = STO_ERROR;
  }
  sto_finalize(q);
  if (rc != STO_ROW && rc != STO_DONE) {
    snprintf(st->err, sizeof st->err, "the audit's last entry cannot be read: run zeef audit verify");
    return ZEEF_E_STORE;
  }
  sto_now(st, ts);
  /* times never go back in the chain, even when the clock does */
  if (sto_prepare(st->db, "SELECT ts FROM audit WHERE seq = ?", &q) == STO_OK) {
    sto_bind_int(q, 1, e.seq - 1);
    if (sto_step(q) == STO_ROW) {
      const char *last = (const char *)sto_col_text(q, 0);
      if (last && strcmp(last, ts) > 0) snprintf(ts, sizeof ts, "%s", last);
    }
    sto_finalize(q);
  }
  e.ts = ts;
  e.actor = user;
  e.role = role;
  e.purpose = purpose;
  e.action = action;
  e.object_type = object_type;
  e.object_id = object_id;
  e.outcome = outcome;
  e.details = details;
  if (sha(details, e.details_hash) || entry_hash(&e, hash)) {
    snprintf(st->err, sizeof st->err, "writing the audit: SHA-256 failed");
    return ZEEF_E_STORE;
  }
  sto_hex(e.details_hash, STO_HASH_LEN, dh);
  sto_hex(e.prev_hash, STO_HASH_LEN, ph);
  sto_hex(hash, STO_HASH_LEN, hh);
  if (sto_prepare(st->db,
                  "INSERT INTO audit(seq, ts, actor, role, purpose, action, object_type, object_id,"
                  " outcome, details, details_hash, prev_hash, hash)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                  &q) != STO_OK)
    return sto_fail(st, "writing the audit");
  sto_bind_int(q, 1, e.seq);
  sto_bind_text(q, 2, ts);
  sto_bind_text(q, 3, user);
  sto_bind_text(q, 4, role);
  sto_bind_text(q, 5, purpose);
  sto_bind_text(q, 6, action);
  sto_bind_text(q, 7, object_type);
  sto_bind_text(q, 8, object_id);
  sto_bind_text(q, 9, outcome);
  sto_bind_text(q, 10, details);
  sto_bind_text(q, 11, dh);
  sto_bind_text(q, 12, ph);
  sto_bind_text(q, 13, hh);
  rc = sto_step(q);
  sto_finalize(q);
  return rc == STO_DONE ? ZEEF_OK : sto_fail(st, "writing the audit");
}

/* ------------------------------------------------------------------ Rows */

/* Hashes every column of the row q stands on, typed: NULL, an integer, a
** real (as SQLite prints it back) or text. */
static void hash_row(sto_sha *h, sto_stmt *q) {
  int n = sto_col_count(q);
  for (int i = 0; i < n; i++) {
    int t = sto_col_type(q, i);
    unsigned char tag = (unsigned char)t;
    sto_sha_add(h, &tag, 1);
    sto_sha_lp(h, t == STO_NULL ? NULL : (const char *)sto_col_text(q, i));
  }
}

/* SHA-256 over the digests of the rows sql gives (bound to first, last),
** added to root; counts them. */
static zeef_status rows_into(zeef_store *st, const char *sql, int64_t first, int64_t last, sto_sha *root,
                             int64_t *n) {
  sto_stmt *q;
  sto_sha h;
  int rc;
  *n = 0;
  if (sto_prepare(st->db, sql, &q) != STO_OK) return sto_fail(st, "reading stored rows");
  sto_bind_int(q, 1, first);
  sto_bind_int(q, 2, last);
  sto_sha_init(&h); /* one context for every row's digest */
  while ((rc = sto_step(q)) == STO_ROW) {
    unsigned char d[STO_HASH_LEN];
    sto_sha_restart(&h);
    hash_row(&h, q);
    if (sto_sha_digest(&h, d)) {
      rc = STO_ERROR;
      break;
    }
    sto_sha_add(root, d, sizeof d);
    ++*n;
  }
  sto_sha_free(&h);
  sto_finalize(q);
  return rc == STO_DONE ? ZEEF_OK : sto_fail(st, "reading stored rows");
}

zeef_status sto_batch_root(zeef_store *st, int64_t first, int64_t last, char hex[65], int64_t *travellers,
                           int64_t *hits) {
  sto_sha root;
  unsigned char d[STO_HASH_LEN];
  zeef_status rc;
  sto_sha_init(&root);
  /* the columns a screening wrote; masking (retention) and case states
  ** are recorded by entries of their own */
  rc = rows_into(st,
                 "SELECT id, run_id, line, record_id, name, birth_date, nationality, gender, doc_number,"
                 " doc_country, source, warnings, outcome, error, received_at FROM travellers"
                 " WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
                 first, last, &root, travellers);
  if (!rc)
    rc = rows_into(st,
                   "SELECT id, traveller_id, rank, list, list_version, entity_id, entity_digest, listed_name,"
                   " matched_name, score, name_score, alert, band,"
                   /* a hit's detail (schema 7) joins its evidence, so that a batch
                   ** stored before it has the root it had */
                   " evidence || COALESCE('\n' || detail, '') FROM hits"
                   " WHERE traveller_id BETWEEN ?1 AND ?2 ORDER BY id",
                   first, last, &root, hits);
  if (sto_sha_final(&root, d) && !rc) {
    snprintf(st->err, sizeof st->err, "SHA-256 failed");
    rc = ZEEF_E_STORE;
  }
  sto_hex(d, sizeof d, hex);
  return rc;
}

/* ---------------------------------------------------------------- Verify */

static void problem(zeef_audit_problem *bad, int64_t seq, const char *check, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void problem(zeef_audit_problem *bad, int64_t seq, const char *check, const char *fmt, ...) {
  va_list ap;
  bad->seq = seq;
  snprintf(bad->check, sizeof bad->check, "%s", check);
  va_start(ap, fmt);
  vsnprintf(bad->detail, sizeof bad->detail, fmt, ap);
  va_end(ap);
}

/* The integer after "key": in a canonical details text, or -1. */
static int64_t detail_int(const char *details, const char *key) {
  char pat[48];
  const char *p;
  snprintf(pat, sizeof pat, "\"%s\":", key);
  p = strstr(details, pat);
  return p ? strtoll(p + strlen(pat), NULL, 10) : -1;
}

static void detail_str(const char *details, const char *key, char *out, size_t cap) {
  char pat[48];
  const char *p, *end;
  snprintf(pat, sizeof pat, "\"%s\":\"", key);
  out[0] = 0;
  if (!(p = strstr(details, pat))) return;
  p += strlen(pat);
  if (!(end = strchr(p, '"')) || (size_t)(end - p) >= cap) return;
  memcpy(out, p, (size_t)(end - p));
  out[end - p] = 0;
}

/* An object's digest as an entry recorded it: a case, a suppression or a
** run (sto_row_digest). */
typedef struct case_seen {
  char type; /* 'c', 's', 'r' */
  int64_t id, seq;
  char digest[65];
} case_seen;

static int by_case_seq(const void *a, const void *b) {
  const case_seen *x = a, *y = b;
  if (x->type != y->type) return x->type < y->type ? -1 : 1;
  if (x->id != y->id) return x->id < y->id ? -1 : 1;
  return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Appends an event; 0, or -1 out of memory. */
static int seen_add(const mem *m, case_seen **v, size_t *n, size_t *cap, char type, int64_t id, int64_t seq,
                    const char *d, size_t dn) {
  if (*n == *cap) {
    size_t nc = *cap ? 2 * *cap : 256;
    case_seen *g = mem_realloc(m, *v, nc, sizeof *g);
    if (!g) return -1;
    *v = g;
    *cap = nc;
  }
  (*v)[*n].type = type;
  (*v)[*n].id = id;
  (*v)[*n].seq = seq;
  if (dn > 64) dn = 64;
  memcpy((*v)[*n].digest, d, dn);
  (*v)[*n].digest[dn] = 0;
  (*n)++;
  return 0;
}

/* The objects of one kind, by the letter their events carry. */
static const struct {
  char type; /* the name's first letter */
  const char *name, *ids;
} kinds[] = {
    {'c', "case", "SELECT id, traveller_id FROM cases ORDER BY id"},
    {'r', "run", "SELECT id, 0 FROM runs ORDER BY id"},
    {'s', "suppression", "SELECT id, 0 FROM suppressions ORDER BY id"},
};

/* Checks every object of kind k against the digest its last entry
** recorded (v[0..n): the events of that kind, sorted): 0, or 1 with the
** problem in bad; -1 when the store cannot be read. legacy: the traveller
** ranges of batches written before cases were digested (their cases have
** no entry). */
static int check_kind(zeef_store *st, size_t k, const case_seen *v, size_t n, const int64_t (*legacy)[2],
                      size_t nlegacy, zeef_audit_problem *bad) {
  const char *name = kinds[k].name;
  sto_stmt *q;
  size_t at = 0;
  int rc = STO_DONE, found = 0;
  if (sto_prepare(st->db, kinds[k].ids, &q) != STO_OK) return -1;
  while (!found && (rc = sto_step(q)) == STO_ROW) {
    int64_t id = sto_col_int(q, 0), trav = sto_col_int(q, 1);
    const case_seen *last = NULL;
    char now[65];
    int old = 0;
    if (at < n && v[at].id < id) break; /* recorded, and gone: said below */
    while (at < n && v[at].id == id) last = &v[at++];
    for (size_t i = 0; kinds[k].type == 'c' && i < nlegacy && !old; i++)
      old = trav >= legacy[i][0] && trav <= legacy[i][1];
    if (!last) {
      if (old) continue;
      problem(bad, 0, "rows", "%s %lld is in no audit entry: it was added behind zeef's back", name, (long long)id);
      found = 1;
      break;
    }
    if (sto_row_digest(st, name, id, now)) {
      rc = STO_ERROR;
      break;
    }
    if (strcmp(now, last->digest) != 0) {
      problem(bad, last->seq, "rows",
              "%s %lld no longer hashes to the digest this entry recorded: it was changed behind zeef's back", name,
              (long long)id);
      found = 1;
    }
  }
  sto_finalize(q);
  if (!found && at < n && rc != STO_ERROR) {
    problem(bad, v[at].seq, "rows", "%s %lld, which it records, is no longer in the store: it was deleted", name,
            (long long)v[at].id);
    return 1;
  }
  if (!found && rc != STO_DONE && rc != STO_ROW) return -1;
  return found;
}

/* Every case, suppression and run against its last recorded digest. */
static int check_cases(zeef_store *st, case_seen *v, size_t n, const int64_t (*legacy)[2], size_t nlegacy,
                       zeef_audit_problem *bad) {
  size_t from = 0;
  if (n) qsort(v, n, sizeof *v, by_case_seq);
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
    size_t to = from;
    int r;
    while (from < n && v[from].type < kinds[k].type) from++; /* no such kind: left out */
    to = from;
    while (to < n && v[to].type == kinds[k].type) to++;
    if ((r = check_kind(st, k, v + from, to - from, legacy, nlegacy, bad)) != 0) return r;
    from = to;
  }
  return 0;
}

/* A batch of screenings and the root its last entry recorded. */
typedef struct batch {
  int64_t seq, by; /* its screen.batch entry, and the last entry to give its root */
  int64_t first, last, nt, nh;
  char root[65];
} batch;

zeef_status zeef_store_verify(zeef_store *st, int64_t *entries, zeef_audit_problem *bad) {
  batch *batches = NULL;
  size_t nb = 0, bcap = 0, nseen = 0, seencap = 0, nlegacy = 0;
  case_seen *seen = NULL;
  int64_t (*legacy)[2] = NULL;
  int oom = 0;
  sto_stmt *q;
  unsigned char prev[STO_HASH_LEN];
  char last_ts[32] = "";
  int64_t expect = 1;
  int rc;
  if (!st || !entries || !bad) return ZEEF_E_INVALID;
  memset(bad, 0, sizeof *bad);
  *entries = 0;
  if (genesis(st, prev)) return sto_fail(st, "SHA-256");
  if (sto_prepare(st->db,
                  "SELECT seq, ts, actor, role, purpose, action, object_type, object_id, outcome,"
                  " details, details_hash, prev_hash, hash FROM audit ORDER BY seq",
                  &q) != STO_OK)
    return sto_fail(st, "reading the audit");
  while ((rc = sto_step(q)) == STO_ROW) {
    entry e;
    unsigned char stored[STO_HASH_LEN], want[STO_HASH_LEN];
    char num[24];
    memset(&e, 0, sizeof e);
    e.seq = sto_col_int(q, 0);
    e.ts = (const char *)sto_col_text(q, 1);
    e.actor = (const char *)sto_col_text(q, 2);
    e.role = (const char *)sto_col_text(q, 3);
    e.purpose = (const char *)sto_col_text(q, 4);
    e.action = (const char *)sto_col_text(q, 5);
    e.object_type = (const char *)sto_col_text(q, 6);
    e.object_id = (const char *)sto_col_text(q, 7);
    e.outcome = (const char *)sto_col_text(q, 8);
    e.details = (const char *)sto_col_text(q, 9);
    ++*entries;
    snprintf(num, sizeof num, "%lld", (long long)expect);
    if (e.seq != expect) {
      char got[24];
      snprintf(got, sizeof got, "%lld", (long long)e.seq);
      problem(bad, e.seq, "sequence", "entry %s follows where %s was due: entries are missing or repeated", got,
              num);
      break;
    }
    if (!e.ts || strcmp(e.ts, last_ts) < 0) {
      problem(bad, e.seq, "time", "its time %s is before the entry before it (%s)", e.ts ? e.ts : "(none)",
              last_ts);
      break;
    }
    snprintf(last_ts, sizeof last_ts, "%s", e.ts);
    if (unhex((const char *)sto_col_text(q, 11), stored, STO_HASH_LEN) ||
        memcmp(stored, prev, STO_HASH_LEN) != 0) {
      char before[24];
      snprintf(before, sizeof before, "%lld", (long long)(e.seq - 1));
      problem(bad, e.seq, "chain", "its prev_hash is not the hash of %s%s",
              e.seq > 1 ? "entry " : "the store's id (the chain's start)", e.seq > 1 ? before : "");
      break;
    }
    memcpy(e.prev_hash, prev, STO_HASH_LEN);
    if (!e.details || sha(e.details, want) ||
        unhex((const char *)sto_col_text(q, 10), stored, STO_HASH_LEN) ||
        memcmp(stored, want, STO_HASH_LEN) != 0) {
      problem(bad, e.seq, "details", "its details do not hash to its details_hash: they were changed");
      break;
    }
    memcpy(e.details_hash, want, STO_HASH_LEN);
    if (!e.ts || !e.actor || !e.role || !e.purpose || !e.action || !e.object_type || !e.object_id ||
        !e.outcome || entry_hash(&e, want) ||
        unhex((const char *)sto_col_text(q, 12), stored, STO_HASH_LEN) ||
        memcmp(stored, want, STO_HASH_LEN) != 0) {
      problem(bad, e.seq, "hash", "its hash does not recompute: a field of the entry was changed");
      break;
    }
    memcpy(prev, want, STO_HASH_LEN);
    expect++;
    /* a batch's rows are checked at the end, against the root its last
    ** entry gave: retention masks and purges rows, and says so */
    if (strcmp(e.action, "screen.batch") == 0) {
      if (nb == bcap) {
        size_t nc = bcap ? 2 * bcap : 64;
        batch *g = mem_realloc(&st->m, batches, nc, sizeof *g);
        if (!g) {
          sto_finalize(q);
          mem_free(&st->m, batches);
          return ZEEF_E_NOMEM;
        }
        batches = g;
        bcap = nc;
      }
      batches[nb].seq = batches[nb].by = e.seq;
      batches[nb].first = detail_int(e.details, "first");
      batches[nb].last = detail_int(e.details, "last");
      batches[nb].nt = detail_int(e.details, "travellers");
      batches[nb].nh = detail_int(e.details, "hits");
      detail_str(e.details, "root", batches[nb].root, sizeof batches[nb].root);
      {
        const char *p = strstr(e.details, "\"case_digests\":\"");
        if (!p) { /* written before cases were digested */
          int64_t (*g)[2] = mem_realloc(&st->m, legacy, nlegacy + 1, sizeof *legacy);
          if (!g) oom = 1;
          else {
            legacy = g;
            legacy[nlegacy][0] = batches[nb].first;
            legacy[nlegacy][1] = batches[nb].last;
            nlegacy++;
          }
        } else {
          for (p += 16; *p && *p != '"';) { /* id:digest,... */
            char *end;
            int64_t cid = strtoll(p, &end, 10);
            const char *d = *end == ':' ? end + 1 : end;
            size_t dn = strspn(d, "0123456789abcdef");
            if (seen_add(&st->m, &seen, &nseen, &seencap, 'c', cid, e.seq, d, dn)) oom = 1;
            p = d + dn;
            if (*p == ',') p++;
            else break;
          }
        }
      }
      nb++;
    } else if (strcmp(e.object_type, "case") == 0 || strcmp(e.object_type, "suppression") == 0 ||
               strcmp(e.object_type, "run") == 0) {
      char d[65];
      detail_str(e.details, "digest", d, sizeof d);
      if (strlen(d) == 64 && seen_add(&st->m, &seen, &nseen, &seencap, e.object_type[0],
                                      strtoll(e.object_id, NULL, 10), e.seq, d, 64))
        oom = 1;
    } else if (strncmp(e.action, "retention.", 10) == 0) {
      int64_t of = detail_int(e.details, "batch");
      for (size_t i = 0; i < nb; i++)
        if (batches[i].seq == of) {
          batches[i].by = e.seq;
          batches[i].nt = detail_int(e.details, "travellers");
          batches[i].nh = detail_int(e.details, "hits");
          detail_str(e.details, "root", batches[i].root, sizeof batches[i].root);
        }
    }
  }
  if (rc != STO_ROW && rc != STO_DONE) {
    sto_finalize(q);
    mem_free(&st->m, batches);
    mem_free(&st->m, seen);
    mem_free(&st->m, legacy);
    return sto_fail(st, "reading the audit");
  }
  sto_finalize(q);
  for (size_t i = 0; i < nb && !bad->check[0]; i++) {
    const batch *b = &batches[i];
    int64_t nt = 0, nh = 0;
    char root[65];
    if (b->first < 1 || b->last < b->first || sto_batch_root(st, b->first, b->last, root, &nt, &nh)) {
      problem(bad, b->by, "rows", "its batch of screenings cannot be read");
      break;
    }
    if (strcmp(root, b->root) != 0 || nt != b->nt || nh != b->nh)
      problem(bad, b->by, "rows",
              "the stored screenings of travellers %lld to %lld no longer hash to the root it recorded: a row was "
              "changed, added or deleted",
              (long long)b->first, (long long)b->last);
  }
  if (!bad->check[0] && !oom && check_cases(st, seen, nseen, (const int64_t(*)[2])legacy, nlegacy, bad) < 0) {
    mem_free(&st->m, batches);
    mem_free(&st->m, seen);
    mem_free(&st->m, legacy);
    return sto_fail(st, "reading the cases");
  }
  mem_free(&st->m, batches);
  mem_free(&st->m, seen);
  mem_free(&st->m, legacy);
  return oom ? ZEEF_E_NOMEM : ZEEF_OK;
}

/* ---------------------------------------------------------------- Export */

zeef_status zeef_store_export(zeef_store *st, int (*fn)(void *ud, const char *line, size_t len), void *ud) {
  return zeef_store_export_range(st, NULL, fn, ud);
}

zeef_status zeef_store_export_range(zeef_store *st, const zeef_audit_filter *f,
                                    int (*fn)(void *ud, const char *line, size_t len), void *ud) {
  static const char *const names[] = {"seq",         "ts",        "actor",   "role",         "purpose",
                                      "action",      "object_type", "object_id", "outcome", "details",
                                      "details_hash", "prev_hash", "hash"};
  sto_stmt *q;
  char *line;
  size_t cap = 1u << 20;
  int rc;
  if (!st || !fn) return ZEEF_E_INVALID;
  if (!(line = mem_alloc(&st->m, cap))) return ZEEF_E_NOMEM;
  if (sto_prepare(
          st->db,
          "SELECT seq, ts, actor, role, purpose, action, object_type, object_id, outcome,"
          " details, details_hash, prev_hash, hash FROM audit WHERE seq > ?1"
          " AND (CAST(?3 AS TEXT) IS NULL OR actor = ?3) AND (CAST(?4 AS TEXT) IS NULL OR action = ?4)"
          " AND (CAST(?5 AS TEXT) IS NULL OR object_type = ?5) AND (CAST(?6 AS TEXT) IS NULL OR object_id = "
          "?6)"
          " ORDER BY seq LIMIT ?2",
          &q) != STO_OK) {
    mem_free(&st->m, line);
    return sto_fail(st, "reading the audit");
  }
  sto_bind_int(q, 1, f ? f->after : 0);
  sto_bind_int(q, 2, f && f->limit > 0 ? f->limit : INT64_MAX); /* no LIMIT -1 on PostgreSQL */
  if (f && f->actor) sto_bind_text(q, 3, f->actor);
  if (f && f->action) sto_bind_text(q, 4, f->action);
  if (f && f->object_type) sto_bind_text(q, 5, f->object_type);
  if (f && f->object_id) sto_bind_text(q, 6, f->object_id);
  while ((rc = sto_step(q)) == STO_ROW) {
    size_t n = (size_t)snprintf(line, cap, "{\"seq\":%lld", (long long)sto_col_int(q, 0));
    for (int i = 1; i < 13; i++) {
      n += (size_t)snprintf(line + n, cap - n, ",\"%s\":", names[i]);
      n = sto_json_str(line, cap, n, (const char *)sto_col_text(q, i));
    }
    if (n + 2 < cap) line[n++] = '}', line[n] = 0;
    if (fn(ud, line, n)) break;
  }
  sto_finalize(q);
  mem_free(&st->m, line);
  return rc == STO_ROW || rc == STO_DONE ? ZEEF_OK : sto_fail(st, "reading the audit");
}
