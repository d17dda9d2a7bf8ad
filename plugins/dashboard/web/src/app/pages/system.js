// System: the host's health word and its reasons, current figures, and CPU, memory, disk and network charts from
// the system plugin; the overall figures move live as the plugin publishes its signals.
import { h, fill } from '../dom.js';
import { card, badge, guard, rangePicker, stat, levelOf, kv } from '../ui.js';
import { sortableTable } from '../table.js';
import { timeChart, seconds, align } from '../chart.js';
import { qs } from '../api.js';
import * as fmt from '../format.js';

const CHARTS = [
  { title: 'CPU', metrics: ['cpu_percent', 'process_cpu_percent'], format: (v, d) => fmt.pct(v, d ?? 1), test: 'chart-cpu' },
  { title: 'Memory', metrics: ['memory_percent', 'swap_percent', 'heap_percent'], format: (v, d) => fmt.pct(v, d ?? 1), test: 'chart-memory' },
  { title: 'Disk used', metrics: ['disk_percent'], format: (v, d) => fmt.pct(v, d ?? 1), test: 'chart-disk' },
  { title: 'Network', metrics: ['net_rx_bytes_per_s', 'net_tx_bytes_per_s'], format: (v) => `${fmt.bytes(v)}/s`, test: 'chart-network' },
  { title: 'Load average', metrics: ['load_1m', 'load_5m', 'load_15m'], format: (v, d) => fmt.num(v, d ?? 2), test: 'chart-load' },
];

/** Live tiles: signal name → how to show it. */
const LIVE = {
  'system.cpu_percent': { label: 'CPU', format: (v) => fmt.pct(v), test: 'sys-cpu' },
  'system.memory_percent': { label: 'Memory', format: (v) => fmt.pct(v), test: 'sys-memory' },
  'system.swap_percent': { label: 'Swap', format: (v) => fmt.pct(v), test: 'sys-swap' },
  'system.load_1m': { label: 'Load (1 min)', format: (v) => fmt.num(v, 2), test: 'sys-load' },
  'system.process_cpu_percent': { label: 'Vigil process CPU', format: (v) => fmt.pct(v), test: 'sys-process-cpu' },
  'system.heap_percent': { label: 'Vigil heap', format: (v) => fmt.pct(v), test: 'sys-heap' },
};

function seriesLabel(series) {
  const labels = Object.values(series.labels || {});
  const name = series.metric.replace(/_percent$|_bytes_per_s$/, '').replace(/_/g, ' ');
  return labels.length ? `${name} ${labels.join(' ')}` : name;
}

