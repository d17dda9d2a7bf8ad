// End-to-end test of the dashboard in a real headless Chromium (Debian's chromium, driven by playwright-core).
// DashboardBrowserIT starts a Vigil server holding generated data and runs this script with:
//   VIGIL_URL, VIGIL_ADMIN_TOKEN, VIGIL_VIEWER_TOKEN, VIGIL_INGEST_TOKEN  the server and its tokens
//   SCREENSHOTS        directory for the screenshots
//   FEEDER_ALERT_RULE  the alert rule the IT made fire (when the alerts plugin runs)
//   CHROMIUM           the browser (default /usr/bin/chromium)
// It checks what a person would see, page by page, against the JSON API, and exits non-zero when a check fails.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tracesAndTrends } from './traces-trends.mjs';

const BASE = process.env.VIGIL_URL;
const ADMIN = process.env.VIGIL_ADMIN_TOKEN;
const VIEWER = process.env.VIGIL_VIEWER_TOKEN;
const INGEST = process.env.VIGIL_INGEST_TOKEN;
const SHOTS = process.env.SCREENSHOTS || 'target/screenshots';
const RULE = process.env.FEEDER_ALERT_RULE || '';
const TIMEOUT = 15000;

if (!BASE || !ADMIN || !VIEWER || !INGEST) {
  console.error('VIGIL_URL and the three tokens are required');
  process.exit(2);
}
await mkdir(SHOTS, { recursive: true });

const results = [];
const figures = {};
let page;

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ok    ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push({ name, ok: false, error: e.message });
    console.log(`  FAIL  ${name}: ${e.message.split('\n')[0]}`);
    await shot(`failed-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`).catch(() => {});
  }
}

async function api(path, { method = 'GET', token = ADMIN, body } = {}) {
  const response = await fetch(BASE + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = text; }
  return { status: response.status, data };
}

async function eventually(what, probe, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) { last = e.message; }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function shot(name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Opens a dashboard page by its hash and waits until it has loaded its data. */
async function open(hash) {
  const route = `#/${hash}`;
  const before = await page.evaluate(() => Number(document.querySelector('.page')?.dataset.nav || 0));
  await page.evaluate((r) => {
    // The same hash again fires no hashchange: ask the router to show the page anew, as a click on its link would.
    if (window.location.hash === r) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else window.location.hash = r;
  }, route);
  await page.waitForFunction(([r, n]) => {
    const el = document.querySelector('.page');
    return el && el.dataset.route === r && Number(el.dataset.nav) > n && el.dataset.state === 'ready';
  }, [route, before], { timeout: TIMEOUT });
}

async function text(selector) {
  return (await page.locator(selector).first().innerText()).trim();
}

async function dataValue(test) {
  return Number(await page.locator(`[data-test="${test}"]`).first().getAttribute('data-value'));
}

async function noErrorNotices() {
  const errors = await page.locator('.notice-error').allInnerTexts();
  assert(errors.length === 0, `the page shows errors: ${errors.join(' | ')}`);
}

/** A chart that a person sees: its canvas is on the page, has points, and pixels of its first series' colour. */
async function chartDrawn(test) {
  const box = page.locator(`[data-test="${test}"]`).first();
  await box.waitFor({ timeout: TIMEOUT });
  const points = Number(await box.getAttribute('data-points'));
  assert(points > 0, `chart ${test} has no points`);
  const coloured = await box.evaluate((el) => {
    const canvas = el.querySelector('canvas');
    if (!canvas || !canvas.width) return 0;
    const colors = el.dataset.colors.split(',').map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      // a pixel of one of the series' strokes (the axes and grid are grey)
      if (pixels[i + 3] > 100 && colors.some(([r, g, b]) => Math.abs(pixels[i] - r) < 40 && Math.abs(pixels[i + 1] - g) < 40 && Math.abs(pixels[i + 2] - b) < 40)) n++;
    }
    return n;
  });
  assert(coloured > 10, `chart ${test} shows no line (${coloured} pixels of its series' colours, ${points} points)`);
  return points;
}

function close(a, b, tolerance = 1e-6) {
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b));
}

// ---------------------------------------------------------------------------------------------------------------
// What runs on this server: a page of a stopped or absent plugin must say so; a running one must show its data.
const pluginList = (await api('/api/v1/admin/plugins')).data.plugins;
const running = new Set(pluginList.filter((p) => p.state === 'STARTED').map((p) => p.id));
console.log(`plugins running: ${[...running].sort().join(', ')}`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
page = await context.newPage();
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(e.message));
page.on('console', (m) => { if (m.type() === 'error' && !/status of (401|403|404|503)/.test(m.text())) console.log(`  [browser] ${m.text()}`); });

async function signIn(token) {
  await page.goto(`${BASE}/`);
  await page.waitForSelector('[data-test="token-input"]', { timeout: TIMEOUT });
  await page.fill('[data-test="token-input"]', token);
  await page.click('[data-test="signin-submit"]');
}

async function signOut() {
  await page.click('[data-test="signout"]');
  await page.waitForSelector('[data-test="signin"]', { timeout: TIMEOUT });
}

// --- sign-in ---------------------------------------------------------------------------------------------------
await check('sign-in refuses a wrong token and an ingest token, saying why', async () => {
  await signIn('not-a-token');
  await page.waitForFunction(() => document.querySelector('[data-test="signin-error"]').textContent.length > 0);
  assert((await text('[data-test="signin-error"]')).includes('not valid'), 'no message for a wrong token');
  await shot('signin-refused');
  await page.fill('[data-test="token-input"]', INGEST);
  await page.click('[data-test="signin-submit"]');
  await page.waitForFunction(() => document.querySelector('[data-test="signin-error"]').textContent.includes('ingest'));
});

await check('a viewer signs in, sees who they are, and gets no admin buttons', async () => {
  await page.fill('[data-test="token-input"]', VIEWER);
  await page.click('[data-test="signin-submit"]');
  await page.waitForSelector('.page[data-state="ready"]', { timeout: TIMEOUT });
  assert((await text('[data-test="who"]')).includes('viewer'), 'the header does not name the viewer');
  await open('plugins');
  assert(await page.locator('[data-test^="stop-"]').count() === 0, 'a viewer sees Stop buttons');
  assert((await page.locator('[data-test="plugins-list"]').innerText()).includes('admin token'), 'no hint for a viewer');
  if (running.has('alerts')) {
    await open('alerts');
    assert(await page.locator('[data-test^="ack-"]').count() === 0, 'a viewer sees Acknowledge buttons');
  }
  await signOut();
});

