/*
** test_screen.c: the screener over real list excerpts (the UN excerpt and the
** fictitious national CSV in tests/fixtures/): a spelled variant of a listed
** person alerts for the right entity with the evidence that made it; a
** conflicting birth year keeps a common name from alerting; a listed
** document number outweighs a weak name; hits come sorted, bounded by
** min_score and cap; the index finds every alert the exhaustive scan finds;
** the hit's name explains; the same input gives the same result.
*/
#include "tests.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIX "tests/fixtures/"
#define ALERT ZEEF_ALERT_THRESHOLD
#define HITS_MAX 32

typedef struct fixture {
  zeef_ctx *ctx;
  zeef_list *lists[2]; /* UN, NATIONAL */
  zeef_screener *scr;
  size_t diags; /* reported while loading and indexing */
} fixture;

static void count_diag(void *ud, const zeef_diag *d) {
  fixture *f = ud;
  print_error("  diag %s:%zu %s\n", d->file, d->line, d->message);
  f->diags++;
}

static int screen_teardown(void **state) {
  fixture *f = *state;
  if (!f) return 0;
  zeef_screener_free(f->scr);
  zeef_list_free(f->lists[0]);
  zeef_list_free(f->lists[1]);
  zeef_ctx_free(f->ctx);
  free(f);
  *state = NULL;
  return 0;
}

static int screen_setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  zeef_status rc;
  *state = f;
  if (!f) return -1;
  if ((rc = zeef_ctx_new(NULL, &f->ctx)) != ZEEF_OK ||
      (rc = zeef_list_load(f->ctx, "UN", FIX "un_excerpt.xml", ZEEF_LIST_AUTO, count_diag, f,
                           &f->lists[0])) != ZEEF_OK ||
      (rc = zeef_list_load(f->ctx, "NATIONAL", FIX "national.csv", ZEEF_LIST_AUTO, count_diag, f,
                           &f->lists[1])) != ZEEF_OK ||
      (rc = zeef_screener_new(f->ctx, (const zeef_list *const *)f->lists, 2, count_diag, f,
                              &f->scr)) != ZEEF_OK) {
    print_error("screen fixture (run from the repository root): %s\n", zeef_strerror(rc));
    screen_teardown(state);
    return -1;
  }
  return 0;
}

/* ------------------------------------------------------------- Helpers */

/* A traveller; name analysed into the pool (freed after the test). Empty
** strings stand for unknown values. */
static zeef_traveller traveller(const fixture *f, const char *name, const char *birth,
                                const char *nat, char gender, const char *doc,
                                const char *doc_country) {
  zeef_traveller t;
  memset(&t, 0, sizeof t);
  t.name = th_name(f->ctx, name, ZEEF_FORM_FREE);
  if (*birth) assert_int_equal(zeef_date_parse(birth, strlen(birth), &t.birth), ZEEF_OK);
  assert_true(strlen(nat) < 4 && strlen(doc_country) < 4);
  memcpy(t.nationality, nat, strlen(nat) + 1);
  t.gender = gender;
  t.doc_number = *doc ? doc : NULL;
  memcpy(t.doc_country, doc_country, strlen(doc_country) + 1);
  return t;
}

static const zeef_entity *hit_entity(const zeef_hit *h) { return zeef_list_entity(h->list, h->entity); }

static void print_hits(const zeef_hit *h, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const zeef_entity *e = hit_entity(&h[i]);
    print_error("  hit %zu: %s %s \"%s\" score %.4f name %.4f\n", i, zeef_list_name(h[i].list),
                e->id, e->names[h[i].name], h[i].score, h[i].name_score);
    for (size_t k = 0; k < h[i].nevidence; k++)
      print_error("      %+.2f %s\n", h[i].evidence[k].weight, h[i].evidence[k].text);
  }
}

/* Screens t (indexed); returns the hit for entity id, or NULL. */
static const zeef_hit *screen_for(const fixture *f, const zeef_traveller *t, const char *id,
                                  zeef_hit *hits, size_t *n) {
  assert_int_equal(zeef_screen(f->scr, t, 0.0, hits, HITS_MAX, n), ZEEF_OK);
  for (size_t i = 0; i < *n; i++)
    if (strcmp(hit_entity(&hits[i])->id, id) == 0) return &hits[i];
  return NULL;
}

/* The evidence of kind k in h, or NULL. */
static const zeef_evidence *evidence(const zeef_hit *h, zeef_evidence_kind k) {
  for (size_t i = 0; i < h->nevidence; i++)
    if (h->evidence[i].kind == k) return &h->evidence[i];
  return NULL;
}

static int same_hit(const zeef_hit *a, const zeef_hit *b) {
  if (a->list != b->list || a->entity != b->entity || a->name != b->name ||
      a->score != b->score || a->name_score != b->name_score || a->nevidence != b->nevidence ||
      a->match.npairs != b->match.npairs)
    return 0;
  for (size_t i = 0; i < a->nevidence; i++)
    if (a->evidence[i].kind != b->evidence[i].kind ||
        a->evidence[i].weight != b->evidence[i].weight ||
        strcmp(a->evidence[i].text, b->evidence[i].text) != 0)
      return 0;
  return 1;
}

/* --------------------------------------------------------------- Tests */

static void screener_indexes_every_name(void **state) {
  const fixture *f = *state;
  size_t names = 0;
  assert_int_equal(f->diags, 0);
  for (size_t l = 0; l < 2; l++)
    for (size_t i = 0; i < zeef_list_count(f->lists[l]); i++)
      names += zeef_list_entity(f->lists[l], i)->nnames;
  assert_int_equal(names, 24 + 15);
  assert_int_equal(zeef_screener_names(f->scr), names);
  assert_true(zeef_screener_bytes(f->scr) > 0);
}

static void spelled_variant_alerts(void **state) {
  const fixture *f = *state;
  zeef_traveller t = traveller(f, "Ayman al-Zawahiri", "1951-06-19", "EGY", 'M', "", "");
  zeef_hit hits[HITS_MAX];
  size_t n = 0;
  const zeef_entity *e;
  const zeef_evidence *ev;
  assert_int_equal(zeef_screen(f->scr, &t, ALERT, hits, HITS_MAX, &n), ZEEF_OK);
  if (n != 1) print_hits(hits, n);
  assert_int_equal(n, 1); /* one listed person alerts, nobody else */
  e = hit_entity(&hits[0]);
  assert_ptr_equal(hits[0].list, f->lists[0]);
  assert_string_equal(e->id, "QDi.006");
  assert_true(hits[0].score >= ALERT && hits[0].score <= 1.0);
  assert_true(hits[0].name_score >= ZEEF_NAME_THRESHOLD);
  assert_true(hits[0].name < e->nnames);
  /* the evidence that made it */
  assert_non_null(evidence(&hits[0], ZEEF_EV_NAME));
  ev = evidence(&hits[0], ZEEF_EV_BIRTH);
  assert_non_null(ev);
  assert_true(ev->weight > 0);
  assert_non_null(strstr(ev->text, "1951-06-19"));
  ev = evidence(&hits[0], ZEEF_EV_NATIONALITY);
  assert_non_null(ev);
  assert_true(ev->weight > 0);
  assert_non_null(strstr(ev->text, "EGY"));
  /* the listed entity has no gender: no gender evidence either way */
  assert_null(evidence(&hits[0], ZEEF_EV_GENDER));
}

