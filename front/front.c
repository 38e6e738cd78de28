/*
** front.c: the front ends' shared small things: messages, option values
** and the loading of --list arguments (front.h).
*/
#include "front.h"

#include <jansson.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

size_t fe_cores(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > FE_THREADS_MAX ? FE_THREADS_MAX : (size_t)n;
}

void fe_error(const char *what, const char *msg) { fprintf(stderr, "zeef: %s: %s\n", what, msg); }

void fe_diag_print(const zeef_diag *d) {
  fprintf(stderr, "zeef: %s%s%.0zu%s%s%s: %s\n", d->file, d->line ? ":" : "", d->line,
          d->record ? " (" : "", d->record ? d->record : "", d->record ? ")" : "", d->message);
}

int fe_parse_double(const char *s, double min, double max, double *out) {
  char *end;
  double v;
  if (!s || !*s || *s == ' ') return -1;
  errno = 0;
  v = strtod(s, &end);
  if (end == s || *end || errno || isnan(v) || v < min || v > max) return -1;
  *out = v;
  return 0;
}

int fe_parse_size(const char *s, size_t min, size_t max, size_t *out) {
  char *end;
  unsigned long long v;
  if (!s || *s < '0' || *s > '9') return -1; /* no sign, no space */
  errno = 0;
  v = strtoull(s, &end, 10);
  if (*end || errno || v < min || v > max) return -1;
  *out = (size_t)v;
  return 0;
}

int fe_input_format(const char *s, zeef_input_format *out) {
  static const zeef_input_format all[] = {ZEEF_IN_AUTO,   ZEEF_IN_CSV,  ZEEF_IN_JSONL, ZEEF_IN_MRZ,
                                          ZEEF_IN_PAXLST, ZEEF_IN_JSON, ZEEF_IN_PNRGOV};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    if (strcmp(s, zeef_input_format_name(all[i])) == 0) {
      *out = all[i];
      return 0;
    }
  return -1;
}

zeef_status fe_lists_load(const zeef_ctx *ctx, const char *const *args, size_t n,
                          zeef_diag_fn diag, void *ud, zeef_list **lists, size_t *failed) {
  for (size_t i = 0; i < n; i++) lists[i] = NULL;
  for (size_t i = 0; i < n; i++) {
    const char *eq = strchr(args[i], '=');
    char name[128];
    zeef_status rc;
    if (eq) snprintf(name, sizeof name, "%.*s", (int)(eq - args[i]), args[i]);
    rc = zeef_list_load(ctx, eq ? name : NULL, fe_list_path(args[i]), ZEEF_LIST_AUTO, diag, ud,
                        &lists[i]);
    if (rc) {
      for (size_t k = 0; k < i; k++) {
        zeef_list_free(lists[k]);
        lists[k] = NULL;
      }
      if (failed) *failed = i;
      return rc;
    }
  }
  return ZEEF_OK;
}

const char *fe_list_path(const char *arg) {
  const char *eq = strchr(arg, '=');
  return eq ? eq + 1 : arg;
}

const char *fe_label(const char *path, char *buf, size_t cap) {
  const char *scheme = strstr(path, "://"), *at, *colon;
  if (!scheme || !(at = strchr(scheme + 3, '@')) ||
      !(colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3)))) {
    snprintf(buf, cap, "%s", path);
    return buf;
  }
  snprintf(buf, cap, "%.*s:...%s", (int)(colon - path), path, at); /* user:...@host */
  return buf;
}

int fe_store_exists(const char *path) { return strstr(path, "://") != NULL || access(path, F_OK) == 0; }

