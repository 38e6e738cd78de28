/*
** diff.c: what changed between two versions of a list (zeef_list_diff):
** entities added, removed and changed, keyed by the list's own id, and for
** a change which fields differ. Fields are compared as sets: the order a
** list writes its aliases or dates in, and a repeat, change nothing.
**
** Both lists' entities are sorted by id (an index each, from the context's
** allocator) and merged; the changes come in id order. O(n log n) in the
** entities; a field comparison sorts its values in a bounded scratch.
*/
#include "list.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_id(const void *a, const void *b) {
  const zeef_entity *x = *(const zeef_entity *const *)a, *y = *(const zeef_entity *const *)b;
  return strcmp(x->id, y->id);
}

static int by_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The entities of l sorted by id, into a new array (freed by the caller
** with mem_free); NULL when out of memory. */
static const zeef_entity **sorted(const mem *m, const zeef_list *l) {
  const zeef_entity **v = mem_array(m, l->n, sizeof *v);
  if (!v) return NULL;
  for (size_t i = 0; i < l->n; i++) v[i] = &l->ents[i];
  qsort(v, l->n, sizeof *v, by_id);
  return v;
}

/* The set of strings a[0..na) sorted, repeats dropped, into x (room for
** LST_MAX_NAMES); returns how many. */
static size_t string_set(const char *const *a, size_t na, const char **x) {
  size_t nx = 0;
  if (na > LST_MAX_NAMES) na = LST_MAX_NAMES;
  if (na) memcpy(x, a, na * sizeof *a);
  if (na) qsort(x, na, sizeof *x, by_str);
  for (size_t k = 0; k < na; k++)
    if (!nx || strcmp(x[nx - 1], x[k])) x[nx++] = x[k];
  return nx;
}

/* Whether the string sets a[0..na) and b[0..nb) differ (repeats ignored). */
static int strings_differ(const char *const *a, size_t na, const char *const *b, size_t nb) {
  const char *x[LST_MAX_NAMES], *y[LST_MAX_NAMES];
  size_t nx = string_set(a, na, x), ny = string_set(b, nb, y);
  if (nx != ny) return 1;
  for (size_t i = 0; i < nx; i++)
    if (strcmp(x[i], y[i])) return 1;
  return 0;
}

/* A date, a nationality or a document as one comparable string. */
static void date_key(const zeef_date *d, char *out, size_t cap) { zeef_date_format(d, out, cap); }

/* Whether two arrays of n fixed-size items, mapped to strings by key,
** differ as sets. */
static int keyed_differ(const void *a, size_t na, const void *b, size_t nb, size_t size,
                        void (*key)(const void *, char *, size_t)) {
  static _Thread_local char ka[LST_MAX_DOCS][160], kb[LST_MAX_DOCS][160];
  const char *pa[LST_MAX_DOCS], *pb[LST_MAX_DOCS];
  if (na > LST_MAX_DOCS) na = LST_MAX_DOCS;
  if (nb > LST_MAX_DOCS) nb = LST_MAX_DOCS;
  for (size_t i = 0; i < na; i++) key((const char *)a + i * size, ka[i], sizeof ka[i]), pa[i] = ka[i];
  for (size_t i = 0; i < nb; i++) key((const char *)b + i * size, kb[i], sizeof kb[i]), pb[i] = kb[i];
  return strings_differ(pa, na, pb, nb);
}

static void k_date(const void *p, char *out, size_t cap) { date_key(p, out, cap); }

static void k_nat(const void *p, char *out, size_t cap) { snprintf(out, cap, "%.3s", (const char *)p); }

static void k_doc(const void *p, char *out, size_t cap) {
  const zeef_document *d = p;
  snprintf(out, cap, "%s|%s|%s", d->number ? d->number : "", d->country, d->type ? d->type : "");
}

unsigned zeef_entity_diff(const zeef_entity *a, const zeef_entity *b) {
  unsigned f = 0;
  if (!a || !b) return 0;
  if (a->kind != b->kind) f |= ZEEF_FIELD_KIND;
  if (strings_differ(a->names, a->nnames, b->names, b->nnames)) f |= ZEEF_FIELD_NAMES;
  if (keyed_differ(a->dates, a->ndates, b->dates, b->ndates, sizeof *a->dates, k_date)) f |= ZEEF_FIELD_DATES;
  if (keyed_differ(a->nationalities, a->nnationalities, b->nationalities, b->nnationalities, 4, k_nat))
    f |= ZEEF_FIELD_NATIONALITIES;
  if (keyed_differ(a->docs, a->ndocs, b->docs, b->ndocs, sizeof *a->docs, k_doc)) f |= ZEEF_FIELD_DOCUMENTS;
  if (a->gender != b->gender) f |= ZEEF_FIELD_GENDER;
  if (strings_differ(a->places, a->nplaces, b->places, b->nplaces)) f |= ZEEF_FIELD_PLACES;
  if (strings_differ(a->addresses, a->naddresses, b->addresses, b->naddresses)) f |= ZEEF_FIELD_ADDRESSES;
  if (strcmp(a->programs, b->programs)) f |= ZEEF_FIELD_PROGRAMS;
  if (strcmp(a->remarks, b->remarks)) f |= ZEEF_FIELD_REMARKS;
  return f;
}