/* Bands: strong when a fact beyond the name corroborates and none
** contradicts, possible on the name alone or with facts in conflict, weak
** below the threshold. */
static void bands_from_the_evidence(void **state) {
  const fixture *f = *state;
  static const struct {
    const char *birth, *nat, *doc;
    zeef_band band;
  } cases[] = {
      {"1951-06-19", "EGY", "", ZEEF_BAND_STRONG},   /* full date and nationality */
      {"1951-06-19", "", "", ZEEF_BAND_STRONG},      /* the full date alone */
      {"", "", "1084010", ZEEF_BAND_STRONG},         /* the passport */
      {"1951", "EGY", "", ZEEF_BAND_STRONG},         /* a year and the nationality */
      {"", "", "", ZEEF_BAND_POSSIBLE},              /* the name alone */
      {"1951", "", "", ZEEF_BAND_POSSIBLE},          /* a year alone */
      {"1951-06-19", "IRQ", "", ZEEF_BAND_POSSIBLE}, /* the date, another nationality */
      {"1952", "EGY", "", ZEEF_BAND_POSSIBLE},       /* a year off */
  };
  zeef_hit hits[HITS_MAX];
  size_t n = 0;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    zeef_traveller t = traveller(f, "Ayman al-Zawahiri", cases[i].birth, cases[i].nat, 0, cases[i].doc, "");
    const zeef_hit *h = screen_for(f, &t, "QDi.006", hits, &n);
    assert_non_null(h);
    if (h->score < ALERT) {
      print_hits(h, 1);
      fail_msg("case %zu: no alert", i);
    }
    if (zeef_hit_band(h, ALERT) != cases[i].band) {
      print_hits(h, 1);
      fail_msg("case %zu: band %s, want %s", i, zeef_band_name(zeef_hit_band(h, ALERT)),
               zeef_band_name(cases[i].band));
    }
    assert_int_equal(zeef_hit_band(h, h->score + 0.001), ZEEF_BAND_WEAK);
  }
  assert_string_equal(zeef_band_name(ZEEF_BAND_WEAK), "weak");
}

static void original_script_alerts(void **state) {
  /* The traveller's name in Arabic script meets the listed names. */
  const fixture *f = *state;
  zeef_traveller t = traveller(f, "أيمن الظواهري", "", "", 0, "", "");
  zeef_hit hits[HITS_MAX];
  size_t n;
  const zeef_hit *h = screen_for(f, &t, "QDi.006", hits, &n);
  if (!h || h != &hits[0] || h->score < ALERT) {
    print_hits(hits, n);
    fail_msg("QDi.006 must be the first hit and alert");
  }
}

static void birth_year_conflict_keeps_common_name_clear(void **state) {
  /* KIM JONG SIK (KPi.066), born between 1967 and 1969: the same common
  ** name born in 1990 is someone else. */
  const fixture *f = *state;
  zeef_hit hits[HITS_MAX];
  size_t n;
  const zeef_hit *h;
  zeef_traveller t = traveller(f, "Kim Jong Sik", "1990", "KOR", 'M', "", "");
  h = screen_for(f, &t, "KPi.066", hits, &n);
  assert_non_null(h); /* still a hit, for the record */
  if (h->score >= ALERT) {
    print_hits(hits, n);
    fail_msg("KPi.066 alerts for a traveller born 21 years after");
  }
  assert_non_null(evidence(h, ZEEF_EV_BIRTH));
  assert_true(evidence(h, ZEEF_EV_BIRTH)->weight < 0);
  /* the name alone alerts, and a year in the listed range too */
  t = traveller(f, "Kim Jong Sik", "", "", 0, "", "");
  h = screen_for(f, &t, "KPi.066", hits, &n);
  assert_non_null(h);
  assert_true(h->score >= ALERT);
  t = traveller(f, "Kim Jong Sik", "1968", "PRK", 'M', "", "");
  h = screen_for(f, &t, "KPi.066", hits, &n);
  assert_non_null(h);
  assert_true(h->score >= ALERT);
  assert_true(evidence(h, ZEEF_EV_BIRTH)->weight > 0);
}

static void listed_document_outweighs_weak_name(void **state) {
  /* "Mohamed Salim" is a weak match for "Ahmed Fuad Salim", an alias of
  ** QDi.006; passport 1084010 issued by Egypt is listed for QDi.006. */
  const fixture *f = *state;
  zeef_hit hits[HITS_MAX];
  size_t n;
  const zeef_hit *h;
  double none, same, other, unknown;
  zeef_traveller t = traveller(f, "Mohamed Salim", "", "", 0, "", "");
  h = screen_for(f, &t, "QDi.006", hits, &n);
  none = h ? h->score : 0;
  if (none >= ALERT) {
    print_hits(hits, n);
    fail_msg("the name alone must not alert");
  }

  t = traveller(f, "Mohamed Salim", "", "", 0, "1084010", "EGY");
  h = screen_for(f, &t, "QDi.006", hits, &n);
  assert_non_null(h);
  if (h != &hits[0] || h->score < 0.99 || h->name_score >= ZEEF_NAME_THRESHOLD) {
    print_hits(hits, n);
    fail_msg("same document, same country: QDi.006 first with score >= 0.99 and a weak name");
  }
  assert_non_null(evidence(h, ZEEF_EV_DOCUMENT));
  assert_true(evidence(h, ZEEF_EV_DOCUMENT)->weight > 0);
  same = h->score;

  /* the number written with spaces is the same number */
  t = traveller(f, "Mohamed Salim", "", "", 0, "108 4010", "EGY");
  h = screen_for(f, &t, "QDi.006", hits, &n);
  assert_non_null(h);
  assert_true(h->score == same);

  /* a country unknown, or another country, is weaker evidence */
  t = traveller(f, "Mohamed Salim", "", "", 0, "1084010", "");
  h = screen_for(f, &t, "QDi.006", hits, &n);
  assert_non_null(h);
  unknown = h->score;
  t = traveller(f, "Mohamed Salim", "", "", 0, "1084010", "SDN");
  h = screen_for(f, &t, "QDi.006", hits, &n);
  assert_non_null(h);
  other = h->score;
  if (!(same > unknown && unknown > other && other > none))
    fail_msg("scores: same country %.4f, unknown %.4f, other %.4f, no document %.4f", same,
             unknown, other, none);

  /* a document found through the document index alone: a name that shares
  ** no blocking key with any listed name */
  t = traveller(f, "Xu Qing", "", "", 0, "720134834", "GBR");
  h = screen_for(f, &t, "QDi.356", hits, &n);
  assert_non_null(h);
  assert_non_null(evidence(h, ZEEF_EV_DOCUMENT));
}

