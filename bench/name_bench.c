/*
** name_bench.c: accuracy of zeef's name comparison on OpenSanctions'
** labelled name-pair benchmark (nomenklatura contrib/name_bench/cases.csv),
** rows with schema Person, beside the logic-v2 scores frozen in
** logicv2-frozen.csv for the same rows (their threshold: 0.7).
**
** Prints precision, recall and F1 at ZEEF_NAME_THRESHOLD overall and per
** case_group, every failure of a STRONG-quality label, a threshold sweep
** (for information: the default is not chosen from it), and with --errors
** every misclassified pair.
**
** usage: name_bench [DATA_DIR] [--errors]
*/
#include "zeef.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 2000
#define MAX_FIELDS 16
#define FIELD_MAX 512
#define LOGIC_V2_THRESHOLD 0.7

typedef struct row {
  char f[MAX_FIELDS][FIELD_MAX];
  int nf;
} row;

typedef struct table {
  row *rows;
  int n;
  int cur_field;
} table;

static void on_field(void *s, size_t len, void *data) {
  table *t = data;
  row *r = &t->rows[t->n];
  if (t->n >= MAX_ROWS) return;
  if (r->nf < MAX_FIELDS) {
    if (len >= FIELD_MAX) len = FIELD_MAX - 1;
    memcpy(r->f[r->nf], s, len);
    r->f[r->nf][len] = 0;
    r->nf++;
  }
}

static void on_row(int c, void *data) {
  table *t = data;
  (void)c;
  if (t->n < MAX_ROWS) t->n++;
}

static int load(const char *path, table *t) {
  FILE *f = fopen(path, "rb");
  struct csv_parser p;
  char buf[65536];
  size_t n;
  if (!f) {
    fprintf(stderr, "name_bench: %s: cannot open\n", path);
    return -1;
  }
  t->rows = calloc(MAX_ROWS + 1, sizeof *t->rows);
  t->n = 0;
  if (!t->rows || csv_init(&p, CSV_APPEND_NULL) != 0) {
    fclose(f);
    return -1;
  }
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
    if (csv_parse(&p, buf, n, on_field, on_row, t) != n) {
      fprintf(stderr, "name_bench: %s: %s\n", path, csv_strerror(csv_error(&p)));
      break;
    }
  }
  csv_fini(&p, on_field, on_row, t);
  csv_free(&p);
  fclose(f);
  return 0;
}

static int col(const row *header, const char *name) {
  for (int i = 0; i < header->nf; i++)
    if (strcmp(header->f[i], name) == 0) return i;
  fprintf(stderr, "name_bench: no column %s\n", name);
  exit(2);
}

typedef struct counts {
  int tp, fp, tn, fn;
} counts;

static void tally(counts *c, int truth, int pred) {
  if (truth && pred) c->tp++;
  else if (truth) c->fn++;
  else if (pred) c->fp++;
  else c->tn++;
}

static void prf(const counts *c, double *p, double *r, double *f1) {
  *p = c->tp + c->fp ? (double)c->tp / (c->tp + c->fp) : 0;
  *r = c->tp + c->fn ? (double)c->tp / (c->tp + c->fn) : 0;
  *f1 = *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0;
}

#define MAX_GROUPS 16

