/*
** test_compare.c: zeef_compare, zeef_token_similarity and zeef_explain:
** cross-script and cross-scheme matches the matcher must find, different
** people it must keep apart, and the properties every score keeps (range,
** identity, symmetry, determinism, titles, rarity) (docs/names.md).
*/
#include "tests.h"

#include "../../src/internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define THR ZEEF_NAME_THRESHOLD

/* Names of every kind, for the property tests. */
static const char *const corpus[] = {
    "أيمن محمد ربيع الظواهري",
    "Ayman al-Zawahiri",
    "AYMAN MOHAMED RABIE EL-ZAWAHRY",
    "Dr Ayman al-Zawahiri",
    "Владимир Путин",
    "Vladimir Putin",
    "Рамзан Кадыров",
    "Αλέξης Τσίπρας",
    "Alexis Tsipras",
    "Mohammed bin Salman",
    "bin Salman Mohammed",
    "Abd al-Rahman",
    "Abdurrahman",
    "Bel Mokhtar",
    "Belmokhtar",
    "Olaf Scholz",
    "Angela Merkel",
    "Muhammad Hassan",
    "Md",
    "Müller",
    "김정은",
    "习近平",
    "習近平",
    "리영호",
    "Sergejs Lavrovs",
    "ហ៊ុន សែន",
    "राहुल गांधी",
    "Salim bin Ahmed Hamdan",
    "王 小明",
    /* joined written forms longer than the comparison keeps */
    "欧阳 明明明明明明明明明明明明明明明明明明明明明 明明明明明明明明明明明明明明明明明明明明",
};
#define NCORPUS (sizeof corpus / sizeof corpus[0])

/* --------------------------------------------------------- Cross-script */

static void arabic_vs_latin(void **state) {
  TH_NO_MISSES(th_check(*state, "أيمن محمد ربيع الظواهري", "Ayman al-Zawahiri", THR, 1));
}

static void latin_romanisations(void **state) {
  const zeef_ctx *ctx = *state;
  int misses = 0;
  misses += th_check(ctx, "AYMAN MOHAMED RABIE EL-ZAWAHRY", "Aiman Muhammed Rabi al-Zawahiri",
                     THR, 1);
  misses += th_check(ctx, "Al Zawahry Aiman", "Aiman Muhammed Rabi al-Zawahiri", THR, 1);
  TH_NO_MISSES(misses);
}

static void cyrillic_vs_latin(void **state) {
  const zeef_ctx *ctx = *state;
  int misses = 0;
  misses += th_check(ctx, "Владимир Путин", "Vladimir Putin", THR, 1);
  misses += th_check(ctx, "Рамзан Кадыров", "Ramzan Kadyrov", THR, 1);
  TH_NO_MISSES(misses);
}

static void cyrillic_schemes_meet(void **state) {
  /* docs/names.md, 5: French (Oumarov) and German (Umarow) forms, -ov/-off,
  ** Ж zh/j, Х kh/h. */
  const zeef_ctx *ctx = *state;
  static const char *const umarov[] = {"Умаров", "Oumarov", "Umarov", "Umarow"};
  static const char *const khasan[] = {"Хасан", "Khasan", "Hasan"};
  int misses = th_pairwise_ge(ctx, umarov, 4, THR);
  misses += th_check(ctx, "Kadyrov", "Kadyroff", THR, 1);
  misses += th_check(ctx, "Жуков", "Zhukov", THR, 1);
  misses += th_check(ctx, "Zhukov", "Jukov", THR, 1);
  misses += th_pairwise_ge(ctx, khasan, 3, THR);
  TH_NO_MISSES(misses);
}

static void greek_vs_latin(void **state) {
  TH_NO_MISSES(th_check(*state, "Αλέξης Τσίπρας", "Alexis Tsipras", THR, 1));
}

static void joins_and_splits(void **state) {
  const zeef_ctx *ctx = *state;
  int misses = 0;
  misses += th_check(ctx, "Bel Mokhtar", "Belmokhtar", THR, 1);
  misses += th_check(ctx, "Abu Bakar", "Abubakar", THR, 1);
  misses += th_check(ctx, "Bin Laden", "Binladen", THR, 1);
  TH_NO_MISSES(misses);
}

static void korean_family_names_romanised(void **state) {
  /* The romanisations of one Korean family name (conventional, Revised,
  ** McCune-Reischauer, North Korean) are one name, in Latin and against
  ** Hangul; two family names are not. */
  const zeef_ctx *ctx = *state;
  int misses = 0;
  misses += th_check(ctx, "Lee Myung-bak", "Rhee Myung-bak", THR, 1);
  misses += th_check(ctx, "Yi Myung-bak", "Lee Myung Bak", THR, 1);
  misses += th_check(ctx, "Pak Jong Su", "Park Jong-su", THR, 1);
  misses += th_check(ctx, "Choe Song Il", "Choi Sung-il", THR, 1);
  misses += th_check(ctx, "이명박", "Lee Myung-bak", THR, 1);
  misses += th_check(ctx, "박정희", "Park Chung-hee", THR, 1);
  /* ㄹ starting a syllable is r (룡 ryong), as both Koreas romanise it */
  misses += th_check(ctx, "최룡해", "Choe Ryong Hae", THR, 1);
  misses += th_check(ctx, "로두철", "Ro Tu Chol", THR, 1);
  misses += th_check(ctx, "Park Jong Su", "Kim Jong Su", THR, 0);
  misses += th_check(ctx, "Lee Myung-bak", "Rim Myung-bak", THR, 0);
  TH_NO_MISSES(misses);
  /* 이 is a family name, not the initial I */
  assert_int_equal(th_tok(th_name(ctx, "이명박", ZEEF_FORM_FREE), 0).role, ZEEF_ROLE_GIVEN);
}

