/*
** tokenise.c: from a UTF-8 person name to an analysed zeef_name.
**
** Pipeline (one pass per stage, every buffer bounded by ZEEF_NAME_MAX_BYTES):
**   1. strict UTF-8 decoding (ICU u_strFromUTF8; invalid bytes and NUL are
**      refused) and NFC normalisation (UAX #15) of the whole name;
**   2. splitting into tokens at white space, punctuation, dashes, digits and
**      the MRZ filler '<', noting a "SURNAME, Given" comma or an MRZ "<<";
**      apostrophes and ayn/hamza signs stay inside a token; a Han or Hangul
**      run splits after its first syllable (family name, given name);
**   3. per token: full case folding, NFKD, removal of combining marks, script
**      detection and romanisation (translit.c), then the phonetic key
**      (key.c); a token all in Han or all in Hangul also keeps its written
**      form (traditional Han folded to simplified), compared within its
**      script character by character (compare.c);
**   4. name structure: suffixes (Jr, III, PhD), titles, particles (bin =
**      ibn = ben), articles (al-,
**      el-, ad-; glued articles split unless the whole word is itself a
**      known name, as Albert is), Abd compounds (Abd al-Rahman =
**      Abdulrahman = Abdurrahman) and al-Din compounds (Nur al-Din =
**      Noureddine), abbreviations (Md = Muhammad), and roles by position;
**   5. rarity weights from the frequency table, by phonetic key.
*/
#include "../internal.h"

#include <math.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

/* Rarity scale: a token this frequent (per million) or more weighs
** RARITY_FLOOR; this rare or rarer weighs 1. Log-linear in between. */
#define FREQ_COMMON 20000.0
#define FREQ_RARE 2.0
#define RARITY_FLOOR 0.2
/* How much a token of each role counts, against a given name or surname. */
#define ROLE_FACTOR_PARTICLE 0.1
#define ROLE_FACTOR_INITIAL 0.25
/* A word of this many Han characters or fewer is split into its
** characters; a longer one is not a person's name written whole. */
#define HAN_SPLIT_MAX 5

/* A token while the name is being built. */
typedef struct span {
  int32_t start, end; /* in the NFC UTF-16 text */
  int group;          /* 0: before an MRZ "<<" or comma, 1: after */
} span;

/* ------------------------------------------------------------ Splitting */

static int is_apostrophe(UChar32 c) {
  return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x2BC ||
         c == 0x2BF || c == 0x2BE || c == 0x2BB || c == '`' || c == 0xB4;
}

static int is_word_char(UChar32 c) {
  int8_t t;
  if (is_apostrophe(c)) return 1;
  t = (int8_t)u_charType(c);
  return t == U_UPPERCASE_LETTER || t == U_LOWERCASE_LETTER ||
         t == U_TITLECASE_LETTER || t == U_MODIFIER_LETTER ||
         t == U_OTHER_LETTER || t == U_NON_SPACING_MARK ||
         t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK ||
         c == 0x200C || c == 0x200D || c == 0x640;
}

/* Han and Hangul names put the one-syllable family name first; kana,
** which spell foreign names sound by sound, do not. */
static int is_han_or_hangul(UChar32 c) {
  UErrorCode err = U_ZERO_ERROR;
  UScriptCode s = uscript_getScript(c, &err);
  return U_SUCCESS(err) && (s == USCRIPT_HAN || s == USCRIPT_HANGUL);
}

static int is_han(UChar32 c) {
  UErrorCode err = U_ZERO_ERROR;
  /* no Han character lies below the CJK radicals (U+2E80) */
  return c >= 0x2E80 && uscript_getScript(c, &err) == USCRIPT_HAN && U_SUCCESS(err);
}

/* Han characters in u[from..to). */
static int han_count(const UChar *u, int32_t from, int32_t to) {
  int k = 0;
  while (from < to) {
    UChar32 c;
    U16_NEXT(u, from, to, c);
    k += is_han(c);
  }
  return k;
}

/* Splits u[0..n) into spans. Returns the count, or -1 when there are more
** than ZEEF_NAME_MAX_TOKENS. *split is set when a comma or "<<" divided the
** name into surname part (group 0) and given part (group 1). */
static int split(const UChar *u, int32_t n, zeef_name_form form, span *sp,
                 int *split_seen) {
  int count = 0, group = 0, nhan;
  int32_t i = 0;
  *split_seen = 0;
  while (i < n) {
    UChar32 c;
    int32_t start = i, prev;
    U16_NEXT(u, i, n, c);
    if (!is_word_char(c)) {
      int divider = (form != ZEEF_FORM_FREE && c == '<' && i < n && u[i] == '<') ||
                    (form == ZEEF_FORM_FREE && c == ',');
      if (divider && count > 0 && !*split_seen) {
        *split_seen = 1;
        group = 1;
      }
      continue;
    }
    /* a word: letters, marks and apostrophes */
    prev = i;
    while (i < n) {
      UChar32 d;
      int32_t at = i;
      U16_NEXT(u, i, n, d);
      /* A digit between letters is a misread letter (Sech1n, I9or). */
      if (d >= '0' && d <= '9' && i < n && is_word_char(u[i])) {
        prev = i;
        continue;
      }
      if (!is_word_char(d)) { i = at; break; }
      prev = i;
    }
    i = prev;
    /* A short word of Han characters is a name written without spaces,
    ** and each character is read on its own (佐藤健: Sa-to Ken; 金正恩: Kim
    ** Jong Un): one token each, other letters among them (kana) one token
    ** a run. Comparisons join them again (compare.c, runs). */
    nhan = han_count(u, start, i);
    if (nhan > 0 && nhan <= HAN_SPLIT_MAX) {
      int32_t j = start;
      while (j < i) {
        int32_t from = j;
        UChar32 d;
        U16_NEXT(u, j, i, d);
        if (!is_han(d))
          while (j < i) {
            int32_t at = j;
            U16_NEXT(u, j, i, d);
            if (is_han(d)) {
              j = at;
              break;
            }
          }
        if (count >= ZEEF_NAME_MAX_TOKENS) return -1;
        sp[count++] = (span){from, j, group};
      }
      continue;
    }
    /* Han and Hangul names are written without spaces: family name first. */
    if (is_han_or_hangul(c) && i - start > 1) {
      int32_t j = start;
      UChar32 first;
      U16_NEXT(u, j, n, first);
      (void)first;
      if (j < i) {
        if (count >= ZEEF_NAME_MAX_TOKENS) return -1;
        sp[count++] = (span){start, j, group};
        start = j;
      }
    }
    if (count >= ZEEF_NAME_MAX_TOKENS) return -1;
    sp[count++] = (span){start, i, group};
  }
  return count;
}

