/*
** token_pairs.c: token-level cross-script recall and false-positive rate of
** zeef on the Wikidata transliteration pairs of Merhav & Ash (COLING 2018).
**
** Data: <DATA>/wikidata-translit-coling2018/, lines
**   latin<TAB>target letters separated by single spaces<TAB>count
** The target token is the target side with its spaces removed.
**
** Slices:
**   - Arabic (wd_arabic.normalized.aligned.tokens): the evaluation slice is
**     ONLY the last 12,994 lines (the held-out 20 %). The first 51,979 lines
**     were used to build zeef's variant table; they are reported separately
**     as "training slice (leaks into variant table)" and must not be quoted
**     as a result.
**   - Russian (wd_russian.tokens_80+20): all lines.
**
** Recall: each Latin token and each target token is analysed on its own as a
** one-token name (zeef_name_analyze, ZEEF_FORM_FREE). If either yields no
** token (or analysis fails) the pair is a miss. Similarity is the maximum of
** zeef_token_similarity(ctx, latin, i, target, j) over all token pairs (the
** Arabic side may split off an article). A pair is recalled when the
** similarity >= ZEEF_TOKEN_THRESHOLD. Recall is reported unweighted (per
** line) and weighted by the line's count.
**
** False positives: target token of line i against the Latin token of line
** p(i) = (i*7919 + 13) mod n, within the same slice. If that Latin string
** equals line i's Latin string, or that line's target token equals line
** i's target token (a true pair in disguise), p moves on to the next line
** (mod n) until neither holds. The share of shuffled pairs with similarity
** >= ZEEF_TOKEN_THRESHOLD is the false-positive rate (target <= 2 %).
**
** Output: per slice, recall/FP numbers, the 15 most frequent misses and 15
** example false positives (Markdown tables), then RESULT lines such as
**   RESULT token_pairs lang=arabic slice=heldout recall=0.81 recall_weighted=0.86 fp_rate=0.013 n=12994
**
** Usage: token_pairs [DATA_DIR]   (default ../shared/data)
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "zeef.h"

#define AR_TRAIN_LINES 51979u
#define AR_HELDOUT_LINES 12994u
#define TOP_SHOW 40
#define PERM_MUL 7919u
#define PERM_ADD 13u

typedef struct pair {
  char *latin;  /* as in the file */
  char *target; /* spaces removed */
  long count;
  zeef_name *nl; /* analysed Latin token, NULL on failure */
  zeef_name *nt; /* analysed target token, NULL on failure */
  zeef_status sl, st;
  double sim; /* similarity of the true pair; -1 when not analysable */
} pair;

typedef struct dataset {
  pair *p;
  size_t n, cap;
} dataset;

static void dataset_free(dataset *d) {
  for (size_t i = 0; i < d->n; i++) {
    free(d->p[i].latin);
    free(d->p[i].target);
    zeef_name_free(d->p[i].nl);
    zeef_name_free(d->p[i].nt);
  }
  free(d->p);
  d->p = NULL;
  d->n = d->cap = 0;
}

static char *dup_range(const char *s, size_t len, int drop_spaces) {
  char *r = malloc(len + 1);
  if (!r) return NULL;
  size_t o = 0;
  for (size_t i = 0; i < len; i++)
    if (!(drop_spaces && s[i] == ' ')) r[o++] = s[i];
  r[o] = '\0';
  return r;
}