static void particles_glued_and_names_without_spaces(void **state) {
  /* Particles written together or apart, and a whole name typed without
  ** spaces, compare as the same name; a glued name is not any name that
  ** shares its letters. */
  const zeef_ctx *ctx = *state;
  int misses = 0;
  misses += th_check(ctx, "Pieter Vandenbroucke", "Pieter Van den Broucke", THR, 1);
  misses += th_check(ctx, "Desmet Ludo", "Ludo De Smet", THR, 1);
  misses += th_check(ctx, "Aurelio Dossantos", "Aurelio dos Santos", THR, 1);
  misses += th_check(ctx, "Abubakr Hamdi", "Abu Bakr Hamdi", THR, 1);
  misses += th_check(ctx, "ABUBAKRALBAGHDADI", "Abu Bakr al-Baghdadi", THR, 1);
  misses += th_check(ctx, "Nikolai Plat Ono Vich Patrushev", "Nikolai Platonovich Patrushev", THR, 1);
  misses += th_check(ctx, "ABUBAKRALBAGHDADI", "Abu Bakr al-Hashimi", THR, 0);
  misses += th_check(ctx, "Pieter Vandenbroucke", "Pieter Van den Bosch", THR, 0);
  TH_NO_MISSES(misses);
}

static void joined_pair_is_reported(void **state) {
  const zeef_ctx *ctx = *state;
  zeef_name *a = th_name(ctx, "Mokhtar Bel Mokhtar", ZEEF_FORM_FREE);
  zeef_name *b = th_name(ctx, "Mokhtar Belmokhtar", ZEEF_FORM_FREE);
  zeef_match m;
  assert_int_equal(zeef_compare(ctx, a, b, &m), ZEEF_OK);
  int joined = 0;
  for (size_t p = 0; p < m.npairs; p++)
    if (m.pairs[p].kind == ZEEF_PAIR_JOINED) {
      joined++;
      assert_true(m.pairs[p].a2 >= 0 || m.pairs[p].b2 >= 0);
    }
  assert_int_equal(joined, 1);
}

static void word_order_ignored(void **state) {
  TH_NO_MISSES(th_check(*state, "bin Salman Mohammed", "Mohammed bin Salman", THR, 1));
}

static void foreign_names_in_other_scripts(void **state) {
  /* Western names written in Arabic or Cyrillic, kana with voicing marks,
  ** Cyrillic й kept apart from и. */
  const zeef_ctx *ctx = *state;
  int misses = 0;
  misses += th_check(ctx, "مايكل", "Michael", THR, 1);
  misses += th_check(ctx, "إلياس", "Elias", THR, 1);     /* إل is no article */
  misses += th_check(ctx, "ألفاريز", "Alvarez", THR, 1);
  misses += th_check(ctx, "Джон", "John", THR, 1);
  misses += th_check(ctx, "Уильям", "William", THR, 1);
  misses += th_check(ctx, "Хосе", "Jose", THR, 1);
  misses += th_check(ctx, "バラク・オバマ", "Barack Obama", THR, 1);
  misses += th_check(ctx, "Сергей", "Sergey", THR, 1);
  TH_NO_MISSES(misses);
}

static void ocr_digits_inside_names(void **state) {
  /* A digit between letters is a misread letter; a digit alone is not a name. */
  const zeef_ctx *ctx = *state;
  int misses = 0;
  misses += th_check(ctx, "Ig0r Sech1n", "Igor Sechin", THR, 1);
  misses += th_check(ctx, "I9or Sechin", "Igor Sechin", THR, 1);
  /* and the letters OCR takes for one another: l for i, v for y */
  misses += th_check(ctx, "Aieksandr Kovaiev", "Aleksandr Kovalev", THR, 1);
  misses += th_check(ctx, "Vuliva Tvmoshenko", "Yuliya Tymoshenko", THR, 1);
  TH_NO_MISSES(misses);
  assert_true(th_score(ctx, "Louis 14", "Louis") > 0.99);
  {
    zeef_name *a = th_name(ctx, "Kovalev", ZEEF_FORM_FREE), *b = th_name(ctx, "Kovaiev", ZEEF_FORM_FREE);
    zeef_name *c = th_name(ctx, "Kovarev", ZEEF_FORM_FREE);
    assert_true(zeef_token_similarity(ctx, a, 0, b, 0) > zeef_token_similarity(ctx, a, 0, c, 0));
  }
}

static void arabic_two_readings(void **state) {
  /* ض ذ ث ظ read as d/z, dh/z, th/s, z/d: Arabic and Persian/Urdu names. */
  const zeef_ctx *ctx = *state;
  int misses = 0;
  misses += th_check(ctx, "فضل محمد مظلوم", "FAZL MOHAMMAD MAZLOOM", THR, 1);
  misses += th_check(ctx, "عبد الروف ذاکر", "ABDUL RAUF ZAKIR", THR, 1);
  misses += th_check(ctx, "حسن ظاهر", "HASSAN DAHIR", THR, 1);
  misses += th_check(ctx, "مطيع الله", "MATIULLAH", THR, 1); /* joined across scripts */
  TH_NO_MISSES(misses);
}

