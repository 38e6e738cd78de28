/*
** tables.c: the name knowledge zeef carries: token frequencies (rarity),
** spelling-variant clusters, short forms of given names (Bill: William),
** the Korean and Japanese readings of Han characters (Unihan), titles,
** particles and abbreviations.
**
** The frequency and variant tables are generated files (data/name_*.tsv, made by
** tools/gen_name_*.py from the data named in data/SOURCE.md) assembled into the
** library by data.S. They are parsed once, at context creation, into
** open-addressing hash maps. Frequencies are summed per phonetic key, so all
** spellings of one name share its rarity (Mohamed, Muhammad, Mohammed).
*/
#include "../internal.h"

#include <stdlib.h>
#include <string.h>

extern const char zeef__data_freq[];
extern const char zeef__data_freq_ranked[];
extern const char zeef__data_variants[];
extern const char zeef__data_nicks_odu[];
extern const char zeef__data_nicks_more[];
extern const char zeef__data_unihan[];

/* ---------------------------------------------------------------- Hashing */

uint64_t tab_hash(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL; /* FNV-1a */
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ULL;
  }
  return h ? h : 1; /* 0 marks an empty slot */
}

static zeef_status map_init(const mem *m, tab_map *t, size_t expect) {
  size_t cap = 16;
  while (cap < expect * 2) cap <<= 1;
  t->slots = mem_calloc(m, cap, sizeof *t->slots);
  if (!t->slots) return ZEEF_E_NOMEM;
  t->mask = cap - 1;
  t->count = 0;
  return ZEEF_OK;
}

/* Finds the slot of hash h: its entry, or the empty slot where it belongs.
** The map is at most half full, so the probe always ends. */
static tab_entry *map_slot(const tab_map *t, uint64_t h) {
  size_t i = (size_t)h & t->mask;
  while (t->slots[i].hash && t->slots[i].hash != h) i = (i + 1) & t->mask;
  return &t->slots[i];
}

const tab_entry *tab_get(const tab_map *t, const char *s, size_t n) {
  tab_entry *e;
  if (!t->slots) return NULL;
  e = map_slot(t, tab_hash(s, n));
  return e->hash ? e : NULL;
}

/* ---------------------------------------------------------------- Loading */

static size_t count_lines(const char *p) {
  size_t n = 0;
  for (; *p; p++) n += *p == '\n';
  return n + 1;
}

/* Parses a non-negative decimal such as "12" or "3.78". */
static double parse_num(const char *p, const char *end) {
  double v = 0, scale = 0;
  for (; p < end; p++) {
    if (*p == '.') { scale = 1; continue; }
    if (*p < '0' || *p > '9') break;
    v = v * 10 + (*p - '0');
    if (scale) scale *= 10;
  }
  return scale ? v / scale : v;
}

/* Walks "form<TAB>number\n" lines; calls add() for each well-formed one.
** Returns ZEEF_E_DATA on a malformed line: the tables are ours, so a bad
** line is a build defect, not input to tolerate. */
typedef void (*line_fn)(tab_map *t, const char *form, size_t n, double v);

static zeef_status parse_tsv(const char *p, tab_map *t, line_fn add) {
  while (*p) {
    const char *eol = strchr(p, '\n'), *tab;
    if (!eol) eol = p + strlen(p);
    tab = memchr(p, '\t', (size_t)(eol - p));
    if (eol > p) {
      if (!tab || tab == p) return ZEEF_E_DATA;
      add(t, p, (size_t)(tab - p), parse_num(tab + 1, eol));
    }
    p = *eol ? eol + 1 : eol;
  }
  return ZEEF_OK;
}

static void add_freq(tab_map *t, const char *form, size_t n, double ppm) {
  char key[TOK_KEY_MAX + 1];
  size_t kn;
  tab_entry *e;
  if (n > TOK_LATIN_MAX) return;
  kn = key_make(form, n, key);
  if (!kn) return;
  e = map_slot(t, tab_hash(key, kn));
  if (!e->hash) {
    if (t->count * 2 >= t->mask) return; /* full: cannot happen, sized above */
    e->hash = tab_hash(key, kn);
    t->count++;
  }
  e->value += (float)ppm;
}

