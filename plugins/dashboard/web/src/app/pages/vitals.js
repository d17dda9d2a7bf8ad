// Browser vitals: what real visitors of pages that include /vigil.js experienced, judged as Web Vitals are, by
// the 75th percentile of each metric per page.
import { h, fill } from '../dom.js';
import { card, badge, guard, rangePicker, stat, levelOf, notice } from '../ui.js';
import { sortableTable } from '../table.js';
import { timeChart, seconds, lastHours } from '../chart.js';
import { qs } from '../api.js';
import * as fmt from '../format.js';

const VITALS = ['lcp', 'inp', 'cls', 'fcp', 'ttfb'];
const NAMES = { lcp: 'LCP', inp: 'INP', cls: 'CLS', fcp: 'FCP', ttfb: 'TTFB' };

export function vitalValue(metric, value) {
  return metric === 'cls' ? fmt.num(value, 3) : fmt.ms(value);
}

export default {
  id: 'vitals',
  title: 'Browser vitals',
  plugin: 'dashboard',
  async render(ctx) {
    const hours = Number(ctx.query.get('hours') || 24);
    const service = ctx.params[0];
    const page = ctx.params[1];
    const body = h('div');
    ctx.el.append(h('div.page-head', h('h1', page ? `Vitals of ${page}` : 'Browser vitals'),
      rangePicker(hours, (v) => ctx.setQuery({ hours: v }))), body);
    if (page) return renderPage(ctx, body, service, page, hours);

    await guard(body, 'dashboard', async () => {
      const data = await ctx.api.get(`/api/v1/dashboard/vitals${qs({ hours })}`);
      const overall = h('div.stats', { test: 'vitals-overall' }, VITALS.map((m) => {
        const f = data.overall[m];
        return stat(`${NAMES[m]} p75`, f ? vitalValue(m, f.p75) : '–', {
          level: f ? levelOf(f.rating) : undefined,
          test: `vital-${m}`,
          raw: f?.p75,
          sub: f ? `${fmt.num(f.samples)} samples · ${fmt.pct(f.good_percent, 0)} good` : 'no data',
        });
      }));
      const columns = [
        { key: 'page', label: 'Page', render: (p) => h('a', { href: `#/vitals/${encodeURIComponent(p.service)}/${encodeURIComponent(p.page)}?hours=${hours}`, test: 'vitals-page-link' }, p.page) },
        { key: 'service', label: 'Site' },
        { key: 'views', label: 'Views', numeric: true },
        ...VITALS.map((m) => ({
          key: m, label: `${NAMES[m]} p75`, numeric: true,
          value: (p) => p.metrics[m]?.p75 ?? null,
          render: (p) => (p.metrics[m] ? h('span', { class: `rating rating-${p.metrics[m].rating}` }, vitalValue(m, p.metrics[m].p75)) : '–'),
        })),
        { key: 'load', label: 'Load p75', numeric: true, value: (p) => p.metrics.load?.p75 ?? null, render: (p) => fmt.ms(p.metrics.load?.p75) },
      ];
      const resources = await ctx.api.get(`/api/v1/dashboard/vitals/resources${qs({ hours, limit: 20 })}`);
      fill(body,
        data.page_count === 0 ? notice('info', 'No browser data yet. Add ',
          h('code', `<script src="${location.origin}/vigil.js" data-token="INGEST_TOKEN" defer></script>`),
          ' to the pages you want to watch.') : null,
        card(`Overall, last ${hours} h`, overall, legend(data.thresholds)),
        card(`${data.page_count} pages`, sortableTable(columns, data.pages, { sort: 'views', test: 'vitals-table' })),
        card('Slowest resources', resourceTable(resources.resources)));
    });
  },
};

function legend(thresholds) {
  return h('p.muted.small', 'Rated at the 75th percentile: ',
    VITALS.map((m) => {
      const t = thresholds[m];
      const unit = t.unit === 'ms' ? ' ms' : '';
      return h('span.legend-item', `${NAMES[m]} good ≤ ${t.good}${unit}, poor > ${t.poor}${unit}`);
    }));
}

function resourceTable(rows) {
  return sortableTable([
    { key: 'url', label: 'Resource', render: (r) => h('code.url', r.url) },
    { key: 'initiator', label: 'Type' },
    { key: 'page', label: 'Page' },
    { key: 'count', label: 'Seen', numeric: true },
    { key: 'avg_ms', label: 'Avg', numeric: true, render: (r) => fmt.ms(r.avg_ms) },
    { key: 'max_ms', label: 'Max', numeric: true, render: (r) => fmt.ms(r.max_ms) },
    { key: 'transfer_bytes', label: 'Size', numeric: true, render: (r) => fmt.bytes(r.transfer_bytes) },
  ], rows, { sort: 'max_ms', test: 'resources-table', empty: 'No slow resources reported.' });
}

async function renderPage(ctx, body, service, page, hours) {
  await guard(body, 'dashboard', async () => {
    const data = await ctx.api.get(`/api/v1/dashboard/vitals/page${qs({ service, page, hours })}`);
    const stats = h('div.stats', { test: 'vitals-page-stats' },
      stat('Views', fmt.num(data.views)),
      VITALS.map((m) => {
        const f = data.metrics[m];
        return stat(`${NAMES[m]} p75`, f ? vitalValue(m, f.p75) : '–', { level: f ? levelOf(f.rating) : undefined, test: `page-vital-${m}`, sub: f ? `${f.samples} samples` : 'no data' });
      }));
    const timings = ['dns', 'connect', 'request', 'response', 'dom_interactive', 'dom_content_loaded', 'load']
      .filter((k) => data.metrics[k])
      .map((k) => ({ key: k, ...data.metrics[k] }));
    const charts = h('div.grid2');
    fill(body, h('p', h('a', { href: `#/vitals?hours=${hours}` }, '← all pages'), ` · site ${service}`),
      card(null, stats),
      charts,
      card('Navigation timing (p75)', sortableTable([
        { key: 'title', label: 'Phase' },
        { key: 'p75', label: 'p75', numeric: true, render: (t) => fmt.ms(t.p75) },
        { key: 'avg', label: 'Average', numeric: true, render: (t) => fmt.ms(t.avg) },
        { key: 'samples', label: 'Samples', numeric: true },
      ], timings, { test: 'navigation-table', empty: 'No navigation timings.' })),
      card('Slow resources of this page', resourceTable(data.resources)));
    for (const m of VITALS) {
      const series = data.series[m];
      if (!series || !series.length) continue;
      const holder = card(`${NAMES[m]} p75 by hour`);
      charts.append(holder);
      const chart = timeChart(holder, { series: [{ label: NAMES[m] }], height: 180, format: (v) => vitalValue(m, v), test: `chart-vital-${m}`, xRange: lastHours(hours) });
      chart.setData(series.map((p) => seconds(p.time)), series.map((p) => p.p75));
      ctx.onDispose(() => chart.destroy());
    }
  });
}
