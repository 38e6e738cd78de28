/*
** test_date.c: zeef_date_parse, zeef_date_format and date_compare
** (src/values/date.c): every written form lists and documents use, the
** unknown-part placeholders, approximate markers and ranges, the calendar
** and size limits on untrusted input, canonical output and its round trip,
** and every evidence class of a comparison with its explanation.
*/
#include "tests.h"

#include "../../src/values/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { D_NONE = ZEEF_DATE_NONE, DAY = ZEEF_DATE_DAY, MON = ZEEF_DATE_MONTH,
       YR = ZEEF_DATE_YEAR, RNG = ZEEF_DATE_RANGE };

/* One input and the exact date it must give. */
typedef struct want {
  const char *s;
  int year, year_to, month, day, kind, approx;
} want;

/* Parses every w[i].s and compares every field; prints each miss. */
static int check_parses(const want *w, size_t n) {
  int misses = 0;
  for (size_t i = 0; i < n; i++) {
    zeef_date d;
    zeef_status rc;
    memset(&d, 0xa5, sizeof d);
    rc = zeef_date_parse(w[i].s, strlen(w[i].s), &d);
    if (rc != ZEEF_OK || d.year != w[i].year || d.year_to != w[i].year_to ||
        d.month != w[i].month || d.day != w[i].day || d.kind != w[i].kind ||
        d.approx != w[i].approx) {
      print_error("\"%s\": rc %d, got %d..%d m%d d%d kind %d approx %d; want %d..%d m%d d%d "
                  "kind %d approx %d\n",
                  w[i].s, rc, d.year, d.year_to, d.month, d.day, d.kind, d.approx, w[i].year,
                  w[i].year_to, w[i].month, w[i].day, w[i].kind, w[i].approx);
      misses++;
    }
  }
  return misses;
}

