/*
** screen.h: the screener's layout, shared by the index (index.c), the
** bounds on a candidate's name score (bound.c) and the evidence scorer
** (evidence.c). Prefixes: scr_ (the layout), bnd_ (bound.c), ev_
** (evidence.c).
*/
#ifndef ZEEF_SCREEN_H
#define ZEEF_SCREEN_H

#include "../internal.h"

#include <stdatomic.h>

/* Below this name score, birth date, nationality and gender cannot raise a
** hit above its name score (only a document can): evidence.c. */
#define SCR_NAME_GATE 0.7

/* Tokens of an indexed name the screener's bound sees one by one; a longer
** name is not bounded. */
#define SCR_BOUND_TOKENS 16

/* One indexed name of one listed entity. */
typedef struct scr_name {
  zeef_name *name; /* analysed, owned */
  uint32_t list, entity;
  uint16_t index; /* in the entity's names */
  uint8_t quality;
  uint8_t has_docs;  /* the entity lists a document */
  /* For the bound on the name score (index.c): per token (up to
  ** SCR_BOUND_TOKENS) its weight in 1/200ths, and which tokens carry
  ** blocking keys. */
  uint8_t ntok;
  uint16_t blockable;
  uint8_t w[SCR_BOUND_TOKENS];
  uint16_t initials; /* tokens that are initials */
  uint16_t short_keys; /* tokens with keys of three letters or fewer */
  /* per token: its key's first three letters, in [3] the key's length, in
  ** [4] its first Latin letter */
  char key[SCR_BOUND_TOKENS][5];
} scr_name;

/* A blocking key's postings: names[off .. off + n) of the postings array. */
typedef struct scr_slot {
  uint64_t hash; /* 0: empty */
  uint32_t off, n;
} scr_slot;

/* A zeef_screen() call's scratch (index.c): per indexed name, the stamp of
** the call that last met it and its place in that call's candidates. Kept
** between calls, so that a call neither clears nor hashes: a name met
** before in this call is one array read away. */
typedef struct scr_scratch {
  uint32_t stamp;
  uint32_t (*seen)[2];  /* nnames entries: stamp, candidate index */
  struct scr_cand *c;   /* candidates, cap of them */
  size_t cap;
} scr_scratch;

/* Scratches kept for reuse: one per thread screening at once, up to this. */
#define SCR_POOL 16

struct zeef_screener {
  mem m;
  const zeef_ctx *ctx;
  const zeef_list **lists;
  size_t nlists;
  scr_name *names;
  size_t nnames;
  scr_slot *slots; /* open addressing, power of two */
  size_t mask;
  uint32_t *postings;
  uint16_t *postbits; /* per posting: the listed name's tokens with that key */
  size_t npostings;
  scr_slot *docs; /* document number -> entity refs (list << 24 | entity) */
  size_t docmask;
  uint32_t *docpost;
  size_t ndocpost;
  size_t bytes;
  /* the only part screening writes: scratches not in use (NULL: empty) */
  _Atomic(scr_scratch *) pool[SCR_POOL];
};

/* ------------------------------------------------------------ Bounds */

/* How far below the floor a candidate's name-score bound may fall and the
** candidate still be scored: absorbs the keys' blind spot (bound.c). */
#define SCR_BOUND_MARGIN 0.1
/* Traveller and listed tokens whose key-sharing pairs a candidate records. */
#define SCR_PAIR_TOKENS 8

/* Whether token t carries blocking keys: neither a title, a particle nor an
** initial, and a key to block on. */
static inline int scr_blockable(const tok *t) {
  return t->role != ZEEF_ROLE_TITLE && t->role != ZEEF_ROLE_PARTICLE &&
         t->role != ZEEF_ROLE_INITIAL && t->key_len > 0;
}

/* A name the traveller's keys met, with what the keys say of it. */
typedef struct scr_cand {
  uint32_t id;    /* name id */
  uint32_t mask;  /* traveller tokens whose keys it shares */
  uint16_t bmask; /* its own tokens that share keys with the traveller */
  uint8_t doc;    /* the entity's document matched */
  uint8_t joined; /* a shared key was a joined one (two tokens as one) */
  /* the pairs of tokens that share keys, of the first SCR_PAIR_TOKENS on
  ** each side: bit SCR_PAIR_TOKENS * i + j for traveller token i, listed
  ** token j */
  uint64_t pairs;
} scr_cand;

/* The traveller's side of the bounds, computed once per query. */
typedef struct scr_qbound {
  double w[32];        /* token weights */
  char key[32][5];     /* as scr_name.key */
  uint32_t initials;   /* tokens that are initials */
  uint32_t short_keys; /* as scr_name.short_keys */
  size_t ntok;         /* tokens, at most 32 */
  uint32_t blockable;  /* tokens with keys */
  double extra;        /* weight of tokens past the 32nd: counted as matched */
  double fixed;        /* extra and the weight of tokens without keys */
} scr_qbound;

/* Fills the bound summary of an indexed name (its token weights, keys,
** initials), at build time. */
void bnd_summary(scr_name *sn);
/* The traveller's side of the bounds, for name q. */
void bnd_query(const zeef_name *q, scr_qbound *qb);
/* Whether the name score of the traveller against sn may reach floor, by
** the first bound (from c's shared keys, widened here by the matches keys
** cannot show: short keys one letter apart, initials). 0: it cannot. */
int bnd_keys(const scr_qbound *qb, scr_cand *c, const scr_name *sn, double floor);
/* The same by the second bound, from the tokens' similarities, for the
** candidates the first lets through. */
int bnd_sims(const scr_qbound *qb, const zeef_name *q, const scr_cand *c, const scr_name *sn,
             double floor);

/* ---------------------------------------------------------- Evidence */

/* Scores the evidence for entity e against traveller t, given the name
** comparison m (name_score = m->score); fills h's score and evidence, with
** sentences only when explain is set (the weights and score are the same
** either way). */
void ev_score(const zeef_traveller *t, const zeef_entity *e, const zeef_name *entity_name,
              const zeef_match *m, int explain, zeef_hit *h);

/* Writes into out (cap >= 32) the document number in canonical form:
** letters and digits only, upper case. Returns its length. */
size_t ev_doc_canon(const char *s, char *out, size_t cap);

#endif
