/*
** rules_speed.c: single-thread throughput of zeef_rules_eval(), the
** pre-determined criteria over bookings (docs/rules.md), against a
** baseline measured in the same run.
**
** Input: NPNRS bookings built in memory, deterministically (a fixed LCG
** seed), as zeef_pnrgov_read() gives them: 1 to 3 travellers with a
** passport each, 1 to 4 legs through 24 airports with times a few hours to
** three days apart (some legs that do not join), a booking 1 to 400 hours
** before departure, cash for one in eight. Rules: the twelve conditions of
** docs/rules.md across RULES rules (airport sets of 8 to 40 airports).
**
** Timing: every rule on every traveller of every booking (what zeef screen
** --rules does), against a baseline that reads the same fields without
** judging them (every leg's airports and times and every traveller's
** document, summed); each RUNS times, interleaved, after one untimed
** warm-up; medians. Reported: bookings/s of both, and the ratio.
**
** Output ends with a RESULT line:
**   RESULT rules_eval pnrs_per_s=... baseline_pnrs_per_s=... ratio=... rules=... pnrs=... hits=...
**
** Usage: rules_speed [DATA_DIR]   (unused: the input is synthetic)
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zeef.h"
#include "bench.h"

#define RUNS 5
#define NPNRS 20000
#define RULES 24

static volatile double g_sink;
static unsigned long long g_seed = 0x9E3779B97F4A7C15ull;

static unsigned rnd(unsigned n) {
  g_seed = g_seed * 6364136223846793005ull + 1442695040888963407ull;
  return (unsigned)((g_seed >> 33) % n);
}

static const char *const airports[] = {"AMS", "IST", "SAW", "GZT", "HTY", "ADA", "ESB", "FRA",
                                       "CDG", "BRU", "LHR", "DXB", "DOH", "CAI", "AMM", "BEY",
                                       "TBS", "VIE", "MUC", "ZRH", "CPH", "ARN", "MAD", "FCO"};
#define NAIRPORTS (sizeof airports / sizeof airports[0])

/* "YYYY-MM-DDTHH:MM" of a time in minutes from 2026-12-01T00:00, within
** December and January. */
static void at(long m, char out[20]) {
  int day = (int)(m / 1440), h = (int)(m / 60) % 24, mi = (int)(m % 60);
  char t[64];
  if (day < 31) snprintf(t, sizeof t, "2026-12-%02dT%02d:%02d", day + 1, h, mi);
  else snprintf(t, sizeof t, "2027-01-%02dT%02d:%02d", day - 30, h, mi);
  memcpy(out, t, 16);
  out[16] = 0;
}

static void make(zeef_pnr *p) {
  long t = 17 * 1440 + (long)rnd(20 * 1440); /* the booking up to 400 h before, still in December */
  size_t nl = 1 + rnd(4);
  const char *from = airports[rnd(NAIRPORTS)];
  memset(p, 0, sizeof *p);
  snprintf(p->locator, sizeof p->locator, "B%05u", rnd(100000));
  at(t - 60 * (1 + (long)rnd(400)), p->booked);
  p->ntravellers = 1 + rnd(3);
  for (size_t i = 0; i < p->ntravellers; i++) {
    zeef_pnr_traveller *tr = &p->travellers[i];
    snprintf(tr->surname, sizeof tr->surname, "SURNAME%u", rnd(1000));
    snprintf(tr->given_names, sizeof tr->given_names, "GIVEN%u", rnd(1000));
    snprintf(tr->ref, sizeof tr->ref, "%u", (unsigned)(i + 1) % 100);
    if (rnd(10)) {
      zeef_pnr_doc *d = &tr->docs[tr->ndocs++];
      snprintf(d->type, sizeof d->type, "%s", rnd(5) ? "P" : "I");
      snprintf(d->number, sizeof d->number, "X%07u", rnd(10000000));
      d->expiry.kind = ZEEF_DATE_DAY;
      d->expiry.year = (int16_t)(2026 + rnd(8));
      d->expiry.month = (int8_t)(1 + rnd(12));
      d->expiry.day = (int8_t)(1 + rnd(28));
    }
  }
  p->nlegs = nl;
  for (size_t i = 0; i < nl; i++) {
    zeef_pnr_leg *l = &p->legs[i];
    const char *to = airports[rnd(NAIRPORTS)];
    snprintf(l->carrier, sizeof l->carrier, "XQ");
    snprintf(l->flight, sizeof l->flight, "%u", 100 + rnd(900));
    snprintf(l->origin, sizeof l->origin, "%s", rnd(12) ? from : airports[rnd(NAIRPORTS)]);
    snprintf(l->destination, sizeof l->destination, "%s", to);
    at(t, l->departure);
    t += 60 + (long)rnd(300);
    at(t, l->arrival);
    t += 45 + (long)rnd(rnd(4) ? 600 : 4320);
    from = to;
  }
  if (!rnd(8)) {
    p->npayments = 1;
    snprintf(p->payments[0].type, sizeof p->payments[0].type, "CA");
  }
}