/* Checks that each input (length from strlen) is refused with
** ZEEF_E_INVALID and leaves an empty date. */
static int check_rejects(const char *const *s, size_t n) {
  int misses = 0;
  for (size_t i = 0; i < n; i++) {
    zeef_date d;
    zeef_status rc;
    memset(&d, 0xa5, sizeof d);
    rc = zeef_date_parse(s[i], strlen(s[i]), &d);
    if (rc != ZEEF_E_INVALID || d.kind != ZEEF_DATE_NONE || d.year != 0 || d.year_to != 0 ||
        d.month != 0 || d.day != 0 || d.approx != 0) {
      print_error("\"%s\": rc %d kind %d year %d, want rejected and cleared\n", s[i], rc,
                  d.kind, d.year);
      misses++;
    }
  }
  return misses;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static zeef_date mk(int y, int y2, int m, int dd, int kind, int approx) {
  zeef_date d;
  memset(&d, 0, sizeof d);
  d.year = (int16_t)y;
  d.year_to = (int16_t)y2;
  d.month = (uint8_t)m;
  d.day = (uint8_t)dd;
  d.kind = (uint8_t)kind;
  d.approx = (uint8_t)approx;
  return d;
}

/* -------------------------------------------------------------- Parsing */

static void numeric_forms(void **state) {
  static const want w[] = {
      {"1975-03-21", 1975, 1975, 3, 21, DAY, 0},
      {"1975-03", 1975, 1975, 3, 0, MON, 0},
      {"1975", 1975, 1975, 0, 0, YR, 0},
      {"21.03.1975", 1975, 1975, 3, 21, DAY, 0},
      {"21/03/1975", 1975, 1975, 3, 21, DAY, 0},
      {"21-03-1975", 1975, 1975, 3, 21, DAY, 0},
      {"1975/03/21", 1975, 1975, 3, 21, DAY, 0},
      {"1975.03.21", 1975, 1975, 3, 21, DAY, 0},
      {"1.3.1975", 1975, 1975, 3, 1, DAY, 0},
      {"  1975-03-21\t ", 1975, 1975, 3, 21, DAY, 0},
      {"21 / 03 / 1975", 1975, 1975, 3, 21, DAY, 0},
      {"1800-01-01", 1800, 1800, 1, 1, DAY, 0},
      {"2100-12-31", 2100, 2100, 12, 31, DAY, 0},
  };
  (void)state;
  TH_NO_MISSES(check_parses(w, N(w)));
}

static void day_first_then_american(void **state) {
  static const want w[] = {
      /* Both <= 12: the house order, day first. */
      {"03/04/1975", 1975, 1975, 4, 3, DAY, 0},
      {"12.11.1975", 1975, 1975, 11, 12, DAY, 0},
      /* First > 12: day first in any case. */
      {"21/03/1975", 1975, 1975, 3, 21, DAY, 0},
      /* Second > 12: American, month first. */
      {"03/21/1975", 1975, 1975, 3, 21, DAY, 0},
      {"12-31-1975", 1975, 1975, 12, 31, DAY, 0},
      {"02.29.2000", 2000, 2000, 2, 29, DAY, 0},
  };
  static const char *const bad[] = {"21/13/1975", "13/13/1975", "02/30/1975", "32/01/1975"};
  (void)state;
  TH_NO_MISSES(check_parses(w, N(w)) + check_rejects(bad, N(bad)));
}

static void month_name_forms(void **state) {
  static const want w[] = {
      {"21 Mar 1975", 1975, 1975, 3, 21, DAY, 0},
      {"21 March 1975", 1975, 1975, 3, 21, DAY, 0},
      {"21 MAR 1975", 1975, 1975, 3, 21, DAY, 0},
      {"21 mArCh 1975", 1975, 1975, 3, 21, DAY, 0},
      {"21-Mar-1975", 1975, 1975, 3, 21, DAY, 0},
      {"21 Mar. 1975", 1975, 1975, 3, 21, DAY, 0},
      {"1 Sept 1975", 1975, 1975, 9, 1, DAY, 0},
      {"30 SEP 1975", 1975, 1975, 9, 30, DAY, 0},
      {"Mar 1975", 1975, 1975, 3, 0, MON, 0},
      {"March 1975", 1975, 1975, 3, 0, MON, 0},
      {"DEC 1975", 1975, 1975, 12, 0, MON, 0},
      {"May 1975", 1975, 1975, 5, 0, MON, 0},
      {"March 21, 1975", 1975, 1975, 3, 21, DAY, 0},
      {"March 21 1975", 1975, 1975, 3, 21, DAY, 0},
      {"  12 Jan 1965  ", 1965, 1965, 1, 12, DAY, 0},
  };
  static const char *const bad[] = {"21 Marc 1975", "31 Apr 1975", "21 Foo 1975",
                                    "Mar 21", "21 Mar", "March"};
  (void)state;
  TH_NO_MISSES(check_parses(w, N(w)) + check_rejects(bad, N(bad)));
}

static void placeholders(void **state) {
  static const want w[] = {
      {"00.00.1975", 1975, 1975, 0, 0, YR, 0},
      {"XX.XX.1975", 1975, 1975, 0, 0, YR, 0},
      {"xx/xx/1975", 1975, 1975, 0, 0, YR, 0},
      {"1975-00-00", 1975, 1975, 0, 0, YR, 0},
      {"1975-XX-XX", 1975, 1975, 0, 0, YR, 0},
      {"1975-00", 1975, 1975, 0, 0, YR, 0},
      {"1975-01-00", 1975, 1975, 1, 0, MON, 0},
      {"1975-03-XX", 1975, 1975, 3, 0, MON, 0},
      {"00.03.1975", 1975, 1975, 3, 0, MON, 0},
      {"XX.03.1975", 1975, 1975, 3, 0, MON, 0},
      {"00 Mar 1975", 1975, 1975, 3, 0, MON, 0},
      /* A day without its month is dropped. */
      {"1975-00-21", 1975, 1975, 0, 0, YR, 0},
      {"21.00.1975", 1975, 1975, 0, 0, YR, 0},
  };
  static const char *const bad[] = {"0000", "XXXX", "XX.XX.XXXX", "00.00.0000", "1975-X-X",
                                    "1975-XXX-01", "19XX"};
  (void)state;
  TH_NO_MISSES(check_parses(w, N(w)) + check_rejects(bad, N(bad)));
}

static void approximate_markers(void **state) {
  static const want w[] = {
      {"circa 1975", 1975, 1975, 0, 0, YR, 1},
      {"ca. 1975", 1975, 1975, 0, 0, YR, 1},
      {"ca 1975", 1975, 1975, 0, 0, YR, 1},
      {"c. 1975", 1975, 1975, 0, 0, YR, 1},
      {"c.1975", 1975, 1975, 0, 0, YR, 1},
      {"approximately 1975", 1975, 1975, 0, 0, YR, 1},
      {"approx. 1975", 1975, 1975, 0, 0, YR, 1},
      {"about 1975", 1975, 1975, 0, 0, YR, 1},
      {"~1975", 1975, 1975, 0, 0, YR, 1},
      {"~ 1975", 1975, 1975, 0, 0, YR, 1},
      {"CIRCA 1975", 1975, 1975, 0, 0, YR, 1},
      /* With other forms. */
      {"circa 21 Mar 1975", 1975, 1975, 3, 21, DAY, 1},
      {"approx. 1975-03", 1975, 1975, 3, 0, MON, 1},
      {"~21.03.1975", 1975, 1975, 3, 21, DAY, 1},
      {"about March 1975", 1975, 1975, 3, 0, MON, 1},
      {"circa 1960 to 1962", 1960, 1962, 0, 0, RNG, 1},
      {"~1960..1962", 1960, 1962, 0, 0, RNG, 1},
  };
  static const char *const bad[] = {"circa", "~", "~~1975", "circa circa 1975", "1975 circa",
                                    "approximate 1975", "cca 1975"};
  (void)state;
  TH_NO_MISSES(check_parses(w, N(w)) + check_rejects(bad, N(bad)));
}

static void ranges(void **state) {
  static const want w[] = {
      {"1960 to 1962", 1960, 1962, 0, 0, RNG, 0},
      {"1960 TO 1962", 1960, 1962, 0, 0, RNG, 0},
      {"1960-1962", 1960, 1962, 0, 0, RNG, 0},
      {"1960 - 1962", 1960, 1962, 0, 0, RNG, 0},
      {"1960/1962", 1960, 1962, 0, 0, RNG, 0},
      {"1960..1962", 1960, 1962, 0, 0, RNG, 0},
      {"between 1960 and 1962", 1960, 1962, 0, 0, RNG, 0},
      {"Between 1960 And 1962", 1960, 1962, 0, 0, RNG, 0},
      {"from 1960 to 1962", 1960, 1962, 0, 0, RNG, 0},
      {"1950 to 1980", 1950, 1980, 0, 0, RNG, 0}, /* 30 years: the widest */
      {"1975 to 1975", 1975, 1975, 0, 0, YR, 0},  /* one year is a year */
  };
  static const char *const bad[] = {"1962 to 1960", "1962-1960", "1949 to 1980",
                                    "1799 to 1801", "2099 to 2101", "between 1960",
                                    "between 1960 to 1962", "1960 to", "to 1962",
                                    "1960 and 1962", "1960-62"};
  (void)state;
  TH_NO_MISSES(check_parses(w, N(w)) + check_rejects(bad, N(bad)));
}

static void calendar(void **state) {
  static const want w[] = {
      {"2000-02-29", 2000, 2000, 2, 29, DAY, 0}, /* divisible by 400: leap */
      {"1976-02-29", 1976, 1976, 2, 29, DAY, 0},
      {"29.02.1976", 1976, 1976, 2, 29, DAY, 0},
      {"1975-04-30", 1975, 1975, 4, 30, DAY, 0},
      {"1975-12-31", 1975, 1975, 12, 31, DAY, 0},
  };
  static const char *const bad[] = {"1975-13-01", "1975-02-30", "1900-02-29", "1975-02-29",
                                    "31.04.1975", "1975-06-31", "1975-00-32", "1975-01-32",
                                    "1975-13", "1799", "1799-12-31", "2101", "0001"};
  (void)state;
  TH_NO_MISSES(check_parses(w, N(w)) + check_rejects(bad, N(bad)));
}

static void junk_rejected(void **state) {
  static const char *const bad[] = {
      "",          "   ",         "\t",           "abc",        "1975x",      "x1975",
      "197",       "19750",       "12345678901",  "1975-03-21-01", "1975--03", "21.03/1975",
      "1975/03-21", "21 03 1975", "03 1975",      "21.03.75",   "75",         "1975 1976",
  };
  (void)state;
  TH_NO_MISSES(check_rejects(bad, N(bad)));
}

static void junk_rejected_more(void **state) {
  static const char *const bad[] = {
      "1975\n",      "1975-03-21\r", "+1975",        "-1975",       "1975.",
      "1975,",       "Mar, 1975",    "21st Mar 1975", "1975-03-21Z", "1975-W12",
      "1975\xc2\xa0", "\xef\xbc\x91\xef\xbc\x99\xef\xbc\x97\xef\xbc\x95",
      "approximatelyy 1975", "septembers 1975",
  };
  (void)state;
  TH_NO_MISSES(check_rejects(bad, N(bad)));
}

static void input_bounds(void **state) {
  char buf[80];
  zeef_date d;
  (void)state;

  /* 64 bytes (the limit) are read; 65 are refused before any reading. */
  memset(buf, ' ', sizeof buf);
  memcpy(buf + 30, "1975-03-21", 10);
  assert_int_equal(zeef_date_parse(buf, DATE_MAX_INPUT, &d), ZEEF_OK);
  assert_int_equal(d.kind, ZEEF_DATE_DAY);
  assert_int_equal(d.year, 1975);
  assert_int_equal(zeef_date_parse(buf, DATE_MAX_INPUT + 1, &d), ZEEF_E_INVALID);
  assert_int_equal(d.kind, ZEEF_DATE_NONE);
  assert_int_equal(zeef_date_parse(buf, sizeof buf, &d), ZEEF_E_INVALID);
  assert_int_equal(zeef_date_parse(buf, (size_t)-1, &d), ZEEF_E_INVALID);

  /* An embedded NUL is a byte like any other that has no place in a date. */
  assert_int_equal(zeef_date_parse("1975\0-03-21", 11, &d), ZEEF_E_INVALID);
  assert_int_equal(d.kind, ZEEF_DATE_NONE);
  assert_int_equal(zeef_date_parse("1975\0", 5, &d), ZEEF_E_INVALID);
  assert_int_equal(zeef_date_parse("\0" "1975", 5, &d), ZEEF_E_INVALID);

  /* len, not a NUL, ends the input. */
  assert_int_equal(zeef_date_parse("1975-03-21", 4, &d), ZEEF_OK);
  assert_int_equal(d.kind, ZEEF_DATE_YEAR);
  assert_int_equal(d.year, 1975);
  assert_int_equal(zeef_date_parse("1975-03-21", 7, &d), ZEEF_OK);
  assert_int_equal(d.kind, ZEEF_DATE_MONTH);
  assert_int_equal(d.month, 3);
  assert_int_equal(zeef_date_parse("1975-03-21", 0, &d), ZEEF_E_INVALID);

  /* Arguments. */
  assert_int_equal(zeef_date_parse(NULL, 0, &d), ZEEF_E_INVALID);
  assert_int_equal(zeef_date_parse(NULL, 4, &d), ZEEF_E_INVALID);
  assert_int_equal(zeef_date_parse("1975", 4, NULL), ZEEF_E_INVALID);
}

static void no_read_past_len(void **state) {
  /* Exactly sized heap copies with no NUL: ASan reports any read past len. */
  static const char *const inputs[] = {"1975-03-21", "21 March 1975", "between 1960 and 1962",
                                       "approx.", "Mar.", "1975-", "circa 1975", "19751",
                                       "xx", "a"};
  (void)state;
  for (size_t i = 0; i < N(inputs); i++) {
    size_t n = strlen(inputs[i]);
    for (size_t k = 0; k <= n; k++) {
      char *p = malloc(k ? k : 1);
      zeef_date d;
      assert_non_null(p);
      memcpy(p, inputs[i], k);
      (void)zeef_date_parse(p, k, &d);
      free(p);
    }
  }
}

static void many_tokens_bounded(void **state) {
  /* 64 bytes of "1-1-...": far more tokens than any date has. */
  char buf[DATE_MAX_INPUT];
  zeef_date d;
  (void)state;
  for (size_t i = 0; i < sizeof buf; i++) buf[i] = i % 2 ? '-' : '1';
  assert_int_equal(zeef_date_parse(buf, sizeof buf, &d), ZEEF_E_INVALID);
  memset(buf, 'a', sizeof buf);
  assert_int_equal(zeef_date_parse(buf, sizeof buf, &d), ZEEF_E_INVALID);
  memset(buf, '9', sizeof buf);
  assert_int_equal(zeef_date_parse(buf, sizeof buf, &d), ZEEF_E_INVALID);
}

/* ----------------------------------------------------------- Formatting */

static void format_every_kind(void **state) {
  static const struct {
    zeef_date d;
    const char *text;
  } cases[] = {
      {{1975, 1975, 3, 21, ZEEF_DATE_DAY, 0}, "1975-03-21"},
      {{1975, 1975, 3, 0, ZEEF_DATE_MONTH, 0}, "1975-03"},
      {{1975, 1975, 0, 0, ZEEF_DATE_YEAR, 0}, "1975"},
      {{1960, 1962, 0, 0, ZEEF_DATE_RANGE, 0}, "1960..1962"},
      {{1975, 1975, 1, 2, ZEEF_DATE_DAY, 1}, "~1975-01-02"},
      {{1975, 1975, 0, 0, ZEEF_DATE_YEAR, 1}, "~1975"},
      {{1960, 1962, 0, 0, ZEEF_DATE_RANGE, 1}, "~1960..1962"},
      {{0, 0, 0, 0, ZEEF_DATE_NONE, 0}, ""},
      {{1975, 1975, 0, 0, 99, 0}, ""}, /* no such kind */
  };
  char buf[32];
  (void)state;
  for (size_t i = 0; i < N(cases); i++) {
    memset(buf, 'x', sizeof buf);
    assert_int_equal(zeef_date_format(&cases[i].d, buf, sizeof buf), strlen(cases[i].text));
    assert_string_equal(buf, cases[i].text);
  }
  assert_int_equal(zeef_date_format(NULL, buf, sizeof buf), 0);
  assert_string_equal(buf, "");
}

static void format_small_buffers(void **state) {
  zeef_date d = mk(1975, 1975, 3, 21, DAY, 1);
  char buf[16];
  (void)state;
  /* cap 0: nothing written, the length still returned; NULL allowed. */
  assert_int_equal(zeef_date_format(&d, NULL, 0), 11);
  memset(buf, 'x', sizeof buf);
  assert_int_equal(zeef_date_format(&d, buf, 0), 11);
  assert_int_equal(buf[0], 'x');
  /* NULL with a cap is treated as no buffer. */
  assert_int_equal(zeef_date_format(&d, NULL, 8), 11);
  /* Truncated, NUL terminated. */
  assert_int_equal(zeef_date_format(&d, buf, 5), 11);
  assert_string_equal(buf, "~197");
  assert_int_equal(zeef_date_format(&d, buf, 1), 11);
  assert_string_equal(buf, "");
  /* need + 1 is exactly enough. */
  memset(buf, 'x', sizeof buf);
  assert_int_equal(zeef_date_format(&d, buf, 12), 11);
  assert_string_equal(buf, "~1975-03-21");
  assert_int_equal(zeef_date_format(&d, buf, 11), 11);
  assert_string_equal(buf, "~1975-03-2");
}

static void round_trips(void **state) {
  static const char *const inputs[] = {
      "1975-03-21", "21 Mar 1975", "03/21/1975", "March 1975", "1975", "00.00.1975",
      "1975-01-00", "circa 1975", "~21.03.1975", "approx. Mar 1975", "1960 to 1962",
      "between 1960 and 1962", "circa 1960/1962", "2000-02-29", "1800-01-01", "2100-12-31",
  };
  (void)state;
  for (size_t i = 0; i < N(inputs); i++) {
    zeef_date a, b;
    char text[DATE_TEXT_MAX], again[DATE_TEXT_MAX];
    size_t n;
    assert_int_equal(zeef_date_parse(inputs[i], strlen(inputs[i]), &a), ZEEF_OK);
    n = zeef_date_format(&a, text, sizeof text);
    assert_int_equal(n, strlen(text));
    assert_int_equal(zeef_date_parse(text, n, &b), ZEEF_OK);
    assert_int_equal(b.year, a.year);
    assert_int_equal(b.year_to, a.year_to);
    assert_int_equal(b.month, a.month);
    assert_int_equal(b.day, a.day);
    assert_int_equal(b.kind, a.kind);
    assert_int_equal(b.approx, a.approx);
    zeef_date_format(&b, again, sizeof again);
    assert_string_equal(again, text);
  }
}

static void canonical_text(void **state) {
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"21 MAR 1975", "1975-03-21"}, {"03/21/1975", "1975-03-21"}, {"1.3.1975", "1975-03-01"},
      {"XX.XX.1975", "1975"},        {"00.03.1975", "1975-03"},    {"about 1975", "~1975"},
      {"1960 - 1962", "1960..1962"},
  };
  (void)state;
  for (size_t i = 0; i < N(cases); i++) {
    zeef_date d;
    char text[DATE_TEXT_MAX];
    assert_int_equal(zeef_date_parse(cases[i].in, strlen(cases[i].in), &d), ZEEF_OK);
    zeef_date_format(&d, text, sizeof text);
    assert_string_equal(text, cases[i].out);
  }
}