static void baltic_masculine_endings(void **state) {
  /* Latvian -s, -is and Lithuanian -as, -is, -us end every man's name,
  ** foreign ones too: the stem is the name. */
  const zeef_ctx *ctx = *state;
  int misses = 0;
  misses += th_check(ctx, "Dmitrijs Medvedevs", "Dmitry Medvedev", THR, 1);
  misses += th_check(ctx, "Michailas Chodorkovskis", "Mikhail Khodorkovsky", THR, 1);
  misses += th_check(ctx, "Ivanas Petrovas", "Ivan Petrov", THR, 1);
  misses += th_check(ctx, "Andrejs Kalnins", "Андрей Калнин", THR, 1);
  /* The ending is cheap only where the stems agree, and a stem is at least
  ** four letters: Yunus is not Yun. */
  misses += th_check(ctx, "Yunus Khan", "Yun Khan", THR, 0);
  TH_NO_MISSES(misses);
  zeef_name *a = th_name(ctx, "Lavrovs", ZEEF_FORM_FREE);
  zeef_name *b = th_name(ctx, "Lavrin", ZEEF_FORM_FREE);
  assert_true(zeef_token_similarity(ctx, a, 0, b, 0) < ZEEF_TOKEN_THRESHOLD);
}

static void palatal_glide_j_y_i(void **state) {
  /* One glide, three Latin letters (Й as j, y or i), within one script. */
  const zeef_ctx *ctx = *state;
  int misses = 0;
  misses += th_check(ctx, "Jurij Andropov", "Yuriy Andropov", THR, 1);
  misses += th_check(ctx, "Sergej", "Sergei", THR, 1);
  TH_NO_MISSES(misses);
  zeef_name *a = th_name(ctx, "Maja", ZEEF_FORM_FREE);
  zeef_name *b = th_name(ctx, "Maya", ZEEF_FORM_FREE);
  zeef_name *c = th_name(ctx, "Mara", ZEEF_FORM_FREE);
  assert_true(zeef_token_similarity(ctx, a, 0, b, 0) >= ZEEF_TOKEN_THRESHOLD);
  /* a consonant for the glide stays a whole letter */
  assert_true(zeef_token_similarity(ctx, a, 0, c, 0) < ZEEF_TOKEN_THRESHOLD);
}

static void han_and_hangul_compared_as_written(void **state) {
  /* Within Han or Hangul a different character is a different name, even
  ** when the romanisations agree (小 and 晓 are both xiao) or nearly agree
  ** (정 jeong, 종 jong). Traditional and simplified forms are one name, and
  ** so are North and South Korean spellings by the initial sound law. */
  const zeef_ctx *ctx = *state;
  int misses = 0;
  misses += th_check(ctx, "王小明", "王晓明", THR, 0);
  misses += th_check(ctx, "박정희", "박종희", THR, 0);
  misses += th_check(ctx, "習近平", "习近平", THR, 1);
  misses += th_check(ctx, "리영호", "이영호", THR, 1);
  misses += th_check(ctx, "류현진", "유현진", THR, 1);
  /* written apart, the parts joined are compared as written too */
  misses += th_check(ctx, "王 小明", "王晓明", THR, 0);
  misses += th_check(ctx, "김 정은", "김정은", THR, 1);
  /* across scripts the romanisation still decides */
  misses += th_check(ctx, "김정은", "Kim Jong Un", THR, 1);
  misses += th_check(ctx, "王晓明", "Wang Xiaoming", THR, 1);
  TH_NO_MISSES(misses);
}

static void a_marked_surname_left_out(void **state) {
  /* A surname the name marks as one (SURNAME, Given) is not left out the way
  ** a further given name is: given names alone against it score lower
  ** than against the same name unmarked, and a given name left out still
  ** costs less. */
  const zeef_ctx *ctx = *state;
  double marked = th_score(ctx, "KADKHODAEI, Abbas Ali", "Ali Abbas");
  double free_form = th_score(ctx, "Abbas Ali Kadkhodaei", "Ali Abbas");
  assert_true(marked < free_form);
  assert_true(marked < THR);
  assert_true(th_score(ctx, "SMITH, John Paul", "John Smith") >= THR);
}

