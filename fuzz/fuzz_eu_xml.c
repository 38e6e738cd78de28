/*
** fuzz_eu_xml.c: libFuzzer target for zeef_list_load() with
** ZEEF_LIST_EU_XML, the EU Financial Sanctions Files XML (streamed with
** libxml2, values in attributes). The reader takes a path, so the input is
** written to eu.xml in a folder of this process under $TMPDIR (or /tmp),
** removed at exit. A loaded list is walked (every string read) and freed; a
** refused one must come back NULL. Seeds: fuzz/corpus/fuzz_eu_xml/ (the
** EU fixtures of tests/fixtures/ and cuts of them), dictionary
** fuzz/fuzz_eu_xml.dict.
*/
#include "fuzz.h"

static const char *const files[] = {"eu.xml", NULL};

FUZZ_INIT_WITH_FILES(files)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[FUZZ_PATH_MAX];
  fuzz_write(files[0], data, size, path, sizeof path);
  fuzz_load_list("EU", path, ZEEF_LIST_EU_XML);
  return 0;
}
