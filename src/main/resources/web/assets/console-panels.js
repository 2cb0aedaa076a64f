// The Governance Console's side panels: the active policy, the federation (domains, environments
// and their trust states) and recent denials and interruptions.
import { ApiError, domainOf, fetchJson, fill, h, lineageLink, statusBadge, timeEl } from './common.js';
import { parseJwks, unverifiedPayload, verifyJws } from './jws.js';
import { available } from './webcrypto.js';

const RECENT_MAX = 12;

export async function loadPolicy(target) {
  try {
    const { status, body } = await fetchJson('/v1/policy', { allow: [404] });
    if (status === 404 || !body) {
      fill(target, h('p', { className: 'muted' }, 'No active policy on this node (GET /v1/policy answers 404): it permits nothing.'));
      return;
    }
    const rules = Array.isArray(body.rules) ? body.rules : [];
    fill(target,
      h('dl', { className: 'kv' },
        h('dt', {}, 'Version'), h('dd', { id: 'policy-version', className: 'big' }, String(body.version)),
        h('dt', {}, 'Digest'), h('dd', { id: 'policy-digest', className: 'hash' }, body.digest),
        h('dt', {}, 'Rules'), h('dd', {}, rules.length ? h('ul', { className: 'events' }, rules.map((r) =>
          h('li', {}, h('code', {}, r.id), ' ', h('span', { className: r.effect === 'forbid' ? 'bad-text' : 'ok-text' }, r.effect),
            h('span', { className: 'detail muted' }, `${(r.actions || []).join(', ')} on ${(r.resources || []).join(', ')}`)))) : 'none')));
  } catch (e) {
    fill(target, h('p', { className: 'notice warn' }, `The policy is not readable here (${e.message}).`));
  }
}

/** Trust evidence seen in executions, per environment "domain/env": {state, at, id}. */
export const trustSeen = new Map();

/** Records what an execution says of its environment's trust; true when the state changed. */
export function noteTrust(summary) {
  if (!summary || !summary.target) return false;
  const failing = (summary.status === 'interrupted' && (summary.reason || '').startsWith('trust.'))
    || (summary.status === 'denied' && (summary.reason || '').startsWith('trust.'));
  const attested = summary.phase >= 4 && summary.status !== 'denied';
  if (!failing && !attested) return false;
  const previous = trustSeen.get(summary.target);
  if (previous && previous.at > summary.updatedAt) return false;
  const state = failing ? summary.reason : 'attested';
  trustSeen.set(summary.target, { state, at: summary.updatedAt, id: summary.executionId });
  return !previous || previous.state !== state;
}

/**
 * Domains from the signed federation bundle (its signature checked here against
 * /.well-known/jwks.json), with each environment's trust state; without a bundle, the domains
 * seen in executions.
 */
export async function loadFederation(target, seenDomains) {
  let bundle;
  try {
    bundle = await fetchJson('/v1/federation/bundle', { allow: [404] });
  } catch (e) {
    bundle = { status: e instanceof ApiError ? e.status : 0 };
  }
  if (bundle.status !== 200 || !bundle.body || typeof bundle.body.jws !== 'string') {
    fill(target, h('p', { className: 'muted' }, 'This node serves no federation bundle. Domains seen in executions:'),
      h('ul', { className: 'events', id: 'domains' }, [...seenDomains].sort().map((d) => h('li', { 'data-domain': d }, h('strong', {}, d)))));
    return [...seenDomains];
  }
  const payload = unverifiedPayload(bundle.body.jws);
  const signature = h('p', { className: 'muted', id: 'federation-signature' }, 'Checking the bundle signature…');
  const revoked = new Set((payload.revocations || []).map((r) => r.id));
  const domains = Array.isArray(payload.domains) ? payload.domains : [];
  fill(target, signature, domains.length === 0
    ? h('p', { className: 'muted', id: 'domains' }, 'No trust domain is registered yet.')
    : h('ul', { className: 'events', id: 'domains' }, domains.map((d) => domainItem(d, revoked))));
  checkSignature(bundle.body.jws, signature, payload.seq);
  return domains.map((d) => d.domain);
}

