/*
** test_rules.c: pre-determined criteria (zeef_rules_load, zeef_rules_eval;
** docs/rules.md). The test rules (tests/fixtures/rules.json) on the test
** bookings (journeys.pnrgov, bookings.pnrgov): the broken-journey rule hits
** the traveller it is written for and no other; a long stay on a round
** trip, a short connection and a journey from elsewhere are not broken
** journeys; legs that do not join are. The guard: a meal code, a medical
** code, sex, nationality, a name's origin, religion refused with the
** reason; a review date passed, a purpose, legal basis or owner missing, an
** unknown condition, a bad airport code, an unknown set refused; every
** problem of a file named, none loaded. And each condition alone.
*/
#include "tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIX "tests/fixtures/"
#define TODAY "2026-12-07"
#define KEEP 16

static zeef_ctx *g_ctx;

typedef struct booked {
  size_t n;
  zeef_pnr p[KEEP];
} booked;

static booked *B;

static int on_pnr(void *ud, const zeef_pnr *p) {
  booked *b = ud;
  if (b->n < KEEP) b->p[b->n++] = *p;
  return 0;
}

static int setup(void **state) {
  const char *files[] = {FIX "journeys.pnrgov", FIX "bookings.pnrgov"};
  (void)state;
  if (zeef_ctx_new(NULL, &g_ctx) || !(B = calloc(1, sizeof *B))) return -1;
  for (size_t i = 0; i < 2; i++) {
    size_t len, bad;
    char *t = th_slurp(files[i], &len);
    if (!t || zeef_pnrgov_read(g_ctx, t, len, on_pnr, B, &bad)) return -1;
    free(t);
  }
  return B->n == 7 ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  free(B);
  zeef_ctx_free(g_ctx);
  return 0;
}

static zeef_rules *load_file(const char *path) {
  size_t len;
  char *t = th_slurp(path, &len), err[2048];
  zeef_rules *r = NULL;
  assert_non_null(t);
  if (zeef_rules_load(g_ctx, t, len, TODAY, &r, err, sizeof err)) fail_msg("%s refused: %s", path, err);
  free(t);
  return r;
}

/* The rules file made of one rule with these conditions (JSON text). */
static zeef_status load_one(const char *conditions, const char *review_by, zeef_rules **r, char *err, size_t cap) {
  char json[4096];
  snprintf(json, sizeof json,
           "{\"sets\": {\"border\": [\"GZT\", \"HTY\"]}, \"rules\": [{\"id\": \"T-1\", \"description\": \"test\","
           " \"purpose\": \"test\", \"legal_basis\": \"test\", \"owner\": \"tests\", \"review_by\": \"%s\","
           " \"conditions\": %s}]}",
           review_by, conditions);
  return zeef_rules_load(g_ctx, json, strlen(json), TODAY, r, err, cap);
}

/* Which travellers (LOCATOR/REF, space separated) rule 0 of a one-rule
** file with these conditions hits among the test bookings. */
static const char *hit_by(const char *conditions) {
  static char who[512];
  zeef_rules *r = NULL;
  char err[1024];
  if (load_one(conditions, "2027-01-01", &r, err, sizeof err)) fail_msg("%s refused: %s", conditions, err);
  who[0] = 0;
  for (size_t i = 0; i < B->n; i++)
    for (size_t t = 0; t < B->p[i].ntravellers; t++) {
      zeef_rule_hit h[2];
      if (zeef_rules_eval(r, &B->p[i], t, h, 2))
        snprintf(who + strlen(who), sizeof who - strlen(who), "%s%s/%s", who[0] ? " " : "", B->p[i].locator,
                 B->p[i].travellers[t].ref);
    }
  zeef_rules_free(r);
  return who;
}

static void broken_journey_rule_hits_its_traveller_only(void **state) {
  zeef_rules *r;
  size_t hits = 0;
  (void)state;
  r = load_file(FIX "rules.json");
  assert_int_equal(zeef_rules_count(r), 2);
  assert_string_equal(zeef_rule_id(r, 0), "BJ-01");
  for (size_t i = 0; i < B->n; i++)
    for (size_t t = 0; t < B->p[i].ntravellers; t++) {
      zeef_rule_hit h[2];
      size_t n = zeef_rules_eval(r, &B->p[i], t, h, 2);
      for (size_t k = 0; k < n; k++) {
        if (h[k].rule != 0) continue;
        hits++;
        assert_string_equal(B->p[i].locator, "BRK001");
        assert_string_equal(h[k].explanation, "starts at GZT (in @border); ends at AMS (in @benelux); a broken "
                                              "journey: 47 h at IST between XQ2201 and XQ801 (more than 24 h)");
      }
    }
  assert_int_equal(hits, 1);
  zeef_rules_free(r);
}

static void journeys(void **state) {
  (void)state;
  /* a long stay at the turning point of a round trip is no break; a short
  ** connection is none either; legs that do not join are one */
  assert_string_equal(hit_by("{\"broken_journey_hours\": 24}"), "BRK001/1 SUR004/1 SUR004/2");
  assert_string_equal(hit_by("{\"broken_journey_hours\": 2}"), "BRK001/1 CON003/1 SUR004/1 SUR004/2");
  assert_string_equal(hit_by("{\"origin\": \"@border\"}"), "BRK001/1 CON003/1");
  assert_string_equal(hit_by("{\"via\": [\"IST\"]}"), "BRK001/1 CON003/1");
  assert_string_equal(hit_by("{\"touches\": [\"ADA\"]}"), "SUR004/1 SUR004/2");
  assert_string_equal(hit_by("{\"one_way\": false}"), "RTN002/1");
  assert_string_equal(hit_by("{\"destination\": [\"AMS\"], \"one_way\": true, \"travelling_alone\": true}"),
                      "BRK001/1 CON003/1 ABC123/1 DEF456/1 GHI789/1"); /* an infant aside */
}

