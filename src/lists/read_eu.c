/*
** read_eu.c: the EU Financial Sanctions Files, XML v1.1 (the export of the
** European Commission's FSF database, root <export> in the namespace
** http://eu.europa.ec/fpi/fsd/export), streamed with xmlr.c: one
** sanctionEntity at a time.
**
** Per sanctionEntity, all values in attributes:
**   logicalId                     the entity's id
**   euReferenceNumber, unitedNationId   further identifiers (refs)
**   subjectType code              person, enterprise, else other
**   nameAlias                     wholeName (else firstName middleName
**                                 lastName); the first in English or of no
**                                 stated language is the primary name,
**                                 strong="false" a low-quality alias; its
**                                 gender; title and function kept in the
**                                 remarks
**   birthdate                     birthdate YYYY-MM-DD, else year,
**                                 monthOfYear, dayOfMonth; circa="true"
**                                 approximate; yearRangeFrom..yearRangeTo;
**                                 city, region, place and country as the
**                                 place of birth
**   citizenship countryIso2Code   nationality ("00" means unknown)
**   identification                number, identificationTypeDescription,
**                                 countryIso2Code
**   regulation                    programme; publicationDate: the earliest
**                                 is when the entity was listed, the latest
**                                 its last change
**   remark                        remarks
** The root's generationDate is the list's version. Placeholders ("-",
** "00", "UNKNOWN") say nothing and are left out.
*/
#include "xmlr.h"
#include "../text/text.h"

#include <stdio.h>
#include <string.h>

#define EU_TEXT_MAX 4096

static int placeholder(const char *s) {
  return !*s || strcmp(s, "-") == 0 || strcmp(s, "00") == 0 || strcmp(s, "UNKNOWN") == 0;
}

/* Appends "label: value" to the remarks being gathered in out. */
static void remark(char *out, size_t cap, const char *label, const char *v) {
  size_t k = strlen(out);
  if (!*v || k + strlen(label) + strlen(v) + 5 >= cap) return;
  snprintf(out + k, cap - k, "%s%s%s", k ? "; " : "", label, v);
}

static void read_alias(lst_reader *r, const xmlNode *a, int primary, char *notes, size_t cap) {
  char name[EU_TEXT_MAX], part[EU_TEXT_MAX], strong[16], v[256];
  size_t n = xmlr_attr(a, "wholeName", name, sizeof name);
  if (!n) { /* the parts, in order */
    static const char *const parts[] = {"firstName", "middleName", "lastName"};
    for (size_t i = 0; i < 3; i++) {
      size_t k = xmlr_attr(a, parts[i], part, sizeof part);
      if (!k || n + k + 2 > sizeof name) continue;
      if (n) name[n++] = ' ';
      memcpy(name + n, part, k);
      n += k;
      name[n] = 0;
    }
  }
  if (!n) return;
  xmlr_attr(a, "strong", strong, sizeof strong);
  lst_name(r, name, n, primary ? ZEEF_NAMEQ_PRIMARY : strcmp(strong, "false") == 0 ? ZEEF_NAMEQ_WEAK : ZEEF_NAMEQ_ALIAS);
  if (xmlr_attr(a, "gender", v, sizeof v)) lst_gender(r, v, strlen(v));
  if (xmlr_attr(a, "title", v, sizeof v)) remark(notes, cap, "title: ", v);
  if (xmlr_attr(a, "function", v, sizeof v)) remark(notes, cap, "function: ", v);
}

/* A month or day number, 0 when it is none. */
static int small(const char *s) {
  size_t v;
  return text_uint(s, strlen(s), 31, &v) ? 0 : (int)v;
}

static void read_birth(lst_reader *r, const xmlNode *b, size_t line) {
  char v[64], y[16], m[16], d[16], from[16], to[16], circa[16], place[512], part[256];
  size_t k = 0, before = r->b.ndates;
  xmlr_attr(b, "circa", circa, sizeof circa);
  if (xmlr_attr(b, "birthdate", v, sizeof v)) {
    lst_date_text(r, v, strlen(v), line);
  } else if (xmlr_attr(b, "year", y, sizeof y)) {
    int mo = xmlr_attr(b, "monthOfYear", m, sizeof m) ? small(m) : 0;
    int da = xmlr_attr(b, "dayOfMonth", d, sizeof d) ? small(d) : 0;
    int n = mo && da ? snprintf(v, sizeof v, "%s-%02d-%02d", y, mo, da)
            : mo     ? snprintf(v, sizeof v, "%s-%02d", y, mo)
                     : snprintf(v, sizeof v, "%s", y);
    lst_date_text(r, v, (size_t)n, line);
  } else if (xmlr_attr(b, "yearRangeFrom", from, sizeof from) && xmlr_attr(b, "yearRangeTo", to, sizeof to)) {
    int n = snprintf(v, sizeof v, "%s to %s", from, to);
    lst_date_text(r, v, (size_t)n, line);
  }
  if (strcmp(circa, "true") == 0 && r->b.ndates > before) r->b.dates[r->b.ndates - 1].approx = 1;
  /* the place: city, region, place, country, the parts given */
  {
    static const char *const parts[] = {"city", "region", "place", "countryDescription"};
    for (size_t i = 0; i < 4; i++) {
      size_t n = xmlr_attr(b, parts[i], part, sizeof part);
      if (!n || placeholder(part) || k + n + 3 > sizeof place) continue;
      if (k) place[k++] = ',', place[k++] = ' ';
      memcpy(place + k, part, n);
      k += n;
    }
    if (k) lst_place(r, place, k);
  }
}

