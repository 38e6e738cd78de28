/*
** yente.c: OpenSanctions' yente API as zeef serves it, so that the programs
** written against yente (case managers, its Python client and enricher,
** scripts from its documentation) can point at zeef unchanged. What is
** compatible and what differs, and why, is in docs/yente.md.
**
**   POST /match/{dataset}   query by example, yente 5's request and answer
**   GET  /catalog           the datasets served, with their versions
**   GET  /algorithms        zeef's scoring model, the best and the default
**   GET  /entities/{id}     one listed entity in FollowTheMoney form
**
** /match, in short:
**   {"queries": {"q1": {"schema": "Person", "properties": {"name": [...],
**     "firstName", "lastName", "birthDate", "nationality", "gender",
**     "passportNumber", "idNumber", ...}}}, "weights": {}, "config": {}}
**   ?limit (5, at most 500) &threshold &cutoff (both 0.70) &algorithm
**   &include_dataset &exclude_dataset &topics &exclude_schema
**   &exclude_entity_ids (at most 50) &changed_since
**   -> {"responses": {"q1": {"status": 200, "results": [{"id", "caption",
**       "schema", "properties", "datasets", "referents", "target",
**       "first_seen", "last_seen", "last_change", "score", "match",
**       "explanations"}], "total": {"value", "relation"}, "query": {...}}},
**       "limit": N}
**
** A query is read into a zeef_record (its facts) and every name value is
** screened through zeef_traveller_from_record(); each entity keeps its best
** hit over the names. A query without a name screens on its identifiers.
** Results are those scoring above min(cutoff, threshold), best first, at
** most limit; match is score >= threshold; total counts the matches among
** every entity scored. Filters apply before the limit.
*/
#include "server.h"

#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MATCH_SCAN_MIN 32 /* hits gathered per name before the filters */
#define MATCH_SCAN_MAX 2000
#define VALUE_MAX 1024 /* bytes of one property value used */
#define YENTE_THRESHOLD 0.70
#define YENTE_LIMIT_MAX 500
#define ALGORITHM "zeef-" ZEEF_MODEL_VERSION

/* Entity kinds a schema takes, as bits of 1 << zeef_entity_kind. */
#define K_PERSON (1u << ZEEF_ENTITY_PERSON)
#define K_ORG (1u << ZEEF_ENTITY_ORGANISATION)
#define K_OTHER (1u << ZEEF_ENTITY_OTHER)

static const struct {
  const char *schema;
  unsigned kinds;
} schemas[] = {
    {"Person", K_PERSON},
    {"Organization", K_ORG},
    {"Company", K_ORG},
    {"PublicBody", K_ORG},
    {"Vessel", K_OTHER},
    {"Airplane", K_OTHER},
    {"LegalEntity", K_PERSON | K_ORG | K_OTHER},
    {"Thing", K_PERSON | K_ORG | K_OTHER},
};

/* yente's algorithm names: each selects zeef's one model (docs/yente.md). */
static const char *const algorithms[] = {"best",       "default",        ALGORITHM,       "zeef",
                                         "logic-v1",   "logic-v2",       "regression-v1", "regression-v2",
                                         "name-based", "name-qualified", "ofac-249"};

static const char *schema_of(zeef_entity_kind k) {
  return k == ZEEF_ENTITY_PERSON ? "Person" : k == ZEEF_ENTITY_ORGANISATION ? "Organization" : "Thing";
}

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
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  for (size_t i = 0; i < 3 && alpha3[i]; i++) out[i] = (char)tolower((unsigned char)alpha3[i]);
  out[strnlen(alpha3, 3)] = 0;
}

/* ------------------------------------------------------------ Parameters */

/* Every value of query parameter key, in *v (at most max), *n of them. */
typedef struct collect {
  const char *key;
  const char **v;
  size_t n, max, over;
} collect;

static enum MHD_Result on_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
  collect *c = cls;
  (void)kind;
  if (key && value && strcmp(key, c->key) == 0) {
    if (c->n < c->max)
      c->v[c->n++] = value;
    else
      c->over++;
  }
  return MHD_YES;
}

static size_t args(struct MHD_Connection *c, const char *key, const char **v, size_t max, size_t *over) {
  collect k = {key, v, 0, max, 0};
  MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, on_arg, &k);
  if (over) *over = k.over;
  return k.n;
}

static const char *arg1(struct MHD_Connection *c, const char *key) {
  return MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, key);
}

/* Whether s is a date as yente takes changed_since: YYYY-MM-DD, with
** THH, THH:MM or THH:MM:SS. */
static int timestamp(const char *s) {
  static const char *const shapes[] = {"dddd-dd-dd", "dddd-dd-ddTdd", "dddd-dd-ddTdd:dd",
                                       "dddd-dd-ddTdd:dd:dd"};
  size_t n = strlen(s);
  for (size_t i = 0; i < 4; i++) {
    const char *p = shapes[i];
    size_t k = 0;
    if (strlen(p) != n) continue;
    for (; k < n; k++)
      if (p[k] == 'd' ? !isdigit((unsigned char)s[k]) : s[k] != p[k]) break;
    if (k == n) return 1;
  }
  return 0;
}

