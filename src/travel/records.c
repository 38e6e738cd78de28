/*
** records.c: traveller records from CSV (header row, columns by name), JSON
** lines, a JSON array, MRZ text or a PAXLST message, the input of `zeef
** screen` and of `POST /screen`. Every input record gives exactly one
** zeef_record, in input order: a value that does not parse is left out with
** a warning naming the field and the value; a record without a usable name,
** or one that cannot be read at all, carries an error, and reading goes on
** with the next record. Only an input that holds no records to find (a CSV
** header without a name column, no PAXLST message, a JSON document that is
** not an array) is refused as a whole.
**
** Bounded: values are cut at RECORD_VALUE_MAX bytes, lines at the limit of
** their format (the line reader never holds more, text.h); PAXLST and JSON
** arrays, which are read whole, at WHOLE_INPUT_MAX bytes. Every allocation
** comes from the context's allocator.
*/
#include "../internal.h"
#include "../text/csv.h"
#include "../text/text.h"
#include "../values/date.h"

#include <jansson.h>
#include <stdarg.h>
#include <string.h>

#define RECORD_VALUE_MAX 1024
#define JSONL_LINE_MAX CSVR_LINE_MAX /* every format's lines: one limit */
#define WHOLE_INPUT_MAX ((size_t)1 << 30)

enum key { K_ID, K_NAME, K_SURNAME, K_GIVEN, K_DOB, K_NAT, K_GENDER, K_DOC, K_DOCCTRY, K_EXPECTED, K_COUNT };
static const char *const key_names[K_COUNT] = {"id", "name", "surname", "given_names",
                                               "birth_date", "nationality", "gender",
                                               "document_number", "document_country", "expected"};

/* The header names each field goes by in the files travellers come in
** (booking and border systems, spreadsheets in the languages of the
** people who write them), as header_norm() writes them: lower case,
** spaces, dashes, dots and slashes as one '_'. The field's own name first.
** "nom" and "nombre" are the French surname and the Spanish given name, as
** forms that also have "prénom" and "apellidos" use them. */
static const char *const synonyms[K_COUNT][24] = {
    [K_ID] = {"id", "traveller_id", "traveler_id", "passenger_id", "pax_id", "person_id", "record_id", "ref",
              "reference", "no", "nr", NULL},
    [K_NAME] = {"name", "full_name", "fullname", "passenger_name", "traveller_name", "traveler_name", "pax_name",
                "person_name", "nom_complet", "nombre_completo", "nome_completo", "volledige_naam", NULL},
    [K_SURNAME] = {"surname", "last_name", "lastname", "family_name", "familyname", "surnames", "nom",
                   "nom_de_famille", "nachname", "familienname", "achternaam", "apellido", "apellidos",
                   "cognome", "sobrenome", "apelido", NULL},
    [K_GIVEN] = {"given_names", "given_name", "givenname", "givennames", "first_name", "firstname",
                 "first_names", "forename", "forenames", "prenom", "pr\xc3\xa9nom", "prenoms",
                 "pr\xc3\xa9noms", "vorname", "vornamen", "voornaam", "voornamen", "nombre", "nombres", "nome",
                 "nomi", "prenome", NULL},
    [K_DOB] = {"birth_date", "date_of_birth", "dob", "birthdate", "birthday", "born", "d_o_b", "geburtsdatum",
               "date_de_naissance", "date_naissance", "geboortedatum", "fecha_de_nacimiento", "fecha_nacimiento",
               "data_di_nascita", "data_de_nascimento", NULL},
    [K_NAT] = {"nationality", "nationalities", "citizenship", "nat", "country_of_citizenship", "nationalite",
               "nationalit\xc3\xa9", "staatsangehorigkeit", "staatsangeh\xc3\xb6rigkeit", "nationaliteit",
               "nacionalidad", "nazionalita", "nazionalit\xc3\xa0", "nacionalidade", NULL},
    [K_GENDER] = {"gender", "sex", "geschlecht", "sexe", "geslacht", "sexo", "sesso", NULL},
    [K_DOC] = {"document_number", "doc_number", "document_no", "doc_no", "document", "passport_number",
               "passport_no", "passport_nr", "passport", "travel_document_number", "id_number", "reisepassnummer",
               "passnummer", "numero_de_passeport", "num\xc3\xa9ro_de_passeport", "paspoortnummer",
               "numero_de_pasaporte", "pasaporte", NULL},
    [K_DOCCTRY] = {"document_country", "doc_country", "issuing_country", "issuing_state", "country_of_issue",
                   "passport_country", "document_issuer", "issuer", NULL},
    [K_EXPECTED] = {"expected", "expected_entity", "expected_id", "truth", "label", NULL},
};

/* The raw values of one record, bounded copies, and what copying them
** changed: a value cut at RECORD_VALUE_MAX, NUL bytes read as spaces. */
typedef struct raw {
  char v[K_COUNT][RECORD_VALUE_MAX + 1];
  int has[K_COUNT];
  int cut[K_COUNT], nul[K_COUNT];
} raw;

/* What every reader shares: the caller's callback and the input's state. */
typedef struct rin {
  const zeef_ctx *ctx;
  zeef_record_fn fn;
  void *ud;
  zeef_read_error *err;
  raw w;
  int stop;
  int month_first;               /* zeef_read_options.date_order */
  int order_warned;              /* a date said the input's order is the other */
  const char *map[K_COUNT];      /* a column mapped to each field, or NULL */
  size_t map_len[K_COUNT];
  char notice[ZEEF_RECORD_TEXT]; /* said once, with the next record */
  int keys_named;                /* JSON: the keys not read were named */
} rin;