int fe_store_open(const zeef_ctx *ctx, const char *path, const char *secret_path, zeef_store **st, char *why,
                  size_t cap) {
  unsigned char key[64];
  size_t n = 0;
  char label[256];
  if (zeef_store_open(ctx, path, st)) {
    snprintf(why, cap, "--store %s: %s", fe_label(path, label, sizeof label), zeef_store_error(*st));
    zeef_store_close(*st);
    *st = NULL;
    return -1;
  }
  if (secret_path) {
    FILE *f = fopen(secret_path, "rb");
    if (f) {
      n = fread(key, 1, sizeof key, f);
      fclose(f);
    }
    if (!f || zeef_store_set_secret(*st, key, n)) {
      snprintf(why, cap, "--secret %s: %s", secret_path,
               !f ? "cannot be read" : "holds fewer than 16 bytes (openssl rand 32 > FILE makes a secret)");
      memset(key, 0, sizeof key);
      zeef_store_close(*st);
      *st = NULL;
      return -1;
    }
    memset(key, 0, sizeof key);
  }
  return 0;
}

zeef_status fe_store_result(zeef_store *st, const zeef_screener *scr, const fe_result *res) {
  static const zeef_outcome outcome[] = {ZEEF_OUTCOME_CLEAR, ZEEF_OUTCOME_ALERT, ZEEF_OUTCOME_ERROR};
  json_t *src = fe_source_json(res->record);
  char *text = src ? json_dumps(src, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
  zeef_store_rule rules[FE_RULE_HITS];
  size_t nrules = 0;
  for (; nrules < res->nrules && nrules < FE_RULE_HITS && res->rules; nrules++) {
    rules[nrules].id = zeef_rule_id(res->rules, res->rule_hits[nrules].rule);
    rules[nrules].description = zeef_rule_description(res->rules, res->rule_hits[nrules].rule);
    rules[nrules].explanation = res->rule_hits[nrules].explanation;
  }
  zeef_status rc =
      zeef_store_put(st, res->record, text, outcome[res->status], res->status == FE_ERROR ? res->error : NULL,
                     res->hits, res->nhits, scr, res->traveller.name, rules, nrules);
  free(text);
  json_decref(src);
  return rc;
}

int fe_rules_load(const zeef_ctx *ctx, const char *path, zeef_rules **rules, char *why, size_t cap) {
  FILE *f = fopen(path, "rb");
  char *text = NULL, *err = NULL;
  size_t n = 0;
  zeef_status rc;
  *rules = NULL;
  if (!f) {
    snprintf(why, cap, "%s: cannot be opened", path);
    return -1;
  }
  if ((text = malloc(FE_RULES_MAX_BYTES + 1)) != NULL) n = fread(text, 1, FE_RULES_MAX_BYTES + 1, f);
  fclose(f);
  if (!text || n > FE_RULES_MAX_BYTES) {
    snprintf(why, cap, "%s: %s", path, text ? "larger than 4 MB" : "out of memory");
    free(text);
    return -1;
  }
  err = malloc(FE_RULES_ERR_MAX);
  rc = zeef_rules_load(ctx, text, n, getenv("ZEEF_TODAY"), rules, err, err ? FE_RULES_ERR_MAX : 0);
  free(text);
  if (rc) {
    snprintf(why, cap, "%s: %s:\n%s", path, rc == ZEEF_E_FORMAT ? "refused" : zeef_strerror(rc),
             err ? err : "");
    free(err);
    return -1;
  }
  free(err);
  return 0;
}

int fe_parse_bytes(const char *s, size_t min, size_t max, size_t *out) {
  char digits[24];
  size_t n = strlen(s), mul = 1, v;
  if (n && (s[n - 1] == 'k' || s[n - 1] == 'K'))
    mul = 1024, n--;
  else if (n && (s[n - 1] == 'm' || s[n - 1] == 'M'))
    mul = 1024 * 1024, n--;
  if (!n || n >= sizeof digits) return -1;
  memcpy(digits, s, n);
  digits[n] = 0;
  if (fe_parse_size(digits, 0, max / mul, &v) || v * mul < min) return -1;
  *out = v * mul;
  return 0;
}
