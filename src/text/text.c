/*
** text.c: the byte-order mark, trimming, bounded numbers and the bounded
** line reader (text.h).
**
** The line reader reads its stream a block at a time and hands out lines
** that lie inside the block as pointers into it, without a copy; only a
** line that spans two blocks is gathered in a buffer of its own, and that
** buffer never grows past max: bytes beyond are counted and dropped, so a
** 20 GB line costs a scan, not 20 GB of memory.
*/
#include "text.h"

#include <string.h>

size_t text_bom(const char *s, size_t n) {
  return n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

const char *text_trim(const char *s, size_t *n) {
  size_t k = *n;
  while (k && is_blank(*s)) s++, k--;
  while (k && is_blank(s[k - 1])) k--;
  *n = k;
  return s;
}

int text_uint(const char *s, size_t n, size_t max, size_t *out) {
  size_t v = 0;
  if (!n) return -1;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    if (v > (max - (size_t)(s[i] - '0')) / 10) return -1;
    v = v * 10 + (size_t)(s[i] - '0');
  }
  *out = v;
  return 0;
}

void text_cut_whole(char *s, size_t written, size_t cap) {
  size_t end, k, need;
  unsigned char c;
  if (cap < 2 || written < cap) return;
  end = cap - 1; /* bytes kept */
  k = end;
  while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80) k--;
  if (k == 0) return;
  c = (unsigned char)s[k - 1];
  if (c < 0xC0) return; /* the last character is whole */
  need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  if (end - (k - 1) < need) s[k - 1] = 0;
}

