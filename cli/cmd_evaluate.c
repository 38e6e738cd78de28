/*
** cmd_evaluate.c: `zeef evaluate`, choosing a threshold on the user's own
** labelled travellers. Each traveller of the input is screened as `zeef
** screen` would (down to the service's floor, SRV's 0.3), and two scores
** are kept: the best hit on the entity the traveller is (column expected,
** by the entity's id, one of its other ids, or LIST:ID), and the best hit on
** any other entity. For each threshold t, then:
**   recall       labelled travellers whose own entity scores t or more
**   false alerts travellers with another entity at t or more (a person not
**                listed, or a listed person taken for someone else)
**   precision    alerted travellers whose alert includes their own entity
** and, asked for a recall or a false-alert rate, the threshold that meets
** it with the fewest false alerts or the most recall.
*/
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EVAL_FLOOR 0.3 /* scores below are not computed, as the service */
#define EVAL_HITS 20   /* hits kept per traveller */

typedef struct scored {
  double own;   /* best score on the traveller's own entity, 0 when none */
  double other; /* best score on any other entity */
  int labelled; /* the input names the traveller's entity */
} scored;

typedef struct eval {
  fe_screening sc;
  scored *s;
  size_t n, cap, errors;
  zeef_hit hits[EVAL_HITS];
} eval;

/* Whether id w[0..wn) names the entity: its id, LIST:ID, or one of its
** other ids. */
static int names(const zeef_hit *h, const char *w, size_t wn) {
  const zeef_entity *e = zeef_list_entity(h->list, h->entity);
  const char *list = zeef_list_name(h->list);
  size_t n = strlen(list);
  if (strlen(e->id) == wn && memcmp(e->id, w, wn) == 0) return 1;
  if (wn > n && memcmp(w, list, n) == 0 && w[n] == ':' && strlen(e->id) == wn - n - 1 &&
      memcmp(w + n + 1, e->id, wn - n - 1) == 0)
    return 1;
  for (size_t i = 0; i < e->nrefs; i++)
    if (strlen(e->refs[i]) == wn && memcmp(e->refs[i], w, wn) == 0) return 1;
  return 0;
}

/* Whether the hit's entity is one of those expected: ids separated by '|'
** (one person on several lists: UN:QDi.006|OFAC:6366). */
static int is_expected(const zeef_hit *h, const char *want) {
  while (*want) {
    size_t n = strcspn(want, "|");
    if (n && names(h, want, n)) return 1;
    want += n + (want[n] == '|');
  }
  return 0;
}

static int on_record(void *ud, const zeef_record *r) {
  eval *x = ud;
  fe_result res;
  scored one = {0, 0, r->expected != NULL};
  if (x->n == x->cap) {
    size_t cap = x->cap ? 2 * x->cap : 1024;
    scored *s = realloc(x->s, cap * sizeof *s);
    if (!s) return 1;
    x->s = s;
    x->cap = cap;
  }
  fe_screen_record(&x->sc, r, x->hits, &res);
  if (res.status == FE_ERROR) x->errors++;
  for (size_t i = 0; i < res.nhits; i++) {
    const zeef_hit *h = &res.hits[i];
    double *slot = r->expected && is_expected(h, r->expected) ? &one.own : &one.other;
    if (h->score > *slot) *slot = h->score;
  }
  fe_result_clear(&res);
  x->s[x->n++] = one;
  return 0;
}

typedef struct point {
  double t, recall, false_rate, precision;
  size_t alerts, false_alerts, found;
  size_t false_unlisted, false_listed; /* of the false alerts: travellers not listed, listed ones */
} point;

static point measure(const eval *x, double t, size_t labelled) {
  point p = {t, 0, 0, 0, 0, 0, 0, 0, 0};
  size_t right = 0;
  for (size_t i = 0; i < x->n; i++) {
    const scored *s = &x->s[i];
    int own = s->labelled && s->own >= t, other = s->other >= t;
    p.found += (size_t)own;
    p.false_alerts += (size_t)other;
    if (s->labelled) p.false_listed += (size_t)other;
    else p.false_unlisted += (size_t)other;
    if (own || other) p.alerts++, right += (size_t)own;
  }
  p.recall = labelled ? (double)p.found / (double)labelled : 0;
  p.false_rate = x->n ? (double)p.false_alerts / (double)x->n : 0;
  p.precision = p.alerts ? (double)right / (double)p.alerts : 1;
  return p;
}

