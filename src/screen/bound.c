/*
** bound.c: the two upper bounds on a candidate's name score that let the
** screener (index.c) drop most candidates without scoring them: the first
** from the blocking keys the candidate shares with the traveller, the
** second from the similarities of the tokens that share them. Both keep to
** the keys' view of the names, and both err only where two tokens match
** without sharing a key (spellings two edits apart, joins the keys did not
** see): SCR_BOUND_MARGIN absorbs that, and bench/screen_bench measures the
** index's recall against exhaustive scoring with the bounds on.
**
** Most candidates share a key or two with the traveller and are far from
** a match: scoring them in full is most of the work. Their name score is
** bounded from what the keys already say: a token on either side that
** shares no blocking key with the other name is taken as unmatched and
** costs what zeef_compare() would charge at least (MISS_FLOOR, discounted
** as if the other name were contained in this one), every other token as
** matched at similarity 1. Tokens without keys (titles, particles,
** initials) count as matched, and so do an initial's possible partners on
** the other side (same first letter) and two unshared keys of three letters
** or fewer one edit apart (Qasim ksm, Wasim wsm: such keys have no deletion
** keys to share). The second bound, from the tokens' similarities, pairs
** only tokens whose keys met, and looks for joins only where a joined key
** was shared. Names of more tokens than SCR_BOUND_TOKENS are not bounded.
*/
#include "screen.h"

#include <math.h>
#include <string.h>

#define BOUND_QUANT 200.0
#define BOUND_NONE 255 /* scr_name.ntok of a name too long to bound */
#define MISS_FLOOR_Q ((unsigned)(MISS_FLOOR * BOUND_QUANT + 0.5)) /* MISS_FLOOR in quanta */

static double miss_cost(double w) { return w > MISS_FLOOR ? w : MISS_FLOOR; }

static void key4(const tok *t, char out[5]) {
  memcpy(out, t->key, t->key_len < 3 ? t->key_len : 3);
  out[3] = (char)(t->key_len < 127 ? t->key_len : 127);
  out[4] = t->latin[0];
}

/* ------------------------------------------------------- The traveller */

void bnd_query(const zeef_name *q, scr_qbound *qb) {
  memset(qb, 0, sizeof *qb);
  for (size_t i = 0; i < q->ntok; i++) {
    const tok *x = &q->toks[i];
    if (i >= 32) {
      qb->extra += x->weight;
      continue;
    }
    qb->w[i] = x->weight;
    qb->ntok = i + 1;
    key4(x, qb->key[i]);
    if (x->role == ZEEF_ROLE_INITIAL) qb->initials |= 1u << i;
    if (x->key_len <= 3) qb->short_keys |= 1u << i;
    if (!scr_blockable(x)) qb->fixed += x->weight;
    else qb->blockable |= 1u << i;
  }
  qb->fixed += qb->extra;
}

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

void bnd_summary(scr_name *sn) {
  const zeef_name *n = sn->name;
  if (n->ntok > SCR_BOUND_TOKENS) {
    sn->ntok = BOUND_NONE;
    return;
  }
  sn->ntok = (uint8_t)n->ntok;
  for (size_t i = 0; i < sn->ntok; i++) {
    double q = n->toks[i].weight * BOUND_QUANT + 0.5;
    sn->w[i] = (uint8_t)(q > 255 ? 255 : q);
    if (scr_blockable(&n->toks[i])) sn->blockable |= (uint16_t)(1u << i);
    key4(&n->toks[i], sn->key[i]);
    if (n->toks[i].role == ZEEF_ROLE_INITIAL) sn->initials |= (uint16_t)(1u << i);
    if (n->toks[i].key_len <= 3) sn->short_keys |= (uint16_t)(1u << i);
  }
}

/* The bit of the pair of traveller token i and listed token j in
** scr_cand.pairs, or 0 past SCR_PAIR_TOKENS. */
static uint64_t pair_bit(size_t i, size_t j) {
  return i < SCR_PAIR_TOKENS && j < SCR_PAIR_TOKENS ? 1ull << (SCR_PAIR_TOKENS * i + j) : 0;
}

/* Adds to c the tokens that may match without sharing a key: short keys
** one edit apart (and their pairs), and an initial's possible partners
** (same first letter) on the other side. */
static void near_matches(const scr_qbound *qb, scr_cand *c, const scr_name *sn) {
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
int bnd_keys(const scr_qbound *qb, scr_cand *c, const scr_name *sn, double floor) {
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
** its tokens share the largest of their weights, as in zeef_compare();
** each join lets one side match a token more. Without the keys' blind
** spot, this bounds zeef_compare() from above. */
static int bound_sims(const scr_qbound *qb, const zeef_name *q, const scr_cand *c, const scr_name *sn,
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
    const tok *a = &two->toks[x->i];
    double e = cmp_pair_earns(x->sim, a->script != one->toks[x->j].script);
    double big = 0, sum = 0;
    for (size_t k = x->i; k < x->i + (size_t)x->len; k++) {
      double w = two->toks[k].weight;
      big = w > big ? w : big;
      sum += w;
    }
    for (size_t k = x->i; k < x->i + (size_t)x->len && k < lim2; k++) {
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
int bnd_sims(const scr_qbound *qb, const zeef_name *q, const scr_cand *c, const scr_name *sn,
             double floor) {
  cmp_join jn[CMP_JOINS_MAX];
  size_t nj;
  if (sn->ntok == BOUND_NONE || bound_sims(qb, q, c, sn, NULL, 0, floor)) return 1;
  if (!c->joined) return 0;
  nj = cmp_joins(q, sn->name, jn);
  return nj && bound_sims(qb, q, c, sn, jn, nj, floor);
}

