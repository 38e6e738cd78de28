/*
** ctx.c: creation and destruction of the context, which owns the immutable
** tables (rarity, variants) and the Unicode transliterator. Creation either
** builds everything or frees what it built and reports why.
*/
#include "../internal.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

zeef_status zeef_ctx_new(const zeef_allocator *alloc, zeef_ctx **out) {
  zeef_status rc = ZEEF_OK;
  mem m;
  zeef_ctx *ctx;

  if (!out) return ZEEF_E_INVALID;
  *out = NULL;
  if (alloc && (!alloc->malloc || !alloc->realloc || !alloc->free))
    return ZEEF_E_INVALID;
  xmlInitParser(); /* once per process is enough; later calls do nothing */
  m.a = alloc ? *alloc : mem_std;
  ctx = mem_calloc(&m, 1, sizeof *ctx);
  if (!ctx) return ZEEF_E_NOMEM;
  ctx->m = m;
  if (pthread_mutex_init(&ctx->icu_lock, NULL) != 0) {
    mem_free(&m, ctx);
    return ZEEF_E_NOMEM;
  }
  rc = tab_load(ctx);
  if (rc) goto fail;
  rc = translit_init(ctx);
  if (rc) goto fail;
  *out = ctx;
  return ZEEF_OK;
fail:
  zeef_ctx_free(ctx);
  return rc;
}

void zeef_ctx_free(zeef_ctx *ctx) {
  mem m;
  if (!ctx) return;
  m = ctx->m;
  translit_free(ctx);
  tab_free(ctx);
  pthread_mutex_destroy(&ctx->icu_lock);
  mem_free(&m, ctx);
}
