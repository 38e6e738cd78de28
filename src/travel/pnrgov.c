/*
** pnrgov.c: UN/EDIFACT PNRGOV (bookings airlines push to states) read into
** zeef_pnr records (zeef.h, "PNRGOV"). The syntax is edifact.c's; the
** message is the IATA/WCO/ICAO PADIS PNRGOV message, versions 10.1 to
** 13.1, as docs/formats.md (section 6) says real files write it.
**
** One pass. Envelope: UNA, UNB, UNG, UNH (a message of another type is
** skipped with a warning), UNT (its count checked), UNE, UNZ. Message
** header: MSG, ORG, TVL (the reported flight), EQN. Then PNRs, each from
** SRC to the next SRC or the UNT; an RCI that finds the PNR already
** holding a locator starts a new one too (files leave SRC out), with a
** warning. Within a PNR the segments fall into groups by what opened the
** last one:
**
**   booking    RCI (locators), DAT 700/710, ORG (the office), ADD, IFT
**              (contacts: CTCE e-mail with // for @ and .. for _, CTCH,
**              CTCM, CTCP, CTCT, CTCB... phones), SSR, EBD
**   traveller  TIF opens one: FTI, REF, FAR, SSR DOCS, TKT, MON, PTK, TXD,
**              DAT, FOP (the card masked) and the IFT 4:43 naming its payer
**   leg        TVL opens one: RPI (its status), APD, leg SSRs (DOCS with a
**              traveller reference, SEAT)
**   check-in   TRI opens it: TIF names a traveller already read, SSD gives
**              the seat, TBD the bags
**   history    ABI or LTS: what changed (SAC, TVL, SSR, IFT) is counted,
**              not read as the booking
**
** A DOCS repeated on every leg is kept once (same type and number). Meal
** and other service SSRs are not kept. Every anomaly is a warning on the
** PNR, naming the segment (its number in the message and its line): a
** truncated or curly-quoted segment, a count that does not add up, a DOCS
** with empty fields or an unreadable date, more travellers, legs,
** contacts or documents than zeef.h keeps, a segment outside any PNR.
** Envelope faults after a message's last PNR (a wrong UNT count) go on
** that PNR, which is held until its message ends.
**
** Invariants: never reads past len; values are copied into fixed fields;
** no recursion; one allocation (the zeef_pnr being read).
*/
#include "../internal.h"
#include "../text/text.h"
#include "../values/date.h"
#include "edifact.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define T(a, b, c) EDI_TAG(a, b, c)
enum {
  T_UNA = T('U', 'N', 'A'), T_UNB = T('U', 'N', 'B'), T_UNG = T('U', 'N', 'G'), T_UNH = T('U', 'N', 'H'),
  T_UNT = T('U', 'N', 'T'), T_UNE = T('U', 'N', 'E'), T_UNZ = T('U', 'N', 'Z'), T_MSG = T('M', 'S', 'G'),
  T_ORG = T('O', 'R', 'G'), T_TVL = T('T', 'V', 'L'), T_EQN = T('E', 'Q', 'N'), T_SRC = T('S', 'R', 'C'),
  T_RCI = T('R', 'C', 'I'), T_DAT = T('D', 'A', 'T'), T_ADD = T('A', 'D', 'D'), T_IFT = T('I', 'F', 'T'),
  T_TIF = T('T', 'I', 'F'), T_FTI = T('F', 'T', 'I'), T_SSR = T('S', 'S', 'R'), T_TKT = T('T', 'K', 'T'),
  T_FOP = T('F', 'O', 'P'), T_RPI = T('R', 'P', 'I'), T_TRI = T('T', 'R', 'I'), T_SSD = T('S', 'S', 'D'),
  T_TBD = T('T', 'B', 'D'), T_ABI = T('A', 'B', 'I'), T_LTS = T('L', 'T', 'S'), T_SAC = T('S', 'A', 'C')
};

/* What the segments being read belong to (file comment). */
enum { G_NONE = 0, G_HEAD, G_BOOKING, G_TRAVELLER, G_LEG, G_CHECKIN, G_HISTORY };
enum { M_NONE = 0, M_OPEN, M_SKIP };

typedef struct rd {
  edi_lex lx;
  zeef_pnr_fn fn;
  void *ud;
  int stop;
  int this_year;
  char sender[ZEEF_PNR_FIELD];
  int mstate;    /* M_* */
  size_t segno;  /* segment number within the message, UNH = 1 */
  size_t npnrgov, first_bad;
  char message[ZEEF_PNR_FIELD], version[8], flight[ZEEF_PNR_FIELD];
  int grp;       /* G_* */
  int open;      /* pnr holds a PNR being read */
  int traveller; /* index of the traveller being read, or -1 */
  int checkin;   /* the traveller check-in segments are about, or -1 */
  int payment;   /* index of the last payment, or -1 */
  size_t dropped[4]; /* travellers, legs, contacts, documents over the limits */
  char pending[ZEEF_PNR_TEXT]; /* what a UNA did, said on the next PNR */
  zeef_pnr *pnr;
} rd;

