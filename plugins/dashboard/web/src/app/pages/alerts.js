// Alerts: active alerts first (admins acknowledge or resolve them, one or several at once), the history of the
// chosen range, then the rules, silences and channels (admins edit them); alert changes arrive live on the stream.
import { h, fill } from '../dom.js';
import { card, badge, guard, rangePicker, kv, actionButton, stat } from '../ui.js';
import { sortableTable } from '../table.js';
import { qs } from '../api.js';
import * as fmt from '../format.js';
import { bulkActions } from './alert-bulk.js';
import { rulesSection } from './alert-rules.js';
import { silencesSection } from './silences.js';
import { channelsSection } from './channels.js';

/** What a person calls the alert's state: an active alert someone acknowledged is "acknowledged". */
export function alertState(a) {
  if (a.status === 'active' && a.acknowledged_at) return 'acknowledged';
  return a.status;
}

function labelsText(labels) {
  const entries = Object.entries(labels || {});
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : '';
}

/** bulk (optional, admins): adds the tick boxes of bulkActions as the first column. */
export function alertTable(ctx, alerts, reload, test, bulk) {
  return sortableTable([
    bulk ? bulk.column(alerts) : null,
    { key: 'severity', label: 'Severity', render: (a) => badge(a.severity) },
    { key: 'rule', label: 'Rule', render: (a) => h('a', { href: `#/alerts/${a.id}` }, a.rule) },
    { key: 'message', label: 'What', render: (a) => h('div', a.message, labelsText(a.labels) ? h('div.muted.small', labelsText(a.labels)) : null) },
    { key: 'value', label: 'Value', numeric: true, render: (a) => fmt.signalValue(a.signal || '', a.value) },
    { key: 'status', label: 'State', value: alertState, render: (a) => h('span', { test: `alert-state-${a.id}` }, badge(alertState(a))) },
    { key: 'started_at', label: 'Since', render: (a) => fmt.ago(a.started_at) },
    { key: 'actions', label: '', sortable: false, render: (a) => (ctx.admin && a.status === 'active' ? h('span.actions',
      a.acknowledged_at ? null : actionButton('Acknowledge', async () => { await ctx.api.post(`/api/v1/alerts/${a.id}/acknowledge`, {}); await reload(); }, { test: `ack-${a.id}`, kind: 'primary' }),
      actionButton('Resolve', async () => { await ctx.api.post(`/api/v1/alerts/${a.id}/resolve`, {}); await reload(); }, { test: `resolve-${a.id}` })) : null) },
  ].filter(Boolean), alerts, { sort: 'started_at', test, empty: 'No alerts.' });
}

export default {
  id: 'alerts',
  title: 'Alerts',
  plugin: 'alerts',
  async render(ctx) {
    if (ctx.params[0]) return renderAlert(ctx, ctx.params[0]);
    const hours = Number(ctx.query.get('hours') || 24);
    const active = h('div', { test: 'alerts-active' });
    const history = h('div');
    const rules = h('div', { test: 'rules-section' });
    const silences = h('div', { test: 'silences-section' });
    const channels = h('div', { test: 'channels-section' });
    ctx.el.append(h('div.page-head', h('h1', 'Alerts'), rangePicker(hours, (v) => ctx.setQuery({ hours: v }))), active, history, rules, silences, channels);
    const bulk = ctx.admin ? bulkActions(ctx, () => loadAlerts()) : null;

    async function loadAlerts() {
      await guard(active, 'alerts', async () => {
        const [current, all, status] = await Promise.all([
          ctx.api.get(`/api/v1/alerts${qs({ active_only: true })}`),
          ctx.api.get(`/api/v1/alerts${qs({ hours, limit: 500 })}`),
          ctx.api.get('/api/v1/alerts/status'),
        ]);
        const critical = current.alerts.filter((a) => a.severity === 'critical').length;
        fill(active,
          card(null, h('div.stats',
            stat('Active alerts', fmt.num(current.count), { test: 'alerts-active-count', raw: current.count, level: critical ? 'bad' : current.count ? 'warn' : 'good' }),
            stat('Critical', fmt.num(critical), { raw: critical, level: critical ? 'bad' : undefined }),
            stat('Rules enabled', `${status.rules.enabled} / ${status.rules.total}`),
            stat('Last evaluation', fmt.ago(status.last_evaluation?.at), { sub: `every ${status.evaluation_interval}` }),
            stat('Notifications sent', fmt.num(status.notifications.delivered), { sub: `${status.notifications.pending} pending, ${status.notifications.gave_up} gave up` }),
            stat('Silences', fmt.num(status.silences_active)))),
          card('Active', bulk ? bulk.toolbarFor(current.alerts) : null, alertTable(ctx, current.alerts, loadAlerts, 'active-alerts', bulk)));
        fill(history, card(`All alerts of the last ${hours} h`, alertTable(ctx, all.alerts, loadAlerts, 'alert-history')));
      });
    }

    await loadAlerts();
    await Promise.all([rulesSection(ctx, rules), silencesSection(ctx, silences), channelsSection(ctx, channels)]);
    ctx.listen('alert', () => loadAlerts());
  },
};

