/*
** serve.c: `zeef serve`, the real-time screening service: its options, the
** HTTP daemon (libmicrohttpd, an event loop per core), signals, and the
** generations of loaded lists that reloads swap.
**
**   zeef serve --list [NAME=]FILE [--list ...] [--listen HOST:PORT]
**              [--keys FILE] [--threads N] [--max-body BYTES]
**              [--max-travellers N] [--timeout SECONDS] [--head-timeout SECONDS]
**              [--threshold T]
**   zeef serve --hash-key KEY|-
**
** Start: the daemon listens first and prints "zeef: serving on HOST:PORT"
** (the port the kernel chose for port 0) on stderr; the lists load next
** and "zeef: ready: ..." follows; /readyz answers 503 until then. A list
** that cannot be loaded at start stops the server (exit 2), since it has
** nothing to serve; at a reload it never does: the lists in service stay.
**
** Signals: SIGHUP, SIGTERM and SIGINT are blocked in every thread (the
** daemon's threads inherit the mask) and taken by the main thread with
** sigwaitinfo(), so no work happens in a signal handler. SIGHUP reloads;
** SIGTERM and SIGINT stop accepting connections, wait up to
** SRV_SHUTDOWN_GRACE_S for requests in flight, stop the daemon, free
** everything and exit 0.
**
** Generations: {lists, screeners, loaded_at, refs}. A request takes a
** reference under gen_lock and gives it back when answered; a reload builds
** the new generation without any lock held but reload_lock, swaps the
** pointer under gen_lock and drops the server's reference to the old one,
** which is freed by the last request still using it.
*/
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* ------------------------------------------------------------- Generations */

srv_gen *srv_gen_acquire(srv *s) {
  srv_gen *g;
  pthread_mutex_lock(&s->gen_lock);
  g = s->gen;
  if (g) g->refs++;
  pthread_mutex_unlock(&s->gen_lock);
  return g;
}

srv_gen *srv_gen_retain(srv *s, srv_gen *g) {
  if (!g) return NULL;
  pthread_mutex_lock(&s->gen_lock);
  g->refs++;
  pthread_mutex_unlock(&s->gen_lock);
  return g;
}

static void gen_free(srv_gen *g) {
  if (!g) return;
  zeef_screener_free(g->scr);
  for (size_t i = 0; i < g->nlists; i++) {
    if (g->ftm[i])
      for (size_t k = 0; k < zeef_list_count(g->lists[i]); k++) free(atomic_load(&g->ftm[i][k]));
    free(g->ftm[i]);
    zeef_list_free(g->lists[i]);
  }
  free(g);
  /* a generation is hundreds of MB in many blocks: give the pages back to
  ** the system, or every reload leaves its old lists resident */
  malloc_trim(0);
}

void srv_gen_release(srv *s, srv_gen *g) {
  size_t left;
  if (!g) return;
  pthread_mutex_lock(&s->gen_lock);
  left = --g->refs;
  pthread_mutex_unlock(&s->gen_lock);
  if (!left) gen_free(g); /* outside the lock: freeing an index takes a while */
}

void srv_time_iso(time_t t, char *buf, size_t cap) {
  struct tm tm;
  gmtime_r(&t, &tm);
  if (!strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm) && cap) buf[0] = 0;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* What the list readers report while a generation loads: warnings counted
** (printed at start only), the fatal one kept for the answer. */
typedef struct load_diag {
  int verbose;
  size_t shown, total;
  char fatal[SRV_DETAIL_MAX];
} load_diag;

static void on_diag(void *ud, const zeef_diag *d) {
  load_diag *ld = ud;
  if (d->fatal) {
    snprintf(ld->fatal, sizeof ld->fatal, "%s%s%.0zu: %s", d->file, d->line ? ":" : "", d->line, d->message);
    return;
  }
  ld->total++;
  if (ld->verbose && ld->shown < FE_DIAG_SHOWN) {
    fe_diag_print(d);
    ld->shown++;
  }
}

