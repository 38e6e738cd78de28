/*
** cmd_cases.c: `zeef cases`, the case store from the command line.
**
**   zeef cases rescreen --store PATH --from [NAME=]OLD --to [NAME=]NEW
**                       [--threshold T] [--user NAME] [--secret FILE]
**   zeef cases retain --store PATH [--retention-days N] [--purge-days N]
**                     [--secret FILE]
**
** rescreen: the stored travellers screened again for what changed between
** two versions of a list (zeef_store_rescreen): cases opened for new
** alerts, matches on removed entities withdrawn; prints what it did. zeef
** serve does the same by itself at each reload.
** retain: retention (zeef_store_retain), for a store no zeef serve keeps
** (zeef serve runs it at start and daily): from cron, say.
*/
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f) {
  fputs("usage: zeef cases rescreen --store PATH --from [NAME=]OLD --to [NAME=]NEW\n"
        "                           [--threshold T] [--user NAME] [--secret FILE]\n"
        "       zeef cases retain --store PATH [--retention-days N] [--purge-days N] [--secret FILE]\n"
        "rescreen: screen the stored travellers again for what changed between two versions of a\n"
        "          list: the added and changed entities against an index of the travellers, a case\n"
        "          for each new alert (origin rescreen), the matches on removed entities withdrawn\n"
        "retain:   mask the travellers screened more than --retention-days ago (183) and delete those\n"
        "          no case holds; empty what cases keep of the person after --purge-days (1826)\n"
        "example: zeef cases rescreen --store cases.db --from UN=un-monday.xml --to UN=un-tuesday.xml\n",
        f);
}

int cmd_cases(int argc, char **argv) {
  const char *path = NULL, *from = NULL, *to = NULL, *secret = NULL, *user = getenv("USER");
  const char *lists[2];
  double threshold = ZEEF_ALERT_THRESHOLD;
  size_t retention = 0, purge = 0;
  int retain = argc > 0 && strcmp(argv[0], "retain") == 0;
  zeef_ctx *ctx = NULL;
  zeef_list *l[2] = {NULL, NULL};
  zeef_store *st = NULL;
  zeef_rescreen_counts c;
  char why[600];
  int ret = FE_EXIT_USAGE;
  if (argc > 0 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
    usage(stdout);
    return FE_EXIT_OK;
  }
  if (argc < 1 || (strcmp(argv[0], "rescreen") != 0 && strcmp(argv[0], "retain") != 0)) {
    usage(stderr);
    return FE_EXIT_USAGE;
  }
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout);
      return FE_EXIT_OK;
    }
    if (!v) {
      fprintf(stderr, "zeef cases: %.40s needs a value\n", a);
      usage(stderr);
      return FE_EXIT_USAGE;
    }
    i++;
    if (strcmp(a, "--store") == 0) path = v;
    else if (strcmp(a, "--from") == 0) from = v;
    else if (strcmp(a, "--to") == 0) to = v;
    else if (strcmp(a, "--secret") == 0) secret = v;
    else if (strcmp(a, "--user") == 0) user = v;
    else if (strcmp(a, "--retention-days") == 0 || strcmp(a, "--purge-days") == 0) {
      if (fe_parse_size(v, 1, 36500, a[2] == 'r' ? &retention : &purge)) {
        fprintf(stderr, "zeef cases: %s takes a number of days from 1 to 36500, not \"%.40s\"\n", a, v);
        return FE_EXIT_USAGE;
      }
    }
    else if (strcmp(a, "--threshold") == 0) {
      if (fe_parse_double(v, 0, 1, &threshold)) {
        fprintf(stderr, "zeef cases: --threshold takes a number from 0 to 1, not \"%.40s\"\n", v);
        return FE_EXIT_USAGE;
      }
    } else {
      fprintf(stderr, "zeef cases: unknown option %.40s\n", a);
      usage(stderr);
      return FE_EXIT_USAGE;
    }
  }
  if (retain) {
    zeef_retention_counts n;
    char why2[600];
    if (!path) {
      fprintf(stderr, "zeef cases retain: --store PATH is needed\n");
      return FE_EXIT_USAGE;
    }
    if (!fe_store_exists(path)) {
      fprintf(stderr, "zeef cases: --store %s: no such store\n", path);
      return FE_EXIT_USAGE;
    }
    if (zeef_ctx_new(NULL, &ctx)) return FE_EXIT_USAGE;
    if (fe_store_open(ctx, path, secret, &st, why2, sizeof why2)) {
      fprintf(stderr, "zeef: %s\n", why2);
    } else if (zeef_store_retain(st, (int)retention, (int)purge, &n)) {
      fprintf(stderr, "zeef cases retain: %s\n", zeef_store_error(st));
    } else {
      printf("%lld travellers masked, %lld deleted, in %lld batches\n", (long long)n.masked, (long long)n.purged,
             (long long)n.batches);
      ret = FE_EXIT_OK;
    }
    zeef_store_close(st);
    zeef_ctx_free(ctx);
    return ret;
  }
  if (!path || !from || !to) {
    fprintf(stderr, "zeef cases rescreen: --store, --from and --to are needed\n");
    usage(stderr);
    return FE_EXIT_USAGE;
  }
  if (!fe_store_exists(path)) {
    fprintf(stderr, "zeef cases: --store %s: no such store\n", path);
    return FE_EXIT_USAGE;
  }
  if (zeef_ctx_new(NULL, &ctx)) return FE_EXIT_USAGE;
  lists[0] = from;
  lists[1] = to;
  {
    size_t failed = 0;
    zeef_status rc = fe_lists_load(ctx, lists, 2, NULL, NULL, l, &failed);
    if (rc) {
      fprintf(stderr, "zeef: %s: list cannot be loaded: %s\n", fe_list_path(lists[failed]), zeef_strerror(rc));
      goto out;
    }
  }
  if (strcmp(zeef_list_name(l[0]), zeef_list_name(l[1])) != 0) {
    fprintf(stderr, "zeef cases rescreen: --from is list %s and --to list %s: name both the same (NAME=FILE)\n",
            zeef_list_name(l[0]), zeef_list_name(l[1]));
    goto out;
  }
  if (fe_store_open(ctx, path, secret, &st, why, sizeof why)) {
    fprintf(stderr, "zeef: %s\n", why);
    goto out;
  }
  {
    zeef_actor who = {user && *user ? user : "cli", "system", "rescreen"};
    if (zeef_store_rescreen(st, &who, ctx, l[0], l[1], threshold, &c)) {
      fprintf(stderr, "zeef cases rescreen: %s\n", zeef_store_error(st));
      goto out;
    }
  }
  printf("list %s %s -> %s: %lld added, %lld changed, %lld removed\n", zeef_list_name(l[1]), zeef_list_version(l[0]),
         zeef_list_version(l[1]), (long long)c.added, (long long)c.changed, (long long)c.removed);
  printf("%lld stored travellers screened again: %lld alerts, %lld cases opened; %lld matches withdrawn\n",
         (long long)c.candidates, (long long)c.alerts, (long long)c.cases, (long long)c.withdrawn);
  ret = FE_EXIT_OK;
out:
  zeef_store_close(st);
  zeef_list_free(l[0]);
  zeef_list_free(l[1]);
  zeef_ctx_free(ctx);
  return ret;
}
