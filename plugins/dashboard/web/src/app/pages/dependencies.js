// Dependencies: the latest scan of Vigil's own jars, its plugins and configured application paths — known
// vulnerabilities, outdated versions, a health score — and, for admins, a scan on demand with its progress.
import { h, fill } from '../dom.js';
import { card, badge, guard, stat, notice, actionButton, kv } from '../ui.js';
import { sortableTable } from '../table.js';
import * as fmt from '../format.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'unknown'];
const lower = (v) => String(v ?? '').toLowerCase();

export default {
  id: 'dependencies',
  title: 'Dependencies',
  plugin: 'dependencies',
  async render(ctx) {
    const scan = h('div', { test: 'scan-progress' });
    const body = h('div');
    ctx.el.append(h('div.page-head', h('h1', 'Dependencies'),
      ctx.admin ? actionButton('Scan now', () => startScan(), { test: 'scan-now', kind: 'primary' }) : null), scan, body);

    async function startScan() {
      const job = await ctx.api.post('/api/v1/dependencies/scan', {});
      await follow(job.job_id);
    }

    async function follow(id) {
      for (;;) {
        const job = await ctx.api.get(`/api/v1/dependencies/jobs/${encodeURIComponent(id)}`);
        fill(scan, notice(job.state === 'FAILED' ? 'error' : 'info',
          h('strong', `Scan ${lower(job.state)}: `), job.message || '', ' ',
          h('progress', { max: 1, value: job.progress ?? 0 }), ` ${Math.round((job.progress ?? 0) * 100)} %`,
          job.error ? h('div', job.error) : null));
        if (!['QUEUED', 'RUNNING'].includes(job.state)) break;
        await new Promise((r) => setTimeout(r, 1000));
        if (!ctx.el.isConnected) return;
      }
      await load();
    }

    async function load() {
      await guard(body, 'dependencies', async () => {
        const report = await ctx.api.get('/api/v1/dependencies/report');
        if (!report.scanned) {
          fill(body, notice('info', report.message || 'No scan has run yet.', ctx.admin ? ' Use “Scan now”.' : ''));
          return;
        }
        const health = report.health || {};
        const summary = report.summary || {};
        const vulns = summary.vulnerabilities || {};
        const checked = report.vulnerabilities_checked;
        fill(body,
          checked ? null : notice('warn', { test: 'not-checked' }, h('strong', 'Vulnerabilities were not checked. '),
            report.vulnerability_data?.message || report.message || 'No vulnerability data is configured.'),
          card(`Scanned ${fmt.ago(report.scanned_at)}`, h('div.stats', { test: 'dependencies-summary' },
            stat('Health score', health.score === null || health.score === undefined ? 'no score' : `${health.score} / 100`, {
              test: 'dependencies-score', raw: health.score,
              level: health.score === null || health.score === undefined ? 'warn' : health.score >= 80 ? 'good' : health.score >= 50 ? 'warn' : 'bad',
              sub: health.score === null || health.score === undefined ? (health.outdated_only_score !== null && health.outdated_only_score !== undefined ? `outdated versions alone: ${health.outdated_only_score}` : '') : '',
            }),
            stat('Components', fmt.num(summary.components), { test: 'dependencies-components', raw: summary.components }),
            stat('Vulnerable components', checked ? fmt.num(summary.vulnerable_components) : 'not checked', { raw: checked ? summary.vulnerable_components : undefined, level: summary.vulnerable_components ? 'bad' : undefined }),
            SEVERITIES.filter((s) => vulns[s] || vulns[s.toUpperCase()]).map((s) => stat(s, fmt.num(vulns[s] ?? vulns[s.toUpperCase()]), { level: s === 'critical' || s === 'high' ? 'bad' : 'warn' })),
            stat('Outdated', fmt.num(summary.outdated?.total ?? 0), { raw: summary.outdated?.total ?? 0 })),
            health.note ? h('p.muted.small', health.note) : null,
            health.formula ? h('p.muted.small', `Score: ${health.formula}`) : null,
            sourcesList(report.vulnerability_sources || [])),
          card('Known vulnerabilities', sortableTable([
            { key: 'id', label: 'Id', render: (v) => (v.url ? h('a', { href: v.url, target: '_blank', rel: 'noopener noreferrer' }, v.id) : v.id) },
            { key: 'severity', label: 'Severity', value: (v) => lower(v.severity), render: (v) => badge(lower(v.severity)) },
            { key: 'cvss_score', label: 'CVSS', numeric: true, render: (v) => fmt.num(v.cvss_score, 1) },
            { key: 'component', label: 'Component', value: (v) => v.component?.name, render: (v) => h('div', `${v.component?.name} ${v.component?.version || ''}`, h('div.muted.small', v.component?.plugin_id ? `plugin ${v.component.plugin_id}` : v.component?.target || '')) },
            { key: 'description', label: 'Description', render: (v) => h('div.small', (v.description || '').slice(0, 300)) },
          ], report.vulnerabilities || [], { sort: 'cvss_score', test: 'vulnerabilities-table', empty: checked ? 'No known vulnerabilities.' : 'Not checked: no vulnerability data.' })),
          card('Outdated versions', sortableTable([
            { key: 'name', label: 'Component' },
            { key: 'ecosystem', label: 'Ecosystem' },
            { key: 'version', label: 'In use' },
            { key: 'latest_version', label: 'Latest' },
            { key: 'update_type', label: 'Update', value: (o) => lower(o.update_type), render: (o) => badge(lower(o.update_type), lower(o.update_type) === 'major' ? 'warning' : 'none') },
            { key: 'target', label: 'Where', value: (o) => o.plugin_id ? `plugin ${o.plugin_id}` : o.target },
          ], report.outdated || [], { sort: 'update_type', test: 'outdated-table', empty: 'Every checked component is current.' })),
          card('Licence findings', sortableTable([
            { key: 'name', label: 'Component', render: (l) => h('span', { title: l.file || '' }, `${l.name} ${l.version || ''}`) },
            { key: 'ecosystem', label: 'Ecosystem' },
            { key: 'licenses', label: 'Licences', value: (l) => (l.licenses || []).join(', ') },
            { key: 'denied_by', label: 'Denied by', value: (l) => (l.denied_by || []).join(', ') },
            { key: 'target', label: 'Where', value: (l) => (l.plugin_id ? `plugin ${l.plugin_id}` : l.target) },
          ], report.license_findings || [], { sort: 'name', desc: false, test: 'license-findings-table', empty: 'No component has a licence listed in licenses.deny.' })),
          card('Components', sortableTable([
            { key: 'name', label: 'Name', render: (c) => h('span', { title: c.file || '' }, c.name) },
            { key: 'ecosystem', label: 'Ecosystem' },
            { key: 'version', label: 'Version' },
            { key: 'licenses', label: 'Licences', value: (c) => (c.licenses || []).join(', '), render: (c) => h('span.small', { title: (c.licenses || []).join(', ') }, ((c.licenses || []).join(', ') || '–').slice(0, 60)) },
            { key: 'vulnerabilities', label: 'Vulnerabilities', numeric: true, value: (c) => (c.vulnerabilities || []).length },
            { key: 'outdated', label: 'Latest', value: (c) => c.outdated?.latest_version || lower(c.outdated?.status) },
            { key: 'target', label: 'Where', value: (c) => (c.plugin_id ? `plugin ${c.plugin_id}` : c.target) },
          ], report.components || [], { sort: 'name', desc: false, test: 'components-table', empty: 'No components found.' })),
          card('Scanned targets', sortableTable([
            { key: 'target', label: 'Target' },
            { key: 'kind', label: 'Kind' },
            { key: 'components', label: 'Components', numeric: true },
            { key: 'vulnerabilities', label: 'Vulnerabilities', numeric: true },
            { key: 'outdated', label: 'Outdated', numeric: true },
            { key: 'scanned_at', label: 'Scanned', render: (t) => fmt.ago(t.scanned_at) },
            { key: 'error', label: 'Error' },
          ], report.targets || [], { sort: 'target', desc: false, test: 'targets-table' })));
      });
    }

    await load();
  },
};

/** Each source of vulnerability data, checked in the last full scan or not, and why. */
function sourcesList(sources) {
  if (!sources.length) return null;
  return h('ul.small', { test: 'vulnerability-sources' }, sources.map((s) => h('li',
    badge(s.checked ? 'checked' : 'not checked', s.checked ? 'ok' : 'warning'), ' ', h('strong', s.name), s.reason ? ` — ${s.reason}` : '')));
}
