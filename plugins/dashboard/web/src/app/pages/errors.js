// Errors: groups from the error-logging plugin (one line per distinct problem), filtered by status and level;
// a group's detail with its recent occurrences, stack and history; admins resolve, ignore or reopen it.
import { h, fill } from '../dom.js';
import { card, badge, guard, rangePicker, stat, kv, actionButton } from '../ui.js';
import { sortableTable } from '../table.js';
import { timeChart, seconds, lastHours } from '../chart.js';
import { qs } from '../api.js';
import * as fmt from '../format.js';
import { traceLink } from '../waterfall.js';

export function groupTable(groups, test = 'error-groups') {
  return sortableTable([
    { key: 'exception_type', label: 'Error', render: (g) => h('div', h('a', { href: `#/errors/${g.id}`, test: 'error-link' }, g.exception_type || 'message'), h('div.muted.small', g.message || '')) },
    { key: 'service', label: 'Service' },
    { key: 'level', label: 'Level', render: (g) => badge(g.level) },
    { key: 'status', label: 'Status', render: (g) => h('span', badge(g.status), g.regressed ? [' ', badge('regressed')] : null) },
    { key: 'count', label: 'Events', numeric: true, value: (g) => g.count ?? g.events },
    { key: 'users_affected', label: 'Users', numeric: true },
    { key: 'last_seen', label: 'Last seen', render: (g) => fmt.ago(g.last_seen) },
  ], groups, { sort: 'last_seen', test, empty: 'No errors. Good.' });
}

export default {
  id: 'errors',
  title: 'Errors',
  plugin: 'errors',
  async render(ctx) {
    const id = ctx.params[0];
    if (id) return renderGroup(ctx, id);
    const hours = Number(ctx.query.get('hours') || 24);
    const status = ctx.query.get('status') || 'unresolved';
    const level = ctx.query.get('level') || '';
    const body = h('div');
    const statusSelect = h('select', { test: 'status-filter', onchange: (e) => ctx.setQuery({ status: e.target.value }) },
      ['unresolved', 'resolved', 'ignored', 'all'].map((s) => h('option', { value: s, selected: s === status }, s)));
    const levelSelect = h('select', { test: 'level-filter', onchange: (e) => ctx.setQuery({ level: e.target.value || null }) },
      ['', 'critical', 'error', 'warning', 'info', 'debug'].map((l) => h('option', { value: l, selected: l === level }, l || 'any level')));
    ctx.el.append(h('div.page-head', h('h1', 'Errors'), rangePicker(hours, (v) => ctx.setQuery({ hours: v }))), body);
    await guard(body, 'errors', async () => {
      const [summary, groups] = await Promise.all([
        ctx.api.get(`/api/v1/errors/summary${qs({ hours })}`),
        ctx.api.get(`/api/v1/errors/groups${qs({ status: status === 'all' ? '' : status, level, limit: 200 })}`),
      ]);
      const timeline = card('Events per hour');
      fill(body,
        card(`Last ${hours} h`, h('div.stats', { test: 'errors-summary' },
          stat('Events', fmt.num(summary.events), { test: 'errors-events', raw: summary.events }),
          stat('Critical', fmt.num(summary.events_by_level?.CRITICAL ?? 0), { test: 'errors-critical', raw: summary.events_by_level?.CRITICAL ?? 0, level: (summary.events_by_level?.CRITICAL ?? 0) > 0 ? 'bad' : 'good' }),
          stat('New groups', fmt.num(summary.new_groups), { test: 'errors-new', raw: summary.new_groups }),
          stat('Regressions', fmt.num(summary.regressions), { test: 'errors-regressions', raw: summary.regressions, level: summary.regressions > 0 ? 'warn' : undefined }),
          stat('Unresolved groups', fmt.num(summary.groups_seen_by_status?.unresolved ?? 0), { test: 'errors-unresolved', raw: summary.groups_seen_by_status?.unresolved ?? 0 }))),
        timeline,
        card(h('span', `${groups.total} groups `), h('div.toolbar', 'Status ', statusSelect, ' Level ', levelSelect), groupTable(groups.groups)));
      if (summary.timeline?.length) {
        const chart = timeChart(timeline, { series: [{ label: 'events', color: '#dc2626' }], format: (v, d) => fmt.num(v, d ?? 0), test: 'chart-errors', height: 160, xRange: lastHours(hours) });
        chart.setData(summary.timeline.map((p) => seconds(p.time)), summary.timeline.map((p) => p.events));
        ctx.onDispose(() => chart.destroy());
      }
    });
  },
};

