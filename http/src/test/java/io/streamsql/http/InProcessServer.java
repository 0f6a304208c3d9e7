package io.streamsql.http;

import io.streamsql.cluster.StreamSqlNode;
import io.streamsql.cluster.TestCassandra;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.ServerBinding;

/** A node and its HTTP API in the test JVM, on a free port, backed by the test Cassandra. */
final class InProcessServer implements AutoCloseable {
  private final StreamSqlNode node;
  private final String baseUrl;

  InProcessServer(String configOverrides) throws Exception {
    node = StreamSqlNode.start(TestCassandra.nodeConfig("streamsql.http.port = 0\n" + configOverrides));
    ServerBinding binding = HttpServer.bind(node).toCompletableFuture().get(30, TimeUnit.SECONDS);
    baseUrl = "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  StreamSqlNode node() {
    return node;
  }

  String baseUrl() {
    return baseUrl;
  }

  @Override
  public void close() {
    node.close();
  }
}
