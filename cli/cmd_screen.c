/*
** cmd_screen.c: `zeef screen`, the batch job: screen a file of travellers
** against one or more watchlists and write one JSON line per traveller.
**
**   zeef screen --list [NAME=]FILE [--list ...] [--threshold T]
**               [--min-score S] [--limit N]
**               [--in-format auto|csv|jsonl|json|mrz|paxlst|pnrgov] [--text]
**               [INPUT|-]
**
** Output, one JSON line per input record, in input order, as
** fe_result_json() makes it (front/front.h; the README's output contract).
** --text prints a report for a reviewer instead, from the same data: alerts
** with their evidence and name alignment, errors and warnings, then the
** counts. Exit status: 0 every record processed, 1 some records were errors
** (their lines are still written), 2 bad usage, a list or an input that
** cannot be read, or output that could not be written (cli/main.c).
*/
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct job {
  zeef_ctx *ctx;
  zeef_screener *scr;
  fe_screening screening;
  size_t records, alerts, clears, errors, warned;
  fe_batch *batch;
  int text; /* readable report instead of JSON lines */
  zeef_store *store; /* --store: every screening stored, NULL without */
  zeef_status store_rc;
  /* the progress line (stderr a terminal, not --quiet): the input, its size
  ** when it is a file, when it started and when the line was last written */
  FILE *in;
  long long in_size;
  double started, shown_at;
  int progress;
  fe_links *links; /* what travellers share, for the "links" of their lines */
} job;

typedef struct diag_state {
  size_t shown, total;
  int quiet; /* --quiet: fatal ones only */
} diag_state;

static void on_diag(void *ud, const zeef_diag *d) {
  diag_state *s = ud;
  s->total++;
  if (d->fatal || (!s->quiet && s->shown < FE_DIAG_SHOWN)) {
    fe_diag_print(d);
    if (!d->fatal) s->shown++;
  }
}

/* The readable report of one record, from the screening's data: alerts in
** full with their evidence and name alignment, errors and warnings in one
** line each, clear records counted only. */
static void text_record(const job *j, const fe_result *res, fe_buf *o) {
  const zeef_record *r = res->record;
  if (res->status == FE_ERROR) {
    fe_buf_printf(o, "%s (line %zu): ERROR: %s\n\n", r->id, r->line, res->error);
    return;
  }
  for (size_t w = 0; w < r->nwarnings; w++)
    fe_buf_printf(o, "%s (line %zu): warning: %s\n", r->id, r->line, r->warnings[w]);
  if (res->status != FE_ALERT) {
    if (r->nwarnings) fe_buf_printf(o, "\n");
    return;
  }
  if (r->mrz) /* the name field as a reader says it */
    fe_buf_printf(o, "%s (line %zu): %s, %s\n", r->id, r->line, r->mrz->surname, r->mrz->given_names);
  else
    fe_buf_printf(o, "%s (line %zu): %s\n", r->id, r->line, r->name);
  for (size_t i = 0; i < res->nrules && i < FE_RULE_HITS; i++)
    fe_buf_printf(o, "  ALERT for review, rule %s: %s\n    - %s\n",
                  zeef_rule_id(j->screening.rules, res->rule_hits[i].rule),
                  zeef_rule_description(j->screening.rules, res->rule_hits[i].rule),
                  res->rule_hits[i].explanation);
  for (size_t i = 0; i < res->nhits; i++) {
    const zeef_hit *h = &res->hits[i];
    const zeef_entity *e = zeef_list_entity(h->list, h->entity);
    const zeef_name *en = zeef_screener_hit_name(j->scr, h);
    zeef_pair_text pt;
    if (h->score < j->screening.threshold) continue;
    fe_buf_printf(o, "  ALERT for review, %s match, score %.3f: %s %s \"%s\" (%s \"%s\")\n",
                  zeef_band_name(zeef_hit_band(h, j->screening.threshold)), h->score,
                  zeef_list_name(h->list), e->id, e->names[0],
                  zeef_name_quality_text((zeef_name_quality)e->name_quality[h->name]), e->names[h->name]);
    for (size_t k = 0; k < h->nevidence; k++)
      fe_buf_printf(o, "    - %s (%+.1f)\n", h->evidence[k].text, h->evidence[k].weight);
    for (size_t k = 0; en && k < h->match.npairs; k++)
      if (zeef_explain_pair(res->traveller.name, en, &h->match.pairs[k], &pt) == ZEEF_OK)
        fe_buf_printf(o, "    - %s\n", pt.text);
  }
  fe_buf_printf(o, "\n");
}

