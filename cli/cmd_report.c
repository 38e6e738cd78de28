/*
** cmd_report.c: `zeef report`, the report a supervisor reads, made from a
** screening's JSON output (zeef screen's lines, its run record first when
** it wrote one). Three forms:
**   html  one self-contained page (no network, prints on A4): the run (when,
**         who, lists with versions and digests, threshold), the totals,
**         every alert with the traveller's facts beside the listed
**         person's, the evidence and the name alignment, an original-script
**         name with its romanisation; one person found on several lists
**         (the same full birth date or document number) said once, its
**         hits marked; clear travellers in a compact list;
**         errors with their reasons
**   csv   one row per alerting hit, per clear traveller and per error, for
**         a spreadsheet
**   text  the same as html, as plain text
** The screening's lines are read as they come (one JSON value after
** another); a line that is not one of them is named and skipped.
*/
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef enum form { F_HTML = 0, F_CSV, F_TEXT } form;

typedef struct report {
  form f;
  const char *by;
  json_t *run;     /* the run record, or NULL */
  json_t *records; /* every result line, in order */
  size_t alerts, strong, possible, clear, errors;
} report;

/* ------------------------------------------------------------- Escaping */

static void html(FILE *o, const char *s);

/* before, then value escaped, then after. */
static void html3(FILE *o, const char *before, const char *value, const char *after) {
  fputs(before, o);
  html(o, value);
  fputs(after, o);
}

static void html(FILE *o, const char *s) {
  for (; s && *s; s++) switch (*s) {
    case '&': fputs("&amp;", o); break;
    case '<': fputs("&lt;", o); break;
    case '>': fputs("&gt;", o); break;
    case '"': fputs("&quot;", o); break;
    case '\'': fputs("&#39;", o); break;
    default: fputc(*s, o);
    }
}

/* A CSV field, quoted when it must be (RFC 4180); a leading =, +, - or @
** is kept from a spreadsheet's formula reading with a quote mark. */
static void csv(FILE *o, const char *s, int last) {
  int formula = s && s[0] && strchr("=+-@", s[0]) != NULL;
  int quote = s && (strpbrk(s, ",\"\r\n") != NULL || formula);
  if (quote) fputc('"', o);
  if (formula) fputc('\'', o);
  for (; s && *s; s++) {
    if (*s == '"') fputc('"', o);
    fputc(*s, o);
  }
  if (quote) fputc('"', o);
  fputc(last ? '\n' : ',', o);
}

static const char *jstr(json_t *o, const char *key) {
  const char *s = json_string_value(json_object_get(o, key));
  return s ? s : "";
}

/* The strings of array a joined with ", " into buf. */
static const char *joined(json_t *a, char *buf, size_t cap) {
  size_t i, k = 0;
  json_t *v;
  buf[0] = 0;
  json_array_foreach(a, i, v) if (json_is_string(v) && k + 3 < cap) k += (size_t)snprintf(
      buf + k, cap - k, "%s%s", k ? ", " : "", json_string_value(v));
  return buf;
}

/* The listed value the hit's evidence of a feature met, or "". */
static const char *listed_value(json_t *hit, const char *feature) {
  size_t i;
  json_t *ev;
  json_array_foreach(json_object_get(hit, "evidence"), i, ev) if (strcmp(jstr(ev, "feature"), feature) == 0) return jstr(
      ev, "listed");
  return "";
}

/* --------------------------------------------------------------- Reading */

static int read_lines(report *r, FILE *in, const char *path) {
  size_t n = 0;
  for (;;) {
    json_error_t err;
    json_t *v = json_loadf(in, JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY, &err);
    const char *st;
    int c;
    while ((c = fgetc(in)) == '\n' || c == '\r' || c == ' ' || c == '\t') {
    }
    if (c != EOF) ungetc(c, in);
    if (!v) {
      if (c == EOF && strstr(err.text, "end of file")) break;
      fprintf(stderr, "zeef report: %s: line %d: not zeef screen's output: %s\n", path, err.line, err.text);
      return -1;
    }
    n++;
    if (json_object_get(v, "run") && !r->run && !json_array_size(r->records)) {
      r->run = v;
      continue;
    }
    st = jstr(v, "status");
    if (!json_is_object(v) || !*st) {
      fprintf(stderr, "zeef report: %s: value %zu is not a screening result; skipped\n", path, n);
      json_decref(v);
      continue;
    }
    if (strcmp(st, "alert") == 0) {
      size_t i;
      json_t *h;
      int strong = 0;
      r->alerts++;
      json_array_foreach(json_object_get(v, "hits"), i, h) strong |= strcmp(jstr(h, "band"), "strong") == 0;
      if (strong) r->strong++;
      else r->possible++;
    } else if (strcmp(st, "clear") == 0) {
      r->clear++;
    } else {
      r->errors++;
    }
    json_array_append_new(r->records, v);
    if (c == EOF) break;
  }
  return 0;
}

