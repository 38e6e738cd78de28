/*
** country.c: countries as sanctions lists, traveller files and travel
** documents write them, normalised to one code (zeef_country_code) and named
** back in English (zeef_country_name).
**
** Standards: ISO 3166-1 alpha-2 and alpha-3 codes and names (generated into
** country_table.h from the iso-codes project by tools/gen_countries.py);
** ISO 3166-3 for the former states that keep their own code (SUN, YUG, CSK,
** DDR, SCG, ANT); ICAO Doc 9303 Part 3 for the codes travel documents add
** ("D" Germany, GBD..GBS British nationals, UNO/UNA/UNK, XXA/XXB/XXC/XXX,
** EUE, XOM, XPO, the X.. organisations, RKS Kosovo); the user-assigned
** XK/XKX that the EU and the World Bank use for Kosovo.
**
** How a string is read. It is split into words: ASCII letters and digits are
** lowercased, Latin letters with diacritics folded to ASCII (cty_fold: é->e,
** ß->ss), combining marks and apostrophes and full stops dropped ("U.S.A." is
** one word), "&" is a word of its own, anything else separates words, and the
** word "the" is dropped. One word of one to three letters is a code and only
** ever a code ("IQ", "irq", "D", "UAE"), so a short word never matches a name.
** Otherwise the words joined by single spaces ("&" read as "and", "st" as
** "saint") form a key, looked up among the ISO names (binary search) and then
** among the aliases below (a scan); on a miss the key rotated around its first
** comma ("Korea, North" -> "north korea") and the key without parenthesised
** words ("Burma (Myanmar)" -> "burma") are tried too.
**
** Choices: renamed states map to today's code (Burma -> MMR, Zaire -> COD,
** Swaziland -> SWZ, Upper Volta -> BFA); dissolved ones keep theirs (USSR ->
** SUN, Yugoslavia -> YUG). Ambiguous adjectives take the larger state:
** "Congolese" -> COD (not COG), "Dominican" -> DOM (not DMA), "Guinean" ->
** GIN. "Korean" alone is left unknown: North or South decides a screening.
** England, Scotland, Wales and their adjectives are GBR (the nationality).
**
** Invariants: never reads s past len; an input over CTY_MAX_BYTES, with a NUL
** byte, invalid UTF-8 or a letter outside Latin is refused. Every table is
** const and the work buffers are on the stack: no allocation, no state, so
** the functions are thread safe without locks. Cost: one pass over at most
** CTY_MAX_BYTES bytes, a binary search of the CTY_NKEYS ISO keys and a scan
** of the aliases: well under a microsecond.
*/
#include "../internal.h"

#include <string.h>

#include "country_table.h"

/* ---------------------------------------------------------------- Limits */

/* Longest input accepted (bytes): no way of writing a country is longer. */
#define CTY_MAX_BYTES 100
/* Words kept from one input: each takes a byte and a separator. */
#define CTY_MAX_WORDS (CTY_MAX_BYTES / 2 + 1)
/* Folded letters of one input: at most two per input byte. */
#define CTY_LETTERS_MAX (2 * CTY_MAX_BYTES)
/* Longest key built. Every key of the tables is shorter, so an input whose
** key grows past this matches nothing and is refused early. */
#define CTY_KEY_MAX 96
/* Words from 1 to this many letters are read as codes, never as names. */
#define CTY_CODE_MAX 3

_Static_assert(CTY_KEY_LONGEST < CTY_KEY_MAX, "an ISO key is longer than CTY_KEY_MAX");

/* --------------------------------------------------------------- Aliases */

/* Ways of writing a country that iso-codes lacks: adjectives, the spellings
** of the UN, OFAC, EU and UK lists, former and informal names. Keys are
** already normalised as described at the top (lowercase ASCII, single
** spaces, no "the", "and" for "&"); names iso-codes has are not repeated. */
typedef struct alias {
  const char *key;
  unsigned char len;
  char code[4];
} alias;

#define ALIAS(k, c) {k, sizeof k - 1, c}

