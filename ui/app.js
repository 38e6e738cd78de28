// app.js: the review UI's frame: sign-in, the views by the address's hash
// (#/queue, #/case/12, ...), the purpose every read names, and the keyboard.
// Each view module exports render(main, params) and may export key(event),
// which returns true when it used the key.
import { session, signIn, resume, signOut, onSessionEnded, can } from './api.js';
import { h, fill, showError } from './dom.js';
import * as queue from './queue.js';
import * as kase from './case.js';
import * as suppressions from './suppressions.js';
import * as lists from './lists.js';
import * as audit from './audit.js';
import * as search from './search.js';
import * as upload from './upload.js';

const views = { queue, case: kase, suppressions, lists, audit, search, upload };
const main = document.getElementById('main');
const top = document.querySelector('header.top');
let current = null;

// Which views a person's roles open (the server checks again).
const opens = {
  queue: () => can('analyst') || can('supervisor'),
  case: () => can('analyst') || can('supervisor'),
  suppressions: () => can('analyst') || can('supervisor') || can('auditor'),
  lists: () => true,
  audit: () => can('auditor'),
  search: () => can('analyst') || can('supervisor') || can('auditor'),
  upload: () => can('screen'),
};
const home = () => ['queue', 'audit', 'upload', 'lists'].find((v) => opens[v]());

function parse() {
  const [path, qs] = location.hash.replace(/^#/, '').split('?');
  const parts = (path || '').split('/').filter(Boolean);
  const name = views[parts[0]] && opens[parts[0]]() ? parts[0] : home();
  return { name, id: parts[1], params: new URLSearchParams(qs || '') };
}

async function route() {
  if (!session.user) return;
  const r = parse();
  const view = views[r.name];
  current = view;
  for (const a of top.querySelectorAll('nav a')) {
    if (a.dataset.view === r.name || (r.name === 'case' && a.dataset.view === 'queue')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  try {
    await view.render(main, r);
  } catch (e) {
    showError(main, e);
  }
}

function signInView(message) {
  top.hidden = true;
  const key = h('input', { id: 'key', type: 'password', autocomplete: 'current-password', required: true });
  const err = h('p', { class: 'error', role: 'alert' }, message || '');
  const form = h(
    'form',
    { class: 'signin panel', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in to zeef review'),
    h('p', { class: 'muted' }, 'Your key identifies you in the audit. The session ends after 30 minutes unused.'),
    h('label', { for: 'key' }, 'Key'),
    key,
    err,
    h('button', { type: 'submit', class: 'primary' }, 'Sign in')
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await signIn(key.value);
      key.value = '';
      started();
    } catch (x) {
      err.textContent = x.status === 401 ? 'That key is not valid.' : x.message;
      key.focus();
    }
  });
  fill(main, form);
  key.focus();
}

function started() {
  top.hidden = false;
  for (const a of top.querySelectorAll('nav a')) a.hidden = !opens[a.dataset.view]();
  const sel = document.getElementById('purpose');
  fill(sel, session.purposes.map((p) => h('option', { value: p, selected: p === session.purpose }, p.replaceAll('_', ' '))));
  fill(document.getElementById('user'), h('span', { class: 'user' }, session.user), ' ', h('span', { class: 'muted' }, `(${session.roles.filter((r) => r !== 'monitor' && r !== 'screen').join(', ') || 'screen'})`));
  route();
}

document.getElementById('purpose').addEventListener('change', (e) => {
  session.purpose = e.target.value;
  route();
});
document.getElementById('signout').addEventListener('click', async () => {
  await signOut().catch(() => {});
  signInView('Signed out.');
});
onSessionEnded(() => signInView('The session has ended: sign in again.'));
window.addEventListener('hashchange', route);

const viewKeys = { 1: '#/queue', 2: '#/suppressions', 3: '#/lists', 4: '#/audit', 5: '#/search', 6: '#/upload' };
document.addEventListener('keydown', (e) => {
  if (!session.user || e.ctrlKey || e.metaKey || e.altKey) return;
  const t = e.target;
  if (t && (t.closest('input, textarea, select, [contenteditable]') || t.closest('dialog[open]'))) return;
  if (document.querySelector('dialog[open]')) return;
  if (e.key === '?') {
    document.getElementById('help').showModal();
    e.preventDefault();
    return;
  }
  if (viewKeys[e.key] && opens[viewKeys[e.key].slice(2)]()) {
    if (location.hash === viewKeys[e.key]) route();
    else location.hash = viewKeys[e.key];
    e.preventDefault();
    return;
  }
  if (current && current.key && current.key(e)) e.preventDefault();
});

(async () => {
  if (await resume()) started();
  else signInView();
})();
