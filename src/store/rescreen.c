/*
** rescreen.c: the store screened again when a list changes.
**
** A list's new version adds, changes and removes entities (its diff,
** src/lists/diff.c). Screening every stored traveller against the whole
** list again would take as long as the first screenings did; instead the
** few entities that changed are screened the other way round: an index is
** built over the stored travellers (a list in memory whose entities are the
** travellers: src/lists/list.c lst_build), each changed entity's names are
** looked up in it, and only the travellers found (the candidates) are
** screened again, against an index of the changed entities alone. Each is
** stored as a new screening (zeef_store_put) in a run of its own, linked
** to the screening it repeats, so the first stays as it was and the audit's
** batch roots still hold.
**
** Removed entities withdraw the pending matches on them; a case left with
** nothing pending closes. These are the system's changes, each an audit
** entry, and the run ends with one entry of the counts.
*/
#include "store.h"

#include "../lists/list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CANDIDATES_PER_NAME 2000 /* stored travellers one listed name may meet */
#define CANDIDATE_SCORE 0.6      /* a name this close to a traveller's makes them a candidate */
#define RESCREEN_LIMIT 5         /* hits kept per traveller screened again */

int sto_case_holds(zeef_store *st, int64_t traveller, const char *list, const char *entity_id) {
  sto_stmt *q;
  int n = 0;
  if (sto_prepare(
          st->db,
          "SELECT count(*) FROM cases c JOIN matches m ON m.case_id = c.id JOIN hits h ON h.id = m.hit_id"
          " WHERE c.traveller_id = ?1 AND c.state <> 'closed' AND h.list = ?2 AND h.entity_id = ?3",
          &q) != STO_OK)
    return 0;
  sto_bind_int(q, 1, traveller);
  sto_bind_text(q, 2, list);
  sto_bind_text(q, 3, entity_id);
  if (sto_step(q) == STO_ROW) n = (int)sto_col_int(q, 0);
  sto_finalize(q);
  return n > 0;
}

/* ------------------------------------------------------------------ Diff */

typedef struct delta {
  const mem *m;
  const zeef_entity **fresh; /* added and changed, in the new list */
  size_t nfresh, cap;
  const char **gone; /* ids of the removed */
  size_t ngone, gcap;
  int64_t added, changed;
  zeef_status rc;
} delta;

static int on_change(void *ud, const zeef_change *c) {
  delta *d = ud;
  if (c->kind == ZEEF_CHANGE_REMOVED) {
    if (d->ngone == d->gcap) {
      size_t nc = d->gcap ? 2 * d->gcap : 64;
      const char **g = mem_realloc(d->m, d->gone, nc, sizeof *g);
      if (!g) return d->rc = ZEEF_E_NOMEM, 1;
      d->gone = g;
      d->gcap = nc;
    }
    d->gone[d->ngone++] = c->old_entity->id;
    return 0;
  }
  if (c->kind == ZEEF_CHANGE_CHANGED &&
      !(c->fields & (ZEEF_FIELD_KIND | ZEEF_FIELD_NAMES | ZEEF_FIELD_DATES | ZEEF_FIELD_NATIONALITIES |
                     ZEEF_FIELD_DOCUMENTS | ZEEF_FIELD_GENDER | ZEEF_FIELD_PLACES)))
    return 0; /* remarks, programmes, addresses: nothing the scorer reads */
  if (d->nfresh == d->cap) {
    size_t nc = d->cap ? 2 * d->cap : 64;
    const zeef_entity **f = mem_realloc(d->m, d->fresh, nc, sizeof *f);
    if (!f) return d->rc = ZEEF_E_NOMEM, 1;
    d->fresh = f;
    d->cap = nc;
  }
  d->fresh[d->nfresh++] = c->new_entity;
  if (c->kind == ZEEF_CHANGE_ADDED) d->added++;
  else d->changed++;
  return 0;
}

