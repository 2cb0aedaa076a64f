// The Governance Console: every execution with its phase progress, live from /v1/events,
// filtered by domain, status, reason and time, beside the policy, the federation and recent
// denials and interruptions, and the peer gateways this one federates with.
import {
  announce, connectEvents, debounce, domainOf, errorNotice, fetchJson, fill, h, lineageLink, peerLineageLink, phaseBar,
  statusBadge, timeEl,
} from './common.js';
import { RecentOutcomes, loadFederation, loadPolicy, noteTrust } from './console-panels.js';
import { loadPeers, peerBases } from './console-peers.js';

const MAX_ROWS = 300;
/** How often the peers panel is re-read while the node reports witness state (it has no event). */
const WITNESS_REFRESH_MS = 15000;
const $ = (id) => document.getElementById(id);
const tbody = document.querySelector('#executions tbody');
const rows = new Map();
const seenDomains = new Set();
const seenReasons = new Set();
const recent = new RecentOutcomes($('recent'));
let federationDomains = [];
let panelsLoaded = false;

function filters() {
  const minutes = Number($('filter-since').value);
  return {
    domain: $('filter-domain').value,
    status: $('filter-status').value,
    reason: $('filter-reason').value.trim(),
    since: minutes ? new Date(Date.now() - minutes * 60000).toISOString() : '',
  };
}

function matches(s, f) {
  return (!f.domain || domainOf(s.caller) === f.domain || domainOf(s.target) === f.domain)
    && (!f.status || s.status === f.status)
    && (!f.reason || s.reason === f.reason)
    && (!f.since || s.updatedAt >= f.since);
}

/**
 * The execution's cross-gateway link: "→ gw-b" to its child on the peer it was forwarded to,
 * "← gw-a" to its parent on the peer it came from; each a link to that execution's lineage there.
 */
function peerNote(peer) {
  if (!peer || !peer.name) return null;
  const child = peer.role === 'child';
  return h('span', {
    className: 'sub', 'data-peer': peer.name, 'data-peer-role': peer.role,
    title: child ? `forwarded to peer gateway ${peer.name}` : `forwarded here from peer gateway ${peer.name}`,
  }, child ? '→ ' : '← ', peerLineageLink(peerBases.get(peer.name), peer.executionId, peer.name));
}

function row(s) {
  const remoteParent = s.peer && s.peer.role === 'parent';
  return h('tr', { 'data-execution': s.executionId, 'data-status': s.status },
    h('td', {}, lineageLink(s.executionId), s.parent && !remoteParent ? h('span', { className: 'sub' }, 'child of ', lineageLink(s.parent)) : null,
      peerNote(s.peer)),
    h('td', {}, s.caller || '—', h('span', { className: 'sub' }, '→ ', s.target || '—')),
    h('td', {}, h('code', {}, s.action || '—'), h('span', { className: 'sub' }, s.resource || '')),
    h('td', {}, phaseBar(s.status, s.phase)),
    h('td', {}, statusBadge(s.status)),
    h('td', {}, s.reason && s.reason !== 'completed' ? h('span', { className: 'reason' }, s.reason) : ''),
    h('td', {}, timeEl(s.updatedAt)));
}

/** Inserts or replaces one execution's row, keeping focus if it was inside the old row. */
function upsert(s, flash) {
  if (!s || !s.executionId) return;
  const known = rows.get(s.executionId);
  if (known && (known.summary.updatedAt > s.updatedAt || (known.summary.updatedAt === s.updatedAt
      && known.summary.status === s.status && known.summary.phase === s.phase))) {
    return;
  }
  const tr = row(s);
  tr.hidden = !matches(s, filters());
  if (known) {
    const focused = known.tr.contains(document.activeElement);
    known.tr.replaceWith(tr);
    if (focused) tr.querySelector('a').focus();
  } else {
    tbody.prepend(tr);
  }
  if (flash) tr.classList.add('flash');
  rows.set(s.executionId, { summary: s, tr });
  noteSeen(s);
  while (rows.size > MAX_ROWS) {
    const oldest = [...rows.values()].reduce((a, b) => (a.summary.updatedAt <= b.summary.updatedAt ? a : b));
    oldest.tr.remove();
    rows.delete(oldest.summary.executionId);
  }
}