static void check_digit_reading_of_document(void **state) {
  /* An MRZ printed 1O84O1O where the check digit says 1084010 (QDi.006's
  ** Egyptian passport): the corrected reading, screened beside the printed
  ** one, finds the entity through the document index with the exact
  ** number's weight, and the sentence says which reading matched. A second
  ** reading that matches nothing changes nothing. */
  const fixture *f = *state;
  zeef_hit hits[HITS_MAX];
  size_t n;
  const zeef_hit *h;
  const zeef_evidence *ev;
  double exact, ocr_only;
  zeef_traveller t = traveller(f, "Mohamed Salim", "", "", 0, "1084010", "EGY");
  h = screen_for(f, &t, "QDi.006", hits, &n);
  assert_non_null(h);
  exact = h->score;

  t = traveller(f, "Mohamed Salim", "", "", 0, "1O84O1O", "EGY");
  h = screen_for(f, &t, "QDi.006", hits, &n);
  assert_non_null(h);
  ocr_only = h->score;

  t = traveller(f, "Mohamed Salim", "", "", 0, "1O84O1O", "EGY");
  t.doc_number_alt = "1084010";
  h = screen_for(f, &t, "QDi.006", hits, &n);
  assert_non_null(h);
  ev = evidence(h, ZEEF_EV_DOCUMENT);
  assert_non_null(ev);
  if (h->score != exact || !(ocr_only < exact) || !strstr(ev->text, "1O84O1O") ||
      !strstr(ev->text, "check digit")) {
    print_hits(hits, n);
    fail_msg("exact %.4f, printed reading only %.4f, with the check digit's reading %.4f", exact,
             ocr_only, h->score);
  }

  t = traveller(f, "Mohamed Salim", "", "", 0, "1084010", "EGY");
  t.doc_number_alt = "ZZ999999";
  h = screen_for(f, &t, "QDi.006", hits, &n);
  assert_non_null(h);
  assert_true(h->score == exact);
}

static void truncated_mrz_name_matches_as_prefix(void **state) {
  /* A full MRZ name field cut "Fuad" to "FUA"; the cut part is matched as
  ** the start of the listed name, and only when the field was full. */
  const fixture *f = *state;
  zeef_name *full = th_name(f->ctx, "Ahmed Fuad Salim", ZEEF_FORM_FREE);
  zeef_name *cut = th_name(f->ctx, "SALIM<<AHMED<FUA", ZEEF_FORM_MRZ_TRUNCATED);
  zeef_name *plain = th_name(f->ctx, "SALIM<<AHMED<FUA", ZEEF_FORM_MRZ);
  zeef_name *other = th_name(f->ctx, "SALIM<<AHMED<FAR", ZEEF_FORM_MRZ_TRUNCATED);
  zeef_match mc, mp, mo;
  char buf[2048];
  size_t need;
  assert_int_equal(zeef_compare(f->ctx, cut, full, &mc), ZEEF_OK);
  assert_int_equal(zeef_compare(f->ctx, plain, full, &mp), ZEEF_OK);
  assert_int_equal(zeef_compare(f->ctx, other, full, &mo), ZEEF_OK);
  if (!(mc.score >= ZEEF_NAME_THRESHOLD && mc.score > mp.score && mc.score > mo.score))
    fail_msg("cut %.4f (want >= %.2f), read whole %.4f, another start %.4f", mc.score,
             ZEEF_NAME_THRESHOLD, mp.score, mo.score);
  assert_int_equal(zeef_explain(cut, full, &mc, buf, sizeof buf, &need), ZEEF_OK);
  assert_non_null(strstr(buf, "cut short"));
}

static void hits_sorted_bounded(void **state) {
  const fixture *f = *state;
  zeef_traveller t = traveller(f, "Fatima Mahmood", "", "", 'F', "", "");
  zeef_hit all[HITS_MAX], some[HITS_MAX], one[1];
  size_t n = 0, k = 0, m = 0;
  assert_int_equal(zeef_screen(f->scr, &t, 0.0, all, HITS_MAX, &n), ZEEF_OK);
  if (n < 2) print_hits(all, n);
  assert_true(n >= 2 && n < HITS_MAX);
  for (size_t i = 0; i < n; i++) {
    assert_true(all[i].score >= 0.0 && all[i].score <= 1.0);
    assert_true(all[i].name_score >= 0.0 && all[i].name_score <= 1.0);
    if (i > 0 && all[i].score > all[i - 1].score) {
      print_hits(all, n);
      fail_msg("hit %zu scores above hit %zu", i, i - 1);
    }
    for (size_t j = 0; j < i; j++) /* one hit per entity */
      assert_false(all[j].list == all[i].list && all[j].entity == all[i].entity);
  }
  /* min_score: exactly the hits at or above it, in the same order */
  {
    double min = (all[0].score + all[n - 1].score) / 2;
    size_t want = 0;
    while (want < n && all[want].score >= min) want++;
    assert_true(want >= 1 && want < n);
    assert_int_equal(zeef_screen(f->scr, &t, min, some, HITS_MAX, &k), ZEEF_OK);
    assert_int_equal(k, want);
    for (size_t i = 0; i < k; i++) {
      assert_true(some[i].score >= min);
      assert_true(same_hit(&some[i], &all[i]));
    }
  }
  /* cap: the best ones */
  assert_int_equal(zeef_screen(f->scr, &t, 0.0, one, 1, &m), ZEEF_OK);
  assert_int_equal(m, 1);
  assert_true(same_hit(&one[0], &all[0]));
  assert_int_equal(zeef_screen(f->scr, &t, 0.0, some, 2, &m), ZEEF_OK);
  assert_int_equal(m, 2);
  assert_true(same_hit(&some[1], &all[1]));
  m = 99;
  assert_int_equal(zeef_screen(f->scr, &t, 0.0, NULL, 0, &m), ZEEF_OK);
  assert_int_equal(m, 0);
  /* nothing scores above 1 */
  assert_int_equal(zeef_screen(f->scr, &t, 1.01, some, HITS_MAX, &m), ZEEF_OK);
  assert_int_equal(m, 0);
}

