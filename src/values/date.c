/*
** date.c: dates of birth as sanctions lists and travel documents write them,
** parsed into a zeef_date, written back in one canonical form, and compared
** as evidence for the scorer.
**
** Forms read (ASCII, case-insensitive; spaces and tabs around and between
** the parts are ignored):
**
**   ISO 8601 calendar date and its reduced precisions:
**       1975-03-21  1975-03  1975        also 1975/03/21, 1975.03.21
**   day first, the house order (DD/MM/YYYY):
**       21.03.1975  21/03/1975  21-03-1975  1.3.1975
**     when the second number cannot be a month but the first can, the date
**     is American, month first: 03/21/1975 is 21 March
**   English month names, full or in three letters (and "Sept"), as EU, UN
**   and OFAC lists write them ("21 MAR 1975"), a dot after them allowed:
**       21 Mar 1975  21 March 1975  21-Mar-1975  Mar 1975  March 21, 1975
**   unknown parts: 00 or XX for the day or month (00.00.1975, XX.XX.1975,
**     1975-00-00, 1975-XX-XX are the year 1975; 1975-01-00 is January 1975).
**     A day without its month says nothing and is dropped.
**   approximate, a marker in front of any form (sets approx):
**       circa  ca.  c.  approximately  approx.  about  ~
**   ranges of years (OFAC "1960 to 1962"):
**       1960 to 1962  1960-1962  1960 - 1962  1960/1962  1960..1962
**       between 1960 and 1962  from 1960 to 1962
**     year_to must be later than year by at most DATE_RANGE_MAX_YEARS; a
**     range of one year ("1975 to 1975") is that year.
**
** The calendar is the Gregorian one (ISO 8601): a year is leap when it
** divides by 4 but not by 100, or by 400. Years lie in
** DATE_YEAR_MIN..DATE_YEAR_MAX.
**
** Parsing runs in two steps. A lexer reads at most DATE_MAX_INPUT bytes,
** never past len (no NUL needed), into at most DATE_MAX_TOKENS tokens and a
** shape string, one character per token: 'Y' a four digit number, 'n' a one
** or two digit number or XX, 'M' a month name, '~' an approximate marker,
** 't' to, 'a' and, 'b' between, 'f' from, and '-', '/', '.', ',' as
** themselves. Anything else (other bytes, NUL, three or five digits, other
** words) rejects the input. Then the shape is looked up in forms[], which
** says what each number means. So every accepted form is listed in one
** table, and the work is bounded by the input limit.
**
** The comparison of two dates of birth as evidence, date_compare(), is
** declared in date.h for the evidence scorer.
*/
#include "../internal.h"
#include "date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------- Calendar */

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int date_days_in_month(int y, int m) {
  static const uint8_t days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* From the days since 1970: the civil-from-days algorithm of H. Hinnant
** ("chrono-Compatible Low-Level Date Algorithms"); cheaper than gmtime_r. */
int date_clock_year(void) {
  time_t t = time(NULL);
  long long z = (long long)(t / 86400) + 719468;
  long long era = (z >= 0 ? z : z - 146096) / 146097;
  long long doe = z - era * 146097;
  long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long long mp = (5 * doy + 2) / 153;
  return (int)(yoe + era * 400 + (mp >= 10));
}

int date_full_year(int yy, int birth, int this_year) {
  int y = 2000 + yy;
  if (birth ? y > this_year : y > this_year + DATE_EXPIRY_AHEAD) y -= 100;
  return y;
}

static int year_ok(int y) { return y >= DATE_YEAR_MIN && y <= DATE_YEAR_MAX; }

/*
** Fills *o with year y, month m and day dd, where 0 is an unknown month or
** day. The kind follows from what is known; a day without a month is
** dropped. Returns ZEEF_E_INVALID, leaving *o alone, for a year out of range
** or a day the month does not have.
*/
static zeef_status set_date(zeef_date *o, int y, int m, int dd) {
  zeef_status rc = ZEEF_OK;
  if (!year_ok(y) || m > 12 || dd > 31) rc = ZEEF_E_INVALID;
  else {
    if (m == 0) dd = 0;
    if (m && dd > date_days_in_month(y, m)) rc = ZEEF_E_INVALID;
  }
  if (rc) goto out;
  o->year = o->year_to = (int16_t)y;
  o->month = (uint8_t)m;
  o->day = (uint8_t)dd;
  o->kind = dd ? ZEEF_DATE_DAY : m ? ZEEF_DATE_MONTH : ZEEF_DATE_YEAR;
out:
  return rc;
}

/* ---------------------------------------------------------------- Lexer */

typedef struct lexed {
  char shape[DATE_MAX_TOKENS + 1]; /* NUL terminated */
  int val[DATE_MAX_TOKENS];        /* number, or month 1-12 for 'M' */
  size_t n;
} lexed;

static int is_space(char c) { return c == ' ' || c == '\t'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

/* Whether w[0..n) is the NUL-terminated lit. */
static int word_is(const char *w, size_t n, const char *lit) {
  size_t i = 0;
  while (i < n && lit[i] == w[i]) i++;
  return i == n && lit[n] == '\0';
}

static const char *const month_names[12] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

static const char *const approx_words[] = {"circa",  "ca",    "c", "approximately",
                                           "approx", "about", NULL};

static const struct { const char *w; char shape; } keywords[] = {
    {"to", 't'}, {"and", 'a'}, {"between", 'b'}, {"from", 'f'}, {NULL, 0}};

/*
** The shape character of the lowercase word w[0..n), or 0 when the word
** has no place in a date. OUT *val: the month for 'M', 0 otherwise.
*/
static char classify(const char *w, size_t n, int *val) {
  char shape = 0;
  *val = 0;
  if (word_is(w, n, "xx")) shape = 'n'; /* unknown day or month */
  for (int m = 0; m < 12 && !shape; m++)
    if (word_is(w, n, month_names[m]) ||
        (n == 3 && memcmp(w, month_names[m], 3) == 0)) {
      shape = 'M';
      *val = m + 1;
    }
  if (!shape && word_is(w, n, "sept")) {
    shape = 'M';
    *val = 9;
  }
  for (size_t i = 0; approx_words[i] && !shape; i++)
    if (word_is(w, n, approx_words[i])) shape = '~';
  for (size_t i = 0; keywords[i].w && !shape; i++)
    if (word_is(w, n, keywords[i].w)) shape = keywords[i].shape;
  return shape;
}

/*
** Splits s[0..len) into tokens (see the file comment). A dot straight after
** a month name or an approximate marker ("Mar.", "ca.") is part of the word.
** Returns ZEEF_E_INVALID at the first byte or word that has no place in a
** date, or past DATE_MAX_TOKENS tokens.
*/
static zeef_status lex(const char *s, size_t len, lexed *lx) {
  zeef_status rc = ZEEF_OK;
  size_t i = 0;
  lx->n = 0;
  while (i < len && !rc) {
    char c = s[i], shape = 0;
    int val = 0;
    if (is_space(c)) {
      i++;
      continue;
    }
    if (is_digit(c)) {
      size_t nd = 0;
      for (; i < len && is_digit(s[i]); i++, nd++)
        if (nd < 4) val = val * 10 + (s[i] - '0');
      shape = nd == 4 ? 'Y' : nd <= 2 ? 'n' : 0;
    } else if (is_alpha(c)) {
      char w[DATE_WORD_MAX];
      size_t nw = 0;
      for (; i < len && is_alpha(s[i]); i++, nw++)
        if (nw < DATE_WORD_MAX) w[nw] = lower(s[i]);
      if (nw <= DATE_WORD_MAX) shape = classify(w, nw, &val);
      if ((shape == 'M' || shape == '~') && i < len && s[i] == '.') i++;
    } else if (c == '-' || c == '/' || c == '.' || c == ',' || c == '~') {
      shape = c;
      i++;
    }
    if (!shape || lx->n == DATE_MAX_TOKENS) rc = ZEEF_E_INVALID;
    else {
      lx->shape[lx->n] = shape;
      lx->val[lx->n] = val;
      lx->n++;
    }
  }
  lx->shape[lx->n] = '\0';
  return rc;
}

/* ---------------------------------------------------------------- Forms */

enum form {
  F_Y,     /* year */
  F_YM,    /* year, month */
  F_YMD,   /* year, month, day */
  F_NNY,   /* day, month, year, or month, day, year when American */
  F_DMONY, /* day, month name, year */
  F_MONY,  /* month name, year */
  F_MONDY, /* month name, day, year */
  F_RANGE  /* year, year */
};

/* Every accepted shape, after a leading '~'. The numbers ('Y', 'n', 'M')
** are taken in the order they appear. */
static const struct { const char *shape; uint8_t form; } forms[] = {
    {"Y", F_Y},         {"Y-n", F_YM},      {"Y/n", F_YM},      {"Y-n-n", F_YMD},
    {"Y/n/n", F_YMD},   {"Y.n.n", F_YMD},   {"n.n.Y", F_NNY},   {"n/n/Y", F_NNY},
    {"n-n-Y", F_NNY},   {"nMY", F_DMONY},   {"n-M-Y", F_DMONY}, {"MY", F_MONY},
    {"M-Y", F_MONY},    {"MnY", F_MONDY},   {"Mn,Y", F_MONDY},  {"YtY", F_RANGE},
    {"Y-Y", F_RANGE},   {"Y/Y", F_RANGE},   {"Y..Y", F_RANGE},  {"bYaY", F_RANGE},
    {"fYtY", F_RANGE},  {NULL, 0}};

static zeef_status set_range(zeef_date *o, int y, int y2) {
  zeef_status rc = ZEEF_OK;
  if (!year_ok(y) || !year_ok(y2) || y2 < y || y2 - y > DATE_RANGE_MAX_YEARS)
    rc = ZEEF_E_INVALID;
  else if (y2 == y) rc = set_date(o, y, 0, 0);
  else {
    o->year = (int16_t)y;
    o->year_to = (int16_t)y2;
    o->month = o->day = 0;
    o->kind = ZEEF_DATE_RANGE;
  }
  return rc;
}

zeef_status zeef_date_parse(const char *s, size_t len, zeef_date *d) {
  return date_parse_order(s, len, 0, d, NULL);
}

zeef_status date_parse_order(const char *s, size_t len, int month_first, zeef_date *d, int *order) {
  zeef_status rc = ZEEF_OK;
  zeef_date out = {0};
  lexed lx;
  const char *shape;
  int v[3] = {0, 0, 0}, form = -1;
  size_t nv = 0, b = 0, e = len;
  if (order) *order = 0;

  if (!d || (!s && len) || len > DATE_MAX_INPUT) rc = ZEEF_E_INVALID;
  if (rc) goto out;
  while (b < e && is_space(s[b])) b++;
  while (e > b && is_space(s[e - 1])) e--;
  rc = lex(s + b, e - b, &lx);
  if (rc) goto out;

  shape = lx.shape;
  if (shape[0] == '~') {
    out.approx = 1;
    shape++;
  }
  for (size_t f = 0; forms[f].shape && form < 0; f++)
    if (strcmp(shape, forms[f].shape) == 0) form = forms[f].form;
  if (form < 0) {
    rc = ZEEF_E_INVALID;
    goto out;
  }
  for (size_t t = (size_t)(shape - lx.shape); t < lx.n && nv < 3; t++)
    if (lx.shape[t] == 'Y' || lx.shape[t] == 'n' || lx.shape[t] == 'M') v[nv++] = lx.val[t];

  switch (form) {
  case F_Y: rc = set_date(&out, v[0], 0, 0); break;
  case F_YM: rc = set_date(&out, v[0], v[1], 0); break;
  case F_YMD: rc = set_date(&out, v[0], v[1], v[2]); break;
  case F_NNY:
    /* In the order asked (day first unless month_first) unless only the
    ** other order makes a date. */
    if (order)
      *order = v[0] > 12 && v[1] <= 12   ? DATE_ORDER_DAY_FIRST
               : v[1] > 12 && v[0] <= 12 ? DATE_ORDER_MONTH_FIRST
               : v[0] != v[1]            ? DATE_ORDER_EITHER
                                         : 0;
    if (month_first ? !(v[0] > 12 && v[1] <= 12) : (v[1] > 12 && v[0] <= 12))
      rc = set_date(&out, v[2], v[0], v[1]);
    else
      rc = set_date(&out, v[2], v[1], v[0]);
    break;
  case F_DMONY: rc = set_date(&out, v[2], v[1], v[0]); break;
  case F_MONY: rc = set_date(&out, v[1], v[0], 0); break;
  case F_MONDY: rc = set_date(&out, v[2], v[0], v[1]); break;
  default: rc = set_range(&out, v[0], v[1]); break;
  }
out:
  if (d) {
    if (rc) memset(d, 0, sizeof *d);
    else *d = out;
  }
  return rc;
}

/* ----------------------------------------------------------- Formatting */

size_t zeef_date_format(const zeef_date *d, char *buf, size_t cap) {
  int n;
  const char *ap;
  if (!buf) cap = 0;
  if (!d) {
    n = snprintf(buf, cap, "%s", "");
    goto out;
  }
  ap = d->approx ? "~" : "";
  switch (d->kind) {
  case ZEEF_DATE_DAY:
    n = snprintf(buf, cap, "%s%04d-%02d-%02d", ap, d->year, d->month, d->day);
    break;
  case ZEEF_DATE_MONTH: n = snprintf(buf, cap, "%s%04d-%02d", ap, d->year, d->month); break;
  case ZEEF_DATE_YEAR: n = snprintf(buf, cap, "%s%04d", ap, d->year); break;
  case ZEEF_DATE_RANGE:
    n = snprintf(buf, cap, "%s%04d..%04d", ap, d->year, d->year_to);
    break;
  default: n = snprintf(buf, cap, "%s", ""); break;
  }
out:
  return n < 0 ? 0 : (size_t)n;
}

/* ----------------------------------------------------------- Comparison */

/* Explanations are written only when asked for: screening compares dates
** without them, many times per traveller. */
#define WHY(...)                                  \
  do {                                            \
    if (cap) snprintf(why, cap, __VA_ARGS__);     \
  } while (0)

static int known(const zeef_date *d) {
  return d && d->kind >= ZEEF_DATE_DAY && d->kind <= ZEEF_DATE_RANGE;
}

static int is_jan1(const zeef_date *d) {
  return d->kind == ZEEF_DATE_DAY && d->month == 1 && d->day == 1;
}

/* d as the explanations show it: a range as "1960-1962", anything else as
** zeef_date_format() writes it. buf holds DATE_TEXT_MAX bytes. */
static void date_text(const zeef_date *d, char *buf) {
  if (d->kind == ZEEF_DATE_RANGE)
    snprintf(buf, DATE_TEXT_MAX, "%s%d-%d", d->approx ? "~" : "", d->year, d->year_to);
  else zeef_date_format(d, buf, DATE_TEXT_MAX);
}

/* "born X on both" when both sides read the same, else "listed X, traveller
** Y: what". */
static void same_or(char *why, size_t cap, const char *l, const char *q, const char *what) {
  if (!cap) return;
  if (strcmp(l, q) == 0) WHY("born %s on both", l);
  else WHY("listed %s, traveller %s: %s", l, q, what);
}

/* The grading of two dates of the same year, neither a range. */
static int same_year(const zeef_date *a, const zeef_date *b, const char *l, const char *q,
                     char *why, size_t cap) {
  int cls;
  int a_day = a->kind == ZEEF_DATE_DAY, b_day = b->kind == ZEEF_DATE_DAY;
  int a_month = a->kind != ZEEF_DATE_YEAR, b_month = b->kind != ZEEF_DATE_YEAR;

  if (a_day && b_day && a->month == b->month && a->day == b->day) {
    cls = DATE_MATCH_EXACT;
    same_or(why, cap, l, q, "same day");
  } else if (a_day && b_day && a->month == b->day && a->day == b->month && a->day <= 12 &&
             b->day <= 12) {
    cls = DATE_MATCH_SWAPPED;
    WHY("listed %s, traveller %s: day and month swapped", l, q);
  } else if (is_jan1(a) != is_jan1(b)) {
    cls = DATE_MATCH_PLACEHOLDER;
    if (is_jan1(a))
      WHY("listed %s (1 January, a common placeholder); traveller born %s", l, q);
    else
      WHY("traveller %s (1 January, a common placeholder); listed %s", q, l);
  } else if (a_month && b_month && a->month == b->month) {
    cls = DATE_MATCH_MONTH;
    if (a_day && b_day)
      WHY("listed %s, traveller %s: same month, days differ", l, q);
    else if (a_day) WHY("traveller month %s only; listed %s", q, l);
    else if (b_day) WHY("listed month %s only; traveller born %s", l, q);
    else same_or(why, cap, l, q, "same month");
  } else if (!a_month || !b_month) {
    cls = DATE_MATCH_YEAR;
    if (a_month) WHY("traveller year %s only; listed %s", q, l);
    else if (b_month) WHY("listed year %s only; traveller born %s", l, q);
    else same_or(why, cap, l, q, "same year");
  } else {
    cls = DATE_CONFLICT;
    WHY("listed %s, traveller %s: same year, different month", l, q);
  }
  return cls;
}

int date_compare(const zeef_date *list, const zeef_date *query, char *why, size_t cap) {
  int cls, lo1, hi1, lo2, hi2, gap;
  char l[DATE_TEXT_MAX], q[DATE_TEXT_MAX];
  const char *note;

  if (!why) cap = 0;
  if (!known(list) || !known(query)) {
    cls = DATE_UNKNOWN;
    WHY("%s", !known(list) && !known(query) ? "no date of birth on either side"
                             : !known(list)                ? "no date of birth on the list"
                                                           : "no date of birth for the traveller");
    goto out;
  }
  if (cap) {
    date_text(list, l);
    date_text(query, q);
  }
  lo1 = list->year;
  hi1 = list->kind == ZEEF_DATE_RANGE ? list->year_to : list->year;
  lo2 = query->year;
  hi2 = query->kind == ZEEF_DATE_RANGE ? query->year_to : query->year;
  gap = hi1 < lo2 ? lo2 - hi1 : hi2 < lo1 ? lo1 - hi2 : 0;

  if (gap == 0 && (list->kind == ZEEF_DATE_RANGE || query->kind == ZEEF_DATE_RANGE)) {
    cls = DATE_MATCH_IN_RANGE;
    WHY("listed %s; traveller born %s", l, q);
  } else if (gap == 0) {
    cls = same_year(list, query, l, q, why, cap);
  } else {
    /* An approximate date stands for a year either side: a gap of two or
    ** more counts one less, but years that differ never agree. */
    int eff = gap;
    if ((list->approx || query->approx) && eff > 1) eff--;
    cls = eff == 1 ? DATE_NEAR_1 : eff == 2 ? DATE_NEAR_2 : DATE_CONFLICT;
    note = list->approx    ? " (listed as approximate)"
           : query->approx ? " (traveller's date approximate)"
                           : "";
    WHY("listed %s, traveller %s: %d year%s apart%s", l, q, gap,
             gap == 1 ? "" : "s", note);
  }
out:
  return cls;
}
