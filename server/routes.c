/*
** routes.c: the HTTP front door of `zeef serve`. Every request passes the
** same gates, in this order, before its body is read:
**
**   path     unknown -> 404             method  wrong -> 405 (with Allow)
**   key      none -> 401, unknown -> 401, without the role -> 403
**   size     Content-Length over --max-body -> 413
**   type     POST /screen: a Content-Type it cannot read -> 415
**
** then its body is gathered into a buffer bounded by --max-body (a chunked
** body past it is answered 413 after at most SRV_BODY_DRAIN more bytes,
** and no more is read) and the endpoint answers:
**
**   GET  /healthz           the process is alive (no key)
**   GET  /readyz            lists loaded and indexed: 200, else 503 (no key)
**   GET  /metrics           Prometheus text (role screen)
**   GET  /lists             the lists served (role screen)
**   POST /match/{dataset}   yente's matching API (role screen; yente.c)
**   POST /screen            traveller records in, the `zeef screen` objects
**                           out, streamed as they are screened (role screen)
**   POST /admin/reload      reload every list, in the background (202), or
**                           ?wait=true for the outcome (role admin)
**   GET  /admin/reload      how the last background reload ended (role admin)
**
** Work is bounded per request before it starts: POST /screen at
** SRV_SCREEN_HITS_MAX travellers x limit, POST /match at SRV_MATCH_NAMES_MAX
** names and SRV_MATCH_RESULTS_MAX queries x limit (413 with the limit in
** the detail); min_score and cutoff below SRV_MIN_SCORE_FLOOR are read as
** it. A POST /match of at most SRV_INLINE_NAMES names is screened on the
** HTTP thread that read it (a thread switch would cost more than the
** screening); longer work (a larger /match, POST /screen, a reload asked
** to wait) runs elsewhere with the connection suspended (defer()). When
** the pool's queue is full the answer is 503 with Retry-After.
**
** Every error is JSON {"error": "short_code", "detail": "a sentence"}; no
** detail names a file of the server, except the reload report an admin
** asks for. JSON bodies nested deeper than SRV_JSON_DEPTH_MAX are refused
** with 400 before they are parsed.
*/
#include "server.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define DATASET_MAX 256 /* bytes of the name in /match/{dataset} or /entities/{id} */
#define CTYPE_MAX 64

typedef enum route {
  R_NONE = 0,
  R_HEALTHZ,
  R_READYZ,
  R_METRICS,
  R_LISTS,
  R_MATCH,
  R_SCREEN,
  R_RELOAD,
  R_RELOAD_STATE,
  R_CATALOG,
  R_ALGORITHMS,
  R_ENTITY,
  R_CASES,
  R_CASE,
  R_CASE_ACT,
  R_STORE,
  R_AUDIT,
  R_AUDIT_VERIFY,
  R_SUPPRESS,
  R_SUPPRESS_ACT,
  R_SUPPRESS_LIST,
  R_TRAVELLERS,
  R_UI_HOME,
  R_UI,
  R_SESSION,
  R_SESSION_START,
  R_SESSION_END
} route;

static const struct {
  route r;
  const char *path;   /* exact, or a prefix when it ends in '/' */
  const char *method; /* GET (HEAD too) or POST */
  unsigned role;      /* 0: no key needed */
  srv_endpoint ep;
} routes[] = {
    {R_HEALTHZ, "/healthz", "GET", 0, SRV_EP_HEALTHZ},
    {R_READYZ, "/readyz", "GET", 0, SRV_EP_READYZ},
    {R_METRICS, "/metrics", "GET", SRV_ROLE_MONITOR, SRV_EP_METRICS},
    {R_LISTS, "/lists", "GET", SRV_ROLE_SCREEN | SRV_ROLE_REVIEW | SRV_ROLE_ADMIN, SRV_EP_LISTS},
    {R_MATCH, "/match/", "POST", SRV_ROLE_SCREEN, SRV_EP_MATCH},
    {R_SCREEN, "/screen", "POST", SRV_ROLE_SCREEN, SRV_EP_SCREEN},
    {R_RELOAD, "/admin/reload", "POST", SRV_ROLE_ADMIN, SRV_EP_RELOAD},
    {R_RELOAD_STATE, "/admin/reload", "GET", SRV_ROLE_ADMIN, SRV_EP_RELOAD},
    {R_CATALOG, "/catalog", "GET", 0, SRV_EP_CATALOG},
    {R_ALGORITHMS, "/algorithms", "GET", 0, SRV_EP_CATALOG},
    {R_ENTITY, "/entities/", "GET", SRV_ROLE_SCREEN, SRV_EP_ENTITIES},
    {R_CASES, "/cases", "GET", SRV_ROLE_ANALYST | SRV_ROLE_SUPERVISOR, SRV_EP_CASES},
    {R_CASE, "/cases/", "GET", SRV_ROLE_ANALYST | SRV_ROLE_SUPERVISOR, SRV_EP_CASES},
    {R_CASE_ACT, "/cases/", "POST", SRV_ROLE_ANALYST | SRV_ROLE_SUPERVISOR, SRV_EP_CASES},
    {R_STORE, "/store", "GET", SRV_ROLE_REVIEW | SRV_ROLE_ADMIN, SRV_EP_CASES},
    {R_AUDIT, "/audit", "GET", SRV_ROLE_AUDITOR, SRV_EP_AUDIT},
    {R_AUDIT_VERIFY, "/audit/verify", "GET", SRV_ROLE_AUDITOR, SRV_EP_AUDIT},
    {R_SUPPRESS, "/suppressions", "POST", SRV_ROLE_ANALYST | SRV_ROLE_SUPERVISOR, SRV_EP_CASES},
    {R_SUPPRESS_ACT, "/suppressions/", "POST", SRV_ROLE_SUPERVISOR, SRV_EP_CASES},
    {R_SUPPRESS_LIST, "/suppressions", "GET", SRV_ROLE_REVIEW, SRV_EP_CASES},
    {R_TRAVELLERS, "/travellers", "GET", SRV_ROLE_REVIEW, SRV_EP_CASES},
    /* the review UI: its files and its sign-in need no key (session.c) */
    {R_UI_HOME, "/ui", "GET", 0, SRV_EP_UI},
    {R_UI, "/ui/", "GET", 0, SRV_EP_UI},
    {R_SESSION, "/session", "GET", 0, SRV_EP_UI},
    {R_SESSION_START, "/session", "POST", 0, SRV_EP_UI},
    {R_SESSION_END, "/session/end", "POST", 0, SRV_EP_UI},
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
  int status;  /* the status answered; 0 until then */
  size_t over; /* body bytes past --max-body, read and dropped */
  body_kind kind;
  zeef_input_format format;
  char dataset[DATASET_MAX];
  fe_buf body;
  /* work deferred off the event thread (defer()): */
  struct MHD_Connection *c;
  srv_gen *g;                /* the job's reference */
  void (*job)(struct req *); /* answers, then calls job_done() once */
  void *job_arg;
  int deferred;      /* 1 the job runs, 2 it has answered */
  json_t *json;      /* POST /match: the parsed body */
  srv_match_opts mo; /* POST /match: its parameters */
  srv_who who;       /* the key's user and roles */
  char user[SRV_USER_MAX + 1]; /* a session's user (who.user points here) */
  char token[SRV_TOKEN_HEX];   /* the session cookie's token, or "" */
  char set_cookie[160];        /* a Set-Cookie header for the answer, or "" */
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
  if (r->set_cookie[0]) MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->set_cookie);
  if (status == 401) MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"zeef\"");
  if (status == 405 && r->route < NROUTES) {
    /* every method the path takes */
    char allow[32] = "";
    for (size_t k = 0; k < NROUTES; k++)
      if (strcmp(routes[k].path, routes[r->route].path) == 0)
        snprintf(allow + strlen(allow), sizeof allow - strlen(allow), "%s%s", allow[0] ? ", " : "",
                 strcmp(routes[k].method, "GET") == 0 ? "GET, HEAD" : routes[k].method);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
  }
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

