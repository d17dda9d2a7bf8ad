// Queries: the query-analysis plugin's statements by fingerprint (literals stripped), N+1 and repeated-statement
// findings, slow statements and requests that ran too many; one fingerprint's detail with its time series.
import { h, fill } from '../dom.js';
import { card, badge, guard, rangePicker, stat, kv } from '../ui.js';
import { sortableTable } from '../table.js';
import { timeChart, seconds, lastHours } from '../chart.js';
import { qs } from '../api.js';
import * as fmt from '../format.js';
import { traceLink } from '../waterfall.js';

export default {
  id: 'queries',
  title: 'Queries',
  plugin: 'queries',
  async render(ctx) {
    const hours = Number(ctx.query.get('hours') || 24);
    const id = ctx.params[0];
    const body = h('div');
    ctx.el.append(h('div.page-head', h('h1', id ? 'Query fingerprint' : 'Queries'), rangePicker(hours, (v) => ctx.setQuery({ hours: v }))), body);
    if (id) return renderFingerprint(ctx, body, id, hours);

    await guard(body, 'queries', async () => {
      const [summary, fingerprints, findings, slow, heavy] = await Promise.all([
        ctx.api.get(`/api/v1/queries/summary${qs({ hours })}`),
        ctx.api.get(`/api/v1/queries/fingerprints${qs({ hours, sort: 'total_time', limit: 200 })}`),
        ctx.api.get('/api/v1/queries/n-plus-one'),
        ctx.api.get(`/api/v1/queries/slow${qs({ hours, limit: 20 })}`),
        ctx.api.get(`/api/v1/queries/requests${qs({ hours, limit: 20 })}`),
      ]);
      const nPlusOne = summary.findings?.n_plus_one ?? 0;
      fill(body,
        card(`Last ${hours} h`, h('div.stats', { test: 'queries-summary' },
          stat('Statements', fmt.num(summary.statements), { test: 'queries-total', raw: summary.statements }),
          stat('Time in the database', fmt.ms(summary.total_time_ms), { raw: summary.total_time_ms }),
          stat('Average', fmt.ms(summary.avg_ms), { test: 'queries-avg', raw: summary.avg_ms }),
          stat('p95', fmt.ms(summary.p95_ms), { test: 'queries-p95', raw: summary.p95_ms }),
          stat(`Slow (> ${fmt.ms(summary.slow_query_ms)})`, fmt.num(summary.slow_statements), { test: 'queries-slow', raw: summary.slow_statements, level: summary.slow_statements ? 'warn' : undefined }),
          stat('Fingerprints', fmt.num(summary.fingerprints), { raw: summary.fingerprints }),
          stat('N+1 findings', fmt.num(nPlusOne), { test: 'queries-n-plus-one', raw: nPlusOne, level: nPlusOne ? 'bad' : 'good' }),
          stat('Queries per request', fmt.num(summary.requests?.avg_queries, 1), { sub: `max ${fmt.num(summary.requests?.max_queries)} · ${fmt.num(summary.requests?.flagged)} over ${summary.requests?.query_count_threshold}` }))),
        card(`N+1 and repeated statements (a finding: ${findings.n_plus_one_min_repeats}+ runs of one shape in one request)`, sortableTable([
          { key: 'kind', label: 'Kind', render: (f) => badge(f.kind === 'N_PLUS_ONE' ? 'N+1' : 'repeated', f.kind === 'N_PLUS_ONE' ? 'critical' : 'warning') },
          { key: 'endpoint', label: 'Endpoint', render: (f) => h('div', h('code', f.endpoint || '–'), h('div.muted.small', f.service)) },
          { key: 'fingerprint_text', label: 'Statement', render: (f) => h('div', h('a', { href: `#/queries/${f.fingerprint}` }, h('code', f.fingerprint_text)), h('div.muted.small', `e.g. ${f.example_sql}`)) },
          { key: 'repeats', label: 'Repeats', numeric: true },
          { key: 'requests', label: 'Requests', numeric: true },
          { key: 'total_time_ms', label: 'Time lost', numeric: true, render: (f) => fmt.ms(f.total_time_ms) },
          { key: 'last_seen', label: 'Last seen', render: (f) => fmt.ago(f.last_seen) },
          { key: 'trace', label: 'Trace', sortable: false, render: (f) => traceLink(f.trace) || '' },
        ], findings.findings || [], { sort: 'total_time_ms', test: 'n-plus-one-table', empty: 'No N+1 patterns found.' })),
        card('Fingerprints by total time', sortableTable([
          { key: 'text', label: 'Statement shape', render: (f) => h('a', { href: `#/queries/${f.id}?hours=${hours}`, test: 'fingerprint-link' }, h('code', f.text)) },
          { key: 'kind', label: 'Kind' },
          { key: 'executions', label: 'Runs', numeric: true },
          { key: 'total_time_ms', label: 'Total', numeric: true, render: (f) => fmt.ms(f.total_time_ms) },
          { key: 'avg_ms', label: 'Avg', numeric: true, render: (f) => fmt.ms(f.avg_ms) },
          { key: 'p95_ms', label: 'p95', numeric: true, render: (f) => fmt.ms(f.p95_ms) },
          { key: 'max_ms', label: 'Max', numeric: true, render: (f) => fmt.ms(f.max_ms) },
          { key: 'avg_rows', label: 'Rows', numeric: true, render: (f) => fmt.num(f.avg_rows, 1) },
          { key: 'slow', label: 'Slow', numeric: true },
          { key: 'last_seen', label: 'Last seen', render: (f) => fmt.ago(f.last_seen) },
        ], fingerprints.fingerprints, { sort: 'total_time_ms', test: 'fingerprints-table', empty: 'No statements recorded.' })),
        h('div.grid2',
          card('Slow statements', sortableTable([
            { key: 'time', label: 'When', render: (s) => fmt.time(s.time) },
            { key: 'sql', label: 'Statement', render: (s) => h('code', s.sql) },
            { key: 'endpoint', label: 'Endpoint' },
            { key: 'duration_ms', label: 'Took', numeric: true, render: (s) => fmt.ms(s.duration_ms) },
          ], slow.statements, { sort: 'duration_ms', test: 'slow-queries', empty: 'No slow statements.' })),
          card(`Requests over ${heavy.query_count_threshold} statements`, sortableTable([
            { key: 'request', label: 'Request', value: (r) => r.request || r.request_id },
            { key: 'endpoint', label: 'Endpoint' },
            { key: 'query_count', label: 'Statements', numeric: true },
            { key: 'total_time_ms', label: 'Time', numeric: true, render: (r) => fmt.ms(r.total_time_ms) },
          ], heavy.requests || [], { sort: 'query_count', test: 'heavy-requests', empty: 'No request ran that many.' }))));
    });
  },
};