/* ------------------------------------------------------------------ HTML */

static const char style[] =
    "@page{size:A4;margin:14mm}"
    "body{font:10pt/1.45 system-ui,sans-serif;color:#111;max-width:190mm;margin:0 auto;padding:8mm}"
    "h1{font-size:16pt;margin:0 0 2mm}h2{font-size:12.5pt;margin:7mm 0 2mm;border-bottom:1px solid #999}"
    "h3{font-size:11pt;margin:0 0 1mm}.meta{color:#444;margin:0 0 3mm}"
    "table{border-collapse:collapse;width:100%;margin:1.5mm 0}"
    "th,td{border:1px solid #bbb;padding:1mm 1.5mm;text-align:left;vertical-align:top}"
    "th{background:#eee;font-weight:600}.num{font-variant-numeric:tabular-nums}"
    "section{border:1px solid #888;border-left-width:4px;padding:2.5mm 3mm;margin:3mm 0;break-inside:avoid}"
    "section.strong{border-left-color:#b00}section.possible{border-left-color:#d80}"
    ".band{display:inline-block;padding:0 2mm;border-radius:2mm;font-weight:700;font-size:9pt;color:#fff}"
    ".band.strong{background:#b00}.band.possible{background:#c70}.band.weak{background:#777}"
    ".agree{color:#060}.differ{color:#a00}.why{margin:1mm 0 0 4mm;padding:0;font-size:9pt;color:#333}"
    ".latin{color:#555;font-style:italic}.group{font-weight:bold}.clear li{display:inline;margin-right:3mm}.clear{padding:0}"
    "footer{margin-top:8mm;font-size:8.5pt;color:#555;border-top:1px solid #bbb;padding-top:2mm}";

static void html_fact(FILE *o, const char *what, const char *mine, const char *theirs, json_t *hit,
                      const char *feature) {
  size_t i;
  json_t *ev;
  double w = 0;
  int have = 0;
  json_array_foreach(json_object_get(hit, "evidence"), i, ev) if (strcmp(jstr(ev, "feature"), feature) == 0) {
    w += json_number_value(json_object_get(ev, "weight"));
    have = 1;
  }
  fprintf(o, "<tr><th>%s</th><td>", what);
  html(o, *mine ? mine : "–");
  html3(o, "</td><td>", *theirs ? theirs : "–", "</td><td");
  if (have) fprintf(o, " class=\"num %s\">%+.1f", w > 0 ? "agree" : w < 0 ? "differ" : "", w);
  else fputs(">", o);
  fputs("</td></tr>\n", o);
}

/* Whether two alerting hits are one person on two lists: what a list
** holds that another list would hold of the same person, and that
** namesakes do not share: the same full birth date, or the same document
** number. */
static int same_person(json_t *a, json_t *b) {
  static const char *const facts[] = {"birth_dates", "documents"};
  if (strcmp(jstr(a, "list"), jstr(b, "list")) == 0) return 0;
  for (size_t f = 0; f < 2; f++) {
    json_t *x, *y;
    size_t i, k;
    json_array_foreach(json_object_get(json_object_get(a, "listed"), facts[f]), i, x) {
      const char *u = json_string_value(x);
      /* a full date (YYYY-MM-DD), or a document number of 5 characters or more */
      if (!u || (f == 0 ? strlen(u) != 10 : strlen(u) < 5)) continue;
      json_array_foreach(json_object_get(json_object_get(b, "listed"), facts[f]), k, y) {
        const char *v = json_string_value(y);
        if (v && strcmp(u, v) == 0) return 1;
      }
    }
  }
  return 0;
}

#define GROUP_MAX 256 /* alerting hits grouped per traveller; the rest stand alone */