await check('an admin signs in and the live stream connects', async () => {
  await signIn(ADMIN);
  await page.waitForSelector('.page[data-state="ready"]', { timeout: TIMEOUT });
  assert((await text('[data-test="who"]')).includes('admin'), 'the header does not name the admin');
  await page.waitForSelector('[data-test="live-state"][data-state="live"]', { timeout: TIMEOUT });
});

// --- overview --------------------------------------------------------------------------------------------------
await check('overview loads its sections and draws the live chart', async () => {
  // Vigil records its own traffic too (service "vigil"): the total the page shows lies between two API reads.
  const before = running.has('requests') ? (await api('/api/v1/requests/summary?hours=24')).data.total : 0;
  const started = Date.now();
  await page.goto(`${BASE}/#/overview`);
  await page.waitForSelector('.page[data-test="page-overview"][data-state="ready"]', { timeout: TIMEOUT });
  figures.overview_load_ms = Date.now() - started;
  await noErrorNotices();
  if (running.has('system')) {
    const level = (await api('/api/v1/system/health')).data.level;
    assert((await text('[data-test="overview-system-level"]')).toLowerCase() === level, `system level is not ${level}`);
    await chartDrawn('chart-live');
  }
  if (running.has('requests')) {
    const after = (await api('/api/v1/requests/summary?hours=24')).data.total;
    const shown = await dataValue('ov-req-total');
    assert(shown >= before && shown <= after, `overview requests ${shown} not between the API's ${before} and ${after}`);
    assert((await text('[data-test="ov-req-total"] .stat-value')) === shown.toLocaleString('en-US'), 'requests total is not shown as a number');
  }
  for (const [plugin, section] of [['system', 'overview-system'], ['requests', 'overview-requests'], ['alerts', 'overview-alerts'],
    ['errors', 'overview-errors'], ['optimizer', 'overview-recommendations']]) {
    const notice = await page.locator(`[data-test="${section}"] .notice-unavailable`).count();
    assert(running.has(plugin) ? notice === 0 : notice === 1, `${section}: plugin ${plugin} is ${running.has(plugin) ? 'running' : 'not running'} but the notice count is ${notice}`);
  }
  await shot('overview');
});

await check('a live update arrives on the overview without reloading', async () => {
  await open('overview');
  // A figure no real sample has: the throughput tile shows it once the stream brings it.
  const marker = 4242 + Math.floor(Math.random() * 100);
  const shown = `${marker.toLocaleString('en-US', { maximumFractionDigits: 1 })}/s`;
  const published = await api('/api/v1/feeder/signal', { method: 'POST', body: { name: 'requests.throughput_rps', value: marker } });
  assert(published.status === 200, `the feeder did not publish: ${published.status}`);
  await page.waitForFunction((v) => document.querySelector('[data-test="live-feed"]').innerText.includes(v), shown, { timeout: TIMEOUT });
  // The tile shows it too, unless the requests plugin's own next figure has replaced it already.
  if (await dataValue('live-rps') === marker) {
    assert((await text('[data-test="live-rps"] .stat-value')) === shown, `the throughput tile does not show ${shown}`);
  }
  await api('/api/v1/feeder/alert', { method: 'POST', body: { id: 'e2e-1', rule: 'e2e-live-check', severity: 'warning', change: 'FIRED', value: 1 } });
  await page.waitForFunction(() => document.querySelector('[data-test="live-feed"]').innerText.includes('e2e-live-check'), null, { timeout: TIMEOUT });
  await shot('overview-live');
});

// --- endpoints -------------------------------------------------------------------------------------------------
await check('endpoints: figures and table match the request-metrics API, sorting works, a chart is drawn', async () => {
  // The seeded service: Vigil's own traffic (service "vigil") grows with every call the test makes.
  await open('endpoints?hours=24&service=shop');
  if (!running.has('requests')) {
    assert(await page.locator('[data-unavailable="requests"], .notice-unavailable').count() > 0, 'no notice for the absent requests plugin');
    await shot('endpoints');
    return;
  }
  await noErrorNotices();
  const summary = (await api('/api/v1/requests/summary?hours=24&service=shop')).data;
  const list = (await api('/api/v1/requests/endpoints?hours=24&limit=500&service=shop')).data;
  assert(await dataValue('req-total') === summary.total, 'total differs from the API');
  assert(close(await dataValue('req-p95'), summary.p95_ms), 'p95 differs from the API');
  assert(close(await dataValue('req-5xx'), summary.server_error_rate_percent), '5xx rate differs from the API');
  const rows = await page.locator('[data-test="endpoints-table"] tbody tr').count();
  assert(rows === list.endpoints.length, `${rows} rows for ${list.endpoints.length} endpoints`);
  await shot('endpoints');
  // Sort by p95, highest first: the first row is the API's slowest endpoint.
  await page.click('[data-test="endpoints-table"] th[data-key="p95_ms"]');
  const slowest = list.endpoints.reduce((a, b) => ((b.p95_ms ?? -1) > (a.p95_ms ?? -1) ? b : a));
  const first = await page.locator('[data-test="endpoints-table"] tbody tr').first().innerText();
  assert(first.includes(slowest.endpoint), `after sorting by p95 the first row is not ${slowest.endpoint}: ${first}`);
  // One endpoint's page: latency and throughput charts.
  const busiest = list.endpoints[0];
  await open(`endpoints/${encodeURIComponent(busiest.key)}?hours=6`);
  await noErrorNotices();
  const detail = (await api(`/api/v1/requests/endpoints/${encodeURIComponent(busiest.key)}?hours=6`)).data;
  assert(await dataValue('ep-total') === detail.endpoint.count, 'endpoint count differs from the API');
  await chartDrawn('chart-latency');
  await chartDrawn('chart-throughput');
  await shot('endpoint-detail');
});