/* Compares the alerts of the index and of the exhaustive scan for one
** traveller; prints and counts differences. Asserts nothing (it runs inside
** a zeef_records_read() callback). */
static int agree(const fixture *f, const zeef_traveller *t, const char *who) {
  static zeef_hit a[HITS_MAX], b[HITS_MAX];
  size_t na = 0, nb = 0;
  int miss = 0;
  if (zeef_screen(f->scr, t, ALERT, a, HITS_MAX, &na) != ZEEF_OK ||
      zeef_screen_exhaustive(f->scr, t, ALERT, b, HITS_MAX, &nb) != ZEEF_OK) {
    print_error("  %s: screening failed\n", who);
    return 1;
  }
  if (na != nb) miss = 1;
  for (size_t i = 0; !miss && i < na; i++) miss = !same_hit(&a[i], &b[i]);
  if (miss) {
    print_error("  %s: index %zu alerts, exhaustive %zu\n", who, na, nb);
    print_hits(a, na);
    print_error("  exhaustive:\n");
    print_hits(b, nb);
  }
  return miss;
}

typedef struct agree_run {
  const fixture *f;
  size_t records, screened, alerts;
  int misses;
} agree_run;

static int agree_record(void *ud, const zeef_record *r) {
  agree_run *run = ud;
  zeef_traveller t;
  zeef_name *q = NULL;
  static zeef_hit h[HITS_MAX];
  size_t n = 0;
  run->records++;
  if (r->error) return 0;
  if (zeef_name_analyze(run->f->ctx, r->name, strlen(r->name), r->form, &q) != ZEEF_OK) {
    print_error("  %s: name \"%s\" cannot be analysed\n", r->id, r->name);
    run->misses++;
    return 0;
  }
  memset(&t, 0, sizeof t);
  t.name = q;
  t.birth = r->birth;
  memcpy(t.nationality, r->nationality, 4);
  t.gender = r->gender;
  t.doc_number = r->doc_number;
  memcpy(t.doc_country, r->doc_country, 4);
  run->misses += agree(run->f, &t, r->id);
  if (zeef_screen(run->f->scr, &t, ALERT, h, HITS_MAX, &n) == ZEEF_OK && n) run->alerts++;
  run->screened++;
  zeef_name_free(q);
  return 0;
}

static void index_agrees_with_exhaustive(void **state) {
  const fixture *f = *state;
  static const char *const inputs[] = {FIX "travellers.csv", FIX "travellers.jsonl"};
  for (size_t i = 0; i < 2; i++) {
    agree_run run = {f, 0, 0, 0, 0};
    FILE *in = fopen(inputs[i], "rb");
    zeef_status rc;
    assert_non_null(in);
    rc = zeef_records_read(f->ctx, in, ZEEF_IN_AUTO, agree_record, &run, NULL);
    fclose(in);
    assert_int_equal(rc, ZEEF_OK);
    assert_int_equal(run.records, 9);
    assert_int_equal(run.screened, 8); /* T05 has no name */
    assert_int_equal(run.alerts, 3);   /* T01, T06, T08 */
    TH_NO_MISSES(run.misses);
  }
  /* and the travellers of this file */
  {
    int misses = 0;
    zeef_traveller t[] = {
        traveller(f, "Ayman al-Zawahiri", "1951-06-19", "EGY", 'M', "", ""),
        traveller(f, "أيمن الظواهري", "", "", 0, "", ""),
        traveller(f, "Kim Jong Sik", "", "", 0, "", ""),
        traveller(f, "Mohamed Salim", "", "", 0, "1084010", "EGY"),
        traveller(f, "Xu Qing", "", "", 0, "720134834", "GBR"),
        traveller(f, "Intissar al-Obeidi", "", "", 0, "", ""),
        traveller(f, "Johannes van der Berg", "1971-03-14", "NLD", 'M', "", ""),
        traveller(f, "Fatima Benali", "", "", 0, "", ""),
        traveller(f, "Dmitry Sorokin", "1968", "", 0, "", ""),
        traveller(f, "Nordlicht Shipping", "", "", 0, "", ""),
        /* joins, splits and initials: matches the bound must not lose */
        traveller(f, "Fatimazahra Ben Ali", "1985-11-02", "MAR", 'F', "", ""),
        traveller(f, "Fatima Zahra Ben-Ali", "1985", "", 0, "", ""),
        traveller(f, "F Z Benali", "1985-11-02", "MAR", 'F', "", ""),
        traveller(f, "J P van der Berg", "1971-03-14", "NLD", 'M', "", ""),
        traveller(f, "Johannes Vandenberg", "1971-03-14", "", 0, "", ""),
        traveller(f, "Ayman Alzawahiri", "1951", "", 0, "", ""),
        traveller(f, "Abdulqader Abdulaziz", "", "", 0, "", ""),
        traveller(f, "Ahmad Fouad Salem", "1951-06-19", "EGY", 'M', "", ""),
        traveller(f, "Dmitrijs Sorokins", "1968", "LVA", 'M', "", ""),
        traveller(f, "Aiman Muhammed Muhammed Rabi", "1951-06-19", "", 0, "", ""),
        traveller(f, "Fatima Zahra Benali Fatimazahra", "1985-11-02", "", 'F', "", ""),
        traveller(f, "Dmitri Olegovich", "1968", "RUS", 'M', "", ""),
        traveller(f, "Fatimazahraa Benali", "1985-11-02", "MAR", 'F', "", ""),
        traveller(f, "Fatima Zahra Benaly", "1985-11-02", "MAR", 'F', "", ""),
        traveller(f, "Fatma Zahra Ben Aly", "1985-11-02", "MAR", 'F', "", ""),
        traveller(f, "Fatima Zahraa Benalli", "1985-11-02", "MAR", 'F', "", ""),
        traveller(f, "Fatimah Zahra Ben Alli", "1985-11-02", "MAR", 'F', "", ""),
        traveller(f, "Johannes Vandenburg", "1971-03-14", "NLD", 'M', "", ""),
        traveller(f, "Johannes Vanderberg", "1971-03-14", "NLD", 'M', "", ""),
        traveller(f, "Aiman Alzawahry", "1951-06-19", "EGY", 'M', "", ""),
        traveller(f, "Aiman Al Zawahry", "1951-06-19", "EGY", 'M', "", ""),
        traveller(f, "Aymanal Zawahiri", "1951-06-19", "EGY", 'M', "", ""),
        traveller(f, "Nordlicht Shiping", "", "", 0, "", ""),
        traveller(f, "Nord Licht Shipping", "", "", 0, "", ""),
        traveller(f, "Dmitri Olegovitch Sorokine", "1968", "RUS", 'M', "", ""),
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
      char who[32];
      snprintf(who, sizeof who, "traveller %zu", i);
      misses += agree(f, &t[i], who);
    }
    TH_NO_MISSES(misses);
  }
  /* A glued name also misspelt (Fatimazara: fatima + zahra less an h) meets
  ** the glued listed name, but not the one written apart, which scores a
  ** little higher (the joins' keys have no deletions): the same person,
  ** the same alert, another of its names (BENCHMARKS, Known gaps). */
  {
    zeef_traveller t = traveller(f, "Fatimazara Benali", "1985-11-02", "MAR", 'F', "", "");
    static zeef_hit a[HITS_MAX], b[HITS_MAX];
    size_t na = 0, nb = 0;
    assert_int_equal(zeef_screen(f->scr, &t, ALERT, a, HITS_MAX, &na), ZEEF_OK);
    assert_int_equal(zeef_screen_exhaustive(f->scr, &t, ALERT, b, HITS_MAX, &nb), ZEEF_OK);
    assert_int_equal(na, 1);
    assert_int_equal(nb, 1);
    assert_true(a[0].list == b[0].list && a[0].entity == b[0].entity);
    assert_true(a[0].score <= b[0].score && a[0].score > b[0].score - 0.001);
  }
}

