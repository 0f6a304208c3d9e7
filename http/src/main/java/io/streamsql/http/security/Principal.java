package io.streamsql.http.security;

import java.util.List;
import java.util.Optional;

/**
 * Who sent a request: a name for the audit trail, the strongest role granted (empty: none) and
 * the name prefixes the role is limited to (empty: every resource).
 */
public record Principal(String name, Optional<Role> role, List<String> scopes) {
  public Principal {
    scopes = List.copyOf(scopes);
  }

  public boolean isScoped() {
    return !scopes.isEmpty();
  }

  public boolean covers(String resource) {
    return scopes.stream().anyMatch(resource::startsWith);
  }
}