/* The alerting hits of rec (those it says alert, or at threshold or
** above) and, for each, the
** first of them it is the same person as (its own index when none). */
static size_t alert_groups(json_t *rec, double threshold, json_t **hits, size_t *first) {
  json_t *h;
  size_t i, n = 0;
  json_array_foreach(json_object_get(rec, "hits"), i, h) {
    json_t *alert = json_object_get(h, "alert"); /* as the screening said, else by the threshold */
    if ((alert ? !json_is_true(alert) : json_number_value(json_object_get(h, "score")) < threshold) || n == GROUP_MAX)
      continue;
    hits[n] = h;
    first[n] = n;
    for (size_t k = 0; k < n; k++)
      if (first[k] == k && same_person(hits[k], h)) {
        first[n] = k;
        break;
      }
    n++;
  }
  return n;
}

static void html_alert(FILE *o, json_t *rec, double threshold) {
  json_t *t = json_object_get(rec, "traveller"), *h, *hits[GROUP_MAX];
  size_t i, first[GROUP_MAX], nh;
  const char *band = "possible";
  json_array_foreach(json_object_get(rec, "hits"), i, h) if (strcmp(jstr(h, "band"), "strong") == 0) band = "strong";
  fprintf(o, "<section class=\"%s\"><h3>", band);
  html(o, jstr(rec, "id"));
  fputs(" · ", o);
  html(o, jstr(t, "name"));
  if (*jstr(t, "latin")) {
    html3(o, " <span class=\"latin\">(", jstr(t, "latin"), ")</span>");
  }
  fprintf(o, " <span class=\"meta\">line %lld</span></h3>\n", (long long)json_integer_value(json_object_get(rec, "line")));
  nh = alert_groups(rec, threshold, hits, first);
  for (size_t g = 0; g < nh; g++) { /* one person found on several lists, said first */
    int many = 0;
    for (size_t k = g + 1; k < nh; k++) many |= first[k] == g;
    if (first[g] != g || !many) continue;
    fputs("<p class=\"group\">One person on several lists (the same birth date or document): ", o);
    for (size_t k = g; k < nh; k++)
      if (first[k] == g) {
        html3(o, k == g ? "" : ", ", jstr(hits[k], "list"), " ");
        html(o, jstr(hits[k], "entity_id"));
      }
    fputs("</p>\n", o);
  }
  for (i = 0; i < nh; i++) {
    json_t *l, *ev;
    char dates[256], nats[128], docs[256];
    size_t k;
    h = hits[i];
    l = json_object_get(h, "listed");
    fprintf(o, "<p><span class=\"band %s\">%s</span> score <b class=\"num\">%.3f</b> · ", jstr(h, "band"),
            jstr(h, "band"), json_number_value(json_object_get(h, "score")));
    html(o, jstr(h, "list"));
    html3(o, " ", jstr(h, "entity_id"), " <b>");
    html(o, jstr(h, "name"));
    fputs("</b>", o);
    if (first[i] != i) {
      html3(o, " (the same person as ", jstr(hits[first[i]], "list"), " ");
      html(o, jstr(hits[first[i]], "entity_id"));
      fputs(")", o);
    }
    if (strcmp(jstr(h, "name"), jstr(h, "matched_name")) != 0) {
      html3(o, ", matched on the ", jstr(h, "matched_name_quality"), " “");
      html(o, jstr(h, "matched_name"));
      fputs("”", o);
    }
    if (*jstr(l, "programs")) {
      fputs(" · ", o);
      html(o, jstr(l, "programs"));
    }
    if (*jstr(l, "listed_on")) {
      fputs(" · listed ", o);
      html(o, jstr(l, "listed_on"));
    }
    fputs("</p>\n<table><tr><th></th><th>Traveller</th><th>Listed</th><th>Weight</th></tr>\n", o);
    html_fact(o, "Name", jstr(t, "name"), jstr(h, "matched_name"), h, "name");
    html_fact(o, "Birth date", jstr(t, "birth_date"), joined(json_object_get(l, "birth_dates"), dates, sizeof dates), h,
              "birth_date");
    html_fact(o, "Nationality", jstr(t, "nationality"), joined(json_object_get(l, "nationalities"), nats, sizeof nats), h,
              "nationality");
    html_fact(o, "Gender", jstr(t, "gender"), jstr(l, "gender"), h, "gender");
    html_fact(o, "Document", jstr(t, "document_number"),
              *listed_value(h, "document") ? listed_value(h, "document")
                                           : joined(json_object_get(l, "documents"), docs, sizeof docs),
              h, "document");
    fputs("</table>\n<ul class=\"why\">", o);
    json_array_foreach(json_object_get(h, "explanation"), k, ev) {
      html3(o, "<li>", json_string_value(ev), "</li>");
    }
    fputs("</ul>\n", o);
  }
  fputs("</section>\n", o);
}

