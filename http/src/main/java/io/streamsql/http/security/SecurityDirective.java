package io.streamsql.http.security;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.http.JsonResponses;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every request except {@code /healthz} and {@code /readyz} and checks the role
 * and scopes its method and path need ({@link AccessClassifier}). Refusals are logged with the
 * method, path and principal name, never with the credentials.
 */
public final class SecurityDirective extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(SecurityDirective.class);
  private static final WWWAuthenticate CHALLENGE =
      WWWAuthenticate.create(HttpChallenge.create("Bearer", "streamsql"), HttpChallenge.create("Basic", "streamsql"));

  private final Authenticator authenticator;

  public SecurityDirective(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  public Route protect(Route inner) {
    return extractRequest(request -> {
      Access access = AccessClassifier.classify(request.method().value(), segments(request));
      if (access.isPublic()) return inner;
      var authorization = request.getHeader("Authorization").map(h -> h.value());
      return onComplete(authenticator.authenticate(authorization), result -> {
        if (result.isFailure()) return complete(refusal(request, result.failed().get()));
        Principal principal = result.get();
        if (access.permits(principal)) return inner;
        log.info("Forbidden: {} {} for {} (needs {}{})", request.method().value(), request.getUri().path(), principal.name(),
            access.required().wireName(), access.resource() == null ? ", unscoped" : " on " + access.resource());
        return complete(JsonResponses.error(new StreamSqlException(ErrorCode.FORBIDDEN, forbidden(access),
            java.util.Map.of("required_role", access.required().wireName()))));
      });
    });
  }

  private static String forbidden(Access access) {
    return access.resource() == null
        ? "This request needs the role '" + access.required().wireName() + "' without scopes"
        : "This request needs the role '" + access.required().wireName() + "' on '" + access.resource() + "'";
  }

  private static HttpResponse refusal(HttpRequest request, Throwable failure) {
    Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (t instanceof StreamSqlException e && e.code() == ErrorCode.UNAUTHENTICATED) {
      log.info("Unauthenticated: {} {}: {}", request.method().value(), request.getUri().path(), e.getMessage());
      return JsonResponses.error(e).addHeader(CHALLENGE);
    }
    return JsonResponses.error(t);
  }

  private static List<String> segments(HttpRequest request) {
    List<String> out = new ArrayList<>();
    for (String s : request.getUri().pathSegments()) if (!s.isEmpty()) out.add(s);
    return out;
  }
}
