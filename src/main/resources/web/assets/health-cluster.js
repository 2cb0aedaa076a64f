// The cluster and monitor panels of the health dashboard, from GET /v1/cluster (SPEC section 11:
// members, reachability, roles, each node's policy version, singletons, monitors). A node that
// does not serve it yet is shown alone, from its own readiness.
import { fill, h } from './common.js';

const pick = (object, ...names) => names.map((n) => object && object[n]).find((v) => v !== undefined && v !== null);

function yesNo(value) {
  if (value === undefined || value === null) return h('span', { className: 'muted' }, '—');
  return h('span', { className: value ? 'ok-text' : 'bad-text' }, value ? '✓ yes' : '✕ no');
}

function reachable(member) {
  const flag = pick(member, 'reachable');
  if (typeof flag === 'boolean') return flag;
  const text = pick(member, 'reachability');
  return typeof text === 'string' ? text.toLowerCase() === 'reachable' : undefined;
}

function entries(value) {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object') return Object.entries(value).map(([name, v]) => (typeof v === 'object' ? { name, ...v } : { name, state: v }));
  return [];
}

export function renderCluster(target, cluster, ready, policy) {
  const policyVersion = policy && policy.status === 200 && policy.body ? policy.body.version : '—';
  if (cluster.status !== 200 || !cluster.body) {
    const ok = ready.body && ready.body.status === 'ready';
    fill(target,
      h('p', { className: 'muted' }, 'This node does not serve GET /v1/cluster; it is shown alone.'),
      h('table', { id: 'members' },
        h('thead', {}, h('tr', {}, ['Member', 'Status', 'Reachable', 'Policy version'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, h('tr', { 'data-member': location.host },
          h('td', { className: 'mono' }, `${location.host} (this node)`),
          h('td', {}, h('span', { className: `badge ${ok ? 's-completed' : 's-interrupted'}` }, ok ? 'ready' : 'not ready')),
          h('td', {}, yesNo(Boolean(ready.status))), h('td', {}, String(policyVersion))))));
    return;
  }
  const members = entries(pick(cluster.body, 'members', 'nodes'));
  const singletons = entries(pick(cluster.body, 'singletons'));
  fill(target,
    h('table', { id: 'members' },
      h('thead', {}, h('tr', {}, ['Member', 'Status', 'Reachable', 'Roles', 'Policy version'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, members.map((m) => {
        const address = String(pick(m, 'address', 'node', 'id', 'name') || '?');
        const status = String(pick(m, 'status') || '?');
        const version = pick(m, 'policyVersion') ?? pick(m.policy || {}, 'version');
        return h('tr', { 'data-member': address },
          h('td', { className: 'mono' }, address, pick(m, 'self') ? ' (this node)' : ''),
          h('td', {}, h('span', { className: `badge ${status.toLowerCase() === 'up' ? 's-completed' : 's-pending'}` }, status)),
          h('td', {}, yesNo(reachable(m))),
          h('td', {}, (pick(m, 'roles') || []).join(', ')),
          h('td', {}, version === undefined ? '—' : String(version)));
      }))),
    singletons.length ? h('p', {}, h('strong', {}, 'Singletons: '), singletons.map((s, i) =>
      [i ? '; ' : '', h('code', {}, String(pick(s, 'name', 'singleton'))), ' on ', String(pick(s, 'node', 'location', 'address', 'state') || '?')])) : null);
}

export function renderMonitors(target, cluster, ready) {
  const monitors = cluster.status === 200 && cluster.body ? entries(pick(cluster.body, 'monitors', 'trustMonitors')) : [];
  if (monitors.length === 0) {
    const checks = ready.body && ready.body.checks ? Object.entries(ready.body.checks) : [];
    fill(target,
      h('p', { className: 'muted' }, cluster.status === 200 ? 'No trust monitor is running on the cluster.'
        : 'Monitors are listed by GET /v1/cluster, which this node does not serve; its health checks:'),
      h('ul', { className: 'events' }, checks.map(([name, ok]) => h('li', {}, h('code', {}, name), ' ',
        h('span', { className: `badge ${ok ? 's-completed' : 's-interrupted'}` }, ok ? 'healthy' : 'degraded')))));
    return;
  }
  fill(target, h('ul', { className: 'events', id: 'monitor-list' }, monitors.map((m) => {
    const state = String(pick(m, 'state', 'status') || '?');
    const healthy = /^(ok|healthy|trusted|attested|up|fresh|active)$/i.test(state);
    return h('li', { 'data-monitor': String(pick(m, 'name', 'monitor', 'subject')) },
      h('code', {}, String(pick(m, 'name', 'monitor') || '')), ' ', String(pick(m, 'subject', 'environment') || ''), ' ',
      h('span', { className: `badge ${healthy ? 's-completed' : 's-interrupted'}` }, state),
      pick(m, 'detail') ? h('span', { className: 'detail muted' }, String(pick(m, 'detail'))) : null);
  })));
}
