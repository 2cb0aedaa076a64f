package io.fxg.bench;

import io.fxg.serialization.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/** The requests of each phase and how their answers are judged (null = success). */
final class Workloads {
  private Workloads() {}

  /**
   * Governed executions of {@code bench.noop}, waiting for the terminal view ({@code Prefer: wait}),
   * so a {@code 200} with status {@code completed} marks completion. Completed executions are tracked
   * to {@code proof.persisted} when {@code proofLatency} is given, and their artifacts harvested
   * into {@code harvest} when given.
   */
  static LoadGenerator.Workload governed(BenchRig rig, Histogram proofLatency, LongAdder proven,
      ArtifactPool harvest, int maxDurationSeconds) {
    return n -> {
      HttpRequest request = rig.governed(n, 0, BenchFederation.NOOP, maxDurationSeconds, 30);
      return new LoadGenerator.Prepared(request, (response, failure, start) -> {
        if (failure != null) {
          return LoadGenerator.failureKind(failure);
        }
        String body = response.body();
        if (response.statusCode() != 200) {
          return "http " + response.statusCode() + " " + field(body, "type");
        }
        if (!body.contains("\"status\":\"completed\"")) {
          return field(body, "status") + " " + field(body, "reason");
        }
        if (proofLatency != null) {
          rig.probe.track(field(body, "executionId"), start, proofLatency, proven);
        }
        if (harvest != null && !harvest.full()) {
          try {
            harvest.harvest(Json.parse(body));
          } catch (IOException e) {
            return "unparsable view";
          }
        }
        return null;
      });
    };
  }

  /** {@code POST /fxg/execute} at {@code base} (the target, or the ungoverned proxy) with a lent artifact. */
  static LoadGenerator.Workload execute(BenchRig rig, URI base, ArtifactPool artifacts) {
    return n -> {
      ArtifactPool.Artifact artifact = artifacts.borrow();
      HttpRequest request = rig.execute(base, artifact);
      return new LoadGenerator.Prepared(request, (response, failure, start) -> {
        artifacts.giveBack(artifact);
        if (failure != null) {
          return LoadGenerator.failureKind(failure);
        }
        return response.statusCode() == 200 ? null : "http " + response.statusCode() + " " + field(response.body(), "type");
      });
    };
  }

  /** The string value of the first {@code "name":"..."} in a JSON text, or empty (no parse on the hot path). */
  static String field(String json, String name) {
    if (json == null) {
      return "";
    }
    String key = "\"" + name + "\":\"";
    int at = json.indexOf(key);
    if (at < 0) {
      return "";
    }
    int from = at + key.length();
    int to = json.indexOf('"', from);
    return to < 0 ? "" : json.substring(from, to);
  }

  static boolean ok(HttpResponse<String> r) {
    return r.statusCode() >= 200 && r.statusCode() < 300;
  }
}
