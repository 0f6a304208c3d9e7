package io.streamsql.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a keystore, with HTTP/1.1 and HTTP/2 negotiated by ALPN on the same port. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsIT {
  private static final String PASSWORD = "https-it-password";
  private InProcessServer server;
  private String httpsUrl;
  private SSLContext trusting;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    Path keystore = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "streamsql", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
        "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true).start();
    String out = new String(keytool.getInputStream().readAllBytes());
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) throw new AssertionError("keytool failed: " + out);

    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      trust.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    trusting = SSLContext.getInstance("TLS");
    trusting.init(null, tmf.getTrustManagers(), null);

    server = new InProcessServer("streamsql.http.tls { enabled = on, keystore = \"" + keystore.toString().replace("\\", "/")
        + "\", keystore-password = \"" + PASSWORD + "\" }\n");
    httpsUrl = server.baseUrl().replace("http://", "https://");
  }

  @AfterAll
  void stop() {
    if (server != null) server.close();
  }

  private HttpResponse<String> get(HttpClient.Version version, String path) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(trusting).version(version).connectTimeout(Duration.ofSeconds(60)).build();
    return client.send(HttpRequest.newBuilder(URI.create(httpsUrl + path)).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void http11IsServedOverTls() throws Exception {
    HttpResponse<String> r = get(HttpClient.Version.HTTP_1_1, "/healthz");
    assertEquals(200, r.statusCode());
    assertEquals(HttpClient.Version.HTTP_1_1, r.version());
  }

  @Test
  void http2IsNegotiatedByAlpnOnTheSamePort() throws Exception {
    HttpResponse<String> r = get(HttpClient.Version.HTTP_2, "/v1/streams");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(HttpClient.Version.HTTP_2, r.version());
  }

  @Test
  void cleartextRequestsGetNoAnswerAndClientsThatDoNotTrustTheCertificateFailTheHandshake() throws Exception {
    HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(60)).build();
    assertThrows(java.io.IOException.class, () -> plain.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/healthz")).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString()));
    HttpClient untrusting = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    assertThrows(javax.net.ssl.SSLHandshakeException.class, () -> untrusting.send(
        HttpRequest.newBuilder(URI.create(httpsUrl + "/healthz")).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString()));
  }
}