// --- queries ---------------------------------------------------------------------------------------------------
await check('queries: fingerprints and N+1 findings as the query-analysis API has them', async () => {
  // Vigil's own statements are counted too and keep arriving: the page's figure lies between the API's before
  // and after the page loaded.
  const statements = async () => {
    const summary = (await api('/api/v1/queries/summary?hours=24')).data;
    return summary.statements ?? summary.total ?? summary.count;
  };
  const before = running.has('queries') ? await statements() : 0;
  await open('queries');
  if (!running.has('queries')) {
    assert(await page.locator('.notice-unavailable').count() > 0, 'no notice for the absent queries plugin');
    await shot('queries');
    return;
  }
  await noErrorNotices();
  const total = await dataValue('queries-total');
  const after = await statements();
  assert(before <= total && total <= after, `statements ${total} differ from the API (${before} to ${after})`);
  const findings = (await api('/api/v1/queries/n-plus-one')).data;
  const list = findings.findings || [];
  const rows = await page.locator('[data-test="n-plus-one-table"] tbody tr:not(:has(td.empty))').count();
  assert(rows === list.length, `${rows} N+1 rows for ${list.length} findings`);
  await shot('queries');
});

// --- errors ----------------------------------------------------------------------------------------------------
await check('errors: groups as the API has them, a group opened and resolved by an admin', async () => {
  await open('errors?status=unresolved');
  if (!running.has('errors')) {
    assert(await page.locator('.notice-unavailable').count() > 0, 'no notice for the absent errors plugin');
    await shot('errors');
    return;
  }
  await noErrorNotices();
  const groups = (await api('/api/v1/errors/groups?status=unresolved&limit=200')).data;
  const rows = await page.locator('[data-test="error-groups"] tbody tr').count();
  assert(rows === groups.groups.length, `${rows} rows for ${groups.groups.length} unresolved groups`);
  const summary = (await api('/api/v1/errors/summary?hours=24')).data;
  assert(await dataValue('errors-events') === summary.events, 'event count differs from the API');
  await chartDrawn('chart-errors');
  await shot('errors');
  const target = groups.groups.find((g) => g.service !== 'vigil') || groups.groups[0];
  await open(`errors/${target.id}`);
  assert((await text('[data-test="error-title"]')) === (target.exception_type || 'Error'), 'the group title is not its exception type');
  assert((await text('[data-test="error-count"]')) === target.count.toLocaleString('en-US'), 'the group count differs');
  await shot('error-detail');
  await page.click('[data-test="resolve"]');
  await page.waitForFunction(() => document.querySelector('[data-test="error-status"]')?.innerText.trim().toLowerCase() === 'resolved', null, { timeout: TIMEOUT });
  const after = (await api(`/api/v1/errors/groups/${target.id}`)).data;
  assert(after.status === 'resolved', `the API says ${after.status} after Resolve`);
  assert(after.status_changed_by === 'test-admin', `resolved by ${after.status_changed_by}`);
});

// --- system ----------------------------------------------------------------------------------------------------
await check('system: health word, figures and charts from the system plugin', async () => {
  await open('system?hours=1');
  if (!running.has('system')) {
    assert(await page.locator('.notice-unavailable').count() > 0, 'no notice for the absent system plugin');
    await shot('system');
    return;
  }
  await noErrorNotices();
  const health = (await api('/api/v1/system/health')).data;
  assert((await text('[data-test="system-level"]')).toLowerCase() === health.level, `level is not ${health.level}`);
  const disks = await page.locator('[data-test="disks-table"] tbody tr').count();
  assert(disks === health.sample.disks.length, `${disks} disk rows for ${health.sample.disks.length} disks`);
  await chartDrawn('chart-cpu');
  await chartDrawn('chart-memory');
  await shot('system');
});

// --- alerts ----------------------------------------------------------------------------------------------------
await check('alerts: the active alert is shown, and an admin acknowledges it', async () => {
  await open('alerts');
  if (!running.has('alerts')) {
    assert(await page.locator('.notice-unavailable').count() > 0, 'no notice for the absent alerts plugin');
    await shot('alerts');
    return;
  }
  await noErrorNotices();
  const active = (await api('/api/v1/alerts?active_only=true')).data;
  assert(await dataValue('alerts-active-count') === active.count, `active count differs from the API (${active.count})`);
  const alert = active.alerts.find((a) => a.rule === RULE) || active.alerts.find((a) => !a.acknowledged_at);
  assert(alert, `no active alert to acknowledge (rule ${RULE})`);
  assert(!alert.acknowledged_at, 'the alert was acknowledged before the test');
  const rules = (await api('/api/v1/alerts/rules')).data;
  assert(await page.locator('[data-test="rules-table"] tbody tr').count() === rules.rules.length, 'rule rows differ from the API');
  await shot('alerts');
  await page.click(`[data-test="active-alerts"] [data-test="ack-${alert.id}"]`);
  await page.waitForFunction((id) => document.querySelector(`[data-test="active-alerts"] [data-test="alert-state-${id}"]`)?.innerText.toLowerCase().includes('acknowledged'), alert.id, { timeout: TIMEOUT });
  const after = (await api(`/api/v1/alerts/${alert.id}`)).data.alert;
  assert(after.acknowledged_by === 'test-admin', `acknowledged by ${after.acknowledged_by}`);
  await shot('alerts-acknowledged');
});

// --- editing: rules, silences, channels, bulk acknowledge/resolve; a viewer sees none of it ---
// A local webhook receiver: the channel test's notification must arrive here, with its secret path and header.
const hooks = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => {
    hooks.push({ path: req.url, headers: req.headers, body });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"ok":true}');
  });
});
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const RECEIVER = `http://127.0.0.1:${receiver.address().port}`;

/** Types into a form's fields by their API names (data-test="input-<name>"), as a person would. */
async function fillForm(form, values) {
  for (const [name, value] of Object.entries(values)) {
    const input = page.locator(`[data-test="${form}"] [data-test="input-${name}"]`);
    const tag = await input.evaluate((el) => `${el.tagName}:${el.type}`);
    if (tag === 'INPUT:checkbox') await input.setChecked(value);
    else if (tag.startsWith('SELECT')) await input.selectOption(String(value));
    else await input.fill(String(value));
  }
}

async function submitForm(form) {
  await page.click(`[data-test="${form}-submit"]`);
}

async function formClosed(form) {
  await page.waitForSelector(`[data-test="${form}"]`, { state: 'detached', timeout: TIMEOUT });
}

