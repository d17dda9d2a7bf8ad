// Plugins: state, routes, tables, tasks, queues and config of each, from the kernel's admin API; admins stop,
// start and reload them. State changes arrive live on the stream.
import { h, fill } from '../dom.js';
import { card, badge, guard, actionButton, kv, notice } from '../ui.js';
import { sortableTable } from '../table.js';
import * as fmt from '../format.js';

export default {
  id: 'plugins',
  title: 'Plugins',
  async render(ctx) {
    const list = h('div', { test: 'plugins-list' });
    const detail = h('div', { test: 'plugin-detail' });
    ctx.el.append(h('h1', 'Plugins'), list, detail);

    async function load() {
      await guard(list, 'kernel', async () => {
        const data = await ctx.api.get('/api/v1/admin/plugins');
        const table = sortableTable([
          { key: 'id', label: 'Plugin', render: (p) => h('a', { href: `#/plugins/${p.id}`, test: `plugin-link-${p.id}` }, p.id) },
          { key: 'version', label: 'Version' },
          { key: 'state', label: 'State', render: (p) => h('span', { test: `plugin-state-${p.id}` }, badge(p.state)) },
          { key: 'health', label: 'Health', render: (p) => badge(p.health) },
          { key: 'routes', label: 'Routes', numeric: true, value: (p) => p.routes.length },
          { key: 'tables', label: 'Tables', numeric: true, value: (p) => p.tables.length },
          { key: 'tasks', label: 'Tasks', numeric: true, value: (p) => p.tasks.length },
          { key: 'failures', label: 'Failures', numeric: true, value: (p) => p.failures?.failures ?? 0 },
          { key: 'started_at', label: 'Started', render: (p) => fmt.ago(p.started_at) },
          { key: 'actions', label: '', sortable: false, render: (p) => (ctx.admin ? actions(p) : null) },
        ], data.plugins, { sort: 'id', desc: false, test: 'plugins-table' });
        fill(list, card(`${data.plugins.length} plugins installed`, table,
          ctx.admin ? null : h('p.muted', 'Sign in with an admin token to stop, start or reload plugins.')));
        const id = ctx.params[0];
        if (id) {
          const plugin = data.plugins.find((p) => p.id === id);
          fill(detail, plugin ? describe(plugin) : notice('error', `No plugin '${id}' is installed.`));
        }
      });
    }

    function actions(p) {
      const run = (verb) => async () => {
        await ctx.api.post(`/api/v1/admin/plugins/${p.id}/${verb}`);
        await load();
      };
      const self = p.id === 'dashboard';
      return h('span.actions',
        p.state === 'STARTED'
          ? [actionButton('Stop', run('stop'), { test: `stop-${p.id}`, kind: 'warn', confirm: self ? 'Stopping the dashboard plugin closes this page. Stop it?' : undefined }),
            actionButton('Reload', run('reload'), { test: `reload-${p.id}` })]
          : actionButton('Start', run('start'), { test: `start-${p.id}`, kind: 'primary' }));
    }

    function describe(p) {
      const config = p.config || {};
      return card(`Plugin ${p.id}`,
        kv([
          ['Description', p.description],
          ['File', p.file],
          ['State', badge(p.state)],
          ['Error', p.error],
          ['Start took', p.start_ms === null ? null : `${p.start_ms} ms`],
          ['Config file', config.file],
          ['Config error', config.error],
          ['Last failure', p.failures?.last_error],
        ], `plugin-facts-${p.id}`),
        h('h3', 'Routes'),
        sortableTable([
          { key: 'method', label: 'Method' },
          { key: 'path', label: 'Path', render: (r) => h('code', r.path) },
          { key: 'role', label: 'Role', render: (r) => badge(r.role) },
        ], p.routes, { sort: 'path', desc: false, test: 'plugin-routes', empty: 'No routes.' }),
        h('h3', 'Tables'),
        p.tables.length ? h('p', p.tables.map((t) => h('code.tag', t))) : h('p.muted', 'No tables.'),
        h('h3', 'Scheduled tasks'),
        sortableTable([
          { key: 'name', label: 'Task' },
          { key: 'interval_ms', label: 'Every', numeric: true, render: (t) => fmt.duration(t.interval_ms / 1000) },
          { key: 'runs', label: 'Runs', numeric: true },
          { key: 'last_run', label: 'Last run', render: (t) => fmt.ago(t.last_run) },
          { key: 'last_duration_ms', label: 'Took', numeric: true, render: (t) => fmt.ms(t.last_duration_ms) },
          { key: 'run', label: '', sortable: false, render: (t) => (ctx.admin && p.state === 'STARTED'
            ? actionButton('Run now', async () => { await ctx.api.post(`/api/v1/admin/plugins/${p.id}/tasks/${t.name}/run`); setTimeout(load, 500); })
            : null) },
        ], p.tasks, { sort: 'name', desc: false, empty: 'No scheduled tasks.' }),
        h('h3', 'Event subscriptions and write queues'),
        sortableTable([
          { key: 'name', label: 'Name', value: (s) => s.event || s.name },
          { key: 'queued', label: 'Queued', numeric: true, value: (s) => s.queued ?? s.depth },
          { key: 'capacity', label: 'Capacity', numeric: true },
          { key: 'delivered', label: 'Delivered / written', numeric: true, value: (s) => s.delivered ?? s.written },
          { key: 'dropped', label: 'Dropped', numeric: true },
        ], [...(p.subscriptions || []), ...(p.queues || [])], { empty: 'None.' }));
    }

    await load();
    ctx.listen('plugin', () => load());
  },
};
