/*
** pnrgov_speed.c: single-thread throughput of zeef_pnrgov_read() on a large
** synthetic PNRGOV buffer, against a baseline measured in the same run (so
** that results from different machines can be compared).
**
** Input: about PNR_TARGET_MB MB built in memory, deterministically (a fixed
** LCG seed): interchanges of one message each (UNA, UNB, UNH, MSG, ORG, the
** reported flight's TVL, EQN, then PNRS_PER_MSG PNRs, UNT with the right
** count, UNZ), one segment a line. Each PNR is SRC, RCI, DAT 700/710, ORG,
** ADD, IFT CTCE; then 1-3 travellers, each TIF, FTI, SSR DOCS, TKT, FOP
** (a masked card) and the IFT 4:43 naming its payer; then 1-3 legs, each
** TVL, RPI and a TRI check-in block with TIF, SSD and TBD for every
** traveller (about 1.1 kB a PNR). One name in 16 is UTF-8 and one in 32
** holds a released apostrophe (O?'NEIL). The run fails when a booking comes
** back with a warning or the count of PNRs, travellers or legs is off: the
** timing covers a clean read.
**
** Timing: zeef_pnrgov_read() with a callback that only counts, against a
** memchr pass counting the segment terminators over the same bytes; each
** RUNS times, interleaved, after one untimed warm-up of each;
** clock_gettime(CLOCK_MONOTONIC); medians. Reported: MB/s of both (MB =
** 10^6 bytes), the zeef/baseline throughput ratio and a read's cost in
** memchr passes.
**
** Output ends with a RESULT line, e.g.
**   RESULT pnrgov_read mb_per_s=250.0 baseline_mb_per_s=9000.0 ratio=0.028 bytes=50000000 pnrs=45000
**
** Usage: pnrgov_speed [DATA_DIR]   (unused: the input is synthetic)
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
#define PNR_TARGET_MB 50
#define PNRS_PER_MSG 200
/* Bytes one PNR or envelope may take at most when written. */
#define PNR_MAX 4096

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
static const char *const utf8_surnames[] = {"M\xC3\x9CLLER", "\xC3\x87\x45LIK" /* \x45 is E */,
                                            "GONZ\xC3\x81LEZ", "J\xC3\x96RGENSEN"};
static const char *const given[] = {
    "PIETER", "ANNA", "JOHN", "MARIA", "JEAN", "MARIE", "LUCA", "SOFIA", "PIOTR", "OLGA",
    "IVAN", "FATIMA", "OMAR", "AISHA", "RAJ", "PRIYA", "WEI", "MEI", "MINH", "YUKI", "HIRO",
    "JI HO", "ANA", "JOAO", "CHIDI", "KOFI", "DAVID", "SARAH", "ERIK", "INGRID", "MIKKO", "LARS"};
static const char *const titles[] = {"MR", "MRS", "MS", "MISS", "MSTR", "DR"};
static const char *const countries[] = {"NLD", "GBR", "USA", "ESP", "FRA", "ITA", "POL", "RUS",
                                        "EGY", "PAK", "IND", "CHN", "VNM", "JPN", "KOR", "BRA",
                                        "NGA", "GHA", "ISR", "SWE", "DNK", "FIN", "DEU", "TUR"};
static const char *const airports[] = {"AMS", "JFK", "LHR", "CDG", "FRA", "MAD", "IST", "DXB",
                                       "ORD", "ATL", "LAX", "NRT", "ICN", "GRU", "LOS", "ACC"};
