/*
** yente.c: POST /match/{dataset} in the request and answer shapes of
** OpenSanctions' yente (its /match API), so that a yente client can point
** at zeef unchanged:
**
**   {"queries": {"q1": {"schema": "Person", "properties": {"name": [...],
**     "firstName", "lastName", "birthDate", "nationality", "gender",
**     "passportNumber", "idNumber"}}}}
**   -> {"responses": {"q1": {"status": 200, "results": [{"id", "caption",
**       "schema", "properties", "datasets", "referents", "target", "score",
**       "match", "features", "explanations", "zeef"}], "total": {"value",
**       "relation"}, "query": {...}}}, "limit": N}
**
** A query becomes a zeef_traveller: every name value (name, alias, and
** lastName, firstName joined as "LAST, First") is screened and each entity
** keeps its best hit over the names; birthDate through zeef_date_parse,
** nationality through zeef_country_code, gender male/female/M/F,
** passportNumber and idNumber as the document numbers. Property values may
** be strings or lists of strings, as yente takes them; a value that does
** not parse is left out and named in the query's "warnings".
**
** The schema filters the entities: Person -> persons; Organization,
** Company, PublicBody -> organisations; Vessel, Airplane -> other things;
** LegalEntity and Thing -> all. Entities go out in FollowTheMoney style:
** name, alias, weakAlias, birthDate, birthPlace, nationality (lowercase
** alpha-2), gender, passportNumber, idNumber, notes. "features" maps each
** piece of evidence to its weight in log-odds (name_similarity to the name
** score in [0, 1]); "explanations" gives the same with the reviewer's
** sentence as detail.
*/
#include "server.h"

#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MATCH_SCAN_MIN 32  /* hits gathered per name before the schema filter */
#define MATCH_SCAN_MAX 400
#define EXPLAIN_MAX 8192   /* the name alignment of one hit */
#define VALUE_MAX 1024     /* bytes of one property value used */

/* Entity kinds a schema takes, as bits of 1 << zeef_entity_kind. */
#define K_PERSON (1u << ZEEF_ENTITY_PERSON)
#define K_ORG (1u << ZEEF_ENTITY_ORGANISATION)
#define K_OTHER (1u << ZEEF_ENTITY_OTHER)

static const struct {
  const char *schema;
  unsigned kinds;
} schemas[] = {
    {"Person", K_PERSON},  {"Organization", K_ORG}, {"Company", K_ORG},
    {"PublicBody", K_ORG}, {"Vessel", K_OTHER},     {"Airplane", K_OTHER},
    {"LegalEntity", K_PERSON | K_ORG | K_OTHER},    {"Thing", K_PERSON | K_ORG | K_OTHER},
};

/* ------------------------------------------------------------- Countries */

static int by_a3(const void *a, const void *b) {
  const char *x = a, *y = b; /* a3 is the struct's first member */
  int c = strcmp(x, y);
  return c ? c : strcmp(x + 4, y + 4);
}

void srv_country_init(srv *s) {
  size_t n = 0, k = 0;
  for (char a = 'A'; a <= 'Z'; a++)
    for (char b = 'A'; b <= 'Z'; b++) {
      char code[3] = {a, b, 0}, a3[4];
      if (zeef_country_code(code, 2, a3) != ZEEF_OK) continue;
      memcpy(s->country[n].a3, a3, 4);
      s->country[n].a2[0] = (char)tolower((unsigned char)a);
      s->country[n].a2[1] = (char)tolower((unsigned char)b);
      s->country[n].a2[2] = 0;
      n++;
    }
  qsort(s->country, n, sizeof s->country[0], by_a3);
  for (size_t i = 0; i < n; i++) /* keep the first alpha-2 of each alpha-3 */
    if (k == 0 || strcmp(s->country[k - 1].a3, s->country[i].a3) != 0) s->country[k++] = s->country[i];
  s->ncountries = k;
}