static void add_variant(tab_map *t, const char *form, size_t n, double id) {
  tab_entry *e;
  if ((unsigned char)form[0] >= 0x80) return; /* Latin forms only */
  e = map_slot(t, tab_hash(form, n));
  if (!e->hash) {
    if (t->count * 2 >= t->mask) return;
    e->hash = tab_hash(form, n);
    t->count++;
  }
  e->variant = (uint32_t)id;
}

/* A group of n (< 256) rows from first, in an array beside map t, found by
** hash h: the entry's variant is first << 8 | n. */
static void group_put(tab_map *t, uint64_t h, size_t first, size_t n) {
  tab_entry *e = map_slot(t, h);
  e->hash = h;
  e->variant = (uint32_t)first << 8 | (uint32_t)n;
  t->count++;
}

/* The group of s[0..n): its row count (0 when none), OUT *first. */
static size_t group_get(const tab_map *t, const char *s, size_t n, size_t *first) {
  const tab_entry *e = tab_get(t, s, n);
  *first = e ? e->variant >> 8 : 0;
  return e ? (e->variant & 0xFF) : 0;
}

/* ------------------------------------------------------ Short forms */

/* One row "full,has_nickname,short" while loading. */
typedef struct nick_row {
  uint64_t nick_hash;
  tab_full full;
} nick_row;

static int by_nick(const void *a, const void *b) {
  const nick_row *x = a, *y = b;
  if (x->nick_hash != y->nick_hash) return x->nick_hash < y->nick_hash ? -1 : 1;
  return x->full.key_hash < y->full.key_hash ? -1 : x->full.key_hash > y->full.key_hash;
}

/* Reads the rows of one table into rows (room for cap); lines that are not
** "a-z,has_nickname,a-z" (the header, # comments) are skipped. */
static size_t read_nicks(const char *p, nick_row *rows, size_t k, size_t cap) {
  static const char rel[] = ",has_nickname,";
  while (*p && k < cap) {
    const char *eol = strchr(p, '\n'), *c, *nick;
    size_t fn, nn;
    if (!eol) eol = p + strlen(p);
    c = memchr(p, ',', (size_t)(eol - p));
    if (c && *p != '#' && (size_t)(eol - c) > sizeof rel - 1 && memcmp(c, rel, sizeof rel - 1) == 0) {
      nick = c + sizeof rel - 1;
      fn = (size_t)(c - p);
      nn = (size_t)(eol - nick);
      if (nn && nick[nn - 1] == '\r') nn--;
      if (fn >= 2 && fn <= TOK_LATIN_MAX && nn >= 2 && nn <= TOK_LATIN_MAX &&
          (fn != nn || memcmp(p, nick, fn) != 0)) {
        nick_row *r = &rows[k];
        r->nick_hash = tab_hash(nick, nn);
        r->full.key_len = (uint8_t)key_make(p, fn, r->full.key);
        r->full.key_hash = tab_hash(r->full.key, r->full.key_len);
        k += r->full.key_len > 0;
      }
    }
    p = *eol ? eol + 1 : eol;
  }
  return k;
}

