/*
** read_ftm.c: FollowTheMoney entities, one JSON object a line, as
** OpenSanctions and its tools export them:
**   {"id": "...", "schema": "Person", "properties": {"name": [...], ...}}
** Person, Organization, Company and LegalEntity are read; Family,
** Occupancy, Position and other schemata describe relations, not entities
** to screen, and are counted and reported once. Properties read: name,
** alias, weakAlias, previousName, firstName + lastName (a name when the
** entity has none), birthDate, birthPlace, nationality, citizenship,
** country (persons only), gender, passportNumber, idNumber.
** Each line is parsed on its own (jansson): a bad line is reported and the
** rest still read.
*/
#include "list.h"
#include "../text/text.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FTM_LINE_MAX (16 << 20)

static void each(json_t *props, const char *key, void (*fn)(lst_reader *, const char *, size_t, size_t),
                 lst_reader *r, size_t line) {
  json_t *v = json_object_get(props, key), *x;
  size_t i;
  if (!json_is_array(v)) return;
  json_array_foreach(v, i, x) {
    if (json_is_string(x)) fn(r, json_string_value(x), json_string_length(x), line);
  }
}

static void add_primary(lst_reader *r, const char *s, size_t n, size_t line) {
  (void)line;
  lst_name(r, s, n, r->b.nnames ? ZEEF_NAMEQ_ALIAS : ZEEF_NAMEQ_PRIMARY);
}
static void add_place(lst_reader *r, const char *s, size_t n, size_t line) {
  (void)line;
  lst_place(r, s, n);
}
static void add_gender(lst_reader *r, const char *s, size_t n, size_t line) {
  (void)line;
  lst_gender(r, s, n);
}
static void add_passport(lst_reader *r, const char *s, size_t n, size_t line) {
  lst_document(r, "passport", 8, s, n, NULL, 0, line);
}
static void add_id(lst_reader *r, const char *s, size_t n, size_t line) {
  lst_document(r, "identification number", 21, s, n, NULL, 0, line);
}

static void read_entity(lst_reader *r, json_t *o, size_t line, size_t *skipped) {
  json_t *props = json_object_get(o, "properties");
  const char *schema = json_string_value(json_object_get(o, "schema"));
  const char *id = json_string_value(json_object_get(o, "id"));
  zeef_entity_kind kind;
  if (!schema || !json_is_object(props)) {
    lst_warn(r, line, "entity has no schema or properties; left out");
    return;
  }
  if (strcmp(schema, "Person") == 0) kind = ZEEF_ENTITY_PERSON;
  else if (strcmp(schema, "Organization") == 0 || strcmp(schema, "Company") == 0 ||
           strcmp(schema, "LegalEntity") == 0)
    kind = ZEEF_ENTITY_ORGANISATION;
  else {
    (*skipped)++;
    return;
  }
  lst_begin(r, line);
  if (id) lst_id(r, id, strlen(id));
  lst_kind(r, kind);
  each(props, "name", add_primary, r, line);
  each(props, "alias", lst_alias, r, line);
  each(props, "previousName", lst_alias, r, line);
  each(props, "weakAlias", lst_weak_alias, r, line);
  if (!r->b.nnames) {
    /* firstName and lastName make a name when there is no other */
    const char *f = json_string_value(json_array_get(json_object_get(props, "firstName"), 0));
    const char *l = json_string_value(json_array_get(json_object_get(props, "lastName"), 0));
    if (f || l) {
      char buf[1024];
      int k = snprintf(buf, sizeof buf, "%s%s%s", f ? f : "", f && l ? " " : "", l ? l : "");
      if (k > 0) lst_name(r, buf, (size_t)k < sizeof buf ? (size_t)k : sizeof buf - 1, ZEEF_NAMEQ_PRIMARY);
    }
  }
  each(props, "birthDate", lst_date_text, r, line);
  each(props, "birthPlace", add_place, r, line);
  each(props, "nationality", lst_nationality, r, line);
  each(props, "citizenship", lst_nationality, r, line);
  if (kind == ZEEF_ENTITY_PERSON && !r->b.nnats) each(props, "country", lst_nationality, r, line);
  each(props, "gender", add_gender, r, line);
  each(props, "passportNumber", add_passport, r, line);
  each(props, "idNumber", add_id, r, line);
  lst_end(r);
}

zeef_status read_ftm_json(lst_reader *r, const char *path) {
  FILE *f = fopen(path, "rb");
  text_lines in;
  const char *buf;
  size_t len, line = 0, skipped = 0;
  int got = 0, cut;
  if (!f) {
    lst_fatal(r, 0, "cannot open the list file");
    return ZEEF_E_IO;
  }
  text_lines_stream(&in, &r->ctx->m, f, FTM_LINE_MAX);
  while (!r->rc && (got = text_line_next(&in, &buf, &len, &cut)) == 1) {
    json_error_t err;
    json_t *o;
    line = in.number;
    len = text_chomp(buf, len);
    if (!len) continue;
    if (cut) {
      lst_warn(r, line, "line longer than %d bytes; left out", FTM_LINE_MAX);
      continue;
    }
    o = json_loadb(buf, len, 0, &err);
    if (!o || !json_is_object(o)) {
      lst_warn(r, line, "not a JSON object (column %d: %s); left out", err.column, o ? "not an object" : err.text);
      json_decref(o);
      continue;
    }
    read_entity(r, o, line, &skipped);
    json_decref(o);
  }
  text_lines_free(&in);
  fclose(f);
  if (got < 0 && -got == ZEEF_E_IO) {
    lst_fatal(r, line, "read error");
    return ZEEF_E_IO;
  }
  if (got < 0) return (zeef_status)-got;
  if (skipped) lst_warn(r, 0, "%zu entities of schemata zeef does not screen (relations, positions) left out", skipped);
  return r->rc;
}