/* ------------------------------------------------------ One token's text */

/* Whether u[0..n) is all Han or all Hangul. In these scripts a character
** (a syllable) is a chosen part of the name, not a spelling of a sound:
** 高市 and 高石 read alike and are two names, as are 김정은 and 김종은,
** whatever their romanisations. Kana, which spell sounds, are not included. */
static int written_only(const UChar *u, int32_t n) {
  UScriptCode first = USCRIPT_INVALID_CODE;
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode s;
    U16_NEXT(u, i, n, c);
    s = uscript_getScript(c, &err);
    if (U_FAILURE(err) || (s != USCRIPT_HAN && s != USCRIPT_HANGUL)) return 0;
    if (first == USCRIPT_INVALID_CODE) first = s;
    else if (s != first) return 0;
  }
  return n > 0;
}

/* Folds, decomposes and romanises one span into t->latin; sets t->script.
** Returns 0, or a status on an ICU failure. */
static zeef_status romanise(const zeef_ctx *ctx, const UChar *u, int32_t n,
                            tok *t) {
  UChar fold[ZEEF_NAME_MAX_BYTES * 3], nfkd[NAME_U16_MAX];
  uint16_t clean[NAME_U16_MAX];
  UErrorCode err = U_ZERO_ERROR;
  const UNormalizer2 *kd = unorm2_getNFKDInstance(&err);
  int32_t nf, nk, nc = 0, counts[ZEEF_SCRIPT_MIXED + 1] = {0};
  char buf[NAME_LATIN_MAX];
  size_t len;
  int best = ZEEF_SCRIPT_UNKNOWN, keep_marks;

  nf = u_strFoldCase(fold, (int32_t)(sizeof fold / sizeof *fold), u, n,
                     U_FOLD_CASE_DEFAULT, &err);
  if (U_FAILURE(err)) return ZEEF_E_UNICODE;
  /* Marks are spelling variation in Latin, Greek, Arabic and Hebrew (é,
  ** tonos, harakat, niqqud) and go; elsewhere they are part of the letter
  ** (й, ё, バ, Indic vowel signs) and stay composed (NFKC). */
  {
    int counts0[ZEEF_SCRIPT_MIXED + 1] = {0}, top = ZEEF_SCRIPT_UNKNOWN;
    for (int32_t i = 0; i < nf;) {
      UChar32 c;
      U16_NEXT(fold, i, nf, c);
      counts0[text_script_of((uint32_t)c)]++;
    }
    for (int sc = ZEEF_SCRIPT_LATIN; sc <= ZEEF_SCRIPT_OTHER; sc++)
      if (counts0[sc] > counts0[top]) top = sc;
    keep_marks = !(top == ZEEF_SCRIPT_UNKNOWN || top == ZEEF_SCRIPT_LATIN ||
                   top == ZEEF_SCRIPT_GREEK || top == ZEEF_SCRIPT_ARABIC ||
                   top == ZEEF_SCRIPT_HEBREW);
    if (keep_marks) kd = unorm2_getNFKCInstance(&err);
  }
  nk = unorm2_normalize(kd, fold, nf, nfkd, NAME_U16_MAX, &err);
  if (U_FAILURE(err)) return ZEEF_E_UNICODE;
  for (int32_t i = 0; i < nk;) {
    UChar32 c;
    int8_t ty;
    U16_NEXT(nfkd, i, nk, c);
    ty = (int8_t)u_charType(c);
    if (ty == U_FORMAT_CHAR ||
        (!keep_marks && (ty == U_NON_SPACING_MARK || ty == U_ENCLOSING_MARK ||
                         ty == U_COMBINING_SPACING_MARK)))
      continue;
    counts[text_script_of((uint32_t)c)]++;
    if (U16_IS_SINGLE(c) || c <= 0xFFFF) {
      clean[nc++] = (uint16_t)c;
    } else {
      clean[nc++] = (uint16_t)U16_LEAD(c);
      clean[nc++] = (uint16_t)U16_TRAIL(c);
    }
  }
  for (int s = ZEEF_SCRIPT_LATIN; s <= ZEEF_SCRIPT_OTHER; s++)
    if (counts[s] > counts[best]) best = s;
  t->script = (uint8_t)best;
  /* The article is a bare alif and lam; أل and إل begin other words
  ** (ألفاريز Alvarez, إلياس Elias). */
  if (nf >= 4 && fold[0] == 0x627 && fold[1] == 0x644) t->flags |= TOKF_AR_ARTICLE;
  if (best == ZEEF_SCRIPT_ARABIC || best == ZEEF_SCRIPT_HEBREW) t->flags |= TOKF_ABJAD;
  if (written_only(u, n)) t->flags |= TOKF_WRITTEN;
  len = translit_token(ctx, clean, (size_t)nc, (zeef_script)best, buf, sizeof buf);
  /* apostrophes (ayn, hamza, O'Brien) carry no identity */
  t->latin_len = 0;
  for (size_t i = 0; i < len && t->latin_len < TOK_LATIN_MAX; i++)
    if (buf[i] != '\'') t->latin[t->latin_len++] = buf[i];
  t->latin[t->latin_len] = 0;
  return ZEEF_OK;
}