/* -------------------------------------------------------------- Values */

/* src into dst (cap bytes), cut on a character boundary. */
static void keep(char *dst, size_t cap, const char *src) {
  size_t n = strlen(src);
  if (n >= cap) {
    n = cap - 1;
    while (n && ((unsigned char)src[n] & 0xC0) == 0x80) n--;
  }
  memmove(dst, src, n);
  dst[n] = 0;
}

static unsigned copy(const rd *r, char *dst, size_t cap, edi_span v) { return edi_copy(&r->lx, dst, cap, v, NULL); }

static void warn(rd *r, const edi_seg *s, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void warn(rd *r, const edi_seg *s, const char *fmt, ...) {
  zeef_pnr *p = r->pnr;
  va_list ap;
  int k;
  if (!r->open || p->nwarnings >= ZEEF_PNR_MAX_WARNINGS) return;
  k = s ? snprintf(p->warnings[p->nwarnings], ZEEF_PNR_TEXT, "segment %zu (%s, line %zu): ", r->segno,
                   s->tagtxt[0] ? s->tagtxt : "?", s->line)
        : 0;
  if (k < 0 || k >= ZEEF_PNR_TEXT) k = 0;
  va_start(ap, fmt);
  vsnprintf(p->warnings[p->nwarnings] + k, ZEEF_PNR_TEXT - (size_t)k, fmt, ap);
  va_end(ap);
  p->nwarnings++;
}

/* Two digits of x (0-99) at o. */
static void two(char *o, int x) {
  o[0] = (char)('0' + x / 10);
  o[1] = (char)('0' + x % 10);
}

/* "YYYY-MM-DD" of a DDMMYY date d (6 digits), the century by the clock;
** "" when it is not one. */
static void ddmmyy(const rd *r, const char *d, char out[11], int birth) {
  int dd, mm, yy, y;
  out[0] = 0;
  for (int i = 0; i < 6; i++)
    if (d[i] < '0' || d[i] > '9') return;
  if (d[6]) return;
  dd = (d[0] - '0') * 10 + d[1] - '0';
  mm = (d[2] - '0') * 10 + d[3] - '0';
  yy = (d[4] - '0') * 10 + d[5] - '0';
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return;
  y = birth ? date_full_year(yy, 1, r->this_year) : 2000 + yy;
  two(out, y / 100 % 100);
  two(out + 2, y % 100);
  out[4] = '-';
  two(out + 5, mm);
  out[7] = '-';
  two(out + 8, dd);
  out[10] = 0;
}

/* A date (DDMMYY) and a time (HHMM) as "YYYY-MM-DDTHH:MM" into out (20
** bytes); the date alone when the time is not one; "" without a date. */
static void when(const rd *r, edi_span date, edi_span time, char out[20]) {
  char d[12], t[8], day[11];
  copy(r, d, sizeof d, date);
  copy(r, t, sizeof t, time);
  ddmmyy(r, d, day, 0);
  if (!day[0]) {
    out[0] = 0;
    return;
  }
  memcpy(out, day, 11);
  if (strlen(t) == 4 && strspn(t, "0123456789") == 4 && (t[0] - '0') * 10 + t[1] - '0' < 24 &&
      (t[2] - '0') * 10 + t[3] - '0' < 60) {
    out[10] = 'T';
    out[11] = t[0];
    out[12] = t[1];
    out[13] = ':';
    out[14] = t[2];
    out[15] = t[3];
    out[16] = 0;
  }
}

/* "12JUL64" as a date; 0, or -1 when it is not one. */
static int docs_date(const rd *r, const char *s, int birth, zeef_date *d) {
  static const char months[] = "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC";
  int dd, yy, mm = 0;
  memset(d, 0, sizeof *d);
  if (strlen(s) != 7 || !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
      !isdigit((unsigned char)s[5]) || !isdigit((unsigned char)s[6]))
    return -1;
  for (int i = 0; i < 12; i++)
    if (strncasecmp(s + 2, months + 3 * i, 3) == 0) mm = i + 1;
  dd = (s[0] - '0') * 10 + s[1] - '0';
  yy = (s[5] - '0') * 10 + s[6] - '0';
  if (!mm || dd < 1 || dd > date_days_in_month(2000, mm)) return -1;
  d->kind = ZEEF_DATE_DAY;
  d->year = (int16_t)date_full_year(yy, birth, r->this_year);
  d->month = (int8_t)mm;
  d->day = (int8_t)dd;
  return 0;
}

/* Strips a title glued to a given name ("JOHNMR", "MOLLY MRS"). */
static void strip_title(char *g) {
  static const char *const titles[] = {"MRS", "MISS", "MSTR", "MR", "MS", "DR", "PROF", "CHD", "INF"};
  size_t n = strlen(g);
  for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
    size_t k = strlen(titles[i]);
    if (n > k + 1 && strcmp(g + n - k, titles[i]) == 0) {
      n -= k;
      while (n && g[n - 1] == ' ') n--;
      g[n] = 0;
      return;
    }
  }
}