/* The alias that stands for the entity's name: the first in English or
** of no stated language (the list's own spelling), else the first. */
static const xmlNode *primary_alias(const xmlNode *e) {
  const xmlNode *first = NULL;
  char lang[16];
  for (const xmlNode *c = e->children; c; c = c->next) {
    if (!xmlr_is(c, "nameAlias")) continue;
    if (!first) first = c;
    xmlr_attr(c, "nameLanguage", lang, sizeof lang);
    if (!lang[0] || strcmp(lang, "EN") == 0) return c;
  }
  return first;
}

static void read_entity(lst_reader *r, const xmlNode *e, size_t line) {
  char v[EU_TEXT_MAX], notes[EU_TEXT_MAX] = "", code[64];
  const xmlNode *primary = primary_alias(e);
  lst_begin(r, line);
  xmlr_attr(e, "logicalId", v, sizeof v);
  lst_id(r, v, strlen(v));
  if (xmlr_attr(e, "euReferenceNumber", v, sizeof v)) lst_ref(r, v, strlen(v));
  if (xmlr_attr(e, "unitedNationId", v, sizeof v)) lst_ref(r, v, strlen(v));
  xmlr_attr(xmlr_child(e, "subjectType"), "code", code, sizeof code);
  lst_kind(r, strcmp(code, "person") == 0       ? ZEEF_ENTITY_PERSON
              : strcmp(code, "enterprise") == 0 ? ZEEF_ENTITY_ORGANISATION
                                                : ZEEF_ENTITY_OTHER);
  if (primary) read_alias(r, primary, 1, notes, sizeof notes); /* names[0] */
  for (const xmlNode *c = e->children; c; c = c->next) {
    size_t cl = xmlr_line(c, line);
    if (xmlr_is(c, "nameAlias")) {
      if (c != primary) read_alias(r, c, 0, notes, sizeof notes);
    } else if (xmlr_is(c, "birthdate")) {
      read_birth(r, c, cl);
    } else if (xmlr_is(c, "citizenship")) {
      if (xmlr_attr(c, "countryIso2Code", v, sizeof v) && !placeholder(v)) lst_nationality(r, v, strlen(v), cl);
    } else if (xmlr_is(c, "identification")) {
      char type[256], country[16];
      if (!xmlr_attr(c, "number", v, sizeof v)) continue;
      xmlr_attr(c, "identificationTypeDescription", type, sizeof type);
      xmlr_attr(c, "countryIso2Code", country, sizeof country);
      if (placeholder(country)) country[0] = 0;
      lst_document(r, type, strlen(type), v, strlen(v), country, strlen(country), cl);
    } else if (xmlr_is(c, "regulation")) {
      if (xmlr_attr(c, "programme", v, sizeof v)) lst_program(r, v, strlen(v));
      if (xmlr_attr(c, "publicationDate", v, sizeof v)) {
        lst_listed(r, v, strlen(v), cl);
        lst_updated(r, v, strlen(v), cl);
      }
    } else if (xmlr_is(c, "remark")) {
      if (xmlr_text(c, v, sizeof v)) remark(notes, sizeof notes, "", v);
    }
  }
  lst_remarks(r, notes, strlen(notes));
  lst_end(r);
}

static zeef_status root(lst_reader *r, xmlTextReaderPtr xr, const char *nm) {
  xmlChar *gen;
  if (strcmp(nm, "export") != 0) {
    lst_fatal(r, (size_t)xmlTextReaderGetParserLineNumber(xr),
              "root element is <%s>, not the EU FSF <export>", nm);
    return ZEEF_E_FORMAT;
  }
  gen = xmlTextReaderGetAttribute(xr, (const xmlChar *)"generationDate");
  if (gen) {
    r->l->version = arena_strdup(&r->l->a, (const char *)gen, strlen((const char *)gen));
    xmlFree(gen);
    if (!r->l->version) return ZEEF_E_NOMEM;
  }
  return ZEEF_OK;
}

zeef_status read_eu_xml(lst_reader *r, const char *path) {
  static const char *const records[] = {"sanctionEntity", NULL};
  return xmlr_stream(r, path, root, records, read_entity);
}
