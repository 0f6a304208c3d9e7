package io.streamsql.core.pipeline.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsql.core.error.Excerpt;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns one JSON update (a top-level value, or an element of a top-level array) into changes, by
 * the rules of its {@link UpdateFormat}. Rows are checked to be objects only; the caller checks
 * them against the table's columns.
 */
final class JsonUpdates {
  private static final String INSERT_DELETE_SHAPE = "expected {\"insert\": {...}} or {\"delete\": {...}}";
  private static final String WEIGHTED_SHAPE = "expected {\"weight\": n, \"data\": {...}}";
  private static final String DEBEZIUM_SHAPE =
      "expected {\"payload\": {\"op\": \"c|u|d|r\", \"before\": {...}, \"after\": {...}}}";

  private final UpdateFormat format;

  JsonUpdates(UpdateFormat format) {
    if (format == UpdateFormat.SNOWFLAKE) {
      // IngressFormat.of refuses it; a caller building IngressFormat directly gets the same answer.
      throw new IngressFormatException(0, "update_format 'snowflake' is not supported for JSON input");
    }
    this.format = format;
  }

  void decode(long record, JsonNode value, List<Change> out) {
    switch (format) {
      case RAW -> out.add(Change.insert(record, row(record, value, "the row")));
      case INSERT_DELETE -> insertDelete(record, value, out);
      case WEIGHTED -> weighted(record, value, out);
      case DEBEZIUM -> debezium(record, value, out);
      case SNOWFLAKE -> throw new IllegalStateException("refused in the constructor");
    }
  }

  private void insertDelete(long record, JsonNode value, List<Change> out) {
    ObjectNode update = envelope(record, value, INSERT_DELETE_SHAPE);
    // Feldera refuses unknown keys and applies delete before insert whatever the key order; an
    // empty object, or one whose keys are all null, changes nothing there and here.
    for (Iterator<String> names = update.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      switch (name) {
        case "insert", "delete", "table" -> {}
        case "update" -> {
          if (!update.get(name).isNull()) {
            throw new IngressFormatException(
                record,
                "Record " + record + ": {\"update\": {...}} (a partial update by primary key) is not supported; "
                    + "send {\"delete\": old row} and {\"insert\": new row} instead",
                Map.of("field", "update"),
                null);
          }
        }
        default -> throw new IngressFormatException(
            record,
            "Record " + record + ": " + INSERT_DELETE_SHAPE + ", found field \"" + Excerpt.of(name) + "\"",
            Map.of("field", Excerpt.of(name)),
            null);
      }
    }
    JsonNode delete = update.get("delete");
    if (delete != null && !delete.isNull()) out.add(Change.delete(record, row(record, delete, "\"delete\"")));
    JsonNode insert = update.get("insert");
    if (insert != null && !insert.isNull()) out.add(Change.insert(record, row(record, insert, "\"insert\"")));
  }

  private void weighted(long record, JsonNode value, List<Change> out) {
    ObjectNode update = envelope(record, value, WEIGHTED_SHAPE);
    JsonNode weight = update.get("weight");
    if (weight == null || !weight.isIntegralNumber() || !weight.canConvertToLong()) {
      throw new IngressFormatException(
          record,
          "Record " + record + ": " + WEIGHTED_SHAPE + ", but \"weight\" is "
              + (weight == null ? "missing" : "not a 64-bit integer: " + Excerpt.of(weight.toString())));
    }
    long w = weight.longValue();
    if (w == Long.MIN_VALUE) {
      throw new IngressFormatException(record, "Record " + record + ": weight " + w + " is out of range");
    }
    JsonNode data = update.get("data");
    if (data == null) {
      throw new IngressFormatException(record, "Record " + record + ": " + WEIGHTED_SHAPE + ", but \"data\" is missing");
    }
    ObjectNode row = row(record, data, "\"data\"");
    // Weight zero changes nothing: the row appears zero more times.
    if (w > 0) out.add(new Change(record, Change.Kind.INSERT, w, row));
    else if (w < 0) out.add(new Change(record, Change.Kind.DELETE, -w, row));
  }

  private void debezium(long record, JsonNode value, List<Change> out) {
    ObjectNode event = envelope(record, value, DEBEZIUM_SHAPE);
    JsonNode payload = event.get("payload");
    if (payload == null || !payload.isObject()) {
      throw new IngressFormatException(
          record,
          "Record " + record + ": " + DEBEZIUM_SHAPE + ", but \"payload\" is " + (payload == null ? "missing" : describe(payload)));
    }
    JsonNode op = payload.get("op");
    String code = op != null && op.isTextual() ? op.textValue() : null;
    JsonNode before = payload.get("before");
    JsonNode after = payload.get("after");
    switch (code == null ? "" : code) {
      case "c", "r" -> out.add(Change.insert(record, required(record, after, "after", code)));
      case "d" -> out.add(Change.delete(record, required(record, before, "before", code)));
      case "u" -> {
        // Debezium leaves "before" null when the source database does not log old rows (e.g.
        // PostgreSQL without REPLICA IDENTITY FULL); Feldera then only inserts "after", and so do we.
        if (before != null && !before.isNull()) out.add(Change.delete(record, row(record, before, "\"payload.before\"")));
        out.add(Change.insert(record, required(record, after, "after", code)));
      }
      default -> throw new IngressFormatException(
          record,
          "Record " + record + ": Debezium \"op\" must be \"c\", \"u\", \"d\" or \"r\", found "
              + (op == null ? "nothing" : Excerpt.of(op.toString())));
    }
  }

  private static ObjectNode required(long record, JsonNode row, String field, String op) {
    if (row == null || row.isNull()) {
      throw new IngressFormatException(
          record, "Record " + record + ": a Debezium \"" + op + "\" event needs \"payload." + field + "\"");
    }
    return row(record, row, "\"payload." + field + "\"");
  }

  private static ObjectNode envelope(long record, JsonNode value, String shape) {
    if (value instanceof ObjectNode object) return object;
    throw new IngressFormatException(record, "Record " + record + ": " + shape + ", found " + describe(value));
  }

  /** A row must be a JSON object; its columns are checked later against the table. */
  private static ObjectNode row(long record, JsonNode value, String what) {
    if (value instanceof ObjectNode object) return object;
    throw new IngressFormatException(
        record, "Record " + record + ": " + what + " must be a JSON object (a table row), found " + describe(value));
  }

  static String describe(JsonNode value) {
    JsonNodeType type = value.getNodeType();
    return switch (type) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NULL -> "null";
      case NUMBER -> "the number " + Excerpt.of(value.toString());
      case STRING -> "the string " + Excerpt.of(value.toString());
      case BOOLEAN -> value.toString();
      default -> type.name().toLowerCase();
    };
  }
}
