/*
** evidence.c: one deterministic score from everything known about a
** traveller and a listed entity, and a sentence for each piece of evidence.
**
** Log-odds are added and mapped back with the logistic function:
**
**   L = logit(name score)            the name comparison (compare.c)
**     + rarity                       how identifying the matching names are
**     + birth + nationality + gender + document
**   score = 1 / (1 + e^-L)
**
** rarity = RARITY_SLOPE * (R - RARITY_PIVOT), within +-RARITY_MAX, where R
** sums the population rarity weights (0.2 common .. 1 rare; tok.pop_weight)
** of the matching tokens, each match at its commoner side: two very common
** names (Mohamed Ali) lower the score, one rare surname raises it; names
** too common to identify alone meet a ceiling (below) that a fact must
** lift. Birth dates, nationality and gender can only confirm or weaken
** a name that is already plausible: below NAME_GATE, the score cannot
** exceed the name score unless a document matches (a shared birthday with
** someone on a list is common; a shared passport number is not). Missing
** information on either side is never evidence against.
** docs/matching.md gives the weights and the reasons.
*/
#include "screen.h"
#include "../text/text.h"
#include "../values/date.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define NAME_GATE SCR_NAME_GATE
#define LOGIT_CLAMP 0.98
#define RARITY_SLOPE 1.5
#define RARITY_PIVOT 1.2
#define RARITY_MAX 2.0
/* What a name of two very common names (the rarity floor 0.2 each: R =
** COMMON_R) scores at most without corroboration. */
#define COMMON_ALONE 0.55
#define COMMON_R 0.4
#define COMMON_OVER 0.1
/* A name score this high is the listed name as written. */
#define NAME_EXACT 0.999
/* birth dates, by date_compare() class */
#define DOB_EXACT 2.5
#define DOB_SWAPPED 1.5
#define DOB_PLACEHOLDER 1.0
#define DOB_MONTH 1.2
#define DOB_YEAR 1.0
#define DOB_RANGE 0.7
#define DOB_NEAR_1 (-0.5)
#define DOB_NEAR_2 (-1.5)
#define DOB_CONFLICT (-3.5)
#define NAT_AGREE 0.7
#define NAT_DIFFER (-0.7)
/* With no nationality listed: the country of a listed place of birth
** other than the traveller's nationality, a weaker hint than a listed
** nationality. The same country is no evidence: most who carry a name
** were born where it comes from. */
#define POB_DIFFER (-0.5)
#define GENDER_AGREE 0.2
#define GENDER_DIFFER (-2.5)
#define DOC_SAME 6.0       /* same number, same issuing country */
#define DOC_SAME_NUMBER 4.0 /* same number, a country unknown */
#define DOC_OTHER_COUNTRY 1.5
#define DOC_OCR 3.0        /* equal but for characters OCR confuses */
#define DOC_ONE_EDIT 2.0
/* A traveller is a person: an organisation or vessel of the same name is
** far less likely the one meant. */
#define NOT_A_PERSON (-3.0)
/* The UN marks some aliases low quality: too broad to identify alone. */
#define WEAK_ALIAS (-1.0)

/* Whether add() writes its sentence: scoring a candidate that will not be
** kept needs the weights only. Set per call of ev_score(). */
typedef struct ev_ctx {
  zeef_hit *h;
  int explain;
} ev_ctx;

/* Whether e is a fact (birth date, nationality, gender, document) that
** speaks against the hit. */
static int contradicts(const zeef_evidence *e) {
  return (e->kind == ZEEF_EV_BIRTH || e->kind == ZEEF_EV_NATIONALITY || e->kind == ZEEF_EV_GENDER ||
          e->kind == ZEEF_EV_DOCUMENT) &&
         e->weight < 0;
}

zeef_band zeef_hit_band(const zeef_hit *h, double threshold) {
  int corroborated = 0, contradicted = 0, birth_agrees = 0, nat_agrees = 0;
  if (!h || h->score < threshold) return ZEEF_BAND_WEAK;
  for (size_t i = 0; i < h->nevidence && i < ZEEF_MAX_EVIDENCE; i++) {
    const zeef_evidence *e = &h->evidence[i];
    contradicted |= contradicts(e);
    if (e->kind == ZEEF_EV_DOCUMENT && e->weight >= DOC_OCR) corroborated = 1;
    if (e->kind == ZEEF_EV_BIRTH && e->weight >= DOB_EXACT) corroborated = 1;
    if (e->kind == ZEEF_EV_BIRTH && e->weight > 0) birth_agrees = 1;
    if (e->kind == ZEEF_EV_NATIONALITY && e->weight > 0) nat_agrees = 1;
  }
  corroborated |= birth_agrees && nat_agrees;
  return corroborated && !contradicted ? ZEEF_BAND_STRONG : ZEEF_BAND_POSSIBLE;
}

