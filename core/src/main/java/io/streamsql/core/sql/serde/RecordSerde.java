package io.streamsql.core.sql.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one side of a stored record (its key or value JSON) into row slots, and writes column
 * values back, following one {@link Serde}.
 */
public final class RecordSerde {
  private final Serde serde;
  private final String side;
  /** The streaming codec when the format is a JSON object; null otherwise. */
  private final JsonRowCodec objects;
  private final boolean singleStringKafka;

  public RecordSerde(Serde serde, String side) {
    this.serde = serde;
    this.side = side;
    boolean object = serde.format() == SerdeFormat.JSON && !serde.columns().isEmpty()
        && (serde.columns().size() > 1 || serde.wrapSingle());
    this.objects = object ? new JsonRowCodec(serde.columns(), side) : null;
    this.singleStringKafka = serde.format() == SerdeFormat.KAFKA && serde.columns().size() == 1
        && serde.columns().get(0).type().equals(io.streamsql.core.sql.SqlTypes.STRING);
  }

  /** Reads stored JSON bytes into row slots; false when they are JSON null or absent (a tombstone). */
  public boolean readBytes(byte[] raw, Object[] row, int offset) {
    if (raw == null) return false;
    if (objects != null) return objects.read(raw, row, offset);
    JsonNode node = io.streamsql.core.sql.plan.RecordJson.read(raw);
    if (node == null || node.isNull()) return false;
    read(node, row, offset);
    return true;
  }

  /** Reads a stored key's JSON text into row slots (nulls when there is no key). */
  public void readText(String raw, Object[] row, int offset) {
    if (singleStringKafka && raw != null && raw.length() >= 2 && raw.charAt(0) == '"' && raw.indexOf('\\') < 0) {
      row[offset] = raw.substring(1, raw.length() - 1);
      return;
    }
    read(io.streamsql.core.sql.plan.RecordJson.read(raw), row, offset);
  }

  /** The stored JSON bytes of the column values (JSON null when nothing is written). */
  public byte[] writeBytes(Object[] values) {
    if (objects != null) return objects.write(values);
    JsonNode node = write(values);
    return io.streamsql.core.sql.plan.RecordJson.bytes(node == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : node);
  }

  /** The stored key text of the column values, or null for no key. */
  public String writeText(Object[] values) {

    if (singleStringKafka && values[0] instanceof String s) {
      return "\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
    return io.streamsql.core.sql.plan.RecordJson.text(write(values));
  }

  public Serde serde() {
    return serde;
  }

  /** Fills {@code row[offset …]} with the columns read from {@code raw}; raw null fills nulls. */
  public void read(JsonNode raw, Object[] row, int offset) {
    List<Serde.Column> cols = serde.columns();
    if (cols.isEmpty()) return;
    if (raw == null || raw.isNull()) {
      for (int i = 0; i < cols.size(); i++) row[offset + i] = null;
      return;
    }
    switch (serde.format()) {
      case KAFKA -> row[offset] = JsonValues.read(raw, cols.get(0).type(), side + " column " + cols.get(0).name());
      case DELIMITED -> {
        if (!raw.isTextual() && !raw.isValueNode()) throw new DeserializationException("DELIMITED " + side + " must be text, got " + raw.getNodeType());
        List<String> fields = split(raw.asText(), serde.delimiter());
        if (fields.size() != cols.size()) {
          throw new DeserializationException("Column count mismatch on deserialization. topic: " + side + ", expected: " + cols.size()
              + ", got: " + fields.size());
        }
        for (int i = 0; i < cols.size(); i++) {
          row[offset + i] = JsonValues.fromText(fields.get(i), cols.get(i).type(), side + " column " + cols.get(i).name());
        }
      }
      case JSON -> {
        if (cols.size() == 1 && !serde.wrapSingle()) {
          row[offset] = JsonValues.read(raw, cols.get(0).type(), side + " column " + cols.get(0).name());
          return;
        }
        if (!raw.isObject()) {
          throw new DeserializationException("Can't convert type. sourceType: " + raw.getNodeType() + ", requiredType: STRUCT, " + side
              + " must be a JSON object");
        }
        for (int i = 0; i < cols.size(); i++) {
          Serde.Column c = cols.get(i);
          row[offset + i] = JsonValues.read(JsonValues.field(raw, c.name()), c.type(), side + " column " + c.name());
        }
      }
      case NONE -> { }
    }
  }

  /** The stored JSON of the given column values (in column order); null when there are no columns. */
  public JsonNode write(Object[] values) {
    List<Serde.Column> cols = serde.columns();
    if (cols.isEmpty() || serde.format() == SerdeFormat.NONE) return null;
    return switch (serde.format()) {
      case KAFKA -> values[0] == null ? null : JsonValues.write(values[0], cols.get(0).type());
      case DELIMITED -> {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cols.size(); i++) {
          if (i > 0) sb.append(serde.delimiter());
          if (values[i] != null) sb.append(quote(JsonValues.toText(values[i], cols.get(i).type()), serde.delimiter(), i == 0));
        }
        yield JsonValues.NODES.textNode(sb.toString());
      }
      default -> {
        if (cols.size() == 1 && !serde.wrapSingle()) yield values[0] == null ? null : JsonValues.write(values[0], cols.get(0).type());
        ObjectNode out = JsonValues.NODES.objectNode();
        for (int i = 0; i < cols.size(); i++) out.set(cols.get(i).name(), JsonValues.write(values[i], cols.get(i).type()));
        yield out;
      }
    };
  }

  /**
   * Quotes a field the way ksqlDB's DELIMITED writer (commons-csv, minimal quoting) does: when it
   * holds the delimiter, a quote or a line break, ends in whitespace, starts with a character up
   * to '#', or, as the first field of a record, is empty or starts with a non-alphanumeric.
   */
  static String quote(String s, char delimiter, boolean first) {
    boolean quote;
    if (s.isEmpty()) {
      quote = first;
    } else {
      char c = s.charAt(0);
      boolean alnum = c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
      quote = first && !alnum || c <= '#' || s.charAt(s.length() - 1) <= ' ';
      for (int i = 0; i < s.length() && !quote; i++) {
        char x = s.charAt(i);
        quote = x == delimiter || x == '"' || x == '\n' || x == '\r';
      }
    }
    return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  /** Splits one delimited line, honouring double-quoted fields with doubled quotes inside. */
  static List<String> split(String line, char delimiter) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(c);
        }
      } else if (c == '"' && cur.length() == 0) {
        quoted = true;
        wasQuoted = true;
      } else if (c == delimiter) {
        out.add(cur.length() == 0 && !wasQuoted ? null : cur.toString());
        cur.setLength(0);
        wasQuoted = false;
      } else {
        cur.append(c);
      }
    }
    out.add(cur.length() == 0 && !wasQuoted ? null : cur.toString());
    return out;
  }
}
