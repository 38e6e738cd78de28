/*
** test_paxlst.c: zeef_paxlst_read(), UN/EDIFACT PAXLST held in memory: one
** callback per person (NAD of FL, FM, DDU, DDT), in order, with the
** message's legs and its count checks; every field of a realistic
** passenger list; separators from UNA, including unusual ones, and the
** release character; the tolerances of docs/formats.md section 2
** (empty elements, a wrong UNT count, a name with no ':', non-ASCII in
** UNOA, junk after UNZ, no UNT, whitespace between segments); hostile
** input (truncation at every byte, a lone release character, a 100 KB
** element, mutated bytes) under ASan; and the refusal of input holding no
** PAXLST message.
*/
#include "tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------ Collector */

#define PAX_MAX 12

/* Copies of what each callback saw (both structs are valid during the
** call only; their static strings stay valid). */
typedef struct got {
  size_t n;          /* callbacks, also those past PAX_MAX */
  size_t stop_after; /* return nonzero after this many; 0: never */
  zeef_pax_person p[PAX_MAX];
  zeef_pax_message m[PAX_MAX];
} got;

static got g;
/* A context for the reader's allocator, made by the group's setup. */
static zeef_ctx *g_ctx;

static int setup(void **state) {
  (void)state;
  return zeef_ctx_new(NULL, &g_ctx) == ZEEF_OK ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  zeef_ctx_free(g_ctx);
  g_ctx = NULL;
  return 0;
}

static int on_pax(void *ud, const zeef_pax_message *m, const zeef_pax_person *p) {
  got *s = ud;
  if (s->n < PAX_MAX) {
    s->p[s->n] = *p;
    s->m[s->n] = *m;
  }
  s->n++;
  return s->stop_after && s->n >= s->stop_after;
}

/* Reads len bytes of buf into g, stopping after stop persons (0: never). */
static zeef_status read_n(const char *buf, size_t len, size_t stop, size_t *bad) {
  memset(&g, 0, sizeof g);
  g.stop_after = stop;
  return zeef_paxlst_read(g_ctx, buf, len, on_pax, &g, bad);
}

static zeef_status read_s(const char *s, size_t *bad) { return read_n(s, strlen(s), 0, bad); }

/* Index of the first of n warnings containing text, or -1. */
static int find_warning(size_t n, const char (*w)[256], const char *text) {
  for (size_t i = 0; i < n && i < ZEEF_PAX_MAX_WARNINGS; i++)
    if (strstr(w[i], text)) return (int)i;
  return -1;
}

static int mwarned(size_t k, const char *text) {
  return find_warning(g.m[k].nwarnings, (const char (*)[256])g.m[k].warnings, text) >= 0;
}

static int pwarned(size_t k, const char *text) {
  return find_warning(g.p[k].nwarnings, (const char (*)[256])g.p[k].warnings, text) >= 0;
}

/* Prints the warnings of person k and its message (to see a failure). */
static void show(size_t k) {
  for (size_t i = 0; i < g.m[k].nwarnings; i++) print_message("  m: %s\n", g.m[k].warnings[i]);
  for (size_t i = 0; i < g.p[k].nwarnings; i++) print_message("  p: %s\n", g.p[k].warnings[i]);
}

static void check_date(const zeef_date *d, int kind, int y, int m, int day) {
  assert_int_equal(d->kind, kind);
  assert_int_equal(d->year, y);
  assert_int_equal(d->year_to, y);
  assert_int_equal(d->month, m);
  assert_int_equal(d->day, day);
}

static void check_clean(size_t k) {
  if (g.m[k].nwarnings || g.p[k].nwarnings) show(k);
  assert_int_equal(g.m[k].nwarnings, 0);
  assert_int_equal(g.p[k].nwarnings, 0);
  assert_null(g.p[k].error);
}

/* -------------------------------------------------------------- Inputs */

/* A passenger list as a US-bound flight sends it: 3 persons, UNG group. */
static const char single_leg[] =
    "UNA:+.? '\n"
    "UNB+UNOA:4+KLM:ZZ+USCBP:ZZ+081201:1200+REF0001++APIS'\n"
    "UNG+PAXLST+KLM+USCBP+081201:1200+1+UN+D:05B'\n"
    "UNH+MSG001+PAXLST:D:05B:UN:IATA+KL0641/081201/1200+01:F'\n"
    "BGM+745'\n"
    "NAD+MS+++KLM OPERATIONS'\n"
    "COM+31205551234:TE'\n"
    "TDT+20+KL641+++KL'\n"
    "LOC+125+AMS'\n"
    "DTM+189:0812011200:201'\n"
    "LOC+87+JFK'\n"
    "DTM+232:0812011430:201'\n"
    "NAD+FL+++JANSSEN:PIETER:KAREL+DAMRAK 1+AMSTERDAM++1012LG+NLD'\n"
    "ATT+2++M'\n"
    "DTM+329:830730'\n"
    "LOC+178+AMS'\n"
    "LOC+179+JFK'\n"
    "LOC+174+NLD'\n"
    "LOC+180+NLD:::AMSTERDAM'\n"
    "NAT+2+NLD'\n"
    "RFF+AVF:ABC123'\n"
    "DOC+P:110:111+NX1234567'\n"
    "DTM+36:180315'\n"
    "LOC+91+NLD'\n"
    "NAD+FL+++SMITH:JANE'\n"
    "ATT+2++F'\n"
    "DTM+329:19650112:102'\n"
    "NAT+2+GBR'\n"
    "RFF+AVF:XYZ789'\n"
    "DOC+P+512345678'\n"
    "DTM+36:20251231:102'\n"
    "LOC+91+GBR'\n"
    "DOC+V+US1234'\n"
    "DTM+36:100101'\n"
    "LOC+91+USA'\n"
    "NAD+FL+++GARCIA LOPEZ:MARIA'\n"
    "ATT+2++F'\n"
    "DTM+329:010203'\n"
    "NAT+2+ESP'\n"
    "DOC+I+ESP123456'\n"
    "LOC+91+ESP'\n"
    "CNT+42:3'\n"
    "UNT+40+MSG001'\n"
    "UNE+1+1'\n"
    "UNZ+1+REF0001'\n";

