package io.streamsql.http.security;

import io.streamsql.cluster.security.ApiKeyCatalog;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an {@code Authorization} header into a {@link Principal}: {@code Bearer <API key or JWT>}
 * (told apart by shape) or {@code Basic} whose password is an API key or JWT (the user name is
 * ignored). Verified API keys are cached for {@code key-cache-ttl}, which bounds how long a
 * revoked key still works on another node. Failures never quote the credentials.
 */
public final class Authenticator {
  private static final String BOOTSTRAP_NAME = "bootstrap-admin";

  private final SecuritySettings settings;
  private final ApiKeyCatalog keys;
  private final JwtVerifier jwt;
  private final long ttlNanos;
  private final Map<String, Cached> verifiedKeys = new ConcurrentHashMap<>();

  private record Cached(Principal principal, long expiresAt) {}

  public Authenticator(SecuritySettings settings, ApiKeyCatalog keys) {
    this.settings = settings;
    this.keys = keys;
    this.jwt = settings.jwt().configured() ? new JwtVerifier(settings.jwt()) : null;
    this.ttlNanos = settings.keyCacheTtl().toNanos();
  }

  public Duration keyCacheTtl() {
    return settings.keyCacheTtl();
  }

  /** The principal, or a failed stage with an {@code unauthenticated} error. */
  public CompletionStage<Principal> authenticate(Optional<String> authorization) {
    if (authorization.isEmpty() || authorization.get().isBlank()) return refuse("Credentials are required");
    String header = authorization.get().trim();
    int space = header.indexOf(' ');
    String scheme = space < 0 ? header : header.substring(0, space);
    String value = space < 0 ? "" : header.substring(space + 1).trim();
    if (scheme.equalsIgnoreCase("Bearer")) return credential(value);
    if (scheme.equalsIgnoreCase("Basic")) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return refuse("Malformed Basic credentials");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) return refuse("Malformed Basic credentials");
      return credential(decoded.substring(colon + 1));
    }
    return refuse("Unsupported authorization scheme; use Bearer or Basic");
  }

  /** Forgets a revoked key on this node at once (other nodes within the cache bound). */
  public void forget(String id) {
    verifiedKeys.values().removeIf(c -> c.principal().name().equals(keyPrincipalName(id)));
  }

  private CompletionStage<Principal> credential(String secret) {
    if (secret.isEmpty()) return refuse("Credentials are required");
    if (!settings.adminKey().isBlank() && constantTimeEquals(secret, settings.adminKey())) {
      return CompletableFuture.completedFuture(new Principal(BOOTSTRAP_NAME, Optional.of(Role.ADMIN), java.util.List.of()));
    }
    if (ApiKeySecrets.looksLikeKey(secret)) return apiKey(secret);
    if (JwtVerifier.looksLikeJwt(secret)) {
      if (jwt == null) return refuse("JWT bearer tokens are not configured on this server");
      return jwt.verify(secret).<CompletionStage<Principal>>map(CompletableFuture::completedFuture)
          .orElseGet(() -> refuse("Invalid or expired token"));
    }
    return refuse("Invalid credentials");
  }

  private CompletionStage<Principal> apiKey(String key) {
    String hash = ApiKeySecrets.hash(key);
    Cached cached = verifiedKeys.get(hash);
    long now = System.nanoTime();
    if (cached != null && now - cached.expiresAt() < 0) return CompletableFuture.completedFuture(cached.principal());
    String id = ApiKeySecrets.idOf(key).orElseThrow();
    return keys.find(id).thenCompose(found -> {
      if (found.isEmpty() || !ApiKeySecrets.matches(key, found.get().secretHash())) {
        verifiedKeys.remove(hash);
        return refuse("Unknown or revoked API key");
      }
      var k = found.get();
      Principal p = new Principal(keyPrincipalName(k.id()), Role.strongest(k.roles()), k.scopes());
      verifiedKeys.put(hash, new Cached(p, System.nanoTime() + ttlNanos));
      return CompletableFuture.completedFuture(p);
    });
  }

  static String keyPrincipalName(String id) {
    return "api-key:" + id;
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static <T> CompletionStage<T> refuse(String message) {
    return CompletableFuture.failedFuture(new StreamSqlException(ErrorCode.UNAUTHENTICATED, message));
  }
}
