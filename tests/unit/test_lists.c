/*
** test_lists.c: zeef_list_load() and its four readers on real excerpts
** (tests/fixtures/, see SOURCE.md there): what each reader finds in a record
** (ids, kinds, names and their quality, dates, nationalities, gender,
** documents), format detection, the list's name and version, and the
** diagnostics that name file and line: a bad field keeps its record, a
** nameless record is left out, a file that cannot be read whole is refused.
**
** Every list a test loads goes into a pool freed by the teardown, and every
** temporary file is removed there, so a failed assertion leaks nothing.
*/
#include "tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIX "tests/fixtures/"
#define UN_PATH FIX "un_excerpt.xml"
#define OFAC_PATH FIX "ofac/sdn.csv"
#define FTM_PATH FIX "ftm_excerpt.json"
#define CSV_PATH FIX "national.csv"
#define EU_PATH FIX "eu_sample.xml"
#define EU_EXTRA_PATH FIX "eu_extra.xml"

/* ------------------------------------------------------------ Diagnostics */

#define DIAG_MAX 32

typedef struct diag_copy {
  char file[256];
  size_t line;
  char record[64]; /* "" when NULL */
  int has_record;
  char message[512];
  int fatal;
} diag_copy;

typedef struct diags {
  size_t n;     /* diags received (also those past DIAG_MAX) */
  size_t fatal; /* of which fatal */
  diag_copy d[DIAG_MAX];
} diags;

static diags dg; /* reset by load() */

static void on_diag(void *ud, const zeef_diag *d) {
  diags *s = ud;
  if (s->n < DIAG_MAX) {
    diag_copy *c = &s->d[s->n];
    snprintf(c->file, sizeof c->file, "%s", d->file ? d->file : "(null)");
    c->line = d->line;
    c->has_record = d->record != NULL;
    snprintf(c->record, sizeof c->record, "%s", d->record ? d->record : "");
    snprintf(c->message, sizeof c->message, "%s", d->message ? d->message : "(null)");
    c->fatal = d->fatal;
  }
  s->n++;
  if (d->fatal) s->fatal++;
}

static void print_diags(void) {
  for (size_t i = 0; i < dg.n && i < DIAG_MAX; i++)
    print_error("  diag %s:%zu%s%s%s %s: %s\n", dg.d[i].file, dg.d[i].line,
                dg.d[i].has_record ? " (" : "", dg.d[i].record, dg.d[i].has_record ? ")" : "",
                dg.d[i].fatal ? "FATAL" : "warning", dg.d[i].message);
}

/* ------------------------------------------------------------ Resources */

#define LIST_POOL 8
static zeef_list *lists[LIST_POOL];
static size_t nlists;
#define TMP_POOL 8
static char tmp_paths[TMP_POOL][64];
static size_t ntmp;

static int lists_teardown(void **state) {
  while (nlists > 0) zeef_list_free(lists[--nlists]);
  while (ntmp > 0) unlink(tmp_paths[--ntmp]);
  return th_pool_teardown(state);
}

#define LISTS_TEST(f) cmocka_unit_test_teardown(f, lists_teardown)

/* Loads path, recording diagnostics in dg; keeps the list in the pool.
** OUT *out may be NULL on failure. Returns the status. */
static zeef_status load(const zeef_ctx *ctx, const char *name, const char *path,
                        zeef_list_format fmt, zeef_list **out) {
  zeef_list *l = (zeef_list *)0x1; /* must be overwritten */
  zeef_status rc;
  memset(&dg, 0, sizeof dg);
  rc = zeef_list_load(ctx, name, path, fmt, on_diag, &dg, &l);
  if (rc == ZEEF_OK) {
    assert_non_null(l);
    assert_true(nlists < LIST_POOL);
    lists[nlists++] = l;
  } else {
    assert_null(l); /* "On error" no list is handed back */
  }
  *out = rc == ZEEF_OK ? l : NULL;
  return rc;
}

/* Loads a fixture that must load; fails with its diagnostics otherwise. */
static zeef_list *load_ok(const zeef_ctx *ctx, const char *name, const char *path,
                          zeef_list_format fmt) {
  zeef_list *l;
  zeef_status rc = load(ctx, name, path, fmt, &l);
  if (rc != ZEEF_OK) {
    print_diags();
    fail_msg("zeef_list_load(%s) = %s, want success (tests run from the repository root)", path,
             zeef_strerror(rc));
  }
  return l;
}

/* Writes len bytes to a new temporary file (removed by the teardown);
** returns its path. */
static const char *temp_file(const void *data, size_t len) {
  char *p;
  int fd;
  assert_true(ntmp < TMP_POOL);
  p = tmp_paths[ntmp];
  snprintf(p, sizeof tmp_paths[0], "/tmp/zeef-lists-XXXXXX");
  fd = mkstemp(p);
  assert_true(fd >= 0);
  ntmp++;
  assert_int_equal(write(fd, data, len), (ssize_t)len);
  close(fd);
  return p;
}

static const char *temp_text(const char *s) { return temp_file(s, strlen(s)); }

/* ------------------------------------------------------------- Checking */

static const zeef_entity *entity(const zeef_list *l, const char *id) {
  for (size_t i = 0; i < zeef_list_count(l); i++) {
    const zeef_entity *e = zeef_list_entity(l, i);
    if (strcmp(e->id, id) == 0) return e;
  }
  fail_msg("entity %s not in list %s", id, zeef_list_name(l));
  return NULL;
}

/* Index of name s in e, or fails. */
static size_t name_index(const zeef_entity *e, const char *s) {
  for (size_t i = 0; i < e->nnames; i++)
    if (strcmp(e->names[i], s) == 0) return i;
  for (size_t i = 0; i < e->nnames; i++) print_error("  %s name %zu: \"%s\"\n", e->id, i, e->names[i]);
  fail_msg("%s has no name \"%s\"", e->id, s);
  return 0;
}

static void check_name(const zeef_entity *e, const char *s, zeef_name_quality q) {
  size_t i = name_index(e, s);
  if (e->name_quality[i] != q)
    fail_msg("%s name \"%s\": quality %d, want %d", e->id, s, e->name_quality[i], q);
}

