package io.streamsql.http;

import com.typesafe.config.Config;
import io.streamsql.cluster.StreamSqlNode;
import io.streamsql.http.observe.RequestObserver;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * Binds the API on one port: HTTP/1.1 and HTTP/2 (cleartext, or over TLS by ALPN when
 * {@code streamsql.http.tls} is enabled). Every request goes through the {@link RequestObserver}
 * (request id, metrics, access log).
 */
public final class HttpServer {
  private HttpServer() {}

  public static CompletionStage<ServerBinding> bind(StreamSqlNode node) {
    Config http = node.system().settings().config().getConfig("streamsql.http");
    return io.streamsql.http.security.ServerTls.apply(Http.get(node.system())
        .newServerAt(http.getString("interface"), http.getInt("port")), http)
        .bind(new RequestObserver(node.metrics().registry()).wrap(new ApiRoutes(node, http).route()))
        .thenApply(binding -> drainOnShutdown(binding, http.getDuration("shutdown-drain"), node));
  }

  /**
   * On SIGTERM the node unbinds first and lets in-flight requests finish (up to {@code drain})
   * before it leaves. A node the cluster downed does not drain: the others start its partitions
   * elsewhere after {@code pekko.cluster.down-removal-margin}, and a request still writing here
   * then would race the new owner of the partition.
   */
  private static ServerBinding drainOnShutdown(ServerBinding binding, Duration drain, StreamSqlNode node) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(node.system());
    shutdown.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "http-unbind", () -> binding.unbind());
    shutdown.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "http-drain", () -> {
      boolean downed = shutdown.getShutdownReason()
          .filter(reason -> reason.equals(CoordinatedShutdown.clusterDowningReason()))
          .isPresent();
      return binding.terminate(downed ? Duration.ZERO : drain).thenApply(terminated -> Done.getInstance());
    });
    return binding;
  }
}
