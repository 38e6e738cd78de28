/*
** fuzz_paxlst.c: libFuzzer target for zeef_paxlst_read(), UN/EDIFACT
** PAXLST (Advance Passenger Information sent by carriers). The input is the
** interchange as it is, not NUL terminated. The callback reads every string
** of the message and the person, so AddressSanitizer sees one that is not
** terminated; it asks to stop after (size % 4) persons (0: never), so the
** stop path is run too. Seeds: fuzz/corpus/fuzz_paxlst/, dictionary
** fuzz/fuzz_paxlst.dict (segment tags and qualifiers).
*/
#include "fuzz.h"

typedef struct seen {
  size_t persons, stop_after;
} seen;

static void check_date(const zeef_date *d) {
  FUZZ_CHECK(d->kind <= ZEEF_DATE_RANGE);
  FUZZ_CHECK(d->month <= 12 && d->day <= 31);
}

static void touch_message(const zeef_pax_message *m) {
  fuzz_touch_field(m->reference, sizeof m->reference);
  fuzz_touch_field(m->version, sizeof m->version);
  fuzz_touch_field(m->list_type, sizeof m->list_type);
  fuzz_touch_field(m->sender, sizeof m->sender);
  FUZZ_CHECK(m->nlegs <= ZEEF_PAX_MAX_LEGS);
  for (size_t i = 0; i < m->nlegs; i++) {
    const zeef_pax_leg *l = &m->legs[i];
    fuzz_touch_field(l->carrier, sizeof l->carrier);
    fuzz_touch_field(l->flight, sizeof l->flight);
    fuzz_touch_field(l->departure, sizeof l->departure);
    fuzz_touch_field(l->arrival, sizeof l->arrival);
    fuzz_touch_field(l->departure_time, sizeof l->departure_time);
    fuzz_touch_field(l->arrival_time, sizeof l->arrival_time);
  }
  FUZZ_CHECK(m->nwarnings <= ZEEF_PAX_MAX_WARNINGS);
  for (size_t i = 0; i < m->nwarnings; i++) fuzz_touch_field(m->warnings[i], sizeof m->warnings[i]);
}

static void touch_person(const zeef_pax_person *p) {
  fuzz_touch_field(p->role, sizeof p->role);
  FUZZ_CHECK(p->role_name != NULL);
  fuzz_touch(p->role_name);
  fuzz_touch_field(p->surname, sizeof p->surname);
  fuzz_touch_field(p->given_names, sizeof p->given_names);
  check_date(&p->birth);
  fuzz_touch_field(p->nationality, sizeof p->nationality);
  fuzz_touch_field(p->residence, sizeof p->residence);
  fuzz_touch_field(p->birth_place, sizeof p->birth_place);
  fuzz_touch_field(p->booking, sizeof p->booking);
  FUZZ_CHECK(p->ndocs <= ZEEF_PAX_MAX_DOCS);
  for (size_t i = 0; i < p->ndocs; i++) {
    const zeef_pax_document *d = &p->docs[i];
    fuzz_touch_field(d->type, sizeof d->type);
    fuzz_touch_field(d->number, sizeof d->number);
    fuzz_touch_field(d->country, sizeof d->country);
    check_date(&d->expiry);
  }
  fuzz_touch(p->error);
  FUZZ_CHECK(p->nwarnings <= ZEEF_PAX_MAX_WARNINGS);
  for (size_t i = 0; i < p->nwarnings; i++) fuzz_touch_field(p->warnings[i], sizeof p->warnings[i]);
}

static int on_person(void *ud, const zeef_pax_message *m, const zeef_pax_person *p) {
  seen *s = ud;
  FUZZ_CHECK(m != NULL && p != NULL);
  touch_message(m);
  touch_person(p);
  s->persons++;
  return s->stop_after && s->persons >= s->stop_after;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  seen s = {0, size % 4};
  size_t bad = 0;
  zeef_status rc = zeef_paxlst_read(fuzz_ctx(), (const char *)data, size, on_person, &s, &bad);
  FUZZ_CHECK(rc == ZEEF_OK || rc == ZEEF_E_FORMAT || rc == ZEEF_E_NOMEM);
  /* a call that fails on the whole input (ZEEF_E_FORMAT) has called back
  ** for no person: no callback after a failed call */
  FUZZ_CHECK(rc == ZEEF_OK || s.persons == 0);
  return 0;
}
