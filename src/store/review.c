/*
** review.c: what people do with cases (zeef_store_review) and what they
** read of them (zeef_store_case).
**
** One action is one transaction (BEGIN IMMEDIATE): read the case, check
** the version the user read, the role and the state, change the case and
** its matches, add the decision and the audit entry, commit. So two
** reviewers acting on one case at once cannot both win: the second finds
** another version and gets ZEEF_E_CONFLICT with the state as it now is.
**
** Four eyes: a confirmation is a proposal stored on the match (who, the
** reason, the digest of the hit's evidence); only a supervisor who is not
** its author approves it, and only while the evidence is what was
** proposed on. A refusal for the role or for four eyes is an audit entry
** ("denied") in a transaction of its own.
*/
#include "store.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------- Names */

static const char *const action_names[] = {"take",    "release", "dismiss",   "confirm",
                                           "inconclusive", "approve", "send_back", "reopen"};
#define NACTIONS (sizeof action_names / sizeof action_names[0])

const char *zeef_review_action_name(zeef_review_action a) {
  return (unsigned)a < NACTIONS ? action_names[a] : NULL;
}

int zeef_review_action_parse(const char *s) {
  for (size_t i = 0; s && i < NACTIONS; i++)
    if (strcmp(s, action_names[i]) == 0) return (int)i;
  return -1;
}

static const char *const dismiss_codes[] = {"DIFF_BIRTHDATE",   "DIFF_NATIONALITY", "DIFF_DOCUMENT",
                                            "DIFF_GENDER",      "DIFF_ENTITY_TYPE", "DIFF_AGE",
                                            "NAME_ONLY",        "DUPLICATE_ALERT",  "BAD_INPUT", NULL};
static const char *const confirm_codes[] = {"SAME_DOCUMENT", "SAME_BIOGRAPHIC", "SAME_EXTERNAL", NULL};
static const char *const inconclusive_codes[] = {"INCONCLUSIVE", NULL};
static const char *const back_codes[] = {"EVIDENCE_INSUFFICIENT", "WRONG_REASON", "NEW_INFORMATION", "POLICY",
                                         NULL};
static const char *const approve_codes[] = {"AGREED",         "EVIDENCE_INSUFFICIENT", "WRONG_REASON",
                                            "NEW_INFORMATION", "POLICY",               NULL};

static int in(const char *const *codes, const char *s) {
  for (; s && *codes; codes++)
    if (strcmp(*codes, s) == 0) return 1;
  return 0;
}

int zeef_reason_ok(zeef_review_action a, const char *reason) {
  switch (a) {
  case ZEEF_REVIEW_TAKE:
  case ZEEF_REVIEW_RELEASE: return !reason || !*reason;
  case ZEEF_REVIEW_DISMISS: return in(dismiss_codes, reason);
  case ZEEF_REVIEW_CONFIRM: return in(confirm_codes, reason);
  case ZEEF_REVIEW_INCONCLUSIVE: return in(inconclusive_codes, reason);
  case ZEEF_REVIEW_APPROVE: return in(approve_codes, reason);
  case ZEEF_REVIEW_SEND_BACK:
  case ZEEF_REVIEW_REOPEN: return in(back_codes, reason);
  }
  return 0;
}

int sto_has_role(const char *roles, const char *role) {
  size_t n = strlen(role);
  for (const char *p = roles; p && *p;) {
    const char *end = strchr(p, ',');
    size_t k = end ? (size_t)(end - p) : strlen(p);
    if (k == n && memcmp(p, role, n) == 0) return 1;
    p = end ? end + 1 : p + k;
  }
  return 0;
}

/* --------------------------------------------------------------- Digests */

/* Hashes the rows sql gives for id into h. */
static int hash_rows(zeef_store *st, sto_sha *h, const char *sql, int64_t id) {
  sto_stmt *q;
  int rc;
  if (sto_prepare(st->db, sql, &q) != STO_OK) return -1;
  sto_bind_int(q, 1, id);
  while ((rc = sto_step(q)) == STO_ROW)
    for (int i = 0; i < sto_col_count(q); i++) {
      unsigned char tag = (unsigned char)sto_col_type(q, i);
      sto_sha_add(h, &tag, 1);
      sto_sha_lp(h, tag == STO_NULL ? NULL : (const char *)sto_col_text(q, i));
    }
  sto_finalize(q);
  return rc == STO_DONE ? 0 : -1;
}

/* What a digest covers, by object: the columns are named, so that a later
** migration adding one does not change the digests entries recorded. A
** case's covers its matches and its decisions (their notes aside: retention
** empties them, and each note's SHA-256 is in its decision's entry). */
int sto_row_digest(zeef_store *st, const char *type, int64_t id, char hex[65]) {
  sto_sha h;
  unsigned char d[STO_HASH_LEN];
  int bad;
  sto_sha_init(&h);
  if (strcmp(type, "case") == 0)
    bad = hash_rows(st, &h,
                    "SELECT id, traveller_id, state, owner, origin, priority, opened_at, updated_at, version,"
                    " escalated FROM cases WHERE id = ?1",
                    id) ||
          hash_rows(st, &h,
                    "SELECT id, case_id, hit_id, state, version, proposed_by, proposal_reason, proposal_digest"
                    " FROM matches WHERE case_id = ?1 ORDER BY id",
                    id) ||
          hash_rows(st, &h,
                    "SELECT id, case_id, match_id, at, actor, role, action, reason, case_version FROM decisions"
                    " WHERE case_id = ?1 ORDER BY id",
                    id);
  else if (strcmp(type, "suppression") == 0)
    bad = hash_rows(st, &h,
                    "SELECT id, identity, list, entity_id, entity_digest, match_id, state, proposed_by, decided_by,"
                    " note, created_at, expires_at, ended_at, end_reason, version FROM suppressions WHERE id = ?1",
                    id);
  else if (strcmp(type, "run") == 0)
    bad = hash_rows(st, &h,
                    "SELECT id, started_at, finished_at, actor, source, zeef, model, lists, threshold, records,"
                    " alerts, errors FROM runs WHERE id = ?1",
                    id);
  else
    bad = 1;
  if (sto_sha_final(&h, d) || bad) return -1;
  sto_hex(d, sizeof d, hex);
  return 0;
}

