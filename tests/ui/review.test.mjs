// review.test.mjs: an alert's whole life in the review UI, in Chromium, as
// three people work it (issue "The analyst's screen"): ana signs in,
// uploads a PAXLST and sees its alerts; she dismisses one with a reason,
// proposes a suppression on it and proposes to confirm another; sue, a
// supervisor, finds it awaiting her second review and approves it, and
// approves the suppression; the list changes, the service re-screens the
// store and the new case appears in the queue; aud, the auditor, finds every
// one of those actions in the audit and verifies the chain. Along the way:
// the keyboard alone drives the decisions, every view passes axe-core's
// WCAG 2 A/AA rules, the session cookie is out of the page's reach and a
// write without the CSRF token is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, checkA11y, formatViolations, serverLog, repoRoot, signedIn, decide } from './harness.mjs';

const fixture = path.join(repoRoot, 'tests', 'ui', 'fixtures', 'flight.paxlst');
let srv, browser;
const people = {}; // user -> page, each in its own browser context (its own cookie)

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

async function signIn(user) {
  people[user] = await signedIn(browser, srv, user);
  return people[user];
}

async function accessible(page, what) {
  const v = await checkA11y(page);
  assert.equal(v.length, 0, `${what}: ${formatViolations(v)}`);
}

async function view(page, key, ready) {
  await page.keyboard.press(key);
  await page.waitForSelector(`main[data-ready="${ready}"]`);
}

async function openCase(page, name) {
  await view(page, '1', 'queue');
  await page.getByRole('link', { name }).click();
  await page.waitForSelector('main[data-ready^="case-"]');
}

async function caseState(page) {
  await page.waitForFunction(() => !document.querySelector('dialog[open]'));
  return page.locator('.case-head .badge').first().textContent();
}