/* 503 with Retry-After: the screening pool is full. */
static enum MHD_Result answer_busy(struct MHD_Connection *c, req *r) {
  static const char body[] = "{\"error\":\"busy\",\"detail\":\"every screening thread is taken and the "
                             "queue is full: try again in a second\"}\n";
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(sizeof body - 1, (void *)(uintptr_t)body, MHD_RESPMEM_PERSISTENT);
  enum MHD_Result ok;
  if (!resp) return MHD_NO;
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
  MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, "1");
  ok = MHD_queue_response(c, 503, resp);
  MHD_destroy_response(resp);
  r->status = 503;
  srv_metrics_request(&r->s->metrics, r->ep, 503, now_s() - r->t0);
  return ok;
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
  if (unit_param(c, "threshold", &p->threshold, why, cap) ||
      unit_param(c, "cutoff", &p->min_score, why, cap) || unit_param(c, "min_score", &p->min_score, why, cap))
    return -1;
  /* below the floor every listed name would be scored in full (40 times
  ** the work) for hits no reviewer acts on */
  if (p->min_score < SRV_MIN_SCORE_FLOOR) p->min_score = SRV_MIN_SCORE_FLOOR;
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
static int json_scan(const char *s, size_t n, int max, size_t *elements) {
  int depth = 0, in_str = 0, any = 0;
  size_t commas = 0;
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    if (in_str) {
      if (ch == '\\')
        i++;
      else if (ch == '"')
        in_str = 0;
      continue;
    }
    if (depth == 1 && ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n' && ch != ']') any = 1;
    if (ch == '"') {
      in_str = 1;
    } else if (ch == '[' || ch == '{') {
      if (++depth > max) return 1;
    } else if (ch == ']' || ch == '}') {
      depth--;
    } else if (ch == ',' && depth == 1) {
      commas++;
    }
  }
  if (elements) *elements = any ? commas + 1 : 0;
  return 0;
}

static int json_too_deep(const char *s, size_t n, int max) { return json_scan(s, n, max, NULL); }

