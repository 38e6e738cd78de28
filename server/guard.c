/*
** guard.c: the service's defence against slow and greedy clients at the
** connection level. libmicrohttpd's timeout restarts with every byte, so
** a client sending one byte every few seconds would hold a connection for
** ever; the guard holds every request to deadlines that do not restart:
**
**   head   from a connection's start, or the end of its previous request,
**          the whole request head must arrive within --head-timeout
**          seconds (SRV_HEAD_DEADLINE_S by default);
**   body   after SRV_BODY_GRACE_S, a body must have come at no less than
**          SRV_BODY_RATE_MIN bytes a second on average.
**
** A watchdog thread looks at every connection four times a second and ends
** the ones past a deadline with shutdown(): the connection's own thread
** sees its socket closed and libmicrohttpd cleans up. (The per-address
** connection limit, SRV_PER_ADDRESS_MAX, is libmicrohttpd's.) Dropped
** connections are counted (zeef_connections_dropped_total) and logged at
** most once every SRV_LOG_EVERY_S, as is anything libmicrohttpd logs, so a
** flood of bad clients cannot flood the log.
*/
#include "server.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define WATCH_EVERY_US 250000

/* One open connection. */
typedef struct srv_conn {
  struct srv_conn *prev, *next;
  int fd;
  int phase;   /* GUARD_HEAD, GUARD_BODY, GUARD_ANSWER */
  double since; /* when the phase began */
  size_t body;  /* body bytes received in GUARD_BODY */
  int dropped;
} srv_conn;

enum { GUARD_HEAD = 0, GUARD_BODY, GUARD_ANSWER };

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ----------------------------------------------------------- Connections */

void srv_on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                       enum MHD_ConnectionNotificationCode toe) {
  srv *s = cls;
  srv_guard *g = &s->guard;
  srv_conn *x = *socket_context;
  if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (!info || !(x = calloc(1, sizeof *x))) return; /* unguarded: MHD's own timeout still holds */
    x->fd = info->connect_fd;
    x->phase = GUARD_HEAD;
    x->since = now_s();
    pthread_mutex_lock(&g->lock);
    x->next = g->conns;
    if (g->conns) g->conns->prev = x;
    g->conns = x;
    pthread_mutex_unlock(&g->lock);
    *socket_context = x;
    return;
  }
  if (!x) return; /* MHD_CONNECTION_NOTIFY_CLOSED */
  pthread_mutex_lock(&g->lock);
  if (x->prev) x->prev->next = x->next;
  else g->conns = x->next;
  if (x->next) x->next->prev = x->prev;
  pthread_mutex_unlock(&g->lock);
  free(x);
  *socket_context = NULL;
}

static srv_conn *conn_of(struct MHD_Connection *c) {
  const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return info ? info->socket_context : NULL;
}

void srv_guard_phase(srv *s, struct MHD_Connection *c, int body) {
  srv_conn *x = conn_of(c);
  if (!x) return;
  pthread_mutex_lock(&s->guard.lock);
  x->phase = body == 1 ? GUARD_BODY : body == 0 ? GUARD_ANSWER : GUARD_HEAD;
  x->since = now_s();
  x->body = 0;
  pthread_mutex_unlock(&s->guard.lock);
}

void srv_guard_body(srv *s, struct MHD_Connection *c, size_t n) {
  srv_conn *x = conn_of(c);
  if (!x) return;
  pthread_mutex_lock(&s->guard.lock);
  x->body += n;
  pthread_mutex_unlock(&s->guard.lock);
}

/* -------------------------------------------------------------- Watchdog */

/* Logs, at most once every SRV_LOG_EVERY_S, what was dropped and held back. */
static void log_drops(srv_guard *g, double now, int force) {
  unsigned long drops, held;
  if (!force && now - g->logged_at < SRV_LOG_EVERY_S) return;
  drops = g->drops_unlogged;
  held = g->held_lines;
  g->drops_unlogged = g->held_lines = 0;
  g->logged_at = now;
  if (drops)
    fprintf(stderr, "zeef: http: %lu connections dropped in %d s: request head or body too slow\n", drops,
            SRV_LOG_EVERY_S);
  if (held) fprintf(stderr, "zeef: http: %lu further messages of the HTTP library left out\n", held);
}

static void *watchdog(void *arg) {
  srv *s = arg;
  srv_guard *g = &s->guard;
  for (;;) {
    double now;
    pthread_mutex_lock(&g->lock);
    if (g->stopping) {
      pthread_mutex_unlock(&g->lock);
      return NULL;
    }
    now = now_s();
    for (srv_conn *x = g->conns; x; x = x->next) {
      double t = now - x->since;
      int late = (x->phase == GUARD_HEAD && t > g->head_deadline) ||
                 (x->phase == GUARD_BODY && t > SRV_BODY_GRACE_S &&
                  (double)x->body < SRV_BODY_RATE_MIN * t);
      if (!late || x->dropped) continue;
      x->dropped = 1;
      shutdown(x->fd, SHUT_RDWR);
      g->drops_unlogged++;
      atomic_fetch_add(&s->metrics.dropped, 1);
    }
    log_drops(g, now, 0);
    pthread_mutex_unlock(&g->lock);
    usleep(WATCH_EVERY_US);
  }
}

int srv_guard_start(srv *s) {
  srv_guard *g = &s->guard;
  pthread_mutex_init(&g->lock, NULL);
  g->logged_at = now_s();
  if (pthread_create(&g->thread, NULL, watchdog, s) != 0) {
    pthread_mutex_destroy(&g->lock);
    return -1;
  }
  g->running = 1;
  return 0;
}

void srv_guard_stop(srv *s) {
  srv_guard *g = &s->guard;
  if (!g->running) return;
  pthread_mutex_lock(&g->lock);
  g->stopping = 1;
  log_drops(g, now_s(), 1);
  pthread_mutex_unlock(&g->lock);
  pthread_join(g->thread, NULL);
  pthread_mutex_destroy(&g->lock);
  g->running = 0;
}

void srv_guard_log(srv *s, const char *fmt, va_list ap) {
  srv_guard *g = &s->guard;
  char msg[512];
  size_t n;
  int show;
  double now = now_s();
  vsnprintf(msg, sizeof msg, fmt, ap);
  n = strlen(msg);
  while (n && msg[n - 1] == '\n') msg[--n] = 0;
  if (!g->running) { /* before the watchdog (start-up errors): always */
    fprintf(stderr, "zeef: http: %s\n", msg);
    return;
  }
  pthread_mutex_lock(&g->lock);
  /* one line a second at most; the rest are counted */
  show = now - g->line_at >= 1.0;
  if (show) g->line_at = now;
  else g->held_lines++;
  pthread_mutex_unlock(&g->lock);
  if (show) fprintf(stderr, "zeef: http: %s\n", msg);
}