/* A rare name whose key is short, one letter off the listed one (Damel tml,
** Djamel jml: keys of three letters have no deletion keys, so they share
** none), beside a common name the keys do share: the cover counts the
** short token at the floor only, and the index finds what scoring every
** name finds. (The names are written for this test.) */
/* A screener over the list csv (zeef's CSV), loaded as list SHORT; OUT *l:
** the list, which the caller frees after the screener. */
static zeef_screener *screener_from_csv(const fixture *f, const char *csv, zeef_list **l) {
  char path[] = "/tmp/zeef-list-XXXXXX";
  int fd = mkstemp(path);
  zeef_screener *s = NULL;
  assert_true(fd >= 0);
  assert_int_equal(write(fd, csv, strlen(csv)), (ssize_t)strlen(csv));
  close(fd);
  assert_int_equal(zeef_list_load(f->ctx, "SHORT", path, ZEEF_LIST_AUTO, NULL, NULL, l), ZEEF_OK);
  unlink(path);
  assert_int_equal(zeef_screener_new(f->ctx, (const zeef_list *const *)l, 1, NULL, NULL, &s), ZEEF_OK);
  return s;
}

/* Screens each traveller who[i] = {name, birth, expected id} against a list
** made of csv, through the index and exhaustively: both must alert on the
** expected entity alone, with the same hit. */
static void index_finds(const fixture *f, const char *csv, const char *const (*who)[3], size_t nwho) {
  zeef_list *l = NULL;
  zeef_screener *s = screener_from_csv(f, csv, &l);
  static zeef_hit a[HITS_MAX], b[HITS_MAX];
  for (size_t i = 0; i < nwho; i++) {
    zeef_traveller t = traveller(f, who[i][0], who[i][1], "", 0, "", "");
    size_t na = 0, nb = 0;
    assert_int_equal(zeef_screen_exhaustive(s, &t, ALERT, b, HITS_MAX, &nb), ZEEF_OK);
    assert_int_equal(zeef_screen(s, &t, ALERT, a, HITS_MAX, &na), ZEEF_OK);
    if (na != 1 || nb != 1) {
      print_error("  %s: index %zu alerts, exhaustive %zu\n", who[i][0], na, nb);
      print_hits(b, nb);
    }
    assert_int_equal(nb, 1);
    assert_string_equal(hit_entity(&b[0])->id, who[i][2]);
    assert_int_equal(na, 1);
    assert_true(same_hit(&a[0], &b[0]));
  }
  zeef_screener_free(s);
  zeef_list_free(l);
}

static void short_key_one_letter_off(void **state) {
  static const char *const who[][3] = {{"Damel Mostafa", "1970-05-01", "S1"}, {"Jafar Anis", "1981", "S2"}};
  index_finds(*state,
              "id,name,birth_date\n"
              "S1,\"MOUSTFA, Djamel\",1970\n"
              "S2,Zafar Anis,1981\n"
              "S3,Mohamed Ali Hassan,\n",
              who, sizeof who / sizeof who[0]);
}

static void short_forms_found_by_index(void **state) {
  /* Short forms share no key with their full names: the index meets them
  ** through the full names' keys, both ways. */
  static const char *const who[][3] = {{"Bill Hartigan", "1961-02-03", "N1"},
                                       {"Volodya Zaslavsky", "1972", "N2"},
                                       {"Peggy Fairbrother", "1958-11-30", "N3"}};
  index_finds(*state,
              "id,name,birth_date\n"
              "N1,William Hartigan,1961-02-03\n"
              "N2,Vladimir Zaslavsky,1972\n"
              "N3,Margaret Fairbrother,1958-11-30\n"
              "N4,Margaret Hartigan,1990\n",
              who, sizeof who / sizeof who[0]);
}

static void glued_names_found_by_index(void **state) {
  /* Particles written together (Vandenbroucke, Dossantos) and a whole name
  ** typed without spaces, as some booking systems and OCR give it: the
  ** listed name's runs of tokens written as one meet them. */
  static const char *const who[][3] = {{"ABUBAKRALBAGHDADI", "1971-07-28", "G1"},
                                       {"Pieter Vandenbroucke", "1966", "G2"},
                                       {"Aurelio Dossantos Ferreira", "1980-02-11", "G3"},
                                       {"Rhee Chol-jin", "1969-04-02", "G5"}};
  index_finds(*state,
              "id,name,birth_date\n"
              "G1,Abu Bakr al-Baghdadi,1971-07-28\n"
              "G2,Pieter Van den Broucke,1966\n"
              "G3,Aurelio dos Santos Ferreira,1980-02-11\n"
              "G4,Bakr Baghdadi Pieterse,1950\n"
              "G5,Ri Chol Jin,1969-04-02\n",
              who, sizeof who / sizeof who[0]);
}