static void fail(rin *in, size_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(rin *in, size_t line, const char *fmt, ...) {
  va_list ap;
  in->err->line = line;
  va_start(ap, fmt);
  vsnprintf(in->err->message, sizeof in->err->message, fmt, ap);
  va_end(ap);
}

static void warn(zeef_record *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(zeef_record *r, const char *fmt, ...) {
  va_list ap;
  if (r->nwarnings >= ZEEF_RECORD_MAX_WARNINGS) return;
  va_start(ap, fmt);
  vsnprintf(r->warnings[r->nwarnings++], ZEEF_RECORD_TEXT, fmt, ap);
  va_end(ap);
}

static void clear(raw *w) {
  for (int k = 0; k < K_COUNT; k++) w->v[k][0] = 0, w->has[k] = w->cut[k] = w->nul[k] = 0;
}

/* Copies value k. A value over RECORD_VALUE_MAX bytes is cut on a whole
** UTF-8 character; a NUL byte inside a value (an export or OCR artefact)
** is read as a space, so that the value is screened as written, never cut
** at the NUL: both are named in the record's warnings (emit). */
static void set(raw *w, int k, const char *s, size_t n) {
  s = text_trim(s, &n);
  if (n > RECORD_VALUE_MAX) {
    n = RECORD_VALUE_MAX;
    while (n && ((unsigned char)s[n] & 0xC0) == 0x80) n--; /* s[n] continues a character */
    w->cut[k] = 1;
  }
  memcpy(w->v[k], s, n);
  w->v[k][n] = 0;
  for (size_t i = 0; i < n; i++)
    if (!w->v[k][i]) w->v[k][i] = ' ', w->nul[k] = 1;
  w->has[k] = n > 0;
}

/* Hands r to the caller, with the input's notice if one waits; remembers
** a request to stop. */
static void deliver(rin *in, const zeef_record *r) {
  if (in->notice[0] && !in->stop) {
    zeef_record with = *r;
    warn(&with, "%s", in->notice);
    in->notice[0] = 0;
    if (in->fn(in->ud, &with)) in->stop = 1;
    return;
  }
  if (!in->stop && in->fn(in->ud, r)) in->stop = 1;
}

/* A record that could not be read: its line and why. */
static void emit_error(rin *in, size_t line, const char *why) {
  zeef_record r;
  memset(&r, 0, sizeof r);
  r.line = line;
  r.id = "";
  r.name = "";
  r.error = why;
  deliver(in, &r);
}

/* Turns the raw values in in->w into a record and hands it over. */
static void emit(rin *in, size_t line, const char *error) {
  raw *w = &in->w;
  zeef_record r;
  char name[2 * RECORD_VALUE_MAX + 4];
  memset(&r, 0, sizeof r);
  r.line = line;
  r.id = w->has[K_ID] ? w->v[K_ID] : "";
  r.name = "";
  r.form = ZEEF_FORM_FREE;
  r.error = error;
  for (int k = 0; k < K_COUNT; k++) {
    if (w->nul[k])
      warn(&r, "%s holds a NUL byte, read as a space; screened as written", key_names[k]);
    if (w->cut[k])
      warn(&r, "%s is longer than %d bytes; cut there", key_names[k], RECORD_VALUE_MAX);
  }
  if (!error) {
    if (w->has[K_NAME]) {
      r.name = w->v[K_NAME];
    } else if (w->has[K_SURNAME] || w->has[K_GIVEN]) {
      /* "SURNAME, Given" keeps the roles */
      snprintf(name, sizeof name, "%s%s%s", w->v[K_SURNAME],
               w->has[K_SURNAME] && w->has[K_GIVEN] ? ", " : "", w->v[K_GIVEN]);
      r.name = name;
    } else {
      r.error = "no name: the record needs name, or surname and given_names";
    }
    if (w->has[K_DOB]) {
      int order = 0;
      if (date_parse_order(w->v[K_DOB], strlen(w->v[K_DOB]), in->month_first, &r.birth, &order) != ZEEF_OK) {
        warn(&r, "birth_date \"%.60s\" is not a date; screened without it", w->v[K_DOB]);
        memset(&r.birth, 0, sizeof r.birth);
      } else if (!in->order_warned &&
                 order == (in->month_first ? DATE_ORDER_DAY_FIRST : DATE_ORDER_MONTH_FIRST)) {
        in->order_warned = 1;
        warn(&r,
             "birth_date \"%.40s\" is written %s first, but this input is read %s first: its dates "
             "whose day and month are both 12 or less may be misread (date order %s)",
             w->v[K_DOB], in->month_first ? "day" : "month", in->month_first ? "month" : "day",
             in->month_first ? "dmy" : "mdy");
      }
    }
    if (w->has[K_NAT] && zeef_country_code(w->v[K_NAT], strlen(w->v[K_NAT]), r.nationality) != ZEEF_OK) {
      warn(&r, "nationality \"%.60s\" is not a known country; screened without it", w->v[K_NAT]);
      r.nationality[0] = 0;
    }
    if (w->has[K_GENDER] &&
        zeef_gender_parse(w->v[K_GENDER], strlen(w->v[K_GENDER]), &r.gender) != ZEEF_OK)
      warn(&r, "gender \"%.20s\" is not M, F or X; screened without it", w->v[K_GENDER]);
    if (w->has[K_DOC]) r.doc_number = w->v[K_DOC];
    if (w->has[K_EXPECTED]) r.expected = w->v[K_EXPECTED];
    if (w->has[K_DOCCTRY] &&
        zeef_country_code(w->v[K_DOCCTRY], strlen(w->v[K_DOCCTRY]), r.doc_country) != ZEEF_OK) {
      warn(&r, "document_country \"%.60s\" is not a known country; screened without it",
           w->v[K_DOCCTRY]);
      r.doc_country[0] = 0;
    }
  }
  deliver(in, &r);
}

/* ------------------------------------------------------------------- CSV */

typedef struct csvin {
  rin *in;
  int col[K_COUNT];
  size_t ncols;
  int header;
  int refused; /* the header makes the input unreadable */
} csvin;

#define HEADER_NORM_MAX 64

/* Header cell h[0..n) as the synonyms are written: ASCII and Latin-1
** letters in lower case, every run of spaces, dashes, dots, slashes and
** underscores one '_', none at the ends. 0 when it is longer than cap - 1
** bytes or empty. */
static size_t header_norm(const char *h, size_t n, char *out, size_t cap) {
  size_t k = 0;
  int gap = 0;
  h = text_trim(h, &n);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)h[i];
    if (c == ' ' || c == '-' || c == '.' || c == '/' || c == '_' || c == '\t') {
      gap = k > 0;
      continue;
    }
    if (k + 2 >= cap) return 0;
    if (gap) out[k++] = '_', gap = 0;
    if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
    /* Latin-1 capitals (U+00C0-U+00DE, not U+00D7) are C3 80-9E in UTF-8 */
    if (c == 0xC3 && i + 1 < n && (unsigned char)h[i + 1] >= 0x80 && (unsigned char)h[i + 1] <= 0x9E &&
        (unsigned char)h[i + 1] != 0x97) {
      out[k++] = (char)c;
      c = (unsigned char)(h[++i] + 0x20);
    }
    out[k++] = (char)c;
  }
  out[k] = 0;
  return k;
}

