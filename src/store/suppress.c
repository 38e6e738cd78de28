/*
** suppress.c: suppressions ("good guys"): one traveller identity against
** one listed entity as listed now, so that a dismissed alert does not come
** back for that traveller alone.
**
** The identity is keyed (HMAC-SHA256 under a secret kept outside the
** store), so the store holds no usable identifier in it: of the document
** (issuing country, number: letters and digits, upper case) and the full
** birth date; without a document, of the name (its words lower-cased and
** sorted), the full birth date and the nationality. A record with less
** (no full birth date) has no identity and cannot be suppressed: a
** suppression keyed on a name alone would silence every namesake.
**
**   proposed --approve (a supervisor, not the proposer)--> active
**   proposed --reject--> rejected        active --revoke--> revoked
**   active --the entity's digest changed--> lapsed  (at the next screening)
**   active --expires_at passed--> expired           (at the next screening)
**
** Each change is an audit entry; lapses and expiries are the system's.
*/
#include "store.h"

#include <ctype.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

zeef_status zeef_store_set_secret(zeef_store *st, const void *key, size_t n) {
  if (!st || !key || n < 16 || n > sizeof st->secret) return ZEEF_E_INVALID;
  memcpy(st->secret, key, n);
  st->secret_len = n;
  return ZEEF_OK;
}

static int by_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The words of a name lower-cased and sorted, one space between, into out. */
static void name_key(const char *name, char *out, size_t cap) {
  char buf[ZEEF_NAME_MAX_BYTES + 1], *words[ZEEF_NAME_MAX_TOKENS * 2];
  size_t n = 0, k = 0, nw = 0;
  for (const char *p = name; *p && k + 1 < sizeof buf; p++) {
    unsigned char c = (unsigned char)*p;
    buf[k++] = c >= 0x80 || isalnum(c) ? (char)tolower(c) : ' ';
  }
  buf[k] = 0;
  for (char *w = strtok(buf, " "); w && nw < sizeof words / sizeof words[0]; w = strtok(NULL, " ")) words[nw++] = w;
  qsort(words, nw, sizeof *words, by_str);
  out[0] = 0;
  for (size_t i = 0; i < nw && n + strlen(words[i]) + 2 < cap; i++)
    n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? " " : "", words[i]);
}

void sto_identity(const zeef_store *st, const zeef_record *rec, char hex[65]) {
  char text[2 * ZEEF_NAME_MAX_BYTES + 96], date[32], doc[96];
  unsigned char md[32];
  unsigned mdn = 0;
  size_t k = 0;
  hex[0] = 0;
  if (!st->secret_len || rec->birth.kind != ZEEF_DATE_DAY) return;
  zeef_date_format(&rec->birth, date, sizeof date);
  for (const char *p = rec->doc_number; p && *p && k + 1 < sizeof doc; p++)
    if (isalnum((unsigned char)*p)) doc[k++] = (char)toupper((unsigned char)*p);
  doc[k] = 0;
  if (k >= 5) {
    snprintf(text, sizeof text, "zeef.id1|doc|%s|%s|%s", rec->doc_country, doc, date);
  } else if (rec->nationality[0] && rec->name && *rec->name) {
    char nk[ZEEF_NAME_MAX_BYTES + 1];
    name_key(rec->name, nk, sizeof nk);
    if (!nk[0]) return;
    snprintf(text, sizeof text, "zeef.id1|name|%s|%s|%s", nk, date, rec->nationality);
  } else {
    return;
  }
  if (!HMAC(EVP_sha256(), st->secret, (int)st->secret_len, (const unsigned char *)text, strlen(text), md, &mdn) ||
      mdn != 32)
    return;
  sto_hex(md, 32, hex);
}

