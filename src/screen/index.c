/*
** index.c: the screener: an inverted index from blocking keys to the listed
** names that carry them, and zeef_screen().
**
** Blocking keys of a name: for every token that is neither a title, a
** particle nor an initial, its phonetic key, its second-reading key, the
** keys of its stems without a Baltic ending, and every such key with one
** letter deleted (symmetric deletion: two keys one edit apart share at
** least one of these); and the key of every two adjacent tokens written as
** one (Bel Mokhtar, Belmokhtar). A traveller's name makes the same keys. A
** listed name becomes a candidate when it shares keys with the traveller's
** tokens that carry at least COVER_MIN of the traveller's name weight (a
** token with a short key, which has no deletion keys, counts in that
** weight at the floor only when it shares none); a
** candidate whose name score two bounds (from the keys, then from the
** tokens) show cannot reach the floor is dropped, the others are scored in
** full (zeef_compare and the evidence of evidence.c). Documents have their
** own index: a traveller whose document number is listed meets that entity
** whatever the names.
**
** The index is built once and read-only after: any number of threads may
** screen at once. A call's scratch (a stamp and a candidate index per
** indexed name) comes from a small pool in the screener and goes back to
** it: 8 bytes per indexed name per thread screening at once.
*/
#include "screen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Share of a traveller's name weight the blocking keys a candidate shares
** must carry. */
#define COVER_MIN 0.4
/* Weight a token counts for in that share, at least (common names too). */
#define COVER_FLOOR 0.3
/* Postings longer than this belong to a common name's key. */
#define LONG_POSTINGS 2048
/* Keys per name: tokens x (key + alt + two Baltic stems, each with its
** deletions) + joins. */
#define MAX_BLOCK_KEYS (ZEEF_NAME_MAX_TOKENS * (4 + 4 * TOK_KEY_MAX) + ZEEF_NAME_MAX_TOKENS)

typedef struct bkey {
  uint64_t hash;
  uint32_t tok;    /* bit index of the token in the name (0..31) */
  uint32_t joined; /* 1: the key of tok - 1 and tok written as one */
} bkey;

/* ------------------------------------------------------------ Key making */

static uint64_t hash_tagged(char tag, const char *s, size_t n) {
  char buf[TOK_LATIN_MAX * 2 + 2];
  if (n > sizeof buf - 1) n = sizeof buf - 1;
  buf[0] = tag;
  memcpy(buf + 1, s, n);
  return tab_hash(buf, n + 1);
}

static int blockable(const tok *t) {
  return t->role != ZEEF_ROLE_TITLE && t->role != ZEEF_ROLE_PARTICLE &&
         t->role != ZEEF_ROLE_INITIAL && t->key_len > 0;
}

static size_t add_key(bkey *out, size_t k, const char *key, size_t n, uint32_t ti) {
  char del[TOK_KEY_MAX];
  out[k++] = (bkey){hash_tagged('K', key, n), ti, 0};
  /* a deletion of a three-letter key leaves two letters: too common to block on */
  if (n >= 4)
    for (size_t i = 0; i < n; i++) {
      memcpy(del, key, i);
      memcpy(del + i, key + i + 1, n - i - 1);
      out[k++] = (bkey){hash_tagged('K', del, n - 1), ti, 0};
    }
  return k;
}

/* Fills out with the blocking keys of name n; returns how many. */
static size_t name_keys(const zeef_name *n, bkey *out) {
  size_t k = 0;
  for (size_t i = 0; i < n->ntok && i < 32; i++) {
    const tok *t = &n->toks[i];
    if (!blockable(t)) continue;
    k = add_key(out, k, t->key, t->key_len, (uint32_t)i);
    if (t->alt_key_len) k = add_key(out, k, t->alt_key, t->alt_key_len, (uint32_t)i);
    /* the stems zeef_compare() reads without a Baltic ending (Dmitrijs,
    ** Dmitrij): their keys may be two edits from the whole token's */
    {
      size_t len[2];
      int ns = cmp_baltic_stems(t, len);
      for (int s = 0; s < ns; s++) {
        char key[TOK_KEY_MAX + 1];
        size_t kn = key_make(t->latin, len[s], key);
        if (kn >= 3 && (kn != t->key_len || memcmp(key, t->key, kn) != 0))
          k = add_key(out, k, key, kn, (uint32_t)i);
      }
    }
  }
  for (size_t i = 0; i + 1 < n->ntok && i + 1 < 32; i++) {
    const tok *a = &n->toks[i], *b = &n->toks[i + 1];
    char lat[TOK_LATIN_MAX * 2 + 1], key[TOK_KEY_MAX + 1];
    size_t ln, kn;
    if (a->role == ZEEF_ROLE_TITLE || b->role == ZEEF_ROLE_TITLE || !a->latin_len || !b->latin_len)
      continue;
    memcpy(lat, a->latin, a->latin_len);
    memcpy(lat + a->latin_len, b->latin, b->latin_len);
    ln = (size_t)a->latin_len + b->latin_len;
    if (ln > TOK_LATIN_MAX) ln = TOK_LATIN_MAX;
    kn = key_make(lat, ln, key);
    if (kn >= 3) out[k++] = (bkey){hash_tagged('K', key, kn), (uint32_t)i + 1, 1};
  }
  return k;
}

/* ------------------------------------------------------------------ Maps */

static scr_slot *slot_of(scr_slot *slots, size_t mask, uint64_t h) {
  size_t i = (size_t)h & mask;
  while (slots[i].hash && slots[i].hash != h) i = (i + 1) & mask;
  return &slots[i];
}

typedef struct pair {
  uint64_t hash;
  uint32_t id;
  uint16_t bits; /* tokens of the name the key stands for */
} pair;

