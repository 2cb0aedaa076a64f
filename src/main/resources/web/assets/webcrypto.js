// SHA-256 and Ed25519 through WebCrypto: the browser's own implementations, nothing of the server's.

export function available() {
  return typeof crypto !== 'undefined' && crypto.subtle !== undefined;
}

export async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/** Whether signature is a valid Ed25519 signature of message by the 32-byte public key. */
export async function ed25519Verify(publicKey, signature, message) {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  const key = await crypto.subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, signature, message);
}
