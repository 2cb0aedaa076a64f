// The transparency log's formats, verified as any C2SP client would: note verifier keys, signed
// notes, tlog checkpoints, and RFC 9162 inclusion proofs.
import { concat, equalBytes, fromBase64Strict, hex, utf8 } from './bytes.js';
import { ed25519Verify, sha256 } from './webcrypto.js';

const ED25519 = 0x01;
const SIG_PREFIX = '\u2014 ';
export const MAX_PATH_LENGTH = 64;
export const MAX_SIGNATURES = 100;

function validText(text) {
  // No control character but newline, and no unpaired surrogate.
  return !/[\u0000-\u0009\u000b-\u001f]/.test(text) && (typeof text.isWellFormed !== "function" || text.isWellFormed());
}

function validName(name) {
  return typeof name === 'string' && name.length > 0 && !name.includes('+') && validText(name) && !/\s/u.test(name);
}

async function keyHash(name, typedKey) {
  const digest = await sha256(concat(utf8(name), Uint8Array.of(0x0a), typedKey));
  return ((digest[0] << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3]) >>> 0;
}

const hex8 = (n) => n.toString(16).padStart(8, '0');

/** Parses {@code <name>+<8 hex keyhash>+<base64(0x01 || pubkey)>} and checks its key hash. */
export async function parseVerifierKey(text) {
  if (typeof text !== 'string') throw new Error('verifier key: missing');
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) throw new Error('verifier key: expected <name>+<hash>+<key>');
  const name = text.slice(0, first);
  const hashText = text.slice(first + 1, second);
  const typed = fromBase64Strict(text.slice(second + 1));
  if (!validName(name) || !/^[0-9a-f]{8}$/.test(hashText) || typed === null || typed.length === 0) {
    throw new Error('verifier key: expected <name>+<8 lowercase hex>+<base64 key>');
  }
  const hash = parseInt(hashText, 16) >>> 0;
  if (hash !== await keyHash(name, typed)) throw new Error('verifier key: key hash does not match name and key');
  if (typed[0] !== ED25519) throw new Error(`verifier key: unsupported signature type ${typed[0]}`);
  if (typed.length !== 33) throw new Error('verifier key: an Ed25519 key has 32 bytes');
  return { name, keyHash: hash, publicKey: typed.slice(1), keyId: `${name}+${hex8(hash)}` };
}

function parseNote(note) {
  const malformed = (detail) => new Error(`malformed note: ${detail}`);
  if (typeof note !== 'string' || note.length > (1 << 20)) throw malformed('missing or too long');
  if (!validText(note)) throw malformed('control character or invalid UTF-16');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw malformed('no blank line before the signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) throw malformed('signature lines must be present and end in a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw malformed(`more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line) => {
    if (!line.startsWith(SIG_PREFIX)) throw malformed('signature line must start with an em dash and a space');
    const rest = line.slice(SIG_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? '' : rest.slice(0, space);
    const raw = space < 0 ? null : fromBase64Strict(rest.slice(space + 1));
    if (!validName(name) || raw === null || raw.length < 5) throw malformed('signature line must be — <name> <base64 signature>');
    const hash = ((raw[0] << 24) | (raw[1] << 16) | (raw[2] << 8) | raw[3]) >>> 0;
    return { name, keyHash: hash, keyId: `${name}+${hex8(hash)}`, signature: raw.slice(4) };
  });
  return { text, signatures };
}

/**
 * Opens a C2SP checkpoint signed by key: a signature by the key must verify, signatures by
 * other keys are ignored, and the origin must be the key's name. Returns {origin, size, root}.
 */
export async function openCheckpoint(note, key) {
  const { text, signatures } = parseNote(note);
  const message = utf8(text);
  let verified = 0;
  for (const signature of signatures) {
    if (signature.keyId !== key.keyId) continue;
    if (!await ed25519Verify(key.publicKey, signature.signature, message)) {
      throw new Error(`invalid signature for key ${signature.keyId}`);
    }
    verified++;
  }
  if (verified === 0) {
    throw new Error(`note has no signature by a known key (signed by [${signatures.map((s) => s.keyId).join(', ')}])`);
  }
  const checkpoint = parseCheckpoint(text);
  if (checkpoint.origin !== key.name) {
    throw new Error(`checkpoint: origin "${checkpoint.origin}" where "${key.name}" was expected`);
  }
  return checkpoint;
}

function parseCheckpoint(text) {
  const malformed = (detail) => new Error(`checkpoint: ${detail}`);
  if (!text.endsWith('\n')) throw malformed('text must end in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw malformed('needs origin, size and root hash lines');
  if (lines.some((line) => line.length === 0)) throw malformed('empty line');
  if (!/^(0|[1-9][0-9]{0,18})$/.test(lines[1])) throw malformed('size must be decimal without leading zeros');
  const root = fromBase64Strict(lines[2]);
  if (root === null || root.length !== 32) throw malformed('root hash must be base64 of 32 bytes');
  return { origin: lines[0], size: BigInt(lines[1]), root, rootHex: hex(root) };
}

export async function leafHash(data) {
  return sha256(concat(Uint8Array.of(0x00), data));
}

async function nodeHash(left, right) {
  return sha256(concat(Uint8Array.of(0x01), left, right));
}

/** RFC 9162 section 2.1.3.2: leaf at index of the tree of size leads to root along path. */
export async function verifyInclusion(index, size, leaf, path, root) {
  const invalid = (detail) => new Error(`inclusion proof: ${detail}`);
  if (path.length > MAX_PATH_LENGTH) throw invalid(`longer than ${MAX_PATH_LENGTH} hashes`);
  if (path.some((p) => p.length !== 32)) throw invalid('every hash must have 32 bytes');
  if (index < 0n || index >= size) throw invalid(`index ${index} is outside the tree of size ${size}`);
  let fn = index;
  let sn = size - 1n;
  let r = leaf;
  for (const p of path) {
    if (sn === 0n) throw invalid('longer than the path from leaf to root');
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw invalid('shorter than the path from leaf to root');
  if (!equalBytes(r, root)) throw invalid('computed root differs from the expected root');
}