/* The field header cell h[0..n) names, by its synonyms, or -1. */
static int header_field(const char *h, size_t n) {
  char norm[HEADER_NORM_MAX];
  if (!header_norm(h, n, norm, sizeof norm)) return -1;
  for (int k = 0; k < K_COUNT; k++)
    for (size_t i = 0; synonyms[k][i]; i++)
      if (strcmp(norm, synonyms[k][i]) == 0) return k;
  return -1;
}

/* Whether header cells a[0..na) and b[0..nb) are the same name. */
static int header_same(const char *a, size_t na, const char *b, size_t nb) {
  char x[HEADER_NORM_MAX], y[HEADER_NORM_MAX];
  size_t nx = header_norm(a, na, x, sizeof x), ny = header_norm(b, nb, y, sizeof y);
  return nx && nx == ny && memcmp(x, y, nx) == 0;
}

/* The columns by field: a mapped column first, then the names zeef knows.
** Two columns for one field refuse the input (which holds the value?); the
** columns read by none are named once, with the first record. */
static int read_header(csvin *c, const csvr_row *row) {
  rin *in = c->in;
  size_t nf = row->nfields < CSVR_MAX_FIELDS ? row->nfields : CSVR_MAX_FIELDS, k = 0, unknown = 0;
  int used[CSVR_MAX_FIELDS] = {0};
  for (int f = 0; f < K_COUNT; f++) {
    c->col[f] = -1;
    if (!in->map[f]) continue;
    for (size_t i = 0; i < nf && c->col[f] < 0; i++)
      if (!used[i] && header_same(row->field[i], row->len[i], in->map[f], in->map_len[f]))
        c->col[f] = (int)i, used[i] = 1;
    if (c->col[f] < 0) {
      fail(in, row->line, "the header has no column \"%.*s\" (mapped to %s)", (int)(in->map_len[f] > 60 ? 60 : in->map_len[f]),
           in->map[f], key_names[f]);
      c->refused = 1;
      return 1;
    }
  }
  for (size_t i = 0; i < nf; i++) {
    int f;
    if (used[i]) continue;
    if ((f = header_field(row->field[i], row->len[i])) < 0 || in->map[f]) {
      if (row->len[i] && k + 8 < sizeof in->notice) {
        if (!unknown++) k = (size_t)snprintf(in->notice, sizeof in->notice, "columns not read (no field of zeef's):");
        k += (size_t)snprintf(in->notice + k, sizeof in->notice - k, " \"%.*s\"", (int)(row->len[i] > 40 ? 40 : row->len[i]),
                              row->field[i]);
      }
      continue;
    }
    if (c->col[f] >= 0) { /* which of the two holds the value? */
      fail(in, row->line,
           "columns %d and %zu both hold %s (\"%.40s\" and \"%.40s\"); map one: %s=COLUMN", c->col[f] + 1,
           i + 1, key_names[f], row->field[c->col[f]], row->field[i], key_names[f]);
      c->refused = 1;
      return 1;
    }
    c->col[f] = (int)i;
  }
  if (unknown && k >= sizeof in->notice - 1) memcpy(in->notice + sizeof in->notice - 5, " ...", 5);
  c->header = 1;
  c->ncols = row->nfields;
  if (c->col[K_NAME] < 0 && c->col[K_SURNAME] < 0 && c->col[K_GIVEN] < 0) {
    fail(in, row->line,
         "the header names no name, surname or given_names column (nor full name, last name, first name, "
         "nom, prénom, ...); map one: name=COLUMN");
    c->refused = 1;
    return 1;
  }
  return 0;
}