static void check_date(const zeef_date *d, int kind, int year, int year_to, int month, int day,
                       int approx) {
  if (d->kind != kind || d->year != year || d->year_to != year_to || d->month != month ||
      d->day != day || d->approx != approx)
    fail_msg("date kind %d %d..%d-%d-%d approx %d; want kind %d %d..%d-%d-%d approx %d", d->kind,
             d->year, d->year_to, d->month, d->day, d->approx, kind, year, year_to, month, day,
             approx);
}

static void check_doc(const zeef_document *d, const char *type, const char *number,
                      const char *country) {
  assert_string_equal(d->type, type);
  assert_string_equal(d->number, number);
  assert_string_equal(d->country, country);
}

/* A version made from the file's modification time: YYYY-MM-DDTHH:MM:SSZ. */
/* A list without a date of its own is named by its content: "sha256:" and
** the first 16 hex digits of its digest. */
static int is_content_version(const zeef_list *l) {
  const char *v = zeef_list_version(l), *d = zeef_list_digest(l);
  return v && d && strlen(v) == 7 + 16 && strncmp(v, "sha256:", 7) == 0 && strncmp(v + 7, d, 16) == 0;
}

static size_t count_lines(const char *s, size_t n) {
  size_t k = 1;
  for (size_t i = 0; i < n; i++) k += s[i] == '\n';
  return k;
}

/* ------------------------------------------------------------ UN XML */

static void un_reader(void **state) {
  const zeef_list *l = load_ok(*state, "UN", UN_PATH, ZEEF_LIST_UN_XML);
  static const char *const ids[] = {"IQi.071", "KPi.066", "QDi.006", "QDi.356", "IRe.024"};
  const zeef_entity *e;
  if (dg.n) print_diags();
  assert_int_equal(dg.n, 0);
  assert_string_equal(zeef_list_name(l), "UN");
  assert_string_equal(zeef_list_version(l), "2026-02-27T00:00:09.554Z"); /* dateGenerated */
  assert_int_equal(zeef_list_get_format(l), ZEEF_LIST_UN_XML);
  assert_int_equal(zeef_list_count(l), 5);
  for (size_t i = 0; i < 5; i++) assert_string_equal(zeef_list_entity(l, i)->id, ids[i]);
  assert_null(zeef_list_entity(l, 5));

  /* QDi.006: four name parts joined, original script, Good and Low aliases,
  ** an exact date, two passports (one without a country). */
  e = entity(l, "QDi.006");
  assert_int_equal(e->kind, ZEEF_ENTITY_PERSON);
  assert_string_equal(e->names[0], "AIMAN MUHAMMED RABI AL-ZAWAHIRI");
  assert_int_equal(e->name_quality[0], ZEEF_NAMEQ_PRIMARY);
  assert_int_equal(e->nnames, 17); /* primary + original + 15 aliases */
  check_name(e, "أيمن محمد ربيع الظواهري", ZEEF_NAMEQ_ORIGINAL);
  check_name(e, "Ayman Al-Zawahari", ZEEF_NAMEQ_ALIAS);
  check_name(e, "Al Zawahry Aiman Mohamed Rabi Abdel Muaz", ZEEF_NAMEQ_ALIAS);
  check_name(e, "Abu Fatma", ZEEF_NAMEQ_WEAK);
  check_name(e, "Abu Mohammed", ZEEF_NAMEQ_WEAK);
  assert_int_equal(e->ndates, 1);
  check_date(&e->dates[0], ZEEF_DATE_DAY, 1951, 1951, 6, 19, 0);
  assert_int_equal(e->nplaces, 1);
  assert_string_equal(e->places[0], "Giza, Egypt");
  assert_int_equal(e->nnationalities, 1);
  assert_string_equal(e->nationalities[0], "EGY");
  assert_int_equal(e->gender, 0); /* the record has no GENDER */
  assert_int_equal(e->ndocs, 2);
  check_doc(&e->docs[0], "Passport", "1084010", "EGY");
  check_doc(&e->docs[1], "Passport", "19820215", "");
  assert_non_null(strstr(e->remarks, "Leader of Al-Qaida"));

  /* IQi.071: APPROXIMATELY with a YEAR; the empty placeholder alias adds
  ** nothing. */
  e = entity(l, "IQi.071");
  assert_string_equal(e->names[0], "INTISSAR AL-UBAYDI");
  assert_int_equal(e->nnames, 2);
  check_name(e, "انتصار العبيدي", ZEEF_NAMEQ_ORIGINAL);
  assert_int_equal(e->ndates, 1);
  check_date(&e->dates[0], ZEEF_DATE_YEAR, 1974, 1974, 0, 0, 1);
  assert_int_equal(e->nnationalities, 1);
  assert_string_equal(e->nationalities[0], "IRQ");
  assert_int_equal(e->ndocs, 0); /* <INDIVIDUAL_DOCUMENT/> */
  assert_int_equal(e->nplaces, 0); /* <COUNTRY/> only */
  assert_string_equal(e->remarks, "");

  /* KPi.066: BETWEEN FROM_YEAR TO_YEAR. */
  e = entity(l, "KPi.066");
  assert_string_equal(e->names[0], "KIM JONG SIK");
  assert_int_equal(e->nnames, 2);
  check_name(e, "Kim Cho’ng-sik", ZEEF_NAMEQ_ALIAS);
  assert_int_equal(e->ndates, 1);
  check_date(&e->dates[0], ZEEF_DATE_RANGE, 1967, 1969, 0, 0, 0);
  assert_string_equal(e->nationalities[0], "PRK"); /* "Democratic People's Republic of Korea" */

  /* QDi.356: gender, a long official country name, a document with it. */
  e = entity(l, "QDi.356");
  assert_string_equal(e->names[0], "AQSA MAHMOOD");
  assert_int_equal(e->nnames, 2);
  check_name(e, "Umm Layth", ZEEF_NAMEQ_WEAK);
  assert_int_equal(e->gender, 'F');
  check_date(&e->dates[0], ZEEF_DATE_DAY, 1994, 1994, 5, 11, 0);
  assert_int_equal(e->nnationalities, 1);
  assert_string_equal(e->nationalities[0], "GBR");
  assert_int_equal(e->ndocs, 1);
  check_doc(&e->docs[0], "Passport", "720134834", "GBR");
  assert_string_equal(e->places[0],
                      "Glasgow, Scotland, United Kingdom of Great Britain and Northern Ireland");

  /* IRe.024: an ENTITY. */
  e = entity(l, "IRe.024");
  assert_int_equal(e->kind, ZEEF_ENTITY_ORGANISATION);
  assert_int_equal(e->nnames, 1);
  assert_string_equal(e->names[0], "GHORB NOOH");
  assert_int_equal(e->ndates, 0);
  assert_int_equal(e->nnationalities, 0);
}

