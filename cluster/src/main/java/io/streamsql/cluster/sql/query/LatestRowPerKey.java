package io.streamsql.cluster.sql.query;

import io.streamsql.core.sql.plan.InputRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The current rows of a table that is not materialized anywhere (a CREATE TABLE over a topic, a
 * CTAS without aggregation, a table of the tables API): its changelog folded into the latest
 * record per key, tombstones removing the key. The fold holds one row per live key of the
 * partitions read, in the heap of the node serving the query, until the read ends.
 */
final class LatestRowPerKey {
  private LatestRowPerKey() {}

  static Source<InputRecord, NotUsed> of(Source<InputRecord, NotUsed> changelog) {
    return changelog
        .fold(new LinkedHashMap<String, InputRecord>(), (rows, record) -> {
          // Keys are placed by their text, so one key's changes are all in one partition, in offset order.
          rows.remove(record.keyJson());
          if (record.valueJson() != null) rows.put(record.keyJson(), record);
          return rows;
        })
        .mapConcat(LatestRowPerKey::values);
  }

  private static List<InputRecord> values(Map<String, InputRecord> rows) {
    return new ArrayList<>(rows.values());
  }
}
