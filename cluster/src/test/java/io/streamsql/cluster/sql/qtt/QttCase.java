package io.streamsql.cluster.sql.qtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One case of ksqlDB's query-validation tests, with {FORMAT} already substituted. {@code skip}
 * says why it is out of scope, or is null.
 */
public record QttCase(
    String file, String name, List<String> statements, List<JsonNode> inputs, List<JsonNode> outputs,
    JsonNode expectedException, java.util.Map<String, Object> properties, String skip) {}