int srv_match_options(struct MHD_Connection *c, srv_match_opts *o, char *why, size_t cap) {
  const char *v;
  size_t over = 0;
  memset(o, 0, sizeof *o);
  o->threshold = o->cutoff = YENTE_THRESHOLD;
  o->limit = FE_LIMIT_DEFAULT;
  if ((v = arg1(c, "limit")) && fe_parse_size(v, 1, YENTE_LIMIT_MAX, &o->limit)) {
    snprintf(why, cap, "limit must be a whole number from 1 to %d, not \"%.40s\"", YENTE_LIMIT_MAX, v);
    return 400;
  }
  if ((v = arg1(c, "threshold")) && fe_parse_double(v, 0, 1, &o->threshold)) {
    snprintf(why, cap, "threshold must be a number from 0 to 1, not \"%.40s\"", v);
    return 400;
  }
  if ((v = arg1(c, "cutoff")) && fe_parse_double(v, 0, 1, &o->cutoff)) {
    snprintf(why, cap, "cutoff must be a number from 0 to 1, not \"%.40s\"", v);
    return 400;
  }
  if ((v = arg1(c, "algorithm")) != NULL) {
    size_t i = 0;
    while (i < sizeof algorithms / sizeof algorithms[0] && strcasecmp(v, algorithms[i]) != 0) i++;
    if (i == sizeof algorithms / sizeof algorithms[0]) {
      snprintf(why, cap, "invalid algorithm \"%.40s\": zeef scores with %s (GET /algorithms)", v, ALGORITHM);
      return 400;
    }
  }
  o->ninclude = args(c, "include_dataset", o->include, SRV_FILTER_VALUES_MAX, NULL);
  o->nexclude = args(c, "exclude_dataset", o->exclude, SRV_FILTER_VALUES_MAX, NULL);
  o->ntopics = args(c, "topics", o->topics, SRV_FILTER_VALUES_MAX, NULL);
  o->nexclude_schema = args(c, "exclude_schema", o->exclude_schema, SRV_FILTER_VALUES_MAX, NULL);
  o->nexclude_ids = args(c, "exclude_entity_ids", o->exclude_ids, SRV_EXCLUDE_IDS_MAX, &over);
  if (over) {
    snprintf(why, cap, "exclude_entity_ids holds at most %d ids", SRV_EXCLUDE_IDS_MAX);
    return 400;
  }
  if ((v = arg1(c, "changed_since")) != NULL) {
    if (!timestamp(v)) {
      snprintf(why, cap,
               "changed_since must be a date, YYYY-MM-DD or "
               "YYYY-MM-DDTHH:MM:SS, not \"%.40s\"",
               v);
      return 400;
    }
    snprintf(o->changed_since, sizeof o->changed_since, "%s", v);
  }
  return 0;
}

/* ----------------------------------------------------------- The query */

/* A query as the library reads a traveller: one record (its facts; name
** set per name screened) for each of its names, and what was understood
** of it, for the echo. */
typedef struct mquery {
  char names[SRV_QUERY_NAMES_MAX][VALUE_MAX + 1];
  size_t nnames;
  char doc[VALUE_MAX + 1], doc_alt[VALUE_MAX + 1];
  zeef_record rec;
  json_t *warnings;
  json_t *understood; /* the properties as zeef read them */
} mquery;