static void han_names_found_by_index(void **state) {
  /* Listed names written in Han characters, travellers in their Korean,
  ** Japanese or pinyin romanisations: each character is read in each
  ** language (Unihan), runs of characters against one word (佐藤: Sato). */
  static const char *const who[][3] = {
      {"KIM JONG UN", "1984-01-08", "H1"},   {"Tanaka Kakuei", "1918-05-04", "H2"},
      {"SATO KEN", "1989-03-21", "H3"},      {"Xi Jinping", "1953-06-15", "H4"},
      {"PARK GEUN HYE", "1952-02-02", "H5"}, {"MAO TSE TUNG", "1893-12-26", "H7"}};
  index_finds(*state,
              "id,name,birth_date\n"
              "H1,金正恩,1984-01-08\n"
              "H2,田中角栄,1918-05-04\n"
              "H3,佐藤健,1989-03-21\n"
              "H4,习近平,1953-06-15\n"
              "H5,朴槿惠,1952-02-02\n"
              "H6,金正日,1941-02-16\n"
              "H7,Mao Zedong,1893-12-26\n",
              who, sizeof who / sizeof who[0]);
}

/* Screens t against the list csv; OUT *best: its best hit (score 0 when
** none). */
static void screen_one(const fixture *f, const char *csv, const zeef_traveller *t, zeef_hit *best) {
  zeef_list *l = NULL;
  zeef_screener *s = screener_from_csv(f, csv, &l);
  static zeef_hit h[HITS_MAX];
  size_t n = 0;
  assert_int_equal(zeef_screen(s, t, 0.0, h, HITS_MAX, &n), ZEEF_OK);
  memset(best, 0, sizeof *best);
  if (n) *best = h[0];
  zeef_screener_free(s);
  zeef_list_free(l);
}

static double evidence_of(const zeef_hit *h, zeef_evidence_kind k, int *found) {
  *found = 0;
  for (size_t i = 0; i < h->nevidence; i++)
    if (h->evidence[i].kind == k) {
      *found = 1;
      return h->evidence[i].weight;
    }
  return 0.0;
}

static void birthplace_hints_nationality(void **state) {
  /* With no nationality listed, a place of birth in another country than
  ** the traveller's nationality weighs against, less than a listed
  ** nationality would; one in the traveller's country is no evidence. */
  const fixture *f = *state;
  static const char csv[] = "id,name,birth_date,nationality,place_of_birth\n"
                            "P1,Haidar Ali,1962,,\"Hama, Syria\"\n"
                            "P2,Kadkhodaei Abbas,1961,IRN,\"Isfahan, Iran\"\n";
  zeef_hit syr, irq, nat;
  int found;
  zeef_traveller t = traveller(f, "Ali Hydar", "1962-05-26", "IRQ", 'M', "", "");
  screen_one(f, csv, &t, &irq);
  t = traveller(f, "Ali Hydar", "1962-05-26", "SYR", 'M', "", "");
  screen_one(f, csv, &t, &syr);
  assert_true(irq.score > 0 && syr.score > 0);
  assert_true(evidence_of(&irq, ZEEF_EV_NATIONALITY, &found) < 0 && found);
  assert_true(evidence_of(&irq, ZEEF_EV_NATIONALITY, &found) > -0.7);
  assert_true(evidence_of(&syr, ZEEF_EV_NATIONALITY, &found) == 0.0 && found);
  assert_true(irq.score < syr.score);
  /* a listed nationality decides, not the place of birth */
  t = traveller(f, "Abbas Kadkhodaei", "1961-01-02", "IRN", 'M', "", "");
  screen_one(f, csv, &t, &nat);
  assert_true(evidence_of(&nat, ZEEF_EV_NATIONALITY, &found) > 0);
}

static void a_name_given_twice_counts_once(void **state) {
  /* Ali ... Ali: the second Ali makes the name no rarer */
  const fixture *f = *state;
  zeef_hit once, twice;
  int found;
  zeef_traveller t = traveller(f, "Mohammad Reza Ali", "", "", 0, "", "");
  screen_one(f, "id,name\nR1,Mohammad Reza Ali\n", &t, &once);
  t = traveller(f, "Ali Mohammad Reza Ali", "", "", 0, "", "");
  screen_one(f, "id,name\nR1,Ali Mohammad Reza Ali\n", &t, &twice);
  assert_true(once.score > 0 && twice.score > 0);
  assert_true(fabs(evidence_of(&once, ZEEF_EV_RARITY, &found) - evidence_of(&twice, ZEEF_EV_RARITY, &found)) <
              1e-9);
}

static void hit_name_explains(void **state) {
  const fixture *f = *state;
  zeef_traveller t = traveller(f, "Ayman al-Zawahiri", "1951-06-19", "EGY", 'M', "", "");
  zeef_hit hits[HITS_MAX];
  size_t n = 0, need = 0;
  const zeef_name *en;
  zeef_match m;
  char buf[8192];
  assert_int_equal(zeef_screen(f->scr, &t, ALERT, hits, HITS_MAX, &n), ZEEF_OK);
  assert_true(n >= 1);
  en = zeef_screener_hit_name(f->scr, &hits[0]);
  assert_non_null(en);
  /* it is the entity name the hit names */
  assert_true(zeef_name_token_count(en) > 0);
  assert_int_equal(zeef_compare(f->ctx, t.name, en, &m), ZEEF_OK);
  assert_true(m.score == hits[0].name_score);
  assert_int_equal(zeef_explain(t.name, en, &hits[0].match, buf, sizeof buf, &need), ZEEF_OK);
  assert_true(need > 0 && need == strlen(buf));
  assert_non_null(strstr(buf, "Zawah"));
  /* every hit, of either list, has its name */
  assert_int_equal(zeef_screen(f->scr, &t, 0.0, hits, HITS_MAX, &n), ZEEF_OK);
  for (size_t i = 0; i < n; i++) assert_non_null(zeef_screener_hit_name(f->scr, &hits[i]));
  assert_null(zeef_screener_hit_name(f->scr, NULL));
  assert_null(zeef_screener_hit_name(NULL, &hits[0]));
}

