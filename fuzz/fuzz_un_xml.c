/*
** fuzz_un_xml.c: libFuzzer target for zeef_list_load() with
** ZEEF_LIST_UN_XML, the UN Security Council consolidated list (streamed with
** libxml2). The reader takes a path, so the input is written to un.xml in a
** folder of this process under $TMPDIR (or /tmp), removed at exit. A loaded
** list is walked (every string read) and freed; a refused one must come back
** NULL. Seeds: fuzz/corpus/fuzz_un_xml/ (cut from
** tests/fixtures/un_excerpt.xml), dictionary fuzz/fuzz_un_xml.dict.
*/
#include "fuzz.h"

static const char *const files[] = {"un.xml", NULL};

FUZZ_INIT_WITH_FILES(files)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[FUZZ_PATH_MAX];
  fuzz_write(files[0], data, size, path, sizeof path);
  fuzz_load_list("UN", path, ZEEF_LIST_UN_XML);
  return 0;
}