static int on_csv(void *ud, const csvr_row *row) {
  csvin *c = ud;
  rin *in = c->in;
  raw *w = &in->w;
  if (row->error) {
    if (!c->header) { /* no header: nothing below can be read by name */
      fail(in, row->line, "the header row cannot be read: %s", row->error);
      c->refused = 1;
      return 1;
    }
    emit_error(in, row->line, row->error);
    return in->stop;
  }
  if (!c->header) return read_header(c, row);
  if (row->nfields == 1 && row->len[0] == 0) return 0; /* blank line: no record */
  clear(w);
  for (int k = 0; k < K_COUNT; k++)
    if (c->col[k] >= 0 && (size_t)c->col[k] < row->nfields)
      set(w, k, row->field[c->col[k]], row->len[c->col[k]]);
  if (row->nfields != c->ncols && !(w->has[K_NAME] || w->has[K_SURNAME] || w->has[K_GIVEN])) {
    char why[96];
    snprintf(why, sizeof why, "row has %zu fields, the header %zu", row->nfields, c->ncols);
    emit(in, row->line, why);
  } else {
    emit(in, row->line, NULL); /* screened all the same when the name is there */
  }
  return in->stop;
}

static zeef_status read_csv(rin *in, text_lines *src) {
  csvin c;
  zeef_status rc;
  const char *s;
  size_t n;
  memset(&c, 0, sizeof c);
  c.in = in;
  if ((rc = text_peek(src, &s, &n)) != ZEEF_OK) return rc;
  rc = csvr_lines_sep(&in->ctx->m, src, csvr_separator(s, n), on_csv, &c);
  if (!rc && c.refused) rc = ZEEF_E_FORMAT;
  return rc;
}

/* ----------------------------------------------------------------- JSON */

static void json_value(raw *w, int k, json_t *v) {
  char num[32];
  if (json_is_string(v)) set(w, k, json_string_value(v), json_string_length(v));
  else if (json_is_integer(v)) {
    int n = snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
    set(w, k, num, (size_t)n);
  }
}

/* One traveller object (or a value that is not one) at line. */
static void json_record(rin *in, json_t *o, size_t line, const char *what) {
  char why[120];
  clear(&in->w);
  if (!json_is_object(o)) {
    snprintf(why, sizeof why, "%s is a JSON value but not an object", what);
    emit(in, line, why);
    return;
  }
  {
    /* keys as CSV headers are read: a mapped key first, then the names
    ** zeef knows; the keys read by none named once an input */
    const char *key;
    json_t *v;
    size_t k = 0, unknown = 0;
    json_object_foreach(o, key, v) {
      int f = -1;
      for (int m = 0; m < K_COUNT && f < 0; m++)
        if (in->map[m] && header_same(key, strlen(key), in->map[m], in->map_len[m])) f = m;
      if (f < 0 && (f = header_field(key, strlen(key))) >= 0 && in->map[f]) f = -1;
      if (f >= 0) {
        if (!in->w.has[f]) json_value(&in->w, f, v);
      } else if (!in->keys_named && k + 8 < sizeof in->notice) {
        if (!unknown++) k = (size_t)snprintf(in->notice, sizeof in->notice, "keys not read (no field of zeef's):");
        k += (size_t)snprintf(in->notice + k, sizeof in->notice - k, " \"%.40s\"", key);
      }
    }
    if (unknown) in->keys_named = 1;
  }
  emit(in, line, NULL);
}

static zeef_status read_jsonl(rin *in, text_lines *src) {
  const char *s;
  size_t n;
  int cut, got = 0;
  while (!in->stop && (got = text_line_next(src, &s, &n, &cut)) == 1) {
    json_error_t err;
    json_t *o;
    char why[200];
    size_t len = n;
    while (len && (s[len - 1] == '\n' || s[len - 1] == '\r' || s[len - 1] == ' ')) len--;
    if (!len) continue;
    if (cut) {
      snprintf(why, sizeof why, "line longer than %d bytes", JSONL_LINE_MAX);
      emit_error(in, src->number, why);
      continue;
    }
    o = json_loadb(s, len, JSON_ALLOW_NUL, &err);
    if (!o) {
      snprintf(why, sizeof why, "not a JSON object (column %d: %s)", err.column, err.text);
      emit_error(in, src->number, why);
      continue;
    }
    json_record(in, o, src->number, "the line");
    json_decref(o);
  }
  return got < 0 ? (zeef_status)-got : ZEEF_OK;
}

static zeef_status read_json_array(rin *in, text_lines *src) {
  const char *s;
  char *owned;
  size_t n, i;
  json_error_t err;
  json_t *arr, *el;
  zeef_status rc = text_read_all(src, WHOLE_INPUT_MAX, &s, &n, &owned);
  if (rc) return rc;
  {
    size_t bom = text_bom(s, n);
    arr = json_loadb(s + bom, n - bom, JSON_ALLOW_NUL, &err);
  }
  mem_free(&in->ctx->m, owned);
  if (!arr || !json_is_array(arr)) {
    if (arr) fail(in, 1, "a JSON document that is not an array of traveller objects");
    else fail(in, (size_t)err.line, "not JSON: %s (line %d, column %d)", err.text, err.line, err.column);
    json_decref(arr);
    return ZEEF_E_FORMAT;
  }
  json_array_foreach(arr, i, el) {
    char what[48];
    if (in->stop) break;
    snprintf(what, sizeof what, "element %zu", i + 1);
    json_record(in, el, i + 1, what);
  }
  json_decref(arr);
  return ZEEF_OK;
}