/* Loads every list and builds the screeners. Returns 0 with *out (one
** reference held, given back with srv_gen_release()), or the HTTP status
** of the failure (422 a list cannot be loaded, 500 out of memory) with *err
** an error object naming the file, owned by the caller. */
static int gen_build(srv *s, int verbose, srv_gen **out, json_t **err) {
  srv_gen *g = calloc(1, sizeof *g);
  load_diag ld;
  size_t failed = 0;
  zeef_status rc;
  double t0 = now_s();
  *out = NULL;
  *err = NULL;
  memset(&ld, 0, sizeof ld);
  ld.verbose = verbose;
  if (!g) {
    *err = srv_error("out_of_memory", "the lists cannot be loaded: out of memory");
    return 500;
  }
  g->nlists = s->nlists;
  rc = fe_lists_load(s->ctx, s->list_args, s->nlists, on_diag, &ld, g->lists, &failed);
  if (rc) {
    const char *path = fe_list_path(s->list_args[failed]);
    g->nlists = 0;
    gen_free(g);
    *err = srv_error(rc == ZEEF_E_NOMEM ? "out_of_memory" : "list_unreadable",
                     "list %s cannot be loaded: %s%s%s%s", s->list_args[failed], zeef_strerror(rc),
                     ld.fatal[0] ? " (" : "", ld.fatal, ld.fatal[0] ? ")" : "");
    json_object_set_new(*err, "file", json_string(path));
    return rc == ZEEF_E_NOMEM ? 500 : 422;
  }
  if (verbose && ld.total > ld.shown)
    fprintf(stderr, "zeef: %zu further list warnings not shown\n", ld.total - ld.shown);
  /* list names pick a dataset in /match/{name}: they must be unique */
  for (size_t i = 0; i < g->nlists; i++) {
    const char *name = zeef_list_name(g->lists[i]);
    int clash = strcmp(name, "default") == 0;
    for (size_t k = 0; k < i && !clash; k++) clash = strcmp(name, zeef_list_name(g->lists[k])) == 0;
    if (clash) {
      *err = srv_error("list_name_taken",
                       "list %s: the name \"%s\" is %s; give each list its own with --list NAME=FILE",
                       s->list_args[i], name, strcmp(name, "default") == 0 ? "reserved" : "used twice");
      json_object_set_new(*err, "file", json_string(fe_list_path(s->list_args[i])));
      gen_free(g);
      return 422;
    }
  }
  if (zeef_screener_new(s->ctx, (const zeef_list *const *)g->lists, g->nlists, NULL, NULL, &g->scr))
    goto nomem;
  for (size_t i = 0; i < g->nlists; i++)
    if (!(g->ftm[i] = calloc(zeef_list_count(g->lists[i]) + 1, sizeof *g->ftm[i]))) goto nomem;
  g->loaded_at = time(NULL);
  g->load_seconds = now_s() - t0;
  g->refs = 1;
  *out = g;
  return 0;
nomem:
  gen_free(g);
  *err = srv_error("out_of_memory", "the screening index cannot be built: out of memory");
  return 500;
}

json_t *srv_gen_json(const srv *s, const srv_gen *g) {
  json_t *lists = json_array();
  char when[32];
  srv_time_iso(g->loaded_at, when, sizeof when);
  for (size_t i = 0; i < g->nlists; i++) {
    const zeef_list *l = g->lists[i];
    json_t *notes = json_array();
    for (size_t k = 0; k < zeef_list_note_count(l); k++)
      json_array_append_new(notes, json_string(zeef_list_note(l, k)));
    json_array_append_new(
        lists, json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:o}", "name", zeef_list_name(l), "version",
                         zeef_list_version(l), "format", zeef_list_format_name(zeef_list_get_format(l)),
                         "entities", (json_int_t)zeef_list_count(l), "file", fe_list_path(s->list_args[i]),
                         "loaded_at", when, "warnings", notes));
  }
  return json_pack("{s:I, s:s, s:f, s:I, s:I, s:o}", "generation", (json_int_t)g->serial, "loaded_at", when,
                   "load_seconds", g->load_seconds, "index_names", (json_int_t)zeef_screener_names(g->scr),
                   "index_bytes", (json_int_t)zeef_screener_bytes(g->scr), "lists", lists);
}

