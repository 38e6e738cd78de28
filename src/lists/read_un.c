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
** (TYPE_OF_DOCUMENT, NUMBER, ISSUING_COUNTRY / COUNTRY_OF_ISSUE), COMMENTS1.
** ENTITY records carry FIRST_NAME and ENTITY_ALIAS. Values carry stray
** white space and empty placeholder elements, both ignored. The parser never
** loads external entities or DTDs (untrusted input).
*/
#include "list.h"

#include <libxml/xmlreader.h>
#include <string.h>

#define UN_TEXT_MAX 8192

static int is(const xmlNode *n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *child(const xmlNode *n, const char *name) {
  for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
    if (is(c, name)) return c;
  return NULL;
}

/* The text of node n into buf (bounded), trimmed and with inner runs of
** white space folded; returns its length. */
static size_t text(const xmlNode *n, char *buf, size_t cap) {
  size_t k = 0;
  int space = 0;
  if (!n) {
    buf[0] = 0;
    return 0;
  }
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) continue;
    for (const xmlChar *p = c->content; p && *p; p++) {
      int ws = *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n';
      if (ws) {
        space = k > 0;
        continue;
      }
      if (space && k + 1 < cap) buf[k++] = ' ';
      space = 0;
      if (k + 1 < cap) buf[k++] = (char)*p;
    }
  }
  buf[k] = 0;
  return k;
}

static size_t child_text(const xmlNode *n, const char *name, char *buf, size_t cap) {
  return text(child(n, name), buf, cap);
}

static void read_dob(lst_reader *r, const xmlNode *d, size_t line) {
  char type[64], v[128], from[16], to[16];
  zeef_date date;
  child_text(d, "TYPE_OF_DATE", type, sizeof type);
  if (child_text(d, "DATE", v, sizeof v)) {
    lst_date_text(r, v, strlen(v), line);
    if (strstr(type, "APPROX") && r->b.ndates) r->b.dates[r->b.ndates - 1].approx = 1;
    return;
  }
  if (child_text(d, "YEAR", v, sizeof v)) {
    if (zeef_date_parse(v, strlen(v), &date) == ZEEF_OK) {
      if (strstr(type, "APPROX")) date.approx = 1;
      lst_date(r, &date);
    } else {
      lst_warn(r, line, "year of birth \"%.40s\" is not a year; left out", v);
    }
    return;
  }
  if (child_text(d, "FROM_YEAR", from, sizeof from) && child_text(d, "TO_YEAR", to, sizeof to)) {
    char range[48];
    int k = snprintf(range, sizeof range, "%s to %s", from, to);
    lst_date_text(r, range, (size_t)k, line);
  }
}

static void read_doc(lst_reader *r, const xmlNode *d, size_t line) {
  char type[256], number[256], country[256];
  child_text(d, "TYPE_OF_DOCUMENT", type, sizeof type);
  if (!child_text(d, "NUMBER", number, sizeof number)) return;
  if (!child_text(d, "ISSUING_COUNTRY", country, sizeof country))
    child_text(d, "COUNTRY_OF_ISSUE", country, sizeof country);
  lst_document(r, type, strlen(type), number, strlen(number), country, strlen(country), line);
}

