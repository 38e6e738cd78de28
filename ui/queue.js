// queue.js: the open cases, most urgent first (awaiting approval, escalated,
// the soonest departure, then the score), a page at a time, with the count
// in each state and what awaits my second review. j/k move, Enter opens.
import { query, session, can } from './api.js';
import { h, fill, badge, score, when, untilText, go, kbd, stateText, personName } from './dom.js';

export const PAGE = 100;
const STATES = ['active', 'open', 'in_review', 'awaiting_approval', 'reopened', 'closed'];
let rows = [];
let sel = 0;
let page = { offset: 0, total: 0, params: null };
let listNames = null;

function hashWith(params, changes) {
  const q = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) {
    if (v === '' || v === null || v === undefined) q.delete(k);
    else q.set(k, v);
  }
  if (!('offset' in changes)) q.delete('offset');
  const s = q.toString();
  return s ? `#/queue?${s}` : '#/queue';
}

export async function render(main, r) {
  const p = r.params;
  const f = {
    state: p.get('state') || 'active',
    list: p.get('list') || '',
    flight: p.get('flight') || '',
    awaiting: p.get('awaiting') || '',
    owner: p.get('owner') || '',
  };
  const offset = Math.max(0, Number(p.get('offset')) || 0);
  const t0 = performance.now();
  const [data, mine] = await Promise.all([
    query('/cases', { ...f, limit: PAGE, offset }),
    can('supervisor') ? query('/cases', { awaiting: 'me', limit: 1 }) : Promise.resolve(null),
  ]);
  if (!listNames) listNames = await query('/lists').then((l) => l.lists.map((x) => x.name)).catch(() => []);
  const same = page.params === p.toString();
  page = { offset, total: data.total, params: p.toString() };
  rows = data.cases;
  if (!same) sel = 0;
  sel = Math.min(sel, Math.max(0, rows.length - 1));

  const counts = h(
    'ul',
    { class: 'counts', 'aria-label': 'Cases in each state' },
    Object.keys(stateText).map((s) =>
      h('li', {}, h('a', { href: hashWith('', { state: s }), class: f.state === s ? 'on' : '' }, badge(s), ' ', String(data.states[s] || 0)))
    )
  );
  const awaiting =
    mine && mine.total
      ? h('p', { class: 'notice' }, h('a', { href: hashWith('', { awaiting: 'me', state: 'awaiting_approval' }) }, `${mine.total} case${mine.total === 1 ? '' : 's'} await your second review`))
      : null;

  const filters = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter the queue' },
    h('label', { for: 'f-state' }, 'State'),
    h('select', { id: 'f-state', name: 'state' }, STATES.map((s) => h('option', { value: s, selected: s === f.state }, s === 'active' ? 'all but closed' : stateText[s]))),
    h('label', { for: 'f-list' }, 'List'),
    h('select', { id: 'f-list', name: 'list' }, h('option', { value: '' }, 'every list'), listNames.map((n) => h('option', { value: n, selected: n === f.list }, n))),
    h('label', { for: 'f-flight' }, 'Flight'),
    h('input', { id: 'f-flight', name: 'flight', value: f.flight, size: 8, placeholder: 'XY123' }),
    can('supervisor') ? h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'awaiting', value: 'me', checked: f.awaiting === 'me' }), ' awaiting my approval') : null,
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'owner', value: session.user, checked: f.owner === session.user }), ' mine'),
    h('button', { type: 'submit' }, 'Filter')
  );
  const apply = () => {
    const fd = new FormData(filters);
    go(hashWith('', { state: fd.get('state'), list: fd.get('list'), flight: (fd.get('flight') || '').trim(), awaiting: fd.get('awaiting') || '', owner: fd.get('owner') || '' }));
  };
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    apply();
  });
  for (const el of filters.querySelectorAll('select, input[type=checkbox]')) el.addEventListener('change', apply);

  const now = Date.now();
  const body = h(
    'tbody',
    {},
    rows.map((c, i) =>
      h(
        'tr',
        { id: `case-row-${c.id}`, class: i === sel ? 'sel' : '', 'aria-selected': i === sel ? 'true' : 'false', onclick: () => go(`#/case/${c.id}`) },
        h('td', { class: 'nowrap' }, c.departs_at ? h('span', { title: when(c.departs_at) }, untilText(c.departs_at, now)) : h('span', { class: 'muted' }, '—')),
        h('td', {}, c.flight || ''),
        h('td', {}, h('a', { href: `#/case/${c.id}` }, personName(c.traveller && c.traveller.name))),
        h('td', { class: 'date' }, (c.traveller && c.traveller.birth_date) || ''),
        h('td', {}, (c.traveller && c.traveller.nationality) || ''),
        h('td', {}, c.best ? c.best.listed_name : ''),
        h('td', {}, c.best ? c.best.list : ''),
        h('td', { class: 'num' }, c.best ? score(c.best.score) : ''),
        h('td', {}, c.best ? h('span', { class: `band b-${c.best.band}` }, c.best.band) : ''),
        h('td', {}, badge(c.state), c.escalated ? h('span', { class: 'badge s-escalated' }, 'escalated') : null),
        h('td', {}, c.owner || '')
      )
    )
  );
  const table = h(
    'table',
    { class: 'queue', 'aria-describedby': 'queue-keys' },
    h('caption', {}, `Cases ${data.total ? offset + 1 : 0}–${offset + rows.length} of ${data.total}, most urgent first`),
    h('thead', {}, h('tr', {}, ['Departs', 'Flight', 'Traveller', 'Born', 'Nat.', 'Listed as', 'List', 'Score', 'Band', 'State', 'Owner'].map((t) => h('th', { scope: 'col' }, t)))),
    body
  );
  const pager = h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    h('a', { href: offset > 0 ? hashWith(p, { offset: Math.max(0, offset - PAGE) }) : null, 'aria-disabled': offset > 0 ? null : 'true' }, '← previous ', kbd('p')),
    h('span', {}, `page ${Math.floor(offset / PAGE) + 1} of ${Math.max(1, Math.ceil(data.total / PAGE))}`),
    h('a', { href: offset + PAGE < data.total ? hashWith(p, { offset: offset + PAGE }) : null, 'aria-disabled': offset + PAGE < data.total ? null : 'true' }, 'next → ', kbd('n'))
  );
  fill(
    main,
    h('h1', {}, 'Queue'),
    counts,
    awaiting,
    filters,
    rows.length ? table : h('p', { class: 'empty' }, 'No case matches these filters.'),
    rows.length ? pager : null,
    h('p', { id: 'queue-keys', class: 'muted keys-hint' }, kbd('j'), ' ', kbd('k'), ' move, ', kbd('Enter'), ' opens, ', kbd('?'), ' every key'),
    h('p', { class: 'muted', id: 'queue-time' }, `${rows.length} rows in ${Math.round(performance.now() - t0)} ms`)
  );
  main.dataset.ready = 'queue';
}

function mark() {
  const trs = document.querySelectorAll('table.queue tbody tr');
  trs.forEach((tr, i) => {
    tr.classList.toggle('sel', i === sel);
    tr.setAttribute('aria-selected', i === sel ? 'true' : 'false');
  });
  if (trs[sel]) {
    trs[sel].scrollIntoView({ block: 'nearest' });
    const a = trs[sel].querySelector('a');
    if (a) a.focus({ preventScroll: true });
  }
}

export function key(e) {
  const p = new URLSearchParams(page.params || '');
  switch (e.key) {
    case 'j':
      if (sel < rows.length - 1) sel++;
      mark();
      return true;
    case 'k':
      if (sel > 0) sel--;
      mark();
      return true;
    case 'Enter':
    case 'o':
      if (rows[sel]) go(`#/case/${rows[sel].id}`);
      return true;
    case 'n':
      if (page.offset + PAGE < page.total) go(hashWith(p, { offset: page.offset + PAGE }));
      return true;
    case 'p':
      if (page.offset > 0) go(hashWith(p, { offset: Math.max(0, page.offset - PAGE) }));
      return true;
    default:
      return false;
  }
}