static void han_read_in_korean_and_japanese(void **state) {
  /* Han characters are read through Unihan: Korean (Hanja against Hangul
  ** and Korean romanisations), Japanese on and kun readings (kanji against
  ** romaji, a surname of two characters against one word), Mandarin as
  ** before. Another character, or a reading the characters do not have,
  ** is another name. */
  const zeef_ctx *ctx = *state;
  int misses = 0;
  misses += th_check(ctx, "金正恩", "Kim Jong Un", THR, 1);
  misses += th_check(ctx, "金正恩", "김정은", THR, 1);
  misses += th_check(ctx, "李明博", "Lee Myung-bak", THR, 1);
  misses += th_check(ctx, "朴槿惠", "Park Geun-hye", THR, 1);
  misses += th_check(ctx, "佐藤健", "Sato Ken", THR, 1);
  misses += th_check(ctx, "佐藤健", "SATOH TAKESHI", THR, 1);
  misses += th_check(ctx, "田中角栄", "Tanaka Kakuei", THR, 1);
  misses += th_check(ctx, "山田太郎", "YAMADA TARO", THR, 1);
  misses += th_check(ctx, "鈴木一郎", "Suzuki Ichiro", THR, 1);
  misses += th_check(ctx, "毛泽东", "Mao Zedong", THR, 1);
  /* the Mandarin syllables in Wade-Giles too */
  misses += th_check(ctx, "毛澤東", "Mao Tse-tung", THR, 1);
  misses += th_check(ctx, "習近平", "Hsi Chin-ping", THR, 1);
  misses += th_check(ctx, "邓小平", "Teng Hsiao-ping", THR, 1);
  misses += th_check(ctx, "周恩来", "Chou En-lai", THR, 1);
  misses += th_check(ctx, "王伟", "Chang Wei", THR, 0);
  /* and a Wade-Giles spelling that pinyin does not have meets pinyin in
  ** Latin letters too */
  misses += th_check(ctx, "Mao Tse-tung", "Mao Zedong", THR, 1);
  misses += th_check(ctx, "Hsi Chin-ping", "Xi Jinping", THR, 1);
  misses += th_check(ctx, "Mao Tse-tung", "Mao Zemin", THR, 0);
  misses += th_check(ctx, "Hsi Chin-ping", "Xi Jinhua", THR, 0);
  misses += th_check(ctx, "Tien Hsiao-ming", "Tian Xiaoming", THR, 1);
  /* only a name spelt as only Wade-Giles spells is read so: Jan is not Ran */
  misses += th_check(ctx, "Jan Novak", "Ran Novak", THR, 0);
  misses += th_check(ctx, "Jo Smith", "Ruo Smith", THR, 0);
  misses += th_check(ctx, "金正日", "Kim Jong Un", THR, 0);
  misses += th_check(ctx, "金正日", "김정은", THR, 0);
  misses += th_check(ctx, "佐藤健", "Kato Ken", THR, 0);
  misses += th_check(ctx, "田中角栄", "Tanaka Makiko", THR, 0);
  misses += th_check(ctx, "山田太郎", "Yamamoto Taro", THR, 0);
  TH_NO_MISSES(misses);
  /* the explanation says which reading met the other name */
  {
    zeef_name *a = th_name(ctx, "田中角栄", ZEEF_FORM_FREE),
              *b = th_name(ctx, "Tanaka Kakuei", ZEEF_FORM_FREE);
    zeef_match m;
    char buf[2048];
    assert_int_equal(zeef_compare(ctx, a, b, &m), ZEEF_OK);
    assert_int_equal(zeef_explain(a, b, &m, buf, sizeof buf, NULL), ZEEF_OK);
    assert_non_null(strstr(buf, "read across scripts as \"tanaka\" and \"tanaka\""));
    assert_non_null(strstr(buf, "another reading of the name"));
  }
  /* the readings compared, as the library gives them */
  {
    zeef_name *n = th_name(ctx, "金", ZEEF_FORM_FREE);
    const char *r;
    int gim = 0, kin = 0;
    size_t k = 0;
    for (; zeef_name_token_reading(n, 0, k, &r) == ZEEF_OK; k++) {
      gim |= strcmp(r, "gim") == 0;
      kin |= strcmp(r, "kin") == 0;
    }
    assert_true(gim && kin && k <= 8);
    assert_int_equal(zeef_name_token_reading(n, 1, 0, &r), ZEEF_E_INVALID);
    assert_int_equal(zeef_name_token_reading(th_name(ctx, "Johan", ZEEF_FORM_FREE), 0, 0, &r),
                     ZEEF_E_INVALID);
  }
  /* 安 (an) is a name here, not the Arabic article */
  assert_int_equal(th_tok(th_name(ctx, "安倍晋三", ZEEF_FORM_FREE), 0).role, ZEEF_ROLE_GIVEN);
}

static void khmer_and_indic_names(void **state) {
  /* Khmer has its own romanisation; Hindi and Bengali names lose the last
  ** inherent vowel (Rahul, not Rahula). */
  const zeef_ctx *ctx = *state;
  int misses = 0;
  misses += th_check(ctx, "ហ៊ុន សែន", "Hun Sen", THR, 1);
  misses += th_check(ctx, "នរោត្តម សីហមុនី", "Norodom Sihamoni", THR, 1);
  misses += th_check(ctx, "अमित शाह", "Amit Shah", 0.9, 1);
  /* Shams al-Din and Shahab al-Din: the al-Din compounds, once the last
  ** vowel is gone, compare by their other parts in Bengali script too */
  misses += th_check(ctx, "শামসুদ্দিন আহমেদ", "সাহাবুদ্দিন আহমেদ", THR, 0);
  TH_NO_MISSES(misses);
}

/* ------------------------------------------------------------ Negatives */

static void short_keys_and_known_different_names(void **state) {
  /* Anna and One share the key "an"; Mohammed and Mahmood share "mhmd" but
  ** the variant table knows them as two Arabic names. On and Un stay one. */
  const zeef_ctx *ctx = *state;
  zeef_name *a = th_name(ctx, "Anna", ZEEF_FORM_FREE);
  zeef_name *b = th_name(ctx, "One", ZEEF_FORM_FREE);
  zeef_name *c = th_name(ctx, "Mohammed", ZEEF_FORM_FREE);
  zeef_name *d = th_name(ctx, "Mahmood", ZEEF_FORM_FREE);
  zeef_name *e = th_name(ctx, "On", ZEEF_FORM_FREE);
  zeef_name *f = th_name(ctx, "Un", ZEEF_FORM_FREE);
  assert_true(zeef_token_similarity(ctx, a, 0, b, 0) < ZEEF_TOKEN_THRESHOLD);
  assert_true(zeef_token_similarity(ctx, c, 0, d, 0) < ZEEF_TOKEN_THRESHOLD);
  assert_true(zeef_token_similarity(ctx, e, 0, f, 0) >= ZEEF_TOKEN_THRESHOLD);
}

static void shared_compound_part_is_not_a_match(void **state) {
  /* Abd al-, -ullah are shared frames; the other part decides. */
  const zeef_ctx *ctx = *state;
  zeef_name *a = th_name(ctx, "Abdulhamid", ZEEF_FORM_FREE);
  zeef_name *b = th_name(ctx, "Abdulghani", ZEEF_FORM_FREE);
  zeef_name *c = th_name(ctx, "Hamidullah", ZEEF_FORM_FREE);
  zeef_name *d = th_name(ctx, "Waliullah", ZEEF_FORM_FREE);
  assert_true(zeef_token_similarity(ctx, a, 0, b, 0) < 0.6);
  assert_true(zeef_token_similarity(ctx, c, 0, d, 0) < 0.6);
}

