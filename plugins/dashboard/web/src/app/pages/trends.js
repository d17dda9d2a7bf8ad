// Trends and baselines: any signal's recent values (the application's own otel.* metrics too) with its baseline's
// band, the trend verdict and its confidence, the regression alerts raised against baselines, and, for admins,
// making a baseline of the chosen signal from the page.
import { h, fill } from '../dom.js';
import { card, badge, guard, rangePicker, stat, notice, actionButton } from '../ui.js';
import { sortableTable } from '../table.js';
import { timeChart, seconds, lastHours } from '../chart.js';
import { qs } from '../api.js';
import * as fmt from '../format.js';

const DEFAULT_SIGNAL = 'requests.p95_ms';

/** Labels as one readable key: {} → "overall", {endpoint: "/a"} → "endpoint=/a". */
export function labelText(labels) {
  const entries = Object.entries(labels || {});
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : 'overall';
}

const sameLabels = (a, b) => labelText(a) === labelText(b);

/** The signal picker: the application's OTLP metrics first in their own group, then Vigil's by plugin. */
function signalPicker(names, current, onChange) {
  const groups = new Map();
  [...new Set([current, ...names])].filter(Boolean).sort().forEach((name) => {
    const group = name.startsWith('otel.') ? 'Application metrics (OTLP)' : `${name.split('.')[0]}`;
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push(name);
  });
  const ordered = [...groups.entries()].sort(([a], [b]) => (a.startsWith('Application') ? -1 : b.startsWith('Application') ? 1 : a.localeCompare(b)));
  return h('select', { test: 'signal-picker', onchange: (e) => onChange(e.target.value) },
    ordered.map(([group, list]) => h('optgroup', { label: group },
      list.map((name) => h('option', { value: name, selected: name === current }, name)))));
}

function trendBadge(trend) {
  const word = trend.trend || 'unknown';
  const kind = word === 'degrading' ? 'critical' : word === 'improving' ? 'ok' : word === 'stable' ? 'none' : 'warning';
  return h('span', { test: 'trend-verdict', 'data-trend': word }, badge(word.replace(/_/g, ' '), kind));
}