/* The digest of a hit's evidence as the scorer left it: what a proposal
** was made on. */
static int hit_digest(zeef_store *st, int64_t hit_id, char hex[65]) {
  sto_sha h;
  unsigned char d[STO_HASH_LEN];
  int bad;
  sto_sha_init(&h);
  bad = hash_rows(st, &h,
                  "SELECT list, list_version, entity_id, entity_digest, score, evidence FROM hits WHERE id = ?1",
                  hit_id);
  if (sto_sha_final(&h, d) || bad) return -1;
  sto_hex(d, sizeof d, hex);
  return 0;
}

/* ----------------------------------------------------------------- Review */

typedef struct kase {
  int64_t id, version, traveller;
  char state[24], owner[64];
} kase;

typedef struct match {
  int64_t id, case_id, hit;
  char state[16], proposed_by[64], proposal_digest[65];
} match;

static int load_case(zeef_store *st, int64_t id, kase *c) {
  sto_stmt *q;
  int rc;
  memset(c, 0, sizeof *c);
  if (sto_prepare(st->db, "SELECT id, version, traveller_id, state, owner FROM cases WHERE id = ?", &q) !=
      STO_OK)
    return -1;
  sto_bind_int(q, 1, id);
  rc = sto_step(q);
  if (rc == STO_ROW) {
    c->id = sto_col_int(q, 0);
    c->version = sto_col_int(q, 1);
    c->traveller = sto_col_int(q, 2);
    snprintf(c->state, sizeof c->state, "%s", (const char *)sto_col_text(q, 3));
    if (sto_col_type(q, 4) != STO_NULL)
      snprintf(c->owner, sizeof c->owner, "%s", (const char *)sto_col_text(q, 4));
  }
  sto_finalize(q);
  return rc == STO_ROW ? 1 : rc == STO_DONE ? 0 : -1;
}

static int load_match(zeef_store *st, int64_t id, match *m) {
  sto_stmt *q;
  int rc;
  memset(m, 0, sizeof *m);
  if (sto_prepare(st->db,
                  "SELECT id, case_id, hit_id, state, proposed_by, proposal_digest FROM matches WHERE id = ?",
                  &q) != STO_OK)
    return -1;
  sto_bind_int(q, 1, id);
  rc = sto_step(q);
  if (rc == STO_ROW) {
    m->id = sto_col_int(q, 0);
    m->case_id = sto_col_int(q, 1);
    m->hit = sto_col_int(q, 2);
    snprintf(m->state, sizeof m->state, "%s", (const char *)sto_col_text(q, 3));
    if (sto_col_type(q, 4) != STO_NULL)
      snprintf(m->proposed_by, sizeof m->proposed_by, "%s", (const char *)sto_col_text(q, 4));
    if (sto_col_type(q, 5) != STO_NULL)
      snprintf(m->proposal_digest, sizeof m->proposal_digest, "%s", (const char *)sto_col_text(q, 5));
  }
  sto_finalize(q);
  return rc == STO_ROW ? 1 : rc == STO_DONE ? 0 : -1;
}

static void note_sha(const char *note, char hex[65]) {
  sto_sha h;
  unsigned char d[STO_HASH_LEN];
  sto_sha_init(&h);
  sto_sha_add(&h, note ? note : "", note ? strlen(note) : 0);
  if (sto_sha_final(&h, d)) hex[0] = 0;
  else sto_hex(d, sizeof d, hex);
}

/* The audit entry of an action on case c (its state and version now). */
static zeef_status audit_action(zeef_store *st, const zeef_actor *who, const char *role, const zeef_review *r,
                                const char *outcome, const char *state, int64_t version, const char *digest) {
  char details[768], id[24], nh[65];
  note_sha(r->note, nh);
  snprintf(details, sizeof details,
           "{\"case\":%lld,\"digest\":\"%s\",\"match\":%lld,\"note_sha256\":\"%s\",\"reason\":\"%s\","
           "\"state\":\"%s\",\"version\":%lld}",
           (long long)r->case_id, digest ? digest : "", (long long)r->match_id, nh, r->reason ? r->reason : "",
           state, (long long)version);
  snprintf(id, sizeof id, "%lld", (long long)r->case_id);
  return sto_audit(st, who->user, role, who->purpose ? who->purpose : "review",
                   zeef_review_action_name(r->action), "case", id, outcome, details);
}

#define REFUSE(code, ...)                                                  \
  do {                                                                     \
    snprintf(out->detail, sizeof out->detail, __VA_ARGS__);                \
    rc = code;                                                             \
    goto refuse;                                                           \
  } while (0)

