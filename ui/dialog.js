// dialog.js: the one dialog a decision goes through: a reason code of the
// action's kind (when it has codes), a number of days (a suppression) and a
// note, required. Resolves with {reason, note, days}, or null when cancelled.
import { h } from './dom.js';

export function ask({ title, submit, codes = [], days = false }) {
  return new Promise((resolve) => {
    const reason = h('select', { id: 'd-reason', 'aria-required': 'true' }, h('option', { value: '' }, 'choose a reason'), codes.map(([v, t]) => h('option', { value: v }, `${v}: ${t}`)));
    const note = h('textarea', { id: 'd-note', rows: 4, 'aria-required': 'true', 'aria-describedby': 'd-note-hint' });
    const nDays = h('input', { id: 'd-days', type: 'number', min: 1, max: 365, value: 180, required: true });
    const err = h('p', { class: 'error', role: 'alert' });
    let dlg = null;
    const form = h(
      'form',
      { method: 'dialog', novalidate: true },
      h('h2', { id: 'd-title' }, title),
      codes.length ? [h('label', { for: 'd-reason' }, 'Reason'), reason] : null,
      days ? [h('label', { for: 'd-days' }, 'Days it lasts'), nDays] : null,
      h('label', { for: 'd-note' }, 'Note'),
      note,
      h('p', { id: 'd-note-hint', class: 'muted' }, 'Say why, for the second reviewer and the audit (the audit keeps its digest, not its text).'),
      err,
      h('div', { class: 'buttons' }, h('button', { type: 'button', onclick: () => dlg.close() }, 'Cancel'), h('button', { type: 'submit', class: 'primary' }, submit))
    );
    let answer = null;
    dlg = h('dialog', { class: 'decide', 'aria-labelledby': 'd-title' }, form);
    form.addEventListener('submit', (e) => {
      if ((codes.length && !reason.value) || !note.value.trim()) {
        e.preventDefault();
        err.textContent = codes.length ? 'A reason and a note are both required.' : 'A note is required.';
        return;
      }
      answer = { reason: reason.value, note: note.value.trim(), days: Number(nDays.value) };
    });
    dlg.addEventListener('close', () => {
      dlg.remove();
      resolve(answer);
    });
    document.body.append(dlg);
    dlg.showModal();
    (codes.length ? reason : note).focus();
  });
}
