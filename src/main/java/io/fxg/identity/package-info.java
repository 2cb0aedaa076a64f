/**
 * Identity and trust federation (Layer 1): key material of the gateway and its admins, federated
 * trust domains with their principals and environments, revocations, and the verification of
 * RFC 9421-signed requests against them. Depends on {@code crypto}, {@code httpsig},
 * {@code lineage} and {@code serialization}.
 */
package io.fxg.identity;
