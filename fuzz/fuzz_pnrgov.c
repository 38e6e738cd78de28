/*
** fuzz_pnrgov.c: libFuzzer target for zeef_pnrgov_read(), UN/EDIFACT
** PNRGOV (bookings airlines push to states). The input is the interchange
** as it is, not NUL terminated. The callback reads every string of the
** booking, its travellers and their documents, its legs, contacts and
** payments, so AddressSanitizer sees one that is not terminated; it checks
** every count against its ZEEF_PNR_MAX_* bound and every date for a sane
** kind, month and day; it asks to stop after (size % 4) bookings (0:
** never), so the stop path is run too. Seeds: fuzz/corpus/fuzz_pnrgov/,
** dictionary fuzz/fuzz_pnrgov.dict (segment tags, codes and separators).
*/
#include "fuzz.h"

typedef struct seen {
  size_t pnrs, stop_after;
} seen;

static void check_date(const zeef_date *d) {
  FUZZ_CHECK(d->kind <= ZEEF_DATE_RANGE);
  FUZZ_CHECK(d->month <= 12 && d->day <= 31);
}

static void check_gender(char g) { FUZZ_CHECK(g == 0 || g == 'M' || g == 'F' || g == 'X'); }

static void touch_doc(const zeef_pnr_doc *d) {
  fuzz_touch_field(d->type, sizeof d->type);
  fuzz_touch_field(d->issuer, sizeof d->issuer);
  fuzz_touch_field(d->nationality, sizeof d->nationality);
  fuzz_touch_field(d->number, sizeof d->number);
  check_date(&d->birth);
  check_date(&d->expiry);
  check_gender(d->gender);
  fuzz_touch_field(d->surname, sizeof d->surname);
  fuzz_touch_field(d->given_names, sizeof d->given_names);
}

static void touch_traveller(const zeef_pnr_traveller *t) {
  fuzz_touch_field(t->surname, sizeof t->surname);
  fuzz_touch_field(t->given_names, sizeof t->given_names);
  fuzz_touch_field(t->ref, sizeof t->ref);
  fuzz_touch_field(t->frequent_flyer, sizeof t->frequent_flyer);
  fuzz_touch_field(t->seat, sizeof t->seat);
  FUZZ_CHECK(t->bags >= -1);
  FUZZ_CHECK(t->ndocs <= ZEEF_PNR_MAX_DOCS);
  for (size_t i = 0; i < t->ndocs; i++) touch_doc(&t->docs[i]);
}

static void touch_leg(const zeef_pnr_leg *l) {
  fuzz_touch_field(l->carrier, sizeof l->carrier);
  fuzz_touch_field(l->operating, sizeof l->operating);
  fuzz_touch_field(l->flight, sizeof l->flight);
  fuzz_touch_field(l->operating_flight, sizeof l->operating_flight);
  fuzz_touch_field(l->booking_class, sizeof l->booking_class);
  fuzz_touch_field(l->origin, sizeof l->origin);
  fuzz_touch_field(l->destination, sizeof l->destination);
  fuzz_touch_field(l->departure, sizeof l->departure);
  fuzz_touch_field(l->arrival, sizeof l->arrival);
  fuzz_touch_field(l->status, sizeof l->status);
}

static void touch_contact(const zeef_pnr_contact *c) {
  fuzz_touch_field(c->kind, sizeof c->kind);
  FUZZ_CHECK(strcmp(c->kind, "address") == 0 || strcmp(c->kind, "phone") == 0 ||
             strcmp(c->kind, "email") == 0);
  fuzz_touch_field(c->value, sizeof c->value);
}

static void touch_payment(const zeef_pnr_payment *f) {
  fuzz_touch_field(f->type, sizeof f->type);
  fuzz_touch_field(f->vendor, sizeof f->vendor);
  fuzz_touch_field(f->card, sizeof f->card);
  fuzz_touch_field(f->amount, sizeof f->amount);
  fuzz_touch_field(f->payer, sizeof f->payer);
}

static void touch_pnr(const zeef_pnr *p) {
  fuzz_touch_field(p->message, sizeof p->message);
  fuzz_touch_field(p->version, sizeof p->version);
  fuzz_touch_field(p->sender, sizeof p->sender);
  fuzz_touch_field(p->flight, sizeof p->flight);
  fuzz_touch_field(p->locator, sizeof p->locator);
  fuzz_touch_field(p->system, sizeof p->system);
  fuzz_touch_field(p->locators, sizeof p->locators);
  fuzz_touch_field(p->created, sizeof p->created);
  fuzz_touch_field(p->booked, sizeof p->booked);
  fuzz_touch_field(p->ticketed, sizeof p->ticketed);
  fuzz_touch_field(p->agency, sizeof p->agency);
  FUZZ_CHECK(p->ntravellers <= ZEEF_PNR_MAX_TRAVELLERS);
  for (size_t i = 0; i < p->ntravellers; i++) touch_traveller(&p->travellers[i]);
  FUZZ_CHECK(p->nlegs <= ZEEF_PNR_MAX_LEGS);
  for (size_t i = 0; i < p->nlegs; i++) touch_leg(&p->legs[i]);
  FUZZ_CHECK(p->ncontacts <= ZEEF_PNR_MAX_CONTACTS);
  for (size_t i = 0; i < p->ncontacts; i++) touch_contact(&p->contacts[i]);
  FUZZ_CHECK(p->npayments <= ZEEF_PNR_MAX_PAYMENTS);
  for (size_t i = 0; i < p->npayments; i++) touch_payment(&p->payments[i]);
  fuzz_touch_field(p->ticket, sizeof p->ticket);
  FUZZ_CHECK(p->nwarnings <= ZEEF_PNR_MAX_WARNINGS);
  for (size_t i = 0; i < p->nwarnings; i++) fuzz_touch_field(p->warnings[i], sizeof p->warnings[i]);
}

static int on_pnr(void *ud, const zeef_pnr *p) {
  seen *s = ud;
  FUZZ_CHECK(p != NULL);
  touch_pnr(p);
  s->pnrs++;
  return s->stop_after && s->pnrs >= s->stop_after;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  seen s = {0, size % 4};
  size_t bad = 0;
  zeef_status rc = zeef_pnrgov_read(fuzz_ctx(), (const char *)data, size, on_pnr, &s, &bad);
  FUZZ_CHECK(rc == ZEEF_OK || rc == ZEEF_E_FORMAT || rc == ZEEF_E_NOMEM);
  /* a call that fails on the whole input (ZEEF_E_FORMAT) has called back
  ** for no booking: no callback after a failed call */
  FUZZ_CHECK(rc == ZEEF_OK || s.pnrs == 0);
  /* a stop asked for is honoured: no booking after it */
  FUZZ_CHECK(!s.stop_after || s.pnrs <= s.stop_after);
  return 0;
}
