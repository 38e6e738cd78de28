// api.js: the review API (docs/api.md) as the signed-in person calls it.
// The session cookie travels by itself (HttpOnly: this script never sees
// it); every write carries the session's CSRF token, every read the
// purpose chosen in the header.

export const session = { user: null, roles: [], csrf: null, purposes: [], purpose: 'review' };

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.detail) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

let onEnded = () => {};
export function onSessionEnded(fn) {
  onEnded = fn;
}

export function can(role) {
  return session.roles.includes(role);
}

export async function api(method, path, body) {
  const headers = { 'X-Purpose': session.purpose };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && session.csrf) headers['X-CSRF-Token'] = session.csrf;
  const r = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const text = await r.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!r.ok) {
    if (r.status === 401 && data && data.error === 'session_ended') onEnded();
    throw new ApiError(r.status, data);
  }
  return data;
}

export function setSession(s) {
  session.user = s.user;
  session.roles = (s.roles || '').split(',').filter(Boolean);
  session.csrf = s.csrf;
  session.purposes = (s.purposes || 'review').split(',').filter(Boolean);
  if (!session.purposes.includes(session.purpose)) session.purpose = session.purposes[0];
}

export async function signIn(key) {
  setSession(await api('POST', '/session', { key }));
}

export async function resume() {
  try {
    setSession(await api('GET', '/session'));
    return true;
  } catch {
    return false;
  }
}

export async function signOut() {
  try {
    await api('POST', '/session/end', {});
  } finally {
    session.user = null;
    session.csrf = null;
  }
}

// GET with query parameters (empty ones left out).
export function query(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return api('GET', s ? `${path}?${s}` : path);
}