function noteSeen(s) {
  [domainOf(s.caller), domainOf(s.target)].filter(Boolean).forEach((d) => seenDomains.add(d));
  if (s.reason && s.reason !== 'completed' && !seenReasons.has(s.reason)) {
    seenReasons.add(s.reason);
    $('reasons').append(h('option', { value: s.reason }));
  }
  if (noteTrust(s) && panelsLoaded) reloadPanels();
  refreshDomainOptions();
}

const refreshDomainOptions = debounce(() => {
  const select = $('filter-domain');
  const wanted = [...new Set([...federationDomains, ...seenDomains])].sort();
  const present = [...select.options].map((o) => o.value).filter(Boolean);
  if (wanted.join() === present.join()) return;
  const value = select.value;
  fill(select, h('option', { value: '' }, 'any domain'), wanted.map((d) => h('option', { value: d }, d)));
  select.value = value;
}, 100);

function caption() {
  const visible = [...rows.values()].filter((r) => !r.tr.hidden).map((r) => r.summary);
  const counts = {};
  visible.forEach((s) => { counts[s.status] = (counts[s.status] || 0) + 1; });
  const parts = Object.entries(counts).sort().map(([status, n]) => `${n} ${status}`);
  $('executions-caption').textContent = visible.length === 0
    ? 'No executions match these filters yet.'
    : `${visible.length} execution${visible.length === 1 ? '' : 's'}: ${parts.join(', ')}. Newest first; updates arrive live.`;
}

async function loadList() {
  const f = filters();
  const query = new URLSearchParams({ limit: '200' });
  Object.entries(f).forEach(([k, v]) => { if (v) query.set(k, v); });
  try {
    const { body } = await fetchJson(`/v1/executions?${query}`);
    const fetched = body.executions || [];
    [...rows.values()].forEach((r) => { if (!matches(r.summary, f)) r.tr.hidden = true; });
    fetched.slice().reverse().forEach((s) => upsert(s, false));
    [...rows.values()].sort((a, b) => b.summary.updatedAt.localeCompare(a.summary.updatedAt))
      .forEach((r) => tbody.append(r.tr));
    caption();
  } catch (e) {
    fill($('executions-caption'), errorNotice(e));
  }
}

function applyFilters() {
  const f = filters();
  rows.forEach((r) => { r.tr.hidden = !matches(r.summary, f); });
  caption();
  loadList();
}

/** Re-renders the rows with a peer link, once the peers' URLs are known. */
function refreshPeerRows() {
  rows.forEach((r) => {
    if (!r.summary.peer) return;
    const tr = row(r.summary);
    tr.hidden = r.tr.hidden;
    const focused = r.tr.contains(document.activeElement);
    r.tr.replaceWith(tr);
    r.tr = tr;
    if (focused) tr.querySelector('a').focus();
  });
}

let witnessTimer = null;
async function reloadPeers() {
  const witnessing = await loadPeers($('peer-gateways'));
  refreshPeerRows();
  if (witnessing && !witnessTimer) witnessTimer = setInterval(reloadPeers, WITNESS_REFRESH_MS);
}

const reloadPanels = debounce(async () => {
  loadPolicy($('policy'));
  reloadPeers();
  federationDomains = await loadFederation($('federation'), seenDomains);
  panelsLoaded = true;
  refreshDomainOptions();
}, 300);

$('filters').addEventListener('change', applyFilters);
$('filter-reason').addEventListener('input', debounce(applyFilters, 400));
$('filters').addEventListener('reset', () => setTimeout(applyFilters, 0));
$('filters').addEventListener('submit', (event) => { event.preventDefault(); applyFilters(); });

// Load at once: a page opened by URL renders without waiting for the event stream, whose hello
// can come late or never (a proxy that buffers, the browser's six connections per host in use).
// The stream's hello reloads, so nothing between this read and the stream is missed.
async function loadAll() {
  await loadList();
  reloadPanels();
  recent.load();
}
loadAll();

connectEvents({
  onOpen: loadAll,
  onExecution: (update) => {
    const s = update.execution;
    upsert(s, true);
    caption();
    if (update.type === 'execution.denied' || update.type === 'execution.interrupted') {
      recent.add(s, update.detail);
      announce(`${s.executionId} ${s.status}: ${s.reason}`);
    }
  },
  onLineage: () => reloadPanels(),
});
