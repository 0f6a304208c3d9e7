package io.streamsql.http.security;

import com.typesafe.config.Config;
import java.time.Duration;

/** {@code streamsql.security}: see docs/security.md. */
public record SecuritySettings(boolean enabled, String adminKey, Duration keyCacheTtl, JwtSettings jwt) {

  /** JWT verification; {@link #configured()} when a JWKS file or URL or an HS256 secret is set. */
  public record JwtSettings(String jwksFile, String jwksUrl, String hs256Secret, String issuer, String audience,
      String rolesClaim, String scopesClaim, Duration clockSkew) {
    public boolean configured() {
      return !jwksFile.isBlank() || !jwksUrl.isBlank() || !hs256Secret.isBlank();
    }

    /** Never prints the HMAC secret. */
    @Override
    public String toString() {
      return "JwtSettings[jwksFile=" + jwksFile + ", jwksUrl=" + jwksUrl + ", hs256Secret=" + (hs256Secret.isBlank() ? "" : "***")
          + ", issuer=" + issuer + ", audience=" + audience + "]";
    }
  }

  public static SecuritySettings from(Config streamsql) {
    Config c = streamsql.getConfig("security");
    Config j = c.getConfig("jwt");
    return new SecuritySettings(c.getBoolean("enabled"), c.getString("admin-key"), c.getDuration("key-cache-ttl"),
        new JwtSettings(j.getString("jwks-file"), j.getString("jwks-url"), j.getString("hs256-secret"), j.getString("issuer"),
            j.getString("audience"), j.getString("roles-claim"), j.getString("scopes-claim"), j.getDuration("clock-skew")));
  }

  /** Never prints the admin key. */
  @Override
  public String toString() {
    return "SecuritySettings[enabled=" + enabled + ", adminKey=" + (adminKey.isBlank() ? "" : "***") + ", keyCacheTtl=" + keyCacheTtl
        + ", jwt=" + jwt + "]";
  }
}
