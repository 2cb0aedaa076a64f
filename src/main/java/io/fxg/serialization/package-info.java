/**
 * Serialization plumbing: the {@link io.fxg.serialization.CborSerializable} marker that binds
 * messages and events to Jackson CBOR, and the strict JSON mapper for wire DTOs. Depends on nothing
 * else in fxg.
 */
package io.fxg.serialization;