/* Parses a JSON body, or answers 400 and returns NULL. */
static json_t *parse_json(struct MHD_Connection *c, req *r, enum MHD_Result *res) {
  json_error_t e;
  json_t *j;
  if (json_too_deep(r->body.p ? r->body.p : "", r->body.len, SRV_JSON_DEPTH_MAX)) {
    *res =
        answer_error(c, r, 400, "too_deep", "the JSON body nests deeper than %d levels", SRV_JSON_DEPTH_MAX);
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
  if (strcasecmp(t, "application/json") == 0)
    r->kind = B_JSON_ARRAY;
  else if (strcasecmp(t, "application/x-ndjson") == 0 || strcasecmp(t, "application/jsonl") == 0 ||
           strcasecmp(t, "application/json-lines") == 0)
    r->format = ZEEF_IN_JSONL;
  else if (strcasecmp(t, "text/csv") == 0)
    r->format = ZEEF_IN_CSV;
  else if (strcasecmp(t, "application/paxlst") == 0)
    r->format = ZEEF_IN_PAXLST;
  else if (strcasecmp(t, "application/pnrgov") == 0)
    r->format = ZEEF_IN_PNRGOV;
  else if (strcasecmp(t, "application/edifact") == 0 || strcasecmp(t, "application/x-edifact") == 0)
    r->format = ZEEF_IN_AUTO; /* PAXLST or PNRGOV, as its UNH says */
  else if (strcasecmp(t, "text/plain") == 0)
    r->format = ZEEF_IN_AUTO; /* MRZ, PAXLST or CSV */
  else {
    r->kind = B_NONE;
    return -1;
  }
  return 0;
}

/* ------------------------------------------------------------- Deferred */

/* The HTTP threads are few (one per core, each with an event loop over
** many connections), so an answer that takes long is made elsewhere: the
** connection is suspended, a job makes and queues the answer on the pool
** or a thread of its own, and resumes the connection, which sends it
** (libmicrohttpd takes a response for a suspended connection from any
** thread). The job holds a reference to the generation until it is done.
** s->suspended counts the connections suspended, which must be none when
** the daemon stops. */

/* The job has queued its answer (or failed to): the connection goes on. */
static void job_done(req *r) {
  srv *s = r->s;
  struct MHD_Connection *c = r->c;
  srv_gen_release(s, r->g);
  r->g = NULL;
  r->deferred = 2;
  atomic_fetch_sub(&s->suspended, 1);
  MHD_resume_connection(c); /* r may be freed from here on */
}

static void job_run(void *arg) {
  req *r = arg;
  r->job(r);
}

static void *job_thread(void *arg) {
  job_run(arg);
  return NULL;
}

/* Runs job(r) off this event thread: on the pool, or on a thread of its
** own for a job that waits on the pool or on a reload (own_thread). 0 when
** it will run (the connection is suspended until the job calls
** job_done()); -1 when no thread could be made: the answer is queued (503)
** and the caller frees what it made for the job. When the server is
** stopping the job runs here and now. */
static int defer(struct MHD_Connection *c, req *r, srv_gen *g, void (*job)(req *), int own_thread) {
  srv *s = r->s;
  r->c = c;
  r->job = job;
  r->g = srv_gen_retain(s, g);
  r->deferred = 1;
  atomic_fetch_add(&s->suspended, 1);
  MHD_suspend_connection(c);
  if (atomic_load(&s->stopping)) {
    job(r);
  } else if (own_thread) {
    pthread_t t;
    pthread_attr_t at;
    int rc;
    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    rc = pthread_create(&t, &at, job_thread, r);
    pthread_attr_destroy(&at);
    if (rc != 0) {
      answer_busy(c, r);
      job_done(r);
      return -1;
    }
  } else {
    fe_pool_submit(s->pool, job_run, r, 1); /* fails only when the pool stops, after the daemon */
  }
  return 0;
}

/* One POST /screen answer, made by a thread of its own (screen_job) and
** sent as it is made. The thread checks the body against the budget, reads
** the records and screens them on the pool (an fe_batch); each result goes
** into a ring of SRV_STREAM_RING bytes as soon as it and those before it
** are done, and libmicrohttpd sends from the ring (stream_read). So the
** answer is never held whole, and a slow reader slows only its own
** screening: the ring fills and the writer waits. When the ring is empty
** the connection is suspended until the writer has more.
**
** The status goes first, when the first record has been read: a JSON body
** that cannot be read at all is still a 400. The run is shared by the
** writer and the response (refs); the last to let go frees it. */
typedef struct screen_run {
  srv *s;
  req *r; /* until the answer is queued, then NULL: the request may end */
  struct MHD_Connection *c;
  srv_gen *g;
  char *body;
  size_t len;
  zeef_input_format fmt;
  size_t limit;
  fe_screening sc;
  fe_batch *batch;
  size_t records, alerts, errors;
  zeef_status rc;
  zeef_read_error err;
  zeef_store *store; /* --store: this run's own handle, NULL without */
  zeef_status store_rc;
  fe_links *links;      /* what its travellers share */
  pthread_mutex_t lock; /* guards what follows */
  pthread_cond_t room;
  size_t head, used; /* the bytes of ring not yet sent */
  int done;          /* the writer has written its last byte */
  int gone;          /* the response is gone: the client left, or the daemon stops */
  int waiting;       /* the connection is suspended until there are bytes */
  int refs;
  char ring[SRV_STREAM_RING];
} screen_run;

/* Resumes the connection waiting for bytes; under x->lock. */
static void stream_wake(screen_run *x) {
  if (!x->waiting) return;
  x->waiting = 0;
  atomic_fetch_sub(&x->s->suspended, 1);
  MHD_resume_connection(x->c);
}

/* Adds n bytes to the ring, waiting for room; 0, or -1 when no one will
** read them (the client went away, or the server stops). */
static int stream_write(screen_run *x, const char *p, size_t n) {
  int broken;
  pthread_mutex_lock(&x->lock);
  while (n && !x->gone && !atomic_load(&x->s->stopping)) {
    size_t tail = (x->head + x->used) % SRV_STREAM_RING, k = SRV_STREAM_RING - x->used;
    if (!k) {
      pthread_cond_wait(&x->room, &x->lock);
      continue;
    }
    if (k > SRV_STREAM_RING - tail) k = SRV_STREAM_RING - tail;
    if (k > n) k = n;
    memcpy(x->ring + tail, p, k);
    x->used += k;
    p += k;
    n -= k;
    stream_wake(x);
  }
  broken = n > 0;
  pthread_mutex_unlock(&x->lock);
  return broken ? -1 : 0;
}

/* The writer is done: the reader sends what is left, then ends. */
static void stream_close(screen_run *x) {
  pthread_mutex_lock(&x->lock);
  x->done = 1;
  stream_wake(x);
  pthread_mutex_unlock(&x->lock);
}

/* libmicrohttpd's content reader: what the ring holds, at most max bytes;
** nothing yet suspends the connection (stream_wake resumes it). */
static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max) {
  screen_run *x = cls;
  ssize_t got = 0;
  (void)pos;
  pthread_mutex_lock(&x->lock);
  if (x->used) {
    size_t k = x->used < max ? x->used : max;
    if (k > SRV_STREAM_RING - x->head) k = SRV_STREAM_RING - x->head;
    memcpy(buf, x->ring + x->head, k);
    x->head = (x->head + k) % SRV_STREAM_RING;
    x->used -= k;
    got = (ssize_t)k;
    pthread_cond_signal(&x->room);
  } else if (x->done) {
    got = MHD_CONTENT_READER_END_OF_STREAM;
  } else if (atomic_load(&x->s->stopping)) {
    got = MHD_CONTENT_READER_END_WITH_ERROR;
  } else {
    x->waiting = 1;
    atomic_fetch_add(&x->s->suspended, 1);
    MHD_suspend_connection(x->c);
  }
  pthread_mutex_unlock(&x->lock);
  return got;
}

/* Drops a reference: the last one frees the run. */
static void run_release(screen_run *x) {
  srv *s = x->s;
  int left;
  pthread_mutex_lock(&x->lock);
  left = --x->refs;
  pthread_mutex_unlock(&x->lock);
  if (left) return;
  fe_batch_free(x->batch);
  zeef_store_close(x->store);
  fe_links_free(x->links);
  json_decref(x->sc.screened_with);
  srv_gen_release(s, x->g);
  free(x->body);
  pthread_mutex_destroy(&x->lock);
  pthread_cond_destroy(&x->room);
  free(x);
  atomic_fetch_sub(&s->producers, 1);
}

