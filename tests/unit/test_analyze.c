/*
** test_analyze.c: zeef_name_analyze and the token accessors: script
** detection, tokens and Latin forms, ICAO folding, name order (comma, MRZ),
** hyphens, apostrophes, articles, titles, particles, Arabic compounds and
** abbreviations, and every error path with its limits (docs/names.md).
*/
#include "tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THR ZEEF_NAME_THRESHOLD

/* ------------------------------------------------------------- Helpers */

/* Builds a string of `times` copies of unit, or NULL. Caller frees. */
static char *repeat(const char *unit, size_t times) {
  size_t n = strlen(unit);
  char *s = malloc(n * times + 1);
  if (!s) return NULL;
  for (size_t i = 0; i < times; i++) memcpy(s + i * n, unit, n);
  s[n * times] = '\0';
  return s;
}

/* Analyses s[0..len) and checks the status is want and, on error, that the
** out pointer was set to NULL. Returns 1 on a miss (printed), 0 otherwise. */
static int expect_status(const zeef_ctx *ctx, const char *label, const char *s, size_t len,
                         zeef_status want) {
  static int sentinel;
  zeef_name *n = (zeef_name *)(void *)&sentinel;
  zeef_status rc = zeef_name_analyze(ctx, s, len, ZEEF_FORM_FREE, &n);
  int miss = 0;
  if (rc != want) {
    print_error("  MISS: analyze(%s) = %s, want %s\n", label, zeef_strerror(rc),
                zeef_strerror(want));
    miss = 1;
  }
  if (rc != ZEEF_OK && n != NULL) {
    print_error("  MISS: analyze(%s) failed but left *name non-NULL\n", label);
    miss = 1;
    n = NULL; /* not ours to free: it may be the sentinel */
  }
  if (rc == ZEEF_OK) zeef_name_free(n);
  return miss;
}

/* Every latin form is non-empty lowercase ASCII letters/digits, every key
** ASCII, every weight in [0, 1], every frequency >= 0. */
static void check_token_invariants(const zeef_name *n) {
  size_t count = zeef_name_token_count(n);
  assert_true(count >= 1);
  assert_true(count <= ZEEF_NAME_MAX_TOKENS);
  for (size_t i = 0; i < count; i++) {
    zeef_token_info t = th_tok(n, i);
    assert_true(strlen(t.original) > 0);
    assert_true(strlen(t.latin) > 0);
    for (const char *p = t.latin; *p; p++) {
      if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
        fail_msg("latin form \"%s\" of \"%s\" has byte 0x%02x", t.latin, t.original,
                 (unsigned char)*p);
    }
    for (const char *p = t.key; *p; p++) assert_true((unsigned char)*p < 0x80);
    assert_true(t.weight >= 0.0 && t.weight <= 1.0);
    assert_true(t.frequency >= 0.0);
  }
}

/* ------------------------------------------------------------- Scripts */

static void script_detection(void **state) {
  const zeef_ctx *ctx = *state;
  static const struct {
    const char *s;
    zeef_script want;
  } cases[] = {
      {"Vladimir Putin", ZEEF_SCRIPT_LATIN},
      {"أيمن الظواهري", ZEEF_SCRIPT_ARABIC},
      {"Владимир Путин", ZEEF_SCRIPT_CYRILLIC},
      {"Αλέξης Τσίπρας", ZEEF_SCRIPT_GREEK},
      {"김정은", ZEEF_SCRIPT_HANGUL},
      {"习近平", ZEEF_SCRIPT_CJK},
      {"Vladimir Путин", ZEEF_SCRIPT_MIXED},
  };
  int misses = 0;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    zeef_name *n = th_name(ctx, cases[i].s, ZEEF_FORM_FREE);
    zeef_script got = zeef_name_script(n);
    if (got != cases[i].want) {
      print_error("  MISS: script(\"%s\") = %s, want %s\n", cases[i].s, zeef_script_name(got),
                  zeef_script_name(cases[i].want));
      misses++;
    }
    check_token_invariants(n);
  }
  TH_NO_MISSES(misses);
}

