/*
** fuzz_mrz.c: libFuzzer target for zeef_mrz_parse(), the ICAO Doc 9303
** machine-readable zone (the OCR line of a passport is untrusted input).
** The input is the MRZ text as it is, not NUL terminated. Every text field
** of the result must be NUL terminated within its array and every count
** within its bound; dates must be dates. zeef_mrz_check_digit() is run over
** the same bytes. Seeds: fuzz/corpus/fuzz_mrz/ (the ICAO specimens).
*/
#include "fuzz.h"

static void check_date(const zeef_date *d) {
  FUZZ_CHECK(d->kind <= ZEEF_DATE_RANGE);
  FUZZ_CHECK(d->month <= 12 && d->day <= 31);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  zeef_mrz m;
  zeef_status rc = zeef_mrz_parse((const char *)data, size, 2026, &m);
  char c = zeef_mrz_check_digit((const char *)data, size);
  FUZZ_CHECK(c == 0 || (c >= '0' && c <= '9'));
  FUZZ_CHECK(rc == ZEEF_OK || rc == ZEEF_E_FORMAT);
  fuzz_touch(zeef_mrz_format_name(m.format));
  fuzz_touch_field(m.doc_code, sizeof m.doc_code);
  fuzz_touch_field(m.issuer, sizeof m.issuer);
  fuzz_touch_field(m.surname, sizeof m.surname);
  fuzz_touch_field(m.given_names, sizeof m.given_names);
  fuzz_touch_field(m.name_mrz, sizeof m.name_mrz);
  fuzz_touch_field(m.doc_number, sizeof m.doc_number);
  fuzz_touch_field(m.nationality, sizeof m.nationality);
  fuzz_touch_field(m.optional1, sizeof m.optional1);
  fuzz_touch_field(m.optional2, sizeof m.optional2);
  check_date(&m.birth);
  check_date(&m.expiry);
  FUZZ_CHECK(m.nchecks <= ZEEF_MRZ_MAX_CHECKS);
  for (size_t i = 0; i < m.nchecks; i++) {
    FUZZ_CHECK(m.checks[i].field != NULL);
    fuzz_touch(m.checks[i].field);
    fuzz_touch_field(m.checks[i].suggestion, sizeof m.checks[i].suggestion);
  }
  FUZZ_CHECK(m.nwarnings <= ZEEF_MRZ_MAX_WARNINGS);
  for (size_t i = 0; i < m.nwarnings; i++) fuzz_touch_field(m.warnings[i], sizeof m.warnings[i]);
  return 0;
}