/* Reads every line of path into d. Returns 0, or -1 with a message. */
static int load(const char *path, dataset *d) {
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "token_pairs: cannot open %s\n", path);
    return -1;
  }
  char *line = NULL;
  size_t lcap = 0;
  ssize_t got;
  size_t lineno = 0;
  int rc = 0;
  while ((got = getline(&line, &lcap, f)) != -1) {
    lineno++;
    size_t len = (size_t)got;
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
    char *t1 = memchr(line, '\t', len);
    char *t2 = t1 ? memchr(t1 + 1, '\t', len - (size_t)(t1 + 1 - line)) : NULL;
    if (!t1 || !t2) {
      fprintf(stderr, "token_pairs: %s:%zu: expected three TAB-separated fields\n", path, lineno);
      rc = -1;
      break;
    }
    char *end = NULL;
    long count = strtol(t2 + 1, &end, 10);
    if (end == t2 + 1 || *end != '\0' || count < 0) {
      fprintf(stderr, "token_pairs: %s:%zu: bad count\n", path, lineno);
      rc = -1;
      break;
    }
    if (d->n == d->cap) {
      size_t nc = d->cap ? 2 * d->cap : 4096;
      pair *g = realloc(d->p, nc * sizeof *g);
      if (!g) {
        rc = -1;
        fprintf(stderr, "token_pairs: out of memory\n");
        break;
      }
      d->p = g;
      d->cap = nc;
    }
    pair *p = &d->p[d->n];
    memset(p, 0, sizeof *p);
    p->latin = dup_range(line, (size_t)(t1 - line), 0);
    p->target = dup_range(t1 + 1, (size_t)(t2 - t1 - 1), 1);
    p->count = count;
    p->sim = -1.0;
    if (!p->latin || !p->target) {
      free(p->latin);
      free(p->target);
      fprintf(stderr, "token_pairs: out of memory\n");
      rc = -1;
      break;
    }
    d->n++;
  }
  if (rc == 0 && ferror(f)) {
    fprintf(stderr, "token_pairs: read error on %s\n", path);
    rc = -1;
  }
  free(line);
  fclose(f);
  return rc;
}

/* Max over token pairs of zeef_token_similarity; -1 when either is NULL or
** has no tokens. */
static double best_sim(const zeef_ctx *ctx, const zeef_name *a, const zeef_name *b) {
  if (!a || !b) return -1.0;
  size_t na = zeef_name_token_count(a), nb = zeef_name_token_count(b);
  if (!na || !nb) return -1.0;
  double best = 0.0;
  for (size_t i = 0; i < na; i++)
    for (size_t j = 0; j < nb; j++) {
      double s = zeef_token_similarity(ctx, a, i, b, j);
      if (s > best) best = s;
    }
  return best;
}

/* zeef's Latin forms of all tokens of n, space-separated, into buf. */
static void latin_forms(const zeef_name *n, char *buf, size_t cap) {
  size_t o = 0;
  buf[0] = '\0';
  if (!n) {
    (void)snprintf(buf, cap, "-");
    return;
  }
  for (size_t i = 0; i < zeef_name_token_count(n); i++) {
    zeef_token_info ti;
    if (zeef_name_token(n, i, &ti) != ZEEF_OK) continue;
    int w = snprintf(buf + o, cap - o, "%s%s", o ? " " : "", ti.latin);
    if (w < 0 || (size_t)w >= cap - o) break;
    o += (size_t)w;
  }
}

static const pair *g_sort_base;
static int by_count_desc(const void *x, const void *y) {
  size_t a = *(const size_t *)x, b = *(const size_t *)y;
  long ca = g_sort_base[a].count, cb = g_sort_base[b].count;
  if (ca != cb) return ca > cb ? -1 : 1;
  return a < b ? -1 : (a > b);
}