static void script_of_tokens_in_mixed_name(void **state) {
  zeef_name *n = th_name(*state, "Vladimir Путин", ZEEF_FORM_FREE);
  assert_int_equal(zeef_name_token_count(n), 2);
  assert_int_equal(th_tok(n, 0).script, ZEEF_SCRIPT_LATIN);
  assert_int_equal(th_tok(n, 1).script, ZEEF_SCRIPT_CYRILLIC);
  assert_string_equal(th_tok(n, 1).latin, "putin");
}

static void script_names(void **state) {
  (void)state;
  assert_string_equal(zeef_script_name(ZEEF_SCRIPT_LATIN), "latin");
  assert_string_equal(zeef_script_name(ZEEF_SCRIPT_ARABIC), "arabic");
  assert_string_equal(zeef_script_name(ZEEF_SCRIPT_CYRILLIC), "cyrillic");
  assert_string_equal(zeef_script_name(ZEEF_SCRIPT_GREEK), "greek");
  assert_string_equal(zeef_script_name(ZEEF_SCRIPT_HANGUL), "hangul");
  assert_string_equal(zeef_script_name(ZEEF_SCRIPT_CJK), "cjk");
  assert_string_equal(zeef_script_name(ZEEF_SCRIPT_MIXED), "mixed");
}

/* ------------------------------------------------------ Tokens and forms */

static void tokens_and_latin_forms(void **state) {
  const zeef_ctx *ctx = *state;
  zeef_name *n = th_name(ctx, "Vladimir Putin", ZEEF_FORM_FREE);
  check_token_invariants(n);
  assert_int_equal(zeef_name_token_count(n), 2);
  zeef_token_info t0 = th_tok(n, 0), t1 = th_tok(n, 1);
  assert_string_equal(t0.original, "Vladimir");
  assert_string_equal(t0.latin, "vladimir");
  assert_string_equal(t1.original, "Putin");
  assert_string_equal(t1.latin, "putin");
  assert_true(strlen(t0.key) > 0 && strlen(t1.key) > 0);
  assert_int_equal(t0.script, ZEEF_SCRIPT_LATIN);
  assert_int_equal(t0.role, ZEEF_ROLE_GIVEN);
  assert_int_equal(t1.role, ZEEF_ROLE_SURNAME);

  n = th_name(ctx, "Владимир Путин", ZEEF_FORM_FREE);
  check_token_invariants(n);
  assert_int_equal(zeef_name_token_count(n), 2);
  assert_string_equal(th_tok(n, 0).original, "Владимир");
  assert_string_equal(th_tok(n, 0).latin, "vladimir");
  assert_string_equal(th_tok(n, 1).latin, "putin");

  n = th_name(ctx, "أيمن محمد ربيع الظواهري", ZEEF_FORM_FREE);
  check_token_invariants(n);
  assert_true(zeef_name_token_count(n) >= 4);
  assert_int_equal(th_tok(n, 0).script, ZEEF_SCRIPT_ARABIC);
}

static void original_is_nfc(void **state) {
  /* "Mu" + U+0308 COMBINING DIAERESIS + "ller": the original comes back
  ** composed as U+00FC. */
  zeef_name *n = th_name(*state, "Mu\xcc\x88ller", ZEEF_FORM_FREE);
  assert_int_equal(zeef_name_token_count(n), 1);
  assert_string_equal(th_tok(n, 0).original, "M\xc3\xbcller");
}

static void length_is_respected(void **state) {
  /* No NUL needed: only the first len bytes count. */
  zeef_name *n = NULL;
  const char *s = "Vladimir Putin Extra";
  assert_int_equal(zeef_name_analyze(*state, s, 14, ZEEF_FORM_FREE, &n), ZEEF_OK);
  size_t count = zeef_name_token_count(n);
  int found = th_find_latin(n, "extra");
  zeef_name_free(n);
  assert_int_equal(count, 2);
  assert_int_equal(found, -1);
}

/* ------------------------------------------------------------------ ICAO */

static void icao_umlaut(void **state) {
  static const char *const names[] = {"Müller", "Mueller", "Muller"};
  TH_NO_MISSES(th_pairwise_ge(*state, names, 3, THR));
}

