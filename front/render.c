/*
** render.c: one traveller record in, its screening and its JSON object
** out, the shape `zeef screen` prints and `zeef serve` answers with:
**   {"id", "line", "status", "error", "warnings", "hits", "source"?}
** Everything a hit says comes from the library as data (zeef_evidence,
** zeef_explain_pair()): the "explanation" lines, the "evidence" items and
** the "name_parts" are three views of the same facts, and nothing here
** parses text the library wrote.
*/
#include "front.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *fe_status_name(fe_status st) {
  return st == FE_ALERT ? "alert" : st == FE_ERROR ? "error" : "clear";
}

void fe_screen_record(const fe_screening *s, const zeef_record *r, zeef_hit *hits,
                      fe_result *out) {
  zeef_status rc;
  memset(out, 0, sizeof *out);
  out->record = r;
  out->hits = hits;
  out->error = r->error;
  if (!out->error && (rc = zeef_traveller_from_record(s->ctx, r, &out->traveller)) != ZEEF_OK) {
    snprintf(out->errbuf, sizeof out->errbuf, "name cannot be screened: %s", zeef_strerror(rc));
    out->error = out->errbuf;
  }
  if (!out->error &&
      zeef_screen(s->scr, &out->traveller, s->min_score, hits, s->limit, &out->nhits) != ZEEF_OK)
    out->error = "screening failed: out of memory";
  if (out->error) {
    out->status = FE_ERROR;
    out->nhits = 0;
    return;
  }
  for (size_t i = 0; i < out->nhits; i++)
    if (hits[i].score >= s->threshold) out->status = FE_ALERT;
  if (s->rules && r->pnr && r->pnr_traveller) {
    out->rules = s->rules;
    out->nrules = zeef_rules_eval(s->rules, r->pnr, (size_t)(r->pnr_traveller - r->pnr->travellers),
                                  out->rule_hits, FE_RULE_HITS);
    if (out->nrules) out->status = FE_ALERT; /* of kind rule: reviewed like any other */
  }
}

json_t *fe_rule_hits_json(const fe_screening *s, const fe_result *res) {
  json_t *a = json_array();
  for (size_t i = 0; a && i < res->nrules && i < FE_RULE_HITS; i++) {
    const zeef_rule_hit *h = &res->rule_hits[i];
    json_array_append_new(
        a, json_pack("{s:s, s:s, s:s, s:s}", "kind", "rule", "id", zeef_rule_id(s->rules, h->rule),
                     "description", zeef_rule_description(s->rules, h->rule), "explanation", h->explanation));
  }
  return a;
}

void fe_result_clear(fe_result *out) {
  if (out) zeef_traveller_clear(&out->traveller);
}

/* ----------------------------------------------------------------- Hits */

json_t *fe_evidence_json(const zeef_hit *h) {
  json_t *a = json_array();
  for (size_t i = 0; a && i < h->nevidence; i++) {
    const zeef_evidence *e = &h->evidence[i];
    json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:f, s:s}", "feature",
                                       zeef_evidence_kind_name(e->kind), "traveller", e->traveller,
                                       "listed", e->listed, "weight", e->weight, "text", e->text));
  }
  return a;
}

json_t *fe_name_parts_json(const zeef_screener *scr, const zeef_name *q, const zeef_hit *h) {
  json_t *a = json_array();
  const zeef_name *en = zeef_screener_hit_name(scr, h);
  zeef_pair_text pt;
  for (size_t i = 0; a && en && i < h->match.npairs; i++) {
    const zeef_pair *p = &h->match.pairs[i];
    if (zeef_explain_pair(q, en, p, &pt) != ZEEF_OK) continue;
    json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:f, s:f, s:s}", "match",
                                       zeef_pair_kind_text(p->kind), "traveller", pt.a, "listed",
                                       pt.b, "similarity", p->similarity, "weight", p->weight,
                                       "text", pt.text));
  }
  return a;
}