static void un_entity_line_is_its_start(void **state) {
  /* zeef.h: line is "the line of the file where the entity starts": the line
  ** of <INDIVIDUAL> / <ENTITY> in un_excerpt.xml. */
  const zeef_list *l = load_ok(*state, NULL, UN_PATH, ZEEF_LIST_UN_XML);
  static const size_t want[] = {4, 41, 81, 195, 248};
  int misses = 0;
  assert_int_equal(zeef_list_count(l), 5);
  for (size_t i = 0; i < 5; i++) {
    const zeef_entity *e = zeef_list_entity(l, i);
    if (e->line != want[i]) {
      print_error("  %s: line %zu, want %zu\n", e->id, e->line, want[i]);
      misses++;
    }
  }
  TH_NO_MISSES(misses);
}

static void un_external_entities_not_loaded(void **state) {
  /* Untrusted XML: an external entity must not pull a local file in. */
  const char *xml =
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
      "<CONSOLIDATED_LIST dateGenerated=\"2026-01-01T00:00:00Z\"><INDIVIDUALS>\n"
      "<INDIVIDUAL><REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER>\n"
      "<FIRST_NAME>JOHN</FIRST_NAME><SECOND_NAME>&x;</SECOND_NAME></INDIVIDUAL>\n"
      "</INDIVIDUALS></CONSOLIDATED_LIST>\n";
  zeef_list *l;
  zeef_status rc = load(*state, NULL, temp_text(xml), ZEEF_LIST_AUTO, &l);
  if (rc == ZEEF_OK) {
    const zeef_entity *e = zeef_list_entity(l, 0);
    for (size_t i = 0; i < e->nnames; i++) assert_null(strstr(e->names[i], "root"));
  } else {
    assert_int_equal(rc, ZEEF_E_FORMAT); /* refusing is fine too */
  }
}

static void un_wrong_root_refused(void **state) {
  zeef_list *l;
  const char *p = temp_text("<?xml version=\"1.0\"?>\n<sdnList><sdnEntry/></sdnList>\n");
  assert_int_equal(load(*state, NULL, p, ZEEF_LIST_AUTO, &l), ZEEF_E_FORMAT);
  assert_true(dg.fatal >= 1);
}

/* ------------------------------------------------------------- OFAC CSV */

static void ofac_reader(void **state) {
  const zeef_list *l = load_ok(*state, NULL, OFAC_PATH, ZEEF_LIST_OFAC_CSV);
  static const char *const ids[] = {"2676", "8175", "12733", "27304", "29703"};
  const zeef_entity *e;
  /* No warning: not for the trailing Ctrl-Z, nor for anything else. */
  if (dg.n) print_diags();
  assert_int_equal(dg.n, 0);
  assert_string_equal(zeef_list_name(l), "sdn.csv"); /* NULL name: base name */
  assert_true(is_content_version(l));
  assert_int_equal(zeef_list_get_format(l), ZEEF_LIST_OFAC_CSV);
  assert_int_equal(zeef_list_count(l), 5);
  for (size_t i = 0; i < 5; i++) {
    assert_string_equal(zeef_list_entity(l, i)->id, ids[i]);
    assert_int_equal(zeef_list_entity(l, i)->line, i + 1); /* one row a line, no header */
  }

  /* 2676: Remarks give DOB, POB and two passports; alt.csv three aliases. */
  e = entity(l, "2676");
  assert_int_equal(e->kind, ZEEF_ENTITY_PERSON);
  assert_string_equal(e->names[0], "AL ZAWAHIRI, Dr. Ayman");
  assert_int_equal(e->name_quality[0], ZEEF_NAMEQ_PRIMARY);
  assert_int_equal(e->nnames, 4);
  check_name(e, "AL-ZAWAHIRI, Ayman", ZEEF_NAMEQ_ALIAS);
  check_name(e, "SALIM, Ahmad Fuad", ZEEF_NAMEQ_ALIAS);
  check_name(e, "AL-ZAWAHIRI, Aiman Muhammad Rabi", ZEEF_NAMEQ_ALIAS);
  assert_int_equal(e->ndates, 1);
  check_date(&e->dates[0], ZEEF_DATE_DAY, 1951, 1951, 6, 19, 0);
  assert_int_equal(e->nplaces, 1);
  assert_string_equal(e->places[0], "Giza, Egypt");
  assert_int_equal(e->nnationalities, 0);
  assert_int_equal(e->ndocs, 2);
  check_doc(&e->docs[0], "Passport", "1084010", "EGY");
  check_doc(&e->docs[1], "Passport", "19820215", ""); /* "alt. Passport 19820215" */
  assert_non_null(strstr(e->remarks, "DOB 19 Jun 1951"));

  /* 8175: "DOB circa 1950", "nationality Yemen", a passport with its country. */
  e = entity(l, "8175");
  assert_string_equal(e->names[0], "AL-ZINDANI, Shaykh Abd-al-Majid");
  assert_int_equal(e->nnames, 3);
  check_name(e, "AL-ZINDANI, Abdelmajid", ZEEF_NAMEQ_ALIAS);
  check_name(e, "AL-ZINDANI, Shaykh 'Abd Al-Majid", ZEEF_NAMEQ_ALIAS);
  assert_int_equal(e->ndates, 1);
  check_date(&e->dates[0], ZEEF_DATE_YEAR, 1950, 1950, 0, 0, 1);
  assert_int_equal(e->nnationalities, 1);
  assert_string_equal(e->nationalities[0], "YEM");
  assert_int_equal(e->ndocs, 1);
  check_doc(&e->docs[0], "Passport", "A005487", "YEM");

  /* 12733: an entity (SDN_Type -0-) with two aliases. */
  e = entity(l, "12733");
  assert_int_equal(e->kind, ZEEF_ENTITY_ORGANISATION);
  assert_string_equal(e->names[0], "ARMY OF ISLAM");
  assert_int_equal(e->nnames, 3);
  check_name(e, "JAISH AL-ISLAM", ZEEF_NAMEQ_ALIAS);
  check_name(e, "JAYSH AL-ISLAM", ZEEF_NAMEQ_ALIAS);
  assert_string_equal(e->remarks, "");

  /* 27304: a vessel, its former name (fka) an alias. */
  e = entity(l, "27304");
  assert_int_equal(e->kind, ZEEF_ENTITY_OTHER);
  assert_string_equal(e->names[0], "ADRIAN DARYA 1");
  assert_int_equal(e->nnames, 2);
  check_name(e, "GRACE 1", ZEEF_NAMEQ_ALIAS);
  assert_int_equal(e->ndocs, 0);

  /* 29703: gender and nationality from Remarks; the passport is in the
  ** overflow of sdn_comments.csv. */
  e = entity(l, "29703");
  assert_string_equal(e->names[0], "ANDREYEV, Anton Nikolaeyvich");
  assert_int_equal(e->nnames, 1);
  assert_int_equal(e->gender, 'M');
  check_date(&e->dates[0], ZEEF_DATE_DAY, 1985, 1985, 3, 3, 0);
  assert_string_equal(e->places[0], "Saint Petersburg, Russia");
  assert_int_equal(e->nnationalities, 1);
  assert_string_equal(e->nationalities[0], "RUS");
  assert_int_equal(e->ndocs, 1);
  check_doc(&e->docs[0], "Passport", "4005504207", "RUS");
  /* add.csv: the address, its empty rows no address */
  assert_int_equal(e->naddresses, 1);
  assert_string_equal(e->addresses[0], "9 3 Bloshevikov Prospect Apt 35, Saint Petersburg, Russia");
  assert_int_equal(entity(l, "2676")->naddresses, 0);
  assert_int_equal(zeef_list_note_count(l), 0);
}

