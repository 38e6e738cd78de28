/*
** test_pool.c: the screening pool (front/pool.c) as its callers use it:
** fe_pool_run() runs a task on the calling thread, never more tasks at once
** than there are workers, in turn with the tasks queued before it, and
** refuses at once when the queue is full; fe_pool_submit() and
** fe_pool_help() beside it.
*/
#include "tests.h"

#include "../../front/front.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

/* What the tasks record: the order they ran in, on which thread, and how
** many ran at once. */
typedef struct trace {
  pthread_mutex_t lock;
  char order[64];
  size_t n;
  atomic_int running, most;
  atomic_int hold; /* a blocking task waits while it is set */
  atomic_int blocked; /* the blocking task has started */
} trace;

typedef struct job {
  trace *t;
  char name;
  pthread_t ran_on;
} job;

static void enter(trace *t) {
  int now = atomic_fetch_add(&t->running, 1) + 1, most = atomic_load(&t->most);
  while (now > most && !atomic_compare_exchange_weak(&t->most, &most, now)) {
  }
}

static void record(void *arg) {
  job *j = arg;
  enter(j->t);
  j->ran_on = pthread_self();
  usleep(200);
  pthread_mutex_lock(&j->t->lock);
  if (j->t->n < sizeof j->t->order - 1) j->t->order[j->t->n++] = j->name;
  pthread_mutex_unlock(&j->t->lock);
  atomic_fetch_sub(&j->t->running, 1);
}

static void block(void *arg) {
  job *j = arg;
  enter(j->t);
  atomic_store(&j->t->blocked, 1);
  while (atomic_load(&j->t->hold)) usleep(100);
  atomic_fetch_sub(&j->t->running, 1);
}

typedef struct caller {
  fe_pool *p;
  job *j;
  int rc;
} caller;

static void *call_run(void *arg) {
  caller *c = arg;
  c->rc = fe_pool_run(c->p, record, c->j);
  return NULL;
}

static void wait_queued(fe_pool *p, size_t n) {
  for (int i = 0; i < 5000 && fe_pool_queued(p) < n; i++) usleep(200);
  assert_int_equal(fe_pool_queued(p), n);
}

/* One worker busy: two submitted tasks and a caller of fe_pool_run() wait
** in that order, the queue is then full, and the caller runs third, on its
** own thread. */
static void run_waits_its_turn(void **state) {
  trace t;
  job hold = {&t, 'H', 0}, a = {&t, 'A', 0}, b = {&t, 'B', 0}, c = {&t, 'C', 0}, d = {&t, 'D', 0};
  caller cc = {NULL, &c, -2};
  pthread_t th;
  fe_pool *p = fe_pool_new(1, 3);
  (void)state;
  assert_non_null(p);
  memset(&t, 0, sizeof t);
  pthread_mutex_init(&t.lock, NULL);
  atomic_store(&t.hold, 1);
  assert_int_equal(fe_pool_submit(p, block, &hold, 0), 0);
  for (int i = 0; i < 5000 && !atomic_load(&t.blocked); i++) usleep(200);
  assert_true(atomic_load(&t.blocked));
  assert_int_equal(fe_pool_submit(p, record, &a, 0), 0);
  assert_int_equal(fe_pool_submit(p, record, &b, 0), 0);
  cc.p = p;
  assert_int_equal(pthread_create(&th, NULL, call_run, &cc), 0);
  wait_queued(p, 3);
  /* full: refused at once, by either way in */
  assert_int_equal(fe_pool_run(p, record, &d), -1);
  assert_int_equal(fe_pool_submit(p, record, &d, 0), -1);
  /* a waiting caller is no task for a helper */
  assert_int_equal(fe_pool_queued(p), 3);
  atomic_store(&t.hold, 0);
  pthread_join(th, NULL);
  assert_int_equal(cc.rc, 0);
  for (int i = 0; i < 5000 && t.n < 3; i++) usleep(200);
  assert_string_equal(t.order, "ABC");
  assert_true(pthread_equal(c.ran_on, th));
  assert_int_equal(atomic_load(&t.most), 1);
  /* idle again: the next caller runs at once, here */
  assert_int_equal(fe_pool_run(p, record, &d), 0);
  assert_true(pthread_equal(d.ran_on, pthread_self()));
  assert_string_equal(t.order, "ABCD");
  fe_pool_free(p);
  pthread_mutex_destroy(&t.lock);
}

typedef struct many {
  fe_pool *p;
  trace *t;
  int ran;
} many;

static void *call_many(void *arg) {
  many *m = arg;
  for (int i = 0; i < 40; i++) {
    job j = {m->t, 'x', 0};
    if (fe_pool_run(m->p, record, &j) == 0) m->ran++;
  }
  return NULL;
}

/* Eight threads running tasks through a two-worker pool while tasks are
** also submitted: never more than two at once, and every one runs. */
static void run_keeps_to_the_workers(void **state) {
  trace t;
  many m[8];
  pthread_t th[8];
  job sub[16];
  fe_pool *p = fe_pool_new(2, 64);
  int ran = 0;
  (void)state;
  assert_non_null(p);
  memset(&t, 0, sizeof t);
  pthread_mutex_init(&t.lock, NULL);
  for (int i = 0; i < 8; i++) {
    m[i] = (many){p, &t, 0};
    assert_int_equal(pthread_create(&th[i], NULL, call_many, &m[i]), 0);
  }
  for (int i = 0; i < 16; i++) {
    sub[i] = (job){&t, 's', 0};
    assert_int_equal(fe_pool_submit(p, record, &sub[i], 1), 0);
  }
  for (int i = 0; i < 8; i++) {
    pthread_join(th[i], NULL);
    ran += m[i].ran;
  }
  fe_pool_free(p); /* runs what is still queued */
  assert_int_equal(ran, 8 * 40);
  assert_true(atomic_load(&t.most) >= 1 && atomic_load(&t.most) <= 2);
  assert_int_equal(atomic_load(&t.running), 0);
  pthread_mutex_destroy(&t.lock);
}

int test_pool(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(run_waits_its_turn),
      cmocka_unit_test(run_keeps_to_the_workers),
  };
  th_tests_total += (int)(sizeof tests / sizeof tests[0]);
  return cmocka_run_group_tests_name("pool", tests, NULL, NULL);
}