/* The added and changed entities as a list of their own, named and
** versioned as the new list, so that hits on them are stored as hits on
** it. */
static zeef_status fill_fresh(lst_reader *r, void *ud) {
  const delta *d = ud;
  for (size_t i = 0; i < d->nfresh; i++) {
    const zeef_entity *e = d->fresh[i];
    lst_begin(r, e->line);
    lst_id(r, e->id, strlen(e->id));
    lst_kind(r, e->kind);
    for (size_t k = 0; k < e->nnames; k++)
      lst_name(r, e->names[k], strlen(e->names[k]), (zeef_name_quality)e->name_quality[k]);
    for (size_t k = 0; k < e->ndates; k++) lst_date(r, &e->dates[k]);
    for (size_t k = 0; k < e->nplaces; k++) lst_place(r, e->places[k], strlen(e->places[k]));
    for (size_t k = 0; k < e->nnationalities; k++) lst_nationality(r, e->nationalities[k], 3, e->line);
    if (e->gender) lst_gender(r, &e->gender, 1);
    for (size_t k = 0; k < e->ndocs; k++)
      lst_document(r, e->docs[k].type, e->docs[k].type ? strlen(e->docs[k].type) : 0, e->docs[k].number,
                   strlen(e->docs[k].number), e->docs[k].country, strlen(e->docs[k].country), e->line);
    lst_end(r);
  }
  return ZEEF_OK;
}

/* ------------------------------------------------------------- Travellers */

/* The stored travellers as a list: each a person whose id is its row's,
** with its name, birth date and nationality. The first screenings only
** (not re-screenings), not masked, not errors. */
typedef struct trav_fill {
  zeef_store *st;
} trav_fill;

static zeef_status fill_travellers(lst_reader *r, void *ud) {
  trav_fill *t = ud;
  sto_stmt *q;
  int rc;
  if (sto_prepare(t->st->db,
                  "SELECT id, name, birth_date, nationality FROM travellers WHERE rescreen_of IS NULL"
                  " AND masked_at IS NULL AND outcome <> 'error' AND name IS NOT NULL ORDER BY id",
                  &q) != STO_OK)
    return sto_fail(t->st, "indexing the stored travellers");
  while ((rc = sto_step(q)) == STO_ROW) {
    char id[24];
    const char *name = (const char *)sto_col_text(q, 1), *birth = (const char *)sto_col_text(q, 2),
               *nat = (const char *)sto_col_text(q, 3);
    snprintf(id, sizeof id, "%lld", (long long)sto_col_int(q, 0));
    lst_begin(r, 0);
    lst_id(r, id, strlen(id));
    lst_kind(r, ZEEF_ENTITY_PERSON);
    lst_name(r, name, strlen(name), ZEEF_NAMEQ_PRIMARY);
    if (birth) {
      zeef_date d;
      if (zeef_date_parse(birth, strlen(birth), &d) == ZEEF_OK) lst_date(r, &d);
    }
    if (nat) lst_nationality(r, nat, strlen(nat), 0);
    lst_end(r);
  }
  sto_finalize(q);
  return rc == STO_DONE ? ZEEF_OK : sto_fail(t->st, "indexing the stored travellers");
}

