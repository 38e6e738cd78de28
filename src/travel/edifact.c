/*
** edifact.c: UN/EDIFACT's syntax, shared by the PAXLST and PNRGOV readers
** (edifact.h says what it does; docs/formats.md what real senders do).
** A table of character classes drives a byte loop that cuts a segment into
** elements and components.
*/
#include "edifact.h"

#include "../text/text.h"

#include <string.h>

/* Character classes of the tokenizer; K_DATA is every other byte. */
enum { K_DATA = 0, K_COMP, K_ELEM, K_REL, K_TERM, K_LF, K_CR, K_CURLY };

#define T_UNA EDI_TAG('U', 'N', 'A')

static void set_separators(edi_lex *x, unsigned char comp, unsigned char elem, unsigned char rel,
                           unsigned char term) {
  memset(x->cls, K_DATA, sizeof x->cls);
  x->cls['\n'] = K_LF;
  x->cls['\r'] = K_CR;
  if (term == '\'') x->cls[0xE2] = K_CURLY; /* the first byte of U+2019 */
  x->cls[comp] = K_COMP;
  x->cls[elem] = K_ELEM;
  x->rel = rel;
  x->term = term;
  if (rel) x->cls[rel] = K_REL;
  x->cls[term] = K_TERM;
}

static void default_separators(edi_lex *x) { set_separators(x, ':', '+', '?', '\''); }

void edi_start(edi_lex *x, const char *buf, size_t len) {
  memset(x, 0, sizeof *x);
  x->p = (const unsigned char *)(buf ? buf : "");
  x->end = x->p + len;
  x->p += text_bom(buf ? buf : "", len);
  x->line = 1;
  default_separators(x);
}

static inline void put(edi_seg *s, size_t e, size_t c, const unsigned char *b, const unsigned char *p, int dirty) {
  if (e < EDI_MAX_ELEMS && c < EDI_MAX_COMPS) {
    s->v[e][c].p = b;
    s->v[e][c].n = (size_t)(p - b);
    s->v[e][c].dirty = dirty;
    s->ncomp[e] = (uint8_t)(c + 1);
    s->nelem = e + 1;
  }
}

static inline int is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static int is_curly(const unsigned char *p, const unsigned char *end) {
  return end - p >= 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x99;
}

int edi_next(edi_lex *x, edi_seg *s) {
  const unsigned char *p = x->p, *end = x->end, *b;
  const unsigned char *cls = x->cls;
  size_t e = 0, c = 0;
  int dirty = 0;

  for (;;) {
    for (; p < end && is_space(*p); p++)
      if (*p == '\n') x->line++;
    if (p == end) {
      x->p = p;
      return 0;
    }
    if (cls[*p] == K_TERM) p++; /* an empty segment */
    else if (cls[*p] == K_CURLY && is_curly(p, end)) p += 3;
    else break;
  }
  s->line = x->line;
  s->ordinal = ++x->nseg;
  s->truncated = 0;
  s->curly = 0;
  s->nelem = 0;
  s->tag = 0;
  s->tagtxt[0] = 0;
  if (end - p >= 3 && p[0] == 'U' && p[1] == 'N') {
    if (p[2] == 'A') {
      size_t n = (size_t)(end - p) - 3 < 6 ? (size_t)(end - p) - 3 : 6;
      s->tag = T_UNA;
      memcpy(s->tagtxt, "UNA", 4);
      put(s, 0, 0, p, p + 3, 0);
      put(s, 1, 0, p + 3, p + 3 + n, 0);
      s->truncated = n < 6;
      for (size_t i = 0; i < n; i++)
        if (p[3 + i] == '\n') x->line++;
      x->p = p + 3 + n;
      return 1;
    }
    if (p[2] == 'B' && !x->after_una) default_separators(x);
  }

  b = p;
  for (;;) {
    while (p < end && !cls[*p]) p++;
    if (p == end) {
      put(s, e, c, b, p, dirty);
      s->truncated = 1;
      break;
    }
    switch (cls[*p]) {
    case K_COMP:
      put(s, e, c, b, p, dirty);
      c++;
      b = ++p;
      dirty = 0;
      continue;
    case K_ELEM:
      put(s, e, c, b, p, dirty);
      e++;
      c = 0;
      b = ++p;
      dirty = 0;
      continue;
    case K_TERM:
      put(s, e, c, b, p, dirty);
      if (*p == '\n') x->line++;
      p++;
      break;
    case K_CURLY:
      if (!is_curly(p, end)) {
        p++; /* another character starting with the same byte */
        continue;
      }
      put(s, e, c, b, p, dirty);
      s->curly = 1;
      p += 3;
      break;
    case K_REL:
      dirty = 1;
      p++;
      if (p < end) {
        if (*p == '\n') x->line++;
        p++;
      }
      continue;
    case K_LF:
      x->line++;
      dirty = 1;
      p++;
      continue;
    default: /* K_CR */
      dirty = 1;
      p++;
      continue;
    }
    break;
  }
  x->p = p;
  if (s->v[0][0].n == 3 && !s->v[0][0].dirty) {
    const unsigned char *t = s->v[0][0].p;
    if ((unsigned)(t[0] - 'A') < 26u && (unsigned)(t[1] - 'A') < 26u && (unsigned)(t[2] - 'A') < 26u) {
      s->tag = EDI_TAG(t[0], t[1], t[2]);
      memcpy(s->tagtxt, t, 3);
      s->tagtxt[3] = 0;
    }
  }
  return 1;
}