/* Ends suppression id (a system's change), with its entry. */
static zeef_status end_suppression(zeef_store *st, int64_t id, const char *state, const char *why, const char *now) {
  sto_stmt *q;
  char sid[24], details[256];
  int rc;
  if (sto_prepare(st->db,
                  "UPDATE suppressions SET state = ?1, ended_at = ?2, end_reason = ?3, version = version + 1"
                  " WHERE id = ?4",
                  &q) != STO_OK)
    return sto_fail(st, "ending a suppression");
  sto_bind_text(q, 1, state);
  sto_bind_text(q, 2, now);
  sto_bind_text(q, 3, why);
  sto_bind_int(q, 4, id);
  rc = sto_step(q);
  sto_finalize(q);
  if (rc != STO_DONE) return sto_fail(st, "ending a suppression");
  snprintf(sid, sizeof sid, "%lld", (long long)id);
  {
    char digest[65];
    if (sto_row_digest(st, "suppression", id, digest)) return sto_fail(st, "ending a suppression");
    snprintf(details, sizeof details, "{\"digest\":\"%s\",\"state\":\"%s\",\"suppression\":%lld}", digest, state,
             (long long)id);
  }
  return sto_audit(st, "system:screening", "system", "screening", strcmp(state, "lapsed") == 0 ? "suppression.lapse"
                                                                                               : "suppression.expire",
                   "suppression", sid, "ok", details);
}

zeef_status sto_suppressed(zeef_store *st, const char *identity, const char *list, const char *entity_id,
                           const char *digest, const char *now, sto_verdict *v) {
  sto_stmt *q;
  int64_t id = 0;
  char listed[65] = "", expires[32] = "";
  int rc;
  memset(v, 0, sizeof *v);
  if (sto_prepare(st->db,
                  "SELECT id, entity_digest, expires_at FROM suppressions WHERE identity = ?1 AND list = ?2"
                  " AND entity_id = ?3 AND state = 'active' ORDER BY id DESC LIMIT 1",
                  &q) != STO_OK)
    return sto_fail(st, "reading the suppressions");
  sto_bind_text(q, 1, identity);
  sto_bind_text(q, 2, list);
  sto_bind_text(q, 3, entity_id);
  rc = sto_step(q);
  if (rc == STO_ROW) {
    id = sto_col_int(q, 0);
    snprintf(listed, sizeof listed, "%s", (const char *)sto_col_text(q, 1));
    snprintf(expires, sizeof expires, "%s", (const char *)sto_col_text(q, 2));
  }
  sto_finalize(q);
  if (rc != STO_ROW && rc != STO_DONE) return sto_fail(st, "reading the suppressions");
  if (!id) return ZEEF_OK;
  if (strcmp(expires, now) <= 0) return end_suppression(st, id, "expired", "its time ran out", now);
  v->suppression = id;
  if (strcmp(listed, digest) != 0) {
    v->lapsed = 1;
    return end_suppression(st, id, "lapsed", "the listed entry changed", now);
  }
  return ZEEF_OK;
}

/* ---------------------------------------------------------------- Actions */

#define FAIL(code, ...)                                                    \
  do {                                                                     \
    snprintf(detail, cap, __VA_ARGS__);                                    \
    rc = code;                                                             \
    goto refuse;                                                           \
  } while (0)

