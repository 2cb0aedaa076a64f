package io.fxg.lineage;

/**
 * An event that is also a lineage record: executions, domains and policies all journal such
 * events under the {@code lineage} tag, which the transparency log and audits follow.
 */
public interface Lineaged {
  /** The tag every lineage-carrying event is written with. */
  String TAG = "lineage";

  LineageRecord record();
}
