package io.streamsql.http.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamsql.cluster.metrics.LatencyBuckets;
import io.streamsql.core.format.Json;
import io.streamsql.http.JsonResponses;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.HttpEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What the server does around every request: gives it an id ({@code X-Request-Id}, the client's or
 * a new one) that every response carries and every JSON error body names as {@code request_id},
 * times it per route template, method and status, and writes one access log line. Log lines written
 * here set the MDC key {@value #MDC_KEY}; routes run on pool threads, so it is set around each call.
 */
public final class RequestObserver extends AllDirectives {
  public static final String MDC_KEY = "request_id";
  /** One INFO line per request; set this logger to OFF (or WARN) to silence them. */
  public static final String ACCESS_LOGGER = "io.streamsql.http.access";
  private static final Logger access = LoggerFactory.getLogger(ACCESS_LOGGER);
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

  private final MeterRegistry registry;

  public RequestObserver(MeterRegistry registry) {
    this.registry = registry;
  }

  public Route wrap(Route inner) {
    return extractRequest(request -> {
      long started = System.nanoTime();
      String id = RequestIds.accept(request.getHeader(RequestIds.HEADER).map(h -> h.value()));
      return mapResponse(response -> finish(request, id, started, response), () -> inner);
    });
  }

  private HttpResponse finish(HttpRequest request, String id, long started, HttpResponse response) {
    long nanos = System.nanoTime() - started;
    String route = RouteTemplates.of(request.getUri().path());
    String method = request.method().value();
    int status = response.status().intValue();
    LatencyBuckets.timer("streamsql.http.requests")
        .description("HTTP requests served by this node, until the response starts (headers sent)")
        .tag("method", METHODS.contains(method) ? method : "OTHER")
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .tag("status_class", (status / 100) + "xx")
        .register(registry)
        .record(Duration.ofNanos(nanos));
    MDC.put(MDC_KEY, id);
    try {
      JsonResponses.logFailure(response);
      if (access.isInfoEnabled()) {
        access.info("{} {} {} {} ms request_id={}", method, route, status, nanos / 1_000_000, id);
      }
    } finally {
      MDC.remove(MDC_KEY);
    }
    HttpResponse named = status >= 400 ? withRequestIdInBody(response, id) : response;
    return named.addHeader(RawHeader.create(RequestIds.HEADER, id));
  }

  /** Adds {@code request_id} to a JSON object error body (native, ksqlDB and Feldera shapes alike). */
  private static HttpResponse withRequestIdInBody(HttpResponse response, String id) {
    if (!(response.entity() instanceof HttpEntity.Strict strict)
        || !strict.contentType().equals(ContentTypes.APPLICATION_JSON)) {
      return response;
    }
    try {
      JsonNode body = Json.MAPPER.readTree(strict.getData().toArray());
      if (!(body instanceof ObjectNode object) || object.has("request_id")) return response;
      object.put("request_id", id);
      return response.withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, Json.MAPPER.writeValueAsBytes(object)));
    } catch (IOException notJson) {
      return response;
    }
  }
}
