/*
** cases.c: the review's HTTP API over the case store (zeef serve --store):
**
**   GET  /cases               the cases, most urgent first, and the count
**                             in each state; filters state (or active),
**                             list, owner, flight, awaiting=me (proposals
**                             this user may approve), limit (<= 500), offset
**   GET  /cases/{id}          a case in full: traveller, matches with their
**                             evidence, history
**   POST /cases/{id}          an action: {"action", "match", "version",
**                             "reason", "note"}
**   POST /cases/{id} reidentify  a masked traveller confirmed on an
**                             authority's approval (a supervisor)
**   POST /suppressions        propose one on a dismissed match
**   POST /suppressions/{id}   approve, reject or revoke it
**   GET  /suppressions        the suppressions, ?state
**   GET  /store               what the store holds, and whether four eyes
**                             can work (two supervisors among the keys)
**   GET  /audit               entries after ?after=SEQ, ?limit (<= 1000),
**                             ?actor, ?action, ?object_type, ?object_id
**   GET  /audit/verify        the chain recomputed (on a thread of its own)
**   GET  /travellers          stored travellers by ?name, ?document_number,
**                             ?birth_date (a purpose needed)
**
** Who: the key's user and roles (auth.c); analysts and supervisors read
** and act, auditors read; an action's rules are the library's
** (zeef_store_review). Why: a read of personal data (the cases) names its
** purpose, one of --purposes, in an X-Purpose header or ?purpose=; it is
** recorded with the read. The store handle is shared under store_lock.
** Errors are the service's JSON; a library refusal maps to its status:
** 400 invalid, 403 forbidden, 404 not found, 409 conflict (with the case's
** state and version now), 500 the store failed.
*/
#include "server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASES_LIMIT_MAX 500
#define AUDIT_LIMIT_MAX 1000

static const char *arg(struct MHD_Connection *c, const char *name) {
  return MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
}

/* The purpose the request names, checked against --purposes: 0, or 400. */
static int purpose(const srv *s, struct MHD_Connection *c, const char **out, json_t **err) {
  const char *p = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Purpose");
  char key[80];
  if (!p || !*p) p = arg(c, "purpose");
  *out = p;
  if (!p || !*p) {
    *err = srv_error("purpose_required",
                     "reading personal data needs a purpose: an X-Purpose header or ?purpose=, one of %.*s",
                     (int)strlen(s->purposes) - 2, s->purposes + 1);
    return 400;
  }
  snprintf(key, sizeof key, ",%.70s,", p);
  if (strlen(p) > 70 || !strstr(s->purposes, key)) {
    *err = srv_error("unknown_purpose", "the purpose \"%.70s\" is not one of %.*s", p,
                     (int)strlen(s->purposes) - 2, s->purposes + 1);
    return 400;
  }
  return 0;
}

/* The library's refusal as an HTTP status and error. */
static int refusal(zeef_status rc, const char *detail, json_t **err) {
  switch (rc) {
  case ZEEF_E_INVALID: *err = srv_error("bad_request", "%s", detail); return 400;
  case ZEEF_E_FORBIDDEN: *err = srv_error("forbidden", "%s", detail); return 403;
  case ZEEF_E_NOTFOUND: *err = srv_error("not_found", "%s", detail); return 404;
  case ZEEF_E_CONFLICT: *err = srv_error("conflict", "%s", detail); return 409;
  case ZEEF_E_NOMEM: *err = srv_error("out_of_memory", "%s", detail); return 500;
  default: *err = srv_error("store_failed", "the case store failed: %s", detail); return 500;
  }
}

static void to_buf(void *ud, const char *json, size_t len) {
  fe_buf *b = ud;
  if (fe_buf_add(b, json, len) == ZEEF_OK) fe_buf_add(b, "\n", 1);
}

/* A whole number from 0 to max in query parameter name (default dflt): 0,
** or 400. */
static int number(struct MHD_Connection *c, const char *name, size_t max, size_t dflt, size_t *out, json_t **err) {
  const char *v = arg(c, name);
  *out = dflt;
  if (v && fe_parse_size(v, 0, max, out)) {
    *err = srv_error("bad_parameter", "%s is a whole number from 0 to %zu, not \"%.40s\"", name, max, v);
    return 400;
  }
  return 0;
}

/* The id in /cases/{id} or /suppressions/{id} (what: "case",
** "suppression"): 0, or 404. */
static int object_id(const char *what, const char *id, int64_t *out, json_t **err) {
  char *end;
  long long v = strtoll(id, &end, 10);
  if (!*id || *end || v < 1) {
    *err = srv_error("not_found", "no %s \"%.40s\": %s ids are whole numbers", what, id, what);
    return 404;
  }
  *out = v;
  return 0;
}