/* ----------------------------------------------------------- Comparison */

/* Parses l and q (NUL terminated), compares them, checks the class and that
** the explanation is want_why exactly. */
static void expect_compare(const char *l, const char *q, int cls, const char *want_why) {
  zeef_date a, b;
  char why[128];
  memset(why, 'x', sizeof why);
  assert_int_equal(zeef_date_parse(l, strlen(l), &a), ZEEF_OK);
  assert_int_equal(zeef_date_parse(q, strlen(q), &b), ZEEF_OK);
  assert_int_equal(date_compare(&a, &b, why, sizeof why), cls);
  assert_string_equal(why, want_why);
}

static void compare_exact(void **state) {
  (void)state;
  expect_compare("1975-03-21", "21.03.1975", DATE_MATCH_EXACT, "born 1975-03-21 on both");
  expect_compare("1975-01-01", "01/01/1975", DATE_MATCH_EXACT, "born 1975-01-01 on both");
  expect_compare("circa 21 Mar 1975", "1975-03-21", DATE_MATCH_EXACT,
                 "listed ~1975-03-21, traveller 1975-03-21: same day");
  /* A day equal to its month is the same day, not a swap. */
  expect_compare("1975-03-03", "1975-03-03", DATE_MATCH_EXACT, "born 1975-03-03 on both");
}