static void two_fathers_disagree(void **state) {
  /* Both names spell the father's name and the fathers differ: a
  ** contradiction, however common the fathers' names; a father's name
  ** left out is not one. */
  const zeef_ctx *ctx = *state;
  int misses = 0;
  misses += th_check(ctx, "Salim bin Ahmed Hamdan", "Salim bin Mohammed Hamdan", THR, 0);
  misses += th_check(ctx, "Abdelkader bin Mohamed bin Belhadj al-Tounsi",
                     "Abdelkader bin Ali bin Belhadj al-Tounsi", THR, 0);
  misses += th_check(ctx, "Abdelkader bin Ali bin Belhadj al-Tounsi",
                     "Abdelkader ben Ali ben Belhadj Tounsi", THR, 1);
  misses += th_check(ctx, "Khalid al-Zahrani", "Khalid bin Ali al-Zahrani", THR, 1);
  TH_NO_MISSES(misses);
}

static void short_forms_of_given_names(void **state) {
  /* A short form stands for its full names whatever their spelling; one
  ** that stands for many says less; two short forms, or a short form and
  ** an unrelated name, are not one name. */
  const zeef_ctx *ctx = *state;
  int misses = 0;
  zeef_name *a = th_name(ctx, "Bill Whitlow", ZEEF_FORM_FREE),
            *b = th_name(ctx, "William Whitlow", ZEEF_FORM_FREE);
  zeef_match m;
  misses += th_check(ctx, "Ted Kowalczyk", "Theodore Kowalczyk", THR, 1);
  misses += th_check(ctx, "Peggy Ashcroft", "Margaret Ashcroft", THR, 1);
  misses += th_check(ctx, "Sasha Gorbunov", "Aleksandr Gorbunov", THR, 1);
  misses += th_check(ctx, "Саша Горбунов", "Alexander Gorbunov", THR, 1);
  misses += th_check(ctx, "Pepe Ortega Lucena", "José Ortega Lucena", THR, 1);
  misses += th_check(ctx, "Volodya Ostapenko", "Vladimir Ostapenko", THR, 1);
  misses += th_check(ctx, "Peggy Ashcroft", "Billy Ashcroft", THR, 0);
  misses += th_check(ctx, "Sasha Gorbunov", "Dmitry Gorbunov", THR, 0);
  TH_NO_MISSES(misses);
  assert_int_equal(zeef_compare(ctx, a, b, &m), ZEEF_OK);
  assert_true(m.npairs >= 2);
  {
    int seen = 0;
    for (size_t p = 0; p < m.npairs; p++) seen |= m.pairs[p].kind == ZEEF_PAIR_NICKNAME;
    assert_true(seen);
  }
  /* Ted stands for Theodore, Edward and Edmund: weaker than Pepe for José;
  ** Al stands for fourteen names and is no short form at all */
  {
    zeef_name *ted = th_name(ctx, "Ted", ZEEF_FORM_FREE), *theo = th_name(ctx, "Theodore", ZEEF_FORM_FREE);
    zeef_name *pepe = th_name(ctx, "Pepe", ZEEF_FORM_FREE), *jose = th_name(ctx, "Jose", ZEEF_FORM_FREE);
    zeef_name *al = th_name(ctx, "Al", ZEEF_FORM_FREE), *albert = th_name(ctx, "Albert", ZEEF_FORM_FREE);
    double s1 = zeef_token_similarity(ctx, ted, 0, theo, 0), s2 = zeef_token_similarity(ctx, pepe, 0, jose, 0);
    assert_true(s1 >= THR);
    assert_true(s1 < s2);
    assert_true(zeef_token_similarity(ctx, theo, 0, ted, 0) == s1);
    assert_true(zeef_token_similarity(ctx, al, 0, albert, 0) < 0.6);
  }
}

static void different_people_below_threshold(void **state) {
  const zeef_ctx *ctx = *state;
  int misses = 0;
  misses += th_check(ctx, "Mohamed Salah", "Mohammed Salahaldin Zidane", THR, 0);
  misses += th_check(ctx, "Olaf Scholz", "Octavian Scholz", THR, 0);
  misses += th_check(ctx, "Mohammad Azam Rohani", "Mohammad Azam Elmi", THR, 0);
  misses += th_check(ctx, "Angela Merkel", "Angelo Cruz", THR, 0);
  TH_NO_MISSES(misses);
}

/* Initials say which letter a name starts with, no more: a match must rest
** on a whole name, and two initials written alike are still initials. */
static void initials_alone_do_not_match(void **state) {
  const zeef_ctx *ctx = *state;
  int misses = 0;
  misses += th_check(ctx, "T S M", "Tufail, S.M", THR, 0);
  misses += th_check(ctx, "A B", "Ahmed Bashir", THR, 0);
  /* with a whole name beside them, they count */
  misses += th_check(ctx, "J P Smith", "John Paul Smith", THR, 1);
  misses += th_check(ctx, "S M Tufail", "Tufail, S.M", THR, 1);
  /* an initial stands for a given name, not for a whole surname */
  misses += th_check(ctx, "A Al-Shahid", "SAID ARIF", THR, 0);
  misses += th_check(ctx, "K Ostrowski", "Piotr Kowalski", THR, 0);
  misses += th_check(ctx, "OSTROWSKI, K", "Krzysztof Ostrowski", THR, 1);
  TH_NO_MISSES(misses);
}