static void icao_sharp_s(void **state) {
  zeef_name *n = th_name(*state, "Strauß", ZEEF_FORM_FREE);
  assert_string_equal(th_tok(n, 0).latin, "strauss");
  TH_NO_MISSES(th_check(*state, "Johann Strauß", "Johann Strauss", THR, 1));
}

static void icao_o_slash_and_ae(void **state) {
  const zeef_ctx *ctx = *state;
  zeef_name *n = th_name(ctx, "Bjørn", ZEEF_FORM_FREE);
  const char *l = th_tok(n, 0).latin;
  if (strcmp(l, "bjoern") != 0 && strcmp(l, "bjorn") != 0)
    fail_msg("latin(\"Bjørn\") = \"%s\", want \"bjoern\" (ICAO) or \"bjorn\"", l);
  n = th_name(ctx, "Sæther", ZEEF_FORM_FREE);
  assert_string_equal(th_tok(n, 0).latin, "saether");
  n = th_name(ctx, "ØSTERGÅRD", ZEEF_FORM_FREE);
  check_token_invariants(n);
  int misses = 0;
  misses += th_check(ctx, "Bjørn Dæhlie", "Bjoern Daehlie", THR, 1);
  misses += th_check(ctx, "Bjørn Dæhlie", "Bjorn Daehlie", THR, 1);
  misses += th_check(ctx, "Søren Østergård", "Soeren Oestergaard", THR, 1);
  TH_NO_MISSES(misses);
}

static void indic_final_inherent_vowel(void **state) {
  /* Hindi and Bengali do not say the inherent vowel of a word's last
  ** consonant (राहुल Rahul, মোহাম্মদ Mohammad) but do after a consonant
  ** cluster (नरेंद्र Narendra). */
  const zeef_ctx *ctx = *state;
  zeef_name *n = th_name(ctx, "राहुल नरेंद्र", ZEEF_FORM_FREE);
  check_token_invariants(n);
  assert_string_equal(th_tok(n, 0).latin, "rahul");
  assert_string_equal(th_tok(n, 1).latin, "narendra");
  n = th_name(ctx, "মোহাম্মদ", ZEEF_FORM_FREE);
  assert_string_equal(th_tok(n, 0).latin, "mohammad");
}

static void khmer_romanised(void **state) {
  /* ICU has no Khmer transform: zeef's own table, by consonant series
  ** (ុ is o after a first-series consonant, u after a second-series one;
  ** ៉ and ៊ change the series). */
  const zeef_ctx *ctx = *state;
  zeef_name *n = th_name(ctx, "ហ៊ុន សែន", ZEEF_FORM_FREE);
  check_token_invariants(n);
  assert_int_equal(zeef_name_token_count(n), 2);
  assert_int_equal(zeef_name_script(n), ZEEF_SCRIPT_OTHER);
  assert_string_equal(th_tok(n, 0).latin, "hun");
  n = th_name(ctx, "ប៉ុល", ZEEF_FORM_FREE);
  assert_string_equal(th_tok(n, 0).latin, "pol");
}

/* ------------------------------------------------------------ Name order */

static void comma_marks_surname(void **state) {
  const zeef_ctx *ctx = *state;
  zeef_name *n = th_name(ctx, "ZAWAHIRI, Ayman", ZEEF_FORM_FREE);
  assert_int_equal(zeef_name_token_count(n), 2);
  assert_string_equal(th_tok(n, 0).latin, "zawahiri");
  assert_int_equal(th_tok(n, 0).role, ZEEF_ROLE_SURNAME);
  assert_int_equal(th_tok(n, 1).role, ZEEF_ROLE_GIVEN);

  n = th_name(ctx, "Putin, Vladimir Vladimirovich", ZEEF_FORM_FREE);
  assert_int_equal(zeef_name_token_count(n), 3);
  int p = th_find_latin(n, "putin");
  assert_true(p >= 0);
  assert_int_equal(th_tok(n, (size_t)p).role, ZEEF_ROLE_SURNAME);
  int v = th_find_latin(n, "vladimir");
  assert_true(v >= 0);
  assert_int_equal(th_tok(n, (size_t)v).role, ZEEF_ROLE_GIVEN);
  int vv = th_find_latin(n, "vladimirovich");
  assert_true(vv >= 0);
  assert_int_not_equal(th_tok(n, (size_t)vv).role, ZEEF_ROLE_SURNAME);
}

