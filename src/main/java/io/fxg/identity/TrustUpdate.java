package io.fxg.identity;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.fxg.serialization.CborSerializable;

/**
 * What the trust entities publish after each journaled change, so every node's {@link
 * TrustRegistry} applies it at once instead of waiting for the journal query. Applying an update
 * is idempotent and ordered by its chain sequence number.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = DomainSnapshot.class, name = "domain"),
  @JsonSubTypes.Type(value = Revocation.class, name = "revocation"),
  @JsonSubTypes.Type(value = PeerSnapshot.class, name = "peer")
})
public sealed interface TrustUpdate extends CborSerializable permits DomainSnapshot, Revocation, PeerSnapshot {}
