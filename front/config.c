/*
** config.c: zeef's configuration file, read by `zeef screen` and `zeef
** serve` (--config FILE, or ZEEF_CONFIG), so that a site writes its lists,
** thresholds and keys file once. A line is "key = value"; # starts a
** comment; "[screen]" or "[serve]" starts the part one command reads, the
** lines before any part are read by both. A key is an option's name
** without its dashes (min_score or min-score for --min-score); a key given
** twice, like list, gives the option twice. The options come before the
** command line's, so the command line has the last word where an option is
** read once.
**
**   # /etc/zeef.conf
**   list = UN=/srv/lists/un-consolidated.xml
**   list = OFAC=/srv/lists/ofac
**   [screen]
**   threshold = 0.85
**   [serve]
**   keys = /etc/zeef/keys.txt
**   listen = 0.0.0.0:8080
*/
#include "front.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONFIG_LINE_MAX 4096
#define CONFIG_ARGS_MAX 256

/* The line without its surrounding spaces (and line break), in place. */
static char *trim(char *s) {
  char *e;
  while (*s == ' ' || *s == '\t') s++;
  e = s + strlen(s);
  while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r')) *--e = 0;
  return s;
}

int fe_config_args(const char *path, const char *cmd, char ***out, int *n, char *why, size_t cap) {
  FILE *f = fopen(path, "r");
  char line[CONFIG_LINE_MAX], **args = NULL;
  int k = 0, mine = 1, number = 0;
  *out = NULL;
  *n = 0;
  if (!f) {
    snprintf(why, cap, "%s: cannot be read", path);
    return -1;
  }
  if (!(args = calloc(CONFIG_ARGS_MAX, sizeof *args))) goto nomem;
  while (fgets(line, sizeof line, f)) {
    char *s = trim(line), *eq, *key, *value, opt[80];
    number++;
    if (!*s || *s == '#') continue;
    if (*s == '[') {
      char *end = strchr(s, ']');
      if (!end || end[1]) {
        snprintf(why, cap, "%s:%d: a part is [screen] or [serve]", path, number);
        goto fail;
      }
      *end = 0;
      if (strcmp(s + 1, "screen") != 0 && strcmp(s + 1, "serve") != 0) {
        snprintf(why, cap, "%s:%d: no part [%.40s]: the parts are [screen] and [serve]", path, number, s + 1);
        goto fail;
      }
      mine = strcmp(s + 1, cmd) == 0;
      continue;
    }
    if (!(eq = strchr(s, '='))) {
      snprintf(why, cap, "%s:%d: not \"key = value\"", path, number);
      goto fail;
    }
    *eq = 0;
    key = trim(s);
    value = trim(eq + 1);
    if (!*key || !*value || strlen(key) > 60) {
      snprintf(why, cap, "%s:%d: not \"key = value\"", path, number);
      goto fail;
    }
    if (!mine) continue;
    if (k + 2 > CONFIG_ARGS_MAX) {
      snprintf(why, cap, "%s: more than %d settings", path, CONFIG_ARGS_MAX / 2);
      goto fail;
    }
    snprintf(opt, sizeof opt, "--%s", key);
    for (char *p = opt; *p; p++)
      if (*p == '_') *p = '-';
    if (!(args[k] = strdup(opt)) || !(args[k + 1] = strdup(value))) goto nomem;
    k += 2;
  }
  if (ferror(f)) {
    snprintf(why, cap, "%s: cannot be read", path);
    goto fail;
  }
  fclose(f);
  *out = args;
  *n = k;
  return 0;
nomem:
  snprintf(why, cap, "%s: out of memory", path);
fail:
  fclose(f);
  fe_config_free(args, CONFIG_ARGS_MAX);
  return -1;
}

void fe_config_free(char **args, int n) {
  if (!args) return;
  for (int i = 0; i < n; i++) free(args[i]);
  free(args);
}
