// ui_queue.mjs: does the review UI's queue stay fast with 10,000 open
// cases? The queue pages (100 cases a page), so its cost should not grow
// with the store. Measured in Chromium against a `zeef serve` started by
// tests/ui/harness.mjs, as a ratio against a baseline store of 100 open
// cases in the same run: the time from asking for the queue to its rows on
// screen (first page, and the last page), GET /cases alone, and the page's
// JavaScript heap. Medians of ROUNDS runs.
//
//   node bench/ui_queue.mjs            (after make test-ui has installed
//                                       playwright-core; make bench-ui)
import { startServer, launchBrowser, signedIn } from '../tests/ui/harness.mjs';

const ROUNDS = 15;
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
};

// n travellers who all alert on the same listed person: n open cases.
function manifest(n) {
  let csv = 'id,name,birth_date,nationality\n';
  for (let i = 0; i < n; i++) csv += `B${i},Ayman al-Zawahiri,1951-06-19,EGY\n`;
  return csv;
}

async function measure(cases, browser) {
  const srv = await startServer();
  try {
    for (let done = 0; done < cases; done += 10000) {
      const n = Math.min(10000, cases - done);
      const r = await fetch(`${srv.url}/screen?limit=1`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${srv.keys.ana}`, 'Content-Type': 'text/csv' },
        body: manifest(n),
      });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`POST /screen: ${r.status}`);
    }
    const api = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now();
      const r = await fetch(`${srv.url}/cases?state=active&limit=100&purpose=review`, { headers: { Authorization: `Bearer ${srv.keys.ana}` } });
      const j = await r.json();
      api.push(performance.now() - t);
      if (j.total !== cases) throw new Error(`${j.total} cases, want ${cases}`);
    }
    const page = await signedIn(browser, srv, 'ana');
    await page.waitForSelector('main[data-ready="queue"]');
    const timeTo = async (hash) => {
      const out = [];
      for (let i = 0; i < ROUNDS; i++) {
        await page.evaluate(() => {
          document.querySelector('main').dataset.ready = '';
        });
        const t = await page.evaluate((h) => {
          const t0 = performance.now();
          location.hash = h + (h.includes('?') ? '&' : '?') + 'r=' + Math.random();
          return new Promise((resolve) => {
            const obs = new MutationObserver(() => {
              if (document.querySelector('main').dataset.ready === 'queue') {
                obs.disconnect();
                requestAnimationFrame(() => resolve(performance.now() - t0));
              }
            });
            obs.observe(document.querySelector('main'), { attributes: true });
          });
        }, hash);
        out.push(t);
      }
      return median(out);
    };
    const first = await timeTo('#/queue');
    const last = await timeTo(`#/queue?offset=${Math.max(0, Math.floor((cases - 1) / 100) * 100)}`);
    const rows = await page.locator('table.queue tbody tr').count();
    const heap = await page.evaluate(() => (performance.memory ? performance.memory.usedJSHeapSize : 0));
    await page.context().close();
    return { cases, api: median(api), first, last, rows, heap };
  } finally {
    await srv.stop();
  }
}

const browser = await launchBrowser();
try {
  const base = await measure(100, browser);
  const big = await measure(10000, browser);
  const row = (r) =>
    `| ${r.cases.toLocaleString('en')} | ${r.api.toFixed(1)} ms | ${r.first.toFixed(1)} ms | ${r.last.toFixed(1)} ms | ${r.rows} | ${(r.heap / 1048576).toFixed(1)} MiB |`;
  console.log(`queue of the review UI, medians of ${ROUNDS} (node bench/ui_queue.mjs)`);
  console.log('| open cases | GET /cases (100) | queue shown, first page | last page | rows drawn | JS heap |');
  console.log('|---|---|---|---|---|---|');
  console.log(row(base));
  console.log(row(big));
  console.log(
    `ratios 10,000 / 100: GET /cases ${(big.api / base.api).toFixed(2)}, first page ${(big.first / base.first).toFixed(2)}, last page ${(big.last / base.last).toFixed(2)}, heap ${(big.heap / base.heap).toFixed(2)}`
  );
} finally {
  await browser.close();
}