static void set_latin(tok *t, const char *s, size_t n) {
  if (n > TOK_LATIN_MAX) n = TOK_LATIN_MAX;
  memmove(t->latin, s, n);
  t->latin[n] = 0;
  t->latin_len = (uint8_t)n;
}

static int latin_is(const tok *t, const char *s) {
  return strlen(s) == t->latin_len && memcmp(t->latin, s, t->latin_len) == 0;
}

static int has_prefix(const tok *t, const char *p) {
  size_t n = strlen(p);
  return t->latin_len >= n && memcmp(t->latin, p, n) == 0;
}

/* The part a word plays (tab_word()); a Han or Hangul character is a
** name whatever its romanisation spells (安 an is not the article). */
static int word_kind(const zeef_ctx *ctx, const tok *t, const char **canon) {
  if (t->flags & TOKF_WRITTEN) {
    if (canon) *canon = NULL;
    return 0;
  }
  return tab_word(ctx, t->latin, t->latin_len, canon);
}

static int known_name(const zeef_ctx *ctx, const char *s, size_t n) {
  char key[TOK_KEY_MAX + 1];
  size_t kn = key_make(s, n, key);
  const tab_entry *e = tab_get(&ctx->freq, key, kn);
  return e && e->value >= 5.0f;
}

static int is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* --------------------------------------------------------- Compounds */

static const char *const abd_forms[] = {"abd", "abdul", "abdel", "abdal",
                                        "abdoul", "abdur", "abdol", NULL};

static int is_abd(const tok *t) {
  for (size_t i = 0; abd_forms[i]; i++)
    if (latin_is(t, abd_forms[i])) return 1;
  return 0;
}

/* Rewrites a glued Abd compound to the canonical "abdal" + base:
** Abdurrahman, Abdulrahman, Abderrahmane -> abdalrahman(e); Abdullah,
** Abdallah -> abdallah. The article after Abd is a vowel then l, or the
** doubled first letter of the base (sun letters). */
static void canon_abd(tok *t) {
  char out[TOK_LATIN_MAX + 1];
  size_t i = 3, n = t->latin_len;
  const char *s = t->latin;
  if (n < 6 || !has_prefix(t, "abd")) return;
  while (i < n && is_vowel(s[i])) i++;
  if (i < n && s[i] == 'l') i++;
  else if (i + 1 < n && s[i] == s[i + 1] && !is_vowel(s[i])) i++;
  else if (i == 3) return; /* "abd" + consonant: Abdi-karim style, keep base */
  if (n - i < 2) return;
  memcpy(out, "abdal", 5);
  size_t k = 5;
  for (; i < n && k < TOK_LATIN_MAX; i++) out[k++] = s[i];
  set_latin(t, out, k);
  t->flags |= TOKF_COMPOUND;
}

/* Rewrites a glued al-Din compound to base + "aldin": Noureddine, Nuruddin,
** Nuraldin -> nuraldin; Saifuddin -> saifaldin. */
static void canon_din(tok *t) {
  char out[TOK_LATIN_MAX + 1];
  size_t n = t->latin_len, cut;
  const char *s = t->latin;
  if (n >= 7 && memcmp(s + n - 4, "dine", 4) == 0) cut = n - 4;
  else if (n >= 6 && memcmp(s + n - 3, "din", 3) == 0) cut = n - 3;
  else if (n >= 7 && memcmp(s + n - 4, "deen", 4) == 0) cut = n - 4;
  else return;
  if (cut < 3 || (s[cut - 1] != 'd' && s[cut - 1] != 'l')) return;
  cut--;
  while (cut > 2 && is_vowel(s[cut - 1])) cut--;
  if (cut < 2 || n - cut > TOK_LATIN_MAX) return;
  memcpy(out, s, cut);
  memcpy(out + cut, "aldin", 5);
  set_latin(t, out, cut + 5);
  t->flags |= TOKF_COMPOUND;
}

/* Appends token b's Latin form to a, behind sep. */
static void glue(tok *a, const char *sep, const tok *b) {
  char out[2 * TOK_LATIN_MAX + 8];
  size_t k = a->latin_len, ns = strlen(sep);
  memcpy(out, a->latin, k);
  memcpy(out + k, sep, ns);
  k += ns;
  memcpy(out + k, b->latin, b->latin_len);
  k += b->latin_len;
  set_latin(a, out, k);
  a->flags |= TOKF_COMPOUND;
}

/* ---------------------------------------------------------- Structure */

static float rarity(float ppm) {
  double r;
  if (ppm <= 0) return 1.0f;
  r = (log10(FREQ_COMMON) - log10(ppm)) / (log10(FREQ_COMMON) - log10(FREQ_RARE));
  if (r < 0) r = 0;
  if (r > 1) r = 1;
  return (float)(RARITY_FLOOR + (1.0 - RARITY_FLOOR) * r);
}