/* ------------------------------------------------------------------- MRZ */

#define MRZ_LINE_MAX 128  /* a longer line is kept cut, and the MRZ refused */
#define MRZ_BLOCK_LINES 8 /* lines kept per block; more are counted */

typedef struct mrzin {
  rin *in;
  int this_year;
  char line[MRZ_BLOCK_LINES][MRZ_LINE_MAX + 1];
  size_t len[MRZ_BLOCK_LINES];
  size_t n, first; /* lines in the block (all, kept or not), line of the first */
} mrzin;

static void check_warning(zeef_record *r, const zeef_mrz_check *c) {
  if (c->ok) return;
  if (c->suggestion[0] && strcmp(c->field, "composite") == 0)
    warn(r, "composite check digit fails (printed %c, computed %c); the corrected reading %s "
            "repairs it too",
         c->found ? c->found : '?', c->computed, c->suggestion);
  else if (c->suggestion[0])
    warn(r, "%s check digit fails (printed %c, computed %c); reading %s, one OCR confusion away, "
            "passes and is screened too",
         c->field, c->found ? c->found : '?', c->computed, c->suggestion);
  else
    warn(r, "%s check digit fails (printed %c, computed %c)", c->field, c->found ? c->found : '?',
         c->computed);
}

/* Parses one document of text[0..len) and hands its record over. */
static void emit_mrz(mrzin *mi, const char *text, size_t len, size_t line, const char *note) {
  zeef_mrz m;
  zeef_record r;
  char why[300];
  zeef_status rc = zeef_mrz_parse(text, len, mi->this_year, &m);
  memset(&r, 0, sizeof r);
  r.line = line;
  r.id = m.doc_number;
  r.name = "";
  r.mrz = &m;
  if (note) warn(&r, "%s", note);
  if (rc) {
    snprintf(why, sizeof why, "not a readable MRZ: %s",
             m.nwarnings ? m.warnings[0] : zeef_strerror(rc));
    r.error = why;
    r.mrz = NULL;
    deliver(mi->in, &r);
    return;
  }
  r.name = m.name_mrz;
  r.form = m.name_truncated ? ZEEF_FORM_MRZ_TRUNCATED : ZEEF_FORM_MRZ;
  r.name_truncated = m.name_truncated;
  if (!m.surname[0] && !m.given_names[0]) r.error = "the MRZ name field is empty";
  for (size_t i = 0; i < m.nchecks; i++) {
    check_warning(&r, &m.checks[i]);
    if (!m.checks[i].ok && m.checks[i].suggestion[0] &&
        strcmp(m.checks[i].field, "document_number") == 0)
      r.doc_number_alt = m.checks[i].suggestion;
  }
  for (size_t i = 0; i < m.nwarnings; i++) warn(&r, "%s", m.warnings[i]);
  if (m.name_truncated)
    warn(&r, "the name field is full: its last part may be cut short and is matched as the start "
             "of a name");
  r.birth = m.birth;
  r.gender = m.sex;
  if (m.nationality[0] && zeef_country_code(m.nationality, strlen(m.nationality), r.nationality))
    warn(&r, "nationality \"%s\" is not a known country; screened without it", m.nationality);
  if (m.issuer[0] && zeef_country_code(m.issuer, strlen(m.issuer), r.doc_country))
    warn(&r, "issuing state \"%s\" is not a known country", m.issuer);
  if (m.doc_number[0]) r.doc_number = m.doc_number;
  deliver(mi->in, &r);
}

/* A block of lines ends: one document, or several run together when the
** lines all have one MRZ length and their count is a multiple of its line
** count. */
static void flush_mrz(mrzin *mi) {
  char text[MRZ_BLOCK_LINES * (MRZ_LINE_MAX + 1)];
  size_t n = mi->n, kept = n < MRZ_BLOCK_LINES ? n : MRZ_BLOCK_LINES, per = 0, k = 0;
  mi->n = 0;
  if (!n) return;
  if (n > MRZ_BLOCK_LINES) {
    char why[120];
    snprintf(why, sizeof why,
             "a block of %zu lines: an MRZ has 2 or 3 (separate documents by a blank line)", n);
    emit_error(mi->in, mi->first, why);
    return;
  }
  {
    size_t l0 = mi->len[0];
    int same = 1;
    for (size_t i = 1; i < kept; i++) same &= mi->len[i] == l0;
    if (same && l0 == 30 && n % 3 == 0 && n > 3) per = 3;
    if (same && (l0 == 36 || l0 == 44) && n % 2 == 0 && n > 2) per = 2;
  }
  if (!per) per = n;
  for (size_t d = 0; d < n && !mi->in->stop; d += per) {
    k = 0;
    for (size_t i = d; i < d + per; i++) {
      memcpy(text + k, mi->line[i], mi->len[i]);
      k += mi->len[i];
      text[k++] = '\n';
    }
    emit_mrz(mi, text, k, mi->first + d,
             per < n ? "documents not separated by a blank line" : NULL);
  }
}

