/*
** gender.c: a gender as travel documents, traveller files and lists write
** it, read one way everywhere (zeef_gender_parse). ICAO 9303 prints M, F
** or X (unspecified) and '<' when none is given; PAXLST ATT carries M, F, X
** or U; lists and FollowTheMoney write male, female, other. A gender is
** evidence only as M or F (evidence.c): X and unknown say nothing.
*/
#include "../internal.h"
#include "../text/text.h"

#include <string.h>

#define WORD_MAX 11 /* "unspecified" */

static const struct {
  const char *word;
  unsigned char len;
  char g;
} words[] = {
    {"m", 1, 'M'},       {"f", 1, 'F'},       {"x", 1, 'X'},        {"u", 1, 0},
    {"<", 1, 0},         {"male", 4, 'M'},    {"man", 3, 'M'},      {"female", 6, 'F'},
    {"woman", 5, 'F'},   {"other", 5, 'X'},   {"diverse", 7, 'X'},  {"unspecified", 11, 'X'},
    {"unknown", 7, 0},
};

zeef_status zeef_gender_parse(const char *s, size_t len, char *out) {
  char w[WORD_MAX];
  if (!out || (!s && len)) return ZEEF_E_INVALID;
  *out = 0;
  s = text_trim(s ? s : "", &len);
  if (!len || len > WORD_MAX) return ZEEF_E_INVALID;
  for (size_t i = 0; i < len; i++) w[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (words[i].len == len && memcmp(w, words[i].word, len) == 0) {
      *out = words[i].g;
      return ZEEF_OK;
    }
  return ZEEF_E_INVALID;
}
