/*
** front.h: what zeef's two front ends, the zeef command (cli/) and the
** service zeef serve (server/), share, so that a traveller screened from
** the command line and over HTTP is screened, judged and written out the
** same way: defaults, exit codes, option values, loading --list arguments,
** screening one record and its JSON object. Like the front ends it is a
** client of the library: it includes zeef.h and jansson only, and neither
** front end includes the other (cli/main.c, which dispatches to both, is
** the one file that knows them both). Prefix fe_.
*/
#ifndef ZEEF_FRONT_H
#define ZEEF_FRONT_H

#include "zeef.h"

#include <jansson.h>
#include <stdio.h>

/* ------------------------------------------------------------- Contract */

/* Exit codes of every command. */
#define FE_EXIT_OK 0
#define FE_EXIT_INPUT 1 /* some input records were errors (their lines are still written) */
#define FE_EXIT_USAGE 2 /* bad usage, a list that cannot be loaded, an unreadable input */
#define FE_EXIT_ALERT 3 /* zeef screen --fail-on-alert: some traveller raised an alert */

/* Defaults of zeef screen and of the service's query parameters. */
#define FE_MIN_SCORE_DEFAULT 0.5 /* hits below are left out */
#define FE_LIMIT_DEFAULT 5       /* hits per traveller */
#define FE_LIMIT_MAX 100
#define FE_MAX_LISTS 32          /* --list arguments */
#define FE_DIAG_SHOWN 20         /* list warnings printed in full; the rest counted */
#define FE_THREADS_MAX 256       /* screening threads */

/* The cores this machine has online (1 when it cannot tell), at most
** FE_THREADS_MAX: how many threads screen unless told otherwise. */
size_t fe_cores(void);

/* Prints "zeef: <what>: <message>" to stderr. */
void fe_error(const char *what, const char *msg);

/* Prints a list reader's diagnostic as "zeef: FILE:LINE (RECORD): MESSAGE"
** to stderr. */
void fe_diag_print(const zeef_diag *d);

/* ---------------------------------------------------------- Option values */

/* Reads s (NUL terminated, the whole of it) as a number in [min, max].
** Returns 0 and sets *out, or -1 (*out unchanged). */
int fe_parse_double(const char *s, double min, double max, double *out);
int fe_parse_size(const char *s, size_t min, size_t max, size_t *out);
/* BYTES, or with a k/K or m/M suffix (KiB, MiB), from min to max bytes:
** 0, or -1. */
int fe_parse_bytes(const char *s, size_t min, size_t max, size_t *out);

/* Reads an input format name (zeef_input_format_name()'s words). -1 when
** none matches. */
int fe_input_format(const char *s, zeef_input_format *out);

/* A path or a URL (postgresql://user:password@host/db, amqp://...) as
** messages and logs show it: a URL's password left out (cap bytes into
** buf, returned). */
const char *fe_label(const char *path, char *buf, size_t cap);
/* The case store named by --store: an SQLite file's path, or a PostgreSQL
** URL. Whether a file store is there (a URL is taken as there: its server
** answers when it is opened). */
int fe_store_exists(const char *path);

/* Opens the case store at path and gives it the secret read from
** secret_path (may be NULL: no identities, no suppressions): 16 to 64
** bytes, the first 64 of the file (openssl rand 32 > FILE makes one).
** 0, or -1 with why (cap bytes) naming the file; *st is closed then. */
int fe_store_open(const zeef_ctx *ctx, const char *path, const char *secret_path, zeef_store **st, char *why,
                  size_t cap);

/* ------------------------------------------------------------------ Lists */

/* Loads n lists given as "[NAME=]FILE" into lists[0..n) (the name is cut
** at 127 bytes). On failure every list loaded so far is freed, *failed is
** the index of the argument that failed, and its status is returned. */
zeef_status fe_lists_load(const zeef_ctx *ctx, const char *const *args, size_t n,
                          zeef_diag_fn diag, void *ud, zeef_list **lists, size_t *failed);
/* The FILE part of a "[NAME=]FILE" argument. */
const char *fe_list_path(const char *arg);

/* ---------------------------------------------------- Screening a record */

/* How to screen: the index and the caller's cut-offs. */
typedef struct fe_screening {
  const zeef_ctx *ctx;
  const zeef_screener *scr;
  double threshold; /* a hit at or above it is an alert */
  double min_score; /* hits below it are left out */
  size_t limit;     /* at most this many hits */
  json_t *screened_with; /* fe_screened_with() of the lists, on every line; NULL: none */
  const zeef_rules *rules; /* pre-determined criteria for bookings; NULL: none */
} fe_screening;

