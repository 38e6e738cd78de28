/*
** screen_bench.c: end-to-end screening with real watchlists: how well the
** screener finds listed people, how often it alerts on ordinary travellers,
** whether its index loses hits, and how fast it screens.
**
** Lists: <DATA>/un-consolidated/consolidated.xml (UN) and
** <DATA>/ofac-sdn/sdn.csv (OFAC SDN, with alt.csv/add.csv beside it), read
** with zeef_list_load(ZEEF_LIST_AUTO) and indexed with zeef_screener_new().
**
** 1. UN self-retrieval: screener over the UN list alone. For every entity of
**    kind ZEEF_ENTITY_PERSON and every one of its names, the name is analysed
**    (ZEEF_FORM_FREE) and screened as a traveller with no other field
**    (zeef_screen, min_score 0, cap 10). A query passes when its own entity is
**    the first hit, or ties (exactly equal score) with the first hit; when all
**    10 hits tie and the entity is not among them the query is screened again
**    with cap 1024 to settle it. Rates are given for good names (PRIMARY,
**    ALIAS, ORIGINAL; target >= 97%) and for low-quality aliases (WEAK;
**    target >= 90%). Names that cannot be analysed are counted apart (the
**    screener cannot index them either) and left out of the rates.
** 2. False alerts: N (10,000; --quick 800) fictitious travellers from a
**    splitmix64 PRNG with a fixed seed, screened against UN + OFAC at
**    ZEEF_ALERT_THRESHOLD (cap 16). A traveller alerts when it gets a hit.
**    Generator (same code makes the synthetic list of 4, other seed):
**    - 40% US style: given name(s) from us-ssa-babynames/yob2023.txt weighted
**      by count (gender = SSA sex), surname from the US rows of
**      common-surnames-by-country.csv weighted by Count; nationality USA.
**    - 40% country style: a country drawn uniformly among those with rows in
**      names-by-country-sigpwned (forenames or surnames; 100+ countries incl.
**      EG, SA, IQ, JO, LB, KW, LY, DZ, MA, TN, AE, IR, PK, TR, BD, IN); given
**      name uniform among that country's forenames (gender from the file), or
**      from SSA when the country has none; surname uniform among the
**      country's surnames, or, when it has none (all Arab countries), a male
**      forename of the country in the family-name place (Arab names are
**      mostly given + father's + grandfather's/family name); middle name a
**      male forename of the country (patronymic). Nationality =
**      zeef_country_code(alpha-2).
**    - 20% Arabic style: every token from the Latin side of
**      wikidata-translit-coling2018/wd_arabic.normalized.aligned.tokens,
**      weighted by count, keeping only Arabic-origin tokens: the Arabic side
**      has a letter foreign names rarely need (ع ح ق ص ض ظ ذ ة, or خ when the
**      Latin has "kh"); Roman numerals and a few titles are dropped.
**      Nationality uniform over a fixed list (mostly MENA/South Asia), gender
**      uniform.
**    Each traveller has 2 tokens or 3 (half each; a Romanized name of several
**    words adds words), a birth date uniform in 1950-01-01..2005-12-31, no
**    document. Reported: alert rate (target <= 0.5%), by style, and the 20
**    worst travellers with their best hit (its name quality, and its kind
**    when not a person) and its evidence. Hits on organisations, vessels and
**    aircraft are counted apart, with the rate of alerts that have a person
**    hit.
** 3. Index recall: zeef_screen against zeef_screen_exhaustive (every indexed
**    name scored), both at min_score ZEEF_ALERT_THRESHOLD with cap 512,
**    screener UN + OFAC, for every 10th false-alert traveller (1,000;
**    --quick every 80th, 10) and every name of 200 UN persons (--quick 8) at
**    an even stride. recall = entity hits found by both / entity hits found
**    by exhaustive (target >= 99.5%); every miss is listed. Hits the index
**    finds but the exhaustive pass does not, and hits of one entity whose
**    scores differ, are counted too (both should be 0).
** 4. Throughput: one traveller = zeef_name_analyze + zeef_screen (threshold
**    ZEEF_ALERT_THRESHOLD, cap 16) + zeef_name_free; list loading excluded.
**    Travellers/s is the median of 5 runs (--quick 3) over the travellers of
**    2, against UN + OFAC; analysis alone is timed the same way. A pilot pass
**    over the first 100 (also the warm-up) gives the cost per traveller;
**    when a pass over all of them would exceed 10 s (--quick 0.4 s), the
**    runs use the first budget/cost of them, at least 100 (--quick 50), and
**    the report says so. Every pass runs in freshly created pthreads, one
**    thread included (so each starts with zeef's per-thread similarity memo
**    empty): 1, 2, 4 .. up to --threads N (default 2) threads, each
**    screening a contiguous share with the same screener; wall time from
**    creation to join. Diagnostic: entities fully scored per traveller
**    (zeef_screen at min_score 0 returns every candidate entity; first 200
**    travellers, cap 4096). Synthetic list: 1,000,000 person rows (--quick
**    50,000) from the generator above (other seed) written as zeef CSV
**    (id,name,birth_date,nationality) into a mkdtemp() directory under
**    $TMPDIR (or /tmp), loaded with zeef_list_load (timed), indexed with
**    zeef_screener_new (timed), then screened by the first 2,000 travellers
**    (--quick 500; same pass budget), one thread; the file is removed once
**    loaded. Reported: load and build seconds, indexed names, bytes per
**    indexed name (zeef_screener_bytes / zeef_screener_names), peak RSS
**    (getrusage), travellers/s. Targets: >= 20,000/s against UN + OFAC, >=
**    2,000/s against the 1M list.
**
** Timing: clock_gettime(CLOCK_MONOTONIC). The machine line gives the CPU
** model (/proc/cpuinfo) and nproc. Output is Markdown, ending with RESULT
** lines, e.g.
**   RESULT screen_self_retrieval class=good rate=0.985 first=2700 n=2741
**   RESULT screen_false_alerts rate=0.0031 alerts=31 n=10000 threshold=0.80
**   RESULT screen_index_recall recall=0.998 both=... exhaustive=... misses=...
**   RESULT screen_throughput list=un+ofac threads=1 per_s=25000 n=10000
**   RESULT screen_synthetic names=1000000 load_s=.. build_s=.. bytes_per_name=.. per_s=..
** Exit status 0 when everything ran (whether or not targets are met), 2 on
** an error (missing data, out of memory, library error).
**
** 2b. False alerts by name origin: 2,000 fictitious travellers (--quick 200)
**    of each origin (the US, Arabic tokens, each country of
**    names-by-country), the rate of each; --parity runs this section alone,
**    --parity-show ORIGIN prints that origin's alerts.
**   RESULT screen_parity per_origin=2000 origins=117 rate=... max_rate=... worst=IQ over=5
**
** Usage: screen_bench [DATA_DIR] [--threads N] [--quick] [--throughput] [--no-synthetic]
**        screen_bench [DATA_DIR] --parity [--parity-show ORIGIN]
** (--throughput: section 4 only, for profiling; --no-synthetic: without the
** 1,000,000-name list)
**        screen_bench [DATA_DIR] --write-travellers FILE
** (writes the regression travellers, see write_travellers(), and stops)
**        (DATA_DIR defaults to ../shared/data)
*/
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "zeef.h"
#include "bench.h"

#define SEED_TRAVELLERS 0x5EEDF00D2026ull
#define SEED_SYNTHETIC 0xC0FFEE1234567ull
#define SELF_CAP 10
#define SCREEN_CAP 16
#define RECALL_CAP 512
#define WORST 20
#define MAX_FAIL_SHOWN 30
#define NAME_CAP 192

typedef struct sizes {
  size_t travellers, recall_trav_step, recall_persons, synthetic, synthetic_trav;
  int runs;
  double pass_budget; /* seconds one timed pass may take */
  size_t pass_floor;  /* travellers per pass at least */
} sizes;

static const sizes FULL = {10000, 10, 200, 1000000, 2000, 5, 10.0, 100};
static const sizes QUICK = {800, 80, 8, 50000, 500, 3, 0.4, 50};

static volatile double g_sink;
static char g_results[16384];

static void result(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void result(const char *fmt, ...) {
  size_t k = strlen(g_results);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(g_results + k, sizeof g_results - k, fmt, ap);
  va_end(ap);
}

static void die_nomem(void) {
  fprintf(stderr, "screen_bench: out of memory\n");
  exit(2);
}

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) die_nomem();
  return p;
}

static void *xcalloc(size_t n, size_t m) {
  void *p = calloc(n ? n : 1, m ? m : 1);
  if (!p) die_nomem();
  return p;
}

static void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) die_nomem();
  return q;
}

static char *xstrndup(const char *s, size_t n) {
  char *d = xmalloc(n + 1);
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

static long peak_rss_mb(void) {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) != 0) return -1;
  return ru.ru_maxrss / 1024;
}

/* Prints s as a Markdown table cell: '|' escaped, newlines as spaces. */
static void cell(const char *s) {
  for (const char *p = s; *p; p++) {
    if (*p == '|') fputc('\\', stdout);
    fputc(*p == '\n' ? ' ' : *p, stdout);
  }
}

/* ------------------------------------------------------------------ PRNG */

typedef struct rng {
  uint64_t s;
} rng;

static uint64_t rng_next(rng *r) {
  uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* Uniform in [0, n): the modulo bias is below 2^-40 for our n. */
static uint64_t rng_below(rng *r, uint64_t n) { return n ? rng_next(r) % n : 0; }

static double rng_u01(rng *r) { return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0); }

