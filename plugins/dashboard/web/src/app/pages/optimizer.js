// Optimizer: the trained models (response-time forest, anomaly detector) with their metrics, ranked
// recommendations with the numbers behind them, the anomalous minutes, and predictions against what happened;
// admins train on demand and watch the job's progress.
import { h, fill } from '../dom.js';
import { card, badge, guard, rangePicker, stat, notice, actionButton, kv } from '../ui.js';
import { sortableTable } from '../table.js';
import { timeChart, seconds, lastHours } from '../chart.js';
import { qs } from '../api.js';
import * as fmt from '../format.js';

const lower = (v) => String(v ?? '').toLowerCase();

/** Evidence as the plugin gives it: an object of figures, a list of them, or a sentence. */
function evidence(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return h('div.muted.small', value);
  if (Array.isArray(value)) return h('ul.small', value.map((item) => h('li', typeof item === 'object' ? JSON.stringify(item) : String(item))));
  // A figure without a value (an error before any prediction was matched) is left out, not written "null".
  const known = Object.entries(value).filter(([, v]) => v !== null && v !== undefined);
  if (!known.length) return null;
  return h('div.small.muted', known.map(([k, v]) => h('span.legend-item', `${k.replace(/_/g, ' ')}: ${typeof v === 'number' ? fmt.num(v, 3) : typeof v === 'object' ? JSON.stringify(v) : v}`)));
}

function modelCard(model) {
  const details = model.details || {};
  const metrics = details.metrics || model.metrics || {};
  const importance = details.feature_importance || model.feature_importance || [];
  const anomaly = details.anomaly || {};
  return card(h('span', 'Model ', badge(`v${model.version ?? '?'}`, 'none'), model.in_use ? [' ', badge('in use', 'ok')] : null),
    kv([
      ['Trained', model.trained_at ? `${fmt.time(model.trained_at)} (${fmt.ago(model.trained_at)})` : null],
      ['Training took', model.training_ms !== undefined ? fmt.ms(model.training_ms) : null],
      ['Records', model.records !== undefined ? `${fmt.num(model.records)} requests, ${fmt.num(model.minute_rows)} endpoint-minutes` : null],
      ['Data from', model.data_from ? `${fmt.time(model.data_from)} to ${fmt.time(model.data_to)}` : null],
      ['Response-time model', details.algorithm ? `${details.algorithm.replace(/^.*\./, '')}, ${details.trees} trees, depth ≤ ${details.max_depth}` : null],
      ['Cross-validated error', metrics.mae_ms !== undefined ? `MAE ${fmt.ms(metrics.mae_ms)} (guessing the mean: ${fmt.ms(metrics.baseline_mae_ms)}), RMSE ${fmt.ms(metrics.rmse_ms)}` : null],
      ['Correlation', metrics.correlation !== undefined ? `${fmt.num(metrics.correlation, 3)} (R² ${fmt.num(metrics.r2, 3)}, ${metrics.cross_validation_folds} folds)` : null],
      ['Anomaly detector', anomaly.algorithm ? `${anomaly.algorithm.replace(/^.*\./, '')}, ${anomaly.trees} trees, cut ${anomaly.cut}: ${fmt.num(anomaly.anomalies_found)} of ${fmt.num(anomaly.minutes_scored)} minutes` : null],
      ['Notes', (details.notes || []).join('; ') || null],
    ].filter((row) => row[1] !== null && row[1] !== undefined), 'model-facts'),
    importance.length ? [h('h3', 'What drives response time'), sortableTable([
      { key: 'feature', label: 'Feature', render: (f) => f.feature.replace(/_/g, ' ') },
      { key: 'share', label: 'Share', numeric: true, render: (f) => fmt.pct((f.share ?? 0) * 100, 1) },
      { key: 'mae_increase_ms', label: 'Error added without it', numeric: true, render: (f) => fmt.ms(f.mae_increase_ms) },
    ], importance, { sort: 'share', test: 'feature-importance' })] : null);
}