static zeef_status read_mrz(rin *in, text_lines *src) {
  mrzin *mi = mem_calloc(&in->ctx->m, 1, sizeof *mi);
  const char *s;
  size_t n;
  int cut, got = 0;
  if (!mi) return ZEEF_E_NOMEM;
  mi->in = in;
  while (!in->stop && (got = text_line_next(src, &s, &n, &cut)) == 1) {
    const char *p = s;
    n = text_chomp(s, n);
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
    while (n && (*p == ' ' || *p == '\t')) p++, n--;
    if (!n) {
      flush_mrz(mi);
      continue;
    }
    if (mi->n == 0) mi->first = src->number;
    if (mi->n < MRZ_BLOCK_LINES) {
      if (n > MRZ_LINE_MAX) n = MRZ_LINE_MAX;
      memcpy(mi->line[mi->n], p, n);
      mi->line[mi->n][n] = 0;
      mi->len[mi->n] = n;
    }
    mi->n++;
  }
  if (!in->stop && got >= 0) flush_mrz(mi);
  mem_free(&in->ctx->m, mi);
  return got < 0 ? (zeef_status)-got : ZEEF_OK;
}

/* ---------------------------------------------------------------- PAXLST */

/* The document to screen: a passport first, else the first with a number. */
static const zeef_pax_document *pax_doc(const zeef_pax_person *p) {
  const zeef_pax_document *d = NULL;
  for (size_t i = 0; i < p->ndocs; i++) {
    if (!p->docs[i].number[0]) continue;
    if (!d || (p->docs[i].type[0] == 'P' && d->type[0] != 'P')) d = &p->docs[i];
  }
  return d;
}

static int on_pax(void *ud, const zeef_pax_message *m, const zeef_pax_person *p) {
  rin *in = ud;
  zeef_record r;
  char id[2 * ZEEF_PAX_FIELD + 24], name[2 * ZEEF_PAX_FIELD + 4];
  const zeef_pax_document *d = pax_doc(p);
  memset(&r, 0, sizeof r);
  snprintf(id, sizeof id, "%s/%zu", m->reference, p->segment);
  snprintf(name, sizeof name, "%s%s%s", p->surname, p->surname[0] && p->given_names[0] ? ", " : "",
           p->given_names);
  r.line = p->line;
  r.id = id;
  r.name = name;
  r.form = ZEEF_FORM_FREE;
  r.error = p->error;
  r.pax_message = m;
  r.pax_person = p;
  if (!r.error && !name[0]) r.error = "the person has no name";
  if (strcmp(m->function, "XR") == 0)
    warn(&r, "the message cancels this person's listing (BGM function XR); screened all the same");
  else if (strcmp(m->function, "CP") == 0)
    warn(&r, "the message changes an earlier list (BGM function CP)");
  for (size_t i = 0; i < p->nwarnings; i++) warn(&r, "%s", p->warnings[i]);
  r.birth = p->birth;
  r.gender = p->gender;
  if (p->nationality[0] && zeef_country_code(p->nationality, strlen(p->nationality), r.nationality))
    warn(&r, "nationality \"%s\" is not a known country; screened without it", p->nationality);
  if (d) {
    r.doc_number = d->number;
    if (d->country[0] && zeef_country_code(d->country, strlen(d->country), r.doc_country))
      warn(&r, "document country \"%s\" is not a known country", d->country);
  }
  deliver(in, &r);
  return in->stop;
}

static zeef_status read_paxlst(rin *in, text_lines *src) {
  const char *s;
  char *owned;
  size_t n, bad = 0;
  zeef_status rc = text_read_all(src, WHOLE_INPUT_MAX, &s, &n, &owned);
  if (rc) return rc;
  rc = zeef_paxlst_read(in->ctx, s, n, on_pax, in, &bad);
  mem_free(&in->ctx->m, owned);
  if (rc == ZEEF_E_FORMAT) fail(in, bad, "no PAXLST message (reading stopped at segment %zu)", bad);
  return rc;
}

/* ---------------------------------------------------------------- PNRGOV */

/* One record per traveller of the booking: the name, birth date, gender,
** nationality and document of the traveller's passport (a DOCS) when the
** booking gives one, else the name as booked; the booking is its source. */
static int on_pnr(void *ud, const zeef_pnr *p) {
  rin *in = ud;
  for (size_t i = 0; i < p->ntravellers && !in->stop; i++) {
    const zeef_pnr_traveller *t = &p->travellers[i];
    const zeef_pnr_doc *d = NULL;
    zeef_record r;
    char id[ZEEF_PNR_FIELD + 24], name[2 * ZEEF_PNR_FIELD + 4];
    const char *sur, *giv;
    for (size_t k = 0; k < t->ndocs; k++)
      if (!t->docs[k].infant && t->docs[k].number[0] &&
          (!d || (t->docs[k].type[0] == 'P' && d->type[0] != 'P')))
        d = &t->docs[k];
    for (size_t k = 0; k < t->ndocs && !d; k++)
      if (!t->docs[k].infant || t->infant) d = &t->docs[k];
    memset(&r, 0, sizeof r);
    snprintf(id, sizeof id, "%s/%s", p->locator[0] ? p->locator : "?", t->ref[0] ? t->ref : "?");
    sur = d && d->surname[0] ? d->surname : t->surname;
    giv = d && d->surname[0] ? d->given_names : t->given_names;
    snprintf(name, sizeof name, "%s%s%s", sur, sur[0] && giv[0] ? ", " : "", giv);
    r.line = p->line;
    r.id = id;
    r.name = name;
    r.form = ZEEF_FORM_FREE;
    r.pnr = p;
    r.pnr_traveller = t;
    if (!name[0]) r.error = "the traveller has no name";
    for (size_t k = 0; k < p->nwarnings; k++) warn(&r, "%s", p->warnings[k]);
    if (d) {
      r.birth = d->birth;
      r.gender = d->gender;
      if (d->nationality[0] && zeef_country_code(d->nationality, strlen(d->nationality), r.nationality))
        warn(&r, "nationality \"%s\" is not a known country; screened without it", d->nationality);
      if (d->number[0]) r.doc_number = d->number;
      if (d->issuer[0] && zeef_country_code(d->issuer, strlen(d->issuer), r.doc_country))
        warn(&r, "document country \"%s\" is not a known country", d->issuer);
    }
    deliver(in, &r);
  }
  return in->stop;
}

