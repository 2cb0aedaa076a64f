/**
 * {@code scripts/fxg demo}: one node on the embedded default, the demo target environment, a demo
 * federation (three trust domains, their keys, a policy) installed through the signed admin API,
 * and a steady trickle of demo executions that complete, get denied and get interrupted, and of MCP
 * tool calls ({@code DemoToolCalls}, the MCP SDK's client against {@code /mcp/acme/tools}). The
 * {@code /demo} page's controls ({@code DemoControls}, served by the demo's node only) start
 * scenarios and break trust on purpose through {@code DemoDirector}. Drives the gateway only through
 * public surfaces (HTTP, the target library), as a user would. {@code --no-traffic} leaves the
 * traffic out; {@code --federated} ({@code FederatedDemo}, {@code FederatedTraffic}) runs two peer
 * gateways in one process and sends its traffic through the first.
 */
package io.fxg.demo;
