/*
** worker.c: `zeef worker`, screening on a message broker (RabbitMQ, AMQP
** 0-9-1, librabbitmq). A client of the library through the front ends'
** shared layer, like `zeef screen` and `zeef serve`.
**
**   zeef worker --amqp URL --in QUEUE --out EXCHANGE --list [NAME=]FILE...
**
** Each message on QUEUE (declared durable, of type quorum) is a batch of
** travellers in any format zeef reads (JSON lines, CSV, a JSON array, MRZ,
** PAXLST, PNRGOV; by its content type, else detected). Its results, one
** `zeef screen` object a line, each with "input": {"message", "position"},
** go to EXCHANGE (a durable fanout) as one message, persistent, with the
** input's message id; only once the broker has confirmed them (publisher
** confirms) is the input acknowledged. So a worker killed in the middle of
** a batch loses nothing: the broker delivers the batch again, to it or to
** another worker, and a consumer drops the duplicates by (message,
** position). Several workers share a queue; --prefetch bounds what each
** holds unacknowledged.
**
** --keep-results QUEUE binds a durable quorum queue to EXCHANGE, so that
** results wait there for consumers that come later.
**
** Poison: a message larger than --max-message, one that holds no traveller
** input zeef can read, or one delivered --max-deliveries times (the quorum
** queue's x-delivery-count: workers died on it) goes to QUEUE.dead with the
** reason in the header x-zeef-reason, and is acknowledged. Nothing is
** dropped silently.
**
** Store: --store PATH (or a postgresql:// URL shared with zeef serve) keeps
** every screening and opens cases as `zeef screen --store` does, a run a
** message, named by the message's id. The run is ended before the results
** are published; a message delivered again after that is screened and
** published again but not stored twice. A worker killed in the middle of a
** message longer than the store's batch (ZEEF_STORE_BATCH) leaves the
** batches committed so far, which the next delivery stores again.
**
** Lists: --control EXCHANGE (a durable fanout) announces a new list version:
** any message on it makes the worker load every list again from its file,
** beside the lists in use, and swap them between two batches; a worker that
** cannot load them keeps the old ones and says so on stderr. Every result
** names the list versions it was screened with (screened_with).
**
** Two connections: one consumes and acknowledges, the other publishes in
** confirm mode, so that waiting for a confirm never meets a delivery.
** Brokers: --amqp may be given for each node of a cluster; when the
** connection fails (the node died), the worker goes on with the next node,
** and waits (1 s, doubling to 8 s) when none answers. What it held
** unacknowledged the cluster delivers again.
** SIGTERM or SIGINT: the batch in hand is finished, then the worker leaves;
** what it held unacknowledged goes back to the queue.
*/
#include "worker.h"

#include "../front/front.h"

#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <errno.h>
#include <openssl/evp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define WK_PREFETCH_DEFAULT 4
#define WK_MAX_DELIVERIES_DEFAULT 5
#define WK_MAX_MESSAGE_DEFAULT (16u << 20)
#define WK_CONFIRM_TIMEOUT_S 30
#define WK_OUTPUT_MAX ((size_t)1 << 30)

#define WK_URLS_MAX 8
#define WK_BACKOFF_MAX_S 8

typedef struct opts {
  const char *urls[WK_URLS_MAX];
  size_t nurls;
  const char *in, *out, *control, *format_name, *rules, *keep, *store, *secret, *user;
  const char *lists[FE_MAX_LISTS];
  size_t nlists, prefetch, max_deliveries, max_message, threads, limit;
  double threshold;
} opts;

typedef struct worker {
  opts o;
  zeef_ctx *ctx;
  zeef_list *lists[FE_MAX_LISTS];
  zeef_screener *scr;
  zeef_rules *rules;
  zeef_store *store; /* --store: every screening kept, NULL without */
  int storing;       /* the batch in hand goes into the store */
  zeef_status store_rc;
  fe_pool *pool;
  fe_screening sc;
  amqp_connection_state_t in, pub; /* consuming and acknowledging; publishing with confirms */
  uint64_t published;              /* the publishing channel's delivery tags so far */
  char dead[256];                  /* QUEUE.dead */
  /* the batch being screened */
  fe_buf *out;
  const char *message_id;
  size_t position, alerts;
} worker;

