package io.streamsql.cluster.sql.qtt;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamsql.cluster.StreamSqlNode;
import io.streamsql.cluster.TestCassandra;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance runner: every case of ksqlDB's query-validation tests in ../shared/ksqldb-qtt
 * runs through a real node on Cassandra. It prints, per file and in total, how many passed,
 * failed and were skipped (with the reason of every skip and failure), writes the same to
 * target/qtt-report.txt, and fails when fewer pass than the floor in qtt-floor.txt.
 * {@code -Dqtt.filter=substring} runs only the files whose name contains it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QttConformanceIT {
  private StreamSqlNode node;

  @BeforeAll
  void start() {
    node = StreamSqlNode.start(TestCassandra.nodeConfig(
        "pekko.persistence.cassandra.query.refresh-interval = 30ms\n"
            + "streamsql.sql.batch-delay = 5ms\n"
            + "pekko.loglevel = WARNING\n"));
  }

  @AfterAll
  void stop() {
    if (node != null) node.close();
  }

  @Test
  void passesAtLeastTheFloorOfInScopeCases() throws Exception {
    Path corpus = QttCorpus.locate();
    if (corpus == null) System.out.println("QTT corpus not found beside the project (../shared/ksqldb-qtt): conformance run skipped");
    assumeTrue(corpus != null, "ksqlDB QTT corpus not found beside the project (../shared/ksqldb-qtt)");
    String filter = System.getProperty("qtt.filter", "");
    List<QttCase> cases = QttCorpus.load(corpus).stream().filter(c -> c.file().contains(filter)).toList();
    QttCaseRunner runner = new QttCaseRunner(node, 8_000);
    String run = Long.toString(System.currentTimeMillis(), 36);
    Map<String, int[]> perFile = new TreeMap<>();
    Map<String, List<String>> lines = new LinkedHashMap<>();
    int passed = 0, failed = 0, skipped = 0, index = 0;
    for (QttCase c : cases) {
      int[] counts = perFile.computeIfAbsent(c.file(), f -> new int[3]);
      List<String> fileLines = lines.computeIfAbsent(c.file(), f -> new ArrayList<>());
      if (c.skip() != null) {
        counts[2]++;
        skipped++;
        fileLines.add("  SKIP " + c.name() + ": " + c.skip());
        continue;
      }
      QttCaseRunner.Outcome outcome;
      try {
        outcome = runner.run(c, "qtt" + run + "_" + index++);
      } catch (Exception | AssertionError e) {
        outcome = new QttCaseRunner.Outcome(false, "runner error: " + e);
      }
      if (outcome.passed()) {
        counts[0]++;
        passed++;
      } else {
        counts[1]++;
        failed++;
        fileLines.add("  FAIL " + c.name() + ": " + outcome.reason());
      }
    }
    StringBuilder report = new StringBuilder();
    for (var e : perFile.entrySet()) {
      int[] n = e.getValue();
      report.append(e.getKey()).append(": ").append(n[0]).append(" passed, ").append(n[1]).append(" failed, ").append(n[2]).append(" skipped\n");
      for (String l : lines.get(e.getKey())) report.append(l).append('\n');
    }
    int inScope = passed + failed;
    report.append(String.format("TOTAL: %d passed, %d failed, %d skipped (%.1f%% of %d in-scope cases pass)%n",
        passed, failed, skipped, inScope == 0 ? 0.0 : 100.0 * passed / inScope, inScope));
    System.out.println(report);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "qtt-report.txt"), report.toString());
    if (filter.isEmpty()) {
      int floor = floor();
      assertTrue(passed >= floor, "QTT conformance fell below the floor: " + passed + " passed, floor " + floor);
    }
  }

  private static int floor() throws Exception {
    try (InputStream in = QttConformanceIT.class.getResourceAsStream("/qtt-floor.txt")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) return Integer.parseInt(line.trim());
      }
    }
    throw new IllegalStateException("qtt-floor.txt has no number");
  }
}