/* On a worker: the record's line of output. */
static void render(void *ud, const fe_result *res, fe_buf *o) {
  job *j = ud;
  if (j->text) {
    text_record(j, res, o);
  } else {
    fe_result_write_json(&j->screening, res, o);
    fe_buf_add(o, "\n", 1);
  }
}

static double now_s(void);

/* The progress line on stderr, twice a second at most, rewritten in place:
** records, alerts, the rate and, for a file, how far into it; done: the
** line is cleared for the summary. */
static void progress(job *j, int done) {
  double t = now_s();
  if (done) {
    fputs("\r\033[K", stderr);
    return;
  }
  if (t - j->shown_at < 0.5) return;
  j->shown_at = t;
  fprintf(stderr, "\r\033[Kzeef: %zu records, %zu alerts, %.0f/s", j->records, j->alerts,
          t > j->started ? (double)j->records / (t - j->started) : 0.0);
  if (j->in_size > 0) {
    long long at = ftello(j->in);
    if (at >= 0) fprintf(stderr, ", %.0f%% of the input", 100.0 * (double)at / (double)j->in_size);
  }
  fflush(stderr);
}

/* On the reading thread, in input order: the output, the store, and the
** counts. */
static int emit(void *ud, const fe_result *res, const char *out, size_t len) {
  job *j = ud;
  const zeef_record *r = res->record;
  fe_status st = res->status;
  if (j->store && (j->store_rc = fe_store_result(j->store, j->scr, res)) != ZEEF_OK) return 1;
  j->records++;
  if (r->nwarnings) j->warned++;
  if (st == FE_ERROR) j->errors++;
  else if (st == FE_ALERT) j->alerts++;
  else j->clears++;
  if (j->links && st != FE_ERROR) {
    /* what this traveller shares with earlier ones, when either alerted */
    json_t *links = fe_links_take(j->links, r, st == FE_ALERT);
    if (links && j->text) {
      size_t i;
      json_t *x;
      fwrite(out, 1, len, stdout);
      json_array_foreach(links, i, x) {
        size_t k;
        json_t *sh;
        printf("%s (line %zu): linked to %s%s: shares", r->id, r->line,
               json_string_value(json_object_get(x, "id")),
               json_is_true(json_object_get(x, "alerted")) ? " (alerted)" : "");
        json_array_foreach(json_object_get(x, "shared"), k, sh)
            printf("%s %s %s", k ? "," : "", json_string_value(json_object_get(sh, "kind")),
                   json_string_value(json_object_get(sh, "value")));
        printf("\n");
      }
      printf("\n");
    } else {
      fe_buf line;
      fe_buf_init(&line, FE_BATCH_OUTPUT_MAX + ZEEF_PNR_TEXT * 64);
      if (fe_links_line(out, len, links, &line))
        fwrite(out, 1, len, stdout); /* out of memory: without them */
      else
        fwrite(line.p, 1, line.len, stdout);
      fe_buf_free(&line);
    }
    json_decref(links);
  } else {
    fwrite(out, 1, len, stdout);
  }
  if (j->progress && (j->records & 255) == 0) progress(j, 0);
  return 0;
}

