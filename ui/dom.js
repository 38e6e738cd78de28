// dom.js: building the page without ever parsing data as HTML. h() makes
// an element from a tag, attributes and children; strings become text
// nodes, so a name read from a manifest can never become markup.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// Replaces what el holds with children.
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const kbd = (k) => h('kbd', { 'aria-hidden': 'true' }, k);

// A time as the reviewer reads it: local date and time, and how far away.
export function when(iso) {
  if (!iso) return '';
  const t = Date.parse(iso.length === 16 ? iso + ':00Z' : iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t).toISOString().slice(0, 16).replace('T', ' ');
}

export function untilText(iso, now = Date.now()) {
  if (!iso) return '';
  const t = Date.parse(iso.length === 16 ? iso + ':00Z' : iso);
  if (Number.isNaN(t)) return '';
  const min = Math.round((t - now) / 60000);
  const abs = Math.abs(min);
  const span = abs < 60 ? `${abs} min` : abs < 48 * 60 ? `${Math.round(abs / 60)} h` : `${Math.round(abs / 1440)} d`;
  return min >= 0 ? `in ${span}` : `${span} ago`;
}

export const score = (x) => (typeof x === 'number' ? x.toFixed(3) : '');
export const signed = (x) => (x > 0 ? '+' : x < 0 ? '−' : '±') + Math.abs(x).toFixed(2);

export const stateText = {
  open: 'open',
  in_review: 'in review',
  awaiting_approval: 'awaiting approval',
  reopened: 'reopened',
  closed: 'closed',
};

export function badge(state) {
  return h('span', { class: `badge s-${state}` }, stateText[state] || state);
}

// A short message in the live region (read out by screen readers).
export function toast(text, kind = 'info') {
  const t = document.getElementById('toast');
  fill(t, h('p', { class: `toast ${kind}` }, text));
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => t.replaceChildren(), 8000);
}

// What went wrong, in place of the view in el.
export function showError(el, e) {
  const msg = e && e.status ? `${e.message} (HTTP ${e.status}${e.body && e.body.error ? ', ' + e.body.error : ''})` : String(e);
  fill(el, h('div', { class: 'panel error', role: 'alert' }, h('h1', {}, 'Something went wrong'), h('p', {}, msg)));
}

export function go(hash) {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}

// A name as a person reads it: an MRZ's name field (SURNAME<<GIVEN<NAMES)
// with its fillers turned back into a comma and spaces.
export function personName(n) {
  if (!n) return '(masked)';
  return n.includes('<') ? n.replace(/<<+/, ', ').replace(/<+/g, ' ').trim() : n;
}