/* ------------------------------------------------------------ name pools */

/* Strings with cumulative weights, drawn by binary search. */
typedef struct pool {
  char **s;
  char *sex; /* 'M', 'F' or 0 per string; may be NULL */
  uint64_t *cum;
  size_t n, cap;
} pool;

static void pool_add(pool *p, const char *s, size_t len, char sex, uint64_t w) {
  if (w == 0 || len == 0) return;
  if (p->n == p->cap) {
    p->cap = p->cap ? 2 * p->cap : 64;
    p->s = xrealloc(p->s, p->cap * sizeof *p->s);
    p->sex = xrealloc(p->sex, p->cap);
    p->cum = xrealloc(p->cum, p->cap * sizeof *p->cum);
  }
  p->s[p->n] = xstrndup(s, len);
  p->sex[p->n] = sex;
  p->cum[p->n] = (p->n ? p->cum[p->n - 1] : 0) + w;
  p->n++;
}

/* Index of a weighted draw; the pool must not be empty. */
static size_t pool_pick(const pool *p, rng *r) {
  uint64_t x = rng_below(r, p->cum[p->n - 1]);
  size_t lo = 0, hi = p->n - 1;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (p->cum[mid] > x)
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo;
}

static void pool_free(pool *p) {
  for (size_t i = 0; i < p->n; i++) free(p->s[i]);
  free(p->s);
  free(p->sex);
  free(p->cum);
  memset(p, 0, sizeof *p);
}

typedef struct country {
  char a2[3];
  pool fore_m, fore_f, fore; /* uniform weights */
  pool sur;                  /* weighted by Count for the US, else uniform */
} country;

typedef struct sources {
  pool ssa_m, ssa_f, ssa; /* weighted by count */
  pool arabic;            /* weighted by count */
  country *c;
  size_t nc;
  size_t us; /* index of US in c */
} sources;

static country *country_get(sources *src, const char *a2) {
  for (size_t i = 0; i < src->nc; i++)
    if (strcmp(src->c[i].a2, a2) == 0) return &src->c[i];
  src->c = xrealloc(src->c, (src->nc + 1) * sizeof *src->c);
  country *c = &src->c[src->nc++];
  memset(c, 0, sizeof *c);
  snprintf(c->a2, sizeof c->a2, "%s", a2);
  return c;
}

static void chomp(char *s) {
  size_t n = strlen(s);
  while (n && (s[n - 1] == '\n' || s[n - 1] == '\r')) s[--n] = '\0';
}

/* Splits line at sep into at most max fields (in place). */
static size_t split(char *line, char sep, char **f, size_t max) {
  size_t n = 0;
  char *p = line;
  while (n < max) {
    f[n++] = p;
    char *q = strchr(p, sep);
    if (!q) break;
    *q = '\0';
    p = q + 1;
  }
  return n;
}

static FILE *open_data(const char *dir, const char *rel) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, rel);
  FILE *f = fopen(path, "r");
  if (!f) fprintf(stderr, "screen_bench: cannot open %s: %s\n", path, strerror(errno));
  return f;
}

static int load_ssa(const char *dir, sources *src) {
  FILE *f = open_data(dir, "us-ssa-babynames/yob2023.txt");
  if (!f) return -1;
  char *line = NULL;
  size_t cap = 0;
  while (getline(&line, &cap, f) > 0) {
    char *fld[3];
    chomp(line);
    if (split(line, ',', fld, 3) != 3) continue;
    char sex = fld[1][0];
    uint64_t w = strtoull(fld[2], NULL, 10);
    pool_add(sex == 'M' ? &src->ssa_m : &src->ssa_f, fld[0], strlen(fld[0]), sex, w);
    pool_add(&src->ssa, fld[0], strlen(fld[0]), sex, w);
  }
  free(line);
  fclose(f);
  return src->ssa_m.n && src->ssa_f.n ? 0 : -1;
}

static const char *skip_bom(const char *s) {
  return (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF ? s + 3 : s;
}

static int load_countries(const char *dir, sources *src) {
  char *line = NULL;
  size_t cap = 0, rows = 0;
  FILE *f = open_data(dir, "names-by-country-sigpwned/common-forenames-by-country.csv");
  if (!f) return -1;
  int header = 1;
  while (getline(&line, &cap, f) > 0) {
    char *fld[12];
    chomp(line);
    if (header) {
      header = 0;
      continue;
    }
    if (split(line, ',', fld, 12) != 12) continue;
    const char *a2 = skip_bom(fld[0]), *name = fld[11];
    if (strlen(a2) != 2 || !name[0]) continue;
    country *c = country_get(src, a2);
    char g = fld[9][0] == 'M' ? 'M' : fld[9][0] == 'F' ? 'F' : 0;
    pool_add(&c->fore, name, strlen(name), g, 1);
    if (g == 'M') pool_add(&c->fore_m, name, strlen(name), g, 1);
    if (g == 'F') pool_add(&c->fore_f, name, strlen(name), g, 1);
    rows++;
  }
  fclose(f);
  f = open_data(dir, "names-by-country-sigpwned/common-surnames-by-country.csv");
  if (!f) {
    free(line);
    return -1;
  }
  header = 1;
  while (getline(&line, &cap, f) > 0) {
    char *fld[8];
    chomp(line);
    if (header) {
      header = 0;
      continue;
    }
    if (split(line, ',', fld, 8) < 7) continue;
    const char *a2 = skip_bom(fld[0]), *name = fld[5];
    if (strlen(a2) != 2 || !name[0]) continue;
    country *c = country_get(src, a2);
    uint64_t w = 1;
    if (strcmp(a2, "US") == 0 && fld[6][0]) w = strtoull(fld[6], NULL, 10);
    pool_add(&c->sur, name, strlen(name), 0, w ? w : 1);
    rows++;
  }
  free(line);
  fclose(f);
  src->us = (size_t)-1;
  for (size_t i = 0; i < src->nc; i++)
    if (strcmp(src->c[i].a2, "US") == 0) src->us = i;
  return rows && src->us != (size_t)-1 && src->c[src->us].sur.n ? 0 : -1;
}

/* UTF-8 of the Arabic letters that mark an Arabic-origin token. */
static const char *const AR_MARK[] = {"\xD8\xB9", "\xD8\xAD", "\xD9\x82", "\xD8\xB5",
                                      "\xD8\xB6", "\xD8\xB8", "\xD8\xB0", "\xD8\xA9"};
#define AR_KHA "\xD8\xAE"

static int roman_numeral(const char *s) {
  for (; *s; s++)
    if (!strchr("ivxlcdm", *s)) return 0;
  return 1;
}

static int load_arabic(const char *dir, sources *src) {
  static const char *const stop[] = {"archduchess", "archduke", "princess", "prince", "king",  "queen",
                                     "sultan",      "emir",     "sheikh",   "saint",  "mrs.", "mr.",
                                     "dr.",         "sir",      "lord",     "lady",   "duke", "duchess"};
  FILE *f = open_data(dir, "wikidata-translit-coling2018/wd_arabic.normalized.aligned.tokens");
  if (!f) return -1;
  char *line = NULL;
  size_t cap = 0;
  while (getline(&line, &cap, f) > 0) {
    char *fld[3];
    chomp(line);
    if (split(line, '\t', fld, 3) != 3) continue;
    const char *lat = fld[0], *ar = fld[1];
    size_t n = strlen(lat);
    int mark = 0, ok = n >= 2 && !roman_numeral(lat);
    for (size_t k = 0; k < sizeof AR_MARK / sizeof AR_MARK[0] && !mark; k++) mark = strstr(ar, AR_MARK[k]) != NULL;
    if (!mark && strstr(ar, AR_KHA) && strstr(lat, "kh")) mark = 1;
    for (size_t k = 0; k < sizeof stop / sizeof stop[0] && ok; k++) ok = strcmp(lat, stop[k]) != 0;
    for (const char *p = lat; *p && ok; p++) ok = *p != ' ' && *p != ',' && *p != '"' && *p != '.';
    if (!mark || !ok) continue;
    pool_add(&src->arabic, lat, n, 0, strtoull(fld[2], NULL, 10));
  }
  free(line);
  fclose(f);
  return src->arabic.n ? 0 : -1;
}

static void sources_free(sources *src) {
  pool_free(&src->ssa_m);
  pool_free(&src->ssa_f);
  pool_free(&src->ssa);
  pool_free(&src->arabic);
  for (size_t i = 0; i < src->nc; i++) {
    pool_free(&src->c[i].fore_m);
    pool_free(&src->c[i].fore_f);
    pool_free(&src->c[i].fore);
    pool_free(&src->c[i].sur);
  }
  free(src->c);
}

/* -------------------------------------------------------------- travellers */

enum { STYLE_US = 0, STYLE_COUNTRY, STYLE_ARABIC, NSTYLE };
static const char *const STYLE_NAME[NSTYLE] = {"US (SSA + US surnames)", "country lists", "Arabic tokens"};

typedef struct trav {
  char name[NAME_CAP];
  zeef_date birth;
  char nat[4];
  char gender;
  uint8_t style;
} trav;

static const char *const FIXED_NAT[] = {"EGY", "SAU", "IRQ", "SYR", "JOR", "LBN", "MAR", "DZA", "TUN", "LBY",
                                        "YEM", "SDN", "PSE", "ARE", "QAT", "KWT", "OMN", "PAK", "AFG", "IRN",
                                        "TUR", "SOM", "GBR", "FRA", "DEU", "USA", "CAN", "SWE"};
#define NFIXED_NAT (sizeof FIXED_NAT / sizeof FIXED_NAT[0])

/* Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms). */
static long days_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, int *y, unsigned *m, unsigned *d) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long yy = (long)yoe + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = (int)(yy + (*m <= 2));
}

