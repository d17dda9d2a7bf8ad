// Opens each dashboard page in headless Chromium and prints how long it took until the page showed its data
// (the app marks the page ready once every section has loaded): cold (new browser profile, empty cache) and
// warm (the same tab again). Run from plugins/dashboard/web (for playwright-core). VIGIL_URL, VIGIL_ADMIN_TOKEN.
import { createRequire } from 'node:module';
import { join } from 'node:path';

// playwright-core is installed with the dashboard's front end (plugins/dashboard/web), where this runs.
const { chromium } = createRequire(join(process.cwd(), 'package.json'))('playwright-core');

const BASE = process.env.VIGIL_URL;
const TOKEN = process.env.VIGIL_ADMIN_TOKEN;
const RUNS = Number(process.env.RUNS || 5);
// The overview is measured first and again last: right after the data arrived the plugins are still digesting it.
const PAGES = ['overview', 'endpoints?hours=24', 'queries?hours=24', 'errors?hours=24', 'system?hours=24',
  'alerts?hours=24', 'optimizer?hours=24', 'dependencies', 'vitals?hours=24', 'plugins', 'overview'];
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

async function timed(page, hash, slowest) {
  const started = Date.now();
  await page.goto(`${BASE}/#/${hash}`, { waitUntil: 'commit' });
  await page.waitForFunction((r) => {
    const el = document.querySelector('.page');
    return el && el.dataset.route === r && el.dataset.state === 'ready';
  }, `#/${hash}`, { timeout: 60000 });
  const took = Date.now() - started;
  // Which API call kept the page waiting longest (resource timing of this document).
  const calls = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('/api/v1/') && !e.name.includes('/stream'))
    .map((e) => ({ url: new URL(e.name).pathname, ms: Math.round(e.duration) })));
  for (const call of calls) {
    if (!slowest[call.url] || slowest[call.url] < call.ms) slowest[call.url] = call.ms;
  }
  return took;
}

const stats = (values) => {
  const sorted = values.slice().sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1] };
};

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args });
const results = {};
for (const [index, hash] of PAGES.entries()) {
  const cold = [];
  const warm = [];
  const slowest = {};
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await context.addInitScript((token) => sessionStorage.setItem('vigil.token', token), TOKEN);
    const page = await context.newPage();
    cold.push(await timed(page, hash, slowest));
    await page.goto('about:blank');
    warm.push(await timed(page, hash, slowest));
    await context.close();
  }
  const name = index === PAGES.length - 1 ? `${hash} (again)` : hash;
  results[name] = { cold: stats(cold), warm: stats(warm) };
  const worstCall = Object.entries(slowest).sort((a, b) => b[1] - a[1])[0];
  console.log(`${name.padEnd(22)} cold median ${String(results[name].cold.median).padStart(5)} ms, max ${String(results[name].cold.max).padStart(5)} ms | warm median ${String(results[name].warm.median).padStart(5)} ms, max ${String(results[name].warm.max).padStart(5)} ms | slowest call ${worstCall ? `${worstCall[0]} ${worstCall[1]} ms` : '-'}`);
}
await browser.close();
const worst = Math.max(...Object.values(results).map((r) => r.cold.max));
console.log(`slowest page load (cold, worst of ${RUNS}): ${worst} ms — target under 3000 ms: ${worst < 3000 ? 'met' : 'NOT met'}`);