test('ana signs in; the sign-in page and the empty queue are accessible', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${srv.url}/ui/`);
  await accessible(page, 'sign-in');
  await page.getByLabel('Key', { exact: true }).fill('not-a-valid-key-000');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('That key is not valid.').waitFor();
  await context.close();
  const ana = await signIn('ana');
  await ana.getByText('No case matches these filters.').waitFor();
  await accessible(ana, 'empty queue');
  // the session cookie is HttpOnly: the page's script cannot read it
  assert.equal(await ana.evaluate(() => document.cookie), '');
});

test('ana uploads a PAXLST and sees its alerts', async () => {
  const ana = people.ana;
  await view(ana, '6', 'upload');
  await accessible(ana, 'upload');
  await ana.getByLabel('Manifest file').setInputFiles(fixture);
  await ana.getByRole('button', { name: 'Screen it' }).click();
  await ana.locator('#u-status').filter({ hasText: 'Done: 5 records, 3 alerts, 2 clear, 0 errors.' }).waitFor();
  const alerts = await ana.locator('#u-result tbody tr').allTextContents();
  assert.equal(alerts.length, 3);
  assert.ok(alerts.some((t) => t.includes('AL ZAWAHIRI, AYMAN')));
  await ana.getByRole('link', { name: /See the 3 alerts in the queue/ }).click();
  await ana.waitForSelector('main[data-ready="queue"]');
  const rows = ana.locator('table.queue tbody tr');
  assert.equal(await rows.count(), 3);
  assert.match(await ana.locator('.counts').textContent(), /open\s*3/);
  assert.match(await rows.first().textContent(), /TK1957/);
  // j and k move the selection
  assert.equal(await rows.nth(0).getAttribute('aria-selected'), 'true');
  await ana.keyboard.press('j');
  assert.equal(await rows.nth(1).getAttribute('aria-selected'), 'true');
  await ana.keyboard.press('j');
  await ana.keyboard.press('k');
  assert.equal(await rows.nth(1).getAttribute('aria-selected'), 'true');
  await accessible(ana, 'queue');
});

test('ana dismisses one alert with a reason, and proposes a suppression on it', async () => {
  const ana = people.ana;
  await openCase(ana, 'HASSAN, AHMED MAHMUD');
  await accessible(ana, 'case');
  // a note is required
  await ana.keyboard.press('d');
  const dlg = ana.locator('dialog.decide');
  await dlg.waitFor();
  await accessible(ana, 'decision dialog');
  await dlg.getByLabel('Reason').selectOption('DIFF_DOCUMENT');
  await dlg.locator('button[type=submit]').click();
  await dlg.getByText('A reason and a note are both required.').waitFor();
  await dlg.getByRole('button', { name: 'Cancel' }).click();
  await dlg.waitFor({ state: 'detached' });
  await decide(ana, 'd', 'DIFF_DOCUMENT', 'passport AB850901 is a Tanzanian citizen born 1997; the listed man is older');
  assert.equal(await caseState(ana), 'closed');
  const history = await ana.locator('table.history').textContent();
  assert.match(history, /dismiss/);
  assert.match(history, /DIFF_DOCUMENT/);
  await decide(ana, 's', null, 'the same student travels weekly');
  await ana.locator('#toast').getByText(/Suppression \d+ proposed/).waitFor();
});

test('the case view sets each name part beside its listed counterpart, with the facts on their own rows', async () => {
  const ana = people.ana;
  await openCase(ana, 'AL ZAWAHIRI, AYMAN');
  const parts = await ana.locator('table.compare tr.name-part').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent.trim()))
  );
  assert.ok(parts.some(([t, l]) => t === 'AYMAN' && /^a[iy]man$/i.test(l)), JSON.stringify(parts));
  assert.ok(parts.some(([t, l]) => t === 'ZAWAHIRI' && /^zawah[ai]ri$/i.test(l)), JSON.stringify(parts));
  const birth = await ana.locator('table.compare tr.birth').textContent();
  assert.match(birth, /1951-06-19.*1951-06-19/);
  assert.match(birth, /\+2\.50/);
  const doc = await ana.locator('table.compare tr.document').textContent();
  assert.match(doc, /EG1084010/);
  assert.match(doc, /1084010/);
  assert.match(await ana.locator('dl.meta').first().textContent(), /QDi\.006/);
  // no approve button for an analyst
  assert.equal(await ana.locator('button[data-action="approve"]').count(), 0);
  await decide(ana, 'c', 'SAME_BIOGRAPHIC', 'name, birth date and nationality agree; the passport number holds the listed one');
  assert.equal(await caseState(ana), 'awaiting approval');
});

test('sue finds it awaiting her second review and approves it; she approves the suppression', async () => {
  const sue = await signIn('sue');
  await sue.getByRole('link', { name: '1 case await your second review' }).click();
  await sue.waitForSelector('main[data-ready="queue"]');
  await sue.getByRole('link', { name: 'AL ZAWAHIRI, AYMAN' }).click();
  await sue.waitForSelector('main[data-ready^="case-"]');
  await decide(sue, 'a', 'AGREED', 'agreed: the birth date and the document number settle it');
  assert.equal(await caseState(sue), 'closed');
  assert.match(await sue.locator('section.match').first().textContent(), /confirmed/);
  await view(sue, '2', 'suppressions');
  await accessible(sue, 'suppressions');
  const row = sue.locator('table.list tbody tr').filter({ hasText: 'proposed' });
  assert.match(await row.textContent(), /DIFF_DOCUMENT/);
  await row.getByRole('button', { name: 'Approve' }).click();
  const dlg = sue.locator('dialog.decide');
  await dlg.getByLabel('Note').fill('agreed for six months');
  await dlg.locator('button[type=submit]').click();
  await sue.locator('#toast').getByText(/: active\./).waitFor();
  await sue.locator('table.list tbody tr').filter({ hasText: 'active' }).waitFor();
});

test('a list change re-screens the store: the new case appears, and the lists view says what changed', async () => {
  const sue = people.sue;
  const text = fs.readFileSync(srv.listPath, 'utf8');
  const anchor = '<ALIAS_NAME>Dr. Hamed Abdullah Al-Ali</ALIAS_NAME>';
  assert.ok(text.includes(anchor));
  fs.writeFileSync(
    srv.listPath,
    text.replace(anchor, `${anchor}\n      </INDIVIDUAL_ALIAS>\n      <INDIVIDUAL_ALIAS>\n        <QUALITY>Good</QUALITY>\n        <ALIAS_NAME>Johannes Vermeulen</ALIAS_NAME>`)
  );
  const r = await srv.reload();
  assert.equal(r.status, 'reloaded', JSON.stringify(r));
  assert.equal(r.rescreen[0].cases, 1, JSON.stringify(r.rescreen));
  await view(sue, '3', 'lists');
  await accessible(sue, 'lists');
  assert.match(await sue.locator('#last-change tbody').textContent(), /UN.*1/);
  await openCase(sue, 'VERMEULEN, JOHANNES');
  assert.match(await sue.locator('.case-head').textContent(), /rescreen/);
  assert.match(await sue.locator('table.compare tr.birth').textContent(), /1960-01-20.*1960-01-20/);
});

test('a search names its purpose', async () => {
  const ana = people.ana;
  await view(ana, '5', 'search');
  await accessible(ana, 'search');
  await ana.getByLabel('Name contains').fill('VERMEULEN');
  await ana.getByRole('button', { name: 'Search' }).click();
  await ana.getByText(/Say why you search/).waitFor();
  await ana.getByLabel('Purpose of this search').selectOption('investigation');
  await ana.getByRole('button', { name: 'Search' }).click();
  await ana.locator('#search-results table').waitFor();
  const rows = await ana.locator('#search-results tbody tr').allTextContents();
  assert.equal(rows.length, 2, rows.join('\n')); // screened at upload, and again at the reload
  assert.ok(rows.some((t) => /case \d+/.test(t)));
});

test('a write without the CSRF token is refused, even from the page', async () => {
  const status = await people.ana.evaluate(async () => {
    const r = await fetch('/cases/1', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"action":"take","version":1}' });
    return r.status;
  });
  assert.equal(status, 403);
});

test('aud finds every action in the audit and verifies the chain', async () => {
  const aud = await signIn('aud');
  await view(aud, '4', 'audit');
  await accessible(aud, 'audit');
  const find = async (action, actor) => {
    await aud.getByLabel('Action').fill(action);
    await aud.getByLabel('User').fill(actor || '');
    await aud.getByRole('button', { name: 'Filter' }).click();
    await aud.waitForFunction((a) => location.hash.includes(`action=${encodeURIComponent(a)}`), action);
    await aud.waitForSelector('main[data-ready="audit"]');
    return aud.locator('table.audit tbody tr').allTextContents();
  };
  for (const [action, actor] of [
    ['session.start', 'ana'],
    ['screen.run_start', 'ana'],
    ['dismiss', 'ana'],
    ['suppression.propose', 'ana'],
    ['confirm', 'ana'],
    ['approve', 'sue'],
    ['suppression.approve', 'sue'],
    ['rescreen', ''],
    ['traveller.search', 'ana'],
  ]) {
    const rows = await find(action, actor);
    assert.ok(rows.length >= 1, `no audit entry ${action} by ${actor || 'anyone'}`);
  }
  await aud.getByRole('button', { name: 'Verify the chain' }).click();
  await aud.locator('#verify-result').getByText(/^Intact: \d+ entries/).waitFor();
  // the auditor reads no case
  assert.equal(await aud.evaluate(async () => (await fetch('/cases?purpose=review')).status), 403);
});

test('no page error in any session', () => {
  for (const [user, page] of Object.entries(people)) assert.deepEqual(page.errors, [], `${user}: ${page.errors.join('; ')}\n${serverLog(srv)}`);
});
