// case.js: one case as a reviewer decides it. The traveller and the listed
// person side by side, one feature a row: each name part beside its listed
// counterpart with how they compare, then birth date, nationality, gender
// and documents (with the MRZ's check digits); the evidence for and against
// with its weight; the list, entity, version and listing date; the history;
// and the decisions, each with a reason code and a required note.
import { api, session, can } from './api.js';
import { h, fill, badge, score, when, signed, go, kbd, toast, showError, personName } from './dom.js';
import { ask } from './dialog.js';

const REASONS = {
  dismiss: [
    ['DIFF_BIRTHDATE', 'birth dates differ'],
    ['DIFF_NATIONALITY', 'nationalities differ'],
    ['DIFF_DOCUMENT', 'documents differ'],
    ['DIFF_GENDER', 'genders differ'],
    ['DIFF_ENTITY_TYPE', 'not a person / another kind of entity'],
    ['DIFF_AGE', 'ages cannot agree'],
    ['NAME_ONLY', 'only the name agrees'],
    ['DUPLICATE_ALERT', 'duplicate of another alert'],
    ['BAD_INPUT', 'the traveller data is wrong'],
  ],
  confirm: [
    ['SAME_DOCUMENT', 'the same document'],
    ['SAME_BIOGRAPHIC', 'name, birth date and more agree'],
    ['SAME_EXTERNAL', 'confirmed by another source'],
  ],
  inconclusive: [['INCONCLUSIVE', 'cannot decide: escalate']],
  approve: [
    ['AGREED', 'agreed'],
    ['EVIDENCE_INSUFFICIENT', 'evidence insufficient'],
    ['WRONG_REASON', 'wrong reason'],
    ['NEW_INFORMATION', 'new information'],
    ['POLICY', 'policy'],
  ],
  send_back: [
    ['EVIDENCE_INSUFFICIENT', 'evidence insufficient'],
    ['WRONG_REASON', 'wrong reason'],
    ['NEW_INFORMATION', 'new information'],
    ['POLICY', 'policy'],
  ],
  reopen: [
    ['NEW_INFORMATION', 'new information'],
    ['EVIDENCE_INSUFFICIENT', 'evidence insufficient'],
    ['WRONG_REASON', 'wrong reason'],
    ['POLICY', 'policy'],
  ],
};

const ACTIONS = {
  take: { label: 'Take', key: 't' },
  release: { label: 'Release', key: 'r' },
  dismiss: { label: 'Dismiss', key: 'd', match: true },
  confirm: { label: 'Propose confirmation', key: 'c', match: true },
  inconclusive: { label: 'Inconclusive', key: 'i', match: true },
  approve: { label: 'Approve', key: 'a', match: true },
  send_back: { label: 'Send back', key: 'b', match: true },
  reopen: { label: 'Reopen', key: 'o' },
  suppress: { label: 'Propose suppression', key: 's', match: true },
};

let kase = null; // the case shown
let focusMatch = null; // the match the decisions apply to
let acted = 0; // actions done, in main's data-acted

// Which actions the case's state allows this person (the server decides in
// the end, and says why when it refuses).
function allowed(c) {
  const st = c.case.state;
  const mine = c.case.owner === session.user;
  const pending = c.matches.some((m) => m.state === 'pending');
  const proposed = c.matches.find((m) => m.proposed_by);
  const reviewer = can('analyst') || can('supervisor');
  const a = new Set();
  if (!reviewer) return a;
  if (st === 'open' || st === 'reopened') a.add('take');
  if (st === 'in_review' && mine) a.add('release');
  if ((st === 'open' || st === 'reopened' || st === 'in_review') && pending) {
    a.add('dismiss');
    a.add('confirm');
    a.add('inconclusive');
  }
  if (st === 'awaiting_approval' && can('supervisor') && proposed && proposed.proposed_by !== session.user) {
    a.add('approve');
    a.add('send_back');
  }
  if (st === 'closed' && can('supervisor')) a.add('reopen');
  if (c.matches.some((m) => m.state === 'dismissed')) a.add('suppress');
  return a;
}

