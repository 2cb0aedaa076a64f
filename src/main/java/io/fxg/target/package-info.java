/**
 * The target side of SPEC section 7 ("Target environment contract"), as a small library and a demo
 * service: {@link io.fxg.target.AttestationSigner} answers the gateway's attestation challenge with
 * a DSSE envelope, {@link io.fxg.target.ArtifactVerifier} checks the gateway's authorization
 * artifact against its JWKS ({@link io.fxg.target.JwksKeys}, fetched by {@link
 * io.fxg.target.JwksFetcher}), {@link io.fxg.target.ReportClient} sends RFC 9421-signed reports,
 * and {@link io.fxg.target.TargetEnvironment} serves {@code /fxg/attest}, {@code /fxg/execute} and
 * {@code /fxg/cancel} over the JDK's HTTP server, running pluggable {@link
 * io.fxg.target.ActionHandler}s. {@link io.fxg.target.AttestationVerifier} is the gateway's half of
 * the attestation check, kept here so both halves of the format live together. {@link
 * io.fxg.target.DemoTarget} is the demo environment.
 *
 * <p>Pure JDK plus {@code io.fxg.crypto}, {@code io.fxg.httpsig} and {@code io.fxg.serialization}:
 * no Pekko, so a target can embed it without the gateway's runtime.
 */
package io.fxg.target;
