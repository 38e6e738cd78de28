/*
** cmd_screen.c: `zeef screen`, the batch job: screen a file of travellers
** against one or more watchlists and write one JSON line per traveller.
**
**   zeef screen --list [NAME=]FILE [--list ...] [--threshold T]
**               [--min-score S] [--limit N] [--in-format auto|csv|jsonl]
**               [--text] [INPUT|-]
**
** Output, one line per input record, in input order:
**   {"id", "line", "status": "alert"|"clear"|"error", "error": null|"...",
**    "warnings": [...], "hits": [{"list", "list_version", "entity_id",
**    "name", "matched_name", "score", "alert", "explanation": [...]}]}
** --text prints a report for a reviewer instead: alerts with their
** explanations, errors and warnings, then the counts.
** Exit status: 0 every record processed, 1 some records were errors (their
** lines are still written), 2 bad usage or a list that cannot be loaded.
*/
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LISTS 32
#define MAX_LIMIT 100
#define DIAG_SHOWN 20 /* list warnings printed in full; the rest counted */

typedef struct job {
  zeef_ctx *ctx;
  zeef_screener *scr;
  double threshold, min_score;
  size_t limit;
  size_t records, alerts, clears, errors, warned;
  zeef_hit *hits;
  int text; /* readable report instead of JSON lines */
} job;

typedef struct diag_state {
  size_t shown, total;
} diag_state;

static void on_diag(void *ud, const zeef_diag *d) {
  diag_state *s = ud;
  s->total++;
  if (d->fatal || s->shown < DIAG_SHOWN) {
    fprintf(stderr, "zeef: %s%s%.0zu%s%s%s: %s\n", d->file, d->line ? ":" : "", d->line,
            d->record ? " (" : "", d->record ? d->record : "", d->record ? ")" : "", d->message);
    if (!d->fatal) s->shown++;
  }
}

static int parse_double(const char *s, double *out) {
  char *end;
  double v = strtod(s, &end);
  if (end == s || *end || v < 0 || v > 1) return -1;
  *out = v;
  return 0;
}

static int parse_size(const char *s, size_t *out) {
  char *end;
  long v = strtol(s, &end, 10);
  if (end == s || *end || v < 1 || v > MAX_LIMIT) return -1;
  *out = (size_t)v;
  return 0;
}

static json_t *explanation(const job *j, const zeef_record *r, const zeef_name *q,
                           const zeef_hit *h) {
  json_t *arr = json_array();
  const zeef_name *en = zeef_screener_hit_name(j->scr, h);
  char buf[8192];
  size_t need;
  (void)r;
  for (size_t i = 0; i < h->nevidence; i++) {
    char line[ZEEF_EVIDENCE_TEXT + 32];
    snprintf(line, sizeof line, "%s (%+.1f)", h->evidence[i].text, h->evidence[i].weight);
    json_array_append_new(arr, json_string(line));
  }
  if (en && zeef_explain(q, en, &h->match, buf, sizeof buf, &need) != ZEEF_E_INVALID) {
    char *p = buf;
    while (*p) {
      char *nl = strchr(p, '\n');
      if (!nl) nl = p + strlen(p);
      if (nl > p) json_array_append_new(arr, json_stringn(p, (size_t)(nl - p)));
      p = *nl ? nl + 1 : nl;
    }
  }
  return arr;
}

/* The readable report: alerts in full with their explanations, errors and
** warnings in one line each, clear records counted only. */
static void text_record(const zeef_record *r, const char *status, const char *error, json_t *hits) {
  size_t i;
  json_t *h;
  if (error) {
    printf("%s (line %zu): ERROR: %s\n\n", r->id, r->line, error);
    return;
  }
  for (size_t w = 0; w < r->nwarnings; w++) printf("%s (line %zu): warning: %s\n", r->id, r->line, r->warnings[w]);
  if (strcmp(status, "alert") != 0) {
    if (r->nwarnings) printf("\n");
    return;
  }
  printf("%s (line %zu): %s\n", r->id, r->line, r->name);
  json_array_foreach(hits, i, h) {
    size_t k;
    json_t *line;
    if (!json_is_true(json_object_get(h, "alert"))) continue;
    printf("  ALERT for review, score %.3f: %s %s \"%s\" (%s \"%s\")\n",
           json_real_value(json_object_get(h, "score")),
           json_string_value(json_object_get(h, "list")),
           json_string_value(json_object_get(h, "entity_id")),
           json_string_value(json_object_get(h, "name")),
           json_string_value(json_object_get(h, "matched_name_quality")),
           json_string_value(json_object_get(h, "matched_name")));
    json_array_foreach(json_object_get(h, "explanation"), k, line)
      printf("    - %s\n", json_string_value(line));
  }
  printf("\n");
}