export default {
  id: 'trends',
  title: 'Trends & baselines',
  plugin: 'alerts',
  async render(ctx) {
    const hours = Number(ctx.query.get('hours') || 1);
    const signal = ctx.query.get('signal') || DEFAULT_SIGNAL;
    const series = ctx.query.get('series') || '';
    const head = h('div.toolbar');
    const body = h('div');
    const baselineBox = h('div');
    const regressions = h('div');
    ctx.el.append(h('div.page-head', h('h1', 'Trends & baselines'), h('div.toolbar', head, rangePicker(hours, (v) => ctx.setQuery({ hours: v }), [1, 6, 24, 72]))),
      body, regressions, baselineBox);

    const names = await ctx.api.get('/api/v1/admin/signals').then((d) => d.names || []).catch(() => []);
    fill(head, 'Signal ', signalPicker(names, signal, (name) => ctx.setQuery({ signal: name, series: null })));

    let baselines = [];
    await guard(body, 'alerts', async () => {
      // The chart shows the trend's two windows: the previous `hours` and the current ones.
      const [history, trends, stored] = await Promise.all([
        ctx.api.get(`/api/v1/admin/signals${qs({ name: signal, minutes: Math.min(7 * 24 * 60, hours * 120) })}`),
        ctx.api.get(`/api/v1/alerts/trends${qs({ signal, hours })}`),
        ctx.api.get('/api/v1/alerts/baseline'),
      ]);
      baselines = stored.baselines || [];
      const all = history.series || [];
      const chosen = all.find((s) => labelText(s.labels) === series) || all.find((s) => !Object.keys(s.labels || {}).length) || all[0];
      const trend = chosen ? (trends.trends || []).find((t) => sameLabels(t.labels, chosen.labels)) : null;
      const baseline = chosen ? baselines.find((b) => b.signal === signal && sameLabels(b.labels, chosen.labels)) : null;
      const seriesSelect = all.length > 1 ? h('select', { test: 'series-picker', onchange: (e) => ctx.setQuery({ series: e.target.value }) },
        all.map((s) => h('option', { value: labelText(s.labels), selected: s === chosen }, labelText(s.labels)))) : null;
      const chartCard = card(h('span', h('code', signal), chosen ? ` · ${labelText(chosen.labels)}` : ''), seriesSelect ? h('div.toolbar', 'Series ', seriesSelect) : null);
      const value = (v) => fmt.signalValue(signal, v);
      fill(body,
        card(null, h('div.stats', { test: 'trend-summary' },
          stat('Trend', trend ? trendBadge(trend) : '–', { sub: trend?.message, test: 'trend-tile' }),
          stat('Confidence', trend?.confidence === null || trend?.confidence === undefined ? '–' : fmt.pct(trend.confidence * 100, 1), { raw: trend?.confidence, test: 'trend-confidence' }),
          stat('Change of the median', trend?.change_percent === null || trend?.change_percent === undefined ? '–' : fmt.pct(trend.change_percent, 1), { raw: trend?.change_percent, test: 'trend-change' }),
          stat(`Median, last ${hours} h`, value(trend?.current?.median), { sub: `before: ${value(trend?.previous?.median)}` }),
          stat('Baseline mean', baseline ? value(baseline.mean) : 'none', { raw: baseline?.mean, test: 'baseline-mean',
            sub: baseline ? `± ${value(baseline.stddev)} (σ), p95 ${value(baseline.p95)}, from ${fmt.time(baseline.window_start)}` : 'no baseline for this series' }))),
        chartCard);
      if (!chosen || !chosen.points?.length) {
        chartCard.append(notice('info', { test: 'trend-no-data' }, `No recent values of ${signal}.`));
        return;
      }
      // The chart's two ends are points of their own, so a baseline's band spans the whole range.
      const [from, to] = lastHours(hours * 2);
      const xs = [from, ...chosen.points.map((p) => seconds(p.time)).filter((x) => x > from && x < to), to];
      const ys = [null, ...chosen.points.filter((p) => seconds(p.time) > from && seconds(p.time) < to).map((p) => p.value), null];
      const spec = [{ label: signal.replace(/^.*\./, '') }];
      const columns = [ys];
      let bands;
      if (baseline) {
        // The band: the baseline's mean ± two standard deviations, where most normal values fall.
        spec.push({ label: 'baseline +2σ', color: '#94a3b8', dash: [4, 4] }, { label: 'baseline mean', color: '#16a34a', dash: [6, 3] }, { label: 'baseline −2σ', color: '#94a3b8', dash: [4, 4] });
        columns.push(xs.map(() => baseline.mean + 2 * baseline.stddev), xs.map(() => baseline.mean), xs.map(() => Math.max(0, baseline.mean - 2 * baseline.stddev)));
        bands = [{ series: [2, 4], fill: '#16a34a14' }];
      }
      const chart = timeChart(chartCard, { series: spec, format: (v, d) => (d === undefined ? value(v) : fmt.num(v, d)), test: 'chart-trend', height: 240, xRange: [from, to], bands });
      chart.setData(xs, ...columns);
      chartCard.dataset.baseline = baseline ? 'shown' : 'none';
      chartCard.setAttribute('data-test', 'trend-chart-card');
      ctx.onDispose(() => chart.destroy());
    });

    await guard(regressions, 'alerts', async () => {
      const data = await ctx.api.get(`/api/v1/alerts${qs({ hours: Math.max(24, hours) })}`);
      const list = (data.alerts || []).filter((a) => String(a.rule).startsWith('regression:'));
      fill(regressions, card('Regression alerts (against baselines)', sortableTable([
        { key: 'started_at', label: 'Since', render: (a) => fmt.time(a.started_at) },
        { key: 'rule', label: 'Signal', render: (a) => h('a', { href: `#/trends?signal=${encodeURIComponent(a.rule.slice('regression:'.length))}&hours=${hours}` }, h('code', a.rule.slice('regression:'.length))) },
        { key: 'labels', label: 'Series', value: (a) => labelText(a.labels) },
        { key: 'severity', label: 'Severity', render: (a) => badge(a.severity) },
        { key: 'status', label: 'State', render: (a) => badge(a.acknowledged_at && a.status === 'active' ? 'acknowledged' : a.status) },
        { key: 'message', label: 'What', render: (a) => h('span.small', a.message || '') },
      ], list, { sort: 'started_at', test: 'regression-alerts', empty: 'No regression against a baseline.' })));
    });

    const make = ctx.admin ? h('form.toolbar', { test: 'baseline-form', onsubmit: (e) => e.preventDefault() },
      'Make a baseline of ', h('code', signal), ' from the last ',
      h('input', { type: 'number', min: 1, max: 10080, value: 60, test: 'baseline-minutes', style: { width: '80px' } }), ' minutes ',
      actionButton('Make a baseline', async () => {
        const minutes = Number(ctx.el.querySelector('[data-test="baseline-minutes"]').value);
        const result = ctx.el.querySelector('[data-test="baseline-result"]');
        try {
          const made = await ctx.api.post('/api/v1/alerts/baseline', { duration_minutes: minutes, signals: [signal] });
          const skipped = made.skipped || [];
          fill(result, notice('info', `Baseline made for ${made.established.length} series of ${signal}` +
            (skipped.length ? `; skipped ${skipped.length}: ${skipped.map((s) => `${labelText(s.labels)} (${s.reason})`).join('; ')}` : '.')));
          setTimeout(() => { if (ctx.el.isConnected) ctx.setQuery({ made: Date.now() }); }, 800);
        } catch (err) {
          fill(result, notice('warn', err.message));
        }
      }, { test: 'make-baseline', kind: 'primary' }),
      h('div', { test: 'baseline-result' })) : h('p.muted.small', 'Admins can make a baseline here.');
    fill(baselineBox, card(`Baselines (${baselines.length})`, make, sortableTable([
      { key: 'signal', label: 'Signal', render: (b) => h('a', { href: `#/trends?signal=${encodeURIComponent(b.signal)}&hours=${hours}&series=${encodeURIComponent(labelText(b.labels))}` }, h('code', b.signal)) },
      { key: 'labels', label: 'Series', value: (b) => labelText(b.labels) },
      { key: 'mean', label: 'Mean', numeric: true, render: (b) => fmt.signalValue(b.signal, b.mean) },
      { key: 'stddev', label: 'σ', numeric: true, render: (b) => fmt.signalValue(b.signal, b.stddev) },
      { key: 'p95', label: 'p95', numeric: true, render: (b) => fmt.signalValue(b.signal, b.p95) },
      { key: 'points', label: 'Points', numeric: true },
      { key: 'established_at', label: 'Made', render: (b) => `${fmt.ago(b.established_at)} by ${b.established_by || '–'}` },
    ], baselines, { sort: 'established_at', test: 'baselines-table', empty: 'No baseline yet.' })));
  },
};