static int by_id(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* The stored travellers the fresh entities' names may match, sorted, each
** once. OUT *ids (mem_free), *n. */
static zeef_status candidates(zeef_store *st, const zeef_ctx *ctx, const zeef_list *trav, const zeef_screener *idx,
                              const delta *d, int64_t **ids, size_t *n) {
  zeef_hit *hits = mem_array(&st->m, CANDIDATES_PER_NAME, sizeof *hits);
  int64_t *v = NULL;
  size_t nv = 0, cap = 0;
  zeef_status rc = hits ? ZEEF_OK : ZEEF_E_NOMEM;
  for (size_t i = 0; !rc && i < d->nfresh; i++) {
    const zeef_entity *e = d->fresh[i];
    for (size_t k = 0; !rc && k < e->nnames; k++) {
      zeef_traveller t;
      zeef_name *name;
      size_t nh = 0;
      memset(&t, 0, sizeof t);
      if (zeef_name_analyze(ctx, e->names[k], strlen(e->names[k]), ZEEF_FORM_FREE, &name) != ZEEF_OK) continue;
      t.name = name;
      if (zeef_screen(idx, &t, CANDIDATE_SCORE, hits, CANDIDATES_PER_NAME, &nh) != ZEEF_OK) nh = 0;
      zeef_name_free(name);
      for (size_t h = 0; h < nh; h++) {
        if (nv == cap) {
          size_t nc = cap ? 2 * cap : 256;
          int64_t *g = mem_realloc(&st->m, v, nc, sizeof *g);
          if (!g) {
            rc = ZEEF_E_NOMEM;
            break;
          }
          v = g;
          cap = nc;
        }
        v[nv++] = strtoll(zeef_list_entity(trav, hits[h].entity)->id, NULL, 10);
      }
    }
  }
  mem_free(&st->m, hits);
  if (rc) {
    mem_free(&st->m, v);
    return rc;
  }
  if (nv) qsort(v, nv, sizeof *v, by_id);
  *n = 0;
  for (size_t i = 0; i < nv; i++)
    if (!*n || v[*n - 1] != v[i]) v[(*n)++] = v[i];
  *ids = v;
  return ZEEF_OK;
}

/* The stored screening id as a record, its strings in buf. */
static int load_record(zeef_store *st, int64_t id, zeef_record *r, char *buf, size_t cap) {
  sto_stmt *q;
  int rc;
  size_t k = 0;
  memset(r, 0, sizeof *r);
  if (sto_prepare(st->db,
                  "SELECT line, record_id, name, birth_date, nationality, gender, doc_number, doc_country"
                  " FROM travellers WHERE id = ?",
                  &q) != STO_OK)
    return -1;
  sto_bind_int(q, 1, id);
  rc = sto_step(q);
  if (rc == STO_ROW) {
    const char *cols[8];
    for (int i = 1; i < 8; i++) cols[i] = (const char *)sto_col_text(q, i);
    r->line = (size_t)sto_col_int(q, 0);
#define KEEP(field, col)                                                 \
  do {                                                                   \
    const char *s_ = cols[col] ? cols[col] : "";                         \
    size_t n_ = strlen(s_) + 1;                                          \
    if (k + n_ > cap) n_ = 0;                                            \
    if (n_) memcpy(buf + k, s_, n_);                                     \
    field = n_ ? buf + k : "";                                           \
    k += n_;                                                             \
  } while (0)
    KEEP(r->id, 1);
    KEEP(r->name, 2);
    if (cols[6] && *cols[6]) KEEP(r->doc_number, 6);
#undef KEEP
    if (cols[3]) zeef_date_parse(cols[3], strlen(cols[3]), &r->birth);
    if (cols[4]) snprintf(r->nationality, sizeof r->nationality, "%.3s", cols[4]);
    if (cols[5]) r->gender = cols[5][0];
    if (cols[7]) snprintf(r->doc_country, sizeof r->doc_country, "%.3s", cols[7]);
  }
  sto_finalize(q);
  return rc == STO_ROW ? 0 : -1;
}

/* ------------------------------------------------------------- Withdraw */

/* Withdraws the pending matches on the removed entities; closes the cases
** left with nothing pending. One transaction, an entry per case. */
static zeef_status withdraw(zeef_store *st, const char *list, const delta *d, int64_t *count) {
  sto_stmt *q;
  int64_t *cases = NULL;
  size_t nc = 0, cap = 0;
  zeef_status rc = ZEEF_OK;
  char now[32];
  if (!d->ngone) return ZEEF_OK;
  if (sto_begin(st->db) != STO_OK) return sto_fail(st, "withdrawing");
  sto_now(st, now);
  for (size_t i = 0; !rc && i < d->ngone; i++) {
    if (sto_prepare(st->db,
                    "SELECT DISTINCT m.case_id FROM matches m JOIN hits h ON h.id = m.hit_id"
                    " WHERE m.state = 'pending' AND h.list = ?1 AND h.entity_id = ?2",
                    &q) != STO_OK) {
      rc = sto_fail(st, "withdrawing");
      break;
    }
    sto_bind_text(q, 1, list);
    sto_bind_text(q, 2, d->gone[i]);
    while (sto_step(q) == STO_ROW) {
      if (nc == cap) {
        size_t ncap = cap ? 2 * cap : 32;
        int64_t *g = mem_realloc(&st->m, cases, ncap, sizeof *g);
        if (!g) {
          rc = ZEEF_E_NOMEM;
          break;
        }
        cases = g;
        cap = ncap;
      }
      cases[nc++] = sto_col_int(q, 0);
    }
    sto_finalize(q);
    if (rc) break;
    if (sto_prepare(st->db,
                    "UPDATE matches SET state = 'withdrawn', version = version + 1 WHERE state = 'pending'"
                    " AND hit_id IN (SELECT id FROM hits WHERE list = ?1 AND entity_id = ?2)",
                    &q) != STO_OK) {
      rc = sto_fail(st, "withdrawing");
      break;
    }
    sto_bind_text(q, 1, list);
    sto_bind_text(q, 2, d->gone[i]);
    if (sto_step(q) != STO_DONE)
      rc = sto_fail(st, "withdrawing");
    else
      *count += sto_changes(st->db);
    sto_finalize(q);
  }
  if (nc) qsort(cases, nc, sizeof *cases, by_id);
  for (size_t i = 0; !rc && i < nc; i++) {
    char digest[65], id[24], details[256];
    if (i && cases[i] == cases[i - 1]) continue;
    if (sto_prepare(st->db,
                    "UPDATE cases SET version = version + 1, updated_at = ?2, state = CASE WHEN"
                    " (SELECT count(*) FROM matches WHERE case_id = ?1 AND state = 'pending') = 0"
                    " AND state <> 'awaiting_approval' THEN 'closed' ELSE state END WHERE id = ?1",
                    &q) != STO_OK) {
      rc = sto_fail(st, "withdrawing");
      break;
    }
    sto_bind_int(q, 1, cases[i]);
    sto_bind_text(q, 2, now);
    if (sto_step(q) != STO_DONE) rc = sto_fail(st, "withdrawing");
    sto_finalize(q);
    if (rc || sto_row_digest(st, "case", cases[i], digest)) {
      if (!rc) rc = sto_fail(st, "withdrawing");
      break;
    }
    snprintf(id, sizeof id, "%lld", (long long)cases[i]);
    snprintf(details, sizeof details, "{\"case\":%lld,\"digest\":\"%s\",\"reason\":\"WITHDRAWN_LIST_CHANGE\"}",
             (long long)cases[i], digest);
    rc = sto_audit(st, "system:rescreen", "system", "rescreen", "case.withdraw", "case", id, "ok", details);
  }
  mem_free(&st->m, cases);
  if (rc || sto_exec(st->db, "COMMIT") != STO_OK) {
    sto_exec(st->db, "ROLLBACK");
    return rc ? rc : sto_fail(st, "withdrawing");
  }
  return ZEEF_OK;
}

/* ----------------------------------------------------------------- Run */

zeef_status zeef_store_rescreen(zeef_store *st, const zeef_actor *who, const zeef_ctx *ctx, const zeef_list *old,
                                const zeef_list *new_, double threshold, zeef_rescreen_counts *out) {
  delta d;
  zeef_list *fresh = NULL, *trav = NULL;
  zeef_screener *fresh_idx = NULL, *trav_idx = NULL;
  int64_t *ids = NULL;
  size_t nids = 0;
  zeef_status rc;
  char source[256];
  if (!st || !who || !who->user || !ctx || !old || !new_ || !out) return ZEEF_E_INVALID;
  if (st->run) {
    snprintf(st->err, sizeof st->err, "a run is in progress");
    return ZEEF_E_INVALID;
  }
  memset(out, 0, sizeof *out);
  memset(&d, 0, sizeof d);
  d.m = &st->m;
  if ((rc = zeef_list_diff(ctx, old, new_, on_change, &d)) || (rc = d.rc)) goto done;
  out->added = d.added;
  out->changed = d.changed;
  out->removed = (int64_t)d.ngone;
  snprintf(source, sizeof source, "rescreen %s %.80s -> %.80s", zeef_list_name(new_), zeef_list_version(old),
           zeef_list_version(new_));
  if (d.nfresh) {
    trav_fill tf = {st};
    zeef_actor system = {who->user, who->role ? who->role : "system", "rescreen"};
    int64_t run;
    char buf[2 * ZEEF_NAME_MAX_BYTES + 256];
    zeef_hit hits[RESCREEN_LIMIT];
    if ((rc = lst_build(ctx, zeef_list_name(new_), fill_fresh, &d, &fresh))) goto done;
    fresh->version = zeef_list_version(new_); /* owned by new_, which outlives fresh */
    memcpy(fresh->digest, zeef_list_digest(new_), sizeof fresh->digest);
    if ((rc = lst_build(ctx, "stored travellers", fill_travellers, &tf, &trav))) goto done;
    if (!trav->n) goto withdraw_removed; /* nothing stored to screen again */
    if ((rc = zeef_screener_new(ctx, (const zeef_list *const *)&fresh, 1, NULL, NULL, &fresh_idx)) ||
        (rc = zeef_screener_new(ctx, (const zeef_list *const *)&trav, 1, NULL, NULL, &trav_idx)) ||
        (rc = candidates(st, ctx, trav, trav_idx, &d, &ids, &nids)))
      goto done;
    out->candidates = (int64_t)nids;
    if ((rc = zeef_store_run_begin(st, &system, source, (const zeef_list *const *)&fresh, 1, threshold, &run)))
      goto done;
    for (size_t i = 0; i < nids && !rc; i++) {
      zeef_record r;
      zeef_traveller t;
      size_t nh = 0;
      zeef_outcome oc = ZEEF_OUTCOME_ERROR;
      if (load_record(st, ids[i], &r, buf, sizeof buf)) continue;
      memset(&t, 0, sizeof t);
      if (zeef_traveller_from_record(ctx, &r, &t) == ZEEF_OK &&
          zeef_screen(fresh_idx, &t, 0.5, hits, RESCREEN_LIMIT, &nh) == ZEEF_OK)
        oc = nh && hits[0].score >= threshold ? ZEEF_OUTCOME_ALERT : ZEEF_OUTCOME_CLEAR;
      if (oc != ZEEF_OUTCOME_ERROR) {
        out->alerts += oc == ZEEF_OUTCOME_ALERT;
        st->rescreen_of = ids[i];
        rc = zeef_store_put(st, &r, NULL, oc, NULL, hits, nh, fresh_idx, t.name, NULL, 0);
        st->rescreen_of = 0;
      }
      zeef_traveller_clear(&t);
    }
    out->cases = st->run_cases;
    if (rc) goto done;
    if ((rc = zeef_store_run_end(st))) goto done;
  }
withdraw_removed:
  if ((rc = withdraw(st, zeef_list_name(new_), &d, &out->withdrawn))) goto done;
  {
    char details[640], id[24];
    snprintf(details, sizeof details,
             "{\"added\":%lld,\"alerts\":%lld,\"candidates\":%lld,\"cases\":%lld,\"changed\":%lld,\"from\":\"%.80s\","
             "\"list\":\"%.60s\",\"removed\":%lld,\"to\":\"%.80s\",\"withdrawn\":%lld}",
             (long long)out->added, (long long)out->alerts, (long long)out->candidates, (long long)out->cases,
             (long long)out->changed, zeef_list_version(old), zeef_list_name(new_), (long long)out->removed,
             zeef_list_version(new_), (long long)out->withdrawn);
    snprintf(id, sizeof id, "%s", zeef_list_name(new_));
    if (sto_begin(st->db) != STO_OK) {
      rc = sto_fail(st, "recording the re-screening");
    } else if ((rc = sto_audit(st, who->user, who->role ? who->role : "system",
                               who->purpose ? who->purpose : "rescreen", "rescreen", "list", id, "ok",
                               details)) ||
               sto_exec(st->db, "COMMIT") != STO_OK) {
      sto_exec(st->db, "ROLLBACK");
      if (!rc) rc = sto_fail(st, "recording the re-screening");
    }
  }
done:
  if (rc && st->run) { /* the run's open batch is not kept */
    sto_exec(st->db, "ROLLBACK");
    st->in_tx = 0;
    st->run = 0;
  }
  mem_free(&st->m, ids);
  zeef_screener_free(fresh_idx);
  zeef_screener_free(trav_idx);
  zeef_list_free(fresh);
  zeef_list_free(trav);
  mem_free(&st->m, d.fresh);
  mem_free(&st->m, d.gone);
  return rc;
}
