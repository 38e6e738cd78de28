/*
** fuzz.h: what the libFuzzer targets in fuzz/ share: the entry points'
** prototypes, one zeef_ctx made once per process, a per-process temporary
** folder for the readers that take a path, and a contract check that turns
** a broken promise into a crash libFuzzer records. See fuzz/run.sh.
*/
#ifndef ZEEF_FUZZ_H
#define ZEEF_FUZZ_H

#include "zeef.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A broken contract of the public API: abort, so libFuzzer saves the input. */
#define FUZZ_CHECK(cond)                                                          \
  do {                                                                            \
    if (!(cond)) {                                                                \
      fprintf(stderr, "%s:%d: contract broken: %s\n", __FILE__, __LINE__, #cond); \
      abort();                                                                    \
    }                                                                             \
  } while (0)

/* Reads every byte of a NUL-terminated string the library handed out, so
** that AddressSanitizer sees a string that is not terminated or already
** freed. NULL is allowed where the API allows it; the caller says so. */
static inline void fuzz_touch(const char *s) {
  if (s) {
    volatile size_t n = strlen(s);
    (void)n;
  }
}

/* The same for a fixed char array that must hold a NUL within cap bytes. */
static inline void fuzz_touch_field(const char *s, size_t cap) {
  FUZZ_CHECK(memchr(s, 0, cap) != NULL);
  fuzz_touch(s);
}

/* The one context of the process: made on first use (its tables and
** transliterators cost far more than one input), never freed; reachable
** from a static, so LeakSanitizer does not count it. */
static inline const zeef_ctx *fuzz_ctx(void) {
  static zeef_ctx *ctx;
  if (!ctx) {
    zeef_status rc = zeef_ctx_new(NULL, &ctx);
    if (rc != ZEEF_OK) {
      fprintf(stderr, "fuzz: zeef_ctx_new: %s\n", zeef_strerror(rc));
      abort();
    }
  }
  return ctx;
}

/* ------------------------------------------------- Per-process temp folder */

#define FUZZ_PATH_MAX 4096

static char fuzz_dir_path[FUZZ_PATH_MAX];

/* Removes the files fuzz_write() may have left and the folder itself. */
static inline void fuzz_dir_remove(const char *const *names) {
  char p[FUZZ_PATH_MAX];
  if (!fuzz_dir_path[0]) return;
  for (size_t i = 0; names[i]; i++) {
    snprintf(p, sizeof p, "%s/%s", fuzz_dir_path, names[i]);
    unlink(p);
  }
  rmdir(fuzz_dir_path);
  fuzz_dir_path[0] = 0;
}

/* The process's own folder under $TMPDIR (or /tmp), made once with mkdtemp. */
static inline const char *fuzz_dir(void) {
  if (!fuzz_dir_path[0]) {
    const char *t = getenv("TMPDIR");
    int k = snprintf(fuzz_dir_path, sizeof fuzz_dir_path, "%s/zeef-fuzz-XXXXXX",
                     t && *t ? t : "/tmp");
    if (k <= 0 || (size_t)k >= sizeof fuzz_dir_path || !mkdtemp(fuzz_dir_path)) {
      perror("fuzz: mkdtemp");
      abort();
    }
  }
  return fuzz_dir_path;
}

/* Writes n bytes to name in the folder, replacing it; out gets the path. */
static inline void fuzz_write(const char *name, const uint8_t *data, size_t n, char *out,
                              size_t cap) {
  FILE *f;
  int k = snprintf(out, cap, "%s/%s", fuzz_dir(), name);
  if (k <= 0 || (size_t)k >= cap || (f = fopen(out, "wb")) == NULL) {
    perror("fuzz: cannot write the input file");
    abort();
  }
  if ((n && fwrite(data, 1, n, f) != n) || fclose(f) != 0) {
    perror("fuzz: cannot write the input file");
    abort();
  }
}

/* Removes name from the folder (a file a shorter input does not have). */
static inline void fuzz_unlink(const char *name) {
  char p[FUZZ_PATH_MAX];
  snprintf(p, sizeof p, "%s/%s", fuzz_dir(), name);
  unlink(p);
}

/* ------------------------------------------------------- Lists, shared */

/* A diag callback that reads every string it is given. */
static inline void fuzz_on_diag(void *ud, const zeef_diag *d) {
  (void)ud;
  fuzz_touch(d->file);
  fuzz_touch(d->record);
  FUZZ_CHECK(d->message != NULL);
  fuzz_touch(d->message);
}

/* Walks every entity of a loaded list, reading each string and array. */
static inline void fuzz_walk_list(const zeef_list *l) {
  size_t n = zeef_list_count(l);
  fuzz_touch(zeef_list_name(l));
  fuzz_touch(zeef_list_version(l));
  for (size_t i = 0; i < n; i++) {
    const zeef_entity *e = zeef_list_entity(l, i);
    FUZZ_CHECK(e != NULL);
    FUZZ_CHECK(e->id != NULL);
    fuzz_touch(e->id);
    for (size_t j = 0; j < e->nnames; j++) {
      FUZZ_CHECK(e->names[j] != NULL);
      fuzz_touch(e->names[j]);
      fuzz_touch(zeef_name_quality_text((zeef_name_quality)e->name_quality[j]));
    }
    for (size_t j = 0; j < e->ndates; j++) FUZZ_CHECK(e->dates[j].kind <= ZEEF_DATE_RANGE);
    for (size_t j = 0; j < e->nplaces; j++) fuzz_touch(e->places[j]);
    for (size_t j = 0; j < e->nnationalities; j++) fuzz_touch_field(e->nationalities[j], 4);
    for (size_t j = 0; j < e->ndocs; j++) {
      fuzz_touch(e->docs[j].type);
      fuzz_touch(e->docs[j].number);
      fuzz_touch_field(e->docs[j].country, 4);
    }
    fuzz_touch(e->remarks);
    for (size_t j = 0; j < e->naddresses; j++) fuzz_touch(e->addresses[j]);
    for (size_t j = 0; j < e->nrefs; j++) fuzz_touch(e->refs[j]);
    fuzz_touch(e->programs);
    fuzz_touch_field(e->listed_on, sizeof e->listed_on);
    fuzz_touch_field(e->updated_on, sizeof e->updated_on);
  }
  for (size_t j = 0; j < zeef_list_note_count(l); j++) fuzz_touch(zeef_list_note(l, j));
  FUZZ_CHECK(zeef_list_entity(l, n) == NULL);
}

/* Loads the list at path as format f (ZEEF_LIST_AUTO: detected) and checks
** the reader's promises: a loaded list has entities and a known format and
** is walked; a refused one comes back NULL. Frees it. */
static inline void fuzz_load_list(const char *name, const char *path, zeef_list_format f) {
  zeef_list *l = NULL;
  zeef_status rc = zeef_list_load(fuzz_ctx(), name, path, f, fuzz_on_diag, NULL, &l);
  if (rc == ZEEF_OK) {
    FUZZ_CHECK(l != NULL && zeef_list_count(l) > 0);
    FUZZ_CHECK(f == ZEEF_LIST_AUTO ? zeef_list_get_format(l) != ZEEF_LIST_AUTO
                                   : zeef_list_get_format(l) == f);
    fuzz_walk_list(l);
  } else {
    FUZZ_CHECK(l == NULL);
  }
  zeef_list_free(l);
}

/* The initialiser of a target that writes its input to the files named in
** FILES (a NULL-terminated array): the context and the folder are made
** once, and the files removed at exit. */
#define FUZZ_INIT_WITH_FILES(FILES)                     \
  static void fuzz_cleanup_(void) { fuzz_dir_remove(FILES); } \
  int LLVMFuzzerInitialize(int *argc, char ***argv) {   \
    (void)argc;                                         \
    (void)argv;                                         \
    fuzz_ctx();                                         \
    fuzz_dir();                                         \
    atexit(fuzz_cleanup_);                              \
    return 0;                                           \
  }

#endif
