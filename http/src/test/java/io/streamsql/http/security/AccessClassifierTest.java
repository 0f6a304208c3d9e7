package io.streamsql.http.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessClassifierTest {
  private static Principal principal(Role role, String... scopes) {
    return new Principal("p", Optional.of(role), List.of(scopes));
  }

  @Test
  void healthAndReadinessArePublicAndEverythingElseNeedsARole() {
    assertTrue(AccessClassifier.classify("GET", "/healthz").isPublic());
    assertTrue(AccessClassifier.classify("GET", "/readyz").isPublic());
    assertEquals(new Access(Role.READ, null), AccessClassifier.classify("GET", "/info"));
    assertEquals(new Access(Role.READ, null), AccessClassifier.classify("GET", "/"));
    assertEquals(new Access(Role.WRITE, null), AccessClassifier.classify("POST", "/healthz/x"));
  }

  @Test
  void readingMethodsNeedReadOtherMethodsWriteAndAdminPathsAdmin() {
    assertEquals(new Access(Role.READ, "orders"), AccessClassifier.classify("GET", "/v1/streams/orders/events"));
    assertEquals(new Access(Role.READ, "orders"), AccessClassifier.classify("HEAD", "/v1/streams/orders"));
    assertEquals(new Access(Role.WRITE, "orders"), AccessClassifier.classify("POST", "/v1/streams/orders/events"));
    assertEquals(new Access(Role.WRITE, "orders"), AccessClassifier.classify("DELETE", "/v1/streams/orders"));
    assertEquals(new Access(Role.WRITE, "users"), AccessClassifier.classify("PUT", "/v1/tables/users/rows"));
    assertEquals(new Access(Role.READ, "t"), AccessClassifier.classify("GET", "/v1/topics/t"));
    assertEquals(new Access(Role.ADMIN, null), AccessClassifier.classify("GET", "/v1/admin/api-keys"));
    assertEquals(new Access(Role.ADMIN, null), AccessClassifier.classify("DELETE", "/v1/admin/api-keys/abc"));
  }

  @Test
  void listingsCollectionsSqlAndKafkaConnectorsAreNotAboutOneNamedResource() {
    assertEquals(new Access(Role.READ, null), AccessClassifier.classify("GET", "/v1/streams"));
    assertEquals(new Access(Role.WRITE, null), AccessClassifier.classify("POST", "/v1/tables"));
    assertEquals(new Access(Role.READ, null), AccessClassifier.classify("GET", "/v0/pipelines"));
    assertEquals(new Access(Role.WRITE, null), AccessClassifier.classify("POST", "/ksql"));
    assertEquals(new Access(Role.WRITE, null), AccessClassifier.classify("POST", "/ksql/terminate"));
    assertEquals(new Access(Role.WRITE, null), AccessClassifier.classify("POST", "/inserts-stream"));
    assertEquals(new Access(Role.READ, null), AccessClassifier.classify("POST", "/query"));
    assertEquals(new Access(Role.READ, null), AccessClassifier.classify("POST", "/query-stream"));
    assertEquals(new Access(Role.READ, null), AccessClassifier.classify("POST", "/close-query"));
    assertEquals(new Access(Role.WRITE, null), AccessClassifier.classify("POST", "/v1/connectors/kafka/src/pause"));
    assertEquals(new Access(Role.WRITE, null), AccessClassifier.classify("POST", "/v1/connectors/kafka-sinks"));
  }

  @Test
  void pipelineQueriesAndEgressReadTheNamedPipelineAndFileConnectorsNameTheirTable() {
    assertEquals(new Access(Role.READ, "shop"), AccessClassifier.classify("POST", "/v0/pipelines/shop/query"));
    assertEquals(new Access(Role.READ, "shop"), AccessClassifier.classify("POST", "/v0/pipelines/shop/egress/v"));
    assertEquals(new Access(Role.WRITE, "shop"), AccessClassifier.classify("POST", "/v0/pipelines/shop/ingress/t"));
    assertEquals(new Access(Role.WRITE, "shop"), AccessClassifier.classify("POST", "/v0/pipelines/shop/start"));
    assertEquals(new Access(Role.WRITE, "sales"), AccessClassifier.classify("PUT", "/v1/connectors/files/sales"));
    assertEquals(new Access(Role.READ, "sales"), AccessClassifier.classify("GET", "/v1/connectors/files/sales/uploads/u1"));
  }

  @Test
  void pathsWithDotSegmentsNeedAnUnscopedAdmin() {
    assertEquals(new Access(Role.ADMIN, null), AccessClassifier.classify("GET", "/v1/streams/orders_x/../../admin/api-keys"));
    assertEquals(new Access(Role.ADMIN, null), AccessClassifier.classify("GET", "/v1/streams/./x"));
  }

  @Test
  void rolesIncludeWeakerOnesAndScopesLimitToNamePrefixesAndExcludeUnnamedRequests() {
    Access readOrders = new Access(Role.READ, "orders_eu");
    assertTrue(readOrders.permits(principal(Role.ADMIN)));
    assertTrue(readOrders.permits(principal(Role.READ, "orders_")));
    assertFalse(readOrders.permits(principal(Role.WRITE, "users_")));
    assertFalse(new Access(Role.WRITE, "orders_eu").permits(principal(Role.READ)));
    assertFalse(new Access(Role.READ, null).permits(principal(Role.ADMIN, "orders_")));
    assertTrue(new Access(Role.READ, null).permits(principal(Role.READ)));
    assertFalse(new Access(Role.READ, null).permits(new Principal("none", Optional.empty(), List.of())));
    assertFalse(new Access(Role.ADMIN, null).permits(principal(Role.WRITE)));
  }
}