// How a name part compares, in the words zeef explains it with (its
// sentence without the two names it starts with), or made from the fields.
function partText(p, missing) {
  const said = p.text ? p.text.replace(/^.*?: /, '') : '';
  const match = p.match.replace('the second name', 'the listed name').replace('the first name', "the traveller's name");
  if (missing) return `${match}${said ? `: ${said}` : `; costs ${Math.abs(p.weight).toFixed(2)}`}`;
  return said || `${match}, similarity ${p.similarity.toFixed(2)}; counts ${Math.abs(p.weight).toFixed(2)}`;
}

function partsRows(m, t) {
  const parts = (m.detail && m.detail.name_parts) || [];
  const rows = [
    h(
      'tr',
      { class: 'name-full' },
      h('th', { scope: 'row' }, 'Name'),
      h('td', {}, personName(t.name), t.name && t.name.includes('<') ? h('div', { class: 'muted' }, t.name) : null),
      h('td', {}, m.matched_name, m.matched_name !== m.listed_name ? h('div', { class: 'muted' }, `listed as ${m.listed_name}`) : null),
      h('td', { class: 'ev' }, `name similarity ${score(m.name_score)}`)
    ),
  ];
  for (const p of parts) {
    const missing = !p.traveller || !p.listed;
    rows.push(
      h(
        'tr',
        { class: `name-part${missing ? ' missing' : ''}` },
        h('th', { scope: 'row', class: 'sub' }, 'name part'),
        h('td', {}, p.traveller || h('span', { class: 'muted' }, '—')),
        h('td', {}, p.listed || h('span', { class: 'muted' }, '—')),
        h('td', { class: 'ev' }, partText(p, missing))
      )
    );
  }
  return rows;
}

function evidenceOf(m, feature) {
  return (m.evidence || []).filter((e) => e.feature === feature);
}

function evCell(list) {
  return h(
    'td',
    { class: 'ev' },
    list.map((e) => h('div', { class: e.weight > 0 ? 'for' : e.weight < 0 ? 'against' : '' }, `${e.text} (${signed(e.weight)})`))
  );
}

function mrzChecks(t) {
  const src = t.source;
  if (!src || src.type !== 'mrz' || !src.checks) return null;
  return h(
    'ul',
    { class: 'checks', 'aria-label': 'MRZ check digits' },
    src.checks.map((c) => h('li', { class: c.ok ? 'ok' : 'bad' }, `${c.field}: ${c.ok ? 'check digit ok' : `check digit ${c.found}, should be ${c.computed}`}${c.suggestion ? ` (perhaps ${c.suggestion})` : ''}`))
  );
}

function factRows(m, t) {
  const l = (m.detail && m.detail.listed) || {};
  const join = (a) => (a && a.length ? a.join(', ') : h('span', { class: 'muted' }, 'not listed'));
  const doc = t.document_number ? `${t.document_number}${t.document_country ? ` (${t.document_country})` : ''}` : h('span', { class: 'muted' }, 'none given');
  return [
    h('tr', { class: 'fact birth' }, h('th', { scope: 'row' }, 'Birth date'), h('td', {}, t.birth_date || h('span', { class: 'muted' }, 'not given')), h('td', {}, join(l.birth_dates)), evCell(evidenceOf(m, 'birth_date'))),
    h('tr', { class: 'fact nationality' }, h('th', { scope: 'row' }, 'Nationality'), h('td', {}, t.nationality || h('span', { class: 'muted' }, 'not given')), h('td', {}, join(l.nationalities)), evCell(evidenceOf(m, 'nationality'))),
    h('tr', { class: 'fact gender' }, h('th', { scope: 'row' }, 'Gender'), h('td', {}, t.gender || h('span', { class: 'muted' }, 'not given')), h('td', {}, l.gender || h('span', { class: 'muted' }, 'not listed')), evCell(evidenceOf(m, 'gender'))),
    h('tr', { class: 'fact document' }, h('th', { scope: 'row' }, 'Document'), h('td', {}, doc, mrzChecks(t)), h('td', {}, join(l.documents)), evCell(evidenceOf(m, 'document'))),
  ];
}

