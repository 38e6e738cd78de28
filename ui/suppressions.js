// suppressions.js: the suppressions (who proposed, who decided, why, until
// when, lapsed or expired), and a supervisor's approve, reject or revoke.
import { api, query, can } from './api.js';
import { h, fill, when, toast, go } from './dom.js';
import { ask } from './dialog.js';

const STATES = ['', 'proposed', 'active', 'lapsed', 'expired', 'rejected', 'revoked'];

export async function render(main, r) {
  const state = r.params.get('state') || '';
  const data = await query('/suppressions', { state });
  const filter = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter the suppressions' },
    h('label', { for: 's-state' }, 'State'),
    h('select', { id: 's-state', onchange: (e) => go(e.target.value ? `#/suppressions?state=${e.target.value}` : '#/suppressions') }, STATES.map((s) => h('option', { value: s, selected: s === state }, s || 'every state')))
  );
  const decide = async (s, action) => {
    const got = await ask({ title: `${action[0].toUpperCase()}${action.slice(1)} suppression ${s.id}`, submit: action[0].toUpperCase() + action.slice(1) });
    if (!got) return;
    try {
      const res = await api('POST', `/suppressions/${s.id}`, { action, note: got.note });
      toast(`Suppression ${res.suppression}: ${res.state}.`);
    } catch (e) {
      toast(e.message, 'error');
    }
    render(main, r);
  };
  const rows = data.suppressions.map((s) =>
    h(
      'tr',
      { id: `supp-${s.id}` },
      h('td', { class: 'num' }, String(s.id)),
      h('td', {}, h('span', { class: `badge p-${s.state}` }, s.state)),
      h('td', {}, `${s.list} ${s.entity_id}`),
      h('td', {}, s.case_id ? h('a', { href: `#/case/${s.case_id}` }, `case ${s.case_id}`) : ''),
      h('td', {}, s.reason || ''),
      h('td', {}, s.proposed_by),
      h('td', {}, s.decided_by || ''),
      h('td', {}, when(s.created_at)),
      h('td', {}, when(s.expires_at)),
      h('td', {}, s.ended_at ? `${when(s.ended_at)} ${s.end_reason || ''}` : ''),
      h(
        'td',
        {},
        can('supervisor') && s.state === 'proposed'
          ? [h('button', { type: 'button', onclick: () => decide(s, 'approve') }, 'Approve'), ' ', h('button', { type: 'button', onclick: () => decide(s, 'reject') }, 'Reject')]
          : can('supervisor') && s.state === 'active'
            ? h('button', { type: 'button', onclick: () => decide(s, 'revoke') }, 'Revoke')
            : null
      )
    )
  );
  fill(
    main,
    h('h1', {}, 'Suppressions'),
    h('p', { class: 'muted' }, 'A suppression keeps one traveller from alerting again on one listed entity until it expires; it lapses when the entity changes.'),
    filter,
    rows.length
      ? h(
          'table',
          { class: 'list' },
          h('caption', {}, `${rows.length} suppression${rows.length === 1 ? '' : 's'}, newest first`),
          h('thead', {}, h('tr', {}, ['#', 'State', 'Entity', 'Case', 'Why (dismissal)', 'Proposed by', 'Decided by', 'Created', 'Expires', 'Ended', 'Action'].map((x) => h('th', { scope: 'col' }, x)))),
          h('tbody', {}, rows)
        )
      : h('p', { class: 'empty' }, 'No suppression in this state.')
  );
  main.dataset.ready = 'suppressions';
}