zeef_status zeef_store_review(zeef_store *st, const zeef_actor *who, const zeef_review *r,
                              zeef_review_result *out) {
  kase c;
  match m;
  zeef_status rc = ZEEF_OK;
  const char *role, *next = NULL, *act;
  char now[32], digest[65];
  int decides, needs_match, got;
  if (!st || !who || !who->user || !r || !out) return ZEEF_E_INVALID;
  memset(out, 0, sizeof *out);
  act = zeef_review_action_name(r->action);
  if (!act) {
    snprintf(out->detail, sizeof out->detail, "unknown action");
    return ZEEF_E_INVALID;
  }
  if (!zeef_reason_ok(r->action, r->reason)) {
    snprintf(out->detail, sizeof out->detail, "%s %s", act,
             r->action <= ZEEF_REVIEW_RELEASE ? "takes no reason code" : "needs one of its reason codes");
    return ZEEF_E_INVALID;
  }
  if (r->action > ZEEF_REVIEW_RELEASE && (!r->note || !*r->note)) {
    snprintf(out->detail, sizeof out->detail, "%s needs a note saying why", act);
    return ZEEF_E_INVALID;
  }
  decides = r->action == ZEEF_REVIEW_DISMISS || r->action == ZEEF_REVIEW_CONFIRM ||
            r->action == ZEEF_REVIEW_INCONCLUSIVE;
  needs_match = decides || r->action == ZEEF_REVIEW_APPROVE || r->action == ZEEF_REVIEW_SEND_BACK;
  /* the role the action is done in */
  role = sto_has_role(who->role, "supervisor") ? "supervisor" : sto_has_role(who->role, "analyst") ? "analyst" : NULL;
  if (sto_begin(st->db) != STO_OK) return sto_fail(st, "reviewing");
  st->in_tx = 1;
  got = load_case(st, r->case_id, &c);
  if (got < 0) goto store_error;
  if (!got) REFUSE(ZEEF_E_NOTFOUND, "no case %lld", (long long)r->case_id);
  snprintf(out->state, sizeof out->state, "%s", c.state);
  out->version = c.version;
  if (needs_match) {
    got = load_match(st, r->match_id, &m);
    if (got < 0) goto store_error;
    if (!got || m.case_id != c.id)
      REFUSE(ZEEF_E_NOTFOUND, "case %lld has no match %lld", (long long)c.id, (long long)r->match_id);
  }
  /* who may: refusals for the role or four eyes are recorded */
  if (!role || ((r->action == ZEEF_REVIEW_APPROVE || r->action == ZEEF_REVIEW_SEND_BACK ||
                 r->action == ZEEF_REVIEW_REOPEN) &&
                strcmp(role, "supervisor") != 0)) {
    snprintf(out->detail, sizeof out->detail, "%s needs the %s role", act,
             decides || r->action <= ZEEF_REVIEW_RELEASE ? "analyst or supervisor" : "supervisor");
    rc = ZEEF_E_FORBIDDEN;
    goto denied;
  }
  if ((r->action == ZEEF_REVIEW_APPROVE || r->action == ZEEF_REVIEW_SEND_BACK) && m.proposed_by[0] &&
      strcmp(m.proposed_by, who->user) == 0) {
    snprintf(out->detail, sizeof out->detail,
             "four eyes: %s proposed this confirmation and cannot %s it; another supervisor must", who->user,
             r->action == ZEEF_REVIEW_APPROVE ? "approve" : "send back");
    rc = ZEEF_E_FORBIDDEN;
    goto denied;
  }
  if (r->version != c.version)
    REFUSE(ZEEF_E_CONFLICT, "the case changed meanwhile: it is at version %lld (%s), not %lld", (long long)c.version,
           c.state, (long long)r->version);
  sto_now(st, now);
  switch (r->action) {
  case ZEEF_REVIEW_TAKE:
    if (strcmp(c.state, "open") != 0 && strcmp(c.state, "reopened") != 0)
      REFUSE(ZEEF_E_CONFLICT, "a %s case cannot be taken%s%s", c.state, c.owner[0] ? ": it is with " : "", c.owner);
    next = "in_review";
    break;
  case ZEEF_REVIEW_RELEASE:
    if (strcmp(c.state, "in_review") != 0) REFUSE(ZEEF_E_CONFLICT, "a %s case is not held", c.state);
    if (strcmp(c.owner, who->user) != 0 && strcmp(role, "supervisor") != 0)
      REFUSE(ZEEF_E_CONFLICT, "the case is with %s: only they or a supervisor release it", c.owner);
    next = "open";
    break;
  case ZEEF_REVIEW_DISMISS:
  case ZEEF_REVIEW_CONFIRM:
  case ZEEF_REVIEW_INCONCLUSIVE:
    if (strcmp(c.state, "in_review") == 0 && strcmp(c.owner, who->user) != 0)
      REFUSE(ZEEF_E_CONFLICT, "the case is in review with %s", c.owner);
    if (strcmp(c.state, "open") != 0 && strcmp(c.state, "reopened") != 0 && strcmp(c.state, "in_review") != 0)
      REFUSE(ZEEF_E_CONFLICT, "a %s case takes no decision", c.state);
    if (strcmp(m.state, "pending") != 0) REFUSE(ZEEF_E_CONFLICT, "the match is %s, not pending", m.state);
    next = "in_review"; /* deciding takes the case */
    break;
  case ZEEF_REVIEW_APPROVE:
  case ZEEF_REVIEW_SEND_BACK:
    if (strcmp(c.state, "awaiting_approval") != 0 || !m.proposed_by[0])
      REFUSE(ZEEF_E_CONFLICT, "nothing awaits approval on this match (the case is %s)", c.state);
    next = r->action == ZEEF_REVIEW_APPROVE ? "closed" : "in_review";
    break;
  case ZEEF_REVIEW_REOPEN:
    if (strcmp(c.state, "closed") != 0) REFUSE(ZEEF_E_CONFLICT, "a %s case is not closed", c.state);
    next = "reopened";
    break;
  }
  /* the change */
  {
    int bad = 0;
    const char *owner = r->action == ZEEF_REVIEW_RELEASE || r->action == ZEEF_REVIEW_REOPEN ? NULL : who->user;
    if (r->action == ZEEF_REVIEW_SEND_BACK) owner = m.proposed_by; /* back to the maker */
    if (r->action == ZEEF_REVIEW_APPROVE) owner = c.owner[0] ? c.owner : NULL;
    switch (r->action) {
    case ZEEF_REVIEW_DISMISS:
      bad = sto_run(st, "UPDATE matches SET state = 'dismissed', version = version + 1 WHERE id = ?",
                    (sto_arg[]){{m.id, NULL, 0}}, 1) < 0;
      /* nothing left to decide: the case closes */
      if (!bad && sto_scalar(st, "SELECT count(*) FROM matches WHERE case_id = ? AND state = 'pending'",
                             (sto_arg[]){{c.id, NULL, 0}}, 1) == 0)
        next = "closed";
      break;
    case ZEEF_REVIEW_CONFIRM: {
      char hd[65];
      bad = hit_digest(st, m.hit, hd) ||
            sto_run(st,
                    "UPDATE matches SET proposed_by = ?, proposal_reason = ?, proposal_digest = ?,"
                    " version = version + 1 WHERE id = ?",
                    (sto_arg[]){{0, who->user, 0}, {0, r->reason, 0}, {0, hd, 0}, {m.id, NULL, 0}}, 4) < 0;
      next = "awaiting_approval";
      break;
    }
    case ZEEF_REVIEW_INCONCLUSIVE:
      bad = sto_run(st, "UPDATE cases SET escalated = 1 WHERE id = ?", (sto_arg[]){{c.id, NULL, 0}}, 1) < 0;
      break;
    case ZEEF_REVIEW_APPROVE: {
      char hd[65];
      if (hit_digest(st, m.hit, hd)) goto store_error;
      if (strcmp(hd, m.proposal_digest) != 0)
        REFUSE(ZEEF_E_CONFLICT, "the evidence changed since the confirmation was proposed: it must be reviewed "
                                "again");
      bad = sto_run(st, "UPDATE matches SET state = 'confirmed', version = version + 1 WHERE id = ?",
                    (sto_arg[]){{m.id, NULL, 0}}, 1) < 0 ||
            sto_run(st,
                    "UPDATE matches SET state = 'skipped', version = version + 1"
                    " WHERE case_id = ? AND state = 'pending' AND id <> ?",
                    (sto_arg[]){{c.id, NULL, 0}, {m.id, NULL, 0}}, 2) < 0;
      break;
    }
    case ZEEF_REVIEW_SEND_BACK:
      bad = sto_run(st,
                    "UPDATE matches SET proposed_by = NULL, proposal_reason = NULL, proposal_digest = NULL,"
                    " version = version + 1 WHERE id = ?",
                    (sto_arg[]){{m.id, NULL, 0}}, 1) < 0;
      break;
    case ZEEF_REVIEW_REOPEN:
      bad = sto_run(st,
                    "UPDATE matches SET state = 'pending', proposed_by = NULL, proposal_reason = NULL,"
                    " proposal_digest = NULL, version = version + 1"
                    " WHERE case_id = ? AND state IN ('confirmed', 'dismissed', 'skipped')",
                    (sto_arg[]){{c.id, NULL, 0}}, 1) < 0;
      break;
    default: break;
    }
    if (bad ||
        sto_run(st,
                "UPDATE cases SET state = ?, owner = ?, updated_at = ?, version = version + 1 WHERE id = ?",
                (sto_arg[]){{0, next, 0}, {0, owner, owner == NULL}, {0, now, 0}, {c.id, NULL, 0}}, 4) < 0 ||
        sto_run(
            st,
            "INSERT INTO decisions(case_id, match_id, at, actor, role, action, reason, note, case_version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (sto_arg[]){{c.id, NULL, 0},
                        {r->match_id, NULL, !needs_match},
                        {0, now, 0},
                        {0, who->user, 0},
                        {0, role, 0},
                        {0, act, 0},
                        {0, r->reason, !r->reason || !*r->reason},
                        {0, r->note, !r->note || !*r->note},
                        {c.version + 1, NULL, 0}},
            9) < 0 ||
        sto_row_digest(st, "case", c.id, digest))
      goto store_error;
  }
  if ((rc = audit_action(st, who, role, r, "ok", next, c.version + 1, digest))) goto rollback;
  if (sto_exec(st->db, "COMMIT") != STO_OK) goto store_error;
  st->in_tx = 0;
  out->version = c.version + 1;
  snprintf(out->state, sizeof out->state, "%s", next);
  return ZEEF_OK;