// A rule met (docs/rules.md): which rule, and each condition as it held.
function ruleSection(m, i) {
  const chosen = focusMatch === m.id;
  const r = (m.detail && m.detail.rule) || { id: m.entity_id, description: m.listed_name, explanation: '' };
  return h(
    'section',
    { class: `match rule panel${chosen ? ' chosen' : ''}`, 'aria-labelledby': `m-${m.id}` },
    h('h2', { id: `m-${m.id}` }, `Match ${i + 1}: rule ${r.id}`, ' ', h('span', { class: `badge m-${m.state}` }, m.state), m.proposed_by ? h('span', { class: 'muted' }, ` proposed by ${m.proposed_by} (${m.proposal_reason})`) : null),
    h('p', {}, r.description),
    h('h3', {}, 'Why the booking meets it'),
    h('ul', { class: 'for' }, String(r.explanation || '').split('; ').filter(Boolean).map((x) => h('li', {}, x))),
    h('p', { class: 'muted' }, 'A pre-determined criterion, not a list: it says nothing of who the traveller is. Review the booking below.'),
    m.state === 'pending' || m.state === 'dismissed'
      ? h('p', {}, h('label', { class: 'check' }, h('input', { type: 'radio', name: 'match', value: String(m.id), checked: chosen, onchange: () => (focusMatch = m.id) }), ' decisions apply to this match'))
      : null
  );
}