/* Value i of property key (a string or a list of them), copied into buf
** (cut at cap - 1 bytes); integers are written out (a birthDate of 1971).
** NULL past the end or for a value of another type (it is skipped). The
** readers of names, dates, countries and gender ignore surrounding spaces;
** a value of spaces only counts as empty. */
static const char *value(json_t *props, const char *key, size_t i, char *buf, size_t cap) {
  json_t *v = json_object_get(props, key);
  size_t n;
  if (json_is_array(v))
    v = i < SRV_PROP_VALUES_MAX ? json_array_get(v, i) : NULL;
  else if (i > 0)
    v = NULL;
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

static void understood(mquery *q, const char *key, const char *v) {
  json_t *a = json_object_get(q->understood, key);
  if (!a) json_object_set_new(q->understood, key, a = json_array());
  json_array_append_new(a, json_string(v));
}

static void add_name(mquery *q, const char *s) {
  if (!*s || q->nnames == SRV_QUERY_NAMES_MAX) return;
  for (size_t i = 0; i < q->nnames; i++)
    if (strcmp(q->names[i], s) == 0) return;
  snprintf(q->names[q->nnames++], VALUE_MAX + 1, "%s", s);
  understood(q, "name", s);
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
static void read_query(const srv *s, json_t *props, mquery *q) {
  static const char *const name_keys[] = {"name", "alias"};
  static const char *const given_keys[] = {"firstName", "secondName", "middleName", "fatherName"};
  /* identifiers, the first two found screened as document numbers */
  static const char *const id_keys[] = {"passportNumber", "idNumber", "taxNumber", "registrationNumber",
                                        "innCode",        "ogrnCode", "leiCode",   "imoNumber"};
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
    if (!*v) continue;
    if (zeef_date_parse(v, strlen(v), &q->rec.birth) == ZEEF_OK) {
      char d[32];
      zeef_date_format(&q->rec.birth, d, sizeof d);
      understood(q, "birthDate", d);
      break;
    }
    memset(&q->rec.birth, 0, sizeof q->rec.birth);
    warn(q, "birthDate \"%.60s\" is not a date; screened without it", v);
  }
  {
    static const char *const nat_keys[] = {"nationality", "citizenship"};
    for (size_t n = 0; n < 2 && !q->rec.nationality[0]; n++)
      for (size_t i = 0; (v = value(props, nat_keys[n], i, buf, sizeof buf)) != NULL; i++) {
        if (!*v) continue;
        if (zeef_country_code(v, strlen(v), q->rec.nationality) == ZEEF_OK) {
          char a2[4];
          srv_country_a2(s, q->rec.nationality, a2);
          understood(q, "nationality", a2);
          break;
        }
        q->rec.nationality[0] = 0;
        warn(q, "%s \"%.60s\" is not a known country; screened without it", nat_keys[n], v);
      }
  }
  if ((v = value(props, "gender", 0, buf, sizeof buf)) != NULL && *v) {
    if (zeef_gender_parse(v, strlen(v), &q->rec.gender) != ZEEF_OK)
      warn(q, "gender \"%.60s\" is not male, female or other; screened without it", v);
    else if (q->rec.gender)
      understood(q, "gender", q->rec.gender == 'M' ? "male" : q->rec.gender == 'F' ? "female" : "other");
  }
  for (size_t n = 0; n < sizeof id_keys / sizeof id_keys[0] && !q->doc_alt[0]; n++)
    for (size_t i = 0; (v = value(props, id_keys[n], i, buf, sizeof buf)) != NULL && !q->doc_alt[0]; i++) {
      if (!*v) continue;
      snprintf(q->doc[0] ? q->doc_alt : q->doc, sizeof q->doc, "%s", v);
      understood(q, id_keys[n], v);
    }
  q->rec.doc_number = q->doc[0] ? q->doc : NULL;
  q->rec.doc_number_alt = q->doc_alt[0] ? q->doc_alt : NULL;
}

/* ------------------------------------------------------------- Entities */

static void prop_add(json_t *props, const char *key, json_t *v) {
  json_t *a = json_object_get(props, key);
  if (!a) json_object_set_new(props, key, a = json_array());
  json_array_append_new(a, v);
}

/* The FollowTheMoney properties of e. */
static json_t *entity_props(const srv *s, const zeef_entity *e) {
  json_t *p = json_object();
  for (size_t i = 0; i < e->nnames; i++) {
    zeef_name_quality q = (zeef_name_quality)e->name_quality[i];
    prop_add(p,
             q == ZEEF_NAMEQ_PRIMARY ? "name"
             : q == ZEEF_NAMEQ_WEAK  ? "weakAlias"
                                     : "alias",
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
  if (e->programs && *e->programs) prop_add(p, "program", json_string(e->programs));
  prop_add(p, "topics", json_string("sanction"));
  return p;
}

/* "YYYY-MM-DDTHH:MM:SS" from an ISO date or time at s (or ""), into out. */
static const char *iso(const char *s, char out[20]) {
  size_t n = s ? strlen(s) : 0;
  if (n < 10 || !timestamp((char[11]){s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], 0}))
    return NULL;
  if (n >= 19 && s[10] == 'T')
    memcpy(out, s, 19);
  else
    memcpy(out, s, 10), memcpy(out + 10, "T00:00:00", 9);
  out[19] = 0;
  return out;
}

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

/* The entity's id in yente's answers: "DATASET:ID". Lists number their
** entities each in its own way, and an EU logicalId and an OFAC ent_num
** can be the same number; a client storing an id (to exclude it later,
** or to fetch it) must name one entity. out: at least SRV_ID_MAX bytes. */
#define SRV_ID_MAX 320
static const char *qualified(const zeef_list *l, const zeef_entity *e, char *out) {
  snprintf(out, SRV_ID_MAX, "%s:%s", zeef_list_name(l), e->id);
  return out;
}

/* Whether id names entity e of list l: its qualified id, its own id or
** one of its other ids (referents). */
static int names_entity(const char *id, const zeef_list *l, const zeef_entity *e) {
  const char *name = zeef_list_name(l);
  size_t n = strlen(name);
  if (strncmp(id, name, n) == 0 && id[n] == ':' && strcmp(id + n + 1, e->id) == 0) return 1;
  if (strcmp(id, e->id) == 0) return 1;
  for (size_t i = 0; i < e->nrefs; i++)
    if (strcmp(id, e->refs[i]) == 0) return 1;
  return 0;
}

/* The entity in yente's shape, without a score: id, caption, schema,
** properties, datasets, referents (the list's own id and its other ids),
** target and the three dates. */
static json_t *entity_json(const srv *s, const srv_gen *g, const zeef_list *l, const zeef_entity *e) {
  char first[20], last[20], changed[20], loaded[32], id[SRV_ID_MAX];
  json_t *refs = json_array();
  const char *seen = iso(zeef_list_published(l), last);
  json_array_append_new(refs, json_string(e->id));
  for (size_t i = 0; i < e->nrefs; i++)
    if (strcmp(e->refs[i], e->id) != 0) json_array_append_new(refs, json_string(e->refs[i]));
  if (!seen) { /* a list without its own date: when it was loaded */
    srv_time_iso(g->loaded_at, loaded, sizeof loaded);
    seen = iso(loaded, last);
  }
  return json_pack("{s:s, s:s, s:s, s:o, s:[s], s:o, s:b, s:o, s:o, s:o}", "id", qualified(l, e, id),
                   "caption", e->nnames ? e->names[0] : e->id, "schema", schema_of(e->kind), "properties",
                   entity_props(s, e), "datasets", zeef_list_name(l), "referents", refs, "target", 1,
                   "first_seen", str_or_null(iso(e->listed_on, first)), "last_seen", str_or_null(seen),
                   "last_change", str_or_null(iso(e->updated_on, changed) ? changed : seen));
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

static int any_of(const char *s, const char *const *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(s, v[i]) == 0) return 1;
  return 0;
}

/* Whether the hit passes the request's filters (datasets, schema, topics,
** excluded ids, changed since). */
static int passes(const srv_match_opts *o, const srv_gen *g, const zeef_hit *h) {
  const zeef_entity *e = zeef_list_entity(h->list, h->entity);
  const char *ds = zeef_list_name(h->list);
  if (o->ninclude && !any_of(ds, o->include, o->ninclude)) return 0;
  if (o->nexclude && any_of(ds, o->exclude, o->nexclude)) return 0;
  if (o->nexclude_schema && any_of(schema_of(e->kind), o->exclude_schema, o->nexclude_schema)) return 0;
  if (o->ntopics && !any_of("sanction", o->topics, o->ntopics)) return 0;
  for (size_t i = 0; i < o->nexclude_ids; i++)
    if (names_entity(o->exclude_ids[i], h->list, e)) return 0;
  if (o->changed_since[0]) {
    char changed[20], loaded[32];
    const char *when = iso(e->updated_on, changed);
    if (!when) when = iso(zeef_list_published(h->list), changed);
    if (!when) {
      srv_time_iso(g->loaded_at, loaded, sizeof loaded);
      when = iso(loaded, changed);
    }
    if (when && strncmp(when, o->changed_since, strlen(o->changed_since)) < 0) return 0;
  }
  return 1;
}

/* What a query asks of the screening, the same for all of a request's. */
typedef struct match_run {
  const srv *s;
  const srv_gen *g;
  const zeef_list *only; /* /match/{dataset} of one list: its hits alone */
  const srv_match_opts *o;
  size_t scan;
} match_run;

/* Whether the hit passes the request's filters. */
static int wanted(const match_run *m, unsigned kinds, const zeef_hit *h) {
  const zeef_entity *e = zeef_list_entity(h->list, h->entity);
  if (m->only && h->list != m->only) return 0;
  return (kinds & (1u << e->kind)) && passes(m->o, m->g, h);
}

/* ------------------------------------------------------------ Rendering */

/* The answer is written as text, not built as a jansson tree and dumped:
** the entity's part of a result, most of an answer, is the same for every
** query that meets it, so it is made once per generation (entity_text())
** and copied; the parts that change (scores, explanations, the echo) are
** small and go through jansson. Reals are written as answer_json() writes
** them (JSON_REAL_PRECISION(4)). */

/* Appends the compact JSON text of j and drops j; 0, or -1. */
static int put_json(fe_buf *b, json_t *j) {
  char *t =
      j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4) | JSON_ENCODE_ANY) : NULL;
  int rc = t && fe_buf_add(b, t, strlen(t)) == ZEEF_OK ? 0 : -1;
  free(t);
  json_decref(j);
  return rc;
}

