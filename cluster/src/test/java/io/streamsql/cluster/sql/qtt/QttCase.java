package io.streamsql.cluster.sql.qtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One case of ksqlDB's query-validation tests, with {FORMAT} already substituted. {@code skip}
 * says why it is out of scope, or is null.
 */
public record QttCase(
    String file, String name, List<String> statements, List<JsonNode> inputs, List<JsonNode> outputs,
    JsonNode expectedException, java.util.Map<String, Object> properties, String skip) {

  private static final Pattern TOPIC = Pattern.compile("KAFKA_TOPIC\\s*=\\s*'([^']*)'", Pattern.CASE_INSENSITIVE);
  private static final Pattern PARTITIONS = Pattern.compile("PARTITIONS\\s*=\\s*(\\d+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern CREATE_SOURCE = Pattern.compile(
      "^\\s*CREATE\\s+(OR\\s+REPLACE\\s+)?(SOURCE\\s+)?(STREAM|TABLE)\\b(?![^;]*\\bAS\\s+SELECT\\b)",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  /**
   * The topics the case needs before its statements run, as its Kafka topics would exist: those
   * its CREATE STREAM/TABLE statements name (with their PARTITIONS, else 1) and its input topics.
   */
  public Map<String, Integer> topics() {
    Map<String, Integer> topics = new LinkedHashMap<>();
    for (String s : statements) {
      if (!CREATE_SOURCE.matcher(s).find()) continue;
      Matcher t = TOPIC.matcher(s);
      if (!t.find()) continue;
      Matcher p = PARTITIONS.matcher(s);
      topics.putIfAbsent(t.group(1), p.find() ? Integer.parseInt(p.group(1)) : 1);
    }
    for (JsonNode in : inputs) topics.putIfAbsent(in.path("topic").asText(), 1);
    return topics;
  }
}
