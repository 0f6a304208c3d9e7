package io.streamsql.cluster.connectors.files;

/**
 * What a value's container writes before the value: a struct its field name (and, for a repeated
 * field, the array's opening bracket), a list element or map value the fact that it is present.
 */
@FunctionalInterface
interface JsonSlot {
  JsonSlot NONE = () -> {};

  void beginValue();
}
