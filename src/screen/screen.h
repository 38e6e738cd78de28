/*
** screen.h: the screener's layout, shared by the index (index.c) and the
** evidence scorer (evidence.c).
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
