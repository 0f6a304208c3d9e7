package io.streamsql.cluster.sql.qtt;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Tallies conformance outcomes per file, renders the report (every skip and failure with its reason) and reads floors. */
public final class QttReport {
  private final Map<String, int[]> perFile = new TreeMap<>();
  private final Map<String, List<String>> lines = new LinkedHashMap<>();
  private int passed;
  private int failed;
  private int skipped;

  public void skipped(QttCase c) {
    count(c)[2]++;
    skipped++;
    lines.get(c.file()).add("  SKIP " + c.name() + ": " + c.skip());
  }

  public void outcome(QttCase c, boolean pass, String reason) {
    if (pass) {
      count(c)[0]++;
      passed++;
    } else {
      count(c)[1]++;
      failed++;
      lines.get(c.file()).add("  FAIL " + c.name() + ": " + reason);
    }
  }

  private int[] count(QttCase c) {
    lines.computeIfAbsent(c.file(), f -> new ArrayList<>());
    return perFile.computeIfAbsent(c.file(), f -> new int[3]);
  }

  public int passed() {
    return passed;
  }

  public String render() {
    StringBuilder report = new StringBuilder();
    for (var e : perFile.entrySet()) {
      int[] n = e.getValue();
      report.append(e.getKey()).append(": ").append(n[0]).append(" passed, ").append(n[1]).append(" failed, ").append(n[2]).append(" skipped\n");
      for (String l : lines.get(e.getKey())) report.append(l).append('\n');
    }
    int inScope = passed + failed;
    report.append(String.format("TOTAL: %d passed, %d failed, %d skipped (%.1f%% of %d in-scope cases pass)%n",
        passed, failed, skipped, inScope == 0 ? 0.0 : 100.0 * passed / inScope, inScope));
    return report.toString();
  }

  /** Prints the report and writes it to target/{fileName}. */
  public void write(String fileName) throws Exception {
    String text = render();
    System.out.println(text);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", fileName), text);
  }

  /** The first number in a classpath resource such as /qtt-floor.txt (lines starting with # are comments). */
  public static int floor(String resource) throws Exception {
    try (InputStream in = QttReport.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException(resource + " is missing");
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) return Integer.parseInt(line.trim());
      }
    }
    throw new IllegalStateException(resource + " has no number");
  }
}
