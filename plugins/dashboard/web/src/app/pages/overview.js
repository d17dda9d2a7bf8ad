// Overview: the state of everything at a glance. Each section reads its own plugin, so a plugin that is absent or
// stopped leaves a notice in its place and the rest of the page works. Headline figures and the live chart move
// with the event stream.
import { h, fill } from '../dom.js';
import { card, badge, guard, stat, levelOf, notice } from '../ui.js';
import { qs } from '../api.js';
import { timeChart, seconds, align } from '../chart.js';
import { alertTable } from './alerts.js';
import { groupTable } from './errors.js';
import { vitalValue } from './vitals.js';
import * as fmt from '../format.js';

/** Headline figures that follow live signals (overall series, no labels). */
const LIVE = [
  { signal: 'requests.throughput_rps', label: 'Throughput', format: fmt.rate, test: 'live-rps' },
  { signal: 'requests.p95_ms', label: 'Request p95', format: fmt.ms, test: 'live-p95' },
  { signal: 'requests.error_rate_percent', label: '5xx rate', format: (v) => fmt.pct(v, 2), test: 'live-5xx' },
  { signal: 'system.cpu_percent', label: 'CPU', format: (v) => fmt.pct(v), test: 'live-cpu' },
  { signal: 'system.memory_percent', label: 'Memory', format: (v) => fmt.pct(v), test: 'live-memory' },
  { signal: 'alerts.active', label: 'Active alerts', format: (v) => fmt.num(v), test: 'live-alerts' },
];
const CHART_SIGNALS = ['system.cpu_percent', 'system.memory_percent', 'requests.p95_ms'];
/** The live feed outlives a refresh of the page: its entries are kept here, newest first. */
const feedEntries = [];