static void suffixes_are_noise_but_generations_differ(void **state) {
  /* Jr, Sr, III, PhD weigh nothing; two names that state different
  ** generations are a father and a son; Md leading a name is Muhammad. */
  const zeef_ctx *ctx = *state;
  int misses = 0;
  zeef_name *n = th_name(ctx, "Rafael Orozco Mendoza Jr.", ZEEF_FORM_FREE);
  misses += th_check(ctx, "Rafael Orozco Mendoza Jr.", "Rafael Orozco Mendoza", THR, 1);
  misses += th_check(ctx, "Rafael Orozco Mendoza Junior", "Rafael Orozco Mendoza Jnr", THR, 1);
  misses += th_check(ctx, "Rafael Orozco Mendoza Jr", "Rafael Orozco Mendoza Sr", THR, 0);
  misses += th_check(ctx, "Xavier Kowalczyk II", "Xavier Kowalczyk III", THR, 0);
  misses += th_check(ctx, "Xavier Kowalczyk II", "Xavier Kowalczyk Jr", THR, 1);
  misses += th_check(ctx, "Helena Wroblewska PhD", "Helena Wroblewska", THR, 1);
  misses += th_check(ctx, "Md Rafiqul Islam", "Muhammad Rafiqul Islam", THR, 1);
  TH_NO_MISSES(misses);
  assert_int_equal(th_tok(n, 3).role, ZEEF_ROLE_TITLE);
  assert_true(th_tok(n, 3).weight == 0.0);
  assert_int_equal(th_tok(n, 2).role, ZEEF_ROLE_SURNAME);
  /* a name of one word and a suffix keeps both as names (Junior Silva) */
  n = th_name(ctx, "Junior Silva", ZEEF_FORM_FREE);
  assert_int_equal(th_tok(n, 0).role, ZEEF_ROLE_GIVEN);
}

/* ------------------------------------------------------------ Properties */

static void score_in_unit_range(void **state) {
  int misses = 0;
  for (size_t i = 0; i < NCORPUS; i++)
    for (size_t j = 0; j < NCORPUS; j++) {
      double s = th_score(*state, corpus[i], corpus[j]);
      if (!(s >= 0.0 && s <= 1.0) || isnan(s)) {
        print_error("  MISS: score(\"%s\", \"%s\") = %g, not in [0, 1]\n", corpus[i],
                    corpus[j], s);
        misses++;
      }
    }
  TH_NO_MISSES(misses);
}

static void identity_scores_one(void **state) {
  int misses = 0;
  for (size_t i = 0; i < NCORPUS; i++) {
    double s = th_score(*state, corpus[i], corpus[i]);
    if (s != 1.0) {
      print_error("  MISS: score(\"%s\", itself) = %.17g, want 1.0\n", corpus[i], s);
      misses++;
    }
  }
  TH_NO_MISSES(misses);
}

static void symmetric(void **state) {
  int misses = 0;
  for (size_t i = 0; i < NCORPUS; i++)
    for (size_t j = i + 1; j < NCORPUS; j++) {
      double ab = th_score(*state, corpus[i], corpus[j]);
      double ba = th_score(*state, corpus[j], corpus[i]);
      if (!(fabs(ab - ba) < 1e-9)) {
        print_error("  MISS: asymmetric: score(\"%s\", \"%s\") = %.6f, reversed %.6f\n",
                    corpus[i], corpus[j], ab, ba);
        misses++;
      }
    }
  TH_NO_MISSES(misses);
}

static void deterministic(void **state) {
  const zeef_ctx *ctx = *state;
  zeef_name *a = th_name(ctx, corpus[0], ZEEF_FORM_FREE);
  zeef_name *b = th_name(ctx, corpus[2], ZEEF_FORM_FREE);
  zeef_match m1, m2;
  memset(&m1, 0xa5, sizeof m1);
  memset(&m2, 0x5a, sizeof m2);
  assert_int_equal(zeef_compare(ctx, a, b, &m1), ZEEF_OK);
  assert_int_equal(zeef_compare(ctx, a, b, &m2), ZEEF_OK);
  assert_true(m1.score == m2.score);
  assert_int_equal(m1.npairs, m2.npairs);
  for (size_t p = 0; p < m1.npairs; p++) {
    assert_int_equal(m1.pairs[p].kind, m2.pairs[p].kind);
    assert_int_equal(m1.pairs[p].a, m2.pairs[p].a);
    assert_int_equal(m1.pairs[p].b, m2.pairs[p].b);
    assert_true(m1.pairs[p].similarity == m2.pairs[p].similarity);
  }
  /* A fresh analysis of the same text scores the same. */
  for (size_t i = 0; i + 1 < NCORPUS; i++) {
    double s1 = th_score(ctx, corpus[i], corpus[i + 1]);
    double s2 = th_score(ctx, corpus[i], corpus[i + 1]);
    assert_true(s1 == s2);
  }
}

