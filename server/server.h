/*
** server.h: what the files of `zeef serve` share. The server is a client of
** the library, like the CLI: it includes zeef.h, and the front ends' shared
** layer (front/front.h) for the record renderer, defaults and list loading
** that `zeef screen` and `zeef serve` share. It knows nothing of the CLI.
**
**   serve.c    options, the daemon, signals, generations and reload
**   routes.c   the HTTP front door: routing, limits, keys, the endpoints
**   yente.c    POST /match/{dataset} in yente's request and answer shapes
**   auth.c     API keys: the keys file, SHA-256, constant-time comparison
**   metrics.c  counters and the Prometheus text exposition
**   guard.c    deadlines for slow clients, and a log that floods cannot fill
**   session.c  the review UI's sign-in: session cookies and CSRF tokens
**   ui.c       the review UI's files (ui/), built in, at /ui/
**
** Concurrency: the lists and the screener a request uses belong to a
** generation, taken with srv_gen_acquire() at the request's start and given
** back with srv_gen_release() at its end. A reload builds a new generation
** beside the current one and swaps the pointer under gen_lock; the old one
** is freed by whoever releases it last. Counters are C11 atomics.
*/
#ifndef ZEEF_SERVER_H
#define ZEEF_SERVER_H

#include "../front/front.h"
#include "serve.h"
#include "zeef.h"

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <time.h>

/* ---------------------------------------------------------------- Limits */

/* clang-format off */
#define SRV_LISTEN_DEFAULT "127.0.0.1:8080"
#define SRV_BODY_MAX_DEFAULT (1u << 20)    /* request body: 413 beyond */
#define SRV_BODY_MAX_CEILING (256u << 20)  /* the most --max-body accepts */
#define SRV_BODY_DRAIN (1u << 20)          /* bytes past the limit read, dropped, before the 413 */
#define SRV_TRAVELLERS_MAX_DEFAULT 10000   /* records per POST /screen: 413 beyond */
#define SRV_JSON_DEPTH_MAX 32              /* nesting of a JSON body: 400 beyond */
#define SRV_QUERIES_MAX 100                /* queries per POST /match: 413 beyond */
#define SRV_QUERY_NAMES_MAX 32             /* names screened per /match query */
#define SRV_PROP_VALUES_MAX 64             /* values read per query property */
#define SRV_TIMEOUT_DEFAULT 30             /* seconds a connection may idle */
#define SRV_THREADS_MAX FE_THREADS_MAX     /* screening threads */
#define SRV_CONNECTIONS_MAX 1024
#define SRV_PER_ADDRESS_MAX 64             /* connections from one address */
#define SRV_HEAD_DEADLINE_S 10             /* a request's head, from its first byte (or the
                                           ** end of the request before it) to its last */
#define SRV_BODY_GRACE_S 5                 /* a body may be slow this long... */
#define SRV_BODY_RATE_MIN 4096             /* ...then must arrive at this many bytes a second */
#define SRV_QUEUE_PER_THREAD 64            /* screening tasks queued per thread: 503 beyond */
#define SRV_STREAMS_PER_THREAD 4           /* POST /screen answers at once per thread: 503 beyond */
#define SRV_SCREEN_HITS_MAX 50000          /* travellers x limit per POST /screen: 413 beyond */
#define SRV_MATCH_NAMES_MAX 1000           /* names screened per POST /match: 413 beyond */
#define SRV_MATCH_RESULTS_MAX 10000        /* queries x limit per POST /match: 413 beyond */
#define SRV_MIN_SCORE_FLOOR 0.3            /* a lower min_score or cutoff is read as this:
                                           ** below it every listed name is scored */
#define SRV_LOG_EVERY_S 10                 /* dropped connections: one log line at most this often */
#define SRV_KEYS_MAX 1024                  /* keys in a --keys file */
#define SRV_KEY_MAX 512                    /* bytes of one presented key */
#define SRV_KEY_MIN 16                     /* a shorter key is guessed: --hash-key refuses it */
#define SRV_SHUTDOWN_GRACE_S 10            /* wait for requests in flight */
#define SRV_PURPOSES_MAX 512               /* bytes of --purposes */
#define SRV_PURPOSES_DEFAULT "review,investigation,oversight,data_subject_request"
#define SRV_INLINE_NAMES 8                 /* a POST /match of at most this many names is
                                           ** screened on the HTTP thread, a larger on the pool */