static void mrz_form(void **state) {
  const zeef_ctx *ctx = *state;
  zeef_name *n = th_name(ctx, "AL ZAWAHIRI<<AYMAN<MOHAMMED", ZEEF_FORM_MRZ);
  check_token_invariants(n);
  for (size_t i = 0; i < zeef_name_token_count(n); i++)
    assert_null(strchr(th_tok(n, i).original, '<'));
  int z = th_find_latin(n, "zawahiri");
  int a = th_find_latin(n, "ayman");
  int m = th_find_latin(n, "mohammed");
  if (m < 0) m = th_find_latin(n, "muhammad");
  assert_true(z >= 0);
  assert_true(a >= 0);
  assert_true(m >= 0);
  assert_int_equal(th_tok(n, (size_t)z).role, ZEEF_ROLE_SURNAME);
  assert_int_equal(th_tok(n, (size_t)a).role, ZEEF_ROLE_GIVEN);
  zeef_role mr = th_tok(n, (size_t)m).role;
  assert_true(mr == ZEEF_ROLE_GIVEN || mr == ZEEF_ROLE_MIDDLE);
  int al = th_find_latin(n, "al");
  if (al >= 0) {
    zeef_role r = th_tok(n, (size_t)al).role;
    assert_true(r == ZEEF_ROLE_SURNAME || r == ZEEF_ROLE_PARTICLE);
  }
  /* The surname before "<<" stays a surname even though it comes first,
  ** where a free-order name would put the given name. */
  n = th_name(ctx, "PUTIN<<VLADIMIR", ZEEF_FORM_MRZ);
  assert_int_equal(zeef_name_token_count(n), 2);
  assert_string_equal(th_tok(n, 0).latin, "putin");
  assert_int_equal(th_tok(n, 0).role, ZEEF_ROLE_SURNAME);
  assert_int_equal(th_tok(n, 1).role, ZEEF_ROLE_GIVEN);
}

/* ------------------------------------------ Hyphens, apostrophes, articles */

static void apostrophe_joins(void **state) {
  zeef_name *n = th_name(*state, "Conan O'Brien", ZEEF_FORM_FREE);
  assert_int_equal(zeef_name_token_count(n), 2);
  assert_string_equal(th_tok(n, 1).original, "O'Brien");
  assert_string_equal(th_tok(n, 1).latin, "obrien");
}

static void apostrophe_typographic(void **state) {
  /* U+2019 RIGHT SINGLE QUOTATION MARK, as word processors write it. */
  zeef_name *n = th_name(*state, "Conan O\xe2\x80\x99" "Brien", ZEEF_FORM_FREE);
  assert_int_equal(zeef_name_token_count(n), 2);
  assert_string_equal(th_tok(n, 1).latin, "obrien");
}

static void hyphen_splits_article(void **state) {
  zeef_name *n = th_name(*state, "Ayman al-Zawahiri", ZEEF_FORM_FREE);
  assert_int_equal(zeef_name_token_count(n), 3);
  int al = th_find_latin(n, "al");
  int z = th_find_latin(n, "zawahiri");
  assert_true(al >= 0);
  assert_true(z >= 0);
  assert_int_equal(th_tok(n, (size_t)al).role, ZEEF_ROLE_PARTICLE);
  assert_int_equal(th_tok(n, (size_t)z).role, ZEEF_ROLE_SURNAME);
  assert_string_equal(th_tok(n, (size_t)z).original, "Zawahiri");
}

static void hyphenated_given_name(void **state) {
  TH_NO_MISSES(th_check(*state, "Hans-Peter Müller", "Hans Peter Muller", THR, 1));
}

static void glued_article(void **state) {
  const zeef_ctx *ctx = *state;
  static const char *const badri[] = {"ALBADRI", "Al Badri", "al-Badri"};
  int misses = th_pairwise_ge(ctx, badri, 3, THR);
  misses += th_check(ctx, "ALGHAMDI", "al-Ghamdi", THR, 1);
  misses += th_check(ctx, "ELHAKIM", "el-Hakim", THR, 1);
  TH_NO_MISSES(misses);
}

