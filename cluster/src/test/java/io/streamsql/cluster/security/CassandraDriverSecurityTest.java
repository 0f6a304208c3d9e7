package io.streamsql.cluster.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class CassandraDriverSecurityTest {
  private static Config config(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.load()).resolve();
  }

  @Test
  void byDefaultTheDriverConfigurationIsUnchanged() {
    Config c = config("");
    assertSame(c, CassandraDriverSecurity.apply(c));
    assertFalse(c.hasPath("datastax-java-driver.advanced.auth-provider.username"));
  }

  @Test
  void credentialsBecomeThePlainTextAuthProvider() {
    Config c = CassandraDriverSecurity.apply(config("streamsql.cassandra { username = app, password = s3cret }"));
    assertEquals("PlainTextAuthProvider", c.getString("datastax-java-driver.advanced.auth-provider.class"));
    assertEquals("app", c.getString("datastax-java-driver.advanced.auth-provider.username"));
    assertEquals("s3cret", c.getString("datastax-java-driver.advanced.auth-provider.password"));
    assertFalse(c.hasPath("datastax-java-driver.advanced.ssl-engine-factory.class"));
  }

  @Test
  void tlsBecomesTheDefaultSslEngineFactoryWithTheTrustStore() {
    Config c = CassandraDriverSecurity.apply(config(
        "streamsql.cassandra.tls { enabled = on, truststore = /etc/ts.p12, truststore-password = pw, hostname-validation = off }"));
    assertEquals("DefaultSslEngineFactory", c.getString("datastax-java-driver.advanced.ssl-engine-factory.class"));
    assertEquals("/etc/ts.p12", c.getString("datastax-java-driver.advanced.ssl-engine-factory.truststore-path"));
    assertEquals("pw", c.getString("datastax-java-driver.advanced.ssl-engine-factory.truststore-password"));
    assertFalse(c.getBoolean("datastax-java-driver.advanced.ssl-engine-factory.hostname-validation"));
  }

  @Test
  void aClusterKeystoreTurnsArteryIntoMutuallyAuthenticatedTls() {
    Config plain = config("");
    assertSame(plain, ClusterTransportTls.apply(plain));
    Config c = ClusterTransportTls.apply(config("streamsql.cluster-tls { keystore = /etc/cluster.p12, keystore-password = pw }"));
    assertEquals("tls-tcp", c.getString("pekko.remote.artery.transport"));
    String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
    assertEquals("/etc/cluster.p12", c.getString(engine + "key-store"));
    assertEquals("/etc/cluster.p12", c.getString(engine + "trust-store"));
    assertEquals("pw", c.getString(engine + "key-store-password"));
    assertEquals(true, c.getBoolean(engine + "require-mutual-authentication"));
  }
}