static int on_record(void *ud, const zeef_record *r) {
  job *j = ud;
  json_t *out = json_object(), *warnings = json_array(), *hits = json_array();
  const char *status = "clear";
  const char *error = r->error;
  zeef_name *q = NULL;
  char errbuf[160];
  j->records++;
  for (size_t i = 0; i < r->nwarnings; i++) json_array_append_new(warnings, json_string(r->warnings[i]));
  if (r->nwarnings) j->warned++;
  if (!error) {
    zeef_status rc = zeef_name_analyze(j->ctx, r->name, strlen(r->name), r->form, &q);
    if (rc) {
      snprintf(errbuf, sizeof errbuf, "name cannot be screened: %s", zeef_strerror(rc));
      error = errbuf;
    }
  }
  if (!error) {
    zeef_traveller t;
    size_t n = 0;
    memset(&t, 0, sizeof t);
    t.name = q;
    t.birth = r->birth;
    memcpy(t.nationality, r->nationality, 4);
    t.gender = r->gender;
    t.doc_number = r->doc_number;
    memcpy(t.doc_country, r->doc_country, 4);
    if (zeef_screen(j->scr, &t, j->min_score, j->hits, j->limit, &n) != ZEEF_OK) {
      error = "screening failed: out of memory";
    } else {
      for (size_t i = 0; i < n; i++) {
        const zeef_hit *h = &j->hits[i];
        const zeef_entity *e = zeef_list_entity(h->list, h->entity);
        int alert = h->score >= j->threshold;
        if (alert) status = "alert";
        json_array_append_new(
            hits, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:b, s:o}", "list",
                            zeef_list_name(h->list), "list_version", zeef_list_version(h->list),
                            "entity_id", e->id, "name", e->names[0], "matched_name",
                            e->names[h->name], "matched_name_quality",
                            zeef_name_quality_text((zeef_name_quality)e->name_quality[h->name]),
                            "score", h->score, "name_score", h->name_score, "alert", alert,
                            "explanation", explanation(j, r, q, h)));
      }
    }
  }
  if (error) {
    status = "error";
    j->errors++;
  } else if (strcmp(status, "alert") == 0) {
    j->alerts++;
  } else {
    j->clears++;
  }
  if (j->text) {
    text_record(r, status, error, hits);
    json_decref(out);
    zeef_name_free(q);
    return 0;
  }
  json_object_set_new(out, "id", json_string(r->id));
  json_object_set_new(out, "line", json_integer((json_int_t)r->line));
  json_object_set_new(out, "status", json_string(status));
  json_object_set_new(out, "error", error ? json_string(error) : json_null());
  json_object_set_new(out, "warnings", warnings);
  json_object_set_new(out, "hits", hits);
  json_dumpf(out, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4));
  fputc('\n', stdout);
  json_decref(out);
  zeef_name_free(q);
  return 0;
}

static void usage(void) {
  fputs("usage: zeef screen --list [NAME=]FILE [--list ...] [--threshold T] [--min-score S]\n"
        "                   [--limit N] [--in-format auto|csv|jsonl] [--text] [INPUT|-]\n",
        stderr);
}

