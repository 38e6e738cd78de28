/*
** explain.c: the plain-language account of a comparison, one line per
** aligned pair or unmatched token, for a reviewer to read in seconds:
**
**   "ZAWAHRY" ~ "Zawahiri": same sound (key zvhr), similarity 0.98; rare name, counts 2.00
**   "MOHAMED" has no counterpart in the first name: middle, very common name, costs 0.08
*/
#include "../internal.h"
#include "../text/text.h"

#include <stdarg.h>
#include <stdio.h>

const char *zeef_pair_kind_text(zeef_pair_kind k) {
  switch (k) {
  case ZEEF_PAIR_EXACT: return "same spelling";
  case ZEEF_PAIR_VARIANT: return "known spelling variants of one name";
  case ZEEF_PAIR_PHONETIC: return "same sound";
  case ZEEF_PAIR_SPELLING: return "similar spelling";
  case ZEEF_PAIR_INITIAL: return "initial";
  case ZEEF_PAIR_JOINED: return "written as one word in one name and as several in the other";
  case ZEEF_PAIR_ABD_DROPPED: return "the same name with \"Abd\" left out in one";
  case ZEEF_PAIR_MISSING_A: return "only in the first name";
  case ZEEF_PAIR_MISSING_B: return "only in the second name";
  case ZEEF_PAIR_PREFIX: return "cut short on the document, the start of the other";
  case ZEEF_PAIR_NICKNAME: return "a short form of the same given name";
  case ZEEF_PAIR_READING:
    return "another reading of the name (Han characters in Korean, Japanese or Wade-Giles; Wade-Giles "
           "against pinyin)";
  default: return "unknown";
  }
}

/* How common a token is, in words: the one vocabulary every sentence about
** a token uses (the pair lines here, the rarity evidence in evidence.c). */
const char *cmp_commonness(const tok *t) {
  if (t->role == ZEEF_ROLE_PARTICLE) return "particle";
  if (t->role == ZEEF_ROLE_INITIAL) return "initial";
  if (t->role == ZEEF_ROLE_TITLE) return "title";
  if (t->pop >= 1000) return "very common name";
  if (t->pop >= 100) return "common name";
  if (t->pop >= 10) return "uncommon name";
  return "rare name";
}

typedef struct out {
  char *buf;
  size_t cap, len;
} out;

__attribute__((format(printf, 2, 3)))
static void emit(out *o, const char *fmt, ...) {
  va_list ap;
  int n;
  size_t room = o->len < o->cap ? o->cap - o->len : 0;
  va_start(ap, fmt);
  n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
  va_end(ap);
  if (n > 0) o->len += (size_t)n;
}

static void tok_text(out *o, const zeef_name *n, int i, int i2) {
  emit(o, "\"%s", n->toks[i].orig);
  for (int k = i + 1; k <= i2; k++) emit(o, " %s", n->toks[k].orig);
  emit(o, "\"");
}

/* The token that speaks for tokens i to i2 (-1: i alone) of n: the
** heaviest, so that a particle does not describe a name written with it. */
static const tok *run_head(const zeef_name *n, int i, int i2) {
  const tok *h = &n->toks[i];
  for (int k = i + 1; k <= i2; k++)
    if (n->toks[k].weight > h->weight) h = &n->toks[k];
  return h;
}

