/*
** mrz.c: the machine-readable zone of travel documents, read into a
** zeef_mrz (zeef.h, "MRZ"). Spec: ICAO Doc 9303, 8th edition: Part 3 (the
** alphabet, check digits, dates, the name field), Part 4 (TD3 passports,
** 2 x 44), Part 5 (TD1 cards, 3 x 30), Part 6 (TD2, 2 x 36), Part 7 (visas
** MRV-A, 2 x 44, and MRV-B, 2 x 36; no composite check). Positions in the
** comments are the spec's, 1-based; in the code they are 0-based.
**
** Reading runs in three steps.
**
**  1. Lines. One pass over the bytes: lines end in \n, \r\n or \r; spaces
**     and tabs around a line are dropped, blank lines skipped, a UTF-8 byte
**     order mark ignored. Lowercase is read as uppercase; any other
**     character outside A-Z, 0-9 and '<' (a UTF-8 sequence counts as one)
**     becomes '<' and is named, line and column, in a warning.
**  2. Shape. 3 lines of 30 are TD1; 2 of 36 are TD2, or MRV-B when the
**     document code starts with V; 2 of 44 are TD3, or MRV-A. A line up to
**     MRZ_SLACK characters short is padded with '<', one as much too long is
**     cut, with a warning; one line of 72, 88 or 90 characters is the whole
**     MRZ written without its line breaks. Anything else, or a line that is
**     more than a quarter foreign characters, is ZEEF_E_FORMAT with the
**     reason in warnings[0].
**  3. Fields. Text fields are copied with fillers trimmed (inner '<' become
**     spaces); the name is split at its first "<<"; dates are YYMMDD with
**     the century chosen against this_year (a birth is not in the future,
**     an expiry at most DATE_EXPIRY_AHEAD years ahead), "<<" or "00" for an
**     unknown month or day; the check digits are computed and compared.
**
** Check digits: 0-9 are 0-9, A-Z are 10-35, '<' is 0; weights 7, 3, 1
** repeat from the left; the digit is the sum mod 10. A failed check is
** reported, never an error. The OCR confusions 0/O, 1/I, 2/Z, 5/S, 8/B are
** tried on a failed field, one substitution at a time, letter-to-digit
** first (the only direction for dates), left to right; the first that makes
** the check pass is the suggestion, unless a later one also repairs a
** failing composite, which is then preferred. A check character that is
** itself a confusion of the right digit ('O' for '0') is a warning.
**
** Document numbers longer than 9 characters (Parts 5 and 6): positions 1-9
** hold the first nine, the check position holds '<', and the number goes
** on in the optional data up to the next '<'; the last character before
** that '<' is the check digit, over the whole number. Read the same way in
** the optional data of TD3 and visas, where the spec has no such case.
**
** Invariants: never reads text past len, nor more than MRZ_MAX_INPUT
** bytes; every buffer is on the stack or in *out, bounded; no allocation,
** no global state (thread safe). snprintf runs only for warnings.
*/
#include "../internal.h"
#include "../text/text.h"
#include "../values/date.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------- Limits */

/* Longest input read: an MRZ is at most 90 characters, 4 bytes each in
** UTF-8, with line breaks and spaces; more than this is not one MRZ. */
#define MRZ_MAX_INPUT 4096
/* Lines an MRZ has at most (TD1). */
#define MRZ_MAX_LINES 3
/* Characters kept of one input line: a whole TD1 on one line (90) fits. */
#define MRZ_RAW_CAP 96
/* Widest line (TD3, MRV-A) and its buffer, NUL included. */
#define MRZ_WIDTH_MAX 44
#define MRZ_LINE_BUF 48
/* Characters a line may be short or long and still be read. */
#define MRZ_SLACK 2
/* Foreign characters named, with their columns, per line. */
#define MRZ_BAD_SHOWN 3
/* A line with more than 1 in MRZ_BAD_DENOM foreign characters is not an MRZ. */
#define MRZ_BAD_DENOM 4
/* The document number's printed part and its own check position. */
#define MRZ_DOCNO_LEN 9
/* Years this_year may be. */
#define MRZ_YEAR_MIN 1900
#define MRZ_YEAR_MAX 2099
/* Longest text one check digit covers: the TD1 composite, 25 + 7 + 7 + 11. */
#define MRZ_CHECK_TEXT 64
/* Segments a check covers at most (the TD1 composite has four). */
#define MRZ_MAX_SEGS 4
/* Passing OCR substitutions kept per field, for the composite to choose. */
#define MRZ_MAX_CANDIDATES 8