static volatile sig_atomic_t stopping;
static void on_signal(int sig) {
  (void)sig;
  stopping = 1;
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
  va_list ap;
  fputs("zeef worker: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

/* ------------------------------------------------------------------ AMQP */

/* Whether an RPC went well; says why when not. */
static int ok(amqp_rpc_reply_t r, const char *doing) {
  if (r.reply_type == AMQP_RESPONSE_NORMAL) return 1;
  if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION)
    say("%s: %s", doing, amqp_error_string2(r.library_error));
  else if (r.reply.id == AMQP_CONNECTION_CLOSE_METHOD || r.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
    amqp_channel_close_t *m = r.reply.decoded; /* connection.close has the same fields first */
    say("%s: the broker says %u %.*s", doing, m->reply_code, (int)m->reply_text.len, (char *)m->reply_text.bytes);
  } else
    say("%s: failed", doing);
  return 0;
}

/* A connection to url (amqp://user:pass@host:port/vhost), channel 1 open. */
static amqp_connection_state_t connect_to(const char *url) {
  struct amqp_connection_info ci;
  char *u = strdup(url);
  amqp_connection_state_t c = NULL;
  amqp_socket_t *s;
  amqp_default_connection_info(&ci);
  if (!u || amqp_parse_url(u, &ci) != AMQP_STATUS_OK) {
    char label[300];
    say("--amqp %s: not an amqp://user:password@host:port/vhost URL", fe_label(url, label, sizeof label));
    goto out;
  }
  if (!(c = amqp_new_connection()) || !(s = amqp_tcp_socket_new(c))) goto fail;
  if (amqp_socket_open(s, ci.host, ci.port) != AMQP_STATUS_OK) {
    say("cannot reach the broker at %s:%d", ci.host, ci.port);
    goto fail;
  }
  if (!ok(amqp_login(c, ci.vhost, 0, 131072, 30, AMQP_SASL_METHOD_PLAIN, ci.user, ci.password), "login")) goto fail;
  amqp_channel_open(c, 1);
  if (!ok(amqp_get_rpc_reply(c), "opening a channel")) goto fail;
  goto out;
fail:
  if (c) amqp_destroy_connection(c);
  c = NULL;
out:
  free(u);
  return c;
}

static void disconnect(amqp_connection_state_t c) {
  if (!c) return;
  amqp_channel_close(c, 1, AMQP_REPLY_SUCCESS);
  amqp_connection_close(c, AMQP_REPLY_SUCCESS);
  amqp_destroy_connection(c);
}

static int declare_queue(amqp_connection_state_t c, const char *name) {
  amqp_table_entry_t e = {amqp_cstring_bytes("x-queue-type"), {AMQP_FIELD_KIND_UTF8, {.bytes = amqp_cstring_bytes("quorum")}}};
  amqp_table_t args = {1, &e};
  amqp_queue_declare(c, 1, amqp_cstring_bytes(name), 0, 1, 0, 0, args);
  return ok(amqp_get_rpc_reply(c), name);
}

static int declare_fanout(amqp_connection_state_t c, amqp_channel_t ch, const char *name) {
  amqp_exchange_declare(c, ch, amqp_cstring_bytes(name), amqp_cstring_bytes("fanout"), 0, 1, 0, 0, amqp_empty_table);
  return ok(amqp_get_rpc_reply(c), name);
}

/* Publishes body and waits for the broker's confirm: 0, or -1 (nacked, or
** no answer within WK_CONFIRM_TIMEOUT_S, or the connection failed). */
static int publish(worker *w, const char *exchange, const char *key, amqp_basic_properties_t *props, amqp_bytes_t body) {
  struct timeval tv = {WK_CONFIRM_TIMEOUT_S, 0};
  uint64_t tag;
  if (amqp_basic_publish(w->pub, 1, amqp_cstring_bytes(exchange), amqp_cstring_bytes(key), 0, 0, props, body) !=
      AMQP_STATUS_OK) {
    say("publishing to %s failed", *exchange ? exchange : key);
    return -1;
  }
  tag = ++w->published;
  for (;;) {
    amqp_frame_t f;
    int rc = amqp_simple_wait_frame_noblock(w->pub, &f, &tv);
    if (rc != AMQP_STATUS_OK) {
      say("no confirm from the broker: %s", amqp_error_string2(rc));
      return -1;
    }
    if (f.frame_type != AMQP_FRAME_METHOD) continue;
    if (f.payload.method.id == AMQP_BASIC_ACK_METHOD) {
      amqp_basic_ack_t *a = f.payload.method.decoded;
      if (a->delivery_tag == tag || (a->multiple && a->delivery_tag >= tag)) return 0;
    } else if (f.payload.method.id == AMQP_BASIC_NACK_METHOD) {
      say("the broker refused the message (nack)");
      return -1;
    } else if (f.payload.method.id == AMQP_CHANNEL_CLOSE_METHOD ||
               f.payload.method.id == AMQP_CONNECTION_CLOSE_METHOD) {
      say("the broker closed the publishing channel");
      return -1;
    }
  }
}

/* A header's value as text or a number. */
static const amqp_field_value_t *header(const amqp_basic_properties_t *p, const char *name) {
  if (!(p->_flags & AMQP_BASIC_HEADERS_FLAG)) return NULL;
  for (int i = 0; i < p->headers.num_entries; i++)
    if (p->headers.entries[i].key.len == strlen(name) && !memcmp(p->headers.entries[i].key.bytes, name, strlen(name)))
      return &p->headers.entries[i].value;
  return NULL;
}

static long long number_of(const amqp_field_value_t *v) {
  if (!v) return 0;
  switch (v->kind) {
  case AMQP_FIELD_KIND_I8: return v->value.i8;
  case AMQP_FIELD_KIND_U8: return v->value.u8;
  case AMQP_FIELD_KIND_I16: return v->value.i16;
  case AMQP_FIELD_KIND_U16: return v->value.u16;
  case AMQP_FIELD_KIND_I32: return v->value.i32;
  case AMQP_FIELD_KIND_U32: return v->value.u32;
  case AMQP_FIELD_KIND_I64: return v->value.i64;
  case AMQP_FIELD_KIND_U64: return (long long)v->value.u64;
  default: return 0;
  }
}

/* ----------------------------------------------------------------- Lists */

static void free_lists(worker *w, zeef_list **lists, zeef_screener *scr) {
  zeef_screener_free(scr);
  for (size_t i = 0; i < w->o.nlists; i++) zeef_list_free(lists[i]);
}

/* Loads every list from its file into a new screener, swapped in when all
** load; the old ones stay otherwise. 0, or -1. */
static int load_lists(worker *w) {
  zeef_list *lists[FE_MAX_LISTS] = {0};
  zeef_screener *scr = NULL;
  size_t failed = 0;
  zeef_status rc = fe_lists_load(w->ctx, w->o.lists, w->o.nlists, NULL, NULL, lists, &failed);
  json_t *with;
  if (rc) {
    say("list %s cannot be loaded: %s; %s", fe_list_path(w->o.lists[failed]), zeef_strerror(rc),
        w->scr ? "still screening with the lists loaded before" : "stopping");
    return -1;
  }
  if (zeef_screener_new(w->ctx, (const zeef_list *const *)lists, w->o.nlists, NULL, NULL, &scr)) {
    say("the index cannot be built: out of memory; %s", w->scr ? "keeping the lists loaded before" : "stopping");
    free_lists(w, lists, NULL);
    return -1;
  }
  free_lists(w, w->lists, w->scr);
  memcpy(w->lists, lists, sizeof lists);
  w->scr = scr;
  w->sc.scr = scr;
  with = fe_screened_with(w->lists, w->o.nlists);
  json_decref(w->sc.screened_with);
  w->sc.screened_with = with;
  for (size_t i = 0; i < w->o.nlists; i++)
    say("list %s version %s: %zu entities", zeef_list_name(w->lists[i]), zeef_list_version(w->lists[i]),
        zeef_list_count(w->lists[i]));
  return 0;
}

/* --------------------------------------------------------------- Batches */

static void render(void *ud, const fe_result *res, fe_buf *o) {
  (void)ud;
  fe_result_write_json(&((worker *)ud)->sc, res, o);
}

/* Each result with "input": {"message", "position"} and a newline. */
static int emit(void *ud, const fe_result *res, const char *out, size_t len) {
  worker *w = ud;
  size_t end = len;
  w->position++;
  if (res->status == FE_ALERT) w->alerts++;
  if (w->storing && !w->store_rc) w->store_rc = fe_store_result(w->store, w->scr, res);
  while (end && out[end - 1] != '}') end--;
  if (!end) return 0;
  if (fe_buf_add(w->out, out, end - 1) ||
      fe_buf_printf(w->out, ",\"input\":{\"message\":\"%s\",\"position\":%zu}}\n", w->message_id, w->position))
    return 1;
  return 0;
}

static int on_record(void *ud, const zeef_record *r) {
  return fe_batch_add(((fe_batch **)ud)[0], r);
}

static zeef_input_format format_of(const worker *w, const amqp_basic_properties_t *p) {
  zeef_input_format f = ZEEF_IN_AUTO;
  if (p->_flags & AMQP_BASIC_CONTENT_TYPE_FLAG) {
    char t[64];
    snprintf(t, sizeof t, "%.*s", (int)p->content_type.len, (char *)p->content_type.bytes);
    t[strcspn(t, "; ")] = 0;
    if (!strcasecmp(t, "application/json")) return ZEEF_IN_JSON;
    if (!strcasecmp(t, "application/x-ndjson") || !strcasecmp(t, "application/jsonl")) return ZEEF_IN_JSONL;
    if (!strcasecmp(t, "text/csv")) return ZEEF_IN_CSV;
    if (!strcasecmp(t, "application/paxlst")) return ZEEF_IN_PAXLST;
    if (!strcasecmp(t, "application/pnrgov")) return ZEEF_IN_PNRGOV;
  }
  if (w->o.format_name) fe_input_format(w->o.format_name, &f);
  return f;
}

/* Header entry h: name, a text value. */
static void text_header(amqp_table_entry_t *h, const char *name, const char *value) {
  h->key = amqp_cstring_bytes(name);
  h->value.kind = AMQP_FIELD_KIND_UTF8;
  h->value.value.bytes = amqp_cstring_bytes(value);
}

/* Sends the message to QUEUE.dead with why, confirmed: 0, or -1. */
static int dead_letter(worker *w, const amqp_envelope_t *e, const char *id, long long deliveries, const char *why) {
  amqp_basic_properties_t p = e->message.properties;
  amqp_table_entry_t h[3];
  text_header(&h[0], "x-zeef-reason", why);
  text_header(&h[1], "x-zeef-input-message-id", id);
  h[2].key = amqp_cstring_bytes("x-zeef-deliveries");
  h[2].value.kind = AMQP_FIELD_KIND_I64;
  h[2].value.value.i64 = deliveries;
  p._flags |= AMQP_BASIC_HEADERS_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG;
  p.headers.num_entries = 3;
  p.headers.entries = h;
  p.delivery_mode = 2;
  say("message %s to %s: %s", id, w->dead, why);
  return publish(w, "", w->dead, &p, e->message.body);
}

/* The message's id: its message_id property, else the SHA-256 of its body
** (the same on every delivery). */
static void id_of(const amqp_envelope_t *e, char out[65]) {
  const amqp_basic_properties_t *p = &e->message.properties;
  if ((p->_flags & AMQP_BASIC_MESSAGE_ID_FLAG) && p->message_id.len && p->message_id.len < 64) {
    snprintf(out, 65, "%.*s", (int)p->message_id.len, (char *)p->message_id.bytes);
    for (char *c = out; *c; c++)
      if (*c == '"' || *c == '\\' || (unsigned char)*c < 0x20) *c = '_'; /* kept JSON-safe */
    return;
  }
  {
    unsigned char d[32];
    unsigned n = 0;
    static const char hex[] = "0123456789abcdef";
    EVP_Digest(e->message.body.bytes, e->message.body.len, d, &n, EVP_sha256(), NULL);
    for (int i = 0; i < 32; i++) out[2 * i] = hex[d[i] >> 4], out[2 * i + 1] = hex[d[i] & 15];
    out[64] = 0;
  }
}

/* Opens the message's run in the store, unless a run of it was ended there
** already (it was stored, then the worker died before acknowledging it, or
** its producer sent it again):
** then its results are published again and the store is left as it is.
** 0, or -1 (the store failed). */
static int store_begin(worker *w, const char *id) {
  char source[400];
  int done = 0;
  zeef_actor who = {w->o.user, "screen", "screening"};
  int64_t run;
  w->storing = 0;
  w->store_rc = ZEEF_OK;
  snprintf(source, sizeof source, "amqp %s message %s", w->o.in, id);
  if (zeef_store_run_done(w->store, source, &done)) {
    say("message %s: the store failed: %s", id, zeef_store_error(w->store));
    return -1;
  }
  if (done) {
    say("message %s: stored before it was delivered again; not stored twice", id);
    return 0;
  }
  if (zeef_store_run_begin(w->store, &who, source, (const zeef_list *const *)w->lists, w->o.nlists,
                           w->o.threshold, &run)) {
    say("message %s: the store failed: %s", id, zeef_store_error(w->store));
    return -1;
  }
  w->storing = 1;
  return 0;
}

/* One input message: screened and its results confirmed, or dead-lettered;
** then acknowledged. 0, or -1 when the broker connection failed (the
** message is then delivered again). */
static int handle(worker *w, amqp_envelope_t *e) {
  char id[65], why[300];
  long long deliveries = number_of(header(&e->message.properties, "x-delivery-count"));
  zeef_read_error err;
  fe_batch *batch;
  fe_buf out;
  zeef_status rc;
  id_of(e, id);
  if (e->message.body.len > w->o.max_message) {
    snprintf(why, sizeof why, "too large: %zu bytes, at most %zu", e->message.body.len, w->o.max_message);
    if (dead_letter(w, e, id, deliveries, why)) return -1;
    goto ack;
  }
  if (deliveries >= (long long)w->o.max_deliveries) {
    snprintf(why, sizeof why, "delivered %lld times without being screened (a worker dies on it)", deliveries + 1);
    if (dead_letter(w, e, id, deliveries, why)) return -1;
    goto ack;
  }
  say("message %s: %zu bytes, screening", id, e->message.body.len);
  if (w->store && store_begin(w, id)) return -1;
  fe_buf_init(&out, WK_OUTPUT_MAX);
  w->out = &out;
  w->message_id = id;
  w->position = w->alerts = 0;
  if (!(batch = fe_batch_new(w->pool, &w->sc, 16 * fe_pool_threads(w->pool) + 16, render, emit, w))) {
    fe_buf_free(&out);
    say("out of memory");
    return -1;
  }
  rc = zeef_records_read_buffer(w->ctx, e->message.body.bytes, e->message.body.len, format_of(w, &e->message.properties),
                                on_record, &batch, &err);
  if (fe_batch_finish(batch) && !rc) rc = ZEEF_E_NOMEM;
  fe_batch_free(batch);
  if (w->storing && !w->store_rc) w->store_rc = zeef_store_run_end(w->store);
  if (w->store_rc) { /* not acknowledged: screened and stored again, by this worker or another */
    say("message %s: the store failed: %s; it goes back to the queue", id, zeef_store_error(w->store));
    fe_buf_free(&out);
    return -1;
  }
  if (rc == ZEEF_E_FORMAT && !w->position) { /* nothing in it can be read */
    snprintf(why, sizeof why, "not traveller input: %s", err.message);
    fe_buf_free(&out);
    if (dead_letter(w, e, id, deliveries, why)) return -1;
    goto ack;
  }
  if (rc && rc != ZEEF_E_FORMAT) {
    fe_buf_free(&out);
    say("message %s cannot be screened now: %s; it goes back to the queue", id, zeef_strerror(rc));
    amqp_basic_reject(w->in, 1, e->delivery_tag, 1);
    return 0;
  }
  {
    amqp_basic_properties_t p;
    amqp_table_entry_t h[3];
    char records[24], alerts[24];
    snprintf(records, sizeof records, "%zu", w->position);
    snprintf(alerts, sizeof alerts, "%zu", w->alerts);
    memset(&p, 0, sizeof p);
    text_header(&h[0], "x-zeef-input-message-id", id);
    text_header(&h[1], "x-zeef-records", records);
    text_header(&h[2], "x-zeef-alerts", alerts);
    p._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_MESSAGE_ID_FLAG |
               AMQP_BASIC_CORRELATION_ID_FLAG | AMQP_BASIC_HEADERS_FLAG;
    p.content_type = amqp_cstring_bytes("application/x-ndjson");
    p.delivery_mode = 2;
    p.message_id = amqp_cstring_bytes(id);
    p.correlation_id = amqp_cstring_bytes(id);
    p.headers.num_entries = 3;
    p.headers.entries = h;
    if (publish(w, w->o.out, "", &p, (amqp_bytes_t){out.len, out.p ? out.p : ""})) {
      fe_buf_free(&out);
      return -1; /* not acknowledged: delivered again */
    }
    say("message %s: %zu records, %zu alerts%s%s", id, w->position, w->alerts,
        deliveries ? ", delivered before: " : "", deliveries ? (deliveries == 1 ? "once" : "more than once") : "");
  }
  fe_buf_free(&out);
ack:
  if (amqp_basic_ack(w->in, 1, e->delivery_tag, 0) != AMQP_STATUS_OK) {
    say("acknowledging message %s failed: it will be delivered again", id);
    return -1;
  }
  return 0;
}

/* ------------------------------------------------------------------ Main */

static int usage(FILE *f) {
  fprintf(
      f,
      "usage: zeef worker --amqp URL [--amqp URL...] --in QUEUE --out EXCHANGE --list [NAME=]FILE [--list "
      "...]\n"
      "                   [--control EXCHANGE] [--prefetch N] [--max-deliveries N]\n"
      "                   [--max-message BYTES[k|M]] [--in-format F] [--threads N] [--threshold T]\n"
      "                   [--limit N] [--rules FILE] [--keep-results QUEUE]\n"
      "                   [--store PATH|postgresql://... [--secret FILE] [--user NAME]]\n"
      "consumes traveller batches from QUEUE (a quorum queue), publishes each batch's results to\n"
      "EXCHANGE (a fanout) with publisher confirms and acknowledges the batch only then; results\n"
      "carry \"input\": {\"message\", \"position\"} to drop duplicates by; a batch too large, unreadable\n"
      "or delivered --max-deliveries times (default %d) goes to QUEUE.dead with x-zeef-reason;\n"
      "a message on --control EXCHANGE loads the lists again and swaps them in; --keep-results\n"
      "QUEUE binds a durable queue to EXCHANGE so that no result waits on a consumer; --amqp once\n"
      "a node of a cluster: when one fails the worker goes on with the next; --store keeps every\n"
      "screening in the case store (a run a message, stored once however often it is delivered)\n"
      "defaults: --prefetch %d, --max-message 16M, --threads = cores\n"
      "example: zeef worker --amqp amqp://guest:guest@localhost:5672 --in travellers \\\n"
      "           --out results --list UN=data/lists/un-consolidated.xml\n",
      WK_MAX_DELIVERIES_DEFAULT, WK_PREFETCH_DEFAULT);
  return FE_EXIT_USAGE;
}

static int parse(int argc, char **argv, opts *o) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  memset(o, 0, sizeof *o);
  o->prefetch = WK_PREFETCH_DEFAULT;
  o->max_deliveries = WK_MAX_DELIVERIES_DEFAULT;
  o->max_message = WK_MAX_MESSAGE_DEFAULT;
  o->threads = cores < 1 ? 1 : (size_t)cores;
  o->threshold = ZEEF_ALERT_THRESHOLD;
  o->limit = FE_LIMIT_DEFAULT;
  o->user = "worker";
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      return FE_EXIT_OK;
    }
    if (!v) return usage(stderr);
    i++;
    if (!strcmp(a, "--amqp") && o->nurls < WK_URLS_MAX)
      o->urls[o->nurls++] = v;
    else if (!strcmp(a, "--in")) o->in = v;
    else if (!strcmp(a, "--out")) o->out = v;
    else if (!strcmp(a, "--control")) o->control = v;
    else if (!strcmp(a, "--keep-results")) o->keep = v;
    else if (!strcmp(a, "--in-format")) o->format_name = v;
    else if (!strcmp(a, "--rules")) o->rules = v;
    else if (!strcmp(a, "--store"))
      o->store = v;
    else if (!strcmp(a, "--secret"))
      o->secret = v;
    else if (!strcmp(a, "--user") && *v)
      o->user = v;
    else if (!strcmp(a, "--list") && o->nlists < FE_MAX_LISTS) o->lists[o->nlists++] = v;
    else if (!strcmp(a, "--prefetch") && !fe_parse_size(v, 1, 1000, &o->prefetch)) continue;
    else if (!strcmp(a, "--max-deliveries") && !fe_parse_size(v, 1, 1000, &o->max_deliveries)) continue;
    else if (!strcmp(a, "--max-message") && !fe_parse_bytes(v, 1, (size_t)1 << 30, &o->max_message)) continue;
    else if (!strcmp(a, "--threads") && !fe_parse_size(v, 1, FE_THREADS_MAX, &o->threads)) continue;
    else if (!strcmp(a, "--limit") && !fe_parse_size(v, 1, FE_LIMIT_MAX, &o->limit)) continue;
    else if (!strcmp(a, "--threshold") && !fe_parse_double(v, 0, 1, &o->threshold)) continue;
    else {
      fprintf(stderr, "zeef worker: %s %s: not an option or not a value it takes\n", a, v);
      return usage(stderr);
    }
  }
  if (!o->nurls || !o->in || !o->out || !o->nlists) {
    fprintf(stderr, "zeef worker: --amqp, --in, --out and at least one --list are needed\n");
    return usage(stderr);
  }
  if (o->format_name) {
    zeef_input_format f;
    if (fe_input_format(o->format_name, &f)) {
      fprintf(stderr, "zeef worker: --in-format %s: auto, csv, jsonl, json, mrz, paxlst or pnrgov\n", o->format_name);
      return FE_EXIT_USAGE;
    }
  }
  return -1;
}