static double now_s(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) return 0.0;
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Evaluates lines [lo, hi) of d. show: print miss and FP tables.
** Returns 0, or -1 on allocation failure. */
static int evaluate(const zeef_ctx *ctx, dataset *d, size_t lo, size_t hi, const char *lang, const char *slice,
                    const char *label, int show) {
  size_t n = hi - lo;
  if (n == 0) return 0;
  double t0 = now_s();
  size_t n_fail_l = 0, n_fail_t = 0, n_rec = 0;
  double w_all = 0.0, w_rec = 0.0;
  size_t *miss = malloc(n * sizeof *miss);
  if (!miss) return -1;
  size_t nmiss = 0;
  for (size_t k = lo; k < hi; k++) {
    pair *p = &d->p[k];
    if (!p->nl && p->sl == ZEEF_OK) p->sl = zeef_name_analyze(ctx, p->latin, strlen(p->latin), ZEEF_FORM_FREE, &p->nl);
    if (!p->nt && p->st == ZEEF_OK) p->st = zeef_name_analyze(ctx, p->target, strlen(p->target), ZEEF_FORM_FREE, &p->nt);
    if (p->sl != ZEEF_OK || !p->nl || !zeef_name_token_count(p->nl)) n_fail_l++;
    if (p->st != ZEEF_OK || !p->nt || !zeef_name_token_count(p->nt)) n_fail_t++;
    p->sim = best_sim(ctx, p->nl, p->nt);
    w_all += (double)p->count;
    if (p->sim >= ZEEF_TOKEN_THRESHOLD) {
      n_rec++;
      w_rec += (double)p->count;
    } else {
      miss[nmiss++] = k;
    }
  }

  /* Shuffled pairs. */
  size_t n_fp = 0, n_fp_eval = 0, n_fp_skip = 0;
  size_t fp_show[TOP_SHOW], fp_with[TOP_SHOW];
  double fp_sim[TOP_SHOW];
  size_t nfp_show = 0;
  for (size_t i = 0; i < n; i++) {
    const pair *t = &d->p[lo + i];
    size_t j = (size_t)(((unsigned long long)i * PERM_MUL + PERM_ADD) % n);
    size_t tries = 0;
    while (tries < n &&
           (strcmp(d->p[lo + j].latin, t->latin) == 0 || strcmp(d->p[lo + j].target, t->target) == 0)) {
      j = (j + 1) % n;
      tries++;
    }
    if (tries == n) {
      n_fp_skip++;
      continue;
    }
    const pair *l = &d->p[lo + j];
    double s = best_sim(ctx, l->nl, t->nt);
    n_fp_eval++;
    if (s >= ZEEF_TOKEN_THRESHOLD) {
      n_fp++;
      if (nfp_show < TOP_SHOW) {
        fp_show[nfp_show] = lo + i;
        fp_with[nfp_show] = lo + j;
        fp_sim[nfp_show] = s;
        nfp_show++;
      }
    }
  }
  double secs = now_s() - t0;

  double recall = (double)n_rec / (double)n;
  double recall_w = w_all > 0 ? w_rec / w_all : 0.0;
  double fp_rate = n_fp_eval ? (double)n_fp / (double)n_fp_eval : 0.0;
  printf("### %s\n\n", label);
  printf("lines %zu..%zu (n=%zu, total count %.0f); evaluated in %.2f s\n\n", lo + 1, hi, n, w_all, secs);
  printf("| measure | value |\n|---|---:|\n");
  printf("| recall (unweighted) | %.2f%% (%zu / %zu) |\n", 100.0 * recall, n_rec, n);
  printf("| recall (weighted by count) | %.2f%% |\n", 100.0 * recall_w);
  printf("| Latin token not analysable | %zu |\n", n_fail_l);
  printf("| target token not analysable | %zu |\n", n_fail_t);
  printf("| false-positive rate, shuffled | %.2f%% (%zu / %zu, target <= 2%%) |\n\n", 100.0 * fp_rate, n_fp,
         n_fp_eval);

  if (show) {
    char buf[512];
    g_sort_base = d->p;
    qsort(miss, nmiss, sizeof *miss, by_count_desc);
    printf("Top %d misses by count:\n\n| Latin | target | zeef latin of target | count | sim |\n|---|---|---|---:|---:|\n",
           TOP_SHOW);
    for (size_t k = 0; k < nmiss && k < TOP_SHOW; k++) {
      const pair *p = &d->p[miss[k]];
      latin_forms(p->nt, buf, sizeof buf);
      if (p->sim < 0)
        printf("| %s | %s | %s | %ld | %s |\n", p->latin, p->target, buf, p->count,
               p->sl != ZEEF_OK ? zeef_strerror(p->sl) : p->st != ZEEF_OK ? zeef_strerror(p->st) : "no tokens");
      else
        printf("| %s | %s | %s | %ld | %.3f |\n", p->latin, p->target, buf, p->count, p->sim);
    }
    printf("\nExample false positives (first %d in line order):\n\n"
           "| target | its true Latin | shuffled Latin | zeef latin of target | sim |\n|---|---|---|---|---:|\n",
           TOP_SHOW);
    for (size_t k = 0; k < nfp_show; k++) {
      const pair *t = &d->p[fp_show[k]];
      latin_forms(t->nt, buf, sizeof buf);
      printf("| %s | %s | %s | %s | %.3f |\n", t->target, t->latin, d->p[fp_with[k]].latin, buf, fp_sim[k]);
    }
    printf("\n");
  }
  printf("RESULT token_pairs lang=%s slice=%s recall=%.4f recall_weighted=%.4f fp_rate=%.4f n=%zu\n\n", lang, slice,
         recall, recall_w, fp_rate, n);
  free(miss);
  return 0;
}

