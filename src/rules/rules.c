/*
** rules.c: pre-determined criteria over bookings (zeef.h, "Rules";
** docs/rules.md). A rules file is JSON: {"sets": {NAME: [IATA airport
** codes]}, "rules": [{"id", "description", "purpose", "legal_basis",
** "owner", "review_by", "conditions": {...}}]}. Loading checks every rule
** and refuses the file when any rule is refused, naming each problem:
** a field or condition that refers to a protected characteristic or a
** known proxy for one (the guard, below), a review date passed, a purpose,
** legal basis or owner missing, an unknown condition, a value of the wrong
** kind. Conditions are compiled into a fixed struct; evaluating one rule on
** one traveller reads the booking and allocates nothing.
**
** Conditions (all must hold):
**   origin, destination, via, touches   an airport set (a list of IATA
**       codes, or "@NAME" of a set): the first origin, the last
**       destination, a stop between legs, any airport of the itinerary
**   broken_journey_hours N   a stop of more than N hours between two legs,
**       or legs that do not join (arrival at one airport, departure from
**       another); on a round trip the longest stop is the stay, not a break
**   one_way true|false       the itinerary does not come back to its origin
**   booked_within_hours N    the booking made at most N hours before the
**       first departure
**   paid_in_cash true        a payment in cash
**   travelling_alone true    no other traveller (infants aside) on the booking
**   document_missing true    the traveller's booking gives no document number
**   document_expires_within_days N   the document expires within N days of
**       the first departure (or has expired)
**   document_type [codes]    the document's type: P passport, I identity card...
*/
#include "../internal.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define RULES_MAX 256
#define SET_MAX 128    /* airports in one set */
#define SETS_MAX 64
#define DOC_TYPES_MAX 8
#define FIELD 256

typedef struct aset {
  size_t n;
  char code[SET_MAX][4];
  char name[48]; /* "@NAME" when it came from a named set, else "" */
} aset;

enum {
  C_ORIGIN = 1u << 0, C_DEST = 1u << 1, C_VIA = 1u << 2, C_TOUCHES = 1u << 3, C_BROKEN = 1u << 4,
  C_ONE_WAY = 1u << 5, C_BOOKED = 1u << 6, C_CASH = 1u << 7, C_ALONE = 1u << 8, C_DOC_MISSING = 1u << 9,
  C_DOC_EXPIRES = 1u << 10, C_DOC_TYPE = 1u << 11
};

typedef struct rule {
  char id[64], description[FIELD], purpose[FIELD], legal_basis[FIELD], owner[128], review_by[11];
  unsigned has; /* C_* */
  aset origin, dest, via, touches;
  double broken_hours, booked_hours, expires_days;
  int one_way;
  size_t ndoc_types;
  char doc_types[DOC_TYPES_MAX][4];
} rule;

struct zeef_rules {
  const mem *m;
  size_t n;
  rule r[];
};

/* ----------------------------------------------------------------- Guard */

/* Fields and conditions that name a protected characteristic or a proxy,
** with why they are refused. Matched on the key (a condition's or any
** field's), lower case, as a whole or as a part between underscores. */
static const struct {
  const char *word, *why;
} guarded[] = {
    {"religion", "religion or belief is a protected characteristic"},
    {"religious", "religion or belief is a protected characteristic"},
    {"belief", "religion or belief is a protected characteristic"},
    {"race", "race or ethnic origin is a protected characteristic"},
    {"ethnic", "race or ethnic origin is a protected characteristic"},
    {"ethnicity", "race or ethnic origin is a protected characteristic"},
    {"political", "political opinions are a protected characteristic"},
    {"union", "trade-union membership is a protected characteristic"},
    {"health", "health is a protected characteristic"},
    {"medical", "medical needs reveal health, a protected characteristic"},
    {"disability", "a disability reveals health, a protected characteristic"},
    {"sexual", "sex life and sexual orientation are protected characteristics"},
    {"orientation", "sexual orientation is a protected characteristic"},
    {"sex", "a traveller's sex is not a criterion: rules would profile by it"},
    {"gender", "a traveller's sex is not a criterion: rules would profile by it"},
    {"meal", "meal requests reveal religion (kosher, halal, Hindu) and health (diabetic, gluten-free)"},
    {"ssr", "special service requests for meals and medical needs reveal religion and health"},
    {"special", "special service requests for meals and medical needs reveal religion and health"},
    {"name", "a name's origin stands for ethnic origin"},
    {"surname", "a name's origin stands for ethnic origin"},
    {"nationality", "nationality stands for national or ethnic origin"},
    {"citizenship", "nationality stands for national or ethnic origin"},
    {"issuer", "a document's issuing state stands for nationality, and so for national or ethnic origin"},
    {"birth", "a place or country of birth stands for national or ethnic origin"},
    {"language", "a language stands for ethnic origin"},
};