/* Expands the placeholders of letters with two readings: the first into
** the Latin form, the second into the alternative key. In Latin, x inside a
** word reads ks (Alexander, Dixon) besides the kh of Somali and Spanish
** spellings (Maxamed), and g before e, i, y reads j (George). */
static void readings(tok *x) {
  static const char *const rd[TRANSLIT_NREADINGS][2] = TRANSLIT_READINGS;
  char first[TOK_LATIN_MAX + 1], second[TOK_LATIN_MAX + 1];
  size_t a = 0, b = 0;
  int any = 0, persian = 0;
  /* One second reading per token: the Persian one (1-4) when the token has
  ** such letters, else the foreign v for ف (5). */
  for (size_t i = 0; i < x->latin_len; i++) persian |= x->latin[i] >= '1' && x->latin[i] <= '4';
  for (size_t i = 0; i < x->latin_len; i++) {
    char c = x->latin[i];
    const char *p = &x->latin[i], *q = p;
    size_t np = 1, nq = 1;
    if (c >= '1' && c < '1' + TRANSLIT_NREADINGS) {
      p = rd[c - '1'][0];
      q = rd[c - '1'][c == '5' && persian ? 0 : 1];
      any = 1;
    } else if (c == 'x' && i > 0 && x->script == ZEEF_SCRIPT_LATIN) {
      q = "ks";
      any = 1;
    } else if (c == 'g' && x->script == ZEEF_SCRIPT_LATIN && i + 1 < x->latin_len &&
               (x->latin[i + 1] == 'e' || x->latin[i + 1] == 'i' || x->latin[i + 1] == 'y')) {
      q = "j"; /* soft g: George, Giuseppe, Gene */
      any = 1;
    }
    np = p == &x->latin[i] ? 1 : strlen(p);
    nq = q == &x->latin[i] ? 1 : strlen(q);
    for (size_t k = 0; k < np && a < TOK_LATIN_MAX; k++) first[a++] = p[k];
    for (size_t k = 0; k < nq && b < TOK_LATIN_MAX; k++) second[b++] = q[k];
  }
  if (!any) return;
  set_latin(x, first, a);
  x->alt_key_len = (uint8_t)key_make(second, b, x->alt_key);
}

/* Removes token i, shifting the rest down. */
static void drop(tok *t, size_t *n, size_t i) {
  memmove(t + i, t + i + 1, (*n - i - 1) * sizeof *t);
  (*n)--;
}

/* Abd + (article) + base, and base + (article) + din, written apart,
** become one token (Abd al-Rahman, Nur al-Din); *pn tokens, fewer after. */
static void compounds(const zeef_ctx *ctx, tok *t, size_t *pn) {
  size_t n = *pn;
  for (size_t i = 0; i + 1 < n; i++) {
    size_t j = i + 1;
    const char *canon;
    int art = word_kind(ctx, &t[j], &canon) == TAB_PARTICLE && strcmp(canon, "al") == 0 && j + 1 < n;
    if (is_abd(&t[i])) {
      size_t base = art ? j + 1 : j;
      int bw = word_kind(ctx, &t[base], NULL);
      if (bw == TAB_TITLE || bw == TAB_TITLE_OR_NAME) continue;
      set_latin(&t[i], "abdal", 5);
      /* drop a leading article of the base ("abd" "al-rahman") */
      tok b = t[base];
      if (b.latin_len >= 4 && b.latin[0] == 'a' && b.latin[1] == 'l' &&
          ((b.flags & TOKF_AR_ARTICLE) || !known_name(ctx, b.latin, b.latin_len)))
        set_latin(&b, b.latin + 2, b.latin_len - 2u);
      glue(&t[i], "", &b);
      t[i].span1 = t[base].span1;
      for (size_t k = base; k > i; k--) drop(t, &n, k);
      continue;
    }
    size_t dn = art ? j + 1 : j;
    if (dn < n && (latin_is(&t[dn], "din") || latin_is(&t[dn], "deen") ||
                   latin_is(&t[dn], "dine") || latin_is(&t[dn], "eddine") ||
                   latin_is(&t[dn], "uddin") || latin_is(&t[dn], "aldin") ||
                   latin_is(&t[dn], "ud") ||
                   latin_is(&t[dn], "ed"))) {
      if (latin_is(&t[dn], "ud") || latin_is(&t[dn], "ed")) {
        if (dn + 1 >= n || !latin_is(&t[dn + 1], "din")) continue;
        dn++;
      }
      {
        char out[TOK_LATIN_MAX + 1];
        size_t k = t[i].latin_len;
        memcpy(out, t[i].latin, k);
        if (k + 5 <= TOK_LATIN_MAX) { memcpy(out + k, "aldin", 5); k += 5; }
        set_latin(&t[i], out, k);
        t[i].flags |= TOKF_COMPOUND;
        t[i].span1 = t[dn].span1;
      }
      for (size_t k = dn; k > i; k--) drop(t, &n, k);
    }
  }
  *pn = n;
}

/* Glued forms, titles, particles and articles: each token's part by its
** spelling. */
static void word_parts(const zeef_ctx *ctx, tok *t, size_t n) {
  size_t names = 0; /* tokens that are neither titles nor particles */
  for (size_t i = 0; i < n; i++) names += word_kind(ctx, &t[i], NULL) == 0;
  for (size_t i = 0; i < n; i++) {
    tok *x = &t[i];
    const char *p;
    int kind;
    canon_abd(x);
    canon_din(x);
    /* A title that is also a given name is a title only beside two names:
    ** Hafez Makhlouf is a name, Hafiz Muhammad Saeed has a title. */
    kind = n > 1 ? word_kind(ctx, x, &p) : 0;
    if (kind == TAB_TITLE || (kind == TAB_TITLE_OR_NAME && names >= 2)) {
      x->role = ZEEF_ROLE_TITLE;
      continue;
    }
    /* A particle introduces the next word; bin, bint and ould are
    ** particles even when reordering left them last. */
    if (kind == TAB_PARTICLE &&
        (i + 1 < n || strcmp(p, "bin") == 0 || strcmp(p, "bint") == 0 ||
         strcmp(p, "ould") == 0)) {
      x->role = ZEEF_ROLE_PARTICLE;
      if (i + 1 == n) {
        /* nothing follows */
      } else if (strcmp(p, "al") == 0) {
        x->flags |= TOKF_ARTICLE_TOKEN;
        t[i + 1].flags |= TOKF_ARTICLE;
      } else if (strcmp(p, "bin") == 0 || strcmp(p, "bint") == 0) {
        t[i + 1].flags |= TOKF_PATRONYM;
      }
      set_latin(x, p, strlen(p));
      continue;
    }
    /* A glued article in a romanised name: Albadri, Elhakim, Alghamdi, but
    ** not Albert. (Arabic script marks its article itself: see below.) */
    if (x->script != ZEEF_SCRIPT_ARABIC && x->latin_len >= 6 &&
        ((x->latin[0] == 'a' && x->latin[1] == 'l') ||
                              (x->latin[0] == 'e' && x->latin[1] == 'l')) &&
        !(x->flags & TOKF_COMPOUND) && !known_name(ctx, x->latin, x->latin_len) &&
        known_name(ctx, x->latin + 2, x->latin_len - 2u)) {
      set_latin(x, x->latin + 2, x->latin_len - 2u);
      x->flags |= TOKF_ARTICLE;
    } else if ((x->flags & TOKF_AR_ARTICLE) && x->latin_len >= 4 &&
               x->latin[0] == 'a' && x->latin[1] == 'l' && !(x->flags & TOKF_COMPOUND)) {
      /* Arabic script writes the article joined: الظواهري */
      set_latin(x, x->latin + 2, x->latin_len - 2u);
      x->flags |= TOKF_ARTICLE;
    }
  }
}

