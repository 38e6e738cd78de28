/*
** mrz_speed.c: single-thread speed of zeef_mrz_parse on synthetic machine-
** readable zones, as documents/s and as a ratio against a baseline measured
** in the same run (so results from different machines compare).
**
** Documents: NDOCS blocks generated from a fixed seed, TD3, TD2 and TD1 in
** turn; names, numbers and dates drawn from small tables; every check digit
** computed here (check_digit below, independent of the library). Every 5th
** document carries one OCR confusion (O for 0, I for 1, S for 5, B for 8) in
** its document number or birth date, so a check fails and the suggestion
** search runs; every 7th is lowercase, every 3rd has CRLF line ends and
** surrounding spaces. Each document is parsed once before timing and must
** read (ZEEF_OK) with exactly the failing checks planted.
**
** One run = PASSES passes over all documents with zeef_mrz_parse(this_year
** fixed at 2024). Baseline: per document, memcpy into a buffer and strlen
** of the copy, over the same bytes and passes. Both are the median of RUNS
** runs, interleaved, after one untimed warm-up each; results go to a
** volatile sink so the work cannot be dropped. Timing: CLOCK_MONOTONIC.
**
** Output ends with a RESULT line, e.g.
**   RESULT mrz_speed docs_per_s=2500000 ns_per_doc=400 baseline_per_s=50000000 ratio=0.050 n=1000000
** where ratio is zeef's throughput over the baseline's.
**
** Usage: mrz_speed [DATA_DIR]   (the shared data directory; not read)
*/
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "zeef.h"
#include "bench.h"

#define RUNS 5
#define NDOCS 1000u
#define PASSES 400u
#define DOC_MAX 128 /* bytes of one generated block, NUL included */
#define THIS_YEAR 2024

static volatile size_t g_sink;
/* The baseline's destination: global, so the copies cannot be elided. */
char g_copy[DOC_MAX];

/* ----------------------------------------------------------- generation */

static uint32_t rnd(uint32_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 17;
  *s ^= *s << 5;
  return *s;
}

/* The ICAO 9303 check digit of s[0..n). */
static char check_digit(const char *s, size_t n) {
  static const int w[3] = {7, 3, 1};
  int sum = 0;
  for (size_t i = 0; i < n; i++) {
    int v = s[i] == '<' ? 0 : s[i] <= '9' ? s[i] - '0' : s[i] - 'A' + 10;
    sum += w[i % 3] * v;
  }
  return (char)('0' + sum % 10);
}

static const char *const surnames[] = {"ERIKSSON", "GARCIA<LOPEZ", "NGUYEN", "AL<RASHID",
                                       "MUELLER",  "OKONKWO",      "SMITH",  "VAN<DER<BERG",
                                       "KOWALSKA", "ABDULLAH<BIN<HASSAN<AL<FULANI"};
static const char *const givens[] = {"ANNA<MARIA", "JOSE", "THI<LAN", "AHMED", "", "CHIDI<EMEKA",
                                     "JOHN<PAUL", "JAN", "ZOFIA", "MOHAMMED<SALIM<ABDULRAHMAN"};
static const char *const states[] = {"UTO", "D<<", "NLD", "GBR", "FRA", "ESP", "NGA", "VNM"};

/* Writes s padded with '<' (or cut) to exactly n characters at dst. */
static void pad(char *dst, const char *s, size_t n) {
  size_t l = strlen(s);
  if (l > n) l = n;
  memcpy(dst, s, l);
  memset(dst + l, '<', n - l);
}

static void put_name(char *dst, size_t n, uint32_t *s) {
  char name[96];
  const char *g = givens[rnd(s) % 10];
  snprintf(name, sizeof name, "%s%s%s", surnames[rnd(s) % 10], *g ? "<<" : "", g);
  pad(dst, name, n);
}

static void put_number(char *dst, uint32_t *s) {
  static const char alnum[] = "0123456789ABCDEFGHJKLMNPRTUVWXY";
  dst[0] = (char)('A' + rnd(s) % 26);
  for (int i = 1; i < 9; i++) dst[i] = alnum[rnd(s) % (sizeof alnum - 1)];
}

static void put_date(char *dst, int y0, int span, uint32_t *s) {
  int y = (y0 + (int)(rnd(s) % (uint32_t)span)) % 100, m = 1 + (int)(rnd(s) % 12),
      d = 1 + (int)(rnd(s) % 28);
  char t[8];
  snprintf(t, sizeof t, "%02d%02d%02d", y, m, d);
  memcpy(dst, t, 6);
}

