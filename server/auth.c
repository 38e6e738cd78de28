/*
** auth.c: API keys. The server never stores a key, only its SHA-256: the
** keys file holds one key a line as "SHA256HEX ROLE[,ROLE] [USER]" (roles
** screen, admin, monitor, and for the case store analyst, supervisor and
** auditor; USER names who holds the key in the audit, "key-" and the
** digest's first 8 hex digits when not given; # starts a comment line),
** written with `zeef serve --hash-key`.
** A client presents its key as "Authorization: Bearer KEY" (or ApiKey,
** Token, or the bare key, as yente's clients send it), "X-API-Key: KEY" or
** "?api_key=KEY"; its digest is compared with every stored digest by CRYPTO_memcmp,
** all of them whatever matched, so the time taken tells nothing about
** which key, or how much of one, was right. Digests by OpenSSL's EVP
** interface (libcrypto).
*/
#include "server.h"

#include <ctype.h>
#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define KEYS_LINE_MAX 512 /* a longer line is malformed */

struct srv_keys {
  size_t n;
  struct {
    unsigned char digest[SRV_SHA256_LEN];
    unsigned roles;
    char user[SRV_USER_MAX + 1];
  } key[SRV_KEYS_MAX];
};

int srv_sha256(const char *s, size_t len, unsigned char out[SRV_SHA256_LEN]) {
  unsigned int n = 0;
  if (!EVP_Digest(s, len, out, &n, EVP_sha256(), NULL) || n != SRV_SHA256_LEN) return -1;
  return 0;
}

void srv_hex(const unsigned char *d, size_t n, char *out) {
  static const char hex[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = hex[d[i] >> 4];
    out[2 * i + 1] = hex[d[i] & 15];
  }
  out[2 * n] = 0;
}

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = tolower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

static const char *const role_names[] = {"screen", "admin", "monitor", "analyst", "supervisor", "auditor"};

unsigned srv_role_parse(const char *s, size_t n) {
  for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
    if (strlen(role_names[i]) == n && memcmp(s, role_names[i], n) == 0) return 1u << i;
  return 0;
}

void srv_roles_text(unsigned roles, char *out, size_t cap) {
  out[0] = 0;
  for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
    if (roles & (1u << i))
      snprintf(out + strlen(out), cap - strlen(out), "%s%s", out[0] ? "," : "", role_names[i]);
}

/* Roles of "screen,admin" (n bytes); 0 when a word is not a role. A key
** that may screen or administer may read the metrics too; a monitor key
** may read them and nothing else, so a dashboard's key screens no one. */
static unsigned parse_roles(const char *s, size_t n) {
  unsigned roles = 0;
  size_t i = 0;
  while (i < n) {
    size_t k = i;
    unsigned r;
    while (k < n && s[k] != ',') k++;
    if (!(r = srv_role_parse(s + i, k - i))) return 0;
    roles |= r;
    i = k + 1;
  }
  return roles ? roles | SRV_ROLE_MONITOR : 0;
}