static void compare_swapped(void **state) {
  (void)state;
  expect_compare("1975-03-12", "1975-12-03", DATE_MATCH_SWAPPED,
                 "listed 1975-03-12, traveller 1975-12-03: day and month swapped");
  /* A date read in the other order: 03/04 listed day first, 04/03 given. */
  expect_compare("03.04.1975", "04.03.1975", DATE_MATCH_SWAPPED,
                 "listed 1975-04-03, traveller 1975-03-04: day and month swapped");
}

static void compare_placeholder(void **state) {
  (void)state;
  expect_compare("1975-01-01", "1975-06-02", DATE_MATCH_PLACEHOLDER,
                 "listed 1975-01-01 (1 January, a common placeholder); traveller born 1975-06-02");
  expect_compare("1975-06-02", "01.01.1975", DATE_MATCH_PLACEHOLDER,
                 "traveller 1975-01-01 (1 January, a common placeholder); listed 1975-06-02");
  expect_compare("1975", "1975-01-01", DATE_MATCH_PLACEHOLDER,
                 "traveller 1975-01-01 (1 January, a common placeholder); listed 1975");
  expect_compare("1975-01-01", "1975-01", DATE_MATCH_PLACEHOLDER,
                 "listed 1975-01-01 (1 January, a common placeholder); traveller born 1975-01");
}

