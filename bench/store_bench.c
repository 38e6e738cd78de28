/*
** store_bench.c: what the case store costs (issue 14).
**
**   store_bench [DATA_DIR] [--travellers N] [--entries N] [--stored N] [--pg URL]
**
** 1. Screening with and without the store, on one core: N travellers
**    (default 100,000; one in 25 a UN-listed person with the listed birth
**    date, the rest ordinary names with dates and nationalities, so that
**    the clear, the weak hits and the alerts are all written) screened
**    against the UN list and OFAC's SDN list, as zeef screen is run
**    (DATA_DIR/un-consolidated/consolidated.xml and ofac-sdn/sdn.csv,
**    default ../shared/data) with zeef_screen(), limit 5, min_score 0.5; then the
**    same with every screening stored (zeef_store_put: the traveller, its
**    hits with their evidence, a case per alert, an audit entry per
**    batch). Three rounds of each, interleaved, each store a new file in
**    /tmp; the medians, travellers/s, and the ratio.
** 2. zeef audit verify over N entries (default 1,000,000) appended to a new
**    store in transactions of 10,000, then zeef_store_verify() timed
**    (median of 3), and the store's size.
** 3. Re-screening: N stored travellers (default 1,000,000; names from a
**    few thousand given-middle-surname combinations, one in 25 a listed
**    person, full birth dates and nationalities), then the UN list with
**    100 of its persons given a new alias (a name some stored travellers
**    bear): zeef_store_rescreen() timed once, with what it found, and the
**    resident memory before and after.
** --pg URL (a PostgreSQL server's base URL, as tests/pg.sh gives it in
** ZEEF_TEST_PG): part 1 only, each round's store a new database there.
** Prints VmHWM at the end. The targets (issue 14): with the store at least
** half the travellers/s; verify of 1,000,000 entries under 10 s;
** re-screening 1,000,000 stored travellers for 100 changed entities under
** 60 s.
*/
#include "bench.h"
#include "zeef.h"

#include "../src/store/store.h" /* sto_audit: entries without screenings, for part 2 */

#include <sys/stat.h>
#include <unistd.h>

static const char *given[] = {"Jan",    "Maria",  "Ahmed",   "Olga",   "Li",      "John",   "Fatima",
                              "Pieter", "Anna",   "Mohamed", "Ivan",   "Sofia",   "Carlos", "Aisha",
                              "Hiroshi", "Priya", "Mehmet",  "David",  "Sarah",   "Emma",   "Luca",
                              "Nguyen", "Wang",   "Juan",    "Lars",   "Hassan",  "Omar",   "Elena"};
static const char *surname[] = {"de Vries", "Garcia",  "Hassan",   "Petrova", "Wei",    "Smith",    "Benali",
                                "Janssen",  "Kowalska", "Ali",     "Petrov",  "Rossi",  "Silva",    "Bello",
                                "Tanaka",   "Sharma",  "Yilmaz",   "Cohen",   "Miller", "Johnson",  "Bianchi",
                                "Van An",   "Fang",    "Perez",    "Nilsson", "Kaya",   "Mahmoud",  "Ivanova"};
#define NG (sizeof given / sizeof given[0])
#define NS (sizeof surname / sizeof surname[0])

typedef struct trav {
  char id[24];
  char name[160];
  zeef_date birth;
  char nat[4];
} trav;

