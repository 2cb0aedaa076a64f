// JWK Sets and JWS compact serialization with EdDSA (RFC 7515, RFC 8037), as any JOSE library
// checks them.
import { fromBase64Url, utf8 } from './bytes.js';
import { ed25519Verify } from './webcrypto.js';

export const MAX_JWKS_KEYS = 64;
const decoder = new TextDecoder('utf-8', { fatal: true });

/** kid -> 32-byte Ed25519 public key of a JWK Set {"keys": [...]}; every key needs a unique kid. */
export function parseJwks(jwks) {
  if (!jwks || typeof jwks !== 'object' || !Array.isArray(jwks.keys)) throw new Error('jwks: must be {"keys": [...]}');
  if (jwks.keys.length > MAX_JWKS_KEYS) throw new Error(`jwks: more than ${MAX_JWKS_KEYS} keys`);
  const byKid = new Map();
  jwks.keys.forEach((jwk, i) => {
    if (!jwk || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
      throw new Error(`jwks.keys[${i}]: must be an OKP Ed25519 key`);
    }
    let x;
    try {
      x = fromBase64Url(jwk.x);
    } catch (e) {
      throw new Error(`jwks.keys[${i}]: x is not base64url`);
    }
    if (x.length !== 32) throw new Error(`jwks.keys[${i}]: x must be 32 bytes`);
    if (typeof jwk.kid !== 'string' || byKid.has(jwk.kid)) throw new Error(`jwks.keys[${i}]: kid missing or repeated`);
    byKid.set(jwk.kid, x);
  });
  return byKid;
}

function decodePart(part, name) {
  let value;
  try {
    value = JSON.parse(decoder.decode(fromBase64Url(part)));
  } catch (e) {
    throw new Error(`jws: ${name} is not JSON`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`jws: ${name} is not a JSON object`);
  return value;
}

/** Decodes without checking anything: for display only. */
export function unverifiedPayload(compact) {
  return decodePart(String(compact).split('.')[1] || '', 'payload');
}

/** Checks alg EdDSA, the typ, a known kid and the signature; returns {header, payload, kid}. */
export async function verifyJws(compact, typ, keys) {
  if (typeof compact !== 'string') throw new Error('jws: missing');
  const parts = compact.split('.');
  if (parts.length !== 3) throw new Error('jws: compact serialization has three parts');
  const header = decodePart(parts[0], 'header');
  if (header.alg !== 'EdDSA') throw new Error('jws: alg must be EdDSA');
  if (typ && header.typ !== typ) throw new Error(`jws: typ must be ${typ}`);
  if (typeof header.kid !== 'string') throw new Error('jws: kid missing');
  const key = keys.get(header.kid);
  if (!key) throw new Error(`jws: unknown kid ${header.kid}`);
  let signature;
  try {
    signature = fromBase64Url(parts[2]);
  } catch (e) {
    throw new Error('jws: signature is not base64url');
  }
  if (!await ed25519Verify(key, signature, utf8(parts[0] + '.' + parts[1]))) throw new Error('jws: bad signature');
  return { header, payload: decodePart(parts[1], 'payload'), kid: header.kid };
}