/* The explanation lines of a hit: each piece of evidence with its weight,
** then the name alignment pair by pair. */
static json_t *explanation(const zeef_screener *scr, const zeef_name *q, const zeef_hit *h) {
  json_t *arr = json_array();
  const zeef_name *en = zeef_screener_hit_name(scr, h);
  zeef_pair_text pt;
  for (size_t i = 0; arr && i < h->nevidence; i++) {
    char line[ZEEF_EVIDENCE_TEXT + 32];
    snprintf(line, sizeof line, "%s (%+.1f)", h->evidence[i].text, h->evidence[i].weight);
    json_array_append_new(arr, json_string(line));
  }
  for (size_t i = 0; arr && en && i < h->match.npairs; i++)
    if (zeef_explain_pair(q, en, &h->match.pairs[i], &pt) == ZEEF_OK && pt.text[0])
      json_array_append_new(arr, json_string(pt.text));
  return arr;
}

/* What the list says of the entity, beside the traveller's facts. */
static json_t *listed_json(const zeef_entity *e) {
  json_t *o = json_object(), *dates = json_array(), *nats = json_array(), *docs = json_array();
  char buf[32];
  for (size_t i = 0; i < e->ndates; i++)
    if (zeef_date_format(&e->dates[i], buf, sizeof buf) < sizeof buf && buf[0])
      json_array_append_new(dates, json_string(buf));
  for (size_t i = 0; i < e->nnationalities; i++) json_array_append_new(nats, json_string(e->nationalities[i]));
  for (size_t i = 0; i < e->ndocs; i++)
    if (e->docs[i].number && *e->docs[i].number) json_array_append_new(docs, json_string(e->docs[i].number));
  json_object_set_new(o, "birth_dates", dates);
  json_object_set_new(o, "nationalities", nats);
  if (e->gender) json_object_set_new(o, "gender", json_stringn(&e->gender, 1));
  json_object_set_new(o, "documents", docs);
  if (e->programs && *e->programs) json_object_set_new(o, "programs", json_string(e->programs));
  if (e->listed_on[0]) json_object_set_new(o, "listed_on", json_string(e->listed_on));
  return o;
}

static json_t *hit_json(const fe_screening *s, const zeef_name *q, const zeef_hit *h) {
  const zeef_entity *e = zeef_list_entity(h->list, h->entity);
  return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:b, s:s, s:o, s:o, s:o, s:o}", "list",
                   zeef_list_name(h->list), "list_version", zeef_list_version(h->list), "entity_id",
                   e->id, "name", e->names[0], "matched_name", e->names[h->name],
                   "matched_name_quality",
                   zeef_name_quality_text((zeef_name_quality)e->name_quality[h->name]), "score",
                   h->score, "name_score", h->name_score, "alert", h->score >= s->threshold, "band",
                   zeef_band_name(zeef_hit_band(h, s->threshold)), "explanation", explanation(s->scr, q, h),
                   "evidence", fe_evidence_json(h), "name_parts", fe_name_parts_json(s->scr, q, h), "listed",
                   listed_json(e));
}

/* The traveller as screened: the name (and its romanisation when it is not
** written in Latin letters) and the facts read, for a reviewer and a report
** to set beside the listed person's. */
static json_t *traveller_json(const fe_result *res) {
  const zeef_record *r = res->record;
  json_t *t = json_object();
  char buf[32];
  json_object_set_new(t, "name", json_string(r->name ? r->name : ""));
  if (res->traveller.name && zeef_name_script(res->traveller.name) != ZEEF_SCRIPT_LATIN &&
      zeef_name_script(res->traveller.name) != ZEEF_SCRIPT_UNKNOWN) {
    char latin[512];
    size_t k = 0;
    zeef_token_info ti;
    latin[0] = 0;
    for (size_t i = 0; i < zeef_name_token_count(res->traveller.name); i++)
      if (zeef_name_token(res->traveller.name, i, &ti) == ZEEF_OK && ti.latin && k + strlen(ti.latin) + 2 < sizeof latin)
        k += (size_t)snprintf(latin + k, sizeof latin - k, "%s%s", k ? " " : "", ti.latin);
    if (k) json_object_set_new(t, "latin", json_string(latin));
  }
  if (r->birth.kind != ZEEF_DATE_NONE && zeef_date_format(&r->birth, buf, sizeof buf) < sizeof buf)
    json_object_set_new(t, "birth_date", json_string(buf));
  if (r->nationality[0]) json_object_set_new(t, "nationality", json_string(r->nationality));
  if (r->gender) json_object_set_new(t, "gender", json_stringn(&r->gender, 1));
  if (r->doc_number) json_object_set_new(t, "document_number", json_string(r->doc_number));
  return t;
}