/* Short forms of given names (data/nicknames-*.csv): each short form's full
** names, by key, once each. */
static zeef_status load_nicks(zeef_ctx *ctx) {
  size_t cap = count_lines(zeef__data_nicks_odu) + count_lines(zeef__data_nicks_more), n, k = 0;
  nick_row *rows = mem_array(&ctx->m, cap, sizeof *rows);
  zeef_status rc;
  if (!rows) return ZEEF_E_NOMEM;
  n = read_nicks(zeef__data_nicks_odu, rows, 0, cap);
  n = read_nicks(zeef__data_nicks_more, rows, n, cap);
  qsort(rows, n, sizeof *rows, by_nick);
  ctx->fulls = mem_array(&ctx->m, n ? n : 1, sizeof *ctx->fulls);
  rc = ctx->fulls ? map_init(&ctx->m, &ctx->nicks, n) : ZEEF_E_NOMEM;
  for (size_t i = 0; !rc && i < n;) {
    size_t first = k, j = i;
    for (; j < n && rows[j].nick_hash == rows[i].nick_hash; j++)
      if (j == i || rows[j].full.key_hash != rows[j - 1].full.key_hash) ctx->fulls[k++] = rows[j].full;
    if (k - first > TAB_FULL_MAX) { /* stands for too many to say which */
      k = first;
      i = j;
      continue;
    }
    group_put(&ctx->nicks, rows[i].nick_hash, first, k - first);
    i = j;
  }
  mem_free(&ctx->m, rows);
  return rc;
}

size_t tab_nick(const zeef_ctx *ctx, const char *s, size_t n, const tab_full **full) {
  size_t first, k = group_get(&ctx->nicks, s, n, &first);
  *full = k ? &ctx->fulls[first] : NULL;
  return k;
}

/* ------------------------------------------------------ Korean surnames */

/* The romanisations of the common Korean family names (docs/names.md,
** 2a): conventional and passport spellings, Revised Romanization (and the
** form ICU's Hangul transliteration gives a lone syllable: bag, gim),
** McCune-Reischauer and the North Korean forms (Ri, Ryu, Rim, Ro). Each
** line is one name; its spellings become one variant cluster (ids with
** TAB_KOREAN set), replacing what the Wikidata table says of them. */
static const char *const korean[] = {"lee yi rhee ri rhie yee li i",
                                     "kim gim",
                                     "park pak bak bag bahk",
                                     "choi choe chweh choy",
                                     "jung jeong chung chong jong cheong",
                                     "kang gang",
                                     "cho jo joh",
                                     "yoon yun youn",
                                     "jang chang",
                                     "lim im rim yim",
                                     "shin sin shinn",
                                     "kwon gwon",
                                     "hwang whang",
                                     "ahn an",
                                     "ryu yu yoo ryoo lyu you",
                                     "jeon chun jun chon jon cheon",
                                     "ko go koh",
                                     "moon mun",
                                     "yang ryang",
                                     "son sohn",
                                     "bae pae",
                                     "baek paek paik baik",
                                     "heo hur huh ho",
                                     "noh roh no ro rho",
                                     "shim sim",
                                     "um eom uhm om",
                                     "chae chai",
                                     "woo wu",
                                     "koo ku gu goo",
                                     "joo ju chu choo",
                                     "hyun hyeon hyon",
                                     "seo suh so",
                                     "seok suk sok",
                                     "kwak gwak",
                                     "sung seong",
                                     "byun byeon pyon",
                                     "myung myeong myong",
                                     "kil gil",
                                     "kye gye",
                                     "oh o",
                                     NULL};

static zeef_status load_korean(zeef_ctx *ctx) {
  for (uint32_t c = 0; korean[c]; c++)
    for (const char *p = korean[c]; *p;) {
      size_t n = strcspn(p, " ");
      tab_entry *e = map_slot(&ctx->variants, tab_hash(p, n));
      if (!e->hash) {
        if (ctx->variants.count * 2 >= ctx->variants.mask)
          return ZEEF_E_DATA; /* sized for the file and these */
        e->hash = tab_hash(p, n);
        ctx->variants.count++;
      }
      e->variant = TAB_KOREAN | (c + 1);
      p += n;
      p += *p == ' ';
    }
  return ZEEF_OK;
}

/* -------------------------------------------- Readings of Han characters */