/* One confusion in the len characters at f, if one applies: a digit that
** OCR reads as a letter. Returns 1 when planted. */
static int confuse(char *f, size_t len, uint32_t *s) {
  static const char from[] = "0158", to[] = "OISB";
  size_t start = rnd(s) % len;
  for (size_t k = 0; k < len; k++) {
    char *c = &f[(start + k) % len];
    const char *p = strchr(from, *c);
    if (*c && p) {
      *c = to[p - from];
      return 1;
    }
  }
  return 0;
}

/*
** Generates document i into buf (DOC_MAX bytes) and returns its length;
** *bad is the number of field checks made to fail (the composite fails
** with them).
*/
static size_t generate(size_t i, uint32_t *s, char *buf, int *bad) {
  char L[3][45];
  int fmt = (int)(i % 3); /* 0 TD3, 1 TD2, 2 TD1 */
  size_t w = fmt == 0 ? 44 : fmt == 1 ? 36 : 30, nl = fmt == 2 ? 3 : 2, n = 0;
  const char *st = states[rnd(s) % 8];
  char sex = "MF<X"[rnd(s) % 4 == 3 ? (rnd(s) % 2 ? 2 : 0) : rnd(s) % 2];
  int plant = i % 5 == 4;
  memset(L, 0, sizeof L);
  *bad = 0;
  if (fmt < 2) {
    char *l2 = L[1], comp[64];
    memcpy(L[0], fmt == 0 ? "P<" : "I<", 2);
    memcpy(L[0] + 2, st, 3);
    put_name(L[0] + 5, w - 5, s);
    put_number(l2, s);
    l2[9] = check_digit(l2, 9);
    memcpy(l2 + 10, states[rnd(s) % 8], 3);
    put_date(l2 + 13, 40, 80, s);
    l2[19] = check_digit(l2 + 13, 6);
    l2[20] = sex;
    put_date(l2 + 21, 20, 15, s);
    l2[27] = check_digit(l2 + 21, 6);
    if (fmt == 0) {
      pad(l2 + 28, rnd(s) % 2 ? "ZE184226B" : "", 14);
      l2[42] = check_digit(l2 + 28, 14);
    } else pad(l2 + 28, rnd(s) % 3 ? "" : "AB12", 7);
    memcpy(comp, l2, 10);
    memcpy(comp + 10, l2 + 13, 7);
    memcpy(comp + 17, l2 + 21, w - 22);
    l2[w - 1] = check_digit(comp, 17 + w - 22);
    if (plant) *bad = confuse(rnd(s) % 2 ? l2 : l2 + 13, rnd(s) % 2 ? 9 : 6, s);
  } else {
    char comp[64];
    memcpy(L[0], "I<", 2);
    memcpy(L[0] + 2, st, 3);
    put_number(L[0] + 5, s);
    L[0][14] = check_digit(L[0] + 5, 9);
    pad(L[0] + 15, rnd(s) % 2 ? "" : "X77", 15);
    put_date(L[1], 40, 80, s);
    L[1][6] = check_digit(L[1], 6);
    L[1][7] = sex;
    put_date(L[1] + 8, 20, 15, s);
    L[1][14] = check_digit(L[1] + 8, 6);
    memcpy(L[1] + 15, states[rnd(s) % 8], 3);
    pad(L[1] + 18, "", 11);
    memcpy(comp, L[0] + 5, 25);
    memcpy(comp + 25, L[1], 7);
    memcpy(comp + 32, L[1] + 8, 7);
    memcpy(comp + 39, L[1] + 18, 11);
    L[1][29] = check_digit(comp, 50);
    put_name(L[2], 30, s);
    if (plant) *bad = confuse(rnd(s) % 2 ? L[0] + 5 : L[1], rnd(s) % 2 ? 9 : 6, s);
  }
  for (size_t k = 0; k < nl; k++) {
    const char *pre = i % 3 == 1 ? "  " : "", *end = i % 3 == 1 ? " \r\n" : "\n";
    n += (size_t)snprintf(buf + n, DOC_MAX - n, "%s%.*s%s", pre, (int)w, L[k], k + 1 < nl ? end : "");
  }
  if (i % 7 == 6)
    for (size_t k = 0; k < n; k++)
      if (buf[k] >= 'A' && buf[k] <= 'Z') buf[k] = (char)(buf[k] - 'A' + 'a');
  return n;
}

