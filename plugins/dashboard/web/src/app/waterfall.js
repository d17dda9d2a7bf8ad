// A kept trace as a waterfall: one row per span on the trace's time axis, indented under its parent, with its
// service and kind; database calls show their statement and fingerprint, repeats of one statement shape under one
// parent (the N+1 pattern) are highlighted, and exception events are marked and listed with their stacks.
import { h, fill } from './dom.js';
import { badge, kv } from './ui.js';
import { NICE_STEPS } from './chart.js';
import * as fmt from './format.js';

/** The dashboard's address of a kept trace, from the API path other plugins link with (/api/v1/otlp/traces/{id}). */
export function traceHref(apiPath) {
  const id = String(apiPath || '').split('/').pop();
  return id ? `#/traces/${encodeURIComponent(id)}` : null;
}

/** A small "trace" link, or null when the trace is not kept. */
export function traceLink(apiPath, test = 'trace-link') {
  const href = apiPath ? traceHref(apiPath) : null;
  return href ? h('a', { href, test, title: 'Open the kept trace' }, 'trace') : null;
}

/** Spans depth-first in start order, each with its depth. */
export function flatten(roots) {
  const rows = [];
  const visit = (span, depth) => {
    rows.push({ span, depth });
    (span.children || []).slice().sort((a, b) => a.offset_ms - b.offset_ms).forEach((child) => visit(child, depth + 1));
  };
  (roots || []).slice().sort((a, b) => a.offset_ms - b.offset_ms).forEach((root) => visit(root, 0));
  return rows;
}

/** The shape a database call is grouped by: its fingerprint, else its statement. */
function shapeOf(span) {
  return span.database ? (span.database.fingerprint || span.database.statement || null) : null;
}

/**
 * Database calls that repeat one statement shape under one parent at least minRepeats times: span id → repeats.
 * That is what the queries plugin calls N+1 within a request.
 */
export function repeatedCalls(rows, minRepeats) {
  const groups = new Map();
  rows.forEach(({ span }) => {
    const shape = shapeOf(span);
    if (!shape) return;
    const key = `${span.parent_span_id || ''}|${shape}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(span.span_id);
  });
  const repeated = new Map();
  groups.forEach((ids) => { if (ids.length >= minRepeats) ids.forEach((id) => repeated.set(id, ids.length)); });
  return repeated;
}

/** Exception events of every span, in time order. */
export function exceptions(rows) {
  return rows.flatMap(({ span }) => (span.events || [])
    .filter((e) => e.name === 'exception')
    .map((e) => ({ span, event: e, attributes: e.attributes || {} })));
}

/** Tick marks for a time axis of total ms: about six steps of 1, 2 or 5 times a power of ten. */
export function axisTicks(totalMs) {
  const step = NICE_STEPS.find((s) => totalMs / s <= 6) || totalMs;
  const ticks = [];
  for (let t = 0; t <= totalMs + 1e-9; t += step) ticks.push(Math.round(t / step) * step);
  return { step, ticks };
}

/**
 * @param trace   the API's trace (GET /api/v1/otlp/traces/{id})
 * @param options {minRepeats: repeats that make an N+1 (the queries plugin's n_plus_one_min_repeats)}
 */
export function waterfall(trace, options = {}) {
  const rows = flatten(trace.spans);
  const total = Math.max(trace.duration_ms || 0, ...rows.map(({ span }) => span.offset_ms + span.duration_ms), 0.001);
  const repeated = repeatedCalls(rows, options.minRepeats || 5);
  const { ticks } = axisTicks(total);
  const at = (ms) => `${Math.min(100, (ms / total) * 100)}%`;

  const axis = h('div.wf-row.wf-axis', h('div.wf-label', 'Span'),
    h('div.wf-track', ticks.map((t) => h('span.wf-tick', { style: { left: at(t) } }, fmt.ms(t)))));
  const body = h('div.wf-body');
  rows.forEach(({ span, depth }) => {
    const repeats = repeated.get(span.span_id);
    const failed = span.status === 'ERROR';
    const thrown = (span.events || []).some((e) => e.name === 'exception');
    const detail = h('div.wf-detail', { hidden: true });
    const row = h('div.wf-row', {
      class: `${failed ? 'wf-error' : ''} ${span.database ? 'wf-db' : ''} ${repeats ? 'wf-repeat' : ''}`,
      test: 'wf-span', 'data-span': span.span_id, 'data-kind': span.kind, 'data-repeats': repeats || undefined,
      title: span.database?.statement || span.name,
      onclick: () => {
        detail.hidden = !detail.hidden;
        if (!detail.hidden && !detail.firstChild) fill(detail, spanDetail(span, repeats));
      },
    },
    h('div.wf-label', { style: { paddingLeft: `${6 + depth * 14}px` } },
      h('span.wf-service', span.service), ' ', h('span.wf-kind', String(span.kind || '').toLowerCase()), ' ',
      // Markers before the name: a long statement is cut at the column's end.
      repeats ? [badge(`N+1 ×${repeats}`, 'warning'), ' '] : null,
      thrown ? [badge('exception', 'error'), ' '] : null,
      h('span.wf-name', span.database ? (span.database.fingerprint_text || span.database.statement || span.name) : span.name)),
    h('div.wf-track',
      h('div.wf-bar', { style: { left: at(span.offset_ms), width: `max(2px, ${at(span.duration_ms)})` } }),
      h('span.wf-duration', { style: { left: at(span.offset_ms + span.duration_ms) } }, fmt.ms(span.duration_ms))));
    body.append(row, detail);
  });
  const box = h('div.waterfall', { test: 'waterfall', 'data-spans': rows.length, 'data-repeats': repeated.size }, axis, body);
  return box;
}

function spanDetail(span, repeats) {
  const attributes = span.attributes || {};
  return h('div',
    kv([
      ['Service', span.service],
      ['Kind', span.kind],
      ['Start', `${fmt.time(span.start)} (+${fmt.ms(span.offset_ms)})`],
      ['Duration', fmt.ms(span.duration_ms)],
      ['Status', span.status_message ? `${span.status}: ${span.status_message}` : span.status],
      span.database ? ['Statement', h('code', { test: 'wf-statement' }, span.database.statement || '–')] : null,
      span.database?.fingerprint ? ['Fingerprint', h('a', { href: `#/queries/${encodeURIComponent(span.database.fingerprint)}`, test: 'wf-fingerprint' }, h('code', span.database.fingerprint_text || span.database.fingerprint))] : null,
      repeats ? ['Repeats', `${repeats} calls of this shape under one parent: an N+1 pattern`] : null,
    ], 'wf-span-facts'),
    Object.keys(attributes).length ? h('table.data.small', h('tbody', Object.entries(attributes).map(([k, v]) => h('tr', h('td', h('code', k)), h('td', typeof v === 'object' ? JSON.stringify(v) : String(v)))))) : null);
}

/** The trace's exceptions with their stacks. */
export function exceptionList(trace) {
  const list = exceptions(flatten(trace.spans));
  if (!list.length) return h('p.muted', { test: 'trace-exceptions' }, 'No exception was recorded in this trace.');
  return h('div', { test: 'trace-exceptions' }, list.map(({ span, attributes }) => h('div.wf-exception',
    h('p', badge('exception', 'error'), ' ', h('strong', attributes['exception.type'] || 'exception'), ': ',
      attributes['exception.message'] || '', h('span.muted', ` in ${span.service} · ${span.name}`)),
    attributes['exception.stacktrace'] ? h('pre.stack', { test: 'trace-stack' }, attributes['exception.stacktrace']) : null)));
}
