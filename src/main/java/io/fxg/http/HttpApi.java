package io.fxg.http;

import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;

/** Combines every routes class; unmatched paths and wrong methods become problem responses too. */
public final class HttpApi extends AllDirectives {
  private HttpApi() {}

  public static Route combine(Route... routes) {
    HttpApi api = new HttpApi();
    Route all = api.concat(routes[0], java.util.Arrays.copyOfRange(routes, 1, routes.length));
    RejectionHandler rejections = RejectionHandler.newBuilder()
        .handleNotFound(api.complete(Problems.of(ProblemException.notFound("no such resource"))))
        .handleAll(org.apache.pekko.http.javadsl.server.MethodRejection.class,
            rejected -> api.complete(Problems.of(new ProblemException(405, "method-not-allowed", "method not allowed here"))))
        .build()
        .withFallback(RejectionHandler.defaultHandler())
        .mapRejectionResponse(response -> response.entity().getContentType().mediaType().subType().endsWith("json")
            ? response
            : problemFrom(response));
    ExceptionHandler exceptions = ExceptionHandler.newBuilder().matchAny(e -> api.complete(Problems.fromThrowable(e))).build();
    return api.handleExceptions(exceptions, () -> api.handleRejections(rejections, () -> all));
  }

  private static HttpResponse problemFrom(HttpResponse response) {
    int status = response.status().intValue();
    String detail = response.status().reason();
    return Problems.of(new ProblemException(status, status == 413 ? "body-too-large" : "invalid-request", detail));
  }
}