denied:
  /* the refusal is recorded, and nothing else changes */
  if (audit_action(st, who, role ? role : (who->role ? who->role : ""), r, "denied", c.state, c.version,
                   "") ||
      sto_exec(st->db, "COMMIT") != STO_OK)
    goto store_error;
  st->in_tx = 0;
  return rc;
refuse:
  sto_exec(st->db, "ROLLBACK");
  st->in_tx = 0;
  return rc;
store_error:
  rc = sto_fail(st, "reviewing");
rollback:
  sto_exec(st->db, "ROLLBACK");
  st->in_tx = 0;
  snprintf(out->detail, sizeof out->detail, "%.200s", st->err);
  return rc;
}

/* ------------------------------------------------------------------ Reads */

static zeef_status record_read(zeef_store *st, const zeef_actor *who, const char *action, const char *type,
                               const char *id, const char *details);
static zeef_status give(zeef_store *st, json_t *j, void (*fn)(void *ud, const char *json, size_t len), void *ud);

/* The columns of the row q stands on as a JSON object, by their names;
** NULL values left out. */
static json_t *row_object(sto_stmt *q) {
  json_t *o = json_object();
  for (int i = 0; o && i < sto_col_count(q); i++) {
    const char *name = sto_col_name(q, i);
    switch (sto_col_type(q, i)) {
    case STO_INTEGER: json_object_set_new(o, name, json_integer(sto_col_int(q, i))); break;
    case STO_FLOAT: json_object_set_new(o, name, json_real(sto_col_double(q, i))); break;
    case STO_TEXT: {
      const char *t = (const char *)sto_col_text(q, i);
      json_t *v = NULL;
      /* columns holding JSON are given as JSON */
      if (strcmp(name, "evidence") == 0 || strcmp(name, "warnings") == 0 || strcmp(name, "source") == 0 ||
          strcmp(name, "detail") == 0)
        v = json_loads(t, 0, NULL);
      json_object_set_new(o, name, v ? v : json_string(t));
      break;
    }
    default: break;
    }
  }
  return o;
}

