/*
** paxlst.c: UN/EDIFACT PAXLST (Advance Passenger Information) read into
** zeef_pax_person records (zeef.h, "PAXLST"). Spec: ISO 9735 (syntax
** rules: service string advice, separators, release character); the
** UN/EDIFACT PAXLST message, directories D:02B to D:05B, as profiled by
** the WCO/IATA/ICAO API guidelines; docs/formats.md, section 2, for what
** real senders do and what zeef tolerates.
**
** One pass, three layers.
**
**  1. Segments: edifact.c (the separators, a UNA's among them, elements
**     and components, release characters, line-wrapped values).
**  2. Envelope. UNA, UNB (syntax level and sender), UNG, UNH (reference,
**     version, type), UNT, UNE, UNZ. A message of a type other than
**     PAXLST is skipped with a warning. A message missing its UNT ends at
**     the next envelope segment or the input end, with a warning.
**  3. Body. Qualifiers are resolved per segment group, the group being
**     the last group-opening segment seen: TDT opens a leg (SG2, its LOC
**     125/87 and DTM 189/232 are the leg's), NAD with FL, FM, DDU, DDT or
**     any unknown qualifier opens a person (SG4), DOC opens a document
**     within the person (SG5: DTM 36 expiry, LOC 91 issuing country), CNT
**     closes the persons. NAD+MS, and any NAD with an unknown qualifier
**     before the first leg and person, is the reporting party (SG1) and
**     is ignored. A person's own segments (ATT, DTM 329, NAT, LOC 174/180,
**     RFF AVF) are still the person's after a DOC: senders do mix them.
**
** Delivery. Persons are buffered per message and handed to the callback
** once everything about their message is known: when the next PAXLST
** message starts, or at the input end. So the UNT and CNT count checks,
** envelope faults after the UNT (UNZ count and reference) and, for the
** last message, segments found after it (junk after UNZ) are all in
** m->warnings of every person's call. Segments outside any message are
** reported on the next PAXLST message, or on the last one when none
** follows. A message holding more than PAX_BATCH persons is delivered in
** batches, the earlier ones before its count checks are known (a
** warning says so); the buffer, at most PAX_BATCH persons, is the only
** allocation, grown by doubling and reused from message to message.
**
** Values. Every copy into a fixed field is bounded, undoes release
** characters, trims spaces, keeps valid UTF-8 (also in a UNOA or UNOB
** interchange, where it is out of the declared repertoire: a warning,
** once per person), replaces bytes that are not UTF-8 by '?' (read as
** ISO 8859-1 instead in a UNOC interchange, which declares that set) and
** control characters by '?', and cuts on a character boundary, warning
** when it does. Two-digit years: a birth date is never after the clock
** year (19YY then), an expiry at most DATE_EXPIRY_AHEAD years ahead,
** flight times are 20YY. A month or day of 00 means unknown.
**
** Names: NAD element 4 is SURNAME:GIVEN:MIDDLE...; the given parts are
** joined by spaces. A name without ':' is all surname, with a warning.
** Senders sometimes swap surname and given names; the reader cannot tell
** and does nothing about it: the fields are kept as sent, and zeef's name
** comparison is order-insensitive, so a swap costs little in screening.
**
** Invariants: never reads past len; every loop advances through the
** buffer or runs over a fixed-size array; no recursion; values are
** copied into fixed fields, so a 100 KB element costs its scan only.
*/
#include "../internal.h"
#include "../text/text.h"
#include "../values/date.h"
#include "edifact.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- Limits */

/* Persons buffered per message before an early delivery: about 11 MB. */
#define PAX_BATCH 4096
/* First size of the person buffer. */
#define PAX_INITIAL 64
/* Years zeef_date can hold (src/values/date.h). */
#define PAX_YEAR_MIN 1800
#define PAX_YEAR_MAX 2100
/* Size of one warning text, as zeef.h declares it. */
#define WARN_TEXT sizeof(((zeef_pax_message *)0)->warnings[0])
#define TIME_TEXT sizeof(((zeef_pax_leg *)0)->departure_time)

/* ------------------------------------------------------------- Segments */

/* The syntax layer is edifact.c's; these are its names here. */
typedef edi_span span;
typedef edi_seg seg;
#define TAG EDI_TAG
enum {
  T_UNA = TAG('U', 'N', 'A'), T_UNB = TAG('U', 'N', 'B'), T_UNG = TAG('U', 'N', 'G'),
  T_UNH = TAG('U', 'N', 'H'), T_UNT = TAG('U', 'N', 'T'), T_UNE = TAG('U', 'N', 'E'),
  T_UNZ = TAG('U', 'N', 'Z'), T_BGM = TAG('B', 'G', 'M'), T_TDT = TAG('T', 'D', 'T'),
  T_NAD = TAG('N', 'A', 'D'), T_LOC = TAG('L', 'O', 'C'), T_DTM = TAG('D', 'T', 'M'),
  T_ATT = TAG('A', 'T', 'T'), T_NAT = TAG('N', 'A', 'T'), T_RFF = TAG('R', 'F', 'F'),
  T_DOC = TAG('D', 'O', 'C'), T_CNT = TAG('C', 'N', 'T')
};
#define CP_CUT EDI_CUT
#define CP_NONASCII EDI_NONASCII
#define CP_INVALID EDI_INVALID
#define CP_LATIN1 EDI_LATIN1_READ
#define CS_ASCII EDI_ASCII
#define get edi_get

