package io.streamsql.http;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamsql.cluster.sql.qtt.QttCase;
import io.streamsql.cluster.sql.qtt.QttCorpus;
import io.streamsql.cluster.sql.qtt.QttReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance corpus driven as a client drives the server: only HTTP (see {@link QttHttpCaseRunner}),
 * so the HTTP paths (/ksql, /v1/topics records in and out) cannot drift from the in-process runner.
 * It runs every {@code qtt.http.every}-th in-scope case (default 2; 1 = all), writes
 * target/qtt-http-report.txt and fails below the floor in qtt-http-floor.txt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QttOverHttpIT {
  private InProcessServer server;

  @BeforeAll
  void start() throws Exception {
    server = new InProcessServer("pekko.persistence.cassandra.query.refresh-interval = 30ms\n"
        + "streamsql.sql.batch-delay = 5ms\n"
            + "streamsql.sql.aggregate-coalesce = off\n"
        + "pekko.loglevel = WARNING\n");
  }

  @AfterAll
  void stop() {
    if (server != null) server.close();
  }

  @Test
  void aSampleOfTheCorpusPassesOverHttp() throws Exception {
    Path corpus = QttCorpus.locate();
    if (corpus == null) System.out.println("QTT corpus not found beside the project (../shared/ksqldb-qtt): HTTP conformance run skipped");
    assumeTrue(corpus != null, "ksqlDB QTT corpus not found beside the project (../shared/ksqldb-qtt)");
    int every = Integer.getInteger("qtt.http.every", 2);
    String filter = System.getProperty("qtt.filter", "");
    List<QttCase> cases = QttCorpus.load(corpus).stream().filter(c -> QttCorpus.selected(c, filter)).toList();
    QttHttpCaseRunner runner = new QttHttpCaseRunner(server.baseUrl(), 8_000);
    QttReport report = new QttReport();
    int inScope = 0;
    for (QttCase c : cases) {
      if (c.skip() != null) {
        report.skipped(c);
        continue;
      }
      if (inScope++ % every != 0) continue;
      QttHttpCaseRunner.Outcome outcome;
      try {
        outcome = runner.run(c);
      } catch (Exception | AssertionError e) {
        outcome = new QttHttpCaseRunner.Outcome(false, "runner error: " + e);
      }
      report.outcome(c, outcome.passed(), outcome.reason());
    }
    report.write("qtt-http-report.txt");
    if (filter.isEmpty() && every == 2) {
      int floor = QttReport.floor("/qtt-http-floor.txt");
      assertTrue(report.passed() >= floor, "QTT over HTTP fell below the floor: " + report.passed() + " passed, floor " + floor);
    }
  }
}
