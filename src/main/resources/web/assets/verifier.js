// Verifies a proof bundle in the browser, with the checks, in the order, of the gateway's offline
// verifier (io.fxg.proof.ProofBundleVerifier and scripts/fxg verify): records.hash, records.chain,
// checkpoint.signature, inclusion[i], artifact.signature, artifact.claims, then each child as
// children[i].<check>. Only SHA-256 and Ed25519 of WebCrypto are used; the server's verdict is
// never consulted. Each result is {status: PASS|FAIL|SKIP|WARN, check, detail}.
import { parseBundle } from './bundle-format.js';
import { fromBase64Strict, hex, utf8 } from './bytes.js';
import { canonicalize } from './jcs.js';
import { parseJwks, verifyJws } from './jws.js';
import { leafHash, openCheckpoint, parseVerifierKey, verifyInclusion } from './tlog.js';
import { sha256 } from './webcrypto.js';

export const ARTIFACT_TYP = 'fxg-authz+jwt';
const GENESIS = '0'.repeat(64);
const SELF = 'using the bundle\'s own, which proves only self-consistency';

const result = (status) => (check, detail) => ({ status, check, detail });
const pass = result('PASS');
const fail = result('FAIL');
const skip = result('SKIP');
const warn = result('WARN');

/** SHA-256 hex of the JCS encoding of the record without "hash" (SPEC section 9). */
export async function recordHash(record) {
  const { hash, ...unhashed } = record;
  return hex(await sha256(utf8(canonicalize(unhashed))));
}

/**
 * Runs every check on bundle JSON text.
 *
 * @param pinned {jwks, log}: keys obtained independently of the bundle (a JWK Set object and a
 *     note verifier key string); either may be null to fall back on the bundle's own, with a WARN
 */
export async function verifyBundle(json, pinned = {}) {
  const out = [];
  let jwks = null;
  let logKey = null;
  if (pinned.jwks != null) {
    try {
      jwks = parseJwks(pinned.jwks);
    } catch (e) {
      return [fail('keys.jwks', e.message)];
    }
  } else {
    out.push(warn('keys.jwks', `no JWKS supplied; ${SELF}`));
  }
  if (pinned.log != null) {
    try {
      logKey = await parseVerifierKey(pinned.log);
    } catch (e) {
      return [fail('keys.log', e.message)];
    }
  } else {
    out.push(warn('keys.log', `no log key supplied; ${SELF}`));
  }
  let bundle;
  try {
    bundle = parseBundle(json);
  } catch (e) {
    out.push(fail('bundle.format', e.message));
    return out;
  }
  await run(bundle, '', null, { jwks, logKey }, out);
  return out;
}

/** Good only when no check failed and at least one passed. */
export function verdict(checks) {
  const failure = checks.find((c) => c.status === 'FAIL') || null;
  return { ok: !failure && checks.some((c) => c.status === 'PASS'), failure };
}

async function run(bundle, prefix, parentJti, keys, out) {
  const hashes = await recordHashes(bundle, prefix, out);
  chain(bundle, prefix, hashes, out);
  const checkpoint = await checkpointCheck(bundle, prefix, keys, out);
  await inclusions(bundle, prefix, checkpoint, out);
  await artifact(bundle, prefix, parentJti, keys, out);
  for (let i = 0; i < (bundle.children || []).length; i++) {
    await run(bundle.children[i], `${prefix}children[${i}].`, bundle.executionId, keys, out);
  }
}

async function recordHashes(bundle, prefix, out) {
  const check = `${prefix}records.hash`;
  const hashes = [];
  for (const record of bundle.records) hashes.push(await recordHash(record));
  if (bundle.records.length === 0) {
    out.push(fail(check, 'no records'));
    return hashes;
  }
  const bad = bundle.records.findIndex((record, i) => hashes[i] !== record.hash);
  if (bad >= 0) {
    const record = bundle.records[bad];
    out.push(fail(check, `seq ${record.seq}: recomputed hash ${hashes[bad]} differs from the stated ${record.hash}`));
  } else {
    out.push(pass(check, `${bundle.records.length} records recomputed`));
  }
  return hashes;
}

function chain(bundle, prefix, hashes, out) {
  const check = `${prefix}records.chain`;
  const id = bundle.executionId;
  let expectedPrev = GENESIS;
  let expectedSeq = 1;
  for (let i = 0; i < bundle.records.length; i++) {
    const record = bundle.records[i];
    const problem = record.executionId !== id ? `record belongs to ${record.executionId}`
      : record.seq !== expectedSeq ? `seq ${record.seq} where ${expectedSeq} was due`
        : record.prev !== expectedPrev ? 'prev does not match the previous hash'
          : hashes[i] !== record.hash ? 'hash does not match the record' : null;
    if (problem) {
      out.push(fail(check, `${id} seq ${record.seq}: ${problem}`));
      return;
    }
    expectedPrev = record.hash;
    expectedSeq++;
  }
  if (bundle.records.length === 0) {
    out.push(fail(check, 'no records'));
  } else {
    out.push(pass(check, `seq 1..${bundle.records.length} linked from genesis, head ${expectedPrev}`));
  }
}

async function checkpointCheck(bundle, prefix, keys, out) {
  const check = `${prefix}checkpoint.signature`;
  try {
    let key = keys.logKey;
    if (!key) {
      if (!bundle.keys || bundle.keys.log == null) {
        out.push(fail(check, 'no log key supplied and none in the bundle'));
        return null;
      }
      key = await parseVerifierKey(bundle.keys.log);
    }
    const checkpoint = await openCheckpoint(bundle.checkpoint, key);
    out.push(pass(check, `origin ${checkpoint.origin}, size ${checkpoint.size}, signed by ${key.keyId}`));
    return checkpoint;
  } catch (e) {
    out.push(fail(check, e.message));
    return null;
  }
}

