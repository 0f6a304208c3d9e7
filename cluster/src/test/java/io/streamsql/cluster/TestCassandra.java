package io.streamsql.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.streamsql.ops.cassandra.LocalCassandra;
import java.nio.file.Path;

/**
 * The real Cassandra node integration tests use: one listening on 127.0.0.1:9042 is reused,
 * otherwise one is started for this test JVM (data under target/) and stopped when it exits.
 */
public final class TestCassandra {
  private static LocalCassandra node;

  private TestCassandra() {}

  public static synchronized String contactPoint() {
    if (node == null) {
      node = LocalCassandra.startOrReuse(LocalCassandra.Settings.defaults(Path.of("target", "it-cassandra")));
      if (node.startedHere()) Runtime.getRuntime().addShutdownHook(new Thread(node::close));
    }
    return node.contactPoint();
  }

  /** A node configuration: random remote port, the test Cassandra, and the given overrides. */
  public static Config nodeConfig(String overrides) {
    return ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseString(
            "pekko.remote.artery.canonical.port = 0\n"
                + "datastax-java-driver.basic.contact-points = [\"" + contactPoint() + "\"]\n"))
        .withFallback(ConfigFactory.load())
        .resolve();
  }
}
