// Silences mute notifications of the alerts their matchers select until they end; admins create them here and
// expire them early (POST and DELETE /api/v1/alerts/silences).
import { h, fill } from '../dom.js';
import { card, badge, guard, actionButton } from '../ui.js';
import { sortableTable } from '../table.js';
import * as fmt from '../format.js';
import { field, textInput, openForm, parsePairs, pairsText, FieldError } from '../forms.js';

export async function silencesSection(ctx, el) {
  async function load() {
    await guard(el, 'alerts', async () => {
      const data = await ctx.api.get('/api/v1/alerts/silences');
      fill(el, card('Silences',
        ctx.admin ? h('div.toolbar', actionButton('New silence', () => silenceForm(ctx, load), { test: 'silence-new', kind: 'primary' })) : null,
        silencesTable(ctx, data.silences, load)));
    });
  }
  await load();
  return load;
}

function state(s) {
  if (s.active) return 'active';
  if (s.lifted_at) return 'expired early';
  return new Date(s.starts_at) > new Date() ? 'future' : 'over';
}

function silencesTable(ctx, silences, reload) {
  return sortableTable([
    { key: 'id', label: 'Id', numeric: true },
    { key: 'matchers', label: 'Matchers', value: (s) => pairsText(s.matchers) },
    { key: 'until', label: 'Until', render: (s) => fmt.time(s.until) },
    { key: 'comment', label: 'Comment' },
    { key: 'created_by', label: 'By' },
    { key: 'active', label: 'State', value: state, render: (s) => h('span', { test: `silence-state-${s.id}` }, badge(state(s), s.active ? 'warning' : 'none')) },
    ctx.admin ? { key: 'actions', label: '', sortable: false, render: (s) => (s.active || state(s) === 'future'
      ? actionButton('Expire now', async () => {
        await ctx.api.del(`/api/v1/alerts/silences/${s.id}`);
        await reload();
      }, { test: `silence-expire-${s.id}`, kind: 'warn', confirm: `Expire silence ${s.id} (${pairsText(s.matchers)}) now? Its alerts notify again.` })
      : null) } : null,
  ].filter(Boolean), silences, { test: 'silences-table', empty: 'No silences.' });
}

/** datetime-local wants local time without a zone: "2026-12-07T18:30". */
function localInputValue(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function silenceForm(ctx, reload) {
  const inputs = {
    matchers: textInput('', { required: true, placeholder: 'rule=disk-usage, mount=/data' }),
    until: h('input', { type: 'datetime-local', required: true, value: localInputValue(new Date(Date.now() + 2 * 3600 * 1000)) }),
    comment: textInput('', { placeholder: 'disk swap tonight' }),
  };
  openForm(ctx, {
    title: 'New silence',
    test: 'silence-form',
    submitLabel: 'Create silence',
    body: [
      field('Matchers', inputs.matchers, { name: 'matchers', wide: true, hint: 'Labels of the alert, plus rule, signal and severity; "*" any value.' }),
      field('Ends (your local time)', inputs.until, { name: 'until' }),
      field('Comment', inputs.comment, { name: 'comment', wide: true }),
    ],
    async onSubmit() {
      const matchers = parsePairs(inputs.matchers.value, 'matchers');
      if (!Object.keys(matchers).length) throw new FieldError('matchers', 'name at least one label, e.g. rule=disk-usage');
      const until = new Date(inputs.until.value);
      if (!inputs.until.value || Number.isNaN(until.getTime())) throw new FieldError('until', 'is required: when the silence ends');
      await ctx.api.post('/api/v1/alerts/silences', { matchers, until: until.toISOString(), comment: inputs.comment.value.trim() || null });
    },
    onDone: reload,
  });
}