static void albert_is_not_an_article(void **state) {
  zeef_name *n = th_name(*state, "Albert", ZEEF_FORM_FREE);
  assert_int_equal(zeef_name_token_count(n), 1);
  assert_string_equal(th_tok(n, 0).latin, "albert");
  assert_int_not_equal(th_tok(n, 0).role, ZEEF_ROLE_PARTICLE);
}

static void western_al_el_names_kept_whole(void **state) {
  /* Names that begin with al/el but carry no article. */
  static const struct {
    const char *s, *latin;
  } cases[] = {{"Albert Einstein", "albert"}, {"Alan Turing", "alan"},
               {"Elena Petrova", "elena"},    {"Alexander Litvinenko", "alexander"},
               {"Ali Hassan", "ali"}};
  int misses = 0;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    zeef_name *n = th_name(*state, cases[i].s, ZEEF_FORM_FREE);
    if (zeef_name_token_count(n) != 2 || th_find_latin(n, cases[i].latin) != 0) {
      print_error("  MISS: \"%s\": %zu tokens, first latin \"%s\", want 2 and \"%s\"\n",
                  cases[i].s, zeef_name_token_count(n), th_tok(n, 0).latin, cases[i].latin);
      misses++;
    }
  }
  TH_NO_MISSES(misses);
}

/* ---------------------------------------------------- Titles, particles */

static void titles_weigh_nothing(void **state) {
  static const char *const names[] = {"Dr Ayman al-Zawahiri", "Dr. Ayman al-Zawahiri",
                                      "Sheikh Omar Bakri", "Haji Mohammad Ali",
                                      "Mullah Mohammad Omar"};
  int misses = 0;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    zeef_name *n = th_name(*state, names[i], ZEEF_FORM_FREE);
    zeef_token_info t = th_tok(n, 0);
    if (t.role != ZEEF_ROLE_TITLE || t.weight != 0.0) {
      print_error("  MISS: \"%s\": first token \"%s\" role %s weight %.3f, want title 0\n",
                  names[i], t.original, zeef_role_name(t.role), t.weight);
      misses++;
    }
    for (size_t j = 1; j < zeef_name_token_count(n); j++)
      if (th_tok(n, j).role == ZEEF_ROLE_TITLE) {
        print_error("  MISS: \"%s\": token %zu taken as a title\n", names[i], j);
        misses++;
      }
  }
  TH_NO_MISSES(misses);
}

static void particles_canonical(void **state) {
  static const char *const names[] = {"Mohammed bin Salman", "Mohammed ibn Salman",
                                      "Mohammed ben Salman"};
  char first[64] = "";
  int misses = 0;
  for (size_t i = 0; i < 3; i++) {
    zeef_name *n = th_name(*state, names[i], ZEEF_FORM_FREE);
    assert_int_equal(zeef_name_token_count(n), 3);
    zeef_token_info t = th_tok(n, 1);
    if (t.role != ZEEF_ROLE_PARTICLE) {
      print_error("  MISS: \"%s\": \"%s\" role %s, want particle\n", names[i], t.original,
                  zeef_role_name(t.role));
      misses++;
    }
    if (i == 0) snprintf(first, sizeof first, "%s", t.latin);
    else if (strcmp(first, t.latin) != 0) {
      print_error("  MISS: \"%s\": particle latin \"%s\", want \"%s\"\n", names[i], t.latin,
                  first);
      misses++;
    }
  }
  TH_NO_MISSES(misses);
}

/* ------------------------------------------ Compounds and abbreviations */

static void abd_al_rahman_compounds(void **state) {
  static const char *const names[] = {"Abd al-Rahman", "Abdul Rahman", "Abdulrahman",
                                      "Abdurrahman",   "Abderrahmane", "Abdel Rahman"};
  TH_NO_MISSES(th_pairwise_ge(*state, names, 6, THR));
}

static void abd_allah_compounds(void **state) {
  static const char *const names[] = {"Abdullah", "Abd Allah", "Abdallah"};
  TH_NO_MISSES(th_pairwise_ge(*state, names, 3, THR));
}

static void nur_al_din_compounds(void **state) {
  static const char *const names[] = {"Nur al-Din", "Noureddine", "Nuruddin"};
  TH_NO_MISSES(th_pairwise_ge(*state, names, 3, THR));
}

