package io.streamsql.http.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwtVerifierTest {
  static final String SECRET = "0123456789abcdef0123456789abcdef-hs256";
  private RSAKey rsa;
  private ECKey ec;
  private JwtVerifier verifier;

  @BeforeAll
  void keys(@TempDir Path dir) throws Exception {
    rsa = new RSAKeyGenerator(2048).keyID("rsa1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec1").generate();
    Path jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString());
    verifier = new JwtVerifier(settings(jwks.toString(), SECRET));
  }

  static SecuritySettings.JwtSettings settings(String jwksFile, String secret) {
    return new SecuritySettings.JwtSettings(jwksFile, "", secret, "https://issuer.test", "streamsql", "roles", "streamsql_scopes",
        Duration.ofSeconds(5));
  }

  static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder().subject("alice").issuer("https://issuer.test").audience("streamsql")
        .expirationTime(new Date(System.currentTimeMillis() + 60_000)).claim("roles", List.of("write"));
  }

  static String sign(JWSSigner signer, JWSAlgorithm alg, String kid, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  @Test
  void hs256WithTheSharedSecretGivesTheSubjectAndItsRoles() throws Exception {
    String token = sign(new MACSigner(SECRET), JWSAlgorithm.HS256, null, claims().build());
    Principal p = verifier.verify(token).orElseThrow();
    assertEquals("jwt:alice", p.name());
    assertEquals(Optional.of(Role.WRITE), p.role());
    assertEquals(List.of(), p.scopes());
  }

  @Test
  void rs256VerifiedAgainstTheJwksFileCarriesScopesFromTheirClaim() throws Exception {
    String token = sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, "rsa1",
        claims().claim("roles", "read admin").claim("streamsql_scopes", List.of("orders_")).build());
    Principal p = verifier.verify(token).orElseThrow();
    assertEquals(Optional.of(Role.ADMIN), p.role());
    assertEquals(List.of("orders_"), p.scopes());
  }

  @Test
  void es256VerifiedAgainstTheJwksFile() throws Exception {
    String token = sign(new ECDSASigner(ec), JWSAlgorithm.ES256, "ec1", claims().build());
    assertEquals("jwt:alice", verifier.verify(token).orElseThrow().name());
  }

  @Test
  void aWrongIssuerOrAudienceIsRefused() throws Exception {
    assertTrue(verifier.verify(sign(new MACSigner(SECRET), JWSAlgorithm.HS256, null, claims().issuer("https://evil.test").build())).isEmpty());
    assertTrue(verifier.verify(sign(new MACSigner(SECRET), JWSAlgorithm.HS256, null, claims().audience("other").build())).isEmpty());
  }

  @Test
  void anExpiredTokenOrOneWithoutExpiryIsRefused() throws Exception {
    JWTClaimsSet expired = claims().expirationTime(new Date(System.currentTimeMillis() - 60_000)).build();
    assertTrue(verifier.verify(sign(new MACSigner(SECRET), JWSAlgorithm.HS256, null, expired)).isEmpty());
    JWTClaimsSet noExpiry = claims().expirationTime(null).build();
    assertTrue(verifier.verify(sign(new MACSigner(SECRET), JWSAlgorithm.HS256, null, noExpiry)).isEmpty());
  }

  @Test
  void aBadSignatureIsRefused() throws Exception {
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa1").generate();
    assertTrue(verifier.verify(sign(new RSASSASigner(stranger), JWSAlgorithm.RS256, "rsa1", claims().build())).isEmpty());
    assertTrue(verifier.verify(sign(new MACSigner(SECRET.replace('0', '1')), JWSAlgorithm.HS256, null, claims().build())).isEmpty());
    String good = sign(new MACSigner(SECRET), JWSAlgorithm.HS256, null, claims().build());
    String tampered = good.substring(0, good.lastIndexOf('.')) + "." + "A".repeat(43);
    assertTrue(verifier.verify(tampered).isEmpty());
  }

  @Test
  void anUnsignedTokenWithAlgNoneIsRefused() {
    String none = new PlainJWT(claims().claim("roles", List.of("admin")).build()).serialize();
    assertTrue(JwtVerifier.looksLikeJwt(none));
    assertTrue(verifier.verify(none).isEmpty());
  }

  @Test
  void jwtVerificationNeedsAnIssuerAnAudienceAndALongEnoughSecret() {
    assertThrows(IllegalArgumentException.class, () -> new JwtVerifier(new SecuritySettings.JwtSettings(
        "", "", SECRET, "", "streamsql", "roles", "s", Duration.ZERO)));
    assertThrows(IllegalArgumentException.class, () -> new JwtVerifier(settings("", "short")));
  }
}
