/*
** index.c: the screener: an inverted index from blocking keys to the listed
** names that carry them, and zeef_screen().
**
** Blocking keys of a name: for every token that is neither a title, a
** particle nor an initial, its phonetic key, its second-reading key, the
** keys of its stems without a Baltic ending, and every such key with one
** letter deleted (symmetric deletion: two keys one edit apart share at
** least one of these); for a short form of given names (Bill), the keys of
** the full names it stands for (William, Robert); for a Korean family
** name, its romanisations' cluster (Lee, Rhee, Yi); and the key of every run
** of two to CMP_RUN_MAX adjacent tokens written as one (Bel Mokhtar,
** Belmokhtar; Abu Bakr al-Baghdadi, Abubakralbaghdadi). A traveller's name makes the same keys. A
** listed name becomes a candidate when it shares keys with the traveller's
** tokens that carry at least COVER_MIN of the traveller's name weight (a
** token with a short key, which has no deletion keys, counts in that
** weight at the floor only when it shares none); a candidate whose name
** score two bounds (bound.c: from the keys, then from the tokens) show
** cannot reach the floor is dropped, the others are scored in full
** (zeef_compare and the evidence of evidence.c). screen() runs these as
** stages, each a function below: prepare, gather, meet_documents, cover,
** first_bound, score_all, rank. Documents have their
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
#define MAX_BLOCK_KEYS                                                                                       \
  (ZEEF_NAME_MAX_TOKENS * (4 + 4 * TOK_KEY_MAX + TAB_FULL_MAX + CMP_RUN_MAX * (1 + TOK_KEY_MAX)))

typedef struct bkey {
  uint64_t hash;
  uint32_t tok;    /* bit index of the token in the name (0..31) */
  uint32_t joined; /* > 0: the key of tokens tok - joined .. tok written as one */
} bkey;

/* ------------------------------------------------------------ Key making */

static uint64_t hash_tagged(char tag, const char *s, size_t n) {
  char buf[TOK_LATIN_MAX * 2 + 2];
  if (n > sizeof buf - 1) n = sizeof buf - 1;
  buf[0] = tag;
  memcpy(buf + 1, s, n);
  return tab_hash(buf, n + 1);
}

/* Adds key and its one-letter deletions, standing for token ti and the
** joined tokens before it. */
static size_t add_key_span(bkey *out, size_t k, const char *key, size_t n, uint32_t ti, uint32_t joined) {
  char del[TOK_KEY_MAX];
  out[k++] = (bkey){hash_tagged('K', key, n), ti, joined};
  /* a deletion of a three-letter key leaves two letters: too common to block on */
  if (n >= 4)
    for (size_t i = 0; i < n; i++) {
      memcpy(del, key, i);
      memcpy(del + i, key + i + 1, n - i - 1);
      out[k++] = (bkey){hash_tagged('K', del, n - 1), ti, joined};
    }
  return k;
}

static size_t add_key(bkey *out, size_t k, const char *key, size_t n, uint32_t ti) {
  return add_key_span(out, k, key, n, ti, 0);
}

/* Adds the keys of form f (a token, or one of its readings) standing for
** token ti: its key, and a Korean family name's cluster, which meets the
** name's other romanisations (Lee, Rhee, Yi). */
static size_t add_form(bkey *out, size_t k, const tok *f, uint32_t ti) {
  k = add_key(out, k, f->key, f->key_len, ti);
  if (f->variant & TAB_KOREAN)
    out[k++] = (bkey){hash_tagged('V', (const char *)&f->variant, sizeof f->variant), ti, 0};
  return k;
}