/* With a store: each list whose content changed, screened again against
** the stored travellers (zeef_store_rescreen); what it did, a JSON array,
** or NULL without a store or a change. */
static json_t *rescreen(srv *s, const srv_gen *old, const srv_gen *g) {
  static const zeef_actor system = {"system:reload", "system", "rescreen"};
  json_t *done = NULL;
  if (!s->store || !old) return NULL;
  for (size_t i = 0; i < g->nlists; i++) {
    const zeef_list *n = g->lists[i], *o = NULL;
    zeef_rescreen_counts c;
    zeef_status rc;
    for (size_t k = 0; k < old->nlists && !o; k++)
      if (strcmp(zeef_list_name(old->lists[k]), zeef_list_name(n)) == 0) o = old->lists[k];
    if (!o || strcmp(zeef_list_digest(o), zeef_list_digest(n)) == 0) continue;
    pthread_mutex_lock(&s->store_lock);
    rc = zeef_store_rescreen(s->store, &system, s->ctx, o, n, s->threshold, &c);
    if (rc) fprintf(stderr, "zeef: rescreen of list %s failed: %s\n", zeef_list_name(n), zeef_store_error(s->store));
    pthread_mutex_unlock(&s->store_lock);
    if (!done) done = json_array();
    if (rc) {
      json_array_append_new(done, json_pack("{s:s, s:s}", "list", zeef_list_name(n), "error", zeef_strerror(rc)));
      continue;
    }
    fprintf(stderr,
            "zeef: list %s %s -> %s: %lld added, %lld changed, %lld removed; %lld travellers screened again, %lld "
            "alerts, %lld cases opened, %lld matches withdrawn\n",
            zeef_list_name(n), zeef_list_version(o), zeef_list_version(n), (long long)c.added, (long long)c.changed,
            (long long)c.removed, (long long)c.candidates, (long long)c.alerts, (long long)c.cases,
            (long long)c.withdrawn);
    json_array_append_new(done, json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "list",
                                          zeef_list_name(n), "from", zeef_list_version(o), "to", zeef_list_version(n),
                                          "added", (json_int_t)c.added, "changed", (json_int_t)c.changed, "removed",
                                          (json_int_t)c.removed, "candidates", (json_int_t)c.candidates, "alerts",
                                          (json_int_t)c.alerts, "cases", (json_int_t)c.cases, "withdrawn",
                                          (json_int_t)c.withdrawn));
  }
  return done;
}

int srv_reload(srv *s, const char *why, json_t **out) {
  srv_gen *g = NULL, *old;
  json_t *err = NULL, *rescreened;
  int status;
  pthread_mutex_lock(&s->reload_lock);
  status = gen_build(s, 0, &g, &err);
  if (status) {
    unsigned long serving;
    pthread_mutex_lock(&s->gen_lock);
    serving = s->gen ? s->gen->serial : 0;
    pthread_mutex_unlock(&s->gen_lock);
    atomic_fetch_add(&s->metrics.reloads_failed, 1);
    fprintf(stderr, "zeef: reload (%s) failed: %s; still serving generation %lu\n", why,
            json_string_value(json_object_get(err, "detail")), serving);
    {
      /* the detail says the old lists stay */
      char detail[SRV_DETAIL_MAX + 64];
      snprintf(detail, sizeof detail, "%s; the lists loaded before (generation %lu) are still served",
               json_string_value(json_object_get(err, "detail")), serving);
      json_object_set_new(err, "detail", json_string(detail));
      json_object_set_new(err, "generation", json_integer((json_int_t)serving));
    }
    pthread_mutex_unlock(&s->reload_lock);
    *out = err;
    return status;
  }
  g->serial = ++s->serial;
  pthread_mutex_lock(&s->gen_lock);
  old = s->gen;
  s->gen = g;
  pthread_mutex_unlock(&s->gen_lock);
  rescreened = rescreen(s, old, g);
  srv_gen_release(s, old);
  atomic_fetch_add(&s->metrics.reloads_ok, 1);
  fprintf(stderr, "zeef: reload (%s): generation %lu, %zu names indexed in %.2f s\n", why, g->serial,
          zeef_screener_names(g->scr), g->load_seconds);
  *out = srv_gen_json(s, g); /* g is still referenced by s->gen: reload_lock keeps it */
  json_object_set_new(*out, "status", json_string("reloaded"));
  if (rescreened) {
    /* what the last change of a list was, for the lists' page */
    char when[32];
    srv_time_iso(time(NULL), when, sizeof when);
    json_object_set_new(*out, "rescreen", rescreened);
    pthread_mutex_lock(&s->bg_lock);
    json_decref(s->last_change);
    s->last_change = json_pack("{s:s, s:s, s:O}", "at", when, "why", why, "lists", rescreened);
    pthread_mutex_unlock(&s->bg_lock);
  }
  pthread_mutex_unlock(&s->reload_lock);
  return 200;
}

/* ------------------------------------------------------- Background reload */