static void pairs_well_formed(void **state) {
  const zeef_ctx *ctx = *state;
  for (size_t i = 0; i < NCORPUS; i++)
    for (size_t j = 0; j < NCORPUS; j += 3) {
      zeef_name *a = th_name(ctx, corpus[i], ZEEF_FORM_FREE);
      zeef_name *b = th_name(ctx, corpus[j], ZEEF_FORM_FREE);
      int na = (int)zeef_name_token_count(a), nb = (int)zeef_name_token_count(b);
      zeef_match m;
      assert_int_equal(zeef_compare(ctx, a, b, &m), ZEEF_OK);
      assert_true(m.npairs <= ZEEF_MAX_PAIRS);
      for (size_t p = 0; p < m.npairs; p++) {
        const zeef_pair *x = &m.pairs[p];
        assert_true(x->kind >= ZEEF_PAIR_EXACT && x->kind <= ZEEF_PAIR_READING);
        assert_true(x->similarity >= 0.0 && x->similarity <= 1.0);
        assert_true(x->weight >= 0.0);
        assert_true(x->a >= -1 && x->a < na && x->a2 >= -1 && x->a2 < na);
        assert_true(x->b >= -1 && x->b < nb && x->b2 >= -1 && x->b2 < nb);
        if (x->kind == ZEEF_PAIR_MISSING_A) assert_true(x->a >= 0 && x->b == -1);
        if (x->kind == ZEEF_PAIR_MISSING_B) assert_true(x->b >= 0 && x->a == -1);
        assert_string_not_equal(zeef_pair_kind_text(x->kind), "unknown");
      }
      th_pool_teardown(NULL);
    }
}

static void token_similarity_properties(void **state) {
  const zeef_ctx *ctx = *state;
  zeef_name *a = th_name(ctx, "Ayman Mohammed al-Zawahiri", ZEEF_FORM_FREE);
  zeef_name *b = th_name(ctx, "أيمن محمد ربيع الظواهري", ZEEF_FORM_FREE);
  size_t na = zeef_name_token_count(a), nb = zeef_name_token_count(b);
  for (size_t i = 0; i < na; i++) {
    assert_true(zeef_token_similarity(ctx, a, i, a, i) == 1.0);
    for (size_t j = 0; j < nb; j++) {
      double s = zeef_token_similarity(ctx, a, i, b, j);
      assert_true(s >= 0.0 && s <= 1.0);
      assert_true(fabs(s - zeef_token_similarity(ctx, b, j, a, i)) < 1e-9);
    }
  }
  int z = th_find_latin(a, "zawahiri");
  assert_true(z >= 0);
  double best = 0.0;
  for (size_t j = 0; j < nb; j++) {
    double s = zeef_token_similarity(ctx, a, (size_t)z, b, j);
    if (s > best) best = s;
  }
  assert_true(best >= ZEEF_TOKEN_THRESHOLD);
}

/* A small deterministic generator (xorshift), for the test below. */
static uint32_t next_rand(uint32_t *x) {
  *x ^= *x << 13;
  *x ^= *x >> 17;
  *x ^= *x << 5;
  return *x;
}

/* Writes to out a spelling of 1 to 12 letters, or (when base is given) base
** with one to three letters changed, dropped, doubled or inserted; returns
** its length. Letters come from a small alphabet, so that pairs are often
** alike: the case the bounds must not cut short. */
static size_t random_spelling(uint32_t *x, const char *base, size_t nbase, char *out) {
  static const char letters[] = "aeiouyhjbdkmnrstzfv";
  size_t n = 0;
  if (!base) {
    size_t len = 1 + next_rand(x) % 12;
    for (size_t i = 0; i < len; i++) out[n++] = letters[next_rand(x) % (sizeof letters - 1)];
    return n;
  }
  memcpy(out, base, nbase);
  n = nbase;
  for (uint32_t e = 1 + next_rand(x) % 3; e > 0 && n > 0 && n < 20; e--) {
    size_t at = next_rand(x) % n;
    char c = letters[next_rand(x) % (sizeof letters - 1)];
    switch (next_rand(x) % 4) {
    case 0: out[at] = c; break;
    case 1: memmove(out + at, out + at + 1, n - at - 1), n--; break;
    case 2: memmove(out + at + 1, out + at, n - at), n++; break; /* doubles out[at] */
    default: memmove(out + at + 1, out + at, n - at), out[at] = c, n++; break;
    }
  }
  return n;
}

/* The distances stop early, by lower bounds on the distance (letters one
** side has more of, at their cheapest cost; rows already past the limit),
** when a pair cannot reach the floor: that must never change a pair that
** does reach it, nor leave anything but 0 for one that does not. */
static void early_stops_keep_every_pair_above_the_floor(void **state) {
  static const double floors[] = {0.6, 0.6 / 0.85, 0.8};
  uint32_t x = 0x9E3779B9u;
  size_t above = 0;
  (void)state;
  for (int k = 0; k < 40000; k++) {
    char a[24], b[24];
    size_t na = random_spelling(&x, NULL, 0, a);
    size_t nb = k % 4 == 0 ? random_spelling(&x, NULL, 0, b) : random_spelling(&x, a, na, b);
    int cross = k % 2;
    double e = cmp_edit_sim(a, na, b, nb, 0.0, cross), kk = cmp_key_sim(a, na, b, nb, 0.0);
    for (size_t f = 0; f < sizeof floors / sizeof floors[0]; f++) {
      double ef = cmp_edit_sim(a, na, b, nb, floors[f], cross), kf = cmp_key_sim(a, na, b, nb, floors[f]);
      if (e >= floors[f]) above++, assert_true(ef == e);
      else assert_true(ef == 0.0);
      if (kk >= floors[f]) assert_true(kf == kk);
      else assert_true(kf == 0.0);
    }
  }
  /* the generator made both kinds of pair */
  assert_true(above > 10000 && above < 100000);
}

static void titles_barely_matter(void **state) {
  double s = th_score(*state, "Dr Ayman al-Zawahiri", "Ayman al-Zawahiri");
  if (!(s >= 0.95)) fail_msg("score(Dr Ayman al-Zawahiri, Ayman al-Zawahiri) = %.4f", s);
}