/* Fills out with the blocking keys of name n; returns how many. */
static size_t name_keys(const zeef_name *n, bkey *out) {
  size_t k = 0;
  for (size_t i = 0; i < n->ntok && i < 32; i++) {
    const tok *t = &n->toks[i];
    if (!scr_blockable(t)) continue;
    k = add_form(out, k, t, (uint32_t)i);
    if (t->alt_key_len) k = add_key(out, k, t->alt_key, t->alt_key_len, (uint32_t)i);
    /* a Han character meets its Korean and Japanese readings (金: Kim) */
    for (size_t r = 0; r < t->nreads && k + TOK_KEY_MAX + 2 < MAX_BLOCK_KEYS; r++)
      k = add_form(out, k, &t->reads[r], (uint32_t)i);
    /* a short form meets its full names' own keys (Bill: wlm of William) */
    for (size_t f = 0; f < t->nnick; f++)
      out[k++] = (bkey){hash_tagged('K', t->nick[f].key, t->nick[f].key_len), (uint32_t)i, 0};
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
  /* runs of 2 to CMP_RUN_MAX adjacent tokens written as one (Bel Mokhtar,
  ** Van den Broucke): the key stands for the run's last token and the
  ** joined - 1 before it */
  for (size_t i = 0; i + 1 < n->ntok && i + 1 < 32; i++) {
    char lat[TOK_LATIN_MAX * 2 + 1], key[TOK_KEY_MAX + 1];
    size_t ln = 0, kn;
    int reads = 0;
    for (size_t len = 1; len <= CMP_RUN_MAX && i + len <= n->ntok && i + len <= 32; len++) {
      const tok *b = &n->toks[i + len - 1];
      size_t take;
      if (b->role == ZEEF_ROLE_TITLE || !b->latin_len) break;
      reads |= b->nreads > 0;
      /* a run of Han characters in each of its readings (佐藤: satou) */
      if (reads && len >= 2) {
        char rl[TOK_LATIN_MAX + 1];
        size_t rn;
        int read;
        for (unsigned c = 1; (rn = cmp_run_reading(n, i, len, c, rl, &read)) > 0; c++) {
          kn = key_make(rl, rn, key);
          if (kn >= 2 && k < MAX_BLOCK_KEYS)
            out[k++] = (bkey){hash_tagged('K', key, kn), (uint32_t)(i + len - 1), (uint32_t)(len - 1)};
        }
      }
      take = ln + b->latin_len > TOK_LATIN_MAX ? TOK_LATIN_MAX - ln : b->latin_len;
      memcpy(lat + ln, b->latin, take);
      ln += take;
      if (len < 2) continue;
      kn = key_make(lat, ln, key);
      if (kn < 3) continue;
      /* a run of three or more led by a particle (Van der Berg, Abu Bakr
      ** al-) also with its deletions, as a token's: its particles are
      ** spelt many ways (den, der; abou, abu) */
      if (len >= 3 && n->toks[i].role == ZEEF_ROLE_PARTICLE)
        k = add_key_span(out, k, key, kn, (uint32_t)(i + len - 1), (uint32_t)(len - 1));
      else
        out[k++] = (bkey){hash_tagged('K', key, kn), (uint32_t)(i + len - 1), (uint32_t)(len - 1)};
    }
  }
  return k;
}

/* The bits of the tokens key k stands for (its token, and the run before
** it of a joined key), token indexes past last counted as last. */
static uint32_t run_bits(const bkey *k, uint32_t last) {
  uint32_t t = k->tok < last ? k->tok : last, first = k->joined < t ? t - k->joined : 0;
  uint32_t upto = t == 31 ? 0xFFFFFFFFu : (2u << t) - 1;
  return upto & ~((1u << first) - 1);
}

/* The bits of a listed name's tokens that key k stands for. */
static uint16_t name_bits(const bkey *k) { return (uint16_t)run_bits(k, SCR_BOUND_TOKENS - 1); }

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
        bnd_summary(&s->names[s->nnames]);
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
  scr_cand *nc;
  if (n <= x->cap) return ZEEF_OK;
  nc = mem_realloc(m, x->c, n, sizeof *nc);
  if (!nc) return ZEEF_E_NOMEM;
  x->c = nc;
  x->cap = n;
  return ZEEF_OK;
}

/* The candidate for name id: a new one when insert is set, else NULL when
** the call has not met the name. */
static inline __attribute__((always_inline)) scr_cand *meet(scr_scratch *x, size_t *n, uint32_t id,
                                                         int insert) {
  uint32_t *sv = x->seen[id];
  if (sv[0] == x->stamp) return &x->c[sv[1]];
  if (!insert) return NULL;
  sv[0] = x->stamp;
  sv[1] = (uint32_t)*n;
  x->c[*n] = (scr_cand){id, 0, 0, 0, 0, 0};
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
  if (t->name) zeef_compare(s->ctx, t->name, sn->name, &h->match);
  else h->match.score = 0, h->match.npairs = 0; /* documents alone */
  if (h->match.score < hopeless) return 0;
  h->list = s->lists[sn->list];
  h->entity = sn->entity;
  h->name = sn->index;
  h->name_score = h->match.score;
  ev_score(t, e, sn->name, &h->match, explain, h);
  return 1;
}