static void compare_month(void **state) {
  (void)state;
  expect_compare("Mar 1975", "1975-03-21", DATE_MATCH_MONTH,
                 "listed month 1975-03 only; traveller born 1975-03-21");
  expect_compare("1975-03-21", "1975-03", DATE_MATCH_MONTH,
                 "traveller month 1975-03 only; listed 1975-03-21");
  expect_compare("March 1975", "1975-03", DATE_MATCH_MONTH, "born 1975-03 on both");
  expect_compare("1975-03-21", "1975-03-24", DATE_MATCH_MONTH,
                 "listed 1975-03-21, traveller 1975-03-24: same month, days differ");
}

static void compare_year(void **state) {
  (void)state;
  expect_compare("1975", "1975-06-02", DATE_MATCH_YEAR,
                 "listed year 1975 only; traveller born 1975-06-02");
  expect_compare("1975-06-02", "00.00.1975", DATE_MATCH_YEAR,
                 "traveller year 1975 only; listed 1975-06-02");
  expect_compare("XX.XX.1975", "1975", DATE_MATCH_YEAR, "born 1975 on both");
  expect_compare("1975", "Mar 1975", DATE_MATCH_YEAR,
                 "listed year 1975 only; traveller born 1975-03");
  expect_compare("circa 1975", "1975", DATE_MATCH_YEAR,
                 "listed ~1975, traveller 1975: same year");
}