async function renderAlert(ctx, id) {
  const body = h('div');
  ctx.el.append(h('p', h('a', { href: '#/alerts' }, '← all alerts')), body);
  const load = () => guard(body, 'alerts', async () => {
    const data = await ctx.api.get(`/api/v1/alerts/${encodeURIComponent(id)}`);
    const a = data.alert;
    fill(body,
      h('h1', `Alert ${a.id}: ${a.rule}`),
      card(null, h('div.toolbar', badge(a.severity), h('span', { test: 'alert-detail-state' }, badge(alertState(a))),
        ctx.admin && a.status === 'active' ? h('span.actions',
          a.acknowledged_at ? null : actionButton('Acknowledge', async () => { await ctx.api.post(`/api/v1/alerts/${a.id}/acknowledge`, {}); await load(); }, { test: 'ack', kind: 'primary' }),
          actionButton('Resolve', async () => { await ctx.api.post(`/api/v1/alerts/${a.id}/resolve`, {}); await load(); }, { test: 'resolve' })) : null),
        h('p', a.message),
        kv([
          ['Signal', h('code', a.signal)], ['Labels', labelsText(a.labels) || 'none'],
          ['Value', fmt.signalValue(a.signal, a.value)], ['Threshold', fmt.signalValue(a.signal, a.threshold)],
          ['Started', fmt.time(a.started_at)], ['Escalated', a.escalated_at && fmt.time(a.escalated_at)],
          ['Acknowledged', a.acknowledged_at && `${fmt.time(a.acknowledged_at)} by ${a.acknowledged_by}`],
          ['Resolved', a.resolved_at && `${fmt.time(a.resolved_at)} by ${a.resolved_by}`],
        ])),
      card('History', sortableTable([
        { key: 'time', label: 'When', render: (e) => fmt.time(e.time) },
        { key: 'change', label: 'Change', render: (e) => badge(e.change) },
        { key: 'severity', label: 'Severity' },
        { key: 'actor', label: 'Who' },
        { key: 'comment', label: 'Comment' },
      ], data.history, { sort: 'time', test: 'alert-changes' })),
      card('Notifications', sortableTable([
        { key: 'created_at', label: 'When', value: (d) => d.created_at || d.time, render: (d) => fmt.time(d.created_at || d.time) },
        { key: 'channel', label: 'Channel' },
        { key: 'status', label: 'Outcome', render: (d) => badge(d.status || d.outcome || '?') },
        { key: 'attempts', label: 'Attempts', numeric: true },
        { key: 'error', label: 'Error', value: (d) => d.last_error || d.error },
      ], data.deliveries, { test: 'deliveries', empty: 'No notifications for this alert.' })));
  });
  await load();
  ctx.listen('alert', (event) => { if (String(event.alert_id) === String(id)) load(); });
}