/* ---------------------------------------------------------------- Tests */

static void single_leg_every_field(void **state) {
  size_t bad = 99;
  (void)state;
  assert_int_equal(read_s(single_leg, &bad), ZEEF_OK);
  assert_int_equal(bad, 0);
  assert_int_equal(g.n, 3);
  for (size_t k = 0; k < 3; k++) {
    const zeef_pax_message *m = &g.m[k];
    check_clean(k);
    assert_string_equal(m->reference, "MSG001");
    assert_string_equal(m->version, "D:05B");
    assert_string_equal(m->list_type, "745");
    assert_string_equal(m->sender, "KLM");
    assert_int_equal(m->nlegs, 1);
    assert_string_equal(m->legs[0].carrier, "KL");
    assert_string_equal(m->legs[0].flight, "KL641");
    assert_string_equal(m->legs[0].departure, "AMS");
    assert_string_equal(m->legs[0].arrival, "JFK");
    assert_string_equal(m->legs[0].departure_time, "2008-12-01T12:00");
    assert_string_equal(m->legs[0].arrival_time, "2008-12-01T14:30");
    assert_string_equal(g.p[k].role, "FL");
    assert_string_equal(g.p[k].role_name, "passenger");
  }
  /* person 1 */
  assert_int_equal(g.p[0].segment, 10);
  assert_int_equal(g.p[0].line, 13);
  assert_string_equal(g.p[0].surname, "JANSSEN");
  assert_string_equal(g.p[0].given_names, "PIETER KAREL");
  check_date(&g.p[0].birth, ZEEF_DATE_DAY, 1983, 7, 30);
  assert_int_equal(g.p[0].gender, 'M');
  assert_string_equal(g.p[0].nationality, "NLD");
  assert_string_equal(g.p[0].residence, "NLD");
  assert_string_equal(g.p[0].birth_place, "AMSTERDAM");
  assert_string_equal(g.p[0].booking, "ABC123");
  assert_int_equal(g.p[0].ndocs, 1);
  assert_string_equal(g.p[0].docs[0].type, "P");
  assert_string_equal(g.p[0].docs[0].number, "NX1234567");
  assert_string_equal(g.p[0].docs[0].country, "NLD");
  check_date(&g.p[0].docs[0].expiry, ZEEF_DATE_DAY, 2018, 3, 15);
  /* person 2: CCYYMMDD dates (format 102), two documents */
  assert_int_equal(g.p[1].segment, 22);
  assert_int_equal(g.p[1].line, 25);
  assert_string_equal(g.p[1].surname, "SMITH");
  assert_string_equal(g.p[1].given_names, "JANE");
  check_date(&g.p[1].birth, ZEEF_DATE_DAY, 1965, 1, 12);
  assert_int_equal(g.p[1].gender, 'F');
  assert_string_equal(g.p[1].nationality, "GBR");
  assert_string_equal(g.p[1].residence, "");
  assert_string_equal(g.p[1].birth_place, "");
  assert_string_equal(g.p[1].booking, "XYZ789");
  assert_int_equal(g.p[1].ndocs, 2);
  assert_string_equal(g.p[1].docs[0].type, "P");
  assert_string_equal(g.p[1].docs[0].number, "512345678");
  assert_string_equal(g.p[1].docs[0].country, "GBR");
  check_date(&g.p[1].docs[0].expiry, ZEEF_DATE_DAY, 2025, 12, 31);
  assert_string_equal(g.p[1].docs[1].type, "V");
  assert_string_equal(g.p[1].docs[1].number, "US1234");
  assert_string_equal(g.p[1].docs[1].country, "USA");
  check_date(&g.p[1].docs[1].expiry, ZEEF_DATE_DAY, 2010, 1, 1);
  /* person 3: a two-word surname, an ID card without expiry */
  assert_int_equal(g.p[2].segment, 33);
  assert_int_equal(g.p[2].line, 36);
  assert_string_equal(g.p[2].surname, "GARCIA LOPEZ");
  assert_string_equal(g.p[2].given_names, "MARIA");
  check_date(&g.p[2].birth, ZEEF_DATE_DAY, 2001, 2, 3);
  assert_int_equal(g.p[2].gender, 'F');
  assert_string_equal(g.p[2].nationality, "ESP");
  assert_string_equal(g.p[2].booking, "");
  assert_int_equal(g.p[2].ndocs, 1);
  assert_string_equal(g.p[2].docs[0].type, "I");
  assert_string_equal(g.p[2].docs[0].number, "ESP123456");
  assert_string_equal(g.p[2].docs[0].country, "ESP");
  assert_int_equal(g.p[2].docs[0].expiry.kind, ZEEF_DATE_NONE);
}

static void bgm_function(void **state) {
  /* BGM element 2 says whether a list is an original, a change or a
  ** cancellation: a cancelled passenger must not look like a new one. */
  static const char in[] =
      "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745+XR'NAD+FL+++DOE:JOHN'CNT+42:1'UNT+5+1'"
      "UNH+2+PAXLST:D:05B:UN:IATA'BGM+745'NAD+FL+++ROE:JANE'CNT+42:1'UNT+5+2'";
  (void)state;
  assert_int_equal(read_s(in, NULL), ZEEF_OK);
  assert_int_equal(g.n, 2);
  assert_string_equal(g.m[0].list_type, "745");
  assert_string_equal(g.m[0].function, "XR");
  assert_string_equal(g.m[1].function, "");
  check_clean(0);
  check_clean(1);
}

