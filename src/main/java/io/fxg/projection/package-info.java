/**
 * Journal projections that resume: a node's read models that fold the lineage tag (the search
 * index, the risk signals) keep their position and state in one row of the journal database
 * ({@link io.fxg.projection.ProjectionStore}), so a start reads only what was journaled since, and
 * say when they have caught up with the journal as it stood at their start ({@link
 * io.fxg.projection.ProjectionStream}). Depends on Pekko streams and persistence query, JDBC and
 * Jackson only; the projections themselves live in their capabilities' packages.
 */
package io.fxg.projection;