static const alias aliases[] = {
    /* Arab League */
    ALIAS("algerian", "DZA"), ALIAS("bahraini", "BHR"), ALIAS("comorian", "COM"),
    ALIAS("comoran", "COM"), ALIAS("djiboutian", "DJI"), ALIAS("egyptian", "EGY"),
    ALIAS("iraqi", "IRQ"), ALIAS("jordanian", "JOR"), ALIAS("kuwaiti", "KWT"),
    ALIAS("lebanese", "LBN"), ALIAS("libyan", "LBY"), ALIAS("libyan arab jamahiriya", "LBY"),
    ALIAS("state of libya", "LBY"), ALIAS("mauritanian", "MRT"), ALIAS("moroccan", "MAR"),
    ALIAS("omani", "OMN"), ALIAS("palestinian", "PSE"), ALIAS("palestinian territories", "PSE"),
    ALIAS("palestinian territory", "PSE"), ALIAS("occupied palestinian territory", "PSE"),
    ALIAS("occupied palestinian territories", "PSE"),
    ALIAS("palestinian territory occupied", "PSE"), ALIAS("palestinian authority", "PSE"),
    ALIAS("west bank", "PSE"), ALIAS("gaza", "PSE"), ALIAS("gaza strip", "PSE"),
    ALIAS("west bank and gaza", "PSE"), ALIAS("west bank and gaza strip", "PSE"),
    ALIAS("qatari", "QAT"), ALIAS("saudi", "SAU"), ALIAS("saudi arabian", "SAU"),
    ALIAS("somali", "SOM"), ALIAS("somalian", "SOM"), ALIAS("sudanese", "SDN"),
    ALIAS("syrian", "SYR"), ALIAS("tunisian", "TUN"),
    ALIAS("emirati", "ARE"), ALIAS("emirian", "ARE"), ALIAS("emirates", "ARE"),
    ALIAS("yemeni", "YEM"), ALIAS("yemenite", "YEM"),
    /* Iran, Afghanistan, South Asia */
    ALIAS("iranian", "IRN"), ALIAS("persia", "IRN"), ALIAS("afghan", "AFG"),
    ALIAS("afghani", "AFG"), ALIAS("islamic emirate of afghanistan", "AFG"),
    ALIAS("pakistani", "PAK"), ALIAS("indian", "IND"), ALIAS("bangladeshi", "BGD"),
    ALIAS("sri lankan", "LKA"), ALIAS("ceylon", "LKA"), ALIAS("nepalese", "NPL"),
    ALIAS("nepali", "NPL"), ALIAS("bhutanese", "BTN"), ALIAS("maldivian", "MDV"),
    /* South-East and East Asia */
    ALIAS("indonesian", "IDN"), ALIAS("malaysian", "MYS"), ALIAS("filipino", "PHL"),
    ALIAS("filipina", "PHL"), ALIAS("philippine", "PHL"), ALIAS("singaporean", "SGP"),
    ALIAS("bruneian", "BRN"), ALIAS("burma", "MMR"), ALIAS("burmese", "MMR"),
    ALIAS("union of burma", "MMR"), ALIAS("thai", "THA"), ALIAS("siam", "THA"),
    ALIAS("cambodian", "KHM"), ALIAS("kampuchea", "KHM"), ALIAS("laotian", "LAO"),
    ALIAS("vietnamese", "VNM"), ALIAS("timorese", "TLS"), ALIAS("east timor", "TLS"),
    ALIAS("east timorese", "TLS"), ALIAS("chinese", "CHN"), ALIAS("mainland china", "CHN"),
    ALIAS("taiwanese", "TWN"), ALIAS("republic of china", "TWN"),
    ALIAS("chinese taipei", "TWN"), ALIAS("hong kong sar", "HKG"),
    ALIAS("hong kong china", "HKG"), ALIAS("hong kong special administrative region", "HKG"),
    ALIAS("macau", "MAC"), ALIAS("macanese", "MAC"), ALIAS("macao sar", "MAC"),
    ALIAS("macau sar", "MAC"), ALIAS("mongolian", "MNG"), ALIAS("japanese", "JPN"),
    ALIAS("north korean", "PRK"), ALIAS("dprk", "PRK"), ALIAS("dpr korea", "PRK"),
    ALIAS("korea dpr", "PRK"), ALIAS("korea north", "PRK"),
    ALIAS("korea democratic peoples republic", "PRK"), ALIAS("south korean", "KOR"),
    ALIAS("korea south", "KOR"), ALIAS("korea rep", "KOR"),
    /* Türkiye, Russia, Eastern Europe, Caucasus, Central Asia */
    ALIAS("turkey", "TUR"), ALIAS("turkish", "TUR"), ALIAS("republic of turkey", "TUR"),
    ALIAS("russian", "RUS"), ALIAS("ukrainian", "UKR"), ALIAS("belarusian", "BLR"),
    ALIAS("belarussian", "BLR"), ALIAS("byelorussian", "BLR"), ALIAS("belorussian", "BLR"),
    ALIAS("byelorussia", "BLR"), ALIAS("belorussia", "BLR"), ALIAS("moldovan", "MDA"),
    ALIAS("moldavia", "MDA"), ALIAS("armenian", "ARM"), ALIAS("azerbaijani", "AZE"),
    ALIAS("azeri", "AZE"), ALIAS("georgian", "GEO"), ALIAS("kazakh", "KAZ"),
    ALIAS("kazakhstani", "KAZ"), ALIAS("kazakstan", "KAZ"), ALIAS("kyrgyz", "KGZ"),
    ALIAS("kyrgyzstani", "KGZ"), ALIAS("kirghiz", "KGZ"), ALIAS("kirghizia", "KGZ"),
    ALIAS("kirgizia", "KGZ"), ALIAS("tajik", "TJK"), ALIAS("tajikistani", "TJK"),
    ALIAS("tadjik", "TJK"), ALIAS("tadzhikistan", "TJK"), ALIAS("turkmen", "TKM"),
    ALIAS("turkmenistani", "TKM"), ALIAS("turkmenia", "TKM"), ALIAS("uzbek", "UZB"),
    ALIAS("uzbekistani", "UZB"),
    /* Balkans */
    ALIAS("bosnia", "BIH"), ALIAS("bosnian", "BIH"), ALIAS("bosnia herzegovina", "BIH"),
    ALIAS("kosovo", "XKX"), ALIAS("kosovar", "XKX"), ALIAS("republic of kosovo", "XKX"),
    ALIAS("serbian", "SRB"), ALIAS("serb", "SRB"), ALIAS("albanian", "ALB"),
    ALIAS("montenegrin", "MNE"), ALIAS("macedonia", "MKD"), ALIAS("macedonian", "MKD"),
    ALIAS("fyrom", "MKD"), ALIAS("former yugoslav republic of macedonia", "MKD"),
    ALIAS("republic of macedonia", "MKD"),
    /* European Union */
    ALIAS("austrian", "AUT"), ALIAS("belgian", "BEL"), ALIAS("bulgarian", "BGR"),
    ALIAS("croatian", "HRV"), ALIAS("croat", "HRV"), ALIAS("cypriot", "CYP"),
    ALIAS("czech", "CZE"), ALIAS("danish", "DNK"), ALIAS("dane", "DNK"),
    ALIAS("estonian", "EST"), ALIAS("finnish", "FIN"), ALIAS("finn", "FIN"),
    ALIAS("french", "FRA"), ALIAS("german", "DEU"), ALIAS("deutschland", "DEU"),
    ALIAS("west germany", "DEU"), ALIAS("greek", "GRC"), ALIAS("hellenic", "GRC"),
    ALIAS("hungarian", "HUN"), ALIAS("irish", "IRL"), ALIAS("eire", "IRL"),
    ALIAS("republic of ireland", "IRL"), ALIAS("italian", "ITA"), ALIAS("latvian", "LVA"),
    ALIAS("lithuanian", "LTU"), ALIAS("luxembourgish", "LUX"),
    ALIAS("luxembourger", "LUX"), ALIAS("maltese", "MLT"), ALIAS("dutch", "NLD"),
    ALIAS("holland", "NLD"), ALIAS("polish", "POL"), ALIAS("pole", "POL"),
    ALIAS("portuguese", "PRT"), ALIAS("romanian", "ROU"), ALIAS("rumania", "ROU"),
    ALIAS("roumania", "ROU"), ALIAS("slovak", "SVK"), ALIAS("slovakian", "SVK"),
    ALIAS("slovenian", "SVN"), ALIAS("slovene", "SVN"), ALIAS("spanish", "ESP"),
    ALIAS("spaniard", "ESP"), ALIAS("swedish", "SWE"), ALIAS("swede", "SWE"),
    /* Rest of Europe */
    ALIAS("british", "GBR"), ALIAS("britain", "GBR"), ALIAS("great britain", "GBR"),
    ALIAS("england", "GBR"), ALIAS("scotland", "GBR"), ALIAS("wales", "GBR"),
    ALIAS("northern ireland", "GBR"), ALIAS("english", "GBR"), ALIAS("scottish", "GBR"),
    ALIAS("welsh", "GBR"), ALIAS("northern irish", "GBR"), ALIAS("norwegian", "NOR"),
    ALIAS("swiss", "CHE"), ALIAS("icelandic", "ISL"), ALIAS("icelander", "ISL"),
    ALIAS("liechtensteiner", "LIE"), ALIAS("monegasque", "MCO"), ALIAS("monacan", "MCO"),
    ALIAS("sammarinese", "SMR"), ALIAS("andorran", "AND"), ALIAS("vatican", "VAT"),
    ALIAS("vatican city", "VAT"), ALIAS("vatican city state", "VAT"),
    /* Africa south of the Sahara */
    ALIAS("malian", "MLI"), ALIAS("nigerien", "NER"), ALIAS("chadian", "TCD"),
    ALIAS("burkinabe", "BFA"), ALIAS("upper volta", "BFA"), ALIAS("senegalese", "SEN"),
    ALIAS("eritrean", "ERI"), ALIAS("ethiopian", "ETH"), ALIAS("south sudanese", "SSD"),
    ALIAS("central african", "CAF"), ALIAS("nigerian", "NGA"), ALIAS("kenyan", "KEN"),
    ALIAS("tanzanian", "TZA"), ALIAS("ugandan", "UGA"), ALIAS("congolese", "COD"),
    ALIAS("dr congo", "COD"), ALIAS("congo kinshasa", "COD"), ALIAS("zaire", "COD"),
    ALIAS("zairean", "COD"), ALIAS("congo democratic republic", "COD"),
    ALIAS("congo brazzaville", "COG"), ALIAS("rwandan", "RWA"), ALIAS("rwandese", "RWA"),
    ALIAS("burundian", "BDI"), ALIAS("cameroonian", "CMR"), ALIAS("ghanaian", "GHA"),
    ALIAS("gambian", "GMB"), ALIAS("sierra leonean", "SLE"), ALIAS("liberian", "LBR"),
    ALIAS("guinean", "GIN"), ALIAS("bissau guinean", "GNB"),
    ALIAS("equatorial guinean", "GNQ"), ALIAS("equatoguinean", "GNQ"),
    ALIAS("ivorian", "CIV"), ALIAS("ivory coast", "CIV"), ALIAS("togolese", "TGO"),
    ALIAS("beninese", "BEN"), ALIAS("dahomey", "BEN"), ALIAS("gabonese", "GAB"),
    ALIAS("zambian", "ZMB"), ALIAS("malawian", "MWI"), ALIAS("mozambican", "MOZ"),
    ALIAS("angolan", "AGO"), ALIAS("zimbabwean", "ZWE"), ALIAS("south african", "ZAF"),
    ALIAS("namibian", "NAM"), ALIAS("motswana", "BWA"), ALIAS("batswana", "BWA"),
    ALIAS("botswanan", "BWA"), ALIAS("basotho", "LSO"), ALIAS("mosotho", "LSO"),
    ALIAS("swazi", "SWZ"), ALIAS("swaziland", "SWZ"), ALIAS("malagasy", "MDG"),
    ALIAS("madagascan", "MDG"), ALIAS("mauritian", "MUS"), ALIAS("seychellois", "SYC"),
    ALIAS("cape verde", "CPV"), ALIAS("cape verdean", "CPV"), ALIAS("cabo verdean", "CPV"),
    ALIAS("sao tome", "STP"), ALIAS("sao tomean", "STP"),
    /* Americas */
    ALIAS("american", "USA"), ALIAS("america", "USA"), ALIAS("canadian", "CAN"),
    ALIAS("mexican", "MEX"), ALIAS("cuban", "CUB"), ALIAS("venezuelan", "VEN"),
    ALIAS("colombian", "COL"), ALIAS("nicaraguan", "NIC"), ALIAS("brazilian", "BRA"),
    ALIAS("argentine", "ARG"), ALIAS("argentinian", "ARG"), ALIAS("argentinean", "ARG"),
    ALIAS("chilean", "CHL"), ALIAS("peruvian", "PER"), ALIAS("bolivian", "BOL"),
    ALIAS("ecuadorian", "ECU"), ALIAS("ecuadorean", "ECU"), ALIAS("paraguayan", "PRY"),
    ALIAS("uruguayan", "URY"), ALIAS("panamanian", "PAN"), ALIAS("costa rican", "CRI"),
    ALIAS("honduran", "HND"), ALIAS("guatemalan", "GTM"), ALIAS("salvadoran", "SLV"),
    ALIAS("salvadorean", "SLV"), ALIAS("haitian", "HTI"), ALIAS("dominican", "DOM"),
    ALIAS("jamaican", "JAM"), ALIAS("guyanese", "GUY"), ALIAS("surinamese", "SUR"),
    ALIAS("trinidadian", "TTO"), ALIAS("tobagonian", "TTO"), ALIAS("bahamian", "BHS"),
    ALIAS("barbadian", "BRB"), ALIAS("belizean", "BLZ"),
    /* Middle East outside the Arab League, Oceania */
    ALIAS("israeli", "ISR"), ALIAS("australian", "AUS"), ALIAS("new zealander", "NZL"),
    ALIAS("fijian", "FJI"), ALIAS("papua new guinean", "PNG"),
    /* Former states (ISO 3166-3) */
    ALIAS("soviet union", "SUN"), ALIAS("former soviet union", "SUN"), ALIAS("ussr", "SUN"),
    ALIAS("union of soviet socialist republics", "SUN"), ALIAS("soviet", "SUN"),
    ALIAS("yugoslavia", "YUG"), ALIAS("former yugoslavia", "YUG"), ALIAS("yugoslav", "YUG"),
    ALIAS("federal republic of yugoslavia", "YUG"),
    ALIAS("socialist federal republic of yugoslavia", "YUG"), ALIAS("sfry", "YUG"),
    ALIAS("czechoslovakia", "CSK"), ALIAS("former czechoslovakia", "CSK"),
    ALIAS("czechoslovak", "CSK"), ALIAS("east germany", "DDR"),
    ALIAS("german democratic republic", "DDR"), ALIAS("former east germany", "DDR"),
    ALIAS("netherlands antilles", "ANT"), ALIAS("antillean", "ANT"),
    ALIAS("serbia and montenegro", "SCG"), ALIAS("state union of serbia and montenegro", "SCG"),
    /* ICAO 9303 document codes written out */
    ALIAS("stateless", "XXA"), ALIAS("stateless person", "XXA"), ALIAS("refugee", "XXB"),
    ALIAS("refugee other", "XXC"), ALIAS("unspecified", "XXX"),
    ALIAS("unspecified nationality", "XXX"), ALIAS("european union", "EUE"),
    ALIAS("united nations", "UNO"), ALIAS("united nations organization", "UNO"),
    ALIAS("united nations organisation", "UNO"), ALIAS("united nations agency", "UNA"),
    ALIAS("united nations specialized agency", "UNA"),
    ALIAS("united nations specialised agency", "UNA"),
    ALIAS("united nations interim administration mission in kosovo", "UNK"),
    ALIAS("unmik", "UNK"), ALIAS("sovereign military order of malta", "XOM"),
    ALIAS("order of malta", "XOM"), ALIAS("interpol", "XPO"),
    ALIAS("international criminal police organization", "XPO"),
    ALIAS("african development bank", "XBA"), ALIAS("african export import bank", "XIM"),
    ALIAS("afreximbank", "XIM"), ALIAS("caribbean community", "XCC"),
    ALIAS("caricom", "XCC"), ALIAS("council of europe", "XCE"),
    ALIAS("common market for eastern and southern africa", "XCO"), ALIAS("comesa", "XCO"),
    ALIAS("southern african development community", "XDC"), ALIAS("sadc", "XDC"),
    ALIAS("economic community of west african states", "XEC"), ALIAS("ecowas", "XEC"),
    ALIAS("organisation of eastern caribbean states", "XES"),
    ALIAS("organization of eastern caribbean states", "XES"), ALIAS("oecs", "XES"),
    ALIAS("parliamentary assembly of mediterranean", "XMP"),
};

