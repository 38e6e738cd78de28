/*
** cmd_docs.c: `zeef mrz` and `zeef paxlst`, which print travel documents
** and passenger lists as zeef reads them, one JSON line per document or
** person, without screening: for checking what a gate or an airline sends.
**
**   zeef mrz [FILE|-]      blocks of 2 or 3 MRZ lines, separated by blank lines
**   zeef paxlst [FILE|-]   a UN/EDIFACT PAXLST interchange
**   zeef pnr [FILE|-]      UN/EDIFACT PNRGOV bookings, one JSON line a booking
**                          (fe_pnr_json), its anomalies in "warnings"
**
** Each line: {"line", "id", "status": "ok"|"error", "error", "warnings",
** "name", "source": {...}}. Exit status: 0 all read, 1 some records were
** errors, 2 bad usage, an input that cannot be read at all, or output that
** could not be written (cli/main.c).
*/
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct dump {
  size_t records, errors;
} dump;

static int on_record(void *ud, const zeef_record *r) {
  dump *d = ud;
  json_t *w = json_array(), *src = fe_source_json(r);
  json_t *o;
  for (size_t i = 0; i < r->nwarnings; i++) json_array_append_new(w, json_string(r->warnings[i]));
  o = json_pack("{s:I, s:s, s:s, s:o, s:o, s:s}", "line", (json_int_t)r->line, "id", r->id,
                "status", r->error ? "error" : "ok", "error",
                r->error ? json_string(r->error) : json_null(), "warnings", w, "name", r->name);
  if (src) json_object_set_new(o, "source", src);
  json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
  fputc('\n', stdout);
  json_decref(o);
  d->records++;
  if (r->error) d->errors++;
  return 0;
}

static int run(const char *cmd, zeef_input_format fmt, int argc, char **argv) {
  const char *input = "-";
  FILE *in = stdin;
  dump d = {0, 0};
  zeef_read_error err;
  zeef_ctx *ctx = NULL;
  zeef_status rc;
  if (argc > 1 || (argc == 1 && argv[0][0] == '-' && argv[0][1])) {
    fprintf(stderr, "usage: zeef %s [FILE|-]\n", cmd);
    return FE_EXIT_USAGE;
  }
  if (argc == 1) input = argv[0];
  if (strcmp(input, "-") != 0 && (in = fopen(input, "rb")) == NULL) {
    fprintf(stderr, "zeef: %s: cannot open the input\n", input);
    return FE_EXIT_USAGE;
  }
  if ((rc = zeef_ctx_new(NULL, &ctx)) != ZEEF_OK) {
    if (in != stdin) fclose(in);
    fe_error("context", zeef_strerror(rc));
    return FE_EXIT_USAGE;
  }
  rc = zeef_records_read(ctx, in, fmt, on_record, &d, &err);
  zeef_ctx_free(ctx);
  if (in != stdin) fclose(in);
  fflush(stdout);
  if (rc) {
    if (rc == ZEEF_E_FORMAT)
      fprintf(stderr, "zeef: %s: input cannot be read: %s\n", input, err.message);
    else
      fprintf(stderr, "zeef: %s: %s\n", input, zeef_strerror(rc));
    return FE_EXIT_USAGE;
  }
  fprintf(stderr, "zeef: %zu records, %zu errors\n", d.records, d.errors);
  return d.errors ? FE_EXIT_INPUT : FE_EXIT_OK;
}

int cmd_mrz(int argc, char **argv) { return run("mrz", ZEEF_IN_MRZ, argc, argv); }

int cmd_paxlst(int argc, char **argv) { return run("paxlst", ZEEF_IN_PAXLST, argc, argv); }

#define PNR_INPUT_MAX ((size_t)256 << 20) /* bytes zeef pnr reads at once */

/* The whole of in into *buf (malloc'd, the caller frees it): 0, or -1 when
** it is larger than max or cannot be read. */
static int slurp(FILE *in, size_t max, char **buf, size_t *len) {
  size_t cap = 1 << 16, n = 0, k;
  char *b = malloc(cap), *nb;
  if (!b) return -1;
  while ((k = fread(b + n, 1, cap - n, in)) > 0) {
    n += k;
    if (n == cap) {
      if (cap >= max || !(nb = realloc(b, cap * 2))) {
        free(b);
        return -1;
      }
      b = nb;
      cap *= 2;
    }
  }
  if (ferror(in)) {
    free(b);
    return -1;
  }
  *buf = b;
  *len = n;
  return 0;
}

/* zeef pnr: one JSON line a booking, not a traveller. */
static int on_pnr(void *ud, const zeef_pnr *p) {
  dump *d = ud;
  json_t *o = fe_pnr_json(p);
  json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
  fputc('\n', stdout);
  json_decref(o);
  d->records++;
  d->errors += p->nwarnings != 0; /* counted as bookings with warnings */
  return 0;
}

int cmd_pnr(int argc, char **argv) {
  const char *input = argc == 1 ? argv[0] : "-";
  dump d = {0, 0};
  zeef_ctx *ctx = NULL;
  zeef_status rc;
  char *buf = NULL;
  size_t len = 0, bad = 0;
  FILE *in;
  if (argc > 1 || (argc == 1 && argv[0][0] == '-' && argv[0][1])) {
    fprintf(stderr, "usage: zeef pnr [FILE|-]\n");
    return FE_EXIT_USAGE;
  }
  if ((in = strcmp(input, "-") == 0 ? stdin : fopen(input, "rb")) == NULL) {
    fprintf(stderr, "zeef: %s: cannot open the input\n", input);
    return FE_EXIT_USAGE;
  }
  rc = slurp(in, PNR_INPUT_MAX, &buf, &len) ? ZEEF_E_IO : ZEEF_OK;
  if (in != stdin) fclose(in);
  if (rc) {
    fprintf(stderr, "zeef: %s: cannot be read, or larger than 256 MB\n", input);
    return FE_EXIT_USAGE;
  }
  if ((rc = zeef_ctx_new(NULL, &ctx)) == ZEEF_OK) rc = zeef_pnrgov_read(ctx, buf, len, on_pnr, &d, &bad);
  zeef_ctx_free(ctx);
  free(buf);
  fflush(stdout);
  if (rc) {
    if (rc == ZEEF_E_FORMAT)
      fprintf(stderr, "zeef: %s: no PNRGOV message (reading stopped at segment %zu)\n", input, bad);
    else
      fprintf(stderr, "zeef: %s: %s\n", input, zeef_strerror(rc));
    return FE_EXIT_USAGE;
  }
  fprintf(stderr, "zeef: %zu bookings, %zu with warnings\n", d.records, d.errors);
  return FE_EXIT_OK;
}