const char *edi_una(edi_lex *x, const edi_seg *s) {
  const unsigned char *u = s->v[1][0].p;
  unsigned char comp, elem, rel, term;
  const char *said = NULL;
  if (s->truncated) return "service string advice cut short by the input end: the defaults are kept";
  /* component, element, decimal, release, reserved, terminator */
  comp = u[0], elem = u[1], rel = u[3] == ' ' ? 0 : u[3], term = u[5];
  if (term == 0xE2 && is_curly(u + 5, x->end)) {
    /* a word processor's right quotation mark as the terminator */
    x->p = u + 8;
    term = '\'';
    said = "the terminator is a U+2019 right quotation mark: read as the apostrophe";
  } else if (is_space(term) && u[4] == '\'') {
    /* five service characters: the decimal mark left out */
    x->p = u + 5;
    if (u[5] == '\n') x->line--; /* counted once more when read again */
    rel = u[2] == ' ' ? 0 : u[2];
    term = u[4];
    said = "five service characters instead of six: read as component, element, release, reserved, terminator";
  }
  if (comp == elem || comp == term || elem == term || rel == comp || rel == elem || rel == term || comp == '\n' ||
      elem == '\n' || comp == '\r' || elem == '\r' || is_space(comp) || is_space(elem) || is_space(term))
    return "the separators are not usable: the defaults are kept";
  set_separators(x, comp, elem, rel, term);
  return said;
}

void edi_charset(edi_lex *x, const edi_seg *s) {
  char syn[8];
  edi_copy(x, syn, sizeof syn, edi_get(s, 1, 0), NULL);
  x->charset = !strcmp(syn, "UNOA") || !strcmp(syn, "UNOB") ? EDI_ASCII
               : !strcmp(syn, "UNOC")                       ? EDI_LATIN1
                                                            : EDI_UTF8;
}

edi_span edi_get(const edi_seg *s, size_t e, size_t c) {
  static const unsigned char nothing[1] = {0};
  edi_span none = {nothing, 0, 0};
  if (e >= s->nelem || c >= s->ncomp[e]) return none;
  return s->v[e][c];
}

/* The length of the well-formed UTF-8 sequence at p (before e), or 0. */
static size_t utf8_seq(const unsigned char *p, const unsigned char *e) {
  size_t n = (size_t)(e - p);
  unsigned c = p[0];
  if (c >= 0xC2 && c <= 0xDF) return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
    if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F)) return 0;
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return 0;
    if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F)) return 0;
    return 4;
  }
  return 0;
}

unsigned edi_copy(const edi_lex *x, char *dst, size_t cap, edi_span v, size_t *len) {
  const unsigned char *p = v.p, *e = v.p + v.n;
  size_t o = 0, lim = cap - 1;
  unsigned fl = 0;

  while (p < e && (*p == ' ' || *p == '\r' || *p == '\n' || *p == '\t')) p++;
  while (p < e) {
    unsigned c = *p;
    if (v.dirty) {
      if (c == x->rel && x->rel) {
        if (++p == e) break; /* a lone release character at the end */
        c = *p;
      }
      if (c == '\r' || c == '\n') {
        p++;
        continue;
      }
    }
    if (c < 0x80) {
      if (c == '\t') c = ' ';
      else if (c < 0x20 || c == 0x7F) c = '?', fl |= EDI_INVALID;
      if (o >= lim) {
        fl |= EDI_CUT;
        break;
      }
      dst[o++] = (char)c;
      p++;
      continue;
    }
    size_t k = utf8_seq(p, e);
    if (k) {
      fl |= EDI_NONASCII;
      if (o + k > lim) {
        fl |= EDI_CUT;
        break;
      }
      memcpy(dst + o, p, k);
      o += k;
      p += k;
    } else if (x->charset == EDI_LATIN1) {
      fl |= EDI_LATIN1_READ | EDI_NONASCII;
      if (o + 2 > lim) {
        fl |= EDI_CUT;
        break;
      }
      dst[o++] = (char)(0xC0 | c >> 6);
      dst[o++] = (char)(0x80 | (c & 0x3F));
      p++;
    } else {
      fl |= EDI_INVALID;
      if (o >= lim) {
        fl |= EDI_CUT;
        break;
      }
      dst[o++] = '?';
      p++;
    }
  }
  while (o && dst[o - 1] == ' ') o--;
  dst[o] = 0;
  if (len) *len = o;
  return fl;
}

int edi_is(const edi_lex *x, edi_span v, const char *lit) {
  char b[16];
  size_t n, m = strlen(lit);
  if (!v.dirty) {
    const unsigned char *p = v.p;
    n = v.n;
    while (n && *p == ' ') p++, n--;
    while (n && p[n - 1] == ' ') n--;
    return n == m && (m == 0 || memcmp(p, lit, m) == 0);
  }
  edi_copy(x, b, sizeof b, v, &n);
  return n == m && memcmp(b, lit, m) == 0;
}

const char *edi_quote(const edi_lex *x, edi_span v, char *buf) {
  size_t n;
  if (edi_copy(x, buf, EDI_QUOTE_MAX + 1, v, &n) & EDI_CUT) memcpy(buf + n, "...", 4);
  return buf;
}

long edi_count(const edi_lex *x, edi_span v) {
  char b[11];
  size_t n, k;
  edi_copy(x, b, sizeof b, v, &n);
  if (n > 9 || text_uint(b, n, 999999999, &k)) return -1;
  return (long)k;
}
