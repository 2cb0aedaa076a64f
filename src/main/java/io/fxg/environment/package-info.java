/**
 * The library a target environment embeds (SPEC section 7, "Target environment contract"), and a demo
 * service built on it: {@link io.fxg.environment.AttestationSigner} answers the gateway's attestation challenge with
 * a DSSE envelope, {@link io.fxg.environment.ArtifactVerifier} checks the gateway's authorization
 * artifact against its JWKS ({@link io.fxg.environment.JwksKeys}, fetched by {@link
 * io.fxg.environment.JwksFetcher}), {@link io.fxg.environment.ReportClient} sends RFC 9421-signed reports,
 * and {@link io.fxg.environment.TargetEnvironment} serves {@code /fxg/attest}, {@code /fxg/execute} and
 * {@code /fxg/cancel} over the JDK's HTTP server, running pluggable {@link
 * io.fxg.environment.ActionHandler}s. {@link io.fxg.environment.AttestationVerifier} is the gateway's half of
 * the attestation check, kept here so both halves of the format live together. {@link
 * io.fxg.environment.DemoTarget} is the demo environment.
 *
 * <p>Pure JDK plus {@code io.fxg.crypto}, {@code io.fxg.httpsig} and {@code io.fxg.serialization}:
 * no Pekko, so a target can embed it without the gateway's runtime.
 */
package io.fxg.environment;