/* The traveller tokens a key stands for: a joined key, all of its run. */
static uint32_t key_bits(const bkey *k) { return run_bits(k, 31); }

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
static int may_prune(const zeef_traveller *t, const scr_cand *c, const scr_name *sn, double prune_below) {
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

/* One zeef_screen() call as it goes through its stages: the traveller's
** keys and bound, the candidates the keys meet, those past the cover and
** the bounds, and the scored results. */
typedef struct query {
  const zeef_screener *s;
  const zeef_traveller *t;
  int all;             /* the exhaustive pass: every name is a candidate */
  bkey *qk;            /* the traveller's keys (MAX_BLOCK_KEYS of room) */
  size_t nq;           /* keys in qk */
  scr_qbound qb;
  double tw[32];       /* what each token with keys counts for in the cover */
  double total_w;      /* their sum */
  double prune_below;  /* a candidate whose bound falls under it is dropped */
  double hopeless;     /* a name score under it is final (score_one) */
  scr_scratch *xs;     /* the candidates met, in xs->c */
  size_t ncand;
  scr_cand **pick;     /* candidates past the cover, then past the bounds */
  size_t npick, nkeep;
  res *out;            /* scored results at min_score or more */
  size_t nout, capout;
} query;

/* Stage 1. The traveller's keys, its side of the bounds and the cover's
** weights, and the cut-offs from min_score. */
static void prepare(query *x, double min_score) {
  const zeef_name *q = x->t->name;
  double gate = min_score < SCR_NAME_GATE ? min_score : SCR_NAME_GATE;
  x->prune_below = x->all ? 0.0 : gate - SCR_BOUND_MARGIN;
  x->hopeless = gate;
  if (!q) return; /* documents alone: no keys, no bound */
  x->nq = name_keys(q, x->qk);
  bnd_query(q, &x->qb);
  for (uint32_t m = x->qb.blockable; m; m &= m - 1) {
    int i = __builtin_ctz(m);
    x->tw[i] = x->qb.w[i] > COVER_FLOOR ? x->qb.w[i] : COVER_FLOOR;
    x->total_w += x->tw[i];
  }
}

/* Stage 2. The names the traveller's keys meet, each with the tokens and
** pairs of tokens the shared keys stand for. Keys whose postings are long
** (a common name) add candidates only when the tokens that have such keys
** could reach the cover on their own (then the shortest of them seeds);
** otherwise a candidate met only through them would fall short of it, and
** they just update the candidates shorter lists found. Takes the call's
** scratch, with room for every candidate. */
static zeef_status gather(query *x) {
  const zeef_screener *s = x->s;
  qkey order[MAX_BLOCK_KEYS];
  double long_w = 0;
  uint32_t long_tok = 0;
  size_t budget = 0;
  int common_only;
  for (size_t i = 0; i < x->nq; i++) {
    const scr_slot *sl = slot_of(s->slots, s->mask, x->qk[i].hash);
    order[i] = (qkey){sl, sl->n, (uint32_t)i};
    if (sl->n > LONG_POSTINGS) long_tok |= key_bits(&x->qk[i]);
  }
  /* A candidate no short list holds shares long keys only: its cover is
  ** at most the weight of the tokens that have long keys. */
  for (size_t b = 0; b < 32; b++)
    if (long_tok & (1u << b)) long_w += x->tw[b];
  common_only = long_w >= COVER_MIN * x->total_w;
  /* a few dozen keys: insertion sort */
  for (size_t i = 1; i < x->nq; i++) {
    qkey v = order[i];
    size_t j = i;
    while (j > 0 && by_postings(&order[j - 1], &v) > 0) order[j] = order[j - 1], j--;
    order[j] = v;
  }
  for (size_t k = 0; k < x->nq; k++)
    if (order[k].n <= LONG_POSTINGS || x->all || (common_only && k == 0)) budget += order[k].n;
  if (x->t->doc_number) budget += 64;
  if (x->t->doc_number_alt) budget += 64;
  if (x->all) budget = s->nnames;
  if (budget > s->nnames) budget = s->nnames;
  x->xs = scratch_take(s);
  if (!x->xs) return ZEEF_E_NOMEM;
  if (scratch_room(&s->m, x->xs, budget ? budget : 1)) return ZEEF_E_NOMEM;
  for (size_t k = 0; k < x->nq; k++) {
    const scr_slot *sl = order[k].slot;
    uint32_t bit = key_bits(&x->qk[order[k].k]);
    int insert = sl->n <= LONG_POSTINGS || x->all || (common_only && k == 0);
    uint8_t joined = (uint8_t)x->qk[order[k].k].joined;
    /* one byte of pairs per traveller token of the key: times the
    ** posting's bits, each byte holds them */
    uint64_t lanes = 0;
    for (uint32_t m = bit & ((1u << SCR_PAIR_TOKENS) - 1); m; m &= m - 1)
      lanes |= 1ull << (SCR_PAIR_TOKENS * (unsigned)__builtin_ctz(m));
    for (uint32_t p = 0; p < sl->n; p++) {
      scr_cand *c = meet(x->xs, &x->ncand, s->postings[sl->off + p], insert);
      if (c) {
        uint16_t b = s->postbits[sl->off + p];
        c->mask |= bit;
        c->bmask |= b;
        c->pairs |= lanes * (b & ((1u << SCR_PAIR_TOKENS) - 1));
        /* a listed joined key stands for several tokens: several bits */
        c->joined |= (uint8_t)(joined != 0) | ((b & (b - 1)) != 0);
      }
    }
  }
  return ZEEF_OK;
}

/* Stage 3. Every name of an entity whose document the traveller carries
** (as read, or as its check digit corrects it) is a candidate, whatever the
** names; in the exhaustive pass every name is. */
static void meet_documents(query *x) {
  const zeef_screener *s = x->s;
  for (int v = 0; v < 2; v++) {
    const char *num = v == 0 ? x->t->doc_number : x->t->doc_number_alt;
    char canon[64];
    size_t cn = num ? ev_doc_canon(num, canon, sizeof canon) : 0;
    if (cn < 3) continue;
    {
      const scr_slot *sl = slot_of(s->docs, s->docmask, hash_tagged('D', canon, cn));
      for (uint32_t p = 0; p < sl->n; p++) {
        uint32_t ref = s->docpost[sl->off + p], l = ref >> 24, e = ref & 0xFFFFFF;
        for (size_t k = name_at(s, l, e, 0);
             k < s->nnames && s->names[k].list == l && s->names[k].entity == e; k++) {
          scr_cand *c = meet(x->xs, &x->ncand, (uint32_t)k, x->ncand < x->xs->cap);
          if (c) c->doc = 1;
        }
      }
    }
  }
  if (x->all)
    for (size_t k = 0; k < s->nnames; k++) meet(x->xs, &x->ncand, (uint32_t)k, 1)->doc |= 2;
}

/* Stage 4. The candidates whose shared keys cover COVER_MIN of the
** traveller's name weight (or that a document met), listed in x->pick. A
** key of three letters or fewer has no deletion keys: a partner one letter
** off shares none (Damel tml, Djamel jml). Unshared, such a token counts
** in the whole at the floor only; the first bound then asks whether the
** two keys are one letter apart. */
static zeef_status cover(query *x) {
  x->pick = mem_array(&x->s->m, x->ncand, sizeof *x->pick);
  if (!x->pick) return ZEEF_E_NOMEM;
  for (size_t i = 0; i < x->ncand; i++) {
    scr_cand *c = &x->xs->c[i];
    double have = 0, whole = x->total_w;
    for (uint32_t m = c->mask; m; m &= m - 1) have += x->tw[__builtin_ctz(m)];
    for (uint32_t m = x->qb.short_keys & x->qb.blockable & ~c->mask; m; m &= m - 1)
      whole -= x->tw[__builtin_ctz(m)] - COVER_FLOOR;
    if (!c->doc && (x->total_w <= 0 || have < COVER_MIN * whole)) continue;
    c->doc &= 1; /* bit 1 only marked the exhaustive pass */
    x->pick[x->npick++] = c;
  }
  return ZEEF_OK;
}

/* Stage 5. The first bound (from the keys) drops the candidates whose name
** cannot reach the floor (may_prune); the rest stay first in x->pick. */
static void first_bound(query *x) {
  const zeef_screener *s = x->s;
  for (size_t k = 0; k < x->npick; k++) {
    scr_cand *c = x->pick[k];
    const scr_name *sn = &s->names[c->id];
    if (k + PREFETCH_BOUND < x->npick) {
      const char *ahead = (const char *)&s->names[x->pick[k + PREFETCH_BOUND]->id];
      __builtin_prefetch(ahead);
      __builtin_prefetch(ahead + 64);
    }
    if (may_prune(x->t, c, sn, x->prune_below) && !bnd_keys(&x->qb, c, sn, x->prune_below))
      continue;
    x->pick[x->nkeep++] = c;
  }
}

/* Stage 6. The second bound (from the tokens' similarities), then the
** candidates scored in full, without sentences; those at min_score or more
** are kept in x->out. */
static zeef_status score_all(query *x, double min_score) {
  const zeef_screener *s = x->s;
  zeef_hit h;
  for (size_t k = 0; k < x->nkeep; k++) {
    const scr_cand *c = x->pick[k];
    const scr_name *sn = &s->names[c->id];
    int prune;
    if (k + PREFETCH_SCORE < x->nkeep) {
      const scr_name *a = &s->names[x->pick[k + PREFETCH_SCORE]->id];
      const char *nm = (const char *)a->name;
      /* the analysed name and its tokens (one allocation) */
      size_t bytes = sizeof(zeef_name) + (a->ntok < SCR_BOUND_TOKENS ? a->ntok : SCR_BOUND_TOKENS) * sizeof(tok);
      for (size_t at = 0; at < bytes; at += 64) __builtin_prefetch(nm + at);
      __builtin_prefetch(zeef_list_entity(s->lists[a->list], a->entity));
    }
    prune = may_prune(x->t, c, sn, x->prune_below);
    if (prune && !bnd_sims(&x->qb, x->t->name, c, sn, x->prune_below)) continue;
    if (!score_one(s, x->t, sn, 0, prune ? x->hopeless : 0, &h) || h.score < min_score) continue;
    if (x->nout == x->capout) {
      size_t nc = x->capout ? x->capout * 2 : 64;
      res *no = mem_realloc(&s->m, x->out, nc, sizeof *no);
      if (!no) return ZEEF_E_NOMEM;
      x->out = no;
      x->capout = nc;
    }
    x->out[x->nout++] = (res){h.score, c->id, sn->list, sn->entity, sn->index};
  }
  return ZEEF_OK;
}

/* Stage 7. One result per entity (its best name; ties: the earlier name),
** best first, the first cap of them scored again with their sentences. */
static void rank(query *x, zeef_hit *hits, size_t cap, size_t *nhits) {
  size_t k = 0;
  if (!x->nout) return;
  qsort(x->out, x->nout, sizeof *x->out, by_entity);
  for (size_t i = 0; i < x->nout; i++)
    if (i == 0 || x->out[i].list != x->out[k - 1].list || x->out[i].entity != x->out[k - 1].entity)
      x->out[k++] = x->out[i];
  x->nout = k;
  qsort(x->out, x->nout, sizeof *x->out, by_score);
  for (size_t i = 0; i < x->nout && i < cap; i++)
    score_one(x->s, x->t, &x->s->names[x->out[i].name_id], 1, 0, &hits[i]);
  *nhits = x->nout < cap ? x->nout : cap;
}

/* Scores every candidate cheaply (no sentences), keeps the best name per
** entity and explains only the hits returned. Each stage lists its
** survivors first, so that the memory the next stage reads (the bound's
** summary, then the analysed name and the entity) can be fetched ahead:
** these loads miss the caches, and waiting for them one by one was most of
** the time. */
static zeef_status screen(const zeef_screener *s, const zeef_traveller *t, double min_score,
                          zeef_hit *hits, size_t cap, size_t *nhits, int all) {
  bkey qk[MAX_BLOCK_KEYS];
  query xq, *x = &xq;
  zeef_status rc;
  if (!nhits) return ZEEF_E_INVALID;
  *nhits = 0;
  if (!s || !t || (!hits && cap)) return ZEEF_E_INVALID;
  /* without a name, a document is all there is to screen on */
  if (!t->name && !t->doc_number && !t->doc_number_alt) return ZEEF_E_INVALID;
  memset(x, 0, sizeof *x);
  x->qk = qk;
  x->s = s;
  x->t = t;
  x->all = all;
  prepare(x, min_score);
  rc = gather(x);
  if (!rc) {
    meet_documents(x);
    rc = cover(x);
  }
  if (!rc) {
    first_bound(x);
    rc = score_all(x, min_score);
  }
  if (!rc) rank(x, hits, cap, nhits);
  mem_free(&s->m, x->out);
  mem_free(&s->m, x->pick);
  if (x->xs) scratch_give(s, x->xs);
  return rc;
}