function matchSection(m, t, i) {
  if (m.list === 'rules') return ruleSection(m, i);
  const ev = (m.evidence || []).slice().sort((a, b) => b.weight - a.weight);
  const pro = ev.filter((e) => e.weight > 0);
  const con = ev.filter((e) => e.weight < 0);
  const l = (m.detail && m.detail.listed) || {};
  const chosen = focusMatch === m.id;
  return h(
    'section',
    { class: `match panel${chosen ? ' chosen' : ''}`, 'aria-labelledby': `m-${m.id}` },
    h(
      'h2',
      { id: `m-${m.id}` },
      `Match ${i + 1}: ${m.listed_name}`,
      ' ',
      h('span', { class: `band b-${m.band}` }, m.band),
      ' ',
      h('span', { class: `badge m-${m.state}` }, m.state),
      m.proposed_by ? h('span', { class: 'muted' }, ` proposed by ${m.proposed_by} (${m.proposal_reason})`) : null
    ),
    h(
      'dl',
      { class: 'meta' },
      h('dt', {}, 'List'),
      h('dd', {}, m.list),
      h('dt', {}, 'Entity'),
      h('dd', {}, m.entity_id),
      h('dt', {}, 'List version'),
      h('dd', {}, m.list_version),
      h('dt', {}, 'Listed on'),
      h('dd', {}, l.listed_on || '—'),
      l.programs ? [h('dt', {}, 'Programme'), h('dd', {}, l.programs)] : null,
      h('dt', {}, 'Score'),
      h('dd', {}, score(m.score))
    ),
    h(
      'table',
      { class: 'compare' },
      h('caption', {}, 'Traveller and listed person, feature by feature'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Feature'), h('th', { scope: 'col' }, 'Traveller'), h('th', { scope: 'col' }, 'Listed'), h('th', { scope: 'col' }, 'How they compare'))),
      h('tbody', {}, partsRows(m, t), factRows(m, t))
    ),
    h(
      'div',
      { class: 'evidence' },
      h('div', {}, h('h3', {}, 'Evidence for'), pro.length ? h('ul', { class: 'for' }, pro.map((e) => h('li', {}, h('span', { class: 'w' }, signed(e.weight)), ' ', e.text))) : h('p', { class: 'muted' }, 'none')),
      h('div', {}, h('h3', {}, 'Evidence against'), con.length ? h('ul', { class: 'against' }, con.map((e) => h('li', {}, h('span', { class: 'w' }, signed(e.weight)), ' ', e.text))) : h('p', { class: 'muted' }, 'none'))
    ),
    m.state === 'pending' || m.state === 'dismissed'
      ? h('p', {}, h('label', { class: 'check' }, h('input', { type: 'radio', name: 'match', value: String(m.id), checked: chosen, onchange: () => (focusMatch = m.id) }), ' decisions apply to this match'))
      : null
  );
}

function sourceSection(t) {
  const s = t.source;
  const items = [h('dt', {}, 'Record'), h('dd', {}, `${t.record_id || '—'} (line ${t.line})`), h('dt', {}, 'Received'), h('dd', {}, `${when(t.received_at)} from ${t.input || '—'}`)];
  if (s && s.type === 'paxlst') {
    const legs = (s.flights || []).map((f) => `${f.carrier || ''}${f.flight || ''} ${f.departure || ''} → ${f.arrival || ''} ${f.departure_time ? when(f.departure_time) : ''}`);
    items.push(h('dt', {}, 'Manifest'), h('dd', {}, `PAXLST ${s.message || ''}, ${s.role_name || ''}`), h('dt', {}, 'Itinerary'), h('dd', {}, legs.join('; ') || '—'));
  }
  if (s && s.type === 'pnrgov') {
    const legs = (s.itinerary || []).map((l) => `${l.carrier}${l.flight} ${l.origin} → ${l.destination} ${when(l.departure)}`);
    items.push(
      h('dt', {}, 'Booking'),
      h('dd', {}, `PNR ${s.locator}${s.system ? ` (${s.system})` : ''}, booked ${when(s.booked) || '—'}${s.ticketed ? `, ticketed ${when(s.ticketed)}` : ''}${s.agency ? `, office ${s.agency}` : ''}`),
      h('dt', {}, 'Itinerary'),
      h('dd', {}, legs.join('; ') || '—'),
      h('dt', {}, 'Travelling with'),
      h('dd', {}, (s.travellers || []).filter((_, i) => i !== s.traveller).map((t) => `${t.surname}, ${t.given_names}`).join('; ') || 'nobody'),
      h('dt', {}, 'Contacts, payment'),
      h('dd', {}, [...(s.contacts || []).map((c) => `${c.kind} ${c.value}`), ...(s.payments || []).map((f) => `${f.type}${f.card ? ' ' + f.card : ''}${f.amount ? ' ' + f.amount : ''}`)].join('; ') || '—')
    );
  }
  if (s && s.type === 'mrz') items.push(h('dt', {}, 'MRZ'), h('dd', {}, `${s.format} ${s.document_code} issued by ${s.issuer}, expires ${s.expiry_date || '—'}, ${s.valid ? 'every check digit agrees' : 'a check digit fails'}`));
  const warnings = t.warnings && t.warnings.length ? h('ul', { class: 'warnings' }, t.warnings.map((w) => h('li', {}, w))) : null;
  return h('section', { class: 'panel source', 'aria-labelledby': 'src-h' }, h('h2', { id: 'src-h' }, 'Where the traveller came from'), h('dl', { class: 'meta' }, items), warnings);
}

// Travellers who share a booking, an e-mail address, a phone, a card or a
// document with this one: links for the reviewer, never alerts.
function linksSection(c) {
  const links = c.links || [];
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'links-h' },
    h('h2', { id: 'links-h' }, `Links (${links.length})`),
    links.length
      ? h(
          'table',
          { class: 'links' },
          h('thead', {}, h('tr', {}, ['Traveller', 'Screened', 'Case', 'Shares'].map((x) => h('th', { scope: 'col' }, x)))),
          h(
            'tbody',
            {},
            links.map((l) =>
              h(
                'tr',
                {},
                h('td', {}, `${personName(l.name)} (${l.record_id})`),
                h('td', {}, l.outcome),
                h('td', {}, l.case_id ? h('a', { href: `#/case/${l.case_id}` }, `case ${l.case_id} (${String(l.case_state).replaceAll('_', ' ')})`) : '—'),
                h('td', {}, l.shared.map((x) => `${x.kind} ${x.value}`).join('; '))
              )
            )
          )
        )
      : h('p', { class: 'muted' }, 'No stored traveller shares a booking, contact, card or document with this one.')
  );
}

function historySection(c) {
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'hist-h' },
    h('h2', { id: 'hist-h' }, 'History'),
    c.history.length
      ? h(
          'table',
          { class: 'history' },
          h('thead', {}, h('tr', {}, ['When', 'Who', 'Role', 'Action', 'Reason', 'Note'].map((x) => h('th', { scope: 'col' }, x)))),
          h('tbody', {}, c.history.map((d) => h('tr', {}, h('td', {}, when(d.at)), h('td', {}, d.actor), h('td', {}, d.role), h('td', {}, d.action), h('td', {}, d.reason || ''), h('td', {}, d.note || ''))))
        )
      : h('p', { class: 'muted' }, 'No decision yet.')
  );
}

