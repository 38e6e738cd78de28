/*
** read_un.c: the UN Security Council consolidated list, XML
** (https://www.un.org/sc/resources/sc-sanctions.xsd), streamed with
** libxml2's xmlTextReader: one INDIVIDUAL or ENTITY at a time is expanded to
** a small tree and read, so memory stays bounded by the largest record.
**
** Per INDIVIDUAL: REFERENCE_NUMBER (id), FIRST_NAME..FOURTH_NAME (primary
** name, joined in order), NAME_ORIGINAL_SCRIPT, INDIVIDUAL_ALIAS (QUALITY
** Good/Low, ALIAS_NAME), GENDER, NATIONALITY/VALUE, INDIVIDUAL_DATE_OF_BIRTH
** (TYPE_OF_DATE EXACT / APPROXIMATELY / BETWEEN with DATE, YEAR,
** FROM_YEAR, TO_YEAR), INDIVIDUAL_PLACE_OF_BIRTH, INDIVIDUAL_DOCUMENT
** (TYPE_OF_DOCUMENT, NUMBER, ISSUING_COUNTRY / COUNTRY_OF_ISSUE), COMMENTS1,
** UN_LIST_TYPE (the programme), LISTED_ON and LAST_DAY_UPDATED/VALUE.
** ENTITY records carry FIRST_NAME and ENTITY_ALIAS. Values carry stray
** white space and empty placeholder elements, both ignored. The parser never
** loads external entities or DTDs (untrusted input).
*/
#include "xmlr.h"

#include <stdio.h>
#include <string.h>

#define UN_TEXT_MAX 8192

static void read_dob(lst_reader *r, const xmlNode *d, size_t line) {
  char type[64], v[128], from[16], to[16];
  zeef_date date;
  xmlr_child_text(d, "TYPE_OF_DATE", type, sizeof type);
  if (xmlr_child_text(d, "DATE", v, sizeof v)) {
    lst_date_text(r, v, strlen(v), line);
    if (strstr(type, "APPROX") && r->b.ndates) r->b.dates[r->b.ndates - 1].approx = 1;
    return;
  }
  if (xmlr_child_text(d, "YEAR", v, sizeof v)) {
    if (zeef_date_parse(v, strlen(v), &date) == ZEEF_OK) {
      if (strstr(type, "APPROX")) date.approx = 1;
      lst_date(r, &date);
    } else {
      lst_warn(r, line, "year of birth \"%.40s\" is not a year; left out", v);
    }
    return;
  }
  if (xmlr_child_text(d, "FROM_YEAR", from, sizeof from) && xmlr_child_text(d, "TO_YEAR", to, sizeof to)) {
    char range[48];
    int k = snprintf(range, sizeof range, "%s to %s", from, to);
    lst_date_text(r, range, (size_t)k, line);
  }
}

static void read_doc(lst_reader *r, const xmlNode *d, size_t line) {
  char type[256], number[256], country[256];
  xmlr_child_text(d, "TYPE_OF_DOCUMENT", type, sizeof type);
  if (!xmlr_child_text(d, "NUMBER", number, sizeof number)) return;
  if (!xmlr_child_text(d, "ISSUING_COUNTRY", country, sizeof country))
    xmlr_child_text(d, "COUNTRY_OF_ISSUE", country, sizeof country);
  lst_document(r, type, strlen(type), number, strlen(number), country, strlen(country), line);
}

