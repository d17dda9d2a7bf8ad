// Traces: the traces the otlp plugin keeps (failed, slow and sampled), filtered by service, endpoint, least duration
// and errors only; one trace as a waterfall with its database calls, N+1 repeats and exceptions.
import { h, fill } from '../dom.js';
import { card, badge, guard, rangePicker, stat } from '../ui.js';
import { sortableTable } from '../table.js';
import { qs } from '../api.js';
import { waterfall, exceptionList, flatten, repeatedCalls } from '../waterfall.js';
import * as fmt from '../format.js';

export default {
  id: 'traces',
  title: 'Traces',
  plugin: 'otlp',
  async render(ctx) {
    const id = ctx.params[0];
    if (id) return renderTrace(ctx, id);
    const hours = Number(ctx.query.get('hours') || 24);
    const filters = {
      service: ctx.query.get('service') || '',
      endpoint: ctx.query.get('endpoint') || '',
      min_ms: ctx.query.get('min_ms') || '',
      errors: ctx.query.get('errors') === '1',
    };
    const body = h('div');
    ctx.el.append(h('div.page-head', h('h1', 'Traces'), rangePicker(hours, (v) => ctx.setQuery({ hours: v }))), body);
    await guard(body, 'otlp', async () => {
      const data = await ctx.api.get(`/api/v1/otlp/traces${qs({ hours, limit: 200, service: filters.service,
        endpoint: filters.endpoint, min_ms: filters.min_ms, status: filters.errors ? 'error' : '' })}`);
      const service = h('input', { type: 'text', value: filters.service, placeholder: 'any', test: 'trace-service', size: 12 });
      const endpoint = h('input', { type: 'text', value: filters.endpoint, placeholder: 'any', test: 'trace-endpoint', size: 18 });
      const minMs = h('input', { type: 'number', min: 0, value: filters.min_ms, placeholder: '0', test: 'trace-min-ms', style: { width: '90px' } });
      const errors = h('input', { type: 'checkbox', checked: filters.errors, test: 'trace-errors' });
      const form = h('form.toolbar', { test: 'trace-filters', onsubmit: (e) => {
        e.preventDefault();
        ctx.setQuery({ service: service.value.trim() || null, endpoint: endpoint.value.trim() || null,
          min_ms: minMs.value || null, errors: errors.checked ? '1' : null });
      } },
      h('label', 'Service ', service), h('label', 'Endpoint ', endpoint), h('label', 'At least ', minMs, ' ms'),
      h('label.check', errors, ' errors only'), h('button', { type: 'submit', test: 'trace-apply' }, 'Apply'));
      fill(body, card(h('span', `${data.traces.length} kept traces `, h('span.muted.small', `(failed, slow and sampled; kept ${retention(data.retention)})`)),
        form,
        sortableTable([
          { key: 'started_at', label: 'Started', render: (t) => fmt.time(t.started_at) },
          { key: 'service', label: 'Service' },
          { key: 'endpoint', label: 'Endpoint', render: (t) => h('a', { href: `#/traces/${t.trace_id}`, test: 'trace-open' }, h('code', t.endpoint || '–')) },
          { key: 'duration_ms', label: 'Took', numeric: true, render: (t) => fmt.ms(t.duration_ms) },
          { key: 'span_count', label: 'Spans', numeric: true },
          { key: 'error', label: 'Outcome', value: (t) => (t.error ? 1 : 0), render: (t) => (t.error ? badge('error') : badge('ok')) },
          { key: 'kept_because', label: 'Kept because', render: (t) => badge(t.kept_because, 'none') },
        ], data.traces, { sort: 'started_at', test: 'traces-table', onRowClick: (t) => ctx.navigate(`#/traces/${t.trace_id}`),
          empty: 'No kept trace matches: traces come from applications exporting OTLP to /v1/traces.' })));
    });
  },
};

/** The retention as the API writes it (an ISO-8601 duration such as PT168H) in words: "7 d". */
function retention(iso) {
  const hours = /^PT(\d+)H$/.exec(String(iso || ''));
  if (!hours) return iso || '–';
  const n = Number(hours[1]);
  return n % 24 === 0 ? `${n / 24} d` : `${n} h`;
}

async function renderTrace(ctx, id) {
  const body = h('div');
  ctx.el.append(h('p', h('a', { href: '#/traces' }, '← all traces')), body);
  await guard(body, 'otlp', async () => {
    const [trace, repeats] = await Promise.all([
      ctx.api.get(`/api/v1/otlp/traces/${encodeURIComponent(id)}`),
      // What the queries plugin calls an N+1: its own threshold, where it runs.
      ctx.api.get('/api/v1/queries/n-plus-one?limit=1').then((d) => d.n_plus_one_min_repeats).catch(() => 5),
    ]);
    const rows = flatten(trace.spans);
    const services = [...new Set(rows.map((r) => r.span.service))];
    const databaseCalls = rows.filter((r) => r.span.database).length;
    const repeated = repeatedCalls(rows, repeats).size;
    fill(body,
      h('h1', { test: 'trace-title' }, h('code', trace.endpoint || trace.trace_id)),
      card(null, h('div.stats', { test: 'trace-summary' },
        stat('Took', fmt.ms(trace.duration_ms), { raw: trace.duration_ms, test: 'trace-duration' }),
        stat('Spans', fmt.num(trace.span_count), { raw: trace.span_count, test: 'trace-spans' }),
        stat('Services', services.join(', ') || '–'),
        stat('Database calls', fmt.num(databaseCalls), { raw: databaseCalls, test: 'trace-db-calls' }),
        stat('N+1 repeats', fmt.num(repeated), { raw: repeated, test: 'trace-repeats', level: repeated ? 'warn' : undefined }),
        stat('Outcome', trace.error ? 'error' : 'ok', { level: trace.error ? 'bad' : 'good', test: 'trace-outcome' })),
        h('p.muted.small', `Trace ${trace.trace_id}, started ${fmt.time(trace.started_at)}, kept because ${trace.kept_because}. Click a span for its attributes.`)),
      card('Waterfall', waterfall(trace, { minRepeats: repeats })),
      card('Exceptions', exceptionList(trace)));
  });
}
