// Shared helpers of the fxg pages: DOM building (text only, never HTML strings), API calls,
// phase progress, status badges and the live event stream.

export const PHASE_NAMES = [
  'INTENT_GENERATED', 'GOVERNANCE_SYNCHRONIZED', 'AUTHORIZATION_ESTABLISHED', 'RUNTIME_TRUST_ACTIVATED',
  'EXECUTION_BEGUN', 'RUNTIME_VERIFICATION', 'INTERRUPTED', 'PROOF_PERSISTED'];
export const PHASE_SHORT = [
  'Intent', 'Governance', 'Authorization', 'Trust activated', 'Begun', 'Runtime verification',
  'Interrupted', 'Proof persisted'];
export const STATUSES = ['pending', 'running', 'completed', 'failed', 'interrupted', 'denied'];
export const TERMINAL = new Set(['completed', 'failed', 'interrupted', 'denied']);

/** Builds an element; attributes starting with "on" are listeners, children are nodes or text. */
export function h(tag, attrs = {}, ...children) {
  const el = attrs.ns === 'svg'
    ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'ns' || value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'text') el.textContent = value;
    else el.setAttribute(key === 'className' ? 'class' : key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** An SVG element. */
export function s(tag, attrs = {}, ...children) {
  return h(tag, { ...attrs, ns: 'svg' }, ...children);
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A failed API call, with the RFC 9457 problem when the server sent one. */
export class ApiError extends Error {
  constructor(status, problem, text) {
    super(problem && problem.detail ? `${status}: ${problem.detail}` : `HTTP ${status}${text ? ': ' + text.slice(0, 200) : ''}`);
    this.status = status;
    this.problem = problem;
  }
}

/** GET (or another method) returning {status, body}; statuses outside 2xx throw unless allowed. */
export async function fetchJson(path, { method = 'GET', allow = [], headers = {} } = {}) {
  const response = await fetch(path, { method, headers: { Accept: 'application/json', ...headers } });
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
  if (!response.ok && !allow.includes(response.status)) throw new ApiError(response.status, body, text);
  return { status: response.status, body, text };
}

export async function fetchText(path, { allow = [] } = {}) {
  const response = await fetch(path);
  const text = await response.text();
  if (!response.ok && !allow.includes(response.status)) {
    let problem = null;
    try { problem = JSON.parse(text); } catch (e) { problem = null; }
    throw new ApiError(response.status, problem, text);
  }
  return { status: response.status, text };
}

export function domainOf(keyId) {
  return typeof keyId === 'string' && keyId.includes('/') ? keyId.slice(0, keyId.indexOf('/')) : (keyId || '');
}

/**
 * The state of each of the eight phases for a summary or view {status, phase}: done, current,
 * stopped (interrupted), denied, failed, skipped or waiting.
 */
export function phaseStates(status, phase) {
  const states = [];
  for (let n = 1; n <= 8; n++) {
    let state = 'waiting';
    if (status === 'pending' || status === 'running') {
      state = n < phase ? 'done' : n === phase ? 'current' : 'waiting';
      if (n === 7) state = 'waiting';
    } else if (status === 'denied') {
      state = phase >= 8 ? (n === 1 || n === 8 ? 'done' : 'skipped')
        : n < phase ? 'done' : n === phase ? 'denied' : n === 8 ? 'waiting' : 'skipped';
    } else if (status === 'interrupted') {
      state = n <= 6 ? 'done' : n === 7 ? 'stopped' : phase >= 8 ? 'done' : 'waiting';
    } else if (status === 'completed' || status === 'failed') {
      state = n <= 5 ? 'done' : n === 6 ? (status === 'failed' ? 'failed' : 'done') : n === 7 ? 'skipped'
        : phase >= 8 ? 'done' : 'waiting';
    }
    states.push(state);
  }
  return states;
}

const STATE_WORDS = {
  done: 'passed', current: 'in progress', stopped: 'interrupted here', denied: 'denied here',
  failed: 'failed here', skipped: 'not taken', waiting: 'not yet',
};

/** Eight small boxes, one per phase, with a text alternative. */
export function phaseBar(status, phase) {
  const states = phaseStates(status, phase);
  const label = `phase ${phase} of 8, ${PHASE_NAMES[Math.max(0, Math.min(7, phase - 1))]}; status ${status}`;
  return h('ol', { className: 'phases', 'aria-label': label, 'data-phase': phase },
    states.map((state, i) => h('li', {
      className: `phase ${state}`,
      title: `${i + 1} ${PHASE_SHORT[i]}: ${STATE_WORDS[state]}`,
      'aria-hidden': 'true',
    }, state === 'stopped' || state === 'denied' ? '✕' : String(i + 1))));
}

export function statusBadge(status) {
  return h('span', { className: `badge s-${status}`, 'data-status': status }, status);
}

export function shortHash(hash, n = 12) {
  return typeof hash === 'string' ? (hash.startsWith('sha256:') ? 'sha256:' + hash.slice(7, 7 + n) : hash.slice(0, n)) + '…' : '';
}

/** Local time of day with milliseconds; the full ISO instant in the title. */
export function timeEl(iso) {
  if (!iso) return h('span', { className: 'muted' }, '—');
  const date = new Date(iso);
  const text = isNaN(date) ? iso : date.toLocaleTimeString([], { hour12: false }) + '.' + String(date.getMilliseconds()).padStart(3, '0');
  return h('time', { datetime: iso, title: iso }, text);
}

export function formatDuration(ms) {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60000)} min`;
}

export function lineageLink(id, text) {
  return h('a', { href: `/lineage/${encodeURIComponent(id)}`, className: 'mono' }, text || id);
}

/**
 * A page of a peer gateway: {@code path} under its base URL when that is http(s), else null (a
 * peer's URL comes from its registration; nothing else is made a link).
 */
export function peerUrl(base, path) {
  try {
    const url = new URL(base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin + url.pathname.replace(/\/+$/, '') + path;
  } catch (e) {
    return null;
  }
}

/** An execution's Lineage Explorer on a peer gateway, as a link; plain text without a usable URL or id. */
export function peerLineageLink(base, executionId, text) {
  const href = executionId ? peerUrl(base, `/lineage/${encodeURIComponent(executionId)}`) : null;
  return href ? h('a', { href, className: 'mono peer-link' }, text || executionId) : h('span', { className: 'mono' }, text || executionId || '—');
}

/** Says something to screen readers without moving focus. */
export function announce(message) {
  const region = document.getElementById('announcer');
  if (region) region.textContent = message;
}

/**
 * Follows /v1/events. onExecution gets each execution update, onLineage each domain or policy
 * record, onState 'live' | 'reconnecting'; onOpen runs on every (re)connection, so a page can
 * re-read what it may have missed.
 */
export function connectEvents({ onExecution, onLineage, onState, onOpen, onHello }) {
  const indicator = document.getElementById('live-state');
  const setState = (state, text) => {
    if (indicator) { indicator.dataset.state = state; indicator.textContent = text; }
    if (onState) onState(state);
  };
  setState('connecting', 'connecting…');
  const source = new EventSource('/v1/events');
  source.addEventListener('hello', (event) => {
    setState('live', 'live');
    const hello = JSON.parse(event.data);
    if (onHello) onHello(hello);
    if (onOpen) onOpen();
  });
  source.addEventListener('execution', (event) => onExecution && onExecution(JSON.parse(event.data)));
  source.addEventListener('lineage', (event) => onLineage && onLineage(JSON.parse(event.data)));
  source.addEventListener('error', () => setState('reconnecting', 'reconnecting…'));
  return source;
}

/** Calls fn at most once per wait ms, trailing. */
export function debounce(fn, wait) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), wait);
  };
}

export function errorNotice(error) {
  return h('p', { className: 'notice error', role: 'alert' }, String(error && error.message ? error.message : error));
}