function actionBar(c) {
  const ok = allowed(c);
  return h(
    'div',
    { class: 'actions', role: 'toolbar', 'aria-label': 'Decisions' },
    Object.entries(ACTIONS)
      .filter(([name]) => ok.has(name))
      .map(([name, a]) => h('button', { type: 'button', class: name === 'dismiss' || name === 'approve' ? 'primary' : '', 'data-action': name, 'aria-keyshortcuts': a.key, onclick: () => act(name) }, a.label, ' ', kbd(a.key))),
    h('a', { href: '#/queue', class: 'back' }, 'Back to the queue ', kbd('u'))
  );
}

export async function render(main, r) {
  kase = await api('GET', `/cases/${encodeURIComponent(r.id)}`);
  const pick = kase.matches.find((m) => m.proposed_by) || kase.matches.find((m) => m.state === 'pending') || kase.matches.find((m) => m.state === 'dismissed') || kase.matches[0];
  if (!focusMatch || !kase.matches.some((m) => m.id === focusMatch)) focusMatch = pick ? pick.id : null;
  draw(main);
}

function draw(main) {
  const c = kase;
  const t = c.traveller;
  fill(
    main,
    h(
      'div',
      { class: 'case-head' },
      h('h1', {}, `Case ${c.case.id}: ${personName(t.name)}`),
      h('p', {}, badge(c.case.state), c.case.escalated ? h('span', { class: 'badge s-escalated' }, 'escalated') : null, ' ', c.case.owner ? `owned by ${c.case.owner}` : 'nobody owns it', ` · version ${c.case.version} · ${c.case.origin} · opened ${when(c.case.opened_at)}`)
    ),
    actionBar(c),
    c.matches.map((m, i) => matchSection(m, t, i)),
    sourceSection(t),
    linksSection(c),
    historySection(c)
  );
  main.dataset.ready = `case-${c.case.id}`;
}

async function act(name) {
  const main = document.getElementById('main');
  const c = kase;
  let body = { action: name, version: c.case.version };
  if (ACTIONS[name].match) {
    const m = c.matches.find((x) => x.id === focusMatch);
    if (!m) return toast('Choose a match first.', 'error');
    body.match = m.id;
  }
  if (name !== 'take' && name !== 'release') {
    const a = ACTIONS[name];
    const got = await ask({
      title: `${a.label}${a.match ? `: match ${c.matches.findIndex((m) => m.id === body.match) + 1}` : ''}`,
      submit: a.label,
      codes: REASONS[name] || [],
      days: name === 'suppress',
    });
    if (!got) return;
    body.reason = got.reason;
    body.note = got.note;
    if (name === 'suppress') body = { match: body.match, days: got.days, note: got.note };
  }
  try {
    if (name === 'suppress') {
      const r = await api('POST', '/suppressions', body);
      toast(`Suppression ${r.suppression} proposed: a supervisor approves it.`);
    } else {
      const r = await api('POST', `/cases/${c.case.id}`, body);
      toast(`Case ${r.case}: ${r.state.replaceAll('_', ' ')}.`);
    }
  } catch (e) {
    if (e.status === 409) toast(`Someone acted first: the case is now ${String(e.body.state || '').replaceAll('_', ' ')} (version ${e.body.version}). Read it again.`, 'error');
    else toast(`${e.message}`, 'error');
  }
  try {
    kase = await api('GET', `/cases/${c.case.id}`);
    draw(main);
  } catch (e) {
    showError(main, e);
  }
  main.dataset.acted = String(++acted); /* the case as it is after the action is shown */
}

export function key(e) {
  if (!kase) return false;
  if (e.key === 'Escape' || e.key === 'u') {
    go('#/queue');
    return true;
  }
  const ok = allowed(kase);
  for (const [name, a] of Object.entries(ACTIONS))
    if (a.key === e.key && ok.has(name)) {
      act(name);
      return true;
    }
  return false;
}