/* Service request codes for meals and medical needs: refused wherever a
** condition holds them. */
static const char *const sensitive_codes[] = {
    "AVML", "BBML", "BLML", "CHML", "DBML", "FPML", "GFML", "HFML", "HNML", "JPML", "JNML", "KSML", "LCML",
    "LFML", "LPML", "LSML", "MOML", "NLML", "ORML", "PRML", "RVML", "SFML", "SPML", "VGML", "VJML", "VLML",
    "VOML", "NFML", "PFML", "WCHR", "WCHS", "WCHC", "WCMP", "WCOB", "MEDA", "BLND", "DEAF", "DPNA", "OXYG",
    "STCR", "MAAS", "POXY", "PPOC", "LEGL", "LEGR"};

/* The guard's reason for key, or NULL. */
static const char *guard_key(const char *key) {
  char k[64];
  size_t n = 0;
  for (; key[n] && n + 1 < sizeof k; n++) k[n] = (char)((key[n] >= 'A' && key[n] <= 'Z') ? key[n] + 32 : key[n]);
  k[n] = 0;
  for (size_t i = 0; i < sizeof guarded / sizeof guarded[0]; i++) {
    size_t w = strlen(guarded[i].word);
    for (const char *p = k; (p = strstr(p, guarded[i].word)) != NULL; p++) {
      int start = p == k || p[-1] == '_' || p[-1] == '-', end = !p[w] || p[w] == '_' || p[w] == '-' || p[w] == 's';
      if (start && end) return guarded[i].why;
    }
  }
  return NULL;
}

/* The guard's reason for a string value, or NULL. */
static const char *guard_value(const char *v) {
  for (size_t i = 0; i < sizeof sensitive_codes / sizeof sensitive_codes[0]; i++)
    if (strcasecmp(v, sensitive_codes[i]) == 0)
      return "meal and medical service request codes reveal religion and health, protected characteristics";
  return NULL;
}

/* ---------------------------------------------------------------- Load */

typedef struct loader {
  char *err;
  size_t cap, len;
  int problems;
  json_t *sets;
  const char *today;
} loader;

