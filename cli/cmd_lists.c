/*
** cmd_lists.c: `zeef lists`, what is in a list and what changed in it.
**
**   zeef lists show [NAME=]FILE [--json]        the list's version, publication
**                                               date, digest, entities, notes
**   zeef lists diff [NAME=]OLD [NAME=]NEW [--json]
**                                               entities added, removed and
**                                               changed, and for a change each
**                                               field's values added and removed
**
** diff writes one line per change in id order (text for a reviewer, or
** JSON lines: {"id", "change": "added"|"removed"|"changed", "name",
** "fields": {"names": {"added": [...], "removed": [...]}, ...}}) and a
** summary on stderr. Exit status, as diff(1): 0 the lists hold the same
** entities, 1 they differ, 2 bad usage or a list that cannot be loaded.
*/
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VALUE_TEXT 160

typedef struct diff_job {
  int json;
  size_t added, removed, changed;
} diff_job;

/* The values of one field of e as strings, into out (cap of them, each
** VALUE_TEXT bytes); returns how many. */
static size_t values(const zeef_entity *e, unsigned field, char (*out)[VALUE_TEXT], size_t cap) {
  size_t n = 0;
  switch (field) {
  case ZEEF_FIELD_NAMES:
    for (size_t i = 0; i < e->nnames && n < cap; i++) snprintf(out[n++], VALUE_TEXT, "%s", e->names[i]);
    break;
  case ZEEF_FIELD_DATES:
    for (size_t i = 0; i < e->ndates && n < cap; i++) zeef_date_format(&e->dates[i], out[n++], VALUE_TEXT);
    break;
  case ZEEF_FIELD_NATIONALITIES:
    for (size_t i = 0; i < e->nnationalities && n < cap; i++) snprintf(out[n++], VALUE_TEXT, "%.3s", e->nationalities[i]);
    break;
  case ZEEF_FIELD_DOCUMENTS:
    for (size_t i = 0; i < e->ndocs && n < cap; i++)
      snprintf(out[n++], VALUE_TEXT, "%s%s%s%s%s", e->docs[i].number, e->docs[i].country[0] ? " (" : "",
               e->docs[i].country, e->docs[i].country[0] ? ")" : "", "");
    break;
  case ZEEF_FIELD_PLACES:
    for (size_t i = 0; i < e->nplaces && n < cap; i++) snprintf(out[n++], VALUE_TEXT, "%s", e->places[i]);
    break;
  case ZEEF_FIELD_ADDRESSES:
    for (size_t i = 0; i < e->naddresses && n < cap; i++) snprintf(out[n++], VALUE_TEXT, "%s", e->addresses[i]);
    break;
  case ZEEF_FIELD_GENDER:
    if (e->gender) snprintf(out[n++], VALUE_TEXT, "%c", e->gender);
    break;
  case ZEEF_FIELD_KIND:
    snprintf(out[n++], VALUE_TEXT, "%s", e->kind == ZEEF_ENTITY_PERSON ? "person"
                                          : e->kind == ZEEF_ENTITY_ORGANISATION ? "organisation" : "other");
    break;
  case ZEEF_FIELD_PROGRAMS:
    if (*e->programs) snprintf(out[n++], VALUE_TEXT, "%s", e->programs);
    break;
  case ZEEF_FIELD_REMARKS:
    if (*e->remarks) snprintf(out[n++], VALUE_TEXT, "%s", e->remarks);
    break;
  default: break;
  }
  return n;
}

static int in(char (*v)[VALUE_TEXT], size_t n, const char *s) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(v[i], s) == 0) return 1;
  return 0;
}

static const struct {
  unsigned bit;
  const char *name;
} fields[] = {
    {ZEEF_FIELD_KIND, "kind"},           {ZEEF_FIELD_NAMES, "names"},
    {ZEEF_FIELD_DATES, "birth_dates"},   {ZEEF_FIELD_NATIONALITIES, "nationalities"},
    {ZEEF_FIELD_DOCUMENTS, "documents"}, {ZEEF_FIELD_GENDER, "gender"},
    {ZEEF_FIELD_PLACES, "birth_places"}, {ZEEF_FIELD_ADDRESSES, "addresses"},
    {ZEEF_FIELD_PROGRAMS, "programs"},   {ZEEF_FIELD_REMARKS, "remarks"},
};

/* {"added": [...], "removed": [...]} of one field between a and b. */
static json_t *field_json(const zeef_entity *a, const zeef_entity *b, unsigned bit) {
  static char va[256][VALUE_TEXT], vb[256][VALUE_TEXT];
  size_t na = values(a, bit, va, 256), nb = values(b, bit, vb, 256);
  json_t *added = json_array(), *removed = json_array();
  for (size_t i = 0; i < nb; i++)
    if (!in(va, na, vb[i]) && !in(vb, i, vb[i])) json_array_append_new(added, json_string(vb[i]));
  for (size_t i = 0; i < na; i++)
    if (!in(vb, nb, va[i]) && !in(va, i, va[i])) json_array_append_new(removed, json_string(va[i]));
  return json_pack("{s:o, s:o}", "added", added, "removed", removed);
}

