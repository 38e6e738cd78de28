/*
** bench.h: what the benchmark programs share: a monotonic clock, the
** median of a set of timings, and the CPU model for the machine line.
** Header-only; each program is one file.
*/
#ifndef ZEEF_BENCH_H
#define ZEEF_BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Seconds on the monotonic clock. */
static inline double now_s(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) return 0.0;
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static inline int cmp_double(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return (a > b) - (a < b);
}

/* The median of v[0..n), n >= 1; sorts v. */
static inline double median(double *v, size_t n) {
  qsort(v, n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Writes the CPU model from /proc/cpuinfo ("unknown" without it) into
** out (cap bytes), for the machine line every benchmark prints. */
static inline void cpu_model(char *out, size_t cap) {
  FILE *f = fopen("/proc/cpuinfo", "r");
  char line[512];
  snprintf(out, cap, "unknown");
  if (!f) return;
  while (fgets(line, sizeof line, f)) {
    const char *c;
    size_t l;
    if (strncmp(line, "model name", 10) != 0 || !(c = strchr(line, ':'))) continue;
    c++;
    while (*c == ' ' || *c == '\t') c++;
    snprintf(out, cap, "%s", c);
    l = strlen(out);
    while (l && (out[l - 1] == '\n' || out[l - 1] == '\r')) out[--l] = 0;
    break;
  }
  fclose(f);
}

#endif
