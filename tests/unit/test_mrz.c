/*
** test_mrz.c: the ICAO Doc 9303 MRZ reader (src/travel/mrz.c): the three
** ICAO Doc 9303 specimens (state UTO; docs/formats.md, 1) field by field, the check digit,
** every check digit of every specimen corrupted in turn, OCR confusions in
** fields and in check digits, sex, names (truncated, single), two-digit
** years, visas, the liberal reading of lowercase, CRLF, blanks, short and
** long lines and foreign characters, document numbers that overflow into
** the optional data, and what is refused: garbage, empty input, noise.
**
** Every specimen below is a literal whose check digits were computed with
** an independent Python script; where a test builds a new specimen it uses
** cd() below, its own implementation of the check digit, itself checked
** against the literals.
*/
#include "tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The year two-digit years are resolved against, unless a test says. */
#define YEAR 2024

/* The ICAO Doc 9303 specimens (fictitious state UTO; docs/formats.md, 1). */
#define TD3_L1 "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
#define TD3_L2 "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
#define TD2_L1 "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<"
#define TD2_L2 "D231458907UTO7408122F1204159<<<<<<<6"
#define TD1_L1 "I<UTOD231458907<<<<<<<<<<<<<<<"
#define TD1_L2 "7408122F1204159UTO<<<<<<<<<<<6"
#define TD1_L3 "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"
/* Doc 9303 Part 7 visas. */
#define MRVA_L1 "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
#define MRVA_L2 "L8988901C4XXX4009078F96121096ZE184226B<<<<<<"
#define MRVB_L1 "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<"
#define MRVB_L2 "L8988901C4XXX4009078F9612109<<<<<<<<"

static zeef_mrz m;

/* ------------------------------------------------------------- Helpers */

/* The check digit, written independently of the library. */
static char cd(const char *s, size_t n) {
  static const int w[3] = {7, 3, 1};
  int sum = 0;
  for (size_t i = 0; i < n; i++) {
    int v = s[i] == '<' ? 0 : s[i] <= '9' ? s[i] - '0' : s[i] - 'A' + 10;
    sum += w[i % 3] * v;
  }
  return (char)('0' + sum % 10);
}

static zeef_status parse_year(const char *s, int year) {
  return zeef_mrz_parse(s, strlen(s), year, &m);
}

static zeef_status parse(const char *s) { return parse_year(s, YEAR); }

static void dump(void) {
  print_error("  format %s, doc %s/%s, name \"%s\" / \"%s\", number \"%s\"\n",
              zeef_mrz_format_name(m.format), m.doc_code, m.issuer, m.surname, m.given_names,
              m.doc_number);
  for (size_t i = 0; i < m.nchecks; i++)
    print_error("  check %s: found '%c' computed '%c' ok %d suggestion \"%s\"\n", m.checks[i].field,
                m.checks[i].found, m.checks[i].computed, m.checks[i].ok, m.checks[i].suggestion);
  for (size_t i = 0; i < m.nwarnings; i++) print_error("  warning: %s\n", m.warnings[i]);
}

/* Parses s, which must read. */
static void parse_ok_year(const char *s, int year) {
  zeef_status rc = parse_year(s, year);
  if (rc != ZEEF_OK) {
    dump();
    fail_msg("zeef_mrz_parse: %s", zeef_strerror(rc));
  }
}

static void parse_ok(const char *s) { parse_ok_year(s, YEAR); }

/* The check named field, or a failure. */
static const zeef_mrz_check *check(const char *field) {
  for (size_t i = 0; i < m.nchecks; i++)
    if (strcmp(m.checks[i].field, field) == 0) return &m.checks[i];
  dump();
  fail_msg("no check \"%s\"", field);
  return NULL;
}

/* Whether some warning contains sub. */
static int has_warning(const char *sub) {
  for (size_t i = 0; i < m.nwarnings; i++)
    if (strstr(m.warnings[i], sub)) return 1;
  return 0;
}

static void want_warning(const char *sub) {
  if (!has_warning(sub)) {
    dump();
    fail_msg("no warning containing \"%s\"", sub);
  }
}

static void want_no_warnings(void) {
  if (m.nwarnings) {
    dump();
    fail_msg("%zu unexpected warnings", m.nwarnings);
  }
}

/* Every check passes. */
static void want_all_ok(void) {
  for (size_t i = 0; i < m.nchecks; i++)
    if (!m.checks[i].ok) {
      dump();
      fail_msg("check %s fails", m.checks[i].field);
    }
}

/* The checks' ok values, in order, as a string of 0 and 1. */
static void want_oks(const char *oks) {
  char got[ZEEF_MRZ_MAX_CHECKS + 1];
  size_t i;
  for (i = 0; i < m.nchecks; i++) got[i] = m.checks[i].ok ? '1' : '0';
  got[i] = '\0';
  if (strcmp(got, oks) != 0) {
    dump();
    fail_msg("checks ok %s, want %s", got, oks);
  }
}

static void want_date(const zeef_date *d, int kind, int year, int month, int day) {
  if (d->kind != kind || d->year != year || d->year_to != year || d->month != month ||
      d->day != day || d->approx)
    fail_msg("date kind %d %d-%d-%d (to %d); want kind %d %d-%d-%d", d->kind, d->year, d->month,
             d->day, d->year_to, kind, year, month, day);
}