static trav *make_travellers(const zeef_list *un, size_t n) {
  trav *t = calloc(n, sizeof *t);
  size_t persons = 0, p = 0;
  for (size_t e = 0; e < zeef_list_count(un); e++)
    persons += zeef_list_entity(un, e)->kind == ZEEF_ENTITY_PERSON;
  for (size_t i = 0; t && i < n; i++) {
    snprintf(t[i].id, sizeof t[i].id, "T%zu", i + 1);
    if (i % 25 == 0 && persons) { /* a listed person */
      const zeef_entity *e;
      do e = zeef_list_entity(un, p++ % zeef_list_count(un));
      while (e->kind != ZEEF_ENTITY_PERSON);
      snprintf(t[i].name, sizeof t[i].name, "%s", e->names[0]);
      if (e->ndates) t[i].birth = e->dates[0];
      if (e->nnationalities) memcpy(t[i].nat, e->nationalities[0], 4);
    } else {
      snprintf(t[i].name, sizeof t[i].name, "%s %s", given[(i * 7) % NG], surname[(i * 13 + i / NG) % NS]);
      t[i].birth = (zeef_date){(int16_t)(1940 + i % 60), (int16_t)(1940 + i % 60), (uint8_t)(1 + i % 12),
                               (uint8_t)(1 + i % 28), ZEEF_DATE_DAY, 0};
      snprintf(t[i].nat, sizeof t[i].nat, "%s", (const char *[]){"NLD", "EGY", "IRQ", "TUR", "DEU", "SYR"}[i % 6]);
    }
  }
  return t;
}

static zeef_record record_of(const trav *t, size_t line) {
  zeef_record r;
  memset(&r, 0, sizeof r);
  r.line = line;
  r.id = t->id;
  r.name = t->name;
  r.birth = t->birth;
  memcpy(r.nationality, t->nat, 4);
  return r;
}

/* Screens every traveller, storing each when st is set; seconds taken. */
static double run(const zeef_ctx *ctx, const zeef_screener *scr, zeef_list *const *lists, size_t nlists,
                  const trav *t, size_t n, zeef_store *st, size_t *alerts) {
  static const zeef_actor who = {"bench", "screen", "screening"};
  zeef_hit hits[5];
  int64_t id;
  double t0 = now_s();
  *alerts = 0;
  if (st && zeef_store_run_begin(st, &who, "store_bench", (const zeef_list *const *)lists, nlists, ZEEF_ALERT_THRESHOLD,
                                 &id)) {
    fprintf(stderr, "store_bench: %s\n", zeef_store_error(st));
    exit(1);
  }
  for (size_t i = 0; i < n; i++) {
    zeef_record r = record_of(&t[i], i + 1);
    zeef_traveller tv;
    size_t nh = 0;
    zeef_outcome out = ZEEF_OUTCOME_ERROR;
    memset(&tv, 0, sizeof tv);
    if (zeef_traveller_from_record(ctx, &r, &tv) == ZEEF_OK && zeef_screen(scr, &tv, 0.5, hits, 5, &nh) == ZEEF_OK)
      out = nh && hits[0].score >= ZEEF_ALERT_THRESHOLD ? ZEEF_OUTCOME_ALERT : ZEEF_OUTCOME_CLEAR;
    *alerts += out == ZEEF_OUTCOME_ALERT;
    if (st && zeef_store_put(st, &r, NULL, out, NULL, hits, out == ZEEF_OUTCOME_ERROR ? 0 : nh, scr, tv.name,
                             NULL, 0)) {
      fprintf(stderr, "store_bench: %s\n", zeef_store_error(st));
      exit(1);
    }
    zeef_traveller_clear(&tv);
  }
  if (st && zeef_store_run_end(st)) {
    fprintf(stderr, "store_bench: %s\n", zeef_store_error(st));
    exit(1);
  }
  return now_s() - t0;
}

