/*
** render.c: one traveller record in, its screening result out as a JSON
** object, the shape `zeef screen` prints and `zeef serve` answers with:
**   {"id", "line", "status", "error", "warnings", "hits", "source"?}
** Also the `source` object of MRZ and PAXLST records, and the loading of
** `--list [NAME=]FILE` arguments, which both commands share.
*/
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The explanation of a hit: one line per piece of evidence with its weight,
** then the name alignment line by line. */
static json_t *explanation(const zeef_screener *scr, const zeef_name *q, const zeef_hit *h) {
  json_t *arr = json_array();
  const zeef_name *en = zeef_screener_hit_name(scr, h);
  char buf[8192];
  size_t need;
  for (size_t i = 0; i < h->nevidence; i++) {
    char line[ZEEF_EVIDENCE_TEXT + 32];
    snprintf(line, sizeof line, "%s (%+.1f)", h->evidence[i].text, h->evidence[i].weight);
    json_array_append_new(arr, json_string(line));
  }
  if (en && zeef_explain(q, en, &h->match, buf, sizeof buf, &need) != ZEEF_E_INVALID) {
    char *p = buf;
    while (*p) {
      char *nl = strchr(p, '\n');
      if (!nl) nl = p + strlen(p);
      if (nl > p) json_array_append_new(arr, json_stringn(p, (size_t)(nl - p)));
      p = *nl ? nl + 1 : nl;
    }
  }
  return arr;
}

static json_t *date_json(const zeef_date *d) {
  char buf[32];
  if (d->kind == ZEEF_DATE_NONE) return json_null();
  zeef_date_format(d, buf, sizeof buf);
  return json_string(buf);
}

static json_t *str_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }

static json_t *warnings_json(const char (*w)[256], size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(a, json_string(w[i]));
  return a;
}

json_t *cli_mrz_json(const zeef_mrz *m) {
  json_t *checks = json_array();
  int valid = 1;
  for (size_t i = 0; i < m->nchecks; i++) {
    const zeef_mrz_check *c = &m->checks[i];
    char found[2] = {c->found, 0}, computed[2] = {c->computed, 0};
    json_t *o = json_pack("{s:s, s:b, s:s, s:s}", "field", c->field, "ok", c->ok, "found", found,
                          "computed", computed);
    if (!c->ok) valid = 0;
    if (c->suggestion[0]) json_object_set_new(o, "suggestion", json_string(c->suggestion));
    json_array_append_new(checks, o);
  }
  {
    char sex[2] = {m->sex, 0};
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o}",
        "type", "mrz", "format", zeef_mrz_format_name(m->format), "document_code", m->doc_code,
        "issuer", m->issuer, "surname", m->surname, "given_names", m->given_names,
        "name_truncated", m->name_truncated, "document_number", m->doc_number, "nationality",
        m->nationality, "birth_date", date_json(&m->birth), "sex", m->sex ? json_string(sex) : json_null(),
        "expiry_date", date_json(&m->expiry), "optional_data",
        json_pack("[s, s]", m->optional1, m->optional2), "checks", checks, "valid", valid,
        "warnings", warnings_json(m->warnings, m->nwarnings), "name_field", json_string(m->name_mrz));
  }
}

static json_t *legs_json(const zeef_pax_message *m) {
  json_t *a = json_array();
  for (size_t i = 0; i < m->nlegs; i++) {
    const zeef_pax_leg *l = &m->legs[i];
    json_array_append_new(
        a, json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "carrier", str_or_null(l->carrier), "flight",
                     str_or_null(l->flight), "departure", str_or_null(l->departure), "arrival",
                     str_or_null(l->arrival), "departure_time", str_or_null(l->departure_time),
                     "arrival_time", str_or_null(l->arrival_time)));
  }
  return a;
}

json_t *cli_pax_json(const zeef_pax_message *m, const zeef_pax_person *p) {
  json_t *docs = json_array();
  char gender[2] = {p->gender, 0};
  for (size_t i = 0; i < p->ndocs; i++) {
    const zeef_pax_document *d = &p->docs[i];
    json_array_append_new(docs, json_pack("{s:s, s:s, s:o, s:o}", "type", d->type, "number",
                                          d->number, "country", str_or_null(d->country),
                                          "expiry_date", date_json(&d->expiry)));
  }
  return json_pack(
      "{s:s, s:o, s:o, s:o, s:o, s:o, s:i, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, "
      "s:o, s:o, s:o}",
      "type", "paxlst", "message", str_or_null(m->reference), "version", str_or_null(m->version),
      "list_type", str_or_null(m->list_type), "list_function", str_or_null(m->function), "sender", str_or_null(m->sender), "segment",
      (json_int_t)p->segment, "role", p->role, "role_name", p->role_name, "surname", p->surname,
      "given_names", p->given_names, "birth_date", date_json(&p->birth), "gender",
      p->gender ? json_string(gender) : json_null(), "nationality", str_or_null(p->nationality),
      "residence", str_or_null(p->residence), "birth_place", str_or_null(p->birth_place),
      "booking", str_or_null(p->booking), "documents", docs, "flights", legs_json(m),
      "message_warnings", warnings_json(m->warnings, m->nwarnings));
}