#define NALIASES (sizeof aliases / sizeof aliases[0])

/* ----------------------------------------------------------------- Codes */

/* Three-letter codes outside ISO 3166-1 that documents and lists carry. A
** code maps to itself (a valid document code, named here) or to the code
** of the state it belongs to (name NULL: the target names it). */
typedef struct special {
  char code[4];
  char to[4];
  const char *name;
} special;

static const special specials[] = {
    /* ICAO 9303: British nationals of every class hold GBR nationality */
    {"GBD", "GBR", NULL}, {"GBN", "GBR", NULL}, {"GBO", "GBR", NULL},
    {"GBP", "GBR", NULL}, {"GBS", "GBR", NULL},
    /* ICAO 9303: Kosovo passports */
    {"RKS", "XKX", NULL},
    {"XKX", "XKX", "Kosovo"},
    /* ICAO 9303: organisations and persons without a nationality */
    {"UNO", "UNO", "United Nations"},
    {"UNA", "UNA", "United Nations specialized agency"},
    {"UNK", "UNK", "United Nations Interim Administration Mission in Kosovo"},
    {"XXA", "XXA", "Stateless"},
    {"XXB", "XXB", "Refugee"},
    {"XXC", "XXC", "Refugee (other)"},
    {"XXX", "XXX", "Unspecified nationality"},
    {"EUE", "EUE", "European Union"},
    {"XOM", "XOM", "Sovereign Military Order of Malta"},
    {"XPO", "XPO", "Interpol"},
    {"XBA", "XBA", "African Development Bank"},
    {"XIM", "XIM", "African Export-Import Bank"},
    {"XCC", "XCC", "Caribbean Community"},
    {"XCE", "XCE", "Council of Europe"},
    {"XCO", "XCO", "Common Market for Eastern and Southern Africa"},
    {"XDC", "XDC", "Southern African Development Community"},
    {"XEC", "XEC", "Economic Community of West African States"},
    {"XES", "XES", "Organisation of Eastern Caribbean States"},
    {"XMP", "XMP", "Parliamentary Assembly of the Mediterranean"},
    /* ISO 3166-3: dissolved states, still on old lists and documents */
    {"SUN", "SUN", "Soviet Union"},
    {"YUG", "YUG", "Yugoslavia"},
    {"CSK", "CSK", "Czechoslovakia"},
    {"DDR", "DDR", "East Germany"},
    {"SCG", "SCG", "Serbia and Montenegro"},
    {"ANT", "ANT", "Netherlands Antilles"},
};

