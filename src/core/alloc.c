/*
** alloc.c: the pluggable allocator. Every allocation of the library goes
** through here, so a test allocator can fail the Nth call and a server can
** account for memory. Sizes of arrays are multiplied here, checked, so no
** caller can wrap them: a count times a size that overflows is refused as
** an allocation failure (NULL), never allocated short.
*/
#include "../internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The C library's allocator, for a context made without one. */
static void *std_malloc(void *ud, size_t n) { (void)ud; return malloc(n); }
static void *std_realloc(void *ud, void *p, size_t n) { (void)ud; return realloc(p, n); }
static void std_free(void *ud, void *p) { (void)ud; free(p); }

const zeef_allocator mem_std = {std_malloc, std_realloc, std_free, NULL};

void *mem_alloc(const mem *m, size_t n) { return m->a.malloc(m->a.ud, n ? n : 1); }

void *mem_array(const mem *m, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) return NULL;
  return mem_alloc(m, count * size);
}

void *mem_calloc(const mem *m, size_t count, size_t size) {
  void *p = mem_array(m, count, size);
  if (p && count && size) memset(p, 0, count * size);
  return p;
}

void *mem_realloc(const mem *m, void *p, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) return NULL;
  return m->a.realloc(m->a.ud, p, count && size ? count * size : 1);
}

void mem_free(const mem *m, void *p) {
  if (p) m->a.free(m->a.ud, p);
}
