/*
** traveller.c: a record as read (travel/records.c) becomes a traveller to
** screen. Every front end goes through here, so that a CSV row, a JSON
** object, an MRZ, a PAXLST person and a yente query are screened on the
** same facts: the name analysed in the record's form (an MRZ name field in
** MRZ order, a cut-short one as a prefix), the birth date, nationality,
** gender, and the document number with its corrected reading.
*/
#include "../internal.h"

#include <string.h>

zeef_status zeef_traveller_from_record(const zeef_ctx *ctx, const zeef_record *r,
                                       zeef_traveller *t) {
  zeef_name *name = NULL;
  zeef_status rc;
  if (!t) return ZEEF_E_INVALID;
  memset(t, 0, sizeof *t);
  if (!ctx || !r || r->error || !r->name) return ZEEF_E_INVALID;
  /* no name but a document: screened on the documents alone */
  if (!r->name[0] && (r->doc_number || r->doc_number_alt)) name = NULL;
  else if ((rc = zeef_name_analyze(ctx, r->name, strlen(r->name), r->form, &name)) != ZEEF_OK)
    return rc;
  t->name = name;
  t->birth = r->birth;
  memcpy(t->nationality, r->nationality, sizeof t->nationality);
  t->gender = r->gender;
  t->doc_number = r->doc_number;
  t->doc_number_alt = r->doc_number_alt;
  memcpy(t->doc_country, r->doc_country, sizeof t->doc_country);
  return ZEEF_OK;
}

void zeef_traveller_clear(zeef_traveller *t) {
  if (!t) return;
  zeef_name_free((zeef_name *)(uintptr_t)t->name); /* made by zeef_traveller_from_record */
  memset(t, 0, sizeof *t);
}