#define NSPECIALS (sizeof specials / sizeof specials[0])

/* Short forms that are not ISO codes but are read like them: the ICAO "D",
** reserved or former alpha-2 codes, and abbreviations no alpha-3 code takes. */
static const struct {
  char form[4];
  char to[4];
} short_forms[] = {
    {"D", "DEU"},   {"UK", "GBR"},  {"EU", "EUE"},  {"XK", "XKX"},  {"SU", "SUN"},
    {"YU", "YUG"},  {"DD", "DDR"},  {"AN", "ANT"},  {"UAE", "ARE"}, {"DRC", "COD"},
    {"PRC", "CHN"}, {"ROK", "KOR"}, {"KSA", "SAU"},
};

#define NSHORT (sizeof short_forms / sizeof short_forms[0])

/* ---------------------------------------------------------------- Lookup */

static int is_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

/* Row of ISO code s (uppercase, n == 2 for alpha-2 or 3 for alpha-3), or -1. */
static int find_row(const char *s, size_t n) {
  size_t lo = 0, hi = CTY_NROWS;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    size_t row = n == 2 ? cty_by_a2[mid] : mid;
    int c = memcmp(s, n == 2 ? cty_rows[row].a2 : cty_rows[row].a3, n);
    if (c == 0) return (int)row;
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return -1;
}

