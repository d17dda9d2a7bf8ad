// Shared widgets: cards, figures, notices, badges, the range picker, and the guard that turns a missing plugin
// into a plain notice instead of a broken page.
import { h, fill } from './dom.js';
import { ApiError } from './api.js';

export function card(title, ...children) {
  return h('section.card', title ? h('h2', title) : null, ...children);
}

/** A big number with a label; test names it for the browser tests. */
export function stat(label, value, options = {}) {
  return h('div.stat', { class: options.level ? `level-${options.level}` : '', test: options.test, title: options.title,
    'data-value': options.raw === undefined || options.raw === null ? undefined : String(options.raw) },
    h('div.stat-value', value), h('div.stat-label', label), options.sub ? h('div.stat-sub', options.sub) : null);
}

export function badge(text, kind) {
  return h('span.badge', { class: `badge-${String(kind || text).toLowerCase().replace(/[^a-z0-9]+/g, '-')}` }, text);
}

export function notice(kind, ...children) {
  const attrs = children.length && children[0] && typeof children[0] === 'object' && !(children[0] instanceof Node) && !Array.isArray(children[0])
    ? children.shift() : {};
  return h('div.notice', { ...attrs, class: `notice-${kind}` }, ...children);
}

export function loading() {
  return h('p.muted', 'Loading…');
}

/**
 * Runs a loader that fills el; a plugin that is absent or stopped shows as a notice naming it, any other failure
 * as an error notice. Answers the loader's result, or null when it failed.
 */
export async function guard(el, pluginId, loader) {
  try {
    return await loader();
  } catch (e) {
    if (e instanceof ApiError && e.unavailable) {
      fill(el, notice('unavailable', h('strong', `The ${pluginId} plugin is not running. `),
        e.status === 503 ? e.message.replace(/; see .*$/, '.') : 'It is not installed on this server.', ' ',
        h('a', { href: '#/plugins' }, 'See plugins')));
      el.dataset.unavailable = pluginId;
    } else {
      fill(el, notice('error', h('strong', 'Could not load this: '), e.message || String(e)));
      console.error(e);
    }
    return null;
  }
}

/** Buttons for a time range; onChange(hours). */
export function rangePicker(current, onChange, choices = [1, 6, 24, 168]) {
  const label = (hours) => (hours < 24 ? `${hours} h` : hours === 24 ? '24 h' : `${hours / 24} d`);
  return h('div.range', { test: 'range' }, choices.map((hours) => h('button', {
    class: hours === current ? 'active' : '',
    'data-hours': hours,
    onclick: () => onChange(hours),
  }, label(hours))));
}

/** A button that runs an action, disabled while it runs, and reports failure next to itself. */
export function actionButton(label, action, options = {}) {
  const button = h('button', { class: options.kind ? `btn-${options.kind}` : '', test: options.test, title: options.title }, label);
  button.addEventListener('click', async (e) => {
    e.stopPropagation();
    if (options.confirm && !window.confirm(options.confirm)) return;
    button.disabled = true;
    try {
      await action();
    } catch (err) {
      button.after(h('span.inline-error', err.message || String(err)));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

export function kv(pairs, test) {
  return h('dl.kv', { test }, pairs.filter(Boolean).map(([k, v]) => [h('dt', k), h('dd', v ?? '–')]));
}

export function levelOf(word) {
  const w = String(word || '').toLowerCase();
  if (['critical', 'poor', 'failed', 'error', 'high'].includes(w)) return 'bad';
  if (['warning', 'needs-improvement', 'degraded', 'medium', 'stopped'].includes(w)) return 'warn';
  if (['healthy', 'good', 'ok', 'started', 'low', 'up'].includes(w)) return 'good';
  return 'none';
}