/* ---------------------------------------------------------------- Digest */

/* Feeds the set of strings a[0..n) to the digest: a field tag, the count,
** then each value with its length, in sorted order. */
static void digest_set(EVP_MD_CTX *c, char tag, const char *const *a, size_t n) {
  const char *x[LST_MAX_NAMES];
  size_t nx = string_set(a, n, x);
  char head[24];
  int k = snprintf(head, sizeof head, "%c%zu", tag, nx);
  EVP_DigestUpdate(c, head, (size_t)k + 1);
  for (size_t i = 0; i < nx; i++) EVP_DigestUpdate(c, x[i], strlen(x[i]) + 1);
}

/* The same for n fixed-size items mapped to strings by key. */
static void digest_keyed(EVP_MD_CTX *c, char tag, const void *a, size_t n, size_t size,
                         void (*key)(const void *, char *, size_t)) {
  static _Thread_local char ka[LST_MAX_DOCS][160];
  const char *pa[LST_MAX_DOCS];
  if (n > LST_MAX_DOCS) n = LST_MAX_DOCS;
  for (size_t i = 0; i < n; i++) key((const char *)a + i * size, ka[i], sizeof ka[i]), pa[i] = ka[i];
  digest_set(c, tag, pa, n);
}

void zeef_entity_digest(const zeef_entity *e, char hex[65]) {
  static const char hx[] = "0123456789abcdef";
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned mdn = 0;
  EVP_MD_CTX *c = EVP_MD_CTX_new();
  char head[16];
  int k;
  hex[0] = 0;
  if (!e || !c || !EVP_DigestInit_ex(c, EVP_sha256(), NULL)) {
    EVP_MD_CTX_free(c);
    return;
  }
  /* the fields the scorer reads, as sets, in a fixed order */
  k = snprintf(head, sizeof head, "zeef.e1%d%c", (int)e->kind, e->gender ? e->gender : '-');
  EVP_DigestUpdate(c, head, (size_t)k + 1);
  digest_set(c, 'n', e->names, e->nnames);
  digest_keyed(c, 'd', e->dates, e->ndates, sizeof *e->dates, k_date);
  digest_set(c, 'p', e->places, e->nplaces);
  digest_keyed(c, 'c', e->nationalities, e->nnationalities, 4, k_nat);
  digest_keyed(c, 'o', e->docs, e->ndocs, sizeof *e->docs, k_doc);
  if (EVP_DigestFinal_ex(c, md, &mdn) && mdn == 32) {
    for (unsigned i = 0; i < 32; i++) hex[2 * i] = hx[md[i] >> 4], hex[2 * i + 1] = hx[md[i] & 15];
    hex[64] = 0;
  }
  EVP_MD_CTX_free(c);
}

/* ------------------------------------------------------------------ Diff */

zeef_status zeef_list_diff(const zeef_ctx *ctx, const zeef_list *old, const zeef_list *new_,
                           zeef_change_fn fn, void *ud) {
  const zeef_entity **a, **b;
  size_t i = 0, j = 0;
  int stop = 0;
  if (!ctx || !old || !new_ || !fn) return ZEEF_E_INVALID;
  a = sorted(&ctx->m, old);
  b = sorted(&ctx->m, new_);
  if (!a || !b) {
    mem_free(&ctx->m, a);
    mem_free(&ctx->m, b);
    return ZEEF_E_NOMEM;
  }
  while (!stop && (i < old->n || j < new_->n)) {
    zeef_change c;
    int cmp = i == old->n ? 1 : j == new_->n ? -1 : strcmp(a[i]->id, b[j]->id);
    memset(&c, 0, sizeof c);
    if (cmp < 0) {
      c.kind = ZEEF_CHANGE_REMOVED;
      c.old_entity = a[i++];
    } else if (cmp > 0) {
      c.kind = ZEEF_CHANGE_ADDED;
      c.new_entity = b[j++];
    } else {
      c.kind = ZEEF_CHANGE_CHANGED;
      c.old_entity = a[i++];
      c.new_entity = b[j++];
      c.fields = zeef_entity_diff(c.old_entity, c.new_entity);
      if (!c.fields) continue; /* the same */
    }
    stop = fn(ud, &c);
  }
  mem_free(&ctx->m, a);
  mem_free(&ctx->m, b);
  return ZEEF_OK;
}