/* v as jansson writes a real at precision 4: "%.4g", with ".0" when that
** would read as an integer. */
static int put_real(fe_buf *b, double v) {
  char t[40];
  int n = snprintf(t, sizeof t, "%.4g", v);
  if (!strpbrk(t, ".eE")) n += snprintf(t + n, sizeof t - (size_t)n, ".0");
  return fe_buf_add(b, t, (size_t)n) == ZEEF_OK ? 0 : -1;
}

static int put(fe_buf *b, const char *s) { return fe_buf_add(b, s, strlen(s)) == ZEEF_OK ? 0 : -1; }

/* The length of the valid UTF-8 sequence at s (n bytes left), 0 if none. */
static size_t utf8_len(const unsigned char *s, size_t n) {
  size_t len = s[0] < 0x80             ? 1
               : (s[0] & 0xE0) == 0xC0 ? 2
               : (s[0] & 0xF0) == 0xE0 ? 3
               : (s[0] & 0xF8) == 0xF0 ? 4
                                       : 0;
  if (!len || len > n || (len == 2 && s[0] < 0xC2)) return 0;
  for (size_t i = 1; i < len; i++)
    if ((s[i] & 0xC0) != 0x80) return 0;
  if (len == 3 && ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0)))
    return 0; /* overlong, surrogate */
  if (len == 4 && ((s[0] == 0xF0 && s[1] < 0x90) || s[0] > 0xF4 || (s[0] == 0xF4 && s[1] >= 0x90))) return 0;
  return len;
}

/* s inside a JSON string: quotes, backslashes and control characters
** escaped, a byte that is not UTF-8 written as U+FFFD (the library's
** sentences are UTF-8; this holds whatever they quote). What jansson would
** write, without a json_t for each string of each explanation. */
static int put_esc(fe_buf *b, const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  size_t n = strlen(s), run = 0;
  int rc = 0;
  while (n) {
    size_t len = utf8_len(p + run, n);
    if (len && p[run] >= 0x20 && p[run] != '"' && p[run] != '\\') { /* plain: extend the run */
      run += len;
      n -= len;
      continue;
    }
    rc |= fe_buf_add(b, p, run) != ZEEF_OK;
    if (!len) {
      rc |= put(b, "\\ufffd");
      len = 1;
    } else {
      char esc[8];
      switch (p[run]) {
      case '"': rc |= put(b, "\\\""); break;
      case '\\': rc |= put(b, "\\\\"); break;
      case '\n': rc |= put(b, "\\n"); break;
      case '\t': rc |= put(b, "\\t"); break;
      case '\r': rc |= put(b, "\\r"); break;
      default:
        snprintf(esc, sizeof esc, "\\u%04x", p[run]);
        rc |= put(b, esc);
      }
    }
    p += run + len;
    n -= len;
    run = 0;
  }
  return rc | (fe_buf_add(b, p, run) != ZEEF_OK);
}