int srv_cases_get(srv *s, const srv_who *w, struct MHD_Connection *c, const char *id, fe_buf *text, json_t **err) {
  zeef_actor who = {w->user, w->roles_text, NULL};
  zeef_status rc;
  int st;
  if ((st = purpose(s, c, &who.purpose, err))) return st;
  if (id) {
    int64_t cid;
    if ((st = object_id("case", id, &cid, err))) return st;
    pthread_mutex_lock(&s->store_lock);
    rc = zeef_store_case(s->store, &who, cid, to_buf, text);
  } else {
    zeef_case_filter f;
    size_t limit, offset;
    const char *v;
    memset(&f, 0, sizeof f);
    if ((st = number(c, "limit", CASES_LIMIT_MAX, 100, &limit, err)) ||
        (st = number(c, "offset", (size_t)1 << 40, 0, &offset, err)))
      return st;
    f.state = arg(c, "state");
    f.list = arg(c, "list");
    f.owner = arg(c, "owner");
    f.flight = arg(c, "flight");
    if ((v = arg(c, "awaiting")) && strcmp(v, "me") == 0) f.approver = w->user;
    f.limit = (int64_t)(limit ? limit : 100);
    f.offset = (int64_t)offset;
    pthread_mutex_lock(&s->store_lock);
    rc = zeef_store_cases(s->store, &who, &f, to_buf, text);
  }
  st = rc ? refusal(rc, zeef_store_error(s->store), err) : 200;
  pthread_mutex_unlock(&s->store_lock);
  return st;
}

/* POST /cases/{id} {"action": "reidentify", ...}: zeef_store_reidentify. */
static int reidentify(srv *s, const srv_who *w, struct MHD_Connection *c, int64_t cid, json_t *body, fe_buf *text,
                      json_t **err) {
  zeef_actor who = {w->user, w->roles_text, NULL};
  zeef_reidentify r;
  zeef_reidentified got;
  char detail[256];
  zeef_status rc;
  int st;
  if ((st = purpose(s, c, &who.purpose, err))) return st;
  memset(&r, 0, sizeof r);
  r.authority = json_string_value(json_object_get(body, "authority"));
  r.reference = json_string_value(json_object_get(body, "reference"));
  r.approval_sha256 = json_string_value(json_object_get(body, "approval_sha256"));
  r.name = json_string_value(json_object_get(body, "name"));
  r.birth_date = json_string_value(json_object_get(body, "birth_date"));
  r.document_number = json_string_value(json_object_get(body, "document_number"));
  pthread_mutex_lock(&s->store_lock);
  rc = zeef_store_reidentify(s->store, &who, cid, &r, &got, detail, sizeof detail);
  pthread_mutex_unlock(&s->store_lock);
  if (rc) return refusal(rc, detail[0] ? detail : zeef_strerror(rc), err);
#define SAYS(v) ((v) < 0 ? "\"not asked\"" : (v) ? "true" : "false")
  fe_buf_printf(text, "{\"case\":%lld,\"name\":%s,\"birth_date\":%s,\"document_number\":%s}\n", (long long)cid,
                SAYS(got.name), SAYS(got.birth_date), SAYS(got.document_number));
#undef SAYS
  return 200;
}