static const special *find_special(const char *s) {
  for (size_t i = 0; i < NSPECIALS; i++)
    if (memcmp(specials[i].code, s, 3) == 0) return &specials[i];
  return NULL;
}

/* Code of a one-word input of n <= CTY_CODE_MAX letters (lowercase), or NULL. */
static const char *find_code(const char *w, size_t n) {
  char up[4] = {0};
  int row;
  for (size_t i = 0; i < n; i++) up[i] = (char)(w[i] & ~0x20);
  if (n >= 2 && (row = find_row(up, n)) >= 0) return cty_rows[row].a3;
  if (n == 3) {
    const special *sp = find_special(up);
    if (sp) return sp->to;
  }
  for (size_t i = 0; i < NSHORT; i++)
    if (strcmp(short_forms[i].form, up) == 0) return short_forms[i].to;
  return NULL;
}

/* Orders like the generator's sort: bytewise, a prefix first. */
static int key_cmp(const char *a, size_t na, const char *b, size_t nb) {
  int c = memcmp(a, b, na < nb ? na : nb);
  if (c) return c;
  return na < nb ? -1 : na > nb;
}

/* Code of a normalised key, or NULL. */
static const char *find_key(const char *k, size_t n) {
  size_t lo = 0, hi = CTY_NKEYS;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = key_cmp(k, n, cty_keys[mid].key, cty_keys[mid].len);
    if (c == 0) return cty_rows[cty_keys[mid].row].a3;
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  for (size_t i = 0; i < NALIASES; i++)
    if (aliases[i].len == n && memcmp(aliases[i].key, k, n) == 0) return aliases[i].code;
  return NULL;
}