/* The segment groups of the body (file comment, layer 3). */
enum { G_HEAD = 0, G_PARTY, G_LEG, G_PERSON, G_DOC, G_TAIL };

enum { M_NONE = 0, M_OPEN, M_SKIP };

/* Warnings given once per person (rd.pwarned). */
enum { PW_NONASCII = 1, PW_INVALID = 2, PW_LATIN1 = 4, PW_NOPERSON = 8 };

typedef struct rd {
  const mem *mem; /* the context's allocator: the person buffer */
  edi_lex lx;     /* the place in the buffer, the separators in force */
  int this_year;
  zeef_pax_fn fn;
  void *ud;
  int stop; /* the callback asked to stop */

  /* interchange */
  int in_ic;
  char ic_ref[ZEEF_PAX_FIELD];
  char sender[ZEEF_PAX_FIELD];
  size_t ic_msgs, ic_groups;

  /* message */
  int mstate;       /* M_* */
  int held;         /* m and persons are complete, waiting for delivery */
  size_t segno;     /* segment number within the message, UNH = 1 */
  size_t npaxlst;   /* PAXLST messages seen */
  size_t first_bad; /* ordinal of the first segment that is not PAXLST */
  int grp;          /* G_* */
  int leg;          /* index into m.legs, or -1 */
  int in_person;    /* persons[npersons - 1] is being read */
  int doc;          /* index into its docs, or -1 */
  unsigned pwarned; /* PW_* given for the current person */
  size_t mpersons, npax, ncrew;
  long cnt42, cnt41;
  size_t cnt42_seg, cnt41_seg;
  int legs_warned, batch_warned;
  zeef_pax_message m;
  zeef_pax_person *persons;
  size_t npersons, cap;

  /* warnings for the next message */
  size_t npend;
  char pend[ZEEF_PAX_MAX_WARNINGS][WARN_TEXT];
} rd;

static unsigned copy_text(const rd *r, char *dst, size_t cap, span v, size_t *len) {
  return edi_copy(&r->lx, dst, cap, v, len);
}
static int is(const rd *r, span v, const char *lit) { return edi_is(&r->lx, v, lit); }
static int empty(const rd *r, span v) { return is(r, v, ""); }
static const char *quote(const rd *r, span v, char *buf) { return edi_quote(&r->lx, v, buf); }
static long count_of(const rd *r, span v) { return edi_count(&r->lx, v); }

/* ------------------------------------------------------------- Warnings */

