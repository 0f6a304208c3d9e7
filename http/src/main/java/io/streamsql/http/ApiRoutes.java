package io.streamsql.http;

import com.typesafe.config.Config;
import io.streamsql.cluster.StreamSqlNode;
import io.streamsql.http.sql.InsertsStreamRoute;
import io.streamsql.http.sql.KsqlRoute;
import io.streamsql.http.sql.KsqlServerRoute;
import io.streamsql.http.streams.StreamEventsRoute;
import io.streamsql.http.streams.StreamsRoute;
import io.streamsql.http.streams.TopicsRoute;
import io.streamsql.http.tables.TablesRoute;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.HttpEntity;

/** Every route of the server, with failures and rejections in the native error shape. */
public final class ApiRoutes extends AllDirectives {
  private final StreamSqlNode node;
  private final Config http;

  public ApiRoutes(StreamSqlNode node, Config http) {
    this.node = node;
    this.http = http;
  }

  public Route route() {
    Route routes = concat(
        new HealthRoute(node).route(),
        new io.streamsql.http.observe.MetricsRoute(node.metrics()).route(),
        new StreamEventsRoute(node, http).route(),
        new StreamsRoute(node.streams()).route(),
        new TopicsRoute(node, http).route(),
        new TablesRoute(node, http).route(),
        new io.streamsql.http.connectors.FileConnectorRoute(node.files(), http).route(),
        new KsqlRoute(node).route(),
        new io.streamsql.http.sql.QueryStreamRoute(node, http).route(),
        new InsertsStreamRoute(node, http).route(),
        new KsqlServerRoute(node, http).route(),
        new io.streamsql.http.pipelines.PipelineIngressRoute(node, http).route(),
        new io.streamsql.http.pipelines.PipelineEgressRoute(node).route(),
        new io.streamsql.http.pipelines.AdHocQueryRoute(node).route(),
        new io.streamsql.http.pipelines.PipelinesRoute(node.pipelines()).route(),
        new io.streamsql.http.connectors.KafkaSourcesRoute(node.kafkaConnectors()).route(),
        new io.streamsql.http.connectors.KafkaSinksRoute(node.kafkaSinks()).route());
    ExceptionHandler exceptions = ExceptionHandler.newBuilder()
        .match(Throwable.class, e -> complete(JsonResponses.error(e)))
        .build();
    RejectionHandler rejections = RejectionHandler.defaultHandler().mapRejectionResponse(response -> {
      if (response.entity() instanceof HttpEntity.Strict strict
          && strict.contentType().mediaType().isText()) {
        return JsonResponses.rejection(response, strict.data().decodeString(StandardCharsets.UTF_8));
      }
      return response;
    });
    var security = io.streamsql.http.security.SecuritySettings.from(node.system().settings().config().getConfig("streamsql"));
    // Admission after authentication, so a request without valid credentials never takes a
    // permit; the guarded route must answer every request itself, or a permit would never return.
    Route guarded = new io.streamsql.http.limits.OverloadGuard(
        io.streamsql.http.limits.AdmissionLimits.from(http.getConfig("limits")))
        .guard(handleExceptions(exceptions, () -> handleRejections(rejections, () -> routes)));
    Route all = security.enabled() ? secured(security, guarded) : guarded;
    return handleExceptions(exceptions, () -> handleRejections(rejections, () -> all));
  }

  /** The routes and the API key admin routes, behind authentication and authorization. */
  private Route secured(io.streamsql.http.security.SecuritySettings security, Route routes) {
    var authenticator = new io.streamsql.http.security.Authenticator(security, node.apiKeys());
    return new io.streamsql.http.security.SecurityDirective(authenticator).protect(
        concat(new io.streamsql.http.security.ApiKeysRoute(node.apiKeys(), authenticator).route(), routes));
  }
}