/* ------------------------------------------------------------- Delivery */

/* Whether a and b are one name but for spaces (a line break in a file
** wrapped as a PDF leaves one) and case. */
static int same_name(const char *a, const char *b) {
  for (;;) {
    while (*a == ' ') a++;
    while (*b == ' ') b++;
    if (!*a || !*b) return !*a && !*b;
    if (toupper((unsigned char)*a++) != toupper((unsigned char)*b++)) return 0;
  }
}

/* An infant's documents, sent on its adult's record, to the infant. */
static void infants_documents(zeef_pnr *p) {
  for (size_t i = 0; i < p->ntravellers; i++) {
    zeef_pnr_traveller *a = &p->travellers[i];
    for (size_t k = 0; k < a->ndocs; k++) {
      if (!a->docs[k].infant || a->infant) continue;
      for (size_t j = 0; j < p->ntravellers; j++) {
        zeef_pnr_traveller *b = &p->travellers[j];
        if (!b->infant || b->ndocs == ZEEF_PNR_MAX_DOCS || !same_name(b->surname, a->docs[k].surname) ||
            strncmp(a->docs[k].given_names, b->given_names, strlen(b->given_names)) != 0)
          continue;
        b->docs[b->ndocs++] = a->docs[k];
        memmove(&a->docs[k], &a->docs[k + 1], (a->ndocs - k - 1) * sizeof a->docs[0]);
        a->ndocs--;
        k--;
        break;
      }
    }
  }
}

static void deliver(rd *r) {
  if (!r->open) return;
  infants_documents(r->pnr);
  static const char *const what[] = {"travellers", "legs", "contacts", "documents"};
  for (int i = 0; i < 4; i++)
    if (r->dropped[i]) warn(r, NULL, "%zu more %s than zeef keeps: not read", r->dropped[i], what[i]);
  r->open = 0;
  if (!r->stop && r->fn(r->ud, r->pnr)) r->stop = 1;
}

static void start_pnr(rd *r, const edi_seg *s) {
  zeef_pnr *p = r->pnr;
  deliver(r);
  /* the head and the counts: each traveller, leg, contact, payment and
  ** warning is cleared or written whole as it is added */
  memset(p, 0, offsetof(zeef_pnr, travellers));
  p->ticket[0] = 0;
  p->history = p->nwarnings = 0;
  p->segment = r->segno;
  p->line = s->line;
  keep(p->message, sizeof p->message, r->message);
  keep(p->version, sizeof p->version, r->version);
  keep(p->sender, sizeof p->sender, r->sender);
  keep(p->flight, sizeof p->flight, r->flight);
  memset(r->dropped, 0, sizeof r->dropped);
  r->open = 1;
  r->grp = G_BOOKING;
  r->traveller = r->checkin = r->payment = -1;
  if (r->pending[0]) {
    warn(r, NULL, "%s", r->pending);
    r->pending[0] = 0;
  }
}

/* -------------------------------------------------------------- Booking */

static void on_rci(rd *r, const edi_seg *s) {
  zeef_pnr *p = r->pnr;
  char loc[16];
  copy(r, loc, sizeof loc, edi_get(s, 1, 1));
  if (r->open && p->locator[0] && strcmp(loc, p->locator) != 0 && r->grp != G_HISTORY) {
    /* another locator where a PNR's own RCI would repeat its own */
    start_pnr(r, s);
    warn(r, s, "a PNR without its SRC: read as a new one");
  } else if (!r->open) {
    start_pnr(r, s);
    warn(r, s, "a PNR without its SRC");
  }
  if (r->grp == G_HISTORY || r->grp == G_CHECKIN || p->locator[0]) return;
  copy(r, p->system, sizeof p->system, edi_get(s, 1, 0));
  copy(r, p->locator, sizeof p->locator, edi_get(s, 1, 1));
  when(r, edi_get(s, 1, 3), edi_get(s, 1, 4), p->created);
  if (!p->locator[0]) warn(r, s, "no record locator");
  for (size_t e = 2; e < s->nelem; e++) {
    char sys[8], other[16];
    size_t n = strlen(p->locators);
    copy(r, sys, sizeof sys, edi_get(s, e, 0));
    copy(r, other, sizeof other, edi_get(s, e, 1));
    if (other[0] && n + strlen(sys) + strlen(other) + 3 < sizeof p->locators)
      snprintf(p->locators + n, sizeof p->locators - n, "%s%s:%s", n ? " " : "", sys, other);
  }
}

