package io.fxg.environment;

import java.io.IOException;

/** Where an {@link ExecutionContext} delivers its reports; {@link ReportClient} posts them. */
@FunctionalInterface
public interface ReportSink {
  /** Delivers one report; an exception means the gateway did not accept it. */
  void report(String executionId, Report report) throws IOException, InterruptedException;
}