static int put_str(fe_buf *b, const char *s) {
  int rc = put(b, "\"");
  rc |= put_esc(b, s);
  return rc | put(b, "\"");
}

/* yente's explanations: each feature's weight in log-odds with zeef's
** sentence as its detail (a feature met twice: the weights add, the
** sentences join with "; "); name_similarity the name score, the alignment
** pair by pair its detail. */
static int put_explanations(fe_buf *b, const zeef_screener *scr, const zeef_name *q, const zeef_hit *h) {
  const zeef_name *en = q ? zeef_screener_hit_name(scr, h) : NULL;
  zeef_pair_text pt;
  int rc = put(b, "{"), first = 1;
  if (q) { /* a query without a name has no name to compare */
    rc |= put(b, "\"name_similarity\":{\"score\":");
    rc |= put_real(b, h->name_score);
    rc |= put(b, ",\"detail\":\"");
    for (size_t i = 0, k = 0; en && i < h->match.npairs; i++) {
      if (zeef_explain_pair(q, en, &h->match.pairs[i], &pt) != ZEEF_OK || !pt.text[0]) continue;
      if (k++) rc |= put(b, "; ");
      rc |= put_esc(b, pt.text);
    }
    rc |= put(b, "\"}");
    first = 0;
  }
  for (size_t i = 0; i < h->nevidence; i++) {
    const zeef_evidence *ev = &h->evidence[i];
    double w = 0;
    size_t k = 0;
    for (size_t j = 0; j < i && !k; j++) k = h->evidence[j].kind == ev->kind; /* written with the first */
    if (k) continue;
    if (!first) rc |= put(b, ",");
    first = 0;
    rc |= put_str(b, zeef_evidence_kind_name(ev->kind));
    for (size_t j = i; j < h->nevidence; j++)
      if (h->evidence[j].kind == ev->kind) w += h->evidence[j].weight;
    rc |= put(b, ":{\"score\":");
    rc |= put_real(b, w);
    rc |= put(b, ",\"detail\":\"");
    for (size_t j = i; j < h->nevidence; j++)
      if (h->evidence[j].kind == ev->kind) {
        if (k++) rc |= put(b, "; ");
        rc |= put_esc(b, h->evidence[j].text);
      }
    rc |= put(b, "\"}");
  }
  return rc | put(b, "}");
}

/* The text of entity_json() for entity k of list li, made on first use and
** kept with the generation (srv_gen.ftm); NULL when out of memory. Two
** threads may make it at once: the first to store it wins. */
static const char *entity_text(const srv *s, const srv_gen *g, size_t li, size_t k) {
  _Atomic(char *) *slot = &g->ftm[li][k];
  char *t = atomic_load_explicit(slot, memory_order_acquire), *none = NULL;
  json_t *j;
  if (t) return t;
  j = entity_json(s, g, g->lists[li], zeef_list_entity(g->lists[li], k));
  t = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4)) : NULL;
  json_decref(j);
  if (!t) return NULL;
  if (!atomic_compare_exchange_strong_explicit(slot, &none, t, memory_order_acq_rel, memory_order_acquire)) {
    free(t);
    t = none;
  }
  return t;
}

/* One result: the entity's text with score, match and explanations added
** before its closing brace. */
static int put_result(fe_buf *b, const match_run *m, const kept *k, const zeef_name *qname) {
  const char *t = entity_text(m->s, m->g, k->list, k->hit.entity);
  int rc;
  if (!t) return -1;
  rc = fe_buf_add(b, t, strlen(t) - 1) == ZEEF_OK ? 0 : -1; /* its '}' comes last */
  rc |= put(b, ",\"score\":");
  rc |= put_real(b, k->hit.score);
  rc |= put(b, k->hit.score >= m->o->threshold ? ",\"match\":true,\"explanations\":"
                                               : ",\"match\":false,\"explanations\":");
  rc |= put_explanations(b, m->g->scr, qname, &k->hit);
  rc |= put(b, "}");
  return rc;
}

/* ------------------------------------------------------------- Queries */

#define SCRATCH_KEEP 256 /* hits a scratch keeps room for between queries */

/* What screening a query needs besides the stack: its hits (MATCH_SCAN_MAX
** of them are 9 MB) and the query itself are too large to make and zero
** for each query. Scratches wait in a stack on the srv between queries;
** at most SCRATCH_SPARE of them. */
typedef struct srv_scratch {
  struct srv_scratch *next;
  zeef_hit *hits;
  kept *set;
  size_t cap;
  mquery q;
} scratch;

#define SCRATCH_SPARE 16

static scratch *scratch_take(const srv *cs) {
  srv *s = (srv *)cs; /* the stack is the one part of srv a request changes */
  scratch *x;
  pthread_mutex_lock(&s->scratch_lock);
  if ((x = s->scratch) != NULL) {
    s->scratch = x->next;
    s->nscratch--;
  }
  pthread_mutex_unlock(&s->scratch_lock);
  if (!x && (x = malloc(sizeof *x)) != NULL) {
    x->hits = NULL;
    x->set = NULL;
    x->cap = 0;
  }
  return x;
}