static json_t *rows(zeef_store *st, const char *sql, int64_t id, int one) {
  sto_stmt *q;
  json_t *a = one ? NULL : json_array();
  if (sto_prepare(st->db, sql, &q) != STO_OK) {
    json_decref(a);
    return NULL;
  }
  sto_bind_int(q, 1, id);
  while (sto_step(q) == STO_ROW) {
    json_t *o = row_object(q);
    if (one) {
      a = o;
      break;
    }
    json_array_append_new(a, o);
  }
  sto_finalize(q);
  return a;
}

#define LINKS_MAX 50 /* travellers a case's links name */

/* The stored travellers who share something with the case's traveller (a
** booking, an e-mail address, a phone, a card, a document), newest first,
** each once with what is shared and its own case: [{"traveller", "record_id",
** "name", "outcome", "case_id"?, "case_state"?, "shared": [{"kind",
** "value"}]}]. Its own re-screenings are not links. */
static json_t *links_of(zeef_store *st, int64_t case_id) {
  json_t *rowsj =
             rows(st,
                  "SELECT o.id AS traveller, o.record_id AS record_id, o.name AS name, o.outcome AS outcome,"
                  " s2.kind AS kind, s2.value AS value,"
                  " (SELECT c.id FROM cases c WHERE c.traveller_id = o.id) AS case_id,"
                  " (SELECT c.state FROM cases c WHERE c.traveller_id = o.id) AS case_state"
                  " FROM cases k JOIN travellers me ON me.id = k.traveller_id"
                  " JOIN shares s1 ON s1.traveller_id = me.id"
                  " JOIN shares s2 ON s2.kind = s1.kind AND s2.value = s1.value AND s2.traveller_id <> me.id"
                  " JOIN travellers o ON o.id = s2.traveller_id"
                  " WHERE k.id = ?1 AND o.rescreen_of IS NOT me.id AND me.rescreen_of IS NOT o.id"
                  " ORDER BY o.id DESC LIMIT 500",
                  case_id, 0),
         *out = json_array(), *r;
  size_t i;
  json_array_foreach(rowsj, i, r) {
    json_int_t t = json_integer_value(json_object_get(r, "traveller"));
    json_t *link = NULL, *x;
    size_t k;
    json_array_foreach(out, k, x) if (json_integer_value(json_object_get(x, "traveller")) == t) link = x;
    if (!link) {
      if (json_array_size(out) == LINKS_MAX) continue;
      link = json_deep_copy(r);
      json_object_del(link, "kind");
      json_object_del(link, "value");
      json_object_set_new(link, "shared", json_array());
      json_array_append_new(out, link);
    }
    json_array_append_new(
        json_object_get(link, "shared"),
        json_pack("{s:O, s:O}", "kind", json_object_get(r, "kind"), "value", json_object_get(r, "value")));
  }
  json_decref(rowsj);
  return out;
}

