/*
** speed.c: single-thread speed of zeef name analysis and comparison, as
** absolute numbers and as ratios against a baseline measured in the same run
** (so that results from different machines can be compared).
**
** Names come from the UN Security Council Consolidated List
** (<DATA>/un-consolidated/consolidated.xml, read with libxml2): the Latin
** primary name of every INDIVIDUAL (FIRST_NAME .. FOURTH_NAME, trimmed,
** joined by a space), every non-empty NAME_ORIGINAL_SCRIPT and every
** non-empty INDIVIDUAL_ALIAS/ALIAS_NAME. Runs of ASCII whitespace are
** collapsed to one space.
**
** (a) Analysis: zeef_name_analyze(ZEEF_FORM_FREE) + zeef_name_free over all
**     Latin primary names and all original-script names; one run = one pass
**     over the set; µs per name and names/s are the median of 7 runs.
** (b) Comparison: the first N=2000 names of (Latin primary names, then
**     aliases) that analyse without error are pre-analysed; one run = every
**     4th of them (500) against all 2000 with zeef_compare (1,000,000
**     comparisons); comparisons/s is the median of 7 runs.
** Baseline: a plain two-row byte-level Levenshtein distance (below) over the
**     same raw UTF-8 pairs, also the median of 7 runs, interleaved with the
**     zeef runs. Reported: zeef/baseline throughput ratio for comparison, and
**     for analysis the cost of one analysis in baseline comparisons.
** Memory: the context is created with a counting allocator; bytes still
**     live after pre-analysing the N names, divided by N, is the memory per
**     analysed name (zeef's own allocations only; ICU's are not counted).
**
** Timing: clock_gettime(CLOCK_MONOTONIC), one thread, one untimed warm-up
** pass each; results go to a volatile sink so the work cannot be dropped.
**
** Output ends with RESULT lines, e.g.
**   RESULT speed_analyze us_per_name=2.1 names_per_s=476190 n=1066 lev_equiv=6.2
**   RESULT speed_compare per_s=1200000 baseline_per_s=3000000 ratio=0.40 n=1000000
**
** Usage: speed [DATA_DIR]   (default ../shared/data)
*/
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "zeef.h"
#include "bench.h"

#define RUNS 7
#define NCMP_NAMES 2000u
#define NCMP_STEP 4u /* every 4th name is a probe: 500 probes */
#define NAME_BUF 2048

static volatile double g_sink;

/* ------------------------------------------------------ counting allocator */

typedef struct counter {
  size_t live, peak, calls;
} counter;

/* Header in front of every block: its size, padded to max alignment. */
typedef union hdr {
  size_t size;
  max_align_t align;
} hdr;

static void *cnt_malloc(void *ud, size_t n) {
  counter *c = ud;
  if (n > (size_t)-1 - sizeof(hdr)) return NULL;
  hdr *h = malloc(sizeof(hdr) + n);
  if (!h) return NULL;
  h->size = n;
  c->live += n;
  c->calls++;
  if (c->live > c->peak) c->peak = c->live;
  return h + 1;
}

static void cnt_free(void *ud, void *p) {
  counter *c = ud;
  if (!p) return;
  hdr *h = (hdr *)p - 1;
  c->live -= h->size;
  free(h);
}

static void *cnt_realloc(void *ud, void *p, size_t n) {
  counter *c = ud;
  if (!p) return cnt_malloc(ud, n);
  if (n > (size_t)-1 - sizeof(hdr)) return NULL;
  hdr *h = (hdr *)p - 1;
  size_t old = h->size;
  hdr *g = realloc(h, sizeof(hdr) + n);
  if (!g) return NULL;
  g->size = n;
  c->live = c->live - old + n;
  c->calls++;
  if (c->live > c->peak) c->peak = c->live;
  return g + 1;
}

/* ---------------------------------------------------------------- names */

typedef struct strlist {
  char **s;
  size_t n, cap;
} strlist;