export default {
  id: 'overview',
  title: 'Overview',
  async render(ctx) {
    const liveTiles = h('div.stats', { test: 'live-tiles' });
    const liveChart = card('Last hour, live');
    const feed = h('ul.feed', { test: 'live-feed' });
    const renderFeed = () => fill(feed, feedEntries.length ? feedEntries.map((e) => h('li', { class: e.kind ? `feed-${e.kind}` : '' }, h('span.when', e.when), h('span', e.text)))
      : h('li.muted', 'Waiting for events: new signals, alert changes and plugin changes appear here as they happen.'));
    renderFeed();
    const system = h('div', { test: 'overview-system' });
    const requests = h('div', { test: 'overview-requests' });
    const alerts = h('div', { test: 'overview-alerts' });
    const errors = h('div', { test: 'overview-errors' });
    const recommendations = h('div', { test: 'overview-recommendations' });
    const vitals = h('div', { test: 'overview-vitals' });
    ctx.el.append(h('h1', 'Overview'),
      card(null, liveTiles),
      h('div.grid2', liveChart, card('Live events', feed)),
      h('div.grid2', system, requests),
      alerts, errors,
      h('div.grid2', recommendations, vitals));

    // Every section asks its plugin at once; the live history loads alongside.
    const sections = [
      guard(system, 'system', async () => {
        const s = await ctx.api.get('/api/v1/system/health');
        const sample = s.sample;
        const fullest = sample?.disks?.length ? sample.disks.reduce((a, b) => (a.used_percent > b.used_percent ? a : b)) : null;
        fill(system, card(h('span', 'System health ', h('span', { test: 'overview-system-level' }, badge(s.level))),
          h('p', s.summary),
          sample ? h('div.stats',
            stat('CPU', fmt.pct(sample.cpu.percent), { raw: sample.cpu.percent, test: 'ov-cpu' }),
            stat('Memory', fmt.pct(sample.memory.percent), { raw: sample.memory.percent, test: 'ov-memory' }),
            fullest ? stat(`Disk ${fullest.mount}`, fmt.pct(fullest.used_percent), { raw: fullest.used_percent }) : null,
            stat('Load', fmt.num(sample.cpu.load_1m, 2), { raw: sample.cpu.load_1m, test: 'ov-load' })) : h('p.muted', 'No sample yet.'),
          h('p', h('a', { href: '#/system' }, 'System details →'))));
      }),
      guard(requests, 'requests', async () => {
        const r = await ctx.api.get(`/api/v1/requests/summary${qs({ hours: 24 })}`);
        fill(requests, card(h('span', 'Requests, last 24 h ', badge(r.health || 'unknown')),
          h('div.stats',
            stat('Requests', fmt.num(r.total), { raw: r.total, test: 'ov-req-total' }),
            stat('p95', fmt.ms(r.p95_ms), { raw: r.p95_ms, test: 'ov-req-p95' }),
            stat('5xx rate', fmt.pct(r.server_error_rate_percent, 2), { raw: r.server_error_rate_percent, test: 'ov-req-5xx', level: r.server_error_rate_percent >= 5 ? 'bad' : undefined }),
            stat('Slow', fmt.num(r.slow_count), { raw: r.slow_count })),
          r.top_by_total_time?.length ? h('p.muted.small', 'Most time spent in ', h('code', `${r.top_by_total_time[0].method} ${r.top_by_total_time[0].endpoint}`)) : null,
          h('p', h('a', { href: '#/endpoints' }, 'Endpoints →'))));
      }),
      loadAlerts(),
      guard(errors, 'errors', async () => {
        const g = await ctx.api.get(`/api/v1/errors/groups${qs({ status: 'unresolved', sort: 'last_seen', limit: 5 })}`);
        fill(errors, card(h('span', 'Newest unresolved errors ', h('span.muted', `(${g.total})`)), groupTable(g.groups, 'overview-errors-table'),
          h('p', h('a', { href: '#/errors' }, 'All errors →'))));
      }),
      guard(recommendations, 'optimizer', async () => {
        const data = await ctx.api.get('/api/v1/optimizer/recommendations');
        const list = (data.recommendations || []).slice(0, 5);
        fill(recommendations, card('Recommendations',
          list.length ? h('ol', { test: 'overview-recommendation-list' }, list.map((r) => h('li', badge(r.severity || 'info'), ' ', h('strong', r.title), r.suggestion ? h('div.muted.small', r.suggestion) : null)))
            : h('p.muted', data.note || 'No recommendations yet: the optimizer needs request history.'),
          h('p', h('a', { href: '#/optimizer' }, 'Optimizer →'))));
      }),
      guard(vitals, 'dashboard', async () => {
        const v = await ctx.api.get(`/api/v1/dashboard/vitals${qs({ hours: 24, limit: 1 })}`);
        fill(vitals, card('Browser vitals, last 24 h',
          v.page_count ? h('div.stats', ['lcp', 'inp', 'cls'].map((m) => {
            const f = v.overall[m];
            return stat(`${m.toUpperCase()} p75`, f ? vitalValue(m, f.p75) : '–', { level: f ? levelOf(f.rating) : undefined, raw: f?.p75 });
          })) : notice('info', 'No browser data yet: include /vigil.js in your pages.'),
          h('p', h('a', { href: '#/vitals' }, 'Browser vitals →'))));
      }),
    ];
    // Live tiles and chart: the last hour from the kernel's signal history, then every new point from the stream.
    const tiles = {};
    LIVE.forEach((spec) => { tiles[spec.signal] = stat(spec.label, '–', { test: spec.test }); liveTiles.append(tiles[spec.signal]); });
    const names = [...new Set([...LIVE.map((l) => l.signal), ...CHART_SIGNALS])];
    const history = await ctx.api.get(`/api/v1/dashboard/signals${qs({ names: names.join(','), minutes: 60 })}`)
      .catch(() => ({ series: [] }));
    const points = {};
    for (const name of names) {
      const overall = history.series.find((s) => s.name === name && !Object.keys(s.labels || {}).length);
      points[name] = overall ? overall.points : [];
      const spec = LIVE.find((l) => l.signal === name);
      if (spec && points[name].length) setTile(spec, points[name][points[name].length - 1].value, false);
    }
    const chart = timeChart(liveChart, {
      series: [{ label: 'CPU' }, { label: 'Memory' }, { label: 'Request p95', color: '#d97706', scale: 'ms', format: (v, d) => fmt.ms(v, d) }],
      format: (v, d) => fmt.pct(v, d ?? 1), test: 'chart-live', height: 200, xRange: [Date.now() / 1000 - 3600, null],
    });
    const [xs, ...ys] = align(CHART_SIGNALS.map((name) => points[name].map((p) => ({ t: seconds(p.time), v: p.value }))));
    chart.setData(xs, ...ys);
    ctx.onDispose(() => chart.destroy());

    function setTile(spec, value, flash) {
      const tile = tiles[spec.signal];
      tile.querySelector('.stat-value').textContent = spec.format(value);
      tile.dataset.value = String(value);
      if (flash) { tile.classList.remove('flash'); void tile.offsetWidth; tile.classList.add('flash'); }
    }

    function addFeed(text, kind) {
      feedEntries.unshift({ when: new Date().toLocaleTimeString('en-GB'), text, kind });
      feedEntries.length = Math.min(feedEntries.length, 30);
      renderFeed();
    }

    ctx.listen('signal', (signal) => {
      const spec = LIVE.find((l) => l.signal === signal.name);
      if (spec) {
        setTile(spec, signal.value, true);
        addFeed(`${signal.name} = ${spec.format(signal.value)}`, 'signal');
      }
      const at = CHART_SIGNALS.indexOf(signal.name);
      if (at >= 0) {
        const values = CHART_SIGNALS.map(() => null);
        values[at] = signal.value;
        chart.append(seconds(signal.time), ...values);
      }
    });
    ctx.listen('alert', (a) => {
      addFeed(h('span', badge(a.severity), ` alert ${a.rule} ${String(a.change).toLowerCase()}${a.actor && a.actor !== 'system' ? ` by ${a.actor}` : ''}`), 'alert');
      loadAlerts();
    });
    ctx.listen('plugin', (p) => addFeed(`plugin ${p.plugin_id} ${String(p.state).toLowerCase()}${p.error ? `: ${p.error}` : ''}`, 'plugin'));
    ctx.listen('dropped', (d) => addFeed(`${d.count} live events were missed (slow connection); figures refresh on their own`, 'warn'));

    async function loadAlerts() {
      await guard(alerts, 'alerts', async () => {
        const data = await ctx.api.get(`/api/v1/alerts${qs({ active_only: true })}`);
        fill(alerts, card(h('span', 'Active alerts ', h('span.muted', { test: 'overview-alert-count' }, `(${data.count})`)),
          data.count ? alertTable(ctx, data.alerts, loadAlerts, 'overview-active-alerts') : h('p.muted', 'No active alerts.')));
      });
    }

    await Promise.all(sections);
  },
};
