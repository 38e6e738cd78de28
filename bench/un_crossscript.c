/*
** un_crossscript.c: cross-script recall of zeef on the UN Security Council
** Consolidated List.
**
** What is measured: for every INDIVIDUAL with a non-empty
** NAME_ORIGINAL_SCRIPT, the UN itself asserts that the original-script name
** and the Latin primary name (FIRST_NAME SECOND_NAME THIRD_NAME FOURTH_NAME,
** each trimmed, non-empty parts joined by one space) are the same person.
** Both are analysed with zeef_name_analyze(ZEEF_FORM_FREE) and scored with
** zeef_compare(); a pair passes when score >= ZEEF_NAME_THRESHOLD. Names that
** fail analysis count as misses (with the status text instead of a score).
**
** How: libxml2 reads <DATA>/un-consolidated/consolidated.xml into a tree
** (xmlReadFile, 2 MB), which is walked for INDIVIDUAL elements. Runs of
** ASCII whitespace (the file has stray newlines and double spaces) are
** collapsed to one space in every value before use.
**
** Output: pass rate overall and per script of the original (as reported by
** zeef_name_script), a Markdown table of EVERY miss, then
**   RESULT un_crossscript pass_rate=0.93 n=336 misses=24
**   RESULT un_crossscript_script script=arabic pass_rate=... n=...
**
** Usage: un_crossscript [DATA_DIR]   (default ../shared/data)
*/
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zeef.h"

#define NAME_BUF 2048
#define NSCRIPT_BUCKETS (ZEEF_SCRIPT_MIXED + 2) /* + one for "analysis failed" */
#define BUCKET_FAILED (ZEEF_SCRIPT_MIXED + 1)

typedef struct miss {
  char ref[64];
  char orig[NAME_BUF];
  char latin[NAME_BUF];
  char why[96]; /* score as text, or status text */
  double score; /* -1 when analysis failed */
} miss;

typedef struct stats {
  size_t n, pass;
} stats;

#define MAX_KEPT 1024

