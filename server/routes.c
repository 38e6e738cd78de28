/*
** routes.c: the HTTP front door of `zeef serve`. Every request passes the
** same gates, in this order, before its body is read:
**
**   path     unknown -> 404             method  wrong -> 405 (with Allow)
**   key      none -> 401, unknown -> 401, without the role -> 403
**   size     Content-Length over --max-body -> 413
**   type     POST /screen: a Content-Type it cannot read -> 415
**
** then its body is gathered into a buffer bounded by --max-body (413 past
** it, for chunked bodies too) and the endpoint answers:
**
**   GET  /healthz           the process is alive (no key)
**   GET  /readyz            lists loaded and indexed: 200, else 503 (no key)
**   GET  /metrics           Prometheus text (role screen)
**   GET  /lists             the lists served (role screen)
**   POST /match/{dataset}   yente's matching API (role screen; yente.c)
**   POST /screen            traveller records in, the `zeef screen` objects
**                           out (role screen)
**   POST /admin/reload      reload every list (role admin)
**
** Every error is JSON {"error": "short_code", "detail": "a sentence"}; no
** detail names a file of the server, except the reload report an admin
** asks for. JSON bodies nested deeper than SRV_JSON_DEPTH_MAX are refused
** with 400 before they are parsed.
*/
#include "server.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DATASET_MAX 128 /* bytes of a dataset name in /match/{dataset} */
#define CTYPE_MAX 64

typedef enum route {
  R_NONE = 0,
  R_HEALTHZ,
  R_READYZ,
  R_METRICS,
  R_LISTS,
  R_MATCH,
  R_SCREEN,
  R_RELOAD
} route;

static const struct {
  route r;
  const char *path; /* exact, or a prefix when it ends in '/' */
  const char *method; /* GET (HEAD too) or POST */
  unsigned role;      /* 0: no key needed */
  srv_endpoint ep;
} routes[] = {
    {R_HEALTHZ, "/healthz", "GET", 0, SRV_EP_HEALTHZ},
    {R_READYZ, "/readyz", "GET", 0, SRV_EP_READYZ},
    {R_METRICS, "/metrics", "GET", SRV_ROLE_SCREEN, SRV_EP_METRICS},
    {R_LISTS, "/lists", "GET", SRV_ROLE_SCREEN, SRV_EP_LISTS},
    {R_MATCH, "/match/", "POST", SRV_ROLE_SCREEN, SRV_EP_MATCH},
    {R_SCREEN, "/screen", "POST", SRV_ROLE_SCREEN, SRV_EP_SCREEN},
    {R_RELOAD, "/admin/reload", "POST", SRV_ROLE_ADMIN, SRV_EP_RELOAD},
};
#define NROUTES (sizeof routes / sizeof routes[0])

/* How POST /screen reads its body, by Content-Type. */
typedef enum body_kind { B_NONE = 0, B_JSON_ARRAY, B_RECORDS } body_kind;

/* One request's state, from its headers to its completion. */
typedef struct req {
  srv *s;
  double t0;
  size_t route; /* index in routes[], or NROUTES for none */
  srv_endpoint ep;
  int status;   /* the status answered; 0 until then */
  int too_big;  /* the body passed --max-body: the rest is dropped */
  body_kind kind;
  zeef_input_format format;
  char dataset[DATASET_MAX];
  fe_buf body;
} req;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---------------------------------------------------------------- Answers */

json_t *srv_error(const char *code, const char *fmt, ...) {
  char detail[SRV_DETAIL_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(detail, sizeof detail, fmt, ap);
  va_end(ap);
  return json_pack("{s:s, s:s}", "error", code, "detail", detail);
}

/* Queues body (malloc'd, len bytes; freed by MHD, or here on failure). */
static enum MHD_Result answer(struct MHD_Connection *c, req *r, int status, const char *type, char *body,
                              size_t len) {
  struct MHD_Response *resp;
  enum MHD_Result ok;
  if (!body) return MHD_NO;
  resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
  if (!resp) {
    free(body);
    return MHD_NO;
  }
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  if (status == 401) MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"zeef\"");
  if (status == 405 && r->route < NROUTES)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW,
                            strcmp(routes[r->route].method, "GET") == 0 ? "GET, HEAD" : "POST");
  ok = MHD_queue_response(c, (unsigned)status, resp);
  MHD_destroy_response(resp);
  r->status = status;
  /* counted when queued, not when sent: a client that reads the metrics
  ** after its answer always finds its request counted */
  srv_metrics_request(&r->s->metrics, r->ep, status, now_s() - r->t0);
  return ok;
}

