package io.streamsql.cluster.security;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;

/**
 * TLS with mutual authentication between cluster nodes (Artery {@code tls-tcp}) from
 * {@code streamsql.cluster-tls}. Artery has no cookie: the keystore, which every node holds and
 * also trusts, is the cluster's shared secret; a node without it cannot complete the handshake.
 */
public final class ClusterTransportTls {
  private ClusterTransportTls() {}

  /** The configuration with Artery over TLS when a cluster keystore is configured, else unchanged. */
  public static Config apply(Config config) {
    Config tls = config.getConfig("streamsql.cluster-tls");
    String keystore = tls.getString("keystore");
    if (keystore.isBlank()) return config;
    String password = tls.getString("keystore-password");
    String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
    return ConfigFactory.parseMap(Map.of(
            "pekko.remote.artery.transport", "tls-tcp",
            "pekko.remote.artery.ssl.ssl-engine-provider", "org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider",
            engine + "key-store", keystore,
            engine + "trust-store", keystore,
            engine + "key-store-password", password,
            engine + "key-password", password,
            engine + "trust-store-password", password,
            engine + "require-mutual-authentication", true,
            engine + "hostname-verification", false))
        .withFallback(config);
  }
}