int srv_case_act(srv *s, const srv_who *w, struct MHD_Connection *c, const char *id, json_t *body, fe_buf *text,
                 json_t **err) {
  zeef_actor who = {w->user, w->roles_text, "review"};
  zeef_review r;
  zeef_review_result res;
  json_t *a = json_object_get(body, "action"), *m = json_object_get(body, "match"),
         *v = json_object_get(body, "version"), *reason = json_object_get(body, "reason"),
         *note = json_object_get(body, "note");
  zeef_status rc;
  int act, st;
  memset(&r, 0, sizeof r);
  if ((st = object_id("case", id, &r.case_id, err))) return st;
  if (json_is_string(a) && strcmp(json_string_value(a), "reidentify") == 0)
    return reidentify(s, w, c, r.case_id, body, text, err);
  if (!json_is_object(body) || !json_is_string(a) || !json_is_integer(v) || (m && !json_is_integer(m)) ||
      (reason && !json_is_string(reason)) || (note && !json_is_string(note))) {
    *err = srv_error("bad_request", "the body is {\"action\": \"dismiss\", \"match\": 12, \"version\": 3, "
                                    "\"reason\": \"DIFF_BIRTHDATE\", \"note\": \"why\"}");
    return 400;
  }
  if ((act = zeef_review_action_parse(json_string_value(a))) < 0) {
    *err = srv_error("bad_request", "unknown action \"%.40s\": take, release, dismiss, confirm, inconclusive, "
                                    "approve, send_back or reopen",
                     json_string_value(a));
    return 400;
  }
  r.action = (zeef_review_action)act;
  r.match_id = m ? (int64_t)json_integer_value(m) : 0;
  r.version = (int64_t)json_integer_value(v);
  r.reason = reason ? json_string_value(reason) : NULL;
  r.note = note ? json_string_value(note) : NULL;
  pthread_mutex_lock(&s->store_lock);
  rc = zeef_store_review(s->store, &who, &r, &res);
  pthread_mutex_unlock(&s->store_lock);
  if (rc) {
    st = refusal(rc, res.detail[0] ? res.detail : zeef_strerror(rc), err);
    if (st == 409 || st == 403) { /* what the case is now, to read again */
      json_object_set_new(*err, "state", json_string(res.state));
      json_object_set_new(*err, "version", json_integer((json_int_t)res.version));
    }
    return st;
  }
  fe_buf_printf(text, "{\"case\":%lld,\"state\":\"%s\",\"version\":%lld}\n", (long long)r.case_id, res.state,
                (long long)res.version);
  return 200;
}

int srv_store_status(srv *s, const srv_who *w, size_t supervisors, json_t **out) {
  zeef_store_counts n;
  zeef_actor who = {w->user, w->roles_text, "oversight"};
  zeef_status rc;
  pthread_mutex_lock(&s->store_lock);
  rc = zeef_store_count(s->store, &n);
  if (!rc) rc = zeef_store_note_read(s->store, &who, "store.status", "store", zeef_store_id(s->store));
  pthread_mutex_unlock(&s->store_lock);
  if (rc) return refusal(rc, zeef_store_error(s->store), out);
  *out = json_pack("{s:s, s:i, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}, s:s}", "store", zeef_store_id(s->store),
                   "schema", ZEEF_STORE_SCHEMA, "counts", "runs", (json_int_t)n.runs, "travellers",
                   (json_int_t)n.travellers, "hits", (json_int_t)n.hits, "cases", (json_int_t)n.cases, "open_cases",
                   (json_int_t)n.open_cases, "matches", (json_int_t)n.matches, "pending_matches",
                   (json_int_t)n.pending_matches, "audit_entries", (json_int_t)n.audit_entries, "four_eyes",
                   supervisors >= 2 ? "available" : "unavailable: fewer than two supervisors hold keys");
  return 200;
}

static int line_to_array(void *ud, const char *line, size_t len) {
  fe_buf *b = ud;
  if (b->len > 1 && fe_buf_add(b, ",", 1)) return 1;
  return fe_buf_add(b, line, len) != ZEEF_OK;
}

int srv_audit_page(srv *s, const srv_who *w, struct MHD_Connection *c, fe_buf *text, json_t **err) {
  zeef_actor who = {w->user, w->roles_text, "oversight"};
  size_t after, limit;
  zeef_status rc;
  int st;
  zeef_audit_filter f;
  if ((st = number(c, "after", (size_t)1 << 60, 0, &after, err)) ||
      (st = number(c, "limit", AUDIT_LIMIT_MAX, 100, &limit, err)))
    return st;
  f.after = (int64_t)after;
  f.limit = (int64_t)(limit ? limit : 100);
  f.actor = arg(c, "actor");
  f.action = arg(c, "action");
  f.object_type = arg(c, "object_type");
  f.object_id = arg(c, "object_id");
  fe_buf_add(text, "[", 1);
  pthread_mutex_lock(&s->store_lock);
  rc = zeef_store_note_read(s->store, &who, "audit.read", "audit", "*");
  if (!rc) rc = zeef_store_export_range(s->store, &f, line_to_array, text);
  st = rc ? refusal(rc, zeef_store_error(s->store), err) : 200;
  pthread_mutex_unlock(&s->store_lock);
  if (!rc) fe_buf_add(text, "]\n", 2);
  return st;
}

