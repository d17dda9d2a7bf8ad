// Time-series charts with uPlot (bundled from the npm registry). A chart keeps its own data so live points can be
// appended; it follows its container's width.
import uPlot from 'uplot';

export const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

/** Tick steps of 1, 2 and 5 times a power of ten (uPlot's default also has 2.5, which labels cannot print exactly). */
export const NICE_STEPS = [];
for (let exponent = -6; exponent <= 12; exponent++) {
  for (const m of [1, 2, 5]) NICE_STEPS.push(Number(`${m}e${exponent}`));
}

/** Decimals that print a tick step exactly: 0 for 1, 2, 5, 10...; 1 for 0.1, 0.2, 0.5; 2 for 0.05... */
export function stepDecimals(step) {
  if (!step || step >= 1) return 0;
  return Math.min(6, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
}

/**
 * @param el      container element
 * @param options {series: [{label, color?, format?, scale?, dash?}], height?, format?(value, digits), test?, maxPoints?, bands?,
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
        dash: s.dash,
      })),
    ],
    // Filled areas between two series (a baseline's band): [{series: [upper, lower] (1-based), fill}].
    bands: options.bands,
    axes: [
      { stroke: '#64748b', grid: { stroke: '#e2e8f0' } },
      // Ticks step by 1, 2 or 5 times a power of ten and get as many decimals as the step needs, so every label
      // prints exactly (22.71 %, 22.72 %... not 23 % four times; 0, 2, 4... not 2.5-steps rounded to 0, 3, 5, 8).
      { scale: 'y', stroke: '#64748b', grid: { stroke: '#e2e8f0' }, size: 74, incrs: NICE_STEPS,
        values: (u, vals, axis, space, increment) => {
          const labels = vals.map((v) => format(v, stepDecimals(increment)));
          box.dataset.yTicks = JSON.stringify(labels); // for the browser tests, which cannot read the canvas
          return labels;
        } },
    ],
  };
  // A series with its own scale (milliseconds beside percentages) gets an axis on the right.
  const extra = [...new Set(options.series.map((s) => s.scale).filter(Boolean))];
  extra.forEach((scale) => {
    const series = options.series.find((s) => s.scale === scale);
    const f = series.format || format;
    opts.axes.push({ scale, side: 1, stroke: series.color || '#64748b', grid: { show: false }, size: 74, incrs: NICE_STEPS,
      values: (u, vals, axis, space, increment) => vals.map((v) => f(v, stepDecimals(increment))) });
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