/* ----------------------------------------------------------------- Words */

/* The words of one input. Letters live in buf; word i is buf[off[i]..+len[i]]. */
typedef struct words {
  char buf[CTY_LETTERS_MAX];
  size_t used;
  unsigned char off[CTY_MAX_WORDS], len[CTY_MAX_WORDS];
  bool paren[CTY_MAX_WORDS]; /* inside ( ) or [ ] */
  size_t n;
  size_t comma; /* words before the first comma; SIZE_MAX when none */
  int depth;    /* bracket nesting at the current byte */
  bool open;    /* the last word is still growing */
} words;

/* Appends n letters to the current word, starting one if none is open.
** Returns false when a limit is hit (the input is then refused). */
static bool add_letters(words *w, const char *s, size_t n) {
  if (!w->open) {
    if (w->n == CTY_MAX_WORDS) return false;
    w->off[w->n] = (unsigned char)w->used;
    w->len[w->n] = 0;
    w->paren[w->n] = w->depth > 0;
    w->n++;
    w->open = true;
  }
  if (n > CTY_LETTERS_MAX - w->used) return false;
  memcpy(w->buf + w->used, s, n);
  w->used += n;
  w->len[w->n - 1] = (unsigned char)(w->len[w->n - 1] + n);
  return true;
}