static void scratch_drop(scratch *x) {
  free(x->hits);
  free(x->set);
  free(x);
}

/* Gives x back; a scratch grown for a wide scan gives its room back. */
static void scratch_give(const srv *cs, scratch *x) {
  srv *s = (srv *)cs;
  if (x->cap > SCRATCH_KEEP) {
    free(x->hits);
    free(x->set);
    x->hits = NULL;
    x->set = NULL;
    x->cap = 0;
  }
  pthread_mutex_lock(&s->scratch_lock);
  if (s->nscratch < SCRATCH_SPARE) {
    x->next = s->scratch;
    s->scratch = x;
    s->nscratch++;
    x = NULL;
  }
  pthread_mutex_unlock(&s->scratch_lock);
  if (x) scratch_drop(x);
}

void srv_match_release(srv *s) {
  while (s->scratch) {
    scratch *x = s->scratch;
    s->scratch = x->next;
    scratch_drop(x);
  }
  s->nscratch = 0;
}

/* Room for cap hits in x; 0, or -1 out of memory. */
static int scratch_room(scratch *x, size_t cap) {
  zeef_hit *h;
  kept *k;
  if (x->cap >= cap) return 0;
  if (!(h = realloc(x->hits, cap * sizeof *h))) return -1;
  x->hits = h;
  if (!(k = realloc(x->set, cap * sizeof *k))) return -1;
  x->set = k;
  x->cap = cap;
  return 0;
}

/* Screens the query's travellers into x->set, scan hits each at first; when
** a scan came back full and the filters left fewer than limit results, the
** hits the filters took may have hidden others: again, four times wider, up
** to MATCH_SCAN_MAX. Sets *nset, *full; -1 out of memory. */
static int gather_hits(const match_run *m, scratch *x, const zeef_traveller *qt, size_t ntrav, unsigned kinds,
                       double min, size_t *nset, int *full) {
  size_t scan = m->scan;
  for (;;) {
    size_t wide = 0;
    if (scratch_room(x, scan)) return -1;
    *nset = 0;
    *full = 0;
    for (size_t i = 0; i < ntrav; i++) {
      size_t n = 0;
      if (zeef_screen(m->g->scr, &qt[i], min, x->hits, scan, &n) != ZEEF_OK) continue;
      *full |= n == scan;
      for (size_t k = 0; k < n; k++) keep(x->set, nset, scan, m->g, &x->hits[k], i);
    }
    if (!*full || scan >= MATCH_SCAN_MAX) return 0;
    for (size_t i = 0; i < *nset && wide < m->o->limit; i++) wide += (size_t)wanted(m, kinds, &x->set[i].hit);
    if (wide >= m->o->limit) return 0;
    scan = scan * 4 < MATCH_SCAN_MAX ? scan * 4 : MATCH_SCAN_MAX;
  }
}

/* Screens one query and writes its answer into b; returns 0, or 400 (500)
** with why filled. */
static int one_query(const match_run *m, json_t *query, scratch *x, fe_buf *b, int *alert, char *why,
                     size_t cap) {
  const srv_match_opts *o = m->o;
  json_t *props = json_object_get(query, "properties"), *schema = json_object_get(query, "schema"), *echo;
  zeef_traveller qt[SRV_QUERY_NAMES_MAX]; /* one per query name */
  mquery *q = &x->q;
  unsigned kinds = 0;
  size_t nset = 0, total = 0, shown = 0, ntrav = 0;
  double floor = o->cutoff < o->threshold ? o->cutoff : o->threshold;
  int full = 0, rc = 0;
  *alert = 0;
  if (!json_is_object(query)) {
    snprintf(why, cap, "is not an object");
    return 400;
  }
  if (!json_is_string(schema)) {
    snprintf(why, cap, "has no schema (Person, Organization, Company, LegalEntity, ...)");
    return 400;
  }
  if (!json_is_object(props)) {
    snprintf(why, cap, "has no properties object");
    return 400;
  }
  for (size_t i = 0; i < sizeof schemas / sizeof schemas[0]; i++)
    if (strcmp(json_string_value(schema), schemas[i].schema) == 0) kinds = schemas[i].kinds;
  if (!kinds) {
    snprintf(why, cap,
             "has schema \"%.40s\"; zeef matches Person, Organization, Company, PublicBody, Vessel, "
             "Airplane, LegalEntity and Thing",
             json_string_value(schema));
    return 400;
  }
  q->nnames = 0;
  q->doc[0] = q->doc_alt[0] = 0;
  memset(&q->rec, 0, sizeof q->rec);
  q->warnings = json_array();
  q->understood = json_object();
  q->rec.id = "";
  read_query(m->s, props, q);
  /* each name a traveller; no name but an identifier: one, on documents */
  for (size_t i = 0; i < (q->nnames ? q->nnames : 1); i++) {
    zeef_status st;
    q->rec.name = q->nnames ? q->names[i] : "";
    st = zeef_traveller_from_record(m->s->ctx, &q->rec, &qt[ntrav]);
    if (st == ZEEF_E_EMPTY && !q->nnames) {
      warn(q, "no name and no identifier to screen on");
      continue;
    }
    if (st) {
      warn(q, "name \"%.60s\" cannot be screened: %s", q->rec.name, zeef_strerror(st));
      continue;
    }
    ntrav++;
  }
  if (gather_hits(m, x, qt, ntrav, kinds, floor > SRV_MIN_SCORE_FLOOR ? floor : SRV_MIN_SCORE_FLOOR, &nset,
                  &full))
    rc = -1;
  qsort(x->set, nset, sizeof *x->set, by_score);
  rc |= put(b, "{\"status\":200,\"results\":[");
  for (size_t i = 0; i < nset && !rc; i++) {
    const kept *k = &x->set[i];
    if (!wanted(m, kinds, &k->hit)) continue;
    if (k->hit.score >= o->threshold) total++, *alert = 1;
    if (k->hit.score <= floor || shown == o->limit) continue;
    if (shown++) rc |= put(b, ",");
    rc |= put_result(b, m, k, qt[k->qname].name);
  }
  rc |= fe_buf_printf(b, "],\"total\":{\"value\":%zu,\"relation\":\"%s\"},\"query\":", total,
                      full ? "gte" : "eq") != ZEEF_OK;
  echo = json_pack("{s:O, s:O}", "schema", schema, "properties", q->understood);
  if (echo && json_is_string(json_object_get(query, "id")))
    json_object_set(echo, "id", json_object_get(query, "id"));
  rc |= put_json(b, echo);
  if (json_array_size(q->warnings)) {
    rc |= put(b, ",\"warnings\":");
    rc |= put_json(b, json_incref(q->warnings));
  }
  rc |= put(b, "}");
  json_decref(q->warnings);
  json_decref(q->understood);
  for (size_t i = 0; i < ntrav; i++) zeef_traveller_clear(&qt[i]);
  if (rc) {
    snprintf(why, cap, "cannot be answered: out of memory");
    return 500;
  }
  return 0;
}