function domainItem(domain, revoked) {
  const environments = Array.isArray(domain.environments) ? domain.environments : [];
  return h('li', { 'data-domain': domain.domain },
    h('strong', {}, domain.domain), ' ', h('span', { className: 'muted' }, domain.displayName || ''), ' ',
    domain.suspended ? h('span', { className: 'badge s-interrupted' }, 'suspended') : h('span', { className: 'badge s-completed' }, 'active'),
    h('span', { className: 'detail muted' }, `${(domain.principals || []).length} principal(s)`),
    environments.length ? h('ul', { className: 'events' }, environments.map((e) => {
      const id = `${domain.domain}/${e.id}`;
      const state = trustState(id, domain.suspended, revoked);
      return h('li', { 'data-environment': id },
        h('code', {}, e.id), ' ', h('span', { className: `badge ${state.css}` }, state.label),
        h('span', { className: 'detail muted' }, state.note));
    })) : null);
}

function trustState(id, suspended, revoked) {
  if (revoked.has(id)) return { label: 'revoked', css: 's-interrupted', note: 'environment key revoked' };
  if (suspended) return { label: 'suspended', css: 's-interrupted', note: 'its domain is suspended' };
  const seen = trustSeen.get(id);
  if (!seen) return { label: 'registered', css: 's-pending', note: 'no attested execution seen yet' };
  if (seen.state === 'attested') return { label: 'attested', css: 's-completed', note: `last bound by ${seen.id}` };
  const label = { 'trust.attestation': 'attestation failing', 'trust.revoked': 'revoked' }[seen.state] || seen.state;
  return { label, css: 's-interrupted', note: `${seen.state} cut off ${seen.id}` };
}

async function checkSignature(jws, target, seq) {
  if (!available()) {
    fill(target, 'Signature not checked: WebCrypto needs a secure context (HTTPS or loopback).');
    return;
  }
  try {
    const { body } = await fetchJson('/.well-known/jwks.json');
    await verifyJws(jws, null, parseJwks(body));
    fill(target, h('span', { className: 'ok-text' }, '✓ '), `Federation bundle #${seq}, gateway signature verified in this browser.`);
  } catch (e) {
    fill(target, h('span', { className: 'bad-text' }, '✕ '), `Federation bundle #${seq}: signature not verified (${e.message}).`);
  }
}

/** Recent denials and interruptions, newest first, each with its reason and detail. */
export class RecentOutcomes {
  constructor(list) {
    this.list = list;
    this.items = new Map();
  }

  async load() {
    const [denied, interrupted] = await Promise.all(['denied', 'interrupted'].map((status) =>
      fetchJson(`/v1/executions?status=${status}&limit=${RECENT_MAX}`).then((r) => r.body.executions).catch(() => [])));
    const newest = [...denied, ...interrupted].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, RECENT_MAX);
    await Promise.all(newest.map(async (s) => {
      let detail = null;
      try {
        detail = (await fetchJson(`/v1/executions/${encodeURIComponent(s.executionId)}`)).body.outcome.detail;
      } catch (e) { detail = null; }
      this.items.set(s.executionId, { summary: s, detail });
    }));
    this.render();
  }

  add(summary, detail) {
    const known = this.items.get(summary.executionId);
    this.items.set(summary.executionId, { summary, detail: detail || (known && known.detail) });
    this.render();
  }

  render() {
    const entries = [...this.items.values()].sort((a, b) => b.summary.updatedAt.localeCompare(a.summary.updatedAt));
    entries.slice(RECENT_MAX).forEach((e) => this.items.delete(e.summary.executionId));
    if (entries.length === 0) {
      fill(this.list, h('li', { className: 'muted' }, 'None yet.'));
      return;
    }
    fill(this.list, entries.slice(0, RECENT_MAX).map(({ summary, detail }) => h('li', { 'data-execution': summary.executionId },
      statusBadge(summary.status), ' ', h('span', { className: 'reason' }, summary.reason || ''), ' ',
      h('span', { className: 'when' }, timeEl(summary.updatedAt)),
      h('span', { className: 'detail' }, `${domainOf(summary.caller)} → ${summary.target}: ${summary.action}`),
      detail ? h('span', { className: 'detail muted' }, detail) : null,
      h('span', { className: 'detail' }, lineageLink(summary.executionId)))));
  }
}