static void session_close(worker *w) {
  disconnect(w->in);
  disconnect(w->pub);
  w->in = w->pub = NULL;
}

/* Connects to url and sets up the queues, the exchanges and the consumers.
** 0, or -1 (both connections then closed). */
static int session_open(worker *w, const char *url) {
  w->published = 0; /* a new channel's delivery tags begin again */
  if (!(w->in = connect_to(url)) || !(w->pub = connect_to(url))) goto fail;
  amqp_confirm_select(w->pub, 1);
  if (!ok(amqp_get_rpc_reply(w->pub), "confirm mode") || !declare_queue(w->in, w->o.in) ||
      !declare_queue(w->in, w->dead) || !declare_fanout(w->in, 1, w->o.out))
    goto fail;
  if (w->o.keep) { /* a durable queue of the results, for consumers that come later */
    if (!declare_queue(w->in, w->o.keep)) goto fail;
    amqp_queue_bind(w->in, 1, amqp_cstring_bytes(w->o.keep), amqp_cstring_bytes(w->o.out), amqp_empty_bytes,
                    amqp_empty_table);
    if (!ok(amqp_get_rpc_reply(w->in), "binding the results queue")) goto fail;
  }
  amqp_basic_qos(w->in, 1, 0, (uint16_t)w->o.prefetch, 0);
  if (!ok(amqp_get_rpc_reply(w->in), "prefetch")) goto fail;
  amqp_basic_consume(w->in, 1, amqp_cstring_bytes(w->o.in), amqp_cstring_bytes("zeef-worker"), 0, 0, 0,
                     amqp_empty_table);
  if (!ok(amqp_get_rpc_reply(w->in), "consuming")) goto fail;
  if (w->o.control) { /* an exclusive queue of its own on the control exchange */
    amqp_queue_declare_ok_t *q;
    amqp_channel_open(w->in, 2);
    if (!ok(amqp_get_rpc_reply(w->in), "the control channel") || !declare_fanout(w->in, 2, w->o.control))
      goto fail;
    q = amqp_queue_declare(w->in, 2, amqp_empty_bytes, 0, 0, 1, 1, amqp_empty_table);
    if (!ok(amqp_get_rpc_reply(w->in), "the control queue")) goto fail;
    amqp_queue_bind(w->in, 2, q->queue, amqp_cstring_bytes(w->o.control), amqp_empty_bytes, amqp_empty_table);
    if (!ok(amqp_get_rpc_reply(w->in), "binding the control queue")) goto fail;
    amqp_basic_consume(w->in, 2, q->queue, amqp_cstring_bytes("zeef-control"), 0, 1, 1, amqp_empty_table);
    if (!ok(amqp_get_rpc_reply(w->in), "consuming the control queue")) goto fail;
  }
  return 0;
fail:
  session_close(w);
  return -1;
}