zeef_status zeef_store_case(zeef_store *st, const zeef_actor *who, int64_t case_id,
                            void (*fn)(void *ud, const char *json, size_t len), void *ud) {
  json_t *c, *all = NULL, *matches;
  char id[24];
  zeef_status rc;
  if (!st || !who || !who->user || !fn) return ZEEF_E_INVALID;
  if (!who->purpose || !*who->purpose) {
    snprintf(st->err, sizeof st->err, "reading a case needs a purpose");
    return ZEEF_E_INVALID;
  }
  c = rows(st,
           "SELECT id, state, owner, version, priority, escalated, origin, opened_at, updated_at, traveller_id"
           " FROM cases WHERE id = ?1",
           case_id, 1);
  if (!c) {
    snprintf(st->err, sizeof st->err, "no case %lld", (long long)case_id);
    return ZEEF_E_NOTFOUND;
  }
  matches =
      rows(st,
           "SELECT m.id AS id, m.state AS state, m.version AS version, m.proposed_by AS proposed_by,"
           " m.proposal_reason AS proposal_reason, h.list AS list, h.list_version AS list_version,"
           " h.entity_id AS entity_id, h.listed_name AS listed_name, h.matched_name AS matched_name,"
           " h.score AS score, h.name_score AS name_score, h.band AS band, h.evidence AS evidence,"
           " h.detail AS detail"
           " FROM matches m JOIN hits h ON h.id = m.hit_id WHERE m.case_id = ?1 ORDER BY h.score DESC, m.id",
           case_id, 0);
  all = json_pack("{s:o, s:o, s:o, s:o}", "case", c, "traveller",
                  rows(st,
                       "SELECT t.id AS id, t.record_id AS record_id, t.line AS line, t.name AS name,"
                       " t.birth_date AS birth_date, t.nationality AS nationality, t.gender AS gender,"
                       " t.doc_number AS document_number, t.doc_country AS document_country, t.source AS source,"
                       " t.warnings AS warnings, t.received_at AS received_at, t.masked_at AS masked_at,"
                       " r.source AS input FROM travellers t JOIN runs r ON r.id = t.run_id"
                       " WHERE t.id = (SELECT traveller_id FROM cases WHERE id = ?1)",
                       case_id, 1),
                  "matches", matches ? matches : json_array(), "history",
                  rows(st,
                       "SELECT at, actor, role, action, reason, note, match_id, case_version FROM decisions"
                       " WHERE case_id = ?1 ORDER BY id",
                       case_id, 0));
  if (all) json_object_set_new(all, "links", links_of(st, case_id));
  /* the read is recorded before it is given */
  snprintf(id, sizeof id, "%lld", (long long)case_id);
  if (!all) return ZEEF_E_NOMEM;
  rc = record_read(st, who, "case.read", "case", id, "{}");
  if (!rc) rc = give(st, all, fn, ud);
  json_decref(all);
  return rc;
}

/* Records a read by who, in a transaction of its own. */
static zeef_status record_read(zeef_store *st, const zeef_actor *who, const char *action, const char *type,
                               const char *id, const char *details) {
  zeef_status rc;
  if (sto_begin(st->db) != STO_OK) return sto_fail(st, "recording a read");
  if ((rc = sto_audit(st, who->user, who->role ? who->role : "", who->purpose ? who->purpose : "", action,
                      type, id, "ok", details)) ||
      sto_exec(st->db, "COMMIT") != STO_OK) {
    sto_exec(st->db, "ROLLBACK");
    return rc ? rc : sto_fail(st, "recording a read");
  }
  return ZEEF_OK;
}

zeef_status zeef_store_note_read(zeef_store *st, const zeef_actor *who, const char *action,
                                 const char *object_type, const char *object_id) {
  if (!st || !who || !who->user || !action || !object_type || !object_id) return ZEEF_E_INVALID;
  return record_read(st, who, action, object_type, object_id, "{}");
}

/* Gives the JSON of j to fn, in memory of the store's allocator. */
static zeef_status give(zeef_store *st, json_t *j, void (*fn)(void *ud, const char *json, size_t len), void *ud) {
  size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6), n = j ? json_dumpb(j, NULL, 0, flags) : 0;
  char *text = n ? mem_alloc(&st->m, n + 1) : NULL;
  if (!text) return ZEEF_E_NOMEM;
  json_dumpb(j, text, n, flags);
  text[n] = 0;
  fn(ud, text, n);
  mem_free(&st->m, text);
  return ZEEF_OK;
}

/* {"a": n, ...} of a query giving (text, number) rows; {} when it fails. */
static json_t *rows_by(zeef_store *st, const char *sql) {
  json_t *o = json_object();
  sto_stmt *q;
  if (sto_prepare(st->db, sql, &q) != STO_OK) return o;
  while (sto_step(q) == STO_ROW)
    json_object_set_new(o, (const char *)sto_col_text(q, 0), json_integer(sto_col_int(q, 1)));
  sto_finalize(q);
  return o;
}

/* A traveller's legs (a manifest's source.flights, a booking's
** source.itinerary) as rows l, one leg each, and a leg's field; the first
** leg's field: as each database reads JSON. */
#define LEGS_LITE(a) "json_each(t.source, '$." a "') l"
#define LEG_LITE(f) "json_extract(l.value, '$." f "')"
#define FIRST_LITE(a, f) "json_extract(t.source, '$." a "[0]." f "')"
#define LEGS_PG(a) "jsonb_array_elements(CAST(t.source AS jsonb) -> '" a "') l"
#define LEG_PG(f) "(l.value ->> '" f "')"
#define FIRST_PG(a, f) "(CAST(t.source AS jsonb) #>> '{" a ",0," f "}')"
/* The cases a filter lets through, in either database's JSON. */
#define CASES_FROM(LEGS, LEG)                                                                                \
  " FROM cases c JOIN travellers t ON t.id = c.traveller_id"                                                 \
  " WHERE (CAST(?1 AS TEXT) IS NULL OR c.state = ?1 OR (?1 = 'active' AND c.state <> 'closed'))"             \
  " AND (CAST(?2 AS TEXT) IS NULL OR c.owner = ?2)"                                                          \
  " AND (CAST(?3 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM matches m JOIN hits h ON h.id = m.hit_id"         \
  "  WHERE m.case_id = c.id AND h.list = ?3))"                                                               \
  " AND (CAST(?6 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM " LEGS("flights") " WHERE " LEG(                  \
      "flight") " = ?6"                                                                                      \
                "  OR " LEG("carrier") " || " LEG(                                                           \
                    "flight") " = ?6)"                                                                       \
                              "  OR EXISTS (SELECT 1 FROM " LEGS("itinerary") " WHERE " LEG(                 \
                                  "flight") " = ?6" /* a booking's legs */                                   \
                                            "  OR " LEG("carrier") " || " LEG(                               \
                                                "flight") " = ?6))"                                          \
                                                          " AND (CAST(?7 AS TEXT) IS NULL OR (c.state = "    \
                                                          "'awaiting_approval' AND EXISTS (SELECT 1 FROM "   \
                                                          "matches m"                                        \
                                                          "  WHERE m.case_id = c.id AND m.proposed_by IS "   \
                                                          "NOT NULL AND m.proposed_by <> ?7)))"
