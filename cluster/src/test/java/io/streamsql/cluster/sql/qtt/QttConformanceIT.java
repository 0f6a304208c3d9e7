package io.streamsql.cluster.sql.qtt;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamsql.cluster.StreamSqlNode;
import io.streamsql.cluster.TestCassandra;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance runner: every case of ksqlDB's query-validation tests in ../shared/ksqldb-qtt
 * runs through a real node on Cassandra. It prints, per file and in total, how many passed,
 * failed and were skipped (with the reason of every skip and failure), writes the same to
 * target/qtt-report.txt, and fails when fewer pass than the floor in qtt-floor.txt.
 * {@code -Dqtt.filter=a,b} runs only the files whose name contains one of the substrings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QttConformanceIT {
  private StreamSqlNode node;

  @BeforeAll
  void start() {
    node = StreamSqlNode.start(TestCassandra.nodeConfig(
        "pekko.persistence.cassandra.query.refresh-interval = 30ms\n"
            + "streamsql.sql.batch-delay = 5ms\n"
            + "streamsql.sql.aggregate-coalesce = off\n"
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
    List<QttCase> cases = QttCorpus.load(corpus).stream().filter(c -> QttCorpus.selected(c, filter)).toList();
    QttCaseRunner runner = new QttCaseRunner(node, 8_000);
    String run = Long.toString(System.currentTimeMillis(), 36);
    QttReport report = new QttReport();
    int index = 0;
    for (QttCase c : cases) {
      if (c.skip() != null) {
        report.skipped(c);
        continue;
      }
      QttCaseRunner.Outcome outcome;
      try {
        outcome = runner.run(c, "qtt" + run + "_" + index++);
      } catch (Exception | AssertionError e) {
        outcome = new QttCaseRunner.Outcome(false, "runner error: " + e);
      }
      report.outcome(c, outcome.passed(), outcome.reason());
    }
    report.write("qtt-report.txt");
    if (filter.isEmpty()) {
      int floor = QttReport.floor("/qtt-floor.txt");
      assertTrue(report.passed() >= floor, "QTT conformance fell below the floor: " + report.passed() + " passed, floor " + floor);
    }
  }
}
