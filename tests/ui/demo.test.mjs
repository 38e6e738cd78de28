// demo.test.mjs: the review UI over the bundled demo data (data/demo: the
// manifest, the gate's MRZs and the airline's PAXLST against the UN list).
// It checks what the demo's Zawahiri alert shows a reviewer (each name part
// beside its listed counterpart, the birth date and the document on rows of
// their own), that the queue works at 1280x800 and 1920 wide, and, with
// ZEEF_UI_SHOTS=DIR (make ui-shots), saves a screenshot of every view there
// (docs/ui/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, checkA11y, formatViolations, repoRoot, signedIn, decide } from './harness.mjs';

const shots = process.env.ZEEF_UI_SHOTS ? path.resolve(repoRoot, process.env.ZEEF_UI_SHOTS) : null;
let srv, browser, page;

async function shot(name, opts = {}) {
  if (!shots) return;
  fs.mkdirSync(shots, { recursive: true });
  await page.evaluate(() => document.getElementById('toast').replaceChildren());
  await page.screenshot({ path: path.join(shots, `${name}.png`), ...opts });
}

async function upload(file) {
  await page.keyboard.press('6');
  await page.waitForSelector('main[data-ready="upload"]');
  await page.getByLabel('Manifest file').setInputFiles(path.join(repoRoot, 'data', 'demo', file));
  await page.getByRole('button', { name: 'Screen it' }).click();
  await page.locator('#u-status').filter({ hasText: /^Done:/ }).waitFor();
  return page.locator('#u-status').textContent();
}

async function open(name) {
  await page.keyboard.press('1');
  await page.waitForSelector('main[data-ready="queue"]');
  await page.getByRole('link', { name, exact: true }).click();
  await page.waitForSelector('main[data-ready^="case-"]');
}

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  page = await signedIn(browser, srv, 'sam');
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

test('the demo data screened through the upload view', async () => {
  assert.match(await upload('manifest.csv'), /^Done: \d+ records, \d+ alerts/);
  assert.match(await upload('gate.mrz'), /^Done: /);
  assert.match(await upload('flight.paxlst'), /^Done: /);
  await shot('upload');
});

test("the demo's Zawahiri alert: each name part beside its listed one, birth date and document on their own rows", async () => {
  await open('AL ZAWAHRY, AYMAN MOHAMED');
  const parts = await page.locator('table.compare tr.name-part').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent.trim()))
  );
  const has = (t, l) => parts.some(([a, b]) => a === t && b === l);
  assert.ok(has('ZAWAHRY', 'ZAWAHIRI'), JSON.stringify(parts));
  assert.ok(has('AYMAN', 'AIMAN'), JSON.stringify(parts));
  assert.ok(has('MOHAMED', 'MUHAMMED'), JSON.stringify(parts));
  assert.ok(has('—', 'RABI'), JSON.stringify(parts)); // a listed name part the traveller lacks
  const birth = await page.locator('table.compare tr.birth td').allTextContents();
  assert.equal(birth[0], '1951-06-19');
  assert.equal(birth[1], '1951-06-19');
  assert.match(birth[2], /born 1951-06-19 on both \(\+2\.50\)/);
  const doc = await page.locator('table.compare tr.document td').allTextContents();
  assert.match(doc[0], /none given/);
  assert.match(doc[1], /1084010/);
  await shot('case', { fullPage: true });
  await page.keyboard.press('c');
  await page.locator('dialog.decide').waitFor();
  await page.locator('dialog.decide').getByLabel('Reason').selectOption('SAME_BIOGRAPHIC');
  await page.locator('dialog.decide').getByLabel('Note').fill('Name, full birth date and nationality agree; listed under QDi.006.');
  await shot('decision');
  await page.locator('dialog.decide').getByRole('button', { name: 'Cancel' }).click();
});

test('a working queue: decisions of several kinds, then every view', async () => {
  await open('HASSAN, AHMED MAHMUD');
  await decide(page, 'd', 'DIFF_DOCUMENT', 'Passport AB850901, Tanzanian, born 1997: a student, not the listed man.');
  await decide(page, 's', null, 'Travels IST-AMS weekly; checked at the gate.');
  await open('AL ZAWAHRY, AYMAN MOHAMED');
  await decide(page, 'c', 'SAME_BIOGRAPHIC', 'Name, full birth date and nationality agree; listed under QDi.006.');
  await open('Bin Laden, Hamza');
  await page.keyboard.press('t');
  await page.waitForFunction(() => document.querySelector('.case-head').textContent.includes('owned by sam'));
  await page.keyboard.press('1');
  await page.waitForSelector('main[data-ready="queue"]');
  const states = await page.locator('.counts').textContent();
  assert.match(states, /awaiting approval\s*1/);
  assert.match(states, /in review\s*1/);
  assert.match(states, /closed\s*1/);
  const v = await checkA11y(page);
  assert.equal(v.length, 0, formatViolations(v));
  await shot('queue');
  for (const [key, ready, name] of [
    ['2', 'suppressions', 'suppressions'],
    ['3', 'lists', 'lists'],
    ['5', 'search', 'search'],
  ]) {
    await page.keyboard.press(key);
    await page.waitForSelector(`main[data-ready="${ready}"]`);
    if (name === 'search') {
      await page.getByLabel('Name contains').fill('zawah');
      await page.getByLabel('Purpose of this search').selectOption('investigation');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.locator('#search-results table').waitFor();
    }
    await shot(name);
  }
  // the auditor's view, in a session of its own
  const aud = await signedIn(browser, srv, 'aud');
  await aud.waitForSelector('main[data-ready="audit"]');
  await aud.getByRole('button', { name: 'Verify the chain' }).click();
  await aud.locator('#verify-result').getByText(/^Intact/).waitFor();
  if (shots) await aud.screenshot({ path: path.join(shots, 'audit.png') });
});

test('the queue on a 1920-wide screen', async () => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.keyboard.press('1');
  await page.waitForSelector('main[data-ready="queue"]');
  // nothing overflows sideways: the table fits the window
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(over <= 0, `the page is ${over} px wider than the window`);
  await shot('queue-1920');
  await page.setViewportSize({ width: 1280, height: 800 });
  const over1280 = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(over1280 <= 0, `at 1280 the page is ${over1280} px wider than the window`);
});