static const char *const carriers[] = {"KL", "AF", "LH", "BA", "TK", "EK", "DL", "UA"};
static const char *const cards[] = {"VI", "CA", "AX"};
static const char *const months[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                     "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

#define PICK(a) (a)[rnd((unsigned)(sizeof(a) / sizeof((a)[0])))]

typedef struct buf {
  char *p;
  size_t n, cap;
  size_t pnrs, travellers, legs;
} buf;

/* Appends printf output; the caller keeps PNR_MAX bytes free. */
static void out(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out(buf *b, const char *fmt, ...) {
  va_list ap;
  int w;
  va_start(ap, fmt);
  w = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
  va_end(ap);
  if (w > 0 && (size_t)w < b->cap - b->n) b->n += (size_t)w;
}

typedef struct pax {
  const char *sur, *giv;
} pax;

static void pnr(buf *b, unsigned ref) {
  static const char loc_chars[] = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
  pax t[3];
  unsigned nt = 1 + rnd(3), nl = 1 + rnd(3), day = 1 + rnd(28), mon = 1 + rnd(12);
  char loc[7];
  const char *cc = PICK(carriers);
  for (int i = 0; i < 6; i++) loc[i] = loc_chars[rnd(sizeof loc_chars - 1)];
  loc[6] = 0;

  out(b, "SRC'\n");
  out(b, "RCI+%s:%s::%02u%02u25:%02u%02u'\n", cc, loc, day, mon, rnd(24), rnd(60));
  out(b, "DAT+700:%02u%02u25:%02u%02u+710:%02u%02u25:0800'\n", day, mon, rnd(24), rnd(60), day, mon);
  out(b, "ORG+%s:%s+%08u:%s+++A+NL:EUR'\n", cc, PICK(airports), rnd(100000000), PICK(airports));
  out(b, "ADD++700:%u MAIN STREET:CITY:::%.2s:%05u:0031205%06u'\n", 1 + rnd(400), PICK(countries), rnd(99999),
      rnd(1000000));
  out(b, "IFT+4:28::%s+CTCE TRAVELLER%s%u//MAIL.EXAMPLE'\n", cc, rnd(4) ? "." : "..", ref);
  for (unsigned i = 0; i < nt; i++) {
    const char *cty = PICK(countries);
    unsigned k = rnd(32);
    t[i].sur = k < 2 ? PICK(utf8_surnames) : k == 2 ? "O?'NEIL" : PICK(surnames);
    t[i].giv = PICK(given);
    out(b, "TIF+%s:I+%s %s:A:%u'\n", t[i].sur, t[i].giv, PICK(titles), i + 1);
    out(b, "FTI+%s:%08u:::SILVER'\n", cc, rnd(100000000));
    out(b, "SSR+DOCS:HK::%s:::::/P/%s/%c%08u/%s/%02u%s%02u/%c/%02u%s%02u/%s/%s'\n", cc, cty, 'A' + rnd(26),
        rnd(100000000), cty, 1 + rnd(28), PICK(months), 40 + rnd(60), rnd(2) ? 'M' : 'F', 1 + rnd(28),
        PICK(months), 26 + rnd(10), t[i].sur, t[i].giv);
    out(b, "TKT+%03u%010u:T:1'\n", rnd(1000), rnd(1000000000));
    out(b, "FOP+CC:::%s:XXXXXXXXXXXX%04u:%02u%02u'\n", PICK(cards), rnd(10000), 1 + rnd(12), 26 + rnd(10));
    out(b, "IFT+4:43+%s %s'\n", t[i].giv, t[i].sur);
  }
  for (unsigned l = 0; l < nl; l++) {
    out(b, "TVL+%02u%02u25:%02u%02u::%02u%02u+%s+%s+%s+%u:Y'\n", day, mon, 6 + l * 5, rnd(60), 8 + l * 5,
        rnd(60), PICK(airports), PICK(airports), cc, 100 + rnd(9000));
    out(b, "RPI+%u+HK'\n", nt);
    out(b, "TRI++1:::1'\n");
    for (unsigned i = 0; i < nt; i++) {
      out(b, "TIF+%s:I+%s:A:%u'\n", t[i].sur, t[i].giv, i + 1);
      out(b, "SSD+%u%c++++Y'\n", 1 + rnd(40), 'A' + rnd(6));
      out(b, "TBD++%u:%u:701+++%s:%04u::%s'\n", rnd(3), 10 + rnd(30), cc, rnd(10000), PICK(airports));
    }
  }
  b->pnrs++;
  b->travellers += nt;
  b->legs += nl;
}

/* Builds about target bytes of interchanges into b. Returns 0, or -1 when
** out of memory. */
static int build(buf *b, size_t target) {
  unsigned ref = 0;
  b->cap = target + 2 * (size_t)PNRS_PER_MSG * PNR_MAX;
  b->p = malloc(b->cap);
  b->n = b->pnrs = b->travellers = b->legs = 0;
  if (!b->p) return -1;
  while (b->n < target) {
    size_t segs = 0;
    char *segstart;
    const char *from = PICK(airports), *to = PICK(airports);
    unsigned flight = 100 + rnd(9000);
    ref++;
    out(b, "UNA:+.? '\nUNB+UNOC:4+KL:ZZ+NLPIU:ZZ+250301:1200+%u++PNRGOV'\n", ref);
    segstart = b->p + b->n;
    out(b, "UNH+M%u+PNRGOV:11:1:IA+KL%u/010325/1200+01:F'\nMSG+:22'\nORG+KL:AMS+00000000'\n", ref, flight);
    out(b, "TVL+010325:1200:1830+%s+%s+KL+%u'\nEQN+%d'\n", from, to, flight, PNRS_PER_MSG);
    for (int i = 0; i < PNRS_PER_MSG; i++) pnr(b, ref * PNRS_PER_MSG + (unsigned)i);
    for (const char *c = segstart; c < b->p + b->n; c++) segs += *c == '\n';
    out(b, "UNT+%zu+M%u'\nUNZ+1+%u'\n", segs + 1, ref, ref);
  }
  return 0;
}

/* ------------------------------------------------------------- the runs */

typedef struct counts {
  size_t pnrs, travellers, legs, flagged;
} counts;

static int on_pnr(void *ud, const zeef_pnr *p) {
  counts *c = ud;
  c->pnrs++;
  c->travellers += p->ntravellers;
  c->legs += p->nlegs;
  if (p->nwarnings && c->flagged++ == 0)
    fprintf(stderr, "pnrgov_speed: unexpected warning on the PNR of line %zu: %s\n", p->line, p->warnings[0]);
  return 0;
}

/* The context the reader allocates from (made in main). */
static zeef_ctx *g_ctx;

/* One read; returns seconds, or -1 when the read failed. */
static double run_read(const buf *b, counts *c) {
  memset(c, 0, sizeof *c);
  double t0 = now_s();
  zeef_status rc = zeef_pnrgov_read(g_ctx, b->p, b->n, on_pnr, c, NULL);
  double t = now_s() - t0;
  if (rc != ZEEF_OK) {
    fprintf(stderr, "pnrgov_speed: zeef_pnrgov_read: %s\n", zeef_strerror(rc));
    return -1.0;
  }
  g_sink += (double)c->pnrs;
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

  if (zeef_ctx_new(NULL, &g_ctx) != ZEEF_OK || build(&b, (size_t)PNR_TARGET_MB * 1000000u) != 0) {
    fprintf(stderr, "pnrgov_speed: out of memory\n");
    zeef_ctx_free(g_ctx);
    return 2;
  }
  printf("## PNRGOV reading speed (synthetic)\n\n");
  printf("input: %.1f MB, %zu PNRs (%zu travellers, %zu legs) in messages of %d; cc %s; 1 thread, "
         "median of %d runs\n\n",
         (double)b.n / 1e6, b.pnrs, b.travellers, b.legs, PNRS_PER_MSG, __VERSION__, RUNS);

  if (run_read(&b, &c) < 0) { /* warm-up, and the correctness check */
    status = 2;
    goto done;
  }
  if (c.pnrs != b.pnrs || c.travellers != b.travellers || c.legs != b.legs || c.flagged) {
    fprintf(stderr,
            "pnrgov_speed: %zu PNRs, %zu travellers, %zu legs read (%zu, %zu, %zu written), "
            "%zu PNRs with warnings\n",
            c.pnrs, c.travellers, c.legs, b.pnrs, b.travellers, b.legs, c.flagged);
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
  printf("| method | MB/s | ms per pass | PNRs/s |\n|---|---:|---:|---:|\n");
  printf("| zeef_pnrgov_read | %.1f | %.2f | %.0f |\n", zmb, 1e3 * mz, (double)b.pnrs / mz);
  printf("| baseline: memchr counting terminators | %.1f | %.2f | |\n\n", bmb, 1e3 * mb);
  printf("zeef/baseline throughput ratio: %.3f (one read costs %.1f memchr passes); "
         "target >= 100 MB/s per core: %s\n\n",
         zmb / bmb, mz / mb, zmb >= 100.0 ? "met" : "NOT met");
  printf("RESULT pnrgov_read mb_per_s=%.1f baseline_mb_per_s=%.1f ratio=%.4f bytes=%zu pnrs=%zu\n", zmb, bmb,
         zmb / bmb, b.n, b.pnrs);
done:
  free(b.p);
  zeef_ctx_free(g_ctx);
  return status;
}