static void on_dat(rd *r, const edi_seg *s) {
  zeef_pnr *p = r->pnr;
  if (r->grp == G_HISTORY) return;
  for (size_t e = 1; e < s->nelem; e++) {
    char q[8];
    copy(r, q, sizeof q, edi_get(s, e, 0));
    if (strcmp(q, "700") == 0) when(r, edi_get(s, e, 1), edi_get(s, e, 2), p->booked);
    else if (strcmp(q, "710") == 0 && !p->ticketed[0]) when(r, edi_get(s, e, 1), edi_get(s, e, 2), p->ticketed);
  }
}

static void add_contact(rd *r, const edi_seg *s, const char *kind, const char *value) {
  zeef_pnr *p = r->pnr;
  if (!value[0]) return;
  for (size_t i = 0; i < p->ncontacts; i++)
    if (strcmp(p->contacts[i].kind, kind) == 0 && strcmp(p->contacts[i].value, value) == 0) return;
  if (p->ncontacts == ZEEF_PNR_MAX_CONTACTS) {
    r->dropped[2]++;
    return;
  }
  keep(p->contacts[p->ncontacts].kind, sizeof p->contacts[0].kind, kind);
  keep(p->contacts[p->ncontacts].value, sizeof p->contacts[0].value, value);
  p->ncontacts++;
  (void)s;
}

/* A phone number in text: its digits (a leading + kept), when it has five
** or more and no letters; else "". */
static void phone_of(const char *text, char *out, size_t cap) {
  size_t o = 0;
  for (size_t i = 0; text[i] && o + 1 < cap; i++) {
    if (isalpha((unsigned char)text[i])) {
      o = 0;
      break;
    }
    if (isdigit((unsigned char)text[i]) || (text[i] == '+' && !o)) out[o++] = text[i];
  }
  out[o >= 5 ? o : 0] = 0;
}

/* ADD++702:street:city:state::country:postcode:phone */
static void on_add(rd *r, const edi_seg *s) {
  char part[ZEEF_PNR_FIELD], addr[ZEEF_PNR_TEXT] = "", phone[ZEEF_PNR_FIELD], tel[ZEEF_PNR_FIELD] = "";
  size_t n = 0;
  if (r->grp == G_HISTORY) return;
  for (size_t c = 1; c < EDI_MAX_COMPS; c++) {
    copy(r, part, sizeof part, edi_get(s, 2, c));
    phone_of(part, phone, sizeof phone);
    if ((c == 7 && phone[0]) || (c >= 6 && strlen(phone) >= 8)) { /* not a postcode */
      keep(tel, sizeof tel, phone);
      continue;
    }
    if (part[0] && n + strlen(part) + 3 < sizeof addr)
      n += (size_t)snprintf(addr + n, sizeof addr - n, "%s%s", n ? ", " : "", part);
  }
  add_contact(r, s, "address", addr);
  add_contact(r, s, "phone", tel);
}

/* IFT 4:28 (and 4:43 after a FOP): a contact, or who paid. */
static void on_ift(rd *r, const edi_seg *s) {
  char q[8], text[ZEEF_PNR_TEXT];
  if (r->grp == G_HISTORY) return;
  copy(r, q, sizeof q, edi_get(s, 1, 1));
  copy(r, text, sizeof text, edi_get(s, 2, 0));
  if (strcmp(q, "43") == 0 && r->payment >= 0) {
    keep(r->pnr->payments[r->payment].payer, sizeof r->pnr->payments[0].payer, text);
    return;
  }
  if (strncmp(text, "CTC", 3) != 0 || !text[3]) return;
  {
    const char *v = text + 4;
    while (*v == ' ') v++;
    if (text[3] == 'E') {
      /* e-mail: // is @ and .. is _; compared in lower case */
      char mail[ZEEF_PNR_TEXT];
      size_t o = 0;
      for (size_t i = 0; v[i] && o + 1 < sizeof mail; i++) {
        if (v[i] == '/' && v[i + 1] == '/') mail[o++] = '@', i++;
        else if (v[i] == '.' && v[i + 1] == '.') mail[o++] = '_', i++;
        else mail[o++] = (char)tolower((unsigned char)v[i]);
      }
      mail[o] = 0;
      if (!strchr(mail, '@')) warn(r, s, "e-mail contact \"%.60s\" has no @ (written //)", v);
      add_contact(r, s, "email", mail);
    } else {
      char phone[ZEEF_PNR_FIELD];
      phone_of(v, phone, sizeof phone);
      add_contact(r, s, "phone", phone);
    }
  }
}

/* ------------------------------------------------------------ Travellers */

static zeef_pnr_traveller *current(rd *r) { return r->traveller >= 0 ? &r->pnr->travellers[r->traveller] : NULL; }

