// search.js: stored travellers by name, document or birth date. A search
// reads personal data: it asks why, and the audit records it (how many were
// found, not what was asked).
import { query, session } from './api.js';
import { h, fill, when, personName } from './dom.js';

export async function render(main, r) {
  const p = r.params;
  const name = h('input', { id: 'q-name', name: 'name', value: p.get('name') || '', size: 24 });
  const doc = h('input', { id: 'q-doc', name: 'document_number', value: p.get('document_number') || '', size: 12 });
  const born = h('input', { id: 'q-born', name: 'birth_date', value: p.get('birth_date') || '', size: 10, placeholder: 'YYYY or YYYY-MM-DD' });
  const why = h('select', { id: 'q-purpose', 'aria-required': 'true' }, h('option', { value: '' }, 'choose a purpose'), session.purposes.map((x) => h('option', { value: x }, x.replaceAll('_', ' '))));
  const out = h('div', { id: 'search-results', 'aria-live': 'polite' });
  const err = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { class: 'filters search', 'aria-label': 'Search travellers', novalidate: true },
    h('label', { for: 'q-name' }, 'Name contains'),
    name,
    h('label', { for: 'q-doc' }, 'Document number'),
    doc,
    h('label', { for: 'q-born' }, 'Born'),
    born,
    h('label', { for: 'q-purpose' }, 'Purpose of this search'),
    why,
    h('button', { type: 'submit', class: 'primary' }, 'Search')
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    err.textContent = '';
    if (!why.value) {
      err.textContent = 'Say why you search: a search of personal data is recorded with its purpose.';
      why.focus();
      return;
    }
    const keep = session.purpose;
    session.purpose = why.value;
    try {
      const data = await query('/travellers', { name: name.value.trim(), document_number: doc.value.trim(), birth_date: born.value.trim() });
      fill(
        out,
        data.travellers.length
          ? h(
              'table',
              { class: 'list' },
              h('caption', {}, `${data.travellers.length} traveller${data.travellers.length === 1 ? '' : 's'} found, newest first`),
              h('thead', {}, h('tr', {}, ['Name', 'Born', 'Nat.', 'Document', 'Outcome', 'Screened', 'From', 'Case'].map((x) => h('th', { scope: 'col' }, x)))),
              h(
                'tbody',
                {},
                data.travellers.map((t) => h('tr', {}, h('td', {}, personName(t.name)), h('td', {}, t.birth_date || ''), h('td', {}, t.nationality || ''), h('td', {}, t.document_number || ''), h('td', {}, t.outcome), h('td', {}, when(t.received_at)), h('td', {}, t.input || ''), h('td', {}, t.case_id ? h('a', { href: `#/case/${t.case_id}` }, `case ${t.case_id}`) : '')))
              )
            )
          : h('p', { class: 'empty' }, 'Nobody found.')
      );
    } catch (x) {
      err.textContent = x.message;
    } finally {
      session.purpose = keep;
    }
  });
  fill(main, h('h1', {}, 'Search travellers'), h('p', { class: 'muted' }, 'Masked travellers (past the retention period) are not found.'), form, err, out);
  main.dataset.ready = 'search';
  name.focus();
}