export default {
  id: 'optimizer',
  title: 'Optimizer',
  plugin: 'optimizer',
  async render(ctx) {
    const hours = Number(ctx.query.get('hours') || 24);
    const job = h('div', { test: 'train-progress' });
    const status = h('div');
    const models = h('div');
    const recommendations = h('div');
    const anomalies = h('div');
    const predictions = h('div');
    ctx.el.append(h('div.page-head', h('h1', 'Optimizer'), h('div.toolbar',
      ctx.admin ? actionButton('Train now', () => train(), { test: 'train-now', kind: 'primary' }) : null,
      rangePicker(hours, (v) => ctx.setQuery({ hours: v })))), job, status, recommendations, models, anomalies, predictions);

    async function train() {
      const started = await ctx.api.post('/api/v1/optimizer/train', {});
      const id = started.job_id || started.id;
      for (;;) {
        const state = await ctx.api.get(`/api/v1/optimizer/jobs/${encodeURIComponent(id)}`);
        fill(job, notice(state.state === 'FAILED' ? 'error' : 'info', h('strong', `Training ${lower(state.state)}: `), state.message || '',
          ' ', h('progress', { max: 1, value: state.progress ?? 0 }), ` ${Math.round((state.progress ?? 0) * 100)} %`, state.error ? h('div', state.error) : null));
        if (!['QUEUED', 'RUNNING'].includes(state.state)) break;
        await new Promise((r) => setTimeout(r, 1000));
        if (!ctx.el.isConnected) return;
      }
      await load();
    }

    async function load() {
      const ok = await guard(status, 'optimizer', async () => {
        const s = await ctx.api.get('/api/v1/optimizer/status');
        const model = s.model || {};
        const training = s.training || {};
        fill(status, card(null, h('div.stats', { test: 'optimizer-status' },
          stat('Model', model.version ? `v${model.version}` : 'none yet', { test: 'optimizer-model', sub: model.trained_at ? `trained ${fmt.ago(model.trained_at)}` : (model.load_problem || '') }),
          stat('Training records', fmt.num(training.records_available), { raw: training.records_available, sub: `at least ${fmt.num(training.min_training_records)} needed, last ${training.window || '?'}` }),
          stat('Trains every', training.interval || '–'),
          stat('Anomaly detector', model.anomaly_detector ? 'ready' : 'not trained', { level: model.anomaly_detector ? 'good' : undefined }))));
        return true;
      });
      if (!ok) return;
      await guard(recommendations, 'optimizer', async () => {
        const data = await ctx.api.get('/api/v1/optimizer/recommendations');
        const list = data.recommendations || [];
        fill(recommendations, card(`${list.length} recommendations`,
          list.length ? h('ol.recommendations', { test: 'recommendations' }, list.map((r) => h('li', { test: 'recommendation' },
            badge(lower(r.severity) || 'info'), ' ', h('strong', r.title),
            r.endpoint ? h('span.muted', ' · ', h('code', `${r.method ? `${r.method} ` : ''}${r.endpoint}`), r.service ? ` (${r.service})` : '') : null,
            r.suggestion ? h('div', r.suggestion) : null,
            evidence(r.evidence))))
            : h('p.muted', { test: 'recommendations' }, data.message || data.note || 'No recommendations: the optimizer needs more request history or a trained model.')));
      });
      await guard(models, 'optimizer', async () => {
        const data = await ctx.api.get('/api/v1/optimizer/models');
        const list = data.models || (Array.isArray(data) ? data : []);
        fill(models, list.length ? h('div', { test: 'models' }, list.slice(0, 3).map(modelCard))
          : card('Models', h('p.muted', { test: 'models' }, data.message || 'No model is trained yet.')));
      });
      await guard(anomalies, 'optimizer', async () => {
        const data = await ctx.api.get(`/api/v1/optimizer/anomalies${qs({ hours })}`);
        const list = data.anomalies || [];
        const chartCard = card(`Anomalous minutes, last ${hours} h`);
        fill(anomalies, chartCard);
        if (list.length) {
          const sorted = list.slice().sort((a, b) => new Date(a.minute || a.time) - new Date(b.minute || b.time));
          const chart = timeChart(chartCard, { series: [{ label: 'anomaly score', color: '#dc2626' }], format: (v, d) => fmt.num(v, d ?? 2), test: 'chart-anomalies', height: 160, xRange: lastHours(hours) });
          chart.setData(sorted.map((a) => seconds(a.minute || a.time)), sorted.map((a) => a.score ?? a.anomaly_score));
          ctx.onDispose(() => chart.destroy());
        }
        chartCard.append(sortableTable([
          { key: 'minute', label: 'Minute', value: (a) => a.minute || a.time, render: (a) => fmt.time(a.minute || a.time) },
          { key: 'endpoint', label: 'Endpoint', value: (a) => `${a.method || ''} ${a.endpoint || ''}`, render: (a) => h('code', `${a.method || ''} ${a.endpoint || ''}`) },
          { key: 'score', label: 'Score', numeric: true, value: (a) => a.score ?? a.anomaly_score, render: (a) => fmt.num(a.score ?? a.anomaly_score, 3) },
          { key: 'avg_ms', label: 'Avg', numeric: true, render: (a) => fmt.ms(a.avg_ms) },
          { key: 'usual_avg_ms', label: 'Usually', numeric: true, render: (a) => fmt.ms(a.usual_avg_ms) },
          { key: 'count', label: 'Requests', numeric: true },
        ], list, { sort: 'score', test: 'anomalies-table', empty: 'No anomalous minutes.' }));
      });
      await guard(predictions, 'optimizer', async () => {
        const data = await ctx.api.get(`/api/v1/optimizer/predictions${qs({ hours })}`);
        const list = data.predictions || [];
        fill(predictions, card(`Predictions against what happened, last ${hours} h`,
          data.summary ? evidence(data.summary) : null,
          sortableTable([
            { key: 'time', label: 'When', value: (p) => p.time || p.predicted_at, render: (p) => fmt.time(p.time || p.predicted_at) },
            { key: 'endpoint', label: 'Endpoint', render: (p) => h('code', `${p.method || ''} ${p.endpoint || ''}`) },
            { key: 'predicted_ms', label: 'Predicted', numeric: true, render: (p) => fmt.ms(p.predicted_ms) },
            { key: 'actual_ms', label: 'Actual', numeric: true, render: (p) => fmt.ms(p.actual_ms) },
            { key: 'model_version', label: 'Model', numeric: true },
          ], list.slice(0, 100), { sort: 'time', test: 'predictions-table', empty: 'No predictions yet.' })));
      });
    }

    await load();
  },
};