static int sl_push(strlist *l, const char *s) {
  if (l->n == l->cap) {
    size_t nc = l->cap ? 2 * l->cap : 256;
    char **g = realloc(l->s, nc * sizeof *g);
    if (!g) return -1;
    l->s = g;
    l->cap = nc;
  }
  size_t len = strlen(s);
  char *d = malloc(len + 1);
  if (!d) return -1;
  memcpy(d, s, len + 1);
  l->s[l->n++] = d;
  return 0;
}

static void sl_free(strlist *l) {
  for (size_t i = 0; i < l->n; i++) free(l->s[i]);
  free(l->s);
  l->s = NULL;
  l->n = l->cap = 0;
}

static int is_ws(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Trims and collapses ASCII whitespace of src into dst; -1 if too long. */
static int squeeze(const char *src, char *dst, size_t cap) {
  size_t o = 0;
  int pending = 0;
  for (const unsigned char *p = (const unsigned char *)src; *p; p++) {
    if (is_ws(*p)) {
      pending = (o > 0);
      continue;
    }
    if (o + 2 >= cap) return -1;
    if (pending) dst[o++] = ' ';
    pending = 0;
    dst[o++] = (char)*p;
  }
  dst[o] = '\0';
  return 0;
}

static xmlNodePtr child(xmlNodePtr node, const char *name) {
  for (xmlNodePtr c = node->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && xmlStrcmp(c->name, (const xmlChar *)name) == 0) return c;
  return NULL;
}

static int node_text(xmlNodePtr c, char *dst, size_t cap) {
  dst[0] = '\0';
  if (!c) return 0;
  xmlChar *t = xmlNodeGetContent(c);
  if (!t) return 0;
  int r = squeeze((const char *)t, dst, cap);
  xmlFree(t);
  return r;
}

/* Fills latin (primary names), orig (original script) and alias. */
static int load_un(const char *path, strlist *latin, strlist *orig, strlist *alias) {
  xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
  if (!doc) {
    fprintf(stderr, "speed: cannot parse %s\n", path);
    return -1;
  }
  xmlNodePtr root = xmlDocGetRootElement(doc);
  xmlNodePtr inds = root ? child(root, "INDIVIDUALS") : NULL;
  if (!inds) {
    fprintf(stderr, "speed: no INDIVIDUALS in %s\n", path);
    xmlFreeDoc(doc);
    return -1;
  }
  static const char *const parts[] = {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"};
  char full[NAME_BUF], part[NAME_BUF];
  int rc = 0;
  for (xmlNodePtr ind = inds->children; ind && rc == 0; ind = ind->next) {
    if (ind->type != XML_ELEMENT_NODE || xmlStrcmp(ind->name, (const xmlChar *)"INDIVIDUAL") != 0) continue;
    size_t len = 0;
    full[0] = '\0';
    int too_long = 0;
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
      if (node_text(child(ind, parts[k]), part, sizeof part) != 0) too_long = 1;
      if (!part[0]) continue;
      int w = snprintf(full + len, sizeof full - len, "%s%s", len ? " " : "", part);
      if (w < 0 || (size_t)w >= sizeof full - len) {
        too_long = 1;
        break;
      }
      len += (size_t)w;
    }
    if (!too_long && full[0] && sl_push(latin, full) != 0) rc = -1;
    if (rc == 0 && node_text(child(ind, "NAME_ORIGINAL_SCRIPT"), part, sizeof part) == 0 && part[0] &&
        sl_push(orig, part) != 0)
      rc = -1;
    for (xmlNodePtr a = ind->children; a && rc == 0; a = a->next) {
      if (a->type != XML_ELEMENT_NODE || xmlStrcmp(a->name, (const xmlChar *)"INDIVIDUAL_ALIAS") != 0) continue;
      if (node_text(child(a, "ALIAS_NAME"), part, sizeof part) == 0 && part[0] && sl_push(alias, part) != 0)
        rc = -1;
    }
  }
  if (rc != 0) fprintf(stderr, "speed: out of memory\n");
  xmlFreeDoc(doc);
  return rc;
}

/* ---------------------------------------------------------------- baseline */

/* Byte-level Levenshtein distance, two rows; inputs longer than
** ZEEF_NAME_MAX_BYTES are cut there (none in the data). */
static unsigned levenshtein(const char *a, size_t la, const char *b, size_t lb) {
  static unsigned r0[ZEEF_NAME_MAX_BYTES + 1], r1[ZEEF_NAME_MAX_BYTES + 1];
  if (la > ZEEF_NAME_MAX_BYTES) la = ZEEF_NAME_MAX_BYTES;
  if (lb > ZEEF_NAME_MAX_BYTES) lb = ZEEF_NAME_MAX_BYTES;
  unsigned *prev = r0, *cur = r1;
  for (size_t j = 0; j <= lb; j++) prev[j] = (unsigned)j;
  for (size_t i = 1; i <= la; i++) {
    cur[0] = (unsigned)i;
    for (size_t j = 1; j <= lb; j++) {
      unsigned sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
      unsigned del = prev[j] + 1, ins = cur[j - 1] + 1;
      unsigned m = sub < del ? sub : del;
      cur[j] = m < ins ? m : ins;
    }
    unsigned *t = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb];
}

/* -------------------------------------------------------------- the runs */

/* One analysis pass over names; returns seconds, or -1 on an unexpected
** error (errors expected for a name are counted in *nerr). */
static double run_analyze(const zeef_ctx *ctx, const strlist *names, size_t *nerr) {
  size_t tok = 0, err = 0;
  double t0 = now_s();
  for (size_t i = 0; i < names->n; i++) {
    zeef_name *n = NULL;
    zeef_status rc = zeef_name_analyze(ctx, names->s[i], strlen(names->s[i]), ZEEF_FORM_FREE, &n);
    if (rc == ZEEF_E_NOMEM) return -1.0;
    if (rc != ZEEF_OK) {
      err++;
      continue;
    }
    tok += zeef_name_token_count(n);
    zeef_name_free(n);
  }
  double t = now_s() - t0;
  g_sink += (double)tok;
  *nerr = err;
  return t;
}

static double run_compare(const zeef_ctx *ctx, zeef_name *const *an, size_t n, int *bad) {
  double acc = 0.0;
  zeef_match m;
  double t0 = now_s();
  for (size_t i = 0; i < n; i += NCMP_STEP)
    for (size_t j = 0; j < n; j++) {
      if (zeef_compare(ctx, an[i], an[j], &m) != ZEEF_OK) {
        *bad = 1;
        continue;
      }
      acc += m.score;
    }
  double t = now_s() - t0;
  g_sink += acc;
  return t;
}

static double run_baseline(char *const *raw, const size_t *len, size_t n) {
  unsigned long long acc = 0;
  double t0 = now_s();
  for (size_t i = 0; i < n; i += NCMP_STEP)
    for (size_t j = 0; j < n; j++) acc += levenshtein(raw[i], len[i], raw[j], len[j]);
  double t = now_s() - t0;
  g_sink += (double)acc;
  return t;
}

static void print_machine(void) {
  char model[256];
  cpu_model(model, sizeof model);
  long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
  printf("machine: %s, nproc %ld; zeef %s (model %s); cc %s; 1 thread, median of %d runs\n\n", model, ncpu,
         ZEEF_VERSION, ZEEF_MODEL_VERSION, __VERSION__, RUNS);
}

int main(int argc, char **argv) {
  const char *data = argc > 1 ? argv[1] : "../shared/data";
  char path[4096];
  int w = snprintf(path, sizeof path, "%s/un-consolidated/consolidated.xml", data);
  if (w < 0 || (size_t)w >= sizeof path) {
    fprintf(stderr, "speed: data path too long\n");
    return 2;
  }
  LIBXML_TEST_VERSION
  strlist latin = {0}, orig = {0}, alias = {0}, both = {0};
  int status = 0;
  counter cnt = {0, 0, 0};
  zeef_allocator al = {cnt_malloc, cnt_realloc, cnt_free, &cnt};
  zeef_ctx *ctx = NULL;
  zeef_name **an = NULL;
  char **raw = NULL;
  size_t *rawlen = NULL, nan = 0;

  if (load_un(path, &latin, &orig, &alias) != 0) {
    status = 2;
    goto done;
  }
  for (size_t i = 0; i < latin.n && status == 0; i++)
    if (sl_push(&both, latin.s[i]) != 0) status = 2;
  for (size_t i = 0; i < orig.n && status == 0; i++)
    if (sl_push(&both, orig.s[i]) != 0) status = 2;
  if (status) {
    fprintf(stderr, "speed: out of memory\n");
    goto done;
  }
  zeef_status zrc = zeef_ctx_new(&al, &ctx);
  if (zrc != ZEEF_OK) {
    fprintf(stderr, "speed: zeef_ctx_new: %s\n", zeef_strerror(zrc));
    status = 2;
    goto done;
  }
  size_t ctx_bytes = cnt.live;

  printf("## Speed (UN consolidated list names)\n\n");
  print_machine();
  printf("names: %zu Latin primary, %zu original script, %zu aliases; context: %zu bytes via the allocator\n\n",
         latin.n, orig.n, alias.n, ctx_bytes);

  /* (b) setup first: the pre-analysed set, which also yields memory/name. */
  an = calloc(NCMP_NAMES, sizeof *an);
  raw = calloc(NCMP_NAMES, sizeof *raw);
  rawlen = calloc(NCMP_NAMES, sizeof *rawlen);
  if (!an || !raw || !rawlen) {
    fprintf(stderr, "speed: out of memory\n");
    status = 2;
    goto done;
  }
  size_t live0 = cnt.live, calls0 = cnt.calls;
  for (size_t k = 0; k < latin.n + alias.n && nan < NCMP_NAMES; k++) {
    char *s = k < latin.n ? latin.s[k] : alias.s[k - latin.n];
    zeef_name *n = NULL;
    zeef_status rc = zeef_name_analyze(ctx, s, strlen(s), ZEEF_FORM_FREE, &n);
    if (rc == ZEEF_E_NOMEM) {
      fprintf(stderr, "speed: out of memory\n");
      status = 2;
      goto done;
    }
    if (rc != ZEEF_OK) continue;
    an[nan] = n;
    raw[nan] = s;
    rawlen[nan] = strlen(s);
    nan++;
  }
  double mem_per_name = nan ? (double)(cnt.live - live0) / (double)nan : 0.0;
  double allocs_per_name = nan ? (double)(cnt.calls - calls0) / (double)nan : 0.0;
  size_t sum_len = 0;
  for (size_t i = 0; i < nan; i++) sum_len += rawlen[i];

  /* (a) analysis */
  size_t nerr_l = 0, nerr_o = 0, nerr_b = 0;
  double ta_l[RUNS], ta_o[RUNS], ta_b[RUNS];
  if (run_analyze(ctx, &both, &nerr_b) < 0) { /* warm-up */
    status = 2;
    goto done;
  }
  for (int r = 0; r < RUNS; r++) {
    ta_l[r] = run_analyze(ctx, &latin, &nerr_l);
    ta_o[r] = run_analyze(ctx, &orig, &nerr_o);
    ta_b[r] = run_analyze(ctx, &both, &nerr_b);
    if (ta_l[r] < 0 || ta_o[r] < 0 || ta_b[r] < 0) {
      fprintf(stderr, "speed: out of memory during analysis\n");
      status = 2;
      goto done;
    }
  }
  double ml = median(ta_l, RUNS), mo = median(ta_o, RUNS), mb = median(ta_b, RUNS);

  /* (b) comparison, interleaved with the baseline */
  size_t nprobe = (nan + NCMP_STEP - 1) / NCMP_STEP;
  double ncmp = (double)nprobe * (double)nan;
  double tc[RUNS], tl[RUNS];
  int bad = 0;
  /* The first pass starts with zeef's per-thread similarity memo empty;
  ** it is reported apart, the median runs after it find the memo warm. */
  double tcold = run_compare(ctx, an, nan, &bad);
  (void)run_baseline(raw, rawlen, nan);
  for (int r = 0; r < RUNS; r++) {
    tc[r] = run_compare(ctx, an, nan, &bad);
    tl[r] = run_baseline(raw, rawlen, nan);
  }
  if (bad) {
    fprintf(stderr, "speed: zeef_compare failed\n");
    status = 2;
    goto done;
  }
  double mc = median(tc, RUNS), mlv = median(tl, RUNS);
  double cmp_per_s = ncmp / mc, lev_per_s = ncmp / mlv;
  double lev_us = 1e6 * mlv / ncmp;

  double us_b = 1e6 * mb / (double)both.n;
  printf("### (a) analysis: zeef_name_analyze + zeef_name_free\n\n");
  printf("| set | names | errors | µs/name | names/s | cost in baseline comparisons |\n|---|---:|---:|---:|---:|---:|\n");
  printf("| Latin primary | %zu | %zu | %.2f | %.0f | %.1f |\n", latin.n, nerr_l, 1e6 * ml / (double)latin.n,
         (double)latin.n / ml, 1e6 * ml / (double)latin.n / lev_us);
  printf("| original script | %zu | %zu | %.2f | %.0f | %.1f |\n", orig.n, nerr_o, 1e6 * mo / (double)orig.n,
         (double)orig.n / mo, 1e6 * mo / (double)orig.n / lev_us);
  printf("| all | %zu | %zu | %.2f | %.0f | %.1f |\n\n", both.n, nerr_b, us_b, (double)both.n / mb, us_b / lev_us);

  printf("### (b) comparison: zeef_compare on pre-analysed names\n\n");
  printf("%zu names (Latin primary, then aliases; mean %.1f bytes), %zu probes x %zu = %.0f comparisons per run\n\n",
         nan, nan ? (double)sum_len / (double)nan : 0.0, nprobe, nan, ncmp);
  printf("| method | comparisons/s | ns/comparison |\n|---|---:|---:|\n");
  printf("| zeef_compare | %.0f | %.1f |\n", cmp_per_s, 1e9 / cmp_per_s);
  printf("| zeef_compare, first pass (memo empty at start) | %.0f | %.1f |\n", ncmp / tcold,
         1e9 * tcold / ncmp);
  printf("| baseline: byte Levenshtein | %.0f | %.1f |\n\n", lev_per_s, 1e9 / lev_per_s);
  printf("zeef/baseline throughput ratio: %.2f; target >= 1,000,000 comparisons/s per core: %s\n\n",
         cmp_per_s / lev_per_s, cmp_per_s >= 1e6 ? "met" : "NOT met");
  printf("memory per analysed name: %.0f bytes in %.1f allocations (live after analysis, %zu names)\n\n",
         mem_per_name, allocs_per_name, nan);

  printf("RESULT speed_analyze us_per_name=%.3f names_per_s=%.0f n=%zu lev_equiv=%.2f\n", us_b,
         (double)both.n / mb, both.n, us_b / lev_us);
  printf("RESULT speed_compare_first_pass per_s=%.0f\n", ncmp / tcold);
  printf("RESULT speed_compare per_s=%.0f baseline_per_s=%.0f ratio=%.3f n=%.0f\n", cmp_per_s, lev_per_s,
         cmp_per_s / lev_per_s, ncmp);
  printf("RESULT speed_memory bytes_per_name=%.0f n=%zu\n", mem_per_name, nan);

done:
  if (an)
    for (size_t i = 0; i < nan; i++) zeef_name_free(an[i]);
  free(an);
  free(raw);
  free(rawlen);
  zeef_ctx_free(ctx);
  sl_free(&latin);
  sl_free(&orig);
  sl_free(&alias);
  sl_free(&both);
  xmlCleanupParser();
  return status;
}
