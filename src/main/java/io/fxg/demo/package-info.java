/**
 * {@code scripts/fxg demo}: one node on the embedded default, the demo target environment, a demo
 * federation (three trust domains, their keys, a policy) installed through the signed admin API,
 * and a steady trickle of demo executions that complete, get denied and get interrupted. Uses only
 * public surfaces (HTTP, the target library), as a user would.
 */
package io.fxg.demo;