/* The folder of OFAC's files reads as its sdn.csv; without alt.csv or
** add.csv beside it the list loads with a note saying what is missing (a
** traveller matching only an alias would pass clear unseen). */
static void ofac_folder_and_missing_side_files(void **state) {
  const zeef_list *l = load_ok(*state, "OFAC", FIX "ofac", ZEEF_LIST_AUTO);
  char dir[] = "/tmp/zeef-ofac-XXXXXX", path[96], cmd[256];
  assert_int_equal(zeef_list_count(l), 5);
  assert_int_equal(entity(l, "2676")->nnames, 4);
  assert_int_equal(zeef_list_note_count(l), 0);
  assert_null(zeef_list_note(l, 0));
  assert_non_null(mkdtemp(dir));
  snprintf(cmd, sizeof cmd, "cp " FIX "ofac/sdn.csv '%s'/", dir);
  assert_int_equal(system(cmd), 0);
  l = load_ok(*state, "OFAC", dir, ZEEF_LIST_AUTO);
  snprintf(path, sizeof path, "%s/sdn.csv", dir);
  unlink(path);
  rmdir(dir);
  assert_int_equal(entity(l, "2676")->nnames, 1); /* no aliases */
  assert_int_equal(zeef_list_note_count(l), 2);
  assert_non_null(strstr(zeef_list_note(l, 0), "alt.csv"));
  assert_non_null(strstr(zeef_list_note(l, 1), "add.csv"));
  /* reported through diag as well, without a line */
  assert_true(dg.n >= 2);
  /* a warning about a row of alt.csv names alt.csv, not sdn.csv */
  assert_non_null(mkdtemp(strcpy(dir, "/tmp/zeef-ofac-XXXXXX")));
  snprintf(cmd, sizeof cmd, "cp " FIX "ofac/sdn.csv " FIX "ofac/add.csv '%s'/ && printf 'x,1,aka,\"NOBODY\"\r\n' > '%s'/alt.csv",
           dir, dir);
  assert_int_equal(system(cmd), 0);
  load_ok(*state, "OFAC", dir, ZEEF_LIST_AUTO); /* load() resets dg */
  snprintf(cmd, sizeof cmd, "rm -r '%s'", dir);
  assert_int_equal(system(cmd), 0);
  {
    int found = 0;
    for (size_t i = 0; i < dg.n && i < sizeof dg.d / sizeof dg.d[0]; i++)
      if (strstr(dg.d[i].message, "entity number")) {
        found = 1;
        assert_non_null(strstr(dg.d[i].file, "/alt.csv"));
        assert_int_equal(dg.d[i].line, 1);
      }
    assert_true(found);
  }
}

/* ------------------------------------------------------------ FtM JSON */

static void ftm_reader(void **state) {
  const zeef_list *l = load_ok(*state, "FTM", FTM_PATH, ZEEF_LIST_FTM_JSON);
  const zeef_entity *e;
  /* Family and Occupancy are left out, reported once. */
  if (dg.n != 1) print_diags();
  assert_int_equal(dg.n, 1);
  assert_int_equal(dg.d[0].fatal, 0);
  assert_string_equal(dg.d[0].file, FTM_PATH);
  assert_non_null(strstr(dg.d[0].message, "2"));
  assert_int_equal(zeef_list_get_format(l), ZEEF_LIST_FTM_JSON);
  assert_true(is_content_version(l));
  assert_int_equal(zeef_list_count(l), 3);
  assert_string_equal(zeef_list_entity(l, 0)->id, "Q108292788");
  assert_string_equal(zeef_list_entity(l, 1)->id, "Q110192964");
  assert_string_equal(zeef_list_entity(l, 2)->id, "Q75946108");
  for (size_t i = 0; i < 3; i++) {
    assert_int_equal(zeef_list_entity(l, i)->kind, ZEEF_ENTITY_PERSON);
    assert_int_equal(zeef_list_entity(l, i)->line, i + 1);
  }

  e = entity(l, "Q108292788");
  assert_string_equal(e->names[0], "Khalid Rizvi Amrohvi");
  assert_int_equal(e->name_quality[0], ZEEF_NAMEQ_PRIMARY);
  assert_int_equal(e->nnames, 2);
  check_name(e, "رضوی امروہوی", ZEEF_NAMEQ_ALIAS);
  assert_int_equal(e->ndates, 1);
  check_date(&e->dates[0], ZEEF_DATE_DAY, 1952, 1952, 12, 15, 0);
  assert_int_equal(e->nnationalities, 1);
  assert_string_equal(e->nationalities[0], "PAK"); /* "pk" */
  assert_int_equal(e->gender, 'M');                /* "male" */
  assert_int_equal(e->nplaces, 2);
  assert_string_equal(e->places[0], "Karachi");

  /* Two names: the first is primary, the second an alias. */
  e = entity(l, "Q110192964");
  assert_string_equal(e->names[0], "عثمان الرميان");
  assert_int_equal(e->nnames, 3);
  check_name(e, "Othman Al-Rumayyan", ZEEF_NAMEQ_ALIAS);
  check_name(e, "عثمان بن حمود الرميان", ZEEF_NAMEQ_ALIAS);
  assert_string_equal(e->nationalities[0], "SAU");

  e = entity(l, "Q75946108");
  assert_string_equal(e->names[0], "Rosemary Elizabeth Bailey");
  check_name(e, "Hon. Rosemary Elizabeth Bailey", ZEEF_NAMEQ_ALIAS);
  assert_int_equal(e->gender, 'F');
  assert_string_equal(e->nationalities[0], "GBR");
  check_date(&e->dates[0], ZEEF_DATE_DAY, 1979, 1979, 5, 16, 0);
}