static void sayf_al_din_compounds(void **state) {
  static const char *const names[] = {"Sayf al-Din", "Saifuddin"};
  TH_NO_MISSES(th_pairwise_ge(*state, names, 2, THR));
}

static void muhammad_abbreviations(void **state) {
  const zeef_ctx *ctx = *state;
  int misses = 0;
  misses += th_check(ctx, "Md", "Muhammad", THR, 1);
  misses += th_check(ctx, "Mohd", "Muhammad", THR, 1);
  misses += th_check(ctx, "Md Nasir Uddin", "Muhammad Nasir Uddin", THR, 1);
  misses += th_check(ctx, "Mohd Najib Razak", "Muhammad Najib Razak", THR, 1);
  TH_NO_MISSES(misses);
}

/* ---------------------------------------------------------------- Errors */

static void error_invalid_utf8(void **state) {
  const zeef_ctx *ctx = *state;
  int misses = 0;
  misses += expect_status(ctx, "ff fe", "\xff\xfe", 2, ZEEF_E_UTF8);
  misses += expect_status(ctx, "overlong c0 af", "\xc0\xaf", 2, ZEEF_E_UTF8);
  misses += expect_status(ctx, "surrogate ed a0 80", "\xed\xa0\x80", 3, ZEEF_E_UTF8);
  misses += expect_status(ctx, "Ali + truncated e2 82", "Ali \xe2\x82", 6, ZEEF_E_UTF8);
  misses += expect_status(ctx, "Ali + lone continuation", "Ali \x80 Hassan", 12, ZEEF_E_UTF8);
  TH_NO_MISSES(misses);
}

static void error_empty(void **state) {
  const zeef_ctx *ctx = *state;
  int misses = 0;
  misses += expect_status(ctx, "\"\"", "", 0, ZEEF_E_EMPTY);
  misses += expect_status(ctx, "\"  ,.-\"", "  ,.-", 5, ZEEF_E_EMPTY);
  TH_NO_MISSES(misses);
}

static void error_toobig_bytes(void **state) {
  const zeef_ctx *ctx = *state;
  char *big = repeat("Abcdefghi ", 1000); /* 10,000 characters */
  char *at = repeat("a", ZEEF_NAME_MAX_BYTES + 1);
  assert_non_null(big);
  assert_non_null(at);
  int misses = expect_status(ctx, "10,000 characters", big, strlen(big), ZEEF_E_TOOBIG);
  misses += expect_status(ctx, "MAX_BYTES + 1", at, ZEEF_NAME_MAX_BYTES + 1, ZEEF_E_TOOBIG);
  misses += expect_status(ctx, "MAX_BYTES", at, ZEEF_NAME_MAX_BYTES, ZEEF_OK);
  free(big);
  free(at);
  TH_NO_MISSES(misses);
}

static void error_toobig_repeated_token(void **state) {
  char *s = repeat("Ali ", 5000);
  assert_non_null(s);
  int misses = expect_status(*state, "\"Ali \" x 5000", s, strlen(s), ZEEF_E_TOOBIG);
  free(s);
  TH_NO_MISSES(misses);
}

static void error_toobig_tokens(void **state) {
  const zeef_ctx *ctx = *state;
  char *thirty = repeat("Bob ", 30);
  char *over = repeat("Bob ", ZEEF_NAME_MAX_TOKENS + 1);
  char *at = repeat("Bob ", ZEEF_NAME_MAX_TOKENS);
  assert_non_null(thirty);
  assert_non_null(over);
  assert_non_null(at);
  assert_true(strlen(thirty) < ZEEF_NAME_MAX_BYTES);
  int misses = expect_status(ctx, "30 tokens", thirty, strlen(thirty), ZEEF_E_TOOBIG);
  misses += expect_status(ctx, "MAX_TOKENS + 1", over, strlen(over), ZEEF_E_TOOBIG);
  misses += expect_status(ctx, "MAX_TOKENS", at, strlen(at), ZEEF_OK);
  zeef_name *n = NULL;
  if (zeef_name_analyze(ctx, at, strlen(at), ZEEF_FORM_FREE, &n) == ZEEF_OK) {
    if (zeef_name_token_count(n) != ZEEF_NAME_MAX_TOKENS) {
      print_error("  MISS: MAX_TOKENS names gave %zu tokens\n", zeef_name_token_count(n));
      misses++;
    }
    zeef_name_free(n);
  }
  free(thirty);
  free(over);
  free(at);
  TH_NO_MISSES(misses);
}

