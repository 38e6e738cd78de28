/* paxlst.c: the PAXLST reader lands in the next commit; until then every
** input is refused as not a PAXLST message. */
#include "../internal.h"
zeef_status zeef_paxlst_read(const char *buf, size_t len, zeef_pax_fn fn, void *ud, size_t *bad_segment) {
  (void)buf; (void)len; (void)fn; (void)ud; if (bad_segment) *bad_segment = 0; return ZEEF_E_FORMAT;
}
