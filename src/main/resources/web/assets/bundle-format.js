// Strict reading of proof bundle JSON (SPEC section 10), with the limits of the Java verifier;
// every error names the member, like records[2].seq.

export const MAX_BUNDLE_CHARS = 8 << 20;
export const MAX_RECORDS = 4096;
export const MAX_CHILDREN = 64;
export const MAX_DEPTH = 8;
export const MAX_PATH_LENGTH = 64;

const BUNDLE = ['executionId', 'artifact', 'records', 'checkpoint', 'inclusion', 'keys', 'children'];
const RECORD = ['executionId', 'seq', 'type', 'phase', 'at', 'node', 'data', 'prev', 'hash'];
const INCLUSION = ['index', 'path'];
const KEYS = ['jwks', 'log'];

const malformed = (member, detail) => new Error(`${member}: ${detail}`);
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function members(node, allowed, at) {
  if (!isObject(node)) throw malformed(at, 'must be an object');
  for (const name of Object.keys(node)) {
    if (!allowed.includes(name)) throw malformed(`${at}.${name}`, 'unknown member');
  }
}

function text(node, member, at) {
  if (typeof node[member] !== 'string') throw malformed(at + member, 'must be a string');
  return node[member];
}

function integer(node, member, at) {
  const value = node[member];
  if (!Number.isSafeInteger(value) || value < 0) throw malformed(at + member, 'must be a non-negative integer');
  return value;
}

function array(node, member, at, max) {
  const value = node[member];
  if (!Array.isArray(value)) throw malformed(at + member, 'must be an array');
  if (value.length > max) throw malformed(at + member, `more than ${max} elements`);
  return value;
}

function record(node, at) {
  members(node, RECORD, at.slice(0, -1));
  if (!isObject(node.data)) throw malformed(at + 'data', 'must be an object');
  ['executionId', 'type', 'at', 'node', 'prev', 'hash'].forEach((m) => text(node, m, at));
  integer(node, 'seq', at);
  integer(node, 'phase', at);
}

function inclusion(node, at) {
  members(node, INCLUSION, at.slice(0, -1));
  array(node, 'path', at, MAX_PATH_LENGTH).forEach((p, i) => {
    if (typeof p !== 'string') throw malformed(`${at}path[${i}]`, 'must be a base64 string');
  });
  integer(node, 'index', at);
}

function keys(node, at) {
  if (node === undefined || node === null) return;
  members(node, KEYS, at);
  if (node.jwks !== undefined && node.jwks !== null && !isObject(node.jwks)) throw malformed(`${at}.jwks`, 'must be a JWK Set object');
  if (node.log !== undefined && node.log !== null && typeof node.log !== 'string') throw malformed(`${at}.log`, 'must be a verifier key string');
}

function bundle(node, at, depth) {
  members(node, BUNDLE, at === '' ? 'bundle' : at.slice(0, -1));
  text(node, 'executionId', at);
  if (node.artifact !== undefined && node.artifact !== null && typeof node.artifact !== 'string') {
    throw malformed(at + 'artifact', 'must be a string or null');
  }
  array(node, 'records', at, MAX_RECORDS).forEach((r, i) => record(r, `${at}records[${i}].`));
  array(node, 'inclusion', at, MAX_RECORDS).forEach((p, i) => inclusion(p, `${at}inclusion[${i}].`));
  text(node, 'checkpoint', at);
  keys(node.keys, at + 'keys');
  if (node.children !== undefined && node.children !== null) {
    if (depth === MAX_DEPTH) throw malformed(at + 'children', `nested deeper than ${MAX_DEPTH}`);
    array(node, 'children', at, MAX_CHILDREN).forEach((c, i) => bundle(c, `${at}children[${i}].`, depth + 1));
  }
  return node;
}

/** The bundle object of the JSON text, or an Error naming the first malformed member. */
export function parseBundle(json) {
  if (typeof json !== 'string' || json.length > MAX_BUNDLE_CHARS) {
    throw malformed('bundle', `missing or longer than ${MAX_BUNDLE_CHARS} characters`);
  }
  let node;
  try {
    node = JSON.parse(json);
  } catch (e) {
    throw malformed('bundle', 'not JSON');
  }
  return bundle(node, '', 0);
}
