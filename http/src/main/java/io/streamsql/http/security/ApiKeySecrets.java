package io.streamsql.http.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The text of API keys: {@code ssk_<16 hex id>_<43 base64url chars>}, 256 random bits. The id is
 * public (listings show it, revocation uses it); only the SHA-256 of the whole key is stored. A
 * fast hash suffices because the secret is random and long: unlike a password it cannot be
 * guessed from a dictionary, so a slow hash (bcrypt) would only slow down every request.
 */
public final class ApiKeySecrets {
  public static final String PREFIX = "ssk_";
  private static final int ID_HEX = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeySecrets() {}

  /** A new key and its id. */
  public record NewKey(String id, String key) {
    @Override
    public String toString() {
      return "NewKey[id=" + id + "]";
    }
  }

  public static NewKey generate() {
    byte[] id = new byte[ID_HEX / 2];
    byte[] secret = new byte[32];
    RANDOM.nextBytes(id);
    RANDOM.nextBytes(secret);
    String hexId = HexFormat.of().formatHex(id);
    return new NewKey(hexId, PREFIX + hexId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  /** Whether the text has the shape of an API key (not whether it is valid). */
  public static boolean looksLikeKey(String text) {
    return idOf(text).isPresent();
  }

  /** The public id within a key, if the text has a key's shape. */
  public static Optional<String> idOf(String key) {
    if (key == null || !key.startsWith(PREFIX) || key.length() < PREFIX.length() + ID_HEX + 2) return Optional.empty();
    if (key.charAt(PREFIX.length() + ID_HEX) != '_') return Optional.empty();
    String id = key.substring(PREFIX.length(), PREFIX.length() + ID_HEX);
    for (char ch : id.toCharArray()) {
      if (Character.digit(ch, 16) < 0) return Optional.empty();
    }
    return Optional.of(id);
  }

  /** Hex SHA-256 of the key's UTF-8 bytes. */
  public static String hash(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  /** Whether the key hashes to the stored hash, in time independent of where they differ. */
  public static boolean matches(String key, String storedHash) {
    return MessageDigest.isEqual(hash(key).getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
  }
}
