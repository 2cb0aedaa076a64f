/**
 * fxg as a Model Context Protocol gateway (SPEC section 14, docs/mcp.md): every {@code tools/call}
 * a governed execution.
 *
 * <ul>
 *   <li>{@link io.fxg.mcp.McpRoutes}: {@code /mcp/{domain}/{environment}} (Streamable HTTP,
 *       JSON-RPC on Jackson), with {@link io.fxg.mcp.McpSessions}, {@link io.fxg.mcp.ToolCatalog}
 *       ({@code tools/list} filtered by a policy dry run) and {@link io.fxg.mcp.ToolCalls}
 *       ({@code tools/call} as an execution of {@code mcp.tool/<name>});</li>
 *   <li>{@link io.fxg.mcp.BearerTokens} and {@link io.fxg.mcp.TokenRoutes} ({@code POST /v1/tokens}),
 *       {@link io.fxg.mcp.ProtectedResource} (RFC 9728 metadata for the 401 hints);</li>
 *   <li>{@link io.fxg.mcp.McpDispatch}: phases 5 and 7 for environments of kind {@code mcp}, through
 *       {@link io.fxg.mcp.McpUpstreamClient} (signed with the gateway key);</li>
 *   <li>{@link io.fxg.mcp.McpToolServer}: the environment side, an MCP tool server on the SDK's
 *       servlet transport (Jetty) that also answers the attestation challenge; {@link
 *       io.fxg.mcp.DemoTools} are the demo's tools.</li>
 * </ul>
 *
 * <p>Depends on {@code execution}, {@code http}, {@code identity}, {@code policy}, {@code crypto},
 * {@code httpsig}, {@code environment} and {@code serialization}, and on the MCP Java SDK for its
 * schema constants and server; {@code cluster} wires it through {@link io.fxg.mcp.McpGateway}.
 */
package io.fxg.mcp;