/* The roles of the tokens that are neither titles nor particles: initials,
** then given name and surname by position, or by the "SURNAME, Given" and
** MRZ "<<" split when there was one (split_seen). */
static void roles(tok *t, size_t n, int split_seen) {
  {
    int first = -1, last = -1;
    for (size_t i = 0; i < n; i++) {
      if (t[i].role == ZEEF_ROLE_TITLE || t[i].role == ZEEF_ROLE_PARTICLE) continue;
      /* one letter is an initial, but not a syllable (이 is Lee) */
      if (t[i].latin_len == 1 && !(t[i].flags & TOKF_WRITTEN)) {
        t[i].role = ZEEF_ROLE_INITIAL;
        continue;
      }
      if (first < 0) first = (int)i;
      last = (int)i;
      t[i].role = ZEEF_ROLE_MIDDLE;
    }
    if (split_seen) {
      /* group 0 is the surname part, group 1 the given names */
      int first_given = -1;
      for (size_t i = 0; i < n; i++) {
        if (t[i].role != ZEEF_ROLE_MIDDLE) continue;
        if (t[i].group == 0) t[i].role = ZEEF_ROLE_SURNAME;
        else if (first_given < 0) { first_given = (int)i; t[i].role = ZEEF_ROLE_GIVEN; }
      }
    } else if (first >= 0) {
      t[first].role = ZEEF_ROLE_GIVEN;
      if (last != first) t[last].role = ZEEF_ROLE_SURNAME;
    }
  }
}

/* Each token's readings, keys, frequency, variant cluster and weight. */
static void keys_and_weights(const zeef_ctx *ctx, tok *t, size_t n) {
  for (size_t i = 0; i < n; i++) {
    tok *x = &t[i];
    const tab_entry *e;
    readings(x);
    x->key_len = (uint8_t)key_make(x->latin, x->latin_len, x->key);
    if (x->alt_key_len && x->alt_key_len == x->key_len &&
        memcmp(x->alt_key, x->key, x->key_len) == 0)
      x->alt_key_len = 0;
    x->latin_hash = tab_hash(x->latin, x->latin_len);
    x->key_hash = tab_hash(x->key, x->key_len);
    e = tab_get(&ctx->freq, x->key, x->key_len);
    x->freq = e ? e->value : 0.0f;
    e = tab_get(&ctx->freq_ranked, x->key, x->key_len);
    x->pop = x->freq + (e ? e->value : 0.0f);
    /* the variant table holds Latin spellings: a romanised Arabic token
    ** that happens to spell one is not that spelling */
    e = x->script == ZEEF_SCRIPT_LATIN || x->script == ZEEF_SCRIPT_HANGUL
            ? tab_get(&ctx->variants, x->latin, x->latin_len)
            : NULL;
    /* a Hangul family name's romanisation meets its other spellings (박:
    ** Park, Pak); other clusters hold Latin spellings only */
    x->variant = e && (x->script == ZEEF_SCRIPT_LATIN || (e->variant & TAB_KOREAN)) ? e->variant : 0;
    if (x->role <= ZEEF_ROLE_SURNAME) x->nnick = (uint8_t)tab_nick(ctx, x->latin, x->latin_len, &x->nick);
    {
      char id[TOK_LATIN_MAX + TOK_KEY_MAX + 16];
      size_t k = 0;
      memcpy(id + k, x->latin, x->latin_len), k += x->latin_len;
      id[k++] = '|';
      memcpy(id + k, x->alt_key, x->alt_key_len), k += x->alt_key_len;
      id[k++] = (char)(x->flags & (TOKF_ABJAD | TOKF_COMPOUND | TOKF_PREFIX));
      id[k++] = (char)x->script;
      memcpy(id + k, &x->variant, sizeof x->variant), k += sizeof x->variant;
      x->sim_id = tab_hash(id, k);
    }
    switch (x->role) {
    case ZEEF_ROLE_TITLE: x->weight = 0; break;
    case ZEEF_ROLE_PARTICLE: x->weight = (float)ROLE_FACTOR_PARTICLE; break;
    case ZEEF_ROLE_INITIAL: x->weight = (float)ROLE_FACTOR_INITIAL; break;
    default: x->weight = rarity(x->freq); break;
    }
    x->pop_weight = x->role <= ZEEF_ROLE_SURNAME ? rarity(x->pop) : x->weight;
  }
}

