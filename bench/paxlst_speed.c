/*
** paxlst_speed.c: single-thread throughput of zeef_paxlst_read() on a large
** synthetic PAXLST buffer, against a baseline measured in the same run (so
** that results from different machines can be compared).
**
** Input: about PAX_TARGET_MB MB built in memory, deterministically (a fixed
** LCG seed): interchanges of one message each (UNA, UNB, UNH, BGM, NAD+MS,
** two TDT legs with LOC/DTM, then PERSONS_PER_MSG persons, CNT, UNT, UNZ),
** one segment a line. Each person is NAD with a street address, ATT, DTM
** 329, LOC 178/179/174, NAT, RFF AVF, DOC, DTM 36, LOC 91 (11 segments,
** about 250 bytes); one name in 16 is UTF-8 (the interchange says UNOC,
** so it is no warning) and one in 32 holds a released apostrophe (O?'NEIL).
** The run fails when a person comes back with a warning or an error or the
** person count is off: the timing covers a clean read.
**
** Timing: zeef_paxlst_read() with a callback that only counts, against a
** memchr pass counting the segment terminators over the same bytes; each
** RUNS times, interleaved, after one untimed warm-up of each;
** clock_gettime(CLOCK_MONOTONIC); medians. Reported: MB/s of both (MB =
** 10^6 bytes), the zeef/baseline throughput ratio and a read's cost in
** memchr passes.
**
** Output ends with a RESULT line, e.g.
**   RESULT paxlst_read mb_per_s=250.0 baseline_mb_per_s=9000.0 ratio=0.028 bytes=50000000 persons=200000
**
** Usage: paxlst_speed [DATA_DIR]   (unused: the input is synthetic)
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "zeef.h"
#include "bench.h"

#define RUNS 5
#define PAX_TARGET_MB 50
#define PERSONS_PER_MSG 300
/* Bytes one person or envelope may take at most when written. */
#define PERSON_MAX 1024

static volatile double g_sink;

/* ------------------------------------------------------------- the input */

static unsigned long long g_seed = 0x2545F4914F6CDD1Dull;

static unsigned rnd(unsigned n) {
  g_seed = g_seed * 6364136223846793005ull + 1442695040888963407ull;
  return (unsigned)((g_seed >> 33) % n);
}

static const char *const surnames[] = {
    "JANSSEN", "DE VRIES", "SMITH", "JOHNSON", "GARCIA LOPEZ", "MARTIN", "BERNARD", "ROSSI",
    "KOWALSKI", "NOWAK", "IVANOV", "PETROV", "HASSAN", "AHMED", "KHAN", "SINGH", "WANG", "LI",
    "NGUYEN", "TANAKA", "SATO", "KIM", "PARK", "SILVA", "SANTOS", "OKAFOR", "MENSAH", "COHEN",
    "LEVI", "ANDERSSON", "NIELSEN", "VIRTANEN"};
static const char *const utf8_surnames[] = {"M\xC3\x9CLLER", "\xC3\x87\x45LIK" /* \x45 is E */, "GONZ\xC3\x81LEZ",
                                            "J\xC3\x96RGENSEN"};
static const char *const given[] = {
    "PIETER", "ANNA", "JOHN", "MARIA", "JEAN", "MARIE", "LUCA", "SOFIA", "PIOTR", "OLGA",
    "IVAN", "FATIMA", "OMAR", "AISHA", "RAJ", "PRIYA", "WEI", "MEI", "MINH", "YUKI", "HIRO",
    "JI HO", "ANA", "JOAO", "CHIDI", "KOFI", "DAVID", "SARAH", "ERIK", "INGRID", "MIKKO", "LARS"};
static const char *const countries[] = {"NLD", "GBR", "USA", "ESP", "FRA", "ITA", "POL", "RUS",
                                        "EGY", "PAK", "IND", "CHN", "VNM", "JPN", "KOR", "BRA",
                                        "NGA", "GHA", "ISR", "SWE", "DNK", "FIN", "DEU", "TUR"};