/* Whether the reason for a refusal is warnings[0] and the only warning. */
static void want_format_error(zeef_status rc, const char *reason) {
  if (rc != ZEEF_E_FORMAT || m.nwarnings != 1 || strstr(m.warnings[0], reason) == NULL) {
    dump();
    fail_msg("rc %d (%s), %zu warnings; want ZEEF_E_FORMAT with \"%s\"", rc, zeef_strerror(rc),
             m.nwarnings, reason);
  }
  assert_int_equal(m.nchecks, 0);
  assert_string_equal(zeef_mrz_format_name(m.format), "?");
}

/*
** Builds a TD3 of line 1 l1 into buf (cap at least 96) from its line 2
** fields, every check digit computed with cd().
*/
static void build_td3(char *buf, const char *l1, const char *doc9, const char *nat,
                      const char *birth, char sex, const char *expiry, const char *pn14) {
  char l2[45];
  snprintf(l2, sizeof l2, "%.9s?%.3s%.6s?%c%.6s?%.14s??", doc9, nat, birth, sex, expiry, pn14);
  assert_int_equal(strlen(l2), 44);
  l2[9] = cd(l2, 9);
  l2[19] = cd(l2 + 13, 6);
  l2[27] = cd(l2 + 21, 6);
  l2[42] = cd(l2 + 28, 14);
  {
    char comp[40];
    memcpy(comp, l2, 10);
    memcpy(comp + 10, l2 + 13, 7);
    memcpy(comp + 17, l2 + 21, 22);
    l2[43] = cd(comp, 39);
  }
  snprintf(buf, 96, "%s\n%s", l1, l2);
}

/* A TD3 with the name field name (padded with '<' to 39 characters) and
** the specimen's line 2, in a static buffer. */
static const char *td3_name(const char *name) {
  static char buf[128];
  size_t n;
  n = (size_t)snprintf(buf, sizeof buf, "P<UTO%s", name);
  /* UTF-8 continuation bytes do not count as characters */
  size_t chars = 0;
  for (size_t i = 0; i < n; i++) chars += ((unsigned char)buf[i] & 0xC0) != 0x80;
  for (; chars < 44 && n + 1 < sizeof buf; chars++) buf[n++] = '<';
  snprintf(buf + n, sizeof buf - n, "\n%s", TD3_L2);
  return buf;
}

/* Copies s into buf and changes character i of it to c. */
static const char *with(char *buf, size_t cap, const char *s, size_t i, char c) {
  snprintf(buf, cap, "%s", s);
  assert_true(i < strlen(buf));
  buf[i] = c;
  return buf;
}

/* ----------------------------------------------------------- Check digit */

static void check_digit_of_the_spec_example(void **state) {
  (void)state;
  assert_int_equal(zeef_mrz_check_digit("L898902C3", 9), '6');
  assert_int_equal(zeef_mrz_check_digit("740812", 6), '2');
  assert_int_equal(zeef_mrz_check_digit("120415", 6), '9');
  assert_int_equal(zeef_mrz_check_digit("ZE184226B<<<<<", 14), '1');
  assert_int_equal(zeef_mrz_check_digit("D23145890734", 12), '9');
  assert_int_equal(zeef_mrz_check_digit("<<<<<<<<<", 9), '0');
  assert_int_equal(zeef_mrz_check_digit("", 0), '0');
  assert_int_equal(zeef_mrz_check_digit(NULL, 0), '0');
  /* only len bytes are read */
  assert_int_equal(zeef_mrz_check_digit("L898902C3xyz", 9), '6');
  /* outside the alphabet */
  assert_int_equal(zeef_mrz_check_digit("l898902C3", 9), 0);
  assert_int_equal(zeef_mrz_check_digit("L89890-C3", 9), 0);
  assert_int_equal(zeef_mrz_check_digit("L89\0", 4), 0);
  assert_int_equal(zeef_mrz_check_digit(NULL, 3), 0);
  /* the test helper agrees with the literals and the library */
  assert_int_equal(cd("L898902C3", 9), '6');
  {
    const char *s = TD3_L2 TD2_L2 TD1_L1 MRVA_L2;
    for (size_t n = 0; n <= strlen(s); n++)
      assert_int_equal(cd(s, n), zeef_mrz_check_digit(s, n));
  }
}

static void format_names(void **state) {
  (void)state;
  assert_string_equal(zeef_mrz_format_name(ZEEF_MRZ_TD1), "TD1");
  assert_string_equal(zeef_mrz_format_name(ZEEF_MRZ_TD2), "TD2");
  assert_string_equal(zeef_mrz_format_name(ZEEF_MRZ_TD3), "TD3");
  assert_string_equal(zeef_mrz_format_name(ZEEF_MRZ_MRVA), "MRV-A");
  assert_string_equal(zeef_mrz_format_name(ZEEF_MRZ_MRVB), "MRV-B");
  assert_string_equal(zeef_mrz_format_name((zeef_mrz_format)0), "?");
  assert_string_equal(zeef_mrz_format_name((zeef_mrz_format)99), "?");
}

/* ------------------------------------------------------------- Specimens */

/* The checks of a specimen: names in order, printed and computed. */
static void want_checks(const char *const *names, const char *digits) {
  size_t n = strlen(digits);
  if (m.nchecks != n) {
    dump();
    fail_msg("%zu checks, want %zu", m.nchecks, n);
  }
  for (size_t i = 0; i < n; i++) {
    assert_string_equal(m.checks[i].field, names[i]);
    assert_int_equal(m.checks[i].found, digits[i]);
    assert_int_equal(m.checks[i].computed, digits[i]);
    assert_true(m.checks[i].ok);
    assert_string_equal(m.checks[i].suggestion, "");
  }
}