/* Closes the current word; drops it when it is "the". */
static void end_word(words *w) {
  if (!w->open) return;
  w->open = false;
  if (w->len[w->n - 1] == 3 && memcmp(w->buf + w->off[w->n - 1], "the", 3) == 0) {
    w->used -= 3;
    w->n--;
  }
}

/* Decodes the UTF-8 sequence at s[0..n), n >= 1. Returns its length, or 0
** when it is malformed (cut short, overlong, a surrogate, past U+10FFFF). */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp) {
  size_t len;
  uint32_t c = s[0], min;
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2, c &= 0x1F, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3, c &= 0x0F, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4, c &= 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (len > n) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    c = (c << 6) | (s[i] & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
  *cp = c;
  return len;
}

/* Splits s[0..len) into words as described at the top of the file. Returns
** false for input that cannot name a country: a NUL byte, invalid UTF-8, a
** letter with no ASCII form, a script other than Latin. */
static bool split(const char *s, size_t len, words *w) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  w->used = w->n = 0;
  w->comma = SIZE_MAX;
  w->depth = 0;
  w->open = false;
  while (i < len) {
    uint32_t cp;
    size_t step = utf8_decode(p + i, len - i, &cp);
    if (step == 0 || cp == 0) return false;
    i += step;
    if (cp < 0x80) {
      char c = (char)cp;
      if (is_alpha((unsigned char)c) || (c >= '0' && c <= '9')) {
        char low = is_alpha((unsigned char)c) ? (char)(c | 0x20) : c;
        if (!add_letters(w, &low, 1)) return false;
        continue;
      }
      if (c == '\'' || c == '`' || c == '.') continue; /* U.S.A., d'Ivoire */
      end_word(w);
      if (c == '&') {
        if (!add_letters(w, "&", 1)) return false;
        w->open = false;
      } else if (c == ',' && w->comma == SIZE_MAX) {
        w->comma = w->n;
      } else if (c == '(' || c == '[') {
        w->depth++;
      } else if ((c == ')' || c == ']') && w->depth > 0) {
        w->depth--;
      }
    } else if (cp >= CTY_FOLD_FIRST && cp <= CTY_FOLD_LAST) {
      const char *f = cty_fold[cp - CTY_FOLD_FIRST];
      if (f[0] == '*') return false;
      if (f[0] == '\0')
        end_word(w);
      else if (!add_letters(w, f, strlen(f)))
        return false;
    } else if (cp == 0x00B4 || cp == 0x02BC || cp == 0x2018 || cp == 0x2019 ||
               (cp >= 0x0300 && cp <= 0x036F)) {
      continue; /* apostrophes and combining marks: Co\u0302te d\u2019Ivoire */
    } else if (cp <= 0xBF || (cp >= 0x2000 && cp <= 0x206F)) {
      end_word(w); /* no-break space, dashes, quotes */
    } else {
      return false;
    }
  }
  end_word(w);
  return true;
}

