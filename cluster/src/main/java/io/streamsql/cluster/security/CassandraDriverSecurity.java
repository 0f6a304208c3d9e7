package io.streamsql.cluster.security;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps {@code streamsql.cassandra.username/password} and {@code streamsql.cassandra.tls} onto the
 * DataStax driver's {@code advanced.auth-provider} (plain text: username and password, sent over
 * TLS when it is on) and {@code advanced.ssl-engine-factory}.
 */
public final class CassandraDriverSecurity {
  private static final String DRIVER = "datastax-java-driver.advanced.";

  private CassandraDriverSecurity() {}

  public static Config apply(Config config) {
    Config cassandra = config.getConfig("streamsql.cassandra");
    Map<String, Object> driver = new HashMap<>();
    String username = cassandra.getString("username");
    if (!username.isBlank()) {
      driver.put(DRIVER + "auth-provider.class", "PlainTextAuthProvider");
      driver.put(DRIVER + "auth-provider.username", username);
      driver.put(DRIVER + "auth-provider.password", cassandra.getString("password"));
    }
    Config tls = cassandra.getConfig("tls");
    if (tls.getBoolean("enabled")) {
      driver.put(DRIVER + "ssl-engine-factory.class", "DefaultSslEngineFactory");
      driver.put(DRIVER + "ssl-engine-factory.hostname-validation", tls.getBoolean("hostname-validation"));
      String truststore = tls.getString("truststore");
      // Empty: the JVM's default trust store (certificates signed by a public CA).
      if (!truststore.isBlank()) {
        driver.put(DRIVER + "ssl-engine-factory.truststore-path", truststore);
        driver.put(DRIVER + "ssl-engine-factory.truststore-password", tls.getString("truststore-password"));
      }
    }
    return driver.isEmpty() ? config : ConfigFactory.parseMap(driver).withFallback(config);
  }
}
