/*
** retain.c: retention, as the law on passenger data sets it: travellers'
** personal data masked after six months, deleted when no case needs it,
** and what cases keep emptied of the person after five years
** (zeef_store_retain in zeef.h; ../shared/docs/review-workflow.md §7).
**
** It works a batch of screenings at a time, the unit the audit's roots
** cover: the batches are read from the audit itself (each screen.batch
** entry, and the last retention entry for it), those whose newest
** screening is old enough are masked or purged in one transaction each,
** and each ends with an entry naming the batch and its new root, which
** zeef_store_verify() checks the rows against from then on.
*/
#include "store.h"

#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The masked form of v into out: "masked:" and the first 32 hex digits
** of its HMAC under the store's secret. 0, or -1 without a secret. */
static int mask_value(const zeef_store *st, const char *v, char out[48]) {
  unsigned char md[32];
  unsigned mdn = 0;
  if (!st->secret_len ||
      !HMAC(EVP_sha256(), st->secret, (int)st->secret_len, (const unsigned char *)v, strlen(v), md, &mdn))
    return -1;
  memcpy(out, "masked:", 7);
  sto_hex(md, 16, out + 7);
  return 0;
}

/* One value masked: mask_value(); "masked" without a secret; NULL stays
** NULL; a masked value stays as it is. Returns what to store. */
static const char *mask_or_keep(const zeef_store *st, const char *v, char out[48]) {
  if (!v || strncmp(v, "masked", 6) == 0) return v;
  return mask_value(st, v, out) ? "masked" : out;
}

/* Masks the travellers first..last not masked yet: their name, birth date
** and document number, their source gone, masked_at now. The rows changed,
** or -1. Row by row in C, so that both databases do it alike. */
static int64_t mask_span(zeef_store *st, int64_t first, int64_t last, const char *now) {
  sto_stmt *q, *u;
  int64_t n = 0;
  int rc;
  if (sto_prepare(st->db,
                  "SELECT id, name, birth_date, doc_number FROM travellers WHERE id BETWEEN ?1 AND ?2"
                  " AND masked_at IS NULL ORDER BY id",
                  &q))
    return -1;
  if (sto_prepare(
          st->db,
          "UPDATE travellers SET name = ?2, birth_date = ?3, doc_number = ?4, source = NULL, masked_at = ?5"
          " WHERE id = ?1",
          &u)) {
    sto_finalize(q);
    return -1;
  }
  sto_bind_int(q, 1, first);
  sto_bind_int(q, 2, last);
  sto_bind_text(u, 5, now);
  while ((rc = sto_step(q)) == STO_ROW) {
    char a[48], b[48], c[48];
    sto_bind_int(u, 1, sto_col_int(q, 0));
    sto_bind_text(u, 2, mask_or_keep(st, sto_col_text(q, 1), a));
    sto_bind_text(u, 3, mask_or_keep(st, sto_col_text(q, 2), b));
    sto_bind_text(u, 4, mask_or_keep(st, sto_col_text(q, 3), c));
    if (sto_step(u) != STO_DONE) break;
    sto_reset(u);
    n++;
  }
  sto_finalize(u);
  sto_finalize(q);
  return rc == STO_DONE ? n : -1;
}

typedef struct span {
  int64_t seq, first, last;
} span;

/* The batches of screenings the audit names, in order. */
static zeef_status batches(zeef_store *st, span **out, size_t *n) {
  sto_stmt *q;
  span *v = NULL;
  size_t nv = 0, cap = 0;
  int rc;
  if (sto_prepare(st->db, "SELECT seq, details FROM audit WHERE action = 'screen.batch' ORDER BY seq", &q) !=
      STO_OK)
    return sto_fail(st, "reading the batches");
  while ((rc = sto_step(q)) == STO_ROW) {
    const char *d = (const char *)sto_col_text(q, 1), *p;
    if (nv == cap) {
      size_t nc = cap ? 2 * cap : 64;
      span *g = mem_realloc(&st->m, v, nc, sizeof *g);
      if (!g) {
        sto_finalize(q);
        mem_free(&st->m, v);
        return ZEEF_E_NOMEM;
      }
      v = g;
      cap = nc;
    }
    v[nv].seq = sto_col_int(q, 0);
    v[nv].first = (p = strstr(d, "\"first\":")) ? strtoll(p + 8, NULL, 10) : 0;
    v[nv].last = (p = strstr(d, "\"last\":")) ? strtoll(p + 7, NULL, 10) : 0;
    nv++;
  }
  sto_finalize(q);
  if (rc != STO_DONE) {
    mem_free(&st->m, v);
    return sto_fail(st, "reading the batches");
  }
  *out = v;
  *n = nv;
  return ZEEF_OK;
}

/* The batch's bounds and, when t is set, a third value, bound to ?1 ?2 ?3. */
#define SPAN(f, l, t) (sto_arg[]){{(f), NULL, 0}, {(l), NULL, 0}, {0, (t), (t) == NULL}}, 3

