// Notification channels; admins create, edit, test and delete API channels here (/api/v1/alerts/channels).
// Secrets are write-only: the API shows them masked, the form leaves them out unless a new value is typed (the API
// then keeps the stored one), and no secret ever reaches the page.
import { h, fill } from '../dom.js';
import { card, badge, guard, actionButton } from '../ui.js';
import { sortableTable } from '../table.js';
import * as fmt from '../format.js';
import { field, textInput, selectInput, checkbox, openForm, numberOrText, showForType, FieldError } from '../forms.js';

const TYPES = ['webhook', 'slack', 'discord', 'teams', 'pagerduty', 'email', 'log'];
const URL_TYPES = 'webhook slack discord teams pagerduty';
const EVENTS = ['fired', 'escalated', 'resolved', 'acknowledged'];

export async function channelsSection(ctx, el) {
  async function load() {
    await guard(el, 'alerts', async () => {
      const data = await ctx.api.get('/api/v1/alerts/channels');
      fill(el, card('Channels',
        ctx.admin ? h('div.toolbar', actionButton('New channel', () => channelForm(ctx, null, load), { test: 'channel-new', kind: 'primary' })) : null,
        channelsTable(ctx, data.channels, load)));
    });
  }
  await load();
  return load;
}

function target(c) {
  if (c.type === 'email') return (c.to || []).join(', ');
  if (c.type === 'log') return 'Vigil\'s log';
  return h('code.url', c.url || '–');
}

/** "delivered · HTTP 200 · 35 ms" or "gave up · <error>": what the test's delivery came to. */
function testOutcome(delivery) {
  const parts = [delivery.outcome === 'gave_up' ? 'gave up' : delivery.outcome];
  if (delivery.status_code) parts.push(`status ${delivery.status_code}`);
  if (delivery.duration_ms !== null && delivery.duration_ms !== undefined) parts.push(fmt.ms(delivery.duration_ms));
  if (delivery.error) parts.push(delivery.error);
  return h('span.test-outcome', { class: delivery.outcome === 'delivered' ? 'ok' : 'bad', 'data-outcome': delivery.outcome }, parts.join(' · '));
}

function channelsTable(ctx, channels, reload) {
  return sortableTable([
    { key: 'name', label: 'Channel', render: (c) => h('strong', c.name) },
    { key: 'type', label: 'Type' },
    { key: 'target', label: 'Sends to', sortable: false, render: target },
    { key: 'min_severity', label: 'From severity' },
    { key: 'events', label: 'Changes', value: (c) => (c.events || []).join(', ') },
    { key: 'enabled', label: 'Enabled', render: (c) => badge(c.enabled ? 'on' : 'off', c.enabled ? 'ok' : 'stopped') },
    { key: 'source', label: 'From' },
    ctx.admin ? { key: 'actions', label: '', sortable: false, render: (c) => {
      const outcome = h('div.small', { test: `channel-test-outcome-${c.name}`, 'aria-live': 'polite' });
      return h('div', h('span.actions',
        actionButton('Edit', () => channelForm(ctx, c, reload), { test: `channel-edit-${c.name}` }),
        actionButton('Send test', async () => {
          fill(outcome, h('span.muted', 'sending…'));
          const answer = await ctx.api.post(`/api/v1/alerts/channels/${encodeURIComponent(c.name)}/test`, {});
          fill(outcome, testOutcome(answer.delivery));
        }, { test: `channel-test-${c.name}` }),
        c.source === 'api' ? actionButton(c.overrides_file_channel ? 'Revert to file' : 'Delete', async () => {
          await ctx.api.del(`/api/v1/alerts/channels/${encodeURIComponent(c.name)}`);
          await reload();
        }, {
          test: `channel-delete-${c.name}`,
          kind: 'danger',
          confirm: c.overrides_file_channel
            ? `Delete the API channel '${c.name}'? The config file's channel of that name takes over again.`
            : `Delete the channel '${c.name}'? It gets no more notifications.`,
        }) : null), outcome);
    } } : null,
  ].filter(Boolean), channels, { sort: 'name', desc: false, test: 'channels-table', empty: 'No channels: alerts show here only.' });
}

/** A secret's input: empty, saying what is stored now (masked); left empty, the stored value is kept. */
function secretField(label, name, masked, editing, options = {}) {
  const input = h('input', { type: options.type || 'password', autocomplete: 'new-password', placeholder: options.placeholder || '' });
  const now = editing && masked ? `Now ${masked} (hidden). Leave empty to keep it; type a new value to replace it.` : options.hint;
  return { input, row: field(label, input, { name, types: options.types, wide: options.wide, hint: now }) };
}

/** "Name: value" per line. Values come back masked (***); a masked value sent back keeps the stored one. */
function headersText(headers) {
  return Object.entries(headers || {}).map(([k, v]) => `${k}: ${v}`).join('\n');
}