/* ------------------------------------------------------------- Warnings */

static void warn(zeef_mrz *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(zeef_mrz *out, const char *fmt, ...) {
  va_list ap;
  if (out->nwarnings >= ZEEF_MRZ_MAX_WARNINGS) return;
  va_start(ap, fmt);
  vsnprintf(out->warnings[out->nwarnings++], sizeof out->warnings[0], fmt, ap);
  va_end(ap);
}

/* ------------------------------------------------------------ Alphabet */

/* The MRZ character of each input byte ('A'-'Z', '0'-'9', '<'; lowercase
** read as uppercase), or 0 for any other byte (bytes 128-255 included). */
static const char mrz_map[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 0, 0, '<', 0, 0, 0,
    0, 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 0, 0, 0, 0, 0,
    0, 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 0, 0, 0, 0, 0,
};

static inline char mrz_char(unsigned char b) { return mrz_map[b]; }

static inline int is_digit(char c) { return (unsigned)(c - '0') < 10u; }
static inline int is_letter(char c) { return (unsigned)(c - 'A') < 26u; }

/* The check-digit value of an MRZ character (c is in the alphabet). */
static inline unsigned char_value(char c) {
  return c >= 'A' ? (unsigned)(c - 'A' + 10) : c == '<' ? 0u : (unsigned)(c - '0');
}

static const unsigned weights[3] = {7, 3, 1};

/* The weighted sum of s[0..n), every character in the alphabet. */
static unsigned weighted_sum(const char *s, size_t n) {
  unsigned sum = 0;
  size_t i = 0;
  for (; i + 3 <= n; i += 3)
    sum += 7 * char_value(s[i]) + 3 * char_value(s[i + 1]) + char_value(s[i + 2]);
  for (; i < n; i++) sum += weights[i % 3] * char_value(s[i]);
  return sum;
}

char zeef_mrz_check_digit(const char *s, size_t len) {
  if (!s && len) return 0;
  for (size_t i = 0; i < len; i++) {
    char c = mrz_char((unsigned char)s[i]);
    if (!c || c != s[i]) return 0; /* foreign, NUL or lowercase */
  }
  return (char)('0' + weighted_sum(s, len) % 10);
}

const char *zeef_mrz_format_name(zeef_mrz_format f) {
  switch (f) {
  case ZEEF_MRZ_TD1: return "TD1";
  case ZEEF_MRZ_TD2: return "TD2";
  case ZEEF_MRZ_TD3: return "TD3";
  case ZEEF_MRZ_MRVA: return "MRV-A";
  case ZEEF_MRZ_MRVB: return "MRV-B";
  default: return "?";
  }
}

/* OCR confusions: the digit a letter is mistaken for and back. */
static char letter_to_digit(char c) {
  switch (c) {
  case 'O': return '0';
  case 'I': return '1';
  case 'Z': return '2';
  case 'S': return '5';
  case 'B': return '8';
  default: return 0;
  }
}

static char digit_to_letter(char c) {
  switch (c) {
  case '0': return 'O';
  case '1': return 'I';
  case '2': return 'Z';
  case '5': return 'S';
  case '8': return 'B';
  default: return 0;
  }
}

/* ---------------------------------------------------------------- Lines */

/* One input line as read: its characters in the MRZ alphabet (the first
** MRZ_RAW_CAP), how many it has, and where its foreign characters were. */
typedef struct in_line {
  char c[MRZ_RAW_CAP];
  size_t n;
  size_t nbad;
  struct {
    size_t col;      /* 1-based */
    const char *at;  /* the bytes in the input */
    size_t len;      /* 1, or a UTF-8 sequence's length */
  } bad[MRZ_BAD_SHOWN];
} in_line;

typedef struct input {
  in_line line[MRZ_MAX_LINES + 1]; /* the last is scratch for extra lines */
  size_t nlines;                   /* non-blank lines, also those past 3 */
} input;

static inline void put_char(in_line *l, char c) {
  if (l->n < MRZ_RAW_CAP) l->c[l->n] = c;
  l->n++;
}

static void put_bad(in_line *l, const char *at) {
  if (l->nbad < MRZ_BAD_SHOWN) {
    l->bad[l->nbad].col = l->n + 1;
    l->bad[l->nbad].at = at;
    l->bad[l->nbad].len = 1;
  }
  l->nbad++;
  put_char(l, '<');
}

static inline int is_blank(unsigned char b) {
  return b == ' ' || b == '\t' || b == '\f' || b == '\v';
}

/*
** Splits text[0..len) into non-blank lines (step 1 of the file comment). A
** blank inside a line is a foreign character; blanks at either end are
** dropped, so they are held back until the next character comes.
*/
static void split_lines(const char *text, size_t len, input *in) {
  size_t i = 0, pending = 0;
  const char *pending_at = NULL;
  int in_seq = 0; /* the previous byte was part of a UTF-8 sequence */
  in_line *cur = &in->line[0];

  in->nlines = 0;
  cur->n = cur->nbad = 0;
  i = text_bom(text, len);
  for (; i <= len; i++) {
    unsigned char b = i < len ? (unsigned char)text[i] : '\n';
    char c = mrz_char(b);
    if (c && !pending) { /* the common case: an MRZ character */
      put_char(cur, c);
      in_seq = 0;
      continue;
    }
    if (b == '\n' || b == '\r') {
      if (cur->n) {
        in->nlines++;
        cur = &in->line[in->nlines < MRZ_MAX_LINES ? in->nlines : MRZ_MAX_LINES];
      }
      cur->n = cur->nbad = 0;
      pending = 0;
      in_seq = 0;
      continue;
    }
    if (is_blank(b)) {
      if (cur->n && !pending++) pending_at = text + i;
      in_seq = 0;
      continue;
    }
    if (b >= 0x80 && b < 0xC0 && in_seq) {
      /* A continuation byte: the same character as the byte before. */
      if (cur->nbad && cur->nbad <= MRZ_BAD_SHOWN && cur->bad[cur->nbad - 1].col == cur->n)
        cur->bad[cur->nbad - 1].len++;
      continue;
    }
    for (; pending; pending--) put_bad(cur, pending_at++);
    if (c) put_char(cur, c);
    else put_bad(cur, text + i);
    in_seq = b >= 0x80;
  }
}

/* Writes a printable form of the foreign character p[0..n) into buf: the
** character itself in quotes when it is printable ASCII or well-formed
** UTF-8, else its bytes in hex. */
static void describe(char *buf, size_t cap, const char *p, size_t n) {
  const unsigned char *u = (const unsigned char *)p;
  size_t want = u[0] >= 0xF0 && u[0] <= 0xF4 ? 4 : u[0] >= 0xE0 && u[0] < 0xF0 ? 3
              : u[0] >= 0xC2 && u[0] < 0xE0   ? 2 : 1;
  if (n == 1 && u[0] >= 0x20 && u[0] < 0x7F) snprintf(buf, cap, "'%c'", u[0]);
  else if (n > 1 && n == want) snprintf(buf, cap, "'%.*s'", (int)n, p);
  else {
    size_t o = 0;
    for (size_t i = 0; i < n && i < 4 && o + 6 < cap; i++) {
      int w = snprintf(buf + o, cap - o, "%s0x%02X", i ? " " : "", u[i]);
      if (w > 0) o += (size_t)w;
    }
  }
}

/* Warns about the foreign characters of input line l (number no): the
** first MRZ_BAD_SHOWN by column and character. */
static void warn_bad(zeef_mrz *out, const in_line *l, size_t no) {
  char what[32], list[MRZ_BAD_SHOWN * 48 + 8];
  size_t shown = l->nbad < MRZ_BAD_SHOWN ? l->nbad : MRZ_BAD_SHOWN, o = 0;
  if (l->nbad == 1) {
    describe(what, sizeof what, l->bad[0].at, l->bad[0].len);
    warn(out, "line %zu column %zu: %s is not an MRZ character, read as '<'", no, l->bad[0].col,
         what);
    return;
  }
  list[0] = '\0';
  for (size_t k = 0; k < shown; k++) {
    int w;
    describe(what, sizeof what, l->bad[k].at, l->bad[k].len);
    w = snprintf(list + o, sizeof list - o, "%scolumn %zu %s", k ? ", " : "", l->bad[k].col, what);
    if (w > 0) o += (size_t)w;
  }
  warn(out, "line %zu: %zu characters are not MRZ characters, read as '<' (%s%s)", no, l->nbad,
       list, l->nbad > shown ? ", ..." : "");
}

/* ---------------------------------------------------------------- Shape */

#define SHAPES "not a TD1 (3 x 30), TD2 (2 x 36) or TD3 (2 x 44) shape"

static int near(size_t n, size_t w) { return n + MRZ_SLACK >= w && n <= w + MRZ_SLACK; }

/*
** Chooses the line width from the line count and lengths, or returns
** ZEEF_E_FORMAT with the reason as the only warning. OUT *width; *split
** is set when one input line holds the whole MRZ.
*/
static zeef_status choose_shape(zeef_mrz *out, const input *in, size_t *width, int *split) {
  const in_line *l = in->line;
  zeef_status rc = ZEEF_OK;
  *width = 0;
  *split = 0;
  if (in->nlines == 1 && (l[0].n == 2 * 36 || l[0].n == 2 * 44 || l[0].n == 3 * 30)) {
    *width = l[0].n == 3 * 30 ? 30 : l[0].n / 2;
    *split = 1;
  } else if (in->nlines == 2 && near(l[0].n, 44) && near(l[1].n, 44)) *width = 44;
  else if (in->nlines == 2 && near(l[0].n, 36) && near(l[1].n, 36)) *width = 36;
  else if (in->nlines == 3 && near(l[0].n, 30) && near(l[1].n, 30) && near(l[2].n, 30))
    *width = 30;
  if (*width) goto out;
  rc = ZEEF_E_FORMAT;
  out->nwarnings = 0;
  switch (in->nlines) {
  case 0: warn(out, "no MRZ lines: the input is empty or blank"); break;
  case 1: warn(out, "1 line of %zu characters: " SHAPES, l[0].n); break;
  case 2: warn(out, "2 lines of %zu, %zu characters: " SHAPES, l[0].n, l[1].n); break;
  case 3: warn(out, "3 lines of %zu, %zu, %zu characters: " SHAPES, l[0].n, l[1].n, l[2].n); break;
  default: warn(out, "%zu lines: " SHAPES, in->nlines); break;
  }
out:
  return rc;
}

/* The lines of the MRZ, each exactly width characters, NUL terminated. */
typedef char mrz_lines[MRZ_MAX_LINES][MRZ_LINE_BUF];

/*
** Fills L from the input lines of the chosen width: splits a one-line MRZ,
** pads short lines with '<' and cuts long ones, with a warning. Returns
** the number of MRZ lines.
*/
static size_t fit_lines(zeef_mrz *out, const input *in, size_t width, int split, mrz_lines L) {
  size_t nl = split ? in->line[0].n / width : in->nlines;
  if (split) {
    for (size_t k = 0; k < nl; k++) memcpy(L[k], in->line[0].c + k * width, width);
    warn(out, "1 line of %zu characters read as %zu lines of %zu", in->line[0].n, nl, width);
  } else {
    for (size_t k = 0; k < nl; k++) {
      const in_line *l = &in->line[k];
      if (l->n == width) memcpy(L[k], l->c, width);
      else if (l->n < width) {
        memcpy(L[k], l->c, l->n);
        memset(L[k] + l->n, '<', width - l->n);
        warn(out, "line %zu has %zu characters, not %zu: padded with '<'", k + 1, l->n, width);
      } else {
        memcpy(L[k], l->c, width);
        warn(out, "line %zu has %zu characters, not %zu: cut to %zu", k + 1, l->n, width, width);
      }
    }
  }
  for (size_t k = 0; k < nl; k++) L[k][width] = '\0';
  return nl;
}

/* --------------------------------------------------------------- Fields */

/* Copies the field s[0..n) into dst (cap bytes): fillers at either end
** dropped, inner fillers turned to spaces. */
static void put_field(char *dst, size_t cap, const char *s, size_t n) {
  size_t o = 0;
  while (n && s[n - 1] == '<') n--;
  while (n && *s == '<') s++, n--;
  for (size_t i = 0; i < n && o + 1 < cap; i++) dst[o++] = s[i] == '<' ? ' ' : s[i];
  dst[o] = '\0';
}

/* Copies a name part s[0..n) into dst (cap bytes): runs of fillers become
** one space, none at either end. */
static void put_name_part(char *dst, size_t cap, const char *s, size_t n) {
  size_t o = 0;
  int gap = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '<') {
      gap = o > 0;
      continue;
    }
    if (gap && o + 1 < cap) dst[o++] = ' ';
    gap = 0;
    if (o + 1 < cap) dst[o++] = s[i];
  }
  dst[o] = '\0';
}

