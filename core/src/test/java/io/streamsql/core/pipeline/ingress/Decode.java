package io.streamsql.core.pipeline.ingress;

import io.streamsql.core.sql.SqlType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helpers: decode a body whole or in given pieces, and render changes compactly. */
final class Decode {
  static final int MAX = 1 << 20;

  private Decode() {}

  static IngressFormat json(UpdateFormat update, boolean array) {
    return new IngressFormat(IngressFormat.Kind.JSON, update, array);
  }

  static List<Change> all(IngressFormat format, String body) {
    return all(format, List.of(), body);
  }

  static List<Change> all(IngressFormat format, List<ColumnSpec> columns, String body) {
    ChangeDecoder decoder = new ChangeDecoder(format, columns, MAX);
    List<Change> out = new ArrayList<>(decoder.feed(body.getBytes(StandardCharsets.UTF_8)));
    out.addAll(decoder.finish());
    return out;
  }

  /** Feeds the body cut at the given byte offsets. */
  static List<Change> split(IngressFormat format, List<ColumnSpec> columns, byte[] body, int... cuts) {
    ChangeDecoder decoder = new ChangeDecoder(format, columns, MAX);
    List<Change> out = new ArrayList<>();
    int from = 0;
    for (int cut : cuts) {
      out.addAll(decoder.feed(Arrays.copyOfRange(body, from, cut)));
      from = cut;
    }
    out.addAll(decoder.feed(Arrays.copyOfRange(body, from, body.length)));
    out.addAll(decoder.finish());
    return out;
  }

  /** E.g. {@code 1:INSERT*2{"A":1}}. */
  static List<String> show(List<Change> changes) {
    return changes.stream().map(c -> c.record() + ":" + c.kind() + "*" + c.weight() + c.row()).toList();
  }

  static ColumnSpec col(String name, SqlType.Base base) {
    return new ColumnSpec(name, new SqlType.Primitive(base));
  }
}