function parseHeaders(text) {
  const headers = {};
  for (const line of String(text || '').split('\n').map((l) => l.trim()).filter(Boolean)) {
    const at = line.indexOf(':');
    if (at <= 0) throw new FieldError('headers', `'${line}' is not "Name: value"`);
    headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return headers;
}

function channelForm(ctx, channel, reload) {
  const editing = !!channel;
  const c = channel || { type: 'webhook', min_severity: 'warning', events: ['fired', 'escalated', 'resolved'], enabled: true, timeout: '5s', headers: {} };
  const smtp = c.smtp || {};
  const inputs = {
    name: textInput(c.name, { readonly: editing, required: true, placeholder: 'ops-webhook' }),
    type: selectInput(TYPES, c.type),
    min_severity: selectInput(['warning', 'critical'], c.min_severity),
    timeout: textInput(c.timeout, { placeholder: '5s' }),
    enabled: checkbox(c.enabled),
    headers: h('textarea', { rows: 3, placeholder: 'Authorization: Bearer …' }, headersText(c.headers)),
    from: textInput(c.from, { placeholder: 'Vigil <vigil@example.com>' }),
    to: textInput((c.to || []).join(', '), { placeholder: 'ops@example.com, oncall@example.com' }),
    subject_prefix: textInput(c.subject_prefix, { placeholder: '[Vigil]' }),
    smtp_host: textInput(smtp.host, { placeholder: 'smtp.example.com' }),
    smtp_port: textInput(smtp.port ?? '', { inputmode: 'numeric', placeholder: 'by TLS mode' }),
    smtp_tls: selectInput([['starttls', 'STARTTLS (587)'], ['tls', 'TLS (465)'], ['none', 'none (25)']], smtp.tls || 'starttls'),
    smtp_username: textInput(smtp.username),
  };
  const events = EVENTS.map((e) => checkbox((c.events || []).includes(e), { value: e, test: `event-${e}` }));
  const url = secretField('URL', 'url', c.url, editing, { type: 'text', types: URL_TYPES, wide: true, placeholder: 'https://hooks.example.com/…',
    hint: 'PagerDuty: leave empty for its Events API.' });
  const routingKey = secretField('Routing key', 'routing_key', c.routing_key, editing, { types: 'pagerduty' });
  const password = secretField('SMTP password', 'smtp.password', smtp.password, editing, { types: 'email' });
  const form = openForm(ctx, {
    title: editing ? `Edit channel ${c.name}` : 'New channel',
    test: 'channel-form',
    submitLabel: editing ? 'Save channel' : 'Create channel',
    body: [
      field('Name', inputs.name, { name: 'name' }),
      field('Type', inputs.type, { name: 'type' }),
      url.row,
      field('Headers', inputs.headers, { name: 'headers', types: URL_TYPES, wide: true, hint: 'One "Name: value" a line; values are secret and show as ***.' }),
      routingKey.row,
      field('From', inputs.from, { name: 'from', types: 'email' }),
      field('To', inputs.to, { name: 'to', types: 'email' }),
      field('Subject prefix', inputs.subject_prefix, { name: 'subject_prefix', types: 'email' }),
      field('SMTP host', inputs.smtp_host, { name: 'smtp.host', types: 'email' }),
      field('SMTP port', inputs.smtp_port, { name: 'smtp.port', types: 'email' }),
      field('SMTP security', inputs.smtp_tls, { name: 'smtp.tls', types: 'email' }),
      field('SMTP user', inputs.smtp_username, { name: 'smtp.username', types: 'email' }),
      password.row,
      field('From severity', inputs.min_severity, { name: 'min_severity' }),
      h('div.field', { 'data-field': 'events' }, h('fieldset', h('legend', 'Changes to send'),
        events.map((box) => h('label.check', box, ' ', box.value))), h('div.field-error', { role: 'alert', test: 'error-events' })),
      field('Timeout', inputs.timeout, { name: 'timeout' }),
      field('Enabled', inputs.enabled, { name: 'enabled' }),
    ],
    async onSubmit() {
      const name = inputs.name.value.trim();
      if (!name) throw new FieldError('name', 'is required');
      const type = inputs.type.value;
      const text = (input) => input.value.trim() || null;
      const body = {
        type,
        min_severity: inputs.min_severity.value,
        events: events.filter((box) => box.checked).map((box) => box.value),
        timeout: text(inputs.timeout),
        enabled: inputs.enabled.checked,
      };
      // A secret left empty is left out: the API keeps what the channel has (write-only secrets).
      const secret = (input, key, into = body) => { if (input.value.trim()) into[key] = input.value.trim(); };
      if (URL_TYPES.split(' ').includes(type)) {
        secret(url.input, 'url');
        body.headers = parseHeaders(inputs.headers.value);
      }
      if (type === 'pagerduty') secret(routingKey.input, 'routing_key');
      if (type === 'email') {
        body.from = text(inputs.from);
        body.to = inputs.to.value.split(',').map((s) => s.trim()).filter(Boolean);
        body.subject_prefix = text(inputs.subject_prefix);
        body.smtp = { host: text(inputs.smtp_host), port: numberOrText(inputs.smtp_port.value), tls: inputs.smtp_tls.value, username: text(inputs.smtp_username) };
        secret(password.input, 'password', body.smtp);
      }
      await ctx.api.put(`/api/v1/alerts/channels/${encodeURIComponent(name)}`, body);
    },
    onDone: reload,
  });
  showForType(form, inputs.type.value);
  inputs.type.addEventListener('change', () => showForType(form, inputs.type.value));
}