zeef_status zeef_store_suppress(zeef_store *st, const zeef_actor *who, const zeef_suppress *s, int64_t *id,
                                char *detail, size_t cap) {
  static const char *const names[] = {"propose", "approve", "reject", "revoke"};
  char now[32], sid[24], details[256], state[16] = "", proposer[64] = "";
  const char *role, *next = NULL, *action;
  sto_stmt *q;
  zeef_status rc = ZEEF_OK;
  int src;
  if (!st || !who || !who->user || !s || !id || !detail || !cap || (unsigned)s->action > ZEEF_SUPPRESS_REVOKE)
    return ZEEF_E_INVALID;
  detail[0] = 0;
  *id = 0;
  action = names[s->action];
  if (!s->note || !*s->note) {
    snprintf(detail, cap, "a suppression's %s needs a note saying why", action);
    return ZEEF_E_INVALID;
  }
  if (s->action == ZEEF_SUPPRESS_PROPOSE && (s->days < 0 || s->days > ZEEF_SUPPRESS_DAYS_MAX)) {
    snprintf(detail, cap, "a suppression lasts 1 to %d days", ZEEF_SUPPRESS_DAYS_MAX);
    return ZEEF_E_INVALID;
  }
  role = sto_has_role(who->role, "supervisor") ? "supervisor" : sto_has_role(who->role, "analyst") ? "analyst" : NULL;
  if (sto_begin(st->db) != STO_OK) return sto_fail(st, "suppressing");
  sto_now(st, now);
  if (s->action == ZEEF_SUPPRESS_PROPOSE) {
    char identity[65] = "", list[128] = "", entity[128] = "", digest[65] = "";
    if (!role) FAIL(ZEEF_E_FORBIDDEN, "proposing a suppression needs the analyst or supervisor role");
    if (sto_prepare(
            st->db,
            "SELECT m.state, t.identity, h.list, h.entity_id, h.entity_digest FROM matches m"
            " JOIN hits h ON h.id = m.hit_id JOIN travellers t ON t.id = h.traveller_id WHERE m.id = ?",
            &q) != STO_OK)
      goto store_error;
    sto_bind_int(q, 1, s->id);
    src = sto_step(q);
    if (src == STO_ROW) {
      snprintf(state, sizeof state, "%s", (const char *)sto_col_text(q, 0));
      if (sto_col_type(q, 1) != STO_NULL)
        snprintf(identity, sizeof identity, "%s", (const char *)sto_col_text(q, 1));
      snprintf(list, sizeof list, "%s", (const char *)sto_col_text(q, 2));
      snprintf(entity, sizeof entity, "%s", (const char *)sto_col_text(q, 3));
      snprintf(digest, sizeof digest, "%s", (const char *)sto_col_text(q, 4));
    }
    sto_finalize(q);
    if (src != STO_ROW && src != STO_DONE) goto store_error;
    if (src == STO_DONE) FAIL(ZEEF_E_NOTFOUND, "no match %lld", (long long)s->id);
    if (strcmp(state, "dismissed") != 0)
      FAIL(ZEEF_E_CONFLICT, "only a dismissed match may be suppressed; this one is %s", state);
    if (!identity[0])
      FAIL(ZEEF_E_INVALID, "the traveller's identity is too weak to key a suppression (it needs a full birth "
                           "date with a document, or with the nationality), or the store has no secret");
    if (sto_prepare(st->db,
                    "SELECT count(*) FROM suppressions WHERE identity = ?1 AND list = ?2 AND entity_id = ?3"
                    " AND state IN ('proposed', 'active')",
                    &q) != STO_OK)
      goto store_error;
    sto_bind_text(q, 1, identity);
    sto_bind_text(q, 2, list);
    sto_bind_text(q, 3, entity);
    src = sto_step(q) == STO_ROW ? (int)sto_col_int(q, 0) : -1;
    sto_finalize(q);
    if (src < 0) goto store_error;
    if (src > 0) FAIL(ZEEF_E_CONFLICT, "a suppression of this traveller against %s %s is already proposed or active",
                      list, entity);
    {
      char expires[32];
      sto_time_in(st, s->days ? s->days : ZEEF_SUPPRESS_DAYS_DEFAULT, expires);
      if (sto_prepare_as(
              st->db,
              "INSERT INTO suppressions(identity, list, entity_id, entity_digest, match_id, state,"
              " proposed_by, note, created_at, expires_at) VALUES (?, ?, ?, ?, ?, 'proposed', ?, ?, ?, ?)",
              STO_NEW_ID, &q) != STO_OK)
        goto store_error;
      sto_bind_text(q, 1, identity);
      sto_bind_text(q, 2, list);
      sto_bind_text(q, 3, entity);
      sto_bind_text(q, 4, digest);
      sto_bind_int(q, 5, s->id);
      sto_bind_text(q, 6, who->user);
      sto_bind_text(q, 7, s->note);
      sto_bind_text(q, 8, now);
      sto_bind_text(q, 9, expires);
      src = sto_step(q);
      sto_finalize(q);
      if (src != STO_DONE) goto store_error;
      *id = sto_last_id(st->db);
    }
    next = "proposed";
  } else {
    if (sto_prepare(st->db, "SELECT state, proposed_by FROM suppressions WHERE id = ?", &q) != STO_OK)
      goto store_error;
    sto_bind_int(q, 1, s->id);
    src = sto_step(q);
    if (src == STO_ROW) {
      snprintf(state, sizeof state, "%s", (const char *)sto_col_text(q, 0));
      snprintf(proposer, sizeof proposer, "%s", (const char *)sto_col_text(q, 1));
    }
    sto_finalize(q);
    if (src != STO_ROW && src != STO_DONE) goto store_error;
    if (src == STO_DONE) FAIL(ZEEF_E_NOTFOUND, "no suppression %lld", (long long)s->id);
    *id = s->id;
    if (!role || strcmp(role, "supervisor") != 0 ||
        (s->action != ZEEF_SUPPRESS_REVOKE && strcmp(proposer, who->user) == 0)) {
      snprintf(detail, cap, "%s", !role || strcmp(role, "supervisor") != 0
                                      ? "a suppression is approved, rejected or revoked by a supervisor"
                                      : "four eyes: the proposer of a suppression cannot decide on it");
      rc = ZEEF_E_FORBIDDEN;
      snprintf(sid, sizeof sid, "%lld", (long long)s->id);
      snprintf(details, sizeof details, "{\"state\":\"%s\",\"suppression\":%lld}", state, (long long)s->id);
      if (sto_audit(st, who->user, role ? role : (who->role ? who->role : ""),
                    who->purpose ? who->purpose : "review", "suppression.denied", "suppression", sid,
                    "denied", details) ||
          sto_exec(st->db, "COMMIT") != STO_OK)
        goto store_error;
      return rc;
    }
    if (s->action == ZEEF_SUPPRESS_REVOKE ? strcmp(state, "active") != 0 : strcmp(state, "proposed") != 0)
      FAIL(ZEEF_E_CONFLICT, "a %s suppression cannot be %s", state,
           s->action == ZEEF_SUPPRESS_REVOKE ? "revoked" : s->action == ZEEF_SUPPRESS_APPROVE ? "approved" : "rejected");
    next = s->action == ZEEF_SUPPRESS_APPROVE ? "active" : s->action == ZEEF_SUPPRESS_REJECT ? "rejected" : "revoked";
    if (sto_prepare(st->db,
                    "UPDATE suppressions SET state = ?1, decided_by = ?2, version = version + 1,"
                    " ended_at = CASE WHEN ?1 = 'active' THEN NULL ELSE ?3 END,"
                    " end_reason = CASE WHEN ?1 = 'active' THEN NULL ELSE ?1 END WHERE id = ?4",
                    &q) != STO_OK)
      goto store_error;
    sto_bind_text(q, 1, next);
    sto_bind_text(q, 2, who->user);
    sto_bind_text(q, 3, now);
    sto_bind_int(q, 4, s->id);
    src = sto_step(q);
    sto_finalize(q);
    if (src != STO_DONE) goto store_error;
  }
  snprintf(sid, sizeof sid, "%lld", (long long)*id);
  {
    char digest[65];
    if (sto_row_digest(st, "suppression", *id, digest)) goto store_error;
    snprintf(details, sizeof details, "{\"digest\":\"%s\",\"match\":%lld,\"state\":\"%s\",\"suppression\":%lld}",
             digest, (long long)(s->action == ZEEF_SUPPRESS_PROPOSE ? s->id : 0), next, (long long)*id);
  }
  {
    char act[32];
    snprintf(act, sizeof act, "suppression.%s", action);
    if ((rc = sto_audit(st, who->user, role, who->purpose ? who->purpose : "review", act, "suppression", sid, "ok",
                        details)))
      goto rollback;
  }
  if (sto_exec(st->db, "COMMIT") != STO_OK) goto store_error;
  return ZEEF_OK;
refuse:
  sto_exec(st->db, "ROLLBACK");
  return rc;
store_error:
  rc = sto_fail(st, "suppressing");
rollback:
  sto_exec(st->db, "ROLLBACK");
  snprintf(detail, cap, "%.200s", st->err);
  return rc;
}