#define SRV_STREAM_RING (64u << 10)        /* bytes of a POST /screen answer waiting to be sent */
#define SRV_STREAM_BLOCK (16u << 10)       /* bytes libmicrohttpd asks of it at a time */
#define SRV_DETAIL_MAX 512                 /* one error sentence */
#define SRV_ANSWER_MAX (256u << 20)        /* a POST /match answer: 500 beyond (the
                                           ** work budget keeps it far below) */
#define SRV_SESSIONS_MAX 1024              /* UI sessions at once: the least recently used goes */
#define SRV_SESSION_IDLE_S 1800            /* a UI session ends after this long unused... */
#define SRV_SESSION_MAX_S (12 * 3600)      /* ...or this long after sign-in */
#define SRV_UI_CSP "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " \
                   "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
/* clang-format on */

/* ------------------------------------------------------------ auth.c */

#define SRV_ROLE_SCREEN 1u
#define SRV_ROLE_ADMIN 2u
#define SRV_ROLE_MONITOR 4u     /* /metrics only; every other role has it too */
#define SRV_ROLE_ANALYST 8u     /* reads cases and decides */
#define SRV_ROLE_SUPERVISOR 16u /* decides, approves (four eyes), reopens */
#define SRV_ROLE_AUDITOR 32u    /* reads the audit and verifies it */
#define SRV_ROLE_REVIEW (SRV_ROLE_ANALYST | SRV_ROLE_SUPERVISOR | SRV_ROLE_AUDITOR)
#define SRV_USER_MAX 64
#define SRV_SHA256_LEN 32

/* The role named by the n bytes at s, or 0. */
unsigned srv_role_parse(const char *s, size_t n);
/* The roles as "analyst,supervisor" into out (cap bytes). */
void srv_roles_text(unsigned roles, char *out, size_t cap);

/* The keys of a --keys file: SHA-256 digests of the keys and their roles. */
typedef struct srv_keys srv_keys;

/* Reads the keys file at path: one key a line, "SHA256HEX ROLE[,ROLE]
** [USER]" (roles screen, admin, monitor, analyst, supervisor, auditor);
** blank lines and lines starting with # ignored.
** A malformed line refuses the whole file. OUT *keys: freed with
** srv_keys_free(). On error, err (cap bytes) says which line and why. */
zeef_status srv_keys_load(const char *path, srv_keys **keys, char *err, size_t cap);
void srv_keys_free(srv_keys *keys);
size_t srv_keys_count(const srv_keys *keys);

/* SHA-256 of s (len bytes) into out; 0 on success, -1 if libcrypto fails. */
int srv_sha256(const char *s, size_t len, unsigned char out[SRV_SHA256_LEN]);
/* Lowercase hex of the n bytes of d into out (2n + 1 bytes). */
void srv_hex(const unsigned char *d, size_t n, char *out);

typedef enum srv_auth {
  SRV_AUTH_OK = 0,
  SRV_AUTH_MISSING,  /* no key presented: 401 */
  SRV_AUTH_INVALID,  /* a key that is not in the file: 401 */
  SRV_AUTH_FORBIDDEN /* a known key without the role: 403 */
} srv_auth;

/* Checks the key presented for any of the roles need: in an Authorization
** header (may be NULL) as "Bearer KEY", "ApiKey KEY", "Token KEY" (schemes
** in any case) or the bare key, else in api_key (an X-API-Key header or an
** api_key query parameter; may be NULL). Every stored digest is compared,
** in constant time, whatever matches first. For a known key, *user (its
** user, owned by keys) and *have (all its roles) are set; both may be
** NULL. */
srv_auth srv_authorize(const srv_keys *keys, const char *authorization, const char *api_key, unsigned need,
                       const char **user, unsigned *have);

/* --------------------------------------------------------- session.c */

#define SRV_TOKEN_HEX 65 /* a session's token or CSRF token in hex, and its NUL */