static void on_tif(rd *r, const edi_seg *s) {
  zeef_pnr *p = r->pnr;
  zeef_pnr_traveller *t;
  char surname[ZEEF_PNR_FIELD], given[ZEEF_PNR_FIELD], ref[16], type[4];
  copy(r, surname, sizeof surname, edi_get(s, 1, 0));
  copy(r, given, sizeof given, edi_get(s, 2, 0));
  copy(r, type, sizeof type, edi_get(s, 2, 1));
  copy(r, ref, sizeof ref, edi_get(s, 2, 2));
  strip_title(given);
  if (r->grp == G_HISTORY) return;
  if (r->grp == G_CHECKIN) { /* which traveller checked in */
    r->checkin = -1;
    for (size_t i = 0; i < p->ntravellers; i++)
      if ((ref[0] && strcmp(p->travellers[i].ref, ref) == 0) ||
          (!ref[0] && strcmp(p->travellers[i].surname, surname) == 0))
        r->checkin = (int)i;
    if (r->checkin < 0) warn(r, s, "checked-in traveller \"%s\" is not among the PNR's travellers", surname);
    return;
  }
  r->grp = G_TRAVELLER;
  if (p->ntravellers == ZEEF_PNR_MAX_TRAVELLERS) {
    r->dropped[0]++;
    r->traveller = -1;
    return;
  }
  t = &p->travellers[p->ntravellers];
  memset(t, 0, sizeof *t);
  t->segment = r->segno;
  t->bags = -1;
  keep(t->surname, sizeof t->surname, surname);
  keep(t->given_names, sizeof t->given_names, given);
  keep(t->ref, sizeof t->ref, ref);
  t->infant = strcmp(type, "IN") == 0; /* the surname's qualifier I means an individual */
  if (!surname[0]) warn(r, s, "a traveller without a surname");
  r->traveller = (int)p->ntravellers++;
  r->payment = -1;
}

/* The traveller a leg-level DOCS names (its element 2, component 2), or
** the one being read. */
static zeef_pnr_traveller *docs_owner(rd *r, const edi_seg *s) {
  char ref[16];
  copy(r, ref, sizeof ref, edi_get(s, 2, 2));
  if (ref[0])
    for (size_t i = 0; i < r->pnr->ntravellers; i++)
      if (strcmp(r->pnr->travellers[i].ref, ref) == 0) return &r->pnr->travellers[i];
  if (r->grp == G_TRAVELLER) return current(r);
  return r->pnr->ntravellers == 1 ? &r->pnr->travellers[0] : NULL;
}

/* SSR DOCS free text: /type/issuer/number/nationality/birth/gender/expiry/
** surname/given[/middle]. */
static void on_docs(rd *r, const edi_seg *s) {
  zeef_pnr_traveller *t = docs_owner(r, s);
  zeef_pnr_doc d;
  char text[ZEEF_PNR_TEXT], f[10][ZEEF_PNR_FIELD];
  size_t nf = 0;
  const char *q;
  edi_span free = {NULL, 0, 0};
  memset(&d, 0, sizeof d);
  for (size_t i = 0; i < 10; i++) f[i][0] = 0;
  /* the free text is the first component of element 1 that starts with '/' */
  for (size_t c = 1; c < s->ncomp[1] && c < EDI_MAX_COMPS && !free.p; c++) {
    edi_span v = edi_get(s, 1, c);
    if (v.n && (v.p[0] == '/' || (v.dirty && memchr(v.p, '/', v.n)))) free = v;
  }
  if (!free.p) {
    warn(r, s, "DOCS without its /-separated text");
    return;
  }
  copy(r, text, sizeof text, free);
  q = text[0] == '/' ? text + 1 : text;
  while (nf < 10) {
    const char *e = strchr(q, '/');
    size_t n = e ? (size_t)(e - q) : strlen(q);
    if (n >= ZEEF_PNR_FIELD) n = ZEEF_PNR_FIELD - 1;
    memcpy(f[nf], q, n);
    f[nf++][n] = 0;
    if (!e) break;
    q = e + 1;
  }
  keep(d.type, sizeof d.type, f[0]);
  keep(d.issuer, sizeof d.issuer, f[1]);
  keep(d.number, sizeof d.number, f[2]);
  keep(d.nationality, sizeof d.nationality, f[3]);
  if (f[4][0] && docs_date(r, f[4], 1, &d.birth)) warn(r, s, "DOCS birth date \"%s\" is not DDMMMYY", f[4]);
  d.gender = f[5][0] == 'M' || f[5][0] == 'F' || f[5][0] == 'X' ? f[5][0] : 0;
  d.infant = f[5][0] && f[5][1] == 'I'; /* FI, MI */
  if (f[6][0] && docs_date(r, f[6], 0, &d.expiry)) warn(r, s, "DOCS expiry \"%s\" is not DDMMMYY", f[6]);
  keep(d.surname, sizeof d.surname, f[7]);
  {
    char g[2 * ZEEF_PNR_FIELD + 2];
    snprintf(g, sizeof g, "%s%s%s", f[8], f[9][0] ? " " : "", f[9]);
    keep(d.given_names, sizeof d.given_names, g);
  }
  if (strlen(f[1]) > 3 || strlen(f[3]) > 3) warn(r, s, "DOCS country \"%s\" or \"%s\" is not a country code", f[1], f[3]);
  if (!d.number[0] || !d.surname[0] || d.birth.kind == ZEEF_DATE_NONE)
    warn(r, s, "DOCS with empty fields (number \"%s\", surname \"%s\", birth date \"%s\")", d.number, d.surname, f[4]);
  if (!t) {
    warn(r, s, "DOCS for no traveller of the PNR");
    return;
  }
  for (size_t i = 0; i < t->ndocs; i++)
    if (strcmp(t->docs[i].number, d.number) == 0 && memcmp(&t->docs[i].birth, &d.birth, sizeof d.birth) == 0 &&
        (d.number[0] || strcmp(t->docs[i].surname, d.surname) == 0))
      return; /* the same document, repeated on another leg */
  if (t->ndocs == ZEEF_PNR_MAX_DOCS) {
    r->dropped[3]++;
    return;
  }
  t->docs[t->ndocs++] = d;
}

