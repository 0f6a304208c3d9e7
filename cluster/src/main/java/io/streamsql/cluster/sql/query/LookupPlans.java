package io.streamsql.cluster.sql.query;

import io.streamsql.core.sql.plan.ProcessingLog;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plans of key lookups whose WHERE the lookup applies exactly, shared by every lookup of the same
 * shape: {@code WHERE K = 'a'} and {@code WHERE K = 'b'} both need only the query without its
 * WHERE, planned once per source schema. Planning (the planner, then the plan compiler, which
 * re-reads both schemas) is most of a lookup's CPU; the fast path should not repeat it. The
 * operators are stateless (a fresh row per record), so one plan serves concurrent queries.
 */
final class LookupPlans {
  /** A bound on distinct shapes held; past it the cache starts again (shapes are few in practice). */
  private static final int MAX_PLANS = 1024;

  private final ConcurrentHashMap<String, PullProjection> plans = new ConcurrentHashMap<>();

  /** The projection of {@code request} without its WHERE. */
  PullProjection withoutWhere(QueryRequest request) {
    // The key is built from text, so a lookup of a known shape parses nothing more.
    String key = request.source().toDdl() + "\n" + request.properties() + "\n" + request.query().textWithoutWhere();
    PullProjection plan = plans.get(key);
    if (plan == null) {
      if (plans.size() >= MAX_PLANS) plans.clear();
      QueryRequest shape = new QueryRequest(request.query().withoutWhere(), request.source(), request.sourceLog(),
          request.properties(), request.text());
      plan = PullProjection.of(shape);
      plans.put(key, plan);
    }
    return plan;
  }
}