/* An upper bound on the names a query screens: its name and alias values,
** and one name composed of lastName, firstName and the like. */
static size_t names_of(json_t *query) {
  json_t *props = json_object_get(query, "properties");
  size_t n = nvalues(props, "name") + nvalues(props, "alias");
  if (json_object_get(props, "lastName") || json_object_get(props, "firstName")) n++;
  if (!n) n = 1; /* identifiers alone */
  return n < SRV_QUERY_NAMES_MAX ? n : SRV_QUERY_NAMES_MAX;
}

/* One query's outcome: its answer text, or why it could not be screened. */
typedef struct match_task {
  const char *key;
  fe_buf text; /* its answer */
  int status, alert;
  char why[SRV_DETAIL_MAX - 80];
} match_task;

static void run_query(const match_run *m, json_t *query, match_task *t) {
  scratch *x = scratch_take(m->s);
  if (!x) {
    t->status = 500;
    snprintf(t->why, sizeof t->why, "cannot be screened: out of memory");
    return;
  }
  t->status = one_query(m, query, x, &t->text, &t->alert, t->why, sizeof t->why);
  scratch_give(m->s, x);
}

/* The body's own parts: queries (required, not empty), weights (taken and
** unused), config (zeef's model has no settings: any key is unknown).
** Returns 0, or 400 with *out an error. */
static int check_body(json_t *body, json_t **out) {
  json_t *queries = json_object_get(body, "queries"), *config = json_object_get(body, "config");
  if (!json_is_object(body) || !json_is_object(queries)) {
    *out = srv_error("bad_request", "the body is {\"queries\": {\"q1\": {\"schema\": \"Person\", "
                                    "\"properties\": {\"name\": [...]}}}}");
    return 400;
  }
  if (!json_object_size(queries)) {
    *out = srv_error("bad_request", "no queries provided");
    return 400;
  }
  if (config && !json_is_null(config)) {
    const char *key;
    json_t *v;
    if (!json_is_object(config)) {
      *out = srv_error("bad_request", "config is an object of the algorithm's settings");
      return 400;
    }
    json_object_foreach(config, key, v) {
      *out =
          srv_error("bad_request", "invalid configuration parameter: %.60s for algorithm %s", key, ALGORITHM);
      return 400;
    }
  }
  return 0;
}

size_t srv_match_work(json_t *body) {
  json_t *queries = json_object_get(body, "queries"), *query;
  const char *key;
  size_t names = 0;
  if (!json_is_object(queries)) return 0;
  json_object_foreach(queries, key, query) names += names_of(query);
  return names;
}