static void rarity_matters(void **state) {
  double common = th_score(*state, "Muhammad Hassan", "Muhammad Karimi");
  double rare = th_score(*state, "Ahmad Zawahiri", "Muhammad Zawahiri");
  if (!(common >= 0.0 && rare > common))
    fail_msg("common given name only %.4f, rare surname only %.4f; want common < rare",
             common, rare);
}

/* ----------------------------------------------------------- Explanation */

static void explain_mentions_every_token(void **state) {
  const zeef_ctx *ctx = *state;
  zeef_name *a = th_name(ctx, "Ayman al-Zawahiri", ZEEF_FORM_FREE);
  zeef_name *b = th_name(ctx, "أيمن محمد ربيع الظواهري", ZEEF_FORM_FREE);
  zeef_match m;
  char buf[8192];
  size_t need = 0;
  assert_int_equal(zeef_compare(ctx, a, b, &m), ZEEF_OK);
  memset(buf, 'x', sizeof buf);
  assert_int_equal(zeef_explain(a, b, &m, buf, sizeof buf, &need), ZEEF_OK);
  assert_non_null(memchr(buf, '\0', sizeof buf));
  assert_true(strlen(buf) > 0);
  assert_int_equal(strlen(buf), need);
  const zeef_name *both[2] = {a, b};
  for (int k = 0; k < 2; k++)
    for (size_t i = 0; i < zeef_name_token_count(both[k]); i++) {
      const char *o = th_tok(both[k], i).original;
      if (!strstr(buf, o)) fail_msg("explanation does not mention \"%s\":\n%s", o, buf);
    }
}

static void explain_too_small_then_exact(void **state) {
  const zeef_ctx *ctx = *state;
  zeef_name *a = th_name(ctx, "Ayman al-Zawahiri", ZEEF_FORM_FREE);
  zeef_name *b = th_name(ctx, "AYMAN MOHAMED RABIE EL-ZAWAHRY", ZEEF_FORM_FREE);
  zeef_match m;
  char tiny[8], full[8192], exact[8192];
  size_t need = 0, need2 = 0, need0 = 0;
  assert_int_equal(zeef_compare(ctx, a, b, &m), ZEEF_OK);
  assert_int_equal(zeef_explain(a, b, &m, full, sizeof full, &need), ZEEF_OK);

  memset(tiny, 'x', sizeof tiny);
  assert_int_equal(zeef_explain(a, b, &m, tiny, sizeof tiny, &need2), ZEEF_E_TOOBIG);
  assert_int_equal(need2, need);
  assert_true(need >= sizeof tiny);
  assert_int_equal(tiny[sizeof tiny - 1], '\0');
  assert_memory_equal(tiny, full, sizeof tiny - 1); /* a prefix */

  /* cap 0: nothing written, need still reported. */
  tiny[0] = 'x';
  assert_int_equal(zeef_explain(a, b, &m, tiny, 0, &need0), ZEEF_E_TOOBIG);
  assert_int_equal(need0, need);
  assert_int_equal(tiny[0], 'x');

  /* need + 1 is exactly enough. */
  assert_true(need + 1 <= sizeof exact);
  memset(exact, 'x', sizeof exact);
  assert_int_equal(zeef_explain(a, b, &m, exact, need + 1, &need2), ZEEF_OK);
  assert_int_equal(need2, need);
  assert_int_equal(exact[need], '\0');
  assert_string_equal(exact, full);
  /* And need is exactly too little. */
  assert_int_equal(zeef_explain(a, b, &m, exact, need, &need2), ZEEF_E_TOOBIG);
}

int test_compare(void) {
  const struct CMUnitTest tests[] = {
      TH_TEST(arabic_vs_latin),
      TH_TEST(latin_romanisations),
      TH_TEST(cyrillic_vs_latin),
      TH_TEST(cyrillic_schemes_meet),
      TH_TEST(greek_vs_latin),
      TH_TEST(joins_and_splits),
      TH_TEST(korean_family_names_romanised),
      TH_TEST(particles_glued_and_names_without_spaces),
      TH_TEST(joined_pair_is_reported),
      TH_TEST(word_order_ignored),
      TH_TEST(foreign_names_in_other_scripts),
      TH_TEST(ocr_digits_inside_names),
      TH_TEST(arabic_two_readings),
      TH_TEST(baltic_masculine_endings),
      TH_TEST(palatal_glide_j_y_i),
      TH_TEST(han_and_hangul_compared_as_written),
      TH_TEST(han_read_in_korean_and_japanese),
      TH_TEST(a_marked_surname_left_out),
      TH_TEST(khmer_and_indic_names),
      TH_TEST(two_fathers_disagree),
      TH_TEST(short_forms_of_given_names),
      TH_TEST(shared_compound_part_is_not_a_match),
      TH_TEST(short_keys_and_known_different_names),
      TH_TEST(different_people_below_threshold),
      TH_TEST(initials_alone_do_not_match),
      TH_TEST(suffixes_are_noise_but_generations_differ),
      TH_TEST(score_in_unit_range),
      TH_TEST(identity_scores_one),
      TH_TEST(symmetric),
      TH_TEST(deterministic),
      TH_TEST(pairs_well_formed),
      TH_TEST(token_similarity_properties),
      TH_TEST(early_stops_keep_every_pair_above_the_floor),
      TH_TEST(titles_barely_matter),
      TH_TEST(rarity_matters),
      TH_TEST(explain_mentions_every_token),
      TH_TEST(explain_too_small_then_exact),
  };
  th_tests_total += (int)(sizeof tests / sizeof tests[0]);
  return cmocka_run_group_tests_name("compare", tests, th_ctx_setup, th_ctx_teardown);
}