/* Words read by their spelling, before anything else: abbreviations are
** written out (Md: Muhammad), and suffixes after a name (Jr, Sr, III, PhD,
** and Md as the last of three words or more, not in a "SURNAME, Given" or
** MRZ form, where a last Md is a given name) become titles when they stand
** past the first token beside two other names: they say nothing of who a
** person is, but a generation does say which of two (tok.gen). */
static void spelled_words(const zeef_ctx *ctx, tok *t, size_t n, int split_seen) {
  size_t others = 0;
  int kind[ZEEF_NAME_MAX_TOKENS], is[ZEEF_NAME_MAX_TOKENS];
  const char *canon[ZEEF_NAME_MAX_TOKENS];
  for (size_t i = 0; i < n; i++) {
    kind[i] = word_kind(ctx, &t[i], &canon[i]);
    is[i] = i > 0 && (kind[i] == TAB_SUFFIX ||
                      (kind[i] == TAB_ABBREV && latin_is(&t[i], "md") && i + 1 == n && !split_seen));
    others += !is[i];
  }
  for (size_t i = 0; i < n; i++)
    if (is[i] && others >= 2) {
      if (kind[i] == TAB_ABBREV) canon[i] = "md";
      set_latin(&t[i], canon[i], strlen(canon[i]));
      t[i].role = ZEEF_ROLE_TITLE;
      t[i].gen = (uint8_t)tab_generation(canon[i]);
    } else if (kind[i] == TAB_ABBREV) {
      set_latin(&t[i], canon[i], strlen(canon[i]));
    }
}

/* From tokens as split to tokens as compared: abbreviations written out,
** compounds joined, the parts of each word, roles, keys and weights. */
static void structure(const zeef_ctx *ctx, tok *t, size_t *pn, int split_seen) {
  size_t n = *pn;
  spelled_words(ctx, t, n, split_seen);
  compounds(ctx, t, &n);
  word_parts(ctx, t, n);
  roles(t, n, split_seen);
  keys_and_weights(ctx, t, n);
  *pn = n;
}

/* ---------------------------------------------------- Han readings */

/* A Han character's readings kept, at most: its Mandarin syllable in
** Wade-Giles, two Korean, two Japanese on and three kun (the kun readings
** of Unihan include verb forms with their endings: tasuke, tasukeru). */
#define READS_KO 2
#define READS_ON 2
#define READS_KUN 3
#define READS_MAX (1 + READS_KO + READS_ON + READS_KUN) /* and Wade-Giles */
/* Readings a name holds: those of its first eight Han characters. */
#define READS_NAME_MAX (8 * READS_MAX)

/* One reading of token x as a token: latin[0..n) (letters a-z kept), its
** key, and for a Korean reading the family-name cluster it spells (김 gim:
** Kim). Returns 0 when nothing is left of it. */
static int reading_tok(const zeef_ctx *ctx, const tok *x, const char *latin, size_t n, int korean, tok *r) {
  memset(r, 0, sizeof *r);
  for (size_t i = 0; i < n && r->latin_len < TOK_LATIN_MAX; i++)
    if (latin[i] >= 'a' && latin[i] <= 'z') r->latin[r->latin_len++] = latin[i];
  r->latin[r->latin_len] = 0;
  if (!r->latin_len) return 0;
  r->key_len = (uint8_t)key_make(r->latin, r->latin_len, r->key);
  r->latin_hash = tab_hash(r->latin, r->latin_len);
  r->key_hash = tab_hash(r->key, r->key_len);
  r->orig = x->orig;
  r->script = x->script;
  r->role = x->role;
  r->group = x->group;
  /* one letter (이 i) is a reading, not an initial */
  r->flags = TOKF_WRITTEN;
  r->weight = x->weight;
  r->freq = x->freq;
  r->pop = x->pop;
  r->pop_weight = x->pop_weight;
  if (korean) {
    const tab_entry *e = tab_get(&ctx->variants, r->latin, r->latin_len);
    r->variant = e && (e->variant & TAB_KOREAN) ? e->variant : 0;
  }
  {
    char id[TOK_LATIN_MAX + 8];
    size_t k = 0;
    id[k++] = 'R';
    memcpy(id + k, r->latin, r->latin_len), k += r->latin_len;
    memcpy(id + k, &r->variant, sizeof r->variant), k += sizeof r->variant;
    r->sim_id = tab_hash(id, k);
  }
  return 1;
}

/* Adds reading latin[0..n) of token x as out[*k] (reading_tok()), unless
** out is full (cap) or the reading is x's own form or one already there. */
static void add_reading(const zeef_ctx *ctx, const tok *x, const char *latin, size_t n, int korean, tok *out,
                        size_t *k, size_t cap) {
  tok *r = &out[*k];
  int dup;
  if (*k >= cap || !reading_tok(ctx, x, latin, n, korean, r)) return;
  dup = r->latin_len == x->latin_len && memcmp(r->latin, x->latin, x->latin_len) == 0;
  for (size_t i = 0; i < *k && !dup; i++)
    dup = out[i].latin_hash == r->latin_hash && strcmp(out[i].latin, r->latin) == 0;
  *k += !dup;
}

/* The readings of token x, the one Han character cp (Unihan's line for it,
** tab_unihan()): Korean readings romanised as Hangul is, Japanese on and kun
** readings as Unihan writes them (Hepburn), the first of each kind first;
** those equal to x's own (Mandarin) form or to an earlier one left out.
** Writes at most cap to out; returns how many. */
static size_t han_readings(const zeef_ctx *ctx, const tok *x, uint32_t cp, tok *out, size_t cap) {
  const char *line = tab_unihan(ctx, cp), *f[3];
  const char *w[3][READS_KUN];
  size_t wn[3][READS_KUN], nw[3] = {0, 0, 0}, n = 0;
  static const size_t most[3] = {READS_KO, READS_ON, READS_KUN};
  {
    /* the Mandarin syllable in Wade-Giles, first: Mao Tse-tung, Hsi Chin-ping */
    char wg[TOK_LATIN_MAX + 1];
    size_t gn = tab_wade_giles(x->latin, x->latin_len, wg);
    if (gn) add_reading(ctx, x, wg, gn, 0, out, &n, cap);
  }
  if (!line) return n;
  /* the three fields, and up to most[k] words of each */
  f[0] = line;
  for (int k = 0; k < 3; k++) {
    const char *p = f[k];
    while (*p && *p != '\t' && *p != '\n') {
      size_t len = strcspn(p, " \t\n");
      if (len && nw[k] < most[k]) {
        w[k][nw[k]] = p;
        wn[k][nw[k]++] = len;
      }
      p += len;
      p += *p == ' ';
    }
    if (k < 2) f[k + 1] = *p == '\t' ? p + 1 : p;
  }
  for (size_t rank = 0; rank < READS_KUN; rank++)
    for (int k = 0; k < 3; k++) {
      char buf[TOK_LATIN_MAX + 1];
      const char *lat = w[k][rank];
      size_t len = wn[k][rank];
      if (rank >= nw[k]) continue;
      if (k == 0) {
        /* a Hangul syllable: its romanisation, as a Hangul token's */
        UChar u[2];
        int32_t un = 0;
        UErrorCode err = U_ZERO_ERROR;
        u_strFromUTF8(u, 2, &un, lat, (int32_t)len, &err);
        if (U_FAILURE(err) || un != 1) continue;
        len = translit_token(ctx, u, 1, ZEEF_SCRIPT_HANGUL, buf, sizeof buf);
        lat = buf;
      }
      add_reading(ctx, x, lat, len, k == 0, out, &n, cap);
    }
  return n;
}

