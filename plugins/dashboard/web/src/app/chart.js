// Time-series charts with uPlot (bundled from the npm registry). A chart keeps its own data so live points can be
// appended; it follows its container's width.
import uPlot from 'uplot';

export const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

/**
 * @param el      container element
 * @param options {series: [{label, color?, format?, scale?}], height?, format?(value, digits), test?, maxPoints?,
 *                xRange?: [from, to] in seconds; null for the data's own bound (live charts grow to the right)}
 */
export function timeChart(el, options) {
  const format = options.format || ((v) => String(v));
  const height = options.height || 220;
  const maxPoints = options.maxPoints || 5000;
  const box = document.createElement('div');
  box.className = 'chart';
  if (options.test) box.dataset.test = options.test;
  box.dataset.points = '0';
  // The series colours, for the browser tests that look for the drawn lines.
  box.dataset.colors = options.series.map((s, i) => s.color || COLORS[i % COLORS.length]).join(',');
  el.append(box);
  let data = [[], ...options.series.map(() => [])];
  const opts = {
    width: Math.max(300, el.clientWidth || 600),
    height,
    legend: { live: true },
    cursor: { drag: { x: true, y: false } },
    // A fixed range (the page's chosen hours) keeps a single point from stretching the axis over years.
    scales: { x: options.xRange ? { time: true, range: (u, min, max) => [options.xRange[0] ?? min, options.xRange[1] ?? max] } : { time: true } },
    series: [
      {},
      ...options.series.map((s, i) => ({
        label: s.label,
        stroke: s.color || COLORS[i % COLORS.length],
        width: 2,
        fill: options.series.length === 1 ? `${s.color || COLORS[i % COLORS.length]}1a` : undefined,
        spanGaps: true,
        value: (u, v) => (v === null || v === undefined ? '–' : (s.format || format)(v)),
        // uPlot's default: dots only where points are sparse (a single hour, a new series).
        points: { size: 6 },
        scale: s.scale || 'y',
      })),
    ],
    axes: [
      { stroke: '#64748b', grid: { stroke: '#e2e8f0' } },
      // Axis labels get as many decimals as the tick spacing needs (22.71 %, 22.72 %... not 23 % four times).
      { scale: 'y', stroke: '#64748b', grid: { stroke: '#e2e8f0' }, size: 74,
        values: (u, vals, axis, space, increment) => vals.map((v) => format(v, Math.max(0, Math.min(4, -Math.floor(Math.log10(increment || 1)))))) },
    ],
  };
  // A series with its own scale (milliseconds beside percentages) gets an axis on the right.
  const extra = [...new Set(options.series.map((s) => s.scale).filter(Boolean))];
  extra.forEach((scale) => {
    const series = options.series.find((s) => s.scale === scale);
    const f = series.format || format;
    opts.axes.push({ scale, side: 1, stroke: series.color || '#64748b', grid: { show: false }, size: 74,
      values: (u, vals, axis, space, increment) => vals.map((v) => f(v, Math.max(0, Math.min(4, -Math.floor(Math.log10(increment || 1)))))) });
  });
  const plot = new uPlot(opts, data, box);
  const observer = new ResizeObserver(() => {
    const width = Math.max(300, el.clientWidth);
    if (width !== plot.width) plot.setSize({ width, height });
  });
  observer.observe(el);

  function publish() {
    box.dataset.points = String(data[0].length);
    plot.setData(data);
  }

  return {
    /** xs in seconds since the epoch; one array of ys per series (null for a gap). */
    setData(xs, ...ys) {
      data = [xs.slice(), ...ys.map((y) => y.slice())];
      publish();
    },
    /** One more point (a live signal). */
    append(x, ...values) {
      const at = data[0].length && data[0][data[0].length - 1] > x ? data[0].findIndex((t) => t > x) : data[0].length;
      data[0].splice(at, 0, x);
      values.forEach((v, i) => data[i + 1].splice(at, 0, v));
      if (data[0].length > maxPoints) data = data.map((column) => column.slice(-maxPoints));
      publish();
    },
    points() { return data[0].length; },
    destroy() { observer.disconnect(); plot.destroy(); box.remove(); },
  };
}

/** Seconds since the epoch from an ISO time or epoch millis. */
export function seconds(time) {
  return (typeof time === 'number' ? time : new Date(time).getTime()) / 1000;
}

/** Puts several series of {t (seconds), v} on one time axis (uPlot's data shape), with null where one has no point. */
export function align(seriesPoints) {
  const times = [...new Set(seriesPoints.flatMap((points) => points.map((p) => p.t)))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const ys = seriesPoints.map((points) => {
    const column = new Array(times.length).fill(null);
    points.forEach((p) => { column[index.get(p.t)] = p.v; });
    return column;
  });
  return [times, ...ys];
}

/** The last {@code hours} up to now, in seconds, for a chart's time axis. */
export function lastHours(hours) {
  const now = Date.now() / 1000;
  return [now - hours * 3600, now];
}