/* A traveller held: a case's, or one a re-screening or suppression points to. */
#define HELD                                                                                                     \
  "(EXISTS (SELECT 1 FROM cases c WHERE c.traveller_id = travellers.id)"                                         \
  " OR EXISTS (SELECT 1 FROM travellers r WHERE r.rescreen_of = travellers.id))"

zeef_status zeef_store_retain(zeef_store *st, int retention_days, int purge_days, zeef_retention_counts *out) {
  span *b = NULL;
  size_t nb = 0;
  char mask_before[32], purge_before[32], now[32];
  zeef_status rc;
  if (!st || !out || retention_days < 0 || purge_days < 0) return ZEEF_E_INVALID;
  memset(out, 0, sizeof *out);
  if (st->run) {
    snprintf(st->err, sizeof st->err, "a run is in progress");
    return ZEEF_E_INVALID;
  }
  if (!retention_days) retention_days = ZEEF_RETENTION_DAYS;
  if (!purge_days) purge_days = ZEEF_PURGE_DAYS;
  sto_time_in(st, -retention_days, mask_before);
  sto_time_in(st, -purge_days, purge_before);
  sto_now(st, now);
  if ((rc = batches(st, &b, &nb))) return rc;
  for (size_t i = 0; i < nb && !rc; i++) {
    int64_t f = b[i].first, l = b[i].last, masked = 0, purged = 0, emptied = 0;
    const char *newest_sql = "SELECT count(*) FROM travellers WHERE id BETWEEN ?1 AND ?2 AND received_at >= ?3";
    /* a batch is old enough when none of its screenings is younger */
    const char *purge; /* "purge" when the batch is past purge_days too, else NULL */
    if (sto_scalar(st, newest_sql, SPAN(f, l, mask_before)) != 0) continue;
    purge = sto_scalar(st, newest_sql, SPAN(f, l, purge_before)) == 0 ? "purge" : NULL;
    if (sto_scalar(st,
                   "SELECT count(*) FROM travellers WHERE id BETWEEN ?1 AND ?2 AND (masked_at IS NULL OR"
                   " (NOT " HELD ") OR (CAST(?3 AS TEXT) IS NOT NULL AND name IS NOT NULL))",
                   SPAN(f, l, purge)) == 0)
      continue; /* nothing left to do here */
    if (sto_begin(st->db) != STO_OK) {
      rc = sto_fail(st, "retention");
      break;
    }
    masked = mask_span(st, f, l, now);
    /* what they shared (contacts, cards, documents) goes with the mask */
    if (masked >= 0 &&
        sto_run(st, "DELETE FROM shares WHERE traveller_id BETWEEN ?1 AND ?2", SPAN(f, l, NULL)) < 0)
      masked = -1;
    /* deleted: what no case holds (its hits first; the suppressions that
    ** came of it end with it) */
    if (masked >= 0)
      purged =
          sto_run(st,
                  "DELETE FROM hits WHERE traveller_id IN (SELECT id FROM travellers"
                  " WHERE id BETWEEN ?1 AND ?2 AND NOT " HELD ") AND id NOT IN (SELECT hit_id FROM matches)",
                  SPAN(f, l, NULL)) < 0
              ? -1
              : sto_run(st,
                        "DELETE FROM travellers WHERE id BETWEEN ?1 AND ?2 AND NOT " HELD
                        " AND NOT EXISTS (SELECT 1 FROM hits h WHERE h.traveller_id = travellers.id)",
                        SPAN(f, l, NULL));
    /* five years on: what cases keep is emptied of the person */
    if (purged >= 0 && purge) {
      emptied =
          sto_run(st,
                  "UPDATE travellers SET name = NULL, birth_date = NULL, nationality = NULL, gender = NULL,"
                  " doc_number = NULL, doc_country = NULL, record_id = '', warnings = '[]', source = NULL"
                  " WHERE id BETWEEN ?1 AND ?2 AND name IS NOT NULL",
                  SPAN(f, l, NULL));
      if (emptied >= 0 &&
          (sto_run(st, "UPDATE hits SET evidence = '[]', detail = NULL WHERE traveller_id BETWEEN ?1 AND ?2",
                   SPAN(f, l, NULL)) < 0 ||
           sto_run(st,
                   "UPDATE decisions SET note = NULL WHERE case_id IN (SELECT id FROM cases"
                   " WHERE traveller_id BETWEEN ?1 AND ?2)",
                   SPAN(f, l, NULL)) < 0))
        emptied = -1;
    }
    if (masked < 0 || purged < 0 || emptied < 0) {
      rc = sto_fail(st, "retention");
    } else {
      char root[65], details[384], id[24];
      int64_t nt = 0, nh = 0;
      if (!(rc = sto_batch_root(st, f, l, root, &nt, &nh))) {
        snprintf(details, sizeof details,
                 "{\"batch\":%lld,\"emptied\":%lld,\"first\":%lld,\"hits\":%lld,\"last\":%lld,\"masked\":%lld,"
                 "\"purged\":%lld,\"root\":\"%s\",\"travellers\":%lld}",
                 (long long)b[i].seq, (long long)emptied, (long long)f, (long long)nh, (long long)l,
                 (long long)masked, (long long)purged, root, (long long)nt);
        snprintf(id, sizeof id, "%lld", (long long)b[i].seq);
        rc = sto_audit(st, "system:retention", "system", "retention", "retention.apply", "batch", id, "ok", details);
      }
    }
    if (rc || sto_exec(st->db, "COMMIT") != STO_OK) {
      sto_exec(st->db, "ROLLBACK");
      if (!rc) rc = sto_fail(st, "retention");
      break;
    }
    out->masked += masked;
    out->purged += purged;
    out->batches++;
  }
  mem_free(&st->m, b);
  return rc;
}

