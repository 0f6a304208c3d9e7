package io.streamsql.http;

import com.typesafe.config.Config;
import io.streamsql.cluster.StreamSqlNode;
import io.streamsql.http.observe.RequestObserver;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
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
        // On SIGTERM the node unbinds first and lets in-flight requests finish before it leaves.
        .thenApply(binding -> binding.addToCoordinatedShutdown(http.getDuration("shutdown-drain"), node.system()));
  }
}