/* The run's record, written before the results so that a run can be
** proved and repeated: when, which zeef and model, the settings, the input
** file's digest, each list's version, publication date and digest. JSON
** ({"run": {...}}, one line) or, with --text, a few lines to read. */
static void run_header(const job *j, const zeef_read_options *ro, const char *input, const char *input_digest,
                       zeef_list *const *lists, const char *const *list_arg, size_t nlists) {
  char when[32];
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (j->text) {
    printf("zeef screening run %s: zeef %s, model %s, alert at %.2f (hits from %.2f, at most %zu a "
           "traveller)\n",
           when, ZEEF_VERSION, ZEEF_MODEL_VERSION, j->screening.threshold, j->screening.min_score,
           j->screening.limit);
    printf("input %s%s%s\n", input, input_digest ? ", sha256 " : "", input_digest ? input_digest : "");
    for (size_t i = 0; i < nlists; i++)
      printf("list %s: %s, version %s, published %s, %zu entities, sha256 %s\n", zeef_list_name(lists[i]),
             zeef_list_format_name(zeef_list_get_format(lists[i])), zeef_list_version(lists[i]),
             *zeef_list_published(lists[i]) ? zeef_list_published(lists[i]) : "(not given)",
             zeef_list_count(lists[i]), zeef_list_digest(lists[i]));
    printf("\n");
  } else {
    json_t *ls = json_array(), *map = json_array(), *run;
    char *line;
    for (size_t i = 0; i < nlists; i++) {
      json_t *l = fe_list_json(lists[i]);
      json_object_set_new(l, "file", json_string(fe_list_path(list_arg[i])));
      json_array_append_new(ls, l);
    }
    for (size_t i = 0; i < ro->nmap; i++) json_array_append_new(map, json_string(ro->map[i]));
    run = json_pack("{s:{s:s, s:s, s:s, s:f, s:f, s:I, s:s, s:o, s:{s:s, s:o}, s:o}}", "run", "at", when, "zeef",
                    ZEEF_VERSION, "model", ZEEF_MODEL_VERSION, "threshold", j->screening.threshold, "min_score",
                    j->screening.min_score, "limit", (json_int_t)j->screening.limit, "date_order",
                    ro->date_order == ZEEF_MONTH_FIRST ? "mdy" : "dmy", "map", map, "input", "file", input,
                    "sha256", input_digest ? json_string(input_digest) : json_null(), "lists", ls);
    line = run ? json_dumps(run, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4)) : NULL;
    if (line) printf("%s\n", line);
    free(line);
    json_decref(run);
  }
}

static int on_record(void *ud, const zeef_record *r) { return fe_batch_add(((job *)ud)->batch, r); }

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(FILE *f) {
  fputs("usage: zeef screen --list [NAME=]FILE [--list ...] [options] [INPUT|-]\n"
        "screens every traveller of INPUT (standard input when - or none) against the lists:\n"
        "one JSON line per traveller, in input order (--text: a report to read)\n"
        "\n"
        "  --list [NAME=]FILE  a watchlist: UN or EU XML, OFAC SDN CSV (or its folder),\n"
        "                      FollowTheMoney JSON lines, zeef's CSV; NAME names it in the output\n"
        "  --threshold T       a hit scoring T or more is an alert (default 0.80)\n"
        "  --min-score S       hits scoring less are not reported (default 0.50; not above T)\n"
        "  --limit N           hits reported per traveller (default 5)\n"
        "  --in-format F       auto (default), csv, jsonl, json, mrz, paxlst or pnrgov\n"
        "  --map FIELD=COLUMN  read a CSV column (or JSON key) as FIELD: id, name, surname,\n"
        "                      given_names, birth_date, nationality, gender, document_number,\n"
        "                      document_country (headers such as DOB, Last Name, Nom, Vorname\n"
        "                      are known without it); e.g. --map name=Passagier\n"
        "  --date-order dmy|mdy  05/02/1970 is 5 February (dmy, the default) or 2 May (mdy)\n"
        "  --text              a report for a reviewer instead of JSON lines\n"
        "  --threads N         screening threads (default: the cores)\n"
        "  --fail-on-alert     exit 3 when any traveller raised an alert\n"
        "  --quiet             no list, progress and summary lines on stderr (errors still); on a\n"
        "                      terminal a progress line says how far a long file is\n"
        "  --store PATH        keep every screening in the case store at PATH (SQLite, made\n"
        "                      when missing; or postgresql://user@host/db): travellers, hits\n"
        "                      with evidence, a case for each alert, and the audit (zeef audit\n"
        "                      verify)\n"
        "  --rules FILE        pre-determined criteria for bookings (PNRGOV input; docs/rules.md):\n"
        "                      a traveller who meets one is an alert of kind rule\n"
        "  --user NAME         who runs the screening, for the audit (default: $USER)\n"
        "  --secret FILE       the key (16-64 bytes) of the travellers' identity hashes, kept\n"
        "                      outside the store: with it suppressions work\n"
        "  --config FILE       options from a configuration file first (also $ZEEF_CONFIG):\n"
        "                      \"key = value\" lines, [screen] and [serve] parts\n"
        "  --run-header, --no-run-header\n"
        "                      a first line {\"run\": ...} with the time, zeef and model versions,\n"
        "                      the settings, the input's and each list's SHA-256 (default: on for\n"
        "                      a file, off for standard input)\n"
        "\n"
        "exit: 0 done, 1 some records were errors (their lines are written), 2 bad usage or an\n"
        "unreadable list or input, 3 an alert with --fail-on-alert\n"
        "example: zeef screen --list UN=data/lists/un-consolidated.xml travellers.csv\n",
        f);
}