static void read_record(lst_reader *r, const xmlNode *rec, size_t line) {
  int person = xmlr_is(rec, "INDIVIDUAL");
  static const char *const parts[] = {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"};
  char buf[UN_TEXT_MAX], name[UN_TEXT_MAX];
  size_t nn = 0;
  lst_begin(r, line);
  lst_kind(r, person ? ZEEF_ENTITY_PERSON : ZEEF_ENTITY_ORGANISATION);
  if (!xmlr_child_text(rec, "REFERENCE_NUMBER", buf, sizeof buf)) xmlr_child_text(rec, "DATAID", buf, sizeof buf);
  lst_id(r, buf, strlen(buf));
  for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
    size_t k = xmlr_child_text(rec, parts[i], buf, sizeof buf);
    if (!k || nn + k + 2 > sizeof name) continue;
    if (nn) name[nn++] = ' ';
    memcpy(name + nn, buf, k);
    nn += k;
  }
  lst_name(r, name, nn, ZEEF_NAMEQ_PRIMARY);
  if (xmlr_child_text(rec, "NAME_ORIGINAL_SCRIPT", buf, sizeof buf))
    lst_name(r, buf, strlen(buf), ZEEF_NAMEQ_ORIGINAL);
  if (xmlr_child_text(rec, "GENDER", buf, sizeof buf)) lst_gender(r, buf, strlen(buf));
  if (xmlr_child_text(rec, "COMMENTS1", buf, sizeof buf)) lst_remarks(r, buf, strlen(buf));
  if (xmlr_child_text(rec, "UN_LIST_TYPE", buf, sizeof buf)) lst_program(r, buf, strlen(buf));
  if (xmlr_child_text(rec, "LISTED_ON", buf, sizeof buf)) lst_listed(r, buf, strlen(buf), line);
  for (const xmlNode *c = rec->children; c; c = c->next) {
    size_t cl = xmlr_line(c, line);
    if (xmlr_is(c, "INDIVIDUAL_ALIAS") || xmlr_is(c, "ENTITY_ALIAS")) {
      char q[32];
      size_t k = xmlr_child_text(c, "ALIAS_NAME", buf, sizeof buf);
      xmlr_child_text(c, "QUALITY", q, sizeof q);
      lst_name(r, buf, k, (q[0] == 'L' || q[0] == 'l') ? ZEEF_NAMEQ_WEAK : ZEEF_NAMEQ_ALIAS);
    } else if (xmlr_is(c, "NATIONALITY")) {
      for (const xmlNode *v = c->children; v; v = v->next)
        if (xmlr_is(v, "VALUE")) {
          size_t k = xmlr_text(v, buf, sizeof buf);
          lst_nationality(r, buf, k, cl);
        }
    } else if (xmlr_is(c, "INDIVIDUAL_DATE_OF_BIRTH")) {
      read_dob(r, c, cl);
    } else if (xmlr_is(c, "INDIVIDUAL_PLACE_OF_BIRTH")) {
      char place[512];
      size_t k = 0;
      static const char *const pp[] = {"CITY", "STATE_PROVINCE", "COUNTRY"};
      for (size_t i = 0; i < 3; i++) {
        size_t m = xmlr_child_text(c, pp[i], buf, sizeof buf);
        if (!m || k + m + 3 > sizeof place) continue;
        if (k) place[k++] = ',', place[k++] = ' ';
        memcpy(place + k, buf, m);
        k += m;
      }
      lst_place(r, place, k);
    } else if (xmlr_is(c, "INDIVIDUAL_DOCUMENT")) {
      read_doc(r, c, cl);
    } else if (xmlr_is(c, "LAST_DAY_UPDATED")) {
      for (const xmlNode *v = c->children; v; v = v->next)
        if (xmlr_is(v, "VALUE")) {
          size_t k = xmlr_text(v, buf, sizeof buf);
          lst_updated(r, buf, k, cl);
        }
    }
  }
  lst_end(r);
}

/* Records the root's generation date as the list version, or refuses a
** document that is not the UN list. */
static zeef_status root(lst_reader *r, xmlTextReaderPtr xr, const char *nm) {
  xmlChar *gen;
  if (strcmp(nm, "CONSOLIDATED_LIST") != 0) {
    lst_fatal(r, (size_t)xmlTextReaderGetParserLineNumber(xr),
              "root element is <%s>, not the UN <CONSOLIDATED_LIST>", nm);
    return ZEEF_E_FORMAT;
  }
  gen = xmlTextReaderGetAttribute(xr, (const xmlChar *)"dateGenerated");
  if (gen) {
    r->l->version = arena_strdup(&r->l->a, (const char *)gen, strlen((const char *)gen));
    xmlFree(gen);
    if (!r->l->version) return ZEEF_E_NOMEM;
  }
  return ZEEF_OK;
}

zeef_status read_un_xml(lst_reader *r, const char *path) {
  static const char *const records[] = {"INDIVIDUAL", "ENTITY", NULL};
  return xmlr_stream(r, path, root, records, read_record);
}