static void remove_store(const char *path) {
  char p[600];
  unlink(path);
  snprintf(p, sizeof p, "%s-wal", path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", path);
  unlink(p);
}

/* The PostgreSQL server's base URL (--pg), NULL for SQLite files. */
static const char *pg_base;

/* sql on the server's postgres database: 0, or -1. */
static int on_server(const char *sql) {
  char url[512], err[256];
  mem m = {mem_std};
  sto_db *d;
  int rc;
  snprintf(url, sizeof url, "%s/postgres", pg_base);
  if (!(d = sto_db_open(&m, url, err, sizeof err))) {
    fprintf(stderr, "store_bench: %s\n", err);
    return -1;
  }
  rc = sto_exec(d, sql);
  if (rc) fprintf(stderr, "store_bench: %s: %s\n", sql, sto_errmsg(d));
  sto_db_close(d);
  return rc;
}

/* Round r's store for part 1 into path: a new file in /tmp, or a new
** database (--pg). */
static int round_store(int r, char *path, size_t cap) {
  char sql[128];
  if (!pg_base) {
    snprintf(path, cap, "/tmp/zeef-store-bench-%d.db", (int)getpid());
    remove_store(path);
    return 0;
  }
  snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS zeef_bench_%d_%d", (int)getpid(), r);
  if (on_server(sql)) return -1;
  snprintf(sql, sizeof sql, "CREATE DATABASE zeef_bench_%d_%d", (int)getpid(), r);
  snprintf(path, cap, "%s/zeef_bench_%d_%d", pg_base, (int)getpid(), r);
  return on_server(sql);
}

static double file_mib(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0 ? (double)sb.st_size / (1024.0 * 1024.0) : 0.0;
}

static double vmrss_mib(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  double kb = 0;
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, "VmRSS:", 6) == 0) kb = atof(line + 6);
  if (f) fclose(f);
  return kb / 1024.0;
}

static const char *middle[] = {"Ali", "Karel", "Marie", "Omar", "Jan", "Lena", "Yusuf", "Ana", "Paul", "Nour",
                               "Ivo", "Sara", "Emil", "Rana", "Tom", "Hala"};
#define NM (sizeof middle / sizeof middle[0])

/* The UN list file with a new alias for its first 100 persons, each a name
** some stored travellers bear; into path. 0, or -1. */
static int write_changed_un(const char *un_path, const char *path, int changes) {
  FILE *in = fopen(un_path, "rb"), *out;
  static char text[64 << 20];
  size_t n;
  char *p;
  int done = 0;
  if (!in) return -1;
  n = fread(text, 1, sizeof text - 1, in);
  fclose(in);
  text[n] = 0;
  if (!(out = fopen(path, "wb"))) return -1;
  p = text;
  while (done < changes) {
    char *ind = strstr(p, "<INDIVIDUAL>"), *alias;
    if (!ind) break;
    alias = strstr(ind, "</INDIVIDUAL_ALIAS>");
    if (!alias) break;
    alias += strlen("</INDIVIDUAL_ALIAS>");
    fwrite(p, 1, (size_t)(alias - p), out);
    fprintf(out, "<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>%s %s %s</ALIAS_NAME></INDIVIDUAL_ALIAS>",
            given[(size_t)done * 7 % NG], middle[(size_t)done % NM], surname[(size_t)done * 11 % NS]);
    p = alias;
    done++;
  }
  fputs(p, out);
  return fclose(out) == 0 && done == changes ? 0 : -1;
}

static void vmhwm(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, "VmHWM", 5) == 0) printf("memory: %s", line);
  if (f) fclose(f);
}

