// The Runtime Governance Demo: buttons that start demo executions and break trust while they run,
// and a live card per execution that shows it being cut off, with the reason, as it happens.
import {
  TERMINAL, announce, connectEvents, errorNotice, fetchJson, fill, formatDuration, h, lineageLink, phaseBar,
  statusBadge, timeEl,
} from './common.js';

const FEED_MAX = 15;
const TRACKED_MAX = 6;
const STATE_POLL_MS = 3000;
const $ = (id) => document.getElementById(id);
const tracked = new Map();
const feed = [];
const early = new Map();
let buttonsBuilt = false;

async function control(path) {
  return fetchJson(path, { method: 'POST', headers: { 'Fxg-Demo': '1' } });
}

function scenarioButton(scenario) {
  return h('button', {
    type: 'button', className: `scenario-button${scenario.group === 'fail-closed' ? ' danger' : ''}`,
    'data-scenario': scenario.name, 'aria-describedby': `desc-${scenario.name}`,
    onclick: () => start(scenario),
  }, scenario.label, h('small', { id: `desc-${scenario.name}` }, `${scenario.description} — expect ${scenario.expect}`));
}

async function start(scenario) {
  const clickedAt = Date.now();
  try {
    const { body } = await control(`/demo/api/scenario/${encodeURIComponent(scenario.name)}`);
    track(body.executionId, scenario, clickedAt);
    refreshState();
  } catch (e) {
    fill($('tracked'), errorNotice(e), ...[...tracked.values()].map((t) => t.el));
  }
}

function track(id, scenario, clickedAt) {
  const card = { id, scenario, startedAt: clickedAt, timeline: [], summary: null, detail: null, el: h('article') };
  tracked.set(id, card);
  if ($('tracked').querySelector('p.muted')) fill($('tracked'));
  $('tracked').prepend(card.el);
  while (tracked.size > TRACKED_MAX) {
    const oldest = tracked.keys().next().value;
    tracked.get(oldest).el.remove();
    tracked.delete(oldest);
  }
  (early.get(id) || []).forEach((update) => apply(card, update));
  render(card);
  fetchJson(`/v1/executions/${encodeURIComponent(id)}`).then(({ body }) => {
    if (!card.summary) {
      card.summary = { status: body.status, phase: body.phase, reason: body.outcome && body.outcome.reason };
      card.detail = body.outcome && body.outcome.detail;
      render(card);
    }
  }).catch(() => {});
}

function outcome(card) {
  const s = card.summary;
  if (!s || !TERMINAL.has(s.status)) return h('p', { className: 'outcome muted' }, s ? `${s.status}, phase ${s.phase}…` : 'submitted…');
  const took = card.timeline.length ? card.timeline[card.timeline.length - 1].after : null;
  const verb = { interrupted: 'Cut off', denied: 'Denied', failed: 'Failed', completed: 'Completed' }[s.status];
  const expected = card.scenario.expect.split(':')[0].trim() === s.status;
  return h('div', {},
    h('p', { className: 'outcome', role: 'status' }, `${verb}${s.reason && s.reason !== 'completed' ? `: ${s.reason}` : ''}`,
      took !== null ? h('span', { className: 'muted' }, ` (${formatDuration(took)} after the click)`) : ''),
    card.detail ? h('p', {}, card.detail) : null,
    h('p', { className: expected ? 'ok-text' : 'bad-text' }, expected ? `✓ as expected (${card.scenario.expect})` : `expected ${card.scenario.expect}`));
}

function render(card) {
  const s = card.summary;
  const cut = s && (s.status === 'interrupted' || s.status === 'denied' || s.status === 'failed');
  card.el.className = `tracked${s && s.status === 'denied' ? ' denied' : cut ? ' cut' : s && s.status === 'completed' ? ' ok' : ''}`;
  card.el.dataset.execution = card.id;
  card.el.dataset.status = s ? s.status : 'pending';
  fill(card.el,
    h('div', { className: 'headline' }, h('strong', {}, card.scenario.label), s ? statusBadge(s.status) : statusBadge('pending'),
      lineageLink(card.id)),
    phaseBar(s ? s.status : 'pending', s ? s.phase : 1),
    outcome(card),
    card.timeline.length ? h('ol', { className: 'timeline' }, card.timeline.map((t) =>
      h('li', {}, h('code', {}, t.type), ` ${t.after < 0 ? '−' : '+'}${formatDuration(Math.abs(t.after))}`, t.detail ? ` — ${t.detail}` : ''))) : null);
}

