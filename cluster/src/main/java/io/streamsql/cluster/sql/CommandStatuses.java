package io.streamsql.cluster.sql;

import io.streamsql.persistence.sql.SqlCatalogEntity;
import io.streamsql.persistence.sql.SqlSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code GET /status/{commandId}} answers. Statements here run synchronously, so every
 * command this node ran is already SUCCESS: it remembers the last {@value #REMEMBERED} command ids
 * it issued with their messages. A node that did not run the command (another node, or before a
 * restart) still knows a {@code stream|table/`NAME`/create} whose source is in the catalog.
 */
public final class CommandStatuses {
  static final int REMEMBERED = 10_000;

  /** A command's status as ksqlDB's CommandStatus has it (always SUCCESS here). */
  public record Status(String status, String message, String queryId) {}

  private final Map<String, Status> recent = new LinkedHashMap<>(256, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Status> eldest) {
      return size() > REMEMBERED;
    }
  };

  synchronized void record(StatementResult.CommandDone done) {
    recent.put(done.commandId(), new Status("SUCCESS", done.message(), done.queryId()));
  }

  /** The commands this node remembers, oldest first: command id → status. */
  synchronized Map<String, String> recent() {
    Map<String, String> out = new LinkedHashMap<>();
    recent.forEach((id, status) -> out.put(id, status.status()));
    return out;
  }

  Optional<Status> find(String commandId, SqlCatalogEntity.State catalog) {
    synchronized (this) {
      Status known = recent.get(commandId);
      if (known != null) return Optional.of(known);
    }
    String[] parts = commandId.split("/", 3);
    if (parts.length != 3 || !parts[2].equals("create") || !parts[1].startsWith("`") || !parts[1].endsWith("`")) {
      return Optional.empty();
    }
    SqlSource source = catalog.sources().get(parts[1].substring(1, parts[1].length() - 1));
    if (source == null || !source.kind().equalsIgnoreCase(parts[0])) return Optional.empty();
    return Optional.of(new Status("SUCCESS", (source.kind().equals("STREAM") ? "Stream" : "Table") + " created", null));
  }
}