static void problem(loader *l, const char *id, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void problem(loader *l, const char *id, const char *fmt, ...) {
  va_list ap;
  l->problems++;
  if (!l->err || l->len + 1 >= l->cap) return;
  l->len += (size_t)snprintf(l->err + l->len, l->cap - l->len, "%srule %s: ", l->len ? "\n" : "", id);
  if (l->len >= l->cap) {
    l->len = l->cap - 1;
    return;
  }
  va_start(ap, fmt);
  l->len += (size_t)vsnprintf(l->err + l->len, l->cap - l->len, fmt, ap);
  va_end(ap);
  if (l->len >= l->cap) l->len = l->cap - 1;
}

static int airport(const char *s) {
  return strlen(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && s[2] >= 'A' && s[2] <= 'Z';
}

/* Reads an airport set: a list of codes and "@NAME"s, or one "@NAME". */
static int read_set(loader *l, const char *id, const char *cond, json_t *v, aset *out, int depth) {
  size_t i;
  json_t *x;
  if (json_is_string(v)) {
    const char *s = json_string_value(v);
    json_t *named = s[0] == '@' ? json_object_get(l->sets, s + 1) : NULL;
    if (!named || depth > 0) {
      problem(l, id, "%s: \"%.40s\" is not a set of the file's \"sets\"", cond, s);
      return -1;
    }
    if (!out->name[0]) snprintf(out->name, sizeof out->name, "%.46s", s);
    return read_set(l, id, cond, named, out, depth + 1);
  }
  if (!json_is_array(v) || !json_array_size(v)) {
    problem(l, id, "%s is a list of IATA airport codes or \"@SET\"", cond);
    return -1;
  }
  json_array_foreach(v, i, x) {
    const char *s = json_string_value(x), *why;
    if (!s) {
      problem(l, id, "%s holds something that is not a string", cond);
      return -1;
    }
    if ((why = guard_value(s)) != NULL) {
      problem(l, id, "%s holds \"%.8s\": refused: %s", cond, s, why);
      return -1;
    }
    if (s[0] == '@') {
      if (read_set(l, id, cond, x, out, depth + 1)) return -1;
      continue;
    }
    if (!airport(s)) {
      problem(l, id, "%s: \"%.20s\" is not an IATA airport code (three capital letters)", cond, s);
      return -1;
    }
    if (out->n == SET_MAX) {
      problem(l, id, "%s has more than %d airports", cond, SET_MAX);
      return -1;
    }
    memcpy(out->code[out->n++], s, 4);
  }
  return 0;
}

static int number(loader *l, const char *id, const char *cond, json_t *v, double max, double *out) {
  if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > max) {
    problem(l, id, "%s is a number from 0 to %g", cond, max);
    return -1;
  }
  *out = json_number_value(v);
  return 0;
}

static int flag(loader *l, const char *id, const char *cond, json_t *v, int *out) {
  if (!json_is_boolean(v)) {
    problem(l, id, "%s is true or false", cond);
    return -1;
  }
  *out = json_is_true(v);
  return 0;
}

static void read_conditions(loader *l, rule *r, json_t *c) {
  const char *key;
  json_t *v;
  int b;
  if (!json_is_object(c) || !json_object_size(c)) {
    problem(l, r->id, "\"conditions\" is an object of at least one condition");
    return;
  }
  json_object_foreach(c, key, v) {
    const char *why = guard_key(key);
    if (why) {
      problem(l, r->id, "condition \"%.40s\" refused: %s", key, why);
      continue;
    }
    if (json_is_string(v) && (why = guard_value(json_string_value(v)))) {
      problem(l, r->id, "condition \"%.40s\" refused: %s", key, why);
      continue;
    }
    if (!strcmp(key, "origin")) r->has |= read_set(l, r->id, key, v, &r->origin, 0) ? 0 : C_ORIGIN;
    else if (!strcmp(key, "destination")) r->has |= read_set(l, r->id, key, v, &r->dest, 0) ? 0 : C_DEST;
    else if (!strcmp(key, "via")) r->has |= read_set(l, r->id, key, v, &r->via, 0) ? 0 : C_VIA;
    else if (!strcmp(key, "touches")) r->has |= read_set(l, r->id, key, v, &r->touches, 0) ? 0 : C_TOUCHES;
    else if (!strcmp(key, "broken_journey_hours"))
      r->has |= number(l, r->id, key, v, 24 * 365, &r->broken_hours) ? 0 : C_BROKEN;
    else if (!strcmp(key, "booked_within_hours"))
      r->has |= number(l, r->id, key, v, 24 * 365, &r->booked_hours) ? 0 : C_BOOKED;
    else if (!strcmp(key, "document_expires_within_days"))
      r->has |= number(l, r->id, key, v, 3650, &r->expires_days) ? 0 : C_DOC_EXPIRES;
    else if (!strcmp(key, "one_way")) r->has |= flag(l, r->id, key, v, &r->one_way) ? 0 : C_ONE_WAY;
    else if (!strcmp(key, "paid_in_cash") || !strcmp(key, "travelling_alone") ||
             !strcmp(key, "document_missing")) {
      if (flag(l, r->id, key, v, &b)) continue;
      if (!b) problem(l, r->id, "%s can only be true", key);
      else r->has |= key[0] == 'p' ? C_CASH : key[0] == 't' ? C_ALONE : C_DOC_MISSING;
    } else if (!strcmp(key, "document_type")) {
      size_t i;
      json_t *x;
      if (!json_is_array(v) || !json_array_size(v) || json_array_size(v) > DOC_TYPES_MAX) {
        problem(l, r->id, "document_type is a list of up to %d document type codes (P, I, ...)", DOC_TYPES_MAX);
        continue;
      }
      json_array_foreach(v, i, x) {
        const char *s = json_string_value(x);
        if (!s || !s[0] || strlen(s) > 3) {
          problem(l, r->id, "document_type holds \"%.10s\", not a type code of one to three letters", s ? s : "?");
          break;
        }
        snprintf(r->doc_types[r->ndoc_types++], 4, "%s", s);
      }
      r->has |= C_DOC_TYPE;
    } else {
      problem(l, r->id, "unknown condition \"%.40s\" (docs/rules.md lists them)", key);
    }
  }
}

/* A required text field of rule o into out. */
static void text(loader *l, rule *r, json_t *o, const char *key, char *out, size_t cap) {
  const char *s = json_string_value(json_object_get(o, key));
  if (!s || !s[0]) {
    problem(l, r->id, "\"%s\" is missing: every rule says it", key);
    return;
  }
  if (strlen(s) >= cap) problem(l, r->id, "\"%s\" is longer than %zu bytes", key, cap - 1);
  snprintf(out, cap, "%s", s);
}

static int valid_day(const char *s) {
  int y, m, d;
  char extra;
  return strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) == 3 && m >= 1 && m <= 12 && d >= 1 &&
         d <= 31;
}

