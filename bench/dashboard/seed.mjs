// Fills a running Vigil with 24 hours of a shop's data through the plugins' public ingest APIs.
// Usage: node seed.mjs <requests>   (VIGIL_URL, VIGIL_INGEST_TOKEN; plugins that are not installed are skipped)
const BASE = process.env.VIGIL_URL;
const INGEST = process.env.VIGIL_INGEST_TOKEN;
const REQUESTS = Number(process.argv[2] || 1000000);
const DAY = 24 * 3600 * 1000;
const now = Date.now();
let seed = 42;
const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

async function post(path, records) {
  const response = await fetch(`${BASE}${path}`, {
    method: 'POST', headers: { Authorization: `Bearer ${INGEST}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ records }),
  });
  if (response.status === 404 || response.status === 503) return false;
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return true;
}

async function inBatches(path, total, size, make) {
  const started = Date.now();
  let sent = 0;
  const workers = 4;
  let next = 0;
  let installed = true;
  async function worker() {
    while (installed && next < total) {
      const from = next;
      next += size;
      const batch = [];
      for (let i = from; i < Math.min(total, from + size); i++) batch.push(make(i));
      installed = await post(path, batch);
      if (installed) sent += batch.length;
    }
  }
  await Promise.all(Array.from({ length: workers }, worker));
  const seconds = (Date.now() - started) / 1000;
  console.log(installed ? `${path}: ${sent} records in ${seconds.toFixed(1)} s (${Math.round(sent / seconds)}/s)` : `${path}: plugin not installed, skipped`);
}

const services = ['shop', 'auth', 'billing', 'search'];
const endpoints = [];
for (let i = 0; i < 60; i++) {
  endpoints.push({ service: services[i % 4], method: i % 5 === 2 ? 'POST' : 'GET', endpoint: `/api/resource${i}/{id}`, median: 20 + (i * 37) % 600 });
}
const at = (i, total) => new Date(now - DAY + Math.floor((i / total) * DAY) + Math.floor(random() * 1000)).toISOString();

await inBatches('/api/v1/requests/ingest', REQUESTS, 1000, (i) => {
  const e = endpoints[Math.floor(random() * endpoints.length)];
  const r = random();
  return { timestamp: at(i, REQUESTS), service: e.service, method: e.method, endpoint: e.endpoint,
    path: e.endpoint.replace('{id}', String(1 + Math.floor(random() * 9999))), status: r < 0.01 ? 500 : r < 0.05 ? 404 : 200,
    duration_ms: Math.round(e.median * Math.exp(gauss() * 0.6) * 100) / 100, user: `user${Math.floor(random() * 500)}`,
    query_count: 1 + Math.floor(random() * 20) };
});

const STATEMENTS = Math.round(REQUESTS / 5);
await inBatches('/api/v1/queries/ingest', STATEMENTS, 1000, (i) => ({
  timestamp: at(i, STATEMENTS), service: 'shop', sql: `SELECT * FROM table${i % 40} WHERE id = ${Math.floor(random() * 100000)}`,
  duration_ms: Math.round(Math.exp(1 + gauss()) * 100) / 100, rows: 1 + Math.floor(random() * 50),
  request_id: `r${Math.floor(i / 8)}`, endpoint: `GET /api/resource${i % 60}/{id}`,
}));

const ERRORS = Math.round(REQUESTS / 200);
await inBatches('/api/v1/errors/ingest', ERRORS, 500, (i) => ({
  timestamp: at(i, ERRORS), service: services[i % 4], level: i % 50 === 0 ? 'critical' : 'error',
  exception_type: `com.shop.Failure${i % 30}Exception`, message: `failed for order ${Math.floor(random() * 99999)}`,
  stack: `com.shop.Failure${i % 30}Exception: failed\n\tat com.shop.Module${i % 30}.run(Module${i % 30}.java:${10 + (i % 7)})\n\tat com.shop.Api.handle(Api.java:88)`,
  endpoint: `/api/resource${i % 60}/${i}`, user: `user${i % 500}`,
}));

const VIEWS = Math.round(REQUESTS / 20);
const vitals = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'];
await inBatches('/api/v1/dashboard/vitals', VIEWS, 100, (i) => {
  const page = `https://shop.example/page${i % 200}/${i}`;
  const name = vitals[i % 5];
  const value = name === 'CLS' ? Math.round(random() * 300) / 1000 : Math.round(Math.exp((name === 'INP' ? 4.5 : name === 'TTFB' ? 5.5 : 7.2) + gauss() * 0.5));
  return { type: 'vital', name, value, page, timestamp: at(i, VIEWS) };
});
