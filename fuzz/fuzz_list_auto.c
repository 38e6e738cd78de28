/*
** fuzz_list_auto.c: libFuzzer target for zeef_list_load() with
** ZEEF_LIST_AUTO: format detection (list.c sniff()) and the two list
** readers the other targets do not reach, FollowTheMoney JSON lines
** (read_ftm.c) and zeef's own CSV (read_csv.c); UN XML and a lone OFAC
** sdn.csv are detected too. The input is written to list.txt in a folder of
** this process under $TMPDIR (or /tmp), removed at exit. A loaded list is
** walked and freed. Seeds: fuzz/corpus/fuzz_list_auto/ (cut from
** tests/fixtures/ftm_excerpt.json and national.csv).
*/
#include "fuzz.h"

static const char *const files[] = {"list.txt", NULL};

FUZZ_INIT_WITH_FILES(files)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[FUZZ_PATH_MAX];
  fuzz_write(files[0], data, size, path, sizeof path);
  fuzz_load_list(NULL, path, ZEEF_LIST_AUTO);
  return 0;
}