function apply(card, update) {
  card.summary = update.execution;
  if (update.detail) card.detail = update.detail;
  card.timeline.push({ type: update.type, after: Date.parse(update.at) - card.startedAt, detail: update.detail });
}

function onUpdate(update) {
  const s = update.execution;
  feed.unshift(update);
  feed.length = Math.min(feed.length, FEED_MAX);
  fill($('feed'), feed.map((u) => h('li', {}, statusBadge(u.execution.status), ' ', h('code', {}, u.type), ' ',
    h('span', { className: 'when' }, timeEl(u.at)), h('span', { className: 'detail' }, lineageLink(u.chain),
      u.execution.reason && u.execution.reason !== 'completed' ? ` — ${u.execution.reason}` : ''))));
  const card = tracked.get(update.chain);
  if (!card) {
    // The stream may beat the button's response: keep a few updates for executions not yet tracked.
    early.set(update.chain, [...(early.get(update.chain) || []), update]);
    if (early.size > 50) early.delete(early.keys().next().value);
    return;
  }
  apply(card, update);
  render(card);
  if (TERMINAL.has(s.status) && update.type !== 'proof.persisted') {
    announce(`${card.scenario.label}: ${s.status}${s.reason ? ', ' + s.reason : ''}`);
  }
}

function renderState(state) {
  const target = state.target || {};
  const measurements = Object.entries(target.measurements || {});
  fill($('demo-state'), h('dl', { className: 'kv' },
    h('dt', {}, 'Target'), h('dd', {}, h('code', {}, target.environment || '?'), ' at ', target.endpoint || '?'),
    h('dt', {}, 'Measurements'), h('dd', { id: 'measurements', 'data-matches': String(Boolean(target.matches)) },
      h('span', { className: target.matches ? 'ok-text' : 'bad-text' }, target.matches ? '✓ match the reference' : '✕ differ from the reference'),
      h('ul', { className: 'events' }, measurements.map(([name, digest]) => h('li', {}, h('code', {}, name), ' ',
        h('span', { className: `hash ${target.reference && target.reference[name] === digest ? '' : 'bad-text'}` }, digest))))),
    h('dt', {}, 'Policy'), h('dd', { id: 'demo-policy' }, `version ${state.policy ? state.policy.version : '?'}`,
      state.policy && state.policy.strict ? ' (stricter)' : ' (lenient)')));
  fill($('demo-log'), (state.log || []).slice(0, 12).map((entry) => h('li', {}, h('span', { className: 'when' }, timeEl(entry.at)),
    h('span', { className: 'detail' }, entry.text))));
  if (!buttonsBuilt && Array.isArray(state.scenarios)) {
    fill($('scenario-buttons'), state.scenarios.filter((s) => s.group !== 'fail-closed').map(scenarioButton));
    fill($('failclosed-buttons'), state.scenarios.filter((s) => s.group === 'fail-closed').map(scenarioButton));
    buttonsBuilt = true;
  }
}

async function refreshState() {
  const { status, body } = await fetchJson('/demo/api/state', { allow: [404, 503] }).catch((e) => ({ status: e.status || 0 }));
  const unavailable = $('demo-unavailable');
  if (status === 200) {
    unavailable.hidden = true;
    renderState(body);
    $('reset').disabled = false;
    return true;
  }
  unavailable.hidden = false;
  fill(unavailable, h('p', { className: 'notice warn', role: 'status' }, status === 404
    ? 'This node runs without the demo: its controls come with scripts/fxg demo. The live feed below still works.'
    : 'The demo is starting…'));
  $('reset').disabled = true;
  return status !== 404;
}

$('reset').addEventListener('click', async () => {
  try {
    renderState((await control('/demo/api/reset')).body);
    announce('Demo reset');
  } catch (e) {
    fill($('demo-log'), h('li', {}, errorNotice(e)));
  }
});

async function poll() {
  if (await refreshState()) setTimeout(poll, STATE_POLL_MS);
}
poll();
connectEvents({ onExecution: onUpdate });
