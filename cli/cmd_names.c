/*
** cmd_names.c: `zeef compare` and `zeef analyze`, the name matcher from the
** command line, as text for a reviewer or JSON for tools.
*/
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

typedef struct opts {
  int json;
  const char *pos[2];
  int npos;
} opts;

/* Splits argv into --json and positional arguments; returns -1 on bad usage. */
static int parse(int argc, char **argv, int want, opts *o) {
  memset(o, 0, sizeof *o);
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0) o->json = 1;
    else if (strcmp(argv[i], "--") == 0) {
      for (i++; i < argc; i++) {
        if (o->npos >= want) return -1;
        o->pos[o->npos++] = argv[i];
      }
    } else if (argv[i][0] == '-' && argv[i][1] == '-') return -1;
    else {
      if (o->npos >= want) return -1;
      o->pos[o->npos++] = argv[i];
    }
  }
  return o->npos == want ? 0 : -1;
}

static zeef_status analyze_arg(zeef_ctx *ctx, const char *s, zeef_name **n) {
  zeef_status rc = zeef_name_analyze(ctx, s, strlen(s), ZEEF_FORM_FREE, n);
  if (rc) {
    char what[80];
    snprintf(what, sizeof what, "name \"%.40s%s\"", s, strlen(s) > 40 ? "..." : "");
    fe_error(what, zeef_strerror(rc));
  }
  return rc;
}

static json_t *tokens_json(const zeef_name *n) {
  json_t *arr = json_array();
  for (size_t i = 0; i < zeef_name_token_count(n); i++) {
    zeef_token_info t;
    json_t *reads = json_array();
    const char *r;
    zeef_name_token(n, i, &t);
    for (size_t k = 0; zeef_name_token_reading(n, i, k, &r) == ZEEF_OK; k++)
      json_array_append_new(reads, json_string(r));
    json_array_append_new(arr,
                          json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:I, s:o}", "original", t.original,
                                    "latin", t.latin, "key", t.key, "script", zeef_script_name(t.script),
                                    "role", zeef_role_name(t.role), "weight", t.weight, "frequency_ppm",
                                    t.frequency, "variant", (json_int_t)t.variant, "readings", reads));
  }
  return arr;
}

static void print_json(json_t *j) {
  json_dumpf(j, stdout, JSON_ENSURE_ASCII * 0 | JSON_COMPACT);
  fputc('\n', stdout);
  json_decref(j);
}

int cmd_analyze(int argc, char **argv) {
  opts o;
  zeef_ctx *ctx = NULL;
  zeef_name *n = NULL;
  zeef_status rc;
  if (parse(argc, argv, 1, &o)) {
    fputs("usage: zeef analyze NAME [--json]\n", stderr);
    return FE_EXIT_USAGE;
  }
  if ((rc = zeef_ctx_new(NULL, &ctx)) != ZEEF_OK) {
    fe_error("context", zeef_strerror(rc));
    return FE_EXIT_USAGE;
  }
  if (analyze_arg(ctx, o.pos[0], &n)) {
    zeef_ctx_free(ctx);
    return FE_EXIT_INPUT;
  }
  if (o.json) {
    print_json(json_pack("{s:s, s:s, s:o}", "name", o.pos[0], "script",
                         zeef_script_name(zeef_name_script(n)), "tokens", tokens_json(n)));
  } else {
    printf("script: %s\n", zeef_script_name(zeef_name_script(n)));
    printf("%-20s %-16s %-10s %-8s %-8s %7s %10s\n", "token", "latin", "key", "script",
           "role", "weight", "freq/M");
    for (size_t i = 0; i < zeef_name_token_count(n); i++) {
      zeef_token_info t;
      zeef_name_token(n, i, &t);
      printf("%-20s %-16s %-10s %-8s %-8s %7.2f %10.1f\n", t.original, t.latin, t.key,
             zeef_script_name(t.script), zeef_role_name(t.role), t.weight, t.frequency);
    }
    /* the readings compared besides each Latin form (Han characters, Wade-Giles) */
    for (size_t i = 0; i < zeef_name_token_count(n); i++) {
      zeef_token_info t;
      const char *r;
      if (zeef_name_token_reading(n, i, 0, &r) != ZEEF_OK) continue;
      zeef_name_token(n, i, &t);
      printf("readings of %s: %s", t.original, r);
      for (size_t k = 1; zeef_name_token_reading(n, i, k, &r) == ZEEF_OK; k++) printf(", %s", r);
      putchar('\n');
    }
  }
  zeef_name_free(n);
  zeef_ctx_free(ctx);
  return FE_EXIT_OK;
}

int cmd_compare(int argc, char **argv) {
  opts o;
  zeef_ctx *ctx = NULL;
  zeef_name *a = NULL, *b = NULL;
  zeef_match m;
  zeef_status rc;
  char expl[8192];
  size_t need;
  int ret = FE_EXIT_OK;
  if (parse(argc, argv, 2, &o)) {
    fputs("usage: zeef compare NAME1 NAME2 [--json]\n", stderr);
    return FE_EXIT_USAGE;
  }
  if ((rc = zeef_ctx_new(NULL, &ctx)) != ZEEF_OK) {
    fe_error("context", zeef_strerror(rc));
    return FE_EXIT_USAGE;
  }
  if (analyze_arg(ctx, o.pos[0], &a) || analyze_arg(ctx, o.pos[1], &b)) {
    ret = FE_EXIT_INPUT;
    goto out;
  }
  zeef_compare(ctx, a, b, &m);
  zeef_explain(a, b, &m, expl, sizeof expl, &need);
  if (o.json) {
    json_t *lines = json_array();
    for (size_t p = 0; p < m.npairs; p++) {
      const zeef_pair *x = &m.pairs[p];
      json_array_append_new(
          lines, json_pack("{s:s, s:i, s:i, s:i, s:i, s:f, s:f}", "kind",
                           zeef_pair_kind_text(x->kind), "a", x->a, "a2", x->a2, "b", x->b,
                           "b2", x->b2, "similarity", x->similarity, "weight", x->weight));
    }
    print_json(json_pack("{s:s, s:s, s:f, s:f, s:b, s:o, s:s, s:o, s:o}", "name1", o.pos[0],
                         "name2", o.pos[1], "score", m.score, "threshold",
                         ZEEF_NAME_THRESHOLD, "alert", m.score >= ZEEF_NAME_THRESHOLD,
                         "pairs", lines, "explanation", expl, "tokens1", tokens_json(a),
                         "tokens2", tokens_json(b)));
  } else {
    printf("score %.3f: %s (threshold %.2f)\n", m.score,
           m.score >= ZEEF_NAME_THRESHOLD ? "possible match, alert for review"
                                          : "below the alert threshold",
           ZEEF_NAME_THRESHOLD);
    fputs(expl, stdout);
  }
out:
  zeef_name_free(a);
  zeef_name_free(b);
  zeef_ctx_free(ctx);
  return ret;
}