static void read_rule(loader *l, rule *r, json_t *o, size_t index) {
  const char *key;
  json_t *v;
  static const char *const fields[] = {"id", "description", "purpose", "legal_basis", "owner", "review_by",
                                       "conditions"};
  const char *id = json_string_value(json_object_get(o, "id"));
  snprintf(r->id, sizeof r->id, "%s", id && id[0] ? id : "");
  if (!r->id[0]) {
    snprintf(r->id, sizeof r->id, "#%zu", index + 1);
    problem(l, r->id, "\"id\" is missing: every rule has one");
  }
  json_object_foreach(o, key, v) {
    int known = 0;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) known |= strcmp(key, fields[i]) == 0;
    if (!known) {
      const char *why = guard_key(key);
      if (why) problem(l, r->id, "field \"%.40s\" refused: %s", key, why);
      else problem(l, r->id, "unknown field \"%.40s\"", key);
    }
  }
  text(l, r, o, "description", r->description, sizeof r->description);
  text(l, r, o, "purpose", r->purpose, sizeof r->purpose);
  text(l, r, o, "legal_basis", r->legal_basis, sizeof r->legal_basis);
  text(l, r, o, "owner", r->owner, sizeof r->owner);
  text(l, r, o, "review_by", r->review_by, sizeof r->review_by);
  if (r->review_by[0] && !valid_day(r->review_by))
    problem(l, r->id, "review_by \"%s\" is not a date YYYY-MM-DD", r->review_by);
  else if (r->review_by[0] && strcmp(r->review_by, l->today) < 0)
    problem(l, r->id, "its review date %s has passed (today is %s): review the rule, then set the next date",
            r->review_by, l->today);
  read_conditions(l, r, json_object_get(o, "conditions"));
}

