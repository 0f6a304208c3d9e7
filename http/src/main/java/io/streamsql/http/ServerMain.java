package io.streamsql.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.streamsql.cluster.CommonPool;
import io.streamsql.cluster.StreamSqlNode;
import io.streamsql.ops.cassandra.LocalCassandra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a StreamSQL server. With no Cassandra contact point configured it first starts (or
 * reuses) a local Cassandra node with its data under {@code streamsql.data-dir}.
 */
public final class ServerMain {
  private static final Logger log = LoggerFactory.getLogger(ServerMain.class);

  private ServerMain() {}

  public static void main(String[] args) throws Exception {
    CommonPool.ensureParallel();
    Config config = ConfigFactory.load();
    LocalCassandra cassandra = null;
    String contactPoint = config.getString("streamsql.cassandra.contact-point");
    if (contactPoint.isBlank()) {
      Path dir = Path.of(config.getString("streamsql.data-dir")).resolve("cassandra");
      log.info("No Cassandra contact point configured: using a local node with data in {}", dir.toAbsolutePath());
      cassandra = LocalCassandra.startOrReuse(new LocalCassandra.Settings(
          dir, "127.0.0.1", config.getInt("streamsql.cassandra.local.cql-port"),
          config.getInt("streamsql.cassandra.local.storage-port"),
          config.getString("streamsql.cassandra.local.heap"), Duration.ofMinutes(3)));
      contactPoint = cassandra.contactPoint();
    }
    config = ConfigFactory.empty()
        .withValue("datastax-java-driver.basic.contact-points", ConfigValueFactory.fromIterable(List.of(contactPoint)))
        .withFallback(config);
    String seeds = System.getenv("STREAMSQL_SEED_NODES");
    if (seeds != null && !seeds.isBlank()) {
      config = ConfigFactory.empty()
          .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(List.of(seeds.trim().split("\\s*,\\s*"))))
          .withFallback(config);
    }

    config = io.streamsql.cluster.security.ClusterTransportTls.apply(
        io.streamsql.cluster.security.CassandraDriverSecurity.apply(config));
    StreamSqlNode node = StreamSqlNode.start(config);
    if (config.getBoolean("streamsql.halt-when-downed")) haltWhenDowned(node);
    // On SIGTERM Pekko's coordinated shutdown (run by its own JVM hook) first unbinds (no new
    // connections: clients go to another node), lets in-flight requests finish, and only then
    // leaves the cluster and hands its shards off — so no request fails because the node stops.
    ServerBinding binding = HttpServer.bind(node).toCompletableFuture().get(30, TimeUnit.SECONDS);
    String scheme = config.getBoolean("streamsql.http.tls.enabled") ? "https" : "http";
    log.info("StreamSQL serving on {}://{}:{}", scheme, binding.localAddress().getHostString(), binding.localAddress().getPort());
    System.out.println("StreamSQL serving on " + scheme + "://" + binding.localAddress().getHostString() + ":" + binding.localAddress().getPort());

    LocalCassandra localNode = cassandra;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("Stopping StreamSQL: leaving the cluster");
      try {
        CoordinatedShutdown.get(node.system()).runAll(CoordinatedShutdown.jvmExitReason())
            .toCompletableFuture().get(2, TimeUnit.MINUTES);
      } catch (Exception e) {
        log.warn("Coordinated shutdown did not complete: {}", e.toString());
      }
      node.close();
      if (localNode != null) localNode.close();
    }, "streamsql-shutdown"));
    node.whenTerminated().toCompletableFuture().join();
  }

  /** Exit status of a process the cluster downed (see streamsql.halt-when-downed). */
  static final int DOWNED_EXIT_STATUS = 3;

  /**
   * A downed node is fenced by stopping the process before anything else runs: no drain, no
   * hand-off, no further journal write by its entities or persistent queries.
   */
  private static void haltWhenDowned(StreamSqlNode node) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(node.system());
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "halt-when-downed", () -> {
      if (shutdown.getShutdownReason().filter(r -> r.equals(CoordinatedShutdown.clusterDowningReason())).isPresent()) {
        log.error("The cluster downed this node: halting now (exit status {}); restart it to rejoin", DOWNED_EXIT_STATUS);
        System.err.println("StreamSQL: the cluster downed this node; halting (exit status " + DOWNED_EXIT_STATUS + ")");
        Runtime.getRuntime().halt(DOWNED_EXIT_STATUS);
      }
      return java.util.concurrent.CompletableFuture.completedFuture(org.apache.pekko.Done.getInstance());
    });
  }
}
