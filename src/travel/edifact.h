/*
** edifact.h: UN/EDIFACT's syntax (ISO 9735), as the PAXLST and PNRGOV
** readers share it: segments cut into elements and components, the
** separators a UNA gives, values copied out with their release characters
** undone. Internal to the library.
**
** A segment's components are spans into the caller's buffer, at most
** EDI_MAX_ELEMS x EDI_MAX_COMPS kept (the rest is read past, never
** stored). The separators are ISO 9735's defaults (component ':', element
** '+', decimal '.', release '?', reserved ' ', terminator '\'') unless a
** UNA gives six others, position by position: component, element,
** decimal, release, reserved, terminator ("UNA:(.) -" means component
** ':', element '(', release ')', terminator '-'); a space in the release
** position means "no release character". A UNA holds for the interchange
** it precedes; a UNB without one goes back to the defaults. Whitespace
** between segments is skipped; CR and LF inside a segment (line-wrapped
** files) are dropped from values; a U+2019 right quotation mark where the
** terminator is the apostrophe ends the segment too (word processors put
** it there), and is counted in quotes. Line numbers count LF.
**
** Invariants: never reads past the end; every loop advances through the
** buffer or runs over a fixed-size array; no allocation.
*/
#ifndef ZEEF_EDIFACT_H
#define ZEEF_EDIFACT_H

#include <stddef.h>
#include <stdint.h>

#define EDI_MAX_ELEMS 16 /* data elements kept per segment, the tag being element 0 */
#define EDI_MAX_COMPS 10 /* components kept per element */
#define EDI_QUOTE_MAX 40 /* bytes of a value quoted in a warning */

#define EDI_TAG(a, b, c) ((uint32_t)(a) << 16 | (uint32_t)(b) << 8 | (uint32_t)(c))

/* A component as it lies in the buffer. dirty: holds a release character
** or a CR/LF, so it must be copied with edi_copy() to be read. */
typedef struct edi_span {
  const unsigned char *p;
  size_t n;
  int dirty;
} edi_span;

/* One segment: its components, where it starts, its tag. */
typedef struct edi_seg {
  size_t line;    /* line of its first byte, from 1 */
  size_t ordinal; /* among all segments of the buffer, from 1 */
  uint32_t tag;   /* EDI_TAG() of three capital letters, or 0 */
  char tagtxt[4]; /* the tag as text, "" when 0 */
  int truncated;  /* the input ended before its terminator */
  int curly;      /* ended by a U+2019 instead of the apostrophe */
  size_t nelem;   /* elements kept, the tag included */
  uint8_t ncomp[EDI_MAX_ELEMS];
  edi_span v[EDI_MAX_ELEMS][EDI_MAX_COMPS];
} edi_seg;

/* Character sets an interchange declares (UNB element 1). */
enum { EDI_UTF8 = 0, EDI_ASCII, EDI_LATIN1 };

/* Anomalies of one copy (edi_copy). */
enum { EDI_CUT = 1, EDI_NONASCII = 2, EDI_INVALID = 4, EDI_LATIN1_READ = 8 };

/* The reader's place in the buffer and the syntax in force. */
typedef struct edi_lex {
  const unsigned char *p, *end;
  size_t line, nseg;
  unsigned char cls[256];
  unsigned char rel;  /* the release character, 0 when none */
  unsigned char term; /* the terminator */
  int after_una;      /* the segment just read was a UNA */
  int charset;        /* EDI_* of the current interchange */
} edi_lex;

/* Starts reading buf (len bytes; a byte-order mark skipped) with the
** default separators. */
void edi_start(edi_lex *x, const char *buf, size_t len);
/* Reads the next segment into s and moves past it. A UNA is returned
** whole, its six characters as element 1 (read raw: apply it with
** edi_una()). Empty segments (a doubled terminator) are skipped. Returns
** 0 at the input end. */
int edi_next(edi_lex *x, edi_seg *s);
/* Applies the UNA s: NULL, or why its separators were not taken (the
** defaults then stay). */
const char *edi_una(edi_lex *x, const edi_seg *s);
/* The character set the UNB s declares (UNOA, UNOB: ASCII; UNOC: ISO
** 8859-1; anything else UTF-8). */
void edi_charset(edi_lex *x, const edi_seg *s);
/* Component c of element e of s; empty when absent. */
edi_span edi_get(const edi_seg *s, size_t e, size_t c);
/* Copies v into dst (cap >= 1 bytes, NUL terminated): release characters
** undone, spaces trimmed, valid UTF-8 kept, other bytes as '?' (read as
** ISO 8859-1 in a UNOC interchange), control characters as '?', cut on a
** character boundary. Returns EDI_* anomaly flags; OUT *len (may be
** NULL): the length written. */
unsigned edi_copy(const edi_lex *x, char *dst, size_t cap, edi_span v, size_t *len);
/* Whether v reads as lit (a qualifier or code). */
int edi_is(const edi_lex *x, edi_span v, const char *lit);
/* v in printable form for a warning: at most EDI_QUOTE_MAX bytes, "..."
** when cut; buf holds EDI_QUOTE_MAX + 4 bytes. */
const char *edi_quote(const edi_lex *x, edi_span v, char *buf);
/* A count of up to 9 digits, or -1. */
long edi_count(const edi_lex *x, edi_span v);

#endif
