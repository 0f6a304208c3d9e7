package io.streamsql.cluster.connectors.files;

import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;

/** A MAP-annotated group as a JSON object: each key as text, each value as JSON (null when absent). */
final class MapJsonConverter extends GroupConverter {
  private final JsonOut out;
  private final JsonSlot slot;
  private final EntryConverter entry;

  MapJsonConverter(MapShape shape, JsonSlot slot, JsonOut out, JsonConverters converters) {
    this.out = out;
    this.slot = slot;
    this.entry = new EntryConverter(shape, out, converters);
  }

  @Override
  public Converter getConverter(int fieldIndex) {
    return entry;
  }

  @Override
  public void start() {
    slot.beginValue();
    out.startObject();
  }

  @Override
  public void end() {
    out.endObject();
  }

  /** The repeated key/value group: the key arrives first (it is required), then the value if present. */
  private static final class EntryConverter extends GroupConverter {
    private final JsonOut out;
    private final Converter key;
    private final Converter value;
    private boolean valuePresent;

    EntryConverter(MapShape shape, JsonOut out, JsonConverters converters) {
      this.out = out;
      this.key = converters.key(shape.key());
      this.value = shape.value() == null ? null : converters.value(shape.value(), () -> valuePresent = true);
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return fieldIndex == 0 ? key : value;
    }

    @Override
    public void start() {
      valuePresent = false;
    }

    @Override
    public void end() {
      if (!valuePresent) {
        out.nullValue();
      }
    }
  }
}
