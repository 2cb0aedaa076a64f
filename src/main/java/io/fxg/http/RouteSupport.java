package io.fxg.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Shared plumbing of the routes classes: read the body strictly within {@code fxg.http.max-body}
 * (413 beyond), authenticate it, run the handler, and turn any failure into a problem response.
 */
public abstract class RouteSupport extends AllDirectives {
  protected final ActorSystem<?> system;
  protected final HttpSettings settings;
  protected final Authenticator authenticator;

  protected RouteSupport(ActorSystem<?> system, HttpSettings settings, Authenticator authenticator) {
    this.system = system;
    this.settings = settings;
    this.authenticator = authenticator;
  }

  /** Handles the request as a {@link Call}; every exception becomes an RFC 9457 problem. */
  protected Route serve(Function<Call, CompletionStage<HttpResponse>> handler) {
    return serve(handler, (request, body, refusal) -> { });
  }

  /** Told of a request whose signature check refused it (401), with the body it carried. */
  @FunctionalInterface
  protected interface RefusedSignature {
    void refused(org.apache.pekko.http.javadsl.model.HttpRequest request, byte[] body, ProblemException refusal);
  }

  /**
   * As {@link #serve(Function)}, and tells {@code onRefusedSignature} when the signature check
   * refused the request (the refusal is still answered as a problem).
   */
  protected Route serve(Function<Call, CompletionStage<HttpResponse>> handler,
      RefusedSignature onRefusedSignature) {
    return extractRequest(request -> completeWithFuture(process(request, handler, onRefusedSignature)));
  }

  /**
   * As {@link #serve(Function)}, counted by {@code admission} from the moment its body has been
   * read to its answer: beyond the limit the request is refused (503) before its signature is
   * checked, so shedding load costs next to nothing, and a slow sender holds a connection but
   * not an admission place.
   */
  protected Route serveAdmitted(Admission admission, Function<Call, CompletionStage<HttpResponse>> handler) {
    return extractRequest(request -> completeWithFuture(strictBody(request)
        .thenCompose(strict -> admission.admit(() -> authenticated(request, strict, handler, (r, b, refusal) -> { })))
        .exceptionally(Problems::fromThrowable)));
  }

  private CompletionStage<HttpResponse> process(org.apache.pekko.http.javadsl.model.HttpRequest request,
      Function<Call, CompletionStage<HttpResponse>> handler,
      RefusedSignature onRefusedSignature) {
    return strictBody(request)
        .thenCompose(strict -> authenticated(request, strict, handler, onRefusedSignature))
        .exceptionally(Problems::fromThrowable);
  }

  private CompletionStage<HttpResponse> authenticated(org.apache.pekko.http.javadsl.model.HttpRequest request,
      org.apache.pekko.http.javadsl.model.HttpEntity.Strict strict, Function<Call, CompletionStage<HttpResponse>> handler,
      RefusedSignature onRefusedSignature) {
    byte[] body = strict.getData().toArray();
    return authenticator.authenticate(request, body)
        .whenComplete((signer, error) -> {
          if (Problems.unwrap(error) instanceof ProblemException refusal && refusal.status() == 401) {
            onRefusedSignature.refused(request, body, refusal);
          }
        })
        .thenCompose(signer -> handler.apply(new Call(request, body, signer)));
  }

  private CompletionStage<org.apache.pekko.http.javadsl.model.HttpEntity.Strict> strictBody(
      org.apache.pekko.http.javadsl.model.HttpRequest request) {
    var declared = request.entity().getContentLengthOption();
    if (declared.isPresent() && declared.getAsLong() > settings.maxBody()) {
      return CompletableFuture.failedFuture(tooLarge());
    }
    try {
      return request.entity().toStrict(settings.askTimeout().toMillis(), settings.maxBody(), system)
          .exceptionally(e -> {
            throw Problems.unwrap(e) instanceof org.apache.pekko.http.scaladsl.model.EntityStreamException
                ? tooLarge() : new java.util.concurrent.CompletionException(e);
          });
    } catch (org.apache.pekko.http.scaladsl.model.EntityStreamException e) {
      return CompletableFuture.failedFuture(tooLarge());
    }
  }

  private ProblemException tooLarge() {
    return new ProblemException(413, "body-too-large",
        "the request body exceeds fxg.http.max-body (" + settings.maxBody() + " bytes)", "body");
  }

  /** The same, for handlers that answer synchronously. */
  protected Route serveNow(Function<Call, HttpResponse> handler) {
    return serve(call -> CompletableFuture.completedFuture(handler.apply(call)));
  }
}
