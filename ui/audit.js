// audit.js: the audit trail, filtered by user, object and action, a page
// at a time, and the chain verified on request.
import { query, api } from './api.js';
import { h, fill, when, go } from './dom.js';

const PAGE = 100;

export async function render(main, r) {
  const p = r.params;
  const f = { actor: p.get('actor') || '', action: p.get('action') || '', object_type: p.get('object_type') || '', object_id: p.get('object_id') || '' };
  const after = Number(p.get('after')) || 0;
  const entries = await query('/audit', { ...f, after, limit: PAGE });
  const field = (name, label) => [h('label', { for: `a-${name}` }, label), h('input', { id: `a-${name}`, name, value: f[name], size: 12 })];
  const form = h('form', { class: 'filters', 'aria-label': 'Filter the audit' }, field('actor', 'User'), field('action', 'Action'), field('object_type', 'Object'), field('object_id', 'Id'), h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (String(v).trim()) q.set(k, String(v).trim());
    go(`#/audit${q.toString() ? '?' + q : ''}`);
  });
  const result = h('p', { id: 'verify-result', role: 'status' });
  const verify = h('button', { type: 'button', id: 'verify' }, 'Verify the chain');
  verify.addEventListener('click', async () => {
    verify.disabled = true;
    result.textContent = 'Verifying…';
    try {
      const v = await api('GET', '/audit/verify');
      result.className = v.intact ? 'ok' : 'error';
      result.textContent = v.intact ? `Intact: ${v.entries} entries, every hash and batch root recomputed.` : `Broken at entry ${v.seq}: ${v.check}: ${v.detail}`;
    } catch (e) {
      result.className = 'error';
      result.textContent = e.message;
    }
    verify.disabled = false;
  });
  const next = entries.length === PAGE ? new URLSearchParams({ ...Object.fromEntries(Object.entries(f).filter(([, v]) => v)), after: entries[entries.length - 1].seq }) : null;
  fill(
    main,
    h('h1', {}, 'Audit'),
    h('div', { class: 'verify' }, verify, result),
    form,
    entries.length
      ? h(
          'table',
          { class: 'list audit' },
          h('caption', {}, `${entries.length} entries${after ? ` after ${after}` : ''}`),
          h('thead', {}, h('tr', {}, ['#', 'When', 'User', 'Role', 'Purpose', 'Action', 'Object', 'Outcome'].map((x) => h('th', { scope: 'col' }, x)))),
          h(
            'tbody',
            {},
            entries.map((e) => h('tr', {}, h('td', { class: 'num' }, String(e.seq)), h('td', {}, when(e.ts)), h('td', {}, e.actor), h('td', {}, e.role), h('td', {}, e.purpose), h('td', {}, e.action), h('td', {}, `${e.object_type} ${e.object_id}`), h('td', {}, e.outcome)))
          )
        )
      : h('p', { class: 'empty' }, 'No entry matches.'),
    next ? h('p', {}, h('a', { href: `#/audit?${next}` }, 'Later entries →')) : null
  );
  main.dataset.ready = 'audit';
}
