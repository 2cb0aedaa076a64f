package io.fxg.execution;

import io.fxg.serialization.CborSerializable;

/** Phase 3 result: the signed authorization artifact (JWS compact) and its window. */
public record IssuedArtifact(String jws, String jti, long issuedAtEpochSecond, long expiresAtEpochSecond)
    implements CborSerializable {}
