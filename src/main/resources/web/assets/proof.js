// The Proof Viewer: loads a bundle (by execution id, from a file, or pasted), verifies it in this
// browser with verifier.js and shows every check green or red.
import { ApiError, errorNotice, fetchJson, fetchText, fill, h, lineageLink, shortHash, timeEl } from './common.js';
import { unverifiedPayload } from './jws.js';
import { recordHash, verdict, verifyBundle } from './verifier.js';
import { available } from './webcrypto.js';

const $ = (id) => document.getElementById(id);
const text = $('bundle-text');

function keySource() {
  return document.querySelector('input[name="keys"]:checked').value;
}

async function pinnedKeys() {
  const source = keySource();
  if (source === 'gateway') {
    const [jwks, log] = await Promise.all([fetchJson('/.well-known/jwks.json'), fetchText('/v1/log/key')]);
    return { jwks: jwks.body, log: log.text.trim() };
  }
  if (source === 'pasted') {
    let jwks = null;
    const pasted = $('pinned-jwks').value.trim();
    if (pasted) {
      try {
        jwks = JSON.parse(pasted);
      } catch (e) {
        throw new Error('the pasted JWK Set is not JSON');
      }
    }
    return { jwks, log: $('pinned-log').value.trim() || null };
  }
  return {};
}

async function verify() {
  const json = text.value;
  $('tamper').disabled = !json.trim();
  if (!available()) {
    showVerdict(false, 'Cannot verify here: WebCrypto needs a secure context (HTTPS, or this gateway on loopback).');
    return;
  }
  let checks;
  try {
    checks = await verifyBundle(json, await pinnedKeys());
  } catch (e) {
    showVerdict(false, `The keys could not be read: ${e.message}`);
    return;
  }
  const { ok, failure } = verdict(checks);
  const passed = checks.filter((c) => c.status === 'PASS').length;
  showVerdict(ok, ok
    ? `Verified in this browser: ${passed} checks passed${checks.some((c) => c.status === 'WARN') ? ' (against the keys the bundle carries)' : ''}.`
    : failure ? `First failing check: ${failure.check} — ${failure.detail}` : 'Nothing was verified.');
  fill($('checks').tBodies[0], checks.map((c) => h('tr', { 'data-check': c.check, 'data-status': c.status },
    h('td', { className: 'check-status' }, `${{ PASS: '✓', FAIL: '✕', SKIP: '–', WARN: '!' }[c.status]} ${c.status}`),
    h('td', {}, h('code', {}, c.check)),
    h('td', { className: 'hash' }, c.detail))));
  summarize(json);
}

function showVerdict(ok, detail) {
  const box = $('verdict');
  box.className = `verdict ${ok ? 'pass' : 'fail'}`;
  box.dataset.verdict = ok ? 'verified' : 'failed';
  fill(box, ok ? '✓ Proof verified' : '✕ Proof NOT verified', h('span', { className: 'sub' }, detail));
}

async function summarize(json) {
  let bundle;
  try {
    bundle = JSON.parse(json);
  } catch (e) {
    fill($('bundle-summary'));
    return;
  }
  let claims = null;
  try {
    claims = bundle.artifact ? unverifiedPayload(bundle.artifact) : null;
  } catch (e) {
    claims = null;
  }
  const records = Array.isArray(bundle.records) ? bundle.records : [];
  const hashesOk = await Promise.all(records.map((r) => recordHash(r).then((hash) => hash === r.hash, () => false)));
  const checkpoint = typeof bundle.checkpoint === 'string' ? bundle.checkpoint.split('\n') : [];
  fill($('bundle-summary'),
    h('h3', {}, 'What the bundle claims'),
    h('dl', { className: 'kv' },
      h('dt', {}, 'Execution'), h('dd', {}, typeof bundle.executionId === 'string' ? lineageLink(bundle.executionId) : '?'),
      h('dt', {}, 'Checkpoint'), h('dd', {}, `${checkpoint[0] || '?'}, size ${checkpoint[1] || '?'}`),
      h('dt', {}, 'Artifact'), h('dd', {}, claims
        ? `${claims.sub} → ${claims.aud}: ${claims.fxg && claims.fxg.act} on ${claims.fxg && claims.fxg.res}`
        : 'none (not authorized)'),
      h('dt', {}, 'Children'), h('dd', {}, String((bundle.children || []).length))),
    h('table', {}, h('caption', {}, `${records.length} records`),
      h('thead', {}, h('tr', {}, ['seq', 'type', 'at', 'hash'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, records.map((r, i) => h('tr', { 'data-status': hashesOk[i] ? 'PASS' : 'FAIL' },
        h('td', {}, String(r.seq)), h('td', {}, h('code', {}, r.type)), h('td', {}, timeEl(r.at)),
        h('td', { className: 'hash', title: r.hash }, shortHash(r.hash, 16), ' ',
          h('span', { className: hashesOk[i] ? 'ok-text' : 'bad-text' }, hashesOk[i] ? '✓' : '✕ recomputed differs')))))));
}

async function loadById(executionId) {
  $('execution-id').value = executionId;
  showVerdict(false, `Fetching the proof of ${executionId}…`);
  try {
    const { text: body } = await fetchText(`/v1/executions/${encodeURIComponent(executionId)}/proof`);
    text.value = body;
    await verify();
  } catch (e) {
    const pending = e instanceof ApiError && e.status === 409;
    showVerdict(false, pending ? `${e.message} — the next checkpoint covers it within a second; fetch again.` : e.message);
    fill($('checks').tBodies[0]);
    fill($('bundle-summary'), e instanceof ApiError && e.status === 404
      ? errorNotice('This gateway has no such execution, or serves no proofs yet.') : null);
  }
}

/** Changes one character of one record, as an attacker would, and verifies again. */
function tamper() {
  let bundle;
  try {
    bundle = JSON.parse(text.value);
  } catch (e) {
    return;
  }
  const record = bundle.records && bundle.records[Math.min(1, bundle.records.length - 1)];
  if (!record) return;
  record.at = record.at.replace(/\d(?=Z$)/, (d) => String((Number(d) + 1) % 10));
  text.value = JSON.stringify(bundle, null, 2);
  verify();
}

$('by-id').addEventListener('submit', (event) => {
  event.preventDefault();
  const value = $('execution-id').value.trim();
  if (value) {
    history.replaceState(null, '', `/proof?id=${encodeURIComponent(value)}`);
    loadById(value);
  }
});
$('bundle-file').addEventListener('change', async () => {
  const file = $('bundle-file').files[0];
  if (!file) return;
  text.value = await file.text();
  verify();
});
$('verify').addEventListener('click', verify);
$('tamper').addEventListener('click', tamper);
document.querySelectorAll('input[name="keys"]').forEach((radio) => radio.addEventListener('change', () => {
  $('pasted-keys').hidden = keySource() !== 'pasted';
  if (text.value.trim()) verify();
}));

const requested = new URLSearchParams(location.search).get('id');
if (requested) loadById(requested);
$('live-state').textContent = 'verifies in your browser';