static void vadd(size_t *n, char (*w)[WARN_TEXT], const char *prefix, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
static void vadd(size_t *n, char (*w)[WARN_TEXT], const char *prefix, const char *fmt, va_list ap) {
  static const char more[] = "further warnings left out";
  size_t o;
  if (*n >= ZEEF_PAX_MAX_WARNINGS) {
    if (strcmp(w[ZEEF_PAX_MAX_WARNINGS - 1], more) != 0)
      memcpy(w[ZEEF_PAX_MAX_WARNINGS - 1], more, sizeof more);
    return;
  }
  o = (size_t)snprintf(w[*n], WARN_TEXT, "%s", prefix);
  if (o < WARN_TEXT) vsnprintf(w[*n] + o, WARN_TEXT - o, fmt, ap);
  (*n)++;
}

static void add(size_t *n, char (*w)[WARN_TEXT], const char *prefix, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void add(size_t *n, char (*w)[WARN_TEXT], const char *prefix, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vadd(n, w, prefix, fmt, ap);
  va_end(ap);
}

/* "segment N (TAG): " for segment number segno of the message. */
static void seg_prefix(char *buf, size_t cap, size_t segno, const char *tag) {
  if (tag && *tag) snprintf(buf, cap, "segment %zu (%s): ", segno, tag);
  else snprintf(buf, cap, "segment %zu: ", segno);
}

/* A warning on the message, about its segment segno (0: none). */
static void mwarn(rd *r, size_t segno, const char *tag, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void mwarn(rd *r, size_t segno, const char *tag, const char *fmt, ...) {
  char pre[48] = "";
  va_list ap;
  if (segno) seg_prefix(pre, sizeof pre, segno, tag);
  va_start(ap, fmt);
  vadd(&r->m.nwarnings, r->m.warnings, pre, fmt, ap);
  va_end(ap);
}

/* A warning on the current person about segment s. */
static void pwarn(rd *r, const seg *s, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void pwarn(rd *r, const seg *s, const char *fmt, ...) {
  char pre[48];
  va_list ap;
  zeef_pax_person *p = &r->persons[r->npersons - 1];
  seg_prefix(pre, sizeof pre, r->segno, s->tagtxt);
  va_start(ap, fmt);
  vadd(&p->nwarnings, p->warnings, pre, fmt, ap);
  va_end(ap);
}

/* A warning for the next message (outside any message): "line L (TAG): ". */
static void owarn(rd *r, const seg *s, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void owarn(rd *r, const seg *s, const char *fmt, ...) {
  char pre[48];
  va_list ap;
  if (s->tagtxt[0]) snprintf(pre, sizeof pre, "line %zu (%s): ", s->line, s->tagtxt);
  else snprintf(pre, sizeof pre, "line %zu: ", s->line);
  va_start(ap, fmt);
  vadd(&r->npend, r->pend, pre, fmt, ap);
  va_end(ap);
}

/* An envelope fault after a message: on the held message, else the next. */
static void ewarn(rd *r, const seg *s, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void ewarn(rd *r, const seg *s, const char *fmt, ...) {
  char pre[48];
  va_list ap;
  snprintf(pre, sizeof pre, "line %zu (%s): ", s->line, s->tagtxt);
  va_start(ap, fmt);
  if (r->held) vadd(&r->m.nwarnings, r->m.warnings, pre, fmt, ap);
  else vadd(&r->npend, r->pend, pre, fmt, ap);
  va_end(ap);
}

/* Moves the pending warnings onto the message. */
static void take_pending(rd *r) {
  for (size_t i = 0; i < r->npend && i < ZEEF_PAX_MAX_WARNINGS; i++)
    add(&r->m.nwarnings, r->m.warnings, "", "%s", r->pend[i]);
  r->npend = 0;
}

/* The anomalies of a copy (flags fl) as warnings: on the current person
** when there is one and person is set, else on the message. */
static void flag_warnings(rd *r, const seg *s, int person, unsigned fl, const char *what,
                          size_t cap) {
  unsigned *once;
  if (person && !r->in_person) person = 0;
  once = person ? &r->pwarned : NULL;
#define W(...) (person ? pwarn(r, s, __VA_ARGS__) : mwarn(r, r->segno, s->tagtxt, __VA_ARGS__))
  if (fl & CP_CUT) W("%s cut to %zu bytes", what, cap - 1);
  if ((fl & CP_INVALID) && !(once && (*once & PW_INVALID))) {
    W("%s holds bytes that are not UTF-8 text, replaced by '?'", what);
    if (once) *once |= PW_INVALID;
  }
  if ((fl & CP_LATIN1) && !(once && (*once & PW_LATIN1))) {
    W("%s is not UTF-8: read as ISO 8859-1, the UNOC character set", what);
    if (once) *once |= PW_LATIN1;
  }
  if ((fl & CP_NONASCII) && !(fl & CP_LATIN1) && r->lx.charset == CS_ASCII &&
      !(once && (*once & PW_NONASCII))) {
    W("non-ASCII letters in a UNOA/UNOB interchange, kept as UTF-8");
    if (once) *once |= PW_NONASCII;
  }
#undef W
}

/* Copies v into a field of the current person (person) or the message. */
static void field(rd *r, const seg *s, int person, char *dst, size_t cap, span v,
                  const char *what) {
  unsigned fl = copy_text(r, dst, cap, v, NULL);
  if (fl) flag_warnings(r, s, person, fl, what, cap);
}

/* ---------------------------------------------------------- Dates, times */

/* The number of n digits at s, or -1. */
static int digits(const char *s, size_t n) {
  int x = 0;
  for (size_t i = 0; i < n; i++) {
    if ((unsigned)(s[i] - '0') >= 10u) return -1;
    x = x * 10 + (s[i] - '0');
  }
  return x;
}

enum { Y_BIRTH, Y_EXPIRY };

/*
** Reads YYMMDD or CCYYMMDD (v, 6 or 8 digits; format codes 101 and 102
** are not needed to tell them apart) into *d. A two-digit year is placed
** by kind (Y_BIRTH, Y_EXPIRY) against the clock year; 00 for a month or
** day means unknown. Returns 0 when v is not such a date.
*/
static int read_date(const rd *r, const char *v, size_t n, int kind, zeef_date *d) {
  int y, m, dd;
  if (n == 6) {
    y = digits(v, 2);
    if (y < 0) return 0;
    y = date_full_year(y, kind == Y_BIRTH, r->this_year);
    v += 2;
  } else if (n == 8) {
    y = digits(v, 4);
    v += 4;
  } else {
    return 0;
  }
  m = digits(v, 2);
  dd = digits(v + 2, 2);
  if (y < PAX_YEAR_MIN || y > PAX_YEAR_MAX || m < 0 || m > 12 || dd < 0) return 0;
  if (m == 0 && dd != 0) return 0;
  if (dd > 0 && dd > date_days_in_month(y, m)) return 0;
  memset(d, 0, sizeof *d);
  d->year = d->year_to = (int16_t)y;
  d->month = (uint8_t)m;
  d->day = (uint8_t)dd;
  d->kind = dd ? ZEEF_DATE_DAY : m ? ZEEF_DATE_MONTH : ZEEF_DATE_YEAR;
  return 1;
}

static void put2(char *o, int x) {
  o[0] = (char)('0' + x / 10);
  o[1] = (char)('0' + x % 10);
}

/*
** Reads a flight time, YYMMDDHHMM (format 201) or CCYYMMDDHHMM (203), into
** out as "YYYY-MM-DDTHH:MM" (TIME_TEXT bytes). Returns 0 when v is not
** one.
*/
static int read_time(const char *v, size_t n, char *out) {
  int y, mo, d, h, mi;
  if (n == 10) {
    y = digits(v, 2);
    if (y >= 0) y += 2000;
    v += 2;
  } else if (n == 12) {
    y = digits(v, 4);
    v += 4;
  } else {
    return 0;
  }
  mo = digits(v, 2);
  d = digits(v + 2, 2);
  h = digits(v + 4, 2);
  mi = digits(v + 6, 2);
  if (y < PAX_YEAR_MIN || y > PAX_YEAR_MAX || mo < 1 || mo > 12 || d < 1 ||
      d > date_days_in_month(y, mo) || h < 0 || h > 24 || mi < 0 || mi > 59 || (h == 24 && mi))
    return 0;
  put2(out, y / 100);
  put2(out + 2, y % 100);
  out[4] = '-';
  put2(out + 5, mo);
  out[7] = '-';
  put2(out + 8, d);
  out[10] = 'T';
  put2(out + 11, h);
  out[13] = ':';
  put2(out + 14, mi);
  out[16] = 0;
  return 1;
}

/* ------------------------------------------------------------- Persons */

static const struct role {
  const char *code, *name;
  int crew;
} roles[] = {
    {"FL", "passenger", 0},
    {"FM", "crew", 1},
    {"DDU", "passenger in transit", 0},
    {"DDT", "crew in transit", 1},
};
#define NROLES (sizeof roles / sizeof roles[0])

/* Hands the buffered persons to the callback and empties the buffer. */
static void deliver(rd *r) {
  for (size_t i = 0; i < r->npersons && !r->stop; i++)
    if (r->fn(r->ud, &r->m, &r->persons[i])) r->stop = 1;
  r->npersons = 0;
}

/* Reads a country code as sent into code (4 bytes): up to three letters
** kept (capitalised); anything longer read as a country name, with a
** warning. */
static void country(rd *r, const seg *s, char code[4], span v, const char *what) {
  char b[ZEEF_PAX_FIELD], q[EDI_QUOTE_MAX + 4];
  size_t n, i;
  copy_text(r, b, sizeof b, v, &n);
  code[0] = 0;
  if (n == 0) return;
  for (i = 0; i < n && i < 4; i++)
    if ((unsigned)((b[i] | 0x20) - 'a') >= 26u) break;
  if (i == n && n <= 3) {
    for (i = 0; i < n; i++) code[i] = (char)(b[i] & ~0x20);
    code[n] = 0;
    return;
  }
  if (zeef_country_code(b, n, code) == ZEEF_OK)
    pwarn(r, s, "%s \"%s\" is not a country code: read as %s", what, quote(r, v, q), code);
  else {
    code[0] = 0;
    pwarn(r, s, "%s \"%s\" is not a country code: left out", what, quote(r, v, q));
  }
}

/* Ends the person being read: a missing nationality taken from a passport. */
static void finish_person(rd *r) {
  zeef_pax_person *p;
  if (!r->in_person) return;
  p = &r->persons[r->npersons - 1];
  r->in_person = 0;
  if (p->nationality[0]) return;
  for (size_t i = 0; i < p->ndocs; i++)
    if (p->docs[i].type[0] == 'P' && p->docs[i].country[0]) {
      memcpy(p->nationality, p->docs[i].country, sizeof p->nationality);
      add(&p->nwarnings, p->warnings, "", "segment %zu (NAD): no NAT: nationality taken from the passport's issuing country",
          p->segment);
      break;
    }
}

/* Copies the name of NAD s (element 4, or the unstructured element 3 when
** 4 is empty) into p. */
static void read_name(rd *r, const seg *s, zeef_pax_person *p) {
  size_t e = 4, o = 0, nc;
  unsigned fl = 0;
  if (s->nelem <= 4 || (s->ncomp[4] == 1 && empty(r, get(s, 4, 0)))) {
    if (s->nelem > 3 && !empty(r, get(s, 3, 0))) {
      e = 3;
      pwarn(r, s, "no structured name (element 4): the name and address line is read as the surname");
    } else {
      e = 0;
    }
  }
  p->surname[0] = p->given_names[0] = 0;
  if (e == 0) return;
  nc = s->ncomp[e];
  fl |= copy_text(r, p->surname, sizeof p->surname, get(s, e, 0), NULL);
  for (size_t c = 1; c < nc && c < 5 && e == 4; c++) {
    size_t n, room = sizeof p->given_names - o;
    unsigned f;
    span v = get(s, e, c);
    if (empty(r, v)) continue;
    if (o) {
      if (room <= 2) {
        fl |= CP_CUT;
        break;
      }
      p->given_names[o++] = ' ';
      room--;
    }
    f = copy_text(r, p->given_names + o, room, v, &n);
    fl |= f;
    o += n;
    if (f & CP_CUT) break;
  }
  while (o && p->given_names[o - 1] == ' ') p->given_names[--o] = 0;
  if (fl) flag_warnings(r, s, 1, fl, "name", sizeof p->surname);
  if (nc == 1 && e == 4 && p->surname[0])
    pwarn(r, s, "name has no given-name component: \"%.60s\" read as the surname", p->surname);
}

/* NAD: a person (SG4), or the reporting party (SG1). */
static zeef_status on_nad(rd *r, const seg *s) {
  char q[EDI_QUOTE_MAX + 4];
  span qual = get(s, 1, 0);
  const struct role *role = NULL;
  zeef_pax_person *p;

  finish_person(r);
  for (size_t i = 0; i < NROLES; i++)
    if (is(r, qual, roles[i].code)) role = &roles[i];
  if (is(r, qual, "MS") || (!role && r->m.nlegs == 0 && r->mpersons == 0)) {
    r->grp = G_PARTY;
    return ZEEF_OK;
  }
  if (r->npersons == PAX_BATCH) {
    if (!r->batch_warned)
      mwarn(r, r->segno, "NAD", "more than %d persons: delivered in batches, the first before the message's count checks",
            PAX_BATCH);
    r->batch_warned = 1;
    deliver(r);
    if (r->stop) return ZEEF_OK;
  }
  if (r->npersons == r->cap) {
    size_t cap = r->cap ? 2 * r->cap : PAX_INITIAL;
    zeef_pax_person *np;
    if (cap > PAX_BATCH) cap = PAX_BATCH;
    np = mem_realloc(r->mem, r->persons, cap, sizeof *np);
    if (!np) return ZEEF_E_NOMEM;
    r->persons = np;
    r->cap = cap;
  }
  p = &r->persons[r->npersons++];
  r->in_person = 1;
  r->pwarned = 0;
  r->grp = G_PERSON;
  r->doc = -1;
  r->mpersons++;
  p->segment = r->segno;
  p->line = s->line;
  p->role_name = role ? role->name : "unknown";
  p->birth = (zeef_date){0, 0, 0, 0, 0, 0};
  p->gender = 0;
  p->nationality[0] = p->residence[0] = p->birth_place[0] = p->booking[0] = 0;
  p->ndocs = 0;
  p->error = NULL;
  p->nwarnings = 0;
  copy_text(r, p->role, sizeof p->role, qual, NULL);
  if (role) {
    if (role->crew) r->ncrew++;
    else r->npax++;
  } else {
    pwarn(r, s, "NAD qualifier \"%s\" is not FL, FM, DDU or DDT: role unknown", quote(r, qual, q));
  }
  read_name(r, s, p);
  if (!p->surname[0] && !p->given_names[0]) p->error = "NAD has no name";
  return ZEEF_OK;
}

/* The current person, or NULL with a warning (once per group) that s lies
** outside any. */
static zeef_pax_person *person_of(rd *r, const seg *s) {
  if (r->in_person) return &r->persons[r->npersons - 1];
  mwarn(r, r->segno, s->tagtxt, "not within a person (NAD): ignored");
  return NULL;
}

static void on_att(rd *r, const seg *s) {
  char v[16], q[EDI_QUOTE_MAX + 4];
  span sv = get(s, 3, 0);
  zeef_pax_person *p;
  size_t n;
  if (!is(r, get(s, 1, 0), "2")) return;
  if (!(p = person_of(r, s))) return;
  if (empty(r, sv)) sv = get(s, 2, 0);
  copy_text(r, v, sizeof v, sv, &n);
  if (!n) return;
  if (zeef_gender_parse(v, n, &p->gender) != ZEEF_OK)
    pwarn(r, s, "gender \"%s\" is not M, F or X: left out", quote(r, sv, q));
}

static void on_dtm(rd *r, const seg *s) {
  span qual = get(s, 1, 0), val = get(s, 1, 1);
  char v[ZEEF_PAX_FIELD], q[EDI_QUOTE_MAX + 4];
  size_t n;
  int g = r->grp;

  if (g == G_LEG) {
    zeef_pax_leg *l = r->leg >= 0 ? &r->m.legs[r->leg] : NULL;
    char *dst = NULL;
    if (!l) return;
    if (is(r, qual, "189")) dst = l->departure_time;
    else if (is(r, qual, "232")) dst = l->arrival_time;
    if (!dst) return;
    copy_text(r, v, sizeof v, val, &n);
    if (!n || dst[0]) return;
    if (!read_time(v, n, dst)) {
      dst[0] = 0;
      mwarn(r, r->segno, "DTM", "%s time \"%s\" is not YYMMDDHHMM or CCYYMMDDHHMM",
            dst == l->departure_time ? "departure" : "arrival", quote(r, val, q));
    }
    return;
  }
  if ((g != G_PERSON && g != G_DOC) || !r->in_person) return;
  if (is(r, qual, "329")) {
    zeef_pax_person *p = &r->persons[r->npersons - 1];
    copy_text(r, v, sizeof v, val, &n);
    if (!n || p->birth.kind) return;
    if (!read_date(r, v, n, Y_BIRTH, &p->birth))
      pwarn(r, s, "birth date \"%s\" is not YYMMDD or CCYYMMDD", quote(r, val, q));
  } else if (is(r, qual, "36")) {
    copy_text(r, v, sizeof v, val, &n);
    if (!n) return;
    if (g != G_DOC) {
      pwarn(r, s, "expiry date with no document before it: ignored");
      return;
    }
    if (r->doc < 0) return;
    zeef_pax_document *d = &r->persons[r->npersons - 1].docs[r->doc];
    if (!read_date(r, v, n, Y_EXPIRY, &d->expiry))
      pwarn(r, s, "expiry date \"%s\" is not YYMMDD or CCYYMMDD", quote(r, val, q));
  }
}

static void on_loc(rd *r, const seg *s) {
  span qual = get(s, 1, 0), code = get(s, 2, 0);
  int g = r->grp;
  if (g == G_LEG) {
    zeef_pax_leg *l = r->leg >= 0 ? &r->m.legs[r->leg] : NULL;
    char *dst = NULL;
    if (!l) return;
    if (is(r, qual, "125")) dst = l->departure;
    else if (is(r, qual, "87")) dst = l->arrival;
    if (dst && !dst[0]) field(r, s, 0, dst, ZEEF_PAX_FIELD, code, "airport");
    return;
  }
  if ((g != G_PERSON && g != G_DOC) || !r->in_person) return;
  zeef_pax_person *p = &r->persons[r->npersons - 1];
  if (is(r, qual, "174")) {
    country(r, s, p->residence, code, "residence country");
  } else if (is(r, qual, "180")) {
    span name = get(s, 2, 3);
    field(r, s, 1, p->birth_place, sizeof p->birth_place, empty(r, name) ? code : name,
          "birth place");
  } else if (is(r, qual, "91")) {
    if (g != G_DOC) {
      if (!empty(r, code)) pwarn(r, s, "issuing country with no document before it: ignored");
      return;
    }
    if (r->doc >= 0) country(r, s, p->docs[r->doc].country, code, "issuing country");
  }
}

static void on_doc(rd *r, const seg *s) {
  span type = get(s, 1, 0), num = get(s, 2, 0);
  char q[EDI_QUOTE_MAX + 4];
  zeef_pax_person *p = person_of(r, s);
  zeef_pax_document *d;
  if (!p) return;
  r->grp = G_DOC;
  r->doc = -1;
  if (empty(r, num)) {
    if (empty(r, type)) pwarn(r, s, "document has no type and no number: left out");
    else pwarn(r, s, "document of type \"%s\" has no number: left out", quote(r, type, q));
    return;
  }
  if (p->ndocs == ZEEF_PAX_MAX_DOCS) {
    pwarn(r, s, "more than %d documents: \"%s\" left out", ZEEF_PAX_MAX_DOCS, quote(r, num, q));
    return;
  }
  d = &p->docs[p->ndocs];
  memset(d, 0, sizeof *d);
  field(r, s, 1, d->type, sizeof d->type, type, "document type");
  field(r, s, 1, d->number, sizeof d->number, num, "document number");
  if (!d->type[0]) pwarn(r, s, "document \"%s\" has no type", d->number);
  r->doc = (int)p->ndocs++;
}

static void on_tdt(rd *r, const seg *s) {
  zeef_pax_leg *l;
  span carrier = get(s, 5, 0);
  finish_person(r);
  r->grp = G_LEG;
  r->leg = -1;
  if (r->m.nlegs == ZEEF_PAX_MAX_LEGS) {
    if (!r->legs_warned)
      mwarn(r, r->segno, "TDT", "more than %d legs: the rest are left out", ZEEF_PAX_MAX_LEGS);
    r->legs_warned = 1;
    return;
  }
  r->leg = (int)r->m.nlegs++;
  l = &r->m.legs[r->leg];
  memset(l, 0, sizeof *l);
  field(r, s, 0, l->flight, sizeof l->flight, get(s, 2, 0), "flight");
  if (empty(r, carrier)) carrier = get(s, 5, 3);
  if (!empty(r, carrier)) {
    field(r, s, 0, l->carrier, sizeof l->carrier, carrier, "carrier");
  } else {
    /* The airline designator the flight number starts with: two
    ** characters (IATA), or three letters before a digit (ICAO). */
    const char *f = l->flight;
    size_t n = strlen(f), k = 2;
    int alpha3 = n > 3;
    for (size_t i = 0; i < 3 && alpha3; i++) alpha3 = (unsigned)((f[i] | 0x20) - 'a') < 26u;
    if (alpha3 && (unsigned)(f[3] - '0') < 10u) k = 3;
    if (n > k) {
      memcpy(l->carrier, f, k);
      l->carrier[k] = 0;
    }
  }
}

/* ------------------------------------------------------------- Messages */

/* Ends the open message: count checks, then held for delivery. */
static void close_message(rd *r, int no_unt) {
  finish_person(r);
  if (no_unt) mwarn(r, 0, NULL, "message %s has no UNT", r->m.reference[0] ? r->m.reference : "(no reference)");
  if (r->cnt42 >= 0 && (size_t)r->cnt42 != r->npax)
    mwarn(r, r->cnt42_seg, "CNT", "says %ld passengers, the message lists %zu", r->cnt42, r->npax);
  if (r->cnt41 >= 0 && (size_t)r->cnt41 != r->ncrew)
    mwarn(r, r->cnt41_seg, "CNT", "says %ld crew, the message lists %zu", r->cnt41, r->ncrew);
  r->mstate = M_NONE;
  r->held = 1;
}

/* Ends whatever message is open, before an envelope segment. */
static void end_any(rd *r) {
  if (r->mstate == M_OPEN) close_message(r, 1);
  else if (r->mstate == M_SKIP) r->mstate = M_NONE;
}

static void on_unh(rd *r, const seg *s) {
  char type[16], ref[EDI_QUOTE_MAX + 4];
  end_any(r);
  r->ic_msgs++;
  copy_text(r, type, sizeof type, get(s, 2, 0), NULL);
  if (strcmp(type, "PAXLST") != 0) {
    owarn(r, s, "message %s of type \"%s\" is not PAXLST: skipped", quote(r, get(s, 1, 0), ref),
          type);
    if (!r->first_bad) r->first_bad = s->ordinal;
    r->mstate = M_SKIP;
    r->segno = 1;
    return;
  }
  if (r->held) {
    deliver(r);
    r->held = 0;
    if (r->stop) return;
  }
  r->npaxlst++;
  r->mstate = M_OPEN;
  r->segno = 1;
  r->grp = G_HEAD;
  r->leg = r->doc = -1;
  r->in_person = 0;
  r->mpersons = r->npax = r->ncrew = 0;
  r->cnt42 = r->cnt41 = -1;
  r->legs_warned = r->batch_warned = 0;
  r->m.nlegs = r->m.nwarnings = 0;
  r->m.list_type[0] = 0;
  r->m.function[0] = 0;
  memcpy(r->m.sender, r->sender, sizeof r->m.sender);
  copy_text(r, r->m.reference, sizeof r->m.reference, get(s, 1, 0), NULL);
  {
    char ver[ZEEF_PAX_FIELD], rel[ZEEF_PAX_FIELD];
    size_t nv, nr;
    copy_text(r, ver, sizeof ver, get(s, 2, 1), &nv);
    copy_text(r, rel, sizeof rel, get(s, 2, 2), &nr);
    if (nv + nr + 2 > sizeof r->m.version) nr = nv = 0;
    memcpy(r->m.version, ver, nv);
    r->m.version[nv] = nr ? ':' : 0;
    memcpy(r->m.version + nv + !!nr, rel, nr);
    r->m.version[nv + !!nr + nr] = 0;
  }
  take_pending(r);
}

static void on_unt(rd *r, const seg *s) {
  char q[EDI_QUOTE_MAX + 4], q2[EDI_QUOTE_MAX + 4];
  span cnt = get(s, 1, 0), ref = get(s, 2, 0);
  long n = count_of(r, cnt);
  if (n < 0) mwarn(r, r->segno, "UNT", "segment count \"%s\" is not a number", quote(r, cnt, q));
  else if ((size_t)n != r->segno)
    mwarn(r, r->segno, "UNT", "says %ld segments, the message has %zu", n, r->segno);
  copy_text(r, q2, sizeof q2, ref, NULL);
  if (strcmp(q2, r->m.reference) != 0)
    mwarn(r, r->segno, "UNT", "reference \"%s\" differs from the UNH's \"%.60s\"", quote(r, ref, q),
          r->m.reference);
  close_message(r, 0);
}

static void on_cnt(rd *r, const seg *s) {
  span qual = get(s, 1, 0), val = get(s, 1, 1);
  char q[EDI_QUOTE_MAX + 4];
  long n;
  finish_person(r);
  r->grp = G_TAIL;
  if (!is(r, qual, "42") && !is(r, qual, "41")) return;
  n = count_of(r, val);
  if (n < 0) {
    mwarn(r, r->segno, "CNT", "count \"%s\" is not a number", quote(r, val, q));
  } else if (is(r, qual, "42")) {
    r->cnt42 = n;
    r->cnt42_seg = r->segno;
  } else {
    r->cnt41 = n;
    r->cnt41_seg = r->segno;
  }
}

/* A segment within an open PAXLST message, UNH and UNT excepted. */
static zeef_status on_body(rd *r, const seg *s) {
  char q[EDI_QUOTE_MAX + 4];
  if (s->truncated) mwarn(r, r->segno, s->tagtxt, "cut short by the input end");
  switch (s->tag) {
  case T_BGM:
    field(r, s, 0, r->m.list_type, sizeof r->m.list_type, get(s, 1, 0), "BGM code");
    field(r, s, 0, r->m.function, sizeof r->m.function, get(s, 2, 0), "BGM function");
    break;
  case T_TDT: on_tdt(r, s); break;
  case T_NAD: return on_nad(r, s);
  case T_LOC: on_loc(r, s); break;
  case T_DTM: on_dtm(r, s); break;
  case T_ATT: on_att(r, s); break;
  case T_DOC: on_doc(r, s); break;
  case T_CNT: on_cnt(r, s); break;
  case T_NAT:
    if (person_of(r, s) && (is(r, get(s, 1, 0), "2") || !r->persons[r->npersons - 1].nationality[0]))
      country(r, s, r->persons[r->npersons - 1].nationality, get(s, 2, 0), "nationality");
    break;
  case T_RFF:
    if (r->in_person && is(r, get(s, 1, 0), "AVF"))
      field(r, s, 1, r->persons[r->npersons - 1].booking, ZEEF_PAX_FIELD, get(s, 1, 1),
            "booking reference");
    break;
  case 0:
    /* Within a person's group it may have held the person's name, date or
    ** document: the person is not screened on what is left. */
    if (r->in_person) {
      zeef_pax_person *p = &r->persons[r->npersons - 1];
      pwarn(r, s, "\"%s\" is not an EDIFACT segment", quote(r, get(s, 0, 0), q));
      if (!p->error) p->error = "a segment of the person's group cannot be read (see warnings)";
    } else {
      mwarn(r, r->segno, NULL, "\"%s\" is not an EDIFACT segment: ignored", quote(r, get(s, 0, 0), q));
    }
    break;
  default: break;
  }
  return ZEEF_OK;
}

/* ------------------------------------------------------------- Envelope */

static void on_una(rd *r, const seg *s) {
  const char *why;
  end_any(r);
  if ((why = edi_una(&r->lx, s)) != NULL) owarn(r, s, "%s", why);
}

static void on_unb(rd *r, const seg *s) {
  char q[EDI_QUOTE_MAX + 4];
  end_any(r);
  if (r->in_ic) ewarn(r, s, "interchange %s has no UNZ", r->ic_ref[0] ? r->ic_ref : "(no reference)");
  r->in_ic = 1;
  r->ic_msgs = r->ic_groups = 0;
  edi_charset(&r->lx, s);
  if (copy_text(r, r->sender, sizeof r->sender, get(s, 2, 0), NULL) & CP_CUT)
    owarn(r, s, "sender \"%s\" cut to %zu bytes", quote(r, get(s, 2, 0), q), sizeof r->sender - 1);
  copy_text(r, r->ic_ref, sizeof r->ic_ref, get(s, 5, 0), NULL);
}

static void on_unz(rd *r, const seg *s) {
  char ref[ZEEF_PAX_FIELD], q[EDI_QUOTE_MAX + 4];
  long n = count_of(r, get(s, 1, 0));
  end_any(r);
  if (!r->in_ic) {
    ewarn(r, s, "UNZ without a UNB");
    return;
  }
  r->in_ic = 0;
  copy_text(r, ref, sizeof ref, get(s, 2, 0), NULL);
  if (strcmp(ref, r->ic_ref) != 0)
    ewarn(r, s, "reference \"%s\" differs from the UNB's \"%.60s\"", quote(r, get(s, 2, 0), q),
          r->ic_ref);
  if (n >= 0 && (size_t)n != (r->ic_groups ? r->ic_groups : r->ic_msgs))
    ewarn(r, s, "says %ld %s, the interchange has %zu", n, r->ic_groups ? "groups" : "messages",
          r->ic_groups ? r->ic_groups : r->ic_msgs);
}

/* One segment, wherever it lies. */
static zeef_status on_segment(rd *r, const seg *s) {
  char q[EDI_QUOTE_MAX + 4];
  switch (s->tag) {
  case T_UNA: on_una(r, s); return ZEEF_OK;
  case T_UNB: on_unb(r, s); return ZEEF_OK;
  case T_UNG: end_any(r); r->ic_groups++; return ZEEF_OK;
  case T_UNE: end_any(r); return ZEEF_OK;
  case T_UNZ: on_unz(r, s); return ZEEF_OK;
  case T_UNH: on_unh(r, s); return ZEEF_OK;
  default: break;
  }
  if (r->mstate == M_NONE) {
    if (!r->first_bad) r->first_bad = s->ordinal;
    if (s->tag) owarn(r, s, "segment outside any message: ignored");
    else owarn(r, s, "\"%s\" is not an EDIFACT segment: ignored", quote(r, get(s, 0, 0), q));
    return ZEEF_OK;
  }
  r->segno++;
  if (r->mstate == M_SKIP) {
    if (s->tag == T_UNT) r->mstate = M_NONE;
    return ZEEF_OK;
  }
  if (s->tag == T_UNT) {
    on_unt(r, s);
    return ZEEF_OK;
  }
  return on_body(r, s);
}

/* ---------------------------------------------------------------- Public */

zeef_status zeef_paxlst_read(const zeef_ctx *ctx, const char *buf, size_t len, zeef_pax_fn fn,
                             void *ud, size_t *bad_segment) {
  size_t dummy;
  zeef_status rc = ZEEF_OK;
  rd *r;
  seg s;

  if (!bad_segment) bad_segment = &dummy;
  *bad_segment = 0;
  if (!ctx || !fn || (!buf && len)) return ZEEF_E_INVALID;
  r = mem_calloc(&ctx->m, 1, sizeof *r);
  if (!r) return ZEEF_E_NOMEM;
  r->mem = &ctx->m;
  edi_start(&r->lx, buf, len);
  r->fn = fn;
  r->ud = ud;
  r->this_year = date_clock_year();

  while (!r->stop && edi_next(&r->lx, &s)) {
    rc = on_segment(r, &s);
    if (rc) goto out;
    r->lx.after_una = s.tag == T_UNA;
  }
  if (r->stop) goto out;
  if (r->mstate == M_OPEN) close_message(r, 1);
  if (r->held) {
    if (r->in_ic) {
      char pre[48];
      snprintf(pre, sizeof pre, "line %zu: ", r->lx.line);
      add(&r->m.nwarnings, r->m.warnings, pre, "interchange %s has no UNZ",
          r->ic_ref[0] ? r->ic_ref : "(no reference)");
    }
    take_pending(r);
    deliver(r);
  }
  if (!r->npaxlst) {
    rc = ZEEF_E_FORMAT;
    *bad_segment = r->first_bad ? r->first_bad : r->lx.nseg;
  }
out:
  mem_free(&ctx->m, r->persons);
  mem_free(&ctx->m, r);
  return rc;
}