int main(int argc, char **argv) {
  const char *dir = "../shared/data";
  int show_errors = 0;
  char path[1024];
  table cases, frozen;
  zeef_ctx *ctx;
  char groups[MAX_GROUPS][64];
  counts gz[MAX_GROUPS] = {{0}}, gl[MAX_GROUPS] = {{0}}, all_z = {0}, all_l = {0};
  int ngroups = 0, nrows = 0, strong_fail = 0, no_v2 = 0;
  static double score[MAX_ROWS];
  static int truth[MAX_ROWS], used[MAX_ROWS];

  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--errors") == 0) show_errors = 1;
    else dir = argv[i];
  }
  snprintf(path, sizeof path, "%s/nomenklatura-name-bench/cases.csv", dir);
  if (load(path, &cases)) return 2;
  snprintf(path, sizeof path, "%s/nomenklatura-name-bench/logicv2-frozen.csv", dir);
  if (load(path, &frozen)) return 2;
  if (zeef_ctx_new(NULL, &ctx)) return 2;

  const row *h = &cases.rows[0], *hv = &frozen.rows[0];
  int c_group = col(h, "case_group"), c_schema = col(h, "schema"), c_n1 = col(h, "name1"),
      c_n2 = col(h, "name2"), c_match = col(h, "is_match"), c_q = col(h, "quality");
  int v_group = col(hv, "case_group"), v_n1 = col(hv, "name1"), v_n2 = col(hv, "name2"),
      v_score = col(hv, "score"), v_schema = col(hv, "schema");

  printf("## nomenklatura name_bench, Person rows (threshold %.2f; logic-v2 at %.2f)\n\n",
         ZEEF_NAME_THRESHOLD, LOGIC_V2_THRESHOLD);
  for (int i = 1; i < cases.n; i++) {
    const row *r = &cases.rows[i];
    zeef_name *a = NULL, *b = NULL;
    zeef_match m;
    int g, t, v2 = -1;
    double s = 0;
    if (r->nf <= c_q || strcmp(r->f[c_schema], "Person") != 0) continue;
    t = strcmp(r->f[c_match], "true") == 0;
    if (zeef_name_analyze(ctx, r->f[c_n1], strlen(r->f[c_n1]), ZEEF_FORM_FREE, &a) == 0 &&
        zeef_name_analyze(ctx, r->f[c_n2], strlen(r->f[c_n2]), ZEEF_FORM_FREE, &b) == 0 &&
        zeef_compare(ctx, a, b, &m) == 0)
      s = m.score;
    zeef_name_free(a);
    zeef_name_free(b);
    for (g = 0; g < ngroups; g++)
      if (strcmp(groups[g], r->f[c_group]) == 0) break;
    if (g == ngroups && ngroups < MAX_GROUPS) snprintf(groups[ngroups++], 64, "%s", r->f[c_group]);
    for (int j = 1; j < frozen.n; j++) {
      const row *q = &frozen.rows[j];
      if (used[j] || q->nf <= v_score || strcmp(q->f[v_schema], "Person") != 0) continue;
      if (strcmp(q->f[v_group], r->f[c_group]) == 0 && strcmp(q->f[v_n1], r->f[c_n1]) == 0 &&
          strcmp(q->f[v_n2], r->f[c_n2]) == 0) {
        v2 = strtod(q->f[v_score], NULL) >= LOGIC_V2_THRESHOLD;
        used[j] = 1;
        break;
      }
    }
    score[nrows] = s;
    truth[nrows] = t;
    nrows++;
    if (v2 >= 0) {
      tally(&gz[g], t, s >= ZEEF_NAME_THRESHOLD);
      tally(&gl[g], t, v2);
      tally(&all_z, t, s >= ZEEF_NAME_THRESHOLD);
      tally(&all_l, t, v2);
    } else {
      no_v2++;
    }
    if ((s >= ZEEF_NAME_THRESHOLD) != t && strcmp(r->f[c_q], "STRONG") == 0) {
      if (!strong_fail) printf("STRONG-quality failures:\n\n");
      printf("- %s | %s | %s | truth %s | zeef %.3f\n", r->f[c_group], r->f[c_n1],
             r->f[c_n2], r->f[c_match], s);
      strong_fail++;
    }
    if (show_errors && (s >= ZEEF_NAME_THRESHOLD) != t)
      fprintf(stderr, "%s\t%.3f\t%s\t%s\t%s\t%s\n", t ? "FN" : "FP", s, r->f[c_n1],
              r->f[c_n2], r->f[c_group], r->f[c_q]);
  }
  if (!strong_fail) printf("STRONG-quality failures: none\n");

  printf("\n| case_group | n | zeef P | zeef R | zeef F1 | logic-v2 P | logic-v2 R | logic-v2 F1 |\n");
  printf("|---|---|---|---|---|---|---|---|\n");
  for (int g = 0; g <= ngroups; g++) {
    const counts *z = g < ngroups ? &gz[g] : &all_z, *l = g < ngroups ? &gl[g] : &all_l;
    double p, r, f, lp, lr, lf;
    prf(z, &p, &r, &f);
    prf(l, &lp, &lr, &lf);
    printf("| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n",
           g < ngroups ? groups[g] : "**all**", z->tp + z->fp + z->tn + z->fn, p, r, f, lp, lr, lf);
  }
  printf("\n(%d Person rows scored; %d without a logic-v2 score are left out of the table)\n",
         nrows, no_v2);

  printf("\nThreshold sweep (all %d rows): ", nrows);
  for (int k = 50; k <= 95; k += 5) {
    counts c = {0};
    double p, r, f;
    for (int i = 0; i < nrows; i++) tally(&c, truth[i], score[i] >= k / 100.0);
    prf(&c, &p, &r, &f);
    printf("%.2f:F1=%.3f ", k / 100.0, f);
  }
  {
    counts c = {0};
    double p, r, f;
    for (int i = 0; i < nrows; i++) tally(&c, truth[i], score[i] >= ZEEF_NAME_THRESHOLD);
    prf(&c, &p, &r, &f);
    printf("\n\nRESULT name_bench precision=%.3f recall=%.3f f1=%.3f n=%d strong_failures=%d\n",
           p, r, f, nrows, strong_fail);
  }
  zeef_ctx_free(ctx);
  free(cases.rows);
  free(frozen.rows);
  return 0;
}