async function renderGroup(ctx, id) {
  const body = h('div');
  ctx.el.append(h('p', h('a', { href: '#/errors' }, '← all errors')), body);
  const load = () => guard(body, 'errors', async () => {
    const g = await ctx.api.get(`/api/v1/errors/groups/${encodeURIComponent(id)}`);
    const act = (verb) => async () => { await ctx.api.post(`/api/v1/errors/groups/${g.id}/${verb}`); await load(); };
    const actions = ctx.admin ? h('div.actions', { test: 'error-actions' },
      g.status !== 'resolved' ? actionButton('Resolve', act('resolve'), { test: 'resolve', kind: 'primary' }) : null,
      g.status !== 'ignored' ? actionButton('Ignore', act('ignore'), { test: 'ignore' }) : null,
      g.status !== 'unresolved' ? actionButton('Reopen', act('reopen'), { test: 'reopen', kind: 'warn' }) : null) : null;
    const latest = g.occurrences?.[0];
    fill(body,
      h('h1', { test: 'error-title' }, g.exception_type || 'Error'),
      card(null,
        h('div.toolbar', h('span', { test: 'error-status' }, badge(g.status)), g.regressed ? badge('regressed') : null, badge(g.level), actions),
        h('p', { test: 'error-message' }, g.message),
        kv([
          ['Service', g.service],
          ['Where', g.culprit],
          ['Events', h('span', { test: 'error-count' }, fmt.num(g.count))],
          ['Users affected', fmt.num(g.users_affected)],
          ['First seen', fmt.time(g.first_seen)],
          ['Last seen', `${fmt.time(g.last_seen)} (${fmt.ago(g.last_seen)})`],
          ['Levels', Object.entries(g.levels || {}).map(([k, v]) => `${k.toLowerCase()} ${v}`).join(', ')],
          ['Endpoints', (g.endpoints || []).map((e) => `${e.value} (${e.count})`).join(', ')],
          ['Releases', (g.releases || []).map((e) => e.value).join(', ')],
          ['Status changed', g.status_changed_at ? `${fmt.time(g.status_changed_at)} by ${g.status_changed_by}` : null],
        ], 'error-facts')),
      latest ? card('Latest occurrence',
        kv([['When', fmt.time(latest.timestamp)], ['User', latest.user], ['User agent', latest.user_agent], ['Endpoint', latest.endpoint], ['Request', latest.request_id],
          latest.trace ? ['Trace', traceLink(latest.trace, 'latest-trace-link')] : null]),
        latest.stack ? h('pre.stack', { test: 'error-stack' }, latest.stack) : null,
        latest.context ? h('pre.stack', JSON.stringify(latest.context, null, 2)) : null) : null,
      card('Recent occurrences', sortableTable([
        { key: 'timestamp', label: 'When', render: (o) => fmt.time(o.timestamp) },
        { key: 'level', label: 'Level', render: (o) => badge(o.level) },
        { key: 'message', label: 'Message' },
        { key: 'endpoint', label: 'Endpoint' },
        { key: 'user', label: 'User' },
        { key: 'release', label: 'Release' },
        { key: 'trace', label: 'Trace', sortable: false, render: (o) => traceLink(o.trace) || '' },
      ], g.occurrences || [], { sort: 'timestamp', test: 'occurrences' })),
      card('History', sortableTable([
        { key: 'at', label: 'When', render: (e) => fmt.time(e.at) },
        { key: 'type', label: 'What', render: (e) => badge(e.type) },
        { key: 'actor', label: 'Who' },
        { key: 'detail', label: 'Detail', render: (e) => (e.detail && typeof e.detail === 'object' ? JSON.stringify(e.detail) : e.detail) },
      ], g.history || [], { sort: 'at', test: 'error-history' })));
  });
  await load();
}