static void on_ssr(rd *r, const edi_seg *s) {
  zeef_pnr_traveller *t;
  char code[8], seat[8];
  if (r->grp == G_HISTORY) return;
  copy(r, code, sizeof code, edi_get(s, 1, 0));
  if (strcmp(code, "DOCS") == 0) {
    on_docs(r, s);
  } else if (strcmp(code, "SEAT") == 0) {
    /* SEAT ... +15A::1+15B::2: a seat for each traveller reference */
    for (size_t e = 2; e < s->nelem; e++) {
      char ref[16];
      copy(r, seat, sizeof seat, edi_get(s, e, 0));
      copy(r, ref, sizeof ref, edi_get(s, e, 2));
      for (size_t i = 0; i < r->pnr->ntravellers; i++) {
        t = &r->pnr->travellers[i];
        if (ref[0] && strcmp(t->ref, ref) == 0 && !t->seat[0]) keep(t->seat, sizeof t->seat, seat);
      }
    }
  }
  /* meals, assistance and other service requests are not kept */
}

static void on_fti(rd *r, const edi_seg *s) {
  zeef_pnr_traveller *t = current(r);
  char carrier[8], number[ZEEF_PNR_FIELD];
  if (!t || r->grp != G_TRAVELLER) return;
  copy(r, carrier, sizeof carrier, edi_get(s, 1, 0));
  copy(r, number, sizeof number, edi_get(s, 1, 1));
  if (number[0]) {
    char ff[ZEEF_PNR_FIELD + 12];
    snprintf(ff, sizeof ff, "%s %s", carrier, number);
    keep(t->frequent_flyer, sizeof t->frequent_flyer, ff);
  }
}

static void on_tkt(rd *r, const edi_seg *s) {
  if (r->grp == G_HISTORY || r->pnr->ticket[0]) return;
  copy(r, r->pnr->ticket, sizeof r->pnr->ticket, edi_get(s, 1, 0));
}

/* FOP+CC:::VI:4444333322221111:0211, FOP+CA::100.00: the card masked but
** for its last four digits. */
static void on_fop(rd *r, const edi_seg *s) {
  zeef_pnr *p = r->pnr;
  zeef_pnr_payment *f;
  char card[64];
  size_t n, digits = 0;
  if (r->grp == G_HISTORY) return;
  if (p->npayments == ZEEF_PNR_MAX_PAYMENTS) return;
  f = &p->payments[p->npayments];
  memset(f, 0, sizeof *f);
  copy(r, f->type, sizeof f->type, edi_get(s, 1, 0));
  copy(r, f->amount, sizeof f->amount, edi_get(s, 1, 2));
  copy(r, f->vendor, sizeof f->vendor, edi_get(s, 1, 3));
  copy(r, card, sizeof card, edi_get(s, 1, 4));
  n = strlen(card);
  for (size_t i = 0; i < n; i++) digits += isdigit((unsigned char)card[i]) != 0;
  if (n) {
    size_t keep = n >= 4 ? n - 4 : 0, o = 0;
    for (size_t i = 0; i < n && o + 1 < sizeof f->card; i++)
      f->card[o++] = i < keep ? 'X' : card[i];
    f->card[o] = 0;
    if (digits > 4 && digits == n) warn(r, s, "an unmasked card number: masked on read");
  }
  memset(card, 0, sizeof card);
  r->payment = (int)p->npayments++;
}

/* ------------------------------------------------------------------ Legs */