/* The response is destroyed: no one reads the ring any more. */
static void stream_free(void *cls) {
  screen_run *x = cls;
  pthread_mutex_lock(&x->lock);
  x->gone = 1;
  pthread_cond_signal(&x->room);
  pthread_mutex_unlock(&x->lock);
  run_release(x);
}

/* Queues the 200 whose body is the ring, and lets the connection go on. */
static void stream_start(screen_run *x) {
  req *r = x->r;
  struct MHD_Response *resp =
      MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, SRV_STREAM_BLOCK, stream_read, x, stream_free);
  x->r = NULL;
  if (resp) {
    pthread_mutex_lock(&x->lock);
    x->refs++; /* the response's, given back by stream_free */
    pthread_mutex_unlock(&x->lock);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_queue_response(x->c, 200, resp); /* a queued response holds its own reference */
    MHD_destroy_response(resp);
    r->status = 200;
    srv_metrics_request(&x->s->metrics, r->ep, 200, now_s() - r->t0);
  } else {
    x->gone = 1; /* nothing will read: the writer stops at once */
    answer_error(x->c, r, 500, "out_of_memory", "the answer cannot be started");
  }
  job_done(r);
  stream_write(x, "{\"results\":[", 12);
}

static void run_render(void *ud, const fe_result *res, fe_buf *out) {
  fe_result_write_json(&((screen_run *)ud)->sc, res, out);
}

static int run_emit(void *ud, const fe_result *res, const char *out, size_t len) {
  screen_run *x = ud;
  /* stored before it is sent: an answer never shows what the store lacks */
  if (x->store && (x->store_rc = fe_store_result(x->store, x->sc.scr, res)) != ZEEF_OK) return -1;
  if (x->records++ && stream_write(x, ",", 1)) return -1;
  if (res->status == FE_ALERT) x->alerts++;
  else if (res->status == FE_ERROR) x->errors++;
  if (x->links && res->status != FE_ERROR) {
    /* what this traveller shares with earlier ones of the request */
    json_t *links = fe_links_take(x->links, res->record, res->status == FE_ALERT);
    if (links) {
      fe_buf line;
      int rc;
      fe_buf_init(&line, FE_BATCH_OUTPUT_MAX + ZEEF_PNR_TEXT * 64);
      rc = fe_links_line(out, len, links, &line) ? stream_write(x, out, len)
                                                 : stream_write(x, line.p, line.len);
      fe_buf_free(&line);
      json_decref(links);
      return rc;
    }
  }
  return stream_write(x, out, len);
}

static int run_record(void *ud, const zeef_record *rec) {
  screen_run *x = ud;
  if (x->r) stream_start(x);
  return fe_batch_add(x->batch, rec);
}

/* Counts the records of a body that is not a JSON array, by reading it
** once without screening: the budget is checked, and an input that cannot
** be read at all refused, before any answer starts. */
static int count_record(void *ud, const zeef_record *rec) {
  (void)rec;
  ++*(size_t *)ud;
  return 0;
}

/* The budget, checked before anything is screened: 0, or the refusal is
** queued. */
static int screen_budget(screen_run *x, req *r) {
  srv *s = x->s;
  struct MHD_Connection *c = x->c;
  size_t n = 0;
  zeef_read_error err;
  if (x->fmt == ZEEF_IN_JSON) {
    /* parsed once, by the records reader; its depth and elements counted here */
    if (json_scan(x->body ? x->body : "", x->len, SRV_JSON_DEPTH_MAX, &n)) {
      answer_error(c, r, 400, "too_deep", "the JSON body nests deeper than %d levels", SRV_JSON_DEPTH_MAX);
      return -1;
    }
  } else if (!x->len) {
    answer_error(c, r, 400, "empty_body", "the body holds no travellers");
    return -1;
  } else {
    zeef_status rc = zeef_records_read_buffer(s->ctx, x->body, x->len, x->fmt, count_record, &n, &err);
    if (rc == ZEEF_E_FORMAT) {
      answer_error(c, r, 400, "unreadable_input", "the travellers cannot be read: %s (line %zu)", err.message,
                   err.line);
      return -1;
    }
    if (rc) {
      answer_error(c, r, 500, "internal", "the travellers could not be read: %s", zeef_strerror(rc));
      return -1;
    }
  }
  if (n > s->travellers_max) {
    answer_error(c, r, 413, "too_many_travellers",
                 "%zu travellers in one request; at most %zu are screened per request", n, s->travellers_max);
    return -1;
  }
  if (n * x->limit > SRV_SCREEN_HITS_MAX) {
    answer_error(c, r, 413, "too_much_work",
                 "%zu travellers with limit=%zu ask for up to %zu hits; one request may ask for "
                 "%d (travellers x limit): send fewer travellers or a lower limit",
                 n, x->limit, n * x->limit, SRV_SCREEN_HITS_MAX);
    return -1;
  }
  return 0;
}

