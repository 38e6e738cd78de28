/*
** fuzz_records.c: libFuzzer target for zeef_records_read(), the traveller
** input of `zeef screen` (CSV with a header, or JSON lines). The first byte
** picks the format, byte % 5: 'A' auto-detect, 'B' CSV, 'C' JSON lines,
** 'D' MRZ, 'E' PAXLST (the last two as far as records.c reads them). A
** byte below 0x80 reads to the end; from 0x80 the callback asks to stop
** after 1 + ((byte >> 5) & 3) records, so the stop path runs too. The rest
** is the input, read through fmemopen() and then again from memory
** (zeef_records_read_buffer): both reads must agree on the status and the
** number of records. Auto-detection also reaches JSON arrays. The callback
** reads every string of every record. One output per record: JSON lines
** give exactly one record per line that is not blank.
** Seeds: fuzz/corpus/fuzz_records/.
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

/* Lines of data[0..n) that the JSON-lines reader does not skip: lines end
** at LF, CR LF or CR; a byte-order mark first is no part of a line; a line
** is blank when nothing is left once its trailing spaces go. */
static size_t jsonl_lines(const uint8_t *d, size_t n) {
  size_t i = n >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF ? 3 : 0, lines = 0;
  while (i < n) {
    size_t start = i, end;
    while (i < n && d[i] != '\n' && d[i] != '\r') i++;
    end = i;
    if (i < n && d[i] == '\r' && i + 1 < n && d[i + 1] == '\n') i++;
    if (i < n) i++;
    while (end > start && d[end - 1] == ' ') end--;
    lines += end > start;
  }
  return lines;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const zeef_input_format formats[5] = {ZEEF_IN_AUTO, ZEEF_IN_CSV, ZEEF_IN_JSONL,
                                               ZEEF_IN_MRZ, ZEEF_IN_PAXLST};
  seen s = {0, 0}, s2;
  zeef_read_error err;
  zeef_input_format fmt;
  zeef_status rc, rc2;
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
  rc = zeef_records_read(fuzz_ctx(), f, fmt, on_record, &s, &err);
  fclose(f);
  FUZZ_CHECK(rc == ZEEF_OK || rc == ZEEF_E_FORMAT || rc == ZEEF_E_IO || rc == ZEEF_E_NOMEM ||
             rc == ZEEF_E_TOOBIG);
  s2 = (seen){0, s.stop_after};
  rc2 = zeef_records_read_buffer(fuzz_ctx(), (const char *)data, size, fmt, on_record, &s2, NULL);
  FUZZ_CHECK(rc2 == rc && s2.records == s.records);
  if (fmt == ZEEF_IN_JSONL && rc == ZEEF_OK && !s.stop_after)
    FUZZ_CHECK(s.records == jsonl_lines(data, size));
  return 0;
}
