package io.streamsql.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes form a cluster over Artery TLS with the keystore made by
 * ops/generate-cluster-keystore.sh; a node without the keystore cannot join them.
 */
class ClusterTlsIT {
  private static final String PASSWORD = "cluster-tls-it-" + UUID.randomUUID();

  private static Path generateKeystore(Path dir) throws Exception {
    Path keystore = dir.resolve("cluster.p12");
    ProcessBuilder pb = new ProcessBuilder("bash", Path.of("..", "ops", "generate-cluster-keystore.sh").toString(), keystore.toString())
        .redirectErrorStream(true);
    pb.environment().put("STREAMSQL_CLUSTER_TLS_PASSWORD", PASSWORD);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(keystore)) {
      throw new AssertionError("generate-cluster-keystore.sh failed: " + out);
    }
    return keystore;
  }

  @Test
  void twoNodesWithTheKeystoreFormAClusterAndANodeWithoutItCannotJoin(@TempDir Path dir) throws Exception {
    Path keystore = generateKeystore(dir);
    // Its own keyspaces: the nodes then start without replaying the shared test catalogs.
    String[] tls = {"-Dstreamsql.cluster-tls.keystore=" + keystore, "-Dstreamsql.cluster-tls.keystore-password=" + PASSWORD,
        "-Dpekko.persistence.cassandra.journal.keyspace=streamsql_clustertls",
        "-Dpekko.persistence.cassandra.snapshot.keyspace=streamsql_clustertls_snapshot"};
    String[] plain = {"-Dpekko.persistence.cassandra.journal.keyspace=streamsql_clustertls",
        "-Dpekko.persistence.cassandra.snapshot.keyspace=streamsql_clustertls_snapshot"};
    String seed = "pekko://streamsql@127.0.0.1:26110";
    try (ServerProcess a = new ServerProcess("tls-a", 19110, 26110, seed).withJvmOptions(tls).start();
        ServerProcess b = new ServerProcess("tls-b", 19111, 26111, seed).withJvmOptions(tls).launch()) {
      // A TLS join on a loaded machine can take longer than ServerProcess's usual two minutes.
      Polling.until(Duration.ofMinutes(5), Duration.ofMillis(500), "b ready",
          () -> safeStatus(b.baseUrl() + "/readyz") == 200);
      // b is ready only once it is an Up member, which it can become only by joining a (its only seed) over TLS.
      String stream = "tls_" + UUID.randomUUID().toString().substring(0, 8);
      assertEquals(201, HttpClients.post(a.baseUrl() + "/v1/streams", "{\"name\": \"" + stream + "\", \"partitions\": 2}").status());
      Polling.until(Duration.ofSeconds(30), Duration.ofMillis(200), "b sees the stream a created",
          () -> HttpClients.get(b.baseUrl() + "/v1/streams/" + stream).status() == 200);
      int appended = HttpClients.post(b.baseUrl() + "/v1/streams/" + stream + "/events", "{\"x\": 1}\n{\"x\": 2}\n").status();
      assertEquals(2, appended / 100, "append through b");

      try (ServerProcess stranger = new ServerProcess("tls-stranger", 19112, 26112, seed).withJvmOptions(plain).launch()) {
        Polling.until(Duration.ofSeconds(120), Duration.ofMillis(200), "the stranger serves HTTP",
            () -> safeStatus(stranger.baseUrl() + "/healthz") == 200);
        // Observe the stranger for a while: it keeps trying to join and must never become ready.
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
          assertNotEquals(200, safeStatus(stranger.baseUrl() + "/readyz"), "a node without the cluster keystore joined");
          TimeUnit.MILLISECONDS.sleep(500); // the probe interval, not a wait for a condition
        }
      }
      assertEquals(200, HttpClients.get(a.baseUrl() + "/readyz").status());
    }
  }

  private static int safeStatus(String url) {
    try {
      return HttpClients.get(url).status();
    } catch (Exception notYet) {
      return -1;
    }
  }
}
