package io.streamsql.cluster.connectors.files;

import com.fasterxml.jackson.core.io.SerializedString;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.Type;

/**
 * A group (or the whole record) as a JSON object with every field, in schema order. Parquet's
 * record assembly calls only the fields that are present, in schema order, so the fields skipped
 * in between are null (or, for a repeated field, an empty array). A repeated field without a LIST
 * annotation is an array whose elements arrive one after another.
 */
final class StructJsonConverter extends GroupConverter {
  private final JsonOut out;
  private final JsonSlot slot;
  private final SerializedString[] names;
  private final boolean[] repeated;
  private final Converter[] fields;
  /** The first field not written yet in the current object. */
  private int next;
  /** The repeated field whose array is open, or -1. */
  private int openArray = -1;

  StructJsonConverter(GroupType type, JsonSlot slot, JsonOut out, JsonConverters converters) {
    this.out = out;
    this.slot = slot;
    int count = type.getFieldCount();
    names = new SerializedString[count];
    repeated = new boolean[count];
    fields = new Converter[count];
    for (int i = 0; i < count; i++) {
      Type field = type.getType(i);
      names[i] = new SerializedString(field.getName());
      repeated[i] = field.isRepetition(Type.Repetition.REPEATED);
      int index = i;
      fields[i] = converters.value(field, () -> beginField(index));
    }
  }

  @Override
  public Converter getConverter(int fieldIndex) {
    return fields[fieldIndex];
  }

  @Override
  public void start() {
    slot.beginValue();
    out.startObject();
    next = 0;
    openArray = -1;
  }

  @Override
  public void end() {
    closeArray();
    skipTo(names.length);
    out.endObject();
  }

  private void beginField(int index) {
    if (openArray == index) {
      return; // the next element of the open repeated field
    }
    closeArray();
    skipTo(index);
    out.field(names[index]);
    if (repeated[index]) {
      out.startArray();
      openArray = index;
    }
    next = index + 1;
  }

  private void closeArray() {
    if (openArray >= 0) {
      out.endArray();
      openArray = -1;
    }
  }

  private void skipTo(int index) {
    for (; next < index; next++) {
      out.field(names[next]);
      if (repeated[next]) {
        out.startArray();
        out.endArray();
      } else {
        out.nullValue();
      }
    }
  }
}