/* The writer's thread. */
static void screen_job(req *r) {
  screen_run *x = r->job_arg;
  srv *s = x->s;
  char tail[256];
  int n;
  x->r = r;
  if (screen_budget(x, r)) {
    job_done(r);
    run_release(x);
    return;
  }
  if (s->store_path) { /* the run's own handle: its batches do not wait for the review's requests */
    zeef_actor who = {r->who.user, "screen", "screening"};
    int64_t id;
    char why[600];
    if (fe_store_open(s->ctx, s->store_path, s->secret_path, &x->store, why, sizeof why) ||
        zeef_store_run_begin(x->store, &who, "POST /screen", (const zeef_list *const *)x->g->lists, x->g->nlists,
                             x->sc.threshold, &id)) {
      answer_error(x->c, r, 500, "store_failed", "the case store failed: %.300s",
                   x->store ? zeef_store_error(x->store) : why);
      job_done(r);
      run_release(x);
      return;
    }
  }
  x->rc = zeef_records_read_buffer(s->ctx, x->body, x->len, x->fmt, run_record, x, &x->err);
  if (fe_batch_finish(x->batch) && !x->rc) x->rc = ZEEF_E_NOMEM;
  if (x->store && !x->store_rc) x->store_rc = zeef_store_run_end(x->store);
  if (x->r) { /* nothing read: the answer is an error, or empty */
    if (x->fmt == ZEEF_IN_JSON && x->rc == ZEEF_E_FORMAT) {
      int malformed = strncmp(x->err.message, "not JSON", 8) == 0;
      answer_error(x->c, r, 400, malformed ? "malformed_json" : "not_an_array", "%s",
                   malformed ? "the body is not JSON"
                             : "a JSON body of POST /screen is an array of traveller objects");
      job_done(r);
      run_release(x);
      return;
    }
    stream_start(x);
  }
  n = snprintf(tail, sizeof tail,
               "],\"summary\":{\"records\":%zu,\"alerts\":%zu,\"clear\":%zu,\"errors\":%zu", x->records,
               x->alerts, x->records - x->alerts - x->errors, x->errors);
  stream_write(x, tail, (size_t)n);
  if (x->store_rc) { /* the store failed: the results so far are stored, the rest not screened */
    n = snprintf(tail, sizeof tail, ",\"incomplete\":\"the case store failed: %s\"", zeef_strerror(x->store_rc));
    stream_write(x, tail, (size_t)n);
  } else if (x->rc) { /* stopped half way: say so, the results so far stand */
    n = snprintf(tail, sizeof tail, ",\"incomplete\":\"%s\"", zeef_strerror(x->rc));
    stream_write(x, tail, (size_t)n);
  }
  stream_write(x, "}}\n", 3);
  stream_close(x);
  atomic_fetch_add(&s->metrics.screened, x->records);
  atomic_fetch_add(&s->metrics.alerts, x->alerts);
  run_release(x);
}

static enum MHD_Result do_screen(struct MHD_Connection *c, srv *s, req *r, srv_gen *g) {
  srv_params p;
  char why[SRV_DETAIL_MAX];
  screen_run *x;
  if (get_params(c, s, &p, why, sizeof why)) return answer_error(c, r, 400, "bad_parameter", "%s", why);
  /* admitted while the pool keeps up: a queue not yet full, and no more
  ** answers being written than SRV_STREAMS_PER_THREAD for each thread */
  if (fe_pool_queued(s->pool) >= s->queue_max ||
      (size_t)atomic_load(&s->producers) >= SRV_STREAMS_PER_THREAD * fe_pool_threads(s->pool)) {
    atomic_fetch_add(&s->metrics.refused, 1);
    return answer_busy(c, r);
  }
  if (!(x = calloc(1, sizeof *x))) return answer_error(c, r, 500, "out_of_memory", "out of memory");
  x->s = s;
  x->c = c;
  x->fmt = r->kind == B_JSON_ARRAY ? ZEEF_IN_JSON : r->format;
  x->limit = p.limit;
  x->sc.ctx = s->ctx;
  x->sc.scr = g->scr;
  x->sc.threshold = p.threshold;
  x->sc.min_score = p.min_score;
  x->sc.limit = p.limit;
  x->sc.screened_with = fe_screened_with(g->lists, g->nlists); /* freed with x */
  x->sc.rules = s->rules;
  x->links = fe_links_new();                                   /* NULL (out of memory): lines without links */
  pthread_mutex_init(&x->lock, NULL);
  pthread_cond_init(&x->room, NULL);
  x->refs = 1; /* the writer's */
  x->g = srv_gen_retain(s, g);
  atomic_fetch_add(&s->producers, 1);
  x->batch = fe_batch_new(s->pool, &x->sc, 8 * fe_pool_threads(s->pool) + 8, run_render, run_emit, x);
  if (!x->batch) {
    run_release(x);
    return answer_error(c, r, 500, "out_of_memory", "the answer cannot be started");
  }
  x->body = fe_buf_take(&r->body, &x->len);
  r->job_arg = x;
  if (defer(c, r, g, screen_job, 1)) run_release(x);
  return MHD_YES;
}

/* ---------------------------------------------------------------- /match */

/* Screens r->json and answers. */
static void match_answer(struct MHD_Connection *c, srv *s, req *r, srv_gen *g) {
  json_t *out = NULL;
  fe_buf text;
  size_t queries = 0, alerts = 0;
  int status;
  fe_buf_init(&text, SRV_ANSWER_MAX);
  status = srv_match(s, g, r->dataset, r->json, &r->mo, &text, &out, &queries, &alerts);
  json_decref(r->json);
  r->json = NULL;
  atomic_fetch_add(&s->metrics.screened, queries);
  atomic_fetch_add(&s->metrics.alerts, alerts);
  if (status == 200) {
    size_t n;
    char *t = fe_buf_take(&text, &n);
    answer(c, r, 200, "application/json", t, n);
    return;
  }
  fe_buf_free(&text);
  answer_json(c, r, status, out);
}

static void match_job(req *r) {
  match_answer(r->c, r->s, r, r->g);
  job_done(r);
}

/* A request of a few names is screened here, on the event thread, which
** saves two thread switches (most of a small request's cost); a larger one
** on the pool, so that it holds up no other connection. */
static enum MHD_Result do_match(struct MHD_Connection *c, srv *s, req *r, srv_gen *g) {
  char why[SRV_DETAIL_MAX];
  enum MHD_Result res = MHD_YES;
  if (srv_match_options(c, &r->mo, why, sizeof why))
    return answer_error(c, r, 400, "bad_parameter", "%s", why);
  if (!(r->json = parse_json(c, r, &res))) return res;
  if (srv_match_work(r->json) <= SRV_INLINE_NAMES) {
    match_answer(c, s, r, g);
    return r->status ? MHD_YES : MHD_NO;
  }
  if (fe_pool_queued(s->pool) >= s->queue_max) {
    json_decref(r->json);
    r->json = NULL;
    atomic_fetch_add(&s->metrics.refused, 1);
    return answer_busy(c, r);
  }
  defer(c, r, g, match_job, 0);
  return MHD_YES;
}

/* ------------------------------------------------------------------ Gates */