async function renderFingerprint(ctx, body, id, hours) {
  await guard(body, 'queries', async () => {
    const f = await ctx.api.get(`/api/v1/queries/fingerprints/${encodeURIComponent(id)}${qs({ hours })}`);
    const w = f.window || {};
    const chartCard = card('Runs and average time');
    fill(body,
      h('p', h('a', { href: `#/queries?hours=${hours}` }, '← all queries')),
      card(null, h('pre.stack', { test: 'fingerprint-text' }, f.text),
        h('div.stats',
          stat('Runs', fmt.num(w.executions), { raw: w.executions }),
          stat('Total', fmt.ms(w.total_time_ms)), stat('p50', fmt.ms(w.p50_ms)), stat('p95', fmt.ms(w.p95_ms)),
          stat('Max', fmt.ms(w.max_ms)), stat('Slow', fmt.num(w.slow))),
        kv([['Example', h('code', f.example_sql)], ['First seen', fmt.time(f.first_seen)], ['Last seen', fmt.time(f.last_seen)],
          ['All time', `${fmt.num(f.all_time?.executions)} runs, ${fmt.ms(f.all_time?.total_time_ms)}`]])),
      chartCard,
      card('Endpoints that run it', sortableTable([
        { key: 'endpoint', label: 'Endpoint', render: (e) => h('code', e.endpoint || '–') },
        { key: 'service', label: 'Service' },
        { key: 'executions', label: 'Runs', numeric: true },
        { key: 'total_time_ms', label: 'Time', numeric: true, render: (e) => fmt.ms(e.total_time_ms) },
      ], f.endpoints || [], { sort: 'executions' })),
      card('Findings', sortableTable([
        { key: 'kind', label: 'Kind', render: (x) => badge(x.kind === 'N_PLUS_ONE' ? 'N+1' : 'repeated', 'critical') },
        { key: 'endpoint', label: 'Endpoint' },
        { key: 'repeats', label: 'Repeats', numeric: true },
        { key: 'requests', label: 'Requests', numeric: true },
      ], f.findings || [], { empty: 'No findings for this statement.' })));
    if (f.series?.length) {
      const chart = timeChart(chartCard, { series: [{ label: 'runs' }, { label: 'avg', color: '#d97706', scale: 'ms', format: (v, d) => fmt.ms(v, d) }], format: (v, d) => fmt.num(v, d ?? 0), test: 'chart-fingerprint', height: 180, xRange: lastHours(hours) });
      chart.setData(f.series.map((p) => seconds(p.time)), f.series.map((p) => p.executions), f.series.map((p) => p.avg_ms));
      ctx.onDispose(() => chart.destroy());
    }
  });
}
