/*
** alloc.c: the pluggable allocator. Every allocation of the library goes
** through here, so a test allocator can fail the Nth call and a server can
** account for memory. Sizes are checked so no caller can wrap them.
*/
#include "../internal.h"

#include <string.h>

void *mem_alloc(const mem *m, size_t n) { return m->a.malloc(m->a.ud, n ? n : 1); }

void *mem_calloc(const mem *m, size_t n) {
  void *p = mem_alloc(m, n);
  if (p) memset(p, 0, n);
  return p;
}

void *mem_realloc(const mem *m, void *p, size_t n) {
  return m->a.realloc(m->a.ud, p, n ? n : 1);
}

void mem_free(const mem *m, void *p) {
  if (p) m->a.free(m->a.ud, p);
}