zeef_status zeef_rules_load(const zeef_ctx *ctx, const char *json, size_t len, const char *today,
                            zeef_rules **rules, char *err, size_t cap) {
  json_error_t je;
  json_t *doc, *list, *x;
  loader l;
  char day[11];
  zeef_rules *rs;
  size_t i;
  if (err && cap) err[0] = 0;
  if (!ctx || !rules || (!json && len)) return ZEEF_E_INVALID;
  *rules = NULL;
  memset(&l, 0, sizeof l);
  l.err = cap ? err : NULL;
  l.cap = cap;
  if (!today) {
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    today = day;
  }
  l.today = today;
  if (!(doc = json_loadb(json ? json : "", len, JSON_REJECT_DUPLICATES, &je))) {
    if (err && cap) snprintf(err, cap, "not JSON: line %d: %s", je.line, je.text);
    return ZEEF_E_FORMAT;
  }
  list = json_object_get(doc, "rules");
  l.sets = json_object_get(doc, "sets");
  if (!json_is_object(doc) || !json_is_array(list) || (l.sets && !json_is_object(l.sets))) {
    if (err && cap) snprintf(err, cap, "a rules file is {\"sets\": {...}, \"rules\": [...]} (docs/rules.md)");
    json_decref(doc);
    return ZEEF_E_FORMAT;
  }
  if (json_array_size(list) > RULES_MAX || (l.sets && json_object_size(l.sets) > SETS_MAX)) {
    if (err && cap) snprintf(err, cap, "at most %d rules and %d sets", RULES_MAX, SETS_MAX);
    json_decref(doc);
    return ZEEF_E_FORMAT;
  }
  rs = mem_calloc(&ctx->m, 1, sizeof *rs + json_array_size(list) * sizeof(rule));
  if (!rs) {
    json_decref(doc);
    return ZEEF_E_NOMEM;
  }
  rs->m = &ctx->m;
  json_array_foreach(list, i, x) {
    rule *r = &rs->r[i];
    if (!json_is_object(x)) {
      char n[24];
      snprintf(n, sizeof n, "#%zu", i + 1);
      problem(&l, n, "is not an object");
      continue;
    }
    read_rule(&l, r, x, i);
    for (size_t k = 0; k < i; k++)
      if (strcmp(rs->r[k].id, r->id) == 0) problem(&l, r->id, "the id is used by another rule too");
  }
  rs->n = json_array_size(list);
  json_decref(doc);
  if (l.problems) {
    mem_free(&ctx->m, rs);
    return ZEEF_E_FORMAT;
  }
  *rules = rs;
  return ZEEF_OK;
}

void zeef_rules_free(zeef_rules *rules) {
  if (rules) mem_free(rules->m, rules);
}

size_t zeef_rules_count(const zeef_rules *rules) { return rules ? rules->n : 0; }

const char *zeef_rule_id(const zeef_rules *rules, size_t i) { return rules && i < rules->n ? rules->r[i].id : NULL; }

const char *zeef_rule_description(const zeef_rules *rules, size_t i) {
  return rules && i < rules->n ? rules->r[i].description : NULL;
}

/* ---------------------------------------------------------------- Eval */

/* The number of the n digits at s, or -1. */
static int digits(const char *s, int n) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + s[i] - '0';
  }
  return v;
}

/* Minutes since 1970 of "YYYY-MM-DD[THH:MM]", or -1. */
static long long minutes(const char *s) {
  int y, m, d, hh = 0, mm = 0;
  long long days;
  if ((y = digits(s, 4)) < 0 || s[4] != '-' || (m = digits(s + 5, 2)) < 1 || m > 12 || s[7] != '-' ||
      (d = digits(s + 8, 2)) < 1)
    return -1;
  if (s[10] == 'T' && ((hh = digits(s + 11, 2)) < 0 || s[13] != ':' || (mm = digits(s + 14, 2)) < 0))
    return -1;
  /* days from civil (Howard Hinnant's algorithm) */
  y -= m <= 2;
  {
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    days = era * 146097 + (long long)doe - 719468;
  }
  return days * 1440 + hh * 60 + mm;
}