/* The sentence of pair x, without a line break. */
static void pair_line(out *o, const zeef_name *a, const zeef_name *b, const zeef_pair *x) {
  if (x->kind == ZEEF_PAIR_MISSING_A || x->kind == ZEEF_PAIR_MISSING_B) {
    const zeef_name *n = x->kind == ZEEF_PAIR_MISSING_A ? a : b;
    const tok *t = &n->toks[x->kind == ZEEF_PAIR_MISSING_A ? x->a : x->b];
    tok_text(o, n, x->kind == ZEEF_PAIR_MISSING_A ? x->a : x->b, -1);
    if (x->weight == 0) {
      emit(o, ": %s, ignored", t->role == ZEEF_ROLE_TITLE ? "title" : "article");
      return;
    }
    emit(o, " has no counterpart in the %s name: %s, %s, costs %.2f",
         x->kind == ZEEF_PAIR_MISSING_A ? "second" : "first", zeef_role_name((zeef_role)t->role),
         cmp_commonness(t), x->weight);
    return;
  }
  {
    const tok *ta = run_head(a, x->a, x->a2), *tb = run_head(b, x->b, x->b2);
    tok_text(o, a, x->a, x->a2);
    emit(o, " ~ ");
    tok_text(o, b, x->b, x->b2);
    emit(o, ": %s", zeef_pair_kind_text(x->kind));
    if (x->kind == ZEEF_PAIR_PHONETIC) emit(o, " (key %s)", ta->key);
    if (ta->script != tb->script || x->kind == ZEEF_PAIR_READING) {
      /* a Han character's reading stands in for its own form, the run's
      ** best reading for a run's */
      const char *la = ta->latin, *lb = tb->latin;
      char run[TOK_LATIN_MAX + 1];
      if (x->kind == ZEEF_PAIR_READING && x->a2 >= 0 &&
          cmp_run_read_best(a, (size_t)x->a, (size_t)(x->a2 - x->a + 1), tb, run))
        la = run;
      else if (x->kind == ZEEF_PAIR_READING && x->b2 >= 0 &&
               cmp_run_read_best(b, (size_t)x->b, (size_t)(x->b2 - x->b + 1), ta, run))
        lb = run;
      else if (x->kind == ZEEF_PAIR_READING) {
        const tok *fa, *fb;
        cmp_reading_used(ta, tb, &fa, &fb);
        la = fa->latin, lb = fb->latin;
      }
      emit(o, ", read %sas \"%s\" and \"%s\"", ta->script != tb->script ? "across scripts " : "", la, lb);
    }
    emit(o, ", similarity %.2f; %s, counts %.2f", x->similarity,
         cmp_commonness(ta->weight < tb->weight ? ta : tb), x->weight);
  }
}

/* Whether token indexes i (to i2, -1 for i alone) lie in n. */
static int in_name(const zeef_name *n, int i, int i2) {
  return i >= 0 && (size_t)i < n->ntok && (i2 < 0 || (i2 > i && (size_t)i2 < n->ntok));
}

static int pair_ok(const zeef_name *a, const zeef_name *b, const zeef_pair *x) {
  if (x->kind == ZEEF_PAIR_MISSING_A) return in_name(a, x->a, -1);
  if (x->kind == ZEEF_PAIR_MISSING_B) return in_name(b, x->b, -1);
  return in_name(a, x->a, x->a2) && in_name(b, x->b, x->b2);
}

/* The tokens of one side of x, as written, into buf. */
static void side_text(const zeef_name *n, int i, int i2, char *buf, size_t cap) {
  out o = {buf, cap, 0};
  buf[0] = 0;
  if (i < 0) return;
  emit(&o, "%s", n->toks[i].orig);
  for (int k = i + 1; k <= i2; k++) emit(&o, " %s", n->toks[k].orig);
  text_cut_whole(buf, o.len, cap);
}

zeef_status zeef_explain_pair(const zeef_name *a, const zeef_name *b, const zeef_pair *x,
                              zeef_pair_text *t) {
  out o;
  if (!a || !b || !x || !t || !pair_ok(a, b, x)) return ZEEF_E_INVALID;
  side_text(a, x->kind == ZEEF_PAIR_MISSING_B ? -1 : x->a, x->a2, t->a, sizeof t->a);
  side_text(b, x->kind == ZEEF_PAIR_MISSING_A ? -1 : x->b, x->b2, t->b, sizeof t->b);
  o = (out){t->text, sizeof t->text, 0};
  t->text[0] = 0;
  pair_line(&o, a, b, x);
  text_cut_whole(t->text, o.len, sizeof t->text);
  return ZEEF_OK;
}

zeef_status zeef_explain(const zeef_name *a, const zeef_name *b, const zeef_match *m,
                         char *buf, size_t cap, size_t *need) {
  out o = {buf, cap, 0};
  if (!a || !b || !m || (!buf && cap)) return ZEEF_E_INVALID;
  if (cap) buf[0] = 0;
  for (size_t p = 0; p < m->npairs; p++) {
    if (!pair_ok(a, b, &m->pairs[p])) return ZEEF_E_INVALID;
    pair_line(&o, a, b, &m->pairs[p]);
    emit(&o, "\n");
  }
  if (need) *need = o.len;
  if (o.len >= cap) {
    if (cap) buf[cap - 1] = 0;
    return ZEEF_E_TOOBIG;
  }
  return ZEEF_OK;
}
