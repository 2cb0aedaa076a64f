/**
 * Node assembly: turns HOCON (with environment overrides) into a running gateway node: the
 * ActorSystem with the cluster provider, the journal schema, every sharded entity and singleton
 * initialised in one place ({@link io.fxg.cluster.GatewayNode}), and the HTTP server. The only
 * package that knows every other.
 */
package io.fxg.cluster;
