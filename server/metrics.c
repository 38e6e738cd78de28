/*
** metrics.c: the server's counters and their Prometheus text exposition
** (format 0.0.4, https://prometheus.io/docs/instrumenting/exposition_formats/):
**
**   zeef_requests_total{endpoint,code}          counter
**   zeef_request_duration_seconds{endpoint}     histogram, 0.5 ms .. 1 s
**   zeef_requests_in_flight                     gauge
**   zeef_screened_total, zeef_alerts_total      counters (travellers and queries)
**   zeef_reloads_total{result="ok"|"error"}     counter
**   zeef_list_entities{list,version}            gauge, current generation
**   zeef_index_names, zeef_index_bytes          gauges, current generation
**   zeef_generation, zeef_generation_loaded_timestamp_seconds
**
** Every counter is a C11 atomic updated with relaxed order: a scrape may see
** one request counted in requests_total and not yet in the histogram, which
** Prometheus tolerates. Histogram buckets are kept per bucket and summed
** into cumulative counts when rendered.
*/
#include "server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define METRICS_MAX (1u << 20) /* the page is a few kB; a bound all the same */

static const char *const endpoint_names[SRV_EP_COUNT] = {"match",   "screen", "lists",   "healthz",  "readyz",
                                                         "metrics", "reload", "catalog", "entities", "cases",
                                                         "audit",   "ui",     "other"};

const char *srv_endpoint_name(srv_endpoint ep) {
  return ep < SRV_EP_COUNT ? endpoint_names[ep] : "other";
}

#define CODE_VALUE(c) c,
static const int codes[SRV_NCODES - 1] = {SRV_CODES(CODE_VALUE)};
static const double bounds[SRV_NBUCKETS - 1] = SRV_BUCKETS;

static size_t code_slot(int code) {
  for (size_t i = 0; i < SRV_NCODES - 1; i++)
    if (codes[i] == code) return i;
  return SRV_NCODES - 1;
}

void srv_metrics_request(srv_metrics *m, srv_endpoint ep, int code, double seconds) {
  size_t b = 0;
  if (ep >= SRV_EP_COUNT) ep = SRV_EP_OTHER;
  while (b < SRV_NBUCKETS - 1 && seconds > bounds[b]) b++;
  atomic_fetch_add_explicit(&m->requests[ep][code_slot(code)], 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&m->buckets[ep][b], 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&m->duration_ns[ep], (unsigned long long)(seconds * 1e9),
                            memory_order_relaxed);
}

static unsigned long long get(atomic_ullong *a) {
  return atomic_load_explicit(a, memory_order_relaxed);
}

/* A label value with \, " and newline escaped, as the format asks. */
static void label(fe_buf *b, const char *s) {
  for (; *s; s++) {
    if (*s == '\\') fe_buf_add(b, "\\\\", 2);
    else if (*s == '"') fe_buf_add(b, "\\\"", 2);
    else if (*s == '\n') fe_buf_add(b, "\\n", 2);
    else fe_buf_add(b, s, 1);
  }
}

static void requests(fe_buf *b, srv_metrics *m) {
  fe_buf_printf(b, "# HELP zeef_requests_total HTTP requests answered, by endpoint and status code.\n"
                    "# TYPE zeef_requests_total counter\n");
  for (size_t e = 0; e < SRV_EP_COUNT; e++)
    for (size_t c = 0; c < SRV_NCODES; c++) {
      unsigned long long v = get(&m->requests[e][c]);
      if (!v) continue;
      if (c < SRV_NCODES - 1)
        fe_buf_printf(b, "zeef_requests_total{endpoint=\"%s\",code=\"%d\"} %llu\n", endpoint_names[e],
                       codes[c], v);
      else
        fe_buf_printf(b, "zeef_requests_total{endpoint=\"%s\",code=\"other\"} %llu\n", endpoint_names[e], v);
    }
}

static void durations(fe_buf *b, srv_metrics *m) {
  fe_buf_printf(b, "# HELP zeef_request_duration_seconds Time from a request's headers to its answer made.\n"
                    "# TYPE zeef_request_duration_seconds histogram\n");
  for (size_t e = 0; e < SRV_EP_COUNT; e++) {
    unsigned long long n[SRV_NBUCKETS], total = 0;
    for (size_t i = 0; i < SRV_NBUCKETS; i++) total += n[i] = get(&m->buckets[e][i]);
    if (!total) continue;
    {
      unsigned long long cum = 0;
      for (size_t i = 0; i < SRV_NBUCKETS - 1; i++) {
        cum += n[i];
        fe_buf_printf(b, "zeef_request_duration_seconds_bucket{endpoint=\"%s\",le=\"%g\"} %llu\n",
                       endpoint_names[e], bounds[i], cum);
      }
    }
    fe_buf_printf(b,
                   "zeef_request_duration_seconds_bucket{endpoint=\"%s\",le=\"+Inf\"} %llu\n"
                   "zeef_request_duration_seconds_sum{endpoint=\"%s\"} %.6f\n"
                   "zeef_request_duration_seconds_count{endpoint=\"%s\"} %llu\n",
                   endpoint_names[e], total, endpoint_names[e], (double)get(&m->duration_ns[e]) / 1e9,
                   endpoint_names[e], total);
  }
}