/* The Wade-Giles spelling of one pinyin syllable py[0..n) (ICU's, ü
** written u) into out (room for TOK_LATIN_MAX + 1), without the
** apostrophes of aspiration and the umlaut, which passports and lists
** drop: ze tse, dong tung, xi hsi, jin chin, zhou chou, ge ko, shi shih,
** zi tzu, guo kuo, xue hsueh. Returns its length, 0 when py is not a
** syllable these rules read. */
size_t tab_wade_giles(const char *py, size_t n, char *out) {
  static const char *const whole[][2] = {{"zi", "tzu"},   {"ci", "tzu"},    {"si", "ssu"},   {"zhi", "chih"},
                                         {"chi", "chih"}, {"shi", "shih"},  {"ri", "jih"},   {"er", "erh"},
                                         {"yi", "i"},     {"you", "yu"},    {"yan", "yen"},  {"ye", "yeh"},
                                         {"yue", "yueh"}, {"yong", "yung"}, {"ge", "ko"},    {"ke", "ko"},
                                         {"he", "ho"},    {"e", "o"},       {"gui", "kuei"}, {"kui", "kuei"}};
  static const char *const initial[][2] = {{"zh", "ch"}, {"ch", "ch"}, {"sh", "sh"}, {"z", "ts"},
                                           {"c", "ts"},  {"j", "ch"},  {"q", "ch"},  {"x", "hs"},
                                           {"r", "j"},   {"b", "p"},   {"d", "t"},   {"g", "k"}};
  char fin[8];
  size_t k = 0, i = 0, fn;
  const char *ini = NULL;
  if (n == 0 || n > 6) return 0;
  for (size_t w = 0; w < sizeof whole / sizeof *whole; w++)
    if (strlen(whole[w][0]) == n && memcmp(py, whole[w][0], n) == 0) {
      k = strlen(whole[w][1]);
      memcpy(out, whole[w][1], k + 1);
      return k;
    }
  for (size_t w = 0; w < sizeof initial / sizeof *initial; w++) {
    size_t l = strlen(initial[w][0]);
    if (n > l && memcmp(py, initial[w][0], l) == 0) {
      ini = initial[w][1];
      i = l;
      break;
    }
  }
  /* an initial Wade-Giles writes alike (t, k, p for t', k', p'; m, f, n, l,
  ** h, s, w, y): the final after it is still spelt its way (tong tung) */
  if (!ini && n > 1 && !strchr("aeiou", py[0])) i = 1;
  fn = n - i;
  memcpy(fin, py + i, fn);
  fin[fn] = 0;
  if (ini) {
    memcpy(out, ini, strlen(ini));
    k = strlen(ini);
  } else {
    memcpy(out, py, i);
    k = i;
  }
  /* finals */
  if (strcmp(fin, "ong") == 0)
    memcpy(fin, "ung", 4);
  else if (strcmp(fin, "ian") == 0)
    memcpy(fin, "ien", 4);
  else if (strcmp(fin, "ie") == 0)
    memcpy(fin, "ieh", 4);
  else if (strcmp(fin, "ue") == 0)
    memcpy(fin, "ueh", 4);
  else if (strcmp(fin, "uo") == 0 && !(i == 1 && strchr("gkh", py[0])) && !(i == 2 && py[0] == 's'))
    memcpy(fin, "o", 2); /* duo to, zuo tso; guo kuo, shuo shuo */
  fn = strlen(fin);
  memcpy(out + k, fin, fn);
  k += fn;
  out[k] = 0;
  return k;
}

/* The Korean and Japanese readings of Han characters (Unihan, by
** tools/gen_unihan.sh): each line "hex<TAB>hangul<TAB>on<TAB>kun" is
** found by its code point; the entry's variant is the line's offset. */
/* One Wade-Giles spelling and a pinyin syllable it stands for. */
typedef struct wg_row {
  uint64_t wg_hash;
  tab_py py;
} wg_row;

static int by_wg(const void *a, const void *b) {
  const wg_row *x = a, *y = b;
  if (x->wg_hash != y->wg_hash) return x->wg_hash < y->wg_hash ? -1 : 1;
  return strcmp(x->py.s, y->py.s);
}