/* The name field s[0..n): primary identifier "<<" secondary identifier. */
static void read_name(zeef_mrz *out, const char *s, size_t n) {
  size_t t = n, cut;
  while (t && s[t - 1] == '<') t--;
  memcpy(out->name_mrz, s, t);
  out->name_mrz[t] = '\0';
  out->name_truncated = n && s[n - 1] != '<';
  for (cut = 0; cut + 1 < t && !(s[cut] == '<' && s[cut + 1] == '<'); cut++) continue;
  if (cut + 1 >= t) cut = t; /* no "<<": a single name */
  put_name_part(out->surname, sizeof out->surname, s, cut);
  if (cut < t) put_name_part(out->given_names, sizeof out->given_names, s + cut + 2, t - cut - 2);
  for (size_t i = 0; i < t; i++)
    if (is_digit(s[i])) {
      warn(out, "name field has a digit at position %zu: '%c' (an OCR misread?)", i + 1, s[i]);
      break;
    }
}

/* The sex character c. */
static void read_sex(zeef_mrz *out, char c) {
  out->sex = 0;
  if (c == 'M' || c == 'F') out->sex = c;
  else if (c == 'X') {
    out->sex = 'X';
    warn(out, "sex 'X': unspecified");
  } else if (c != '<') warn(out, "sex '%c' is not M, F, X or '<': read as unknown", c);
}