static void lists(fe_buf *b, const srv_gen *g) {
  fe_buf_printf(b, "# HELP zeef_list_entities Entities of each list served.\n"
                    "# TYPE zeef_list_entities gauge\n");
  for (size_t i = 0; g && i < g->nlists; i++) {
    fe_buf_printf(b, "zeef_list_entities{list=\"");
    label(b, zeef_list_name(g->lists[i]));
    fe_buf_printf(b, "\",version=\"");
    label(b, zeef_list_version(g->lists[i]));
    fe_buf_printf(b, "\"} %zu\n", zeef_list_count(g->lists[i]));
  }
  fe_buf_printf(b,
                 "# HELP zeef_index_names Names in the screening index served.\n"
                 "# TYPE zeef_index_names gauge\n"
                 "zeef_index_names %zu\n"
                 "# HELP zeef_index_bytes Memory held by the screening index served.\n"
                 "# TYPE zeef_index_bytes gauge\n"
                 "zeef_index_bytes %zu\n"
                 "# HELP zeef_generation Serial of the lists served: 1 at start, +1 per reload.\n"
                 "# TYPE zeef_generation gauge\n"
                 "zeef_generation %lu\n"
                 "# HELP zeef_generation_loaded_timestamp_seconds When the lists served were loaded.\n"
                 "# TYPE zeef_generation_loaded_timestamp_seconds gauge\n"
                 "zeef_generation_loaded_timestamp_seconds %lld\n",
                 g ? zeef_screener_names(g->scr) : 0, g ? zeef_screener_bytes(g->scr) : 0,
                 g ? g->serial : 0, g ? (long long)g->loaded_at : 0LL);
}

char *srv_metrics_render(srv *s, size_t *len) {
  srv_metrics *m = &s->metrics;
  srv_gen *g = srv_gen_acquire(s);
  fe_buf b;
  fe_buf_init(&b, METRICS_MAX);
  requests(&b, m);
  durations(&b, m);
  fe_buf_printf(&b,
                 "# HELP zeef_requests_in_flight Requests begun and not yet answered.\n"
                 "# TYPE zeef_requests_in_flight gauge\n"
                 "zeef_requests_in_flight %ld\n"
                 "# HELP zeef_screened_total Travellers (POST /screen) and queries (POST /match) screened.\n"
                 "# TYPE zeef_screened_total counter\n"
                 "zeef_screened_total %llu\n"
                 "# HELP zeef_alerts_total Travellers and queries screened that raised an alert for review.\n"
                 "# TYPE zeef_alerts_total counter\n"
                 "zeef_alerts_total %llu\n"
                 "# HELP zeef_reloads_total List reloads (POST /admin/reload, SIGHUP) by result.\n"
                 "# TYPE zeef_reloads_total counter\n"
                 "zeef_reloads_total{result=\"ok\"} %llu\n"
                 "zeef_reloads_total{result=\"error\"} %llu\n",
                 (long)atomic_load(&s->inflight), get(&m->screened), get(&m->alerts), get(&m->reloads_ok),
                 get(&m->reloads_failed));
  fe_buf_printf(&b,
                "# HELP zeef_connections_dropped_total Connections ended for a request head or body too slow.\n"
                "# TYPE zeef_connections_dropped_total counter\n"
                "zeef_connections_dropped_total %llu\n"
                "# HELP zeef_busy_total Requests answered 503: every screening thread taken, the queue full.\n"
                "# TYPE zeef_busy_total counter\n"
                "zeef_busy_total %llu\n"
                "# HELP zeef_screening_queued Screening tasks waiting for a thread.\n"
                "# TYPE zeef_screening_queued gauge\n"
                "zeef_screening_queued %zu\n",
                get(&m->dropped), get(&m->refused), fe_pool_queued(s->pool));
  lists(&b, g);
  srv_gen_release(s, g);
  return fe_buf_take(&b, len);
}