/* The Wade-Giles spellings that are not pinyin themselves, each with the
** pinyin syllables it stands for (tse: ze, ce), from the pinyin line
** "pinyin<TAB>a ai an ..." of the Unihan table. */
static zeef_status load_wade_giles(zeef_ctx *ctx, const char *p, const char *eol) {
  size_t cap = 1, n = 0, k = 0;
  wg_row *rows;
  tab_map py;
  zeef_status rc;
  for (const char *q = p; q < eol; q++) cap += *q == ' ';
  rows = mem_array(&ctx->m, cap, sizeof *rows);
  if (!rows) return ZEEF_E_NOMEM;
  rc = map_init(&ctx->m, &py, cap);
  for (const char *q = p; !rc && q < eol;) { /* the syllables, as a set */
    size_t len = strcspn(q, " \n");
    if (len > (size_t)(eol - q)) len = (size_t)(eol - q);
    if (len && len < sizeof rows->py.s) {
      tab_entry *e = map_slot(&py, tab_hash(q, len));
      if (!e->hash) e->hash = tab_hash(q, len), py.count++;
      memcpy(rows[n].py.s, q, len);
      rows[n].py.s[len] = 0;
      n++;
    }
    q += len + 1;
  }
  for (size_t i = 0; !rc && i < n; i++) { /* each syllable's Wade-Giles */
    char wg[TOK_LATIN_MAX + 1];
    size_t wn = tab_wade_giles(rows[i].py.s, strlen(rows[i].py.s), wg);
    if (!wn || tab_get(&py, wg, wn)) continue; /* itself pinyin: read as written */
    rows[k].wg_hash = tab_hash(wg, wn);
    rows[k++].py = rows[i].py;
  }
  mem_free(&ctx->m, py.slots);
  qsort(rows, k, sizeof *rows, by_wg);
  ctx->wg_py = rc ? NULL : mem_array(&ctx->m, k ? k : 1, sizeof *ctx->wg_py);
  if (!rc && !ctx->wg_py) rc = ZEEF_E_NOMEM;
  if (!rc) rc = map_init(&ctx->m, &ctx->wg, k);
  for (size_t i = 0, at = 0; !rc && i < k;) {
    size_t j = i;
    for (; j < k && rows[j].wg_hash == rows[i].wg_hash; j++) ctx->wg_py[at + j - i] = rows[j].py;
    group_put(&ctx->wg, rows[i].wg_hash, at, j - i);
    at += j - i;
    i = j;
  }
  mem_free(&ctx->m, rows);
  return rc;
}

size_t tab_pinyin_of(const zeef_ctx *ctx, const char *s, size_t n, const tab_py **py) {
  size_t first, k = group_get(&ctx->wg, s, n, &first);
  *py = k ? &ctx->wg_py[first] : NULL;
  return k;
}

static zeef_status load_unihan(zeef_ctx *ctx) {
  const char *p = zeef__data_unihan;
  zeef_status rc = map_init(&ctx->m, &ctx->unihan, count_lines(p));
  if (rc) return rc;
  if (strncmp(p, "pinyin\t", 7) == 0) {
    const char *eol = strchr(p, '\n');
    if (!eol) return ZEEF_E_DATA;
    rc = load_wade_giles(ctx, p + 7, eol);
    if (rc) return rc;
    p = eol + 1;
  }
  while (*p) {
    const char *eol = strchr(p, '\n');
    uint32_t cp = 0;
    size_t i = 0;
    if (!eol) eol = p + strlen(p);
    for (; p + i < eol && p[i] != '\t'; i++) {
      char c = p[i];
      if (c >= '0' && c <= '9')
        cp = cp << 4 | (uint32_t)(c - '0');
      else if (c >= 'a' && c <= 'f')
        cp = cp << 4 | (uint32_t)(c - 'a' + 10);
      else
        return ZEEF_E_DATA;
    }
    if (eol > p) {
      tab_entry *e;
      if (i == 0 || p + i == eol || i > 6) return ZEEF_E_DATA;
      e = map_slot(&ctx->unihan, tab_hash((const char *)&cp, sizeof cp));
      if (!e->hash) {
        if (ctx->unihan.count * 2 >= ctx->unihan.mask) return ZEEF_E_DATA;
        e->hash = tab_hash((const char *)&cp, sizeof cp);
        ctx->unihan.count++;
      }
      e->variant = (uint32_t)(p + i + 1 - zeef__data_unihan);
    }
    p = *eol ? eol + 1 : eol;
  }
  return ZEEF_OK;
}