/* The person of all three specimens. */
static void want_anna(void) {
  assert_string_equal(m.issuer, "UTO");
  assert_string_equal(m.surname, "ERIKSSON");
  assert_string_equal(m.given_names, "ANNA MARIA");
  assert_string_equal(m.name_mrz, "ERIKSSON<<ANNA<MARIA");
  assert_false(m.name_truncated);
  assert_string_equal(m.nationality, "UTO");
  want_date(&m.birth, ZEEF_DATE_DAY, 1974, 8, 12);
  assert_int_equal(m.sex, 'F');
  want_date(&m.expiry, ZEEF_DATE_DAY, 2012, 4, 15);
}

static void specimen_td3(void **state) {
  static const char *const names[] = {"document_number", "birth_date", "expiry_date",
                                      "personal_number", "composite"};
  (void)state;
  parse_ok(TD3_L1 "\n" TD3_L2);
  assert_int_equal(m.format, ZEEF_MRZ_TD3);
  assert_string_equal(zeef_mrz_format_name(m.format), "TD3");
  assert_string_equal(m.doc_code, "P");
  want_anna();
  assert_string_equal(m.doc_number, "L898902C3");
  assert_string_equal(m.optional1, "ZE184226B");
  assert_string_equal(m.optional2, "");
  want_checks(names, "62910");
  want_no_warnings();
}

static void specimen_td2(void **state) {
  static const char *const names[] = {"document_number", "birth_date", "expiry_date", "composite"};
  (void)state;
  parse_ok(TD2_L1 "\n" TD2_L2);
  assert_int_equal(m.format, ZEEF_MRZ_TD2);
  assert_string_equal(m.doc_code, "I");
  want_anna();
  assert_string_equal(m.doc_number, "D23145890");
  assert_string_equal(m.optional1, "");
  assert_string_equal(m.optional2, "");
  want_checks(names, "7296");
  want_no_warnings();
}

static void specimen_td1(void **state) {
  static const char *const names[] = {"document_number", "birth_date", "expiry_date", "composite"};
  (void)state;
  parse_ok(TD1_L1 "\n" TD1_L2 "\n" TD1_L3 "\n");
  assert_int_equal(m.format, ZEEF_MRZ_TD1);
  assert_string_equal(m.doc_code, "I");
  want_anna();
  assert_string_equal(m.doc_number, "D23145890");
  assert_string_equal(m.optional1, "");
  assert_string_equal(m.optional2, "");
  want_checks(names, "7296");
  want_no_warnings();
}

static void td1_optional_data(void **state) {
  (void)state;
  parse_ok("I<UTOD231458907AB12<<<<<<<<<<<\n7408122F1204159UTO<<<<<XYZ<<<6\n" TD1_L3);
  assert_string_equal(m.doc_number, "D23145890");
  assert_string_equal(m.optional1, "AB12");
  assert_string_equal(m.optional2, "XYZ");
  want_all_ok();
  want_no_warnings();
}

/* ---------------------------------------------------- Corrupted checks */

/* Changes each check digit (line, 0-based column) of the MRZ s in turn to
** the next digit: that check fails, and so does the composite when it
** covers that digit (it covers every other check digit). */
static void corrupt_each(const char *s, const size_t *pos, size_t n) {
  char buf[160];
  for (size_t k = 0; k < n; k++) {
    char want[ZEEF_MRZ_MAX_CHECKS + 1];
    char d = s[pos[k]];
    assert_true(d >= '0' && d <= '9');
    with(buf, sizeof buf, s, pos[k], (char)('0' + (d - '0' + 1) % 10));
    assert_int_equal(parse(buf), ZEEF_OK);
    assert_int_equal(m.nchecks, n);
    for (size_t i = 0; i < n; i++) want[i] = i == k || i == n - 1 ? '0' : '1';
    want[n] = '\0';
    want_oks(want);
    assert_int_equal(m.checks[k].found, (char)('0' + (d - '0' + 1) % 10));
    assert_int_equal(m.checks[k].computed, d);
    /* the other fields still read */
    assert_string_equal(m.surname, "ERIKSSON");
  }
}

static void corrupted_checks_td3(void **state) {
  /* L2 columns 10, 20, 28, 43, 44 (1-based), after the 45 bytes of L1 */
  const size_t pos[] = {45 + 9, 45 + 19, 45 + 27, 45 + 42, 45 + 43};
  (void)state;
  corrupt_each(TD3_L1 "\n" TD3_L2, pos, 5);
}

static void corrupted_checks_td2(void **state) {
  const size_t pos[] = {37 + 9, 37 + 19, 37 + 27, 37 + 35};
  (void)state;
  corrupt_each(TD2_L1 "\n" TD2_L2, pos, 4);
}

static void corrupted_checks_td1(void **state) {
  const size_t pos[] = {14, 31 + 6, 31 + 14, 31 + 29};
  (void)state;
  corrupt_each(TD1_L1 "\n" TD1_L2 "\n" TD1_L3, pos, 4);
}

/* --------------------------------------------------------- OCR confusions */

static void ocr_doc_number_o_for_zero(void **state) {
  const zeef_mrz_check *c;
  (void)state;
  parse_ok(TD3_L1 "\nL8989O2C36UTO7408122F1204159ZE184226B<<<<<10");
  assert_string_equal(m.doc_number, "L8989O2C3"); /* as printed */
  want_oks("01110");
  c = check("document_number");
  assert_int_equal(c->found, '6');
  assert_string_equal(c->suggestion, "L898902C3");
  /* the one correction repairs the composite too */
  assert_string_equal(check("composite")->suggestion, "L898902C3");
}

