package io.streamsql.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Python client's own test suite ({@code clients/python/tests}, unittest) against a real
 * server and Cassandra: the suite needs a server at {@code STREAMSQL_URL}, and this test is
 * where it gets one. Its output is kept in {@code target/python-client-tests.log} and printed
 * when it fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PythonClientIT {
  /** Push queries and follow reads see new records within 50 ms instead of the default second. */
  private static final String CONFIG = "pekko.persistence.cassandra.query.refresh-interval = 50ms\n";
  private static final long TIMEOUT_MINUTES = 15;

  private InProcessServer server;

  @BeforeAll
  void startServer() throws Exception {
    server = new InProcessServer(CONFIG);
  }

  @AfterAll
  void stopServer() {
    if (server != null) server.close();
  }

  /** {@code clients/python} next to this module, found from the module's basedir (failsafe's working directory). */
  private static Path clientDirectory() {
    Path basedir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    return basedir.resolve("..").resolve("clients").resolve("python").normalize().toAbsolutePath();
  }

  @Test
  void pythonClientTestsPassAgainstARealServer() throws Exception {
    Path client = clientDirectory();
    assertTrue(Files.isDirectory(client.resolve("tests")), "no Python client tests at " + client);
    Path log = Path.of("target", "python-client-tests.log").toAbsolutePath();
    Files.createDirectories(log.getParent());

    String python = System.getProperty("python", System.getenv().getOrDefault("PYTHON", "python3"));
    ProcessBuilder builder = new ProcessBuilder(List.of(python, "-m", "unittest", "discover", "-s", "tests", "-v"))
        .directory(client.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("STREAMSQL_URL", server.baseUrl());
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    builder.environment().remove("STREAMSQL_API_KEY");
    Process process = builder.start();

    boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    String output = read(log);
    if (!finished || process.exitValue() != 0) System.out.println(output);
    assertTrue(finished, "the Python client tests did not finish within " + TIMEOUT_MINUTES + " minutes:\n" + tail(output));
    assertEquals(0, process.exitValue(), "the Python client tests failed (full output in " + log + "):\n" + tail(output));
  }

  private static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /** The end of the output, where unittest lists the failures and the summary. */
  private static String tail(String output) {
    int max = 20_000;
    return output.length() <= max ? output : "…" + output.substring(output.length() - max);
  }
}
