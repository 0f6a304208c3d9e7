package io.streamsql.http.observe;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id of a request: the client's {@code X-Request-Id} when it is short and made of safe
 * characters (it lands in logs and JSON), else a fresh one.
 */
public final class RequestIds {
  public static final String HEADER = "X-Request-Id";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private RequestIds() {}

  /** The client's id if it is acceptable, otherwise a new random one. */
  public static String accept(Optional<String> fromClient) {
    return fromClient.map(String::trim).filter(RequestIds::acceptable).orElseGet(RequestIds::generate);
  }

  static boolean acceptable(String id) {
    return SAFE.matcher(id).matches();
  }

  static String generate() {
    return UUID.randomUUID().toString();
  }
}
