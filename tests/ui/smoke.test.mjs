// smoke.test.mjs: the review UI is served at /ui/ under a Content-Security-
// Policy that blocks inline script, and a wrong key does not sign in.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, serverLog, startServer } from './harness.mjs';

let srv;
let browser;
let context;

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  // The page's own CSP applies (checkA11y's contexts bypass it).
  context = await browser.newContext({ bypassCSP: false });
});

after(async () => {
  await context?.close();
  await browser?.close();
  await srv?.stop();
});

// Runs a test's body; on failure prints the server's log, then fails.
const withLog = (fn) => async (t) => {
  try {
    await fn(t);
  } catch (e) {
    if (srv) console.error(`--- zeef serve log (${t.name}) ---\n${serverLog(srv)}`);
    throw e;
  }
};

test('/ui/ has a CSP that blocks inline script', withLog(async () => {
  const page = await context.newPage();
  try {
    const res = await page.goto(`${srv.url}/ui/`);
    assert.equal(res.status(), 200);
    const csp = res.headers()['content-security-policy'];
    assert.ok(csp, 'no Content-Security-Policy header on /ui/');
    assert.match(csp, /script-src 'self'/);
    const inline = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.head.appendChild(s);
      return window.__inline;
    });
    assert.equal(inline, undefined, 'an inline script ran despite the CSP');
  } finally {
    await page.close();
  }
}));

test('POST /session: a wrong key gets 401, a right one a session', withLog(async () => {
  const post = (key) => fetch(`${srv.url}/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ key }),
  });
  const bad = await post('ui-test-key-not-a-user-0000');
  await bad.arrayBuffer();
  assert.equal(bad.status, 401);

  const good = await post(srv.keys.ana);
  const body = await good.json();
  assert.equal(good.status, 200, JSON.stringify(body));
  assert.equal(body.user, 'ana');
  assert.match(good.headers.get('set-cookie') ?? '', /HttpOnly/i);
}));