static void *reload_thread(void *arg) {
  srv *s = arg;
  json_t *out = NULL, *last;
  char when[32];
  int st = srv_reload(s, "POST /admin/reload", &out);
  srv_time_iso(time(NULL), when, sizeof when);
  last = json_pack("{s:i, s:s, s:o}", "status", st, "at", when, "answer", out ? out : json_null());
  pthread_mutex_lock(&s->bg_lock);
  json_decref(s->bg_last);
  s->bg_last = last;
  s->bg_running = 0;
  pthread_mutex_unlock(&s->bg_lock);
  return NULL;
}

int srv_reload_background(srv *s) {
  int started = 0;
  pthread_mutex_lock(&s->bg_lock);
  if (!s->bg_running) {
    /* the thread of the reload before has ended (bg_running is cleared as
    ** its last act): join it before making the next */
    if (s->bg_thread) pthread_join(s->bg_thread, NULL);
    s->bg_thread = 0;
    if (pthread_create(&s->bg_thread, NULL, reload_thread, s) == 0) {
      s->bg_running = 1;
      started = 1;
    } else {
      s->bg_thread = 0;
      started = -1;
    }
  }
  pthread_mutex_unlock(&s->bg_lock);
  return started;
}

json_t *srv_reload_state(srv *s) {
  json_t *o;
  pthread_mutex_lock(&s->bg_lock);
  o = json_pack("{s:s, s:O}", "state", s->bg_running ? "loading" : "idle", "last",
                s->bg_last ? s->bg_last : json_null());
  pthread_mutex_unlock(&s->bg_lock);
  return o;
}

void srv_reload_join(srv *s) {
  pthread_t t;
  pthread_mutex_lock(&s->bg_lock);
  t = s->bg_thread;
  s->bg_thread = 0;
  pthread_mutex_unlock(&s->bg_lock);
  if (t) pthread_join(t, NULL);
  json_decref(s->bg_last);
  s->bg_last = NULL;
}

/* -------------------------------------------------------------- Retention */

/* Retention over the store at start, then once a day, until the server
** stops (checked each second). */
static void *retain_loop(void *arg) {
  srv *s = arg;
  for (;;) {
    zeef_retention_counts n;
    zeef_status rc;
    pthread_mutex_lock(&s->store_lock);
    rc = zeef_store_retain(s->store, s->retention_days, s->purge_days, &n);
    if (rc) fprintf(stderr, "zeef: retention failed: %s\n", zeef_store_error(s->store));
    pthread_mutex_unlock(&s->store_lock);
    if (!rc && n.batches)
      fprintf(stderr, "zeef: retention: %lld travellers masked, %lld deleted, in %lld batches\n", (long long)n.masked,
              (long long)n.purged, (long long)n.batches);
    for (int i = 0; i < 86400; i++) {
      if (atomic_load(&s->stopping)) return NULL;
      sleep(1);
    }
  }
}

/* --------------------------------------------------------------- Options */

typedef struct listen_addr {
  struct sockaddr_storage ss;
  int v6;
  int loopback;
  char host[INET6_ADDRSTRLEN];
} listen_addr;

/* Parses HOST:PORT, [V6]:PORT or localhost:PORT; -1 when malformed. */
static int parse_listen(const char *arg, listen_addr *a) {
  const char *colon, *host = arg;
  size_t hn;
  char hbuf[INET6_ADDRSTRLEN];
  size_t port;
  memset(a, 0, sizeof *a);
  if (arg[0] == '[') {
    const char *close = strchr(arg, ']');
    if (!close || close[1] != ':') return -1;
    host = arg + 1;
    hn = (size_t)(close - host);
    colon = close + 1;
    a->v6 = 1;
  } else {
    colon = strrchr(arg, ':');
    if (!colon) return -1;
    hn = (size_t)(colon - arg);
  }
  if (hn == 0 || hn >= sizeof hbuf) return -1;
  memcpy(hbuf, host, hn);
  hbuf[hn] = 0;
  if (fe_parse_size(colon + 1, 0, 65535, &port)) return -1;
  if (!a->v6 && strcmp(hbuf, "localhost") == 0) snprintf(hbuf, sizeof hbuf, "127.0.0.1");
  if (a->v6) {
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&a->ss;
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons((uint16_t)port);
    if (inet_pton(AF_INET6, hbuf, &s6->sin6_addr) != 1) return -1;
    a->loopback = IN6_IS_ADDR_LOOPBACK(&s6->sin6_addr) ||
                  (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr) && s6->sin6_addr.s6_addr[12] == 127);
  } else {
    struct sockaddr_in *s4 = (struct sockaddr_in *)&a->ss;
    s4->sin_family = AF_INET;
    s4->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, hbuf, &s4->sin_addr) != 1) return -1;
    a->loopback = (ntohl(s4->sin_addr.s_addr) >> 24) == 127;
  }
  snprintf(a->host, sizeof a->host, "%s", hbuf);
  return 0;
}