static int in_set(const aset *a, const char *code) {
  for (size_t i = 0; i < a->n; i++)
    if (memcmp(a->code[i], code, 4) == 0) return 1;
  return 0;
}

typedef struct out {
  char *p;
  size_t cap, len;
} out;

static void say(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(out *o, const char *fmt, ...) {
  va_list ap;
  int n;
  if (!o || o->len + 3 >= o->cap) return; /* no o: only whether the rule holds */
  if (o->len) o->len += (size_t)snprintf(o->p + o->len, o->cap - o->len, "; ");
  va_start(ap, fmt);
  n = vsnprintf(o->p + o->len, o->cap - o->len, fmt, ap);
  va_end(ap);
  if (n > 0) o->len += (size_t)n;
  if (o->len >= o->cap) o->len = o->cap - 1;
}

static const char *set_name(const aset *a) { return a->name[0] ? a->name : "the rule's set"; }

/* The traveller's document: the first with a number (not an infant's sent
** on the adult's record). */
static const zeef_pnr_doc *doc_of(const zeef_pnr_traveller *t) {
  for (size_t i = 0; i < t->ndocs; i++)
    if (t->docs[i].number[0] && (!t->docs[i].infant || t->infant)) return &t->docs[i];
  return NULL;
}

/* Whether rule r holds for traveller t of p; says why into o. */
static int holds(const rule *r, const zeef_pnr *p, const zeef_pnr_traveller *t, out *o) {
  size_t n = p->nlegs;
  const zeef_pnr_leg *first = n ? &p->legs[0] : NULL, *last = n ? &p->legs[n - 1] : NULL;
  long long dep = first ? minutes(first->departure) : -1;
  if ((r->has & (C_ORIGIN | C_DEST | C_VIA | C_TOUCHES | C_BROKEN | C_ONE_WAY | C_BOOKED | C_DOC_EXPIRES)) && !n)
    return 0; /* conditions on a route need one */
  if (r->has & C_ORIGIN) {
    if (!in_set(&r->origin, first->origin)) return 0;
    say(o, "starts at %s (in %s)", first->origin, set_name(&r->origin));
  }
  if (r->has & C_DEST) {
    if (!in_set(&r->dest, last->destination)) return 0;
    say(o, "ends at %s (in %s)", last->destination, set_name(&r->dest));
  }
  if (r->has & C_VIA) {
    size_t i;
    for (i = 0; i + 1 < n && !in_set(&r->via, p->legs[i].destination); i++) {}
    if (i + 1 >= n) return 0;
    say(o, "stops at %s (in %s)", p->legs[i].destination, set_name(&r->via));
  }
  if (r->has & C_TOUCHES) {
    size_t i;
    const char *hit = NULL;
    for (i = 0; i < n && !hit; i++) {
      if (in_set(&r->touches, p->legs[i].origin)) hit = p->legs[i].origin;
      else if (in_set(&r->touches, p->legs[i].destination)) hit = p->legs[i].destination;
    }
    if (!hit) return 0;
    say(o, "passes through %s (in %s)", hit, set_name(&r->touches));
  }
  if (r->has & C_ONE_WAY) {
    int one_way = strcmp(last->destination, first->origin) != 0;
    if (one_way != r->one_way) return 0;
    say(o, one_way ? "one way (%s to %s)" : "a round trip (%s and back from %s)", first->origin,
        last->destination);
  }
  if (r->has & C_BROKEN) {
    /* the longest stop of a round trip is its stay */
    size_t stay = n, broken = n;
    long long longest = -1, gap = 0;
    if (strcmp(last->destination, first->origin) == 0)
      for (size_t i = 0; i + 1 < n; i++) {
        long long a = minutes(p->legs[i].arrival[0] ? p->legs[i].arrival : p->legs[i].departure),
                  b = minutes(p->legs[i + 1].departure);
        if (a >= 0 && b >= 0 && b - a > longest) longest = b - a, stay = i;
      }
    for (size_t i = 0; i + 1 < n && broken == n; i++) {
      long long a = minutes(p->legs[i].arrival[0] ? p->legs[i].arrival : p->legs[i].departure),
                b = minutes(p->legs[i + 1].departure);
      if (i == stay) continue;
      if (strcmp(p->legs[i].destination, p->legs[i + 1].origin) != 0) {
        broken = i;
        gap = -1;
      } else if (a >= 0 && b >= 0 && b - a > (long long)(r->broken_hours * 60)) {
        broken = i;
        gap = b - a;
      }
    }
    if (broken == n) return 0;
    if (gap < 0)
      say(o, "a broken journey: arrives at %s, goes on from %s", p->legs[broken].destination,
          p->legs[broken + 1].origin);
    else
      say(o, "a broken journey: %lld h at %s between %s%s and %s%s (more than %g h)", gap / 60,
          p->legs[broken].destination, p->legs[broken].carrier, p->legs[broken].flight, p->legs[broken + 1].carrier,
          p->legs[broken + 1].flight, r->broken_hours);
  }
  if (r->has & C_BOOKED) {
    long long b = minutes(p->booked[0] ? p->booked : p->created);
    if (b < 0 || dep < 0 || dep - b < 0 || dep - b > (long long)(r->booked_hours * 60)) return 0;
    say(o, "booked %lld h before departure (within %g h)", (dep - b) / 60, r->booked_hours);
  }
  if (r->has & C_CASH) {
    size_t i;
    for (i = 0; i < p->npayments && strcmp(p->payments[i].type, "CA") != 0; i++) {}
    if (i == p->npayments) return 0;
    say(o, "paid in cash%s%s", p->payments[i].amount[0] ? " " : "", p->payments[i].amount);
  }
  if (r->has & C_ALONE) {
    size_t others = 0;
    for (size_t i = 0; i < p->ntravellers; i++) others += &p->travellers[i] != t && !p->travellers[i].infant;
    if (others) return 0;
    say(o, "travels alone");
  }
  if (r->has & (C_DOC_MISSING | C_DOC_EXPIRES | C_DOC_TYPE)) {
    const zeef_pnr_doc *d = doc_of(t);
    if (r->has & C_DOC_MISSING) {
      if (d) return 0;
      say(o, "the booking gives no document number");
    }
    if (r->has & C_DOC_EXPIRES) {
      char e[16];
      long long x;
      if (!d || d->expiry.kind != ZEEF_DATE_DAY || dep < 0) return 0;
      snprintf(e, sizeof e, "%04d-%02d-%02d", d->expiry.year, d->expiry.month, d->expiry.day);
      x = minutes(e);
      if (x < 0 || x - dep > (long long)(r->expires_days * 1440)) return 0;
      say(o, "document %s expires %s, %lld days after departure (within %g)", d->number, e, (x - dep) / 1440,
          r->expires_days);
    }
    if (r->has & C_DOC_TYPE) {
      size_t i;
      if (!d) return 0;
      for (i = 0; i < r->ndoc_types && strcmp(r->doc_types[i], d->type) != 0; i++) {}
      if (i == r->ndoc_types) return 0;
      say(o, "travels on a document of type %s", d->type);
    }
  }
  return 1;
}

size_t zeef_rules_eval(const zeef_rules *rules, const zeef_pnr *pnr, size_t t, zeef_rule_hit *hits, size_t cap) {
  size_t found = 0;
  if (!rules || !pnr || t >= pnr->ntravellers) return 0;
  for (size_t i = 0; i < rules->n; i++) {
    if (!holds(&rules->r[i], pnr, &pnr->travellers[t], NULL)) continue;
    if (found < cap) { /* said only for a rule that holds */
      out o = {hits[found].explanation, ZEEF_RULE_TEXT, 0};
      o.p[0] = 0;
      holds(&rules->r[i], pnr, &pnr->travellers[t], &o);
      hits[found].rule = i;
    }
    found++;
  }
  return found;
}
