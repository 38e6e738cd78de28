// harness.mjs: what the browser tests of the review UI share (make test-ui).
// Not a test itself: node --test runs the *.test.mjs files of this folder.
//
//   startServer()   a `zeef serve` with a case store, in a fresh temp folder,
//                   with the users below; stop() ends it and removes the
//                   folder (and every server still running is killed when
//                   the node process exits, pass or fail)
//   launchBrowser() Debian's Chromium, headless, driven by playwright-core
//                   (no Playwright browser download)
//   checkA11y()     axe-core's WCAG 2 A and AA rules on a page
//
// Environment: ZEEF_BIN (default <repo>/build/zeef), CHROMIUM (default
// /usr/bin/chromium).
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const zeefBin = process.env.ZEEF_BIN
  ? path.resolve(repoRoot, process.env.ZEEF_BIN)
  : path.join(repoRoot, 'build', 'zeef');
const sourceList = path.join(repoRoot, 'data', 'lists', 'un-consolidated.xml');

const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;

// The test users: user -> roles (the keys file's second column) and key.
export const USERS = {
  ana: { roles: 'analyst,screen', key: 'ui-test-key-ana-0001' },
  bob: { roles: 'analyst,screen', key: 'ui-test-key-bob-0002' },
  sue: { roles: 'supervisor,screen', key: 'ui-test-key-sue-0003' },
  sam: { roles: 'supervisor,analyst,screen', key: 'ui-test-key-sam-0004' },
  aud: { roles: 'auditor', key: 'ui-test-key-aud-0005' },
  adm: { roles: 'admin,screen', key: 'ui-test-key-adm-0006' },
};

const sha256hex = (s) => createHash('sha256').update(s).digest('hex');

// The keys file's digests are made here; once per process, check that zeef
// makes the same (`zeef serve --hash-key KEY`).
let hashChecked = false;
function checkHashAgrees() {
  if (hashChecked) return;
  const key = USERS.ana.key;
  const r = spawnSync(zeefBin, ['serve', '--hash-key', key], { encoding: 'utf8' });
  if (r.error) throw new Error(`cannot run ${zeefBin}: ${r.error.message} (make, or set ZEEF_BIN)`);
  const theirs = (r.stdout || '').trim();
  if (theirs !== sha256hex(key))
    throw new Error(`zeef serve --hash-key gives ${JSON.stringify(theirs)}, the harness ${sha256hex(key)}`);
  hashChecked = true;
}

// Every server started and not yet stopped: killed at exit, whatever ends
// the process. An 'exit' handler can only act synchronously, so SIGKILL
// (no grace) and a synchronous removal of the folder.
const running = new Set();
let exitHooked = false;
function hookExit() {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const srv of running) {
      try { srv.child.kill('SIGKILL'); } catch { /* gone already */ }
      try { fs.rmSync(srv.dir, { recursive: true, force: true }); } catch { /* best effort */ }
    }
  });
  // A signal's default action would skip the 'exit' handlers.
  for (const [sig, n] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]])
    process.once(sig, () => process.exit(128 + n));
}

const logs = new WeakMap(); // server -> its collected stderr (and stdout)