static void multi_leg(void **state) {
  static const char in[] =
      "UNH+2+PAXLST:D:02B:UN:IATA'"
      "BGM+745'"
      "TDT+20+KL641+++KL'"
      "LOC+125+AMS'DTM+189:0812011200:201'"
      "LOC+87+JFK'DTM+232:0812011430:201'"
      "TDT+20+DL100'"
      "LOC+125+JFK'DTM+189:200812011700:203'"
      "LOC+92+ATL'"
      "LOC+87+LAX'DTM+232:200812012030:203'"
      "TDT+20+KLM1234'"
      "LOC+125+LAX'DTM+189:0813011200:201'"
      "NAD+FL+++DOE:JOHN'"
      "DTM+189:0812011200:201'"
      "CNT+42:1'"
      "UNT+20+2'";
  (void)state;
  assert_int_equal(read_s(in, NULL), ZEEF_OK);
  assert_int_equal(g.n, 1);
  const zeef_pax_message *m = &g.m[0];
  assert_string_equal(m->version, "D:02B");
  assert_string_equal(m->sender, "");
  assert_int_equal(m->nlegs, 3);
  assert_string_equal(m->legs[0].flight, "KL641");
  assert_string_equal(m->legs[0].departure_time, "2008-12-01T12:00");
  assert_string_equal(m->legs[1].carrier, "DL"); /* from the flight */
  assert_string_equal(m->legs[1].flight, "DL100");
  assert_string_equal(m->legs[1].departure, "JFK");
  assert_string_equal(m->legs[1].arrival, "LAX");
  assert_string_equal(m->legs[1].departure_time, "2008-12-01T17:00");
  assert_string_equal(m->legs[1].arrival_time, "2008-12-01T20:30");
  assert_string_equal(m->legs[2].carrier, "KLM"); /* ICAO designator */
  assert_string_equal(m->legs[2].departure, "LAX");
  assert_string_equal(m->legs[2].arrival, "");
  assert_string_equal(m->legs[2].departure_time, ""); /* month 13 */
  assert_true(mwarned(0, "segment 16 (DTM): departure time \"0813011200\""));
  assert_int_equal(m->nwarnings, 1);
  /* a DTM 189 within the person group is not a flight time, nor a birth */
  assert_int_equal(g.p[0].birth.kind, ZEEF_DATE_NONE);
  assert_int_equal(g.p[0].nwarnings, 0);
}

static void too_many_legs(void **state) {
  char in[2048] = "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'";
  (void)state;
  for (int i = 0; i < 10; i++) {
    char leg[64];
    snprintf(leg, sizeof leg, "TDT+20+XY%d'LOC+125+A%02d'", 100 + i, i);
    strcat(in, leg);
  }
  strcat(in, "NAD+FL+++DOE:JOHN'UNT+24+1'");
  assert_int_equal(read_s(in, NULL), ZEEF_OK);
  assert_int_equal(g.n, 1);
  assert_int_equal(g.m[0].nlegs, ZEEF_PAX_MAX_LEGS);
  assert_string_equal(g.m[0].legs[7].departure, "A07");
  assert_true(mwarned(0, "segment 19 (TDT): more than 8 legs"));
  assert_int_equal(g.m[0].nwarnings, 1);
}

static void crew_list_and_transit(void **state) {
  static const char in[] =
      "UNB+UNOA:4+AFR+FRPAF+240101:0800+42'"
      "UNH+C1+PAXLST:D:05B:UN:IATA'BGM+250'TDT+20+AF1+++AF'"
      "NAD+FM+++DUPONT:MARIE'ATT+2++F'DTM+329:750101'"
      "NAD+FM+++MARTIN:PAUL'ATT+2++M'"
      "NAD+DDT+++BERNARD:LUC'"
      "CNT+41:3'UNT+11+C1'"
      "UNH+P1+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+AF1+++AF'"
      "NAD+FL+++LEROY:ANNE'NAD+DDU+++PETIT:JEAN'"
      "CNT+42:2'UNT+7+P1'"
      "UNZ+2+42'";
  (void)state;
  assert_int_equal(read_s(in, NULL), ZEEF_OK);
  assert_int_equal(g.n, 5);
  for (size_t k = 0; k < 5; k++) check_clean(k);
  assert_string_equal(g.m[0].list_type, "250");
  assert_string_equal(g.m[0].reference, "C1");
  assert_string_equal(g.p[0].role, "FM");
  assert_string_equal(g.p[0].role_name, "crew");
  assert_string_equal(g.p[1].role_name, "crew");
  assert_string_equal(g.p[2].role, "DDT");
  assert_string_equal(g.p[2].role_name, "crew in transit");
  check_date(&g.p[0].birth, ZEEF_DATE_DAY, 1975, 1, 1);
  /* two messages in one interchange: each person with its own message */
  assert_string_equal(g.m[3].list_type, "745");
  assert_string_equal(g.m[3].reference, "P1");
  assert_string_equal(g.m[3].sender, "AFR");
  assert_string_equal(g.p[3].role_name, "passenger");
  assert_string_equal(g.p[4].role, "DDU");
  assert_string_equal(g.p[4].role_name, "passenger in transit");
  assert_string_equal(g.p[4].surname, "PETIT");
}