json_t *fe_result_json(const fe_screening *s, const fe_result *res) {
  const zeef_record *r = res->record;
  json_t *out = json_object(), *warnings = json_array(), *hits = json_array(), *src;
  if (!out || !warnings || !hits) {
    json_decref(out);
    json_decref(warnings);
    json_decref(hits);
    return NULL;
  }
  for (size_t i = 0; i < r->nwarnings; i++) json_array_append_new(warnings, json_string(r->warnings[i]));
  for (size_t i = 0; i < res->nhits; i++)
    json_array_append_new(hits, hit_json(s, res->traveller.name, &res->hits[i]));
  json_object_set_new(out, "id", json_string(r->id));
  json_object_set_new(out, "line", json_integer((json_int_t)r->line));
  json_object_set_new(out, "status", json_string(fe_status_name(res->status)));
  json_object_set_new(out, "error", res->error ? json_string(res->error) : json_null());
  json_object_set_new(out, "traveller", traveller_json(res));
  json_object_set_new(out, "warnings", warnings);
  json_object_set_new(out, "hits", hits);
  if (res->nrules) json_object_set_new(out, "rules", fe_rule_hits_json(s, res));
  if ((src = fe_source_json(r)) != NULL) json_object_set_new(out, "source", src);
  if (s->screened_with) json_object_set(out, "screened_with", s->screened_with);
  return out;
}

json_t *fe_list_json(const zeef_list *l) {
  json_t *notes = json_array();
  for (size_t k = 0; k < zeef_list_note_count(l); k++) json_array_append_new(notes, json_string(zeef_list_note(l, k)));
  return json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:o}", "name", zeef_list_name(l), "format",
                   zeef_list_format_name(zeef_list_get_format(l)), "version", zeef_list_version(l), "published",
                   zeef_list_published(l), "sha256", zeef_list_digest(l), "entities", (json_int_t)zeef_list_count(l),
                   "notes", notes);
}

json_t *fe_screened_with(zeef_list *const *lists, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; a && i < n; i++)
    json_array_append_new(a, json_pack("{s:s, s:s, s:s#}", "name", zeef_list_name(lists[i]), "version",
                                       zeef_list_version(lists[i]), "sha256", zeef_list_digest(lists[i]),
                                       (int)16));
  return a ? json_pack("{s:s, s:o}", "model", ZEEF_MODEL_VERSION, "lists", a) : NULL;
}

void fe_result_write_json(const fe_screening *s, const fe_result *res, fe_buf *out) {
  json_t *o = fe_result_json(s, res);
  char *txt = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4)) : NULL;
  if (txt) fe_buf_add(out, txt, strlen(txt));
  else /* out of memory: the record still has its line */
    fe_buf_printf(out, "{\"id\":null,\"line\":%zu,\"status\":\"error\",\"error\":\"out of memory\"}",
                  res->record->line);
  free(txt);
  json_decref(o);
}

/* --------------------------------------------------------------- Sources */

static json_t *date_json(const zeef_date *d) {
  char buf[32];
  if (d->kind == ZEEF_DATE_NONE) return json_null();
  zeef_date_format(d, buf, sizeof buf);
  return json_string(buf);
}

