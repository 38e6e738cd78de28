/*
** text.h: the small text helpers every reader shares: the byte-order mark,
** trimming, a bounded number, and a bounded line reader over a stream or a
** buffer. Said once here so that every input is read by the same rules.
*/
#ifndef ZEEF_TEXT_H
#define ZEEF_TEXT_H

#include "../internal.h"

#include <stdio.h>

/* Bytes of a UTF-8 byte-order mark at s (3), or 0 when s[0..n) starts
** without one. */
size_t text_bom(const char *s, size_t n);

/* s[0..*n) without leading and trailing spaces, tabs, CR and LF; *n is
** updated. */
const char *text_trim(const char *s, size_t *n);

/* Reads the decimal digits s[0..n) (nothing else, not empty) as a number of
** at most max. Returns 0 and sets *out, or -1. */
int text_uint(const char *s, size_t n, size_t max, size_t *out);

/* Ends s, written by snprintf into cap bytes when it needed written bytes,
** on a whole UTF-8 character: when the write was cut inside a character,
** its first bytes go too. */
void text_cut_whole(char *s, size_t written, size_t cap);

/* ------------------------------------------------------------ Lines */

/* A line reader over a stream or a memory buffer. A line ends at LF, CR LF
** or a lone CR (files from old Macs number their lines right too); a UTF-8
** byte-order mark before the first line is skipped. A line longer than max
** bytes is delivered cut to its first max bytes, with cut set: the rest is
** read past, never held, so memory stays within max plus one block. */
typedef struct text_lines {
  const mem *m;
  FILE *f;               /* NULL: reading the buffer */
  const char *buf;       /* the buffer, or the block read from f */
  size_t len, pos;       /* bytes in buf, bytes of it consumed */
  char *block;           /* f's block, TEXT_BLOCK bytes */
  char *line;            /* a line that spans blocks, or was cut */
  size_t line_len, line_cap, max;
  size_t number;         /* 1-based number of the line last returned */
  int started, eof, error;
} text_lines;

#define TEXT_BLOCK 65536

/* Reads from f (not closed) or from buf[0..len), lines of at most max
** bytes. Allocates nothing yet. */
void text_lines_stream(text_lines *r, const mem *m, FILE *f, size_t max);
void text_lines_buffer(text_lines *r, const mem *m, const char *buf, size_t len, size_t max);

/* The next line, its terminator included, in *s[0..*n): valid until the
** next call. *cut: the line was longer than max and was cut. Returns 1 for
** a line, 0 at the end of the input, ZEEF_E_IO on a read error or
** ZEEF_E_NOMEM (as a negative number: -ZEEF_E_IO, -ZEEF_E_NOMEM). */
int text_line_next(text_lines *r, const char **s, size_t *n, int *cut);

/* The first bytes of the input (a byte-order mark included), up to a
** block, without consuming them; only before the first line is read.
** Returns ZEEF_OK, ZEEF_E_IO or ZEEF_E_NOMEM. */
zeef_status text_peek(text_lines *r, const char **s, size_t *n);

/* The whole input not yet consumed, in *s[0..*n): for a buffer a pointer
** into it; for a stream a copy in *owned, freed by the caller with
** mem_free() (NULL for a buffer). ZEEF_E_TOOBIG past max bytes, ZEEF_E_IO,
** ZEEF_E_NOMEM. */
zeef_status text_read_all(text_lines *r, size_t max, const char **s, size_t *n, char **owned);

/* Frees what the reader holds (the input is the caller's). */
void text_lines_free(text_lines *r);

/* The length of s[0..n) without its line terminator. */
size_t text_chomp(const char *s, size_t n);

#endif