/* One airline's "UNA:(.) -": component ':', element '(', decimal '.',
** release ')', reserved ' ', terminator '-'. */
static void una_airline_separators(void **state) {
  static const char in[] =
      "UNA:(.) -"
      "UNB(UNOA:4(XAIR(USCBP(081201:1200(77-"
      "UNH(1(PAXLST:D:05B:UN:IATA-BGM(745-"
      "TDT(20(XA12(((XA-LOC(125(CDG-DTM(189:0812011200:201-"
      "NAD(FL(((SMITH)-JONES:ANNE)(MARIE-"
      "DTM(329:650412-DOC(P(AB)-12)-34-"
      "UNT(9(1-UNZ(1(77-";
  (void)state;
  assert_int_equal(read_s(in, NULL), ZEEF_OK);
  assert_int_equal(g.n, 1);
  check_clean(0);
  assert_string_equal(g.m[0].sender, "XAIR");
  assert_string_equal(g.m[0].legs[0].carrier, "XA");
  assert_string_equal(g.m[0].legs[0].departure, "CDG");
  assert_string_equal(g.m[0].legs[0].departure_time, "2008-12-01T12:00");
  assert_string_equal(g.p[0].surname, "SMITH-JONES");
  assert_string_equal(g.p[0].given_names, "ANNE(MARIE");
  check_date(&g.p[0].birth, ZEEF_DATE_DAY, 1965, 4, 12);
  assert_string_equal(g.p[0].docs[0].number, "AB-12-34");
}

/* A fully custom set, then an interchange without UNA: the defaults again. */
static void una_custom_then_defaults(void **state) {
  static const char in[] =
      "UNA*|,! ~\r\n"
      "UNB|UNOB*4|SNDR|RCVR|240101*0800|9~\r\n"
      "UNH|1|PAXLST*D*05B*UN*IATA~\r\n"
      "BGM|745~\r\n"
      "NAD|FL|||O!*BRIEN*SEAN!|PAT!!~\r\n"
      "NAT|2|IRL~\r\n"
      "UNT|5|1~\r\n"
      "UNZ|1|9~\r\n"
      "UNB+UNOA:4+OTHER+RCVR+240101:0900+10'\r\n"
      "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'NAD+FL+++O?'NEIL:ROSE'UNT+4+1'UNZ+1+10'\r\n";
  (void)state;
  assert_int_equal(read_s(in, NULL), ZEEF_OK);
  assert_int_equal(g.n, 2);
  check_clean(0);
  check_clean(1);
  assert_string_equal(g.p[0].surname, "O*BRIEN");
  assert_string_equal(g.p[0].given_names, "SEAN|PAT!");
  assert_string_equal(g.p[0].nationality, "IRL");
  assert_int_equal(g.p[0].line, 5);
  assert_string_equal(g.m[1].sender, "OTHER");
  assert_string_equal(g.p[1].surname, "O'NEIL");
  assert_string_equal(g.p[1].given_names, "ROSE");
  assert_int_equal(g.p[1].line, 10);
}

static void release_escapes(void **state) {
  static const char in[] =
      "UNH+1+PAXLST:D:05B:UN:IATA'"
      "NAD+FL+++O?'NEIL:MARY?+ANN?:JO?" "?'" /* ?? is a trigraph */
      "UNT+3+1'";
  (void)state;
  assert_int_equal(read_s(in, NULL), ZEEF_OK);
  assert_int_equal(g.n, 1);
  check_clean(0);
  assert_string_equal(g.p[0].surname, "O'NEIL");
  assert_string_equal(g.p[0].given_names, "MARY+ANN:JO?");
}

static void wrong_unt_and_cnt_counts(void **state) {
  static const char in[] =
      "UNH+M7+PAXLST:D:05B:UN:IATA'BGM+745'"
      "NAD+FL+++ONE:A'NAD+FL+++TWO:B'NAD+FM+++THREE:C'"
      "CNT+42:5'CNT+41:2'"
      "UNT+9+M8'";
  (void)state;
  assert_int_equal(read_s(in, NULL), ZEEF_OK);
  assert_int_equal(g.n, 3);
  for (size_t k = 0; k < 3; k++) {
    if (g.m[k].nwarnings != 4) show(k);
    assert_int_equal(g.m[k].nwarnings, 4);
    assert_true(mwarned(k, "segment 8 (UNT): says 9 segments, the message has 8"));
    assert_true(mwarned(k, "segment 8 (UNT): reference \"M8\" differs from the UNH's \"M7\""));
    assert_true(mwarned(k, "segment 6 (CNT): says 5 passengers, the message lists 2"));
    assert_true(mwarned(k, "segment 7 (CNT): says 2 crew, the message lists 1"));
    assert_int_equal(g.p[k].nwarnings, 0);
  }
}

static void nationality_from_passport(void **state) {
  static const char in[] =
      "UNH+1+PAXLST:D:05B:UN:IATA'"
      "NAD+FL+++KAYA:AYSE'DOC+V+V123'LOC+91+USA'DOC+P+U12345678'LOC+91+TUR'"
      "NAD+FL+++ALI:OMAR'DOC+I+X1'LOC+91+EGY'"
      "UNT+10+1'";
  (void)state;
  assert_int_equal(read_s(in, NULL), ZEEF_OK);
  assert_int_equal(g.n, 2);
  assert_string_equal(g.p[0].nationality, "TUR");
  assert_int_equal(g.p[0].nwarnings, 1);
  assert_true(pwarned(0, "segment 2 (NAD): no NAT: nationality taken from the passport's issuing country"));
  /* an ID card is no passport */
  assert_string_equal(g.p[1].nationality, "");
  assert_int_equal(g.p[1].nwarnings, 0);
}