const char *zeef_band_name(zeef_band b) {
  return b == ZEEF_BAND_STRONG ? "strong" : b == ZEEF_BAND_POSSIBLE ? "possible" : "weak";
}

const char *zeef_evidence_kind_name(zeef_evidence_kind k) {
  switch (k) {
  case ZEEF_EV_NAME: return "name";
  case ZEEF_EV_RARITY: return "rarity";
  case ZEEF_EV_BIRTH: return "birth_date";
  case ZEEF_EV_NATIONALITY: return "nationality";
  case ZEEF_EV_GENDER: return "gender";
  case ZEEF_EV_DOCUMENT: return "document";
  case ZEEF_EV_ENTITY_KIND: return "entity_kind";
  case ZEEF_EV_NAME_QUALITY: return "name_quality";
  default: return "unknown";
  }
}

/* Adds a piece of evidence: its kind and weight always; what each side
** holds (trav, listed: NULL for none) and the sentence only when
** explaining. */
static void add(ev_ctx *c, zeef_evidence_kind k, double w, const char *trav, const char *listed,
                const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void add(ev_ctx *c, zeef_evidence_kind k, double w, const char *trav, const char *listed,
                const char *fmt, ...) {
  va_list ap;
  zeef_evidence *e;
  int n;
  if (c->h->nevidence >= ZEEF_MAX_EVIDENCE) return;
  e = &c->h->evidence[c->h->nevidence++];
  e->kind = k;
  e->weight = w;
  e->text[0] = e->traveller[0] = e->listed[0] = 0;
  if (!c->explain) return;
  /* cut on whole characters: a value or sentence cut inside one would not
  ** be UTF-8 */
  text_cut_whole(e->traveller, (size_t)snprintf(e->traveller, sizeof e->traveller, "%s", trav ? trav : ""),
                 sizeof e->traveller);
  text_cut_whole(e->listed, (size_t)snprintf(e->listed, sizeof e->listed, "%s", listed ? listed : ""),
                 sizeof e->listed);
  va_start(ap, fmt);
  n = vsnprintf(e->text, sizeof e->text, fmt, ap);
  va_end(ap);
  text_cut_whole(e->text, n > 0 ? (size_t)n : 0, sizeof e->text);
}

/* ------------------------------------------------------------- Documents */

size_t ev_doc_canon(const char *s, char *out, size_t cap) {
  size_t k = 0;
  for (; s && *s && k + 1 < cap; s++) {
    char c = *s;
    if (c >= 'a' && c <= 'z') c = (char)(c - 32);
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out[k++] = c;
  }
  if (cap) out[k] = 0;
  return k;
}

/* The character OCR reads for c: O and 0, I/L and 1, S and 5, B and 8, Z and
** 2, G and 6 collapse to the digit. */
static char ocr(char c) {
  switch (c) {
  case 'O': case 'Q': case 'D': return '0';
  case 'I': case 'L': return '1';
  case 'S': return '5';
  case 'B': return '8';
  case 'Z': return '2';
  case 'G': return '6';
  default: return c;
  }
}

/* 0 different, 1 one edit apart, 2 equal under OCR confusions, 3 equal. */
static int doc_relation(const char *a, size_t na, const char *b, size_t nb) {
  size_t i = 0, j = 0, edits = 0;
  int ocr_eq = na == nb;
  if (na == nb && memcmp(a, b, na) == 0) return 3;
  for (size_t k = 0; ocr_eq && k < na; k++) ocr_eq = ocr(a[k]) == ocr(b[k]);
  if (ocr_eq) return 2;
  if (na + 1 < nb || nb + 1 < na || na < 5) return 0;
  /* one substitution, insertion or deletion */
  while (i < na && j < nb) {
    if (a[i] == b[j]) {
      i++, j++;
      continue;
    }
    if (++edits > 1) return 0;
    if (na > nb) i++;
    else if (nb > na) j++;
    else i++, j++;
  }
  edits += (na - i) + (nb - j);
  return edits <= 1;
}

static int doc_evidence(const zeef_traveller *t, const zeef_entity *e, ev_ctx *c) {
  char q[64], l[64];
  size_t best_rel = 0;
  const zeef_document *best = NULL;
  const char *num = t->doc_number, *read = NULL;
  if (!t->doc_number || !e->ndocs) return 0;
  /* the number as read, then the reading its check digit suggests */
  for (int v = 0; v < 2; v++) {
    const char *cand = v == 0 ? t->doc_number : t->doc_number_alt;
    size_t qn;
    if (!cand || (qn = ev_doc_canon(cand, q, sizeof q)) < 3) continue;
    for (size_t i = 0; i < e->ndocs; i++) {
      size_t ln = ev_doc_canon(e->docs[i].number, l, sizeof l);
      int rel = doc_relation(l, ln, q, qn);
      if ((size_t)rel > best_rel) {
        best_rel = (size_t)rel;
        best = &e->docs[i];
        num = cand;
        read = v ? t->doc_number : NULL;
      }
    }
  }
  if (!best) {
    if (ev_doc_canon(t->doc_number, q, sizeof q) < 3) return 0;
    add(c, ZEEF_EV_DOCUMENT, 0.0, t->doc_number, e->docs[0].number,
        "document %s is not among the %zu listed (documents change: no evidence either way)",
        t->doc_number, e->ndocs);
    return 0;
  }
  if (best_rel == 3) {
    int both = t->doc_country[0] && best->country[0];
    char how[96] = "";
    if (read) snprintf(how, sizeof how, " (read %s; its check digit gives %s)", read, num);
    if (both && strcmp(t->doc_country, best->country) == 0)
      add(c, ZEEF_EV_DOCUMENT, DOC_SAME, num, best->number, "same document number %s issued by %s%s",
          best->number, best->country, how);
    else if (both)
      add(c, ZEEF_EV_DOCUMENT, DOC_OTHER_COUNTRY, num, best->number,
          "same document number %s, but issued by %s on the list and %s for the traveller%s",
          best->number, best->country, t->doc_country, how);
    else
      add(c, ZEEF_EV_DOCUMENT, DOC_SAME_NUMBER, num, best->number, "same document number %s%s",
          best->number, how);
  } else if (best_rel == 2) {
    add(c, ZEEF_EV_DOCUMENT, DOC_OCR, num, best->number,
        "document %s equals listed %s but for characters OCR confuses (0/O, 1/I, 5/S, 8/B, 2/Z)",
        num, best->number);
  } else {
    add(c, ZEEF_EV_DOCUMENT, DOC_ONE_EDIT, num, best->number,
        "document %s is one character from listed %s", num, best->number);
  }
  return 1;
}

/* --------------------------------------------------------------- Scoring */

static double logit(double p) {
  if (p < 1 - LOGIT_CLAMP) p = 1 - LOGIT_CLAMP;
  if (p > LOGIT_CLAMP) p = LOGIT_CLAMP;
  return log(p / (1 - p));
}

void ev_score(const zeef_traveller *t, const zeef_entity *e, const zeef_name *en,
              const zeef_match *m, int explain, zeef_hit *h) {
  ev_ctx cx = {h, explain}, *c = &cx;
  double L = 0, name = m->score, R = 0, common_cut = 0;
  size_t rarity_at = SIZE_MAX;
  int doc = 0;
  const zeef_name *q = t->name;
  char names[ZEEF_EVIDENCE_TEXT] = "", plain[ZEEF_EVIDENCE_VALUE] = "";
  h->nevidence = 0;
  if (!q) {
    /* no name to compare: the name says nothing either way (log-odds 0),
    ** and the documents, dates, nationality and gender decide */
    add(c, ZEEF_EV_NAME, 0.0, NULL, NULL, "no name given: screened on documents alone");
    goto facts;
  }
  L += logit(name);
  add(c, ZEEF_EV_NAME, logit(name), NULL, NULL, "name similarity %.2f", name);

  /* Rarity of what matched. */
  uint64_t seen[2][ZEEF_NAME_MAX_TOKENS]; /* the keys counted, each side */
  size_t nseen[2] = {0, 0};
  for (size_t p = 0; p < m->npairs; p++) {
    const zeef_pair *x = &m->pairs[p];
    const tok *a;
    double w;
    if (x->kind == ZEEF_PAIR_MISSING_A || x->kind == ZEEF_PAIR_MISSING_B ||
        x->similarity < ZEEF_TOKEN_THRESHOLD)
      continue;
    a = &q->toks[x->a];
    /* the names as they matched (both parts of a join; a particle glued
    ** to a name not), each side's, and a match identifies no more than the
    ** commoner of its two sides */
    {
      /* a name given twice (Ali ... Ali) identifies no more than once */
      double ws[2] = {0, 0};
      for (int side = 0; side < 2; side++) {
        const zeef_name *nm = side ? en : q;
        int i0 = side ? x->b : x->a, i1 = side ? x->b2 : x->a2;
        for (int i = i0; i <= (i1 >= 0 ? i1 : i0); i++) {
          const tok *y = &nm->toks[i];
          int again = 0;
          for (size_t k = 0; k < nseen[side] && !again; k++) again = seen[side][k] == y->key_hash;
          if (again || y->role == ZEEF_ROLE_PARTICLE || y->role == ZEEF_ROLE_TITLE) continue;
          ws[side] += y->pop_weight;
          if (nseen[side] < ZEEF_NAME_MAX_TOKENS) seen[side][nseen[side]++] = y->key_hash;
        }
      }
      w = ws[0] < ws[1] ? ws[0] : ws[1];
    }
    if (w == 0) continue;
    for (int i = x->a + 1; i <= x->a2 && (a->role == ZEEF_ROLE_PARTICLE || a->role == ZEEF_ROLE_TITLE); i++)
      a = &q->toks[i];
    R += w;
    if (c->explain) { /* each named with the words the name alignment uses for it */
      const tok *b = &en->toks[x->b];
      const char *how = cmp_commonness(a->weight < b->weight ? a : b); /* as the pair's own line */
      size_t k = strlen(names), kp = strlen(plain);
      if (k + strlen(a->orig) + strlen(how) + 6 < sizeof names)
        snprintf(names + k, sizeof names - k, "%s%s (%s)", k ? ", " : "", a->orig, how);
      if (kp + strlen(a->orig) + 3 < sizeof plain) snprintf(plain + kp, sizeof plain - kp, "%s%s", kp ? ", " : "", a->orig);
    }
  }
  {
    double r = RARITY_SLOPE * (R - RARITY_PIVOT), ceiling;
    if (r > RARITY_MAX) r = RARITY_MAX;
    if (r < -RARITY_MAX) r = -RARITY_MAX;
    /* Names too common to identify alone take the name to about
    ** COMMON_ALONE, so that a birth date, nationality or document must
    ** corroborate them: two very common names (R = 2 x the rarity floor)
    ** stop near COMMON_ALONE, a single one lower still, and the ceiling
    ** rises with R until names of RARITY_PIVOT meet none. Above the ceiling
    ** the name counts COMMON_OVER of what it would, so that the closer of
    ** two common names still ranks first. A weak name similarity is not
    ** lowered twice. The listed name written exactly is spared unless a
    ** fact contradicts it (below): a reviewer must see a listed name, but
    ** not a common one whose facts disagree. */
    ceiling = logit(COMMON_ALONE) +
              (R - COMMON_R) / (RARITY_PIVOT - COMMON_R) * (logit(LOGIT_CLAMP) - logit(COMMON_ALONE));
    if (R > 0 && R < RARITY_PIVOT && logit(name) + r > ceiling) {
      common_cut = (ceiling - logit(name) - r) * (1 - COMMON_OVER);
      if (name < NAME_EXACT) r += common_cut, common_cut = 0;
    }
    L += r;
    rarity_at = h->nevidence;
    /* the verdict is on the names together; each is named with its own
    ** words, so that no sentence calls a name rare that another calls
    ** common */
    if (r < 0)
      add(c, ZEEF_EV_RARITY, r, plain, NULL, "together the matching names are too common to identify alone%s%s",
          names[0] ? ": " : "", names);
    else
      add(c, ZEEF_EV_RARITY, r, plain, NULL, "together the matching names identify well enough%s%s",
          names[0] ? ": " : "", names);
  }

facts:
  if (e->kind != ZEEF_ENTITY_PERSON) {
    L += NOT_A_PERSON;
    add(c, ZEEF_EV_ENTITY_KIND, NOT_A_PERSON, "person",
        e->kind == ZEEF_ENTITY_ORGANISATION ? "organisation" : "other",
        "listed as %s, not a person",
        e->kind == ZEEF_ENTITY_ORGANISATION ? "an organisation" : "a vessel, aircraft or other");
  }
  if (h->name < e->nnames && e->name_quality[h->name] == ZEEF_NAMEQ_WEAK) {
    L += WEAK_ALIAS;
    add(c, ZEEF_EV_NAME_QUALITY, WEAK_ALIAS, NULL, zeef_name_quality_text(ZEEF_NAMEQ_WEAK),
        "matched a low-quality alias, which the list itself finds too broad to identify");
  }

  /* Birth date: the best agreement among the listed dates. */
  if (t->birth.kind != ZEEF_DATE_NONE && e->ndates) {
    int best = DATE_CONFLICT + 1;
    size_t at = 0;
    char why[160] = "", tmp[160];
    static const double w[] = {0, DOB_EXACT, DOB_SWAPPED, DOB_PLACEHOLDER, DOB_MONTH, DOB_YEAR,
                               DOB_RANGE, DOB_NEAR_1, DOB_NEAR_2, DOB_CONFLICT};
    for (size_t i = 0; i < e->ndates; i++) {
      int cls = date_compare(&e->dates[i], &t->birth, c->explain ? tmp : NULL, c->explain ? sizeof tmp : 0);
      if (cls != DATE_UNKNOWN && cls < best) {
        best = cls;
        at = i;
        if (c->explain) memcpy(why, tmp, sizeof why);
      }
    }
    if (best <= DATE_CONFLICT) {
      L += w[best];
      char td[DATE_TEXT_MAX] = "", ld[DATE_TEXT_MAX] = "";
      if (c->explain) {
        zeef_date_format(&t->birth, td, sizeof td);
        zeef_date_format(&e->dates[at], ld, sizeof ld);
      }
      add(c, ZEEF_EV_BIRTH, w[best], td, ld, "birth date: %s", why);
    }
  }

  /* Nationality; where the list gives none, the country of a listed place
  ** of birth other than the traveller's stands in for it, as a hint. */
  if (t->nationality[0] && !e->nnationalities && e->nplaces) {
    int agree = 0, known = 0;
    const char *place = NULL;
    for (size_t i = 0; i < e->nplaces; i++) {
      char code[4];
      const char *p = e->places[i], *last = strrchr(p, ',');
      last = last ? last + 1 : p;
      if (zeef_country_code(last, strlen(last), code) != ZEEF_OK) continue;
      known++;
      if (!place || strcmp(code, t->nationality) == 0) place = p;
      agree |= strcmp(code, t->nationality) == 0;
    }
    if (known && agree) {
      add(c, ZEEF_EV_NATIONALITY, 0.0, t->nationality, place,
          "no nationality listed; born in %s, the traveller's country %s (no evidence: names are mostly "
          "carried where they come from)",
          place, t->nationality);
    } else if (known) {
      L += POB_DIFFER;
      add(c, ZEEF_EV_NATIONALITY, POB_DIFFER, t->nationality, place,
          "no nationality listed; born in %s, traveller's nationality %s (a hint only: people hold the "
          "nationality of other countries than their birthplace's)",
          place, t->nationality);
    }
  }
  if (t->nationality[0] && e->nnationalities) {
    int agree = 0;
    char listed[ZEEF_EVIDENCE_VALUE] = "";
    for (size_t i = 0; i < e->nnationalities; i++) agree |= strcmp(e->nationalities[i], t->nationality) == 0;
    if (c->explain) /* every listed one, as far as they fit */
      for (size_t i = 0, k = 0; i < e->nnationalities && k + 6 < sizeof listed; i++)
        k += (size_t)snprintf(listed + k, sizeof listed - k, "%s%s", i ? ", " : "", e->nationalities[i]);
    if (agree) {
      L += NAT_AGREE;
      add(c, ZEEF_EV_NATIONALITY, NAT_AGREE, t->nationality, listed, "nationality %s is listed",
          t->nationality);
    } else {
      L += NAT_DIFFER;
      add(c, ZEEF_EV_NATIONALITY, NAT_DIFFER, t->nationality, listed,
          "listed nationality %s%s, traveller %s (lists are incomplete; people hold several)",
          e->nationalities[0], e->nnationalities > 1 ? " and others" : "", t->nationality);
    }
  }

  /* Gender: X and unknown say nothing. */
  if ((t->gender == 'M' || t->gender == 'F') && e->gender) {
    char tg[2] = {t->gender, 0}, lg[2] = {e->gender, 0};
    if (t->gender == e->gender) {
      L += GENDER_AGREE;
      add(c, ZEEF_EV_GENDER, GENDER_AGREE, tg, lg, "same gender (%c)", t->gender);
    } else {
      L += GENDER_DIFFER;
      add(c, ZEEF_EV_GENDER, GENDER_DIFFER, tg, lg, "gender differs: listed %c, traveller %c", e->gender,
          t->gender);
    }
  }

  doc = doc_evidence(t, e, c);
  if (doc) L += h->evidence[h->nevidence - 1].weight;
  if (common_cut < 0 && rarity_at < h->nevidence) {
    int contradicted = 0;
    for (size_t i = 0; i < h->nevidence; i++) contradicted |= contradicts(&h->evidence[i]);
    if (contradicted) {
      L += common_cut;
      h->evidence[rarity_at].weight += common_cut;
    }
  }

  h->score = 1.0 / (1.0 + exp(-L));
  /* Dates, nationality and gender confirm a plausible name; they do not
  ** make one. */
  if (!doc && (!q || name < NAME_GATE) && h->score > name) h->score = name;
}
