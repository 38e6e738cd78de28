/*
** key.c: the phonetic key of a romanised name token.
**
** The key keeps what survives every romanisation of a name and drops what
** varies (docs/names.md, 3): vowels are not written in Arabic script and vary freely
** in Latin (Muhammad, Mohamed), so they go, except that a word starting with
** a vowel keeps one 'a' (Omar, Umar, عمر all start "a"). Consonants fold
** into classes of the letters that romanisations swap:
**
**   kh h x        -> h      (Khalid, Halid, Xalid; Х as kh, h, x)
**   sh ch sch tch tsh -> x  (Shaker, Chaker, Schaker; Ш, Ч; تش)
**   j dj dzh zh   -> j      (Jamal, Djamel; Ж)
**   q k c ck g gh -> k      (Qadhafi, Gaddafi, Kadafi, Ghadafi)
**   th t          -> t      dh d -> d     ph f -> f     p b -> b
**   v w           -> v      ts tz -> s    z -> z    dz -> j (Кэндзи Kenji)
**   c before e, i, y -> s
**
** y and w-like glides inside a word vary with the vowels (Sayyid, Said), so a
** y is kept only at the start; a final h is dropped (Hamza, Hamzah, -eh);
** -off is -ov (Ivanoff); and doubled letters count once (Hassan, Hasan), though the same letter
** twice across a vowel counts twice (Mumin).
*/
#include "../internal.h"

static int is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int starts(const char *s, size_t n, size_t i, const char *p) {
  for (size_t k = 0; p[k]; k++)
    if (i + k >= n || s[i + k] != p[k]) return 0;
  return 1;
}

/* Multi-letter groups first, longest first; each gives a class letter. */
static const struct { const char *g; char k; } groups[] = {
    {"tsch", 'x'}, {"sch", 'x'}, {"tch", 'x'}, {"tsh", 'x'}, {"dzh", 'j'}, {"sh", 'x'},
    {"ch", 'x'},   {"zh", 'j'},  {"dj", 'j'},  {"kh", 'h'},  {"gh", 'k'},
    {"ph", 'f'},   {"th", 't'},  {"dh", 'd'},  {"ck", 'k'},  {"ts", 's'},
    {"tz", 's'},   {"dz", 'j'},  {NULL, 0}};

static char letter_class(char c) {
  switch (c) {
  case 'q': case 'k': case 'c': case 'g': return 'k';
  case 'x': return 'h';
  case 'p': return 'b';
  case 'w': return 'v';
  default: return c;
  }
}

size_t key_make(const char *s, size_t n, char *out) {
  size_t i = 0, k = 0;
  /* A final -ff is the -ov of Russian surnames written the French way. */
  size_t end = n;
  if (n > 3 && s[n - 1] == 'f' && s[n - 2] == 'f' && is_vowel(s[n - 3])) end = n - 1;

  while (i < end && s[i] == '\'') i++;
  if (i < end && is_vowel(s[i])) {
    out[k++] = 'a';
    while (i < end && (is_vowel(s[i]) || s[i] == '\'')) i++;
  }
  int gap = 0; /* a vowel or glide stood since the last class letter */
  while (i < end && k < TOK_KEY_MAX) {
    char c = s[i], cls = 0;
    size_t step = 1;
    if (is_vowel(c) || c == '\'' || (c == 'y' && k > 0)) {
      gap = 1;
      i++;
      continue;
    }
    /* only c, d, g, k, p, s, t and z begin a group */
    for (size_t g = 0;
         (c == 'c' || c == 'd' || c == 'g' || c == 'k' || c == 'p' || c == 's' || c == 't' || c == 'z') &&
         groups[g].g;
         g++)
      if (groups[g].g[0] == c && starts(s, end, i, groups[g].g)) {
        cls = groups[g].k;
        step = 0;
        while (groups[g].g[step]) step++;
        break;
      }
    if (!cls) {
      if (c == 'f' && i + 1 == end && end < n) cls = 'v'; /* -off */
      else if (c == 'c' && i + 1 < end && (s[i + 1] == 'e' || s[i + 1] == 'i' || s[i + 1] == 'y'))
        cls = 's'; /* soft c: Nancy, Vincent, Cisse */
      else cls = letter_class(c);
    }
    if (cls < 'a' || cls > 'z') { i += step; continue; }
    if (k == 0 || out[k - 1] != cls || gap) out[k++] = cls;
    gap = 0;
    i += step;
  }
  if (k > 1 && out[k - 1] == 'h') k--;
  out[k] = 0;
  return k;
}
