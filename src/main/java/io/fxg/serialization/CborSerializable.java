package io.fxg.serialization;

/**
 * Marker for every actor message, event and state that crosses the wire or lands in the journal.
 * Bound to Pekko's {@code jackson-cbor} serializer in {@code reference.conf}; Pekko ships no public
 * marker of its own.
 */
public interface CborSerializable {}
