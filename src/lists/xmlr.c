/*
** xmlr.c: the streaming loop and the bounded readers of the XML list
** formats (xmlr.h).
*/
#include "xmlr.h"

#include <string.h>

int xmlr_is(const xmlNode *n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

const xmlNode *xmlr_child(const xmlNode *n, const char *name) {
  for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
    if (xmlr_is(c, name)) return c;
  return NULL;
}

/* Appends the bytes of p to buf[*k..cap), folding white space (*space: a
** space is due before the next byte). */
static void fold(const xmlChar *p, char *buf, size_t cap, size_t *k, int *space) {
  for (; p && *p; p++) {
    int ws = *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n';
    if (ws) {
      *space = *k > 0;
      continue;
    }
    if (*space && *k + 1 < cap) buf[(*k)++] = ' ';
    *space = 0;
    if (*k + 1 < cap) buf[(*k)++] = (char)*p;
  }
}

/* Cuts buf[0..k) back to a whole UTF-8 character (fold() cuts bytes). */
static size_t whole(char *buf, size_t k) {
  size_t j = k;
  while (j > 0 && ((unsigned char)buf[j - 1] & 0xC0) == 0x80) j--;
  if (j > 0 && (unsigned char)buf[j - 1] >= 0xC0) {
    unsigned char c = (unsigned char)buf[j - 1];
    size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (k - (j - 1) < need) k = j - 1;
  }
  buf[k] = 0;
  return k;
}

size_t xmlr_text(const xmlNode *n, char *buf, size_t cap) {
  size_t k = 0;
  int space = 0;
  for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) fold(c->content, buf, cap, &k, &space);
  return whole(buf, k);
}

size_t xmlr_child_text(const xmlNode *n, const char *name, char *buf, size_t cap) {
  return xmlr_text(xmlr_child(n, name), buf, cap);
}

size_t xmlr_attr(const xmlNode *n, const char *name, char *buf, size_t cap) {
  size_t k = 0;
  int space = 0;
  xmlChar *v = n ? xmlGetProp((xmlNode *)(uintptr_t)n, (const xmlChar *)name) : NULL;
  fold(v, buf, cap, &k, &space);
  xmlFree(v);
  return whole(buf, k);
}

size_t xmlr_line(const xmlNode *n, size_t fallback) {
  long at = n ? xmlGetLineNo((xmlNode *)(uintptr_t)n) : -1;
  return at > 0 ? (size_t)at : fallback;
}

static int named(const char *nm, const char *const *names) {
  for (; *names; names++)
    if (strcmp(nm, *names) == 0) return 1;
  return 0;
}

zeef_status xmlr_stream(lst_reader *r, const char *path, xmlr_root_fn root, const char *const *names,
                        xmlr_record_fn record) {
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
    if (xmlTextReaderNodeType(xr) != XML_READER_TYPE_ELEMENT || !nm) {
      ret = xmlTextReaderRead(xr);
      continue;
    }
    if (xmlTextReaderDepth(xr) == 0) {
      rc = root(r, xr, (const char *)nm);
      ret = xmlTextReaderRead(xr);
      continue;
    }
    if (named((const char *)nm, names)) {
      xmlNodePtr rec = xmlTextReaderExpand(xr);
      if (!rec) {
        ret = -1;
        break;
      }
      /* the line of the start tag (the parser itself has read further) */
      record(r, rec, xmlr_line(rec, (size_t)xmlTextReaderGetParserLineNumber(xr)));
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
