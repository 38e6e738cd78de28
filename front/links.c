/*
** links.c: what travellers of one run share (zeef screen, POST /screen):
** a booking, an e-mail address, a phone number, a payment card (its masked
** form and vendor) or a document number. A traveller's line names the
** travellers before it who share something with it, when either of the
** two raised an alert: who travels with a listed person, or pays with his
** card. A link is information for the reviewer; it never raises an alert.
** The table is a JSON object from "kind value" to the travellers seen with
** it ([id, alerted]), grown as the run goes; the run's output is in input
** order, so a link is shown on the later traveller's line.
*/
#include "front.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fe_links {
  json_t *seen; /* "kind value" -> [[id, alerted], ...] */
};

fe_links *fe_links_new(void) {
  fe_links *l = calloc(1, sizeof *l);
  if (l && !(l->seen = json_object())) {
    free(l);
    l = NULL;
  }
  return l;
}

void fe_links_free(fe_links *l) {
  if (!l) return;
  json_decref(l->seen);
  free(l);
}

json_t *fe_links_take(fe_links *l, const zeef_record *r, int alerted) {
  zeef_share *k = malloc(ZEEF_SHARES_MAX * sizeof *k);
  json_t *links = NULL, *by = json_object();
  size_t nk;
  char name[ZEEF_PNR_TEXT + 16];
  if (!k || !by) {
    free(k);
    json_decref(by);
    return NULL;
  }
  nk = zeef_record_shares(r, k, ZEEF_SHARES_MAX);
  for (size_t i = 0; i < nk; i++) {
    json_t *list, *x;
    size_t j;
    snprintf(name, sizeof name, "%s %s", k[i].kind, k[i].value);
    list = json_object_get(l->seen, name);
    json_array_foreach(list, j, x) {
      const char *other = json_string_value(json_array_get(x, 0));
      int other_alerted = json_is_true(json_array_get(x, 1));
      json_t *link;
      if (!other || strcmp(other, r->id) == 0 || !(alerted || other_alerted)) continue;
      if (!(link = json_object_get(by, other))) {
        link = json_pack("{s:s, s:b, s:[]}", "id", other, "alerted", other_alerted, "shared");
        json_object_set_new(by, other, link);
      }
      json_array_append_new(json_object_get(link, "shared"),
                            json_pack("{s:s, s:s}", "kind", k[i].kind, "value", k[i].value));
    }
    if (!list) json_object_set_new(l->seen, name, list = json_array());
    json_array_append_new(list, json_pack("[s, b]", r->id, alerted));
  }
  free(k);
  if (json_object_size(by)) {
    const char *id;
    json_t *v;
    links = json_array();
    json_object_foreach(by, id, v) json_array_append(links, v);
  }
  json_decref(by);
  return links;
}

zeef_status fe_links_line(const char *out, size_t len, json_t *links, fe_buf *dst) {
  char *text = links ? json_dumps(links, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
  size_t end = len;
  zeef_status rc;
  while (end && out[end - 1] != '}') end--;
  if (!text || !end) {
    free(text);
    return fe_buf_add(dst, out, len);
  }
  if (!(rc = fe_buf_add(dst, out, end - 1)) && !(rc = fe_buf_printf(dst, ",\"links\":%s}", text)))
    rc = fe_buf_add(dst, out + end, len - end);
  free(text);
  return rc;
}
