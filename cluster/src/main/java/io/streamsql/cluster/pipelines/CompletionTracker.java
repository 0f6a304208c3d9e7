package io.streamsql.cluster.pipelines;

import io.streamsql.cluster.sql.QueryProgress;
import io.streamsql.cluster.sql.SqlEngine;
import io.streamsql.persistence.sql.QueryDefinition;
import io.streamsql.persistence.sql.SqlQuery;
import java.util.Map;

/**
 * Decides whether a completion token is complete: every view that depends on the tables it names,
 * directly or through other views, has processed everything up to its offsets. Walks the query
 * graph from the token's logs: once a query has processed the offsets of its input, its sink holds
 * every output of them, so the sink's end at that moment is the position the next query must reach.
 * That end may include later outputs too, so a token can read "inprogress" a little longer than
 * strictly needed under continuous ingress — never "complete" too early. Blocking.
 */
final class CompletionTracker {
  /** Views of views deeper than this are a cycle, which the catalog does not allow; stop rather than loop. */
  private static final int MAX_DEPTH = 64;

  boolean complete(SqlEngine engine, CompletionToken token) {
    for (Map.Entry<String, Map<Integer, Long>> e : token.logs().entrySet()) {
      if (!complete(engine, e.getKey(), e.getValue(), 0)) return false;
    }
    return true;
  }

  private boolean complete(SqlEngine engine, String log, Map<Integer, Long> offsets, int depth) {
    if (depth > MAX_DEPTH) return false;
    QueryProgress progress = engine.progress();
    for (SqlQuery q : engine.catalogState().queries().values()) {
      QueryDefinition def = progress.definition(q.id());
      // Registered but not started yet: it has processed nothing.
      if (def == null) return false;
      if (!QueryProgress.reads(def, log)) continue;
      if (!progress.processed(def, log, offsets)) return false;
      if (!complete(engine, def.sinkLog(), progress.ends(def.sinkLog()), depth + 1)) return false;
    }
    return true;
  }
}
