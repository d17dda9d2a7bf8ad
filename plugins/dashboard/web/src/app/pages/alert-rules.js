// The alert rules in force; admins create, edit, switch off and delete API rules here (PUT, PATCH and DELETE
// /api/v1/alerts/rules/{name}). The signal field offers every signal the server has seen, otel.* included.
import { h, fill } from '../dom.js';
import { card, badge, guard, actionButton } from '../ui.js';
import { sortableTable } from '../table.js';
import * as fmt from '../format.js';
import { field, textInput, selectInput, checkbox, openForm, parsePairs, pairsText, numberOrText, FieldError } from '../forms.js';

const AGGREGATIONS = ['last', 'avg', 'min', 'max', 'p95'];
const COMPARISONS = [['greater', 'greater than'], ['less', 'less than'], ['equal', 'equal to']];
const SYMBOL = { greater: '>', less: '<', equal: '=' };

/** Fills el with the rules card and keeps it current after each change made here. */
export async function rulesSection(ctx, el) {
  async function load() {
    await guard(el, 'alerts', async () => {
      const list = await ctx.api.get('/api/v1/alerts/rules');
      fill(el, card('Rules',
        ctx.admin ? h('div.toolbar', actionButton('New rule', () => ruleForm(ctx, null, load), { test: 'rule-new', kind: 'primary' })) : null,
        h('div.table-scroll', rulesTable(ctx, list.rules, load))));
    });
  }
  await load();
  return load;
}

function threshold(r, value) {
  return value === null || value === undefined ? '–' : `${SYMBOL[r.comparison] || '>'} ${fmt.num(value, 2)}`;
}

function rulesTable(ctx, rules, reload) {
  const name = (r) => encodeURIComponent(r.name);
  return sortableTable([
    // Where the rule comes from and whether its signal was seen sit under name and signal: the table stays narrow
    // enough for the admin's buttons.
    { key: 'name', label: 'Rule', render: (r) => h('div', h('strong', r.name), r.description ? h('div.muted.small', r.description) : null,
      h('div.muted.small', { test: `rule-source-${r.name}` }, r.source === 'api' ? (r.overrides_file_rule ? 'API, over the file\'s' : 'API') : 'config file')) },
    { key: 'signal', label: 'Signal', value: (r) => r.signal, render: (r) => h('div', h('code', r.signal),
      r.signal_seen ? null : h('div.muted.small', 'not seen yet')) },
    { key: 'labels', label: 'Labels', value: (r) => pairsText(r.labels) },
    { key: 'aggregation', label: 'Aggregation', value: (r) => `${r.aggregation} over ${r.window}` },
    { key: 'warning', label: 'Warning', numeric: true, render: (r) => threshold(r, r.warning) },
    { key: 'critical', label: 'Critical', numeric: true, render: (r) => threshold(r, r.critical) },
    { key: 'consecutive', label: 'In a row', numeric: true },
    { key: 'cooldown', label: 'Cooldown' },
    { key: 'enabled', label: 'Enabled', render: (r) => h('span', { test: `rule-enabled-${r.name}` }, badge(r.enabled ? 'on' : 'off', r.enabled ? 'ok' : 'stopped')) },
    ctx.admin ? { key: 'actions', label: '', sortable: false, render: (r) => h('span.actions.actions-stack',
      actionButton('Edit', () => ruleForm(ctx, r, reload), { test: `rule-edit-${r.name}` }),
      actionButton(r.enabled ? 'Disable' : 'Enable', async () => {
        await ctx.api.patch(`/api/v1/alerts/rules/${name(r)}`, { enabled: !r.enabled });
        await reload();
      }, { test: `rule-toggle-${r.name}`, kind: r.enabled ? 'warn' : undefined }),
      // A rule only in the file cannot be deleted here (the API refuses); deleting an override brings it back.
      r.source === 'api' ? actionButton(r.overrides_file_rule ? 'Revert to file' : 'Delete', async () => {
        await ctx.api.del(`/api/v1/alerts/rules/${name(r)}`);
        await reload();
      }, {
        test: `rule-delete-${r.name}`,
        kind: 'danger',
        confirm: r.overrides_file_rule
          ? `Delete the API rule '${r.name}'? The config file's rule of that name takes over again.`
          : `Delete the rule '${r.name}'? Its active alerts resolve.`,
      }) : null) } : null,
  ].filter(Boolean), rules, { sort: 'name', desc: false, test: 'rules-table' });
}