static json_t *str_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }

static json_t *warnings_json(const char (*w)[256], size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; a && i < n; i++) json_array_append_new(a, json_string(w[i]));
  return a;
}

json_t *fe_mrz_json(const zeef_mrz *m) {
  json_t *checks = json_array();
  int valid = 1;
  char sex[2] = {m->sex, 0};
  for (size_t i = 0; checks && i < m->nchecks; i++) {
    const zeef_mrz_check *c = &m->checks[i];
    char found[2] = {c->found, 0}, computed[2] = {c->computed, 0};
    json_t *o = json_pack("{s:s, s:b, s:s, s:s}", "field", c->field, "ok", c->ok, "found", found,
                          "computed", computed);
    if (!c->ok) valid = 0;
    if (o && c->suggestion[0]) json_object_set_new(o, "suggestion", json_string(c->suggestion));
    json_array_append_new(checks, o);
  }
  return json_pack(
      "{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o}",
      "type", "mrz", "format", zeef_mrz_format_name(m->format), "document_code", m->doc_code,
      "issuer", m->issuer, "surname", m->surname, "given_names", m->given_names, "name_truncated",
      m->name_truncated, "document_number", m->doc_number, "nationality", m->nationality,
      "birth_date", date_json(&m->birth), "sex", m->sex ? json_string(sex) : json_null(),
      "expiry_date", date_json(&m->expiry), "optional_data",
      json_pack("[s, s]", m->optional1, m->optional2), "checks", checks, "valid", valid,
      "warnings", warnings_json(m->warnings, m->nwarnings), "name_field", json_string(m->name_mrz));
}

static json_t *legs_json(const zeef_pax_message *m) {
  json_t *a = json_array();
  for (size_t i = 0; a && i < m->nlegs; i++) {
    const zeef_pax_leg *l = &m->legs[i];
    json_array_append_new(
        a, json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "carrier", str_or_null(l->carrier), "flight",
                     str_or_null(l->flight), "departure", str_or_null(l->departure), "arrival",
                     str_or_null(l->arrival), "departure_time", str_or_null(l->departure_time),
                     "arrival_time", str_or_null(l->arrival_time)));
  }
  return a;
}

json_t *fe_pax_json(const zeef_pax_message *m, const zeef_pax_person *p) {
  json_t *docs = json_array();
  char gender[2] = {p->gender, 0};
  for (size_t i = 0; docs && i < p->ndocs; i++) {
    const zeef_pax_document *d = &p->docs[i];
    json_array_append_new(docs, json_pack("{s:s, s:s, s:o, s:o}", "type", d->type, "number",
                                          d->number, "country", str_or_null(d->country),
                                          "expiry_date", date_json(&d->expiry)));
  }
  return json_pack(
      "{s:s, s:o, s:o, s:o, s:o, s:o, s:i, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, "
      "s:o, s:o, s:o}",
      "type", "paxlst", "message", str_or_null(m->reference), "version", str_or_null(m->version),
      "list_type", str_or_null(m->list_type), "list_function", str_or_null(m->function), "sender",
      str_or_null(m->sender), "segment", (json_int_t)p->segment, "role", p->role, "role_name",
      p->role_name, "surname", p->surname, "given_names", p->given_names, "birth_date",
      date_json(&p->birth), "gender", p->gender ? json_string(gender) : json_null(), "nationality",
      str_or_null(p->nationality), "residence", str_or_null(p->residence), "birth_place",
      str_or_null(p->birth_place), "booking", str_or_null(p->booking), "documents", docs,
      "flights", legs_json(m), "message_warnings", warnings_json(m->warnings, m->nwarnings));
}