static void ocr_doc_number_digit_for_letter(void **state) {
  (void)state;
  /* AB1234567, check 1, read as A81234567 */
  parse_ok(TD3_L1 "\nA812345671UTO7408122F1204159ZE184226B<<<<<10");
  assert_string_equal(check("document_number")->suggestion, "AB1234567");
  assert_false(check("document_number")->ok);
}

static void ocr_birth_date_o(void **state) {
  const zeef_mrz_check *c;
  (void)state;
  parse_ok(TD3_L1 "\nL898902C36UTO74O8122F1204159ZE184226B<<<<<10");
  /* a date holds digits only: read through the confusion, with a warning */
  want_date(&m.birth, ZEEF_DATE_DAY, 1974, 8, 12);
  want_warning("birth_date '74O812' read as 740812");
  want_oks("10110");
  c = check("birth_date");
  assert_int_equal(c->found, '2');
  assert_int_equal(c->computed, '6');
  assert_string_equal(c->suggestion, "740812");
  assert_string_equal(check("composite")->suggestion, "740812");
}

static void ocr_expiry_date_s_and_b(void **state) {
  char buf[160];
  (void)state;
  /* 120415 read as 12041S: S for 5 */
  parse_ok(with(buf, sizeof buf, TD3_L1 "\n" TD3_L2, 45 + 26, 'S'));
  want_date(&m.expiry, ZEEF_DATE_DAY, 2012, 4, 15);
  assert_string_equal(check("expiry_date")->suggestion, "120415");
  buf[45 + 23] = 'O';
  /* and as 12O41S: two confusions, no single correction */
  parse_ok(buf);
  want_date(&m.expiry, ZEEF_DATE_DAY, 2012, 4, 15);
  assert_false(check("expiry_date")->ok);
  assert_string_equal(check("expiry_date")->suggestion, "");
  assert_string_equal(check("composite")->suggestion, "");
}

static void ocr_two_errors_composite_left_alone(void **state) {
  (void)state;
  parse_ok(TD3_L1 "\nL8989O2C36UTO74O8122F1204159ZE184226B<<<<<10");
  want_oks("00110");
  assert_string_equal(check("document_number")->suggestion, "L898902C3");
  assert_string_equal(check("birth_date")->suggestion, "740812");
  assert_string_equal(check("composite")->suggestion, "");
}

static void ocr_check_digit_itself(void **state) {
  const zeef_mrz_check *c;
  char buf[160];
  (void)state;
  /* the birth date's check 2 printed as Z */
  parse_ok(with(buf, sizeof buf, TD3_L1 "\n" TD3_L2, 45 + 19, 'Z'));
  c = check("birth_date");
  assert_false(c->ok);
  assert_int_equal(c->found, 'Z');
  assert_int_equal(c->computed, '2');
  assert_string_equal(c->suggestion, "");
  want_warning("birth_date check digit 'Z' read as '2'");
  want_date(&m.birth, ZEEF_DATE_DAY, 1974, 8, 12);
  /* the composite's 0 printed as O */
  parse_ok(with(buf, sizeof buf, TD3_L1 "\n" TD3_L2, 45 + 43, 'O'));
  want_oks("11110");
  want_warning("composite check digit 'O' read as '0'");
}

static void ocr_personal_number(void **state) {
  (void)state;
  /* ZE184226B read as 2E184226B */
  parse_ok(TD3_L1 "\nL898902C36UTO7408122F12041592E184226B<<<<<10");
  assert_false(check("personal_number")->ok);
  assert_string_equal(check("personal_number")->suggestion, "ZE184226B");
  assert_string_equal(check("composite")->suggestion, "ZE184226B");
}

/* ------------------------------------------------------- Sex and names */

static void sex_x_flagged(void **state) {
  (void)state;
  parse_ok(TD3_L1 "\nL898902C36UTO7408122X1204159ZE184226B<<<<<10");
  assert_int_equal(m.sex, 'X');
  want_warning("sex 'X'");
  want_all_ok();
}

static void sex_filler_unknown(void **state) {
  (void)state;
  parse_ok(TD3_L1 "\nL898902C36UTO7408122<1204159ZE184226B<<<<<10");
  assert_int_equal(m.sex, 0);
  want_no_warnings();
  want_all_ok();
  parse_ok(TD3_L1 "\nL898902C36UTO7408122M1204159ZE184226B<<<<<10");
  assert_int_equal(m.sex, 'M');
  want_no_warnings();
  parse_ok(TD3_L1 "\nL898902C36UTO7408122Q1204159ZE184226B<<<<<10");
  assert_int_equal(m.sex, 0);
  want_warning("sex 'Q' is not M, F, X or '<'");
}

static void truncated_name_flagged(void **state) {
  (void)state;
  parse_ok("P<UTOERIKSSON<<ANNA<MARIA<KRISTINA<ELISABETH\n" TD3_L2);
  assert_true(m.name_truncated);
  assert_string_equal(m.surname, "ERIKSSON");
  assert_string_equal(m.given_names, "ANNA MARIA KRISTINA ELISABETH");
  assert_string_equal(m.name_mrz, "ERIKSSON<<ANNA<MARIA<KRISTINA<ELISABETH");
  want_all_ok();
  /* TD1: the name on line 3 fills its 30 */
  parse_ok(TD1_L1 "\n" TD1_L2 "\nERIKSSON<<ANNA<MARIA<KRISTINA<");
  assert_false(m.name_truncated);
  parse_ok(TD1_L1 "\n" TD1_L2 "\nERIKSSON<<ANNA<MARIA<KRISTINAE");
  assert_true(m.name_truncated);
  assert_string_equal(m.given_names, "ANNA MARIA KRISTINAE");
}

