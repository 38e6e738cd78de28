/*
** cmd_audit.c: `zeef audit`, the case store's audit for an oversight body.
**
**   zeef audit verify --store PATH   recompute the chain: exit 0 intact, 1
**                                    naming the first entry that fails
**   zeef audit export --store PATH   every entry as a JSON line, with the
**                                    exact details text and the hashes, so
**                                    that the chain can be checked
**                                    without zeef
**
** How the chain is made: src/store/audit.c.
*/
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f) {
  fputs("usage: zeef audit verify --store PATH\n"
        "       zeef audit export --store PATH\n"
        "verify: recompute the case store's audit chain (sequence, times, each entry's hash and the\n"
        "        one before, the stored screenings each batch entry covers); exit 0 when intact,\n"
        "        1 naming the first entry that fails and why\n"
        "export: every audit entry as one JSON line (seq, ts, actor, role, purpose, action, object,\n"
        "        outcome, details as hashed, details_hash, prev_hash, hash)\n"
        "example: zeef audit verify --store cases.db\n",
        f);
}

static int line_out(void *ud, const char *line, size_t len) {
  (void)ud;
  fwrite(line, 1, len, stdout);
  return putchar('\n') == EOF;
}

int cmd_audit(int argc, char **argv) {
  const char *what = argc > 0 ? argv[0] : "", *path = NULL;
  zeef_ctx *ctx = NULL;
  zeef_store *st = NULL;
  int ret = FE_EXIT_USAGE;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--store") == 0 && i + 1 < argc) {
      path = argv[++i];
    } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      usage(stdout);
      return FE_EXIT_OK;
    } else {
      fprintf(stderr, "zeef audit: unknown option %.40s\n", argv[i]);
      usage(stderr);
      return FE_EXIT_USAGE;
    }
  }
  if (strcmp(what, "--help") == 0 || strcmp(what, "-h") == 0) {
    usage(stdout);
    return FE_EXIT_OK;
  }
  if ((strcmp(what, "verify") != 0 && strcmp(what, "export") != 0) || !path) {
    if (!path && (strcmp(what, "verify") == 0 || strcmp(what, "export") == 0))
      fprintf(stderr, "zeef audit %s: --store PATH names the case store\n", what);
    usage(stderr);
    return FE_EXIT_USAGE;
  }
  if (!fe_store_exists(path)) { /* reading a store never makes one */
    fprintf(stderr, "zeef audit: --store %s: no such store\n", path);
    return FE_EXIT_USAGE;
  }
  if (zeef_ctx_new(NULL, &ctx)) {
    fe_error("context", "cannot be created");
    return FE_EXIT_USAGE;
  }
  if (zeef_store_open(ctx, path, &st)) {
    char label[256];
    fprintf(stderr, "zeef audit: --store %s: %s\n", fe_label(path, label, sizeof label),
            zeef_store_error(st));
    goto out;
  }
  if (strcmp(what, "export") == 0) {
    if (zeef_store_export(st, line_out, NULL)) fprintf(stderr, "zeef audit: %s\n", zeef_store_error(st));
    else ret = FE_EXIT_OK;
  } else {
    int64_t n = 0;
    zeef_audit_problem bad;
    if (zeef_store_verify(st, &n, &bad)) {
      fprintf(stderr, "zeef audit: %s\n", zeef_store_error(st));
    } else if (bad.check[0]) {
      if (bad.seq)
        printf("audit broken at entry %lld (%s): %s; %lld entries read\n", (long long)bad.seq, bad.check,
               bad.detail, (long long)n);
      else
        printf("audit broken (%s): %s; %lld entries read\n", bad.check, bad.detail, (long long)n);
      ret = FE_EXIT_INPUT;
    } else {
      printf("audit intact: %lld entries\nstore %s\n", (long long)n, zeef_store_id(st));
      ret = FE_EXIT_OK;
    }
  }
out:
  zeef_store_close(st);
  zeef_ctx_free(ctx);
  return ret;
}
