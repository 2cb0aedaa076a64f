/**
 * HTTP Message Signatures (RFC 9421) with Ed25519 and Content-Digest (RFC 9530), as SPEC section 4
 * profiles them: a transport-neutral {@link io.fxg.httpsig.SignedRequestView}, the RFC 8941
 * structured-field subset the two signature fields need, signature base construction, an outbound
 * {@link io.fxg.httpsig.MessageSigner} and an inbound {@link io.fxg.httpsig.MessageVerifier} whose
 * refusals are named by {@link io.fxg.httpsig.SignatureFailure}.
 *
 * <p>Pure Java: used by the gateway (Pekko HTTP adapts its requests to the view), the CLI client
 * and the target library. Depends only on {@code io.fxg.crypto} and the JDK; never on Pekko.
 */
package io.fxg.httpsig;