static void empty_elements(void **state) {
  static const char in[] =
      "UNH+1+PAXLST:D:05B:UN:IATA'BGM+'TDT+20++++'LOC+125+'DTM+189:'"
      "NAD+FL+++DOE:JANE:+++++'ATT+2++'DTM+329:'NAT+2+'LOC+174+'RFF+AVF:'"
      "DOC++'DTM+36:'LOC+91+'"
      "DOC+P'DTM+36:300101'"
      "DOC+P+N1'DTM+36:'LOC+91+'"
      "CNT+42:'UNT+21+1'";
  (void)state;
  assert_int_equal(read_s(in, NULL), ZEEF_OK);
  assert_int_equal(g.n, 1);
  assert_string_equal(g.m[0].list_type, "");
  assert_int_equal(g.m[0].nlegs, 1);
  assert_string_equal(g.m[0].legs[0].flight, "");
  assert_string_equal(g.m[0].legs[0].carrier, "");
  assert_string_equal(g.p[0].surname, "DOE");
  assert_string_equal(g.p[0].given_names, "JANE");
  assert_int_equal(g.p[0].birth.kind, ZEEF_DATE_NONE);
  assert_int_equal(g.p[0].ndocs, 1);
  assert_string_equal(g.p[0].docs[0].number, "N1");
  assert_int_equal(g.p[0].docs[0].expiry.kind, ZEEF_DATE_NONE);
  assert_string_equal(g.p[0].docs[0].country, "");
  assert_true(pwarned(0, "segment 12 (DOC): document has no type and no number: left out"));
  assert_true(pwarned(0, "segment 15 (DOC): document of type \"P\" has no number: left out"));
  assert_int_equal(g.p[0].nwarnings, 2);
  /* CNT+42: with no number */
  assert_true(mwarned(0, "segment 20 (CNT): count \"\" is not a number"));
  assert_int_equal(g.m[0].nwarnings, 1);
}

static void name_without_given_names(void **state) {
  static const char in[] =
      "UNH+1+PAXLST:D:05B:UN:IATA'"
      "NAD+FL+++MADONNA'"
      "NAD+FL+++SUKARNO:'"
      "NAD+FL+ID1+JOHN SMITH 12 MAIN ST'"
      "NAD+FL'"
      "NAD+ZZ+++ODD:ROLE'"
      "UNT+7+1'";
  (void)state;
  assert_int_equal(read_s(in, NULL), ZEEF_OK);
  assert_int_equal(g.n, 5);
  assert_string_equal(g.p[0].surname, "MADONNA");
  assert_string_equal(g.p[0].given_names, "");
  assert_true(pwarned(0, "segment 2 (NAD): name has no given-name component"));
  assert_null(g.p[0].error);
  /* "SUKARNO:" says so explicitly: no warning */
  assert_string_equal(g.p[1].surname, "SUKARNO");
  assert_int_equal(g.p[1].nwarnings, 0);
  /* the unstructured name and address line when element 4 is missing */
  assert_string_equal(g.p[2].surname, "JOHN SMITH 12 MAIN ST");
  assert_true(pwarned(2, "no structured name"));
  /* no name at all: still delivered, as an error */
  assert_string_equal(g.p[3].error, "NAD has no name");
  assert_int_equal(g.p[3].line, 1);
  assert_string_equal(g.p[4].role, "ZZ");
  assert_string_equal(g.p[4].role_name, "unknown");
  assert_true(pwarned(4, "segment 6 (NAD): NAD qualifier \"ZZ\" is not FL, FM, DDU or DDT"));
}

static void non_ascii_and_invalid_utf8(void **state) {
  static const char in[] =
      "UNB+UNOA:4+LH+DE+240101:0800+1'"
      "UNH+1+PAXLST:D:05B:UN:IATA'"
      "NAD+FL+++M\xC3\x9CLLER:J\xC3\x96RG'LOC+180+DE:::M\xC3\x9CNCHEN'"
      "NAD+FL+++M\xFC" "LLER:ANNA'"
      "NAD+FL+++DOE:JOHN'"
      "UNT+6+1'UNZ+1+1'"
      "UNB+UNOC:3+LH+DE+240101:0800+2'"
      "UNH+2+PAXLST:D:05B:UN:IATA'"
      "NAD+FL+++M\xFC" "LLER:ANNA'"
      "NAD+FL+++\xC3\xA7" "ELIK:AY\xC5\x9E" "E'"
      "UNT+4+2'UNZ+1+2'";
  (void)state;
  assert_int_equal(read_s(in, NULL), ZEEF_OK);
  assert_int_equal(g.n, 5);
  /* UNOA: UTF-8 letters kept, one warning for the person */
  assert_string_equal(g.p[0].surname, "M\xC3\x9CLLER");
  assert_string_equal(g.p[0].given_names, "J\xC3\x96RG");
  assert_string_equal(g.p[0].birth_place, "M\xC3\x9CNCHEN");
  assert_int_equal(g.p[0].nwarnings, 1);
  assert_true(pwarned(0, "segment 2 (NAD): non-ASCII letters in a UNOA/UNOB interchange"));
  /* a byte that is not UTF-8: '?' */
  assert_string_equal(g.p[1].surname, "M?LLER");
  assert_true(pwarned(1, "segment 4 (NAD): name holds bytes that are not UTF-8 text"));
  assert_int_equal(g.p[2].nwarnings, 0);
  /* UNOC declares ISO 8859-1: that byte is a letter */
  assert_string_equal(g.p[3].surname, "M\xC3\xBCLLER");
  assert_true(pwarned(3, "read as ISO 8859-1"));
  assert_int_equal(g.p[4].nwarnings, 0); /* UTF-8 in UNOC is kept silently */
  assert_string_equal(g.p[4].given_names, "AY\xC5\x9E" "E");
}

static void junk_after_unz_and_outside(void **state) {
  static const char in[] =
      "XYZ+1'"
      "UNB+UNOA:4+AA+BB+240101:0800+5'"
      "UNH+1+PAXLST:D:05B:UN:IATA'NAD+FL+++A:B'UNT+3+1'"
      "UNZ+1+5'\n"
      "\x1a\x00garbage here";
  (void)state;
  assert_int_equal(read_n(in, sizeof in - 1, 0, NULL), ZEEF_OK);
  assert_int_equal(g.n, 1);
  assert_true(mwarned(0, "line 1 (XYZ): segment outside any message"));
  assert_true(mwarned(0, "line 2: \"?"));
  assert_true(mwarned(0, "is not an EDIFACT segment"));
  assert_int_equal(g.m[0].nwarnings, 2);
  /* every warning text is valid printable text */
  for (size_t i = 0; i < g.m[0].nwarnings; i++)
    for (const char *c = g.m[0].warnings[i]; *c; c++) assert_true((unsigned char)*c >= 0x20);
}

