package io.streamsql.http;

import io.streamsql.cluster.StreamSqlNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /healthz}: the process serves HTTP. {@code /readyz}: it can also do useful work. */
public final class HealthRoute extends AllDirectives {
  private final StreamSqlNode node;

  public HealthRoute(StreamSqlNode node) {
    this.node = node;
  }

  public Route route() {
    return get(() -> concat(
        path("healthz", () -> complete(JsonResponses.ok(Map.of("status", "alive")))),
        path("readyz", () -> completeWithFuture(node.isReady().handle((ready, error) -> {
          boolean ok = error == null && ready;
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("status", ok ? "ready" : "not_ready");
          body.put("journal", node.journal().isHealthy() ? "up" : "down: " + node.journal().lastError());
          body.put("member_status", memberStatus());
          return JsonResponses.json(ok ? 200 : 503, body);
        })))));
  }

  private String memberStatus() {
    return org.apache.pekko.cluster.typed.Cluster.get(node.system()).selfMember().status().toString();
  }
}
