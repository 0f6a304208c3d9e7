package io.streamsql.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/** The API with security enabled: 401/403/200 per role and scope, API keys, JWT, Basic, and no secret in logs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityIT {
  private static final String HS256_SECRET = "it-hs256-secret-" + UUID.randomUUID();
  private static final String ADMIN_KEY = "it-admin-" + UUID.randomUUID();
  private final String run = "s" + UUID.randomUUID().toString().substring(0, 8).replace("-", "");
  private final List<String> secrets = new ArrayList<>(List.of(HS256_SECRET, ADMIN_KEY));
  private final List<String> bodies = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private Level rootLevel;
  private InProcessServer server;

  @BeforeAll
  void start() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    rootLevel = root.getLevel();
    root.setLevel(Level.INFO);
    logs.start();
    root.addAppender(logs);
    server = new InProcessServer(
        "streamsql.security.enabled = on\n"
            + "streamsql.security.admin-key = \"" + ADMIN_KEY + "\"\n"
            + "streamsql.security.key-cache-ttl = 2s\n"
            + "streamsql.security.jwt.hs256-secret = \"" + HS256_SECRET + "\"\n"
            + "streamsql.security.jwt.issuer = \"https://issuer.it\"\n"
            + "streamsql.security.jwt.audience = \"streamsql\"\n");
  }

  @AfterAll
  void stop() {
    server.close();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(logs);
    root.setLevel(rootLevel);
  }

  record Reply(int status, String body, HttpResponse<String> raw) {
    JsonNode json() {
      return new HttpClients.Reply(status, body).json();
    }
  }

  private Reply send(String method, String path, String authorization, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(60));
    if (authorization != null) b.header("Authorization", authorization);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HttpClients.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    synchronized (bodies) {
      bodies.add(r.body());
    }
    return new Reply(r.statusCode(), r.body(), r);
  }

  private static String bearer(String secret) {
    return "Bearer " + secret;
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private String createKey(String name, String roles, String scopes) throws Exception {
    Reply r = send("POST", "/v1/admin/api-keys", bearer(ADMIN_KEY),
        "{\"name\": \"" + name + "\", \"roles\": " + roles + ", \"scopes\": " + scopes + "}");
    assertEquals(201, r.status(), r.body());
    String key = r.json().get("key").asText();
    secrets.add(key);
    return key;
  }

  private String token(JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(HS256_SECRET));
    String t = jwt.serialize();
    secrets.add(t);
    return t;
  }

  private static JWTClaimsSet.Builder claims(long expiresInMillis) {
    return new JWTClaimsSet.Builder().subject("alice").issuer("https://issuer.it").audience("streamsql")
        .expirationTime(new Date(System.currentTimeMillis() + expiresInMillis));
  }

  @Test
  void healthAndReadinessNeedNoCredentialsAndOtherEndpointsAnswer401WithAChallenge() throws Exception {
    assertEquals(200, send("GET", "/healthz", null, null).status());
    Polling.until(Duration.ofSeconds(60), Duration.ofMillis(200), "ready", () -> send("GET", "/readyz", null, null).status() == 200);
    Reply none = send("GET", "/v1/streams", null, null);
    assertEquals(401, none.status());
    assertEquals("unauthenticated", none.json().get("error_code").asText());
    String challenge = none.raw().headers().firstValue("WWW-Authenticate").orElse("");
    assertTrue(challenge.contains("Bearer") && challenge.contains("Basic"), challenge);
    assertEquals(401, send("POST", "/ksql", bearer("ssk_0123456789abcdef_notakey"), "{\"ksql\":\"LIST STREAMS;\"}").status());
    assertEquals(401, send("GET", "/v1/streams", "Digest abc", null).status());
  }

  @Test
  void rolesAndNamePrefixScopesDecideBetween403And200() throws Exception {
    String reader = createKey("reader", "[\"read\"]", "[]");
    String writer = createKey("writer", "[\"write\"]", "[]");
    String scoped = createKey("scoped", "[\"write\"]", "[\"" + run + "_a_\"]");
    String mine = run + "_a_orders";
    String other = run + "_b_orders";
    assertEquals(201, send("POST", "/v1/streams", bearer(writer), "{\"name\": \"" + mine + "\", \"partitions\": 1}").status());
    assertEquals(201, send("POST", "/v1/streams", bearer(writer), "{\"name\": \"" + other + "\", \"partitions\": 1}").status());

    assertEquals(200, send("GET", "/v1/streams", bearer(reader), null).status());
    Reply readerWrites = send("POST", "/v1/streams/" + mine + "/events", bearer(reader), "{\"x\": 1}\n");
    assertEquals(403, readerWrites.status());
    assertEquals("forbidden", readerWrites.json().get("error_code").asText());
    assertEquals(403, send("GET", "/v1/admin/api-keys", bearer(writer), null).status());

    Reply scopedWrites = send("POST", "/v1/streams/" + mine + "/events", bearer(scoped), "{\"x\": 1}\n");
    assertTrue(scopedWrites.status() / 100 == 2, scopedWrites.body());
    assertEquals(200, send("GET", "/v1/streams/" + mine, bearer(scoped), null).status());
    assertEquals(403, send("POST", "/v1/streams/" + other + "/events", bearer(scoped), "{\"x\": 1}\n").status());
    assertEquals(403, send("GET", "/v1/streams", bearer(scoped), null).status());
    assertEquals(403, send("POST", "/ksql", bearer(scoped), "{\"ksql\":\"LIST STREAMS;\"}").status());
  }

  @Test
  void keysAreListedWithoutSecretsAndARevokedKeyIsRefusedWithinTheCacheBound() throws Exception {
    String key = createKey("short-lived", "[\"read\"]", "[]");
    assertEquals(200, send("GET", "/v1/streams", bearer(key), null).status());
    Reply list = send("GET", "/v1/admin/api-keys", bearer(ADMIN_KEY), null);
    assertEquals(200, list.status());
    assertFalse(list.body().contains(key));
    String id = null;
    for (JsonNode k : list.json().get("api_keys")) {
      assertFalse(k.has("key"));
      assertFalse(k.toString().contains("hash"));
      if (k.get("name").asText().equals("short-lived") && key.contains(k.get("id").asText())) id = k.get("id").asText();
    }
    assertTrue(id != null, list.body());
    Reply revoked = send("DELETE", "/v1/admin/api-keys/" + id, bearer(ADMIN_KEY), null);
    assertEquals(200, revoked.status(), revoked.body());
    // The bound is key-cache-ttl (2 s here), plus a margin for a loaded machine.
    Polling.until(Duration.ofSeconds(2 + 3), Duration.ofMillis(100), "the revoked key refused",
        () -> send("GET", "/v1/streams", bearer(key), null).status() == 401);
    assertEquals(404, send("DELETE", "/v1/admin/api-keys/" + id, bearer(ADMIN_KEY), null).status());
  }

  @Test
  void jwtRolesComeFromTheirClaimAndExpiredOrForeignTokensAre401() throws Exception {
    String reader = token(claims(60_000).claim("roles", List.of("read")).build());
    assertEquals(200, send("GET", "/v1/streams", bearer(reader), null).status());
    assertEquals(403, send("POST", "/v1/streams", bearer(reader), "{\"name\": \"" + run + "_jwt\"}").status());
    String expired = token(claims(-120_000).claim("roles", List.of("admin")).build());
    assertEquals(401, send("GET", "/v1/streams", bearer(expired), null).status());
    String foreign = token(claims(60_000).issuer("https://elsewhere").claim("roles", List.of("admin")).build());
    assertEquals(401, send("GET", "/v1/streams", bearer(foreign), null).status());
  }

  @Test
  void basicCredentialsWhosePasswordIsAnApiKeyWorkOnKsql() throws Exception {
    String writer = createKey("ksql-client", "[\"write\"]", "[]");
    Reply r = send("POST", "/ksql", basic("ksql-client", writer), "{\"ksql\":\"LIST STREAMS;\"}");
    assertEquals(200, r.status(), r.body());
    assertEquals(401, send("POST", "/ksql", basic("ksql-client", writer + "x"), "{\"ksql\":\"LIST STREAMS;\"}").status());
    assertEquals(401, send("POST", "/ksql", "Basic %%%not-base64", "{\"ksql\":\"LIST STREAMS;\"}").status());
  }

  @Test
  void noCredentialAppearsInLogsOrResponseBodies() throws Exception {
    String good = createKey("log-check", "[\"read\"]", "[]");
    String badKey = "ssk_0123456789abcdef_" + "Z".repeat(43);
    String malformed = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.bm90LWEtc2lnbmF0dXJl" + UUID.randomUUID();
    String expired = token(claims(-120_000).claim("roles", List.of("read")).build());
    String password = "basic-" + UUID.randomUUID();
    String unparsable = "unparsable-" + UUID.randomUUID();
    secrets.addAll(List.of(badKey, malformed, password, unparsable));
    for (String auth : List.of(bearer(good), bearer(badKey), bearer(malformed), bearer(expired), basic("user", password),
        basic("user", good), "Bearer " + password, password, "Basic %%%" + unparsable, "Bearer a\"b " + unparsable)) {
      send("GET", "/v1/streams", auth, null);
      send("POST", "/v1/admin/api-keys", auth, "{\"name\": \"x\", \"roles\": [\"read\"]}");
      send("POST", "/ksql", auth, "{\"ksql\":\"SELECT * FROM nowhere;\"}");
    }
    List<String> logged;
    synchronized (logs.list) {
      logged = logs.list.stream().map(e -> e.getFormattedMessage() + " " + String.valueOf(e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())).toList();
    }
    assertTrue(logged.stream().anyMatch(l -> l.startsWith("Unauthenticated")), "the refusals are logged");
    for (String secret : secrets) {
      for (String line : logged) assertFalse(line.contains(secret), "a secret was logged: " + line);
      synchronized (bodies) {
        for (String body : bodies) {
          // A key is in the body of the one response that created it, and nowhere else.
          if (body.contains("\"key\"") && body.contains(secret)) continue;
          assertFalse(body.contains(secret), "a secret is in a response body: " + body);
        }
      }
    }
  }

  @Test
  void withSecurityOffEveryEndpointAnswersWithoutCredentials() throws Exception {
    try (InProcessServer open = new InProcessServer("")) {
      assertEquals(200, HttpClients.get(open.baseUrl() + "/v1/streams").status());
      assertEquals(200, HttpClients.post(open.baseUrl() + "/ksql", "{\"ksql\":\"LIST STREAMS;\"}").status());
      assertEquals(404, HttpClients.get(open.baseUrl() + "/v1/admin/api-keys").status());
    }
  }
}
