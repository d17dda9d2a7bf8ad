// Endpoints: the request-metrics plugin's per-endpoint figures over a chosen range (sortable), the slowest
// requests, and for one endpoint its latency percentiles and throughput over time.
import { h, fill } from '../dom.js';
import { card, badge, guard, rangePicker, stat, levelOf } from '../ui.js';
import { sortableTable } from '../table.js';
import { timeChart, seconds, lastHours } from '../chart.js';
import { qs } from '../api.js';
import * as fmt from '../format.js';
import { traceLink } from '../waterfall.js';

export function summaryStats(s, prefix = 'req') {
  return h('div.stats', { test: `${prefix}-summary` },
    stat('Requests', fmt.num(s.total ?? s.count), { test: `${prefix}-total`, raw: s.total ?? s.count }),
    stat('Throughput', fmt.rate(s.throughput_rps), { test: `${prefix}-rps`, raw: s.throughput_rps }),
    stat('p50', fmt.ms(s.p50_ms), { test: `${prefix}-p50`, raw: s.p50_ms }),
    stat('p95', fmt.ms(s.p95_ms), { test: `${prefix}-p95`, raw: s.p95_ms }),
    stat('p99', fmt.ms(s.p99_ms), { test: `${prefix}-p99`, raw: s.p99_ms }),
    stat('5xx rate', fmt.pct(s.server_error_rate_percent, 2), { test: `${prefix}-5xx`, raw: s.server_error_rate_percent, level: s.server_error_rate_percent >= 5 ? 'bad' : s.server_error_rate_percent >= 1 ? 'warn' : 'good' }),
    stat('4xx rate', fmt.pct(s.client_error_rate_percent, 2), { test: `${prefix}-4xx`, raw: s.client_error_rate_percent }),
    stat(`Slow (> ${fmt.ms(s.slow_threshold_ms ?? 1000)})`, fmt.num(s.slow_count), { test: `${prefix}-slow`, raw: s.slow_count }));
}

export function slowTable(rows, test = 'slow-table') {
  return sortableTable([
    { key: 'timestamp', label: 'When', render: (r) => fmt.time(r.timestamp) },
    { key: 'method', label: 'Method' },
    { key: 'path', label: 'Path', render: (r) => h('code', r.path || r.endpoint) },
    { key: 'status', label: 'Status', numeric: true, render: (r) => h('span', { class: r.status >= 500 ? 'rating-poor' : r.status >= 400 ? 'rating-needs-improvement' : '' }, r.status) },
    { key: 'duration_ms', label: 'Took', numeric: true, render: (r) => fmt.ms(r.duration_ms) },
    { key: 'user', label: 'User' },
    { key: 'query_count', label: 'Queries', numeric: true },
    { key: 'trace', label: 'Trace', sortable: false, render: (r) => traceLink(r.trace) || '' },
  ], rows, { sort: 'duration_ms', test, empty: 'No slow requests in this range.' });
}

