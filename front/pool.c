/*
** pool.c: the screening pool (front.h): worker threads taking tasks from a
** bounded queue, and, on top of it, a batch that screens records on those
** workers and hands their rendered results back in input order.
**
** Pool. A ring of FE_POOL queue slots under one mutex; workers wait on
** not_empty, submitters on not_full (or fail at once: the server answers
** 503 rather than wait). Tasks run outside the lock.
**
** Batch. A ring of `window` slots, each holding a copy of one record (the
** reader's strings are valid during its callback only), the hits and the
** rendered output. The reading thread fills slot in % window and submits
** it; a worker screens and renders it and marks it done; the reading thread
** writes done slots in order (slot out % window) whenever it passes by, and
** waits for the oldest when the ring is full. So at most `window` records
** are in flight, memory stays bounded whatever the input's size, and the
** output order is the input order whatever the workers' order.
*/
#include "front.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ Pool */

typedef struct task {
  void (*fn)(void *);
  void *arg;
} task;

struct fe_pool {
  pthread_mutex_t lock;
  pthread_cond_t not_empty, not_full;
  task *q;
  size_t cap, head, n; /* ring of cap tasks: n queued from head */
  pthread_t *threads;
  size_t nthreads;
  int stopping;
};

/* Takes the oldest task into *t, under the lock; 0 when none is queued. */
static int take(fe_pool *p, task *t) {
  if (!p->n) return 0;
  *t = p->q[p->head];
  p->head = (p->head + 1) % p->cap;
  p->n--;
  pthread_cond_signal(&p->not_full);
  return 1;
}

static void *worker(void *arg) {
  fe_pool *p = arg;
  for (;;) {
    task t;
    int got;
    pthread_mutex_lock(&p->lock);
    while (!p->n && !p->stopping) pthread_cond_wait(&p->not_empty, &p->lock);
    got = take(p, &t); /* none: stopping, and nothing left */
    pthread_mutex_unlock(&p->lock);
    if (!got) return NULL;
    t.fn(t.arg);
  }
}

fe_pool *fe_pool_new(size_t threads, size_t queue) {
  fe_pool *p = calloc(1, sizeof *p);
  if (!p) return NULL;
  if (queue < threads) queue = threads;
  if (queue < 1) queue = 1;
  p->cap = queue;
  p->q = calloc(queue, sizeof *p->q);
  p->threads = calloc(threads ? threads : 1, sizeof *p->threads);
  if (!p->q || !p->threads) goto fail;
  pthread_mutex_init(&p->lock, NULL);
  pthread_cond_init(&p->not_empty, NULL);
  pthread_cond_init(&p->not_full, NULL);
  for (; p->nthreads < threads; p->nthreads++)
    if (pthread_create(&p->threads[p->nthreads], NULL, worker, p) != 0) break;
  if (threads && !p->nthreads) {
    fe_pool_free(p);
    return NULL;
  }
  return p;
fail:
  free(p->q);
  free(p->threads);
  free(p);
  return NULL;
}

void fe_pool_free(fe_pool *p) {
  if (!p) return;
  pthread_mutex_lock(&p->lock);
  p->stopping = 1;
  pthread_cond_broadcast(&p->not_empty);
  pthread_mutex_unlock(&p->lock);
  for (size_t i = 0; i < p->nthreads; i++) pthread_join(p->threads[i], NULL);
  pthread_mutex_destroy(&p->lock);
  pthread_cond_destroy(&p->not_empty);
  pthread_cond_destroy(&p->not_full);
  free(p->q);
  free(p->threads);
  free(p);
}

size_t fe_pool_threads(const fe_pool *p) { return p ? p->nthreads : 0; }

int fe_pool_submit(fe_pool *p, void (*fn)(void *), void *arg, int wait) {
  pthread_mutex_lock(&p->lock);
  while (p->n == p->cap && wait && !p->stopping) pthread_cond_wait(&p->not_full, &p->lock);
  if (p->n == p->cap || p->stopping) {
    pthread_mutex_unlock(&p->lock);
    return -1;
  }
  p->q[(p->head + p->n) % p->cap] = (task){fn, arg};
  p->n++;
  pthread_cond_signal(&p->not_empty);
  pthread_mutex_unlock(&p->lock);
  return 0;
}