/* Two characters of a date: 0-99, -1 for "<<", -2 for anything else. */
static int two(const char *s) {
  if (is_digit(s[0]) && is_digit(s[1])) return (s[0] - '0') * 10 + (s[1] - '0');
  return s[0] == '<' && s[1] == '<' ? -1 : -2;
}

/*
** The date YYMMDD at s (name for warnings): letters that OCR makes of
** digits read as those digits, with a warning; an unknown ("<<" or "00")
** month gives a year, an unknown day a month. birth chooses the century:
** a birth is not after this_year, an expiry at most DATE_EXPIRY_AHEAD years
** after it. An unreadable date is kind NONE, with a warning unless the
** field is all fillers.
*/
static void read_date(zeef_mrz *out, const char *s, const char *name, int birth, int this_year,
                      zeef_date *d) {
  char t[6];
  int fixed = 0, yy, mm, dd, y, ok;
  for (int i = 0; i < 6; i++) {
    char g = is_letter(s[i]) ? letter_to_digit(s[i]) : 0;
    t[i] = g ? g : s[i];
    fixed |= g != 0;
  }
  memset(d, 0, sizeof *d);
  if (memcmp(s, "<<<<<<", 6) == 0) return;
  yy = two(t);
  mm = two(t + 2);
  dd = two(t + 4);
  if (mm == 0) mm = -1;
  if (dd == 0 || mm == -1) dd = -1;
  ok = yy >= 0 && (mm == -1 || (mm >= 1 && mm <= 12)) && dd != -2;
  y = date_full_year(yy, birth, this_year);
  if (ok && dd > 0 && dd > date_days_in_month(y, mm)) ok = 0;
  if (!ok) {
    warn(out, "%s '%.6s' is not a date", name, s);
    return;
  }
  if (fixed) warn(out, "%s '%.6s' read as %.6s", name, s, t);
  d->year = d->year_to = (int16_t)y;
  d->month = (uint8_t)(mm > 0 ? mm : 0);
  d->day = (uint8_t)(dd > 0 ? dd : 0);
  d->kind = dd > 0 ? ZEEF_DATE_DAY : mm > 0 ? ZEEF_DATE_MONTH : ZEEF_DATE_YEAR;
}