static zeef_status read_pnrgov(rin *in, text_lines *src) {
  const char *s;
  char *owned;
  size_t n, bad = 0;
  zeef_status rc = text_read_all(src, WHOLE_INPUT_MAX, &s, &n, &owned);
  if (rc) return rc;
  rc = zeef_pnrgov_read(in->ctx, s, n, on_pnr, in, &bad);
  mem_free(&in->ctx->m, owned);
  if (rc == ZEEF_E_FORMAT) fail(in, bad, "no PNRGOV message (reading stopped at segment %zu)", bad);
  return rc;
}

/* ------------------------------------------------------ Format detection */

static int is_mrz_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<'; }

/* What the first bytes look like: JSON lines start with '{', a JSON array
** with '[', EDIFACT with a UNA or UNB service segment (or a bare UNH), an
** MRZ with a line of 30, 36 or 44 MRZ characters holding a filler;
** anything else is CSV. */
static zeef_input_format detect(const char *s, size_t n) {
  size_t i = text_bom(s, n), k;
  while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
  if (i < n && s[i] == '{') return ZEEF_IN_JSONL;
  if (i < n && s[i] == '[') return ZEEF_IN_JSON;
  if (n - i >= 4 && (memcmp(s + i, "UNA", 3) == 0 ||
                     ((memcmp(s + i, "UNB", 3) == 0 || memcmp(s + i, "UNH", 3) == 0) &&
                      !is_mrz_char(s[i + 3]) && s[i + 3] != ',')))
    /* EDIFACT: a PNRGOV message says so in its UNH */
    return memmem(s + i, n - i < 4096 ? n - i : 4096, "PNRGOV", 6) ? ZEEF_IN_PNRGOV : ZEEF_IN_PAXLST;
  for (k = i; k < n && s[k] != '\n' && s[k] != '\r'; k++)
    if (!is_mrz_char(s[k] >= 'a' && s[k] <= 'z' ? (char)(s[k] - 32) : s[k])) break;
  while (k < n && (s[k] == ' ' || s[k] == '\t')) k++;
  if ((k == n || s[k] == '\n' || s[k] == '\r') && memchr(s + i, '<', k - i)) {
    size_t len = k - i;
    while (len && (s[i + len - 1] == ' ' || s[i + len - 1] == '\t')) len--;
    if (len == 30 || len == 36 || len == 44) return ZEEF_IN_MRZ;
  }
  return ZEEF_IN_CSV;
}

/* ---------------------------------------------------------------- Public */

const char *zeef_input_format_name(zeef_input_format f) {
  switch (f) {
  case ZEEF_IN_CSV: return "csv";
  case ZEEF_IN_JSONL: return "jsonl";
  case ZEEF_IN_MRZ: return "mrz";
  case ZEEF_IN_PAXLST: return "paxlst";
  case ZEEF_IN_JSON: return "json";
  case ZEEF_IN_PNRGOV: return "pnrgov";
  default: return "auto";
  }
}

/* The name of the compression s[0..n) starts with, or NULL: such input
** is refused with a message that says so, not misread as a bad CSV. */
static const char *compressed(const char *s, size_t n) {
  static const struct {
    const char *magic;
    size_t len;
    const char *name;
  } kinds[] = {{"\x1f\x8b", 2, "gzip"},           {"BZh", 3, "bzip2"},
               {"\xfd" "7zXZ\x00", 6, "xz"},        {"\x28\xb5\x2f\xfd", 4, "zstd"},
               {"PK\x03\x04", 4, "zip"},           {"7z\xbc\xaf\x27\x1c", 6, "7-zip"}};
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (n >= kinds[i].len && memcmp(s, kinds[i].magic, kinds[i].len) == 0) return kinds[i].name;
  return NULL;
}

/* Takes the options into in: 0, or ZEEF_E_INVALID for a map entry that
** is not FIELD=COLUMN with a known field (err says which). */
static zeef_status take_options(rin *in, const zeef_read_options *o) {
  if (!o) return ZEEF_OK;
  in->month_first = o->date_order == ZEEF_MONTH_FIRST;
  for (size_t i = 0; i < o->nmap && i < ZEEF_READ_MAP_MAX; i++) {
    const char *e = o->map[i], *eq = e ? strchr(e, '=') : NULL;
    int f = -1;
    for (int k = 0; eq && k < K_COUNT && f < 0; k++)
      if ((size_t)(eq - e) == strlen(key_names[k]) && memcmp(e, key_names[k], (size_t)(eq - e)) == 0) f = k;
    if (f < 0 || !eq[1]) {
      fail(in, 0, "map \"%.60s\" is not FIELD=COLUMN with FIELD one of id, name, surname, given_names, "
                  "birth_date, nationality, gender, document_number, document_country, expected", e ? e : "");
      return ZEEF_E_INVALID;
    }
    in->map[f] = eq + 1;
    in->map_len[f] = strlen(eq + 1);
  }
  return ZEEF_OK;
}