/* What every result names, so that a line proves what it was screened
** against: {"model": "names-5", "lists": [{"name", "version", "sha256"}]}
** (the digest's first 16 hex digits; the run header and `zeef lists show`
** give it whole). The caller owns it; NULL when out of memory. */
json_t *fe_screened_with(zeef_list *const *lists, size_t n);

/* What a list is, as `zeef lists show --json` and a run's record give it:
** {"name", "format", "version", "published", "sha256", "entities",
** "notes"}. The caller owns it. */
json_t *fe_list_json(const zeef_list *l);

typedef enum fe_status { FE_CLEAR = 0, FE_ALERT, FE_ERROR } fe_status;

#define FE_RULE_HITS 4 /* rule hits kept for a traveller's output */

/* "clear", "alert", "error". */
const char *fe_status_name(fe_status st);

/* One record screened: the record, the traveller made of it, its hits and
** what it comes to. */
typedef struct fe_result {
  const zeef_record *record;
  zeef_traveller traveller; /* its name made here: freed by fe_result_clear() */
  fe_status status;
  const char *error;  /* for FE_ERROR: why, in errbuf or the record's */
  char errbuf[160];
  zeef_hit *hits;     /* the caller's, s->limit of them */
  size_t nhits;
  size_t nrules; /* rules the traveller of a booking meets (an alert of kind rule); the
                 ** first FE_RULE_HITS in rule_hits */
  const zeef_rules *rules; /* the rules they are of */
  zeef_rule_hit rule_hits[FE_RULE_HITS];
} fe_result;

/* Screens record r into *out, with hits (room for s->limit) as the hits'
** storage; out stays valid while r and hits are. Free with
** fe_result_clear(). */
void fe_screen_record(const fe_screening *s, const zeef_record *r, zeef_hit *hits,
                      fe_result *out);
void fe_result_clear(fe_result *out);
/* The rules a result's traveller meets: [{"kind": "rule", "id",
** "description", "explanation"}]. The caller owns it. */
json_t *fe_rule_hits_json(const fe_screening *s, const fe_result *res);

/* Stores one screened record in the store's run in progress
** (zeef_store_put): the record, the MRZ or PAXLST it was read from, its
** outcome and hits. */
zeef_status fe_store_result(zeef_store *st, const zeef_screener *scr, const fe_result *res);

/* ------------------------------------------------------------ links.c */

/* What the travellers of one run share (a booking, an e-mail address, a
** phone, a card, a document), to name on a traveller's line the earlier
** ones who share something with it when either raised an alert. */
typedef struct fe_links fe_links;
fe_links *fe_links_new(void); /* NULL when out of memory */
void fe_links_free(fe_links *l);
/* The links of r to the travellers taken before it, [{"id", "alerted",
** "shared": [{"kind", "value"}]}], or NULL when none; r is then taken
** too (alerted: whether it raised an alert). The caller owns the array. */
json_t *fe_links_take(fe_links *l, const zeef_record *r, int alerted);
/* out (len bytes, one JSON object and maybe a newline) with "links":
** links added to the object (when not NULL), appended to dst. */
struct fe_buf;
zeef_status fe_links_line(const char *out, size_t len, json_t *links, struct fe_buf *dst);

#define FE_RULES_MAX_BYTES ((size_t)4 << 20) /* a rules file */
#define FE_RULES_ERR_MAX 8192                /* what is said of a refused one */

/* Loads the rules file at path (ZEEF_TODAY=YYYY-MM-DD in the environment
** stands for the clock's date, for tests): 0, or -1 with why (cap bytes)
** naming the file and every refusal, one a line. OUT *rules. */
int fe_rules_load(const zeef_ctx *ctx, const char *path, zeef_rules **rules, char *why, size_t cap);

/* ----------------------------------------------------------- config.c */

/* The options the configuration file at path gives command cmd ("screen"
** or "serve"), as command-line arguments: OUT *args (n of them, "--key",
** "value" pairs), freed with fe_config_free(*args, *n). 0, or -1 with why
** (cap bytes) naming the file, the line and the reason. */
int fe_config_args(const char *path, const char *cmd, char ***args, int *n, char *why, size_t cap);
/* Frees what fe_config_args() made (the first n arguments, then the array;
** NULL is a no-op). */
void fe_config_free(char **args, int n);

/* ------------------------------------------------------------- buf.c */

/* A byte buffer that grows up to max bytes and never past it; always NUL
** terminated when p is not NULL. */
typedef struct fe_buf {
  char *p;
  size_t len, cap, max;
} fe_buf;