static const char *const airports[] = {"AMS", "JFK", "LHR", "CDG", "FRA", "MAD", "IST", "DXB",
                                       "ORD", "ATL", "LAX", "NRT", "ICN", "GRU", "LOS", "ACC"};

#define PICK(a) (a)[rnd((unsigned)(sizeof(a) / sizeof((a)[0])))]

typedef struct buf {
  char *p;
  size_t n, cap;
  size_t persons;
} buf;

/* Appends printf output; the caller keeps PERSON_MAX bytes free. */
static void out(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out(buf *b, const char *fmt, ...) {
  va_list ap;
  int w;
  va_start(ap, fmt);
  w = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
  va_end(ap);
  if (w > 0 && (size_t)w < b->cap - b->n) b->n += (size_t)w;
}

static void person(buf *b) {
  const char *cty = PICK(countries), *sur = PICK(surnames);
  unsigned k = rnd(32);
  if (k < 2) sur = PICK(utf8_surnames);
  else if (k == 2) sur = "O?'NEIL";
  out(b, "NAD+FL+++%s:%s:%s+%u MAIN STREET+CITY+REGION+%05u+%s'\n", sur, PICK(given),
      rnd(3) ? "" : PICK(given), 1 + rnd(400), rnd(99999), cty);
  out(b, "ATT+2++%c'\n", rnd(2) ? 'M' : 'F');
  out(b, "DTM+329:%02u%02u%02u'\n", 40 + rnd(60), 1 + rnd(12), 1 + rnd(28));
  out(b, "LOC+178+%s'\nLOC+179+%s'\nLOC+174+%s'\n", PICK(airports), PICK(airports), cty);
  out(b, "NAT+2+%s'\n", cty);
  out(b, "RFF+AVF:%c%c%c%u'\n", 'A' + rnd(26), 'A' + rnd(26), 'A' + rnd(26), 100 + rnd(900));
  out(b, "DOC+P:110:111+%c%08u'\n", 'A' + rnd(26), rnd(100000000));
  out(b, "DTM+36:%02u%02u%02u'\n", 26 + rnd(10), 1 + rnd(12), 1 + rnd(28));
  out(b, "LOC+91+%s'\n", cty);
  b->persons++;
}

/* Builds about target bytes of interchanges into b. Returns 0, or -1 when
** out of memory. */
static int build(buf *b, size_t target) {
  unsigned ref = 0;
  b->cap = target + 2 * (size_t)PERSONS_PER_MSG * PERSON_MAX;
  b->p = malloc(b->cap);
  b->n = b->persons = 0;
  if (!b->p) return -1;
  while (b->n < target) {
    size_t segs = 0;
    char *segstart;
    ref++;
    out(b, "UNA:+.? '\nUNB+UNOC:4+KLM:ZZ+USCBP:ZZ+240101:1200+%u++APIS'\n", ref);
    segstart = b->p + b->n;
    out(b, "UNH+M%u+PAXLST:D:05B:UN:IATA+KL%u/240101/1200+01:F'\nBGM+745'\n", ref, ref % 9000);
    out(b, "NAD+MS+++KLM OPERATIONS'\nCOM+31205551234:TE'\n");
    for (int leg = 0; leg < 2; leg++)
      out(b, "TDT+20+KL%u+++KL'\nLOC+125+%s'\nDTM+189:2401%02u1200:201'\nLOC+87+%s'\nDTM+232:2401%02u1830:201'\n",
          1000 + ref % 8000, PICK(airports), 1 + leg, PICK(airports), 1 + leg);
    for (int i = 0; i < PERSONS_PER_MSG; i++) person(b);
    out(b, "CNT+42:%d'\n", PERSONS_PER_MSG);
    for (const char *c = segstart; c < b->p + b->n; c++) segs += *c == '\n';
    out(b, "UNT+%zu+M%u'\nUNZ+1+%u'\n", segs + 1, ref, ref);
  }
  return 0;
}

/* ------------------------------------------------------------- the runs */

typedef struct counts {
  size_t persons, flagged;
} counts;

static int on_person(void *ud, const zeef_pax_message *m, const zeef_pax_person *p) {
  counts *c = ud;
  c->persons++;
  if (p->nwarnings || p->error || m->nwarnings) {
    if (c->flagged++ == 0) {
      fprintf(stderr, "paxlst_speed: unexpected warning on line %zu: %s\n", p->line,
              p->nwarnings ? p->warnings[0] : m->nwarnings ? m->warnings[0] : p->error);
    }
  }
  return 0;
}

/* The context the reader allocates from (made in main). */
static zeef_ctx *g_ctx;

/* One read; returns seconds, or -1 when the read failed. */
static double run_read(const buf *b, counts *c) {
  c->persons = c->flagged = 0;
  double t0 = now_s();
  zeef_status rc = zeef_paxlst_read(g_ctx, b->p, b->n, on_person, c, NULL);
  double t = now_s() - t0;
  if (rc != ZEEF_OK) {
    fprintf(stderr, "paxlst_speed: zeef_paxlst_read: %s\n", zeef_strerror(rc));
    return -1.0;
  }
  g_sink += (double)c->persons;
  return t;
}

/* The baseline: memchr over the bytes counting terminators. */
static double run_memchr(const buf *b) {
  size_t n = 0;
  const char *p = b->p, *end = b->p + b->n;
  double t0 = now_s();
  while ((p = memchr(p, '\'', (size_t)(end - p))) != NULL) {
    n++;
    p++;
  }
  double t = now_s() - t0;
  g_sink += (double)n;
  return t;
}

int main(int argc, char **argv) {
  buf b;
  counts c;
  double tz[RUNS], tb[RUNS];
  int status = 0;
  (void)argc;
  (void)argv;

  if (zeef_ctx_new(NULL, &g_ctx) != ZEEF_OK || build(&b, (size_t)PAX_TARGET_MB * 1000000u) != 0) {
    fprintf(stderr, "paxlst_speed: out of memory\n");
    zeef_ctx_free(g_ctx);
    return 2;
  }
  printf("## PAXLST reading speed (synthetic)\n\n");
  printf("input: %.1f MB, %zu persons in messages of %d; cc %s; 1 thread, median of %d runs\n\n",
         (double)b.n / 1e6, b.persons, PERSONS_PER_MSG, __VERSION__, RUNS);

  if (run_read(&b, &c) < 0) { /* warm-up, and the correctness check */
    status = 2;
    goto done;
  }
  if (c.persons != b.persons || c.flagged) {
    fprintf(stderr, "paxlst_speed: %zu persons read (%zu written), %zu with warnings\n", c.persons,
            b.persons, c.flagged);
    status = 2;
    goto done;
  }
  (void)run_memchr(&b);
  for (int r = 0; r < RUNS; r++) {
    tz[r] = run_read(&b, &c);
    tb[r] = run_memchr(&b);
    if (tz[r] < 0) {
      status = 2;
      goto done;
    }
  }
  double mz = median(tz, RUNS), mb = median(tb, RUNS);
  double zmb = (double)b.n / 1e6 / mz, bmb = (double)b.n / 1e6 / mb;
  printf("| method | MB/s | ms per pass | persons/s |\n|---|---:|---:|---:|\n");
  printf("| zeef_paxlst_read | %.1f | %.2f | %.0f |\n", zmb, 1e3 * mz, (double)b.persons / mz);
  printf("| baseline: memchr counting terminators | %.1f | %.2f | |\n\n", bmb, 1e3 * mb);
  printf("zeef/baseline throughput ratio: %.3f (one read costs %.1f memchr passes); target >= 100 MB/s per core: %s\n\n",
         zmb / bmb, mz / mb, zmb >= 100.0 ? "met" : "NOT met");
  printf("RESULT paxlst_read mb_per_s=%.1f baseline_mb_per_s=%.1f ratio=%.4f bytes=%zu persons=%zu\n", zmb,
         bmb, zmb / bmb, b.n, b.persons);
done:
  free(b.p);
  zeef_ctx_free(g_ctx);
  return status;
}
