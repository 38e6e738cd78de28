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
#include <strings.h>

static const struct {
  const char *word;
  char g;
} words[] = {
    {"m", 'M'},     {"male", 'M'},    {"man", 'M'},         {"f", 'F'},
    {"female", 'F'}, {"woman", 'F'},  {"x", 'X'},           {"other", 'X'},
    {"diverse", 'X'}, {"unspecified", 'X'}, {"u", 0},       {"unknown", 0},
    {"<", 0},
};

zeef_status zeef_gender_parse(const char *s, size_t len, char *out) {
  if (!out || (!s && len)) return ZEEF_E_INVALID;
  *out = 0;
  s = text_trim(s ? s : "", &len);
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strlen(words[i].word) == len && strncasecmp(s, words[i].word, len) == 0) {
      *out = words[i].g;
      return ZEEF_OK;
    }
  return ZEEF_E_INVALID;
}