static void timing_payment_documents(void **state) {
  (void)state;
  assert_string_equal(hit_by("{\"booked_within_hours\": 72}"), "BRK001/1 RTN002/1 SUR004/1 SUR004/2");
  assert_string_equal(hit_by("{\"booked_within_hours\": 12}"), "RTN002/1");
  assert_string_equal(hit_by("{\"paid_in_cash\": true}"), "BRK001/1 DEF456/1 DEF456/2");
  assert_string_equal(hit_by("{\"document_missing\": true}"), "GHI789/1");
  assert_string_equal(hit_by("{\"document_type\": [\"I\"]}"), "CON003/1");
  /* Claire Moreau's passport expires in May 2027: within 180 days of the flight */
  assert_string_equal(hit_by("{\"document_expires_within_days\": 180}"), "SUR004/1");
}

static void refused(const char *conditions, const char *review_by, const char *want) {
  zeef_rules *r = (zeef_rules *)1;
  char err[2048];
  assert_int_equal(load_one(conditions, review_by, &r, err, sizeof err), ZEEF_E_FORMAT);
  assert_null(r);
  if (!strstr(err, want)) fail_msg("%s: \"%s\" does not say \"%s\"", conditions, err, want);
}

static void the_guard(void **state) {
  (void)state;
  refused("{\"ssr\": [\"MOML\"]}", "2027-01-01", "condition \"ssr\" refused: special service requests for meals");
  refused("{\"meal_code\": \"KSML\"}", "2027-01-01", "meal requests reveal religion");
  refused("{\"touches\": [\"MOML\"]}", "2027-01-01", "meal and medical service request codes reveal religion");
  refused("{\"touches\": [\"WCHR\"]}", "2027-01-01", "reveal religion and health");
  refused("{\"gender\": \"M\"}", "2027-01-01", "a traveller's sex is not a criterion");
  refused("{\"nationality\": [\"SYR\"]}", "2027-01-01", "nationality stands for national or ethnic origin");
  refused("{\"document_issuer\": [\"SYR\"]}", "2027-01-01", "issuing state stands for nationality");
  refused("{\"name_origin\": \"arabic\"}", "2027-01-01", "a name's origin stands for ethnic origin");
  refused("{\"religion\": \"x\"}", "2027-01-01", "religion or belief is a protected characteristic");
  refused("{\"preferred_language\": \"ar\"}", "2027-01-01", "a language stands for ethnic origin");
  /* what every rule must say and be */
  refused("{\"one_way\": true}", "2026-12-06", "its review date 2026-12-06 has passed (today is 2026-12-07)");
  refused("{\"one_way\": true}", "next year", "review_by \"next year\" is not a date");
  refused("{\"one_way\": \"yes\"}", "2027-01-01", "one_way is true or false");
  refused("{\"via\": [\"Istanbul\"]}", "2027-01-01", "not an IATA airport code");
  refused("{\"via\": \"@nowhere\"}", "2027-01-01", "not a set of the file's \"sets\"");
  refused("{\"favourite_colour\": \"red\"}", "2027-01-01", "unknown condition \"favourite_colour\"");
  refused("{}", "2027-01-01", "at least one condition");
  {
    static const char missing[] = "{\"rules\": [{\"id\": \"M-1\", \"description\": \"d\", \"review_by\": \"2027-01-01\","
                                  " \"conditions\": {\"one_way\": true}, \"religion_of\": 1}]}";
    char err[2048];
    zeef_rules *r = NULL;
    assert_int_equal(zeef_rules_load(g_ctx, missing, sizeof missing - 1, TODAY, &r, err, sizeof err), ZEEF_E_FORMAT);
    /* every problem named, one a line */
    assert_non_null(strstr(err, "rule M-1: \"purpose\" is missing"));
    assert_non_null(strstr(err, "rule M-1: \"legal_basis\" is missing"));
    assert_non_null(strstr(err, "rule M-1: \"owner\" is missing"));
    assert_non_null(strstr(err, "rule M-1: field \"religion_of\" refused: religion"));
  }
  {
    char err[256];
    zeef_rules *r = NULL;
    assert_int_equal(zeef_rules_load(g_ctx, "[1,2]", 5, TODAY, &r, err, sizeof err), ZEEF_E_FORMAT);
    assert_int_equal(zeef_rules_load(g_ctx, "{\"rules\": ", 10, TODAY, &r, err, sizeof err), ZEEF_E_FORMAT);
    assert_non_null(strstr(err, "not JSON"));
  }
  /* the file with a meal rule is refused whole */
  {
    size_t len;
    char *t = th_slurp(FIX "rules-meal.json", &len), err[2048];
    zeef_rules *r = NULL;
    assert_int_equal(zeef_rules_load(g_ctx, t, len, TODAY, &r, err, sizeof err), ZEEF_E_FORMAT);
    assert_non_null(strstr(err, "rule ML-01: condition \"ssr\" refused"));
    assert_non_null(strstr(err, "rule OLD-02: its review date 2025-01-01 has passed"));
    free(t);
  }
}

int test_rules(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(broken_journey_rule_hits_its_traveller_only),
      cmocka_unit_test(journeys),
      cmocka_unit_test(timing_payment_documents),
      cmocka_unit_test(the_guard),
  };
  th_tests_total += (int)(sizeof tests / sizeof tests[0]);
  return cmocka_run_group_tests_name("rules", tests, setup, teardown);
}