/* ------------------------------------------------------------ zeef CSV */

static void csv_reader(void **state) {
  const zeef_list *l = load_ok(*state, "NATIONAL", CSV_PATH, ZEEF_LIST_CSV);
  const zeef_entity *e;
  if (dg.n) print_diags();
  assert_int_equal(dg.n, 0);
  assert_string_equal(zeef_list_name(l), "NATIONAL");
  assert_int_equal(zeef_list_get_format(l), ZEEF_LIST_CSV);
  assert_int_equal(zeef_list_count(l), 4);
  for (size_t i = 0; i < 4; i++) assert_int_equal(zeef_list_entity(l, i)->line, i + 2);

  /* Every column: ";" between aliases, dates and nationalities. */
  e = entity(l, "NAT-001");
  assert_int_equal(e->kind, ZEEF_ENTITY_PERSON);
  assert_string_equal(e->names[0], "VAN DER BERG, Johannes Pieter");
  assert_int_equal(e->name_quality[0], ZEEF_NAMEQ_PRIMARY);
  assert_int_equal(e->nnames, 4);
  check_name(e, "Jan van den Berg", ZEEF_NAMEQ_ALIAS);
  check_name(e, "Johan Berg", ZEEF_NAMEQ_ALIAS);
  check_name(e, "Hans", ZEEF_NAMEQ_WEAK);
  assert_int_equal(e->ndates, 2);
  check_date(&e->dates[0], ZEEF_DATE_DAY, 1971, 1971, 3, 14, 0);
  check_date(&e->dates[1], ZEEF_DATE_YEAR, 1972, 1972, 0, 0, 0);
  assert_int_equal(e->nnationalities, 2);
  assert_string_equal(e->nationalities[0], "NLD");
  assert_string_equal(e->nationalities[1], "BEL"); /* "Belgium" */
  assert_int_equal(e->gender, 'M');
  assert_int_equal(e->nplaces, 1);
  assert_string_equal(e->places[0], "Rotterdam, Netherlands");
  assert_int_equal(e->ndocs, 1);
  check_doc(&e->docs[0], "", "NX4829175", "NLD");
  assert_string_equal(e->remarks, "Fictitious person for zeef's tests");

  e = entity(l, "NAT-002");
  assert_string_equal(e->names[0], "Fatima Zahra Benali");
  assert_int_equal(e->nnames, 5);
  check_name(e, "فاطمة الزهراء بن علي", ZEEF_NAMEQ_ORIGINAL);
  check_name(e, "Fatema Ben Ali", ZEEF_NAMEQ_ALIAS);
  check_name(e, "Fatimazahra Benali", ZEEF_NAMEQ_ALIAS);
  check_name(e, "Umm Yusuf", ZEEF_NAMEQ_WEAK);
  assert_int_equal(e->ndates, 1);
  check_date(&e->dates[0], ZEEF_DATE_DAY, 1985, 1985, 11, 2, 0); /* 02.11.1985 */
  assert_string_equal(e->nationalities[0], "MAR");                /* "MA" */
  assert_int_equal(e->gender, 'F');
  check_doc(&e->docs[0], "", "AB1234567", "MAR"); /* "Morocco" */
  assert_string_equal(e->remarks, "Fictitious; quoted, with a comma");

  e = entity(l, "NAT-003");
  assert_int_equal(e->kind, ZEEF_ENTITY_ORGANISATION);
  assert_int_equal(e->nnames, 3);
  check_name(e, "NSH BV", ZEEF_NAMEQ_ALIAS);
  assert_int_equal(e->ndates, 0);
  assert_int_equal(e->nnationalities, 0);
  assert_int_equal(e->ndocs, 0);
  assert_int_equal(e->gender, 0);

  e = entity(l, "NAT-004");
  check_name(e, "Дмитрий Олегович Сорокин", ZEEF_NAMEQ_ORIGINAL);
  check_date(&e->dates[0], ZEEF_DATE_YEAR, 1968, 1968, 0, 0, 1); /* circa 1968 */
  assert_string_equal(e->nationalities[0], "RUS");
  assert_int_equal(e->gender, 'M'); /* "Male" */
  check_doc(&e->docs[0], "", "7512345678", "RUS"); /* "RU" */
  assert_string_equal(e->remarks, "");
}


/* ------------------------------------------------------------- EU FSF */