static int on_change(void *ud, const zeef_change *c) {
  diff_job *j = ud;
  const zeef_entity *e = c->new_entity ? c->new_entity : c->old_entity;
  static const char *const kinds[] = {"added", "removed", "changed"};
  json_t *o = json_pack("{s:s, s:s, s:s}", "id", e->id, "change", kinds[c->kind], "name",
                        e->nnames ? e->names[0] : "");
  if (c->kind == ZEEF_CHANGE_ADDED) j->added++;
  else if (c->kind == ZEEF_CHANGE_REMOVED) j->removed++;
  else {
    json_t *f = json_object();
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
      if (c->fields & fields[i].bit)
        json_object_set_new(f, fields[i].name, field_json(c->old_entity, c->new_entity, fields[i].bit));
    json_object_set_new(o, "fields", f);
    j->changed++;
  }
  if (j->json) {
    json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
  } else {
    printf("%c %s \"%s\"%s\n", "+-~"[c->kind], e->id, e->nnames ? e->names[0] : "",
           c->kind == ZEEF_CHANGE_ADDED ? ": added" : c->kind == ZEEF_CHANGE_REMOVED ? ": removed" : "");
    if (c->kind == ZEEF_CHANGE_CHANGED) {
      const char *key;
      json_t *fv;
      json_object_foreach(json_object_get(o, "fields"), key, fv) {
        size_t k;
        json_t *v;
        json_array_foreach(json_object_get(fv, "added"), k, v) printf("    %s added: %s\n", key, json_string_value(v));
        json_array_foreach(json_object_get(fv, "removed"), k, v)
          printf("    %s removed: %s\n", key, json_string_value(v));
      }
    }
  }
  json_decref(o);
  return 0;
}

static void on_diag(void *ud, const zeef_diag *d) {
  (void)ud;
  if (d->fatal) fe_diag_print(d);
}

/* Loads the lists of args[0..n) into l; prints why one cannot be loaded. */
static int load(zeef_ctx *ctx, const char *const *args, size_t n, zeef_list **l) {
  size_t failed = 0;
  zeef_status rc = fe_lists_load(ctx, args, n, on_diag, NULL, l, &failed);
  if (rc) fprintf(stderr, "zeef: %s: list cannot be loaded: %s\n", fe_list_path(args[failed]), zeef_strerror(rc));
  return rc ? -1 : 0;
}

static void describe(const zeef_list *l, const char *what) {
  fprintf(stderr, "zeef: %s: %s version %s, %zu entities, sha256 %.16s...\n", what, zeef_list_name(l),
          zeef_list_version(l), zeef_list_count(l), zeef_list_digest(l));
}

static int diff(int argc, char **argv) {
  const char *args[2];
  size_t n = 0;
  diff_job j = {0, 0, 0, 0};
  zeef_ctx *ctx = NULL;
  zeef_list *l[2] = {NULL, NULL};
  int ret = FE_EXIT_USAGE;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0) j.json = 1;
    else if (argv[i][0] == '-' && argv[i][1] == '-') n = 3;
    else if (n < 2) args[n++] = argv[i];
    else n = 3;
  }
  if (n != 2) {
    fputs("usage: zeef lists diff [NAME=]OLD [NAME=]NEW [--json]\n", stderr);
    return FE_EXIT_USAGE;
  }
  if (zeef_ctx_new(NULL, &ctx)) {
    fe_error("context", "cannot be created");
    return FE_EXIT_USAGE;
  }
  if (!load(ctx, args, 2, l)) {
    describe(l[0], "old");
    describe(l[1], "new");
    if (zeef_list_diff(ctx, l[0], l[1], on_change, &j) == ZEEF_OK) {
      fprintf(stderr, "zeef: %zu added, %zu removed, %zu changed\n", j.added, j.removed, j.changed);
      ret = j.added || j.removed || j.changed ? 1 : FE_EXIT_OK;
    } else {
      fe_error("diff", "out of memory");
    }
  }
  zeef_list_free(l[0]);
  zeef_list_free(l[1]);
  zeef_ctx_free(ctx);
  return ret;
}

static int show(int argc, char **argv) {
  const char *arg = NULL;
  int json = 0;
  zeef_ctx *ctx = NULL;
  zeef_list *l = NULL;
  int ret = FE_EXIT_USAGE;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0) json = 1;
    else if (!arg && argv[i][0] != '-') arg = argv[i];
    else arg = NULL, i = argc;
  }
  if (!arg) {
    fputs("usage: zeef lists show [NAME=]FILE [--json]\n", stderr);
    return FE_EXIT_USAGE;
  }
  if (zeef_ctx_new(NULL, &ctx)) {
    fe_error("context", "cannot be created");
    return FE_EXIT_USAGE;
  }
  if (!load(ctx, &arg, 1, &l)) {
    json_t *o = fe_list_json(l);
    if (json) {
      json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
      fputc('\n', stdout);
    } else {
      printf("%s: %s list, version %s, published %s, %zu entities\nsha256 %s\n", zeef_list_name(l),
             zeef_list_format_name(zeef_list_get_format(l)), zeef_list_version(l),
             *zeef_list_published(l) ? zeef_list_published(l) : "(not given)", zeef_list_count(l),
             zeef_list_digest(l));
      for (size_t k = 0; k < zeef_list_note_count(l); k++) printf("note: %s\n", zeef_list_note(l, k));
    }
    json_decref(o);
    ret = FE_EXIT_OK;
  }
  zeef_list_free(l);
  zeef_ctx_free(ctx);
  return ret;
}

int cmd_lists(int argc, char **argv) {
  if (argc >= 1 && strcmp(argv[0], "diff") == 0) return diff(argc - 1, argv + 1);
  if (argc >= 1 && strcmp(argv[0], "show") == 0) return show(argc - 1, argv + 1);
  fputs("usage: zeef lists show [NAME=]FILE [--json]\n"
        "       zeef lists diff [NAME=]OLD [NAME=]NEW [--json]\n",
        stderr);
  return FE_EXIT_USAGE;
}