/* A traveller's flight: the first leg's carrier and number. */
#define FIRST_FLIGHT(FIRST)                                                                                  \
  " COALESCE(" FIRST("flights", "carrier") " || " FIRST(                                                     \
      "flights", "flight") ","                                                                               \
                           " " FIRST("itinerary", "carrier") " || " FIRST("itinerary", "flight") ")"

zeef_status zeef_store_cases(zeef_store *st, const zeef_actor *who, const zeef_case_filter *f,
                             void (*fn)(void *ud, const char *json, size_t len), void *ud) {
  static const char from_lite[] = CASES_FROM(LEGS_LITE, LEG_LITE), from_pg[] = CASES_FROM(LEGS_PG, LEG_PG);
  const char *from = sto_db_pg(st->db) ? from_pg : from_lite;
  static const char order[] = "c.state = 'awaiting_approval' DESC, c.escalated DESC, t.departs_at IS NULL,"
                              " t.departs_at, c.priority DESC, c.opened_at, c.id";
  char sql[3072], details[160];
  sto_stmt *q;
  json_t *cases = json_array(), *all;
  int64_t total = 0, limit = f && f->limit > 0 ? f->limit : 100, offset = f && f->offset > 0 ? f->offset : 0;
  zeef_status rc;
  int src;
  if (!st || !who || !who->user || !fn) {
    json_decref(cases);
    return ZEEF_E_INVALID;
  }
  if (!who->purpose || !*who->purpose) {
    json_decref(cases);
    snprintf(st->err, sizeof st->err, "listing cases needs a purpose");
    return ZEEF_E_INVALID;
  }
  for (int pass = 0; pass < 2; pass++) {
    if (pass == 0) snprintf(sql, sizeof sql, "SELECT count(*)%s", from);
    else
      snprintf(sql, sizeof sql,
               "SELECT c.id, c.state, c.owner, c.version, c.priority, c.escalated, c.opened_at,"
               " t.record_id, t.name, t.birth_date, t.nationality,"
               " (SELECT count(*) FROM matches m WHERE m.case_id = c.id),"
               " (SELECT count(*) FROM matches m WHERE m.case_id = c.id AND m.state = 'pending'),"
               " (SELECT m.hit_id FROM matches m JOIN hits h ON h.id = m.hit_id WHERE m.case_id = c.id"
               "  ORDER BY h.score DESC, m.id LIMIT 1), t.departs_at,"
               "%s"
               /* the page's ids first, sorted on the columns alone: the counts
               ** and the best hit are then looked up for its rows only */
               " FROM (SELECT c.id AS id%s ORDER BY %s LIMIT ?4 OFFSET ?5) page"
               " JOIN cases c ON c.id = page.id JOIN travellers t ON t.id = c.traveller_id ORDER BY %s",
               sto_db_pg(st->db) ? FIRST_FLIGHT(FIRST_PG) : FIRST_FLIGHT(FIRST_LITE), from, order, order);
    if (sto_prepare(st->db, sql, &q) != STO_OK) {
      json_decref(cases);
      return sto_fail(st, "listing cases");
    }
    if (f && f->state) sto_bind_text(q, 1, f->state);
    if (f && f->owner) sto_bind_text(q, 2, f->owner);
    if (f && f->list) sto_bind_text(q, 3, f->list);
    if (f && f->flight) sto_bind_text(q, 6, f->flight);
    if (f && f->approver) sto_bind_text(q, 7, f->approver);
    if (pass) {
      sto_bind_int(q, 4, limit);
      sto_bind_int(q, 5, offset);
    }
    while ((src = sto_step(q)) == STO_ROW) {
      json_t *c, *tr, *best;
      if (!pass) {
        total = sto_col_int(q, 0);
        continue;
      }
      tr = json_pack("{s:s?, s:s?, s:s?, s:s?}", "record_id", (const char *)sto_col_text(q, 7), "name",
                     (const char *)sto_col_text(q, 8), "birth_date", (const char *)sto_col_text(q, 9),
                     "nationality", (const char *)sto_col_text(q, 10));
      best = rows(st, "SELECT list, entity_id, listed_name, score, band FROM hits WHERE id = ?1",
                  sto_col_int(q, 13), 1);
      c = json_pack("{s:I, s:s, s:s?, s:I, s:f, s:b, s:s, s:s?, s:s?, s:o, s:o, s:I, s:I}", "id",
                    (json_int_t)sto_col_int(q, 0), "state", (const char *)sto_col_text(q, 1), "owner",
                    (const char *)sto_col_text(q, 2), "version", (json_int_t)sto_col_int(q, 3), "priority",
                    sto_col_double(q, 4), "escalated", (int)sto_col_int(q, 5), "opened_at",
                    (const char *)sto_col_text(q, 6), "departs_at", (const char *)sto_col_text(q, 14),
                    "flight", (const char *)sto_col_text(q, 15), "traveller", tr ? tr : json_null(), "best",
                    best ? best : json_null(), "matches", (json_int_t)sto_col_int(q, 11), "pending",
                    (json_int_t)sto_col_int(q, 12));
      json_array_append_new(cases, c);
    }
    sto_finalize(q);
    if (src != STO_DONE) {
      json_decref(cases);
      return sto_fail(st, "listing cases");
    }
  }
  all = json_pack("{s:I, s:o, s:o}", "total", (json_int_t)total, "states",
                  rows_by(st, "SELECT state, count(*) FROM cases GROUP BY state"), "cases", cases);
  snprintf(details, sizeof details, "{\"listed\":%lld,\"total\":%lld}", (long long)json_array_size(cases),
           (long long)total);
  rc = record_read(st, who, "case.list", "cases", "*", details);
  if (!rc) rc = give(st, all, fn, ud);
  json_decref(all);
  return rc;
}