static void other_message_types_skipped(void **state) {
  static const char in[] =
      "UNB+UNOA:4+AA+BB+240101:0800+5'"
      "UNH+1+CUSRES:D:05B:UN:IATA'BGM+962'NAD+FL+++NOT:APERSON'UNT+4+1'"
      "UNH+2+PAXLST:D:05B:UN:IATA'NAD+FL+++A:B'UNT+3+2'"
      "UNZ+3+5'";
  size_t bad = 0;
  (void)state;
  assert_int_equal(read_s(in, NULL), ZEEF_OK);
  assert_int_equal(g.n, 1);
  assert_string_equal(g.p[0].surname, "A");
  assert_true(mwarned(0, "message 1 of type \"CUSRES\" is not PAXLST: skipped"));
  /* the UNZ count comes after the UNT: still on the message */
  assert_true(mwarned(0, "(UNZ): says 3 messages, the interchange has 2"));
  assert_int_equal(g.m[0].nwarnings, 2);
  /* only other types: refused, at the UNH */
  assert_int_equal(read_s("UNB+UNOA:4+AA+BB+240101:0800+5'UNH+1+CUSRES:D:05B:UN'UNT+2+1'UNZ+1+5'",
                          &bad),
                   ZEEF_E_FORMAT);
  assert_int_equal(bad, 2);
  assert_int_equal(g.n, 0);
}

static void no_unt(void **state) {
  static const char in[] =
      "UNB+UNOA:4+AA+BB+240101:0800+5'"
      "UNH+A1+PAXLST:D:05B:UN:IATA'NAD+FL+++ONE:A'"
      "UNH+A2+PAXLST:D:05B:UN:IATA'NAD+FL+++TWO:B'DTM+329:7402'";
  (void)state;
  assert_int_equal(read_s(in, NULL), ZEEF_OK);
  assert_int_equal(g.n, 2);
  assert_true(mwarned(0, "message A1 has no UNT"));
  assert_int_equal(g.m[0].nwarnings, 1);
  assert_true(mwarned(1, "message A2 has no UNT"));
  assert_true(mwarned(1, "interchange 5 has no UNZ"));
  assert_int_equal(g.m[1].nwarnings, 2);
  assert_true(pwarned(1, "segment 3 (DTM): birth date \"7402\" is not YYMMDD"));
}

static void not_edifact(void **state) {
  size_t bad = 99;
  (void)state;
  assert_int_equal(read_s("id,name\n1,John Smith\n", &bad), ZEEF_E_FORMAT);
  assert_int_equal(bad, 1);
  assert_int_equal(g.n, 0);
  assert_int_equal(read_s("{\"name\": \"x\"}\n{'a'}\n", &bad), ZEEF_E_FORMAT);
  assert_int_equal(bad, 1);
  bad = 99;
  assert_int_equal(read_s("", &bad), ZEEF_E_FORMAT);
  assert_int_equal(bad, 0);
  bad = 99;
  assert_int_equal(read_s(" \r\n\n\t ", &bad), ZEEF_E_FORMAT);
  assert_int_equal(bad, 0);
  assert_int_equal(read_n(NULL, 0, 0, &bad), ZEEF_E_FORMAT);
  /* an envelope without messages */
  assert_int_equal(read_s("UNB+UNOA:4+AA+BB+240101:0800+5'UNZ+0+5'", &bad), ZEEF_E_FORMAT);
  assert_int_equal(bad, 2);
  /* UNA at the input end */
  assert_int_equal(read_s("UNA:+.?", &bad), ZEEF_E_FORMAT);
  assert_int_equal(bad, 1);
  assert_int_equal(read_s("UNA", &bad), ZEEF_E_FORMAT);
  assert_int_equal(zeef_paxlst_read(g_ctx, "x", 1, NULL, NULL, &bad), ZEEF_E_INVALID);
  assert_int_equal(zeef_paxlst_read(NULL, "x", 1, on_pax, &g, &bad), ZEEF_E_INVALID);
  assert_int_equal(zeef_paxlst_read(g_ctx, NULL, 5, on_pax, &g, &bad), ZEEF_E_INVALID);
}

static void truncated_input(void **state) {
  static const char unh[] = "UNH+MSG001+PAXLST";
  size_t len = strlen(single_leg), cut = (size_t)(strstr(single_leg, "NAD+FL+++SMITH") - single_leg) + 12;
  size_t typed = (size_t)(strstr(single_leg, unh) - single_leg) + sizeof unh - 1;
  (void)state;
  /* in the middle of the second passenger's NAD: "NAD+FL+++SM" */
  assert_int_equal(read_n(single_leg, cut, 0, NULL), ZEEF_OK);
  assert_int_equal(g.n, 2);
  assert_string_equal(g.p[1].surname, "SMI");
  assert_true(mwarned(1, "segment 22 (NAD): cut short by the input end"));
  assert_true(mwarned(1, "message MSG001 has no UNT"));
  assert_true(pwarned(1, "name has no given-name component"));
  /* every prefix: never a crash, every message delivered */
  for (size_t n = 0; n <= len; n++) {
    zeef_status rc = read_n(single_leg, n, 0, NULL);
    assert_true(rc == ZEEF_OK || rc == ZEEF_E_FORMAT);
    assert_int_equal(rc, n >= typed ? ZEEF_OK : ZEEF_E_FORMAT);
  }
}