int main(int argc, char **argv) {
  const char *data = "../shared/data";
  size_t n = 100000, entries = 1000000, alerts = 0, stored_n = 1000000;
  char un_path[512], ofac_path[512], cpu[256], path[512];
  zeef_ctx *ctx;
  zeef_list *un, *ofac, *lists[2];
  zeef_screener *scr;
  trav *t;
  double plain[3], stored[3], verify[3], mp, ms, db_mib = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--travellers") == 0 && i + 1 < argc) n = (size_t)atol(argv[++i]);
    else if (strcmp(argv[i], "--entries") == 0 && i + 1 < argc) entries = (size_t)atol(argv[++i]);
    else if (strcmp(argv[i], "--stored") == 0 && i + 1 < argc) stored_n = (size_t)atol(argv[++i]);
    else if (strcmp(argv[i], "--pg") == 0 && i + 1 < argc)
      pg_base = argv[++i];
    else if (argv[i][0] == '-') {
      fprintf(stderr,
              "usage: store_bench [DATA_DIR] [--travellers N] [--entries N] [--stored N] [--pg URL]\n");
      return 2;
    } else data = argv[i];
  }
  snprintf(un_path, sizeof un_path, "%s/un-consolidated/consolidated.xml", data);
  snprintf(ofac_path, sizeof ofac_path, "%s/ofac-sdn/sdn.csv", data);
  if (zeef_ctx_new(NULL, &ctx) || zeef_list_load(ctx, "UN", un_path, ZEEF_LIST_AUTO, NULL, NULL, &un) ||
      zeef_list_load(ctx, "OFAC", ofac_path, ZEEF_LIST_AUTO, NULL, NULL, &ofac)) {
    fprintf(stderr, "store_bench: %s or %s cannot be loaded\n", un_path, ofac_path);
    return 1;
  }
  lists[0] = un;
  lists[1] = ofac;
  if (zeef_screener_new(ctx, (const zeef_list *const *)lists, 2, NULL, NULL, &scr)) return 1;
  if (!(t = make_travellers(un, n))) return 1;
  cpu_model(cpu, sizeof cpu);
  printf("# store_bench: the case store's cost (one core)\n\nmachine: %s, %ld cores\n", cpu,
         sysconf(_SC_NPROCESSORS_ONLN));
  printf("travellers: %zu against UN and OFAC SDN (%zu entities), limit 5, min_score 0.5\n\n", n,
         zeef_list_count(un) + zeef_list_count(ofac));
  for (int round = 0; round < 3; round++) {
    zeef_store *st;
    if (round_store(round, path, sizeof path)) return 1;
    plain[round] = run(ctx, scr, lists, 2, t, n, NULL, &alerts);
    if (zeef_store_open(ctx, path, &st)) {
      fprintf(stderr, "store_bench: %s\n", zeef_store_error(st));
      return 1;
    }
    stored[round] = run(ctx, scr, lists, 2, t, n, st, &alerts);
    zeef_store_close(st);
    if (!pg_base) {
      db_mib = file_mib(path);
      remove_store(path);
    }
  }
  mp = median(plain, 3);
  ms = median(stored, 3);
  printf("| run | seconds (median of 3) | travellers/s |\n|---|---|---|\n");
  printf("| screening | %.2f | %.0f |\n", mp, (double)n / mp);
  printf("| screening + store | %.2f | %.0f |\n\n", ms, (double)n / ms);
  printf("with the store (%s): %.2f of the travellers/s without it (target >= 0.50); %zu alerts; "
         "store file %.1f MiB\n\n",
         pg_base ? "PostgreSQL" : "SQLite", mp / ms, alerts, db_mib);
  if (pg_base) return 0; /* part 1 only; its databases are the server's, thrown away with it */

  /* 2. verify */
  {
    zeef_store *st;
    double t0;
    snprintf(path, sizeof path, "/tmp/zeef-store-bench-%d.db", (int)getpid());
    remove_store(path);
    if (zeef_store_open(ctx, path, &st)) return 1;
    t0 = now_s();
    for (size_t i = 0; i < entries; i++) {
      char id[24];
      if (i % 10000 == 0 && ((i && sto_exec(st->db, "COMMIT")) || sto_begin(st->db))) return 1;
      snprintf(id, sizeof id, "%zu", i % 5000 + 1);
      if (sto_audit(st, "ana", "analyst", "review", "case.read", "case", id, "ok",
                    "{\"case\":1,\"version\":1}")) {
        fprintf(stderr, "store_bench: %s\n", zeef_store_error(st));
        return 1;
      }
    }
    if (sto_exec(st->db, "COMMIT")) return 1;
    printf("appended %zu audit entries in %.1f s\n\n", entries, now_s() - t0);
    for (int round = 0; round < 3; round++) {
      int64_t got = 0;
      zeef_audit_problem bad;
      t0 = now_s();
      if (zeef_store_verify(st, &got, &bad) || bad.check[0] || (size_t)got != entries) {
        fprintf(stderr, "store_bench: verify failed: %s %s\n", bad.check, bad.detail);
        return 1;
      }
      verify[round] = now_s() - t0;
    }
    zeef_store_close(st);
    printf("zeef audit verify over %zu entries: %.2f s (median of 3; target < 10 s), store %.0f MiB\n\n", entries,
           median(verify, 3), file_mib(path));
    remove_store(path);
  }
  /* 3. re-screening */
  {
    static const zeef_actor who = {"bench", "screen", "screening"};
    char changed[96];
    zeef_store *st;
    zeef_list *un2;
    zeef_rescreen_counts c;
    int64_t run;
    double t0, before;
    snprintf(path, sizeof path, "/tmp/zeef-store-bench-%d.db", (int)getpid());
    snprintf(changed, sizeof changed, "/tmp/zeef-store-bench-%d-un.xml", (int)getpid());
    remove_store(path);
    if (write_changed_un(un_path, changed, 100) ||
        zeef_list_load(ctx, "UN", changed, ZEEF_LIST_AUTO, NULL, NULL, &un2)) {
      fprintf(stderr, "store_bench: the changed list cannot be made\n");
      return 1;
    }
    if (zeef_store_open(ctx, path, &st) ||
        zeef_store_run_begin(st, &who, "store_bench", (const zeef_list *const *)&un, 1, ZEEF_ALERT_THRESHOLD, &run))
      return 1;
    t0 = now_s();
    for (size_t i = 0; i < stored_n; i++) {
      char name[160], id[24];
      zeef_record r;
      memset(&r, 0, sizeof r);
      snprintf(id, sizeof id, "S%zu", i + 1);
      snprintf(name, sizeof name, "%s %s %s", given[i % NG], middle[(i / NG) % NM], surname[(i / (NG * NM)) % NS]);
      if (i % 25 == 0) snprintf(name, sizeof name, "%s", t[(i / 25) % n].name);
      r.line = i + 1;
      r.id = id;
      r.name = name;
      r.birth = (zeef_date){(int16_t)(1940 + i % 60), (int16_t)(1940 + i % 60), (uint8_t)(1 + i % 12),
                            (uint8_t)(1 + i % 28), ZEEF_DATE_DAY, 0};
      memcpy(r.nationality, (const char *[]){"NLD", "EGY", "IRQ", "TUR", "DEU", "SYR"}[i % 6], 4);
      if (zeef_store_put(st, &r, NULL, ZEEF_OUTCOME_CLEAR, NULL, NULL, 0, NULL, NULL, NULL, 0)) return 1;
    }
    if (zeef_store_run_end(st)) return 1;
    printf("stored %zu travellers in %.1f s (store %.0f MiB)\n", stored_n, now_s() - t0, file_mib(path));
    before = vmrss_mib();
    t0 = now_s();
    if (zeef_store_rescreen(st, &who, ctx, un, un2, ZEEF_ALERT_THRESHOLD, &c)) {
      fprintf(stderr, "store_bench: rescreen: %s\n", zeef_store_error(st));
      return 1;
    }
    printf("re-screening %zu stored travellers for %lld changed entities: %.1f s (target < 60 s); %lld "
           "candidates, %lld alerts, %lld cases opened; resident memory %.0f MiB before, %.0f MiB after\n\n",
           stored_n, (long long)c.changed, now_s() - t0, (long long)c.candidates, (long long)c.alerts,
           (long long)c.cases, before, vmrss_mib());
    zeef_store_close(st);
    zeef_list_free(un2);
    unlink(changed);
    remove_store(path);
  }
  vmhwm();
  free(t);
  zeef_screener_free(scr);
  zeef_list_free(un);
  zeef_list_free(ofac);
  zeef_ctx_free(ctx);
  return 0;
}
