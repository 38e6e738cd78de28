/*
** ui.c: the review UI's files (ui/), built into zeef by scripts/ui-embed
** and served at /ui/ when the service has a case store. The page is plain
** HTML, CSS and JavaScript modules: nothing to build, nothing fetched from
** elsewhere. Each answer carries a Content-Security-Policy that allows
** scripts and styles from this server only (no inline script, no eval),
** forbids framing, and a validator (ETag, the file's SHA-256) so that a
** browser asks again cheaply.
*/
#include "server.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* scripts/ui-embed's table, ended by a NULL name */
struct ui_file {
  const char *name;
  const unsigned char *data;
  size_t len;
};
extern const struct ui_file srv_ui_files[];

#define UI_FILES_MAX 64

static char etags[UI_FILES_MAX][2 * SRV_SHA256_LEN + 3];
static pthread_once_t etags_once = PTHREAD_ONCE_INIT;

static void make_etags(void) {
  for (size_t i = 0; i < UI_FILES_MAX && srv_ui_files[i].name; i++) {
    unsigned char d[SRV_SHA256_LEN];
    char hex[2 * SRV_SHA256_LEN + 1] = "";
    if (srv_sha256((const char *)srv_ui_files[i].data, srv_ui_files[i].len, d) == 0) srv_hex(d, sizeof d, hex);
    snprintf(etags[i], sizeof etags[i], "\"%.64s\"", hex);
  }
}

static const char *type_of(const char *name) {
  static const struct {
    const char *ext, *type;
  } types[] = {{".html", "text/html; charset=utf-8"},
               {".js", "text/javascript; charset=utf-8"},
               {".css", "text/css; charset=utf-8"},
               {".svg", "image/svg+xml"},
               {".png", "image/png"},
               {".json", "application/json"}};
  const char *dot = strrchr(name, '.');
  for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
    if (strcmp(dot, types[i].ext) == 0) return types[i].type;
  return "application/octet-stream";
}

void srv_ui_headers(struct MHD_Response *resp) {
  MHD_add_response_header(resp, "Content-Security-Policy", SRV_UI_CSP);
  MHD_add_response_header(resp, "X-Frame-Options", "DENY");
  MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
}

struct MHD_Response *srv_ui_file(const char *name, const char *if_none_match, int *status) {
  struct MHD_Response *resp;
  size_t i;
  pthread_once(&etags_once, make_etags);
  for (i = 0; i < UI_FILES_MAX && srv_ui_files[i].name; i++)
    if (strcmp(srv_ui_files[i].name, name) == 0) break;
  if (i == UI_FILES_MAX || !srv_ui_files[i].name) return NULL;
  if (if_none_match && strstr(if_none_match, etags[i])) {
    *status = 304;
    resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
  } else {
    *status = 200;
    resp = MHD_create_response_from_buffer(srv_ui_files[i].len, (void *)(uintptr_t)srv_ui_files[i].data,
                                           MHD_RESPMEM_PERSISTENT);
  }
  if (!resp) return NULL;
  srv_ui_headers(resp);
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type_of(name));
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
  MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etags[i]);
  return resp;
}
