package io.streamsql.http.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies JWT bearer tokens with nimbus-jose-jwt: RS256/ES256 against a JWKS (file or URL),
 * HS256 against a shared secret; signature, issuer, audience and expiry are all required.
 * Unsigned tokens ({@code alg: none}) are refused by the processor itself.
 */
public final class JwtVerifier {
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final SecuritySettings.JwtSettings settings;

  public JwtVerifier(SecuritySettings.JwtSettings settings) {
    if (settings.issuer().isBlank() || settings.audience().isBlank()) {
      throw new IllegalArgumentException("streamsql.security.jwt.issuer and .audience must be set when JWT verification is configured");
    }
    this.settings = settings;
    JWSKeySelector<SecurityContext> asymmetric = asymmetricKeys(settings);
    JWSKeySelector<SecurityContext> hmac = settings.hs256Secret().isBlank() ? null : hmacKey(settings.hs256Secret());
    processor.setJWSKeySelector((header, context) -> {
      JWSKeySelector<SecurityContext> selector = JWSAlgorithm.HS256.equals(header.getAlgorithm()) ? hmac : asymmetric;
      if (selector == null) return List.<Key>of();
      return selector.selectJWSKeys(header, context);
    });
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
        settings.audience(), new JWTClaimsSet.Builder().issuer(settings.issuer()).build(), Set.of("exp", "sub"));
    claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
  }

  private static JWSKeySelector<SecurityContext> asymmetricKeys(SecuritySettings.JwtSettings settings) {
    JWKSource<SecurityContext> source;
    try {
      if (!settings.jwksFile().isBlank()) {
        source = new ImmutableJWKSet<>(JWKSet.load(new File(settings.jwksFile())));
      } else if (!settings.jwksUrl().isBlank()) {
        // Cached and refreshed by nimbus; a key rotation is picked up when an unknown kid arrives.
        source = JWKSourceBuilder.create(URI.create(settings.jwksUrl()).toURL()).build();
      } else {
        return null;
      }
    } catch (Exception e) {
      throw new IllegalArgumentException("Cannot load the JWKS of streamsql.security.jwt: " + e.getMessage(), e);
    }
    return new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), source);
  }

  private static JWSKeySelector<SecurityContext> hmacKey(String secret) {
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < 32) throw new IllegalArgumentException("streamsql.security.jwt.hs256-secret must be at least 32 bytes");
    return new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(bytes));
  }

  /** Whether the text has a JWS compact shape: three base64url parts separated by dots. */
  public static boolean looksLikeJwt(String text) {
    return text != null && text.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
  }

  /** The principal of a valid token; empty for any invalid one (the reason is not told to callers). */
  public Optional<Principal> verify(String token) {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (Exception e) {
      return Optional.empty();
    }
    List<String> roles = strings(claims.getClaim(settings.rolesClaim()));
    List<String> scopes = strings(claims.getClaim(settings.scopesClaim()));
    return Optional.of(new Principal("jwt:" + claims.getSubject(), Role.strongest(roles), scopes));
  }

  /** A claim as a list: a JSON array, or a string of names separated by spaces or commas. */
  private static List<String> strings(Object claim) {
    List<String> out = new ArrayList<>();
    if (claim instanceof Collection<?> values) {
      for (Object v : values) if (v != null && !v.toString().isBlank()) out.add(v.toString().trim());
    } else if (claim instanceof String text) {
      for (String v : text.split("[\\s,]+")) if (!v.isBlank()) out.add(v);
    }
    return out;
  }
}