json_t *cli_source_json(const zeef_record *r) {
  if (r->mrz) return cli_mrz_json(r->mrz);
  if (r->pax_message && r->pax_person) return cli_pax_json(r->pax_message, r->pax_person);
  return NULL;
}

json_t *cli_screen_record(const cli_screening *s, const zeef_record *r, zeef_hit *hits,
                          const char **status_out) {
  json_t *out = json_object(), *warnings = json_array(), *jhits = json_array(), *src;
  const char *status = "clear";
  const char *error = r->error;
  zeef_name *q = NULL;
  char errbuf[160];
  for (size_t i = 0; i < r->nwarnings; i++) json_array_append_new(warnings, json_string(r->warnings[i]));
  if (!error) {
    zeef_status rc = zeef_name_analyze(s->ctx, r->name, strlen(r->name), r->form, &q);
    if (rc) {
      snprintf(errbuf, sizeof errbuf, "name cannot be screened: %s", zeef_strerror(rc));
      error = errbuf;
    }
  }
  if (!error) {
    zeef_traveller t;
    size_t n = 0;
    memset(&t, 0, sizeof t);
    t.name = q;
    t.birth = r->birth;
    memcpy(t.nationality, r->nationality, 4);
    t.gender = r->gender;
    t.doc_number = r->doc_number;
    t.doc_number_alt = r->doc_number_alt;
    memcpy(t.doc_country, r->doc_country, 4);
    if (zeef_screen(s->scr, &t, s->min_score, hits, s->limit, &n) != ZEEF_OK) {
      error = "screening failed: out of memory";
    } else {
      for (size_t i = 0; i < n; i++) {
        const zeef_hit *h = &hits[i];
        const zeef_entity *e = zeef_list_entity(h->list, h->entity);
        int alert = h->score >= s->threshold;
        if (alert) status = "alert";
        json_array_append_new(
            jhits, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:b, s:o}", "list",
                             zeef_list_name(h->list), "list_version", zeef_list_version(h->list),
                             "entity_id", e->id, "name", e->names[0], "matched_name",
                             e->names[h->name], "matched_name_quality",
                             zeef_name_quality_text((zeef_name_quality)e->name_quality[h->name]),
                             "score", h->score, "name_score", h->name_score, "alert", alert,
                             "explanation", explanation(s->scr, q, h)));
      }
    }
  }
  if (error) status = "error";
  zeef_name_free(q);
  json_object_set_new(out, "id", json_string(r->id));
  json_object_set_new(out, "line", json_integer((json_int_t)r->line));
  json_object_set_new(out, "status", json_string(status));
  json_object_set_new(out, "error", error ? json_string(error) : json_null());
  json_object_set_new(out, "warnings", warnings);
  json_object_set_new(out, "hits", jhits);
  if ((src = cli_source_json(r)) != NULL) json_object_set_new(out, "source", src);
  if (status_out) *status_out = status;
  return out;
}

zeef_status cli_lists_load(const zeef_ctx *ctx, const char *const *args, size_t n, zeef_diag_fn diag,
                           void *ud, zeef_list **lists, size_t *failed) {
  for (size_t i = 0; i < n; i++) lists[i] = NULL;
  for (size_t i = 0; i < n; i++) {
    const char *eq = strchr(args[i], '=');
    char name[128];
    const char *path = eq ? eq + 1 : args[i];
    zeef_status rc;
    if (eq) snprintf(name, sizeof name, "%.*s", (int)(eq - args[i]), args[i]);
    rc = zeef_list_load(ctx, eq ? name : NULL, path, ZEEF_LIST_AUTO, diag, ud, &lists[i]);
    if (rc) {
      for (size_t k = 0; k < i; k++) {
        zeef_list_free(lists[k]);
        lists[k] = NULL;
      }
      if (failed) *failed = i;
      return rc;
    }
  }
  return ZEEF_OK;
}

const char *cli_list_path(const char *arg) {
  const char *eq = strchr(arg, '=');
  return eq ? eq + 1 : arg;
}
