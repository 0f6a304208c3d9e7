package io.streamsql.http.security;

import com.typesafe.config.Config;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.ServerBuilder;

/**
 * HTTPS for the API from {@code streamsql.http.tls}: the keystore's key and certificate chain.
 * With {@code pekko.http.server.enable-http2 = on} Pekko offers h2 and http/1.1 by ALPN on the
 * same port.
 */
public final class ServerTls {
  private ServerTls() {}

  public static boolean enabled(Config http) {
    return http.getBoolean("tls.enabled");
  }

  /** The builder, serving HTTPS when TLS is enabled. */
  public static ServerBuilder apply(ServerBuilder builder, Config http) {
    if (!enabled(http)) return builder;
    return builder.enableHttps(ConnectionContext.httpsServer(sslContext(http.getConfig("tls"))));
  }

  static SSLContext sslContext(Config tls) {
    String path = tls.getString("keystore");
    if (path.isBlank()) throw new IllegalArgumentException("streamsql.http.tls.keystore must be set when TLS is enabled");
    char[] password = tls.getString("keystore-password").toCharArray();
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      KeyStore store = KeyStore.getInstance(tls.getString("keystore-type"));
      store.load(in, password);
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (Exception e) {
      // The message names the file, never the password.
      throw new IllegalArgumentException("Cannot load the HTTPS keystore " + path + ": " + e.getClass().getSimpleName(), e);
    }
  }
}
