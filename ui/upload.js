// upload.js: a manifest sent for screening (POST /screen): CSV, JSON lines,
// MRZ, PAXLST or PNRGOV bookings. Progress while it is sent, then while its answer streams
// back (the records screened so far); the alerts open cases in the queue.
import { session, can } from './api.js';
import { h, fill } from './dom.js';

const TYPES = [
  ['auto', 'by the file name', null],
  ['csv', 'CSV', 'text/csv'],
  ['jsonl', 'JSON lines', 'application/x-ndjson'],
  ['paxlst', 'PAXLST (UN/EDIFACT)', 'application/paxlst'],
  ['pnrgov', 'PNRGOV bookings (UN/EDIFACT)', 'application/pnrgov'],
  ['mrz', 'MRZ lines', 'text/plain'],
];

function typeOf(file, chosen) {
  const t = TYPES.find(([k]) => k === chosen);
  if (t && t[2]) return t[2];
  const n = file.name.toLowerCase();
  if (n.endsWith('.csv')) return 'text/csv';
  if (n.endsWith('.jsonl') || n.endsWith('.ndjson')) return 'application/x-ndjson';
  if (n.endsWith('.json')) return 'application/json';
  if (n.endsWith('.edi') || n.endsWith('.paxlst') || n.endsWith('.edifact')) return 'application/edifact';
  return 'text/plain'; /* MRZ, PAXLST or CSV: the server tells them apart */
}

const count = (s, what) => s.split(what).length - 1;

export async function render(main) {
  const file = h('input', { id: 'u-file', type: 'file', required: true, accept: '.csv,.jsonl,.ndjson,.json,.txt,.mrz,.edi,.paxlst,.pnrgov,.edifact' });
  const kind = h('select', { id: 'u-kind' }, TYPES.map(([k, label]) => h('option', { value: k }, label)));
  const sent = h('progress', { id: 'u-sent', max: 100, value: 0, 'aria-label': 'Sent' });
  const status = h('p', { id: 'u-status', role: 'status', 'aria-live': 'polite' });
  const result = h('div', { id: 'u-result' });
  const go = h('button', { type: 'submit', class: 'primary' }, 'Screen it');
  const form = h(
    'form',
    { class: 'upload panel', 'aria-label': 'Upload a manifest' },
    h('label', { for: 'u-file' }, 'Manifest file'),
    file,
    h('label', { for: 'u-kind' }, 'Format'),
    kind,
    go,
    h('div', { class: 'progress' }, h('span', { id: 'u-sent-label' }, 'Sent'), sent),
    status
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = file.files[0];
    if (!f) return;
    go.disabled = true;
    result.replaceChildren();
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/screen');
    xhr.setRequestHeader('Content-Type', typeOf(f, kind.value));
    xhr.setRequestHeader('X-CSRF-Token', session.csrf);
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable) sent.value = Math.round((100 * ev.loaded) / ev.total);
      status.textContent = `Sending ${f.name}: ${(ev.loaded / 1e6).toFixed(1)} of ${(ev.total / 1e6).toFixed(1)} MB`;
    };
    xhr.onprogress = () => {
      const t = xhr.responseText;
      status.textContent = `Screening: ${count(t, '"status":')} records screened, ${count(t, '"status":"alert"')} alerts so far`;
    };
    xhr.onload = () => {
      go.disabled = false;
      sent.value = 100;
      let data = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = null;
      }
      if (xhr.status !== 200 || !data || !data.summary) {
        status.textContent = `Not screened: ${(data && data.detail) || `HTTP ${xhr.status}`}`;
        status.className = 'error';
        return;
      }
      const s = data.summary;
      status.className = 'ok';
      status.textContent = `Done: ${s.records} record${s.records === 1 ? '' : 's'}, ${s.alerts} alert${s.alerts === 1 ? '' : 's'}, ${s.clear} clear, ${s.errors} error${s.errors === 1 ? '' : 's'}.`;
      const alerts = data.results.filter((x) => x.status === 'alert');
      const errors = data.results.filter((x) => x.status === 'error');
      fill(
        result,
        alerts.length && (can('analyst') || can('supervisor')) ? h('p', {}, h('a', { href: '#/queue' }, `See the ${alerts.length} alert${alerts.length === 1 ? '' : 's'} in the queue`)) : null,
        alerts.length
          ? h(
              'table',
              { class: 'list' },
              h('caption', {}, 'Alerts'),
              h('thead', {}, h('tr', {}, ['Record', 'Traveller', 'Listed as', 'List', 'Score'].map((x) => h('th', { scope: 'col' }, x)))),
              h('tbody', {}, alerts.map((a) => h('tr', {}, h('td', {}, a.id || `line ${a.line}`), h('td', {}, a.traveller.name), h('td', {}, a.hits[0].name), h('td', {}, a.hits[0].list), h('td', { class: 'num' }, a.hits[0].score.toFixed(3)))))
            )
          : null,
        errors.length ? h('div', {}, h('h2', {}, 'Records that could not be read'), h('ul', { class: 'warnings' }, errors.map((x) => h('li', {}, `line ${x.line}: ${x.error}`)))) : null
      );
    };
    xhr.onerror = () => {
      go.disabled = false;
      status.textContent = 'The upload failed: the connection broke.';
      status.className = 'error';
    };
    xhr.send(f);
  });
  fill(main, h('h1', {}, 'Upload a manifest'), h('p', { class: 'muted' }, 'Every traveller is screened and stored; each alert opens a case.'), form, result);
  main.dataset.ready = 'upload';
}
