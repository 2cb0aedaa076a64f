package io.fxg.environment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;

/**
 * The RFC 9457 problem a target environment answers with ({@code application/problem+json}): its
 * {@code check} member names the failed check of the fxg target contract. One shape for every
 * server that speaks the contract: {@link TargetEnvironment} and the MCP tool server.
 */
public final class TargetProblem {
  public static final String MEDIA_TYPE = "application/problem+json";

  private TargetProblem() {}

  public static ObjectNode of(int status, String check, String detail) {
    ObjectNode problem = Json.object();
    problem.put("type", "about:blank");
    problem.put("title", title(status));
    problem.put("status", status);
    problem.put("detail", detail);
    problem.put("check", check);
    return problem;
  }

  private static String title(int status) {
    switch (status) {
      case 400:
        return "Bad Request";
      case 401:
        return "Unauthorized";
      case 403:
        return "Forbidden";
      case 404:
        return "Not Found";
      case 405:
        return "Method Not Allowed";
      case 409:
        return "Conflict";
      case 413:
        return "Content Too Large";
      case 503:
        return "Service Unavailable";
      default:
        return "Internal Server Error";
    }
  }
}