typedef struct srv_sessions srv_sessions;
/* The table of sessions: NULL when out of memory; freed with
** srv_sessions_free(). */
srv_sessions *srv_sessions_new(void);
void srv_sessions_free(srv_sessions *t);
/* Starts a session for user with roles at time now (seconds): OUT token
** (the cookie's value) and csrf. 0, or -1 when no random bytes came. */
int srv_session_start(srv_sessions *t, const char *user, unsigned roles, double now,
                      char token[SRV_TOKEN_HEX], char csrf[SRV_TOKEN_HEX]);
/* The session of token: 0 and its user, roles and (csrf_out, may be NULL)
** CSRF token when it is live and csrf (NULL: not checked, a read) is its
** CSRF token; 1 when it is live but csrf is not its token; -1 when there
** is no such live session. A use keeps it alive. */
int srv_session_check(srv_sessions *t, const char *token, const char *csrf, double now,
                      char user[SRV_USER_MAX + 1], unsigned *roles, char csrf_out[SRV_TOKEN_HEX]);
/* Ends the session of token, if any. */
void srv_session_end(srv_sessions *t, const char *token, double now);
/* The session token in a Cookie header into out (cap bytes): its length,
** 0 when there is none (or it does not fit). */
size_t srv_session_cookie(const char *cookies, char *out, size_t cap);
/* A Set-Cookie value for token ("" clears the cookie). */
void srv_session_set_cookie(char *out, size_t cap, const char *token, int secure);

/* -------------------------------------------------------------- ui.c */

/* The answer for the UI file name with its headers, and *status (200, or
** 304 when if_none_match, may be NULL, holds its ETag); NULL when there
** is no such file (or out of memory). */
struct MHD_Response *srv_ui_file(const char *name, const char *if_none_match, int *status);
/* The UI's security headers (CSP, framing, referrer, sniffing) on resp. */
void srv_ui_headers(struct MHD_Response *resp);

/* --------------------------------------------------------- metrics.c */

typedef enum srv_endpoint {
  SRV_EP_MATCH = 0,
  SRV_EP_SCREEN,
  SRV_EP_LISTS,
  SRV_EP_HEALTHZ,
  SRV_EP_READYZ,
  SRV_EP_METRICS,
  SRV_EP_RELOAD,
  SRV_EP_CATALOG,  /* GET /catalog and GET /algorithms */
  SRV_EP_ENTITIES, /* GET /entities/{id} */
  SRV_EP_CASES,    /* /cases, /cases/{id}, /store */
  SRV_EP_AUDIT,    /* /audit, /audit/verify */
  SRV_EP_UI,       /* /ui/, /session */
  SRV_EP_OTHER,    /* unknown paths */
  SRV_EP_COUNT
} srv_endpoint;

const char *srv_endpoint_name(srv_endpoint ep);

/* HTTP status codes counted one by one; the rest count as "other". */
#define SRV_CODES(X) X(200) X(400) X(401) X(403) X(404) X(405) X(413) X(415) X(422) X(500) X(503)
#define SRV_NCODES 12 /* the above and "other" */
/* Histogram bounds of zeef_request_duration_seconds, then +Inf. */
#define SRV_BUCKETS                                                                                          \
  { 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0 }
#define SRV_NBUCKETS 12

typedef struct srv_metrics {
  atomic_ullong requests[SRV_EP_COUNT][SRV_NCODES];
  atomic_ullong buckets[SRV_EP_COUNT][SRV_NBUCKETS]; /* per bucket, not cumulative */
  atomic_ullong duration_ns[SRV_EP_COUNT];
  atomic_ullong alerts;   /* travellers and queries that raised an alert */
  atomic_ullong screened; /* travellers and queries screened */
  atomic_ullong reloads_ok, reloads_failed;
  atomic_ullong dropped; /* connections the guard ended (guard.c) */
  atomic_ullong refused; /* requests refused with 503: the pool was full */
} srv_metrics;

/* Counts one answered request. */
void srv_metrics_request(srv_metrics *m, srv_endpoint ep, int code, double seconds);

struct srv;
/* The Prometheus text exposition (format 0.0.4) of every metric, with the
** current generation's lists. Returns a NUL-terminated string of *len
** bytes, freed by the caller with free(); NULL when out of memory. */
char *srv_metrics_render(struct srv *s, size_t *len);