static int hash_key(const char *key) {
  char line[SRV_KEY_MAX + 2], hex[2 * SRV_SHA256_LEN + 1];
  unsigned char d[SRV_SHA256_LEN];
  size_t n;
  if (strcmp(key, "-") == 0) { /* from stdin: keeps the key out of ps and shell history */
    if (!fgets(line, sizeof line, stdin)) {
      fe_error("--hash-key", "no key on standard input");
      return FE_EXIT_USAGE;
    }
    key = line;
  }
  n = strlen(key);
  while (n && (key[n - 1] == '\n' || key[n - 1] == '\r' || key[n - 1] == ' ' || key[n - 1] == '\t')) n--;
  if (n < SRV_KEY_MIN || n > SRV_KEY_MAX) {
    char why[96];
    snprintf(why, sizeof why, "a key is %d to %d bytes (openssl rand -hex 32 makes a good one)", SRV_KEY_MIN,
             SRV_KEY_MAX);
    fe_error("--hash-key", why);
    return FE_EXIT_USAGE;
  }
  if (srv_sha256(key, n, d)) {
    fe_error("--hash-key", "SHA-256 failed");
    return FE_EXIT_USAGE;
  }
  srv_hex(d, sizeof d, hex);
  printf("%s\n", hex);
  return FE_EXIT_OK;
}

static void usage(FILE *f) {
  fputs("usage: zeef serve --list [NAME=]FILE [--list ...] [--listen HOST:PORT]\n"
        "                  [--keys FILE] [--threads N] [--max-body BYTES[k|M]]\n"
        "                  [--max-travellers N] [--timeout SECONDS] [--head-timeout SECONDS]\n"
        "                  [--threshold T] [--store PATH [--secret FILE]] [--purposes LIST]\n"
        "                  [--rules FILE]\n"
        "                  [--retention-days N] [--purge-days N]\n"
        "       zeef serve --hash-key KEY|-      print the SHA-256 of a key for --keys\n"
        "defaults: --listen " SRV_LISTEN_DEFAULT " (port 0: any free port), --threads = cores (HTTP loops\n"
        "          and screening threads each),\n"
        "          --max-body 1M, --max-travellers 10000, --timeout 30 (idle), --head-timeout 10\n"
        "          (a request head from its first byte to its last), --threshold 0.80\n"
        "          --purposes " SRV_PURPOSES_DEFAULT "\n"
        "          (what a read of the cases may be for: X-Purpose header or ?purpose=)\n"
        "          --retention-days 183 (then travellers are masked), --purge-days 1826; retention\n"
        "          runs at start and daily\n"
        "--rules FILE: pre-determined criteria (docs/rules.md) for the bookings POST /screen reads\n"
        "(PNRGOV): a traveller who meets one is an alert of kind rule\n"
        "--store PATH: every POST /screen kept in the case store, and the review's API: GET /cases,\n"
        "GET|POST /cases/{id}, GET /store, GET /audit, GET /audit/verify (docs/api.md), and the\n"
        "review UI at /ui/ for a browser, signed in with a key (docs/ui.md); PATH an SQLite file,\n"
        "or postgresql://user@host/db: a store several servers share\n"
        "keys file lines: SHA256HEX ROLE[,ROLE] [USER]; roles screen, admin, monitor, analyst,\n"
        "supervisor, auditor\n"
        "without --keys the service is open and only a loopback address is allowed\n"
        "endpoints: POST /match/{dataset} (yente's), GET /catalog, /algorithms, /entities/{id},\n"
        "POST /screen (JSON, CSV, MRZ, PAXLST), GET /lists, /healthz, /readyz, /metrics,\n"
        "POST /admin/reload (or SIGHUP); docs/yente.md\n"
        "example: zeef serve --list UN=data/lists/un-consolidated.xml --keys keys.txt\n",
        f);
}

/* MHD's messages, prefixed; the format comes from libmicrohttpd itself. */
static void mhd_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void mhd_log(void *cls, const char *fmt, va_list ap) { srv_guard_log(cls, fmt, ap); }

/* ------------------------------------------------------------------ Main */

