/*
** xmlr.h: what the XML list readers (read_un.c, read_eu.c) share: a
** streaming loop over libxml2's xmlTextReader that hands each record
** element, expanded to a small tree, to the reader, and the helpers that
** read a record's children, text and attributes, bounded. Prefix xmlr_.
**
** Untrusted input: the parser never loads external entities or DTDs and
** never touches the network; memory stays bounded by the largest record.
*/
#ifndef ZEEF_XMLR_H
#define ZEEF_XMLR_H

#include "list.h"

#include <libxml/xmlreader.h>

/* Checks the root element (name nm) and reads what it says of the list
** (its version); returns ZEEF_OK, or ZEEF_E_FORMAT after a fatal diag. */
typedef zeef_status (*xmlr_root_fn)(lst_reader *r, xmlTextReaderPtr xr, const char *nm);
/* Reads one record element, which starts on line. */
typedef void (*xmlr_record_fn)(lst_reader *r, const xmlNode *rec, size_t line);

/* Streams the XML file at path: its root to root(), every element named
** one of names (NULL terminated) to record(). Malformed or truncated XML
** is a fatal diag naming the line: ZEEF_E_FORMAT. */
zeef_status xmlr_stream(lst_reader *r, const char *path, xmlr_root_fn root, const char *const *names,
                        xmlr_record_fn record);

/* Whether n is an element named name. */
int xmlr_is(const xmlNode *n, const char *name);
/* The first child element of n named name, or NULL. */
const xmlNode *xmlr_child(const xmlNode *n, const char *name);
/* The text of n into buf (cap bytes, NUL terminated), trimmed, inner runs
** of white space folded to one space; returns its length. */
size_t xmlr_text(const xmlNode *n, char *buf, size_t cap);
size_t xmlr_child_text(const xmlNode *n, const char *name, char *buf, size_t cap);
/* Attribute name of n into buf the same way; 0 (and "") when absent. */
size_t xmlr_attr(const xmlNode *n, const char *name, char *buf, size_t cap);
/* The line n starts on, or fallback. */
size_t xmlr_line(const xmlNode *n, size_t fallback);

#endif