static json_t *pnr_doc_json(const zeef_pnr_doc *d) {
  char g[2] = {d->gender, 0};
  return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:o, s:s, s:s}", "type", d->type, "number", d->number,
                   "issuer", d->issuer, "nationality", d->nationality, "birth_date", date_json(&d->birth),
                   "gender", d->gender ? json_string(g) : json_null(), "infant", d->infant, "expiry_date",
                   date_json(&d->expiry), "surname", d->surname, "given_names", d->given_names);
}

json_t *fe_pnr_json(const zeef_pnr *p) {
  json_t *tr = json_array(), *legs = json_array(), *contacts = json_array(), *pay = json_array(),
         *w = json_array();
  for (size_t i = 0; tr && i < p->ntravellers; i++) {
    const zeef_pnr_traveller *t = &p->travellers[i];
    json_t *docs = json_array();
    for (size_t k = 0; docs && k < t->ndocs; k++) json_array_append_new(docs, pnr_doc_json(&t->docs[k]));
    json_array_append_new(
        tr, json_pack("{s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:o}", "surname", t->surname, "given_names",
                      t->given_names, "ref", t->ref, "infant", t->infant, "frequent_flyer",
                      str_or_null(t->frequent_flyer), "seat", str_or_null(t->seat), "bags",
                      t->bags < 0 ? json_null() : json_integer(t->bags), "documents", docs));
  }
  for (size_t i = 0; legs && i < p->nlegs; i++) {
    const zeef_pnr_leg *l = &p->legs[i];
    json_array_append_new(legs, json_pack("{s:s, s:o, s:s, s:o, s:s, s:s, s:s, s:o, s:o, s:o}", "carrier",
                                          l->carrier, "operating", str_or_null(l->operating), "flight",
                                          l->flight, "operating_flight", str_or_null(l->operating_flight),
                                          "origin", l->origin, "destination", l->destination, "departure",
                                          l->departure, "arrival", str_or_null(l->arrival), "class",
                                          str_or_null(l->booking_class), "status", str_or_null(l->status)));
  }
  for (size_t i = 0; contacts && i < p->ncontacts; i++)
    json_array_append_new(
        contacts, json_pack("{s:s, s:s}", "kind", p->contacts[i].kind, "value", p->contacts[i].value));
  for (size_t i = 0; pay && i < p->npayments; i++) {
    const zeef_pnr_payment *f = &p->payments[i];
    json_array_append_new(pay, json_pack("{s:s, s:o, s:o, s:o, s:o}", "type", f->type, "vendor",
                                         str_or_null(f->vendor), "card", str_or_null(f->card), "amount",
                                         str_or_null(f->amount), "payer", str_or_null(f->payer)));
  }
  for (size_t i = 0; w && i < p->nwarnings; i++) json_array_append_new(w, json_string(p->warnings[i]));
  return json_pack("{s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:o, s:o, s:o, s:o, "
                   "s:I, s:o}",
                   "type", "pnrgov", "locator", p->locator, "system", str_or_null(p->system), "message",
                   p->message, "version", str_or_null(p->version), "sender", str_or_null(p->sender), "flight",
                   str_or_null(p->flight), "other_locators", str_or_null(p->locators), "created",
                   str_or_null(p->created), "booked", str_or_null(p->booked), "ticketed",
                   str_or_null(p->ticketed), "agency", str_or_null(p->agency), "segment",
                   (json_int_t)p->segment, "travellers", tr, "itinerary", legs, "contacts", contacts,
                   "payments", pay, "history_items", (json_int_t)p->history, "warnings", w);
}

json_t *fe_source_json(const zeef_record *r) {
  if (r->mrz) return fe_mrz_json(r->mrz);
  if (r->pax_message && r->pax_person) return fe_pax_json(r->pax_message, r->pax_person);
  if (r->pnr && r->pnr_traveller) {
    /* the booking, and which of its travellers this record is */
    json_t *o = fe_pnr_json(r->pnr);
    json_object_set_new(o, "traveller", json_integer((json_int_t)(r->pnr_traveller - r->pnr->travellers)));
    return o;
  }
  return NULL;
}