/* Stops accepting, waits for requests in flight (bounded), stops. */
static void shutdown_daemon(srv *s, struct MHD_Daemon *d) {
  MHD_socket lfd = MHD_quiesce_daemon(d);
  double t0 = now_s();
  long left;
  if (lfd != MHD_INVALID_SOCKET) close(lfd);
  while ((left = atomic_load(&s->inflight)) > 0 && now_s() - t0 < SRV_SHUTDOWN_GRACE_S) usleep(10 * 1000);
  if (left > 0)
    fprintf(stderr, "zeef: %ld requests still in flight after %d s: closing them\n", left,
            SRV_SHUTDOWN_GRACE_S);
  /* the daemon must not stop with a connection suspended: answers being
  ** written end now, jobs still running finish (a reload takes seconds) */
  atomic_store(&s->stopping, 1);
  while (atomic_load(&s->suspended) > 0) usleep(10 * 1000);
  MHD_stop_daemon(d);
  /* answers still being written end with their connections (no one reads
  ** their ring); their writers hold a generation and the pool */
  while (atomic_load(&s->producers) > 0) usleep(10 * 1000);
}

static void serve_loop(srv *s, const sigset_t *set) {
  for (;;) {
    siginfo_t info;
    int sig = sigwaitinfo(set, &info);
    if (sig < 0) {
      if (errno == EINTR) continue;
      fprintf(stderr, "zeef: sigwaitinfo: %s\n", strerror(errno));
      return;
    }
    if (sig == SIGHUP) {
      json_t *j = NULL;
      srv_reload(s, "SIGHUP", &j);
      json_decref(j);
      continue;
    }
    fprintf(stderr, "zeef: %s: stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    return;
  }
}

/* The options of zeef serve, as given or their defaults. */
typedef struct opts {
  const char *listen, *keys, *hash_key, *store, *purposes, *secret, *rules;
  const char *lists[FE_MAX_LISTS];
  size_t nlists, threads, timeout, head_timeout, travellers, body_max, retention_days, purge_days;
  double threshold;
} opts;

/* Reads the options into o. Returns -1 to go on, or the exit status
** (after printing usage or the reason). */
static int parse_options(int argc, char **argv, opts *o) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  memset(o, 0, sizeof *o);
  o->listen = SRV_LISTEN_DEFAULT;
  o->threads = cores < 1 ? 1 : cores > SRV_THREADS_MAX ? SRV_THREADS_MAX : (size_t)cores;
  o->timeout = SRV_TIMEOUT_DEFAULT;
  o->head_timeout = SRV_HEAD_DEADLINE_S;
  o->travellers = SRV_TRAVELLERS_MAX_DEFAULT;
  o->body_max = SRV_BODY_MAX_DEFAULT;
  o->threshold = ZEEF_ALERT_THRESHOLD;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout);
      return FE_EXIT_OK;
    }
    if (!v) goto bad;
    i++;
    if (strcmp(a, "--hash-key") == 0) {
      o->hash_key = v;
      return -1;
    } else if (strcmp(a, "--list") == 0) {
      if (o->nlists == FE_MAX_LISTS) {
        fe_error("--list", "too many lists");
        return FE_EXIT_USAGE;
      }
      o->lists[o->nlists++] = v;
    } else if (strcmp(a, "--listen") == 0) {
      o->listen = v;
    } else if (strcmp(a, "--keys") == 0) {
      o->keys = v;
    } else if (strcmp(a, "--store") == 0) {
      o->store = v;
    } else if (strcmp(a, "--secret") == 0) {
      o->secret = v;
    } else if (strcmp(a, "--rules") == 0) {
      o->rules = v;
    } else if (strcmp(a, "--retention-days") == 0) {
      if (fe_parse_size(v, 1, 36500, &o->retention_days)) goto bad;
    } else if (strcmp(a, "--purge-days") == 0) {
      if (fe_parse_size(v, 1, 36500, &o->purge_days)) goto bad;
    } else if (strcmp(a, "--purposes") == 0) {
      if (!*v || strlen(v) + 3 > SRV_PURPOSES_MAX || strpbrk(v, " \t\"\\")) goto bad;
      o->purposes = v;
    } else if (strcmp(a, "--threads") == 0) {
      if (fe_parse_size(v, 1, SRV_THREADS_MAX, &o->threads)) goto bad;
    } else if (strcmp(a, "--timeout") == 0) {
      if (fe_parse_size(v, 1, 3600, &o->timeout)) goto bad;
    } else if (strcmp(a, "--head-timeout") == 0) {
      if (fe_parse_size(v, 1, 3600, &o->head_timeout)) goto bad;
    } else if (strcmp(a, "--max-travellers") == 0) {
      if (fe_parse_size(v, 1, 1000000, &o->travellers)) goto bad;
    } else if (strcmp(a, "--max-body") == 0) {
      if (fe_parse_bytes(v, 1, SRV_BODY_MAX_CEILING, &o->body_max)) goto bad;
    } else if (strcmp(a, "--threshold") == 0) {
      if (fe_parse_double(v, 0, 1, &o->threshold)) goto bad;
    } else {
      goto bad;
    }
  }
  if (o->nlists) return -1;