void fe_buf_init(fe_buf *b, size_t max);
/* Appends n bytes of s. ZEEF_E_TOOBIG when len + n would pass max (nothing
** is appended), ZEEF_E_NOMEM. */
zeef_status fe_buf_add(fe_buf *b, const void *s, size_t n);
zeef_status fe_buf_printf(fe_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands over the bytes (NUL terminated, never NULL unless out of memory),
** their length in *len; the caller frees them with free(). b is empty
** afterwards. */
char *fe_buf_take(fe_buf *b, size_t *len);
void fe_buf_free(fe_buf *b);

/* ---------------------------------------------------------------- JSON */

/* The object `zeef screen` prints and POST /screen answers with for one
** record (the README's output contract):
**   {"id", "line", "status", "error", "warnings", "hits": [{"list",
**    "list_version", "entity_id", "name", "matched_name",
**    "matched_name_quality", "score", "name_score", "alert", "explanation",
**    "evidence", "name_parts"}], "source"?}
** Caller owns it; NULL when out of memory. */
json_t *fe_result_json(const fe_screening *s, const fe_result *res);

/* fe_result_json() as one line of compact JSON (no line break) appended
** to out; when it cannot be made, an error object for the record. */
struct fe_buf;
void fe_result_write_json(const fe_screening *s, const fe_result *res, struct fe_buf *out);

/* The `source` object of a record read from an MRZ or a PAXLST message, or
** NULL for the other formats. Caller owns the result. */
json_t *fe_source_json(const zeef_record *r);
json_t *fe_mrz_json(const zeef_mrz *m);
json_t *fe_pax_json(const zeef_pax_message *m, const zeef_pax_person *p);
/* A booking as read: locators, dates, office, travellers with their
** documents, itinerary, contacts, payments (cards masked), warnings. */
json_t *fe_pnr_json(const zeef_pnr *p);

/* The evidence of a hit as data: [{"feature", "traveller", "listed",
** "weight", "text"}], weight in log-odds. */
json_t *fe_evidence_json(const zeef_hit *h);
/* The name alignment of a hit, traveller name q against the listed name
** the hit matched: [{"match", "traveller", "listed", "similarity",
** "weight", "text"}], weight the pair's share of the name score. */
json_t *fe_name_parts_json(const zeef_screener *scr, const zeef_name *q, const zeef_hit *h);

/* ------------------------------------------------------------ pool.c */

/* A pool of worker threads taking tasks from a bounded queue: the one
** place screening runs when it runs on several cores. */
typedef struct fe_pool fe_pool;

/* threads workers (0: only fe_pool_help() runs tasks), a queue of queue
** tasks (at least threads, at least 1). NULL when out of memory. Free with fe_pool_free(), which runs what is
** queued and joins the workers. */
fe_pool *fe_pool_new(size_t threads, size_t queue);
void fe_pool_free(fe_pool *p);
size_t fe_pool_threads(const fe_pool *p);
/* Runs one queued task on the calling thread: a thread that waits for
** the pool's work lends a hand instead of sleeping. 1 when it ran one, 0
** when none was queued. */
int fe_pool_help(fe_pool *p);
/* Tasks queued and not yet taken by a worker. */
size_t fe_pool_queued(fe_pool *p);
/* Queues fn(arg). With wait, waits for room; without, returns -1 at once
** when the queue is full (the service answers 503). -1 too when the pool
** is stopping. 0 when queued. */
int fe_pool_submit(fe_pool *p, void (*fn)(void *), void *arg, int wait);

/* A batch screens records on a pool and hands their rendered results back
** in input order, at most window records in flight. The thread that feeds
** it screens queued records too while it waits, so a pool of N - 1
** workers keeps N cores busy. */
typedef struct fe_batch fe_batch;
/* Renders a screened record into out; runs on a worker. */
typedef void (*fe_render_fn)(void *ud, const fe_result *res, fe_buf *out);
/* Takes a record's result and rendered bytes, in input order, on the
** thread that calls fe_batch_add() and fe_batch_finish(); nonzero stops
** the batch. res is valid during the call: its record, status, error and
** hits (the traveller's name is freed by then). */
typedef int (*fe_emit_fn)(void *ud, const fe_result *res, const char *out, size_t len);

/* The most a record's rendering may take (its hits' JSON, explained). */
#define FE_BATCH_OUTPUT_MAX (16u << 20)

/* NULL when out of memory. s must outlive the batch. */
fe_batch *fe_batch_new(fe_pool *pool, const fe_screening *s, size_t window, fe_render_fn render,
                       fe_emit_fn emit, void *ud);
/* Copies r and queues it; writes what is done meanwhile. Nonzero when the
** batch stopped (emit asked to, or out of memory): a zeef_records_read()
** callback returns it. */
int fe_batch_add(fe_batch *b, const zeef_record *r);
/* Waits for every record and writes the rest. -1 when a record could not
** be copied (out of memory), else 0. */
int fe_batch_finish(fe_batch *b);
void fe_batch_free(fe_batch *b);

#endif
