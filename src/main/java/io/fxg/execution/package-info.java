/**
 * The execution lifecycle: {@link io.fxg.execution.Execution}, one sharded, event-sourced actor per
 * execution stepping through the eight phases of SPEC section 7, and the narrow seams it calls
 * (governance, authorization, trust activation, dispatch) whose implementations live in their own
 * packages and are wired by {@code io.fxg.cluster}. Depends on {@code lineage}, {@code crypto},
 * {@code serialization} and {@code projection} (the search index resumes from its snapshot) only; nothing here knows HTTP.
 */
package io.fxg.execution;