const char *tab_unihan(const zeef_ctx *ctx, uint32_t cp) {
  const tab_entry *e = tab_get(&ctx->unihan, (const char *)&cp, sizeof cp);
  return e ? zeef__data_unihan + e->variant : NULL;
}

zeef_status tab_load(zeef_ctx *ctx) {
  zeef_status rc = map_init(&ctx->m, &ctx->freq, count_lines(zeef__data_freq));
  if (rc) return rc;
  rc = parse_tsv(zeef__data_freq, &ctx->freq, add_freq);
  if (rc) return rc;
  rc = map_init(&ctx->m, &ctx->freq_ranked, count_lines(zeef__data_freq_ranked));
  if (rc) return rc;
  rc = parse_tsv(zeef__data_freq_ranked, &ctx->freq_ranked, add_freq);
  if (rc) return rc;
  rc = map_init(&ctx->m, &ctx->variants, count_lines(zeef__data_variants));
  if (rc) return rc;
  rc = parse_tsv(zeef__data_variants, &ctx->variants, add_variant);
  if (rc) return rc;
  rc = load_korean(ctx);
  if (rc) return rc;
  rc = load_nicks(ctx);
  if (rc) return rc;
  rc = load_unihan(ctx);
  if (rc) return rc;
  return tab_load_words(ctx);
}

void tab_free(zeef_ctx *ctx) {
  mem_free(&ctx->m, ctx->freq.slots);
  mem_free(&ctx->m, ctx->freq_ranked.slots);
  ctx->freq_ranked.slots = NULL;
  mem_free(&ctx->m, ctx->variants.slots);
  mem_free(&ctx->m, ctx->words.slots);
  mem_free(&ctx->m, ctx->nicks.slots);
  mem_free(&ctx->m, ctx->fulls);
  mem_free(&ctx->m, ctx->unihan.slots);
  mem_free(&ctx->m, ctx->wg.slots);
  mem_free(&ctx->m, ctx->wg_py);
  ctx->unihan.slots = ctx->wg.slots = NULL;
  ctx->wg_py = NULL;
  ctx->freq.slots = ctx->variants.slots = ctx->words.slots = ctx->nicks.slots = NULL;
  ctx->fulls = NULL;
}

/* ------------------------------------------------------ Word lists */

/* Honorifics and ranks (docs/names.md, 7; lawful titles in European documents).
** They say nothing about who a person is and weigh nothing. */
static const char *const titles[] = {
    "dr", "doctor", "prof", "professor", "sheikh", "shaykh", "shaikh",
    "sheik", "shaik", "cheikh", "cheick", "haji", "hajji", "hadji", "hajj",
    "alhaj", "alhajj", "alhaji", "mullah", "mulla", "molla", "mollah",
    "maulana", "mawlana", "moulana", "maulawi", "mawlawi", "maulvi",
    "molvi", "mawlavi", "mr", "mrs", "ms", "miss", "mme", "mlle",
    "monsieur", "madame", "herr", "frau", "sir", "dame", "lord", "lady",
    "gen", "general", "col", "colonel", "maj", "major", "capt", "captain",
    "lt", "sgt", "eng", "engineer", "ing", "hon", "his", "her",
    "excellency", "he", "sheikha", "ustadh", "ustaz", "president",
    "prasident", "presidente", "minister", "senator", "judge", NULL};

/* Titles that are also given names (Hafez al-Assad, Syed Ali, Imam Ali). */
static const char *const title_names[] = {
    "hafiz", "hafez", "qari", "mufti", "imam", "sayyed", "sayyid",
    "seyyed", "sayed", "syed", NULL};

