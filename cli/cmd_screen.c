/*
** cmd_screen.c: `zeef screen`, the batch job: screen a file of travellers
** against one or more watchlists and write one JSON line per traveller.
**
**   zeef screen --list [NAME=]FILE [--list ...] [--threshold T]
**               [--min-score S] [--limit N]
**               [--in-format auto|csv|jsonl|mrz|paxlst] [--text] [INPUT|-]
**
** Output, one line per input record, in input order:
**   {"id", "line", "status": "alert"|"clear"|"error", "error": null|"...",
**    "warnings": [...], "hits": [{"list", "list_version", "entity_id",
**    "name", "matched_name", "score", "alert", "explanation": [...]}],
**    "source": {...}} (source only for MRZ and PAXLST input: the document's
**    check results, or the message's flight context and the person's role)
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

#define MAX_LIMIT 100
#define DIAG_SHOWN 20 /* list warnings printed in full; the rest counted */

typedef struct job {
  zeef_ctx *ctx;
  zeef_screener *scr;
  cli_screening screening;
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
  if (r->mrz) /* the name field as a reader says it */
    printf("%s (line %zu): %s, %s\n", r->id, r->line, r->mrz->surname, r->mrz->given_names);
  else
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
  const char *status;
  json_t *out = cli_screen_record(&j->screening, r, j->hits, &status);
  j->records++;
  if (r->nwarnings) j->warned++;
  if (strcmp(status, "error") == 0) j->errors++;
  else if (strcmp(status, "alert") == 0) j->alerts++;
  else j->clears++;
  if (j->text) {
    json_t *err = json_object_get(out, "error");
    text_record(r, status, json_is_string(err) ? json_string_value(err) : NULL,
                json_object_get(out, "hits"));
  } else {
    json_dumpf(out, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4));
    fputc('\n', stdout);
  }
  json_decref(out);
  return 0;
}

static void usage(void) {
  fputs("usage: zeef screen --list [NAME=]FILE [--list ...] [--threshold T] [--min-score S]\n"
        "                   [--limit N] [--in-format auto|csv|jsonl|mrz|paxlst] [--text]\n"
        "                   [INPUT|-]\n",
        stderr);
}

int cmd_screen(int argc, char **argv) {
  const char *list_arg[CLI_MAX_LISTS], *input = "-";
  size_t nlists = 0;
  zeef_list *lists[CLI_MAX_LISTS] = {0};
  zeef_input_format fmt = ZEEF_IN_AUTO;
  job j;
  diag_state ds = {0, 0};
  int ret = EXIT_OK, have_input = 0;
  FILE *in = stdin;
  memset(&j, 0, sizeof j);
  j.screening.threshold = ZEEF_ALERT_THRESHOLD;
  j.screening.min_score = 0.5;
  j.screening.limit = 5;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--list") == 0 && v) {
      if (nlists == CLI_MAX_LISTS) {
        cli_error("--list", "too many lists");
        return EXIT_USAGE;
      }
      list_arg[nlists++] = v;
      i++;
    } else if (strcmp(a, "--threshold") == 0 && v) {
      if (parse_double(v, &j.screening.threshold)) goto bad;
      i++;
    } else if (strcmp(a, "--min-score") == 0 && v) {
      if (parse_double(v, &j.screening.min_score)) goto bad;
      i++;
    } else if (strcmp(a, "--limit") == 0 && v) {
      if (parse_size(v, &j.screening.limit)) goto bad;
      i++;
    } else if (strcmp(a, "--text") == 0) {
      j.text = 1;
    } else if (strcmp(a, "--in-format") == 0 && v) {
      if (cli_input_format(v, &fmt)) goto bad;
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
  {
    size_t failed = 0;
    zeef_status rc = cli_lists_load(j.ctx, list_arg, nlists, on_diag, &ds, lists, &failed);
    if (rc) {
      fprintf(stderr, "zeef: %s: list cannot be loaded: %s\n", cli_list_path(list_arg[failed]),
              zeef_strerror(rc));
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
  j.screening.ctx = j.ctx;
  j.screening.scr = j.scr;
  j.hits = calloc(j.screening.limit, sizeof *j.hits);
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
    zeef_read_error err;
    zeef_status rc = zeef_records_read(j.ctx, in, fmt, on_record, &j, &err);
    if (rc == ZEEF_E_FORMAT) {
      fprintf(stderr, "zeef: %s:%zu: input cannot be read: %s\n", input, err.line, err.message);
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