async function fieldError(form, name) {
  await page.waitForFunction(([f, n]) => document.querySelector(`[data-test="${f}"] [data-test="error-${n}"]`)?.textContent.length > 0,
    [form, name], { timeout: TIMEOUT });
  return text(`[data-test="${form}"] [data-test="error-${name}"]`);
}

/** Accepts the next confirmation the page asks for; answers the messages asked, to check one was asked. */
function acceptNextConfirm() {
  const asked = [];
  page.once('dialog', async (dialog) => { asked.push(dialog.message()); await dialog.accept(); });
  return asked;
}

/** datetime-local's value for a time: local time, minutes. */
function localMinutes(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

await check('alerts: an admin creates a rule on an otel.* signal, sees the API\'s 400 at its field, edits, disables and deletes it', async () => {
  if (!running.has('alerts')) return;
  // An application signal as the otlp plugin names what it receives (otel.<metric>): the form must offer it.
  const published = await api('/api/v1/feeder/signal', { method: 'POST', body: { name: 'otel.e2e.queue_depth', labels: { service: 'shop' }, value: 12 } });
  assert(published.status === 200, `the feeder did not publish: ${published.status}`);
  const rule = 'e2e-queue-depth';
  await open('alerts');
  await page.click('[data-test="rule-new"]');
  await page.waitForSelector('[data-test="rule-form"]', { timeout: TIMEOUT });
  assert(await page.evaluate(() => document.activeElement?.dataset.test) === 'input-name', 'the form does not start at its first field');
  const offered = await page.locator('[data-test="rule-form"] [data-test="signal-options"] option').evaluateAll((os) => os.map((o) => o.value));
  assert(offered.includes('otel.e2e.queue_depth'), `the signal field does not offer the otel.* signal: ${offered.join(', ')}`);
  // A threshold that is not a number: the API refuses it, and the form says so beside that field.
  await fillForm('rule-form', { name: rule, signal: 'otel.e2e.queue_depth', labels: 'service=shop', warning: 'lots', critical: 50, consecutive: 2 });
  await page.press('[data-test="rule-form"] [data-test="input-warning"]', 'Enter'); // the keyboard submits
  const warningError = await fieldError('rule-form', 'warning');
  assert(await page.locator('[data-test="rule-form"] [data-test="input-warning"]').getAttribute('aria-invalid') === 'true', 'the warning input is not marked invalid');
  assert((await api(`/api/v1/alerts/rules/${rule}`)).status === 404, 'a refused rule was stored');
  const refused = await api(`/api/v1/alerts/rules/${rule}`, { method: 'PUT', body: { signal: 'otel.e2e.queue_depth', warning: 'lots' } });
  assert(refused.status === 400 && refused.data.error.details.field === 'warning' && refused.data.error.message.includes(warningError),
    `the field shows '${warningError}', the API said ${JSON.stringify(refused.data)}`);
  await shot('rule-form-error');
  // A name that is no signal name: the error moves to the signal field.
  await fillForm('rule-form', { warning: 20, signal: 'Queue Depth' });
  await submitForm('rule-form');
  assert((await fieldError('rule-form', 'signal')).includes('not a signal name'), 'no signal error at the signal field');
  assert(await text('[data-test="rule-form"] [data-test="error-warning"]').catch(() => '') === '', 'the old warning error stays');
  // A well-formed name nobody publishes is allowed, with a hint.
  await fillForm('rule-form', { signal: 'otel.e2e.not_published' });
  await page.waitForFunction(() => document.querySelector('[data-test="signal-unseen"]').textContent.includes('No plugin has published'));
  await fillForm('rule-form', { signal: 'otel.e2e.queue_depth' });
  assert(await text('[data-test="signal-unseen"]').catch(() => '') === '', 'a published signal is called unseen');
  await shot('rule-form');
  await submitForm('rule-form');
  await formClosed('rule-form');
  await page.waitForSelector(`[data-test="rule-edit-${rule}"]`, { timeout: TIMEOUT });
  const created = (await api(`/api/v1/alerts/rules/${rule}`)).data;
  assert(created.signal === 'otel.e2e.queue_depth' && created.warning === 20 && created.critical === 50 && created.consecutive === 2
    && created.labels.service === 'shop' && created.source === 'api' && created.signal_seen === true && created.updated_by === 'test-admin',
    `the API has ${JSON.stringify(created)}`);
  // Edit: the form holds the rule; the change shows in the list without a reload.
  await page.click(`[data-test="rule-edit-${rule}"]`);
  await page.waitForSelector('[data-test="rule-form"]', { timeout: TIMEOUT });
  assert(await page.locator('[data-test="rule-form"] [data-test="input-name"]').getAttribute('readonly') !== null, 'the name can be changed while editing');
  assert(await page.locator('[data-test="rule-form"] [data-test="input-warning"]').inputValue() === '20', 'the form does not hold the rule\'s warning');
  await fillForm('rule-form', { warning: 30, description: 'queue of the e2e shop' });
  await submitForm('rule-form');
  await formClosed('rule-form');
  await page.waitForFunction(() => document.querySelector('[data-test="rules-table"]').innerText.includes('queue of the e2e shop'), null, { timeout: TIMEOUT });
  const edited = (await api(`/api/v1/alerts/rules/${rule}`)).data;
  assert(edited.warning === 30 && edited.critical === 50 && edited.description === 'queue of the e2e shop', `after the edit the API has ${JSON.stringify(edited)}`);
  // Disable.
  await page.click(`[data-test="rule-toggle-${rule}"]`);
  await page.waitForFunction((r) => document.querySelector(`[data-test="rule-enabled-${r}"]`)?.innerText.trim().toLowerCase() === 'off', rule, { timeout: TIMEOUT });
  assert((await api(`/api/v1/alerts/rules/${rule}`)).data.enabled === false, 'the API says the rule is still enabled');
  await shot('rules-edited');
  // Delete, after a confirmation.
  const asked = acceptNextConfirm();
  await page.click(`[data-test="rule-delete-${rule}"]`);
  await page.waitForSelector(`[data-test="rule-edit-${rule}"]`, { state: 'detached', timeout: TIMEOUT });
  assert(asked.length === 1 && asked[0].includes(rule), `no confirmation naming the rule: ${asked}`);
  assert((await api(`/api/v1/alerts/rules/${rule}`)).status === 404, 'the deleted rule is still in the API');
});

await check('alerts: an admin creates a silence with matchers and an end, then expires it early', async () => {
  if (!running.has('alerts')) return;
  await open('alerts');
  await page.click('[data-test="silence-new"]');
  await page.waitForSelector('[data-test="silence-form"]', { timeout: TIMEOUT });
  const until = new Date(Date.now() + 3 * 3600 * 1000);
  until.setSeconds(0, 0);
  await fillForm('silence-form', { matchers: `rule=${RULE}, severity=warning`, until: localMinutes(until), comment: 'e2e maintenance' });
  await shot('silence-form');
  await submitForm('silence-form');
  await formClosed('silence-form');
  const made = (await api('/api/v1/alerts/silences')).data.silences.find((s) => s.comment === 'e2e maintenance');
  assert(made && made.active && made.matchers.rule === RULE && made.matchers.severity === 'warning' && Date.parse(made.until) === until.getTime(),
    `the API has ${JSON.stringify(made)} (until ${until.toISOString()})`);
  await page.waitForSelector(`[data-test="silence-state-${made.id}"]`, { timeout: TIMEOUT });
  const asked = acceptNextConfirm();
  await page.click(`[data-test="silence-expire-${made.id}"]`);
  await page.waitForFunction((id) => document.querySelector(`[data-test="silence-state-${id}"]`)?.innerText.toLowerCase().includes('expired'), made.id, { timeout: TIMEOUT });
  assert(asked.length === 1, 'expiring asked no confirmation');
  const lifted = (await api('/api/v1/alerts/silences')).data.silences.find((s) => s.id === made.id);
  assert(lifted && lifted.active === false && lifted.lifted_at && lifted.lifted_by === 'test-admin', `after expiring the API has ${JSON.stringify(lifted)}`);
  await shot('silences');
});

await check('alerts: an admin creates a webhook channel, edits it with its secrets kept, and a test arrives at the receiver', async () => {
  if (!running.has('alerts')) return;
  const name = 'e2e-hook';
  const secretPath = '/hook/e2e-path-secret-7f3a';
  await open('alerts');
  await page.click('[data-test="channel-new"]');
  await page.waitForSelector('[data-test="channel-form"]', { timeout: TIMEOUT });
  await fillForm('channel-form', { name, type: 'webhook', url: RECEIVER + secretPath, headers: 'X-Vigil-Key: e2e-header-secret' });
  await submitForm('channel-form');
  await formClosed('channel-form');
  await page.waitForSelector(`[data-test="channel-edit-${name}"]`, { timeout: TIMEOUT });
  const view = (await api(`/api/v1/alerts/channels/${name}`)).data;
  assert(view.type === 'webhook' && view.source === 'api' && !view.url.includes('e2e-path-secret') && view.headers['X-Vigil-Key'] === '***',
    `the API shows ${JSON.stringify(view)}`);
  const shown = await page.content();
  assert(!shown.includes('e2e-path-secret') && !shown.includes('e2e-header-secret'), 'a secret is on the page');
  // Edit: the secrets are not in the form; left empty they are kept.
  await page.click(`[data-test="channel-edit-${name}"]`);
  await page.waitForSelector('[data-test="channel-form"]', { timeout: TIMEOUT });
  assert(await page.locator('[data-test="channel-form"] [data-test="input-url"]').inputValue() === '', 'the URL input is not empty');
  assert((await page.locator('[data-test="channel-form"] [data-field="url"]').innerText()).includes(view.url), 'the form does not say what URL is kept (masked)');
  await fillForm('channel-form', { min_severity: 'critical' });
  await shot('channel-form');
  await submitForm('channel-form');
  await formClosed('channel-form');
  const edited = (await api(`/api/v1/alerts/channels/${name}`)).data;
  assert(edited.min_severity === 'critical' && edited.url === view.url && edited.headers['X-Vigil-Key'] === '***', `after the edit the API shows ${JSON.stringify(edited)}`);
  await page.waitForFunction((n) => [...document.querySelectorAll('[data-test="channels-table"] tbody tr')].some((tr) => tr.innerText.includes(n) && tr.innerText.includes('critical')), name, { timeout: TIMEOUT });
  // The test button: its outcome shows, and the notification reaches the receiver with the kept secrets.
  await page.click(`[data-test="channel-test-${name}"]`);
  await page.waitForSelector(`[data-test="channel-test-outcome-${name}"] [data-outcome]`, { timeout: TIMEOUT });
  const outcome = await page.locator(`[data-test="channel-test-outcome-${name}"] [data-outcome]`).getAttribute('data-outcome');
  assert(outcome === 'delivered', `the test says ${await text(`[data-test="channel-test-outcome-${name}"]`)}`);
  const hook = await eventually('the test notification at the receiver', async () => hooks.find((h) => h.path === secretPath));
  assert(hook.headers['x-vigil-key'] === 'e2e-header-secret', 'the kept header did not arrive');
  assert(hook.body.includes('vigil-test'), `the receiver got ${hook.body.slice(0, 200)}`);
  const deliveries = (await api(`/api/v1/alerts/deliveries?channel=${name}`)).data.deliveries;
  assert(deliveries.some((d) => d.change === 'test' && d.outcome === 'delivered'), `deliveries: ${JSON.stringify(deliveries)}`);
  await shot('channels');
  const asked = acceptNextConfirm();
  await page.click(`[data-test="channel-delete-${name}"]`);
  await page.waitForSelector(`[data-test="channel-edit-${name}"]`, { state: 'detached', timeout: TIMEOUT });
  assert(asked.length === 1 && asked[0].includes(name), 'deleting asked no confirmation naming the channel');
  assert((await api(`/api/v1/alerts/channels/${name}`)).status === 404, 'the deleted channel is still in the API');
});

await check('alerts: an admin selects two active alerts, acknowledges them in one call, then resolves them', async () => {
  if (!running.has('alerts')) return;
  // Two alerts of one rule, one per label set of the signal.
  const made = await api('/api/v1/alerts/rules/e2e-bulk', { method: 'PUT', body: { signal: 'feeder.bulk_percent', labels: { node: '*' }, warning: 50, consecutive: 1 } });
  assert(made.status < 300, `the bulk rule was refused: ${JSON.stringify(made.data)}`);
  for (const node of ['a', 'b']) {
    await api('/api/v1/feeder/signal', { method: 'POST', body: { name: 'feeder.bulk_percent', labels: { node }, value: 80 } });
  }
  const two = await eventually('two e2e-bulk alerts', async () => {
    await api('/api/v1/alerts/evaluate', { method: 'POST', body: {} });
    const list = (await api('/api/v1/alerts?active_only=true&rule=e2e-bulk')).data.alerts;
    return list.length === 2 ? list : null;
  });
  const ids = two.map((a) => a.id);
  const calls = [];
  const watch = (request) => {
    if (request.method() === 'POST' && /^\/api\/v1\/alerts\/[a-z/0-9]+$/.test(new URL(request.url()).pathname)) calls.push(new URL(request.url()).pathname);
  };
  page.on('request', watch);
  try {
    await open('alerts');
    for (const id of ids) await page.check(`[data-test="active-alerts"] [data-test="select-${id}"]`);
    assert((await text('[data-test="bulk-count"]')) === '2 selected', `the toolbar says ${await text('[data-test="bulk-count"]')}`);
    await page.click('[data-test="bulk-acknowledge"]');
    for (const id of ids) {
      await page.waitForSelector(`[data-test="bulk-result-${id}"][data-outcome="acknowledged"]`, { timeout: TIMEOUT });
      await page.waitForFunction((i) => document.querySelector(`[data-test="active-alerts"] [data-test="alert-state-${i}"]`)?.innerText.toLowerCase().includes('acknowledged'), id, { timeout: TIMEOUT });
    }
    assert(calls.length === 1 && calls[0] === '/api/v1/alerts/acknowledge', `the page made these calls: ${calls.join(', ')}`);
    for (const id of ids) {
      const a = (await api(`/api/v1/alerts/${id}`)).data.alert;
      assert(a.acknowledged_by === 'test-admin' && a.status === 'active', `alert ${id} in the API: ${JSON.stringify(a)}`);
    }
    await shot('alerts-bulk-acknowledged');
    for (const id of ids) await page.check(`[data-test="active-alerts"] [data-test="select-${id}"]`);
    await page.click('[data-test="bulk-resolve"]');
    for (const id of ids) {
      await page.waitForSelector(`[data-test="bulk-result-${id}"][data-outcome="resolved"]`, { timeout: TIMEOUT });
      await page.waitForSelector(`[data-test="active-alerts"] [data-test="select-${id}"]`, { state: 'detached', timeout: TIMEOUT });
    }
    assert(calls.length === 2 && calls[1] === '/api/v1/alerts/resolve', `the page made these calls: ${calls.join(', ')}`);
    for (const id of ids) {
      const a = (await api(`/api/v1/alerts/${id}`)).data.alert;
      assert(a.status === 'resolved' && a.resolved_by === 'test-admin', `alert ${id} in the API: ${JSON.stringify(a)}`);
    }
    await shot('alerts-bulk-resolved');
  } finally {
    page.off('request', watch);
    await api('/api/v1/alerts/rules/e2e-bulk', { method: 'DELETE' });
  }
});

await check('alerts: a viewer sees rules, silences and channels without editing controls, and the API refuses a viewer\'s edits', async () => {
  if (!running.has('alerts')) return;
  await signOut();
  await signIn(VIEWER);
  await page.waitForSelector('.page[data-state="ready"]', { timeout: TIMEOUT });
  try {
    await open('alerts');
    await noErrorNotices();
    assert(await page.locator('[data-test="rules-table"] tbody tr').count() > 0, 'a viewer sees no rules');
    assert(await page.locator('[data-test="channels-table"]').count() === 1, 'a viewer sees no channels');
    for (const control of ['rule-new', 'silence-new', 'channel-new', 'bulk-toolbar', 'select-', 'rule-edit-', 'rule-toggle-', 'rule-delete-',
      'silence-expire-', 'channel-edit-', 'channel-test-', 'channel-delete-', 'ack-', 'resolve-']) {
      const n = await page.locator(`[data-test^="${control}"]`).count();
      assert(n === 0, `a viewer sees ${n} ${control}* controls`);
    }
    await shot('alerts-viewer');
    const refusals = [
      ['PUT', '/api/v1/alerts/rules/e2e-viewer', { signal: 'feeder.load_percent', warning: 1 }],
      ['PATCH', `/api/v1/alerts/rules/${RULE}`, { enabled: false }],
      ['DELETE', `/api/v1/alerts/rules/${RULE}`],
      ['POST', '/api/v1/alerts/silences', { matchers: { rule: RULE }, until: new Date(Date.now() + 3600e3).toISOString() }],
      ['PUT', '/api/v1/alerts/channels/e2e-viewer', { type: 'log' }],
      ['POST', '/api/v1/alerts/acknowledge', { ids: [1] }],
      ['POST', '/api/v1/alerts/resolve', { ids: [1] }],
    ];
    for (const [method, path, body] of refusals) {
      const answer = await api(path, { method, token: VIEWER, body });
      assert(answer.status === 403, `${method} ${path} with a viewer token answered ${answer.status}`);
    }
    assert((await api(`/api/v1/alerts/rules/${RULE}`)).data.enabled === true, 'a viewer\'s PATCH changed the rule');
  } finally {
    await signOut();
    await signIn(ADMIN);
    await page.waitForSelector('.page[data-state="ready"]', { timeout: TIMEOUT });
  }
});
receiver.close();
// --- end of editing --------------------------------------------------------------------------------------------

// --- optimizer -------------------------------------------------------------------------------------------------
await check('optimizer: models and recommendations as the optimizer API has them', async () => {
  await open('optimizer');
  if (!running.has('optimizer')) {
    assert(await page.locator('.notice-unavailable').count() > 0, 'no notice for the absent optimizer plugin');
    await shot('optimizer');
    return;
  }
  await noErrorNotices();
  const recommendations = (await api('/api/v1/optimizer/recommendations')).data;
  const list = recommendations.recommendations || [];
  const rows = await page.locator('[data-test="recommendations"] [data-test="recommendation"]').count();
  assert(rows === list.length, `${rows} recommendations shown for ${list.length}`);
  await shot('optimizer');
});

// --- dependencies ----------------------------------------------------------------------------------------------
await check('dependencies: the scan report as the dependencies API has it', async () => {
  await open('dependencies');
  if (!running.has('dependencies')) {
    assert(await page.locator('.notice-unavailable').count() > 0, 'no notice for the absent dependencies plugin');
    await shot('dependencies');
    return;
  }
  await noErrorNotices();
  const report = await api('/api/v1/dependencies/report');
  if (report.status === 200) {
    const components = (await api('/api/v1/dependencies/components')).data;
    const list = components.components || [];
    const rows = await page.locator('[data-test="components-table"] tbody tr:not(:has(td.empty))').count();
    assert(rows === list.length, `${rows} component rows for ${list.length} components`);
    const sources = report.data.vulnerability_sources || [];
    const shown = await page.locator('[data-test="vulnerability-sources"] li').allInnerTexts();
    assert(shown.length === sources.length, `${shown.length} vulnerability sources shown for ${sources.length}`);
    // badges are upper-cased by the style sheet
    sources.forEach((source, i) => assert(shown[i].includes(source.name) && shown[i].toLowerCase().startsWith(source.checked ? 'checked' : 'not checked'),
      `source ${source.name} shown as "${shown[i]}"`));
    const findings = await page.locator('[data-test="license-findings-table"] tbody tr:not(:has(td.empty))').count();
    assert(findings === (report.data.license_findings || []).length, `${findings} licence findings shown for ${(report.data.license_findings || []).length}`);
  }
  await shot('dependencies');
});

// --- plugins ---------------------------------------------------------------------------------------------------
await check('plugins: every plugin with its state; stopping one shows live and its page says so; starting brings it back', async () => {
  await open('plugins');
  await noErrorNotices();
  const rows = await page.locator('[data-test="plugins-table"] tbody tr').count();
  assert(rows === pluginList.length, `${rows} rows for ${pluginList.length} plugins`);
  await open('plugins/dashboard');
  assert((await page.locator('[data-test="plugin-routes"]').innerText()).includes('/api/v1/dashboard/stream'), 'the dashboard\'s routes are not listed');
  await shot('plugins');
  await open('plugins');
  await page.click('[data-test="stop-feeder"]');
  await page.waitForFunction(() => document.querySelector('[data-test="plugin-state-feeder"]')?.innerText.toUpperCase().includes('STOPPED'), null, { timeout: TIMEOUT });
  assert((await api('/api/v1/admin/plugins/feeder')).data.state === 'STOPPED', 'the API does not say STOPPED');
  if (running.has('errors')) {
    await api('/api/v1/admin/plugins/errors/stop', { method: 'POST' });
    await open('errors');
    assert((await text('.notice-unavailable')).includes('errors plugin is not running'), 'the errors page does not say its plugin stopped');
    await shot('errors-plugin-stopped');
    await api('/api/v1/admin/plugins/errors/start', { method: 'POST' });
    await open('plugins');
  }
  await page.click('[data-test="start-feeder"]');
  await page.waitForFunction(() => document.querySelector('[data-test="plugin-state-feeder"]')?.innerText.toUpperCase().includes('STARTED'), null, { timeout: TIMEOUT });
});

// --- refreshing ------------------------------------------------------------------------------------------------
await check('pages re-read their figures every refresh-interval (edited live in the config file)', async () => {
  if (!running.has('requests') || !process.env.VIGIL_CONFIG_DIR) return;
  // Edit config/plugins/dashboard.yaml as a person would (an atomic save), then sign in again to take it.
  const setRefresh = async (value, seconds) => {
    const file = join(process.env.VIGIL_CONFIG_DIR, 'plugins', 'dashboard.yaml');
    const temporary = join(process.env.VIGIL_CONFIG_DIR, 'plugins', '.dashboard.yaml.tmp');
    await writeFile(temporary, `${process.env.DASHBOARD_CONFIG || ''}refresh-interval: ${value}\n`);
    await rename(temporary, file);
    await eventually(`refresh interval ${value}`, async () => (await api('/api/v1/dashboard/session')).data.refresh_seconds === seconds);
    await page.reload();
  };
  await setRefresh('5s', 5);
  try {
    await refreshes();
  } finally {
    // Later checks must not have the page swapped under them.
    await setRefresh('1h', 3600);
    await page.waitForSelector('.page[data-state="ready"]', { timeout: TIMEOUT });
  }
});

async function refreshes() {
  await page.waitForSelector('.page[data-state="ready"]', { timeout: TIMEOUT });
  await open('endpoints?hours=24&service=shop');
  const before = await dataValue('req-total');
  const records = Array.from({ length: 25 }, (_, i) => ({ timestamp: new Date().toISOString(), service: 'shop', method: 'GET',
    endpoint: '/api/products/{id}', path: `/api/products/${i}`, status: 200, duration_ms: 50 + i }));
  const ingested = await api('/api/v1/requests/ingest', { method: 'POST', token: INGEST, body: { records } });
  assert(ingested.status < 300, `ingest failed: ${ingested.status}`);
  await page.waitForFunction((n) => Number(document.querySelector('[data-test="req-total"]')?.dataset.value) === n, before + 25, { timeout: TIMEOUT });
  assert(await page.evaluate(() => document.querySelector('.page').dataset.route) === '#/endpoints?hours=24&service=shop', 'the page changed');
}

// --- browser monitoring ----------------------------------------------------------------------------------------
// A monitored site on another origin: it includes /vigil.js, shifts its layout, waits on a slow script, is clicked,
// and throws an error and an unhandled rejection.
const site = createServer((req, res) => {
  if (req.url.startsWith('/slow.js')) {
    setTimeout(() => { res.writeHead(200, { 'Content-Type': 'text/javascript' }); res.end('window.slowLoaded = true;'); }, 1300);
    return;
  }
  if (req.url.startsWith('/shop/checkout')) {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Test shop checkout</title>
<script src="${BASE}/vigil.js" data-token="${INGEST}" data-service="e2e-shop" data-release="1.2.3"></script>
</head><body style="font-family: sans-serif">
<div id="banner"></div>
<h1>Checkout</h1>
<p id="hero" style="font-size: 42px; max-width: 900px">Thank you for shopping with us. Your order is on its way.</p>
<button id="buy" style="font-size: 24px">Buy again</button>
<script src="/slow.js?v=1" async></script>
<script>
  document.getElementById('buy').addEventListener('click', () => { const end = performance.now() + 80; while (performance.now() < end) {} document.getElementById('buy').textContent = 'Bought'; });
  setTimeout(() => { document.getElementById('banner').style.height = '160px'; document.getElementById('banner').style.background = '#fde68a'; }, 250);
  setTimeout(() => { throw new TypeError('vigil-e2e checkout exploded'); }, 400);
  setTimeout(() => { Promise.reject(new Error('vigil-e2e payment promise rejected')); }, 450);
</script>
</body></html>`);
    return;
  }
  res.writeHead(404);
  res.end();
});
await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
const SITE = `http://127.0.0.1:${site.address().port}`;

await check('a page including /vigil.js sends its vitals, navigation timing, slow resource and errors', async () => {
  const visitor = await context.newPage();
  visitor.on('pageerror', () => {}); // the page's own thrown errors are the point of this test
  await visitor.goto(`${SITE}/shop/checkout/1234?coupon=SECRET`);
  await visitor.waitForFunction(() => window.slowLoaded === true && window.vigil, null, { timeout: TIMEOUT });
  await visitor.waitForTimeout(600);
  await visitor.click('#buy');
  await visitor.waitForTimeout(400);
  await visitor.screenshot({ path: join(SHOTS, 'monitored-test-page.png') });
  await visitor.goto('about:blank'); // page hide: the agent sends the rest with sendBeacon
  await visitor.close();

  const vitals = await eventually('the test page in /api/v1/dashboard/vitals', async () => {
    const data = (await api('/api/v1/dashboard/vitals?hours=1')).data;
    const p = data.pages.find((x) => x.service === 'e2e-shop' && x.page === '/shop/checkout/{id}');
    return p && p.metrics.lcp && p.metrics.ttfb && p.metrics.fcp && p.metrics.cls && p.metrics.inp && p.metrics.load ? p : null;
  });
  figures.test_page_vitals = Object.fromEntries(Object.entries(vitals.metrics).map(([k, v]) => [k, v.p75]));
  assert(vitals.metrics.cls.p75 > 0, 'the layout shift was not measured');
  const resources = (await api('/api/v1/dashboard/vitals/resources?hours=1')).data.resources;
  assert(resources.some((r) => r.url === `${SITE}/slow.js` && r.max_ms >= 1000), `the slow script is not listed: ${JSON.stringify(resources)}`);
  if (running.has('errors')) {
    const group = await eventually('the thrown error in the errors plugin', async () => {
      const groups = (await api('/api/v1/errors/groups?service=e2e-shop&limit=50')).data.groups;
      return groups.find((g) => (g.message || '').includes('vigil-e2e checkout exploded'));
    });
    assert(group.exception_type === 'TypeError', `exception type ${group.exception_type}`);
    const detail = (await api(`/api/v1/errors/groups/${group.id}`)).data;
    assert(detail.occurrences[0].user_agent && detail.occurrences[0].user_agent.includes('Chrome'), 'no user agent on the browser error');
    assert((detail.occurrences[0].context?.url || '').endsWith('/shop/checkout/1234'), 'the page address was not kept without its query');
    assert(!JSON.stringify(detail).includes('SECRET'), 'the page\'s query string reached the errors plugin');
    await eventually('the unhandled rejection in the errors plugin', async () => {
      const groups = (await api('/api/v1/errors/groups?service=e2e-shop&limit=50')).data.groups;
      return groups.find((g) => (g.message || '').includes('vigil-e2e payment promise rejected'));
    });
    figures.browser_error_group = group.id;
  }
});

await check('the dashboard shows the test page\'s vitals with p75 and its error', async () => {
  await open('vitals?hours=1');
  await noErrorNotices();
  const data = (await api('/api/v1/dashboard/vitals?hours=1')).data;
  const row = page.locator('[data-test="vitals-table"] tbody tr', { hasText: '/shop/checkout/{id}' });
  assert(await row.count() === 1, 'the test page is not in the vitals table');
  const p = data.pages.find((x) => x.page === '/shop/checkout/{id}');
  const rowText = await row.innerText();
  const lcp = p.metrics.lcp.p75;
  const shownLcp = lcp >= 10000 ? `${(lcp / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} s` : `${lcp.toLocaleString('en-US', { maximumFractionDigits: lcp < 10 ? 2 : lcp < 100 ? 1 : 0 })} ms`;
  assert(rowText.includes(shownLcp), `the row does not show LCP p75 ${shownLcp}: ${rowText}`);
  assert(close(await dataValue('vital-lcp'), data.overall.lcp.p75), 'overall LCP differs from the API');
  await shot('vitals');
  await page.click('[data-test="vitals-table"] a:has-text("/shop/checkout/{id}")');
  await page.waitForSelector('[data-test="vitals-page-stats"]', { timeout: TIMEOUT });
  await page.waitForFunction(() => document.querySelector('.page')?.dataset.state === 'ready');
  await chartDrawn('chart-vital-lcp');
  assert((await page.locator('[data-test="resources-table"]').innerText()).includes('/slow.js'), 'the slow resource is not on the page');
  await shot('vitals-page');
  if (running.has('errors') && figures.browser_error_group) {
    await open(`errors/${figures.browser_error_group}`);
    assert((await text('[data-test="error-message"]')).includes('vigil-e2e checkout exploded'), 'the browser error is not shown');
    assert((await page.locator('[data-test="error-stack"]').innerText()).includes('checkout'), 'no stack for the browser error');
    await shot('browser-error');
  }
});

// --- traces, trends and baselines, otel signals, and the browser fixes (e2e/traces-trends.mjs) ---
await tracesAndTrends({ check, api, open, text, dataValue, noErrorNotices, chartDrawn, shot, assert, eventually, signIn,
  signOut, running, context, BASE, ADMIN, VIEWER, INGEST, TIMEOUT, page: () => page });

await check('no script errors on the dashboard itself', async () => {
  assert(pageErrors.length === 0, pageErrors.join(' | '));
});

await browser.close();
site.close();

const failed = results.filter((r) => !r.ok);
await writeFile(join(SHOTS, 'results.json'), JSON.stringify({ results, figures }, null, 2));
console.log(`overview loaded in ${figures.overview_load_ms} ms; test page p75: ${JSON.stringify(figures.test_page_vitals || {})}`);
console.log(`e2e: ${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