/* Answers with j (its reference is taken), one line of compact JSON. */
static enum MHD_Result answer_json(struct MHD_Connection *c, req *r, int status, json_t *j) {
  char *txt = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4)) : NULL;
  size_t n;
  char *p;
  json_decref(j);
  if (!txt) {
    static const char oom[] = "{\"error\":\"out_of_memory\",\"detail\":\"the answer could not be made\"}\n";
    char *b = malloc(sizeof oom);
    if (b) memcpy(b, oom, sizeof oom);
    return answer(c, r, 500, "application/json", b, sizeof oom - 1);
  }
  n = strlen(txt);
  if (!(p = realloc(txt, n + 2))) {
    free(txt);
    return MHD_NO;
  }
  p[n] = '\n';
  p[n + 1] = 0;
  return answer(c, r, status, "application/json", p, n + 1);
}

static enum MHD_Result answer_error(struct MHD_Connection *c, req *r, int status, const char *code,
                                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static enum MHD_Result answer_error(struct MHD_Connection *c, req *r, int status, const char *code,
                                    const char *fmt, ...) {
  char detail[SRV_DETAIL_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(detail, sizeof detail, fmt, ap);
  va_end(ap);
  return answer_json(c, r, status, json_pack("{s:s, s:s}", "error", code, "detail", detail));
}

/* ------------------------------------------------------------- Parameters */

static const char *arg(struct MHD_Connection *c, const char *name) {
  return MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
}

static int unit_param(struct MHD_Connection *c, const char *name, double *v, char *why, size_t cap) {
  const char *s = arg(c, name);
  if (!s || !fe_parse_double(s, 0, 1, v)) return 0;
  snprintf(why, cap, "query parameter %s must be a number from 0 to 1, not \"%.40s\"", name, s);
  return -1;
}

/* threshold, min_score (or yente's cutoff) and limit, checked. */
static int get_params(struct MHD_Connection *c, const srv *s, srv_params *p, char *why, size_t cap) {
  const char *l = arg(c, "limit");
  p->threshold = s->threshold;
  p->min_score = FE_MIN_SCORE_DEFAULT;
  p->limit = FE_LIMIT_DEFAULT;
  if (unit_param(c, "threshold", &p->threshold, why, cap) || unit_param(c, "cutoff", &p->min_score, why, cap) ||
      unit_param(c, "min_score", &p->min_score, why, cap))
    return -1;
  if (l && fe_parse_size(l, 1, FE_LIMIT_MAX, &p->limit)) {
    snprintf(why, cap, "query parameter limit must be a whole number from 1 to %d, not \"%.40s\"",
             FE_LIMIT_MAX, l);
    return -1;
  }
  return 0;
}

/* ------------------------------------------------------------------ JSON */

/* 1 when the JSON text s nests arrays and objects deeper than max. Strings
** are skipped; a malformed text is left to the parser. */
static int json_too_deep(const char *s, size_t n, int max) {
  int depth = 0, in_str = 0;
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    if (in_str) {
      if (ch == '\\') i++;
      else if (ch == '"') in_str = 0;
    } else if (ch == '"') {
      in_str = 1;
    } else if (ch == '[' || ch == '{') {
      if (++depth > max) return 1;
    } else if (ch == ']' || ch == '}') {
      depth--;
    }
  }
  return 0;
}

/* Parses a JSON body, or answers 400 and returns NULL. */
static json_t *parse_json(struct MHD_Connection *c, req *r, enum MHD_Result *res) {
  json_error_t e;
  json_t *j;
  if (json_too_deep(r->body.p ? r->body.p : "", r->body.len, SRV_JSON_DEPTH_MAX)) {
    *res = answer_error(c, r, 400, "too_deep", "the JSON body nests deeper than %d levels",
                        SRV_JSON_DEPTH_MAX);
    return NULL;
  }
  j = json_loadb(r->body.p ? r->body.p : "", r->body.len, 0, &e);
  if (!j)
    *res = answer_error(c, r, 400, "malformed_json", "the body is not JSON: %s (line %d, column %d)", e.text,
                        e.line, e.column);
  return j;
}

/* --------------------------------------------------------------- /screen */

/* The Content-Type of a /screen body: how to read it, or -1 (415). */
static int screen_format(const char *ctype, req *r) {
  char t[CTYPE_MAX];
  size_t n = 0;
  if (!ctype) return -1;
  while (*ctype == ' ') ctype++;
  while (ctype[n] && ctype[n] != ';' && ctype[n] != ' ' && n < sizeof t - 1) {
    t[n] = ctype[n];
    n++;
  }
  t[n] = 0;
  r->kind = B_RECORDS;
  if (strcasecmp(t, "application/json") == 0) r->kind = B_JSON_ARRAY;
  else if (strcasecmp(t, "application/x-ndjson") == 0 || strcasecmp(t, "application/jsonl") == 0 ||
           strcasecmp(t, "application/json-lines") == 0)
    r->format = ZEEF_IN_JSONL;
  else if (strcasecmp(t, "text/csv") == 0) r->format = ZEEF_IN_CSV;
  else if (strcasecmp(t, "application/edifact") == 0 || strcasecmp(t, "application/x-edifact") == 0 ||
           strcasecmp(t, "application/paxlst") == 0)
    r->format = ZEEF_IN_PAXLST;
  else if (strcasecmp(t, "text/plain") == 0) r->format = ZEEF_IN_AUTO; /* MRZ, PAXLST or CSV */
  else {
    r->kind = B_NONE;
    return -1;
  }
  return 0;
}

typedef struct screen_job {
  fe_screening sc;
  zeef_hit *hits;
  json_t *results;
  size_t records, alerts, errors, max;
  int too_many;
} screen_job;

static int on_record(void *ud, const zeef_record *rec) {
  screen_job *j = ud;
  fe_result res;
  if (j->records == j->max) {
    j->too_many = 1;
    return 1;
  }
  j->records++;
  fe_screen_record(&j->sc, rec, j->hits, &res);
  if (res.status == FE_ALERT) j->alerts++;
  else if (res.status == FE_ERROR) j->errors++;
  json_array_append_new(j->results, fe_result_json(&j->sc, &res));
  fe_result_clear(&res);
  return 0;
}

static enum MHD_Result do_screen(struct MHD_Connection *c, srv *s, req *r, srv_gen *g) {
  srv_params p;
  char why[SRV_DETAIL_MAX];
  screen_job j;
  zeef_read_error err;
  zeef_status rc;
  zeef_input_format fmt = r->format;
  if (get_params(c, s, &p, why, sizeof why)) return answer_error(c, r, 400, "bad_parameter", "%s", why);
  if (r->kind == B_JSON_ARRAY) {
    /* parsed once, by the records reader; only its depth is checked here */
    if (json_too_deep(r->body.p ? r->body.p : "", r->body.len, SRV_JSON_DEPTH_MAX))
      return answer_error(c, r, 400, "too_deep", "the JSON body nests deeper than %d levels",
                          SRV_JSON_DEPTH_MAX);
    fmt = ZEEF_IN_JSON;
  } else if (!r->body.len) {
    return answer_error(c, r, 400, "empty_body", "the body holds no travellers");
  }
  memset(&j, 0, sizeof j);
  j.sc.ctx = s->ctx;
  j.sc.scr = g->scr;
  j.sc.threshold = p.threshold;
  j.sc.min_score = p.min_score;
  j.sc.limit = p.limit;
  j.max = s->travellers_max;
  j.hits = calloc(p.limit, sizeof *j.hits);
  j.results = json_array();
  if (!j.hits || !j.results) {
    free(j.hits);
    json_decref(j.results);
    return answer_error(c, r, 500, "out_of_memory", "the request could not be read: out of memory");
  }
  rc = zeef_records_read_buffer(s->ctx, r->body.p ? r->body.p : "", r->body.len, fmt, on_record, &j,
                                &err);
  free(j.hits);
  atomic_fetch_add(&s->metrics.screened, j.records);
  atomic_fetch_add(&s->metrics.alerts, j.alerts);
  if (j.too_many) {
    json_decref(j.results);
    return answer_error(c, r, 413, "too_many_travellers",
                        "more than %zu travellers in one request; send them in parts", s->travellers_max);
  }
  if (rc) {
    json_decref(j.results);
    if (rc == ZEEF_E_FORMAT && fmt == ZEEF_IN_JSON && strncmp(err.message, "not JSON", 8) == 0)
      return answer_error(c, r, 400, "malformed_json", "the body is not JSON: %s", err.message + 10);
    if (rc == ZEEF_E_FORMAT && fmt == ZEEF_IN_JSON)
      return answer_error(c, r, 400, "not_an_array",
                          "a JSON body of POST /screen is an array of traveller objects");
    if (rc == ZEEF_E_FORMAT)
      return answer_error(c, r, 400, "unreadable_input", "the travellers cannot be read: %s (line %zu)",
                          err.message, err.line);
    return answer_error(c, r, 500, "internal", "the travellers could not be read: %s", zeef_strerror(rc));
  }
  return answer_json(c, r, 200,
                     json_pack("{s:o, s:{s:I, s:I, s:I, s:I}}", "results", j.results, "summary", "records",
                               (json_int_t)j.records, "alerts", (json_int_t)j.alerts, "clear",
                               (json_int_t)(j.records - j.alerts - j.errors), "errors",
                               (json_int_t)j.errors));
}

/* ---------------------------------------------------------------- /match */

static enum MHD_Result do_match(struct MHD_Connection *c, srv *s, req *r, srv_gen *g) {
  srv_params p;
  char why[SRV_DETAIL_MAX];
  enum MHD_Result res = MHD_YES;
  json_t *body, *out = NULL;
  size_t queries = 0, alerts = 0;
  int status;
  if (get_params(c, s, &p, why, sizeof why)) return answer_error(c, r, 400, "bad_parameter", "%s", why);
  if (!(body = parse_json(c, r, &res))) return res;
  status = srv_match(s, g, r->dataset, body, &p, &out, &queries, &alerts);
  json_decref(body);
  atomic_fetch_add(&s->metrics.screened, queries);
  atomic_fetch_add(&s->metrics.alerts, alerts);
  return answer_json(c, r, status, out);
}

/* ------------------------------------------------------------------ Gates */

/* The route of url and method: sets r->route and r->ep; returns the status
** of a refusal (404, 405) or 0. */
static int find_route(req *r, const char *url, const char *method) {
  r->route = NROUTES;
  r->ep = SRV_EP_OTHER;
  for (size_t i = 0; i < NROUTES; i++) {
    size_t n = strlen(routes[i].path);
    int prefix = routes[i].path[n - 1] == '/';
    if (prefix ? strncmp(url, routes[i].path, n) != 0 : strcmp(url, routes[i].path) != 0) continue;
    r->route = i;
    r->ep = routes[i].ep;
    if (prefix) {
      const char *name = url + n;
      if (!*name || strchr(name, '/') || strlen(name) >= sizeof r->dataset) return 404;
      memcpy(r->dataset, name, strlen(name) + 1);
    }
    if (strcmp(method, routes[i].method) == 0) return 0;
    if (strcmp(routes[i].method, "GET") == 0 && strcmp(method, "HEAD") == 0) return 0;
    return 405;
  }
  return 404;
}

/* The gates a request passes on its headers alone; queues the refusal and
** returns 1, or returns 0 to read the body. */
static int gates(struct MHD_Connection *c, srv *s, req *r, const char *url, const char *method,
                 enum MHD_Result *res) {
  int st = find_route(r, url, method);
  const char *len;
  if (st == 404) {
    if (r->route < NROUTES || strcmp(url, "/match") == 0)
      *res = answer_error(c, r, 404, "unknown_dataset",
                          "POST /match/{dataset} names a list (GET /lists) or default for all of them");
    else
      *res = answer_error(c, r, 404, "not_found", "no such endpoint");
    return 1;
  }
  if (st == 405) {
    *res = answer_error(c, r, 405, "method_not_allowed", "%s takes %s", routes[r->route].path,
                        routes[r->route].method);
    return 1;
  }
  if (s->keys && routes[r->route].role) {
    switch (srv_authorize(s->keys,
                          MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION),
                          MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-API-Key"), routes[r->route].role)) {
    case SRV_AUTH_OK: break;
    case SRV_AUTH_MISSING:
      *res = answer_error(c, r, 401, "unauthorized",
                          "an API key is needed: send Authorization: Bearer KEY or X-API-Key: KEY");
      return 1;
    case SRV_AUTH_INVALID:
      *res = answer_error(c, r, 401, "unauthorized", "the API key is not valid");
      return 1;
    case SRV_AUTH_FORBIDDEN:
      *res = answer_error(c, r, 403, "forbidden", "the API key does not have the %s role",
                          routes[r->route].role == SRV_ROLE_ADMIN ? "admin" : "screen");
      return 1;
    }
  }
  if ((len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH)) != NULL) {
    char *end;
    unsigned long long n = strtoull(len, &end, 10);
    if (end != len && n > s->body_max) {
      *res = answer_error(c, r, 413, "body_too_large", "the body is %llu bytes; at most %zu are accepted", n,
                          s->body_max);
      return 1;
    }
  }
  if (routes[r->route].ep == SRV_EP_SCREEN &&
      screen_format(MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE), r)) {
    *res = answer_error(c, r, 415, "unsupported_media_type",
                        "POST /screen reads application/json (an array of travellers), text/csv, "
                        "application/edifact (PAXLST) or text/plain (MRZ, PAXLST or CSV)");
    return 1;
  }
  if (routes[r->route].ep == SRV_EP_MATCH) {
    const char *t = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (t && strncasecmp(t, "application/json", 16) != 0) {
      *res = answer_error(c, r, 415, "unsupported_media_type", "POST /match reads application/json");
      return 1;
    }
  }
  return 0;
}

