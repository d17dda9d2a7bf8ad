// Acknowledging or resolving several active alerts at once: admins tick them in the active list and send one bulk
// call (POST /api/v1/alerts/acknowledge|resolve); each alert's outcome is listed, since some may fail while others
// go ahead (one resolved meanwhile, say).
import { h, fill } from '../dom.js';
import { actionButton } from '../ui.js';

const OUTCOME_WORDS = { acknowledged: 'acknowledged', resolved: 'resolved', already_resolved: 'was already resolved', not_found: 'not found', failed: 'failed' };

/**
 * The selection survives the list being re-read (live alert events re-read it); ids no longer active drop out.
 * reload() re-reads the list after a bulk call.
 */
export function bulkActions(ctx, reload) {
  const selected = new Set();
  const boxes = new Map();
  const count = h('span.muted', { test: 'bulk-count' });
  const comment = h('input', { type: 'text', placeholder: 'Comment (optional)', 'aria-label': 'Comment for the selected alerts', test: 'bulk-comment' });
  const outcome = h('div.bulk-outcome', { test: 'bulk-outcome', 'aria-live': 'polite' });
  const selectAll = h('input', { type: 'checkbox', 'aria-label': 'Select every active alert', test: 'select-all' });
  const toolbar = h('div.toolbar.bulk', { test: 'bulk-toolbar' }, count, comment,
    actionButton('Acknowledge selected', () => run('acknowledge'), { test: 'bulk-acknowledge', kind: 'primary' }),
    actionButton('Resolve selected', () => run('resolve'), { test: 'bulk-resolve' }),
    outcome);

  function update() {
    count.textContent = selected.size ? `${selected.size} selected` : 'Tick alerts to act on several at once.';
    selectAll.checked = boxes.size > 0 && selected.size === boxes.size;
    // The page's periodic refresh waits while alerts are ticked (main.js), so it does not drop the selection.
    if (selected.size) toolbar.dataset.holding = 'selection'; else delete toolbar.dataset.holding;
  }

  selectAll.addEventListener('change', () => {
    boxes.forEach((box, id) => {
      box.checked = selectAll.checked;
      if (selectAll.checked) selected.add(id); else selected.delete(id);
    });
    update();
  });

  async function run(action) {
    if (!selected.size) {
      fill(outcome, h('span.inline-error', 'Select one or more alerts first.'));
      return;
    }
    const alerts = new Map([...boxes.keys()].map((id) => [id, boxes.get(id).dataset.rule]));
    const ids = [...selected];
    const answer = await ctx.api.post(`/api/v1/alerts/${action}`, { ids, comment: comment.value.trim() || undefined });
    const done = answer.counts[action === 'acknowledge' ? 'acknowledged' : 'resolved'] || 0;
    fill(outcome,
      h('div', h('strong', `${done} of ${ids.length} ${action === 'acknowledge' ? 'acknowledged' : 'resolved'}`)),
      h('ul.bulk-results', answer.results.map((r) => h('li', { test: `bulk-result-${r.id}`, 'data-outcome': r.outcome, class: r.outcome === 'failed' || r.outcome === 'not_found' ? 'bad' : '' },
        `#${r.id} ${alerts.get(r.id) || ''}: ${OUTCOME_WORDS[r.outcome] || r.outcome}${r.error ? ` (${r.error})` : ''}`))));
    selected.clear();
    comment.value = '';
    await reload();
  }

  return {
    /** The toolbar above the list: none for an empty list, unless it still shows the last call's outcome. */
    toolbarFor(alerts) {
      return alerts.length || outcome.firstChild ? toolbar : null;
    },

    /** The table column of tick boxes, for the alerts about to be shown. */
    column(alerts) {
      boxes.clear();
      const active = new Set(alerts.map((a) => a.id));
      [...selected].filter((id) => !active.has(id)).forEach((id) => selected.delete(id));
      update();
      return {
        key: 'select', label: selectAll, sortable: false, render: (a) => {
          const box = h('input', { type: 'checkbox', test: `select-${a.id}`, 'data-rule': a.rule, 'aria-label': `Select alert ${a.id} (${a.rule})`, checked: selected.has(a.id) });
          box.addEventListener('change', () => {
            if (box.checked) selected.add(a.id); else selected.delete(a.id);
            update();
          });
          boxes.set(a.id, box);
          update();
          return box;
        },
      };
    },
  };
}