/* --------------------------------------------------------- Check digits */

/* A run of one line's characters. */
typedef struct seg {
  uint8_t line, col, len;
} seg;

/* What one check digit covers: segments taken in order, weights running
** on across them, and where its check character is printed. */
typedef struct field {
  const char *name;
  seg s[MRZ_MAX_SEGS];
  uint8_t nseg;
  uint8_t fline, fcol;
  uint8_t digits; /* only digits belong in the field (dates) */
} field;

/* One OCR substitution: line, column, the character put there. */
typedef struct sub {
  uint8_t line, col;
  char c;
} sub;

typedef struct candidates {
  sub c[MRZ_MAX_CANDIDATES];
  size_t n;
} candidates;

/* Copies what f covers in L into buf (MRZ_CHECK_TEXT bytes); returns its
** length. */
static size_t gather(const field *f, mrz_lines L, char *buf) {
  size_t n = 0;
  for (size_t k = 0; k < f->nseg; k++) {
    memcpy(buf + n, L[f->s[k].line] + f->s[k].col, f->s[k].len);
    n += f->s[k].len;
  }
  return n;
}

/* Where character i of what f covers lies in the lines. */
static void locate(const field *f, size_t i, uint8_t *line, uint8_t *col) {
  size_t k = 0;
  while (k + 1 < f->nseg && i >= f->s[k].len) i -= f->s[k++].len;
  *line = f->s[k].line;
  *col = (uint8_t)(f->s[k].col + i);
}