/* The real excerpt: persons and enterprises, aliases in several languages
** (Bulgarian Cyrillic among them), birth dates with their places, the
** "00" country placeholder left out, identifiers, programmes and the
** listing dates; the synthetic entity without a name is warned about. */
static void eu_reader(void **state) {
  const zeef_list *l = load_ok(*state, "EU", EU_PATH, ZEEF_LIST_EU_XML);
  const zeef_entity *e;
  assert_string_equal(zeef_list_version(l), "2026-08-05T16:47:04.449+02:00");
  assert_int_equal(zeef_list_count(l), 4);
  assert_true(dg.n >= 1); /* 999999 has no name */
  e = entity(l, "13");
  assert_int_equal(e->kind, ZEEF_ENTITY_PERSON);
  assert_string_equal(e->names[0], "Saddam Hussein Al-Tikriti");
  assert_int_equal(e->name_quality[0], ZEEF_NAMEQ_PRIMARY);
  check_name(e, "Abou Ali", ZEEF_NAMEQ_ALIAS);
  assert_int_equal(e->ndates, 1);
  check_date(&e->dates[0], ZEEF_DATE_DAY, 1937, 1937, 4, 28, 0);
  assert_string_equal(e->places[0], "al-Awja, near Tikrit, IRAQ");
  assert_int_equal(e->nnationalities, 1);
  assert_string_equal(e->nationalities[0], "IRQ");
  assert_int_equal(e->gender, 'M');
  assert_int_equal(e->nrefs, 1);
  assert_string_equal(e->refs[0], "EU.27.28");
  assert_string_equal(e->programs, "IRQ");
  assert_string_equal(e->listed_on, "2003-07-08");
  e = entity(l, "191");
  assert_int_equal(e->ndates, 2);
  assert_int_equal(e->ndocs, 1);
  check_doc(&e->docs[0], "National passport", "488555", ""); /* country "00" */
  assert_int_equal(e->nplaces, 1); /* city "-" left out, the country kept, once */
  assert_string_equal(e->places[0], "PAKISTAN");
  e = entity(l, "330");
  assert_int_equal(e->kind, ZEEF_ENTITY_ORGANISATION);
  check_name(e, "Организация за подпомагане на Ulema, Пакистан", ZEEF_NAMEQ_ALIAS);
}

/* What the real sample lacks, from a file written for the test. */
static void eu_reader_partial_dates_and_scripts(void **state) {
  const zeef_list *l = load_ok(*state, "EU", EU_EXTRA_PATH, ZEEF_LIST_AUTO);
  const zeef_entity *e;
  if (dg.n) print_diags();
  assert_int_equal(dg.n, 0);
  assert_int_equal(zeef_list_get_format(l), ZEEF_LIST_EU_XML);
  e = entity(l, "900001");
  assert_string_equal(e->names[0], "Qasim Abd al-Karim AL-FAKHRI"); /* from its parts */
  check_name(e, "قاسم عبد الكريم الفخري", ZEEF_NAMEQ_ALIAS);
  check_name(e, "Abu Hamza", ZEEF_NAMEQ_WEAK);
  assert_int_equal(e->ndates, 2);
  check_date(&e->dates[0], ZEEF_DATE_YEAR, 1978, 1978, 0, 0, 1); /* circa */
  check_date(&e->dates[1], ZEEF_DATE_MONTH, 1979, 1979, 3, 0, 0);
  assert_int_equal(e->nnationalities, 2);
  assert_int_equal(e->nrefs, 2);
  assert_string_equal(e->refs[1], "QDi.999");
  assert_string_equal(e->programs, "TERR; ISIL");
  assert_string_equal(e->listed_on, "2019-03-01");
  assert_string_equal(e->updated_on, "2024-06-10");
  assert_non_null(strstr(e->remarks, "title: Sheikh"));
  assert_non_null(strstr(e->remarks, "function: recruiter"));
  check_doc(&e->docs[0], "National passport", "A1234567", "IRQ");
  e = entity(l, "900002");
  assert_int_equal(e->gender, 'F');
  check_date(&e->dates[0], ZEEF_DATE_RANGE, 1960, 1962, 0, 0, 0);
  assert_int_equal(e->nnationalities, 0); /* "00" */
}


/* ------------------------------------------------------------- Deltas */

typedef struct changes {
  size_t n;
  char id[8][32];
  int kind[8];
  unsigned fields[8];
} changes;

static int on_change(void *ud, const zeef_change *c) {
  changes *x = ud;
  const zeef_entity *e = c->new_entity ? c->new_entity : c->old_entity;
  if (x->n < 8) {
    snprintf(x->id[x->n], sizeof x->id[0], "%s", e->id);
    x->kind[x->n] = (int)c->kind;
    x->fields[x->n] = c->fields;
  }
  x->n++;
  return 0;
}

/* Two versions of a list: a new alias on one entity, one entity gone, one
** come; the same content reordered is no change. Metadata: the digest
** follows the content, the publication date the list's own. */
static void list_diff_and_metadata(void **state) {
  const zeef_list *a = load_ok(*state, "EU", EU_PATH, ZEEF_LIST_AUTO), *b, *c;
  static char text[65536];
  const char *p;
  FILE *f;
  size_t n;
  changes x;
  memset(&x, 0, sizeof x);
  f = fopen(EU_PATH, "rb");
  assert_non_null(f);
  n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = 0;
  /* the edit: an alias more for 13 (a new nameAlias), entity 980 renumbered */
  {
    static char edited[70000];
    const char *at = strstr(text, "<citizenship region=\"\" countryIso2Code=\"IQ\"");
    const char *gone = strstr(text, "logicalId=\"980\">");
    size_t k = 0;
    assert_non_null(at);
    assert_non_null(gone);
    memcpy(edited, text, (size_t)(at - text)), k += (size_t)(at - text);
    k += (size_t)snprintf(edited + k, sizeof edited - k,
                          "<nameAlias wholeName=\"Abu Uday\" nameLanguage=\"\" strong=\"true\" logicalId=\"7\"/>\n        ");
    memcpy(edited + k, at, (size_t)(gone - at)), k += (size_t)(gone - at);
    k += (size_t)snprintf(edited + k, sizeof edited - k, "logicalId=\"98000\">");
    p = gone + strlen("logicalId=\"980\">");
    memcpy(edited + k, p, strlen(p) + 1);
    b = load_ok(*state, "EU", temp_text(edited), ZEEF_LIST_AUTO);
  }
  assert_int_equal(zeef_list_diff(*state, a, b, on_change, &x), ZEEF_OK);
  assert_int_equal(x.n, 3);
  assert_string_equal(x.id[0], "13");
  assert_int_equal(x.kind[0], ZEEF_CHANGE_CHANGED);
  assert_int_equal(x.fields[0], ZEEF_FIELD_NAMES);
  assert_string_equal(x.id[1], "980");
  assert_int_equal(x.kind[1], ZEEF_CHANGE_REMOVED);
  assert_string_equal(x.id[2], "98000");
  assert_int_equal(x.kind[2], ZEEF_CHANGE_ADDED);
  /* a list against itself, and the digest */
  memset(&x, 0, sizeof x);
  c = load_ok(*state, "EU", EU_PATH, ZEEF_LIST_AUTO);
  assert_int_equal(zeef_list_diff(*state, a, c, on_change, &x), ZEEF_OK);
  assert_int_equal(x.n, 0);
  assert_string_equal(zeef_list_digest(a), "778d56b7038174213c21fd07929d3c3443c489a29b35569a17bb9629821e437e");
  assert_string_equal(zeef_list_digest(a), zeef_list_digest(c));
  assert_string_not_equal(zeef_list_digest(a), zeef_list_digest(b));
  assert_string_equal(zeef_list_published(a), "2026-08-05T16:47:04.449+02:00");
  assert_string_equal(zeef_list_published(load_ok(*state, NULL, OFAC_PATH, ZEEF_LIST_AUTO)), "");
  assert_int_equal(zeef_list_diff(*state, a, NULL, on_change, &x), ZEEF_E_INVALID);
}

