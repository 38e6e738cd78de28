/*
** session.c: the review UI's sign-in. A person signs in once with a key
** (POST /session {"key": ...}); the server answers with a session cookie
** and a CSRF token, and from then on the browser sends the cookie instead
** of the key:
**
**   cookie  zeef_session=TOKEN; Path=/; HttpOnly; SameSite=Strict, and
**           Secure when the request came through TLS (a proxy's
**           X-Forwarded-Proto: https). The page's script never sees it.
**   CSRF    every write made with the cookie carries the session's other
**           token in X-CSRF-Token, which only the page that signed in
**           knows (it is in the sign-in's answer and GET /session); an
**           Origin that is not the server's own is refused as well.
**   expiry  SRV_SESSION_IDLE_S without a request, SRV_SESSION_MAX_S in all;
**           POST /session/end ends it at once.
**
** Tokens are 32 random bytes (OpenSSL's RAND_bytes) in hex; the server
** keeps their SHA-256, never the token, and compares digests in constant
** time, as auth.c does keys. The session takes the key's user and roles;
** a key taken out of the keys file ends with the process (keys are read
** at start). The table is bounded (SRV_SESSIONS_MAX): when full, the
** session used least recently goes.
*/
#include "server.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TOKEN_BYTES 32
#define COOKIE "zeef_session"

struct srv_session {
  unsigned char digest[SRV_SHA256_LEN]; /* of the cookie's token */
  char csrf[2 * TOKEN_BYTES + 1];
  char user[SRV_USER_MAX + 1];
  unsigned roles;
  double started, used; /* 0: the slot is free */
};

struct srv_sessions {
  pthread_mutex_t lock;
  struct srv_session s[SRV_SESSIONS_MAX];
};

srv_sessions *srv_sessions_new(void) {
  srv_sessions *t = calloc(1, sizeof *t);
  if (t) pthread_mutex_init(&t->lock, NULL);
  return t;
}

void srv_sessions_free(srv_sessions *t) {
  if (!t) return;
  pthread_mutex_destroy(&t->lock);
  OPENSSL_cleanse(t, sizeof *t);
  free(t);
}

static int random_hex(char out[2 * TOKEN_BYTES + 1]) {
  unsigned char b[TOKEN_BYTES];
  if (RAND_bytes(b, sizeof b) != 1) return -1;
  srv_hex(b, sizeof b, out);
  OPENSSL_cleanse(b, sizeof b);
  return 0;
}

int srv_session_start(srv_sessions *t, const char *user, unsigned roles, double now, char token[2 * TOKEN_BYTES + 1],
                      char csrf[2 * TOKEN_BYTES + 1]) {
  struct srv_session *slot = NULL;
  unsigned char d[SRV_SHA256_LEN];
  if (random_hex(token) || random_hex(csrf) || srv_sha256(token, strlen(token), d)) return -1;
  pthread_mutex_lock(&t->lock);
  for (size_t i = 0; i < SRV_SESSIONS_MAX; i++) {
    struct srv_session *x = &t->s[i];
    if (x->used && (now - x->used > SRV_SESSION_IDLE_S || now - x->started > SRV_SESSION_MAX_S)) x->used = 0;
    if (!x->used) {
      if (!slot || slot->used) slot = x;
    } else if (!slot || (slot->used && x->used < slot->used)) {
      slot = x; /* the least recently used, unless a free one turns up */
    }
  }
  memcpy(slot->digest, d, sizeof d);
  memcpy(slot->csrf, csrf, sizeof slot->csrf);
  snprintf(slot->user, sizeof slot->user, "%s", user);
  slot->roles = roles;
  slot->started = slot->used = now;
  pthread_mutex_unlock(&t->lock);
  return 0;
}

/* The session of the token (the cookie's value), or NULL; under t->lock. */
static struct srv_session *find(srv_sessions *t, const char *token, double now) {
  unsigned char d[SRV_SHA256_LEN];
  struct srv_session *found = NULL;
  if (!token || strlen(token) != 2 * TOKEN_BYTES || srv_sha256(token, 2 * TOKEN_BYTES, d)) return NULL;
  for (size_t i = 0; i < SRV_SESSIONS_MAX; i++) {
    struct srv_session *x = &t->s[i];
    /* every slot compared, whatever matched */
    if (x->used && CRYPTO_memcmp(d, x->digest, sizeof d) == 0) found = x;
  }
  if (found && (now - found->used > SRV_SESSION_IDLE_S || now - found->started > SRV_SESSION_MAX_S)) {
    found->used = 0;
    found = NULL;
  }
  return found;
}

int srv_session_check(srv_sessions *t, const char *token, const char *csrf, double now, char user[SRV_USER_MAX + 1],
                      unsigned *roles, char csrf_out[2 * TOKEN_BYTES + 1]) {
  struct srv_session *x;
  int rc = -1;
  pthread_mutex_lock(&t->lock);
  if ((x = find(t, token, now)) != NULL) {
    if (!csrf || (strlen(csrf) == 2 * TOKEN_BYTES && CRYPTO_memcmp(csrf, x->csrf, 2 * TOKEN_BYTES) == 0)) {
      x->used = now;
      memcpy(user, x->user, sizeof x->user);
      *roles = x->roles;
      if (csrf_out) memcpy(csrf_out, x->csrf, sizeof x->csrf);
      rc = 0;
    } else {
      rc = 1; /* the session is good, the write's token is not */
    }
  }
  pthread_mutex_unlock(&t->lock);
  return rc;
}

void srv_session_end(srv_sessions *t, const char *token, double now) {
  struct srv_session *x;
  pthread_mutex_lock(&t->lock);
  if ((x = find(t, token, now)) != NULL) OPENSSL_cleanse(x, sizeof *x);
  pthread_mutex_unlock(&t->lock);
}

size_t srv_session_cookie(const char *cookies, char *out, size_t cap) {
  const char *p = cookies;
  size_t n = strlen(COOKIE);
  out[0] = 0;
  while (p && *p) {
    const char *end;
    while (*p == ' ' || *p == ';') p++;
    end = strchr(p, ';');
    if (!end) end = p + strlen(p);
    if ((size_t)(end - p) > n && strncmp(p, COOKIE, n) == 0 && p[n] == '=') {
      size_t len = (size_t)(end - p) - n - 1;
      if (len >= cap) return 0;
      memcpy(out, p + n + 1, len);
      out[len] = 0;
      return len;
    }
    p = end;
  }
  return 0;
}

void srv_session_set_cookie(char *out, size_t cap, const char *token, int secure) {
  /* an empty token clears the cookie */
  snprintf(out, cap, COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s%s", token, secure ? "; Secure" : "",
           *token ? "" : "; Max-Age=0");
}
