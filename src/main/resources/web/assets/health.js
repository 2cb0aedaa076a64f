// The Infrastructure Health Dashboard: readiness, cluster members, monitors, journal and log,
// and charts computed from successive /metrics scrapes. Polls every two seconds.
import { ApiError, PHASE_NAMES, fetchJson, fetchText, fill, formatDuration, h } from './common.js';
import { lineChart } from './charts.js';
import { renderCluster, renderMonitors } from './health-cluster.js';
import { labelValues, parsePrometheus, quantile, sum } from './prometheus.js';

const POLL_MS = 2000;
const KEEP = 90;
const $ = (id) => document.getElementById(id);
const history = [];

async function optional(load) {
  try {
    return await load();
  } catch (e) {
    return e instanceof ApiError ? { status: e.status } : { status: 0, error: e };
  }
}

function renderReadiness(ready) {
  if (!ready.body || !ready.body.checks) {
    fill($('readiness'), h('p', { className: 'notice error' }, `Readiness unknown (${ready.status}).`));
    return;
  }
  const ok = ready.body.status === 'ready';
  fill($('readiness'),
    h('p', { id: 'ready-state', className: `big ${ok ? 'ok-text' : 'bad-text'}`, 'data-ready': String(ok) }, ok ? 'Ready' : 'Not ready'),
    h('ul', { className: 'events', id: 'ready-checks' }, Object.entries(ready.body.checks).map(([name, pass]) =>
      h('li', { 'data-check': name, 'data-ok': String(pass) },
        h('span', { className: pass ? 'ok-text' : 'bad-text' }, pass ? '✓ ' : '✕ '), h('code', {}, name)))));
}

const ms = (seconds) => (seconds === null ? NaN : seconds * 1000);

function firstMetric(metrics, pattern) {
  const name = [...metrics.samples.keys()].find((n) => pattern.test(n));
  return name ? sum(metrics, name) : null;
}

function renderJournal(metrics, checkpoint) {
  const p50 = quantile(metrics, 'fxg_journal_write_seconds', 0.5);
  const p95 = quantile(metrics, 'fxg_journal_write_seconds', 0.95);
  const writes = sum(metrics, 'fxg_journal_write_seconds_count');
  const checkpointSize = checkpoint && checkpoint.status === 200 ? checkpoint.text.split('\n')[1] : null;
  const logSize = firstMetric(metrics, /^fxg_log_(size|leaves|tree_size)/) ?? (checkpointSize !== null ? Number(checkpointSize) : null);
  const age = firstMetric(metrics, /checkpoint_age/);
  fill($('journal'), h('dl', { className: 'kv' },
    h('dt', {}, 'Journal write p50 / p95'),
    h('dd', { id: 'journal-latency' }, p50 === null ? 'no writes yet' : `${formatDuration(p50 * 1000)} / ${formatDuration(p95 * 1000)} over ${writes} writes`),
    h('dt', {}, 'Log size'), h('dd', { id: 'log-size' }, logSize === null ? 'not reported' : `${logSize} leaves`),
    h('dt', {}, 'Checkpoint'), h('dd', { id: 'checkpoint-age' }, age !== null ? `${formatDuration(age * 1000)} old`
      : checkpointSize !== null ? `covers ${checkpointSize} leaves` : 'not published on this node'),
    h('dt', {}, 'Live executions'), h('dd', { id: 'live-executions' }, String(sum(metrics, 'fxg_executions_live'))),
    h('dt', {}, 'Records written'), h('dd', {}, String(sum(metrics, 'fxg_lineage_records_total')))));
}