/* The route of url and method: sets r->route and r->ep; returns the status
** of a refusal (404, 405) or 0. */
static int find_route(req *r, const char *url, const char *method) {
  r->route = NROUTES;
  r->ep = SRV_EP_OTHER;
  if (strcmp(url, "/") == 0) url = "/ui"; /* the way in for a person */
  for (size_t i = 0; i < NROUTES; i++) {
    size_t n = strlen(routes[i].path);
    int prefix = routes[i].path[n - 1] == '/';
    if (prefix ? strncmp(url, routes[i].path, n) != 0 : strcmp(url, routes[i].path) != 0) continue;
    r->route = i;
    r->ep = routes[i].ep;
    if (prefix) {
      const char *name = url + n;
      if (!*name && routes[i].r == R_UI) name = "index.html";
      if (!*name || strchr(name, '/') || strlen(name) >= sizeof r->dataset) return 404;
      memcpy(r->dataset, name, strlen(name) + 1);
    }
    if (strcmp(method, routes[i].method) == 0) return 0;
    if (strcmp(routes[i].method, "GET") == 0 && strcmp(method, "HEAD") == 0) return 0;
    /* the same path may take another method further down */
    for (size_t k = i + 1; k < NROUTES; k++)
      if (strcmp(routes[k].path, routes[i].path) == 0 &&
          (strcmp(method, routes[k].method) == 0 ||
           (strcmp(routes[k].method, "GET") == 0 && strcmp(method, "HEAD") == 0))) {
        r->route = k;
        r->ep = routes[k].ep;
        return 0;
      }
    return 405;
  }
  return 404;
}

/* The key in an X-API-Key header, else in the api_key query parameter. */
static const char *api_key(struct MHD_Connection *c) {
  const char *k = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-API-Key");
  return k ? k : arg(c, "api_key");
}

/* Whether a browser's request comes from a page of this server: no Origin
** (not a browser's cross-site request), or one naming the Host. */
static int same_origin(struct MHD_Connection *c) {
  const char *o = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin"),
             *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
  if (!o) return 1;
  if (strncmp(o, "http://", 7) == 0)
    o += 7;
  else if (strncmp(o, "https://", 8) == 0)
    o += 8;
  else
    return 0;
  return h && strcmp(o, h) == 0;
}

/* A request that comes with the UI's session cookie instead of a key: the
** session must be live, a write must carry its CSRF token and come from
** this server's page, and the session's roles must have the route's.
** Queues the refusal and returns 1, or returns 0 with r->who set. */
static int session_gate(struct MHD_Connection *c, srv *s, req *r, const char *method, enum MHD_Result *res) {
  int write = strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
  const char *csrf = NULL;
  unsigned roles = 0;
  if (write) {
    csrf = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
    if (!csrf) csrf = "";
    if (!same_origin(c)) {
      *res = answer_error(c, r, 403, "cross_origin",
                          "a write with the session cookie comes from this server's pages");
      return 1;
    }
  }
  switch (srv_session_check(s->sessions, r->token, csrf, now_s(), r->user, &roles, NULL)) {
  case 0: break;
  case 1:
    *res = answer_error(c, r, 403, "csrf", "a write with the session cookie carries its X-CSRF-Token");
    return 1;
  default: *res = answer_error(c, r, 401, "session_ended", "the session has ended: sign in again"); return 1;
  }
  r->who.user = r->user;
  r->who.roles = roles;
  if (!(roles & routes[r->route].role)) {
    char need[96];
    srv_roles_text(routes[r->route].role, need, sizeof need);
    *res = answer_error(c, r, 403, "forbidden", "the session has none of the roles %s", need);
    return 1;
  }
  return 0;
}

/* The gates a request passes on its headers alone; queues the refusal and
** returns 1, or returns 0 to read the body. */
static int gates(struct MHD_Connection *c, srv *s, req *r, const char *url, const char *method,
                 enum MHD_Result *res) {
  int st = find_route(r, url, method);
  const char *len;
  if (st == 404) {
    if ((r->route < NROUTES && routes[r->route].r == R_MATCH) || strcmp(url, "/match") == 0)
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
  r->who.user = "local"; /* open mode: one user on this machine, every role */
  r->who.roles = ~0u;
  if (routes[r->route].role && s->sessions &&
      !MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION) && !api_key(c) &&
      srv_session_cookie(MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE), r->token,
                         sizeof r->token)) {
    if (session_gate(c, s, r, method, res)) return 1;
  } else if (s->keys && routes[r->route].role) {
    switch (srv_authorize(s->keys,
                          MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION),
                          api_key(c), routes[r->route].role, &r->who.user, &r->who.roles)) {
    case SRV_AUTH_OK: break;
    case SRV_AUTH_MISSING:
      *res = answer_error(c, r, 401, "unauthorized",
                          "an API key is needed: send Authorization: Bearer KEY (or ApiKey KEY), "
                          "X-API-Key: KEY or ?api_key=KEY");
      return 1;
    case SRV_AUTH_INVALID:
      *res = answer_error(c, r, 401, "unauthorized", "the API key is not valid");
      return 1;
    case SRV_AUTH_FORBIDDEN: {
      char need[96];
      srv_roles_text(routes[r->route].role, need, sizeof need);
      *res = answer_error(c, r, 403, "forbidden", "the API key has none of the roles %s", need);
      return 1;
    }
    }
  }
  srv_roles_text(r->who.roles, r->who.roles_text, sizeof r->who.roles_text);
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
                        "application/edifact (PAXLST or PNRGOV) or text/plain (MRZ, PAXLST, PNRGOV or CSV)");
    return 1;
  }
  if (routes[r->route].ep == SRV_EP_MATCH || routes[r->route].r == R_CASE_ACT ||
      routes[r->route].r == R_SUPPRESS || routes[r->route].r == R_SUPPRESS_ACT ||
      routes[r->route].r == R_SESSION_START) {
    const char *t = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (t && strncasecmp(t, "application/json", 16) != 0) {
      *res = answer_error(c, r, 415, "unsupported_media_type", "%s reads application/json", routes[r->route].path);
      return 1;
    }
  }
  return 0;
}

/* ------------------------------------------------------------- Endpoints */

static void verify_job(req *r) {
  json_t *out = NULL;
  int st = srv_audit_verify(r->s, &r->who, &out);
  answer_json(r->c, r, st, out);
  job_done(r);
}