int cmd_screen(int argc, char **argv) {
  const char *list_arg[MAX_LISTS], *input = "-";
  size_t nlists = 0;
  zeef_list *lists[MAX_LISTS] = {0};
  zeef_input_format fmt = ZEEF_IN_AUTO;
  job j;
  diag_state ds = {0, 0};
  int ret = EXIT_OK, have_input = 0;
  FILE *in = stdin;
  memset(&j, 0, sizeof j);
  j.threshold = ZEEF_ALERT_THRESHOLD;
  j.min_score = 0.5;
  j.limit = 5;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--list") == 0 && v) {
      if (nlists == MAX_LISTS) {
        cli_error("--list", "too many lists");
        return EXIT_USAGE;
      }
      list_arg[nlists++] = v;
      i++;
    } else if (strcmp(a, "--threshold") == 0 && v) {
      if (parse_double(v, &j.threshold)) goto bad;
      i++;
    } else if (strcmp(a, "--min-score") == 0 && v) {
      if (parse_double(v, &j.min_score)) goto bad;
      i++;
    } else if (strcmp(a, "--limit") == 0 && v) {
      if (parse_size(v, &j.limit)) goto bad;
      i++;
    } else if (strcmp(a, "--text") == 0) {
      j.text = 1;
    } else if (strcmp(a, "--in-format") == 0 && v) {
      if (strcmp(v, "auto") == 0) fmt = ZEEF_IN_AUTO;
      else if (strcmp(v, "csv") == 0) fmt = ZEEF_IN_CSV;
      else if (strcmp(v, "jsonl") == 0) fmt = ZEEF_IN_JSONL;
      else goto bad;
      i++;
    } else if (a[0] == '-' && a[1] == '-') {
      goto bad;
    } else if (!have_input) {
      input = a;
      have_input = 1;
    } else {
      goto bad;
    }
  }
  if (!nlists) goto bad;
  if (zeef_ctx_new(NULL, &j.ctx)) {
    cli_error("context", "cannot be created");
    return EXIT_USAGE;
  }
  for (size_t i = 0; i < nlists; i++) {
    const char *eq = strchr(list_arg[i], '=');
    char name[128];
    const char *path = eq ? eq + 1 : list_arg[i];
    zeef_status rc;
    if (eq) snprintf(name, sizeof name, "%.*s", (int)(eq - list_arg[i]), list_arg[i]);
    rc = zeef_list_load(j.ctx, eq ? name : NULL, path, ZEEF_LIST_AUTO, on_diag, &ds, &lists[i]);
    if (rc) {
      fprintf(stderr, "zeef: %s: list cannot be loaded: %s\n", path, zeef_strerror(rc));
      ret = EXIT_USAGE;
      goto out;
    }
  }
  if (ds.total > ds.shown) fprintf(stderr, "zeef: %zu further list warnings not shown\n", ds.total - ds.shown);
  if (zeef_screener_new(j.ctx, (const zeef_list *const *)lists, nlists, NULL, NULL, &j.scr)) {
    cli_error("index", "cannot be built: out of memory");
    ret = EXIT_USAGE;
    goto out;
  }
  j.hits = calloc(j.limit, sizeof *j.hits);
  if (!j.hits) {
    ret = EXIT_USAGE;
    goto out;
  }
  if (strcmp(input, "-") != 0 && (in = fopen(input, "rb")) == NULL) {
    fprintf(stderr, "zeef: %s: cannot open the input\n", input);
    ret = EXIT_USAGE;
    goto out;
  }
  {
    size_t bad = 0;
    zeef_status rc = zeef_records_read(in, fmt, on_record, &j, &bad);
    if (rc == ZEEF_E_FORMAT) {
      fprintf(stderr, "zeef: %s:%zu: input cannot be read: %s\n", input, bad,
              bad == 1 ? "the header names no name, surname or given_names column"
                       : "malformed CSV (unbalanced quotes or an oversized field)");
      ret = EXIT_USAGE;
    } else if (rc) {
      fprintf(stderr, "zeef: %s: %s\n", input, zeef_strerror(rc));
      ret = EXIT_USAGE;
    }
  }
  fflush(stdout); /* the report first, then the summary */
  for (size_t i = 0; i < nlists; i++)
    fprintf(stderr, "zeef: list %s version %s: %zu entities\n", zeef_list_name(lists[i]),
            zeef_list_version(lists[i]), zeef_list_count(lists[i]));
  fprintf(stderr, "zeef: %zu records: %zu alerts, %zu clear, %zu errors, %zu with warnings\n",
          j.records, j.alerts, j.clears, j.errors, j.warned);
  if (!ret && j.errors) ret = EXIT_INPUT;
out:
  if (in && in != stdin) fclose(in);
  free(j.hits);
  zeef_screener_free(j.scr);
  for (size_t i = 0; i < nlists; i++) zeef_list_free(lists[i]);
  zeef_ctx_free(j.ctx);
  return ret;
bad:
  usage();
  return EXIT_USAGE;
}