/* cond with its one "%s" (if any) replaced by set. */
static void fill(char *out, size_t cap, const char *cond, const char *set) {
  const char *p = strstr(cond, "%s");
  if (!p) snprintf(out, cap, "%s", cond);
  else snprintf(out, cap, "%.*s%s%s", (int)(p - cond), cond, set, p + 2);
}

/* A rules file of RULES rules over every kind of condition. */
static char *rules_text(void) {
  static const char *const conds[] = {
      "\"origin\": %s", "\"destination\": %s", "\"via\": %s", "\"touches\": %s",
      "\"broken_journey_hours\": 24", "\"one_way\": true", "\"booked_within_hours\": 48",
      "\"paid_in_cash\": true", "\"travelling_alone\": true", "\"document_missing\": true",
      "\"document_expires_within_days\": 90", "\"document_type\": [\"I\"]"};
  size_t cap = 1 << 20, n = 0;
  char *s = malloc(cap);
  n += (size_t)snprintf(s + n, cap - n, "{\"rules\": [");
  for (int r = 0; r < RULES; r++) {
    char set[512], c1[600], c2[600];
    size_t k = 0, na = 8 + rnd(33);
    k += (size_t)snprintf(set + k, sizeof set - k, "[");
    for (size_t a = 0; a < na && a < NAIRPORTS; a++)
      k += (size_t)snprintf(set + k, sizeof set - k, "%s\"%s\"", a ? ", " : "", airports[(a + (size_t)r) % NAIRPORTS]);
    snprintf(set + k, sizeof set - k, "]");
    fill(c1, sizeof c1, conds[r % 12], set);
    fill(c2, sizeof c2, conds[(r * 5 + 3) % 12], set);
    n += (size_t)snprintf(s + n, cap - n,
                          "%s{\"id\": \"R%d\", \"description\": \"bench\", \"purpose\": \"bench\", \"legal_basis\":"
                          " \"bench\", \"owner\": \"bench\", \"review_by\": \"2099-01-01\", \"conditions\": {%s%s%s}}",
                          r ? ", " : "", r, c1, (r * 5 + 3) % 12 != r % 12 ? ", " : "", (r * 5 + 3) % 12 != r % 12 ? c2 : "");
  }
  snprintf(s + n, cap - n, "]}");
  return s;
}

static double run_rules(const zeef_rules *rules, const zeef_pnr *p, size_t n, size_t *hits) {
  double t0 = now_s();
  size_t h = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t t = 0; t < p[i].ntravellers; t++) {
      zeef_rule_hit hit[4];
      h += zeef_rules_eval(rules, &p[i], t, hit, 4);
    }
  *hits = h;
  return now_s() - t0;
}

/* The same fields read, nothing judged. */
static double run_base(const zeef_pnr *p, size_t n) {
  double t0 = now_s(), sum = 0;
  for (size_t i = 0; i < n; i++) {
    for (size_t l = 0; l < p[i].nlegs; l++)
      sum += (double)(p[i].legs[l].origin[0] + p[i].legs[l].destination[0] + p[i].legs[l].departure[15] +
                      p[i].legs[l].arrival[15]);
    for (size_t t = 0; t < p[i].ntravellers; t++) sum += (double)p[i].travellers[t].ndocs;
    sum += (double)p[i].booked[12] + (double)p[i].npayments;
  }
  g_sink = sum;
  return now_s() - t0;
}

int main(int argc, char **argv) {
  zeef_ctx *ctx = NULL;
  zeef_rules *rules = NULL;
  zeef_pnr *p = calloc(NPNRS, sizeof *p);
  char *text = rules_text(), err[4096], cpu[128];
  double tr[RUNS], tb[RUNS];
  size_t hits = 0;
  (void)argc;
  (void)argv;
  if (!p || zeef_ctx_new(NULL, &ctx) ||
      zeef_rules_load(ctx, text, strlen(text), "2026-12-07", &rules, err, sizeof err)) {
    fprintf(stderr, "rules_speed: cannot start: %s\n", err);
    return 1;
  }
  for (size_t i = 0; i < NPNRS; i++) make(&p[i]);
  cpu_model(cpu, sizeof cpu);
  printf("input: %d bookings in memory, %d rules over every condition; %s; 1 thread, median of %d runs\n\n", NPNRS,
         RULES, cpu, RUNS);
  run_rules(rules, p, NPNRS, &hits);
  run_base(p, NPNRS);
  for (int r = 0; r < RUNS; r++) {
    tr[r] = run_rules(rules, p, NPNRS, &hits);
    tb[r] = run_base(p, NPNRS);
  }
  {
    double mr = median(tr, RUNS), mb = median(tb, RUNS);
    double zr = NPNRS / mr, zb = NPNRS / mb;
    printf("rules:    %10.0f bookings/s (%.2f ms for %d; %zu rule hits)\n", zr, mr * 1e3, NPNRS, hits);
    printf("baseline: %10.0f bookings/s (the same fields read, nothing judged)\n", zb);
    printf("RESULT rules_eval pnrs_per_s=%.0f baseline_pnrs_per_s=%.0f ratio=%.4f rules=%d pnrs=%d hits=%zu\n", zr, zb,
           zr / zb, RULES, NPNRS, hits);
  }
  zeef_rules_free(rules);
  zeef_ctx_free(ctx);
  free(text);
  free(p);
  return 0;
}