/** The create (rule null) or edit form; a save is a PUT of the whole rule. */
async function ruleForm(ctx, rule, reload) {
  const editing = !!rule;
  const r = rule || { aggregation: 'last', window: '5m', comparison: 'greater', consecutive: 3, cooldown: '15m', enabled: true, labels: {} };
  // Every signal seen so far, to pick from; a rule may still name one no plugin has published yet.
  let known = [];
  try {
    known = ((await ctx.api.get('/api/v1/admin/signals')).names || []).slice().sort();
  } catch { /* typing the name still works */ }
  const listId = `signals-${Date.now()}`;
  const inputs = {
    name: textInput(r.name, { readonly: editing, required: true, placeholder: 'slow-checkout', pattern: '[a-z0-9][a-z0-9_.\\-]*' }),
    signal: textInput(r.signal, { list: listId, required: true, placeholder: 'requests.p95_ms' }),
    labels: textInput(pairsText(r.labels), { placeholder: 'service=shop, endpoint=/checkout' }),
    aggregation: selectInput(AGGREGATIONS, r.aggregation),
    window: textInput(r.window, { placeholder: '5m' }),
    comparison: selectInput(COMPARISONS, r.comparison),
    warning: textInput(r.warning ?? '', { inputmode: 'decimal' }),
    critical: textInput(r.critical ?? '', { inputmode: 'decimal' }),
    consecutive: textInput(r.consecutive ?? '', { inputmode: 'numeric' }),
    cooldown: textInput(r.cooldown, { placeholder: '15m' }),
    enabled: checkbox(r.enabled),
    description: textInput(r.description || ''),
  };
  const unseen = h('div.field-hint', { test: 'signal-unseen' });
  const noteUnseen = () => {
    const v = inputs.signal.value.trim();
    unseen.textContent = v && known.length && !known.includes(v) ? `No plugin has published ${v} yet: the rule waits for it.` : '';
  };
  inputs.signal.addEventListener('input', noteUnseen);
  noteUnseen();
  const datalist = h('datalist', { id: listId, test: 'signal-options' }, known.map((s) => h('option', { value: s })));
  openForm(ctx, {
    title: editing ? `Edit rule ${r.name}` : 'New alert rule',
    test: 'rule-form',
    submitLabel: editing ? 'Save rule' : 'Create rule',
    body: [
      field('Name', inputs.name, { name: 'name', hint: editing ? (r.source === 'file' ? 'Saving makes an API rule that overrides the file\'s.' : null) : 'Lower-case letters, digits, . _ -' }),
      h('div', field('Signal', inputs.signal, { name: 'signal', hint: 'Any signal the server receives, application signals over OTLP (otel.*) included.' }), unseen, datalist),
      field('Labels', inputs.labels, { name: 'labels', hint: '"*" any value, "" absent, "!x" anything but x' }),
      field('Aggregation', inputs.aggregation, { name: 'aggregation' }),
      field('Window', inputs.window, { name: 'window' }),
      field('Fires when the value is', inputs.comparison, { name: 'comparison' }),
      field('Warning threshold', inputs.warning, { name: 'warning' }),
      field('Critical threshold', inputs.critical, { name: 'critical' }),
      field('Violations in a row', inputs.consecutive, { name: 'consecutive' }),
      field('Cooldown', inputs.cooldown, { name: 'cooldown' }),
      field('Description', inputs.description, { name: 'description', wide: true }),
      field('Enabled', inputs.enabled, { name: 'enabled' }),
    ],
    async onSubmit() {
      const name = inputs.name.value.trim();
      if (!name) throw new FieldError('name', 'is required');
      const text = (input) => input.value.trim() || null;
      await ctx.api.put(`/api/v1/alerts/rules/${encodeURIComponent(name)}`, {
        signal: text(inputs.signal),
        labels: parsePairs(inputs.labels.value, 'labels'),
        aggregation: inputs.aggregation.value,
        window: text(inputs.window),
        comparison: inputs.comparison.value,
        warning: numberOrText(inputs.warning.value),
        critical: numberOrText(inputs.critical.value),
        consecutive: numberOrText(inputs.consecutive.value),
        cooldown: text(inputs.cooldown),
        enabled: inputs.enabled.checked,
        description: text(inputs.description),
      });
    },
    onDone: reload,
  });
}