/* TVL+DDMMYY:HHMM[:DDMMYY]:HHMM+FROM+TO+MKT[:OPS]+FLIGHT[:CLASS] */
static void read_leg(rd *r, const edi_seg *s, zeef_pnr_leg *l) {
  char d2[12];
  memset(l, 0, sizeof *l);
  when(r, edi_get(s, 1, 0), edi_get(s, 1, 1), l->departure);
  copy(r, d2, sizeof d2, edi_get(s, 1, 2));
  if (strlen(d2) == 6) when(r, edi_get(s, 1, 2), edi_get(s, 1, 3), l->arrival);
  else if (l->departure[0]) /* the arrival on the day of departure */
    when(r, edi_get(s, 1, 0), strlen(d2) == 4 ? edi_get(s, 1, 2) : edi_get(s, 1, 3), l->arrival);
  copy(r, l->origin, sizeof l->origin, edi_get(s, 2, 0));
  copy(r, l->destination, sizeof l->destination, edi_get(s, 3, 0));
  copy(r, l->carrier, sizeof l->carrier, edi_get(s, 4, 0));
  copy(r, l->operating, sizeof l->operating, edi_get(s, 4, 1));
  copy(r, l->flight, sizeof l->flight, edi_get(s, 5, 0));
  copy(r, l->booking_class, sizeof l->booking_class, edi_get(s, 5, 1));
}

static void on_tvl(rd *r, const edi_seg *s) {
  zeef_pnr *p = r->pnr;
  zeef_pnr_leg l;
  if (r->grp == G_HISTORY) return;
  read_leg(r, s, &l);
  if (!l.departure[0] && !l.origin[0] && l.flight[0] && r->grp == G_LEG && p->nlegs) {
    /* TVL+++++624: the operating flight of the codeshare leg before it */
    keep(p->legs[p->nlegs - 1].operating_flight, sizeof l.operating_flight, l.flight);
    return;
  }
  if (!l.departure[0]) warn(r, s, "a leg without a readable departure date");
  if (!l.origin[0] || !l.destination[0]) warn(r, s, "a leg without its airports");
  r->grp = G_LEG;
  r->traveller = -1;
  if (p->nlegs == ZEEF_PNR_MAX_LEGS) {
    r->dropped[1]++;
    return;
  }
  p->legs[p->nlegs++] = l;
}

static void on_rpi(rd *r, const edi_seg *s) {
  if (r->grp != G_LEG || !r->pnr->nlegs) return;
  copy(r, r->pnr->legs[r->pnr->nlegs - 1].status, sizeof r->pnr->legs[0].status, edi_get(s, 2, 0));
}

/* SSD+15A: the checked-in traveller's seat; TBD: bags (element 2, the count). */
static void on_checkin(rd *r, const edi_seg *s) {
  zeef_pnr_traveller *t = r->checkin >= 0 ? &r->pnr->travellers[r->checkin] : NULL;
  char v[16];
  if (r->grp != G_CHECKIN || !t) return;
  if (s->tag == T_SSD) {
    copy(r, v, sizeof v, edi_get(s, 1, 0));
    if (v[0]) keep(t->seat, sizeof t->seat, v);
  } else {
    size_t n;
    copy(r, v, sizeof v, edi_get(s, 2, 0));
    if (v[0] && strspn(v, "0123456789") == strlen(v) && strlen(v) < 4 && !text_uint(v, strlen(v), 999, &n))
      t->bags = (int)n > t->bags ? (int)n : t->bags; /* the same bags on every leg */
  }
}

/* ------------------------------------------------------------- Envelope */

static void end_message(rd *r, const edi_seg *unt) {
  if (unt && r->mstate == M_OPEN) {
    long n = edi_count(&r->lx, edi_get(unt, 1, 0));
    if (n >= 0 && (size_t)n != r->segno)
      warn(r, unt, "UNT says %ld segments, the message has %zu", n, r->segno);
  } else if (!unt && r->mstate == M_OPEN) {
    warn(r, NULL, "message %s has no UNT", r->message);
  }
  deliver(r);
  r->mstate = M_NONE;
  r->grp = G_NONE;
}

static void on_unh(rd *r, const edi_seg *s) {
  char type[16], v1[4], v2[4];
  if (r->mstate != M_NONE) end_message(r, NULL);
  r->segno = 1;
  copy(r, type, sizeof type, edi_get(s, 2, 0));
  if (strcmp(type, "PNRGOV") != 0) {
    r->mstate = M_SKIP;
    return;
  }
  r->npnrgov++;
  r->mstate = M_OPEN;
  r->grp = G_HEAD;
  copy(r, r->message, sizeof r->message, edi_get(s, 1, 0));
  copy(r, v1, sizeof v1, edi_get(s, 2, 1));
  copy(r, v2, sizeof v2, edi_get(s, 2, 2));
  snprintf(r->version, sizeof r->version, "%s:%s", v1, v2);
  r->flight[0] = 0;
}

/* A segment of the message header, before the first PNR. */
static void on_head(rd *r, const edi_seg *s) {
  if (s->tag == T_TVL) {
    zeef_pnr_leg l;
    read_leg(r, s, &l);
    snprintf(r->flight, sizeof r->flight, "%s%s%s%s", l.carrier, l.flight, l.departure[0] ? " " : "",
             l.departure);
  }
}

