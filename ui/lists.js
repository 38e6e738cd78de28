// lists.js: the lists served, their versions and counts, and what the last
// change of a list did to the stored travellers (re-screening).
import { query } from './api.js';
import { h, fill, when } from './dom.js';

export async function render(main) {
  const data = await query('/lists');
  const change = data.last_change;
  fill(
    main,
    h('h1', {}, 'Lists'),
    h(
      'table',
      { class: 'list' },
      h('caption', {}, `Generation ${data.generation}, loaded ${when(data.loaded_at)} in ${data.load_seconds.toFixed(2)} s; ${data.index_names} names indexed`),
      h('thead', {}, h('tr', {}, ['List', 'Version', 'Format', 'Entities', 'Loaded', 'Warnings'].map((x) => h('th', { scope: 'col' }, x)))),
      h(
        'tbody',
        {},
        data.lists.map((l) => h('tr', {}, h('td', {}, l.name), h('td', {}, l.version), h('td', {}, l.format), h('td', { class: 'num' }, l.entities.toLocaleString('en')), h('td', {}, when(l.loaded_at)), h('td', {}, l.warnings.length ? l.warnings.join('; ') : '—')))
      )
    ),
    h('h2', {}, 'Last change'),
    change
      ? h(
          'table',
          { class: 'list', id: 'last-change' },
          h('caption', {}, `${when(change.at)}: ${change.why}`),
          h('thead', {}, h('tr', {}, ['List', 'From', 'To', 'Added', 'Changed', 'Removed', 'Screened again', 'Alerts', 'Cases opened', 'Withdrawn'].map((x) => h('th', { scope: 'col' }, x)))),
          h(
            'tbody',
            {},
            change.lists.map((c) =>
              c.error
                ? h('tr', {}, h('td', {}, c.list), h('td', { colspan: 9, class: 'error' }, c.error))
                : h('tr', {}, h('td', {}, c.list), h('td', {}, c.from), h('td', {}, c.to), ...[c.added, c.changed, c.removed, c.candidates, c.alerts, c.cases, c.withdrawn].map((n) => h('td', { class: 'num' }, String(n))))
            )
          )
        )
      : h('p', { class: 'muted' }, 'No list has changed since the service started.')
  );
  main.dataset.ready = 'lists';
}