/* The digit value a printed check character stands for: a digit, or the
** digit an OCR-confused letter stands for; -1 otherwise. */
static int check_value(char c) {
  char d = is_digit(c) ? c : letter_to_digit(c);
  return d ? d - '0' : -1;
}

/*
** Collects the single substitutions of f's text (n characters, weighted sum
** sum) that give the check digit target: letter-to-digit ones first, then
** (unless f holds digits only) digit-to-letter ones, each left to right.
*/
static void find_candidates(const field *f, const char *text, size_t n, unsigned sum, int target,
                            candidates *cs) {
  cs->n = 0;
  for (int pass = 0; pass < (f->digits ? 1 : 2); pass++)
    for (size_t i = 0; i < n && cs->n < MRZ_MAX_CANDIDATES; i++) {
      char p = pass == 0 ? (is_letter(text[i]) ? letter_to_digit(text[i]) : 0)
                         : (is_digit(text[i]) ? digit_to_letter(text[i]) : 0);
      unsigned w = weights[i % 3];
      if (!p) continue;
      /* sum holds w * value(text[i]), so the difference is never negative */
      if ((sum - w * char_value(text[i]) + w * char_value(p)) % 10 != (unsigned)target) continue;
      locate(f, i, &cs->c[cs->n].line, &cs->c[cs->n].col);
      cs->c[cs->n].c = p;
      cs->n++;
    }
}

/* The value of field f in L with substitution s applied, as a suggestion. */
static void suggestion_text(const field *f, mrz_lines L, const sub *s, char *dst, size_t cap) {
  char text[MRZ_CHECK_TEXT];
  char keep = L[s->line][s->col];
  size_t n;
  L[s->line][s->col] = s->c;
  n = gather(f, L, text);
  L[s->line][s->col] = keep;
  put_field(dst, cap, text, n);
}

/*
** Computes f's check digit over L and appends it to out->checks; on a
** failure, warns when the check character is an OCR confusion of the right
** digit, else (when search) collects the OCR substitutions that repair the
** field into *cs and suggests the first.
*/
static void run_check(zeef_mrz *out, const field *f, mrz_lines L, int search, candidates *cs) {
  char text[MRZ_CHECK_TEXT];
  size_t n = gather(f, L, text);
  unsigned sum = weighted_sum(text, n);
  zeef_mrz_check *c = &out->checks[out->nchecks++];
  int target, empty = 1;

  cs->n = 0;
  c->field = f->name;
  c->found = L[f->fline][f->fcol];
  c->computed = (char)('0' + sum % 10);
  c->suggestion[0] = '\0';
  for (size_t i = 0; i < n && empty; i++) empty = text[i] == '<';
  c->ok = c->found == c->computed || (c->found == '<' && empty);
  if (c->ok) return;
  target = check_value(c->found);
  if (target < 0) return;
  if (!is_digit(c->found) && target == c->computed - '0') {
    warn(out, "%s check digit '%c' read as '%c'", f->name, c->found, c->computed);
    return;
  }
  if (!search) return;
  find_candidates(f, text, n, sum, target, cs);
  if (cs->n) suggestion_text(f, L, &cs->c[0], c->suggestion, sizeof c->suggestion);
}