static void write_html(const report *r, FILE *o) {
  json_t *run = json_object_get(r->run, "run"), *l, *rec;
  size_t i;
  double threshold = run ? json_number_value(json_object_get(run, "threshold")) : ZEEF_ALERT_THRESHOLD;
  char when[32];
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
  fputs("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>zeef screening report</title><style>",
        o);
  fputs(style, o);
  fputs("</style></head><body>\n<h1>Screening report</h1>\n<p class=\"meta\">", o);
  if (run) {
    html3(o, "Screened ", jstr(run, "at"), " · input ");
    html(o, jstr(json_object_get(run, "input"), "file"));
    if (*jstr(json_object_get(run, "input"), "sha256")) {
      html3(o, " (SHA-256 ", jstr(json_object_get(run, "input"), "sha256"), ")");
    }
    fprintf(o, " · zeef %s, model %s · alert at %.2f", jstr(run, "zeef"), jstr(run, "model"), threshold);
  } else {
    fputs("No run record in the input: lists and settings are those each result names.", o);
  }
  fputs("<br>Report made ", o);
  html(o, when);
  if (r->by && *r->by) {
    fputs(" by ", o);
    html(o, r->by);
  }
  fputs("</p>\n", o);
  if (run) {
    fputs("<table><tr><th>List</th><th>Format</th><th>Version</th><th>Published</th><th class=\"num\">Entities</th>"
          "<th>SHA-256</th></tr>\n",
          o);
    json_array_foreach(json_object_get(run, "lists"), i, l) {
      html3(o, "<tr><td>", jstr(l, "name"), "</td><td>");
      html(o, jstr(l, "format"));
      html3(o, "</td><td>", jstr(l, "version"), "</td><td>");
      html(o, *jstr(l, "published") ? jstr(l, "published") : "not given");
      fprintf(o, "</td><td class=\"num\">%lld</td><td class=\"num\">%.16s…</td></tr>\n",
              (long long)json_integer_value(json_object_get(l, "entities")), jstr(l, "sha256"));
    }
    fputs("</table>\n", o);
  }
  fprintf(o,
          "<p><b>%zu traveller%s</b>: <b>%zu alert%s</b> (%zu strong, %zu possible), %zu clear, %zu error%s. "
          "Every alert needs a reviewer's decision; a band sorts them, it decides nothing.</p>\n",
          json_array_size(r->records), json_array_size(r->records) == 1 ? "" : "s", r->alerts, r->alerts == 1 ? "" : "s",
          r->strong, r->possible, r->clear, r->errors, r->errors == 1 ? "" : "s");
  if (r->alerts) {
    fputs("<h2>Alerts</h2>\n", o);
    for (int pass = 0; pass < 2; pass++) /* strong first */
      json_array_foreach(r->records, i, rec) {
        size_t k;
        json_t *h;
        int strong = 0;
        if (strcmp(jstr(rec, "status"), "alert") != 0) continue;
        json_array_foreach(json_object_get(rec, "hits"), k, h) strong |= strcmp(jstr(h, "band"), "strong") == 0;
        if (strong == (pass == 0)) html_alert(o, rec, threshold);
      }
  }
  if (r->clear) {
    fputs("<h2>Clear</h2>\n<ul class=\"clear\">", o);
    json_array_foreach(r->records, i, rec) if (strcmp(jstr(rec, "status"), "clear") == 0) {
      html3(o, "<li>", jstr(rec, "id"), " ");
      html(o, jstr(json_object_get(rec, "traveller"), "name"));
      fputs("</li>", o);
    }
    fputs("</ul>\n", o);
  }
  if (r->errors) {
    fputs("<h2>Errors</h2>\n<table><tr><th>Record</th><th>Line</th><th>Why it was not screened</th></tr>\n", o);
    json_array_foreach(r->records, i, rec) if (strcmp(jstr(rec, "status"), "error") == 0) {
      fputs("<tr><td>", o);
      html(o, jstr(rec, "id"));
      fprintf(o, "</td><td class=\"num\">%lld</td><td>", (long long)json_integer_value(json_object_get(rec, "line")));
      html(o, jstr(rec, "error"));
      fputs("</td></tr>\n", o);
    }
    fputs("</table>\n", o);
  }
  fputs("<footer>Made by zeef report from the screening's output. Scores are deterministic; the weights are "
        "log-odds (green agrees, red differs). Personal data: keep and share this report as the screening "
        "itself.</footer>\n</body></html>\n",
        o);
}

/* ------------------------------------------------------------ CSV, text */

