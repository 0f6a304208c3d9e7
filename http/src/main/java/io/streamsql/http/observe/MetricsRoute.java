package io.streamsql.http.observe;

import io.streamsql.cluster.metrics.NodeMetrics;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.http.JsonResponses;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /metrics}: this node's meters in Prometheus text format. */
public final class MetricsRoute extends AllDirectives {
  private final NodeMetrics metrics;

  public MetricsRoute(NodeMetrics metrics) {
    this.metrics = metrics;
  }

  public Route route() {
    return path("metrics", () -> get(() -> {
      if (!metrics.enabled()) {
        return complete(JsonResponses.error(ErrorCode.NOT_FOUND, "Metrics are disabled (streamsql.metrics.enabled = off)"));
      }
      return complete(HttpResponse.create().withEntity(HttpEntities.create(
          MediaTypes.TEXT_PLAIN.toContentType(HttpCharsets.UTF_8), metrics.scrape())));
    }));
  }
}