/* Particles with their canonical spelling: pairs of (spelling, canonical). */
static const char *const particles[] = {
    "bin", "bin", "ibn", "bin", "ben", "bin", "bn", "bin",
    "bint", "bint", "bent", "bint", "binti", "bint", "ould", "ould",
    "wuld", "ould", "ag", "ag", "abu", "abu", "abou", "abu", "abo", "abu",
    "umm", "umm", "um", "umm", "oum", "umm", "om", "umm", "al", "al",
    "el", "al", "ul", "al", "ad", "al", "ar", "al", "as", "al", "ash", "al",
    "at", "al", "az", "al", "an", "al", "van", "van", "von", "von",
    "der", "der", "den", "der", "de", "de", "da", "de", "di", "de", "du", "de",
    "del", "de", "della", "de", "la", "la", "le", "la", "dos", "de",
    "das", "de", "y", "y", "e", "y", "ter", "ter", "ten", "ter", NULL};

/* Abbreviations that stand for one name (docs/names.md, 8: Muhammad as Md, Mohd). */
static const char *const abbrevs[] = {
    "md", "muhammad", "mohd", "muhammad", "muhd", "muhammad", "mhd",
    "muhammad", "mohmd", "muhammad", NULL};

/* Suffixes after a name (docs/names.md, 7a), with their canonical form:
** generations, whose disagreement is evidence of two people (a father and
** his son), and degrees, which are noise. "md" is an abbreviation first
** (tokenise.c decides). */
static const char *const suffixes[] = {"jr",  "jr", "jnr",    "jr",  "junior", "jr",  "sr",  "sr",
                                       "snr", "sr", "senior", "sr",  "ii",     "ii",  "iii", "iii",
                                       "iv",  "iv", "phd",    "phd", "esq",    "esq", NULL};

/* The lists are hashed into ctx->words once, at context creation; an
** entry's variant field holds list << 16 | index. */
static const char *const *const lists[] = {titles, title_names, particles, abbrevs, suffixes};
static const int list_kind[] = {TAB_TITLE, TAB_TITLE_OR_NAME, TAB_PARTICLE, TAB_ABBREV, TAB_SUFFIX};
static const int list_step[] = {1, 1, 2, 2, 2}; /* pairs carry a canonical form */
#define NLISTS (sizeof lists / sizeof lists[0])

int tab_generation(const char *canon) {
  /* II is the second of the name: a junior */
  static const struct {
    const char *canon;
    int gen;
  } gens[] = {{"sr", 1}, {"jr", 2}, {"ii", 2}, {"iii", 3}, {"iv", 4}};
  for (size_t i = 0; canon && i < sizeof gens / sizeof gens[0]; i++)
    if (strcmp(canon, gens[i].canon) == 0) return gens[i].gen;
  return 0;
}

zeef_status tab_load_words(zeef_ctx *ctx) {
  zeef_status rc = map_init(&ctx->m, &ctx->words, 256);
  if (rc) return rc;
  for (uint32_t l = 0; l < NLISTS; l++)
    for (uint32_t i = 0; lists[l][i]; i += (uint32_t)list_step[l]) {
      uint64_t h = tab_hash(lists[l][i], strlen(lists[l][i]));
      tab_entry *e = map_slot(&ctx->words, h);
      if (e->hash) continue; /* a word listed twice keeps its first role */
      e->hash = h;
      e->variant = l << 16 | i;
      ctx->words.count++;
    }
  return ZEEF_OK;
}

int tab_word(const zeef_ctx *ctx, const char *s, size_t n, const char **canon) {
  const tab_entry *e = tab_get(&ctx->words, s, n);
  uint32_t l, i;
  if (canon) *canon = NULL;
  if (!e) return 0;
  l = e->variant >> 16;
  i = e->variant & 0xFFFF;
  if (canon && list_step[l] == 2) *canon = lists[l][i + 1];
  return list_kind[l];
}