static zeef_status read_source(const zeef_ctx *ctx, text_lines *src, const zeef_read_options *o,
                               zeef_record_fn fn, void *ud, zeef_read_error *err) {
  zeef_read_error dummy;
  zeef_input_format format = o ? o->format : ZEEF_IN_AUTO;
  zeef_status rc;
  rin *in;
  if (!err) err = &dummy;
  err->line = 0;
  err->message[0] = 0;
  in = mem_calloc(&ctx->m, 1, sizeof *in);
  if (!in) return ZEEF_E_NOMEM;
  in->ctx = ctx;
  in->fn = fn;
  in->ud = ud;
  in->err = err;
  if ((rc = take_options(in, o)) != ZEEF_OK) goto out;
  {
    const char *s, *kind;
    size_t n;
    rc = text_peek(src, &s, &n);
    if (rc) goto out;
    if ((kind = compressed(s, n)) != NULL) {
      fail(in, 1, "the input is %s-compressed: decompress it first", kind);
      rc = ZEEF_E_FORMAT;
      goto out;
    }
    if (format == ZEEF_IN_AUTO) format = detect(s, n);
  }
  switch (format) {
  case ZEEF_IN_JSONL: rc = read_jsonl(in, src); break;
  case ZEEF_IN_JSON: rc = read_json_array(in, src); break;
  case ZEEF_IN_MRZ: rc = read_mrz(in, src); break;
  case ZEEF_IN_PAXLST: rc = read_paxlst(in, src); break;
  case ZEEF_IN_PNRGOV: rc = read_pnrgov(in, src); break;
  default: rc = read_csv(in, src); break;
  }
out:
  mem_free(&ctx->m, in);
  return rc;
}

zeef_status zeef_records_read_with(const zeef_ctx *ctx, FILE *f, const zeef_read_options *o,
                                   zeef_record_fn fn, void *ud, zeef_read_error *err) {
  text_lines src;
  zeef_status rc;
  if (!ctx || !f || !fn) return ZEEF_E_INVALID;
  text_lines_stream(&src, &ctx->m, f, CSVR_LINE_MAX);
  rc = read_source(ctx, &src, o, fn, ud, err);
  text_lines_free(&src);
  return rc;
}

zeef_status zeef_records_read(const zeef_ctx *ctx, FILE *f, zeef_input_format format,
                              zeef_record_fn fn, void *ud, zeef_read_error *err) {
  zeef_read_options o;
  memset(&o, 0, sizeof o);
  o.format = format;
  return zeef_records_read_with(ctx, f, &o, fn, ud, err);
}

zeef_status zeef_records_read_buffer(const zeef_ctx *ctx, const char *buf, size_t len,
                                     zeef_input_format format, zeef_record_fn fn, void *ud,
                                     zeef_read_error *err) {
  text_lines src;
  zeef_status rc;
  if (!ctx || (!buf && len) || !fn) return ZEEF_E_INVALID;
  zeef_read_options o;
  memset(&o, 0, sizeof o);
  o.format = format;
  text_lines_buffer(&src, &ctx->m, buf ? buf : "", len, CSVR_LINE_MAX);
  rc = read_source(ctx, &src, &o, fn, ud, err);
  text_lines_free(&src);
  return rc;
}

/* ---------------------------------------------------------------- Shares */

static void share(zeef_share *out, size_t cap, size_t *n, const char *kind, const char *value) {
  if (!value || !value[0] || *n == cap) return;
  for (size_t i = 0; i < *n; i++)
    if (strcmp(out[i].kind, kind) == 0 && strcmp(out[i].value, value) == 0) return;
  snprintf(out[*n].kind, sizeof out[0].kind, "%s", kind);
  snprintf(out[*n].value, sizeof out[0].value, "%s", value);
  ++*n;
}

size_t zeef_record_shares(const zeef_record *r, zeef_share *out, size_t cap) {
  size_t n = 0;
  if (!r || !out) return 0;
  share(out, cap, &n, "document", r->doc_number);
  if (r->pax_person) share(out, cap, &n, "booking", r->pax_person->booking);
  if (r->pnr) {
    const zeef_pnr *p = r->pnr;
    char card[ZEEF_PNR_FIELD];
    share(out, cap, &n, "booking", p->locator);
    for (size_t i = 0; i < p->ncontacts; i++)
      if (strcmp(p->contacts[i].kind, "address") != 0)
        share(out, cap, &n, p->contacts[i].kind, p->contacts[i].value);
    for (size_t i = 0; i < p->npayments; i++)
      if (p->payments[i].card[0]) {
        snprintf(card, sizeof card, "%s %s", p->payments[i].vendor, p->payments[i].card);
        share(out, cap, &n, "card", card);
      }
    if (r->pnr_traveller)
      for (size_t i = 0; i < r->pnr_traveller->ndocs; i++)
        share(out, cap, &n, "document", r->pnr_traveller->docs[i].number);
  }
  return n;
}