void srv_country_a2(const srv *s, const char *alpha3, char out[4]) {
  size_t lo = 0, hi = s->ncountries;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(alpha3, s->country[mid].a3);
    if (c == 0) {
      memcpy(out, s->country[mid].a2, 3);
      return;
    }
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  for (size_t i = 0; i < 3 && alpha3[i]; i++) out[i] = (char)tolower((unsigned char)alpha3[i]);
  out[strnlen(alpha3, 3)] = 0;
}

/* ----------------------------------------------------------- The query */

/* A query as the library reads a traveller: one record (its facts; name
** set per name screened) for each of its names. */
typedef struct mquery {
  char names[SRV_QUERY_NAMES_MAX][VALUE_MAX + 1];
  size_t nnames;
  char doc[VALUE_MAX + 1], doc_alt[VALUE_MAX + 1];
  zeef_record rec;
  json_t *warnings;
} mquery;

/* Value i of property key (a string or a list of them), copied into buf
** (cut at cap - 1 bytes); integers are written out (a birthDate of 1971).
** NULL past the end or for a value of another type (it is skipped). The
** readers of names, dates, countries and gender ignore surrounding spaces;
** a value of spaces only counts as empty. */
static const char *value(json_t *props, const char *key, size_t i, char *buf, size_t cap) {
  json_t *v = json_object_get(props, key);
  size_t n;
  if (json_is_array(v)) v = i < SRV_PROP_VALUES_MAX ? json_array_get(v, i) : NULL;
  else if (i > 0) v = NULL;
  if (json_is_integer(v)) {
    snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
    return buf;
  }
  if (!json_is_string(v)) return NULL;
  n = json_string_length(v);
  if (n >= cap) n = cap - 1;
  memcpy(buf, json_string_value(v), n);
  buf[n] = 0;
  if (strspn(buf, " \t\r\n") == n) buf[0] = 0;
  return buf;
}

static size_t nvalues(json_t *props, const char *key) {
  json_t *v = json_object_get(props, key);
  if (json_is_array(v))
    return json_array_size(v) < SRV_PROP_VALUES_MAX ? json_array_size(v) : SRV_PROP_VALUES_MAX;
  return v ? 1 : 0;
}

static void add_name(mquery *q, const char *s) {
  if (!*s || q->nnames == SRV_QUERY_NAMES_MAX) return;
  for (size_t i = 0; i < q->nnames; i++)
    if (strcmp(q->names[i], s) == 0) return;
  snprintf(q->names[q->nnames++], VALUE_MAX + 1, "%s", s);
}