/* A usage error with its reason. */
#define BAD(...)                                \
  do {                                          \
    snprintf(why, sizeof why, __VA_ARGS__);     \
    goto bad;                                   \
  } while (0)

int cmd_screen(int argc, char **argv) {
  const char *list_arg[FE_MAX_LISTS], *input = "-";
  size_t nlists = 0;
  zeef_list *lists[FE_MAX_LISTS] = {0};
  zeef_read_options ro;
  job j;
  diag_state ds = {0, 0, 0};
  fe_pool *pool = NULL;
  size_t threads = fe_cores();
  double t0, secs = 0;
  int ret = FE_EXIT_OK, have_input = 0, fail_on_alert = 0, quiet = 0, header = -1; /* -1: for a file */
  const char *store_path = NULL, *secret_path = NULL, *rules_path = NULL, *user = getenv("USER");
  zeef_rules *rules = NULL;
  char why[160] = "";
  FILE *in = stdin;
  memset(&j, 0, sizeof j);
  memset(&ro, 0, sizeof ro);
  j.screening.threshold = ZEEF_ALERT_THRESHOLD;
  j.screening.min_score = FE_MIN_SCORE_DEFAULT;
  j.screening.limit = FE_LIMIT_DEFAULT;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--list") == 0 && v) {
      if (nlists == FE_MAX_LISTS) {
        fe_error("--list", "too many lists");
        return FE_EXIT_USAGE;
      }
      list_arg[nlists++] = v;
      i++;
    } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout);
      return FE_EXIT_OK;
    } else if (strcmp(a, "--threshold") == 0 && v) {
      if (fe_parse_double(v, 0, 1, &j.screening.threshold)) BAD("--threshold takes a number from 0 to 1, not \"%.40s\"", v);
      i++;
    } else if (strcmp(a, "--min-score") == 0 && v) {
      if (fe_parse_double(v, 0, 1, &j.screening.min_score)) BAD("--min-score takes a number from 0 to 1, not \"%.40s\"", v);
      i++;
    } else if (strcmp(a, "--limit") == 0 && v) {
      if (fe_parse_size(v, 1, FE_LIMIT_MAX, &j.screening.limit))
        BAD("--limit takes a whole number from 1 to %d, not \"%.40s\"", FE_LIMIT_MAX, v);
      i++;
    } else if (strcmp(a, "--threads") == 0 && v) {
      if (fe_parse_size(v, 1, FE_THREADS_MAX, &threads))
        BAD("--threads takes a whole number from 1 to %d, not \"%.40s\"", FE_THREADS_MAX, v);
      i++;
    } else if (strcmp(a, "--text") == 0) {
      j.text = 1;
    } else if (strcmp(a, "--store") == 0 && v) {
      store_path = v;
      i++;
    } else if (strcmp(a, "--rules") == 0 && v) {
      rules_path = v;
      i++;
    } else if (strcmp(a, "--secret") == 0 && v) {
      secret_path = v;
      i++;
    } else if (strcmp(a, "--user") == 0 && v) {
      if (!*v) BAD("--user takes a name");
      user = v;
      i++;
    } else if (strcmp(a, "--fail-on-alert") == 0) {
      fail_on_alert = 1;
    } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
      quiet = 1;
    } else if (strcmp(a, "--run-header") == 0) {
      header = 1;
    } else if (strcmp(a, "--no-run-header") == 0) {
      header = 0;
    } else if (strcmp(a, "--in-format") == 0 && v) {
      if (fe_input_format(v, &ro.format))
        BAD("--in-format is auto, csv, jsonl, json, mrz, paxlst or pnrgov, not \"%.40s\"", v);
      i++;
    } else if (strcmp(a, "--map") == 0 && v) {
      if (ro.nmap == ZEEF_READ_MAP_MAX) BAD("at most %d --map", ZEEF_READ_MAP_MAX);
      if (!strchr(v, '=')) BAD("--map takes FIELD=COLUMN, not \"%.40s\"", v);
      ro.map[ro.nmap++] = v;
      i++;
    } else if (strcmp(a, "--date-order") == 0 && v) {
      if (strcmp(v, "dmy") == 0) ro.date_order = ZEEF_DAY_FIRST;
      else if (strcmp(v, "mdy") == 0) ro.date_order = ZEEF_MONTH_FIRST;
      else BAD("--date-order is dmy or mdy, not \"%.40s\"", v);
      i++;
    } else if (a[0] == '-' && a[1]) {
      BAD(v || strncmp(a, "--", 2) != 0 ? "unknown option %.40s" : "unknown option %.40s, or it needs a value", a);
    } else if (!have_input) {
      input = a;
      have_input = 1;
    } else {
      BAD("one input only: \"%.40s\" and \"%.40s\"", input, a);
    }
  }
  if (!nlists) BAD("no --list: screening needs a watchlist");
  ds.quiet = quiet;
  if (j.screening.min_score > j.screening.threshold)
    BAD("--min-score %.2f is above --threshold %.2f: alerts would be left out", j.screening.min_score,
        j.screening.threshold);
  if (zeef_ctx_new(NULL, &j.ctx)) {
    fe_error("context", "cannot be created");
    return FE_EXIT_USAGE;
  }
  {
    size_t failed = 0;
    zeef_status rc = fe_lists_load(j.ctx, list_arg, nlists, on_diag, &ds, lists, &failed);
    if (rc) {
      fprintf(stderr, "zeef: %s: list cannot be loaded: %s\n", fe_list_path(list_arg[failed]),
              zeef_strerror(rc));
      ret = FE_EXIT_USAGE;
      goto out;
    }
  }
  if (ds.total > ds.shown && !quiet)
    fprintf(stderr, "zeef: %zu further list warnings not shown\n", ds.total - ds.shown);
  if (zeef_screener_new(j.ctx, (const zeef_list *const *)lists, nlists, NULL, NULL, &j.scr)) {
    fe_error("index", "cannot be built: out of memory");
    ret = FE_EXIT_USAGE;
    goto out;
  }
  if (rules_path) {
    char rw[FE_RULES_ERR_MAX + 600];
    if (fe_rules_load(j.ctx, rules_path, &rules, rw, sizeof rw)) {
      fprintf(stderr, "zeef: --rules %s\n", rw);
      ret = FE_EXIT_USAGE;
      goto out;
    }
  }
  j.screening.rules = rules;
  if (!(j.links = fe_links_new())) {
    fe_error("links", "cannot start: out of memory");
    ret = FE_EXIT_USAGE;
    goto out;
  }
  j.screening.ctx = j.ctx;
  j.screening.scr = j.scr;
  j.screening.screened_with = fe_screened_with(lists, nlists);
  /* a window of records per thread in flight: enough to keep every
  ** worker busy while the output is written in order */
  /* threads - 1 workers: the reading thread screens too (fe_batch) */
  if (!(pool = fe_pool_new(threads - 1, 4 * threads)) ||
      !(j.batch = fe_batch_new(pool, &j.screening, 32 * threads, render, emit, &j))) {
    fe_error("screening", "cannot start: out of memory");
    ret = FE_EXIT_USAGE;
    goto out;
  }
  if (strcmp(input, "-") != 0 && (in = fopen(input, "rb")) == NULL) {
    fprintf(stderr, "zeef: %s: cannot open the input\n", input);
    ret = FE_EXIT_USAGE;
    goto out;
  }
  if (store_path) {
    zeef_actor who = {user && *user ? user : "cli", "screen", "screening"};
    int64_t run;
    char sw[600];
    if (fe_store_open(j.ctx, store_path, secret_path, &j.store, sw, sizeof sw)) {
      fprintf(stderr, "zeef: %s\n", sw);
      ret = FE_EXIT_USAGE;
      goto out;
    }
    if (zeef_store_run_begin(j.store, &who, strcmp(input, "-") == 0 ? "(standard input)" : input,
                             (const zeef_list *const *)lists, nlists, j.screening.threshold, &run)) {
      char label[256];
      fprintf(stderr, "zeef: --store %s: %s\n", fe_label(store_path, label, sizeof label),
              zeef_store_error(j.store));
      ret = FE_EXIT_USAGE;
      goto out;
    }
  }
  if (header < 0) header = strcmp(input, "-") != 0;
  if (header) {
    char digest[65];
    int have = strcmp(input, "-") != 0 && zeef_file_digest(input, digest) == ZEEF_OK;
    run_header(&j, &ro, input, have ? digest : NULL, lists, list_arg, nlists);
  }
  {
    zeef_read_error err;
    zeef_status rc;
    t0 = now_s();
    /* a line that says how far it is, for a person watching a long file */
    j.progress = !quiet && isatty(2);
    j.in = in;
    j.started = j.shown_at = t0;
    if (in != stdin) {
      struct stat sb;
      if (fstat(fileno(in), &sb) == 0 && S_ISREG(sb.st_mode)) j.in_size = (long long)sb.st_size;
    }
    rc = zeef_records_read_with(j.ctx, in, &ro, on_record, &j, &err);
    if (fe_batch_finish(j.batch) && !rc) rc = ZEEF_E_NOMEM;
    if (j.progress && j.shown_at > t0) progress(&j, 1);
    if (j.store && !j.store_rc) j.store_rc = zeef_store_run_end(j.store);
    secs = now_s() - t0;
    if (j.store_rc) {
      char label[256];
      fprintf(stderr, "zeef: --store %s: %s; the screenings before the last batch are stored\n",
              fe_label(store_path, label, sizeof label), zeef_store_error(j.store));
      ret = FE_EXIT_USAGE;
    }
    if (ret) {
      /* the store's failure is said */
    } else if (rc == ZEEF_E_INVALID && err.message[0]) {
      fprintf(stderr, "zeef: --map: %s\n", err.message);
      ret = FE_EXIT_USAGE;
    } else if (rc == ZEEF_E_FORMAT) {
      fprintf(stderr, "zeef: %s:%zu: input cannot be read: %s\n", input, err.line, err.message);
      ret = FE_EXIT_USAGE;
    } else if (rc) {
      fprintf(stderr, "zeef: %s: %s\n", input, zeef_strerror(rc));
      ret = FE_EXIT_USAGE;
    }
  }
  fflush(stdout); /* the report first, then the summary */
  for (size_t i = 0; i < nlists && !quiet; i++) {
    fprintf(stderr, "zeef: list %s version %s: %zu entities\n", zeef_list_name(lists[i]),
            zeef_list_version(lists[i]), zeef_list_count(lists[i]));
    for (size_t k = 0; k < zeef_list_note_count(lists[i]); k++)
      fprintf(stderr, "zeef: list %s: %s\n", zeef_list_name(lists[i]), zeef_list_note(lists[i], k));
  }
  if (!quiet)
    fprintf(stderr,
            "zeef: %zu records in %.2f s (%.0f/s, %zu threads): %zu alerts, %zu clear, %zu errors, "
            "%zu with warnings\n",
            j.records, secs, secs > 0 ? (double)j.records / secs : 0.0, threads, j.alerts, j.clears,
            j.errors, j.warned);
  if (!ret && fail_on_alert && j.alerts) ret = FE_EXIT_ALERT;
  else if (!ret && j.errors) ret = FE_EXIT_INPUT;
out:
  zeef_store_close(j.store);
  if (in && in != stdin) fclose(in);
  fe_batch_free(j.batch);
  fe_pool_free(pool);
  zeef_screener_free(j.scr);
  zeef_rules_free(rules);
  fe_links_free(j.links);
  for (size_t i = 0; i < nlists; i++) zeef_list_free(lists[i]);
  json_decref(j.screening.screened_with);
  zeef_ctx_free(j.ctx);
  return ret;
bad:
  if (why[0]) fprintf(stderr, "zeef screen: %s\n", why);
  usage(stderr);
  return FE_EXIT_USAGE;
}