static void usage(FILE *f) {
  fputs("usage: zeef evaluate --list [NAME=]FILE [--list ...] [options] LABELLED\n"
        "screens labelled travellers (a column expected: the id of the listed entity each one is,\n"
        "LIST:ID, or several joined by |; empty for a person not listed) and prints, for each\n"
        "threshold, the recall, the false\n"
        "alerts and the precision, to choose --threshold for zeef screen and zeef serve\n"
        "\n"
        "  --target-recall R      the highest threshold that keeps recall at R or more (0 to 1)\n"
        "  --max-false-alerts F   the lowest threshold with at most F false alerts a traveller\n"
        "  --json                 the sweep as one JSON object\n"
        "  --map FIELD=COLUMN, --date-order dmy|mdy, --in-format F   as for zeef screen\n"
        "example: zeef evaluate --list UN=data/lists/un-consolidated.xml --target-recall 0.95 labelled.csv\n",
        f);
}

int cmd_evaluate(int argc, char **argv) {
  const char *list_arg[FE_MAX_LISTS], *input = NULL;
  zeef_list *lists[FE_MAX_LISTS] = {0};
  size_t nlists = 0, labelled = 0;
  zeef_read_options ro;
  zeef_ctx *ctx = NULL;
  zeef_screener *scr = NULL;
  double target_recall = -1, max_false = -1;
  int json = 0, ret = FE_EXIT_USAGE;
  char why[160] = "";
  eval x;
  FILE *in = NULL;
  memset(&ro, 0, sizeof ro);
  memset(&x, 0, sizeof x);
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout);
      return FE_EXIT_OK;
    } else if (strcmp(a, "--list") == 0 && v) {
      if (nlists == FE_MAX_LISTS) {
        snprintf(why, sizeof why, "at most %d lists", FE_MAX_LISTS);
        goto bad;
      }
      list_arg[nlists++] = argv[++i];
    } else if (strcmp(a, "--target-recall") == 0 && v) {
      if (fe_parse_double(argv[++i], 0, 1, &target_recall)) {
        snprintf(why, sizeof why, "--target-recall takes a number from 0 to 1, not \"%.40s\"", v);
        goto bad;
      }
    } else if (strcmp(a, "--max-false-alerts") == 0 && v) {
      if (fe_parse_double(argv[++i], 0, 1, &max_false)) {
        snprintf(why, sizeof why, "--max-false-alerts takes a number from 0 to 1, not \"%.40s\"", v);
        goto bad;
      }
    } else if (strcmp(a, "--json") == 0) {
      json = 1;
    } else if (strcmp(a, "--map") == 0 && v) {
      if (ro.nmap == ZEEF_READ_MAP_MAX || !strchr(v, '=')) {
        snprintf(why, sizeof why, "--map takes FIELD=COLUMN, not \"%.40s\"", v);
        goto bad;
      }
      ro.map[ro.nmap++] = argv[++i];
    } else if (strcmp(a, "--date-order") == 0 && v) {
      if (strcmp(v, "dmy") != 0 && strcmp(v, "mdy") != 0) {
        snprintf(why, sizeof why, "--date-order is dmy or mdy, not \"%.40s\"", v);
        goto bad;
      }
      ro.date_order = strcmp(argv[++i], "mdy") == 0 ? ZEEF_MONTH_FIRST : ZEEF_DAY_FIRST;
    } else if (strcmp(a, "--in-format") == 0 && v) {
      if (fe_input_format(argv[++i], &ro.format)) {
        snprintf(why, sizeof why, "--in-format is auto, csv, jsonl or json, not \"%.40s\"", v);
        goto bad;
      }
    } else if (a[0] == '-' && a[1]) {
      snprintf(why, sizeof why, "unknown option %.40s%s", a, v ? "" : ", or it needs a value");
      goto bad;
    } else if (!input) {
      input = a;
    } else {
      snprintf(why, sizeof why, "one input only");
      goto bad;
    }
  }
  if (!nlists || !input) {
    snprintf(why, sizeof why, "%s", !nlists ? "no --list" : "no labelled input");
    goto bad;
  }
  if (zeef_ctx_new(NULL, &ctx)) {
    fe_error("context", "cannot be created");
    return FE_EXIT_USAGE;
  }
  {
    size_t failed = 0;
    zeef_status rc = fe_lists_load(ctx, list_arg, nlists, NULL, NULL, lists, &failed);
    if (rc) {
      fprintf(stderr, "zeef: %s: list cannot be loaded: %s\n", fe_list_path(list_arg[failed]), zeef_strerror(rc));
      goto out;
    }
  }
  if (zeef_screener_new(ctx, (const zeef_list *const *)lists, nlists, NULL, NULL, &scr)) {
    fe_error("index", "cannot be built: out of memory");
    goto out;
  }
  x.sc.ctx = ctx;
  x.sc.scr = scr;
  x.sc.threshold = ZEEF_ALERT_THRESHOLD;
  x.sc.min_score = EVAL_FLOOR;
  x.sc.limit = EVAL_HITS;
  if (strcmp(input, "-") == 0) in = stdin;
  else if (!(in = fopen(input, "rb"))) {
    fprintf(stderr, "zeef: %s: cannot open the input\n", input);
    goto out;
  }
  {
    zeef_read_error err;
    zeef_status rc = zeef_records_read_with(ctx, in, &ro, on_record, &x, &err);
    if (rc) {
      fprintf(stderr, "zeef: %s:%zu: %s%s%s\n", input, err.line, zeef_strerror(rc), err.message[0] ? ": " : "",
              err.message);
      goto out;
    }
  }
  for (size_t i = 0; i < x.n; i++) labelled += (size_t)x.s[i].labelled;
  if (!labelled) {
    fprintf(stderr, "zeef: %s: no traveller is labelled: a column expected names the listed entity each one is\n",
            input);
    goto out;
  }
  {
    /* the sweep printed, and the finer one the targets are chosen on */
    static const double shown[] = {0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90, 0.95, 0.99};
    point best = {-1, 0, 0, 0, 0, 0, 0, 0, 0};
    const char *goal = NULL;
    for (int k = 30; k <= 99; k++) {
      point p = measure(&x, k / 100.0, labelled);
      if (target_recall >= 0 && p.recall >= target_recall) best = p; /* the highest that keeps it */
      if (max_false >= 0 && best.t < 0 && p.false_rate <= max_false) best = p; /* the lowest */
    }
    if (target_recall >= 0) goal = "recall";
    if (max_false >= 0) goal = "false alerts";
    if (json) {
      json_t *o = json_pack("{s:I, s:I, s:I, s:[]}", "travellers", (json_int_t)x.n, "labelled", (json_int_t)labelled,
                            "errors", (json_int_t)x.errors, "sweep");
      char *t;
      for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
        point p = measure(&x, shown[i], labelled);
        json_array_append_new(json_object_get(o, "sweep"),
                              json_pack("{s:f, s:f, s:I, s:I, s:I, s:f, s:f, s:I}", "threshold", p.t, "recall",
                                        p.recall, "false_alerts", (json_int_t)p.false_alerts, "of_not_listed",
                                        (json_int_t)p.false_unlisted, "of_listed", (json_int_t)p.false_listed,
                                        "false_alert_rate", p.false_rate, "precision", p.precision, "alerts",
                                        (json_int_t)p.alerts));
      }
      if (goal)
        json_object_set_new(o, "chosen", best.t < 0 ? json_null()
                                                    : json_pack("{s:f, s:f, s:f, s:f}", "threshold", best.t, "recall",
                                                                best.recall, "false_alert_rate", best.false_rate,
                                                                "precision", best.precision));
      t = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4));
      if (t) printf("%s\n", t);
      free(t);
      json_decref(o);
    } else {
      printf("zeef evaluate: %zu travellers, %zu labelled with the listed entity each is, %zu not listed"
             "%s\n\n",
             x.n, labelled, x.n - labelled, x.errors ? " (some records were errors: screened as not found)" : "");
      printf("threshold  recall   false alerts (a traveller)  of them: not listed / listed   precision  alerts\n");
      for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
        point p = measure(&x, shown[i], labelled);
        printf("%.2f%s     %.4f   %7zu (%.4f)             %7zu / %-7zu             %.4f     %zu\n", p.t,
               shown[i] == ZEEF_ALERT_THRESHOLD ? "*" : " ", p.recall, p.false_alerts, p.false_rate,
               p.false_unlisted, p.false_listed, p.precision, p.alerts);
      }
      printf("(* the default threshold; a listed traveller's false alert is another listed entity taken "
             "for him)\n");
      if (goal && best.t >= 0)
        printf("\nthreshold %.2f: recall %.4f, false alerts %.4f a traveller, precision %.4f (%s %s %.4f)\n", best.t,
               best.recall, best.false_rate, best.precision, goal, target_recall >= 0 ? "at least" : "at most",
               target_recall >= 0 ? target_recall : max_false);
      else if (goal)
        printf("\nno threshold from 0.30 to 0.99 meets %s %s %.4f\n", goal, target_recall >= 0 ? "at least" : "at most",
               target_recall >= 0 ? target_recall : max_false);
    }
    ret = goal && best.t < 0 ? FE_EXIT_INPUT : FE_EXIT_OK;
  }
out:
  if (in && in != stdin) fclose(in);
  free(x.s);
  zeef_screener_free(scr);
  for (size_t i = 0; i < nlists; i++) zeef_list_free(lists[i]);
  zeef_ctx_free(ctx);
  return ret;
bad:
  fprintf(stderr, "zeef evaluate: %s\n", why);
  usage(stderr);
  return FE_EXIT_USAGE;
}
