/**
 * Cryptographic primitives: Ed25519 signing through Bouncy Castle's lightweight API, JWK
 * (RFC 7517/8037) with RFC 7638 thumbprints, JCS canonical JSON (RFC 8785), SHA-256 digests, JWS
 * compact serialization, DSSE pre-authentication encoding, and the cluster CA and PKCS#12 stores
 * for Artery TLS ({@code TlsKeystores}). Bouncy Castle types never leave this
 * package. Depends only on {@code io.fxg.serialization}.
 */
package io.fxg.crypto;