static void write_csv(const report *r, FILE *o) {
  json_t *run = json_object_get(r->run, "run"), *rec, *h, *hits[GROUP_MAX];
  size_t i, k, nh, first[GROUP_MAX];
  double threshold = run ? json_number_value(json_object_get(run, "threshold")) : ZEEF_ALERT_THRESHOLD;
  fputs("id,line,status,traveller,traveller_latin,birth_date,nationality,document_number,band,score,list,"
        "entity_id,listed_name,matched_name,listed_birth_dates,listed_nationalities,programs,same_person_as,error\n",
        o);
  json_array_foreach(r->records, i, rec) {
    json_t *t = json_object_get(rec, "traveller");
    char line[32], score[32], dates[256], nats[128];
    int rows = 0;
    snprintf(line, sizeof line, "%lld", (long long)json_integer_value(json_object_get(rec, "line")));
    nh = alert_groups(rec, threshold, hits, first);
    for (k = 0; k < nh; k++) {
      json_t *l;
      char same[160] = "";
      h = hits[k];
      l = json_object_get(h, "listed");
      if (first[k] != k)
        snprintf(same, sizeof same, "%s %s", jstr(hits[first[k]], "list"), jstr(hits[first[k]], "entity_id"));
      snprintf(score, sizeof score, "%.4f", json_number_value(json_object_get(h, "score")));
      csv(o, jstr(rec, "id"), 0), csv(o, line, 0), csv(o, jstr(rec, "status"), 0), csv(o, jstr(t, "name"), 0);
      csv(o, jstr(t, "latin"), 0), csv(o, jstr(t, "birth_date"), 0), csv(o, jstr(t, "nationality"), 0);
      csv(o, jstr(t, "document_number"), 0), csv(o, jstr(h, "band"), 0), csv(o, score, 0), csv(o, jstr(h, "list"), 0);
      csv(o, jstr(h, "entity_id"), 0), csv(o, jstr(h, "name"), 0), csv(o, jstr(h, "matched_name"), 0);
      csv(o, joined(json_object_get(l, "birth_dates"), dates, sizeof dates), 0);
      csv(o, joined(json_object_get(l, "nationalities"), nats, sizeof nats), 0), csv(o, jstr(l, "programs"), 0);
      csv(o, same, 0), csv(o, "", 1);
      rows++;
    }
    if (!rows) { /* clear, an error, or an alert without an alerting hit left */
      csv(o, jstr(rec, "id"), 0), csv(o, line, 0), csv(o, jstr(rec, "status"), 0), csv(o, jstr(t, "name"), 0);
      csv(o, jstr(t, "latin"), 0), csv(o, jstr(t, "birth_date"), 0), csv(o, jstr(t, "nationality"), 0);
      csv(o, jstr(t, "document_number"), 0);
      for (int c = 0; c < 10; c++) csv(o, "", 0);
      csv(o, jstr(rec, "error"), 1);
    }
  }
}