function renderPhases(metrics) {
  const phases = labelValues(metrics, 'fxg_phase_latency_seconds_count', 'phase').sort((a, b) => a - b);
  if (!phases.length) {
    fill($('phase-latency'), h('p', { className: 'muted' }, 'No phase transitions yet.'));
    return;
  }
  fill($('phase-latency'), h('table', { id: 'phase-table' },
    h('thead', {}, h('tr', {}, ['Phase', 'Records', 'Mean', 'p95'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, phases.map((phase) => {
      const count = sum(metrics, 'fxg_phase_latency_seconds_count', { phase });
      const mean = count ? sum(metrics, 'fxg_phase_latency_seconds_sum', { phase }) / count : null;
      return h('tr', {}, h('td', {}, `${phase} ${PHASE_NAMES[phase - 1] || ''}`), h('td', {}, String(count)),
        h('td', {}, formatDuration(ms(mean))), h('td', {}, formatDuration(ms(quantile(metrics, 'fxg_phase_latency_seconds', 0.95, { phase })))));
    }))));
}

function renderOutcomes(metrics) {
  const rows = (metrics.samples.get('fxg_executions_finished_total') || []).filter((s) => s.value > 0)
    .sort((a, b) => b.value - a.value);
  fill($('outcomes'), rows.length === 0 ? h('p', { className: 'muted' }, 'No finished executions yet.')
    : h('table', { id: 'outcome-table' },
      h('thead', {}, h('tr', {}, ['Status', 'Reason', 'Executions'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map((s) => h('tr', {}, h('td', {}, h('span', { className: `badge s-${s.labels.status}` }, s.labels.status)),
        h('td', { className: 'reason' }, s.labels.reason || ''), h('td', {}, String(s.value)))))));
}

function sample(metrics) {
  history.push({
    t: Date.now(),
    records: sum(metrics, 'fxg_lineage_records_total'),
    finished: sum(metrics, 'fxg_executions_finished_total'),
    cut: sum(metrics, 'fxg_executions_finished_total', { status: 'interrupted' }) + sum(metrics, 'fxg_executions_finished_total', { status: 'denied' }),
    writeSum: sum(metrics, 'fxg_journal_write_seconds_sum'),
    writeCount: sum(metrics, 'fxg_journal_write_seconds_count'),
    phaseSum: sum(metrics, 'fxg_phase_latency_seconds_sum'),
    phaseCount: sum(metrics, 'fxg_phase_latency_seconds_count'),
  });
  if (history.length > KEEP) history.shift();
}

function rates(key) {
  return history.slice(1).map((p, i) => ({ t: p.t, v: Math.max(0, (p[key] - history[i][key]) / ((p.t - history[i].t) / 1000)) }));
}

/** Mean milliseconds per interval; intervals without observations have no point. */
function means(sumKey, countKey) {
  return history.slice(1).map((p, i) => {
    const n = p[countKey] - history[i][countKey];
    return n > 0 ? { t: p.t, v: ((p[sumKey] - history[i][sumKey]) / n) * 1000 } : null;
  }).filter(Boolean);
}

function renderCharts() {
  if (history.length < 2) return;
  const perSecond = (v) => `${v.toFixed(v < 10 ? 1 : 0)}/s`;
  fill($('throughput-chart'), lineChart('Throughput', [
    { name: 'records/s', points: rates('records') },
    { name: 'finished executions/s', points: rates('finished') },
    { name: 'denied or interrupted/s', points: rates('cut') }], perSecond));
  fill($('latency-chart'), lineChart('Latency', [
    { name: 'journal write, mean ms', points: means('writeSum', 'writeCount') },
    { name: 'between records, mean ms', points: means('phaseSum', 'phaseCount') }], (v) => `${v.toFixed(v < 10 ? 1 : 0)} ms`));
}

async function poll() {
  const [ready, metricsText, cluster, checkpoint, policy] = await Promise.all([
    optional(() => fetchJson('/health/ready', { allow: [503] })),
    optional(() => fetchText('/metrics')),
    optional(() => fetchJson('/v1/cluster', { allow: [404] })),
    optional(() => fetchText('/v1/log/checkpoint', { allow: [404] })),
    optional(() => fetchJson('/v1/policy', { allow: [404] }))]);
  const live = $('live-state');
  live.dataset.state = ready.status ? 'live' : 'reconnecting';
  live.textContent = ready.status ? `polling every ${POLL_MS / 1000} s` : 'node unreachable';
  renderReadiness(ready);
  renderCluster($('cluster'), cluster, ready, policy);
  renderMonitors($('monitors'), cluster, ready);
  if (metricsText.text) {
    const metrics = parsePrometheus(metricsText.text);
    renderJournal(metrics, checkpoint);
    renderPhases(metrics);
    renderOutcomes(metrics);
    sample(metrics);
    renderCharts();
  }
}

async function loop() {
  await poll();
  setTimeout(loop, POLL_MS);
}
loop();
