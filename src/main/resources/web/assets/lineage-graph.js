// Draws a delegation tree as SVG: one box per execution (caller domain → target domain, action,
// status), parents left of their children, every box a keyboard-focusable link to its lineage. A
// counterpart on a peer gateway ({remote: peer link}) is a dashed box linking to that gateway's page.
import { peerUrl, s } from './common.js';

const W = 210;
const H = 62;
const GAP_X = 46;
const GAP_Y = 14;

/** Positions: depth gives x; leaves take successive rows and parents centre on their children. */
function layout(root, views) {
  const place = new Map();
  let row = 0;
  const visit = (v, depth, seen) => {
    seen.add(v.executionId);
    const children = (v.children || []).map((c) => views.get(c)).filter((c) => c && !seen.has(c.executionId));
    let y;
    if (children.length === 0) {
      y = row++;
    } else {
      const ys = children.map((c) => visit(c, depth + 1, seen));
      y = (Math.min(...ys) + Math.max(...ys)) / 2;
    }
    place.set(v.executionId, { x: depth, y, view: v });
    return y;
  };
  visit(root, 0, new Set());
  return { place, rows: Math.max(row, 1) };
}

const domain = (party) => (party ? party.domain : '?');

export function drawGraph(root, views, currentId) {
  const { place, rows } = layout(root, views);
  const depth = Math.max(...[...place.values()].map((p) => p.x)) + 1;
  const width = depth * (W + GAP_X) - GAP_X + 8;
  const height = rows * (H + GAP_Y) - GAP_Y + 8;
  const at = (p) => ({ x: 4 + p.x * (W + GAP_X), y: 4 + p.y * (H + GAP_Y) });
  const edges = [];
  const nodes = [];
  for (const p of place.values()) {
    const from = at(p);
    for (const childId of p.view.children || []) {
      const child = place.get(childId);
      if (!child) continue;
      const to = at(child);
      const midX = from.x + W + GAP_X / 2;
      edges.push(s('path', {
        className: 'edge',
        d: `M${from.x + W},${from.y + H / 2} C${midX},${from.y + H / 2} ${midX},${to.y + H / 2} ${to.x},${to.y + H / 2}`,
      }));
    }
    const v = p.view;
    if (v.remote) {
      nodes.push(remoteNode(v, from));
      continue;
    }
    const label = `${v.executionId}: ${domain(v.caller)} to ${domain(v.target)}/${v.target ? v.target.environment : ''}, `
      + `${v.action}, ${v.status}${v.executionId === currentId ? ' (this execution)' : ''}`;
    nodes.push(s('a', {
      href: `/lineage/${encodeURIComponent(v.executionId)}`, 'aria-label': label,
      className: v.executionId === currentId ? 'current' : '', 'data-execution': v.executionId,
    },
    s('title', {}, label),
    s('rect', { x: from.x, y: from.y, width: W, height: H, rx: 6 }),
    s('rect', { x: from.x, y: from.y, width: 6, height: H, className: `bar-${v.status}` }),
    s('text', { x: from.x + 14, y: from.y + 18, 'font-weight': '700' }, `${domain(v.caller)} → ${domain(v.target)}`),
    s('text', { x: from.x + 14, y: from.y + 35 }, truncate(v.action, 28)),
    s('text', { x: from.x + 14, y: from.y + 52, className: 'small' }, `${v.status} · ${truncate(v.executionId, 15)}`)));
  }
  return s('svg', {
    className: 'graph', viewBox: `0 0 ${width} ${height}`, width, role: 'group',
    'aria-label': `Delegation graph of ${place.size} execution${place.size === 1 ? '' : 's'}`,
  }, edges, nodes);
}

/** The execution on a peer gateway: what this gateway knows of it is its gateway, role and id. */
function remoteNode(v, at) {
  const { name, role, url } = v.remote;
  const label = `${v.executionId}: the ${role === 'child' ? 'child' : 'parent'} execution on peer gateway ${name}`;
  return s('a', {
    href: peerUrl(url, `/lineage/${encodeURIComponent(v.executionId)}`), 'aria-label': label,
    className: 'remote', 'data-execution': v.executionId, 'data-peer': name,
  },
  s('title', {}, label),
  s('rect', { x: at.x, y: at.y, width: W, height: H, rx: 6 }),
  s('rect', { x: at.x, y: at.y, width: 6, height: H, className: 'bar-remote' }),
  s('text', { x: at.x + 14, y: at.y + 18, 'font-weight': '700' }, `on ${truncate(name, 24)}`),
  s('text', { x: at.x + 14, y: at.y + 35 }, `${role === 'child' ? 'child' : 'parent'} on a peer gateway`),
  s('text', { x: at.x + 14, y: at.y + 52, className: 'small' }, truncate(v.executionId, 26)));
}

function truncate(text, n) {
  const value = String(text || '');
  return value.length > n ? value.slice(0, n - 1) + '…' : value;
}