export default {
  id: 'endpoints',
  title: 'Endpoints',
  plugin: 'requests',
  async render(ctx) {
    const hours = Number(ctx.query.get('hours') || 24);
    const service = ctx.query.get('service') || '';
    const key = ctx.params[0];
    const body = h('div');
    ctx.el.append(h('div.page-head', h('h1', key ? 'Endpoint' : 'Endpoints'), rangePicker(hours, (v) => ctx.setQuery({ hours: v }))), body);
    if (key) return renderEndpoint(ctx, body, key, hours);

    await guard(body, 'requests', async () => {
      const [summary, list, slow] = await Promise.all([
        ctx.api.get(`/api/v1/requests/summary${qs({ hours, service })}`),
        ctx.api.get(`/api/v1/requests/endpoints${qs({ hours, limit: 500, service })}`),
        ctx.api.get(`/api/v1/requests/slow${qs({ hours, limit: 20, service })}`),
      ]);
      const services = [...new Set([service, ...list.endpoints.map((e) => e.service)].filter(Boolean))].sort();
      const serviceSelect = h('select', { test: 'service-filter', onchange: (e) => ctx.setQuery({ service: e.target.value || null }) },
        h('option', { value: '' }, 'all services'), services.map((s) => h('option', { value: s, selected: s === service }, s)));
      const table = sortableTable([
        { key: 'method', label: 'Method' },
        { key: 'endpoint', label: 'Endpoint', render: (e) => h('a', { href: `#/endpoints/${encodeURIComponent(e.key)}?hours=${hours}`, test: 'endpoint-link' }, e.endpoint) },
        { key: 'service', label: 'Service' },
        { key: 'count', label: 'Requests', numeric: true },
        { key: 'throughput_rps', label: 'rps', numeric: true, render: (e) => fmt.num(e.throughput_rps, 3) },
        { key: 'avg_ms', label: 'Avg', numeric: true, render: (e) => fmt.ms(e.avg_ms) },
        { key: 'p50_ms', label: 'p50', numeric: true, render: (e) => fmt.ms(e.p50_ms) },
        { key: 'p95_ms', label: 'p95', numeric: true, render: (e) => fmt.ms(e.p95_ms) },
        { key: 'p99_ms', label: 'p99', numeric: true, render: (e) => fmt.ms(e.p99_ms) },
        { key: 'max_ms', label: 'Max', numeric: true, render: (e) => fmt.ms(e.max_ms) },
        { key: 'server_error_rate_percent', label: '5xx', numeric: true, render: (e) => fmt.pct(e.server_error_rate_percent, 1) },
        { key: 'slow_count', label: 'Slow', numeric: true },
        { key: 'total_time_ms', label: 'Total time', numeric: true, render: (e) => fmt.ms(e.total_time_ms) },
      ], list.endpoints, { sort: 'count', test: 'endpoints-table', onRowClick: (e) => ctx.navigate(`#/endpoints/${encodeURIComponent(e.key)}?hours=${hours}`) });
      fill(body,
        card(h('span', `Last ${hours} h `, badge(summary.health || 'unknown')), summaryStats(summary),
          summary.health_reasons?.length ? h('ul.muted', summary.health_reasons.map((r) => h('li', typeof r === 'string' ? r : r.message || JSON.stringify(r)))) : null),
        card(`${list.total_endpoints} endpoints`, h('div.toolbar', 'Service ', serviceSelect), table),
        card('Slowest requests', slowTable(slow.requests)));
    });
  },
};

async function renderEndpoint(ctx, body, key, hours) {
  await guard(body, 'requests', async () => {
    const data = await ctx.api.get(`/api/v1/requests/endpoints/${encodeURIComponent(key)}${qs({ hours })}`);
    const e = data.endpoint;
    const slow = await ctx.api.get(`/api/v1/requests/slow${qs({ hours, limit: 20, service: e.service, method: e.method, endpoint: e.endpoint, min_ms: 0 })}`);
    const latency = card('Latency');
    const traffic = card('Throughput and errors');
    fill(body,
      h('p', h('a', { href: `#/endpoints?hours=${hours}` }, '← all endpoints')),
      card(h('span', h('code', `${e.method} ${e.endpoint}`), ` · ${e.service}`), summaryStats({ ...e, total: e.count }, 'ep')),
      h('div.grid2', latency, traffic),
      card('Slowest requests of this endpoint', slowTable(slow.requests, 'endpoint-slow-table')));
    const points = data.series;
    const xs = points.map((p) => seconds(p.time));
    const lat = timeChart(latency, { series: [{ label: 'p50' }, { label: 'p95' }, { label: 'p99' }, { label: 'max' }], format: (v, d) => fmt.ms(v, d), test: 'chart-latency', xRange: lastHours(hours) });
    lat.setData(xs, points.map((p) => p.p50_ms), points.map((p) => p.p95_ms), points.map((p) => p.p99_ms), points.map((p) => p.max_ms));
    const thr = timeChart(traffic, { series: [{ label: 'requests/s' }, { label: '5xx/s', color: '#dc2626' }, { label: '4xx/s', color: '#d97706' }], format: (v, d) => fmt.num(v, d ?? 3), test: 'chart-throughput', xRange: lastHours(hours) });
    const step = data.step_seconds || 60;
    thr.setData(xs, points.map((p) => p.throughput_rps), points.map((p) => p.server_errors / step), points.map((p) => p.client_errors / step));
    ctx.onDispose(() => { lat.destroy(); thr.destroy(); });
  });
}
