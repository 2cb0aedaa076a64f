/**
 * {@code scripts/bench}: the end-to-end benchmark of the governed path. Starts a node on the
 * embedded default (H2 file under a temporary {@code fxg.home}) in this JVM, a fast synchronous
 * target ({@link io.fxg.environment.TargetEnvironment} with a {@code bench.noop} action) and an
 * ungoverned pekko-http forward to it, installs a federation and a policy through the signed admin
 * API, then drives freshly signed requests with closed-loop and open-loop generators on the JDK
 * HTTP client and reports throughput, HdrHistogram latencies, time to {@code proof.persisted}, CPU
 * (per thread group) and heap, including an overload phase at twice the closed-loop maximum. After
 * a run it stops the node and audits its journal, and judges issue 16's targets. Also the
 * revocation run: live executions cut off by one revocation. Measures and reports; asserts nothing
 * (only a failed audit fails the command). May depend on every other package (it assembles them as a user
 * would), and nothing depends on it but {@code io.fxg.cli}.
 */
package io.fxg.bench;