static int is_ws(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Copies src into dst (cap bytes), trimming and collapsing ASCII whitespace
** runs to one space. Returns the length written, or (size_t)-1 if it did not
** fit. */
static size_t squeeze(const char *src, char *dst, size_t cap) {
  size_t o = 0;
  int pending_space = 0;
  if (cap == 0) return (size_t)-1;
  for (const unsigned char *p = (const unsigned char *)src; *p; p++) {
    if (is_ws(*p)) {
      pending_space = (o > 0);
      continue;
    }
    if (pending_space) {
      if (o + 1 >= cap) return (size_t)-1;
      dst[o++] = ' ';
      pending_space = 0;
    }
    if (o + 1 >= cap) return (size_t)-1;
    dst[o++] = (char)*p;
  }
  dst[o] = '\0';
  return o;
}

/* The first child element of node called name, or NULL. */
static xmlNodePtr child(xmlNodePtr node, const char *name) {
  for (xmlNodePtr c = node->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && xmlStrcmp(c->name, (const xmlChar *)name) == 0) return c;
  return NULL;
}

/* Squeezed text of child element name into dst; "" when absent.
** Returns 0, or -1 when the value does not fit or libxml2 failed. */
static int child_text(xmlNodePtr node, const char *name, char *dst, size_t cap) {
  dst[0] = '\0';
  xmlNodePtr c = child(node, name);
  if (!c) return 0;
  xmlChar *t = xmlNodeGetContent(c);
  if (!t) return 0; /* empty element */
  size_t r = squeeze((const char *)t, dst, cap);
  xmlFree(t);
  return r == (size_t)-1 ? -1 : 0;
}

/* Appends " part" (or "part" when dst is empty) to dst of cap bytes. */
static int append_part(char *dst, size_t cap, const char *part) {
  if (!part[0]) return 0;
  size_t len = strlen(dst);
  int w = snprintf(dst + len, cap - len, "%s%s", len ? " " : "", part);
  return (w < 0 || (size_t)w >= cap - len) ? -1 : 0;
}

/* Prints s as a Markdown table cell: '|' escaped. */
static void cell(const char *s) {
  for (const char *p = s; *p; p++) {
    if (*p == '|') fputc('\\', stdout);
    fputc(*p, stdout);
  }
}

static const char *bucket_name(int b) {
  return b == BUCKET_FAILED ? "analysis-failed" : zeef_script_name((zeef_script)b);
}

int main(int argc, char **argv) {
  const char *data = argc > 1 ? argv[1] : "../shared/data";
  char path[4096];
  int w = snprintf(path, sizeof path, "%s/un-consolidated/consolidated.xml", data);
  if (w < 0 || (size_t)w >= sizeof path) {
    fprintf(stderr, "un_crossscript: data path too long\n");
    return 2;
  }

  LIBXML_TEST_VERSION
  xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
  if (!doc) {
    fprintf(stderr, "un_crossscript: cannot parse %s\n", path);
    return 2;
  }
  xmlNodePtr root = xmlDocGetRootElement(doc);
  xmlNodePtr inds = root ? child(root, "INDIVIDUALS") : NULL;
  if (!inds) {
    fprintf(stderr, "un_crossscript: no INDIVIDUALS element in %s\n", path);
    xmlFreeDoc(doc);
    return 2;
  }

  zeef_ctx *ctx = NULL;
  zeef_status rc = zeef_ctx_new(NULL, &ctx);
  if (rc != ZEEF_OK) {
    fprintf(stderr, "un_crossscript: zeef_ctx_new: %s\n", zeef_strerror(rc));
    xmlFreeDoc(doc);
    return 2;
  }

  size_t cap_miss = 64, nmiss = 0;
  miss *misses = malloc(cap_miss * sizeof *misses);
  if (!misses) {
    fprintf(stderr, "un_crossscript: out of memory\n");
    zeef_ctx_free(ctx);
    xmlFreeDoc(doc);
    return 2;
  }
  stats total = {0, 0};
  stats by_script[NSCRIPT_BUCKETS];
  memset(by_script, 0, sizeof by_script);
  size_t n_individuals = 0, skipped_long = 0;
  double score_sum = 0.0;
  int fatal = 0;

  /* Analysed pairs kept for the negative measure: each original-script name
  ** against every other individual's Latin name. */
  static zeef_name *kept_orig[MAX_KEPT], *kept_latin[MAX_KEPT];
  static char kept_ref[MAX_KEPT][64];
  size_t nkept = 0;
  static const char *const parts[] = {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"};
  for (xmlNodePtr ind = inds->children; ind && !fatal; ind = ind->next) {
    if (ind->type != XML_ELEMENT_NODE || xmlStrcmp(ind->name, (const xmlChar *)"INDIVIDUAL") != 0)
      continue;
    n_individuals++;
    char orig[NAME_BUF], latin[NAME_BUF], part[NAME_BUF], ref[64];
    if (child_text(ind, "NAME_ORIGINAL_SCRIPT", orig, sizeof orig) != 0) {
      skipped_long++;
      continue;
    }
    if (!orig[0]) continue;
    latin[0] = '\0';
    int bad = 0;
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
      if (child_text(ind, parts[k], part, sizeof part) != 0 || append_part(latin, sizeof latin, part) != 0)
        bad = 1;
    }
    if (child_text(ind, "REFERENCE_NUMBER", ref, sizeof ref) != 0) (void)snprintf(ref, sizeof ref, "?");
    if (bad) {
      skipped_long++;
      continue;
    }

    zeef_name *a = NULL, *b = NULL;
    zeef_status ra = zeef_name_analyze(ctx, orig, strlen(orig), ZEEF_FORM_FREE, &a);
    zeef_status rb = zeef_name_analyze(ctx, latin, strlen(latin), ZEEF_FORM_FREE, &b);
    int bucket = BUCKET_FAILED;
    if (ra == ZEEF_OK) {
      bucket = (int)zeef_name_script(a);
      if (bucket < 0 || bucket > ZEEF_SCRIPT_MIXED) bucket = ZEEF_SCRIPT_OTHER;
    }
    double score = -1.0;
    char why[96];
    why[0] = '\0';
    if (ra != ZEEF_OK || rb != ZEEF_OK) {
      (void)snprintf(why, sizeof why, "%s%s%s%s", ra != ZEEF_OK ? "original: " : "",
                     ra != ZEEF_OK ? zeef_strerror(ra) : "", rb != ZEEF_OK ? (ra != ZEEF_OK ? "; latin: " : "latin: ") : "",
                     rb != ZEEF_OK ? zeef_strerror(rb) : "");
    } else {
      zeef_match m;
      zeef_status rm = zeef_compare(ctx, a, b, &m);
      if (rm != ZEEF_OK) {
        (void)snprintf(why, sizeof why, "compare: %s", zeef_strerror(rm));
      } else {
        score = m.score;
        (void)snprintf(why, sizeof why, "%.3f", score);
      }
    }
    if (ra == ZEEF_OK && rb == ZEEF_OK && nkept < MAX_KEPT) {
      kept_orig[nkept] = a;
      kept_latin[nkept] = b;
      (void)snprintf(kept_ref[nkept], sizeof kept_ref[nkept], "%s", ref);
      nkept++;
    } else {
      zeef_name_free(a);
      zeef_name_free(b);
    }

    total.n++;
    by_script[bucket].n++;
    if (score >= 0) score_sum += score;
    if (score >= ZEEF_NAME_THRESHOLD) {
      total.pass++;
      by_script[bucket].pass++;
      continue;
    }
    if (nmiss == cap_miss) {
      miss *grown = realloc(misses, 2 * cap_miss * sizeof *misses);
      if (!grown) {
        fprintf(stderr, "un_crossscript: out of memory\n");
        fatal = 1;
        break;
      }
      misses = grown;
      cap_miss *= 2;
    }
    miss *ms = &misses[nmiss++];
    (void)snprintf(ms->ref, sizeof ms->ref, "%s", ref);
    (void)snprintf(ms->orig, sizeof ms->orig, "%s", orig);
    (void)snprintf(ms->latin, sizeof ms->latin, "%s", latin);
    (void)snprintf(ms->why, sizeof ms->why, "%s", why);
    ms->score = score;
  }

  if (!fatal) {
    double rate = total.n ? (double)total.pass / (double)total.n : 0.0;
    printf("## UN consolidated list: original script vs Latin primary name\n\n");
    printf("source: %s\n", path);
    printf("individuals: %zu, with NAME_ORIGINAL_SCRIPT: %zu (skipped, value too long: %zu)\n", n_individuals,
           total.n, skipped_long);
    printf("threshold: ZEEF_NAME_THRESHOLD = %.2f, model %s\n\n", ZEEF_NAME_THRESHOLD, ZEEF_MODEL_VERSION);
    printf("pass: %zu / %zu = %.1f%% (target >= 90%%), mean score %.3f\n\n", total.pass, total.n, 100.0 * rate,
           total.n ? score_sum / (double)total.n : 0.0);
    printf("| script of original | n | pass | pass rate |\n|---|---:|---:|---:|\n");
    for (int s = 0; s < NSCRIPT_BUCKETS; s++)
      if (by_script[s].n)
        printf("| %s | %zu | %zu | %.1f%% |\n", bucket_name(s), by_script[s].n, by_script[s].pass,
               100.0 * (double)by_script[s].pass / (double)by_script[s].n);
    printf("\n### Misses (%zu)\n\n| REFERENCE_NUMBER | original | Latin | score |\n|---|---|---|---|\n", nmiss);
    for (size_t i = 0; i < nmiss; i++) {
      printf("| ");
      cell(misses[i].ref);
      printf(" | ");
      cell(misses[i].orig);
      printf(" | ");
      cell(misses[i].latin);
      printf(" | ");
      cell(misses[i].why);
      printf(" |\n");
    }
    printf("\nRESULT un_crossscript pass_rate=%.4f n=%zu misses=%zu\n", rate, total.n, nmiss);
    for (int s = 0; s < NSCRIPT_BUCKETS; s++)
      if (by_script[s].n)
        printf("RESULT un_crossscript_script script=%s pass_rate=%.4f n=%zu\n", bucket_name(s),
               (double)by_script[s].pass / (double)by_script[s].n, by_script[s].n);
  }

  if (!fatal) {
    /* Negative pairs: different individuals, original script against Latin.
    ** Relatives share family names (several Tikritis), so some name-only
    ** alerts here are expected; the rate bounds cross-script false alerts. */
    size_t npairs = 0, nalert = 0;
    double worst[10] = {0};
    size_t wi[10] = {0}, wj[10] = {0};
    for (size_t i = 0; i < nkept; i++)
      for (size_t j = 0; j < nkept; j++) {
        zeef_match m;
        if (i == j || zeef_compare(ctx, kept_orig[i], kept_latin[j], &m) != ZEEF_OK) continue;
        npairs++;
        if (m.score >= ZEEF_NAME_THRESHOLD) nalert++;
        for (int k = 0; k < 10; k++)
          if (m.score > worst[k]) {
            memmove(worst + k + 1, worst + k, (9 - (size_t)k) * sizeof *worst);
            memmove(wi + k + 1, wi + k, (9 - (size_t)k) * sizeof *wi);
            memmove(wj + k + 1, wj + k, (9 - (size_t)k) * sizeof *wj);
            worst[k] = m.score;
            wi[k] = i;
            wj[k] = j;
            break;
          }
      }
    printf("\n### Different individuals (original script of one, Latin name of another)\n\n");
    printf("pairs: %zu, at or above threshold: %zu (%.3f%%)\n\n", npairs, nalert,
           npairs ? 100.0 * (double)nalert / (double)npairs : 0.0);
    printf("| original of | Latin of | score |\n|---|---|---|\n");
    for (int k = 0; k < 10 && worst[k] > 0; k++)
      printf("| %s | %s | %.3f |\n", kept_ref[wi[k]], kept_ref[wj[k]], worst[k]);
    printf("\nRESULT un_crossscript_negative alert_rate=%.5f alerts=%zu pairs=%zu\n",
           npairs ? (double)nalert / (double)npairs : 0.0, nalert, npairs);
  }
  for (size_t i = 0; i < nkept; i++) {
    zeef_name_free(kept_orig[i]);
    zeef_name_free(kept_latin[i]);
  }
  free(misses);
  zeef_ctx_free(ctx);
  xmlFreeDoc(doc);
  xmlCleanupParser();
  return fatal ? 2 : 0;
}
