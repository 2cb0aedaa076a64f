// The Governance Console's "Peer gateways" panel, from GET /v1/console/peers: every peer gateway
// registered here with a link to its console, the domains it governs, whether it was removed, and
// this gateway's witness state of its log where the node reports one ("not available" otherwise).
import { fetchJson, fill, h, peerUrl, shortHash, timeEl } from './common.js';

/** Peer name to base URL, as last read: links from executions to their counterparts. */
export const peerBases = new Map();

/** Reads the peers into {@code target}; resolves to whether this gateway reports witness state. */
export async function loadPeers(target) {
  let answer;
  try {
    answer = await fetchJson('/v1/console/peers', { allow: [404] });
  } catch (e) {
    fill(target, h('p', { className: 'notice warn' }, `The peer gateways are not readable here (${e.message}).`));
    return false;
  }
  if (answer.status === 404 || !answer.body || !Array.isArray(answer.body.peers)) {
    fill(target, h('p', { className: 'muted' }, 'This node does not serve GET /v1/console/peers: no peer gateways shown.'));
    return false;
  }
  const { self, witnessing, peers } = answer.body;
  peerBases.clear();
  peers.forEach((p) => { if (typeof p.name === 'string') peerBases.set(p.name, p.url); });
  const intro = h('p', { className: 'muted', id: 'peers-self' }, `This gateway is ${self || '?'} at its peers.`,
    witnessing ? '' : ' Witness state: not available on this gateway.');
  if (peers.length === 0) {
    fill(target, intro, h('p', { className: 'muted', id: 'peers-none' }, 'No peer gateway is registered.'));
    return !!witnessing;
  }
  fill(target, intro, h('div', { className: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'peers-heading' },
    h('table', { id: 'peers' },
      h('thead', {}, h('tr', {}, ['Peer', 'Console', 'Governs', 'Registration', 'Witness'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, peers.map(peerRow)))));
  return !!witnessing;
}

function peerRow(p) {
  const home = peerUrl(p.url, '/');
  const domains = Array.isArray(p.domains) ? p.domains : [];
  return h('tr', { 'data-peer': p.name, 'data-removed': p.removed ? 'true' : 'false' },
    h('td', {}, h('strong', {}, p.name), h('span', { className: 'sub mono', title: 'current gateway key (RFC 7638 thumbprint)' }, p.currentKid || '')),
    h('td', {}, home ? h('a', { href: home, className: 'mono', 'data-peer-console': p.name }, p.url) : h('span', { className: 'mono' }, p.url || '—')),
    h('td', {}, domains.length ? domains.map((d, i) => [i ? ', ' : '', h('code', {}, d)]) : h('span', { className: 'muted' }, 'none')),
    h('td', {}, p.removed ? h('span', { className: 'badge s-interrupted' }, 'removed') : h('span', { className: 'badge s-completed' }, 'registered'),
      h('span', { className: 'sub' }, `#${p.seq}, `, timeEl(p.updatedAt))),
    h('td', { className: 'witness' }, witnessCell(p)));
}

function witnessCell(p) {
  if (p.witnessError) return h('span', { className: 'bad-text' }, `unavailable (${p.witnessError})`);
  const w = p.witness;
  if (!w || typeof w !== 'object') return h('span', { className: 'muted' }, 'not available');
  if (w.splitView) {
    const v = w.splitView;
    return [h('span', { className: 'badge s-interrupted' }, 'split view'),
      h('span', { className: 'sub' }, `witnessed size ${v.witnessedSize} root ${shortHash(v.witnessedRoot)}, shown size ${v.claimedSize} root ${shortHash(v.claimedRoot)}`),
      v.detail ? h('span', { className: 'sub' }, v.detail) : null,
      v.at ? h('span', { className: 'sub' }, 'alarmed ', timeEl(v.at)) : null];
  }
  if (!(w.size >= 0)) return h('span', { className: 'muted' }, 'nothing cosigned yet');
  return [h('span', { className: 'badge s-completed' }, 'consistent'),
    h('span', { className: 'sub' }, `size ${w.size}, root ${shortHash(w.root)}`),
    h('span', { className: 'sub' }, 'last cosigned ', timeEl(w.cosignedAt))];
}