/* ---------------------------------------------------------- Re-identify */

zeef_status zeef_store_reidentify(zeef_store *st, const zeef_actor *who, int64_t case_id, const zeef_reidentify *r,
                                  zeef_reidentified *out, char *detail, size_t cap) {
  const char *asked[3];
  int *res[3];
  char stored[3][128], masked_at[40] = "", id[24], details[768];
  sto_stmt *q;
  zeef_status rc;
  int src;
  if (!st || !who || !who->user || !r || !out || !detail || !cap) return ZEEF_E_INVALID;
  detail[0] = 0;
  out->name = out->birth_date = out->document_number = -1;
  if (!sto_has_role(who->role, "supervisor")) {
    snprintf(detail, cap, "re-identification is recorded by a supervisor");
    return ZEEF_E_FORBIDDEN;
  }
  if (!r->authority || !*r->authority || !r->reference || !*r->reference || !r->approval_sha256 ||
      strlen(r->approval_sha256) != 64 || strspn(r->approval_sha256, "0123456789abcdef") != 64 || !who->purpose ||
      !*who->purpose) {
    snprintf(detail, cap, "re-identification needs the approving authority, its reference, the SHA-256 of its "
                          "document (64 lower-case hex digits) and a purpose");
    return ZEEF_E_INVALID;
  }
  if (!st->secret_len) {
    snprintf(detail, cap, "the store has no secret: masked values cannot be compared");
    return ZEEF_E_INVALID;
  }
  if (sto_prepare(st->db,
                  "SELECT t.name, t.birth_date, t.doc_number, t.masked_at FROM cases c"
                  " JOIN travellers t ON t.id = c.traveller_id WHERE c.id = ?",
                  &q) != STO_OK)
    return sto_fail(st, "re-identifying");
  sto_bind_int(q, 1, case_id);
  src = sto_step(q);
  if (src == STO_ROW) {
    for (int i = 0; i < 3; i++) {
      const char *v = (const char *)sto_col_text(q, i);
      snprintf(stored[i], sizeof stored[i], "%s", v ? v : "");
    }
    if (sto_col_type(q, 3) != STO_NULL)
      snprintf(masked_at, sizeof masked_at, "%s", (const char *)sto_col_text(q, 3));
  }
  sto_finalize(q);
  if (src == STO_DONE) {
    snprintf(detail, cap, "no case %lld", (long long)case_id);
    return ZEEF_E_NOTFOUND;
  }
  if (src != STO_ROW) return sto_fail(st, "re-identifying");
  if (!masked_at[0]) {
    snprintf(detail, cap, "the traveller of case %lld is not masked: read the case", (long long)case_id);
    return ZEEF_E_CONFLICT;
  }
  asked[0] = r->name, asked[1] = r->birth_date, asked[2] = r->document_number;
  res[0] = &out->name, res[1] = &out->birth_date, res[2] = &out->document_number;
  for (int i = 0; i < 3; i++) {
    char m[48];
    if (!asked[i] || !*asked[i] || strncmp(stored[i], "masked:", 7) != 0 || mask_value(st, asked[i], m)) continue;
    *res[i] = strcmp(m, stored[i]) == 0;
  }
  /* recorded: who, on whose approval, what was asked and what came of it
  ** (the two free texts kept to what JSON takes unescaped) */
  char authority[101], reference[101];
  snprintf(authority, sizeof authority, "%s", r->authority);
  snprintf(reference, sizeof reference, "%s", r->reference);
  for (char *p = authority; *p; p++)
    if ((unsigned char)*p < 0x20 || *p == '"' || *p == '\\') *p = ' ';
  for (char *p = reference; *p; p++)
    if ((unsigned char)*p < 0x20 || *p == '"' || *p == '\\') *p = ' ';
  snprintf(details, sizeof details,
           "{\"approval_sha256\":\"%s\",\"authority\":\"%.100s\",\"birth_date\":%d,\"case\":%lld,"
           "\"document_number\":%d,\"name\":%d,\"reference\":\"%.100s\"}",
           r->approval_sha256, authority, out->birth_date, (long long)case_id, out->document_number, out->name,
           reference);
  snprintf(id, sizeof id, "%lld", (long long)case_id);
  if (sto_begin(st->db) != STO_OK) return sto_fail(st, "re-identifying");
  if ((rc = sto_audit(st, who->user, "supervisor", who->purpose, "traveller.reidentify", "case", id, "ok",
                      details)) ||
      sto_exec(st->db, "COMMIT") != STO_OK) {
    sto_exec(st->db, "ROLLBACK");
    return rc ? rc : sto_fail(st, "re-identifying");
  }
  return ZEEF_OK;
}