/* ------------------------------------------------------------ serve.c */

/* One set of loaded lists with its screeners. Immutable once published,
** except refs. */
typedef struct srv_gen {
  zeef_list *lists[FE_MAX_LISTS];
  size_t nlists;
  zeef_screener *scr; /* over every list; /match/{dataset} keeps one list's hits */
  /* each entity's yente JSON text (yente.c), made when first met: NULL
  ** until then; freed with the generation */
  _Atomic(char *) *ftm[FE_MAX_LISTS];
  time_t loaded_at;
  double load_seconds;
  unsigned long serial; /* 1 for the lists loaded at start, then +1 per reload */
  size_t refs;          /* under srv.gen_lock; the server holds one */
} srv_gen;

/* The connection guard (guard.c): open connections, and the watchdog. */
struct srv_conn;
typedef struct srv_guard {
  pthread_mutex_t lock;
  struct srv_conn *conns;
  pthread_t thread;
  int running, stopping;
  double logged_at, line_at;
  unsigned long drops_unlogged, held_lines;
  double head_deadline; /* seconds: --head-timeout */
} srv_guard;

typedef struct srv {
  zeef_ctx *ctx;
  srv_guard guard;
  atomic_long producers;               /* POST /screen answers still being written (routes.c) */
  fe_pool *pool;                       /* where screening runs: HTTP threads only read, parse and write */
  size_t queue_max;                    /* tasks queued in the pool beyond which requests get 503 */
  const char *list_args[FE_MAX_LISTS]; /* "[NAME=]FILE" as given; argv owns them */
  size_t nlists;
  srv_keys *keys; /* NULL: open (loopback only) */
  double threshold;
  size_t body_max, travellers_max;
  pthread_mutex_t gen_lock;    /* guards gen and every refs */
  srv_gen *gen;                /* the generation new requests get; NULL until loaded */
  pthread_mutex_t reload_lock; /* one reload at a time */
  pthread_mutex_t bg_lock;     /* guards the three below */
  int bg_running;              /* a background reload is under way */
  pthread_t bg_thread;
  json_t *bg_last;      /* the last reload's outcome, or NULL */
  unsigned long serial; /* of the last generation built, under reload_lock */
  srv_metrics metrics;
  atomic_long inflight;  /* requests begun and not yet completed */
  atomic_long suspended; /* connections suspended for a job (routes.c) */
  atomic_int stopping;   /* shutting down: jobs run inline, streams end */
  struct {
    char a3[4], a2[3];
  } country[26 * 26]; /* alpha-3 to lowercase alpha-2, sorted by a3 */
  size_t ncountries;
  pthread_mutex_t scratch_lock; /* guards the two below */
  struct srv_scratch *scratch;  /* what screening a /match query needs, between queries (yente.c) */
  size_t nscratch;
  /* the case store (--store): one handle for the review's requests, under
  ** store_lock; each POST /screen opens its own for its run */
  const char *store_path, *secret_path;
  zeef_store *store;
  pthread_mutex_t store_lock;
  char purposes[SRV_PURPOSES_MAX]; /* ",review,investigation,...,": what a read may be for */
  int retention_days, purge_days;  /* 0: the library's defaults */
  pthread_t retain_thread;         /* retention at start and daily, with a store */
  int retain_running;
  srv_sessions *sessions; /* the UI's, with a store */
  zeef_rules *rules;      /* --rules: pre-determined criteria for POST /screen's bookings */
  json_t *last_change;    /* the last reload that changed a list: when, and what (GET /lists);
                          ** under bg_lock */
} srv;

/* The current generation with a reference taken, or NULL before the first
** load. Give it back with srv_gen_release(). */
srv_gen *srv_gen_acquire(srv *s);
/* Another reference to g (NULL: none), given back with srv_gen_release(). */
srv_gen *srv_gen_retain(srv *s, srv_gen *g);
/* Drops a reference; the last one frees the generation. NULL is a no-op. */
void srv_gen_release(srv *s, srv_gen *g);

/* Reloads every list from its file and swaps the new generation in. On
** success returns 200 and *out describes the new generation; when a list
** cannot be loaded the current generation stays and the answer is 422
** (500 when out of memory) with an error object naming the file. Counts
** zeef_reloads_total. The caller owns *out. */
int srv_reload(srv *s, const char *why, json_t **out);

