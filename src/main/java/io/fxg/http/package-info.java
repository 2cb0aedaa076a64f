/**
 * The HTTP API (SPEC sections 4, 7, 11): one {@code XxxRoutes} class per capability, DTO records
 * separate from actor messages, RFC 9457 problem responses for every refusal, and the outbound
 * client that calls target environments. {@code ConsoleRoutes} serves the web proof surfaces (static
 * pages and ES modules under {@code web/} in the jar), {@code EventRoutes} their live updates and
 * {@code ConsolePeerRoutes} the console's peer-gateway panel.
 * Depends on every capability package it exposes; nothing depends on it but {@code cluster} and
 * {@code demo}.
 */
package io.fxg.http;