/* ------------------------------------------------------------ Detection */

static void formats_detected(void **state) {
  static const struct {
    const char *path;
    zeef_list_format fmt;
    size_t count;
  } cases[] = {
      {UN_PATH, ZEEF_LIST_UN_XML, 5},
      {OFAC_PATH, ZEEF_LIST_OFAC_CSV, 5},
      {FTM_PATH, ZEEF_LIST_FTM_JSON, 3},
      {CSV_PATH, ZEEF_LIST_CSV, 4},
      {EU_PATH, ZEEF_LIST_EU_XML, 4},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const zeef_list *l = load_ok(*state, NULL, cases[i].path, ZEEF_LIST_AUTO);
    assert_int_equal(zeef_list_get_format(l), cases[i].fmt);
    assert_int_equal(zeef_list_count(l), cases[i].count);
  }
  assert_string_equal(zeef_list_format_name(ZEEF_LIST_UN_XML), "un-xml");
  assert_string_equal(zeef_list_format_name(ZEEF_LIST_CSV), "csv");
}

static void default_name_is_base_name(void **state) {
  const zeef_list *l = load_ok(*state, NULL, UN_PATH, ZEEF_LIST_AUTO);
  assert_string_equal(zeef_list_name(l), "un_excerpt.xml");
}

static void null_arguments(void **state) {
  zeef_list *l = (zeef_list *)0x1;
  assert_int_equal(zeef_list_load(*state, NULL, UN_PATH, ZEEF_LIST_AUTO, NULL, NULL, NULL),
                   ZEEF_E_INVALID);
  assert_int_equal(zeef_list_load(*state, NULL, NULL, ZEEF_LIST_AUTO, NULL, NULL, &l),
                   ZEEF_E_INVALID);
  assert_null(l);
  assert_int_equal(zeef_list_load(NULL, NULL, UN_PATH, ZEEF_LIST_AUTO, NULL, NULL, &l),
                   ZEEF_E_INVALID);
  assert_null(l);
  zeef_list_free(NULL);
  assert_int_equal(zeef_list_count(NULL), 0);
  assert_null(zeef_list_entity(NULL, 0));
  /* diag may be NULL */
  assert_int_equal(zeef_list_load(*state, NULL, UN_PATH, ZEEF_LIST_AUTO, NULL, NULL, &l), ZEEF_OK);
  assert_non_null(l);
  lists[nlists++] = l; /* freed by the teardown */
  assert_int_equal(zeef_list_count(l), 5);
}

/* ---------------------------------------------------------- Diagnostics */

static void bad_field_kept_nameless_left_out(void **state) {
  const char *p = temp_text("id,name,birth_date,nationality\n"
                            "A1,Jan Jansen,31.02.1980,NLD\n"
                            "A2,,1970,NLD\n"
                            "A3,Piet Pieters,1970-05-05,BEL\n");
  const zeef_list *l = load_ok(*state, NULL, p, ZEEF_LIST_AUTO);
  const zeef_entity *e;
  if (dg.n != 2) print_diags();
  assert_int_equal(dg.n, 2);
  assert_int_equal(dg.fatal, 0);
  /* The record with an impossible date is kept, without the date. */
  assert_int_equal(zeef_list_count(l), 2);
  e = entity(l, "A1");
  assert_string_equal(e->names[0], "Jan Jansen");
  assert_int_equal(e->ndates, 0);
  assert_int_equal(e->nnationalities, 1);
  assert_string_equal(e->nationalities[0], "NLD");
  assert_string_equal(dg.d[0].file, p);
  assert_int_equal(dg.d[0].line, 2);
  assert_string_equal(dg.d[0].record, "A1");
  assert_non_null(strstr(dg.d[0].message, "31.02.1980"));
  /* The nameless record is reported and left out. */
  assert_string_equal(dg.d[1].file, p);
  assert_int_equal(dg.d[1].line, 3);
  assert_non_null(strstr(dg.d[1].message, "A2"));
  assert_string_equal(zeef_list_entity(l, 0)->id, "A1");
  assert_string_equal(zeef_list_entity(l, 1)->id, "A3");
  assert_int_equal(zeef_list_entity(l, 1)->line, 4);
}

static void csv_lines_count_blank_lines(void **state) {
  /* A blank line is no record, but it is a line: the record after it, and
  ** its diagnostics, name the line it is on. */
  const char *p = temp_text("id,name,birth_date\n"
                            "B1,Jan Jansen,1980\n"
                            "\n"
                            "B2,Piet Pieters,1970-13-01\n");
  const zeef_list *l = load_ok(*state, NULL, p, ZEEF_LIST_CSV);
  assert_int_equal(zeef_list_count(l), 2);
  assert_int_equal(dg.n, 1);
  if (dg.d[0].line != 4 || zeef_list_entity(l, 1)->line != 4)
    fail_msg("record B2 on line 4: diag says line %zu, entity line %zu", dg.d[0].line,
             zeef_list_entity(l, 1)->line);
}

