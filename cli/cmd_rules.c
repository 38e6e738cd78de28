/*
** cmd_rules.c: `zeef rules`, pre-determined criteria before they go live
** (docs/rules.md):
**
**   zeef rules check RULES               load the file as the service and
**                                        zeef screen would: every rule with
**                                        its purpose, basis, owner and review
**                                        date, or every reason it is refused
**   zeef rules test RULES PNRFILE...     how many travellers and bookings
**                                        each rule would hit in these
**                                        PNRGOV files, with a sample, so that
**                                        a rule that hits too many people is
**                                        seen before use
**
** Exit status: 0, 1 when a rule hits more than --broad PERCENT (default 1)
** of the travellers, 2 bad usage or a refused or unreadable file.
*/
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SAMPLE 3       /* travellers shown for each rule */
#define RULES_SHOWN 256

typedef struct tally {
  const zeef_rules *rules;
  size_t travellers, bookings;
  size_t hits[RULES_SHOWN], booked[RULES_SHOWN], shown[RULES_SHOWN];
  char sample[RULES_SHOWN][SAMPLE][ZEEF_RULE_TEXT + 128];
} tally;

static int on_pnr(void *ud, const zeef_pnr *p) {
  tally *t = ud;
  int in_booking[RULES_SHOWN] = {0};
  t->bookings++;
  for (size_t i = 0; i < p->ntravellers; i++) {
    zeef_rule_hit h[8];
    size_t n = zeef_rules_eval(t->rules, p, i, h, 8);
    t->travellers++;
    for (size_t k = 0; k < n && k < 8; k++) {
      size_t r = h[k].rule;
      if (r >= RULES_SHOWN) continue;
      t->hits[r]++;
      if (!in_booking[r]++) t->booked[r]++;
      if (t->shown[r] < SAMPLE)
        snprintf(t->sample[r][t->shown[r]++], sizeof t->sample[0][0], "%s/%s %s, %s: %s", p->locator,
                 p->travellers[i].ref, p->travellers[i].surname, p->travellers[i].given_names, h[k].explanation);
    }
  }
  return 0;
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  size_t cap = 1 << 16, n = 0, k;
  char *b, *nb;
  if (!f) return NULL;
  b = malloc(cap);
  while (b && (k = fread(b + n, 1, cap - n, f)) > 0) {
    n += k;
    if (n == cap) {
      if (cap >= ((size_t)256 << 20) || !(nb = realloc(b, cap * 2))) {
        free(b);
        b = NULL;
        break;
      }
      b = nb;
      cap *= 2;
    }
  }
  fclose(f);
  *len = n;
  return b;
}

static int usage(void) {
  fprintf(stderr, "usage: zeef rules check RULES\n"
                  "       zeef rules test RULES [--broad PERCENT] PNRFILE...\n");
  return FE_EXIT_USAGE;
}

int cmd_rules(int argc, char **argv) {
  zeef_ctx *ctx = NULL;
  zeef_rules *rules = NULL;
  char why[FE_RULES_ERR_MAX + 600];
  double broad = 1.0;
  int test, ret = FE_EXIT_OK;
  tally *t = NULL;
  char *pos[256];
  int npos = 0;
  /* --broad PERCENT anywhere; the rest in order: check|test RULES FILES */
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--broad") == 0) {
      if (i + 1 == argc || fe_parse_double(argv[++i], 0, 100, &broad)) {
        fprintf(stderr, "zeef rules test: --broad takes a percentage from 0 to 100\n");
        return FE_EXIT_USAGE;
      }
    } else if (npos < 256) {
      pos[npos++] = argv[i];
    }
  }
  argc = npos;
  argv = pos;
  if (argc < 2 || (strcmp(argv[0], "check") != 0 && strcmp(argv[0], "test") != 0)) return usage();
  test = strcmp(argv[0], "test") == 0;
  if ((test && argc < 3) || (!test && argc != 2)) return usage();
  if (zeef_ctx_new(NULL, &ctx)) {
    fe_error("context", "cannot be created");
    return FE_EXIT_USAGE;
  }
  if (fe_rules_load(ctx, argv[1], &rules, why, sizeof why)) {
    fprintf(stderr, "zeef: rules %s\n", why);
    zeef_ctx_free(ctx);
    return FE_EXIT_USAGE;
  }
  if (!test) {
    printf("%zu rules, all accepted\n", zeef_rules_count(rules));
    for (size_t i = 0; i < zeef_rules_count(rules); i++)
      printf("  %s: %s\n", zeef_rule_id(rules, i), zeef_rule_description(rules, i));
    goto out;
  }
  if (!(t = calloc(1, sizeof *t))) {
    ret = FE_EXIT_USAGE;
    goto out;
  }
  t->rules = rules;
  for (int i = 2; i < argc; i++) {
    size_t len = 0, bad = 0;
    char *buf;
    zeef_status rc;
    if (!(buf = slurp(argv[i], &len))) {
      fprintf(stderr, "zeef: %s: cannot be read\n", argv[i]);
      ret = FE_EXIT_USAGE;
      goto out;
    }
    rc = zeef_pnrgov_read(ctx, buf, len, on_pnr, t, &bad);
    free(buf);
    if (rc) {
      fprintf(stderr, "zeef: %s: %s\n", argv[i], rc == ZEEF_E_FORMAT ? "no PNRGOV message" : zeef_strerror(rc));
      ret = FE_EXIT_USAGE;
      goto out;
    }
  }
  printf("%zu bookings, %zu travellers\n", t->bookings, t->travellers);
  for (size_t r = 0; r < zeef_rules_count(rules) && r < RULES_SHOWN; r++) {
    double share = t->travellers ? 100.0 * (double)t->hits[r] / (double)t->travellers : 0;
    printf("%s: %zu travellers (%.2f%%) in %zu bookings: %s\n", zeef_rule_id(rules, r), t->hits[r], share,
           t->booked[r], zeef_rule_description(rules, r));
    for (size_t k = 0; k < t->shown[r]; k++) printf("    %s\n", t->sample[r][k]);
    if (share > broad) {
      printf("    TOO BROAD: hits more than %g%% of the travellers; a criterion must be targeted\n", broad);
      ret = 1;
    }
  }
out:
  free(t);
  zeef_rules_free(rules);
  zeef_ctx_free(ctx);
  return ret;
}