static int by_hash(const void *a, const void *b) {
  const pair *x = a, *y = b;
  if (x->hash != y->hash) return x->hash < y->hash ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* Builds slots and postings from n (hash, id) pairs, sorted here; equal
** pairs are kept once, their bits merged into *bits (when bits is not
** NULL: one entry per posting). */
static zeef_status build_map(const mem *m, pair *p, size_t n, scr_slot **slots, size_t *mask,
                             uint32_t **post, uint16_t **bits, size_t *npost, size_t *bytes) {
  size_t uniq = 0, cap = 16, k = 0;
  if (n) qsort(p, n, sizeof *p, by_hash);
  for (size_t i = 0; i < n; i++) uniq += i == 0 || p[i].hash != p[i - 1].hash;
  while (cap < uniq * 2) cap <<= 1;
  *slots = mem_calloc(m, cap, sizeof **slots);
  *post = mem_array(m, n, sizeof **post);
  if (bits) *bits = mem_array(m, n, sizeof **bits);
  if (!*slots || !*post || (bits && !*bits)) return ZEEF_E_NOMEM;
  *mask = cap - 1;
  for (size_t i = 0; i < n; i++) {
    scr_slot *s;
    if (i > 0 && p[i].hash == p[i - 1].hash && p[i].id == p[i - 1].id) {
      if (bits) (*bits)[k - 1] |= p[i].bits;
      continue;
    }
    s = slot_of(*slots, *mask, p[i].hash);
    if (!s->hash) {
      s->hash = p[i].hash;
      s->off = (uint32_t)k;
    }
    s->n++;
    if (bits) (*bits)[k] = p[i].bits;
    (*post)[k++] = p[i].id;
  }
  *npost = k;
  *bytes += cap * sizeof **slots + k * (sizeof **post + (bits ? sizeof **bits : 0));
  return ZEEF_OK;
}

/* ----------------------------------------------------------- The bound */

/* Most candidates share a key or two with the traveller and are far from
** a match: scoring them in full is most of the work. Their name score is
** bounded from what the keys already say: a token on either side that
** shares no blocking key with the other name is taken as unmatched and
** costs what zeef_compare() would charge at least (MISS_FLOOR, discounted
** as if the other name were contained in this one), every other token as
** matched at similarity 1. Tokens without keys (titles, particles,
** initials) count as matched, and so do an initial's possible partners on
** the other side (same first letter) and two unshared keys of three letters
** or fewer one edit apart (Qasim ksm, Wasim wsm: such keys have no deletion
** keys to share). The bound errs where two tokens match without sharing a
** key otherwise (spellings two edits apart, joins); BOUND_MARGIN absorbs
** that, and bench/screen_bench measures the index's recall against
** exhaustive scoring with the bound on. The second bound, from the
** tokens' similarities, keeps to the same view: it pairs only tokens whose
** keys met, and looks for joins only where a joined key was shared. Names
** of more tokens than SCR_BOUND_TOKENS are not bounded. */
#define BOUND_MARGIN 0.1
#define BOUND_QUANT 200.0
#define BOUND_NONE 255 /* scr_name.ntok of a name too long to bound */
#define MISS_FLOOR_Q ((unsigned)(MISS_FLOOR * BOUND_QUANT + 0.5)) /* MISS_FLOOR in quanta */

static double miss_cost(double w) { return w > MISS_FLOOR ? w : MISS_FLOOR; }

/* The bits of a listed name's tokens that key k stands for. */
static uint16_t name_bits(const bkey *k) {
  uint32_t t = k->tok < SCR_BOUND_TOKENS ? k->tok : SCR_BOUND_TOKENS - 1;
  return (uint16_t)((1u << t) | (k->joined && t > 0 ? 1u << (t - 1) : 0));
}

static void key4(const tok *t, char out[5]) {
  memcpy(out, t->key, t->key_len < 3 ? t->key_len : 3);
  out[3] = (char)(t->key_len < 127 ? t->key_len : 127);
  out[4] = t->latin[0];
}

/* A name the traveller's keys met, with what the keys say of it. */
typedef struct scr_cand {
  uint32_t id;    /* name id */
  uint32_t mask;  /* traveller tokens whose keys it shares */
  uint16_t bmask; /* its own tokens that share keys with the traveller */
  uint8_t doc;    /* the entity's document matched */
  uint8_t joined; /* a shared key was a joined one (two tokens as one) */
  /* the pairs of tokens that share keys, of the first PAIR_TOKENS on each
  ** side: bit PAIR_TOKENS * i + j for traveller token i, listed token j */
  uint64_t pairs;
} cand;
#define PAIR_TOKENS 8

/* Whether two keys that share no blocking key may still belong to similar
** tokens: keys of three letters or fewer have no deletion keys, so one
** edit apart (Qasim ksm, Wasim wsm) they share none. Longer keys one edit
** apart always share a deletion. */
static int near_keys(const char *a, const char *b) {
  int la = a[3], lb = b[3], diff = 0;
  if (la > 3 || lb > 3 || la - lb > 1 || lb - la > 1) return 0;
  if (la == lb) {
    for (int i = 0; i < la; i++) diff += a[i] != b[i];
    return diff <= 1;
  }
  {
    const char *l = la > lb ? a : b, *s = la > lb ? b : a;
    int n = la > lb ? lb : la, i = 0, j = 0;
    while (i < n && s[i] == l[j]) i++, j++;
    j++; /* skip the extra letter */
    while (i < n && s[i] == l[j]) i++, j++;
    return i == n;
  }
}

static void bound_summary(scr_name *sn) {
  const zeef_name *n = sn->name;
  if (n->ntok > SCR_BOUND_TOKENS) {
    sn->ntok = BOUND_NONE;
    return;
  }
  sn->ntok = (uint8_t)n->ntok;
  for (size_t i = 0; i < sn->ntok; i++) {
    double q = n->toks[i].weight * BOUND_QUANT + 0.5;
    sn->w[i] = (uint8_t)(q > 255 ? 255 : q);
    if (blockable(&n->toks[i])) sn->blockable |= (uint16_t)(1u << i);
    key4(&n->toks[i], sn->key[i]);
    if (n->toks[i].role == ZEEF_ROLE_INITIAL) sn->initials |= (uint16_t)(1u << i);
    if (n->toks[i].key_len <= 3) sn->short_keys |= (uint16_t)(1u << i);
  }
}

/* The traveller's side of the bound, computed once per query. */
typedef struct qbound {
  double w[32];       /* token weights */
  char key[32][5];    /* as scr_name.key */
  uint32_t initials;  /* tokens that are initials */
  uint32_t short_keys; /* as scr_name.short_keys */
  size_t ntok;        /* tokens, at most 32 */
  uint32_t blockable; /* tokens with keys */
  double extra;       /* weight of tokens past the 32nd: counted as matched */
  double fixed;       /* extra and the weight of tokens without keys */
} qbound;

/* The bit of the pair of traveller token i and listed token j in
** cand.pairs, or 0 past PAIR_TOKENS. */
static uint64_t pair_bit(size_t i, size_t j) {
  return i < PAIR_TOKENS && j < PAIR_TOKENS ? 1ull << (PAIR_TOKENS * i + j) : 0;
}

/* Adds to c the tokens that may match without sharing a key: short keys
** one edit apart (and their pairs), and an initial's possible partners
** (same first letter) on the other side. */
static void near_matches(const qbound *qb, cand *c, const scr_name *sn) {
  uint32_t qopen = qb->blockable & ~c->mask;
  uint16_t bopen = (uint16_t)(sn->blockable & ~c->bmask), bshort = bopen & sn->short_keys;
  /* short keys one edit apart: both keys short */
  for (uint32_t mi = bshort ? qopen & qb->short_keys : 0; mi; mi &= mi - 1) {
    int i = __builtin_ctz(mi);
    for (uint32_t m = bshort; m; m &= m - 1) {
      int j = __builtin_ctz(m);
      if (near_keys(qb->key[i], sn->key[j])) {
        c->mask |= 1u << i;
        c->bmask |= (uint16_t)(1u << j);
        c->pairs |= pair_bit((size_t)i, (size_t)j);
      }
    }
  }
  for (uint32_t mi = bopen ? qb->initials : 0; mi; mi &= mi - 1) {
    int i = __builtin_ctz(mi);
    for (uint32_t m = bopen; m; m &= m - 1) {
      int j = __builtin_ctz(m);
      if (qb->key[i][4] == sn->key[j][4]) c->mask |= 1u << i, c->bmask |= (uint16_t)(1u << j);
    }
  }
  for (uint32_t mj = sn->initials; mj && qopen; mj &= mj - 1) {
    int j = __builtin_ctz(mj);
    for (uint32_t m = qopen; m; m &= m - 1) {
      int i = __builtin_ctz(m);
      if (qb->key[i][4] == sn->key[j][4]) c->mask |= 1u << i;
    }
  }
}

/* The least share of its cost zeef_compare() charges an unmatched token:
** a middle name of a name that contains the other. */
#define MISS_LEAST (SUBSET_FACTOR * MISS_MIDDLE)

/* What the unmatched tokens of both sides cost at least (open_q of nopen_q
** tokens, open_b of nopen_b): a side with nothing unmatched is contained
** in the other, whose extra tokens cost less. */
static double open_cost(double open_q, int nopen_q, double open_b, int nopen_b) {
  if (!nopen_q) open_b *= MISS_LEAST;
  if (!nopen_b) open_q *= MISS_LEAST;
  return open_q + open_b;
}

/* One side's tokens that may be matched or not: what each earns and adds
** to the denominator matched (e, d), and the least it costs unmatched (m). */
typedef struct bound_side {
  size_t n;
  double e[32], d[32], m[32];
} bound_side;

/* Sorts g[0..n) in decreasing order (n is at most 32) and writes prefix sums
** to p[0..n]. */
static void prefix_desc(double *g, size_t n, double *p) {
  for (size_t i = 1; i < n; i++) {
    double v = g[i];
    size_t j = i;
    while (j > 0 && g[j - 1] < v) g[j] = g[j - 1], j--;
    g[j] = v;
  }
  p[0] = 0;
  for (size_t i = 0; i < n; i++) p[i + 1] = p[i] + g[i];
}

/* Whether some choice of which of each side's tokens are matched gives a
** ratio (n0 + sum of e over matched) / (d0 + sum of d over matched + sum
** of m over the rest) of at least r. Pairs are one to one, so the two sides
** match as many tokens, give or take iq and ib: the other side's initials,
** and joins (two tokens of one side against one of the other). The ratio
** reaches r exactly when n0 - r d0 - r (sum of m) + the best choice's sum
** of g = e - r (d - m) does not fall below 0 (as in Dinkelbach's method):
** for each count of matched tokens the best are those of largest g.
** Overwrites the sides' e with g (sorted). */
static int reaches(double n0, double d0, bound_side *q, bound_side *b, size_t iq, size_t ib,
                   double r) {
  double pq[33], pb[33], best = -1e300, f = n0 - r * d0;
  for (size_t i = 0; i < q->n; i++) f -= r * q->m[i], q->e[i] -= r * (q->d[i] - q->m[i]);
  for (size_t j = 0; j < b->n; j++) f -= r * b->m[j], b->e[j] -= r * (b->d[j] - b->m[j]);
  prefix_desc(q->e, q->n, pq);
  prefix_desc(b->e, b->n, pb);
  for (size_t x = 0; x <= q->n; x++)
    for (size_t y = 0; y <= b->n; y++) {
      if (x > y + ib || y > x + iq) continue;
      if (pq[x] + pb[y] > best) best = pq[x] + pb[y];
    }
  return f + best >= -1e-12;
}

/* What one token may earn and add to the denominator matched, as the best
** over its possible partners: e per unit of weight, p beyond its weight. */
typedef struct tok_best {
  double e[32], p[32];
  uint32_t have; /* tokens with a partner */
} tok_best;

static void tok_best_add(tok_best *t, size_t k, double e, double p) {
  t->have |= 1u << k;
  if (e > t->e[k]) t->e[k] = e;
  if (p < t->p[k]) t->p[k] = p;
}

/* Whether the score of the traveller against sn may reach floor, by an
** upper bound (up to the keys' blind spot) on zeef_compare()'s score, from
** the tokens on each side that share keys (c's mask, bmask: widened here by
** near_matches()), each taken as matched at similarity 1. Reads the summary
** in sn only. */
static int name_bound(const qbound *qb, cand *c, const scr_name *sn, double floor) {
  double num = qb->fixed, open_q = 0, den;
  unsigned num_b = 0, open_b = 0; /* in 1/BOUND_QUANT */
  uint32_t qo, bo;
  if (sn->ntok == BOUND_NONE) return 1;
  near_matches(qb, c, sn);
  qo = qb->blockable & ~c->mask, bo = sn->blockable & ~c->bmask;
  for (uint32_t m = qb->blockable & c->mask; m; m &= m - 1) num += qb->w[__builtin_ctz(m)];
  for (uint32_t m = qo; m; m &= m - 1) open_q += miss_cost(qb->w[__builtin_ctz(m)]);
  for (size_t i = 0; i < sn->ntok; i++) {
    unsigned w = sn->w[i];
    if ((bo >> i) & 1) open_b += w > MISS_FLOOR_Q ? w : MISS_FLOOR_Q;
    else num_b += w;
  }
  num += num_b * (1.0 / BOUND_QUANT);
  den = open_cost(open_q, __builtin_popcount(qo), open_b * (1.0 / BOUND_QUANT), __builtin_popcount(bo));
  return num > 0 && num >= floor * (num + den);
}

/* The same bound from the names themselves, for the candidates the first
** one lets through: each token's best similarity against the other name's
** tokens (zeef_compare()'s own token similarity, through its memo, so that
** scoring the candidate next finds the pairs computed) says what it can
** earn, and the least a pair below a firm match adds to the denominator
** (half to each token). A token with no partner at PAIR_MIN is unmatched;
** one with partners may still end unmatched when its partners go to others
** (pairs are one to one), costing then at least a contained name's extra
** token: reaches() asks whether some choice scores high enough. A join
** (jn, nj: Bel Mokhtar, Belmokhtar) earns what its similarity earns, and
** its two tokens share the larger of their weights, as in zeef_compare();
** each join lets one side match a token more. Without the keys' blind
** spot, this bounds zeef_compare() from above. */
static int bound_sims(const qbound *qb, const zeef_name *q, const cand *c, const scr_name *sn,
                      const cmp_join *jn, size_t nj, double floor) {
  const zeef_name *n = sn->name;
  double n0 = qb->extra, d0 = 0, open_q = 0, open_b = 0;
  int nopen_q = 0, nopen_b = 0;
  uint32_t bpart, qjoined = 0, bjoined = 0;
  tok_best tq, tb;
  bound_side sq, sb;
  /* partners: the listed tokens a traveller token may align with */
  bpart = (uint32_t)((sn->blockable & c->bmask) | sn->initials);
  tq.have = tb.have = 0;
  for (size_t i = 0; i < qb->ntok; i++) tq.e[i] = 0, tq.p[i] = 1e9;
  for (size_t j = 0; j < sn->ntok; j++) tb.e[j] = 0, tb.p[j] = 1e9;
  for (size_t i = 0; i < qb->ntok; i++) {
    uint32_t bit = 1u << i;
    int counts = (qb->blockable & c->mask & bit) != 0, initial = (qb->initials & bit) != 0;
    if (!counts && !initial) continue;
    for (uint32_t m = bpart; m; m &= m - 1) {
      size_t j = (size_t)__builtin_ctz(m);
      const tok *x = &q->toks[i], *y = &n->toks[j];
      double sim, e, pen;
      int cross = x->script != y->script;
      /* two tokens the keys did not pair: as the first bound, taken as
      ** unlike (initials are always tried) */
      if (!initial && !((sn->initials >> j) & 1) && pair_bit(i, j) && !(c->pairs & pair_bit(i, j)))
        continue;
      sim = cmp_pair_sim(x, y);
      if (sim <= 0) continue;
      e = cmp_pair_earns(sim, cross);
      /* an initial and its partner align for twice the lighter weight
      ** (zeef_compare()), not for both weights: the token with keys adds
      ** as little as that less the initial's, which counts whole */
      if (x->latin_len == 1 || y->latin_len == 1) pen = -fabs(x->weight - y->weight);
      else pen = cmp_pair_penalty(sim, cross, x->weight + y->weight) / 2;
      if (counts) tok_best_add(&tq, i, e, pen);
      tok_best_add(&tb, j, e, pen);
    }
  }
  for (size_t h = 0; h < nj; h++) {
    const cmp_join *x = &jn[h];
    const zeef_name *two = x->side ? n : q, *one = x->side ? q : n;
    tok_best *t2 = x->side ? &tb : &tq, *t1 = x->side ? &tq : &tb;
    size_t lim2 = x->side ? sn->ntok : qb->ntok, lim1 = x->side ? qb->ntok : sn->ntok;
    const tok *a = &two->toks[x->i], *a2 = &two->toks[x->i + 1];
    double e = cmp_pair_earns(x->sim, a->script != one->toks[x->j].script);
    double big = a->weight > a2->weight ? a->weight : a2->weight, sum = a->weight + a2->weight;
    for (size_t k = x->i; k <= x->i + 1u && k < lim2; k++) {
      double w = two->toks[k].weight;
      tok_best_add(t2, k, e, (sum > 0 ? big * w / sum : 0) - w);
    }
    if (x->j < lim1) tok_best_add(t1, x->j, e, 0);
    if (x->side) qjoined |= 1u << (x->j & 31);
    else bjoined |= 1u << (x->j & 31);
  }
  tb.have &= sn->blockable; /* listed initials count as matched anyway */
  sq.n = sb.n = 0;
  for (size_t i = 0; i < qb->ntok; i++) {
    uint32_t bit = 1u << i;
    double w = qb->w[i];
    if (!(qb->blockable & bit)) n0 += w, d0 += w;
    else if (tq.have & bit) {
      sq.e[sq.n] = tq.e[i] * w, sq.d[sq.n] = w + tq.p[i];
      sq.m[sq.n++] = miss_cost(w) * MISS_LEAST;
    } else open_q += miss_cost(w), nopen_q++;
  }
  for (size_t j = 0; j < sn->ntok; j++) {
    uint32_t bit = 1u << j;
    double w = n->toks[j].weight;
    if (!(sn->blockable & bit)) n0 += w, d0 += w;
    else if (tb.have & bit) {
      sb.e[sb.n] = tb.e[j] * w, sb.d[sb.n] = w + tb.p[j];
      sb.m[sb.n++] = miss_cost(w) * MISS_LEAST;
    } else open_b += miss_cost(w), nopen_b++;
  }
  return reaches(n0, d0 + open_cost(open_q, nopen_q, open_b, nopen_b), &sq, &sb,
                 (size_t)__builtin_popcount(qb->initials) + (size_t)__builtin_popcount(qjoined),
                 (size_t)__builtin_popcount(sn->initials) + (size_t)__builtin_popcount(bjoined), floor);
}

/* Whether the bound of bound_sims() reaches floor: first without joins,
** then, only when that falls short, with them (joins can only raise it).
** Joins are looked for only where a shared key was a joined one: the
** first bound takes tokens that share no key as unmatched, and a join the
** keys did not see (Denberg, Der Berg) is that same blind spot; searching
** every candidate for joins was a seventh of the time. */
static int name_bound_sims(const qbound *qb, const zeef_name *q, const cand *c, const scr_name *sn,
                           double floor) {
  cmp_join jn[CMP_JOINS_MAX];
  size_t nj;
  if (sn->ntok == BOUND_NONE || bound_sims(qb, q, c, sn, NULL, 0, floor)) return 1;
  if (!c->joined) return 0;
  nj = cmp_joins(q, sn->name, jn);
  return nj && bound_sims(qb, q, c, sn, jn, nj, floor);
}

/* -------------------------------------------------------------- Building */

static void report(zeef_diag_fn diag, void *ud, const zeef_list *l, const zeef_entity *e,
                   const char *msg) {
  zeef_diag d;
  if (!diag) return;
  d.file = zeef_list_name(l);
  d.line = e->line;
  d.record = e->id;
  d.message = msg;
  d.fatal = 0;
  diag(ud, &d);
}

zeef_status zeef_screener_new(const zeef_ctx *ctx, const zeef_list *const *lists, size_t nlists,
                              zeef_diag_fn diag, void *ud, zeef_screener **out) {
  zeef_screener *s;
  zeef_status rc = ZEEF_OK;
  pair *keys = NULL, *docs = NULL;
  size_t nkeys = 0, capkeys = 0, ndocs = 0, capdocs = 0, total = 0;
  bkey *bk = NULL;
  if (!out) return ZEEF_E_INVALID;
  *out = NULL;
  if (!ctx || (!lists && nlists) || nlists > 255) return ZEEF_E_INVALID;
  s = mem_calloc(&ctx->m, 1, sizeof *s);
  if (!s) return ZEEF_E_NOMEM;
  s->m = ctx->m;
  s->ctx = ctx;
  s->nlists = nlists;
  s->lists = mem_calloc(&s->m, nlists, sizeof *s->lists);
  bk = mem_array(&s->m, MAX_BLOCK_KEYS, sizeof *bk);
  if (!s->lists || !bk) {
    rc = ZEEF_E_NOMEM;
    goto out;
  }
  for (size_t l = 0; l < nlists; l++) {
    s->lists[l] = lists[l];
    for (size_t e = 0; e < zeef_list_count(lists[l]); e++) total += zeef_list_entity(lists[l], e)->nnames;
  }
  s->names = mem_calloc(&s->m, total, sizeof *s->names);
  if (!s->names) {
    rc = ZEEF_E_NOMEM;
    goto out;
  }
  for (size_t l = 0; l < nlists && !rc; l++) {
    const zeef_list *list = lists[l];
    if (zeef_list_count(list) >= (1u << 24)) {
      rc = ZEEF_E_TOOBIG;
      break;
    }
    for (size_t e = 0; e < zeef_list_count(list) && !rc; e++) {
      const zeef_entity *ent = zeef_list_entity(list, e);
      for (size_t i = 0; i < ent->nnames && !rc; i++) {
        zeef_name *nm = NULL;
        size_t k;
        zeef_status a = zeef_name_analyze(ctx, ent->names[i], strlen(ent->names[i]), ZEEF_FORM_FREE, &nm);
        if (a == ZEEF_E_NOMEM) {
          rc = a;
          break;
        }
        if (a) {
          char msg[160];
          snprintf(msg, sizeof msg, "name \"%.60s\" not indexed: %s", ent->names[i], zeef_strerror(a));
          report(diag, ud, list, ent, msg);
          continue;
        }
        memset(&s->names[s->nnames], 0, sizeof s->names[s->nnames]);
        s->names[s->nnames].name = nm;
        s->names[s->nnames].list = (uint32_t)l;
        s->names[s->nnames].entity = (uint32_t)e;
        s->names[s->nnames].index = (uint16_t)i;
        s->names[s->nnames].quality = ent->name_quality[i];
        s->names[s->nnames].has_docs = ent->ndocs > 0;
        bound_summary(&s->names[s->nnames]);
        k = name_keys(nm, bk);
        if (nkeys + k > capkeys) {
          size_t cap = capkeys ? capkeys * 2 : 65536;
          pair *nk;
          while (cap < nkeys + k) cap *= 2;
          nk = mem_realloc(&s->m, keys, cap, sizeof *nk);
          if (!nk) {
            zeef_name_free(nm); /* not yet counted in s->nnames */
            rc = ZEEF_E_NOMEM;
            break;
          }
          keys = nk;
          capkeys = cap;
        }
        for (size_t j = 0; j < k; j++) keys[nkeys++] = (pair){bk[j].hash, (uint32_t)s->nnames, name_bits(&bk[j])};
        s->nnames++;
      }
      for (size_t d = 0; d < ent->ndocs && !rc; d++) {
        char canon[64];
        size_t cn = ev_doc_canon(ent->docs[d].number, canon, sizeof canon);
        if (cn < 3) continue;
        if (ndocs == capdocs) {
          size_t cap = capdocs ? capdocs * 2 : 4096;
          pair *nd = mem_realloc(&s->m, docs, cap, sizeof *nd);
          if (!nd) {
            rc = ZEEF_E_NOMEM;
            break;
          }
          docs = nd;
          capdocs = cap;
        }
        docs[ndocs++] = (pair){hash_tagged('D', canon, cn), (uint32_t)(l << 24 | e), 0};
      }
    }
  }
  if (!rc)
    rc = build_map(&s->m, keys, nkeys, &s->slots, &s->mask, &s->postings, &s->postbits,
                   &s->npostings, &s->bytes);
  if (!rc)
    rc = build_map(&s->m, docs, ndocs, &s->docs, &s->docmask, &s->docpost, NULL, &s->ndocpost,
                   &s->bytes);
out:
  mem_free(&s->m, keys);
  mem_free(&s->m, docs);
  mem_free(&s->m, bk);
  if (rc) {
    zeef_screener_free(s);
    return rc;
  }
  s->bytes += sizeof *s + s->nnames * sizeof *s->names;
  for (size_t i = 0; i < s->nnames; i++)
    s->bytes += sizeof(zeef_name) + s->names[i].name->ntok * sizeof(tok);
  *out = s;
  return ZEEF_OK;
}

static void scratch_free(const mem *m, scr_scratch *x) {
  if (!x) return;
  mem_free(m, x->seen);
  mem_free(m, x->c);
  mem_free(m, x);
}

void zeef_screener_free(zeef_screener *s) {
  mem m;
  if (!s) return;
  m = s->m;
  for (size_t i = 0; i < s->nnames; i++) zeef_name_free(s->names[i].name);
  mem_free(&m, s->names);
  mem_free(&m, s->lists);
  mem_free(&m, s->slots);
  mem_free(&m, s->postings);
  mem_free(&m, s->postbits);
  mem_free(&m, s->docs);
  mem_free(&m, s->docpost);
  for (size_t i = 0; i < SCR_POOL; i++) scratch_free(&m, atomic_load(&s->pool[i]));
  mem_free(&m, s);
}

size_t zeef_screener_names(const zeef_screener *s) { return s ? s->nnames : 0; }
size_t zeef_screener_bytes(const zeef_screener *s) { return s ? s->bytes : 0; }

/* The first indexed name at or after (list, entity, index): names are built
** in that order, so a binary search finds it. */
static size_t name_at(const zeef_screener *s, uint32_t l, size_t e, size_t index) {
  size_t lo = 0, hi = s->nnames;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    const scr_name *n = &s->names[mid];
    if (n->list < l || (n->list == l && (n->entity < e || (n->entity == e && n->index < index))))
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

const zeef_name *zeef_screener_hit_name(const zeef_screener *s, const zeef_hit *h) {
  uint32_t l = 0;
  size_t k;
  if (!s || !h) return NULL;
  while (l < s->nlists && s->lists[l] != h->list) l++;
  k = name_at(s, l, h->entity, h->name);
  if (k < s->nnames && s->names[k].list == l && s->names[k].entity == h->entity &&
      s->names[k].index == h->name)
    return s->names[k].name;
  return NULL;
}

/* -------------------------------------------------------------- Querying */

/* How far ahead the bound's and the scorer's loops fetch memory. */
#define PREFETCH_BOUND 8
#define PREFETCH_SCORE 2

/* Takes a scratch from the screener's pool, or makes one; NULL when out of
** memory. Its stamp is new: no name is marked as met. */
static scr_scratch *scratch_take(const zeef_screener *cs) {
  zeef_screener *s = (zeef_screener *)cs; /* the pool is the one mutable part */
  scr_scratch *x = NULL;
  for (size_t i = 0; i < SCR_POOL && !x; i++) x = atomic_exchange(&s->pool[i], NULL);
  if (!x) {
    x = mem_calloc(&s->m, 1, sizeof *x);
    if (!x) return NULL;
    x->seen = mem_calloc(&s->m, s->nnames, sizeof *x->seen);
    if (!x->seen) {
      mem_free(&s->m, x);
      return NULL;
    }
  }
  if (++x->stamp == 0) {
    memset(x->seen, 0, (s->nnames ? s->nnames : 1) * sizeof *x->seen);
    x->stamp = 1;
  }
  return x;
}

/* Gives x back to the pool, or frees it when the pool is full. */
static void scratch_give(const zeef_screener *cs, scr_scratch *x) {
  zeef_screener *s = (zeef_screener *)cs;
  for (size_t i = 0; i < SCR_POOL; i++) {
    scr_scratch *none = NULL;
    if (atomic_compare_exchange_strong(&s->pool[i], &none, x)) return;
  }
  scratch_free(&s->m, x);
}

/* Room for n candidates in x->c. */
static zeef_status scratch_room(const mem *m, scr_scratch *x, size_t n) {
  cand *nc;
  if (n <= x->cap) return ZEEF_OK;
  nc = mem_realloc(m, x->c, n, sizeof *nc);
  if (!nc) return ZEEF_E_NOMEM;
  x->c = nc;
  x->cap = n;
  return ZEEF_OK;
}

/* The candidate for name id: a new one when insert is set, else NULL when
** the call has not met the name. */
static inline __attribute__((always_inline)) cand *meet(scr_scratch *x, size_t *n, uint32_t id,
                                                         int insert) {
  uint32_t *sv = x->seen[id];
  if (sv[0] == x->stamp) return &x->c[sv[1]];
  if (!insert) return NULL;
  sv[0] = x->stamp;
  sv[1] = (uint32_t)*n;
  x->c[*n] = (cand){id, 0, 0, 0, 0, 0};
  return &x->c[(*n)++];
}

/* A scored candidate, before explanation. */
typedef struct res {
  double score;
  uint32_t name_id, list, entity;
  uint16_t index;
} res;

/* By entity, best first within an entity, then the earlier name. */
static int by_entity(const void *x, const void *y) {
  const res *a = x, *b = y;
  if (a->list != b->list) return a->list < b->list ? -1 : 1;
  if (a->entity != b->entity) return a->entity < b->entity ? -1 : 1;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

/* Best first; ties by list order, then entity. */
static int by_score(const void *x, const void *y) {
  const res *a = x, *b = y;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  if (a->list != b->list) return a->list < b->list ? -1 : 1;
  return a->entity < b->entity ? -1 : a->entity > b->entity;
}

/* Compares the traveller with one listed name and weighs the evidence into
** *h; sentences only when explain is set. A name score below hopeless
** (no more than SCR_NAME_GATE, and no document to weigh) is final: the
** evidence cannot raise it (evidence.c), so it is not weighed; returns 0
** then, else 1. */
static int score_one(const zeef_screener *s, const zeef_traveller *t, const scr_name *sn,
                     int explain, double hopeless, zeef_hit *h) {
  const zeef_entity *e = zeef_list_entity(s->lists[sn->list], sn->entity);
  h->nevidence = 0;
  zeef_compare(s->ctx, t->name, sn->name, &h->match);
  if (h->match.score < hopeless) return 0;
  h->list = s->lists[sn->list];
  h->entity = sn->entity;
  h->name = sn->index;
  h->name_score = h->match.score;
  ev_score(t, e, sn->name, &h->match, explain, h);
  return 1;
}

/* The traveller tokens a key stands for: a joined key, both of its. */
static uint32_t key_bits(const bkey *k) {
  uint32_t t = k->tok < 32 ? k->tok : 31;
  return (1u << t) | (k->joined && t > 0 ? 1u << (t - 1) : 0);
}

/* A traveller's key with its postings, looked up once. */
typedef struct qkey {
  const scr_slot *slot;
  uint32_t n; /* postings */
  uint32_t k; /* index in the traveller's keys */
} qkey;

/* Shorter postings first (ties by key order: deterministic). */
static int by_postings(const void *x, const void *y) {
  const qkey *a = x, *b = y;
  if (a->n != b->n) return a->n < b->n ? -1 : 1;
  return a->k < b->k ? -1 : a->k > b->k;
}

static zeef_status screen(const zeef_screener *s, const zeef_traveller *t, double min_score,
                          zeef_hit *hits, size_t cap, size_t *nhits, int all);

/* Whether the bounds may drop candidate c of name sn: not in the exhaustive
** pass (prune_below 0), nor when a document may decide (the document index
** met the entity, or the traveller carries one and the entity lists some),
** which the bounds on the name cannot see. */
static int may_prune(const zeef_traveller *t, const cand *c, const scr_name *sn, double prune_below) {
  return prune_below > 0 && !c->doc && !(t->doc_number && sn->has_docs);
}

zeef_status zeef_screen(const zeef_screener *s, const zeef_traveller *t, double min_score,
                        zeef_hit *hits, size_t cap, size_t *nhits) {
  return screen(s, t, min_score, hits, cap, nhits, 0);
}

zeef_status zeef_screen_exhaustive(const zeef_screener *s, const zeef_traveller *t,
                                   double min_score, zeef_hit *hits, size_t cap, size_t *nhits) {
  return screen(s, t, min_score, hits, cap, nhits, 1);
}

static zeef_status screen(const zeef_screener *s, const zeef_traveller *t, double min_score,
                          zeef_hit *hits, size_t cap, size_t *nhits, int all) {
  bkey qk[MAX_BLOCK_KEYS];
  const zeef_name *q;
  size_t nq, budget = 0;
  double total_w = 0, tw[32] = {0};
  scr_scratch *xs = NULL;
  size_t ncand = 0;
  res *out = NULL;
  size_t nout = 0, capout = 0;
  zeef_status rc = ZEEF_OK;
  zeef_hit scratch;
  qbound qb;
  double prune_below, hopeless;
  cand **pick = NULL; /* candidates past the cover, then past the bound */
  size_t npick = 0, nkeep = 0;
  if (!nhits) return ZEEF_E_INVALID;
  *nhits = 0;
  if (!s || !t || !t->name || (!hits && cap)) return ZEEF_E_INVALID;
  q = t->name;
  nq = name_keys(q, qk);
  memset(&qb, 0, sizeof qb);
  for (size_t i = 0; i < q->ntok; i++) {
    const tok *x = &q->toks[i];
    if (i >= 32) {
      qb.extra += x->weight;
      continue;
    }
    qb.w[i] = x->weight;
    qb.ntok = i + 1;
    key4(x, qb.key[i]);
    if (x->role == ZEEF_ROLE_INITIAL) qb.initials |= 1u << i;
    if (x->key_len <= 3) qb.short_keys |= 1u << i;
    if (!blockable(x)) {
      qb.fixed += x->weight;
      continue;
    }
    qb.blockable |= 1u << i;
    tw[i] = x->weight > COVER_FLOOR ? x->weight : COVER_FLOOR;
    total_w += tw[i];
  }
  qb.fixed += qb.extra;
  {
    double gate = min_score < SCR_NAME_GATE ? min_score : SCR_NAME_GATE;
    prune_below = all ? 0.0 : gate - BOUND_MARGIN;
    hopeless = gate;
  }
  /* Keys whose postings are long (a common name) add candidates only when
  ** the tokens that have such keys could reach the cover on their own
  ** (then the shortest of them seeds); otherwise a candidate met only
  ** through them would fall short of it, and they just update the
  ** candidates shorter lists found. */
  {
    qkey order[MAX_BLOCK_KEYS];
    double long_w = 0;
    uint32_t long_tok = 0;
    int common_only;
    for (size_t i = 0; i < nq; i++) {
      const scr_slot *sl = slot_of(s->slots, s->mask, qk[i].hash);
      order[i] = (qkey){sl, sl->n, (uint32_t)i};
      if (sl->n > LONG_POSTINGS) long_tok |= key_bits(&qk[i]);
    }
    /* A candidate no short list holds shares long keys only: its cover is
    ** at most the weight of the tokens that have long keys. */
    for (size_t b = 0; b < 32; b++)
      if (long_tok & (1u << b)) long_w += tw[b];
    common_only = long_w >= COVER_MIN * total_w;
    /* a few dozen keys: insertion sort */
    for (size_t i = 1; i < nq; i++) {
      qkey v = order[i];
      size_t j = i;
      while (j > 0 && by_postings(&order[j - 1], &v) > 0) order[j] = order[j - 1], j--;
      order[j] = v;
    }
    for (size_t k = 0; k < nq; k++)
      if (order[k].n <= LONG_POSTINGS || all || (common_only && k == 0)) budget += order[k].n;
    if (t->doc_number) budget += 64;
    if (t->doc_number_alt) budget += 64;
    if (all) budget = s->nnames;
    if (budget > s->nnames) budget = s->nnames;
    xs = scratch_take(s);
    if (!xs) return ZEEF_E_NOMEM;
    if (scratch_room(&s->m, xs, budget ? budget : 1)) {
      scratch_give(s, xs);
      return ZEEF_E_NOMEM;
    }
    for (size_t k = 0; k < nq; k++) {
      const scr_slot *sl = order[k].slot;
      uint32_t bit = key_bits(&qk[order[k].k]);
      int insert = sl->n <= LONG_POSTINGS || all || (common_only && k == 0);
      uint8_t joined = (uint8_t)qk[order[k].k].joined;
      /* one byte of pairs per traveller token of the key: times the
      ** posting's bits, each byte holds them */
      uint64_t lanes = 0;
      for (uint32_t m = bit & ((1u << PAIR_TOKENS) - 1); m; m &= m - 1)
        lanes |= 1ull << (PAIR_TOKENS * (unsigned)__builtin_ctz(m));
      for (uint32_t p = 0; p < sl->n; p++) {
        cand *c = meet(xs, &ncand, s->postings[sl->off + p], insert);
        if (c) {
          uint16_t b = s->postbits[sl->off + p];
          c->mask |= bit;
          c->bmask |= b;
          c->pairs |= lanes * (b & ((1u << PAIR_TOKENS) - 1));
          /* a listed joined key stands for two tokens: two bits */
          c->joined |= joined | ((b & (b - 1)) != 0);
        }
      }
    }
  }
  for (int v = 0; v < 2; v++) {
    const char *num = v == 0 ? t->doc_number : t->doc_number_alt;
    char canon[64];
    size_t cn = num ? ev_doc_canon(num, canon, sizeof canon) : 0;
    if (cn >= 3) {
      const scr_slot *sl = slot_of(s->docs, s->docmask, hash_tagged('D', canon, cn));
      for (uint32_t p = 0; p < sl->n; p++) {
        uint32_t ref = s->docpost[sl->off + p], l = ref >> 24, e = ref & 0xFFFFFF;
        /* every name of the entity is a candidate */
        for (size_t k = name_at(s, l, e, 0);
             k < s->nnames && s->names[k].list == l && s->names[k].entity == e;
             k++) {
          cand *c = meet(xs, &ncand, (uint32_t)k, ncand < xs->cap);
          if (c) c->doc = 1;
        }
      }
    }
  }
  if (all)
    for (size_t k = 0; k < s->nnames; k++) meet(xs, &ncand, (uint32_t)k, 1)->doc |= 2;
  /* Score every candidate cheaply (no sentences); keep the best name per
  ** entity; explain only the hits returned. Each stage lists its survivors
  ** first, so that the memory the next stage reads (the bound's summary,
  ** then the analysed name and the entity) can be fetched ahead: these
  ** loads miss the caches, and waiting for them one by one was most of
  ** the time. */
  pick = mem_array(&s->m, ncand, sizeof *pick);
  if (!pick) rc = ZEEF_E_NOMEM;
  for (size_t i = 0; i < ncand && !rc; i++) {
    cand *c = &xs->c[i];
    double cover = 0;
    double whole = total_w;
    for (uint32_t m = c->mask; m; m &= m - 1) cover += tw[__builtin_ctz(m)];
    /* A key of three letters or fewer has no deletion keys: a partner one
    ** letter off shares none (Damel tml, Djamel jml). Unshared, such a
    ** token counts in the whole at the floor only; the first bound then
    ** asks whether the two keys are one letter apart. */
    for (uint32_t m = qb.short_keys & qb.blockable & ~c->mask; m; m &= m - 1)
      whole -= tw[__builtin_ctz(m)] - COVER_FLOOR;
    if (!c->doc && (total_w <= 0 || cover < COVER_MIN * whole)) continue;
    c->doc &= 1; /* bit 1 only marked the exhaustive pass */
    pick[npick++] = c;
  }
  /* a name that cannot reach min_score is not scored (may_prune) */
  for (size_t k = 0; k < npick && !rc; k++) {
    cand *c = pick[k];
    const scr_name *sn = &s->names[c->id];
    if (k + PREFETCH_BOUND < npick) {
      const char *ahead = (const char *)&s->names[pick[k + PREFETCH_BOUND]->id];
      __builtin_prefetch(ahead);
      __builtin_prefetch(ahead + 64);
    }
    if (may_prune(t, c, sn, prune_below) && !name_bound(&qb, c, sn, prune_below))
      continue;
    pick[nkeep++] = pick[k];
  }
  for (size_t k = 0; k < nkeep && !rc; k++) {
    const cand *c = pick[k];
    const scr_name *sn = &s->names[c->id];
    zeef_hit *h = &scratch;
    if (k + PREFETCH_SCORE < nkeep) {
      const scr_name *a = &s->names[pick[k + PREFETCH_SCORE]->id];
      const char *nm = (const char *)a->name;
      /* the analysed name and its tokens (one allocation) */
      size_t bytes = sizeof(zeef_name) + (a->ntok < SCR_BOUND_TOKENS ? a->ntok : SCR_BOUND_TOKENS) * sizeof(tok);
      for (size_t at = 0; at < bytes; at += 64) __builtin_prefetch(nm + at);
      __builtin_prefetch(zeef_list_entity(s->lists[a->list], a->entity));
    }
    int prune = may_prune(t, c, sn, prune_below);
    if (prune && !name_bound_sims(&qb, q, c, sn, prune_below)) continue;
    if (!score_one(s, t, sn, 0, prune ? hopeless : 0, h) ||
        h->score < min_score)
      continue;
    if (nout == capout) {
      size_t nc = capout ? capout * 2 : 64;
      res *no = mem_realloc(&s->m, out, nc, sizeof *no);
      if (!no) {
        rc = ZEEF_E_NOMEM;
        break;
      }
      out = no;
      capout = nc;
    }
    out[nout++] = (res){h->score, pick[k]->id, sn->list, sn->entity, sn->index};
  }
  if (!rc && nout) {
    size_t k = 0;
    /* one result per entity: its best name (ties: the earlier name) */
    qsort(out, nout, sizeof *out, by_entity);
    for (size_t i = 0; i < nout; i++)
      if (i == 0 || out[i].list != out[k - 1].list || out[i].entity != out[k - 1].entity)
        out[k++] = out[i];
    nout = k;
    qsort(out, nout, sizeof *out, by_score);
    for (size_t i = 0; i < nout && i < cap; i++) score_one(s, t, &s->names[out[i].name_id], 1, 0, &hits[i]);
    *nhits = nout < cap ? nout : cap;
  }
  mem_free(&s->m, out);
  mem_free(&s->m, pick);
  scratch_give(s, xs);
  return rc;
}