static void append_tok(char *dst, const char *tok, int capitalise) {
  size_t k = strlen(dst);
  if (k + strlen(tok) + 2 >= NAME_CAP) return;
  if (k) dst[k++] = ' ';
  strcpy(dst + k, tok);
  if (capitalise && dst[k] >= 'a' && dst[k] <= 'z') dst[k] = (char)(dst[k] - 32);
}

/* A traveller of one origin: style, and for STYLE_COUNTRY the country ci. */
static void gen_origin(const sources *src, rng *r, trav *t, int style, size_t ci, int three) {
  if (style == STYLE_US) {
    t->style = STYLE_US;
    size_t g = pool_pick(&src->ssa, r);
    t->gender = src->ssa.sex[g];
    append_tok(t->name, src->ssa.s[g], 0);
    if (three) {
      const pool *same = t->gender == 'M' ? &src->ssa_m : &src->ssa_f;
      append_tok(t->name, same->s[pool_pick(same, r)], 0);
    }
    const pool *sur = &src->c[src->us].sur;
    append_tok(t->name, sur->s[pool_pick(sur, r)], 0);
    memcpy(t->nat, "USA", 4);
  } else if (style == STYLE_COUNTRY) {
    t->style = STYLE_COUNTRY;
    const country *c = &src->c[ci];
    if (c->fore.n) {
      size_t g = pool_pick(&c->fore, r);
      t->gender = c->fore.sex[g];
      append_tok(t->name, c->fore.s[g], 0);
    } else {
      size_t g = pool_pick(&src->ssa, r);
      t->gender = src->ssa.sex[g];
      append_tok(t->name, src->ssa.s[g], 0);
    }
    const pool *male = c->fore_m.n ? &c->fore_m : c->fore.n ? &c->fore : &src->ssa_m;
    if (three) append_tok(t->name, male->s[pool_pick(male, r)], 0);
    const pool *sur = c->sur.n ? &c->sur : male;
    append_tok(t->name, sur->s[pool_pick(sur, r)], 0);
    if (zeef_country_code(c->a2, 2, t->nat) != ZEEF_OK)
      memcpy(t->nat, FIXED_NAT[rng_below(r, NFIXED_NAT)], 4);
  } else {
    t->style = STYLE_ARABIC;
    size_t n = three ? 3 : 2;
    for (size_t i = 0; i < n; i++) append_tok(t->name, src->arabic.s[pool_pick(&src->arabic, r)], 1);
    memcpy(t->nat, FIXED_NAT[rng_below(r, NFIXED_NAT)], 4);
    t->gender = rng_below(r, 2) ? 'M' : 'F';
  }
}

/* Gives t a birth date between 1950 and 2005, and a gender if it has none. */
static void gen_birth(rng *r, trav *t);

static void gen_trav(const sources *src, rng *r, trav *t) {
  memset(t, 0, sizeof *t);
  double u = rng_u01(r);
  int three = rng_below(r, 2) == 1;
  int style = u < 0.4 ? STYLE_US : u < 0.8 ? STYLE_COUNTRY : STYLE_ARABIC;
  size_t ci = style == STYLE_COUNTRY ? (size_t)rng_below(r, src->nc) : 0;
  gen_origin(src, r, t, style, ci, three);
  gen_birth(r, t);
}

static void gen_birth(rng *r, trav *t) {
  if (!t->gender) t->gender = rng_below(r, 2) ? 'M' : 'F';
  long d0 = days_from_civil(1950, 1, 1), d1 = days_from_civil(2005, 12, 31);
  int y;
  unsigned m, d;
  civil_from_days(d0 + (long)rng_below(r, (uint64_t)(d1 - d0 + 1)), &y, &m, &d);
  t->birth.kind = ZEEF_DATE_DAY;
  t->birth.year = t->birth.year_to = (int16_t)y;
  t->birth.month = (uint8_t)m;
  t->birth.day = (uint8_t)d;
}

/* Turns v into a traveller to screen: its name analysed into *nm (freed by
** the caller with zeef_name_free()), birth date, nationality and gender.
** Returns zeef_name_analyze()'s status. */
static zeef_status traveller_of(const zeef_ctx *ctx, const trav *v, zeef_traveller *t, zeef_name **nm) {
  zeef_status rc = zeef_name_analyze(ctx, v->name, strlen(v->name), ZEEF_FORM_FREE, nm);
  memset(t, 0, sizeof *t);
  t->name = *nm;
  t->birth = v->birth;
  memcpy(t->nationality, v->nat, 4);
  t->gender = v->gender;
  return rc;
}

/* ------------------------------------------------------------------ lists */

typedef struct diagcount {
  size_t n, fatal;
  char first[256];
} diagcount;

static void on_diag(void *ud, const zeef_diag *d) {
  diagcount *c = ud;
  if (!c->n)
    snprintf(c->first, sizeof c->first, "%s:%zu %s: %s", d->file ? d->file : "?", d->line,
             d->record ? d->record : "", d->message ? d->message : "");
  c->n++;
  c->fatal += d->fatal != 0;
}

static zeef_list *load_list(const zeef_ctx *ctx, const char *name, const char *dir, const char *rel,
                            double *secs) {
  char path[4096];
  diagcount dc = {0, 0, ""};
  zeef_list *l = NULL;
  snprintf(path, sizeof path, "%s/%s", dir, rel);
  double t0 = now_s();
  zeef_status rc = zeef_list_load(ctx, name, path, ZEEF_LIST_AUTO, on_diag, &dc, &l);
  if (secs) *secs = now_s() - t0;
  if (rc != ZEEF_OK) {
    fprintf(stderr, "screen_bench: loading %s: %s (%s)\n", path, zeef_strerror(rc), dc.first);
    return NULL;
  }
  printf("- list %s: %s, %zu entities, version %s, %zu diagnostics%s%s\n", name, rel, zeef_list_count(l),
         zeef_list_version(l), dc.n, dc.n ? ", first: " : "", dc.n ? dc.first : "");
  return l;
}

static zeef_screener *make_screener(const zeef_ctx *ctx, const zeef_list *const *lists, size_t n,
                                    const char *label, double *secs) {
  diagcount dc = {0, 0, ""};
  zeef_screener *s = NULL;
  double t0 = now_s();
  zeef_status rc = zeef_screener_new(ctx, lists, n, on_diag, &dc, &s);
  double t = now_s() - t0;
  if (secs) *secs = t;
  if (rc != ZEEF_OK) {
    fprintf(stderr, "screen_bench: zeef_screener_new(%s): %s\n", label, zeef_strerror(rc));
    return NULL;
  }
  printf("- screener %s: %zu names indexed, %zu bytes (%.0f per name), built in %.3f s, %zu names not "
         "indexed%s%s\n",
         label, zeef_screener_names(s), zeef_screener_bytes(s),
         zeef_screener_names(s) ? (double)zeef_screener_bytes(s) / (double)zeef_screener_names(s) : 0.0, t, dc.n,
         dc.n ? ", first: " : "", dc.n ? dc.first : "");
  return s;
}

static size_t list_index(const zeef_list *const *lists, size_t n, const zeef_list *l) {
  for (size_t i = 0; i < n; i++)
    if (lists[i] == l) return i;
  return n;
}

/* ------------------------------------------------------ 1. self-retrieval */

enum { CLS_GOOD = 0, CLS_WEAK, NCLS };

typedef struct selfq {
  size_t entity, name;
} selfq;

typedef struct selffail {
  size_t entity, name;
  size_t own_rank; /* 1-based among hits with cap 1024; 0 = not returned */
  double own_score;
  size_t top_entity, top_name;
  double top_score;
  int has_top;
} selffail;

static int is_weak(uint8_t q) { return q == ZEEF_NAMEQ_WEAK; }

static void print_entity_name(const zeef_list *l, size_t e, size_t i) {
  const zeef_entity *ent = zeef_list_entity(l, e);
  cell(ent->id);
  printf(" | ");
  cell(i < ent->nnames ? ent->names[i] : "?");
}