static void warn(mquery *q, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(mquery *q, const char *fmt, ...) {
  char line[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  json_array_append_new(q->warnings, json_string(line));
}

/* Reads the query's properties into q. */
static void read_query(json_t *props, mquery *q) {
  static const char *const name_keys[] = {"name", "alias"};
  static const char *const given_keys[] = {"firstName", "secondName", "middleName", "fatherName"};
  char buf[VALUE_MAX + 1], composed[2 * VALUE_MAX + 8];
  const char *v;
  size_t k = 0;
  for (size_t n = 0; n < sizeof name_keys / sizeof name_keys[0]; n++)
    for (size_t i = 0; i < nvalues(props, name_keys[n]); i++)
      if ((v = value(props, name_keys[n], i, buf, sizeof buf)) != NULL) add_name(q, v);
  /* lastName, firstName secondName middleName fatherName */
  composed[0] = 0;
  if ((v = value(props, "lastName", 0, buf, sizeof buf)) != NULL && *v)
    k = (size_t)snprintf(composed, sizeof composed, "%s,", v);
  for (size_t n = 0; n < sizeof given_keys / sizeof given_keys[0]; n++)
    for (size_t i = 0; (v = value(props, given_keys[n], i, buf, sizeof buf)) != NULL; i++)
      if (*v && k + strlen(v) + 2 < sizeof composed)
        k += (size_t)snprintf(composed + k, sizeof composed - k, " %s", v);
  if (k && composed[k - 1] == ',') composed[--k] = 0; /* a surname alone */
  add_name(q, composed[0] == ' ' ? composed + 1 : composed);
  for (size_t i = 0; (v = value(props, "birthDate", i, buf, sizeof buf)) != NULL; i++) {
    if (zeef_date_parse(v, strlen(v), &q->rec.birth) == ZEEF_OK) break;
    memset(&q->rec.birth, 0, sizeof q->rec.birth);
    warn(q, "birthDate \"%.60s\" is not a date; screened without it", v);
  }
  {
    static const char *const nat_keys[] = {"nationality", "citizenship"};
    for (size_t n = 0; n < 2 && !q->rec.nationality[0]; n++)
      for (size_t i = 0; (v = value(props, nat_keys[n], i, buf, sizeof buf)) != NULL; i++) {
        if (zeef_country_code(v, strlen(v), q->rec.nationality) == ZEEF_OK) break;
        q->rec.nationality[0] = 0;
        warn(q, "%s \"%.60s\" is not a known country; screened without it", nat_keys[n], v);
      }
  }
  if ((v = value(props, "gender", 0, buf, sizeof buf)) != NULL && *v &&
      zeef_gender_parse(v, strlen(v), &q->rec.gender) != ZEEF_OK)
    warn(q, "gender \"%.60s\" is not male, female or other; screened without it", v);
  if ((v = value(props, "passportNumber", 0, buf, sizeof buf)) != NULL && *v)
    snprintf(q->doc, sizeof q->doc, "%s", v);
  if ((v = value(props, "idNumber", 0, buf, sizeof buf)) != NULL && *v)
    snprintf(q->doc[0] ? q->doc_alt : q->doc, sizeof q->doc, "%s", v);
  q->rec.doc_number = q->doc[0] ? q->doc : NULL;
  q->rec.doc_number_alt = q->doc_alt[0] ? q->doc_alt : NULL;
}

/* ------------------------------------------------------------ Screening */

/* A hit kept for an entity, with the query name that gave it. */
typedef struct kept {
  zeef_hit hit;
  size_t list; /* index in the generation, for the order of ties */
  size_t qname;
} kept;

static size_t list_index(const srv_gen *g, const zeef_list *l) {
  for (size_t i = 0; i < g->nlists; i++)
    if (g->lists[i] == l) return i;
  return g->nlists;
}

/* Keeps h for its entity when it beats what the entity has, in a set of at
** most cap; when the set is full the weakest hit gives way. */
static void keep(kept *set, size_t *n, size_t cap, const srv_gen *g, const zeef_hit *h, size_t qname) {
  size_t i, weakest = 0;
  for (i = 0; i < *n; i++)
    if (set[i].hit.list == h->list && set[i].hit.entity == h->entity) break;
  if (i < *n) {
    if (h->score <= set[i].hit.score) return;
  } else if (*n < cap) {
    i = (*n)++;
  } else {
    for (size_t k = 1; k < *n; k++)
      if (set[k].hit.score < set[weakest].hit.score) weakest = k;
    if (h->score <= set[weakest].hit.score) return;
    i = weakest;
  }
  set[i].hit = *h;
  set[i].list = list_index(g, h->list);
  set[i].qname = qname;
}

/* Best first; ties by list order, then entity (as zeef_screen orders). */
static int by_score(const void *a, const void *b) {
  const kept *x = a, *y = b;
  if (x->hit.score != y->hit.score) return x->hit.score < y->hit.score ? 1 : -1;
  if (x->list != y->list) return x->list < y->list ? -1 : 1;
  return x->hit.entity < y->hit.entity ? -1 : x->hit.entity > y->hit.entity;
}

/* --------------------------------------------------------------- Results */

static void prop_add(json_t *props, const char *key, json_t *v) {
  json_t *a = json_object_get(props, key);
  if (!a) json_object_set_new(props, key, a = json_array());
  json_array_append_new(a, v);
}

static const char *schema_of(zeef_entity_kind k) {
  return k == ZEEF_ENTITY_PERSON ? "Person" : k == ZEEF_ENTITY_ORGANISATION ? "Organization" : "Thing";
}

/* The FollowTheMoney properties of e. */
static json_t *entity_props(const srv *s, const zeef_entity *e) {
  json_t *p = json_object();
  for (size_t i = 0; i < e->nnames; i++) {
    zeef_name_quality q = (zeef_name_quality)e->name_quality[i];
    prop_add(p, q == ZEEF_NAMEQ_PRIMARY ? "name" : q == ZEEF_NAMEQ_WEAK ? "weakAlias" : "alias",
             json_string(e->names[i]));
  }
  if (!json_object_get(p, "name") && e->nnames) prop_add(p, "name", json_string(e->names[0]));
  for (size_t i = 0; i < e->ndates; i++) {
    const zeef_date *d = &e->dates[i];
    char buf[32];
    if (d->kind == ZEEF_DATE_RANGE) { /* FtM has no ranges: each year */
      for (int y = d->year; y <= d->year_to && y - d->year < 20; y++) {
        snprintf(buf, sizeof buf, "%d", y);
        prop_add(p, "birthDate", json_string(buf));
      }
      continue;
    }
    if (d->kind == ZEEF_DATE_NONE) continue;
    {
      zeef_date exact = *d;
      exact.approx = 0; /* "~1975" is not a FtM date */
      zeef_date_format(&exact, buf, sizeof buf);
      prop_add(p, "birthDate", json_string(buf));
    }
  }
  for (size_t i = 0; i < e->nplaces; i++) prop_add(p, "birthPlace", json_string(e->places[i]));
  for (size_t i = 0; i < e->nnationalities; i++) {
    char a2[4];
    srv_country_a2(s, e->nationalities[i], a2);
    prop_add(p, "nationality", json_string(a2));
  }
  if (e->gender == 'M' || e->gender == 'F')
    prop_add(p, "gender", json_string(e->gender == 'M' ? "male" : "female"));
  for (size_t i = 0; i < e->ndocs; i++) {
    const char *t = e->docs[i].type;
    int passport = t && strcasestr(t, "passport") != NULL;
    if (e->docs[i].number && *e->docs[i].number)
      prop_add(p, passport ? "passportNumber" : "idNumber", json_string(e->docs[i].number));
  }
  for (size_t i = 0; i < e->naddresses; i++) prop_add(p, "address", json_string(e->addresses[i]));
  if (e->remarks && *e->remarks) prop_add(p, "notes", json_string(e->remarks));
  return p;
}

/* yente's feature of a piece of evidence: the entity's kind and the alias's
** quality count under "name", as yente's name features do. */
static const char *feature_of(zeef_evidence_kind k) {
  return k == ZEEF_EV_ENTITY_KIND || k == ZEEF_EV_NAME_QUALITY ? "name" : zeef_evidence_kind_name(k);
}

/* features and explanations of a hit; the name alignment is the detail of
** name_similarity, its lines joined with "; ". */
static void explain(const zeef_screener *scr, const zeef_name *q, const zeef_hit *h, json_t **features,
                    json_t **explanations) {
  char joined[EXPLAIN_MAX];
  size_t k = 0;
  const zeef_name *en = zeef_screener_hit_name(scr, h);
  zeef_pair_text pt;
  *features = json_object();
  *explanations = json_object();
  joined[0] = 0;
  for (size_t i = 0; en && i < h->match.npairs; i++) {
    size_t len;
    if (zeef_explain_pair(q, en, &h->match.pairs[i], &pt) != ZEEF_OK) continue;
    len = strlen(pt.text);
    if (len && k + len + 3 < sizeof joined) {
      if (k) joined[k++] = ';', joined[k++] = ' ';
      memcpy(joined + k, pt.text, len);
      k += len;
      joined[k] = 0;
    }
  }
  json_object_set_new(*features, "name_similarity", json_real(h->name_score));
  json_object_set_new(*explanations, "name_similarity",
                      json_pack("{s:f, s:s}", "score", h->name_score, "detail", joined));
  for (size_t i = 0; i < h->nevidence; i++) {
    const zeef_evidence *ev = &h->evidence[i];
    const char *key = feature_of(ev->kind);
    json_t *f = json_object_get(*features, key), *x = json_object_get(*explanations, key);
    double w = ev->weight + (f ? json_real_value(f) : 0.0);
    json_object_set_new(*features, key, json_real(w));
    if (x) {
      char detail[2 * ZEEF_EVIDENCE_TEXT + 8];
      snprintf(detail, sizeof detail, "%s; %s", json_string_value(json_object_get(x, "detail")), ev->text);
      json_object_set_new(x, "score", json_real(w));
      json_object_set_new(x, "detail", json_string(detail));
    } else {
      json_object_set_new(*explanations, key, json_pack("{s:f, s:s}", "score", w, "detail", ev->text));
    }
  }
}

static json_t *result_json(const srv *s, const zeef_screener *scr, const kept *k, const zeef_name *q,
                           const char *qname, const srv_params *p) {
  const zeef_hit *h = &k->hit;
  const zeef_entity *e = zeef_list_entity(h->list, h->entity);
  json_t *features, *explanations;
  explain(scr, q, h, &features, &explanations);
  return json_pack("{s:s, s:s, s:s, s:o, s:[s], s:[], s:b, s:f, s:b, s:o, s:o, s:{s:s, s:s, s:s, s:s, s:s}}",
                   "id", e->id, "caption", e->nnames ? e->names[0] : e->id, "schema", schema_of(e->kind),
                   "properties", entity_props(s, e), "datasets", zeef_list_name(h->list), "referents",
                   "target", 1, "score", h->score, "match", h->score >= p->threshold, "features", features,
                   "explanations", explanations, "zeef", "list", zeef_list_name(h->list), "list_version",
                   zeef_list_version(h->list), "matched_name", e->names[h->name], "matched_name_quality",
                   zeef_name_quality_text((zeef_name_quality)e->name_quality[h->name]), "query_name", qname);
}

/* Screens one query; returns 0 with *resp, or 400 with why filled. */
static int one_query(const srv *s, const srv_gen *g, const zeef_screener *scr, json_t *query, const srv_params *p,
                     zeef_hit *hits, kept *set, size_t scan, json_t **resp, int *alert, char *why, size_t cap) {
  json_t *props = json_object_get(query, "properties"), *schema = json_object_get(query, "schema");
  json_t *results;
  zeef_traveller qt[SRV_QUERY_NAMES_MAX]; /* one per query name */
  mquery *q;
  unsigned kinds = 0;
  size_t nset = 0, total = 0, shown = 0, screened = 0;
  int full = 0;
  *resp = NULL;
  *alert = 0;
  if (!json_is_object(query) || !json_is_object(props)) {
    snprintf(why, cap, "has no properties object");
    return 400;
  }
  if (schema && !json_is_string(schema)) {
    snprintf(why, cap, "has a schema that is not a string");
    return 400;
  }
  for (size_t i = 0; i < sizeof schemas / sizeof schemas[0]; i++)
    if (strcmp(schema ? json_string_value(schema) : "Person", schemas[i].schema) == 0) kinds = schemas[i].kinds;
  if (!kinds) {
    snprintf(why, cap, "has schema \"%.40s\"; zeef matches Person, Organization, Company, PublicBody, "
                       "Vessel, Airplane, LegalEntity and Thing", json_string_value(schema));
    return 400;
  }
  if (!(q = calloc(1, sizeof *q))) {
    snprintf(why, cap, "cannot be read: out of memory");
    return 500;
  }
  q->warnings = json_array();
  q->rec.id = "";
  read_query(props, q);
  for (size_t i = 0; i < q->nnames; i++) {
    size_t n = 0;
    zeef_status rc;
    q->rec.name = q->names[i];
    rc = zeef_traveller_from_record(s->ctx, &q->rec, &qt[i]);
    if (rc) {
      char line[256];
      snprintf(line, sizeof line, "name \"%.60s\" cannot be screened: %s", q->names[i], zeef_strerror(rc));
      json_array_append_new(q->warnings, json_string(line));
      continue;
    }
    if (zeef_screen(scr, &qt[i], p->min_score, hits, scan, &n) != ZEEF_OK) continue;
    screened++;
    full |= n == scan;
    for (size_t k = 0; k < n; k++) keep(set, &nset, scan, g, &hits[k], i);
  }
  if (!screened) {
    for (size_t i = 0; i < q->nnames; i++) zeef_traveller_clear(&qt[i]);
    snprintf(why, cap, "has no name that can be screened: give properties.name, or firstName and lastName");
    json_decref(q->warnings);
    free(q);
    return 400;
  }
  qsort(set, nset, sizeof *set, by_score);
  results = json_array();
  for (size_t i = 0; i < nset; i++) {
    const zeef_entity *e = zeef_list_entity(set[i].hit.list, set[i].hit.entity);
    if (!(kinds & (1u << e->kind))) continue;
    total++;
    if (shown == p->limit) continue;
    shown++;
    if (set[i].hit.score >= p->threshold) *alert = 1;
    json_array_append_new(results, result_json(s, scr, &set[i], qt[set[i].qname].name, q->names[set[i].qname], p));
  }
  *resp = json_pack("{s:i, s:o, s:{s:I, s:s}, s:O}", "status", 200, "results", results, "total", "value",
                    (json_int_t)total, "relation", full ? "gte" : "eq", "query", query);
  if (json_array_size(q->warnings)) json_object_set_new(*resp, "warnings", q->warnings);
  else json_decref(q->warnings);
  for (size_t i = 0; i < q->nnames; i++) zeef_traveller_clear(&qt[i]);
  free(q);
  return 0;
}

/* An upper bound on the names a query screens: its name and alias values,
** and one name composed of lastName, firstName and the like. */
static size_t names_of(json_t *query) {
  json_t *props = json_object_get(query, "properties");
  size_t n = nvalues(props, "name") + nvalues(props, "alias");
  if (json_object_get(props, "lastName") || json_object_get(props, "firstName")) n++;
  return n < SRV_QUERY_NAMES_MAX ? n : SRV_QUERY_NAMES_MAX;
}

/* One query screened on the pool; the request waits for all of its. */
typedef struct match_task {
  struct match_run *run;
  const char *key;
  json_t *query;
  json_t *resp; /* the answer, or NULL with status and why */
  int status, alert;
  char why[SRV_DETAIL_MAX - 80];
} match_task;

typedef struct match_run {
  const srv *s;
  const srv_gen *g;
  const zeef_screener *scr;
  const srv_params *p;
  size_t scan, left;
  pthread_mutex_t lock;
  pthread_cond_t done;
} match_run;

static void run_query(void *arg) {
  match_task *t = arg;
  match_run *m = t->run;
  zeef_hit *hits = malloc(m->scan * sizeof *hits);
  kept *set = malloc(m->scan * sizeof *set);
  if (!hits || !set) {
    t->status = 500;
    snprintf(t->why, sizeof t->why, "cannot be screened: out of memory");
  } else {
    t->status = one_query(m->s, m->g, m->scr, t->query, m->p, hits, set, m->scan, &t->resp, &t->alert,
                          t->why, sizeof t->why);
  }
  free(hits);
  free(set);
  pthread_mutex_lock(&m->lock);
  if (--m->left == 0) pthread_cond_signal(&m->done);
  pthread_mutex_unlock(&m->lock);
}

int srv_match(const srv *s, const srv_gen *g, const char *dataset, json_t *body, const srv_params *p,
              json_t **out, size_t *nqueries, size_t *nalerts) {
  const zeef_screener *scr = NULL;
  json_t *queries, *query, *responses;
  const char *key;
  match_task *tasks;
  match_run m;
  size_t nq, names = 0, i = 0, submitted = 0;
  int status = 200;
  *nqueries = *nalerts = 0;
  if (strcmp(dataset, "default") == 0) scr = g->scr;
  for (size_t k = 0; !scr && k < g->nlists; k++)
    if (strcmp(dataset, zeef_list_name(g->lists[k])) == 0) scr = g->scr_one[k] ? g->scr_one[k] : g->scr;
  if (!scr) {
    *out = srv_error("unknown_dataset", "no list named \"%.64s\" is served; GET /lists names them, or use default",
                     dataset);
    return 404;
  }
  queries = json_object_get(body, "queries");
  if (!json_is_object(body) || !json_is_object(queries)) {
    *out = srv_error("bad_request", "the body is {\"queries\": {\"q1\": {\"schema\": \"Person\", "
                                    "\"properties\": {\"name\": [...]}}}}");
    return 400;
  }
  nq = json_object_size(queries);
  if (nq > SRV_QUERIES_MAX) {
    *out = srv_error("too_many_queries", "%zu queries in one request; at most %d", nq, SRV_QUERIES_MAX);
    return 413;
  }
  json_object_foreach(queries, key, query) names += names_of(query);
  if (names > SRV_MATCH_NAMES_MAX || nq * p->limit > SRV_MATCH_RESULTS_MAX) {
    *out = srv_error("too_much_work",
                     "%zu queries with %zu names and limit=%zu; one request may screen %d names and ask "
                     "for %d results (queries x limit): send the queries in parts",
                     nq, names, p->limit, SRV_MATCH_NAMES_MAX, SRV_MATCH_RESULTS_MAX);
    return 413;
  }
  m.s = s;
  m.g = g;
  m.scr = scr;
  m.p = p;
  m.scan = p->limit * 4;
  if (m.scan < MATCH_SCAN_MIN) m.scan = MATCH_SCAN_MIN;
  if (m.scan > MATCH_SCAN_MAX) m.scan = MATCH_SCAN_MAX;
  m.left = nq;
  if (!(tasks = calloc(nq ? nq : 1, sizeof *tasks))) {
    *out = srv_error("out_of_memory", "the request could not be screened: out of memory");
    return 500;
  }
  pthread_mutex_init(&m.lock, NULL);
  pthread_cond_init(&m.done, NULL);
  /* each query on the pool; the first refused (the queue is full) makes the
  ** whole request a 503, the later ones wait for room */
  json_object_foreach(queries, key, query) {
    match_task *t = &tasks[i++];
    t->run = &m;
    t->key = key;
    t->query = query;
    if (fe_pool_submit(s->pool, run_query, t, submitted > 0) == 0) {
      submitted++;
      continue;
    }
    status = 503;
    break;
  }
  pthread_mutex_lock(&m.lock);
  m.left -= nq - submitted; /* never queued */
  while (m.left) pthread_cond_wait(&m.done, &m.lock);
  pthread_mutex_unlock(&m.lock);
  pthread_mutex_destroy(&m.lock);
  pthread_cond_destroy(&m.done);
  responses = json_object();
  for (i = 0; i < submitted && status == 200; i++) {
    match_task *t = &tasks[i];
    if (t->status) {
      status = t->status;
      *out = srv_error(t->status == 400 ? "bad_query" : "out_of_memory", "query \"%.40s\" %s", t->key, t->why);
      break;
    }
    json_object_set_new(responses, t->key, t->resp);
    t->resp = NULL;
    ++*nqueries;
    *nalerts += (size_t)t->alert;
  }
  for (i = 0; i < submitted; i++) json_decref(tasks[i].resp);
  free(tasks);
  if (status == 503) {
    json_decref(responses);
    *out = NULL; /* the caller answers busy */
    return 503;
  }
  if (status != 200) {
    json_decref(responses);
    return status;
  }
  *out = json_pack("{s:o, s:I}", "responses", responses, "limit", (json_int_t)p->limit);
  return 200;
}
