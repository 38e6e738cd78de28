/*
** fuzz_records.c: libFuzzer target for zeef_records_read(), the traveller
** input of `zeef screen` (CSV with a header, or JSON lines). The first byte
** picks the format, byte % 5: 'A' auto-detect, 'B' CSV, 'C' JSON lines,
** 'D' MRZ, 'E' PAXLST (the last two as far as records.c reads them). A
** byte below 0x80 reads to the end; from 0x80 the callback asks to stop
** after 1 + ((byte >> 5) & 3) records, so the stop path runs too. The rest
** is the input, read through fmemopen(). The callback reads every string
** of every record. Seeds: fuzz/corpus/fuzz_records/.
*/
#include "fuzz.h"

typedef struct seen {
  size_t records, stop_after;
} seen;

static int on_record(void *ud, const zeef_record *r) {
  seen *s = ud;
  FUZZ_CHECK(r->id != NULL && r->name != NULL);
  fuzz_touch(r->id);
  fuzz_touch(r->name);
  FUZZ_CHECK(r->form <= ZEEF_FORM_MRZ_TRUNCATED);
  FUZZ_CHECK(r->birth.kind <= ZEEF_DATE_RANGE && r->birth.month <= 12 && r->birth.day <= 31);
  fuzz_touch_field(r->nationality, sizeof r->nationality);
  fuzz_touch(r->doc_number);
  fuzz_touch_field(r->doc_country, sizeof r->doc_country);
  fuzz_touch(r->doc_number_alt);
  fuzz_touch(r->error);
  FUZZ_CHECK(r->nwarnings <= ZEEF_RECORD_MAX_WARNINGS);
  for (size_t i = 0; i < r->nwarnings; i++) fuzz_touch_field(r->warnings[i], sizeof r->warnings[i]);
  if (r->mrz) {
    fuzz_touch_field(r->mrz->surname, sizeof r->mrz->surname);
    fuzz_touch_field(r->mrz->given_names, sizeof r->mrz->given_names);
    fuzz_touch_field(r->mrz->doc_number, sizeof r->mrz->doc_number);
  }
  if (r->pax_message) fuzz_touch_field(r->pax_message->reference, sizeof r->pax_message->reference);
  if (r->pax_person) {
    fuzz_touch_field(r->pax_person->surname, sizeof r->pax_person->surname);
    fuzz_touch_field(r->pax_person->given_names, sizeof r->pax_person->given_names);
  }
  s->records++;
  return s->stop_after && s->records >= s->stop_after;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const zeef_input_format formats[5] = {ZEEF_IN_AUTO, ZEEF_IN_CSV, ZEEF_IN_JSONL,
                                               ZEEF_IN_MRZ, ZEEF_IN_PAXLST};
  seen s = {0, 0};
  size_t bad = 0;
  zeef_input_format fmt;
  zeef_status rc;
  FILE *f;
  if (size < 1) return 0;
  fmt = formats[data[0] % 5];
  s.stop_after = data[0] >= 0x80 ? 1 + (size_t)((data[0] >> 5) & 3) : 0;
  data++, size--;
  /* fmemopen() refuses a zero size on older C libraries */
  f = size ? fmemopen((void *)(uintptr_t)data, size, "r") : tmpfile();
  if (!f) {
    perror("fuzz: fmemopen");
    abort();
  }
  rc = zeef_records_read(f, fmt, on_record, &s, &bad);
  fclose(f);
  FUZZ_CHECK(rc == ZEEF_OK || rc == ZEEF_E_FORMAT || rc == ZEEF_E_IO || rc == ZEEF_E_NOMEM);
  return 0;
}