static void lone_release_at_end(void **state) {
  static const char in[] = "UNH+1+PAXLST:D:05B:UN:IATA'NAD+FL+++DOE:JOHN?";
  (void)state;
  assert_int_equal(read_s(in, NULL), ZEEF_OK);
  assert_int_equal(g.n, 1);
  assert_string_equal(g.p[0].surname, "DOE");
  assert_string_equal(g.p[0].given_names, "JOHN");
  assert_int_equal(read_s("UNH+1+PAXLST:D:05B:UN:IATA'?", NULL), ZEEF_OK);
  assert_int_equal(g.n, 0);
  assert_int_equal(read_s("?", NULL), ZEEF_E_FORMAT);
}

static void huge_element(void **state) {
  const size_t big = 100 * 1024;
  const char *head = "UNH+1+PAXLST:D:05B:UN:IATA'FTX+AAA+++";
  const char *mid = "'NAD+FL+++";
  const char *tail = ":JOHN'DOC+P+N1'UNT+5+1'";
  size_t n = strlen(head) + big + strlen(mid) + big + strlen(tail);
  char *in = malloc(n + 1), *o = in;
  (void)state;
  assert_non_null(in);
  memcpy(o, head, strlen(head)), o += strlen(head);
  memset(o, 'X', big), o += big;
  memcpy(o, mid, strlen(mid)), o += strlen(mid);
  for (size_t i = 0; i < big; i += 2) memcpy(o + i, "\xC3\x96", 2); /* a long run of Ö */
  o += big;
  memcpy(o, tail, strlen(tail) + 1);
  zeef_status rc = read_n(in, n, 0, NULL);
  free(in);
  assert_int_equal(rc, ZEEF_OK);
  assert_int_equal(g.n, 1);
  /* cut to the field on a character boundary */
  assert_int_equal(strlen(g.p[0].surname), 70);
  assert_string_equal(g.p[0].given_names, "JOHN");
  assert_true(pwarned(0, "segment 3 (NAD): name cut to 71 bytes"));
  assert_string_equal(g.p[0].docs[0].number, "N1");
  assert_int_equal(g.m[0].nwarnings, 0);
}

static void whitespace_between_segments(void **state) {
  static const char in[] =
      "\xEF\xBB\xBF  UNH+1+PAXLST:D:05B:UN:IATA'\r\n"
      "\r\n"
      "   BGM+745'  \t\n"
      "NAD+FL+++VAN DER\r\n BERG:JAN'\n"       /* a line wrapped inside a segment */
      "NAD+FL+++DE VRIES:ANN\r\nA'ATT+2++F'\n" /* two on one line */
      "\n\nUNT+6+1'\n\n";
  (void)state;
  assert_int_equal(read_s(in, NULL), ZEEF_OK);
  assert_int_equal(g.n, 2);
  check_clean(0);
  check_clean(1);
  assert_string_equal(g.p[0].surname, "VAN DER BERG");
  assert_int_equal(g.p[0].line, 4);
  assert_int_equal(g.p[0].segment, 3);
  assert_string_equal(g.p[1].given_names, "ANNA");
  assert_int_equal(g.p[1].line, 6);
  assert_int_equal(g.p[1].gender, 'F');
}

static void callback_stops_reading(void **state) {
  (void)state;
  assert_int_equal(read_n(single_leg, strlen(single_leg), 2, NULL), ZEEF_OK);
  assert_int_equal(g.n, 2);
  assert_string_equal(g.p[1].surname, "SMITH");
}

static void two_digit_years(void **state) {
  char in[512];
  time_t t = time(NULL);
  struct tm tm;
  int year;
  (void)state;
  gmtime_r(&t, &tm);
  year = tm.tm_year + 1900;
  /* a birth year is never in the future; an expiry at most 20 years ahead */
  snprintf(in, sizeof in,
           "UNH+1+PAXLST:D:05B:UN:IATA'"
           "NAD+FL+++A:B'DTM+329:%02d0101'DOC+P+1'DTM+36:%02d0101'"
           "NAD+FL+++C:D'DTM+329:%02d0101'DOC+P+2'DTM+36:%02d0101'"
           "NAD+FL+++E:F'DTM+329:740200'DTM+329:750101'"
           "NAD+FL+++G:H'DTM+329:740231'"
           "UNT+15+1'",
           year % 100, (year + 20) % 100, (year + 1) % 100, (year + 21) % 100);
  assert_int_equal(read_s(in, NULL), ZEEF_OK);
  assert_int_equal(g.n, 4);
  check_date(&g.p[0].birth, ZEEF_DATE_DAY, year, 1, 1);
  check_date(&g.p[0].docs[0].expiry, ZEEF_DATE_DAY, year + 20, 1, 1);
  check_date(&g.p[1].birth, ZEEF_DATE_DAY, year + 1 - 100, 1, 1);
  check_date(&g.p[1].docs[0].expiry, ZEEF_DATE_DAY, year + 21 - 100, 1, 1);
  /* 00 for an unknown day; the first birth date wins */
  check_date(&g.p[2].birth, ZEEF_DATE_MONTH, 1974, 2, 0);
  /* no 31 February */
  assert_int_equal(g.p[3].birth.kind, ZEEF_DATE_NONE);
  assert_true(pwarned(3, "segment 14 (DTM): birth date \"740231\""));
}

static void country_forms(void **state) {
  static const char in[] =
      "UNH+1+PAXLST:D:05B:UN:IATA'"
      "NAD+FL+++A:B'NAT+2+nld'LOC+174+D'"
      "NAD+FL+++C:D'NAT+2+NETHERLANDS'LOC+174+ATLANTIS'"
      "UNT+8+1'";
  (void)state;
  assert_int_equal(read_s(in, NULL), ZEEF_OK);
  assert_int_equal(g.n, 2);
  assert_string_equal(g.p[0].nationality, "NLD");
  assert_string_equal(g.p[0].residence, "D"); /* as sent */
  assert_int_equal(g.p[0].nwarnings, 0);
  assert_string_equal(g.p[1].nationality, "NLD");
  assert_true(pwarned(1, "nationality \"NETHERLANDS\" is not a country code: read as NLD"));
  assert_string_equal(g.p[1].residence, "");
  assert_true(pwarned(1, "residence country \"ATLANTIS\" is not a country code: left out"));
}

