/**
 * Lineage records (SPEC section 9): every journaled event of an execution, domain or policy is also
 * a JCS-canonical, SHA-256 hash-chained record. This package builds and verifies the chain; it
 * depends only on {@code io.fxg.crypto} and {@code io.fxg.serialization}.
 */
package io.fxg.lineage;