int srv_audit_verify(srv *s, const srv_who *w, json_t **out) {
  zeef_actor who = {w->user, w->roles_text, "oversight"};
  zeef_audit_problem bad;
  int64_t n = 0;
  zeef_status rc;
  pthread_mutex_lock(&s->store_lock);
  rc = zeef_store_note_read(s->store, &who, "audit.verify", "audit", "*");
  if (!rc) rc = zeef_store_verify(s->store, &n, &bad);
  pthread_mutex_unlock(&s->store_lock);
  if (rc) return refusal(rc, zeef_store_error(s->store), out);
  if (bad.check[0])
    *out = json_pack("{s:b, s:I, s:I, s:s, s:s}", "intact", 0, "entries", (json_int_t)n, "seq", (json_int_t)bad.seq,
                     "check", bad.check, "detail", bad.detail);
  else
    *out = json_pack("{s:b, s:I}", "intact", 1, "entries", (json_int_t)n);
  return 200;
}

int srv_suppress(srv *s, const srv_who *w, const char *id, json_t *body, fe_buf *text, json_t **err) {
  static const char *const states[] = {"proposed", "active", "rejected", "revoked"};
  zeef_actor who = {w->user, w->roles_text, "review"};
  zeef_suppress sp;
  json_t *a = json_object_get(body, "action"), *m = json_object_get(body, "match"),
         *days = json_object_get(body, "days"), *note = json_object_get(body, "note");
  char detail[256];
  int64_t out = 0;
  zeef_status rc;
  int st;
  memset(&sp, 0, sizeof sp);
  if (!json_is_object(body) || !json_is_string(note) || (days && !json_is_integer(days)) ||
      (id ? !json_is_string(a) : !json_is_integer(m))) {
    *err = srv_error("bad_request", "%s", id ? "the body is {\"action\": \"approve\", \"note\": \"why\"} (approve, "
                                               "reject or revoke)"
                                             : "the body is {\"match\": 12, \"days\": 180, \"note\": \"why\"}");
    return 400;
  }
  sp.note = json_string_value(note);
  if (id) {
    const char *act = json_string_value(a);
    if ((st = object_id("suppression", id, &sp.id, err))) return st;
    if (strcmp(act, "approve") == 0) sp.action = ZEEF_SUPPRESS_APPROVE;
    else if (strcmp(act, "reject") == 0) sp.action = ZEEF_SUPPRESS_REJECT;
    else if (strcmp(act, "revoke") == 0) sp.action = ZEEF_SUPPRESS_REVOKE;
    else {
      *err = srv_error("bad_request", "unknown action \"%.40s\": approve, reject or revoke", act);
      return 400;
    }
  } else {
    sp.action = ZEEF_SUPPRESS_PROPOSE;
    sp.id = (int64_t)json_integer_value(m);
    if (days) {
      json_int_t d = json_integer_value(days);
      sp.days = d < 0 || d > ZEEF_SUPPRESS_DAYS_MAX ? -1 : (int)d;
    }
  }
  pthread_mutex_lock(&s->store_lock);
  rc = zeef_store_suppress(s->store, &who, &sp, &out, detail, sizeof detail);
  pthread_mutex_unlock(&s->store_lock);
  if (rc) return refusal(rc, detail[0] ? detail : zeef_strerror(rc), err);
  fe_buf_printf(text, "{\"suppression\":%lld,\"state\":\"%s\"}\n", (long long)out, states[sp.action]);
  return 200;
}

int srv_suppressions_get(srv *s, const srv_who *w, struct MHD_Connection *c, fe_buf *text, json_t **err) {
  zeef_actor who = {w->user, w->roles_text, "review"};
  zeef_status rc;
  int st;
  pthread_mutex_lock(&s->store_lock);
  rc = zeef_store_suppressions(s->store, &who, arg(c, "state"), to_buf, text);
  st = rc ? refusal(rc, zeef_store_error(s->store), err) : 200;
  pthread_mutex_unlock(&s->store_lock);
  return st;
}

int srv_travellers_get(srv *s, const srv_who *w, struct MHD_Connection *c, fe_buf *text, json_t **err) {
  zeef_actor who = {w->user, w->roles_text, NULL};
  zeef_traveller_query f;
  size_t limit;
  zeef_status rc;
  int st;
  if ((st = purpose(s, c, &who.purpose, err)) || (st = number(c, "limit", 500, 100, &limit, err))) return st;
  f.name = arg(c, "name");
  f.document_number = arg(c, "document_number");
  f.birth_date = arg(c, "birth_date");
  f.limit = (int64_t)limit;
  pthread_mutex_lock(&s->store_lock);
  rc = zeef_store_travellers(s->store, &who, &f, to_buf, text);
  st = rc ? refusal(rc, zeef_store_error(s->store), err) : 200;
  pthread_mutex_unlock(&s->store_lock);
  return st;
}
