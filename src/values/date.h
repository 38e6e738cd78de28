/*
** date.h: the date module's limits and the comparison of two dates of birth
** as evidence (date.c). The parser and formatter are public (zeef.h,
** "Dates"); what is here is for the evidence scorer. Prefix date_.
*/
#ifndef ZEEF_DATE_H
#define ZEEF_DATE_H

#include "zeef.h"

#include <stddef.h>

/* ---------------------------------------------------------------- Limits */

/* Longest input zeef_date_parse() reads (bytes, spaces included). The
** longest form, "approximately 21 September 1975" with some spacing, fits
** well; anything longer is not a date. */
#define DATE_MAX_INPUT 64
/* Years a date may carry. */
#define DATE_YEAR_MIN 1800
#define DATE_YEAR_MAX 2100
/* Widest range accepted (year_to - year). */
#define DATE_RANGE_MAX_YEARS 30
/* Tokens (numbers, words, punctuation) in one date; the longest form,
** "~ between 1960 and 1962" or "~ 21 - 03 - 1975", has six. */
#define DATE_MAX_TOKENS 12
/* Longest word read ("approximately"). */
#define DATE_WORD_MAX 13
/* Bytes that hold any zeef_date_format() output with its NUL, whatever the
** struct holds ("~-32768..-32768"). */
#define DATE_TEXT_MAX 24

/* --------------------------------------------------------------- Parsing */

/* What a date written as three numbers (05/02/1970) says of its order. */
#define DATE_ORDER_DAY_FIRST 1   /* only day first makes a date (31/12/1970) */
#define DATE_ORDER_MONTH_FIRST 2 /* only month first does (12/31/1970) */
#define DATE_ORDER_EITHER 3      /* both do, differently (05/02/1970) */

/* zeef_date_parse(), with a date of three numbers read month first when
** month_first is set (day first otherwise) unless only the other order
** makes a date; *order (may be NULL) gets what the date says of its order
** (DATE_ORDER_*, or 0: another form, or day and month the same). */
zeef_status date_parse_order(const char *s, size_t len, int month_first, zeef_date *d, int *order);

/* -------------------------------------------------------------- Calendar */

/* Days in month m (1-12) of year y, Gregorian. */
int date_days_in_month(int y, int m);

/* The current year (UTC) by the clock. */
int date_clock_year(void);

/* Years a travel document's expiry may lie ahead of the current year. */
#define DATE_EXPIRY_AHEAD 20

/* The full year of the two-digit year yy (0-99) a travel document prints
** (MRZ, PAXLST): a birth year (birth set) is not after this_year; an expiry
** lies at most DATE_EXPIRY_AHEAD years after it. */
int date_full_year(int yy, int birth, int this_year);

/* ------------------------------------------------------------ Comparison */

/* How a listed date of birth and a traveller's agree, strongest first. */
enum date_match {
  DATE_UNKNOWN = 0,       /* either side has no date */
  DATE_MATCH_EXACT,       /* same day */
  DATE_MATCH_SWAPPED,     /* same year, day and month swapped (both <= 12) */
  DATE_MATCH_PLACEHOLDER, /* same year; one side is 1 January, a common
                          ** stand-in for an unknown day, the other not */
  DATE_MATCH_MONTH,       /* same year and month (days unknown on one side,
                          ** or different) */
  DATE_MATCH_YEAR,        /* same year, one side gives the year only */
  DATE_MATCH_IN_RANGE,    /* a year within a range on the other side */
  DATE_NEAR_1,            /* years one apart */
  DATE_NEAR_2,            /* years two apart */
  DATE_CONFLICT           /* anything else: 3 or more years apart, or the same
                          ** year with different months */
};

/* Grades how the listed date list and the traveller's date query agree
** (enum date_match). The classes are tried in order:
**
**   either side NONE (or NULL)                   DATE_UNKNOWN
**   a range on either side, years overlap        DATE_MATCH_IN_RANGE
**   different years (nearest ends of ranges):    DATE_NEAR_1, DATE_NEAR_2
**     gap 1, 2, more; an approximate date on     or DATE_CONFLICT
**     either side narrows a gap of 2 or more by
**     one year (never below DATE_NEAR_1)
**   same year, both full dates, same day         DATE_MATCH_EXACT
**   same year, both full dates, day and month    DATE_MATCH_SWAPPED
**     swapped
**   same year, one side 1 January, other not     DATE_MATCH_PLACEHOLDER
**   same year, both give the month and agree     DATE_MATCH_MONTH
**   same year, one side gives the year only      DATE_MATCH_YEAR
**   same year, months differ                     DATE_CONFLICT
**
** why (cap bytes; may be NULL when cap is 0) receives a short English
** explanation, NUL terminated and cut to fit when cap > 0, such as "listed
** 1960-1962; traveller born 1961". Allocates nothing. */
int date_compare(const zeef_date *list, const zeef_date *query, char *why,
                 size_t cap);

#endif