/* Starts a reload on a thread of its own, off the request path (POST
** /admin/reload without wait): 1 when one started, 0 when one was already
** running (nothing more starts), -1 when no thread could be made. */
int srv_reload_background(srv *s);
/* {"state": "loading"|"idle", "last": {"status", "at", "answer"} or null}:
** GET /admin/reload. The caller owns it. */
json_t *srv_reload_state(srv *s);
/* Waits for a background reload to end (at shutdown). */
void srv_reload_join(srv *s);

/* {"generation", "loaded_at", "load_seconds", "index_names", "index_bytes",
** "lists": [{"name", "version", "format", "entities", "file", "loaded_at"}]}
** of g; the caller owns the object. */
json_t *srv_gen_json(const srv *s, const srv_gen *g);

/* ISO 8601 UTC ("2026-03-01T12:00:00Z") of t into buf (at least 21 bytes). */
void srv_time_iso(time_t t, char *buf, size_t cap);

/* ------------------------------------------------------------ guard.c */

/* MHD_OPTION_NOTIFY_CONNECTION: a connection starts (its head deadline
** starts with it) or ends. */
void srv_on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                       enum MHD_ConnectionNotificationCode toe);
/* The request on c enters a phase: body 1 its body is read (the rate
** applies), 0 it is answered (no deadline), -1 it ended (the next head's
** deadline starts). */
void srv_guard_phase(srv *s, struct MHD_Connection *c, int body);
/* n body bytes arrived for the request on c. */
void srv_guard_body(srv *s, struct MHD_Connection *c, size_t n);
/* The watchdog: start (0, or -1) and stop (logs what it held back). */
int srv_guard_start(srv *s);
void srv_guard_stop(srv *s);
/* libmicrohttpd's logger, at most a line a second. */
void srv_guard_log(srv *s, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* ----------------------------------------------------------- routes.c */

/* The MHD access handler: called once with the headers, then with each
** piece of the body, then once more with none, when the answer is made.
** cls is the srv; *con_cls the request's state, freed by
** srv_on_completed(). */
enum MHD_Result srv_on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload, size_t *upload_size, void **con_cls);
/* MHD_OPTION_NOTIFY_COMPLETED: frees the request's state. (A request is
** counted in the metrics when its answer is queued.) */
void srv_on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe);

/* --------------------------------------------------------------- yente.c */

/* Query parameters of POST /screen, checked (routes.c). */
typedef struct srv_params {
  double threshold, min_score;
  size_t limit;
} srv_params;

#define SRV_FILTER_VALUES_MAX 32 /* values of one filter parameter read */
#define SRV_EXCLUDE_IDS_MAX 50   /* exclude_entity_ids: 400 beyond, as yente */

/* Query parameters of POST /match/{dataset}, checked; the strings point
** into the connection's arguments, valid during the request. */
typedef struct srv_match_opts {
  double threshold, cutoff; /* results score above min(cutoff, threshold) */
  size_t limit;
  const char *include[SRV_FILTER_VALUES_MAX], *exclude[SRV_FILTER_VALUES_MAX];
  const char *topics[SRV_FILTER_VALUES_MAX], *exclude_schema[SRV_FILTER_VALUES_MAX];
  const char *exclude_ids[SRV_EXCLUDE_IDS_MAX];
  size_t ninclude, nexclude, ntopics, nexclude_schema, nexclude_ids;
  char changed_since[20]; /* "" or a prefix of YYYY-MM-DDTHH:MM:SS */
} srv_match_opts;

/* Fills s->country, the lowercase alpha-2 code of each alpha-3 code (as
** FollowTheMoney writes countries), by asking zeef_country_code() about
** every two-letter code; the first in alphabetical order wins ("gb", not
** "uk"). */
void srv_country_init(srv *s);
/* The lowercase alpha-2 of an alpha-3 code, or the alpha-3 lowercased
** when it has none (out: 4 bytes). */
void srv_country_a2(const srv *s, const char *alpha3, char out[4]);