/*
** When the composite (the last check, comp) fails, looks among the
** candidates of the failed field checks, in order, for one substitution that
** also makes the composite pass; that one becomes both the field's and the
** composite's suggestion.
*/
static void repair_composite(zeef_mrz *out, const field *fields, const candidates *cs, size_t nf,
                             const field *comp, mrz_lines L) {
  zeef_mrz_check *cc = &out->checks[out->nchecks - 1];
  char text[MRZ_CHECK_TEXT];
  int target = check_value(cc->found);
  if (cc->ok || target < 0) return;
  for (size_t i = 0; i < nf; i++)
    for (size_t j = 0; j < cs[i].n; j++) {
      const sub *s = &cs[i].c[j];
      char keep = L[s->line][s->col];
      size_t n;
      unsigned sum;
      L[s->line][s->col] = s->c;
      n = gather(comp, L, text);
      sum = weighted_sum(text, n);
      L[s->line][s->col] = keep;
      if (sum % 10 != (unsigned)target) continue;
      suggestion_text(&fields[i], L, s, out->checks[i].suggestion, ZEEF_MRZ_FIELD);
      memcpy(cc->suggestion, out->checks[i].suggestion, ZEEF_MRZ_FIELD);
      return;
    }
}

/* ------------------------------------------------------------- Formats */

/*
** The document number: 9 characters at (line, col), its check after them;
** opt_col and opt_len give the optional data it may overflow into. Fills
** out->doc_number and the field f, and returns where the optional data
** left after the number starts (opt_col when no overflow).
*/
static size_t read_doc_number(zeef_mrz *out, mrz_lines L, uint8_t line, uint8_t col,
                              uint8_t opt_col, uint8_t opt_len, field *f) {
  const char *s = L[line] + col, *o = L[line] + opt_col;
  size_t k = 0, rest = opt_col;
  char num[MRZ_CHECK_TEXT];

  *f = (field){"document_number", {{line, col, MRZ_DOCNO_LEN}}, 1, line,
               (uint8_t)(col + MRZ_DOCNO_LEN), 0};
  if (s[MRZ_DOCNO_LEN] == '<' && s[MRZ_DOCNO_LEN - 1] != '<' && o[0] != '<') {
    while (k < opt_len && o[k] != '<') k++;
    if (k >= 2 && is_digit(o[k - 1])) {
      f->s[1] = (seg){line, opt_col, (uint8_t)(k - 1)};
      f->nseg = 2;
      f->fcol = (uint8_t)(opt_col + k - 1);
      rest = opt_col + k;
      warn(out, "document number overflows into the optional data");
    }
  }
  put_field(out->doc_number, sizeof out->doc_number, num, gather(f, L, num));
  return rest;
}

/* Document code and issuing state: line 1, positions 1-5. */
static void read_header(zeef_mrz *out, mrz_lines L) {
  put_field(out->doc_code, sizeof out->doc_code, L[0], 2);
  put_field(out->issuer, sizeof out->issuer, L[0] + 2, 3);
}

/* TD1: three lines of 30 (Doc 9303 Part 5). */
static void read_td1(zeef_mrz *out, mrz_lines L, int this_year) {
  field fs[3], comp = {"composite", {{0, 5, 25}, {1, 0, 7}, {1, 8, 7}, {1, 18, 11}}, 4, 1, 29, 0};
  candidates cs[3], dummy;
  size_t rest;

  out->format = ZEEF_MRZ_TD1;
  read_header(out, L);
  rest = read_doc_number(out, L, 0, 5, 15, 15, &fs[0]);
  put_field(out->optional1, sizeof out->optional1, L[0] + rest, 30 - rest);
  read_date(out, L[1], "birth_date", 1, this_year, &out->birth);
  read_sex(out, L[1][7]);
  read_date(out, L[1] + 8, "expiry_date", 0, this_year, &out->expiry);
  put_field(out->nationality, sizeof out->nationality, L[1] + 15, 3);
  put_field(out->optional2, sizeof out->optional2, L[1] + 18, 11);
  read_name(out, L[2], 30);

  fs[1] = (field){"birth_date", {{1, 0, 6}}, 1, 1, 6, 1};
  fs[2] = (field){"expiry_date", {{1, 8, 6}}, 1, 1, 14, 1};
  for (size_t i = 0; i < 3; i++) run_check(out, &fs[i], L, 1, &cs[i]);
  run_check(out, &comp, L, 0, &dummy);
  repair_composite(out, fs, cs, 3, &comp, L);
}

