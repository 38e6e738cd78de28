/*
** status.c: messages for zeef_status, generated from ZEEF_STATUS_MAP so that
** the enum and its text can never disagree.
*/
#include "zeef.h"

const char *zeef_strerror(zeef_status rc) {
  switch (rc) {
#define ZEEF__MSG(name, msg) \
  case ZEEF_##name:          \
    return msg;
    ZEEF_STATUS_MAP(ZEEF__MSG)
#undef ZEEF__MSG
  default:
    return "unknown status";
  }
}