/* Evidence leaves the library as data: each item names what the traveller
** and the list hold, and the pairs of the name alignment, one by one, are
** the lines zeef_explain() writes. */
static void evidence_and_pairs_as_data(void **state) {
  const fixture *f = *state;
  zeef_traveller t = traveller(f, "Ayman al-Zawahiri", "1951-06-20", "EGY", 'M', "", "");
  zeef_hit hits[HITS_MAX];
  size_t n = 0, need = 0, k = 0;
  const zeef_hit *h = screen_for(f, &t, "QDi.006", hits, &n);
  const zeef_evidence *e;
  const zeef_name *en;
  zeef_pair_text pt;
  char buf[8192], joined[8192];
  assert_non_null(h);
  e = evidence(h, ZEEF_EV_BIRTH);
  assert_non_null(e);
  assert_string_equal(e->traveller, "1951-06-20");
  assert_string_equal(e->listed, "1951-06-19");
  assert_true(e->weight > 0 && e->text[0]); /* same year and month */
  e = evidence(h, ZEEF_EV_NATIONALITY);
  assert_non_null(e);
  assert_string_equal(e->traveller, "EGY");
  assert_non_null(strstr(e->listed, "EGY"));
  assert_string_equal(zeef_evidence_kind_name(ZEEF_EV_BIRTH), "birth_date");
  {
    /* QDi.356 is listed as a woman */
    zeef_traveller w = traveller(f, "Aqsa Mahmood", "", "", 'M', "", "");
    zeef_hit wh[HITS_MAX];
    size_t wn = 0;
    const zeef_hit *x = screen_for(f, &w, "QDi.356", wh, &wn);
    assert_non_null(x);
    e = evidence(x, ZEEF_EV_GENDER);
    assert_non_null(e);
    assert_string_equal(e->traveller, "M");
    assert_string_equal(e->listed, "F");
    assert_true(e->weight < 0);
  }
  en = zeef_screener_hit_name(f->scr, h);
  assert_non_null(en);
  assert_int_equal(zeef_explain(t.name, en, &h->match, buf, sizeof buf, &need), ZEEF_OK);
  joined[0] = 0;
  for (size_t i = 0; i < h->match.npairs; i++) {
    assert_int_equal(zeef_explain_pair(t.name, en, &h->match.pairs[i], &pt), ZEEF_OK);
    k += (size_t)snprintf(joined + k, sizeof joined - k, "%s\n", pt.text);
    if (h->match.pairs[i].kind == ZEEF_PAIR_MISSING_B) assert_string_equal(pt.a, "");
    else assert_true(pt.a[0] != 0);
  }
  assert_string_equal(joined, buf);
  /* a pair that does not belong to these names is refused */
  {
    zeef_pair bad = h->match.pairs[0];
    bad.a = 99;
    bad.kind = ZEEF_PAIR_EXACT;
    assert_int_equal(zeef_explain_pair(t.name, en, &bad, &pt), ZEEF_E_INVALID);
  }
}

/* One function makes a traveller of a record: the record's name form, its
** facts, and an error record refused. */
static void traveller_from_record(void **state) {
  const fixture *f = *state;
  zeef_record r;
  zeef_traveller t;
  memset(&r, 0, sizeof r);
  r.id = "x";
  r.name = "ZAWAHIRI<<AYMAN";
  r.form = ZEEF_FORM_MRZ;
  r.birth.kind = ZEEF_DATE_YEAR;
  r.birth.year = r.birth.year_to = 1951;
  memcpy(r.nationality, "EGY", 4);
  r.gender = 'M';
  r.doc_number = "1084010";
  r.doc_number_alt = "1O84010";
  assert_int_equal(zeef_traveller_from_record(f->ctx, &r, &t), ZEEF_OK);
  assert_non_null(t.name);
  assert_int_equal(zeef_name_token_count(t.name), 2);
  assert_int_equal(t.birth.year, 1951);
  assert_string_equal(t.nationality, "EGY");
  assert_int_equal(t.gender, 'M');
  assert_string_equal(t.doc_number, "1084010");
  assert_string_equal(t.doc_number_alt, "1O84010");
  {
    zeef_token_info ti;
    assert_int_equal(zeef_name_token(t.name, 0, &ti), ZEEF_OK);
    assert_int_equal(ti.role, ZEEF_ROLE_SURNAME); /* MRZ order kept */
  }
  zeef_traveller_clear(&t);
  assert_null(t.name);
  zeef_traveller_clear(NULL);
  r.error = "broken";
  assert_int_equal(zeef_traveller_from_record(f->ctx, &r, &t), ZEEF_E_INVALID);
  assert_null(t.name);
  r.error = NULL;
  r.name = "";
  r.doc_number = r.doc_number_alt = NULL;
  assert_int_equal(zeef_traveller_from_record(f->ctx, &r, &t), ZEEF_E_EMPTY);
  assert_null(t.name);
  /* no name but a document: screened on the document alone */
  r.doc_number = "1084010";
  assert_int_equal(zeef_traveller_from_record(f->ctx, &r, &t), ZEEF_OK);
  assert_null(t.name);
  {
    zeef_hit hits[4];
    size_t n = 0;
    memcpy(t.doc_country, "EGY", 4);
    assert_int_equal(zeef_screen(f->scr, &t, 0.5, hits, 4, &n), ZEEF_OK);
    assert_true(n >= 1);
    assert_string_equal(zeef_list_entity(hits[0].list, hits[0].entity)->id, "QDi.006");
    assert_true(hits[0].score >= ALERT);
    assert_int_equal(hits[0].match.npairs, 0);
    assert_true(hits[0].name_score == 0);
    /* a number no list holds: no hit, and no name: nothing to screen */
    t.doc_number = "ZZ999";
    assert_int_equal(zeef_screen(f->scr, &t, 0.5, hits, 4, &n), ZEEF_OK);
    assert_int_equal(n, 0);
    t.doc_number = NULL;
    assert_int_equal(zeef_screen(f->scr, &t, 0.5, hits, 4, &n), ZEEF_E_INVALID);
  }
  zeef_traveller_clear(&t);
}

static void deterministic(void **state) {
  const fixture *f = *state;
  zeef_traveller t[] = {
      traveller(f, "Ayman al-Zawahiri", "1951-06-19", "EGY", 'M', "", ""),
      traveller(f, "Fatima Mahmood", "", "", 'F', "", ""),
      traveller(f, "Mohamed Salim", "", "", 0, "1084010", "EGY"),
  };
  static zeef_hit a[HITS_MAX], b[HITS_MAX], c[HITS_MAX];
  zeef_screener *s2 = NULL;
  size_t na, nb, nc;
  int misses = 0;
  assert_int_equal(zeef_screener_new(f->ctx, (const zeef_list *const *)f->lists, 2, NULL, NULL, &s2),
                   ZEEF_OK);
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    if (zeef_screen(f->scr, &t[i], 0.0, a, HITS_MAX, &na) || zeef_screen(f->scr, &t[i], 0.0, b, HITS_MAX, &nb) ||
        zeef_screen(s2, &t[i], 0.0, c, HITS_MAX, &nc)) {
      misses++;
      continue;
    }
    if (na != nb || na != nc) {
      misses++;
      continue;
    }
    for (size_t k = 0; k < na; k++) {
      /* a second screener over the same lists: the same hits */
      if (!same_hit(&a[k], &b[k]) || !same_hit(&a[k], &c[k])) misses++;
      if (memcmp(&a[k].match, &b[k].match, sizeof a[k].match) != 0) misses++;
    }
  }
  zeef_screener_free(s2);
  TH_NO_MISSES(misses);
}

