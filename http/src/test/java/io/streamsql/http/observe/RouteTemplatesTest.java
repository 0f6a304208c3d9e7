package io.streamsql.http.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RouteTemplatesTest {

  @Test
  void namesAndIdsInPathsBecomePlaceholders() {
    assertEquals("/v1/streams/{name}/events", RouteTemplates.of("/v1/streams/orders/events"));
    assertEquals("/v1/streams/{name}", RouteTemplates.of("/v1/streams/orders"));
    assertEquals("/v1/tables/{name}/rows/{key}", RouteTemplates.of("/v1/tables/users/rows/%22u1%22"));
    assertEquals("/v1/connectors/files/{name}/uploads/{upload_id}/parts/{part}",
        RouteTemplates.of("/v1/connectors/files/t/uploads/3f2a/parts/7"));
    assertEquals("/v0/pipelines/{name}/ingress/{table}", RouteTemplates.of("/v0/pipelines/p1/ingress/T"));
    assertEquals("/v1/topics/{name}/records", RouteTemplates.of("/v1/topics/raw/records"));
  }

  @Test
  void literalRoutesKeepTheirPath() {
    assertEquals("/v1/streams", RouteTemplates.of("/v1/streams"));
    assertEquals("/ksql", RouteTemplates.of("/ksql"));
    assertEquals("/ksql/terminate", RouteTemplates.of("/ksql/terminate"));
    assertEquals("/query-stream", RouteTemplates.of("/query-stream"));
    assertEquals("/metrics", RouteTemplates.of("/metrics"));
    assertEquals("/v0/pipelines/{name}/completion_status", RouteTemplates.of("/v0/pipelines/p/completion_status"));
  }

  @Test
  void aTrailingSlashIsTheSameRoute() {
    assertEquals("/v1/streams", RouteTemplates.of("/v1/streams/"));
    assertEquals("/v1/tables/{name}", RouteTemplates.of("/v1/tables/t/"));
  }

  @Test
  void theCommandStatusTemplateTakesEveryRemainingSegment() {
    assertEquals("/status", RouteTemplates.of("/status"));
    assertEquals("/status/{command_id...}", RouteTemplates.of("/status/stream/%60VIEWS%60/create"));
  }

  @Test
  void pathsNoRouteServesAreUnmatchedNotTheirPath() {
    assertEquals(RouteTemplates.UNMATCHED, RouteTemplates.of("/nothing/here"));
    assertEquals(RouteTemplates.UNMATCHED, RouteTemplates.of("/v1/streams/orders/unknown"));
    assertEquals(RouteTemplates.UNMATCHED, RouteTemplates.of("/v1/streams//events"));
    assertEquals(RouteTemplates.UNMATCHED, RouteTemplates.of("/"));
    assertEquals(RouteTemplates.UNMATCHED, RouteTemplates.of("/v0/pipelines/p/unknown_action"));
  }
}