typedef struct docs {
  char text[NDOCS][DOC_MAX];
  size_t len[NDOCS];
} docs;

static double run_parse(const docs *d, zeef_mrz *m) {
  size_t acc = 0;
  double t0 = now_s();
  for (unsigned p = 0; p < PASSES; p++)
    for (size_t i = 0; i < NDOCS; i++) {
      acc += (size_t)zeef_mrz_parse(d->text[i], d->len[i], THIS_YEAR, m);
      acc += m->nchecks + (size_t)m->checks[0].ok;
    }
  double t = now_s() - t0;
  g_sink += acc;
  return t;
}

static double run_baseline(const docs *d) {
  size_t acc = 0;
  double t0 = now_s();
  for (unsigned p = 0; p < PASSES; p++)
    for (size_t i = 0; i < NDOCS; i++) {
      memcpy(g_copy, d->text[i], d->len[i] + 1);
      acc += strlen(g_copy);
    }
  double t = now_s() - t0;
  g_sink += acc;
  return t;
}

int main(int argc, char **argv) {
  static docs d;
  static zeef_mrz m;
  uint32_t seed = 20240601u;
  size_t nfail = 0, nsugg = 0, bytes = 0, planted = 0;
  double tz[RUNS], tb[RUNS];
  int status = 0;
  (void)argc;
  (void)argv;

  for (size_t i = 0; i < NDOCS; i++) {
    int bad;
    d.len[i] = generate(i, &seed, d.text[i], &bad);
    bytes += d.len[i];
    planted += (size_t)bad;
    zeef_status rc = zeef_mrz_parse(d.text[i], d.len[i], THIS_YEAR, &m);
    size_t failed = 0;
    for (size_t c = 0; c < m.nchecks; c++) {
      failed += !m.checks[c].ok && strcmp(m.checks[c].field, "composite") != 0;
      nsugg += m.checks[c].suggestion[0] != '\0';
    }
    if (rc != ZEEF_OK || failed != (size_t)bad) {
      fprintf(stderr, "mrz_speed: document %zu: %s, %zu failed checks, %d planted%s%s\n%s\n", i,
              zeef_strerror(rc), failed, bad, m.nwarnings ? ": " : "",
              m.nwarnings ? m.warnings[0] : "", d.text[i]);
      status = 2;
    }
    nfail += failed != 0;
  }
  if (status) return status;

  printf("## MRZ reading speed (synthetic documents)\n\n");
  printf("1 thread, median of %d runs; zeef %s; cc %s; nproc %ld\n\n", RUNS, ZEEF_VERSION, __VERSION__,
         sysconf(_SC_NPROCESSORS_ONLN));
  printf("documents: %u (TD3, TD2, TD1 in turn; mean %.1f bytes), %zu OCR confusions planted, "
         "%zu with a failing check, %zu suggestions; %u passes per run\n\n",
         NDOCS, (double)bytes / NDOCS, planted, nfail, nsugg, PASSES);

  (void)run_parse(&d, &m);
  (void)run_baseline(&d);
  for (int r = 0; r < RUNS; r++) {
    tz[r] = run_parse(&d, &m);
    tb[r] = run_baseline(&d);
  }
  double n = (double)NDOCS * PASSES, mz = median(tz, RUNS), mb = median(tb, RUNS);
  double zps = n / mz, bps = n / mb;
  printf("| method | documents/s | ns/document |\n|---|---:|---:|\n");
  printf("| zeef_mrz_parse | %.0f | %.1f |\n", zps, 1e9 / zps);
  printf("| baseline: memcpy + strlen | %.0f | %.1f |\n\n", bps, 1e9 / bps);
  printf("zeef/baseline throughput ratio: %.3f (one parse costs %.1f copies); "
         "target >= 1,000,000 documents/s per core: %s\n\n",
         zps / bps, bps / zps, zps >= 1e6 ? "met" : "NOT met");
  printf("RESULT mrz_speed docs_per_s=%.0f ns_per_doc=%.1f baseline_per_s=%.0f ratio=%.4f n=%.0f\n",
         zps, 1e9 / zps, bps, zps / bps, n);
  return 0;
}