int srv_match(const srv *s, const srv_gen *g, const char *dataset, json_t *body, const srv_match_opts *o,
              fe_buf *answer, json_t **err, size_t *nqueries, size_t *nalerts) {
  json_t *queries, *query;
  const char *key;
  match_task *tasks;
  match_run m;
  size_t nq, names = 0, i = 0;
  int status = 200;
  *nqueries = *nalerts = 0;
  *err = NULL;
  memset(&m, 0, sizeof m);
  if (strcmp(dataset, "default") != 0) {
    for (size_t k = 0; !m.only && k < g->nlists; k++)
      if (strcmp(dataset, zeef_list_name(g->lists[k])) == 0) m.only = g->lists[k];
    if (!m.only) {
      *err = srv_error("unknown_dataset",
                       "no list named \"%.64s\" is served; GET /catalog names them, or use default", dataset);
      return 404;
    }
  }
  if ((status = check_body(body, err)) != 0) return status;
  status = 200;
  queries = json_object_get(body, "queries");
  nq = json_object_size(queries);
  if (nq > SRV_QUERIES_MAX) {
    *err = srv_error("too_many_queries", "%zu queries in one request; at most %d", nq, SRV_QUERIES_MAX);
    return 413;
  }
  names = srv_match_work(body);
  if (names > SRV_MATCH_NAMES_MAX || nq * o->limit > SRV_MATCH_RESULTS_MAX) {
    *err = srv_error("too_much_work",
                     "%zu queries with %zu names and limit=%zu; one request may screen %d names and ask "
                     "for %d results (queries x limit): send the queries in parts",
                     nq, names, o->limit, SRV_MATCH_NAMES_MAX, SRV_MATCH_RESULTS_MAX);
    return 413;
  }
  m.s = s;
  m.g = g;
  m.o = o;
  m.scan = o->limit * 4;
  if (m.scan < MATCH_SCAN_MIN) m.scan = MATCH_SCAN_MIN;
  if (m.scan > MATCH_SCAN_MAX) m.scan = MATCH_SCAN_MAX;
  if (!(tasks = calloc(nq, sizeof *tasks))) {
    *err = srv_error("out_of_memory", "the request could not be screened: out of memory");
    return 500;
  }
  /* one after another on this thread: the caller chose the thread (an
  ** HTTP event thread for a small request, the pool for a large one) */
  json_object_foreach(queries, key, query) {
    match_task *t = &tasks[i++];
    t->key = key;
    fe_buf_init(&t->text, SRV_ANSWER_MAX);
    run_query(&m, query, t);
  }
  for (i = 0; i < nq && status == 200; i++)
    if (tasks[i].status) {
      status = tasks[i].status;
      *err = srv_error(status == 400 ? "bad_query" : "out_of_memory", "query \"%.40s\" %s", tasks[i].key,
                       tasks[i].why);
    }
  if (status == 200) {
    int rc = put(answer, "{\"responses\":{");
    for (i = 0; i < nq; i++) {
      if (i) rc |= put(answer, ",");
      rc |= put_json(answer, json_string(tasks[i].key));
      rc |= put(answer, ":");
      rc |= fe_buf_add(answer, tasks[i].text.p, tasks[i].text.len) != ZEEF_OK;
      ++*nqueries;
      *nalerts += (size_t)tasks[i].alert;
    }
    rc |= fe_buf_printf(answer, "},\"limit\":%zu}\n", o->limit) != ZEEF_OK;
    if (rc) {
      status = 500;
      *err = srv_error("out_of_memory", "the answer could not be made: out of memory");
    }
  }
  for (i = 0; i < nq; i++) fe_buf_free(&tasks[i].text);
  free(tasks);
  return status;
}

/* ------------------------------------------------------ Catalog, entities */

json_t *srv_catalog(const srv *s, const srv_gen *g) {
  json_t *datasets = json_array(), *current = json_array(), *children = json_array();
  char when[32];
  size_t total = 0;
  (void)s;
  srv_time_iso(g->loaded_at, when, sizeof when);
  for (size_t i = 0; i < g->nlists; i++) {
    const zeef_list *l = g->lists[i];
    const char *name = zeef_list_name(l), *pub = *zeef_list_published(l) ? zeef_list_published(l) : when;
    json_array_append_new(datasets,
                          json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:b, s:s, s:s, s:b}", "name", name,
                                    "title", name, "type", "source", "version", zeef_list_version(l),
                                    "updated_at", pub, "last_change", pub, "entity_count",
                                    (json_int_t)zeef_list_count(l), "load", 1, "index_version",
                                    zeef_list_version(l), "sha256", zeef_list_digest(l), "index_current", 1));
    json_array_append_new(current, json_string(name));
    json_array_append_new(children, json_string(name));
    total += zeef_list_count(l);
  }
  {
    char version[32];
    snprintf(version, sizeof version, "%lu", g->serial);
    json_array_append_new(
        datasets, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:o, s:b, s:s, s:b}", "name", "default",
                            "title", "Every list zeef serves", "type", "collection", "version", version,
                            "updated_at", when, "last_change", when, "entity_count", (json_int_t)total,
                            "children", children, "load", 1, "index_version", version, "index_current", 1));
    json_array_append_new(current, json_string("default"));
  }
  return json_pack("{s:o, s:o, s:[], s:b}", "datasets", datasets, "current", current, "outdated",
                   "index_stale", 0);
}

json_t *srv_algorithms(void) {
  return json_pack("{s:[{s:s, s:s, s:{}, s:{}}], s:s, s:s}", "algorithms", "name", ALGORITHM, "description",
                   "zeef's deterministic screening score: name similarity across scripts "
                   "and spellings "
                   "(model " ZEEF_MODEL_VERSION
                   "), weighed with name rarity, birth date, nationality, gender "
                   "and documents as log-odds; docs/matching.md",
                   "features", "docs", "default", ALGORITHM, "best", ALGORITHM);
}

int srv_entity(const srv *s, const srv_gen *g, const char *id, json_t **out) {
  /* "DATASET:ID" first, then a list's own id or another id, in list order */
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < g->nlists; i++) {
      const zeef_list *l = g->lists[i];
      size_t n = strlen(zeef_list_name(l));
      if (pass == 0 && (strncmp(id, zeef_list_name(l), n) != 0 || id[n] != ':')) continue;
      for (size_t k = 0; k < zeef_list_count(l); k++) {
        const zeef_entity *e = zeef_list_entity(l, k);
        if (pass == 0 ? strcmp(id + n + 1, e->id) == 0 : names_entity(id, l, e)) {
          *out = entity_json(s, g, l, e);
          return 200;
        }
      }
    }
  *out = srv_error("not_found", "no listed entity has the id \"%.64s\"", id);
  return 404;
}
