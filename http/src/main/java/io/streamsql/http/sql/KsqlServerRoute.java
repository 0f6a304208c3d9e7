package io.streamsql.http.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.cluster.StreamSqlNode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.format.Json;
import io.streamsql.http.JsonResponses;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * The rest of ksqlDB's server surface a client touches, in ksqlDB's shapes: {@code GET
 * /healthcheck}, {@code GET /clusterStatus}, {@code GET /status} and {@code /status/{commandId}},
 * and {@code POST /ksql/terminate}.
 */
public final class KsqlServerRoute extends AllDirectives {
  private final StreamSqlNode node;
  private final Executor blocking;
  private final int configuredPort;

  public KsqlServerRoute(StreamSqlNode node, com.typesafe.config.Config http) {
    this.node = node;
    // The metastore check and the statements read and write the SQL catalog (blocking asks).
    this.blocking = node.system().dispatchers().lookup(DispatcherSelector.blocking());
    this.configuredPort = http.getInt("port");
  }

  public Route route() {
    return concat(
        path("healthcheck", () -> get(() -> completeWithFuture(healthcheck()))),
        path("clusterStatus", () -> get(() -> extractRequest(request -> complete(clusterStatus(request))))),
        path("status", () -> get(() -> complete(JsonResponses.ok(node.sql().recentCommandStatuses())))),
        pathPrefix("status", () -> get(() -> extractUnmatchedPath(rest -> completeWithFuture(status(rest))))),
        pathPrefix("ksql", () -> path("terminate", () -> post(() -> withSizeLimit(1 << 20, () ->
            entity(Unmarshaller.entityToString(), body -> completeWithFuture(terminate(body))))))));
  }

  /**
   * ksqlDB's three checks, mapped: {@code metastore} = the SQL catalog answers (ksqlDB lists
   * streams, tables and queries), {@code kafka} = the Cassandra journal is reachable,
   * {@code commandRunner} = this node is an Up cluster member (it runs statements). ksqlDB answers
   * 200 even when unhealthy; so does this.
   */
  private CompletionStage<HttpResponse> healthcheck() {
    return CompletableFuture.supplyAsync(() -> {
      try {
        node.sql().catalogState();
        return true;
      } catch (RuntimeException e) {
        return false;
      }
    }, blocking).thenApply(metastore -> {
      boolean kafka = node.journal().isHealthy();
      MemberStatus self = Cluster.get(node.system()).selfMember().status();
      boolean commandRunner = self.equals(MemberStatus.up()) || self.equals(MemberStatus.weaklyUp());
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("metastore", Map.of("isHealthy", metastore));
      details.put("kafka", Map.of("isHealthy", kafka));
      details.put("commandRunner", Map.of("isHealthy", commandRunner));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("isHealthy", metastore && kafka && commandRunner);
      body.put("details", details);
      body.put("serverState", commandRunner ? "RUNNING" : "ERROR");
      return JsonResponses.ok(body);
    });
  }

  /**
   * One entry per cluster member, keyed {@code host:port}: the member's host and the HTTP port
   * (the port this request came in on; every node of a cluster is assumed to serve on the same
   * one). Alive = Up or WeaklyUp and reachable from this node. Query placement and state-store
   * lags are not reported (empty, as ksqlDB without lag reporting).
   */
  private HttpResponse clusterStatus(HttpRequest request) {
    int port = request.getUri().getPort() > 0 ? request.getUri().getPort()
        : request.getHeader(org.apache.pekko.http.javadsl.model.headers.Host.class)
            .map(h -> h.port()).filter(p -> p > 0).orElse(configuredPort);
    Cluster cluster = Cluster.get(node.system());
    var state = cluster.state();
    long now = System.currentTimeMillis();
    Map<String, Object> members = new LinkedHashMap<>();
    for (Member m : state.getMembers()) {
      boolean reachable = !state.getUnreachable().contains(m);
      boolean up = m.status().equals(MemberStatus.up()) || m.status().equals(MemberStatus.weaklyUp());
      Map<String, Object> host = new LinkedHashMap<>();
      host.put("hostAlive", up && reachable);
      host.put("lastStatusUpdateMs", now);
      host.put("activeStandbyPerQuery", Map.of());
      host.put("hostStoreLags", Map.of("stateStoreLags", Map.of(), "updateTimeMs", now));
      members.put(m.address().getHost().orElse("localhost") + ":" + port, host);
    }
    return JsonResponses.ok(Map.of("clusterStatus", members));
  }

  /** {@code /status/stream/`NAME`/create}: SUCCESS with the command's message, or ksqlDB's 404. */
  private CompletionStage<HttpResponse> status(String unmatchedPath) {
    if (!unmatchedPath.startsWith("/")) {
      return CompletableFuture.completedFuture(KsqlApiErrors.generic(404, 40400, "Command not found"));
    }
    String commandId = URLDecoder.decode(unmatchedPath.replace("+", "%2B"), StandardCharsets.UTF_8);
    String id = commandId.startsWith("/") ? commandId.substring(1) : commandId;
    return CompletableFuture.supplyAsync(() -> node.sql().commandStatus(id), blocking).thenApply(found -> found
        .map(s -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("status", s.status());
          body.put("message", s.message());
          body.put("queryId", s.queryId());
          return JsonResponses.ok(body);
        })
        .orElseGet(() -> KsqlApiErrors.generic(404, 40400, "Command not found")));
  }

  /** ksqlDB's cluster termination; the body, optional, is {@code {"deleteTopicList": ["regex", …]}}. */
  private CompletionStage<HttpResponse> terminate(String body) {
    List<String> patterns = new ArrayList<>();
    if (!body.isBlank()) {
      JsonNode request;
      try {
        request = Json.MAPPER.readTree(body);
      } catch (IOException e) {
        return CompletableFuture.completedFuture(KsqlApiErrors.generic(400, 40000,
            "Invalid JSON in request: " + e.getMessage().lines().findFirst().orElse("")));
      }
      JsonNode list = request == null ? null : request.get("deleteTopicList");
      if (list != null && !list.isNull()) {
        if (!list.isArray()) {
          return CompletableFuture.completedFuture(KsqlApiErrors.generic(400, 40000, "deleteTopicList must be an array of topic name patterns"));
        }
        for (JsonNode p : list) patterns.add(p.asText());
      }
    }
    return CompletableFuture.supplyAsync(() -> node.sql().terminateCluster(patterns), blocking).handle((done, failure) -> {
      if (failure == null) return JsonResponses.ok(KsqlEntities.render(List.of(done)));
      Throwable t = failure.getCause() != null ? failure.getCause() : failure;
      if (t instanceof StreamSqlException e && e.details().get("ksql_error_code") instanceof Integer code) {
        return KsqlApiErrors.generic(code / 100, code, e.getMessage());
      }
      return KsqlApiErrors.generic(500, 50000, "TERMINATE CLUSTER failed: " + t.getMessage());
    });
  }
}