static void read_record(lst_reader *r, const xmlNode *rec, int person, size_t line) {
  static const char *const parts[] = {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"};
  char buf[UN_TEXT_MAX], name[UN_TEXT_MAX];
  size_t nn = 0;
  lst_begin(r, line);
  lst_kind(r, person ? ZEEF_ENTITY_PERSON : ZEEF_ENTITY_ORGANISATION);
  if (!child_text(rec, "REFERENCE_NUMBER", buf, sizeof buf)) child_text(rec, "DATAID", buf, sizeof buf);
  lst_id(r, buf, strlen(buf));
  for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
    size_t k = child_text(rec, parts[i], buf, sizeof buf);
    if (!k || nn + k + 2 > sizeof name) continue;
    if (nn) name[nn++] = ' ';
    memcpy(name + nn, buf, k);
    nn += k;
  }
  lst_name(r, name, nn, ZEEF_NAMEQ_PRIMARY);
  if (child_text(rec, "NAME_ORIGINAL_SCRIPT", buf, sizeof buf))
    lst_name(r, buf, strlen(buf), ZEEF_NAMEQ_ORIGINAL);
  if (child_text(rec, "GENDER", buf, sizeof buf)) lst_gender(r, buf, strlen(buf));
  if (child_text(rec, "COMMENTS1", buf, sizeof buf)) lst_remarks(r, buf, strlen(buf));
  for (const xmlNode *c = rec->children; c; c = c->next) {
    size_t cl = (size_t)xmlGetLineNo((xmlNode *)c);
    if (cl == (size_t)-1 || cl == 0) cl = line;
    if (is(c, "INDIVIDUAL_ALIAS") || is(c, "ENTITY_ALIAS")) {
      char q[32];
      size_t k = child_text(c, "ALIAS_NAME", buf, sizeof buf);
      child_text(c, "QUALITY", q, sizeof q);
      lst_name(r, buf, k, (q[0] == 'L' || q[0] == 'l') ? ZEEF_NAMEQ_WEAK : ZEEF_NAMEQ_ALIAS);
    } else if (is(c, "NATIONALITY")) {
      for (const xmlNode *v = c->children; v; v = v->next)
        if (is(v, "VALUE")) {
          size_t k = text(v, buf, sizeof buf);
          lst_nationality(r, buf, k, cl);
        }
    } else if (is(c, "INDIVIDUAL_DATE_OF_BIRTH")) {
      read_dob(r, c, cl);
    } else if (is(c, "INDIVIDUAL_PLACE_OF_BIRTH")) {
      char place[512];
      size_t k = 0;
      static const char *const pp[] = {"CITY", "STATE_PROVINCE", "COUNTRY"};
      for (size_t i = 0; i < 3; i++) {
        size_t m = child_text(c, pp[i], buf, sizeof buf);
        if (!m || k + m + 3 > sizeof place) continue;
        if (k) place[k++] = ',', place[k++] = ' ';
        memcpy(place + k, buf, m);
        k += m;
      }
      lst_place(r, place, k);
    } else if (is(c, "INDIVIDUAL_DOCUMENT")) {
      read_doc(r, c, cl);
    }
  }
  lst_end(r);
}

/* Records the root's generation date as the list version, or refuses a
** document that is not the UN list. */
static zeef_status root(lst_reader *r, xmlTextReaderPtr xr, const xmlChar *nm) {
  xmlChar *gen;
  if (strcmp((const char *)nm, "CONSOLIDATED_LIST") != 0) {
    lst_fatal(r, (size_t)xmlTextReaderGetParserLineNumber(xr),
              "root element is <%s>, not the UN <CONSOLIDATED_LIST>", (const char *)nm);
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
  xmlTextReaderPtr xr;
  zeef_status rc = ZEEF_OK;
  int ret, records = 0;
  /* No network, no external entities, no DTD loading. */
  xr = xmlReaderForFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!xr) {
    lst_fatal(r, 0, "cannot open the list file");
    return ZEEF_E_IO;
  }
  ret = xmlTextReaderRead(xr);
  while (ret == 1 && !rc && !r->rc) {
    const xmlChar *nm = xmlTextReaderConstName(xr);
    int person;
    if (xmlTextReaderNodeType(xr) != XML_READER_TYPE_ELEMENT || !nm) {
      ret = xmlTextReaderRead(xr);
      continue;
    }
    if (xmlTextReaderDepth(xr) == 0) {
      rc = root(r, xr, nm);
      ret = xmlTextReaderRead(xr);
      continue;
    }
    person = strcmp((const char *)nm, "INDIVIDUAL") == 0;
    if (person || strcmp((const char *)nm, "ENTITY") == 0) {
      size_t line;
      xmlNodePtr rec = xmlTextReaderExpand(xr);
      long at;
      if (!rec) {
        ret = -1;
        break;
      }
      /* the line of the start tag (the parser itself has read further) */
      at = xmlGetLineNo(rec);
      line = at > 0 ? (size_t)at : (size_t)xmlTextReaderGetParserLineNumber(xr);
      read_record(r, rec, person, line);
      records++;
      ret = xmlTextReaderNext(xr); /* past the record's subtree */
      continue;
    }
    ret = xmlTextReaderRead(xr);
  }
  if (!rc && !r->rc && ret != 0) {
    const xmlError *e = xmlGetLastError();
    char msg[256] = "";
    size_t line = e && e->line > 0 ? (size_t)e->line : (size_t)xmlTextReaderGetParserLineNumber(xr);
    if (e && e->message) {
      size_t k = strlen(e->message);
      while (k && (e->message[k - 1] == '\n' || e->message[k - 1] == ' ')) k--;
      snprintf(msg, sizeof msg, ": %.*s", (int)k, e->message);
    }
    lst_fatal(r, line, "XML is malformed or truncated after %d records%s", records, msg);
    rc = ZEEF_E_FORMAT;
  }
  xmlFreeTextReader(xr);
  return rc ? rc : r->rc;
}