static void compare_in_range(void **state) {
  (void)state;
  expect_compare("1960 to 1962", "1961", DATE_MATCH_IN_RANGE,
                 "listed 1960-1962; traveller born 1961");
  expect_compare("1960 to 1962", "1960-05-04", DATE_MATCH_IN_RANGE,
                 "listed 1960-1962; traveller born 1960-05-04");
  expect_compare("between 1960 and 1962", "1962", DATE_MATCH_IN_RANGE,
                 "listed 1960-1962; traveller born 1962");
  expect_compare("1961", "1960-1962", DATE_MATCH_IN_RANGE,
                 "listed 1961; traveller born 1960-1962");
}

static void compare_near(void **state) {
  (void)state;
  expect_compare("1975", "1976", DATE_NEAR_1, "listed 1975, traveller 1976: 1 year apart");
  expect_compare("1975-03-21", "1974-03-21", DATE_NEAR_1,
                 "listed 1975-03-21, traveller 1974-03-21: 1 year apart");
  expect_compare("1975", "1977-06-01", DATE_NEAR_2,
                 "listed 1975, traveller 1977-06-01: 2 years apart");
  expect_compare("1960 to 1962", "1963", DATE_NEAR_1,
                 "listed 1960-1962, traveller 1963: 1 year apart");
  expect_compare("1960 to 1962", "1958", DATE_NEAR_2,
                 "listed 1960-1962, traveller 1958: 2 years apart");
}