int main(int argc, char **argv) {
  const char *data = argc > 1 ? argv[1] : "../shared/data";
  char path_ar[4096], path_ru[4096];
  int w1 = snprintf(path_ar, sizeof path_ar, "%s/wikidata-translit-coling2018/wd_arabic.normalized.aligned.tokens",
                    data);
  int w2 = snprintf(path_ru, sizeof path_ru, "%s/wikidata-translit-coling2018/wd_russian.tokens_80+20", data);
  if (w1 < 0 || (size_t)w1 >= sizeof path_ar || w2 < 0 || (size_t)w2 >= sizeof path_ru) {
    fprintf(stderr, "token_pairs: data path too long\n");
    return 2;
  }
  zeef_ctx *ctx = NULL;
  zeef_status rc = zeef_ctx_new(NULL, &ctx);
  if (rc != ZEEF_OK) {
    fprintf(stderr, "token_pairs: zeef_ctx_new: %s\n", zeef_strerror(rc));
    return 2;
  }
  printf("## Token-level cross-script recall (Wikidata pairs, COLING 2018)\n\n");
  printf("threshold: ZEEF_TOKEN_THRESHOLD = %.2f, model %s; FP pairs: i -> (i*%u+%u) mod n\n\n",
         ZEEF_TOKEN_THRESHOLD, ZEEF_MODEL_VERSION, PERM_MUL, PERM_ADD);

  int status = 0;
  dataset ar = {0}, ru = {0};
  if (load(path_ar, &ar) != 0) {
    status = 2;
  } else if (ar.n != AR_TRAIN_LINES + AR_HELDOUT_LINES) {
    fprintf(stderr, "token_pairs: %s has %zu lines, expected %u\n", path_ar, ar.n,
            AR_TRAIN_LINES + AR_HELDOUT_LINES);
    status = 2;
  } else {
    if (evaluate(ctx, &ar, AR_TRAIN_LINES, ar.n, "arabic", "heldout",
                 "Arabic, held-out 20% slice (last 12,994 lines): the evaluation", 1) != 0 ||
        evaluate(ctx, &ar, 0, AR_TRAIN_LINES, "arabic", "training",
                 "Arabic, training slice (leaks into variant table): NOT an evaluation", 0) != 0)
      status = 2;
  }
  dataset_free(&ar);
  if (status == 0) {
    if (load(path_ru, &ru) != 0 ||
        evaluate(ctx, &ru, 0, ru.n, "russian", "all", "Russian, all lines", 1) != 0)
      status = 2;
  }
  dataset_free(&ru);
  zeef_ctx_free(ctx);
  if (status) fprintf(stderr, "token_pairs: failed\n");
  return status;
}