static void write_text(const report *r, FILE *o) {
  json_t *run = json_object_get(r->run, "run"), *rec, *h, *l, *hits[GROUP_MAX];
  size_t i, k, nh, first[GROUP_MAX];
  double threshold = run ? json_number_value(json_object_get(run, "threshold")) : ZEEF_ALERT_THRESHOLD;
  fputs("SCREENING REPORT\n", o);
  if (run) {
    fprintf(o, "screened %s, input %s, zeef %s, model %s, alert at %.2f\n", jstr(run, "at"),
            jstr(json_object_get(run, "input"), "file"), jstr(run, "zeef"), jstr(run, "model"), threshold);
    json_array_foreach(json_object_get(run, "lists"), i, l)
        fprintf(o, "list %s: version %s, %lld entities, sha256 %s\n", jstr(l, "name"), jstr(l, "version"),
                (long long)json_integer_value(json_object_get(l, "entities")), jstr(l, "sha256"));
  }
  if (r->by && *r->by) fprintf(o, "report by %s\n", r->by);
  fprintf(o, "%zu traveller%s: %zu alert%s (%zu strong, %zu possible), %zu clear, %zu error%s\n",
          json_array_size(r->records), json_array_size(r->records) == 1 ? "" : "s", r->alerts, r->alerts == 1 ? "" : "s",
          r->strong, r->possible, r->clear, r->errors, r->errors == 1 ? "" : "s");
  json_array_foreach(r->records, i, rec) {
    json_t *t = json_object_get(rec, "traveller");
    if (strcmp(jstr(rec, "status"), "alert") != 0) continue;
    fprintf(o, "\n%s  %s%s%s%s  born %s, %s\n", jstr(rec, "id"), jstr(t, "name"), *jstr(t, "latin") ? " (" : "",
            jstr(t, "latin"), *jstr(t, "latin") ? ")" : "", *jstr(t, "birth_date") ? jstr(t, "birth_date") : "-",
            *jstr(t, "nationality") ? jstr(t, "nationality") : "-");
    nh = alert_groups(rec, threshold, hits, first);
    for (k = 0; k < nh; k++) {
      char dates[256], nats[128];
      h = hits[k];
      l = json_object_get(h, "listed");
      fprintf(o, "  %s %.3f  %s %s %s  born %s, %s%s%s", jstr(h, "band"), json_number_value(json_object_get(h, "score")),
              jstr(h, "list"), jstr(h, "entity_id"), jstr(h, "name"),
              *joined(json_object_get(l, "birth_dates"), dates, sizeof dates) ? dates : "-",
              *joined(json_object_get(l, "nationalities"), nats, sizeof nats) ? nats : "-",
              *jstr(l, "programs") ? ", " : "", jstr(l, "programs"));
      if (first[k] != k)
        fprintf(o, "  = the same person as %s %s", jstr(hits[first[k]], "list"), jstr(hits[first[k]], "entity_id"));
      fputs("\n", o);
    }
  }
  if (r->clear) {
    fputs("\nclear:", o);
    json_array_foreach(r->records, i, rec) if (strcmp(jstr(rec, "status"), "clear") == 0) fprintf(o, " %s", jstr(rec, "id"));
    fputs("\n", o);
  }
  json_array_foreach(r->records, i, rec) if (strcmp(jstr(rec, "status"), "error") == 0)
      fprintf(o, "error %s (line %lld): %s\n", jstr(rec, "id"), (long long)json_integer_value(json_object_get(rec, "line")),
              jstr(rec, "error"));
}

static void usage(FILE *f) {
  fputs("usage: zeef report [--format html|csv|text] [--by NAME] [RESULTS|-]\n"
        "makes the report a supervisor reads from zeef screen's JSON output (standard input when\n"
        "- or none): the run (when, lists and their versions, threshold), the totals, every alert\n"
        "with the traveller's facts beside the listed person's and the evidence, the clear\n"
        "travellers, the errors\n"
        "  --format html   one page that needs no network and prints on A4 (the default)\n"
        "  --format csv    a row per alerting hit, clear traveller or error, for a spreadsheet\n"
        "  --format text   plain text\n"
        "  --by NAME       who made the report, named in it\n"
        "example: zeef screen --list UN=un.xml manifest.csv | zeef report > report.html\n",
        f);
}

int cmd_report(int argc, char **argv) {
  report r;
  const char *input = "-";
  FILE *in = stdin;
  int ret = FE_EXIT_OK, have = 0;
  memset(&r, 0, sizeof r);
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout);
      return FE_EXIT_OK;
    } else if (strcmp(a, "--format") == 0 && v) {
      i++;
      if (strcmp(v, "html") == 0) r.f = F_HTML;
      else if (strcmp(v, "csv") == 0) r.f = F_CSV;
      else if (strcmp(v, "text") == 0) r.f = F_TEXT;
      else {
        fprintf(stderr, "zeef report: --format is html, csv or text, not \"%.40s\"\n", v);
        usage(stderr);
        return FE_EXIT_USAGE;
      }
    } else if (strcmp(a, "--by") == 0 && v) {
      r.by = argv[++i];
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "zeef report: unknown option %.40s%s\n", a, v ? "" : ", or it needs a value");
      usage(stderr);
      return FE_EXIT_USAGE;
    } else if (!have) {
      input = a;
      have = 1;
    } else {
      fprintf(stderr, "zeef report: one input only\n");
      usage(stderr);
      return FE_EXIT_USAGE;
    }
  }
  if (strcmp(input, "-") != 0 && !(in = fopen(input, "rb"))) {
    fprintf(stderr, "zeef report: %s: cannot be opened\n", input);
    return FE_EXIT_USAGE;
  }
  r.records = json_array();
  if (!r.records || read_lines(&r, in, input)) ret = FE_EXIT_USAGE;
  else if (r.f == F_CSV) write_csv(&r, stdout);
  else if (r.f == F_TEXT) write_text(&r, stdout);
  else write_html(&r, stdout);
  if (in != stdin) fclose(in);
  json_decref(r.run);
  json_decref(r.records);
  return ret;
}
