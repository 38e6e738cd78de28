/*
** cli.h: what the zeef command's subcommands share. The CLI is a client of
** the library: it includes only zeef.h and its own helpers.
*/
#ifndef ZEEF_CLI_H
#define ZEEF_CLI_H

#include "zeef.h"

#include <jansson.h>

/* Exit codes of every subcommand. */
#define EXIT_OK 0
#define EXIT_INPUT 1 /* some input could not be processed */
#define EXIT_USAGE 2 /* bad usage, or a resource that cannot be loaded */

int cmd_compare(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_screen(int argc, char **argv);
int cmd_mrz(int argc, char **argv);
int cmd_paxlst(int argc, char **argv);
int cmd_serve(int argc, char **argv); /* server/serve.c */

/* Prints "zeef: <what>: <message>" to stderr. */
void cli_error(const char *what, const char *msg);

/* ---- render.c: what `zeef screen` and `zeef serve` share */

#define CLI_MAX_LISTS 32

/* How to screen: the index, and the caller's cut-offs. */
typedef struct cli_screening {
  const zeef_ctx *ctx;
  const zeef_screener *scr;
  double threshold; /* a hit at or above it is an alert */
  double min_score; /* hits below it are left out */
  size_t limit;     /* at most this many hits */
} cli_screening;

/* Screens record r and returns its output object (id, line, status, error,
** warnings, hits, and source for MRZ and PAXLST records); the caller owns
** it. hits is scratch space of s->limit entries. *status_out (may be NULL)
** receives "alert", "clear" or "error", static strings. */
json_t *cli_screen_record(const cli_screening *s, const zeef_record *r, zeef_hit *hits,
                          const char **status_out);

/* The `source` object of a record read from an MRZ or a PAXLST message, or
** NULL for CSV and JSON lines. Caller owns the result. */
json_t *cli_source_json(const zeef_record *r);
json_t *cli_mrz_json(const zeef_mrz *m);
json_t *cli_pax_json(const zeef_pax_message *m, const zeef_pax_person *p);

/* Loads n lists given as "[NAME=]FILE" into lists[0..n). On failure every
** list loaded so far is freed, *failed is the index of the argument that
** failed, and its status is returned. */
zeef_status cli_lists_load(const zeef_ctx *ctx, const char *const *args, size_t n, zeef_diag_fn diag,
                           void *ud, zeef_list **lists, size_t *failed);
/* The FILE part of a "[NAME=]FILE" argument. */
const char *cli_list_path(const char *arg);

/* Parses an --in-format value: auto, csv, jsonl, mrz, paxlst. -1 if none. */
int cli_input_format(const char *s, zeef_input_format *out);

#endif