static void truncated_xml_refused(void **state) {
  FILE *f = fopen(UN_PATH, "rb");
  char buf[16384];
  size_t n, cut;
  const char *p;
  zeef_list *l;
  const diag_copy *fatal = NULL;
  assert_non_null(f);
  n = fread(buf, 1, sizeof buf, f);
  fclose(f);
  assert_true(n > 1000 && n < sizeof buf);
  cut = n / 2; /* in the middle of QDi.006 */
  p = temp_file(buf, cut);
  assert_int_equal(load(*state, NULL, p, ZEEF_LIST_AUTO, &l), ZEEF_E_FORMAT);
  assert_int_equal(dg.fatal, 1);
  for (size_t i = 0; i < dg.n && i < DIAG_MAX; i++)
    if (dg.d[i].fatal) fatal = &dg.d[i];
  assert_non_null(fatal);
  assert_string_equal(fatal->file, p);
  /* a line of the truncated file */
  if (fatal->line < 1 || fatal->line > count_lines(buf, cut))
    fail_msg("fatal diag names line %zu; the file has %zu lines", fatal->line,
             count_lines(buf, cut));
  assert_true(strlen(fatal->message) > 0);
}

static void csv_without_name_column_refused(void **state) {
  const char *p = temp_text("id,fullname,birth_date\n1,Jan Jansen,1970\n");
  zeef_list *l;
  assert_int_equal(load(*state, NULL, p, ZEEF_LIST_CSV, &l), ZEEF_E_FORMAT);
  assert_int_equal(dg.fatal, 1);
  assert_int_equal(dg.d[dg.n - 1].line, 1);
  assert_string_equal(dg.d[dg.n - 1].file, p);
  /* the same detected */
  assert_int_equal(load(*state, NULL, p, ZEEF_LIST_AUTO, &l), ZEEF_E_FORMAT);
  assert_int_equal(dg.fatal, 1);
}

static void missing_file_is_io_error(void **state) {
  static const zeef_list_format fmts[] = {ZEEF_LIST_AUTO, ZEEF_LIST_UN_XML, ZEEF_LIST_OFAC_CSV,
                                          ZEEF_LIST_FTM_JSON, ZEEF_LIST_CSV};
  const char *p = FIX "no-such-list.xml";
  for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
    zeef_list *l;
    zeef_status rc = load(*state, NULL, p, fmts[i], &l);
    if (rc != ZEEF_E_IO) fail_msg("format %d: %s, want ZEEF_E_IO", fmts[i], zeef_strerror(rc));
    assert_int_equal(dg.fatal, 1);
    assert_string_equal(dg.d[dg.n - 1].file, p);
    assert_int_equal(dg.d[dg.n - 1].fatal, 1);
  }
}

static void garbage_refused(void **state) {
  static const unsigned char junk[] = {0x8b, 0xab, 0xa9, 0xfc, 0x00, 0x01, 'g', 'a', 'r', 'b',
                                       'a',  'g',  'e',  0xff, 0xfe, '\n', 0x02, 0x03, 0x1a};
  const char *p = temp_file(junk, sizeof junk);
  zeef_list *l;
  assert_int_equal(load(*state, NULL, p, ZEEF_LIST_AUTO, &l), ZEEF_E_FORMAT);
  assert_int_equal(dg.fatal, 1);
  assert_string_equal(dg.d[dg.n - 1].file, p);
  /* Forced through every reader, still refused. */
  for (int f = ZEEF_LIST_UN_XML; f <= ZEEF_LIST_CSV; f++) {
    zeef_status rc = load(*state, NULL, p, (zeef_list_format)f, &l);
    if (rc != ZEEF_E_FORMAT) fail_msg("format %d: %s, want ZEEF_E_FORMAT", f, zeef_strerror(rc));
    assert_int_equal(dg.fatal, 1);
  }
}

static void empty_file_refused(void **state) {
  const char *p = temp_file("", 0);
  zeef_list *l;
  assert_int_equal(load(*state, NULL, p, ZEEF_LIST_AUTO, &l), ZEEF_E_FORMAT);
  assert_int_equal(dg.fatal, 1);
  for (int f = ZEEF_LIST_UN_XML; f <= ZEEF_LIST_CSV; f++) {
    zeef_status rc = load(*state, NULL, p, (zeef_list_format)f, &l);
    if (rc != ZEEF_E_FORMAT) fail_msg("format %d: %s, want ZEEF_E_FORMAT", f, zeef_strerror(rc));
    assert_int_equal(dg.fatal, 1);
  }
  /* A header and nothing else: no entities, refused too. */
  p = temp_text("id,name\n");
  assert_int_equal(load(*state, NULL, p, ZEEF_LIST_AUTO, &l), ZEEF_E_FORMAT);
}

int test_lists(void) {
  const struct CMUnitTest tests[] = {
      LISTS_TEST(un_reader),
      LISTS_TEST(un_entity_line_is_its_start),
      LISTS_TEST(un_external_entities_not_loaded),
      LISTS_TEST(un_wrong_root_refused),
      LISTS_TEST(ofac_reader),
      LISTS_TEST(ofac_folder_and_missing_side_files),
      LISTS_TEST(eu_reader),
      LISTS_TEST(eu_reader_partial_dates_and_scripts),
      LISTS_TEST(list_diff_and_metadata),
      LISTS_TEST(ftm_reader),
      LISTS_TEST(csv_reader),
      LISTS_TEST(formats_detected),
      LISTS_TEST(default_name_is_base_name),
      LISTS_TEST(null_arguments),
      LISTS_TEST(bad_field_kept_nameless_left_out),
      LISTS_TEST(csv_lines_count_blank_lines),
      LISTS_TEST(truncated_xml_refused),
      LISTS_TEST(csv_without_name_column_refused),
      LISTS_TEST(missing_file_is_io_error),
      LISTS_TEST(garbage_refused),
      LISTS_TEST(empty_file_refused),
  };
  th_tests_total += (int)(sizeof tests / sizeof tests[0]);
  return cmocka_run_group_tests_name("lists", tests, th_ctx_setup, th_ctx_teardown);
}