static void on_body(rd *r, const edi_seg *s) {
  if (s->tag == T_SRC) {
    start_pnr(r, s);
    return;
  }
  if (s->tag == T_RCI) {
    on_rci(r, s);
    return;
  }
  if (!r->open) {
    if (r->grp == G_HEAD || r->grp == G_NONE) on_head(r, s);
    return;
  }
  if (s->truncated) warn(r, s, "the input ends inside the segment");
  if (s->curly) warn(r, s, "ended by a U+2019 right quotation mark instead of the terminator");
  switch (s->tag) {
  case T_DAT: on_dat(r, s); break;
  case T_ORG:
    if (r->grp == G_BOOKING && !r->pnr->agency[0]) {
      char a[ZEEF_PNR_FIELD], b[ZEEF_PNR_FIELD], c[ZEEF_PNR_FIELD];
      copy(r, a, sizeof a, edi_get(s, 1, 0));
      copy(r, b, sizeof b, edi_get(s, 1, 1));
      copy(r, c, sizeof c, edi_get(s, 2, 0));
      char all[3 * ZEEF_PNR_FIELD + 4];
      snprintf(all, sizeof all, "%s%s%s%s%s", a, b[0] ? ":" : "", b, c[0] ? " " : "", c);
      keep(r->pnr->agency, sizeof r->pnr->agency, all);
    }
    break;
  case T_ADD: on_add(r, s); break;
  case T_IFT: on_ift(r, s); break;
  case T_TIF: on_tif(r, s); break;
  case T_FTI: on_fti(r, s); break;
  case T_SSR: on_ssr(r, s); break;
  case T_TKT: on_tkt(r, s); break;
  case T_FOP: on_fop(r, s); break;
  case T_TVL: on_tvl(r, s); break;
  case T_RPI: on_rpi(r, s); break;
  case T_TRI:
    r->grp = G_CHECKIN;
    r->checkin = -1;
    break;
  case T_SSD:
  case T_TBD: on_checkin(r, s); break;
  case T_ABI:
  case T_LTS:
  case T_SAC:
    r->grp = G_HISTORY;
    r->pnr->history++;
    break;
  case 0: {
    char q[EDI_QUOTE_MAX + 4];
    warn(r, s, "\"%s\" is not an EDIFACT segment: ignored", edi_quote(&r->lx, edi_get(s, 0, 0), q));
    break;
  }
  default: break; /* REF, FAR, MON, PTK, TXD, APD, EBD, MSG, EQN... not kept */
  }
}

static void on_segment(rd *r, const edi_seg *s) {
  switch (s->tag) {
  case T_UNA: {
    const char *why = edi_una(&r->lx, s);
    if (why) snprintf(r->pending, sizeof r->pending, "UNA (line %zu): %s", s->line, why);
    return;
  }
  case T_UNB:
    if (r->mstate != M_NONE) end_message(r, NULL);
    edi_charset(&r->lx, s);
    copy(r, r->sender, sizeof r->sender, edi_get(s, 2, 0));
    return;
  case T_UNG:
  case T_UNE:
  case T_UNZ:
    if (r->mstate != M_NONE) end_message(r, NULL);
    return;
  case T_UNH: on_unh(r, s); return;
  default: break;
  }
  if (r->mstate == M_NONE) {
    if (!r->first_bad) r->first_bad = s->ordinal;
    return;
  }
  r->segno++;
  if (r->mstate == M_SKIP) {
    if (s->tag == T_UNT) r->mstate = M_NONE;
    return;
  }
  if (s->tag == T_UNT) {
    end_message(r, s);
    return;
  }
  on_body(r, s);
}

/* ---------------------------------------------------------------- Public */

zeef_status zeef_pnrgov_read(const zeef_ctx *ctx, const char *buf, size_t len, zeef_pnr_fn fn, void *ud,
                             size_t *bad_segment) {
  size_t dummy;
  zeef_status rc = ZEEF_OK;
  rd r;
  edi_seg s;
  if (!bad_segment) bad_segment = &dummy;
  *bad_segment = 0;
  if (!ctx || !fn || (!buf && len)) return ZEEF_E_INVALID;
  memset(&r, 0, sizeof r);
  if (!(r.pnr = mem_calloc(&ctx->m, 1, sizeof *r.pnr))) return ZEEF_E_NOMEM;
  edi_start(&r.lx, buf, len);
  r.fn = fn;
  r.ud = ud;
  r.this_year = date_clock_year();
  r.traveller = r.checkin = r.payment = -1;
  while (!r.stop && edi_next(&r.lx, &s)) {
    on_segment(&r, &s);
    r.lx.after_una = s.tag == T_UNA;
  }
  if (!r.stop && r.mstate != M_NONE) end_message(&r, NULL);
  if (!r.npnrgov) {
    rc = ZEEF_E_FORMAT;
    *bad_segment = r.first_bad ? r.first_bad : r.lx.nseg;
  }
  mem_free(&ctx->m, r.pnr);
  return rc;
}