/* The review's endpoints (cases.c), over the store. */
static enum MHD_Result do_review(struct MHD_Connection *c, srv *s, req *r, route rt) {
  fe_buf text;
  json_t *err = NULL;
  int st;
  if (!s->store)
    return answer_error(c, r, 404, "no_store", "the service runs without a case store (zeef serve --store PATH)");
  if (rt == R_AUDIT_VERIFY) { /* a million entries take seconds: off the event thread */
    defer(c, r, NULL, verify_job, 1);
    return MHD_YES;
  }
  if (rt == R_STORE) {
    json_t *out = NULL;
    st = srv_store_status(s, &r->who, s->keys ? srv_keys_with(s->keys, SRV_ROLE_SUPERVISOR) : 1, &out);
    return answer_json(c, r, st, out);
  }
  fe_buf_init(&text, SRV_ANSWER_MAX);
  if (rt == R_CASE_ACT || rt == R_SUPPRESS || rt == R_SUPPRESS_ACT) {
    enum MHD_Result res = MHD_YES;
    json_t *body = parse_json(c, r, &res);
    if (!body) {
      fe_buf_free(&text);
      return res;
    }
    if (rt == R_CASE_ACT) st = srv_case_act(s, &r->who, c, r->dataset, body, &text, &err);
    else st = srv_suppress(s, &r->who, rt == R_SUPPRESS_ACT ? r->dataset : NULL, body, &text, &err);
    json_decref(body);
  } else if (rt == R_AUDIT) {
    st = srv_audit_page(s, &r->who, c, &text, &err);
  } else if (rt == R_SUPPRESS_LIST) {
    st = srv_suppressions_get(s, &r->who, c, &text, &err);
  } else if (rt == R_TRAVELLERS) {
    st = srv_travellers_get(s, &r->who, c, &text, &err);
  } else {
    st = srv_cases_get(s, &r->who, c, rt == R_CASE ? r->dataset : NULL, &text, &err);
  }
  if (st == 200) {
    size_t n;
    char *t = fe_buf_take(&text, &n);
    json_decref(err);
    return answer(c, r, 200, "application/json", t, n);
  }
  fe_buf_free(&text);
  return answer_json(c, r, st, err);
}

/* The review UI: its files, and its sign-in (session.c). Without a store
** there is nothing to review, and no UI. */
static enum MHD_Result do_ui(struct MHD_Connection *c, srv *s, req *r, route rt) {
  const char *cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE);
  const char *proto = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-Proto");
  int secure = proto && strcasecmp(proto, "https") == 0;
  char user[SRV_USER_MAX + 1], csrf[SRV_TOKEN_HEX], roles_text[96];
  unsigned roles = 0;
  if (!s->store || !s->sessions)
    return answer_error(c, r, 404, "no_store", "the review UI needs a case store (zeef serve --store PATH)");
  if (rt == R_UI_HOME) {
    struct MHD_Response *resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ok;
    if (!resp) return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, "/ui/");
    ok = MHD_queue_response(c, 302, resp);
    MHD_destroy_response(resp);
    r->status = 302;
    srv_metrics_request(&s->metrics, r->ep, 302, now_s() - r->t0);
    return ok;
  }
  if (rt == R_UI) {
    int st = 200;
    struct MHD_Response *resp = srv_ui_file(
        r->dataset, MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH), &st);
    enum MHD_Result ok;
    if (!resp) return answer_error(c, r, 404, "not_found", "no such file of the review UI");
    ok = MHD_queue_response(c, (unsigned)st, resp);
    MHD_destroy_response(resp);
    r->status = st;
    srv_metrics_request(&s->metrics, r->ep, st, now_s() - r->t0);
    return ok;
  }
  if (cookie) srv_session_cookie(cookie, r->token, sizeof r->token);
  if (rt == R_SESSION) {
    if (!r->token[0] || srv_session_check(s->sessions, r->token, NULL, now_s(), user, &roles, csrf))
      return answer_error(c, r, 401, "no_session", "not signed in");
    srv_roles_text(roles, roles_text, sizeof roles_text);
    return answer_json(c, r, 200,
                       json_pack("{s:s, s:s, s:s, s:s#}", "user", user, "roles", roles_text, "csrf", csrf,
                                 "purposes", s->purposes + 1, (int)strlen(s->purposes) - 2));
  }
  if (!same_origin(c)) return answer_error(c, r, 403, "cross_origin", "sign in from this server's pages");
  if (rt == R_SESSION_END) {
    const char *t = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
    if (r->token[0] && t && srv_session_check(s->sessions, r->token, t, now_s(), user, &roles, NULL) == 0) {
      zeef_actor who = {user, "", "review"};
      srv_session_end(s->sessions, r->token, now_s());
      pthread_mutex_lock(&s->store_lock);
      zeef_store_note_read(s->store, &who, "session.end", "session", user);
      pthread_mutex_unlock(&s->store_lock);
    }
    srv_session_set_cookie(r->set_cookie, sizeof r->set_cookie, "", secure);
    return answer_json(c, r, 200, json_pack("{s:s}", "status", "signed out"));
  }
  { /* R_SESSION_START: {"key": "..."} */
    enum MHD_Result res = MHD_YES;
    json_t *body = parse_json(c, r, &res);
    const char *key = json_string_value(json_object_get(body, "key")), *u = "local";
    char token[SRV_TOKEN_HEX];
    zeef_actor who;
    if (!body) return res;
    roles = ~0u & (SRV_ROLE_SCREEN | SRV_ROLE_ADMIN | SRV_ROLE_MONITOR | SRV_ROLE_REVIEW); /* open mode */
    if (s->keys && (!key || srv_authorize(s->keys, NULL, key, ~0u, &u, &roles) != SRV_AUTH_OK)) {
      json_decref(body);
      return answer_error(c, r, 401, "unauthorized", "the key is not valid");
    }
    json_decref(body);
    if (srv_session_start(s->sessions, u, roles, now_s(), token, csrf))
      return answer_error(c, r, 500, "internal", "no session could be made");
    srv_roles_text(roles, roles_text, sizeof roles_text);
    who = (zeef_actor){u, roles_text, "review"};
    pthread_mutex_lock(&s->store_lock);
    zeef_store_note_read(s->store, &who, "session.start", "session", u);
    pthread_mutex_unlock(&s->store_lock);
    srv_session_set_cookie(r->set_cookie, sizeof r->set_cookie, token, secure);
    return answer_json(c, r, 200,
                       json_pack("{s:s, s:s, s:s, s:s#}", "user", u, "roles", roles_text, "csrf", csrf,
                                 "purposes", s->purposes + 1, (int)strlen(s->purposes) - 2));
  }
}

