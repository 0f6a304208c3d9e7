package io.streamsql.cluster.sql.qtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Loads the QTT corpus from ../shared/ksqldb-qtt and decides which cases are in scope. */
public final class QttCorpus {
  static final Set<String> REGISTRY_FORMATS = Set.of("AVRO", "PROTOBUF", "PROTOBUF_NOSR", "JSON_SR");
  private static final Pattern REGISTRY_IN_SQL =
      Pattern.compile("FORMAT\\s*=\\s*'(AVRO|PROTOBUF|PROTOBUF_NOSR|JSON_SR)'", Pattern.CASE_INSENSITIVE);

  // Upstream's attr.json has comments and trailing commas; a lenient reader takes it as it is.
  private static final ObjectMapper LENIENT = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_SINGLE_QUOTES,
          JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES, JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  private QttCorpus() {}

  public static Path locate() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/ksqldb-qtt/query-validation-tests");
      if (Files.isDirectory(candidate)) return candidate;
    }
    return null;
  }

  /** Whether a case's file is picked by {@code -Dqtt.filter}: empty for all, else comma-separated substrings of file names. */
  public static boolean selected(QttCase c, String filter) {
    if (filter.isBlank()) return true;
    for (String part : filter.split(",")) if (!part.isBlank() && c.file().contains(part.trim())) return true;
    return false;
  }

  /** Every case of every file; a file that cannot be read becomes one skipped case naming the problem. */
  public static List<QttCase> load(Path dir) throws IOException {
    List<QttCase> cases = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        String name = file.getFileName().toString();
        JsonNode root;
        try {
          root = LENIENT.readTree(file.toFile());
        } catch (IOException e) {
          cases.add(new QttCase(name, "(file)", List.of(), List.of(), List.of(), null, java.util.Map.of(), "file is not JSON: " + e.getMessage()));
          continue;
        }
        for (JsonNode test : root.path("tests")) cases.addAll(expand(name, test));
      }
    }
    return cases;
  }

  private static List<QttCase> expand(String file, JsonNode test) {
    List<String> formats = new ArrayList<>();
    test.path("format").forEach(f -> formats.add(f.asText()));
    List<QttCase> out = new ArrayList<>();
    if (formats.isEmpty()) {
      out.add(build(file, test.path("name").asText(), test, null));
    } else {
      for (String f : formats) out.add(build(file, test.path("name").asText() + " - " + f, test, f));
    }
    return out;
  }

  private static QttCase build(String file, String name, JsonNode test, String format) {
    List<String> statements = new ArrayList<>();
    for (JsonNode s : test.path("statements")) {
      String text = s.asText();
      if (format != null) text = text.replace("{FORMAT}", format);
      statements.add(text);
    }
    List<JsonNode> inputs = new ArrayList<>();
    test.path("inputs").forEach(inputs::add);
    List<JsonNode> outputs = new ArrayList<>();
    test.path("outputs").forEach(outputs::add);
    JsonNode expected = test.has("expectedException") ? test.get("expectedException") : null;
    java.util.Map<String, Object> properties = new java.util.LinkedHashMap<>();
    test.path("properties").fields().forEachRemaining(e -> properties.put(e.getKey(), e.getValue().asText()));
    return new QttCase(file, name, statements, inputs, outputs, expected, properties,
        skipReason(test, statements, format, inputs, outputs));
  }

  private static boolean repeatsAHeaderName(JsonNode headers) {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (JsonNode h : headers) if (!names.add(h.path("KEY").asText())) return true;
    return false;
  }

  private static String skipReason(JsonNode test, List<String> statements, String format, List<JsonNode> inputs, List<JsonNode> outputs) {
    String sql = String.join("\n", statements);
    if (format != null && REGISTRY_FORMATS.contains(format.toUpperCase(Locale.ROOT))) {
      return "format " + format.toUpperCase(Locale.ROOT) + " needs a schema registry (out of scope)";
    }
    var registry = REGISTRY_IN_SQL.matcher(sql);
    if (registry.find()) return "format " + registry.group(1).toUpperCase(Locale.ROOT) + " needs a schema registry (out of scope)";
    for (JsonNode r : inputs) {
      if (repeatsAHeaderName(r.path("headers"))) return "a header name repeated in one record (a stored record keeps one value per name)";
    }
    if (test.has("topics") && test.path("topics").toString().contains("schema")) return "topic schemas in a schema registry (out of scope)";
    return null;
  }
}
