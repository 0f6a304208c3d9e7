package io.streamsql.http.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeySecretsTest {
  @Test
  void aNewKeyCarriesItsIdAnd256RandomBits() {
    ApiKeySecrets.NewKey a = ApiKeySecrets.generate();
    ApiKeySecrets.NewKey b = ApiKeySecrets.generate();
    assertNotEquals(a.key(), b.key());
    assertEquals(Optional.of(a.id()), ApiKeySecrets.idOf(a.key()));
    assertEquals(4 + 16 + 1 + 43, a.key().length());
    assertFalse(a.toString().contains(a.key()));
  }

  @Test
  void theHashIsHexSha256AndOnlyTheExactKeyMatchesIt() {
    // SHA-256("abc"), a published test vector.
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeySecrets.hash("abc"));
    ApiKeySecrets.NewKey k = ApiKeySecrets.generate();
    String stored = ApiKeySecrets.hash(k.key());
    assertTrue(ApiKeySecrets.matches(k.key(), stored));
    assertFalse(ApiKeySecrets.matches(k.key() + "x", stored));
    assertFalse(ApiKeySecrets.matches(ApiKeySecrets.generate().key(), stored));
  }

  @Test
  void onlyTextsOfTheKeyShapeHaveAnId() {
    assertTrue(ApiKeySecrets.idOf("eyJhbGciOiJIUzI1NiJ9.e30.sig").isEmpty());
    assertTrue(ApiKeySecrets.idOf("ssk_short").isEmpty());
    assertTrue(ApiKeySecrets.idOf("ssk_zzzzzzzzzzzzzzzz_abc").isEmpty());
    assertEquals(Optional.of("0123456789abcdef"), ApiKeySecrets.idOf("ssk_0123456789abcdef_abc"));
  }
}
