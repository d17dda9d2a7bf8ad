// In the browser: the trace view (from a slow request, an N+1 finding and an error occurrence),
// the traces list and its filters, the trends & baselines page (a baseline made by an admin, its band, the trend
// verdict, a regression alert, an otel.* signal charted; a viewer gets no baseline control), and the fixes found
// with headless Chromium (Load tile, throughput ticks, no "null" on the optimizer page, INP of a visitor who leaves
// soon after a click). Called by run.mjs with its helpers.
import { createServer } from 'node:http';

export async function tracesAndTrends(t) {
  const { check, api, open, text, dataValue, noErrorNotices, chartDrawn, shot, assert, eventually, signIn, signOut,
    running, context, BASE, ADMIN, VIEWER, INGEST, TIMEOUT } = t;
  const page = () => t.page();

  // --- the fixes -------------------------------------------------------------------------------------------------
  await check('overview: the Load tile shows the host\'s load average', async () => {
    if (!running.has('system')) return;
    await open('overview');
    const load = (await api('/api/v1/system/health')).data.sample?.cpu?.load_1m;
    assert(typeof load === 'number', `the API has no load_1m: ${load}`);
    const shown = await text('[data-test="ov-load"] .stat-value');
    assert(/^[0-9][0-9,.]*$/.test(shown), `the Load tile shows '${shown}', not a number`);
    assert(Number.isFinite(await dataValue('ov-load')), 'the Load tile has no value');
  });

  await check('endpoint throughput chart: axis ticks are distinct, evenly spaced and printed exactly', async () => {
    if (!running.has('requests')) return;
    const list = (await api('/api/v1/requests/endpoints?hours=24&limit=500&service=shop')).data.endpoints;
    const busiest = list.reduce((a, b) => (b.count > a.count ? b : a));
    await open(`endpoints/${encodeURIComponent(busiest.key)}?hours=6`);
    await chartDrawn('chart-throughput');
    for (const test of ['chart-throughput', 'chart-latency']) {
      const labels = JSON.parse(await page().locator(`[data-test="${test}"]`).getAttribute('data-y-ticks'));
      const values = labels.map((l) => Number(String(l).replace(/,/g, '').replace(/[^0-9.eE+-]/g, '')) * (/ s$/.test(l) ? 1000 : 1));
      assert(values.length >= 2, `${test}: ${labels.length} ticks`);
      assert(new Set(labels).size === labels.length, `${test}: ticks repeat: ${labels.join(', ')}`);
      const step = values[1] - values[0];
      assert(values.every((v, i) => i === 0 || Math.abs(v - values[i - 1] - step) <= 1e-9 * Math.max(1, Math.abs(step)) * 1e3),
        `${test}: ticks are not evenly spaced: ${labels.join(', ')}`);
    }
  });

  await check('optimizer: no "null" is printed where a figure has no value yet', async () => {
    if (!running.has('optimizer')) return;
    await open('optimizer');
    const shown = await page().locator('.page').innerText();
    assert(!/\bnull\b/.test(shown), `the optimizer page prints null: ${shown.split('\n').find((l) => /\bnull\b/.test(l))}`);
  });

  // A visitor clicks a button whose handler takes 300 ms and leaves the page half a second later.
  const site = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Quick visit</title>
<script src="${BASE}/vigil.js" data-token="${INGEST}" data-service="e2e-inp"></script></head>
<body style="font-family: sans-serif"><h1>Order list</h1><button id="sort" style="font-size: 24px">Sort</button>
<script>document.getElementById('sort').addEventListener('click', () => { const end = performance.now() + 300; while (performance.now() < end) {} document.getElementById('sort').textContent = 'Sorted'; });</script>
</body></html>`);
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  await check('INP is reported for a visitor who leaves half a second after a click on a 300 ms handler', async () => {
    const views = 3;
    for (let i = 0; i < views; i++) {
      const visitor = await context.newPage();
      await visitor.goto(`http://127.0.0.1:${site.address().port}/orders`);
      await visitor.waitForFunction(() => window.vigil, null, { timeout: TIMEOUT });
      await visitor.click('#sort');
      await visitor.waitForTimeout(500);
      await visitor.goto('about:blank');
      await visitor.close();
    }
    const inp = await eventually('INP of every quick visit', async () => {
      const data = (await api('/api/v1/dashboard/vitals?hours=1&service=e2e-inp')).data;
      const metrics = data.pages.find((p) => p.page === '/orders')?.metrics;
      return metrics?.inp?.samples >= views ? metrics.inp : null;
    });
    assert(inp.p75 >= 250, `INP p75 ${inp.p75} ms for a 300 ms handler`);
  });
  site.close();

  // --- traces ----------------------------------------------------------------------------------------------------
  const traced = running.has('otlp') && running.has('requests') && running.has('queries') && running.has('errors');
  let trace = null;
  if (traced) {
    const failed = (await api('/api/v1/otlp/traces?service=shop&status=error')).data.traces;
    trace = failed.length ? (await api(`/api/v1/otlp/traces/${failed[0].trace_id}`)).data : null;
  }

  /** The trace page shows the seeded trace as the API has it: its spans, N+1 repeats, statements and exception. */
  async function traceShown(from) {
    await page().waitForFunction((id) => document.querySelector('.page')?.dataset.route === `#/traces/${id}`
      && document.querySelector('.page')?.dataset.state === 'ready', trace.trace_id, { timeout: TIMEOUT });
    await noErrorNotices();
    const rows = await page().locator('[data-test="wf-span"]').count();
    assert(rows === trace.span_count, `${from}: ${rows} spans in the waterfall for ${trace.span_count}`);
    const repeats = await page().locator('[data-test="wf-span"][data-repeats]').count();
    assert(repeats === 8, `${from}: ${repeats} spans highlighted as N+1 repeats, not the 8 calls`);
    assert((await text('[data-test="trace-exceptions"]')).includes('payment provider answered 502'), `${from}: the exception is not shown`);
    assert((await page().locator('[data-test="trace-stack"]').innerText()).includes('com.shop.Payments.charge'), `${from}: no stack`);
  }

  await check('traces: the kept traces as the otlp API lists them, filtered by service and errors only', async () => {
    await open('traces?service=shop');
    if (!running.has('otlp')) {
      assert(await page().locator('.notice-unavailable').count() > 0, 'no notice for the absent otlp plugin');
      return;
    }
    await noErrorNotices();
    const all = (await api('/api/v1/otlp/traces?hours=24&limit=200&service=shop')).data.traces;
    assert(all.length > 0 || !traced, 'the seeded trace is not kept');
    assert(await page().locator('[data-test="traces-table"] tbody tr:not(:has(td.empty))').count() === all.length, `rows differ from the API's ${all.length}`);
    await page().check('[data-test="trace-errors"]');
    await page().fill('[data-test="trace-min-ms"]', '1000');
    await page().click('[data-test="trace-apply"]');
    await page().waitForFunction(() => /errors=1/.test(document.querySelector('.page')?.dataset.route || '')
      && document.querySelector('.page')?.dataset.state === 'ready', null, { timeout: TIMEOUT });
    const failed = (await api('/api/v1/otlp/traces?hours=24&limit=200&service=shop&status=error&min_ms=1000')).data.traces;
    assert(await page().locator('[data-test="traces-table"] tbody tr:not(:has(td.empty))').count() === failed.length, `error rows differ from the API's ${failed.length}`);
    await shot('traces');
  });

  await check('trace view: from a slow request, its waterfall with database calls, N+1 repeats and the exception', async () => {
    if (!traced) return;
    assert(trace, 'no failed trace of the shop is kept');
    await open('endpoints?hours=24&service=shop');
    const link = page().locator(`[data-test="slow-table"] a[data-test="trace-link"][href="#/traces/${trace.trace_id}"]`);
    assert(await link.count() === 1, 'the slow request has no link to its trace');
    await link.click();
    await traceShown('slow request');
    // A database call opens with its statement and the fingerprint the queries plugin groups it under.
    await page().locator('[data-test="wf-span"][data-repeats]').first().click();
    assert((await text('[data-test="wf-statement"]')).includes('order_items'), 'the statement is not shown');
    assert((await text('[data-test="wf-fingerprint"]')).includes('order_items where order_id = ?'), 'the fingerprint is not shown');
    await shot('trace-waterfall');
  });

  await check('trace view: from the N+1 finding and from the error occurrence', async () => {
    if (!traced) return;
    await open('queries');
    const fromFinding = page().locator(`[data-test="n-plus-one-table"] a[data-test="trace-link"][href="#/traces/${trace.trace_id}"]`);
    assert(await fromFinding.count() >= 1, 'the N+1 finding has no link to its trace');
    await fromFinding.first().click();
    await traceShown('N+1 finding');
    const groups = (await api('/api/v1/errors/groups?service=shop&limit=200')).data.groups;
    const group = groups.find((g) => (g.message || '').includes('(e2e trace)'));
    assert(group, 'the exception of the trace is not an error group');
    await open(`errors/${group.id}`);
    await page().click('[data-test="latest-trace-link"]');
    await traceShown('error occurrence');
  });

  // --- trends and baselines --------------------------------------------------------------------------------------
  const SIGNAL = 'feeder.e2e_latency_ms';
  const publish = async (value) => {
    const published = await api('/api/v1/feeder/signal', { method: 'POST', body: { name: SIGNAL, value } });
    assert(published.status === 200, `the feeder did not publish: ${published.status}`);
  };

  await check('trends: a signal with its trend verdict; an admin makes a baseline and sees its band', async () => {
    await open(`trends?signal=${SIGNAL}&hours=1`);
    if (!running.has('alerts')) {
      assert(await page().locator('.notice-unavailable').count() > 0, 'no notice for the absent alerts plugin');
      return;
    }
    for (let i = 0; i < 12; i++) await publish(100 + (i % 4) * 5);
    await open(`trends?signal=${SIGNAL}&hours=1`);
    await noErrorNotices();
    await chartDrawn('chart-trend');
    const trend = (await api(`/api/v1/alerts/trends?signal=${SIGNAL}&hours=1`)).data.trends[0];
    assert(await page().locator('[data-test="trend-verdict"]').getAttribute('data-trend') === trend.trend, `the verdict is not the API's ${trend.trend}`);
    assert(await page().locator('[data-test="trend-chart-card"]').getAttribute('data-baseline') === 'none', 'a baseline is shown before one was made');
    await page().fill('[data-test="baseline-minutes"]', '1');
    await page().click('[data-test="make-baseline"]');
    await page().waitForFunction(() => document.querySelector('[data-test="trend-chart-card"]')?.dataset.baseline === 'shown', null, { timeout: TIMEOUT });
    const baseline = (await api('/api/v1/alerts/baseline')).data.baselines.find((b) => b.signal === SIGNAL);
    assert(baseline && baseline.established_by === 'test-admin', `no baseline of ${SIGNAL} by the admin in the API`);
    assert(Math.abs(await dataValue('baseline-mean') - baseline.mean) < 1e-6, 'the baseline mean differs from the API');
    // the list is read again after the band is drawn
    await eventually('the baseline listed', async () => await page().locator('[data-test="baselines-table"] tbody tr', { hasText: SIGNAL }).count() === 1);
    await shot('trends-baseline');
  });

  await check('trends: a regression against the baseline is listed as a regression alert', async () => {
    if (!running.has('alerts')) return;
    for (let i = 0; i < 30; i++) await publish(400);
    await eventually('the regression alert', async () => {
      await api('/api/v1/alerts/evaluate', { method: 'POST', body: {} });
      const alerts = (await api('/api/v1/alerts?active_only=true')).data.alerts;
      return alerts.find((a) => a.rule === `regression:${SIGNAL}`);
    });
    await open(`trends?signal=${SIGNAL}&hours=1`);
    assert(await page().locator('[data-test="regression-alerts"] tbody tr', { hasText: SIGNAL }).count() === 1, 'the regression alert is not listed');
  });

  await check('trends: an application metric received over OTLP (otel.*) is picked and charted', async () => {
    if (!running.has('alerts') || !running.has('otlp')) return;
    await open('trends?hours=1');
    const name = 'otel.shop.queue.depth';
    assert(await page().locator('[data-test="signal-picker"] optgroup[label^="Application"] option', { hasText: name }).count() === 1, `${name} is not offered among the application metrics`);
    await page().selectOption('[data-test="signal-picker"]', name);
    await page().waitForFunction((n) => (document.querySelector('.page')?.dataset.route || '').includes(`signal=${n}`)
      && document.querySelector('.page')?.dataset.state === 'ready', name, { timeout: TIMEOUT });
    await noErrorNotices();
    assert(await chartDrawn('chart-trend') > 3, 'the otel signal has fewer than two points'); // the range's two ends are points too
    await shot('trends-otel');
  });

  await check('a viewer sees traces and trends but no control to make a baseline', async () => {
    await signOut();
    await signIn(VIEWER);
    await page().waitForSelector('.page[data-state="ready"]', { timeout: TIMEOUT });
    if (running.has('otlp')) {
      await open('traces');
      await noErrorNotices();
    }
    await open(`trends?signal=${SIGNAL}&hours=1`);
    assert(await page().locator('[data-test="make-baseline"]').count() === 0, 'a viewer sees the make-a-baseline button');
    await shot('trends-viewer');
    await signOut();
    await signIn(ADMIN);
    await page().waitForSelector('.page[data-state="ready"]', { timeout: TIMEOUT });
  });
}
