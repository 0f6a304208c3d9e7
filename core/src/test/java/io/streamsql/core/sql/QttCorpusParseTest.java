package io.streamsql.core.sql;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.core.format.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Parses every statement of ksqlDB's query-validation tests (../shared/ksqldb-qtt), when that
 * corpus is beside the project, and holds the share that parses above a floor. Statements the
 * corpus expects to fail are counted apart: some of them are meant to be syntax errors.
 */
class QttCorpusParseTest {
  /** Raise as the grammar grows; never lower it to make the build pass. */
  private static final double FLOOR = 0.995;

  private static final com.fasterxml.jackson.databind.ObjectReader READER = Json.MAPPER.reader()
      .with(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_JAVA_COMMENTS)
      .with(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_TRAILING_COMMA);

  static Path corpus() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/ksqldb-qtt/query-validation-tests");
      if (Files.isDirectory(candidate)) return candidate;
    }
    return null;
  }

  @Test
  void theCorpusStatementsParse() throws IOException {
    Path corpus = corpus();
    assumeTrue(corpus != null, "ksqlDB QTT corpus not found beside the project (../shared/ksqldb-qtt): skipped");
    int ok = 0;
    int failed = 0;
    int expectedFailures = 0;
    TreeMap<String, String> samples = new TreeMap<>();
    try (Stream<Path> files = Files.list(corpus)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        JsonNode root;
        try {
          root = READER.readTree(Files.readAllBytes(file));
        } catch (IOException unreadable) {
          System.out.println("  unreadable corpus file " + file.getFileName() + ": " + unreadable.getMessage().lines().findFirst().orElse(""));
          continue;
        }
        for (JsonNode test : root.path("tests")) {
          boolean expectsError = test.has("expectedException");
          for (JsonNode statement : test.path("statements")) {
            if (SqlParser.isValid(statement.asText())) {
              ok++;
            } else if (expectsError) {
              expectedFailures++;
            } else {
              failed++;
              if (samples.size() < 15) samples.put(file.getFileName() + ": " + statement.asText(), "");
            }
          }
        }
      }
    }
    double rate = (double) ok / (ok + failed);
    System.out.printf("QTT corpus parse: %d parsed, %d failed, %d failed in cases expecting an error (%.1f%%)%n",
        ok, failed, expectedFailures, 100 * rate);
    samples.keySet().forEach(s -> System.out.println("  not parsed: " + s));
    assertTrue(rate >= FLOOR, String.format("%.1f%% of the corpus statements parse, below the floor of %.0f%%", 100 * rate, 100 * FLOOR));
  }
}