static int self_retrieval(const zeef_ctx *ctx, const zeef_screener *s, const zeef_list *un, selfq **queries,
                          size_t *nqueries) {
  size_t n[4] = {0}, first[4] = {0}, bad[4] = {0}, persons = 0, ties = 0, resolved = 0;
  size_t nfail = 0, capfail = 0;
  selffail *fails = NULL;
  zeef_hit *hits = xmalloc(1024 * sizeof *hits);
  selfq *qs = NULL;
  size_t nq = 0, capq = 0;
  int rc = 0;
  double t0 = now_s();
  for (size_t e = 0; e < zeef_list_count(un) && !rc; e++) {
    const zeef_entity *ent = zeef_list_entity(un, e);
    if (ent->kind != ZEEF_ENTITY_PERSON) continue;
    persons++;
    for (size_t i = 0; i < ent->nnames; i++) {
      uint8_t q = ent->name_quality[i] <= ZEEF_NAMEQ_ORIGINAL ? ent->name_quality[i] : ZEEF_NAMEQ_WEAK;
      zeef_name *nm = NULL;
      zeef_status a = zeef_name_analyze(ctx, ent->names[i], strlen(ent->names[i]), ZEEF_FORM_FREE, &nm);
      if (a == ZEEF_E_NOMEM) die_nomem();
      if (a != ZEEF_OK) {
        bad[q]++;
        continue;
      }
      if (nq == capq) {
        capq = capq ? 2 * capq : 1024;
        qs = xrealloc(qs, capq * sizeof *qs);
      }
      qs[nq++] = (selfq){e, i};
      n[q]++;
      zeef_traveller t;
      memset(&t, 0, sizeof t);
      t.name = nm;
      size_t nh = 0;
      zeef_status sr = zeef_screen(s, &t, 0.0, hits, SELF_CAP, &nh);
      if (sr != ZEEF_OK) {
        fprintf(stderr, "screen_bench: zeef_screen: %s\n", zeef_strerror(sr));
        rc = -1;
        zeef_name_free(nm);
        break;
      }
      int ok = 0;
      for (size_t k = 0; k < nh && hits[k].score == hits[0].score; k++)
        if (hits[k].list == un && hits[k].entity == e) {
          ok = 1;
          ties += k > 0;
        }
      size_t own_rank = 0;
      double own_score = 0, top = nh ? hits[0].score : 0;
      size_t top_e = nh ? hits[0].entity : 0, top_n = nh ? hits[0].name : 0;
      if (!ok) {
        /* not first: settle (all 10 tied) or find its rank with a larger cap */
        size_t nh2 = 0;
        if (zeef_screen(s, &t, 0.0, hits, 1024, &nh2) != ZEEF_OK) nh2 = 0;
        for (size_t k = 0; k < nh2; k++)
          if (hits[k].list == un && hits[k].entity == e) {
            own_rank = k + 1;
            own_score = hits[k].score;
            break;
          }
        if (own_rank && own_score == top) {
          ok = 1;
          resolved++;
        }
      }
      zeef_name_free(nm);
      if (ok) {
        first[q]++;
        continue;
      }
      if (nfail == capfail) {
        capfail = capfail ? 2 * capfail : 64;
        fails = xrealloc(fails, capfail * sizeof *fails);
      }
      fails[nfail++] = (selffail){e, i, own_rank, own_score, top_e, top_n, top, nh > 0};
    }
  }
  double secs = now_s() - t0;
  free(hits);
  if (rc) {
    free(fails);
    free(qs);
    return rc;
  }
  static const char *const qname[4] = {"primary", "alias (good)", "low-quality alias", "original script"};
  size_t cn[NCLS] = {n[0] + n[1] + n[3], n[2]}, cf[NCLS] = {first[0] + first[1] + first[3], first[2]};
  size_t cb[NCLS] = {bad[0] + bad[1] + bad[3], bad[2]};
  double rate[NCLS];
  for (int c = 0; c < NCLS; c++) rate[c] = cn[c] ? (double)cf[c] / (double)cn[c] : 0.0;
  printf("\n## 1. UN self-retrieval (name-only queries, screener over UN alone, min_score 0, cap %d)\n\n",
         SELF_CAP);
  printf("%zu persons, %zu queries screened in %.2f s; own entity tied for first (counted as first): %zu; "
         "settled with a larger cap: %zu\n\n",
         persons, nq, secs, ties, resolved);
  printf("| name quality | queries | own entity first | rate | not analysable (excluded) |\n|---|---:|---:|---:|---:|\n");
  for (int q = 0; q < 4; q++)
    printf("| %s | %zu | %zu | %.1f%% | %zu |\n", qname[q], n[q], first[q],
           n[q] ? 100.0 * (double)first[q] / (double)n[q] : 0.0, bad[q]);
  printf("| **good (primary + alias + original)** | %zu | %zu | **%.1f%%** (target >= 97%%: %s) | %zu |\n", cn[0],
         cf[0], 100 * rate[0], rate[0] >= 0.97 ? "met" : "NOT met", cb[0]);
  printf("| **weak** | %zu | %zu | **%.1f%%** (target >= 90%%: %s) | %zu |\n\n", cn[1], cf[1], 100 * rate[1],
         rate[1] >= 0.90 ? "met" : "NOT met", cb[1]);
  size_t shown = 0;
  printf("### Failures (%zu; up to %d shown, good names first)\n\n", nfail, MAX_FAIL_SHOWN);
  printf("| id | quality | query | own rank, score | first: id | first: matched name | first score |\n"
         "|---|---|---|---|---|---|---:|\n");
  for (int pass = 0; pass < 2; pass++)
    for (size_t k = 0; k < nfail && shown < MAX_FAIL_SHOWN; k++) {
      const selffail *f = &fails[k];
      const zeef_entity *ent = zeef_list_entity(un, f->entity);
      if (is_weak(ent->name_quality[f->name]) != (pass == 1)) continue;
      printf("| ");
      cell(ent->id);
      printf(" | %s | ", zeef_name_quality_text((zeef_name_quality)ent->name_quality[f->name]));
      cell(ent->names[f->name]);
      if (f->own_rank)
        printf(" | %zu, %.3f | ", f->own_rank, f->own_score);
      else
        printf(" | not returned | ");
      if (f->has_top) {
        print_entity_name(un, f->top_entity, f->top_name);
      } else {
        printf("(no hit) | ");
      }
      printf(" | %.3f |\n", f->top_score);
      shown++;
    }
  size_t not_ret = 0;
  for (size_t k = 0; k < nfail; k++) not_ret += fails[k].own_rank == 0;
  printf("\nfailures whose own entity was not returned at all (min_score 0, cap 1024): %zu\n", not_ret);
  result("RESULT screen_self_retrieval class=good rate=%.4f first=%zu n=%zu unanalysable=%zu\n", rate[0], cf[0],
         cn[0], cb[0]);
  result("RESULT screen_self_retrieval class=weak rate=%.4f first=%zu n=%zu unanalysable=%zu\n", rate[1], cf[1],
         cn[1], cb[1]);
  free(fails);
  *queries = qs;
  *nqueries = nq;
  return 0;
}

/* --------------------------------------------------------- 2. false alerts */

typedef struct worst {
  size_t trav;
  size_t nhits;
  zeef_hit hit;
} worst;

static int false_alerts(const zeef_ctx *ctx, const zeef_screener *s, const zeef_list *const *lists,
                        size_t nlists, const trav *tv, size_t n) {
  size_t alerts = 0, by_style_n[NSTYLE] = {0}, by_style_a[NSTYLE] = {0}, by_list[8] = {0}, errs = 0;
  size_t hit_total = 0, nonperson_hits = 0, person_alerts = 0;
  worst w[WORST];
  size_t nw = 0;
  zeef_hit hits[SCREEN_CAP];
  for (size_t i = 0; i < n; i++) {
    zeef_name *nm = NULL;
    zeef_traveller t;
    zeef_status a = traveller_of(ctx, &tv[i], &t, &nm);
    by_style_n[tv[i].style]++;
    if (a == ZEEF_E_NOMEM) die_nomem();
    if (a != ZEEF_OK) {
      errs++;
      continue;
    }
    size_t nh = 0;
    zeef_status sr = zeef_screen(s, &t, ZEEF_ALERT_THRESHOLD, hits, SCREEN_CAP, &nh);
    zeef_name_free(nm);
    if (sr != ZEEF_OK) {
      fprintf(stderr, "screen_bench: zeef_screen: %s\n", zeef_strerror(sr));
      return -1;
    }
    if (!nh) continue;
    alerts++;
    hit_total += nh;
    {
      int person = 0;
      for (size_t k = 0; k < nh; k++) {
        const zeef_entity *he = zeef_list_entity(hits[k].list, hits[k].entity);
        if (he->kind == ZEEF_ENTITY_PERSON)
          person = 1;
        else
          nonperson_hits++;
      }
      person_alerts += person;
    }
    by_style_a[tv[i].style]++;
    for (size_t k = 0; k < nh; k++) {
      size_t li = list_index(lists, nlists, hits[k].list);
      if (li < 8) by_list[li]++;
    }
    /* keep the worst, by top score */
    size_t pos = nw;
    while (pos > 0 && w[pos - 1].hit.score < hits[0].score) pos--;
    if (pos < WORST) {
      size_t last = nw < WORST ? nw : WORST - 1;
      memmove(&w[pos + 1], &w[pos], (last - pos) * sizeof *w);
      w[pos].trav = i;
      w[pos].nhits = nh;
      w[pos].hit = hits[0];
      if (nw < WORST) nw++;
    }
  }
  double rate = n ? (double)alerts / (double)n : 0.0;
  printf("\n## 2. False alerts (fictitious travellers vs UN + OFAC, threshold %.2f)\n\n", ZEEF_ALERT_THRESHOLD);
  printf("travellers: %zu (seed 0x%llx), not analysable: %zu; alerts: %zu = **%.2f%%** (target <= 0.5%%: %s); "
         "hits in alerts: %zu\n\n",
         n, (unsigned long long)SEED_TRAVELLERS, errs, alerts, 100 * rate, rate <= 0.005 ? "met" : "NOT met",
         hit_total);
  printf("| style | travellers | alerts | rate |\n|---|---:|---:|---:|\n");
  for (int k = 0; k < NSTYLE; k++)
    printf("| %s | %zu | %zu | %.2f%% |\n", STYLE_NAME[k], by_style_n[k], by_style_a[k],
           by_style_n[k] ? 100.0 * (double)by_style_a[k] / (double)by_style_n[k] : 0.0);
  printf("\nhits by list:");
  for (size_t l = 0; l < nlists && l < 8; l++) printf(" %s %zu", zeef_list_name(lists[l]), by_list[l]);
  printf("; hits on entities that are not persons (organisations, vessels, aircraft): %zu; alerts with at least "
         "one person hit: %zu = %.2f%%",
         nonperson_hits, person_alerts, n ? 100.0 * (double)person_alerts / (double)n : 0.0);
  printf("\n\n### The %zu worst travellers (best hit each)\n\n", nw);
  printf("| traveller | born | nat | sex | hits | list | entity | hit name | score | name score | evidence |\n"
         "|---|---|---|---|---:|---|---|---|---:|---:|---|\n");
  for (size_t k = 0; k < nw; k++) {
    const trav *t = &tv[w[k].trav];
    const zeef_hit *h = &w[k].hit;
    char born[32];
    zeef_date_format(&t->birth, born, sizeof born);
    printf("| ");
    cell(t->name);
    printf(" | %s | %s | %c | %zu | %s | ", born, t->nat, t->gender, w[k].nhits, zeef_list_name(h->list));
    print_entity_name(h->list, h->entity, h->name);
    {
      const zeef_entity *he = zeef_list_entity(h->list, h->entity);
      printf(" (%s%s%s)", zeef_name_quality_text((zeef_name_quality)he->name_quality[h->name]),
             he->kind == ZEEF_ENTITY_PERSON ? "" : ", ",
             he->kind == ZEEF_ENTITY_PERSON ? "" : he->kind == ZEEF_ENTITY_ORGANISATION ? "organisation" : "other");
    }
    printf(" | %.3f | %.3f | ", h->score, h->name_score);
    for (size_t e = 0; e < h->nevidence; e++) {
      if (e) printf("; ");
      cell(h->evidence[e].text);
      printf(" (%+.1f)", h->evidence[e].weight);
    }
    printf(" |\n");
  }
  result("RESULT screen_false_alerts rate=%.5f alerts=%zu n=%zu threshold=%.2f person_rate=%.5f", rate, alerts, n,
         ZEEF_ALERT_THRESHOLD, n ? (double)person_alerts / (double)n : 0.0);
  for (int k = 0; k < NSTYLE; k++)
    result(" %s=%.5f", k == STYLE_US ? "us" : k == STYLE_COUNTRY ? "country" : "arabic",
           by_style_n[k] ? (double)by_style_a[k] / (double)by_style_n[k] : 0.0);
  result("\n");
  return 0;
}