/* Consumes until asked to stop (0) or until the broker connection fails
** (-1: what was not acknowledged is delivered again). Closes both
** connections. */
static int session_run(worker *w) {
  int ret = 0;
  while (!stopping) {
    amqp_envelope_t e;
    struct timeval tv = {1, 0};
    amqp_rpc_reply_t r;
    amqp_maybe_release_buffers(w->in);
    r = amqp_consume_message(w->in, &e, &tv, 0);
    if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && r.library_error == AMQP_STATUS_TIMEOUT) continue;
    if (r.reply_type != AMQP_RESPONSE_NORMAL) {
      ok(r, "receiving");
      ret = -1;
      break;
    }
    if (e.channel == 2) {
      say("the control exchange asks for the lists again");
      load_lists(w);
    } else if (handle(w, &e)) {
      amqp_destroy_envelope(&e);
      ret = -1;
      break;
    }
    amqp_destroy_envelope(&e);
  }
  session_close(w);
  return ret;
}

/* Sleeps s seconds unless asked to stop. */
static void pause_for(unsigned s) {
  while (s-- && !stopping) sleep(1);
}

int worker_main(int argc, char **argv) {
  worker w;
  int ret;
  size_t at = 0, tries = 0;
  unsigned backoff = 1;
  int ran = 0;
  memset(&w, 0, sizeof w);
  if ((ret = parse(argc, argv, &w.o)) >= 0) return ret;
  ret = FE_EXIT_USAGE;
  if (zeef_ctx_new(NULL, &w.ctx)) return ret;
  w.sc.ctx = w.ctx;
  w.sc.threshold = w.o.threshold;
  w.sc.min_score = FE_MIN_SCORE_DEFAULT;
  w.sc.limit = w.o.limit;
  if (load_lists(&w)) goto out;
  if (w.o.rules) {
    char why[FE_RULES_ERR_MAX + 600];
    if (fe_rules_load(w.ctx, w.o.rules, &w.rules, why, sizeof why)) {
      say("--rules %s", why);
      goto out;
    }
    w.sc.rules = w.rules;
  }
  if (w.o.store) {
    char why[700];
    if (fe_store_open(w.ctx, w.o.store, w.o.secret, &w.store, why, sizeof why)) {
      say("%s", why);
      goto out;
    }
  }
  if (!(w.pool = fe_pool_new(w.o.threads - 1, 4 * w.o.threads))) goto out;
  snprintf(w.dead, sizeof w.dead, "%s.dead", w.o.in);
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  signal(SIGPIPE, SIG_IGN);
  /* The brokers in turn: at the start each once (none reached is an
  ** error), after a session has run again and again, a pause between
  ** rounds, until one answers. */
  while (!stopping) {
    const char *url = w.o.urls[at];
    char label[300]; /* the URL without its password */
    fe_label(url, label, sizeof label);
    if (!session_open(&w, url)) {
      say("consuming %s on %s, results to %s, %zu threads", w.o.in, label, w.o.out, w.o.threads);
      ran = 1;
      tries = 0;
      backoff = 1;
      if (!session_run(&w)) break;
      say("the connection to %s failed; batches not acknowledged go back to the queue", label);
    }
    at = (at + 1) % w.o.nurls;
    if (++tries < w.o.nurls) continue;
    if (!ran) goto out; /* no broker at the start: the URLs are wrong */
    tries = 0;
    say("no broker answers; trying again in %u s", backoff);
    pause_for(backoff);
    backoff = backoff * 2 > WK_BACKOFF_MAX_S ? WK_BACKOFF_MAX_S : backoff * 2;
  }
  if (stopping) say("stopping: the batch in hand was finished");
  ret = FE_EXIT_OK;
out:
  fe_pool_free(w.pool);
  zeef_store_close(w.store);
  zeef_rules_free(w.rules);
  free_lists(&w, w.lists, w.scr);
  json_decref(w.sc.screened_with);
  zeef_ctx_free(w.ctx);
  return ret;
}