async function inclusions(bundle, prefix, checkpoint, out) {
  const { records, inclusion } = bundle;
  if (inclusion.length !== records.length) {
    out.push(fail(`${prefix}inclusion`, `${inclusion.length} inclusion proofs for ${records.length} records`));
    return;
  }
  let previousIndex = -1n;
  for (let i = 0; i < records.length; i++) {
    const check = `${prefix}inclusion[${i}]`;
    if (!checkpoint) {
      out.push(skip(check, 'no verified checkpoint'));
      continue;
    }
    const index = BigInt(inclusion[i].index);
    const record = records[i];
    if (index <= previousIndex) {
      out.push(fail(check, `index ${index} does not follow index ${previousIndex} of the previous record`));
      continue;
    }
    previousIndex = index;
    try {
      const path = inclusion[i].path.map((p, j) => {
        const hash = fromBase64Strict(p);
        if (hash === null) throw new Error(`path[${j}] is not canonical base64`);
        return hash;
      });
      const leaf = await leafHash(utf8(canonicalize(record)));
      await verifyInclusion(index, checkpoint.size, leaf, path, checkpoint.root);
      out.push(pass(check, `seq ${record.seq} at index ${index} of size ${checkpoint.size}`));
    } catch (e) {
      out.push(fail(check, `seq ${record.seq}: ${e.message}`));
    }
  }
}

async function artifact(bundle, prefix, parentJti, keys, out) {
  const signatureCheck = `${prefix}artifact.signature`;
  const claimsCheck = `${prefix}artifact.claims`;
  if (bundle.artifact == null) {
    if (bundle.records.some((r) => r.type === 'authorization.issued')) {
      out.push(fail(signatureCheck, 'the records hold authorization.issued but the bundle has no artifact'));
    } else {
      out.push(skip(signatureCheck, 'no artifact: the execution was not authorized'));
    }
    out.push(skip(claimsCheck, 'no artifact'));
    return;
  }
  let claims;
  try {
    const jwks = keys.jwks || parseJwks(bundle.keys ? bundle.keys.jwks : null);
    const verified = await verifyJws(bundle.artifact, ARTIFACT_TYP, jwks);
    claims = verified.payload;
    out.push(pass(signatureCheck, `EdDSA ${ARTIFACT_TYP} by kid ${verified.kid}`));
  } catch (e) {
    out.push(fail(signatureCheck, e.message));
    out.push(skip(claimsCheck, 'artifact signature not verified'));
    return;
  }
  const mismatch = await claimsMismatch(bundle, claims, parentJti);
  const fxg = claims.fxg || {};
  out.push(mismatch ? fail(claimsCheck, mismatch)
    : pass(claimsCheck, `jti, policy ${fxg.pol && fxg.pol.d} and scope ${fxg.act} on ${fxg.res} match authorization.issued`));
}

const show = (v) => (v === undefined ? '' : JSON.stringify(v));

function same(recordName, recorded, claimName, claimed) {
  if (typeof recorded !== 'string') return `${recordName} missing`;
  if (typeof claimed !== 'string' || recorded !== claimed) return `${claimName} ${show(claimed)} differs from ${recordName} ${show(recorded)}`;
  return null;
}

function sameNumber(recordName, recorded, claimName, claimed) {
  if (!Number.isInteger(recorded)) return `${recordName} missing`;
  if (!Number.isInteger(claimed) || recorded !== claimed) return `${claimName} ${show(claimed)} differs from ${recordName} ${show(recorded)}`;
  return null;
}

/** The first claim that does not match the records, as io.fxg.proof.ArtifactChecks reads them. */
async function claimsMismatch(bundle, claims, parentJti) {
  const jti = typeof claims.jti === 'string' ? claims.jti : null;
  if (bundle.executionId !== jti) return `jti ${jti} differs from executionId ${bundle.executionId}`;
  const issued = bundle.records.filter((r) => r.type === 'authorization.issued').pop();
  if (!issued) return 'no authorization.issued record for the artifact';
  const data = issued.data;
  const fxg = claims.fxg && typeof claims.fxg === 'object' ? claims.fxg : {};
  const pol = fxg.pol && typeof fxg.pol === 'object' ? fxg.pol : {};
  let mismatch = same('authorization.issued jti', data.jti, 'jti', claims.jti)
    || same('authorization.issued policyDigest', data.policyDigest, 'fxg.pol.d', pol.d)
    || sameNumber('authorization.issued policyVersion', data.policyVersion, 'fxg.pol.v', pol.v)
    || same('authorization.issued action', data.action, 'fxg.act', fxg.act)
    || same('authorization.issued resource', data.resource, 'fxg.res', fxg.res);
  if (mismatch) return mismatch;
  if ('params' in data) mismatch = same('authorization.issued params', data.params, 'fxg.params', fxg.params);
  if (!mismatch && 'artifactDigest' in data) {
    const digest = 'sha256:' + hex(await sha256(utf8(bundle.artifact)));
    if (digest !== data.artifactDigest) mismatch = `authorization.issued artifactDigest differs from the artifact's ${digest}`;
  }
  const governance = bundle.records.filter((r) => r.type === 'governance.synchronized' && r.seq < issued.seq).pop();
  if (!mismatch && governance && 'policyDigest' in governance.data && String(governance.data.policyDigest) !== pol.d) {
    mismatch = `governance.synchronized policyDigest ${governance.data.policyDigest} differs from fxg.pol.d ${pol.d}`;
  }
  if (!mismatch && parentJti != null && parentJti !== fxg.parent) {
    mismatch = `fxg.parent ${fxg.parent === undefined ? null : fxg.parent} differs from the parent execution ${parentJti}`;
  }
  return mismatch || null;
}