int fe_pool_help(fe_pool *p) {
  task t;
  int got;
  pthread_mutex_lock(&p->lock);
  got = take(p, &t);
  pthread_mutex_unlock(&p->lock);
  if (got) t.fn(t.arg);
  return got;
}

size_t fe_pool_queued(fe_pool *p) {
  size_t n;
  pthread_mutex_lock(&p->lock);
  n = p->n;
  pthread_mutex_unlock(&p->lock);
  return n;
}

/* ----------------------------------------------------------------- Batch */

/* A record copied out of the reader's callback: its strings in text, its
** source documents beside it. */
typedef struct slot {
  struct fe_batch *b;
  int state; /* FREE, QUEUED, DONE */
  zeef_record rec;
  zeef_mrz mrz;
  zeef_pax_message pax_message;
  zeef_pax_person pax_person;
  zeef_pnr *pnr; /* a booking's copy, made when the first one comes (30 KB) */
  char *text; /* the record's strings, one after another */
  size_t text_cap;
  zeef_hit *hits; /* the screening's limit of them */
  fe_result res;
  fe_buf out; /* what render wrote */
} slot;

enum { FREE = 0, QUEUED, DONE };

struct fe_batch {
  fe_pool *pool;
  const fe_screening *s;
  fe_render_fn render;
  fe_emit_fn emit;
  void *ud;
  pthread_mutex_t lock;
  pthread_cond_t done;
  slot *slots;
  size_t window, in, out; /* records taken and written so far */
  int failed;             /* out of memory: the rest is not screened */
};

static void run_slot(void *arg) {
  slot *x = arg;
  fe_batch *b = x->b;
  fe_screen_record(b->s, &x->rec, x->hits, &x->res);
  x->out.len = 0;
  b->render(b->ud, &x->res, &x->out);
  /* the result is cleared once written: the emit may store it, and a
  ** store sets the traveller's name parts beside the listed ones */
  pthread_mutex_lock(&b->lock);
  x->state = DONE;
  pthread_cond_broadcast(&b->done);
  pthread_mutex_unlock(&b->lock);
}

fe_batch *fe_batch_new(fe_pool *pool, const fe_screening *s, size_t window, fe_render_fn render,
                       fe_emit_fn emit, void *ud) {
  fe_batch *b = calloc(1, sizeof *b);
  if (!b) return NULL;
  if (window < 1) window = 1;
  b->pool = pool;
  b->s = s;
  b->render = render;
  b->emit = emit;
  b->ud = ud;
  b->window = window;
  b->slots = calloc(window, sizeof *b->slots);
  if (!b->slots) goto fail;
  for (size_t i = 0; i < window; i++) {
    b->slots[i].b = b;
    fe_buf_init(&b->slots[i].out, FE_BATCH_OUTPUT_MAX);
    if (!(b->slots[i].hits = calloc(s->limit ? s->limit : 1, sizeof *b->slots[i].hits))) goto fail;
  }
  pthread_mutex_init(&b->lock, NULL);
  pthread_cond_init(&b->done, NULL);
  return b;
fail:
  if (b->slots)
    for (size_t i = 0; i < window; i++) free(b->slots[i].hits);
  free(b->slots);
  free(b);
  return NULL;
}

/* Writes the done slots at the head of the ring, in order; with wait set,
** waits for the oldest one first. Returns the emit's stop request. */
static int drain(fe_batch *b, int wait) {
  int stop = 0;
  pthread_mutex_lock(&b->lock);
  /* waiting for the oldest record: screen a queued one meanwhile, and
  ** sleep only when none is left to take */
  while (wait && b->out < b->in && b->slots[b->out % b->window].state != DONE) {
    int helped;
    pthread_mutex_unlock(&b->lock);
    helped = fe_pool_help(b->pool);
    pthread_mutex_lock(&b->lock);
    if (!helped && b->slots[b->out % b->window].state != DONE) pthread_cond_wait(&b->done, &b->lock);
  }
  while (!stop && b->out < b->in && b->slots[b->out % b->window].state == DONE) {
    slot *x = &b->slots[b->out % b->window];
    pthread_mutex_unlock(&b->lock); /* the workers go on meanwhile */
    stop = b->emit(b->ud, &x->res, x->out.p ? x->out.p : "", x->out.len);
    fe_result_clear(&x->res);
    pthread_mutex_lock(&b->lock);
    x->state = FREE;
    b->out++;
  }
  pthread_mutex_unlock(&b->lock);
  return stop;
}