/* TD2, TD3, MRV-A, MRV-B: two lines of width 36 or 44 (Parts 4, 6, 7). */
static void read_two_lines(zeef_mrz *out, mrz_lines L, size_t width, int this_year) {
  int visa = L[0][0] == 'V', td3 = width == 44 && !visa;
  /* Optional data: TD3 29-42, TD2 29-35, visas 29 to the end. */
  uint8_t opt_end = (uint8_t)(visa ? width : width - 1 - td3);
  field fs[4], comp = {"composite", {{1, 0, 10}, {1, 13, 7}, {1, 21, (uint8_t)(opt_end + td3 - 21)}},
                       3, 1, (uint8_t)(width - 1), 0};
  candidates cs[4], dummy;
  size_t rest, nf = 3;

  out->format = width == 44 ? (visa ? ZEEF_MRZ_MRVA : ZEEF_MRZ_TD3)
                            : (visa ? ZEEF_MRZ_MRVB : ZEEF_MRZ_TD2);
  read_header(out, L);
  read_name(out, L[0] + 5, width - 5);
  rest = read_doc_number(out, L, 1, 0, 28, (uint8_t)(opt_end - 28), &fs[0]);
  put_field(out->nationality, sizeof out->nationality, L[1] + 10, 3);
  read_date(out, L[1] + 13, "birth_date", 1, this_year, &out->birth);
  read_sex(out, L[1][20]);
  read_date(out, L[1] + 21, "expiry_date", 0, this_year, &out->expiry);
  if (td3) put_field(out->optional1, sizeof out->optional1, L[1] + rest, opt_end - rest);
  else put_field(out->optional2, sizeof out->optional2, L[1] + rest, opt_end - rest);

  fs[1] = (field){"birth_date", {{1, 13, 6}}, 1, 1, 19, 1};
  fs[2] = (field){"expiry_date", {{1, 21, 6}}, 1, 1, 27, 1};
  if (td3) fs[nf++] = (field){"personal_number", {{1, 28, 14}}, 1, 1, 42, 0};
  for (size_t i = 0; i < nf; i++) run_check(out, &fs[i], L, 1, &cs[i]);
  if (visa) return;
  run_check(out, &comp, L, 0, &dummy);
  repair_composite(out, fs, cs, nf, &comp, L);
}

/* -------------------------------------------------------------- Parsing */

zeef_status zeef_mrz_parse(const char *text, size_t len, int this_year, zeef_mrz *out) {
  zeef_status rc = ZEEF_OK;
  input in;
  mrz_lines L;
  size_t width, nl;
  int split;

  if (!out) return ZEEF_E_INVALID;
  memset(out, 0, sizeof *out);
  if (!text && len) {
    rc = ZEEF_E_INVALID;
    warn(out, "no text: NULL with a length of %zu", len);
    goto out;
  }
  if (this_year == 0) this_year = date_clock_year();
  if (this_year < MRZ_YEAR_MIN || this_year > MRZ_YEAR_MAX) {
    rc = ZEEF_E_INVALID;
    warn(out, "this_year %d is outside %d..%d", this_year, MRZ_YEAR_MIN, MRZ_YEAR_MAX);
    goto out;
  }
  if (len > MRZ_MAX_INPUT) {
    rc = ZEEF_E_FORMAT;
    warn(out, "%zu bytes: longer than any MRZ (at most %d bytes are read)", len, MRZ_MAX_INPUT);
    goto out;
  }
  split_lines(text ? text : "", len, &in);
  rc = choose_shape(out, &in, &width, &split);
  if (rc) goto out;
  for (size_t k = 0; k < in.nlines; k++)
    if (in.line[k].nbad * MRZ_BAD_DENOM > in.line[k].n) {
      rc = ZEEF_E_FORMAT;
      warn(out, "line %zu: %zu of its %zu characters are not MRZ characters: not an MRZ", k + 1,
           in.line[k].nbad, in.line[k].n);
      goto out;
    }
  for (size_t k = 0; k < in.nlines; k++)
    if (in.line[k].nbad) warn_bad(out, &in.line[k], k + 1);
  nl = fit_lines(out, &in, width, split, L);
  if (nl == 3) read_td1(out, L, this_year);
  else read_two_lines(out, L, width, this_year);
out:
  return rc;
}