/* Screens one traveller against lists loaded from paths: the hits go to
** hits (cap HITS_MAX), everything is freed before returning. Returns the
** first failing status, ZEEF_OK otherwise. */
static zeef_status screen_lists(const zeef_ctx *ctx, const char *const *paths, size_t npaths,
                                const zeef_traveller *t, zeef_hit *hits, size_t *n,
                                char ids[][32]) {
  zeef_list *l[4] = {0};
  zeef_screener *s = NULL;
  zeef_status rc = ZEEF_OK;
  *n = 0;
  for (size_t i = 0; i < npaths && !rc; i++)
    rc = zeef_list_load(ctx, NULL, paths[i], ZEEF_LIST_AUTO, NULL, NULL, &l[i]);
  if (!rc) rc = zeef_screener_new(ctx, (const zeef_list *const *)l, npaths, NULL, NULL, &s);
  if (!rc) rc = zeef_screen(s, t, ALERT, hits, HITS_MAX, n);
  for (size_t i = 0; !rc && i < *n; i++) /* copied: the lists go now */
    snprintf(ids[i], 32, "%s:%s", zeef_list_name(hits[i].list), hit_entity(&hits[i])->id);
  zeef_screener_free(s);
  for (size_t i = 0; i < npaths; i++) zeef_list_free(l[i]);
  return rc;
}

static void other_lists(void **state) {
  const fixture *f = *state;
  static zeef_hit hits[HITS_MAX];
  static char ids[HITS_MAX][32];
  size_t n;
  /* FollowTheMoney persons, a list without any document */
  {
    static const char *const ftm[] = {FIX "ftm_excerpt.json"};
    zeef_traveller t = traveller(f, "Khalid Rizvi Amrohvi", "1952-12-15", "PAK", 'M', "", "");
    assert_int_equal(screen_lists(f->ctx, ftm, 1, &t, hits, &n, ids), ZEEF_OK);
    assert_int_equal(n, 1);
    assert_string_equal(ids[0], "ftm_excerpt.json:Q108292788");
    /* the listed name is Arabic script, the traveller's Latin */
    t = traveller(f, "Othman Al Rumayan", "", "", 0, "", "");
    assert_int_equal(screen_lists(f->ctx, ftm, 1, &t, hits, &n, ids), ZEEF_OK);
    assert_int_equal(n, 1);
    assert_string_equal(ids[0], "ftm_excerpt.json:Q110192964");
  }
  /* The same person on two lists: one alert from each, best first. */
  {
    static const char *const two[] = {FIX "un_excerpt.xml", FIX "ofac/sdn.csv"};
    zeef_traveller t = traveller(f, "Ayman al-Zawahiri", "1951-06-19", "EGY", 'M', "", "");
    assert_int_equal(screen_lists(f->ctx, two, 2, &t, hits, &n, ids), ZEEF_OK);
    for (size_t i = 0; n != 2 && i < n && i < HITS_MAX; i++) print_error("  hit %s\n", ids[i]);
    assert_int_equal(n, 2);
    assert_true(hits[0].score >= hits[1].score);
    assert_true((strcmp(ids[0], "un_excerpt.xml:QDi.006") == 0 && strcmp(ids[1], "sdn.csv:2676") == 0) ||
                (strcmp(ids[1], "un_excerpt.xml:QDi.006") == 0 && strcmp(ids[0], "sdn.csv:2676") == 0));
  }
}

static void bad_arguments(void **state) {
  const fixture *f = *state;
  zeef_traveller t;
  zeef_hit h[1];
  size_t n = 7;
  zeef_screener *s = (zeef_screener *)0x1;
  memset(&t, 0, sizeof t);
  assert_int_equal(zeef_screen(f->scr, &t, 0.0, h, 1, &n), ZEEF_E_INVALID); /* no name */
  assert_int_equal(n, 0);
  t = traveller(f, "Jan Jansen", "", "", 0, "", "");
  assert_int_equal(zeef_screen(f->scr, &t, 0.0, h, 1, NULL), ZEEF_E_INVALID);
  assert_int_equal(zeef_screen(NULL, &t, 0.0, h, 1, &n), ZEEF_E_INVALID);
  assert_int_equal(zeef_screen(f->scr, &t, 0.0, NULL, 1, &n), ZEEF_E_INVALID);
  assert_int_equal(zeef_screener_new(NULL, NULL, 0, NULL, NULL, &s), ZEEF_E_INVALID);
  assert_null(s);
  zeef_screener_free(NULL);
  /* no lists: an empty screener that finds nothing */
  assert_int_equal(zeef_screener_new(f->ctx, NULL, 0, NULL, NULL, &s), ZEEF_OK);
  assert_int_equal(zeef_screener_names(s), 0);
  n = 7;
  {
    zeef_status rc = zeef_screen(s, &t, 0.0, h, 1, &n);
    zeef_screener_free(s);
    assert_int_equal(rc, ZEEF_OK);
    assert_int_equal(n, 0);
  }
}

int test_screen(void) {
  const struct CMUnitTest tests[] = {
      TH_TEST(screener_indexes_every_name),
      TH_TEST(spelled_variant_alerts),
      TH_TEST(original_script_alerts),
      TH_TEST(bands_from_the_evidence),
      TH_TEST(birth_year_conflict_keeps_common_name_clear),
      TH_TEST(listed_document_outweighs_weak_name),
      TH_TEST(check_digit_reading_of_document),
      TH_TEST(truncated_mrz_name_matches_as_prefix),
      TH_TEST(hits_sorted_bounded),
      TH_TEST(index_agrees_with_exhaustive),
      TH_TEST(short_key_one_letter_off),
      TH_TEST(short_forms_found_by_index),
      TH_TEST(glued_names_found_by_index),
      TH_TEST(han_names_found_by_index),
      TH_TEST(birthplace_hints_nationality),
      TH_TEST(a_name_given_twice_counts_once),
      TH_TEST(hit_name_explains),
      TH_TEST(evidence_and_pairs_as_data),
      TH_TEST(traveller_from_record),
      TH_TEST(deterministic),
      TH_TEST(other_lists),
      TH_TEST(bad_arguments),
  };
  th_tests_total += (int)(sizeof tests / sizeof tests[0]);
  return cmocka_run_group_tests_name("screen", tests, screen_setup, screen_teardown);
}