bad:
  usage(stderr);
  return FE_EXIT_USAGE;
}

/* Starts the daemon on la; prints where it serves. NULL when it cannot. */
static struct MHD_Daemon *start_daemon(srv *s, const opts *o, const listen_addr *la) {
  /* One event loop (epoll) per core, each over many connections: a small
  ** request is answered on the loop that read it, without a thread switch;
  ** longer work is handed off with the connection suspended (routes.c
  ** defer()), so no request holds up a loop for long, /healthz included. */
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
                   MHD_USE_ERROR_LOG | (la->v6 ? MHD_USE_IPv6 : 0);
  /* the logger first, so that MHD reports option errors through it */
  struct MHD_Daemon *d = MHD_start_daemon(
      flags, 0, NULL, NULL, srv_on_request, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s, MHD_OPTION_SOCK_ADDR,
      (const struct sockaddr *)&la->ss, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o->threads,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->timeout, MHD_OPTION_CONNECTION_LIMIT,
      (unsigned)SRV_CONNECTIONS_MAX, MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)SRV_PER_ADDRESS_MAX,
      MHD_OPTION_NOTIFY_COMPLETED, srv_on_completed, s, MHD_OPTION_NOTIFY_CONNECTION, srv_on_connection, s,
      MHD_OPTION_END);
  if (!d) {
    fprintf(stderr, "zeef: cannot listen on %s: %s\n", o->listen, strerror(errno ? errno : EADDRINUSE));
    return NULL;
  }
  {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : 0;
    fprintf(stderr, la->v6 ? "zeef: serving on [%s]:%u\n" : "zeef: serving on %s:%u\n", la->host, port);
    fflush(stderr);
  }
  return d;
}

/* Loads the first generation and publishes it. 0, or -1 after saying why. */
static int first_load(srv *s, const opts *o) {
  srv_gen *g;
  json_t *e;
  size_t entities = 0;
  if (gen_build(s, 1, &g, &e)) {
    fprintf(stderr, "zeef: %s\n", json_string_value(json_object_get(e, "detail")));
    json_decref(e);
    return -1;
  }
  g->serial = s->serial = 1;
  /* reported before it is published: from then on a reload may free it */
  for (size_t i = 0; i < g->nlists; i++) {
    entities += zeef_list_count(g->lists[i]);
    fprintf(stderr, "zeef: list %s version %s: %zu entities\n", zeef_list_name(g->lists[i]),
            zeef_list_version(g->lists[i]), zeef_list_count(g->lists[i]));
    for (size_t k = 0; k < zeef_list_note_count(g->lists[i]); k++)
      fprintf(stderr, "zeef: list %s: %s\n", zeef_list_name(g->lists[i]), zeef_list_note(g->lists[i], k));
  }
  fprintf(stderr, "zeef: ready: %zu lists, %zu entities, %zu names indexed in %.2f s; %zu threads%s\n",
          g->nlists, entities, zeef_screener_names(g->scr), g->load_seconds, o->threads,
          s->keys ? ", API keys required" : ", open (loopback only)");
  fflush(stderr);
  pthread_mutex_lock(&s->gen_lock);
  s->gen = g;
  pthread_mutex_unlock(&s->gen_lock);
  return 0;
}

