package io.fxg.http;

import io.fxg.crypto.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.EntityTag;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The web proof surfaces (SPEC section 11), shipped in the jar under {@code web/}: {@code /}
 * Governance Console, {@code /demo} Runtime Governance Demo, {@code /proof} Proof Viewer,
 * {@code /health-dashboard}, {@code /lineage/{id}} Lineage Explorer, and their assets under
 * {@code /assets/}. The pages are static; they read the JSON API and {@code /v1/events} from the
 * browser. A Content-Security-Policy confines them to this origin, so nothing is fetched from
 * anywhere else at run time. Every response carries a strong ETag and {@code no-cache}: browsers
 * revalidate (a cheap 304) and never run a stale script after an upgrade.
 */
public final class ConsoleRoutes extends AllDirectives {
  /** Asset names: flat, lowercase, one known extension; nothing else is looked up. */
  private static final Pattern ASSET = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}\\.(js|css|svg)");
  private static final Map<String, String> PAGES = Map.of(
      "", "console.html",
      "demo", "demo.html",
      "proof", "proof.html",
      "health-dashboard", "health.html");
  private static final List<HttpHeader> HEADERS = List.of(
      RawHeader.create("Cache-Control", "no-cache"),
      RawHeader.create("X-Content-Type-Options", "nosniff"),
      RawHeader.create("Referrer-Policy", "no-referrer"),
      RawHeader.create("X-Frame-Options", "DENY"),
      RawHeader.create("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self';"
          + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'"));

  /** A loaded resource with its content type and entity tag. */
  private record Resource(byte[] bytes, ContentType type, EntityTag etag) {}

  /** Only resources that exist are cached (a null from computeIfAbsent stores nothing). */
  private final Map<String, Resource> cache = new ConcurrentHashMap<>();

  public Route route() {
    return concat(
        pathEndOrSingleSlash(() -> get(() -> serve(PAGES.get("")))),
        path(PathMatchers.segment(), name -> PAGES.containsKey(name) ? get(() -> serve(PAGES.get(name))) : reject()),
        path(PathMatchers.segment("lineage").slash(PathMatchers.segment()), id -> get(() -> serve("lineage.html"))),
        path(PathMatchers.segment("assets").slash(PathMatchers.segment()), name ->
            ASSET.matcher(name).matches() ? get(() -> serve("assets/" + name)) : reject()));
  }

  private Route serve(String file) {
    Resource resource = cache.computeIfAbsent(file, name -> load(name).orElse(null));
    if (resource == null) {
      return reject();
    }
    return respondWithHeaders(HEADERS, () -> conditional(resource.etag(), () -> complete(
        HttpResponse.create().withEntity(HttpEntities.create(resource.type(), resource.bytes())))));
  }

  private static Optional<Resource> load(String file) {
    try (InputStream in = ConsoleRoutes.class.getClassLoader().getResourceAsStream("web/" + file)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readAllBytes();
      String tag = Digests.sha256Hex(bytes).substring(0, 32);
      return Optional.of(new Resource(bytes, contentType(file), EntityTag.create(tag, false)));
    } catch (IOException e) {
      throw new UncheckedIOException("web resource " + file + " unreadable", e);
    }
  }

  private static ContentType contentType(String file) {
    if (file.endsWith(".html")) {
      return ContentTypes.TEXT_HTML_UTF8;
    }
    if (file.endsWith(".css")) {
      return MediaTypes.TEXT_CSS.toContentType(HttpCharsets.UTF_8);
    }
    if (file.endsWith(".svg")) {
      return MediaTypes.IMAGE_SVG_XML.toContentType();
    }
    return MediaTypes.applicationWithFixedCharset("javascript", HttpCharsets.UTF_8).toContentType();
  }
}