/* Whether a Latin token is spelt as only Wade-Giles spells Mandarin: hs,
** ts, tz, ss first (Hsi, Tse, Tzu, Ssu), or ih, ieh, ueh, ien, uei, erh
** last (Shih, Lieh, Hsueh, Tien, Kuei, Erh). A name with such a token is
** taken for Wade-Giles: its other tokens are read so too (Chin in Hsi
** Chin-ping); Jan, Jo, Ho and Cho alone are not (Jan is not Ran). */
static int wade_giles_only(const tok *x) {
  static const char *const first[] = {"hs", "ts", "tz", "ss"}, *const last[] = {"ih",  "ieh", "ueh",
                                                                                "ien", "uei", "erh"};
  if (x->script != ZEEF_SCRIPT_LATIN || x->latin_len < 2 || x->latin_len > 6) return 0;
  for (size_t i = 0; i < sizeof first / sizeof *first; i++)
    if (memcmp(x->latin, first[i], 2) == 0) return 1;
  for (size_t i = 0; i < sizeof last / sizeof *last; i++) {
    size_t n = strlen(last[i]);
    if (x->latin_len > n && memcmp(x->latin + x->latin_len - n, last[i], n) == 0) return 1;
  }
  return 0;
}

/* A Latin token of a name taken for Wade-Giles (wade_giles_only()), spelt
** as a syllable that pinyin does not have (Tse, Hsi, Chin, Tung): the
** pinyin syllables it stands for as its readings (ze ce, xi, jin qin, dong
** tong), so that Mao Tse-tung meets Mao Zedong. Writes at most cap to out;
** returns how many. */
static size_t pinyin_readings(const zeef_ctx *ctx, const tok *x, tok *out, size_t cap) {
  const tab_py *py;
  size_t n = 0, np;
  if (x->script != ZEEF_SCRIPT_LATIN || x->role > ZEEF_ROLE_SURNAME) return 0;
  np = tab_pinyin_of(ctx, x->latin, x->latin_len, &py);
  for (size_t i = 0; i < np; i++) add_reading(ctx, x, py[i].s, strlen(py[i].s), 0, out, &n, cap);
  return n;
}

/* The one Han character token x is made of (span u[from..to)), or 0. */
static uint32_t han_char(const tok *x, const UChar *u, int32_t from, int32_t to) {
  UChar32 c;
  if (x->script != ZEEF_SCRIPT_CJK || !(x->flags & TOKF_WRITTEN)) return 0;
  U16_NEXT(u, from, to, c);
  return from == to && is_han(c) ? (uint32_t)c : 0;
}

/* -------------------------------------------------------------- Public */