zeef_status zeef_store_suppressions(zeef_store *st, const zeef_actor *who, const char *state,
                                    void (*fn)(void *ud, const char *json, size_t len), void *ud) {
  sto_stmt *q;
  json_t *list, *all;
  zeef_status rc;
  int src;
  if (!st || !who || !who->user || !fn) return ZEEF_E_INVALID;
  if (sto_prepare(
          st->db,
          "SELECT id, state, list, entity_id, match_id AS match,"
          " (SELECT case_id FROM matches m WHERE m.id = s.match_id) AS case_id,"
          " (SELECT d.reason FROM decisions d WHERE d.match_id = s.match_id AND d.action = 'dismiss'"
          "  ORDER BY d.id DESC LIMIT 1) AS reason, proposed_by, decided_by, created_at,"
          " expires_at, ended_at, end_reason FROM suppressions s WHERE CAST(?1 AS TEXT) IS NULL OR state = ?1"
          " ORDER BY id DESC LIMIT 1000",
          &q) != STO_OK)
    return sto_fail(st, "listing the suppressions");
  if (state) sto_bind_text(q, 1, state);
  list = json_array();
  while ((src = sto_step(q)) == STO_ROW) json_array_append_new(list, row_object(q));
  sto_finalize(q);
  if (src != STO_DONE) {
    json_decref(list);
    return sto_fail(st, "listing the suppressions");
  }
  all = json_pack("{s:o}", "suppressions", list);
  rc = record_read(st, who, "suppression.list", "suppressions", "*", "{}");
  if (!rc) rc = give(st, all, fn, ud);
  json_decref(all);
  return rc;
}

zeef_status zeef_store_travellers(zeef_store *st, const zeef_actor *who, const zeef_traveller_query *f,
                                  void (*fn)(void *ud, const char *json, size_t len), void *ud) {
  sto_stmt *q;
  json_t *found = json_array(), *all;
  char like[ZEEF_RECORD_TEXT + 3] = "", details[64];
  zeef_status rc;
  int src;
  if (!st || !who || !who->user || !f || !fn || !found) {
    json_decref(found);
    return ZEEF_E_INVALID;
  }
  if (!who->purpose || !*who->purpose) {
    json_decref(found);
    snprintf(st->err, sizeof st->err, "searching travellers needs a purpose");
    return ZEEF_E_INVALID;
  }
  if ((!f->name || strlen(f->name) < 2) && (!f->document_number || !*f->document_number) &&
      (!f->birth_date || strlen(f->birth_date) < 4)) {
    json_decref(found);
    snprintf(st->err, sizeof st->err,
             "a search names at least two letters of a name, a document number or a birth year");
    return ZEEF_E_INVALID;
  }
  if (f->name && *f->name) snprintf(like, sizeof like, "%%%s%%", f->name);
  if (sto_prepare(st->db,
                  "SELECT t.id AS id, t.record_id AS record_id, t.name AS name, t.birth_date AS birth_date,"
                  " t.nationality AS nationality, t.doc_number AS document_number, t.outcome AS outcome,"
                  " t.received_at AS received_at, r.source AS input,"
                  " (SELECT c.id FROM cases c WHERE c.traveller_id = t.id) AS case_id"
                  " FROM travellers t JOIN runs r ON r.id = t.run_id"
                  " WHERE t.name IS NOT NULL AND (?1 = '' OR t.name LIKE ?1)"
                  " AND (CAST(?2 AS TEXT) IS NULL OR t.doc_number = ?2) AND (CAST(?3 AS TEXT) IS NULL OR "
                  "t.birth_date LIKE ?3 || '%')"
                  " ORDER BY t.id DESC LIMIT ?4",
                  &q) != STO_OK) {
    json_decref(found);
    return sto_fail(st, "searching travellers");
  }
  sto_bind_text(q, 1, like);
  if (f->document_number && *f->document_number) sto_bind_text(q, 2, f->document_number);
  if (f->birth_date && *f->birth_date) sto_bind_text(q, 3, f->birth_date);
  sto_bind_int(q, 4, f->limit > 0 && f->limit <= 500 ? f->limit : 100);
  while ((src = sto_step(q)) == STO_ROW) json_array_append_new(found, row_object(q));
  sto_finalize(q);
  if (src != STO_DONE) {
    json_decref(found);
    return sto_fail(st, "searching travellers");
  }
  all = json_pack("{s:o}", "travellers", found);
  /* what was asked stays out of the audit, as notes do: how much was found */
  snprintf(details, sizeof details, "{\"found\":%zu}", json_array_size(found));
  rc = record_read(st, who, "traveller.search", "travellers", "*", details);
  if (!rc) rc = give(st, all, fn, ud);
  json_decref(all);
  return rc;
}