/* ------------------------------------------------ 2b. parity by origin */

/* False alerts of PARITY_N fictitious travellers of each name origin: the
** US, each country list, and Arabic tokens (--quick PARITY_N_QUICK). A
** traveller must not be likelier to be stopped because of where his name
** comes from. */
#define PARITY_N 2000
#define PARITY_N_QUICK 200
#define PARITY_MAX_RATE 0.003
#define SEED_PARITY 0x0a11ce5eedULL

typedef struct origin_rate {
  char name[16];
  size_t n, alerts;
} origin_rate;

static int by_rate_desc(const void *a, const void *b) {
  const origin_rate *x = a, *y = b;
  double rx = x->n ? (double)x->alerts / (double)x->n : 0, ry = y->n ? (double)y->alerts / (double)y->n : 0;
  if (rx != ry) return rx < ry ? 1 : -1;
  return strcmp(x->name, y->name);
}

static const char *parity_show; /* --parity-show ORIGIN: print that origin's alerts */

static int parity(const zeef_ctx *ctx, const zeef_screener *s, const sources *src, size_t per) {
  size_t no = src->nc + 2, over = 0, total = 0, total_alerts = 0;
  origin_rate *o = xcalloc(no, sizeof *o);
  zeef_hit hits[SCREEN_CAP];
  rng r = {SEED_PARITY};
  for (size_t k = 0; k < no; k++) {
    int style = k == 0 ? STYLE_US : k == 1 ? STYLE_ARABIC : STYLE_COUNTRY;
    size_t ci = k >= 2 ? k - 2 : 0;
    if (style == STYLE_COUNTRY && ci == src->us) continue; /* the US is origin 0 */
    snprintf(o[k].name, sizeof o[k].name, "%s", k == 0 ? "US" : k == 1 ? "Arabic" : src->c[ci].a2);
    for (size_t i = 0; i < per; i++) {
      trav t0;
      zeef_name *nm = NULL;
      zeef_traveller t;
      size_t nh = 0;
      zeef_status a, sr;
      memset(&t0, 0, sizeof t0);
      gen_origin(src, &r, &t0, style, ci, rng_below(&r, 2) == 1);
      gen_birth(&r, &t0);
      a = traveller_of(ctx, &t0, &t, &nm);
      if (a == ZEEF_E_NOMEM) die_nomem();
      if (a != ZEEF_OK) continue;
      sr = zeef_screen(s, &t, ZEEF_ALERT_THRESHOLD, hits, SCREEN_CAP, &nh);
      zeef_name_free(nm);
      if (sr != ZEEF_OK) {
        free(o);
        return -1;
      }
      o[k].n++;
      o[k].alerts += nh > 0;
      if (nh && parity_show && strcmp(parity_show, o[k].name) == 0) {
        const zeef_entity *he = zeef_list_entity(hits[0].list, hits[0].entity);
        char born[32];
        zeef_date_format(&t0.birth, born, sizeof born);
        printf("%s | %s %s %c | %s %s | %.3f name %.3f |", o[k].name, t0.name, born, t0.gender,
               zeef_list_name(hits[0].list), he->id, hits[0].score, hits[0].name_score);
        for (size_t e = 0; e < hits[0].nevidence; e++)
          printf(" %s (%+.1f);", hits[0].evidence[e].text, hits[0].evidence[e].weight);
        printf("\n");
      }
    }
    total += o[k].n;
    total_alerts += o[k].alerts;
  }
  qsort(o, no, sizeof *o, by_rate_desc);
  for (size_t k = 0; k < no; k++) over += o[k].n && (double)o[k].alerts > PARITY_MAX_RATE * (double)o[k].n;
  printf("\n## 2b. False alerts by name origin (%zu fictitious travellers of each origin vs UN + OFAC, "
         "threshold %.2f)\n\n",
         per, ZEEF_ALERT_THRESHOLD);
  printf("origins: %zu (the US from SSA and US surnames, Arabic tokens, and each country list of "
         "names-by-country); all: %zu alerts of %zu = %.2f%%; origins above %.1f%%: %zu\n\n",
         no - 1, total_alerts, total, total ? 100.0 * (double)total_alerts / (double)total : 0.0,
         100 * PARITY_MAX_RATE, over);
  printf("| origin | travellers | alerts | rate |\n|---|---:|---:|---:|\n");
  for (size_t k = 0; k < no && k < 12; k++)
    if (o[k].n)
      printf("| %s | %zu | %zu | %.2f%% |\n", o[k].name, o[k].n, o[k].alerts,
             100.0 * (double)o[k].alerts / (double)o[k].n);
  result("RESULT screen_parity per_origin=%zu origins=%zu rate=%.5f max_rate=%.5f worst=%s over=%zu", per,
         no - 1, total ? (double)total_alerts / (double)total : 0.0,
         o[0].n ? (double)o[0].alerts / (double)o[0].n : 0.0, o[0].name, over);
  for (size_t k = 0; k < no; k++)
    if (strcmp(o[k].name, "US") == 0 || strcmp(o[k].name, "Arabic") == 0)
      result(" %s=%.5f", strcmp(o[k].name, "US") == 0 ? "us" : "arabic",
             (double)o[k].alerts / (double)o[k].n);
  result("\n");
  free(o);
  return 0;
}

/* --------------------------------------------------------- 3. index recall */

typedef struct rmiss {
  char query[NAME_CAP];
  const zeef_list *list;
  size_t entity, name;
  double score, name_score, index_score; /* index_score: -1 when not found */
} rmiss;

typedef struct recall_acc {
  size_t queries, both, exh, extra, lower, differ, truncated;
  rmiss *miss;
  size_t nmiss, capmiss;
  double secs_index, secs_exh;
} recall_acc;