size_t text_chomp(const char *s, size_t n) {
  while (n && (s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
  return n;
}

/* ------------------------------------------------------------ Lines */

void text_lines_stream(text_lines *r, const mem *m, FILE *f, size_t max) {
  memset(r, 0, sizeof *r);
  r->m = m;
  r->f = f;
  r->max = max;
}

void text_lines_buffer(text_lines *r, const mem *m, const char *buf, size_t len, size_t max) {
  memset(r, 0, sizeof *r);
  r->m = m;
  r->buf = buf;
  r->len = len;
  r->max = max;
  r->eof = 1;
}

void text_lines_free(text_lines *r) {
  mem_free(r->m, r->block);
  mem_free(r->m, r->line);
  r->block = r->line = NULL;
}

/* Reads the next block of the stream; 0 at its end. */
static int refill(text_lines *r) {
  if (!r->f || r->eof) return 0;
  if (!r->block && !(r->block = mem_alloc(r->m, TEXT_BLOCK))) {
    r->error = ZEEF_E_NOMEM;
    return 0;
  }
  r->len = fread(r->block, 1, TEXT_BLOCK, r->f);
  r->pos = 0;
  r->buf = r->block;
  if (r->len < TEXT_BLOCK) {
    r->eof = 1;
    if (ferror(r->f)) r->error = ZEEF_E_IO;
  }
  return r->len > 0;
}

/* Appends s[0..n) to the gathered line, keeping at most max bytes of it;
** line_len counts them all. */
static int gather(text_lines *r, const char *s, size_t n) {
  size_t keep = r->line_len < r->max ? r->max - r->line_len : 0;
  if (keep > n) keep = n;
  if (keep) {
    size_t held = r->line_len < r->max ? r->line_len : r->max;
    if (held + keep > r->line_cap) {
      size_t cap = r->line_cap ? r->line_cap : 256;
      char *p;
      while (cap < held + keep) cap *= 2;
      if (cap > r->max) cap = r->max;
      if (!(p = mem_realloc(r->m, r->line, cap, 1))) return -1;
      r->line = p;
      r->line_cap = cap;
    }
    memcpy(r->line + held, s, keep);
  }
  r->line_len += n;
  return 0;
}

int text_line_next(text_lines *r, const char **s, size_t *n, int *cut) {
  int spanning = 0;
  *s = NULL;
  *n = 0;
  *cut = 0;
  r->line_len = 0;
  for (;;) {
    const char *p, *nl;
    size_t avail, end;
    if (r->pos == r->len && !refill(r)) {
      if (r->error) return -(int)r->error;
      if (!spanning) return 0;
      break; /* a last line without a terminator */
    }
    if (!r->started) {
      r->started = 1;
      r->pos += text_bom(r->buf + r->pos, r->len - r->pos);
      if (r->pos == r->len) continue;
    }
    p = r->buf + r->pos;
    avail = r->len - r->pos;
    /* the first LF or CR: memchr for LF, then a CR before it */
    nl = memchr(p, '\n', avail);
    {
      const char *cr = memchr(p, '\r', nl ? (size_t)(nl - p) : avail);
      if (cr) nl = cr;
    }
    if (!nl) {
      if (gather(r, p, avail)) return -(int)ZEEF_E_NOMEM;
      r->pos = r->len;
      spanning = 1;
      continue;
    }
    end = (size_t)(nl - p) + 1;
    if (*nl == '\r') {
      if (end < avail) {
        if (p[end] == '\n') end++;
      } else if (r->f && !r->eof) {
        /* the CR ends the block: an LF starting the next one is its pair */
        if (gather(r, p, end)) return -(int)ZEEF_E_NOMEM;
        spanning = 1;
        r->pos = r->len;
        if (refill(r) && r->buf[0] == '\n') {
          if (gather(r, "\n", 1)) return -(int)ZEEF_E_NOMEM;
          r->pos = 1;
        }
        if (r->error) return -(int)r->error;
        break;
      }
    }
    if (!spanning) { /* the whole line lies in the block: no copy */
      r->pos += end;
      r->number++;
      *s = p;
      *n = end < r->max ? end : r->max;
      *cut = end > r->max;
      return 1;
    }
    if (gather(r, p, end)) return -(int)ZEEF_E_NOMEM;
    r->pos += end;
    break;
  }
  r->number++;
  *s = r->line ? r->line : "";
  *n = r->line_len < r->max ? r->line_len : r->max;
  *cut = r->line_len > r->max;
  return 1;
}

zeef_status text_peek(text_lines *r, const char **s, size_t *n) {
  if (r->f && !r->started && r->pos == r->len && !r->eof) refill(r);
  if (r->error) return r->error;
  *s = r->buf ? r->buf + r->pos : "";
  *n = r->len - r->pos;
  return ZEEF_OK;
}

zeef_status text_read_all(text_lines *r, size_t max, const char **s, size_t *n, char **owned) {
  size_t cap, len;
  char *p;
  *owned = NULL;
  if (!r->f) {
    *s = r->buf + r->pos;
    *n = r->len - r->pos;
    r->pos = r->len;
    return *n > max ? ZEEF_E_TOOBIG : ZEEF_OK;
  }
  len = r->len - r->pos;
  cap = len > TEXT_BLOCK ? len : TEXT_BLOCK;
  if (!(p = mem_alloc(r->m, cap))) return ZEEF_E_NOMEM;
  if (len) memcpy(p, r->buf + r->pos, len);
  r->pos = r->len;
  while (!r->eof) {
    size_t got;
    if (len == cap) {
      char *np;
      if (cap >= max) {
        mem_free(r->m, p);
        return ZEEF_E_TOOBIG;
      }
      if (!(np = mem_realloc(r->m, p, cap * 2, 1))) {
        mem_free(r->m, p);
        return ZEEF_E_NOMEM;
      }
      p = np;
      cap *= 2;
    }
    got = fread(p + len, 1, cap - len, r->f);
    len += got;
    if (got == 0) {
      r->eof = 1;
      if (ferror(r->f)) {
        mem_free(r->m, p);
        return ZEEF_E_IO;
      }
    }
  }
  if (len > max) {
    mem_free(r->m, p);
    return ZEEF_E_TOOBIG;
  }
  *owned = p;
  *s = p;
  *n = len;
  return ZEEF_OK;
}