static void combining_marks_run(void **state) {
  /* 'a' then 400 x U+0301 COMBINING ACUTE ACCENT: 801 bytes, within the
  ** byte limit; one token whose Latin form drops the marks. */
  char *marks = repeat("\xcc\x81", 400);
  assert_non_null(marks);
  size_t n = 1 + strlen(marks);
  char *s = malloc(n + 1);
  assert_non_null(s);
  s[0] = 'a';
  memcpy(s + 1, marks, n);
  free(marks);
  zeef_name *name = NULL;
  zeef_status rc = zeef_name_analyze(*state, s, n, ZEEF_FORM_FREE, &name);
  free(s);
  size_t count = rc == ZEEF_OK ? zeef_name_token_count(name) : 0;
  zeef_token_info t;
  memset(&t, 0, sizeof t);
  if (rc == ZEEF_OK) zeef_name_token(name, 0, &t);
  int latin_ok = rc == ZEEF_OK && t.latin && strcmp(t.latin, "a") == 0;
  zeef_name_free(name);
  if (rc != ZEEF_OK) fail_msg("analyze(a + 400 marks) = %s", zeef_strerror(rc));
  assert_int_equal(count, 1);
  assert_true(latin_ok);
}

static void free_null_is_noop(void **state) {
  (void)state;
  zeef_name_free(NULL);
  zeef_ctx_free(NULL);
}

static void token_out_of_range(void **state) {
  zeef_name *n = th_name(*state, "Vladimir Putin", ZEEF_FORM_FREE);
  zeef_token_info t;
  size_t count = zeef_name_token_count(n);
  assert_int_equal(zeef_name_token(n, count - 1, &t), ZEEF_OK);
  assert_int_equal(zeef_name_token(n, count, &t), ZEEF_E_INVALID);
  assert_int_equal(zeef_name_token(n, (size_t)-1, &t), ZEEF_E_INVALID);
}

int test_analyze(void) {
  const struct CMUnitTest tests[] = {
      TH_TEST(script_detection),
      TH_TEST(script_of_tokens_in_mixed_name),
      TH_TEST(script_names),
      TH_TEST(tokens_and_latin_forms),
      TH_TEST(original_is_nfc),
      TH_TEST(length_is_respected),
      TH_TEST(icao_umlaut),
      TH_TEST(icao_sharp_s),
      TH_TEST(icao_o_slash_and_ae),
      TH_TEST(indic_final_inherent_vowel),
      TH_TEST(khmer_romanised),
      TH_TEST(comma_marks_surname),
      TH_TEST(mrz_form),
      TH_TEST(apostrophe_joins),
      TH_TEST(apostrophe_typographic),
      TH_TEST(hyphen_splits_article),
      TH_TEST(hyphenated_given_name),
      TH_TEST(glued_article),
      TH_TEST(albert_is_not_an_article),
      TH_TEST(western_al_el_names_kept_whole),
      TH_TEST(titles_weigh_nothing),
      TH_TEST(particles_canonical),
      TH_TEST(abd_al_rahman_compounds),
      TH_TEST(abd_allah_compounds),
      TH_TEST(nur_al_din_compounds),
      TH_TEST(sayf_al_din_compounds),
      TH_TEST(muhammad_abbreviations),
      TH_TEST(error_invalid_utf8),
      TH_TEST(error_empty),
      TH_TEST(error_toobig_bytes),
      TH_TEST(error_toobig_repeated_token),
      TH_TEST(error_toobig_tokens),
      TH_TEST(combining_marks_run),
      TH_TEST(free_null_is_noop),
      TH_TEST(token_out_of_range),
  };
  th_tests_total += (int)(sizeof tests / sizeof tests[0]);
  return cmocka_run_group_tests_name("analyze", tests, th_ctx_setup, th_ctx_teardown);
}