static void single_name(void **state) {
  (void)state;
  parse_ok(td3_name("ERIKSSON"));
  assert_string_equal(m.surname, "ERIKSSON");
  assert_string_equal(m.given_names, "");
  assert_string_equal(m.name_mrz, "ERIKSSON");
  assert_false(m.name_truncated);
  /* parts of a surname joined by single '<' */
  parse_ok(td3_name("VAN<DER<BERG<<JAN"));
  assert_string_equal(m.surname, "VAN DER BERG");
  assert_string_equal(m.given_names, "JAN");
  /* given names only */
  parse_ok(td3_name("<<ANNA"));
  assert_string_equal(m.surname, "");
  assert_string_equal(m.given_names, "ANNA");
}

static void digit_in_name_warned(void **state) {
  (void)state;
  parse_ok(td3_name("ER1KSSON<<ANNA<MARIA"));
  assert_string_equal(m.surname, "ER1KSSON");
  want_warning("name field has a digit at position 3");
}

/* ---------------------------------------------------------------- Dates */

static void two_digit_years(void **state) {
  char buf[96];
  (void)state;
  /* born 15, expires 44: 2015 and 2044 in 2024 */
  parse_ok_year("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                "X1234567<7UTO1501010M4401018<<<<<<<<<<<<<<08", 2024);
  want_all_ok();
  assert_string_equal(m.doc_number, "X1234567");
  want_date(&m.birth, ZEEF_DATE_DAY, 2015, 1, 1);
  want_date(&m.expiry, ZEEF_DATE_DAY, 2044, 1, 1);
  /* in 2010 a birth in 2015 is in the future, an expiry in 2044 too far */
  parse_ok_year("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                "X1234567<7UTO1501010M4401018<<<<<<<<<<<<<<08", 2010);
  want_date(&m.birth, ZEEF_DATE_DAY, 1915, 1, 1);
  want_date(&m.expiry, ZEEF_DATE_DAY, 1944, 1, 1);
  /* an expiry 21 years ahead is taken for the last century */
  parse_ok_year("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                "X1234567<7UTO1501010M4501011<<<<<<<<<<<<<<08", 2024);
  want_date(&m.expiry, ZEEF_DATE_DAY, 1945, 1, 1);
  /* born this year */
  build_td3(buf, TD3_L1, "X1234567<", "UTO", "240229", 'M', "340228", "<<<<<<<<<<<<<<");
  parse_ok_year(buf, 2024);
  want_all_ok();
  want_date(&m.birth, ZEEF_DATE_DAY, 2024, 2, 29);
  want_date(&m.expiry, ZEEF_DATE_DAY, 2034, 2, 28);
  parse_ok_year(buf, 2023);
  want_date(&m.birth, ZEEF_DATE_DAY, 1924, 2, 29);
  /* the clock's year: a 1974 birth is 1974 in any year before 2074 */
  parse_ok_year(TD3_L1 "\n" TD3_L2, 0);
  want_date(&m.birth, ZEEF_DATE_DAY, 1974, 8, 12);
}

static void unknown_day_and_month(void **state) {
  char buf[96];
  (void)state;
  parse_ok(TD3_L1 "\nL898902C36UTO74<<<<1F1204159ZE184226B<<<<<18");
  want_all_ok();
  want_date(&m.birth, ZEEF_DATE_YEAR, 1974, 0, 0);
  want_no_warnings();
  parse_ok(TD3_L1 "\nL898902C36UTO7408<<7F1204159ZE184226B<<<<<10");
  want_all_ok();
  want_date(&m.birth, ZEEF_DATE_MONTH, 1974, 8, 0);
  /* 00 as some issuers write it */
  build_td3(buf, TD3_L1, "L898902C3", "UTO", "740000", 'F', "120415", "ZE184226B<<<<<");
  parse_ok(buf);
  want_all_ok();
  want_date(&m.birth, ZEEF_DATE_YEAR, 1974, 0, 0);
  /* no date at all */
  build_td3(buf, TD3_L1, "L898902C3", "UTO", "<<<<<<", 'F', "120415", "ZE184226B<<<<<");
  parse_ok(buf);
  want_all_ok();
  assert_int_equal(m.birth.kind, ZEEF_DATE_NONE);
  want_no_warnings();
}

static void impossible_dates_warned(void **state) {
  char buf[96];
  (void)state;
  build_td3(buf, TD3_L1, "L898902C3", "UTO", "741312", 'F', "230229", "ZE184226B<<<<<");
  parse_ok(buf);
  want_all_ok(); /* the checks are right; the dates are not dates */
  assert_int_equal(m.birth.kind, ZEEF_DATE_NONE);
  assert_int_equal(m.expiry.kind, ZEEF_DATE_NONE);
  want_warning("birth_date '741312' is not a date");
  want_warning("expiry_date '230229' is not a date");
}

/* ------------------------------------------------------------ Visas */

static void mrv_a(void **state) {
  static const char *const names[] = {"document_number", "birth_date", "expiry_date"};
  (void)state;
  parse_ok(MRVA_L1 "\n" MRVA_L2);
  assert_int_equal(m.format, ZEEF_MRZ_MRVA);
  assert_string_equal(zeef_mrz_format_name(m.format), "MRV-A");
  assert_string_equal(m.doc_code, "V");
  assert_string_equal(m.surname, "ERIKSSON");
  assert_string_equal(m.given_names, "ANNA MARIA");
  assert_string_equal(m.doc_number, "L8988901C");
  assert_string_equal(m.nationality, "XXX");
  want_date(&m.birth, ZEEF_DATE_DAY, 1940, 9, 7);
  assert_int_equal(m.sex, 'F');
  want_date(&m.expiry, ZEEF_DATE_DAY, 1996, 12, 10);
  assert_string_equal(m.optional1, "");
  assert_string_equal(m.optional2, "6ZE184226B");
  want_checks(names, "489");
  want_no_warnings();
}

static void mrv_b(void **state) {
  static const char *const names[] = {"document_number", "birth_date", "expiry_date"};
  (void)state;
  parse_ok(MRVB_L1 "\n" MRVB_L2);
  assert_int_equal(m.format, ZEEF_MRZ_MRVB);
  assert_string_equal(zeef_mrz_format_name(m.format), "MRV-B");
  assert_string_equal(m.doc_number, "L8988901C");
  assert_string_equal(m.optional2, "");
  want_checks(names, "489");
  want_no_warnings();
}

/* ------------------------------------------------- Liberal reading */

static void lowercase_read_as_uppercase(void **state) {
  (void)state;
  parse_ok("p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<\nl898902c36uto7408122f1204159ze184226b<<<<<10");
  assert_int_equal(m.format, ZEEF_MRZ_TD3);
  want_anna();
  assert_string_equal(m.doc_number, "L898902C3");
  want_all_ok();
  want_no_warnings();
}

static void crlf_blanks_and_bom(void **state) {
  (void)state;
  parse_ok("\r\n  " TD1_L1 "  \r\n\t" TD1_L2 "\r\n" TD1_L3 " \r\n\r\n");
  assert_int_equal(m.format, ZEEF_MRZ_TD1);
  want_anna();
  want_all_ok();
  want_no_warnings();
  parse_ok("\xEF\xBB\xBF" TD2_L1 "\r" TD2_L2 "\r");
  assert_int_equal(m.format, ZEEF_MRZ_TD2);
  want_all_ok();
  want_no_warnings();
  /* not NUL terminated: only len bytes are read */
  {
    char buf[128];
    size_t n = (size_t)snprintf(buf, sizeof buf, "%s\n%s", TD2_L1, TD2_L2);
    buf[n] = 'X';
    assert_int_equal(zeef_mrz_parse(buf, n, YEAR, &m), ZEEF_OK);
    want_all_ok();
  }
}

static void one_line_mrz(void **state) {
  (void)state;
  parse_ok(TD3_L1 TD3_L2);
  assert_int_equal(m.format, ZEEF_MRZ_TD3);
  want_all_ok();
  want_warning("1 line of 88 characters read as 2 lines of 44");
  parse_ok(TD1_L1 TD1_L2 TD1_L3);
  assert_int_equal(m.format, ZEEF_MRZ_TD1);
  want_anna();
  want_all_ok();
}

static void short_and_long_lines(void **state) {
  (void)state;
  /* TD3 line 2 one short: padded, the composite is lost */
  parse_ok(TD3_L1 "\nL898902C36UTO7408122F1204159ZE184226B<<<<<1");
  assert_int_equal(m.format, ZEEF_MRZ_TD3);
  want_warning("line 2 has 43 characters, not 44: padded with '<'");
  want_oks("11110");
  assert_int_equal(check("composite")->found, '<');
  /* TD1 line 3 two long: cut */
  parse_ok(TD1_L1 "\n" TD1_L2 "\n" TD1_L3 "<<");
  want_warning("line 3 has 32 characters, not 30: cut to 30");
  want_all_ok();
  want_anna();
  /* TD2 line 1 two short */
  parse_ok("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<\n" TD2_L2);
  assert_int_equal(m.format, ZEEF_MRZ_TD2);
  want_warning("line 1 has 34 characters, not 36: padded with '<'");
  want_all_ok();
  /* three short: refused */
  want_format_error(parse("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<\n" TD2_L2),
                    "2 lines of 33, 36 characters: not a TD1 (3 x 30), TD2 (2 x 36) or TD3 "
                    "(2 x 44) shape");
}

static void foreign_characters(void **state) {
  (void)state;
  parse_ok("P<UTOERIKSSON<<ANNA-MARIA<<<<<<<<<<<<<<<<<<<\n" TD3_L2);
  want_warning("line 1 column 20: '-' is not an MRZ character, read as '<'");
  assert_string_equal(m.given_names, "ANNA MARIA");
  want_all_ok();
  /* a UTF-8 letter is one character; a space inside a line is foreign */
  parse_ok("P<UTO\xC3\x96RIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE18 226B<<<<<10");
  want_warning("line 1 column 6: '\xC3\x96' is not an MRZ character, read as '<'");
  want_warning("line 2 column 33: ' ' is not an MRZ character, read as '<'");
  assert_string_equal(m.surname, "RIKSSON");
  assert_string_equal(m.optional1, "ZE18 226B");
  /* two on one line */
  parse_ok(td3_name("ERIKSSON<<ANNA-MARIA-KRISTINA"));
  want_warning("line 1: 2 characters are not MRZ characters, read as '<' (column 20 '-', "
               "column 26 '-')");
  assert_string_equal(m.given_names, "ANNA MARIA KRISTINA");
  /* several on one line */
  parse_ok(td3_name(".RIK,SON<<AN\x01" "A<MARI\xFF"));
  want_warning("line 1: 4 characters are not MRZ characters, read as '<' (column 6 '.', "
               "column 10 ',', column 18 0x01, ...)");
}

static void foreign_majority_refused(void **state) {
  (void)state;
  char buf[128];
  memset(buf, '-', 44);
  memcpy(buf, "P<UTO", 5);
  snprintf(buf + 44, sizeof buf - 44, "\n%s", TD3_L2);
  want_format_error(parse(buf), "line 1: 39 of its 44 characters are not MRZ characters: not an MRZ");
  /* a quarter is still read */
  memset(buf + 5, '<', 28);
  parse_ok(buf);
  want_warning("line 1: 11 characters are not MRZ characters");
}

/* ------------------------------------------------ Document number overflow */

static void doc_number_overflow_td1(void **state) {
  (void)state;
  /* Doc 9303 Part 5: D23145890734, check 9 */
  parse_ok("I<UTOD23145890<7349<<<<<<<<<<<\n" TD1_L2 "\n" TD1_L3);
  assert_string_equal(m.doc_number, "D23145890734");
  assert_string_equal(m.optional1, "");
  want_warning("document number overflows into the optional data");
  assert_int_equal(check("document_number")->found, '9');
  want_all_ok();
  /* with optional data after it */
  parse_ok("I<UTOD23145890<7349<AB<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<9\n" TD1_L3);
  assert_string_equal(m.doc_number, "D23145890734");
  assert_string_equal(m.optional1, "AB");
  want_all_ok();
}

static void doc_number_overflow_td2_td3(void **state) {
  (void)state;
  parse_ok(TD2_L1 "\nD23145890<UTO7408122F12041597349<<<2");
  assert_int_equal(m.format, ZEEF_MRZ_TD2);
  assert_string_equal(m.doc_number, "D23145890734");
  assert_string_equal(m.optional2, "");
  want_warning("document number overflows into the optional data");
  want_all_ok();
  parse_ok(TD3_L1 "\nD23145890<UTO7408122F12041597349<<<<<<<<<<57");
  assert_string_equal(m.doc_number, "D23145890734");
  assert_string_equal(m.optional1, "");
  want_all_ok();
  /* no overflow: a short number with a filler check */
  parse_ok(TD2_L1 "\nD2314589<<UTO7408122F12041597349<<<2");
  assert_string_equal(m.doc_number, "D2314589");
  assert_false(has_warning("overflows"));
  assert_false(check("document_number")->ok);
  assert_string_equal(m.optional2, "7349");
}

static void empty_personal_number(void **state) {
  (void)state;
  parse_ok(TD3_L1 "\nL898902C36UTO7408122F1204159<<<<<<<<<<<<<<08");
  want_all_ok();
  assert_string_equal(m.optional1, "");
  assert_int_equal(check("personal_number")->found, '0');
  parse_ok(TD3_L1 "\nL898902C36UTO7408122F1204159<<<<<<<<<<<<<<<8");
  want_all_ok();
  assert_int_equal(check("personal_number")->found, '<');
}

/* ------------------------------------------------------------ Refusals */

static void garbage_refused_with_reason(void **state) {
  (void)state;
  want_format_error(parse("garbage"),
                    "1 line of 7 characters: not a TD1 (3 x 30), TD2 (2 x 36) or TD3 (2 x 44) shape");
  want_format_error(parse(TD1_L1 "\n" TD1_L2 "\n" "ERIKSSON<<ANNA"),
                    "3 lines of 30, 30, 14 characters: not a TD1");
  want_format_error(parse(TD3_L1 "\n" TD2_L2), "2 lines of 44, 36 characters");
  want_format_error(parse(TD1_L1 "\n" TD1_L2), "2 lines of 30, 30 characters");
  want_format_error(parse("a\nb\nc\nd\ne"), "5 lines: not a TD1");
  want_format_error(parse(TD3_L1 "\n" TD3_L2 "\n\n" TD3_L1 "\n" TD3_L2), "4 lines");
}

static void empty_input_refused(void **state) {
  (void)state;
  want_format_error(parse(""), "no MRZ lines");
  want_format_error(zeef_mrz_parse(NULL, 0, YEAR, &m), "no MRZ lines");
  want_format_error(parse(" \r\n\t\n\n"), "no MRZ lines");
}

static void bad_arguments(void **state) {
  (void)state;
  assert_int_equal(zeef_mrz_parse(TD3_L1, 44, YEAR, NULL), ZEEF_E_INVALID);
  assert_int_equal(zeef_mrz_parse(NULL, 5, YEAR, &m), ZEEF_E_INVALID);
  assert_int_equal(m.nwarnings, 1);
  assert_int_equal(zeef_mrz_parse(TD3_L1 "\n" TD3_L2, 89, 1234, &m), ZEEF_E_INVALID);
  want_warning("this_year 1234");
}

/* A small deterministic generator (xorshift32). */
static uint32_t rnd(uint32_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 17;
  *s ^= *s << 5;
  return *s;
}

static void noise_refused(void **state) {
  static char buf[10000];
  uint32_t s = 2463534242u;
  (void)state;
  for (size_t i = 0; i < sizeof buf; i++) buf[i] = (char)(rnd(&s) & 0xFF);
  want_format_error(zeef_mrz_parse(buf, sizeof buf, YEAR, &m), "10000 bytes: longer than any MRZ");
  /* shorter noise is read and refused for its shape */
  for (size_t n = 0; n <= 4096; n += 97) {
    zeef_status rc = zeef_mrz_parse(buf, n, YEAR, &m);
    assert_int_equal(rc, ZEEF_E_FORMAT);
    assert_int_equal(m.nwarnings, 1);
  }
}

/* Mutated specimens, every shape: no crash (under ASan), every result
** within its bounds. */
static void mutations_stay_in_bounds(void **state) {
  static const char *const base[] = {TD3_L1 "\n" TD3_L2, TD2_L1 "\n" TD2_L2,
                                     TD1_L1 "\n" TD1_L2 "\n" TD1_L3, MRVA_L1 "\n" MRVA_L2,
                                     MRVB_L1 "\n" MRVB_L2};
  static const char alphabet[] = "<<<<0O1I2Z5S8BAXM\n\r -\xC3\xA9";
  uint32_t s = 88172645u;
  size_t ok = 0;
  (void)state;
  for (int it = 0; it < 20000; it++) {
    char buf[160];
    const char *b = base[rnd(&s) % 5];
    size_t n = strlen(b), edits = 1 + rnd(&s) % 4;
    memcpy(buf, b, n);
    for (size_t e = 0; e < edits; e++) {
      size_t at = rnd(&s) % (n + 1);
      char c = alphabet[rnd(&s) % (sizeof alphabet - 1)];
      switch (rnd(&s) % 3) {
      case 0: if (at < n) buf[at] = c; break;
      case 1: if (n < sizeof buf - 1) { memmove(buf + at + 1, buf + at, n - at); buf[at] = c; n++; } break;
      default: if (at < n) { memmove(buf + at, buf + at + 1, n - at - 1); n--; } break;
      }
    }
    zeef_status rc = zeef_mrz_parse(buf, n, YEAR, &m);
    assert_true(rc == ZEEF_OK || rc == ZEEF_E_FORMAT);
    assert_true(m.nwarnings <= ZEEF_MRZ_MAX_WARNINGS);
    assert_true(m.nchecks <= ZEEF_MRZ_MAX_CHECKS);
    assert_true(strlen(m.surname) < ZEEF_MRZ_FIELD && strlen(m.doc_number) < ZEEF_MRZ_FIELD);
    for (size_t w = 0; w < m.nwarnings; w++) assert_true(strlen(m.warnings[w]) > 0);
    if (rc == ZEEF_OK) {
      ok++;
      assert_true(m.format >= ZEEF_MRZ_TD1 && m.format <= ZEEF_MRZ_MRVB);
      assert_true(m.nchecks >= 3);
      for (size_t c = 0; c < m.nchecks; c++) {
        assert_true(m.checks[c].computed >= '0' && m.checks[c].computed <= '9');
        assert_true(strlen(m.checks[c].suggestion) < ZEEF_MRZ_FIELD);
        if (m.checks[c].ok) assert_string_equal(m.checks[c].suggestion, "");
      }
    }
  }
  assert_true(ok > 10000); /* most mutations are still read */
}

int test_mrz(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(check_digit_of_the_spec_example),
      cmocka_unit_test(format_names),
      cmocka_unit_test(specimen_td3),
      cmocka_unit_test(specimen_td2),
      cmocka_unit_test(specimen_td1),
      cmocka_unit_test(td1_optional_data),
      cmocka_unit_test(corrupted_checks_td3),
      cmocka_unit_test(corrupted_checks_td2),
      cmocka_unit_test(corrupted_checks_td1),
      cmocka_unit_test(ocr_doc_number_o_for_zero),
      cmocka_unit_test(ocr_doc_number_digit_for_letter),
      cmocka_unit_test(ocr_birth_date_o),
      cmocka_unit_test(ocr_expiry_date_s_and_b),
      cmocka_unit_test(ocr_two_errors_composite_left_alone),
      cmocka_unit_test(ocr_check_digit_itself),
      cmocka_unit_test(ocr_personal_number),
      cmocka_unit_test(sex_x_flagged),
      cmocka_unit_test(sex_filler_unknown),
      cmocka_unit_test(truncated_name_flagged),
      cmocka_unit_test(single_name),
      cmocka_unit_test(digit_in_name_warned),
      cmocka_unit_test(two_digit_years),
      cmocka_unit_test(unknown_day_and_month),
      cmocka_unit_test(impossible_dates_warned),
      cmocka_unit_test(mrv_a),
      cmocka_unit_test(mrv_b),
      cmocka_unit_test(lowercase_read_as_uppercase),
      cmocka_unit_test(crlf_blanks_and_bom),
      cmocka_unit_test(one_line_mrz),
      cmocka_unit_test(short_and_long_lines),
      cmocka_unit_test(foreign_characters),
      cmocka_unit_test(foreign_majority_refused),
      cmocka_unit_test(doc_number_overflow_td1),
      cmocka_unit_test(doc_number_overflow_td2_td3),
      cmocka_unit_test(empty_personal_number),
      cmocka_unit_test(garbage_refused_with_reason),
      cmocka_unit_test(empty_input_refused),
      cmocka_unit_test(bad_arguments),
      cmocka_unit_test(noise_refused),
      cmocka_unit_test(mutations_stay_in_bounds),
  };
  th_tests_total += (int)(sizeof tests / sizeof tests[0]);
  return cmocka_run_group_tests_name("mrz", tests, NULL, NULL);
}