// The server's output so far (also in <dir>/server.log while the folder
// exists): print it when a test fails.
export function serverLog(srv) {
  return logs.get(srv)?.text ?? '';
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `zeef serve` on a free loopback port, with a case store, and waits
 * until it is listening and its lists are loaded (/readyz 200).
 *
 * opts.args: more arguments for `zeef serve` (appended).
 * opts.list: the list file to copy and serve as UN (default
 *            data/lists/un-consolidated.xml); the copy is listPath, which a
 *            test may change and then reload().
 *
 * Returns { url, port, dir, keys, store, listPath, zeef, stop, reload }:
 * keys maps user -> key (USERS above), store is the case store's path.
 */
export async function startServer(opts = {}) {
  checkHashAgrees();
  hookExit();
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'zeef-ui-'));
  const secretPath = path.join(dir, 'secret');
  const keysPath = path.join(dir, 'keys.txt');
  const listPath = path.join(dir, 'un-consolidated.xml');
  const store = path.join(dir, 'cases.db');
  const logPath = path.join(dir, 'server.log');
  fs.writeFileSync(secretPath, randomBytes(32), { mode: 0o600 });
  fs.writeFileSync(
    keysPath,
    Object.entries(USERS).map(([u, { roles, key }]) => `${sha256hex(key)} ${roles} ${u}\n`).join(''),
    { mode: 0o600 },
  );
  fs.copyFileSync(opts.list ?? sourceList, listPath);

  const args = [
    'serve', '--listen', '127.0.0.1:0', '--list', `UN=${listPath}`, '--keys', keysPath,
    '--store', store, '--secret', secretPath, '--max-body', '16M', ...(opts.args ?? []),
  ];
  const child = spawn(zeefBin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = { text: '', file: fs.createWriteStream(logPath) };
  let exited = null; // {code, signal} once the process has ended and its output is read
  const exitedP = new Promise((resolve) => {
    child.on('close', (code, signal) => { exited = { code, signal }; resolve(exited); });
  });
  let spawnError = null;
  child.on('error', (e) => { spawnError = e; });
  const collect = (chunk) => {
    const s = chunk.toString();
    log.text += s;
    if (log.file.writable) log.file.write(s);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  // The server alone does not keep node running: a test file that never
  // calls stop() still ends, and the 'exit' handler kills the server.
  child.unref();
  child.stdout.unref();
  child.stderr.unref();

  let stopped = false;
  const srv = {
    url: '', port: 0, dir, keys: Object.fromEntries(Object.entries(USERS).map(([u, { key }]) => [u, key])),
    store, listPath, zeef: zeefBin, child,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (!exited && !spawnError) {
        child.kill('SIGTERM');
        const t = setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, STOP_GRACE_MS);
        await exitedP;
        clearTimeout(t);
      }
      running.delete(srv);
      await new Promise((r) => log.file.end(r));
      await fs.promises.rm(dir, { recursive: true, force: true });
    },
    async reload() {
      const res = await fetch(`${srv.url}/admin/reload?wait=true`, {
        method: 'POST', headers: { Authorization: `Bearer ${USERS.adm.key}` },
      });
      const body = await res.text();
      try {
        return JSON.parse(body);
      } catch {
        throw new Error(`POST /admin/reload?wait=true: ${res.status}, not JSON: ${body.slice(0, 200)}`);
      }
    },
  };
  logs.set(srv, log);
  running.add(srv);

  const fail = async (why) => {
    const text = log.text;
    await srv.stop();
    throw new Error(`zeef serve: ${why}\n--- server log ---\n${text}`);
  };

  // "zeef: serving on HOST:PORT" ([HOST]:PORT for IPv6) on stderr once it
  // listens: the port the kernel chose for port 0. The lists load after.
  const deadline = Date.now() + START_TIMEOUT_MS;
  const serving = /zeef: serving on (?:\[[^\]]+\]|[^\s:]+):(\d+)/;
  let m;
  while (!(m = serving.exec(log.text))) {
    if (spawnError) return fail(`cannot start ${zeefBin}: ${spawnError.message}`);
    if (exited) return fail(`exited (${exited.code ?? exited.signal}) before listening`);
    if (Date.now() > deadline) return fail('no "serving on" line within 30 s');
    await sleep(20);
  }
  srv.port = Number(m[1]);
  srv.url = `http://127.0.0.1:${srv.port}`;

  // Ready once the lists are loaded: /readyz answers 503 until then.
  for (;;) {
    if (exited) return fail(`exited (${exited.code ?? exited.signal}) before ready`);
    try {
      const res = await fetch(`${srv.url}/readyz`);
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch { /* not answering yet */ }
    if (Date.now() > deadline) return fail('/readyz not 200 within 30 s');
    await sleep(50);
  }
  return srv;
}

/** Debian's Chromium, headless. --no-sandbox: its sandbox cannot run as root. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox'],
  });
}

let axeSource = null;

/**
 * Runs axe-core's WCAG 2.0/2.1 A and AA rules on the page and returns the
 * violations (an array, empty when none).
 *
 * The page's browser context must be made with { bypassCSP: true }: axe is
 * injected as an inline script, which the UI's Content-Security-Policy
 * (script-src 'self') forbids otherwise. context: axe's context (a CSS
 * selector, or { include, exclude }); the whole document by default.
 */
export async function checkA11y(page, context) {
  axeSource ??= await fs.promises.readFile(path.join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    const hint = 'axe-core could not be injected: make the browser context with { bypassCSP: true }';
    try {
      await page.addScriptTag({ content: axeSource });
    } catch (e) {
      throw new Error(`${hint} (${e.message})`);
    }
    if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) throw new Error(hint);
  }
  return page.evaluate(async (ctx) => {
    const r = await window.axe.run(ctx ?? document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return r.violations;
  }, context ?? null);
}

/** The violations, one per line, for an assertion's message. */
export function formatViolations(violations, maxTargets = 3) {
  if (!violations.length) return 'no accessibility violations';
  return violations
    .map((v) => {
      const targets = v.nodes.slice(0, maxTargets).map((n) => n.target.join(' ')).join(', ');
      const more = v.nodes.length > maxTargets ? ` (+${v.nodes.length - maxTargets} more)` : '';
      return `- ${v.id} (${v.impact}): ${v.help} [${targets}${more}] ${v.helpUrl}`;
    })
    .join('\n');
}

// --------------------------------------------------------- The UI's steps

/**
 * A page of the review UI signed in as user, in a browser context of its
 * own (its own session cookie), 1280x800. bypassCSP lets checkA11y() inject
 * axe-core; smoke.test.mjs checks the policy itself. page.errors collects
 * the page's uncaught errors.
 */
export async function signedIn(browser, srv, user, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, bypassCSP: true });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(`${srv.url}/ui/`);
  await page.getByLabel('Key', { exact: true }).fill(srv.keys[user]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForSelector('main[data-ready]');
  return page;
}

/**
 * A decision on the case shown, as a reviewer makes it: the action's key,
 * then the dialog's reason (none: null) and note; returns once the case is
 * shown as it is after the action (main's data-acted changes).
 */
export async function decide(page, key, reason, note) {
  const before = await page.locator('main').getAttribute('data-acted');
  await page.keyboard.press(key);
  const dlg = page.locator('dialog.decide');
  await dlg.waitFor();
  if (reason) await dlg.getByLabel('Reason').selectOption(reason);
  await dlg.getByLabel('Note').fill(note);
  await dlg.locator('button[type=submit]').click();
  await dlg.waitFor({ state: 'detached' });
  await page.waitForFunction((b) => document.querySelector('main').dataset.acted !== (b ?? undefined), before);
}
