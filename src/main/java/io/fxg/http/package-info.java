/**
 * The HTTP API (SPEC sections 4, 7, 11): one {@code XxxRoutes} class per capability, DTO records
 * separate from actor messages, RFC 9457 problem responses for every refusal, and the outbound
 * client that calls target environments. Depends on every capability package it exposes; nothing
 * depends on it but {@code cluster}.
 */
package io.fxg.http;