static void gender_forms(void **state) {
  static const char in[] =
      "UNH+1+PAXLST:D:05B:UN:IATA'"
      "NAD+FL+++A:B'ATT+2++x'"
      "NAD+FL+++C:D'ATT+2++FEMALE'"
      "NAD+FL+++E:F'ATT+2++U'"
      "NAD+FL+++G:H'ATT+1++M'"
      "UNT+10+1'";
  (void)state;
  assert_int_equal(read_s(in, NULL), ZEEF_OK);
  assert_int_equal(g.n, 4);
  assert_int_equal(g.p[0].gender, 'X');
  assert_int_equal(g.p[1].gender, 'F');
  assert_int_equal(g.p[2].gender, 0); /* U: unknown, as the API guidelines allow */
  assert_false(pwarned(2, "gender"));
  assert_int_equal(g.p[3].gender, 0); /* another attribute */
}

/* More than PAX_BATCH (4096) persons in one message: all delivered. */
static void very_long_message(void **state) {
  const size_t npers = 5000;
  size_t cap = 64 + npers * 32, o = 0;
  char *in = malloc(cap);
  (void)state;
  assert_non_null(in);
  o += (size_t)snprintf(in + o, cap - o, "UNH+1+PAXLST:D:05B:UN:IATA'");
  for (size_t i = 0; i < npers; i++)
    o += (size_t)snprintf(in + o, cap - o, "NAD+FL+++P%zu:X'", i);
  o += (size_t)snprintf(in + o, cap - o, "CNT+42:4999'UNT+%zu+1'", npers + 3);
  zeef_status rc = read_n(in, o, 0, NULL);
  free(in);
  assert_int_equal(rc, ZEEF_OK);
  assert_int_equal(g.n, npers);
  assert_true(mwarned(PAX_MAX - 1, "more than 4096 persons"));
}

/* Bytes replaced by separators and odd characters, at random (fixed
** seed): every input read without a fault. */
static void mutated_input(void **state) {
  static const char pick[] = "'+:?\n\r\0\xC3\xFFUNA";
  size_t len = strlen(single_leg);
  char *buf = malloc(len);
  unsigned seed = 12345;
  (void)state;
  assert_non_null(buf);
  for (int it = 0; it < 3000; it++) {
    memcpy(buf, single_leg, len);
    for (int k = 0; k < 1 + it % 8; k++) {
      seed = seed * 1103515245u + 12345u;
      size_t at = (seed >> 8) % len;
      seed = seed * 1103515245u + 12345u;
      buf[at] = pick[(seed >> 8) % (sizeof pick - 1)];
    }
    seed = seed * 1103515245u + 12345u;
    zeef_status rc = read_n(buf, it % 2 ? len : (seed >> 8) % len, 0, NULL);
    if (rc != ZEEF_OK && rc != ZEEF_E_FORMAT) {
      free(buf);
      fail_msg("iteration %d: status %d", it, rc);
    }
  }
  free(buf);
}

/* A segment that is not EDIFACT inside a person's group: that person is an
** error (what it held may have been the name or the document), the
** persons around it are read as usual. */
static void garbled_segment_is_the_persons_error(void **state) {
  static const char in[] =
      "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'"
      "NAD+FL+++A:B'ATT+2++M'"
      "NAD+FL+++C:D'#!?garbage'DTM+329:700101'"
      "NAD+FL+++E:F'"
      "UNT+7+1'";
  (void)state;
  assert_int_equal(read_s(in, NULL), ZEEF_OK);
  assert_int_equal(g.n, 3);
  assert_null(g.p[0].error);
  assert_non_null(g.p[1].error);
  assert_true(pwarned(1, "is not an EDIFACT segment"));
  assert_null(g.p[2].error);
}

int test_paxlst(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(garbled_segment_is_the_persons_error),
      cmocka_unit_test(single_leg_every_field),
      cmocka_unit_test(multi_leg),
      cmocka_unit_test(bgm_function),
      cmocka_unit_test(too_many_legs),
      cmocka_unit_test(crew_list_and_transit),
      cmocka_unit_test(una_airline_separators),
      cmocka_unit_test(una_custom_then_defaults),
      cmocka_unit_test(release_escapes),
      cmocka_unit_test(wrong_unt_and_cnt_counts),
      cmocka_unit_test(nationality_from_passport),
      cmocka_unit_test(empty_elements),
      cmocka_unit_test(name_without_given_names),
      cmocka_unit_test(non_ascii_and_invalid_utf8),
      cmocka_unit_test(junk_after_unz_and_outside),
      cmocka_unit_test(other_message_types_skipped),
      cmocka_unit_test(no_unt),
      cmocka_unit_test(not_edifact),
      cmocka_unit_test(truncated_input),
      cmocka_unit_test(lone_release_at_end),
      cmocka_unit_test(huge_element),
      cmocka_unit_test(whitespace_between_segments),
      cmocka_unit_test(callback_stops_reading),
      cmocka_unit_test(two_digit_years),
      cmocka_unit_test(country_forms),
      cmocka_unit_test(gender_forms),
      cmocka_unit_test(very_long_message),
      cmocka_unit_test(mutated_input),
  };
  th_tests_total += (int)(sizeof tests / sizeof tests[0]);
  return cmocka_run_group_tests_name("paxlst", tests, setup, teardown);
}