int srv_main(int argc, char **argv) {
  opts o;
  listen_addr la;
  srv *s = NULL;
  struct MHD_Daemon *d = NULL;
  sigset_t set;
  int ret = parse_options(argc, argv, &o);
  char err[SRV_DETAIL_MAX];
  if (ret >= 0) return ret;
  if (o.hash_key) return hash_key(o.hash_key);
  ret = FE_EXIT_USAGE;
  if (parse_listen(o.listen, &la)) {
    fprintf(stderr,
            "zeef: --listen %s: want HOST:PORT, [IPV6]:PORT or localhost:PORT with a numeric address\n",
            o.listen);
    return ret;
  }
  if (!(s = calloc(1, sizeof *s))) return ret;
  if (o.keys && srv_keys_load(o.keys, &s->keys, err, sizeof err)) {
    fprintf(stderr, "zeef: --keys %s\n", err);
    goto out;
  }
  if (!s->keys && !la.loopback) {
    fprintf(stderr,
            "zeef: --listen %s is not a loopback address: without --keys FILE the service "
            "is open to anyone, so it listens only on 127.0.0.1 or ::1; give API keys "
            "(zeef serve --hash-key) to serve beyond this machine\n",
            o.listen);
    goto out;
  }
  snprintf(s->purposes, sizeof s->purposes, ",%s,", o.purposes ? o.purposes : SRV_PURPOSES_DEFAULT);
  pthread_mutex_init(&s->store_lock, NULL);
  memcpy(s->list_args, o.lists, sizeof o.lists);
  s->nlists = o.nlists;
  s->threshold = o.threshold;
  s->body_max = o.body_max;
  s->travellers_max = o.travellers;
  pthread_mutex_init(&s->gen_lock, NULL);
  pthread_mutex_init(&s->reload_lock, NULL);
  pthread_mutex_init(&s->bg_lock, NULL);
  pthread_mutex_init(&s->scratch_lock, NULL);
  if (zeef_ctx_new(NULL, &s->ctx)) {
    fe_error("context", "cannot be created");
    goto out_locks;
  }
  srv_country_init(s);
  if (o.rules) {
    char why[FE_RULES_ERR_MAX + 600];
    if (fe_rules_load(s->ctx, o.rules, &s->rules, why, sizeof why)) {
      fprintf(stderr, "zeef: --rules %s\n", why);
      goto out_ctx;
    }
  }
  if (o.store) {
    char why[600];
    if (fe_store_open(s->ctx, o.store, o.secret, &s->store, why, sizeof why)) {
      fprintf(stderr, "zeef: %s\n", why);
      goto out_ctx;
    }
    s->store_path = o.store;
    s->secret_path = o.secret;
    s->retention_days = (int)o.retention_days;
    s->purge_days = (int)o.purge_days;
    if (!(s->sessions = srv_sessions_new())) {
      fe_error("sessions", "cannot start: out of memory");
      goto out_ctx;
    }
  }
  /* every thread made from here on (the daemon's, the pool's, the guard's)
  ** inherits this mask: signals come to sigwaitinfo, never to a worker */
  sigemptyset(&set);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);
  s->queue_max = o.threads * SRV_QUEUE_PER_THREAD;
  if (!(s->pool = fe_pool_new(o.threads, s->queue_max))) {
    fe_error("screening", "cannot start: out of memory");
    goto out_ctx;
  }
  s->guard.head_deadline = (double)o.head_timeout;
  if (srv_guard_start(s)) {
    fe_error("guard", "cannot start");
    goto out_ctx;
  }
  if (!(d = start_daemon(s, &o, &la))) goto out_ctx;
  if (first_load(s, &o)) {
    MHD_stop_daemon(d);
    goto out_ctx;
  }
  if (s->store && pthread_create(&s->retain_thread, NULL, retain_loop, s) == 0) s->retain_running = 1;
  serve_loop(s, &set);
  shutdown_daemon(s, d);
  if (s->retain_running) pthread_join(s->retain_thread, NULL);
  srv_reload_join(s);
  srv_gen_release(s, s->gen); /* the server's own reference: nothing else holds one now */
  s->gen = NULL;
  fprintf(stderr, "zeef: stopped\n");
  ret = FE_EXIT_OK;
out_ctx:
  zeef_store_close(s->store);
  srv_sessions_free(s->sessions);
  zeef_rules_free(s->rules);
  json_decref(s->last_change);
  srv_guard_stop(s);
  fe_pool_free(s->pool);
  srv_match_release(s);
  zeef_ctx_free(s->ctx);
out_locks:
  pthread_mutex_destroy(&s->gen_lock);
  pthread_mutex_destroy(&s->reload_lock);
  pthread_mutex_destroy(&s->bg_lock);
  pthread_mutex_destroy(&s->scratch_lock);
  pthread_mutex_destroy(&s->store_lock);
out:
  srv_keys_free(s->keys);
  free(s);
  return ret;
}