static void compare_approx_widens(void **state) {
  (void)state;
  /* One year off stays NEAR_1, with the approximation noted. */
  expect_compare("circa 1975", "1976", DATE_NEAR_1,
                 "listed ~1975, traveller 1976: 1 year apart (listed as approximate)");
  /* Wider gaps count one year less. */
  expect_compare("circa 1975", "1977", DATE_NEAR_1,
                 "listed ~1975, traveller 1977: 2 years apart (listed as approximate)");
  expect_compare("approx. 1975", "1978", DATE_NEAR_2,
                 "listed ~1975, traveller 1978: 3 years apart (listed as approximate)");
  expect_compare("~1975", "1979", DATE_CONFLICT,
                 "listed ~1975, traveller 1979: 4 years apart (listed as approximate)");
  expect_compare("1975", "about 1978", DATE_NEAR_2,
                 "listed 1975, traveller ~1978: 3 years apart (traveller's date approximate)");
  /* Without the marker, 3 years is a conflict. */
  expect_compare("1975", "1978", DATE_CONFLICT, "listed 1975, traveller 1978: 3 years apart");
}

static void compare_conflict(void **state) {
  (void)state;
  expect_compare("1975", "1980", DATE_CONFLICT, "listed 1975, traveller 1980: 5 years apart");
  expect_compare("1975-03-21", "1980-03-21", DATE_CONFLICT,
                 "listed 1975-03-21, traveller 1980-03-21: 5 years apart");
  expect_compare("1975", "1979", DATE_CONFLICT, "listed 1975, traveller 1979: 4 years apart");
  expect_compare("1975-03-21", "1975-07-02", DATE_CONFLICT,
                 "listed 1975-03-21, traveller 1975-07-02: same year, different month");
  expect_compare("Mar 1975", "1975-07-02", DATE_CONFLICT,
                 "listed 1975-03, traveller 1975-07-02: same year, different month");
  expect_compare("1960 to 1962", "1970", DATE_CONFLICT,
                 "listed 1960-1962, traveller 1970: 8 years apart");
}

static void compare_unknown(void **state) {
  zeef_date none = mk(0, 0, 0, 0, D_NONE, 0), y = mk(1975, 1975, 0, 0, YR, 0);
  zeef_date bad = mk(1975, 1975, 0, 0, 42, 0);
  char why[64];
  (void)state;
  assert_int_equal(date_compare(&none, &y, why, sizeof why), DATE_UNKNOWN);
  assert_string_equal(why, "no date of birth on the list");
  assert_int_equal(date_compare(&y, &none, why, sizeof why), DATE_UNKNOWN);
  assert_string_equal(why, "no date of birth for the traveller");
  assert_int_equal(date_compare(&none, &none, why, sizeof why), DATE_UNKNOWN);
  assert_string_equal(why, "no date of birth on either side");
  assert_int_equal(date_compare(NULL, &y, why, sizeof why), DATE_UNKNOWN);
  assert_int_equal(date_compare(&y, NULL, why, sizeof why), DATE_UNKNOWN);
  assert_int_equal(date_compare(&bad, &y, why, sizeof why), DATE_UNKNOWN);
  /* A failed parse leaves a date that compares as unknown. */
  assert_int_equal(zeef_date_parse("abc", 3, &y), ZEEF_E_INVALID);
  assert_int_equal(date_compare(&y, &y, why, sizeof why), DATE_UNKNOWN);
}