static int recall_one(const zeef_screener *s, const zeef_traveller *t, const char *qname, recall_acc *acc,
                      zeef_hit *hi, zeef_hit *he) {
  size_t ni = 0, ne = 0;
  double t0 = now_s();
  zeef_status a = zeef_screen(s, t, ZEEF_ALERT_THRESHOLD, hi, RECALL_CAP, &ni);
  double t1 = now_s();
  zeef_status b = zeef_screen_exhaustive(s, t, ZEEF_ALERT_THRESHOLD, he, RECALL_CAP, &ne);
  acc->secs_index += t1 - t0;
  acc->secs_exh += now_s() - t1;
  if (a != ZEEF_OK || b != ZEEF_OK) {
    fprintf(stderr, "screen_bench: screen: %s / exhaustive: %s\n", zeef_strerror(a), zeef_strerror(b));
    return -1;
  }
  acc->queries++;
  acc->truncated += ni == RECALL_CAP || ne == RECALL_CAP;
  acc->exh += ne;
  for (size_t k = 0; k < ne; k++) {
    size_t j;
    for (j = 0; j < ni; j++)
      if (hi[j].list == he[k].list && hi[j].entity == he[k].entity) break;
    if (j < ni) {
      acc->both++;
      if (hi[j].score < he[k].score) acc->lower++;
      if (hi[j].score != he[k].score) acc->differ++;
      continue;
    }
    if (acc->nmiss == acc->capmiss) {
      acc->capmiss = acc->capmiss ? 2 * acc->capmiss : 32;
      acc->miss = xrealloc(acc->miss, acc->capmiss * sizeof *acc->miss);
    }
    rmiss *m = &acc->miss[acc->nmiss++];
    snprintf(m->query, sizeof m->query, "%s", qname);
    m->list = he[k].list;
    m->entity = he[k].entity;
    m->name = he[k].name;
    m->score = he[k].score;
    m->name_score = he[k].name_score;
  }
  for (size_t j = 0; j < ni; j++) {
    size_t k;
    for (k = 0; k < ne; k++)
      if (hi[j].list == he[k].list && hi[j].entity == he[k].entity) break;
    acc->extra += k == ne;
  }
  return 0;
}