/* Reads /match's query parameters into *o with yente's defaults: 0, or 400
** with why (cap bytes) naming the parameter. */
int srv_match_options(struct MHD_Connection *c, srv_match_opts *o, char *why, size_t cap);

/* POST /match/{dataset}: body is the parsed request. Returns the HTTP
** status: 200 with the answer's JSON text (yente's shape, a newline at its
** end) appended to *answer, or another with *err an error object owned by
** the caller. *alerts and *queries count the queries screened and those
** with a match, for the metrics. The queries are screened one after
** another on the calling thread. */
int srv_match(const srv *s, const srv_gen *g, const char *dataset, json_t *body, const srv_match_opts *o,
              fe_buf *answer, json_t **err, size_t *queries, size_t *alerts);
/* The names a /match body asks to screen (at least one a query, as many
** as it has up to SRV_QUERY_NAMES_MAX): the measure of its work, read
** before it is done. 0 for a body that is not {"queries": {...}}. */
size_t srv_match_work(json_t *body);
/* Frees what /match keeps between queries (at shutdown). */
void srv_match_release(srv *s);

/* GET /catalog: every list as a dataset, and "default" over all of them.
** GET /algorithms: zeef's model. The caller owns the objects. */
json_t *srv_catalog(const srv *s, const srv_gen *g);
json_t *srv_algorithms(void);
/* GET /entities/{id}: 200 with the entity whose id (or one of its other
** ids) is id, in FollowTheMoney form, or 404; the caller owns *out. */
int srv_entity(const srv *s, const srv_gen *g, const char *id, json_t **out);

/* --------------------------------------------------------------- cases.c */

/* Who asks: the key's user and roles (in open mode "local" with every
** role). */
typedef struct srv_who {
  const char *user; /* owned by the keys, or by the request (a session's) */
  unsigned roles;
  char roles_text[96]; /* "analyst,supervisor" */
} srv_who;

/* GET /cases (id NULL) and GET /cases/{id}: 200 with the JSON text
** appended to text, or the status with *err (the caller owns it). */
int srv_cases_get(srv *s, const srv_who *w, struct MHD_Connection *c, const char *id, fe_buf *text, json_t **err);
/* POST /cases/{id}: an action, body parsed. 200 {"case", "state",
** "version"}, or the status with *err (409 and 403 carry the case's state
** and version). The action "reidentify" (a supervisor, a purpose, an
** authority's approval) answers {"case", "name", "birth_date",
** "document_number"}: whether each value given is the masked one's. */
int srv_case_act(srv *s, const srv_who *w, struct MHD_Connection *c, const char *id, json_t *body, fe_buf *text,
                 json_t **err);
/* POST /suppressions (id NULL: propose on {"match", "days", "note"}) and
** POST /suppressions/{id} ({"action": approve|reject|revoke, "note"}). */
int srv_suppress(srv *s, const srv_who *w, const char *id, json_t *body, fe_buf *text, json_t **err);
/* GET /suppressions (?state=): the suppressions, newest first. */
int srv_suppressions_get(srv *s, const srv_who *w, struct MHD_Connection *c, fe_buf *text, json_t **err);
/* GET /store: counts, schema, whether four eyes can work (supervisors:
** how many keys hold the role). *out is the answer or the error. */
int srv_store_status(srv *s, const srv_who *w, size_t supervisors, json_t **out);
/* GET /audit: entries after ?after, at most ?limit, of ?actor, ?action,
** ?object_type, ?object_id, as a JSON array. */
int srv_audit_page(srv *s, const srv_who *w, struct MHD_Connection *c, fe_buf *text, json_t **err);
/* GET /travellers ?name, ?document_number, ?birth_date, ?limit: the
** stored travellers found (a purpose needed). */
int srv_travellers_get(srv *s, const srv_who *w, struct MHD_Connection *c, fe_buf *text, json_t **err);
/* GET /audit/verify: {"intact", "entries", "seq"?, "check"?, "detail"?}. */
int srv_audit_verify(srv *s, const srv_who *w, json_t **out);
/* How many keys hold the role (0 without keys). */
size_t srv_keys_with(const srv_keys *keys, unsigned role);

/* {"error": code, "detail": detail}, detail printf-style and bounded. */
json_t *srv_error(const char *code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