/* Appends word i of w to key k (used bytes *n), spelled as keys are: "&" as
** "and", "st" as "saint". Returns false when the key would pass CTY_KEY_MAX. */
static bool key_word(const words *w, size_t i, char *k, size_t *n) {
  const char *s = w->buf + w->off[i];
  size_t len = w->len[i];
  if (len == 1 && s[0] == '&')
    s = "and", len = 3;
  else if (len == 2 && memcmp(s, "st", 2) == 0)
    s = "saint", len = 5;
  if (len + 1 > CTY_KEY_MAX - *n) return false;
  if (*n) k[(*n)++] = ' ';
  memcpy(k + *n, s, len);
  *n += len;
  return true;
}

/* Looks up the key of the words of w, starting at word `from` and wrapping
** around (a rotation), skipping bracketed words when no_paren is set. */
static const char *lookup(const words *w, size_t from, bool no_paren) {
  char k[CTY_KEY_MAX];
  size_t n = 0;
  for (size_t j = 0; j < w->n; j++) {
    size_t i = (from + j) % w->n;
    if (no_paren && w->paren[i]) continue;
    if (!key_word(w, i, k, &n)) return NULL;
  }
  return n ? find_key(k, n) : NULL;
}

/* ---------------------------------------------------------------- Public */

zeef_status zeef_country_code(const char *s, size_t len, char code[4]) {
  words w;
  const char *found = NULL;
  bool rotate = false, parens = false;
  if (code) code[0] = '\0';
  if (!code || (!s && len) || len > CTY_MAX_BYTES) return ZEEF_E_INVALID;
  if (!split(s, len, &w) || w.n == 0) return ZEEF_E_INVALID;
  if (w.n == 1 && w.len[0] <= CTY_CODE_MAX) {
    /* A code, or nothing: never a name. */
    for (size_t i = 0; i < w.len[0]; i++)
      if (!is_alpha((unsigned char)w.buf[i])) return ZEEF_E_INVALID;
    found = find_code(w.buf, w.len[0]);
  } else {
    rotate = w.comma > 0 && w.comma < w.n;
    for (size_t i = 0; i < w.n; i++) parens |= w.paren[i];
    found = lookup(&w, 0, false);
    if (!found && rotate) found = lookup(&w, w.comma, false);
    if (!found && parens) found = lookup(&w, 0, true);
    if (!found && parens && rotate) found = lookup(&w, w.comma, true);
  }
  if (!found) return ZEEF_E_INVALID;
  memcpy(code, found, 4);
  return ZEEF_OK;
}

const char *zeef_country_name(const char *alpha3) {
  char up[4] = {0};
  const special *sp;
  int row;
  if (!alpha3) return NULL;
  /* Stops at the first byte that is not a letter, so never reads past a
  ** shorter string's NUL. */
  for (size_t i = 0; i < 3; i++) {
    if (!is_alpha((unsigned char)alpha3[i])) return NULL;
    up[i] = (char)(alpha3[i] & ~0x20);
  }
  if (alpha3[3] != '\0') return NULL;
  if ((row = find_row(up, 3)) >= 0) return cty_rows[row].name;
  sp = find_special(up);
  if (!sp) return NULL;
  if (sp->name) return sp->name;
  if ((row = find_row(sp->to, 3)) >= 0) return cty_rows[row].name;
  sp = find_special(sp->to);
  return sp ? sp->name : NULL;
}