/* ------------------------------------------------------------- Endpoints */

static enum MHD_Result dispatch(struct MHD_Connection *c, srv *s, req *r) {
  route rt = routes[r->route].r;
  srv_gen *g;
  enum MHD_Result res;
  if (r->too_big)
    return answer_error(c, r, 413, "body_too_large", "the body is larger than %zu bytes", s->body_max);
  switch (rt) {
  case R_HEALTHZ: return answer_json(c, r, 200, json_pack("{s:s}", "status", "ok"));
  case R_METRICS: {
    size_t n = 0;
    char *page = srv_metrics_render(s, &n);
    if (!page) return answer_error(c, r, 500, "out_of_memory", "the metrics could not be made");
    return answer(c, r, 200, "text/plain; version=0.0.4; charset=utf-8", page, n);
  }
  case R_RELOAD: {
    json_t *out = NULL;
    int st = srv_reload(s, "POST /admin/reload", &out);
    return answer_json(c, r, st, out);
  }
  default: break;
  }
  if (!(g = srv_gen_acquire(s))) {
    if (rt == R_READYZ)
      return answer_error(c, r, 503, "not_ready", "the lists are still loading");
    return answer_error(c, r, 503, "not_ready", "the lists are still loading; try again shortly");
  }
  switch (rt) {
  case R_READYZ: {
    /* ready; what a list lacks is said here too, for the probe's log */
    json_t *notes = json_array();
    for (size_t i = 0; i < g->nlists; i++)
      for (size_t k = 0; k < zeef_list_note_count(g->lists[i]); k++) {
        char line[320];
        snprintf(line, sizeof line, "list %s: %s", zeef_list_name(g->lists[i]), zeef_list_note(g->lists[i], k));
        json_array_append_new(notes, json_string(line));
      }
    res = answer_json(c, r, 200,
                      json_pack("{s:s, s:I, s:I, s:o}", "status", "ready", "generation", (json_int_t)g->serial,
                                "lists", (json_int_t)g->nlists, "warnings", notes));
    break;
  }
  case R_LISTS: res = answer_json(c, r, 200, srv_gen_json(s, g)); break;
  case R_MATCH: res = do_match(c, s, r, g); break;
  case R_SCREEN: res = do_screen(c, s, r, g); break;
  default: res = answer_error(c, r, 404, "not_found", "no such endpoint"); break;
  }
  srv_gen_release(s, g);
  return res;
}

enum MHD_Result srv_on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload, size_t *upload_size,
                               void **con_cls) {
  srv *s = cls;
  req *r = *con_cls;
  (void)version;
  if (!r) {
    enum MHD_Result res = MHD_YES;
    if (!(r = calloc(1, sizeof *r))) return MHD_NO;
    r->s = s;
    r->t0 = now_s();
    fe_buf_init(&r->body, s->body_max);
    *con_cls = r;
    atomic_fetch_add(&s->inflight, 1);
    gates(c, s, r, url, method, &res);
    return res;
  }
  if (r->status) { /* answered early: the rest of the body is dropped */
    *upload_size = 0;
    return MHD_YES;
  }
  if (*upload_size) {
    if (!r->too_big && fe_buf_add(&r->body, upload, *upload_size) != ZEEF_OK) {
      r->too_big = 1;
      fe_buf_free(&r->body);
    }
    *upload_size = 0;
    return MHD_YES;
  }
  return dispatch(c, s, r);
}

void srv_on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe) {
  srv *s = cls;
  req *r = *con_cls;
  (void)c;
  (void)toe;
  if (!r) return;
  fe_buf_free(&r->body);
  free(r);
  *con_cls = NULL;
  atomic_fetch_sub(&s->inflight, 1);
}