static void reload_job(req *r) {
  json_t *out = NULL;
  int st = srv_reload(r->s, "POST /admin/reload?wait", &out);
  answer_json(r->c, r, st, out);
  job_done(r);
}

static enum MHD_Result dispatch(struct MHD_Connection *c, srv *s, req *r) {
  route rt = routes[r->route].r;
  srv_gen *g;
  enum MHD_Result res;
  switch (rt) {
  case R_HEALTHZ: return answer_json(c, r, 200, json_pack("{s:s}", "status", "ok"));
  case R_METRICS: {
    size_t n = 0;
    char *page = srv_metrics_render(s, &n);
    if (!page) return answer_error(c, r, 500, "out_of_memory", "the metrics could not be made");
    return answer(c, r, 200, "text/plain; version=0.0.4; charset=utf-8", page, n);
  }
  case R_RELOAD: {
    /* off the request path unless asked to wait (?wait=true): the answer
    ** says where its outcome will be */
    const char *w = arg(c, "wait");
    int st;
    if (w && (strcmp(w, "true") == 0 || strcmp(w, "1") == 0)) {
      defer(c, r, NULL, reload_job, 1); /* seconds of work: off the event thread */
      return MHD_YES;
    }
    st = srv_reload_background(s);
    if (st < 0) return answer_error(c, r, 500, "internal", "the reload cannot be started");
    return answer_json(c, r, 202,
                       json_pack("{s:s, s:s}", "status", st ? "loading" : "already loading", "outcome",
                                 "GET /admin/reload shows how it ended; GET /lists the lists served"));
  }
  case R_RELOAD_STATE: return answer_json(c, r, 200, srv_reload_state(s));
  case R_ALGORITHMS: return answer_json(c, r, 200, srv_algorithms());
  case R_CASES:
  case R_CASE:
  case R_CASE_ACT:
  case R_STORE:
  case R_AUDIT:
  case R_AUDIT_VERIFY:
  case R_SUPPRESS:
  case R_SUPPRESS_ACT:
  case R_SUPPRESS_LIST:
  case R_TRAVELLERS: return do_review(c, s, r, rt);
  case R_UI_HOME:
  case R_UI:
  case R_SESSION:
  case R_SESSION_START:
  case R_SESSION_END: return do_ui(c, s, r, rt);
  default: break;
  }
  if (!(g = srv_gen_acquire(s))) {
    if (rt == R_READYZ) return answer_error(c, r, 503, "not_ready", "the lists are still loading");
    return answer_error(c, r, 503, "not_ready", "the lists are still loading; try again shortly");
  }
  switch (rt) {
  case R_READYZ: {
    /* ready; what a list lacks is said here too, for the probe's log */
    json_t *notes = json_array();
    for (size_t i = 0; i < g->nlists; i++)
      for (size_t k = 0; k < zeef_list_note_count(g->lists[i]); k++) {
        char line[320];
        snprintf(line, sizeof line, "list %s: %s", zeef_list_name(g->lists[i]),
                 zeef_list_note(g->lists[i], k));
        json_array_append_new(notes, json_string(line));
      }
    res = answer_json(c, r, 200,
                      json_pack("{s:s, s:I, s:I, s:o}", "status", "ready", "generation",
                                (json_int_t)g->serial, "lists", (json_int_t)g->nlists, "warnings", notes));
    break;
  }
  case R_LISTS: {
    json_t *j = srv_gen_json(s, g);
    pthread_mutex_lock(&s->bg_lock);
    json_object_set_new(j, "last_change", s->last_change ? json_deep_copy(s->last_change) : json_null());
    pthread_mutex_unlock(&s->bg_lock);
    res = answer_json(c, r, 200, j);
    break;
  }
  case R_CATALOG: res = answer_json(c, r, 200, srv_catalog(s, g)); break;
  case R_ENTITY: {
    json_t *out = NULL;
    int st = srv_entity(s, g, r->dataset, &out);
    res = answer_json(c, r, st, out);
    break;
  }
  case R_MATCH: res = do_match(c, s, r, g); break;
  case R_SCREEN: res = do_screen(c, s, r, g); break;
  default: res = answer_error(c, r, 404, "not_found", "no such endpoint"); break;
  }
  srv_gen_release(s, g);
  return res;
}

enum MHD_Result srv_on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload, size_t *upload_size, void **con_cls) {
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
    /* the head is in: a POST's body must now keep a minimum rate */
    srv_guard_phase(s, c, strcmp(method, "POST") == 0);
    gates(c, s, r, url, method, &res);
    return res;
  }
  if (r->deferred) /* resumed: the job's answer is queued, unless it could not be made */
    return r->status ? MHD_YES : MHD_NO;
  if (r->status) { /* answered early: libmicrohttpd reads no more of the body */
    *upload_size = 0;
    return MHD_YES;
  }
  if (*upload_size) {
    size_t n = *upload_size;
    srv_guard_body(s, c, n);
    *upload_size = 0;
    if (!r->over && fe_buf_add(&r->body, upload, n) == ZEEF_OK) return MHD_YES;
    /* Over the limit (a chunked body declares no length). Up to
    ** SRV_BODY_DRAIN more bytes are read and dropped, so that a client
    ** still sending a body a little too big gets its 413 rather than a
    ** reset connection; past that the answer goes at once, and
    ** libmicrohttpd reads no more. */
    fe_buf_free(&r->body);
    r->over += n;
    if (r->over > SRV_BODY_DRAIN)
      return answer_error(c, r, 413, "body_too_large", "the body is larger than %zu bytes", s->body_max);
    return MHD_YES;
  }
  srv_guard_phase(s, c, 0);
  if (r->over)
    return answer_error(c, r, 413, "body_too_large", "the body is larger than %zu bytes", s->body_max);
  return dispatch(c, s, r);
}

void srv_on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe) {
  srv *s = cls;
  req *r = *con_cls;
  (void)toe;
  srv_guard_phase(s, c, -1); /* the next request's head is awaited from now */
  if (!r) return;
  fe_buf_free(&r->body);
  json_decref(r->json);
  free(r);
  *con_cls = NULL;
  atomic_fetch_sub(&s->inflight, 1);
}
