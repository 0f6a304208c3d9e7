package io.streamsql.cluster.connectors.files;

import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;

/** A LIST-annotated group as a JSON array, in any of the layouts {@link ListShape} tells apart. */
final class ListJsonConverter extends GroupConverter {
  private final JsonOut out;
  private final JsonSlot slot;
  private final Converter repeated;

  ListJsonConverter(ListShape shape, JsonSlot slot, JsonOut out, JsonConverters converters) {
    this.out = out;
    this.slot = slot;
    this.repeated =
        shape.wrapped()
            ? new ElementConverter(shape, out, converters)
            : converters.value(shape.element(), JsonSlot.NONE);
  }

  @Override
  public Converter getConverter(int fieldIndex) {
    return repeated;
  }

  @Override
  public void start() {
    slot.beginValue();
    out.startArray();
  }

  @Override
  public void end() {
    out.endArray();
  }

  /** The repeated group of a three-level list: one per element, which is null when absent. */
  private static final class ElementConverter extends GroupConverter {
    private final JsonOut out;
    private final Converter element;
    private boolean present;

    ElementConverter(ListShape shape, JsonOut out, JsonConverters converters) {
      this.out = out;
      this.element = converters.value(shape.element(), () -> present = true);
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return element;
    }

    @Override
    public void start() {
      present = false;
    }

    @Override
    public void end() {
      if (!present) {
        out.nullValue();
      }
    }
  }
}
