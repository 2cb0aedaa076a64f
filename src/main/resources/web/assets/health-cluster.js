// The cluster and monitor panels of the health dashboard, from GET /v1/cluster: members with
// status, reachability and roles, where the singletons run, and each node's own status (policy,
// readiness checks, live executions, monitors). A node that does not serve it is shown alone.
import { fill, h } from './common.js';

const pick = (object, ...names) => names.map((n) => object && object[n]).find((v) => v !== undefined && v !== null);
const HEALTHY = /^(ok|healthy|trusted|attested|up|fresh|active|quorum|ready)$/i;
const FAILING = /(no-quorum|degraded|fail|stale|down|unreachable|revoked|suspended|not)/i;

function yesNo(value) {
  if (value === undefined || value === null) return h('span', { className: 'muted' }, '—');
  return h('span', { className: value ? 'ok-text' : 'bad-text' }, value ? '✓ yes' : '✕ no');
}

/** "pekko://fxg@127.0.0.1:25520" and "127.0.0.1:25520" name the same node. */
const hostPort = (address) => String(address || '').replace(/^.*@/, '');

function nodeStatus(cluster, address) {
  return (Array.isArray(cluster.nodes) ? cluster.nodes : []).find((n) => hostPort(n.node) === hostPort(address)) || null;
}

function policyOf(status) {
  if (!status) return undefined;
  const policy = pick(status, 'policy', 'governance');
  return pick(status, 'policyVersion') ?? (policy && typeof policy === 'object' ? pick(policy, 'version', 'active') : policy);
}

function readyOf(status) {
  const checks = status && status.ready;
  return checks && typeof checks === 'object' ? Object.values(checks).every(Boolean) : undefined;
}

export function renderCluster(target, cluster, ready, policy) {
  const localPolicy = policy && policy.status === 200 && policy.body ? policy.body.version : undefined;
  if (cluster.status !== 200 || !cluster.body) {
    const ok = ready.body && ready.body.status === 'ready';
    fill(target,
      h('p', { className: 'muted' }, 'This node does not serve GET /v1/cluster; it is shown alone.'),
      h('table', { id: 'members' },
        h('thead', {}, h('tr', {}, ['Member', 'Status', 'Reachable', 'Policy version'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, h('tr', { 'data-member': location.host },
          h('td', { className: 'mono' }, `${location.host} (this node)`),
          h('td', {}, h('span', { className: `badge ${ok ? 's-completed' : 's-interrupted'}` }, ok ? 'ready' : 'not ready')),
          h('td', {}, yesNo(Boolean(ready.status))), h('td', {}, localPolicy === undefined ? '—' : String(localPolicy))))));
    return;
  }
  const body = cluster.body;
  const members = Array.isArray(body.members) ? body.members : [];
  const singletons = pick(body, 'singletons');
  fill(target,
    h('table', { id: 'members' },
      h('thead', {}, h('tr', {}, ['Member', 'Status', 'Reachable', 'Ready', 'Roles', 'Policy version', 'Live executions']
        .map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, members.map((m) => {
        const address = String(pick(m, 'address', 'node') || '?');
        const status = String(pick(m, 'status') || '?');
        const own = nodeStatus(body, address);
        const version = policyOf(own) ?? (address === body.self ? localPolicy : undefined);
        return h('tr', { 'data-member': hostPort(address) },
          h('td', { className: 'mono' }, hostPort(address), address === body.self ? ' (this node)' : ''),
          h('td', {}, h('span', { className: `badge ${status.toLowerCase() === 'up' ? 's-completed' : 's-pending'}` }, status)),
          h('td', {}, yesNo(typeof m.reachable === 'boolean' ? m.reachable : undefined)),
          h('td', {}, own && own.answer ? h('span', { className: 'bad-text' }, own.answer) : yesNo(readyOf(own))),
          h('td', {}, (pick(m, 'roles') || []).join(', ') || '—'),
          h('td', {}, version === undefined ? '—' : typeof version === 'object' ? JSON.stringify(version) : String(version)),
          h('td', {}, own && own.liveExecutions !== undefined ? String(own.liveExecutions) : '—'));
      }))),
    h('p', {}, h('strong', {}, 'Cluster singletons '), singletons
      ? ['run on ', h('code', {}, hostPort(typeof singletons === 'string' ? singletons : JSON.stringify(singletons)))]
      : 'have no Up member to run on.'));
}

function stateBadge(state) {
  const text = typeof state === 'object' ? JSON.stringify(state) : String(state);
  const css = HEALTHY.test(text) ? 's-completed' : FAILING.test(text) ? 's-interrupted' : 's-pending';
  return h('span', { className: `badge ${css}` }, text);
}

export function renderMonitors(target, cluster, ready) {
  const nodes = cluster.status === 200 && cluster.body && Array.isArray(cluster.body.nodes) ? cluster.body.nodes : [];
  const withMonitors = nodes.filter((n) => n.monitors && typeof n.monitors === 'object');
  if (withMonitors.length === 0) {
    const checks = ready.body && ready.body.checks ? Object.entries(ready.body.checks) : [];
    fill(target,
      h('p', { className: 'muted' }, 'No node reports its monitors here; this node\'s health checks:'),
      h('ul', { className: 'events' }, checks.map(([name, ok]) => h('li', {}, h('code', {}, name), ' ', stateBadge(ok ? 'healthy' : 'degraded')))));
    return;
  }
  fill(target, withMonitors.map((n) => h('div', { 'data-node': hostPort(n.node) },
    withMonitors.length > 1 ? h('h3', { className: 'mono' }, hostPort(n.node)) : null,
    h('ul', { className: 'events monitor-list' }, Object.entries(n.monitors).map(([name, state]) =>
      h('li', { 'data-monitor': name }, h('code', {}, name), ' ', stateBadge(state)))))));
}