/* Reads one line "HEX ROLES [USER]" into k's next slot; returns a reason
** when the line is malformed, else NULL. */
static const char *parse_line(srv_keys *k, char *line) {
  char *p = line, *hex, *roles, *user;
  size_t hn, rn, un;
  unsigned r;
  while (*p == ' ' || *p == '\t') p++;
  hex = p;
  while (*p && *p != ' ' && *p != '\t') p++;
  hn = (size_t)(p - hex);
  while (*p == ' ' || *p == '\t') p++;
  roles = p;
  while (*p && *p != ' ' && *p != '\t') p++;
  rn = (size_t)(p - roles);
  while (*p == ' ' || *p == '\t') p++;
  user = p;
  while (*p && *p != ' ' && *p != '\t') p++;
  un = (size_t)(p - user);
  while (*p == ' ' || *p == '\t') p++;
  if (*p) return "more than three fields (want \"SHA256HEX ROLE[,ROLE] [USER]\")";
  if (hn != 2 * SRV_SHA256_LEN) return "the digest is not 64 hex digits (a SHA-256 from zeef serve --hash-key)";
  if (!rn) return "no role (want screen, admin, monitor, analyst, supervisor, auditor or a list: screen,admin)";
  if (!(r = parse_roles(roles, rn)))
    return "unknown role (roles are screen, admin, monitor, analyst, supervisor and auditor)";
  if (un > SRV_USER_MAX) return "the user name is longer than 64 bytes";
  for (size_t i = 0; i < un; i++)
    if ((unsigned char)user[i] < 0x21 || user[i] == '"' || user[i] == '\\')
      return "the user name holds a character it may not (quotes, backslashes, control characters)";
  if (k->n == SRV_KEYS_MAX) return "too many keys";
  for (size_t i = 0; i < SRV_SHA256_LEN; i++) {
    int hi = hexval((unsigned char)hex[2 * i]), lo = hexval((unsigned char)hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return "the digest is not 64 hex digits (a SHA-256 from zeef serve --hash-key)";
    k->key[k->n].digest[i] = (unsigned char)(hi << 4 | lo);
  }
  k->key[k->n].roles = r;
  if (un) {
    memcpy(k->key[k->n].user, user, un);
    k->key[k->n].user[un] = 0;
  } else {
    snprintf(k->key[k->n].user, sizeof k->key[k->n].user, "key-%.8s", hex);
  }
  k->n++;
  return NULL;
}

zeef_status srv_keys_load(const char *path, srv_keys **keys, char *err, size_t cap) {
  FILE *f = fopen(path, "r");
  srv_keys *k = NULL;
  char line[KEYS_LINE_MAX + 2];
  size_t lineno = 0;
  zeef_status rc = ZEEF_OK;
  *keys = NULL;
  if (!f) {
    snprintf(err, cap, "%s: cannot be opened: %s", path, strerror(errno));
    return ZEEF_E_IO;
  }
  if (!(k = calloc(1, sizeof *k))) {
    rc = ZEEF_E_NOMEM;
    snprintf(err, cap, "%s: out of memory", path);
    goto out;
  }
  while (fgets(line, sizeof line, f)) {
    size_t n = strlen(line);
    const char *why;
    lineno++;
    if (n == sizeof line - 1 && line[n - 1] != '\n') {
      snprintf(err, cap, "%s:%zu: line too long", path, lineno);
      rc = ZEEF_E_FORMAT;
      goto out;
    }
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
      line[--n] = 0;
    {
      size_t i = strspn(line, " \t");
      if (!line[i] || line[i] == '#') continue;
    }
    if ((why = parse_line(k, line)) != NULL) {
      snprintf(err, cap, "%s:%zu: %s", path, lineno, why);
      rc = ZEEF_E_FORMAT;
      goto out;
    }
  }
  if (ferror(f)) {
    snprintf(err, cap, "%s: read error", path);
    rc = ZEEF_E_IO;
  } else if (!k->n) {
    snprintf(err, cap, "%s: no keys (one a line: SHA256HEX ROLE[,ROLE] [USER])", path);
    rc = ZEEF_E_FORMAT;
  }
out:
  fclose(f);
  if (rc) {
    if (k) OPENSSL_cleanse(k, sizeof *k);
    free(k);
  } else {
    *keys = k;
  }
  return rc;
}

void srv_keys_free(srv_keys *keys) {
  if (!keys) return;
  OPENSSL_cleanse(keys, sizeof *keys);
  free(keys);
}

size_t srv_keys_count(const srv_keys *keys) { return keys ? keys->n : 0; }

size_t srv_keys_with(const srv_keys *keys, unsigned role) {
  size_t n = 0;
  for (size_t i = 0; keys && i < keys->n; i++) n += (keys->key[i].roles & role) != 0;
  return n;
}

/* The key in an Authorization header: "SCHEME KEY" with scheme Bearer,
** ApiKey or Token in any case, or a bare key (no space in it). NULL for
** another scheme or none. */
static const char *presented(const char *h) {
  static const char *const schemes[] = {"Bearer", "ApiKey", "Token"};
  if (!h) return NULL;
  while (*h == ' ' || *h == '\t') h++;
  if (!*h) return NULL;
  if (!strpbrk(h, " \t")) return h; /* the bare key */
  for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
    size_t n = strlen(schemes[i]);
    if (strncasecmp(h, schemes[i], n) != 0 || (h[n] != ' ' && h[n] != '\t')) continue;
    h += n;
    while (*h == ' ' || *h == '\t') h++;
    return *h ? h : NULL;
  }
  return NULL;
}

srv_auth srv_authorize(const srv_keys *keys, const char *authorization, const char *api_key, unsigned need,
                       const char **user, unsigned *have) {
  const char *key = presented(authorization);
  unsigned char d[SRV_SHA256_LEN];
  unsigned roles = 0;
  size_t which = 0;
  int found = 0;
  size_t len;
  if (user) *user = NULL;
  if (have) *have = 0;
  if (!key && api_key && *api_key) key = api_key;
  if (!key) return authorization ? SRV_AUTH_INVALID : SRV_AUTH_MISSING;
  len = strlen(key);
  while (len && (key[len - 1] == ' ' || key[len - 1] == '\t')) len--;
  if (len == 0 || len > SRV_KEY_MAX || srv_sha256(key, len, d)) return SRV_AUTH_INVALID;
  for (size_t i = 0; i < keys->n; i++) {
    /* no early exit: every digest is compared */
    int same = CRYPTO_memcmp(d, keys->key[i].digest, SRV_SHA256_LEN) == 0;
    unsigned mask = 0u - (unsigned)same;
    found |= same;
    roles |= keys->key[i].roles & mask;
    which |= i & (size_t)(0 - (size_t)same);
  }
  OPENSSL_cleanse(d, sizeof d);
  if (!found) return SRV_AUTH_INVALID;
  if (user) *user = keys->key[which].user;
  if (have) *have = roles;
  return roles & need ? SRV_AUTH_OK : SRV_AUTH_FORBIDDEN;
}
