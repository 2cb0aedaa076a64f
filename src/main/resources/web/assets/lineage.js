// The Execution Lineage Explorer: one execution's record chain (each hash recomputed here) and the
// graph of its parent and child executions across domains and, through a cross-gateway link, the
// counterpart on a peer gateway (a link to that gateway's explorer).
import {
  PHASE_NAMES, connectEvents, debounce, errorNotice, fetchJson, fill, h, peerLineageLink, phaseBar, statusBadge, timeEl,
} from './common.js';
import { drawGraph } from './lineage-graph.js';
import { recordHash } from './verifier.js';
import { available } from './webcrypto.js';

const GENESIS = '0'.repeat(64);
const MAX_DEPTH = 8;
const MAX_NODES = 64;
const $ = (id) => document.getElementById(id);
const id = decodeURIComponent(location.pathname.replace(/^\/lineage\//, '').replace(/\/$/, ''));

async function view(executionId) {
  return (await fetchJson(`/v1/executions/${encodeURIComponent(executionId)}`)).body;
}

/** The cross-gateway link of a view: where it was forwarded to, or where it came from. */
function peerItem(peer) {
  if (!peer || !peer.name) return null;
  const link = peer.executionId ? peerLineageLink(peer.url, peer.executionId) : null;
  const text = peer.role === 'child'
    ? [`forwarded to ${peer.name}`, link ? [', where it runs as ', link] : ' (not yet accepted there)']
    : [`forwarded from ${peer.name}`, link ? [', where its parent is ', link] : ''];
  return [h('dt', {}, peer.role === 'child' ? 'Child gateway' : 'Parent gateway'),
    h('dd', { id: 'peer-link', 'data-peer': peer.name, 'data-peer-role': peer.role }, text)];
}

function header(v) {
  const outcome = v.outcome || {};
  document.title = `Lineage ${v.executionId} · fxg`;
  return h('section', { className: 'panel', 'aria-labelledby': 'execution-heading' },
    h('h2', { id: 'execution-heading' }, h('span', { className: 'mono' }, v.executionId), ' ', statusBadge(v.status)),
    phaseBar(v.status, v.phase),
    h('dl', { className: 'kv' },
      h('dt', {}, 'Caller → target'), h('dd', {}, `${v.caller.domain}/${v.caller.principal} → ${v.target.domain}/${v.target.environment}`),
      h('dt', {}, 'Action'), h('dd', {}, h('code', {}, v.action), ' on ', h('code', {}, v.resource)),
      h('dt', {}, 'Phase'), h('dd', {}, `${v.phase} ${v.phaseName}`),
      peerItem(v.peer),
      v.policy ? [h('dt', {}, 'Policy'), h('dd', {}, `version ${v.policy.version}, `, h('span', { className: 'hash' }, v.policy.digest))] : null,
      outcome.reason ? [h('dt', {}, 'Outcome'), h('dd', { id: 'outcome' }, h('span', { className: 'reason' }, outcome.reason),
        outcome.detail ? ` — ${outcome.detail}` : '')] : null,
      h('dt', {}, 'Created'), h('dd', {}, timeEl(v.createdAt), ', updated ', timeEl(v.updatedAt)),
      h('dt', {}, 'Lineage head'), h('dd', { className: 'hash' }, v.lineageHead),
      v.logIndex !== null && v.logIndex !== undefined ? [h('dt', {}, 'Log index'), h('dd', {}, String(v.logIndex))] : null),
    h('p', { className: 'buttons' },
      h('a', { className: 'button', href: `/proof?id=${encodeURIComponent(v.executionId)}` }, 'Verify its proof in this browser'),
      h('a', { className: 'button secondary', href: `/v1/executions/${encodeURIComponent(v.executionId)}/lineage` }, 'Records as JSON')));
}

async function chain(records) {
  const checked = available();
  let prev = GENESIS;
  let broken = 0;
  const items = [];
  for (const r of records) {
    const hashOk = checked ? (await recordHash(r)) === r.hash : null;
    const linkOk = r.prev === prev;
    if (hashOk === false || !linkOk) broken++;
    prev = r.hash;
    items.push(h('li', { className: hashOk === false || !linkOk ? 'bad' : '', 'data-seq': r.seq, 'data-type': r.type },
      h('div', { className: 'head' },
        h('span', {}, `#${r.seq}`), h('span', { className: 'type' }, r.type), forwardLabel(r.data),
        h('span', { className: 'muted' }, `phase ${r.phase} ${PHASE_NAMES[r.phase - 1] || ''}`),
        timeEl(r.at), h('span', { className: 'muted' }, `node ${r.node}`)),
      h('div', {}, h('span', { className: 'muted' }, 'hash '), h('span', { className: 'hash' }, r.hash), ' ',
        hashOk === null ? '' : h('span', { className: hashOk ? 'ok-text' : 'bad-text' }, hashOk ? '✓ recomputed' : '✕ does not match')),
      h('div', {}, h('span', { className: 'muted' }, 'prev '), h('span', { className: 'hash' }, r.prev), ' ',
        h('span', { className: linkOk ? 'ok-text' : 'bad-text' }, linkOk ? '✓ links' : '✕ broken link')),
      h('details', {}, h('summary', {}, 'data'), h('pre', {}, JSON.stringify(r.data, null, 2)))));
  }
  fill($('chain'), items);
  $('chain-status').textContent = !checked
    ? `${records.length} records. Hashes not recomputed: WebCrypto needs a secure context (HTTPS or loopback).`
    : broken === 0 ? `${records.length} records; every hash recomputed in this browser and every link holds.`
      : `${broken} record(s) do not verify.`;
}

/** "forwarded to gw-b" on the record that forwarded the execution, with the child there as a link. */
function forwardLabel(data) {
  if (!data || typeof data.forwardedTo !== 'string') return null;
  return h('span', { className: 'forwarded', 'data-forwarded-to': data.forwardedTo }, `forwarded to ${data.forwardedTo}`,
    data.child ? [' as ', peerLineageLink(data.url, data.child)] : '');
}

/** The execution's family: ancestors up to the root, then every descendant, within limits. */
async function family(current) {
  const views = new Map([[current.executionId, current]]);
  let root = current;
  for (let depth = 0; root.parent && depth < MAX_DEPTH; depth++) {
    try {
      root = await view(root.parent);
      views.set(root.executionId, root);
    } catch (e) {
      break;
    }
  }
  let level = [root];
  const reached = new Set([root.executionId]);
  for (let depth = 0; level.length && depth < MAX_DEPTH && reached.size < MAX_NODES; depth++) {
    const childIds = level.flatMap((v) => v.children || []).filter((c) => !reached.has(c)).slice(0, MAX_NODES - reached.size);
    childIds.forEach((c) => reached.add(c));
    const fetched = await Promise.all(childIds.filter((c) => !views.has(c)).map((c) => view(c).catch(() => null)));
    fetched.filter(Boolean).forEach((v) => views.set(v.executionId, v));
    level = childIds.map((c) => views.get(c)).filter(Boolean);
  }
  return { root, views };
}

/**
 * The family with each counterpart on a peer gateway added as a node of its own: a child where an
 * execution was forwarded, the parent above the root where it came from.
 */
function withPeers(root, views) {
  const all = new Map(views);
  let top = root;
  for (const v of views.values()) {
    const p = v.peer;
    if (!p || !p.executionId || views.has(p.executionId)) continue;
    const remote = { executionId: p.executionId, remote: p, status: 'remote', children: [] };
    if (p.role === 'child') {
      all.set(v.executionId, { ...v, children: [...new Set([...(v.children || []), p.executionId])] });
      all.set(p.executionId, remote);
    } else if (v.executionId === root.executionId) {
      remote.children = [root.executionId];
      all.set(p.executionId, remote);
      top = remote;
    }
  }
  return { top: all.get(top.executionId), all };
}

let shown = null;

async function load() {
  try {
    const [current, lineage] = await Promise.all([
      view(id), fetchJson(`/v1/executions/${encodeURIComponent(id)}/lineage`).then((r) => r.body)]);
    const { root, views } = await family(current);
    // Re-render only what changed, so a reader's focus and open details survive live updates.
    const seen = JSON.stringify([current, (lineage.records || []).length, [...views.values()].map((v) => [v.executionId, v.status, v.phase])]);
    if (seen !== shown) {
      shown = seen;
      fill($('execution'), header(current));
      await chain(lineage.records || []);
      const { top, all } = withPeers(root, views);
      fill($('graph'), drawGraph(top, all, id),
        all.size === 1 ? h('p', { className: 'muted' }, 'No parent or child executions.') : null);
    }
    return views;
  } catch (e) {
    const message = e.status === 404 ? `No execution ${id} on this gateway.` : e;
    // The first read and the stream's hello both load: show the same failure once, not twice.
    const seen = `error ${String(message && message.message ? message.message : message)}`;
    if (seen !== shown) {
      shown = seen;
      fill($('execution'), errorNotice(message));
    }
    return new Map();
  }
}

let family$ = new Set([id]);
async function loadFamily() {
  family$ = new Set((await load()).keys());
}
const reload = debounce(loadFamily, 250);

// Load at once: opened by URL, the page renders without waiting for the event stream's hello
// (which can come late or never: a buffering proxy, six connections per host in use); the hello
// reloads, so no update between this read and the stream is missed.
loadFamily();

connectEvents({
  onOpen: reload,
  onExecution: (update) => {
    const s = update.execution;
    if (family$.has(update.chain) || (s && s.parent && family$.has(s.parent))) reload();
  },
});
