/*
** buf.c: a bounded byte buffer, after curl's dynbuf. It grows by doubling
** up to its max and refuses, untouched, anything that would pass it, so a
** request body, a metrics page or a list of JSON lines made from untrusted
** input can never grow past a size fixed when the buffer was set up.
** Invariant: when p is not NULL, p[len] == 0 and len < cap.
*/
#include "front.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF_FIRST 256 /* first allocation */

void fe_buf_init(fe_buf *b, size_t max) {
  b->p = NULL;
  b->len = b->cap = 0;
  b->max = max;
}

/* Makes room for n more bytes and the NUL. */
static zeef_status reserve(fe_buf *b, size_t n) {
  size_t need, cap;
  char *p;
  if (n > b->max || b->len > b->max - n) return ZEEF_E_TOOBIG;
  need = b->len + n + 1;
  if (need <= b->cap) return ZEEF_OK;
  cap = b->cap ? b->cap : BUF_FIRST;
  while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  if (cap > b->max + 1) cap = b->max + 1;
  p = realloc(b->p, cap);
  if (!p) return ZEEF_E_NOMEM;
  b->p = p;
  b->cap = cap;
  return ZEEF_OK;
}

zeef_status fe_buf_add(fe_buf *b, const void *s, size_t n) {
  zeef_status rc = reserve(b, n);
  if (rc) return rc;
  if (n) memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
  return ZEEF_OK;
}

zeef_status fe_buf_printf(fe_buf *b, const char *fmt, ...) {
  va_list ap;
  int n;
  zeef_status rc;
  va_start(ap, fmt);
  n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return ZEEF_E_INVALID;
  if ((rc = reserve(b, (size_t)n)) != ZEEF_OK) return rc;
  va_start(ap, fmt);
  vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return ZEEF_OK;
}

char *fe_buf_take(fe_buf *b, size_t *len) {
  char *p = b->p;
  if (!p) p = calloc(1, 1); /* an empty buffer still hands out "" */
  if (len) *len = b->p ? b->len : 0;
  b->p = NULL;
  b->len = b->cap = 0;
  return p;
}

void fe_buf_free(fe_buf *b) {
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
}
