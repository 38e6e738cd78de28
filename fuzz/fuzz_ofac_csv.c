/*
** fuzz_ofac_csv.c: libFuzzer target for zeef_list_load() with
** ZEEF_LIST_OFAC_CSV, OFAC's legacy CSV trio. read_ofac.c takes the path of
** sdn.csv and reads alt.csv and sdn_comments.csv from the same folder when
** present, so the input is split at its first two 0xFF bytes (a byte that
** never occurs in UTF-8): sdn.csv [0xFF alt.csv [0xFF sdn_comments.csv]].
** A part the input does not have is removed, so no file outlives the input
** that wrote it. The files live in a folder of this process under $TMPDIR
** (or /tmp), removed at exit. A loaded list is walked and freed. Seeds:
** fuzz/corpus/fuzz_ofac_csv/ (cut from tests/fixtures/ofac/), dictionary
** fuzz/fuzz_ofac_csv.dict.
*/
#include "fuzz.h"

#define OFAC_SEPARATOR 0xFF

static const char *const files[] = {"sdn.csv", "alt.csv", "sdn_comments.csv", NULL};

FUZZ_INIT_WITH_FILES(files)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[FUZZ_PATH_MAX], sdn[FUZZ_PATH_MAX];
  size_t start = 0;
  for (size_t part = 0; part < 3; part++) {
    if (start > size) {
      fuzz_unlink(files[part]);
      continue;
    }
    size_t end = start;
    if (part < 2)
      while (end < size && data[end] != OFAC_SEPARATOR) end++;
    else
      end = size;
    fuzz_write(files[part], data + start, end - start, part == 0 ? sdn : path,
               FUZZ_PATH_MAX);
    start = end + 1; /* past the separator; past size when there was none */
  }
  fuzz_load_list("OFAC", sdn, ZEEF_LIST_OFAC_CSV);
  return 0;
}
