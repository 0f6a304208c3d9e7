package io.streamsql.http.security;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** What a principal may do: {@code admin} includes {@code write}, which includes {@code read}. */
public enum Role {
  READ, WRITE, ADMIN;

  public boolean includes(Role other) {
    return compareTo(other) >= 0;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> parse(String text) {
    if (text == null) return Optional.empty();
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "read" -> Optional.of(READ);
      case "write" -> Optional.of(WRITE);
      case "admin" -> Optional.of(ADMIN);
      default -> Optional.empty();
    };
  }

  /** The strongest known role among the names; unknown names grant nothing. */
  public static Optional<Role> strongest(Collection<String> names) {
    Role best = null;
    for (String n : names) {
      Role r = parse(n).orElse(null);
      if (r != null && (best == null || r.includes(best))) best = r;
    }
    return Optional.ofNullable(best);
  }
}