/* Copies s (NUL terminated, may be NULL) into x->text at *k; returns the
** copy, or NULL for NULL. Room was made by copy_record(). */
static const char *keep(slot *x, size_t *k, const char *s) {
  char *d;
  size_t n;
  if (!s) return NULL;
  n = strlen(s) + 1;
  d = x->text + *k;
  memcpy(d, s, n);
  *k += n;
  return d;
}

static int copy_record(slot *x, const zeef_record *r) {
  const char *strs[] = {r->id, r->name, r->doc_number, r->doc_number_alt, r->error};
  size_t need = 0, k = 0;
  for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) need += strs[i] ? strlen(strs[i]) + 1 : 0;
  if (need > x->text_cap) {
    char *t = realloc(x->text, need);
    if (!t) return -1;
    x->text = t;
    x->text_cap = need;
  }
  x->rec = *r;
  x->rec.id = keep(x, &k, r->id);
  x->rec.name = keep(x, &k, r->name);
  x->rec.doc_number = keep(x, &k, r->doc_number);
  x->rec.doc_number_alt = keep(x, &k, r->doc_number_alt);
  x->rec.error = keep(x, &k, r->error);
  if (r->mrz) x->mrz = *r->mrz, x->rec.mrz = &x->mrz;
  if (r->pax_message) x->pax_message = *r->pax_message, x->rec.pax_message = &x->pax_message;
  if (r->pax_person) x->pax_person = *r->pax_person, x->rec.pax_person = &x->pax_person;
  if (r->pnr) {
    if (!x->pnr && !(x->pnr = malloc(sizeof *x->pnr))) return -1;
    *x->pnr = *r->pnr;
    x->rec.pnr = x->pnr;
    x->rec.pnr_traveller =
        r->pnr_traveller ? x->pnr->travellers + (r->pnr_traveller - r->pnr->travellers) : NULL;
  }
  return 0;
}

int fe_batch_add(fe_batch *b, const zeef_record *r) {
  slot *x;
  if (b->failed) return 1;
  /* room in the ring: write what is done, and wait for the oldest if
  ** every slot is taken */
  if (drain(b, 0)) return 1;
  while (b->in - b->out == b->window)
    if (drain(b, 1)) return 1;
  x = &b->slots[b->in % b->window];
  if (copy_record(x, r)) {
    b->failed = 1;
    return 1;
  }
  x->state = QUEUED;
  b->in++;
  /* a full queue: screen one of its records here, then try again */
  while (fe_pool_submit(b->pool, run_slot, x, 0))
    if (!fe_pool_help(b->pool)) {
      run_slot(x); /* nothing queued, yet no room: a pool of no queue */
      break;
    }
  return 0;
}

int fe_batch_finish(fe_batch *b) {
  while (b->out < b->in)
    if (drain(b, 1)) break;
  /* what was not written (a stop) must still be waited for */
  pthread_mutex_lock(&b->lock);
  for (size_t i = b->out; i < b->in; i++)
    while (b->slots[i % b->window].state != DONE) {
      pthread_mutex_unlock(&b->lock);
      if (!fe_pool_help(b->pool)) {
        pthread_mutex_lock(&b->lock);
        if (b->slots[i % b->window].state != DONE) pthread_cond_wait(&b->done, &b->lock);
        continue;
      }
      pthread_mutex_lock(&b->lock);
    }
  pthread_mutex_unlock(&b->lock);
  return b->failed ? -1 : 0;
}

void fe_batch_free(fe_batch *b) {
  if (!b) return;
  for (size_t i = 0; i < b->window; i++) {
    fe_result_clear(&b->slots[i].res); /* screened, never written */
    free(b->slots[i].hits);
    free(b->slots[i].pnr);
    free(b->slots[i].text);
    fe_buf_free(&b->slots[i].out);
  }
  pthread_mutex_destroy(&b->lock);
  pthread_cond_destroy(&b->done);
  free(b->slots);
  free(b);
}