zeef_status zeef_name_analyze(const zeef_ctx *ctx, const char *s, size_t len,
                              zeef_name_form form, zeef_name **out) {
  UChar raw[ZEEF_NAME_MAX_BYTES + 1], nfc[NAME_U16_MAX];
  span sp[ZEEF_NAME_MAX_TOKENS];
  tok t[ZEEF_NAME_MAX_TOKENS];
  /* the readings of Han tokens: token i's from rd_at[i] */
  tok rd[READS_NAME_MAX];
  size_t nrd = 0, rd_at[ZEEF_NAME_MAX_TOKENS];
  int wade_giles = 0; /* the name is spelt in Wade-Giles: wade_giles_only() */
  UErrorCode err = U_ZERO_ERROR;
  int32_t nraw, nn;
  int ns, split_seen;
  size_t ntok = 0, arena = 0;
  zeef_name *name;
  zeef_status rc;

  if (!out) return ZEEF_E_INVALID;
  *out = NULL;
  if (!ctx || (!s && len)) return ZEEF_E_INVALID;
  if (len > ZEEF_NAME_MAX_BYTES) return ZEEF_E_TOOBIG;
  if (memchr(s, 0, len)) return ZEEF_E_UTF8;
  u_strFromUTF8(raw, ZEEF_NAME_MAX_BYTES + 1, &nraw, s, (int32_t)len, &err);
  if (err == U_INVALID_CHAR_FOUND || err == U_ILLEGAL_CHAR_FOUND) return ZEEF_E_UTF8;
  if (U_FAILURE(err)) return ZEEF_E_UNICODE;
  {
    const UNormalizer2 *c = unorm2_getNFCInstance(&err);
    nn = unorm2_normalize(c, raw, nraw, nfc, NAME_U16_MAX, &err);
    if (err == U_BUFFER_OVERFLOW_ERROR) return ZEEF_E_TOOBIG;
    if (U_FAILURE(err)) return ZEEF_E_UNICODE;
  }
  ns = split(nfc, nn, form, sp, &split_seen);
  if (ns < 0) return ZEEF_E_TOOBIG;

  memset(t, 0, sizeof t);
  for (int i = 0; i < ns; i++) {
    tok *x = &t[ntok];
    rc = romanise(ctx, nfc + sp[i].start, sp[i].end - sp[i].start, x);
    if (rc) return rc;
    if (x->latin_len == 0) { memset(x, 0, sizeof *x); continue; }
    x->span0 = x->span1 = (uint8_t)i;
    x->group = (uint8_t)sp[i].group;
    if (form == ZEEF_FORM_MRZ_TRUNCATED && i == ns - 1) x->flags |= TOKF_PREFIX;
    ntok++;
  }
  if (ntok == 0) return ZEEF_E_EMPTY;
  structure(ctx, t, &ntok, split_seen);

  for (size_t i = 0; i < ntok; i++) wade_giles |= wade_giles_only(&t[i]);
  for (size_t i = 0; i < ntok; i++) {
    size_t cap = (size_t)(sp[t[i].span1].end - sp[t[i].span0].start) * 3 + 1;
    uint32_t c = han_char(&t[i], nfc, sp[t[i].span0].start, sp[t[i].span1].end);
    arena += cap;
    if (t[i].flags & TOKF_WRITTEN) arena += cap;
    t[i].nreads = 0;
    rd_at[i] = nrd;
    if (c)
      t[i].nreads = (uint8_t)han_readings(
          ctx, &t[i], c, rd + nrd, READS_NAME_MAX - nrd < READS_MAX ? READS_NAME_MAX - nrd : READS_MAX);
    else if (wade_giles)
      t[i].nreads = (uint8_t)pinyin_readings(ctx, &t[i], rd + nrd, READS_NAME_MAX - nrd);
    nrd += t[i].nreads;
  }
  name = mem_alloc(&ctx->m, sizeof *name + (ntok + nrd) * sizeof(tok) + arena);
  if (!name) return ZEEF_E_NOMEM;
  name->m = ctx->m;
  name->ntok = ntok;
  name->toks = (tok *)(name + 1);
  memcpy(name->toks + ntok, rd, nrd * sizeof *rd);
  name->arena = (char *)(name->toks + ntok + nrd);
  {
    char *a = name->arena;
    int scripts = 0;
    for (size_t i = 0; i < ntok; i++) {
      int32_t from = sp[t[i].span0].start, to = sp[t[i].span1].end, w = 0;
      UErrorCode e2 = U_ZERO_ERROR;
      size_t cap = (size_t)(to - from) * 3 + 1;
      u_strToUTF8(a, (int32_t)cap, &w, nfc + from, to - from, &e2);
      if (U_FAILURE(e2)) w = 0;
      a[w] = 0;
      t[i].orig = a;
      a += cap;
      if (t[i].flags & TOKF_WRITTEN) {
        /* The written form joins the token's identity: homophones share
        ** a Latin form but not a similarity. */
        size_t wn = translit_written(ctx, nfc + from, (size_t)(to - from), a, cap);
        uint64_t mix[2] = {t[i].sim_id, tab_hash(a, wn)};
        if (wn) {
          t[i].written = a;
          t[i].sim_id = tab_hash((const char *)mix, sizeof mix);
        } else {
          t[i].flags &= (uint8_t)~TOKF_WRITTEN; /* compared by its romanisation */
        }
        a += cap;
      }
      scripts |= 1 << t[i].script;
      name->toks[i] = t[i];
      if (t[i].nreads) {
        tok *r = name->toks + ntok + rd_at[i];
        for (size_t k = 0; k < t[i].nreads; k++) r[k].orig = t[i].orig;
        name->toks[i].reads = r;
      }
    }
    scripts &= ~(1 << ZEEF_SCRIPT_UNKNOWN);
    name->script = ZEEF_SCRIPT_UNKNOWN;
    for (int sc = ZEEF_SCRIPT_LATIN; sc <= ZEEF_SCRIPT_OTHER; sc++)
      if (scripts == (1 << sc)) name->script = (uint8_t)sc;
    if (scripts && name->script == ZEEF_SCRIPT_UNKNOWN) name->script = ZEEF_SCRIPT_MIXED;
  }
  *out = name;
  return ZEEF_OK;
}

void zeef_name_free(zeef_name *name) {
  if (name) mem_free(&name->m, name);
}

zeef_script zeef_name_script(const zeef_name *name) {
  return name ? (zeef_script)name->script : ZEEF_SCRIPT_UNKNOWN;
}

size_t zeef_name_token_count(const zeef_name *name) { return name ? name->ntok : 0; }

zeef_status zeef_name_token(const zeef_name *name, size_t i, zeef_token_info *info) {
  const tok *t;
  if (!name || !info || i >= name->ntok) return ZEEF_E_INVALID;
  t = &name->toks[i];
  info->original = t->orig;
  info->latin = t->latin;
  info->key = t->key;
  info->script = (zeef_script)t->script;
  info->role = (zeef_role)t->role;
  info->weight = t->weight;
  info->frequency = t->freq;
  info->variant = t->variant;
  return ZEEF_OK;
}

zeef_status zeef_name_token_reading(const zeef_name *name, size_t i, size_t k, const char **latin) {
  if (!name || !latin || i >= name->ntok || k >= name->toks[i].nreads) return ZEEF_E_INVALID;
  *latin = name->toks[i].reads[k].latin;
  return ZEEF_OK;
}

const char *zeef_script_name(zeef_script s) {
  static const char *const names[] = {"unknown", "latin", "arabic", "cyrillic",
                                      "greek", "hebrew", "cjk", "hangul",
                                      "other", "mixed"};
  return (unsigned)s < sizeof names / sizeof *names ? names[s] : "unknown";
}

const char *zeef_role_name(zeef_role r) {
  static const char *const names[] = {"given", "middle", "surname",
                                      "particle", "title", "initial"};
  return (unsigned)r < sizeof names / sizeof *names ? names[r] : "unknown";
}