static void compare_why_buffers(void **state) {
  zeef_date a = mk(1975, 1975, 3, 21, DAY, 0), b = mk(1975, 1975, 3, 21, DAY, 0);
  char why[8];
  (void)state;
  /* No buffer at all: only the class. */
  assert_int_equal(date_compare(&a, &b, NULL, 0), DATE_MATCH_EXACT);
  assert_int_equal(date_compare(&a, &b, NULL, 64), DATE_MATCH_EXACT);
  /* cap 0 writes nothing. */
  memset(why, 'x', sizeof why);
  assert_int_equal(date_compare(&a, &b, why, 0), DATE_MATCH_EXACT);
  assert_int_equal(why[0], 'x');
  /* A short buffer gets a NUL-terminated prefix. */
  assert_int_equal(date_compare(&a, &b, why, sizeof why), DATE_MATCH_EXACT);
  assert_string_equal(why, "born 19");
  /* Corrupt fields still give a bounded explanation. */
  a = mk(-32768, -32768, 255, 255, RNG, 1);
  b = mk(32767, 32767, 255, 255, DAY, 1);
  {
    char big[256];
    assert_int_equal(date_compare(&a, &b, big, sizeof big), DATE_CONFLICT);
    assert_true(strlen(big) < sizeof big);
  }
}

static void compare_is_symmetric_in_class(void **state) {
  static const char *const dates[] = {"1975-03-21", "1975-03-12", "1975-12-03", "1975-01-01",
                                      "1975-03",    "1975",       "1976",       "~1977",
                                      "1960..1962", "1961",       "1980-07-07", "1975-07"};
  (void)state;
  for (size_t i = 0; i < N(dates); i++)
    for (size_t j = 0; j < N(dates); j++) {
      zeef_date a, b;
      assert_int_equal(zeef_date_parse(dates[i], strlen(dates[i]), &a), ZEEF_OK);
      assert_int_equal(zeef_date_parse(dates[j], strlen(dates[j]), &b), ZEEF_OK);
      assert_int_equal(date_compare(&a, &b, NULL, 0), date_compare(&b, &a, NULL, 0));
      if (i == j) {
        int c = date_compare(&a, &a, NULL, 0);
        assert_true(c == DATE_MATCH_EXACT || c == DATE_MATCH_MONTH || c == DATE_MATCH_YEAR ||
                    c == DATE_MATCH_IN_RANGE);
      }
    }
}

int test_date(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(numeric_forms),
      cmocka_unit_test(day_first_then_american),
      cmocka_unit_test(month_name_forms),
      cmocka_unit_test(placeholders),
      cmocka_unit_test(approximate_markers),
      cmocka_unit_test(ranges),
      cmocka_unit_test(calendar),
      cmocka_unit_test(junk_rejected),
      cmocka_unit_test(junk_rejected_more),
      cmocka_unit_test(input_bounds),
      cmocka_unit_test(no_read_past_len),
      cmocka_unit_test(many_tokens_bounded),
      cmocka_unit_test(format_every_kind),
      cmocka_unit_test(format_small_buffers),
      cmocka_unit_test(round_trips),
      cmocka_unit_test(canonical_text),
      cmocka_unit_test(compare_exact),
      cmocka_unit_test(compare_swapped),
      cmocka_unit_test(compare_placeholder),
      cmocka_unit_test(compare_month),
      cmocka_unit_test(compare_year),
      cmocka_unit_test(compare_in_range),
      cmocka_unit_test(compare_near),
      cmocka_unit_test(compare_approx_widens),
      cmocka_unit_test(compare_conflict),
      cmocka_unit_test(compare_unknown),
      cmocka_unit_test(compare_why_buffers),
      cmocka_unit_test(compare_is_symmetric_in_class),
  };
  th_tests_total += (int)(sizeof tests / sizeof tests[0]);
  return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