static int index_recall(const zeef_ctx *ctx, const zeef_screener *s, const zeef_list *un, const trav *tv, size_t n,
                        const selfq *qs, size_t nq, const sizes *sz) {
  recall_acc acc[2];
  memset(acc, 0, sizeof acc);
  zeef_hit *hi = xmalloc(RECALL_CAP * sizeof *hi), *he = xmalloc(RECALL_CAP * sizeof *he);
  int rc = 0;
  /* (a) every k-th traveller, with all its fields */
  for (size_t i = 0; i < n && !rc; i += sz->recall_trav_step) {
    zeef_name *nm = NULL;
    zeef_traveller t;
    if (traveller_of(ctx, &tv[i], &t, &nm) != ZEEF_OK) continue;
    rc = recall_one(s, &t, tv[i].name, &acc[0], hi, he);
    zeef_name_free(nm);
  }
  /* (b) all names of UN persons at an even stride */
  size_t npersons = 0, sampled = 0;
  for (size_t k = 0; k < nq; k++) npersons += k == 0 || qs[k].entity != qs[k - 1].entity;
  size_t step = npersons > sz->recall_persons ? npersons / sz->recall_persons : 1, pi = (size_t)-1;
  for (size_t k = 0; k < nq && !rc; k++) {
    if (k == 0 || qs[k].entity != qs[k - 1].entity) pi++;
    if (pi % step != 0 || pi / step >= sz->recall_persons) continue;
    if (k == 0 || qs[k].entity != qs[k - 1].entity) sampled++;
    const zeef_entity *ent = zeef_list_entity(un, qs[k].entity);
    const char *q = ent->names[qs[k].name];
    zeef_name *nm = NULL;
    if (zeef_name_analyze(ctx, q, strlen(q), ZEEF_FORM_FREE, &nm) != ZEEF_OK) continue;
    zeef_traveller t;
    memset(&t, 0, sizeof t);
    t.name = nm;
    rc = recall_one(s, &t, q, &acc[1], hi, he);
    zeef_name_free(nm);
  }
  free(hi);
  free(he);
  if (rc) {
    free(acc[0].miss);
    free(acc[1].miss);
    return rc;
  }
  printf("\n## 3. Index recall (zeef_screen vs zeef_screen_exhaustive, screener UN + OFAC, min_score %.2f, cap %d)\n\n",
         ZEEF_ALERT_THRESHOLD, RECALL_CAP);
  printf("Sampled (exhaustive scores every indexed name): every %zu-th traveller of section 2, and every name of "
         "%zu UN persons (every %zu-th of %zu), name-only.\n\n",
         sz->recall_trav_step, sampled, step, npersons);
  printf("| query set | queries | exhaustive hits | found by index | recall | index-only hits | same entity, "
         "lower score | score differs | ms/query index | ms/query exhaustive |\n"
         "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  static const char *const label[2] = {"false-alert travellers", "UN self-retrieval names"};
  size_t tb = 0, te = 0, tq = 0, tx = 0, tl = 0, tt = 0;
  for (int k = 0; k < 2; k++) {
    printf("| %s | %zu | %zu | %zu | %.2f%% | %zu | %zu | %zu | %.3f | %.2f |\n", label[k], acc[k].queries,
           acc[k].exh, acc[k].both, acc[k].exh ? 100.0 * (double)acc[k].both / (double)acc[k].exh : 100.0,
           acc[k].extra, acc[k].lower, acc[k].differ,
           acc[k].queries ? 1e3 * acc[k].secs_index / (double)acc[k].queries : 0.0,
           acc[k].queries ? 1e3 * acc[k].secs_exh / (double)acc[k].queries : 0.0);
    tb += acc[k].both;
    te += acc[k].exh;
    tq += acc[k].queries;
    tx += acc[k].extra;
    tl += acc[k].lower;
    tt += acc[k].truncated;
  }
  double recall = te ? (double)tb / (double)te : 1.0;
  printf("| **all** | %zu | %zu | %zu | **%.2f%%** (target >= 99.5%%: %s) | %zu | %zu | | | |\n\n", tq, te, tb,
         100 * recall, recall >= 0.995 ? "met" : "NOT met", tx, tl);
  if (tt) printf("queries that filled the cap of %d (results may be cut): %zu\n\n", RECALL_CAP, tt);
  printf("### Misses (%zu)\n\n| query set | query | list | entity | name found by exhaustive | score | name score |\n"
         "|---|---|---|---|---|---:|---:|\n",
         acc[0].nmiss + acc[1].nmiss);
  for (int k = 0; k < 2; k++)
    for (size_t i = 0; i < acc[k].nmiss; i++) {
      const rmiss *m = &acc[k].miss[i];
      printf("| %s | ", k ? "UN names" : "travellers");
      cell(m->query);
      printf(" | %s | ", zeef_list_name(m->list));
      print_entity_name(m->list, m->entity, m->name);
      printf(" | %.3f | %.3f |\n", m->score, m->name_score);
    }
  result("RESULT screen_index_recall recall=%.5f both=%zu exhaustive=%zu misses=%zu index_only=%zu "
         "lower_score=%zu queries=%zu trav_recall=%.5f self_recall=%.5f\n",
         recall, tb, te, te - tb, tx, tl, tq, acc[0].exh ? (double)acc[0].both / (double)acc[0].exh : 1.0,
         acc[1].exh ? (double)acc[1].both / (double)acc[1].exh : 1.0);
  free(acc[0].miss);
  free(acc[1].miss);
  return 0;
}

/* ------------------------------------------------------------ 4. throughput */

typedef struct job {
  const zeef_ctx *ctx;
  const zeef_screener *s; /* NULL: analysis only */
  const trav *tv;
  size_t from, to;
  size_t hits, errors;
  double secs;
} job;

static void *run_job(void *arg) {
  job *j = arg;
  zeef_hit hits[SCREEN_CAP];
  size_t total = 0, errs = 0;
  double t0 = now_s();
  for (size_t i = j->from; i < j->to; i++) {
    zeef_name *nm = NULL;
    zeef_traveller t;
    if (traveller_of(j->ctx, &j->tv[i], &t, &nm) != ZEEF_OK) {
      errs++;
      continue;
    }
    if (j->s) {
      size_t nh = 0;
      if (zeef_screen(j->s, &t, ZEEF_ALERT_THRESHOLD, hits, SCREEN_CAP, &nh) != ZEEF_OK)
        errs++;
      else
        total += nh;
    } else {
      total += zeef_name_token_count(nm);
    }
    zeef_name_free(nm);
  }
  j->secs = now_s() - t0;
  j->hits = total;
  j->errors = errs;
  return NULL;
}

/* One timed pass over tv[0..n) with nthreads freshly created threads, one
** thread too (a new thread starts with zeef's per-thread similarity memo
** empty, so every configuration starts alike); wall seconds, or -1. */
static double timed_pass(const zeef_ctx *ctx, const zeef_screener *s, const trav *tv, size_t n, int nthreads,
                         size_t *hits) {
  job jobs[64];
  pthread_t th[64];
  if (nthreads < 1) nthreads = 1;
  if (nthreads > 64) nthreads = 64;
  for (int k = 0; k < nthreads; k++)
    jobs[k] = (job){ctx, s, tv, n * (size_t)k / (size_t)nthreads, n * (size_t)(k + 1) / (size_t)nthreads, 0, 0, 0};
  double t0 = now_s();
  for (int k = 0; k < nthreads; k++)
    if (pthread_create(&th[k], NULL, run_job, &jobs[k]) != 0) {
      fprintf(stderr, "screen_bench: pthread_create failed\n");
      for (int j = 0; j < k; j++) pthread_join(th[j], NULL);
      return -1;
    }
  for (int k = 0; k < nthreads; k++) pthread_join(th[k], NULL);
  double t = now_s() - t0;
  size_t h = 0, e = 0;
  for (int k = 0; k < nthreads; k++) {
    h += jobs[k].hits;
    e += jobs[k].errors;
  }
  if (hits) *hits = h;
  g_sink += (double)h + (double)e;
  return t;
}

/* The number of travellers (a prefix of tv, at most n) whose pass should take
** about budget seconds, and never fewer than floor: a pilot pass over the
** first min(n, 100), which is also the warm-up, gives the cost per
** traveller. */
static size_t choose_n(const zeef_ctx *ctx, const zeef_screener *s, const trav *tv, size_t n, double budget,
                       size_t floor, double *pilot_per_s) {
  size_t p = n < 100 ? n : 100;
  double t = timed_pass(ctx, s, tv, p, 1, NULL);
  if (t < 0) return 0;
  double per = t / (double)p;
  if (pilot_per_s) *pilot_per_s = t > 0 ? (double)p / t : 0;
  if (per * (double)n <= budget) return n;
  size_t k = (size_t)(budget / per);
  if (k < floor) k = floor;
  return k < n ? k : n;
}

/* Median travellers/s over runs passes. */
static double median_rate(const zeef_ctx *ctx, const zeef_screener *s, const trav *tv, size_t n, int nthreads,
                          int runs, size_t *hits) {
  double t[16];
  if (runs > 16) runs = 16;
  for (int r = 0; r < runs; r++)
    if ((t[r] = timed_pass(ctx, s, tv, n, nthreads, hits)) < 0) return -1;
  return (double)n / median(t, (size_t)runs);
}

/* Mean number of entities fully scored per traveller over tv[0..n): at
** min_score 0, zeef_screen returns every entity one of whose names was a
** candidate (cap 4096; *capped counts travellers that reached it). */
static double mean_scored(const zeef_ctx *ctx, const zeef_screener *s, const trav *tv, size_t n, size_t *capped) {
  enum { CAP = 4096 };
  zeef_hit *h = xmalloc(CAP * sizeof *h);
  size_t total = 0, m = 0;
  *capped = 0;
  for (size_t i = 0; i < n; i++) {
    zeef_name *nm = NULL;
    zeef_traveller t;
    if (traveller_of(ctx, &tv[i], &t, &nm) != ZEEF_OK) continue;
    size_t nh = 0;
    if (zeef_screen(s, &t, 0.0, h, CAP, &nh) == ZEEF_OK) {
      total += nh;
      m++;
      *capped += nh == CAP;
    }
    zeef_name_free(nm);
  }
  free(h);
  return m ? (double)total / (double)m : 0.0;
}

/* Writes s as a CSV field (quoted when needed). */
static void csv_field(FILE *f, const char *s) {
  if (!strpbrk(s, ",\"\n\r")) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

static int throughput(const zeef_ctx *ctx, const zeef_screener *both, const trav *tv, size_t n, const sources *src,
                      const sizes *sz, int maxthreads, int synthetic) {
  size_t hits = 0, capped = 0;
  printf("\n## 4. Throughput (analysis + zeef_screen at %.2f, cap %d; median of %d runs after a warm-up)\n\n",
         ZEEF_ALERT_THRESHOLD, SCREEN_CAP, sz->runs);
  double pilot = 0;
  size_t na = choose_n(ctx, NULL, tv, n, sz->pass_budget, sz->pass_floor, NULL);
  double ana = na ? median_rate(ctx, NULL, tv, na, 1, sz->runs, NULL) : -1;
  size_t n1 = choose_n(ctx, both, tv, n, sz->pass_budget, sz->pass_floor, &pilot);
  double r1 = n1 ? median_rate(ctx, both, tv, n1, 1, sz->runs, &hits) : -1;
  if (ana < 0 || r1 < 0) return -1;
  size_t nsc = n1 < 200 ? n1 : 200;
  double scored = mean_scored(ctx, both, tv, nsc, &capped);
  if (n1 < n)
    printf("A pass over all %zu travellers would take about %.0f s (pilot: %.0f travellers/s), more than the "
           "%.1f s budget per pass: passes use the first %zu.\n\n",
           n, (double)n / pilot, pilot, sz->pass_budget, n1);
  printf("| list | travellers | threads | travellers/s | µs/traveller | speed-up | hits/traveller |\n"
         "|---|---:|---:|---:|---:|---:|---:|\n");
  printf("| (analysis only) | %zu | 1 | %.0f | %.2f | | |\n", na, ana, 1e6 / ana);
  printf("| UN + OFAC | %zu | 1 | %.0f | %.2f | 1.00 | %.4f |\n", n1, r1, 1e6 / r1, (double)hits / (double)n1);
  result("RESULT screen_throughput list=un+ofac threads=1 per_s=%.0f us_per_traveller=%.2f n=%zu "
         "analysis_per_s=%.0f entities_scored=%.0f target_met=%d\n",
         r1, 1e6 / r1, n1, ana, scored, r1 >= 20000);
  for (int th = 2; th <= maxthreads; th = th < maxthreads && th * 2 > maxthreads ? maxthreads : th * 2) {
    double rt = median_rate(ctx, both, tv, n1, th, sz->runs, &hits);
    if (rt < 0) return -1;
    printf("| UN + OFAC | %zu | %d | %.0f | %.2f | %.2f | %.4f |\n", n1, th, rt, 1e6 / rt, rt / r1,
           (double)hits / (double)n1);
    result("RESULT screen_throughput list=un+ofac threads=%d per_s=%.0f speedup=%.2f n=%zu\n", th, rt, rt / r1, n1);
  }

  if (!synthetic) return 0;

  /* synthetic list */
  const char *tmp = getenv("TMPDIR");
  char dir[4096], path[4200];
  snprintf(dir, sizeof dir, "%s/zeef_screen_bench.XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
  if (!mkdtemp(dir)) {
    fprintf(stderr, "screen_bench: mkdtemp %s: %s\n", dir, strerror(errno));
    return -1;
  }
  snprintf(path, sizeof path, "%s/synthetic.csv", dir);
  FILE *f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "screen_bench: cannot write %s\n", path);
    rmdir(dir);
    return -1;
  }
  double tg = now_s();
  rng r = {SEED_SYNTHETIC};
  fputs("id,name,birth_date,nationality\n", f);
  for (size_t i = 0; i < sz->synthetic; i++) {
    trav t;
    char born[32];
    gen_trav(src, &r, &t);
    zeef_date_format(&t.birth, born, sizeof born);
    fprintf(f, "S%07zu,", i);
    csv_field(f, t.name);
    fprintf(f, ",%s,%s\n", born, t.nat);
  }
  int werr = ferror(f);
  long fsize = ftell(f);
  if (fclose(f) != 0 || werr) {
    fprintf(stderr, "screen_bench: write error on %s\n", path);
    unlink(path);
    rmdir(dir);
    return -1;
  }
  tg = now_s() - tg;
  long rss0 = peak_rss_mb();
  double tload = 0, tbuild = 0;
  diagcount dc = {0, 0, ""};
  zeef_list *syn = NULL;
  double t0 = now_s();
  zeef_status rc = zeef_list_load(ctx, "synthetic", path, ZEEF_LIST_AUTO, on_diag, &dc, &syn);
  tload = now_s() - t0;
  unlink(path);
  rmdir(dir);
  if (rc != ZEEF_OK) {
    fprintf(stderr, "screen_bench: loading the synthetic list: %s (%s)\n", zeef_strerror(rc), dc.first);
    return -1;
  }
  const zeef_list *one[1] = {syn};
  zeef_screener *ss = NULL;
  diagcount dc2 = {0, 0, ""};
  t0 = now_s();
  rc = zeef_screener_new(ctx, one, 1, on_diag, &dc2, &ss);
  tbuild = now_s() - t0;
  if (rc != ZEEF_OK) {
    fprintf(stderr, "screen_bench: indexing the synthetic list: %s\n", zeef_strerror(rc));
    zeef_list_free(syn);
    return -1;
  }
  long rss1 = peak_rss_mb();
  size_t nn = zeef_screener_names(ss), nb = zeef_screener_bytes(ss);
  size_t ntr0 = sz->synthetic_trav < n ? sz->synthetic_trav : n;
  double pilot_syn = 0;
  size_t ntr = choose_n(ctx, ss, tv, ntr0, sz->pass_budget, sz->pass_floor, &pilot_syn);
  double rs = ntr ? median_rate(ctx, ss, tv, ntr, 1, sz->runs, &hits) : -1;
  if (rs < 0) {
    zeef_screener_free(ss);
    zeef_list_free(syn);
    return -1;
  }
  printf("| synthetic %zu names | %zu | 1 | %.0f | %.2f | | %.3f |\n\n", nn, ntr, rs, 1e6 / rs,
         (double)hits / (double)ntr);
  if (ntr < ntr0)
    printf("Against the synthetic list a pass over %zu travellers would take about %.0f s (pilot: %.0f/s), more "
           "than the %.1f s budget: passes use the first %zu.\n\n",
           ntr0, (double)ntr0 / pilot_syn, pilot_syn, sz->pass_budget, ntr);
  printf("Entities fully scored per traveller against UN + OFAC (zeef_screen at min_score 0, cap 4096, first %zu "
         "travellers, %zu at the cap): %.0f, for %zu indexed names. (Not measured against the synthetic list: "
         "at min_score 0 zeef_screen keeps every candidate and de-duplicates entities by a linear search, which "
         "takes seconds per traveller there.)\n\n",
         nsc, capped, scored, zeef_screener_names(both));
  printf("Targets: >= 20,000 travellers/s against UN + OFAC (one thread): %s; >= 2,000/s against the synthetic "
         "list: %s%s\n\n",
         r1 >= 20000 ? "met" : "NOT met", rs >= 2000 ? "met" : "NOT met",
         nn >= 1000000 ? "" : " (list smaller than 1M names: --quick)");
  printf("Synthetic list: %zu rows (seed 0x%llx) written in %.2f s (%.1f MB CSV, removed after loading); %zu "
         "load diagnostics, %zu names not indexed.\n\n",
         sz->synthetic, (unsigned long long)SEED_SYNTHETIC, tg, (double)fsize / 1e6, dc.n, dc2.n);
  printf("| step | value |\n|---|---:|\n");
  printf("| zeef_list_load | %.2f s (%.0f rows/s) |\n", tload, (double)sz->synthetic / tload);
  printf("| zeef_screener_new | %.2f s (%.0f names/s) |\n", tbuild, (double)nn / tbuild);
  printf("| indexed names | %zu |\n", nn);
  printf("| zeef_screener_bytes | %zu (%.1f MB) |\n", nb, (double)nb / 1e6);
  printf("| bytes per indexed name | %.0f |\n", nn ? (double)nb / (double)nn : 0.0);
  printf("| peak RSS before loading / after indexing | %ld MB / %ld MB |\n", rss0, rss1);
  result("RESULT screen_synthetic names=%zu load_s=%.3f build_s=%.3f bytes=%zu bytes_per_name=%.0f per_s=%.0f "
         "n=%zu target_met=%d\n",
         nn, tload, tbuild, nb, nn ? (double)nb / (double)nn : 0.0, rs, ntr, rs >= 2000 && nn >= 1000000);
  zeef_screener_free(ss);
  zeef_list_free(syn);
  return 0;
}

/* ------------------------------------------------------------------ main */

static void print_machine(int threads, int quick) {
  char model[256];
  cpu_model(model, sizeof model);
  printf("machine: %s, nproc %ld; zeef %s (model %s); cc %s; up to %d threads%s\n\n", model,
         sysconf(_SC_NPROCESSORS_ONLN), ZEEF_VERSION, ZEEF_MODEL_VERSION, __VERSION__, threads,
         quick ? "; --quick (smaller sizes)" : "");
}

/* ------------------------------------------------- regression travellers */

/* A CSV value with quotes doubled. */
static void csv_cell(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

/* --write-travellers FILE: the travellers a change to screening must leave
** alone, as `zeef screen` reads them: the n fictitious travellers of section
** 2, then every name of every UN person with the entity's first birth date,
** nationality, gender and document (so that every kind of evidence is
** met), then the same names with their first two letters swapped; the
** column expected names the entity a traveller is (empty for the
** fictitious), for `zeef evaluate`. Before
** and after a change, `zeef screen --min-score 0.5` over this file should
** print the same bytes unless the change means to alter scores. */
static int write_travellers(const char *path, const trav *tv, size_t n, const zeef_list *un) {
  FILE *f = fopen(path, "w");
  char date[32];
  if (!f) {
    fprintf(stderr, "screen_bench: %s: cannot be written\n", path);
    return -1;
  }
  fputs("id,name,birth_date,nationality,gender,document_number,document_country,expected\n", f);
  for (size_t i = 0; i < n; i++) {
    zeef_date_format(&tv[i].birth, date, sizeof date);
    fprintf(f, "T%zu,", i + 1);
    csv_cell(f, tv[i].name);
    fprintf(f, ",%s,%s,%c,,,\n", date, tv[i].nat, tv[i].gender);
  }
  for (int swap = 0; swap < 2; swap++)
    for (size_t e = 0; e < zeef_list_count(un); e++) {
      const zeef_entity *ent = zeef_list_entity(un, e);
      if (ent->kind != ZEEF_ENTITY_PERSON) continue;
      for (size_t k = 0; k < ent->nnames; k++) {
        char name[NAME_CAP];
        snprintf(name, sizeof name, "%s", ent->names[k]);
        if (swap && name[0] && name[1] && (unsigned char)name[0] < 0x80 &&
            (unsigned char)name[1] < 0x80) {
          char c = name[0];
          name[0] = name[1];
          name[1] = c;
        }
        date[0] = 0;
        if (ent->ndates) zeef_date_format(&ent->dates[0], date, sizeof date);
        fprintf(f, "%s%s/%zu,", swap ? "S-" : "U-", ent->id, k);
        csv_cell(f, name);
        fprintf(f, ",%s,%s,%c,", date, ent->nnationalities ? ent->nationalities[0] : "",
                ent->gender ? ent->gender : ' ');
        if (ent->ndocs) csv_cell(f, ent->docs[0].number);
        fprintf(f, ",%s,", ent->ndocs ? ent->docs[0].country : "");
        csv_cell(f, ent->id); /* expected: who the traveller is (zeef evaluate) */
        fputc('\n', f);
      }
    }
  if (fclose(f) != 0) {
    fprintf(stderr, "screen_bench: %s: write failed\n", path);
    return -1;
  }
  return 0;
}

int main(int argc, char **argv) {
  const char *data = "../shared/data";
  const char *write_path = NULL;
  int threads = 2, quick = 0, only_speed = 0, synthetic = 1, only_parity = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--quick") == 0)
      quick = 1;
    else if (strcmp(argv[i], "--parity") == 0)
      only_parity = 1;
    else if (strcmp(argv[i], "--parity-show") == 0 && i + 1 < argc)
      parity_show = argv[++i], only_parity = 1;
    else if (strcmp(argv[i], "--throughput") == 0)
      only_speed = 1;
    else if (strcmp(argv[i], "--no-synthetic") == 0)
      synthetic = 0;
    else if (strcmp(argv[i], "--write-travellers") == 0 && i + 1 < argc)
      write_path = argv[++i];
    else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
      threads = atoi(argv[++i]);
    else if (argv[i][0] == '-') {
      fprintf(stderr,
              "usage: screen_bench [DATA_DIR] [--threads N] [--quick] [--throughput] [--no-synthetic]\n"
              "       screen_bench [DATA_DIR] --parity [--parity-show ORIGIN]\n"
              "       screen_bench [DATA_DIR] --write-travellers FILE\n");
      return 2;
    } else
      data = argv[i];
  }
  if (threads < 1) threads = 1;
  if (threads > 64) threads = 64;
  const sizes *sz = quick ? &QUICK : &FULL;
  double tstart = now_s();

  sources src;
  memset(&src, 0, sizeof src);
  if (load_ssa(data, &src) || load_countries(data, &src) || load_arabic(data, &src)) {
    fprintf(stderr, "screen_bench: cannot read the name sources under %s\n", data);
    sources_free(&src);
    return 2;
  }
  zeef_ctx *ctx = NULL;
  zeef_status zrc = zeef_ctx_new(NULL, &ctx);
  if (zrc != ZEEF_OK) {
    fprintf(stderr, "screen_bench: zeef_ctx_new: %s\n", zeef_strerror(zrc));
    sources_free(&src);
    return 2;
  }

  printf("# Screening benchmark (screen_bench)\n\n");
  print_machine(threads, quick);
  printf("data: %s; name sources: SSA 2023 %zu names, %zu countries, %zu Arabic-origin tokens\n\n", data,
         src.ssa.n, src.nc, src.arabic.n);
  double tun = 0, tofac = 0;
  zeef_list *un = load_list(ctx, "UN", data, "un-consolidated/consolidated.xml", &tun);
  zeef_list *ofac = un ? load_list(ctx, "OFAC", data, "ofac-sdn/sdn.csv", &tofac) : NULL;
  int status = 0;
  zeef_screener *s_un = NULL, *s_both = NULL;
  selfq *qs = NULL;
  size_t nq = 0;
  trav *tv = NULL;
  if (!un || !ofac) {
    status = 2;
    goto done;
  }
  printf("- load times: UN %.3f s, OFAC %.3f s\n", tun, tofac);
  const zeef_list *l_un[1] = {un};
  const zeef_list *l_both[2] = {un, ofac};
  s_un = make_screener(ctx, l_un, 1, "UN", NULL);
  s_both = make_screener(ctx, l_both, 2, "UN + OFAC", NULL);
  if (!s_un || !s_both) {
    status = 2;
    goto done;
  }

  if (only_parity) {
    status = parity(ctx, s_both, &src, quick ? PARITY_N_QUICK : PARITY_N) ? 2 : 0;
    goto done;
  }
  if (!only_speed && !write_path && self_retrieval(ctx, s_un, un, &qs, &nq) != 0) {
    status = 2;
    goto done;
  }

  size_t n = sz->travellers;
  tv = xcalloc(n, sizeof *tv);
  rng r = {SEED_TRAVELLERS};
  for (size_t i = 0; i < n; i++) gen_trav(&src, &r, &tv[i]);
  if (write_path) {
    status = write_travellers(write_path, tv, n, un) ? 2 : 0;
    goto done;
  }
  if ((!only_speed && (false_alerts(ctx, s_both, l_both, 2, tv, n) != 0 ||
                       parity(ctx, s_both, &src, quick ? PARITY_N_QUICK : PARITY_N) != 0 ||
                       index_recall(ctx, s_both, un, tv, n, qs, nq, sz) != 0)) ||
      throughput(ctx, s_both, tv, n, &src, sz, threads, synthetic) != 0) {
    status = 2;
    goto done;
  }
  printf("\ntotal run time %.1f s, peak RSS %ld MB\n\n", now_s() - tstart, peak_rss_mb());
  fputs(g_results, stdout);

done:
  free(tv);
  free(qs);
  zeef_screener_free(s_un);
  zeef_screener_free(s_both);
  zeef_list_free(un);
  zeef_list_free(ofac);
  zeef_ctx_free(ctx);
  sources_free(&src);
  return status;
}