export default {
  id: 'system',
  title: 'System',
  plugin: 'system',
  async render(ctx) {
    const hours = Number(ctx.query.get('hours') || 1);
    const health = h('div', { test: 'system-health' });
    const charts = h('div.grid2', { test: 'system-charts' });
    const info = h('div');
    ctx.el.append(h('div.page-head', h('h1', 'System'), rangePicker(hours, (v) => ctx.setQuery({ hours: v }))),
      health, charts, info);

    const tiles = {};
    const ok = await guard(health, 'system', async () => {
      const data = await ctx.api.get('/api/v1/system/health');
      const s = data.sample;
      const values = s ? {
        'system.cpu_percent': s.cpu.percent, 'system.memory_percent': s.memory.percent, 'system.swap_percent': s.swap.percent,
        'system.load_1m': s.cpu.load_1m, 'system.process_cpu_percent': s.process?.cpu_percent, 'system.heap_percent': s.process?.heap_percent,
      } : {};
      const stats = h('div.stats', Object.entries(LIVE).map(([name, tile]) => {
        tiles[name] = stat(tile.label, tile.format(values[name]), { test: tile.test });
        return tiles[name];
      }));
      fill(health,
        card(null,
          h('div.toolbar', h('strong', `Host ${data.host}`), h('span', { test: 'system-level' }, badge(data.level)),
            h('span', data.summary), h('span.muted', `sampled ${fmt.ago(data.sampled_at)}`)),
          data.reasons.length ? h('ul', { test: 'system-reasons' }, data.reasons.map((r) => h('li', badge(r.level), ' ', r.message))) : null,
          data.notes.length ? h('ul.muted', data.notes.map((n) => h('li', n))) : null,
          stats),
        s ? h('div.grid2',
          card('Disks', sortableTable([
            { key: 'mount', label: 'Mount', render: (d) => h('code', d.mount) },
            { key: 'type', label: 'Type' },
            { key: 'used_percent', label: 'Used', numeric: true, render: (d) => h('span', { class: `rating rating-${diskRating(d.used_percent, data.thresholds)}` }, fmt.pct(d.used_percent)) },
            { key: 'free_bytes', label: 'Free', numeric: true, render: (d) => fmt.bytes(d.free_bytes) },
            { key: 'total_bytes', label: 'Size', numeric: true, render: (d) => fmt.bytes(d.total_bytes) },
          ], s.disks, { sort: 'used_percent', test: 'disks-table' })),
          card('Network', sortableTable([
            { key: 'name', label: 'Interface' },
            { key: 'rx_bytes_per_s', label: 'Received', numeric: true, render: (n) => `${fmt.bytes(n.rx_bytes_per_s)}/s` },
            { key: 'tx_bytes_per_s', label: 'Sent', numeric: true, render: (n) => `${fmt.bytes(n.tx_bytes_per_s)}/s` },
            { key: 'rx_packets_per_s', label: 'Packets in', numeric: true, render: (n) => fmt.num(n.rx_packets_per_s, 1) },
            { key: 'tx_packets_per_s', label: 'Packets out', numeric: true, render: (n) => fmt.num(n.tx_packets_per_s, 1) },
          ], s.network, { sort: 'rx_bytes_per_s', test: 'network-table' }))) : null);
      return true;
    });
    if (!ok) return;

    const metrics = [...new Set(CHARTS.flatMap((c) => c.metrics))].join(',');
    const live = {};
    await guard(charts, 'system', async () => {
      const data = await ctx.api.get(`/api/v1/system/metrics${qs({ hours, metric: metrics })}`);
      for (const spec of CHARTS) {
        const series = data.series.filter((s) => spec.metrics.includes(s.metric));
        const holder = card(spec.title);
        charts.append(holder);
        if (!series.length) { holder.append(h('p.muted', 'No samples yet.')); continue; }
        const chart = timeChart(holder, { series: series.map((s) => ({ label: seriesLabel(s) })), format: spec.format, test: spec.test, height: 200, xRange: [seconds(data.from), null] });
        const [xs, ...ys] = align(series.map((s) => s.points.map((p) => ({ t: seconds(p.time), v: p.avg }))));
        chart.setData(xs, ...ys);
        ctx.onDispose(() => chart.destroy());
        // Overall series (no labels) follow the live stream.
        series.forEach((s, i) => {
          if (!Object.keys(s.labels || {}).length) live[s.signal] = { chart, index: i, width: series.length };
        });
      }
    });

    const infoData = await ctx.api.get('/api/v1/system/info').catch(() => null);
    if (infoData) {
      fill(info, card('Host', kv([
        ['Host name', infoData.host_name],
        ['Operating system', `${infoData.os.family} ${infoData.os.version} (${infoData.os.code_name || infoData.os.build})`],
        ['Up for', fmt.duration(infoData.uptime_seconds)],
        ['CPU', `${infoData.cpu.model} · ${infoData.cpu.physical_cores} cores, ${infoData.cpu.logical_cores} threads`],
        ['Memory', fmt.bytes(infoData.memory.total_bytes)],
        ['JVM', `${infoData.jvm.vm_name} ${infoData.jvm.version} (${infoData.jvm.vendor}), heap max ${fmt.bytes(infoData.jvm.heap_max_bytes)}`],
        ['Vigil up for', fmt.duration(infoData.jvm_uptime_seconds)],
        ['Sampling', `every ${infoData.sampling.interval_seconds} s, kept ${infoData.sampling.retention_hours} h, last took ${fmt.ms(infoData.sampling.last_sample_cost_ms)}`],
      ], 'system-info')));
    }

    ctx.listen('signal', (signal) => {
      const tile = LIVE[signal.name];
      if (tile && tiles[signal.name]) {
        const value = tiles[signal.name].querySelector('.stat-value');
        value.textContent = tile.format(signal.value);
        tiles[signal.name].classList.remove('flash');
        void tiles[signal.name].offsetWidth; // restart the highlight
        tiles[signal.name].classList.add('flash');
      }
      const target = live[signal.name];
      if (target) {
        const values = new Array(target.width).fill(null);
        values[target.index] = signal.value;
        target.chart.append(seconds(signal.time), ...values);
      }
    });
  },
};

function diskRating(percent, thresholds) {
  const t = thresholds.disk_percent;
  return percent >= t.critical ? 'poor' : percent >= t.warning ? 'needs-improvement' : 'good';
}
