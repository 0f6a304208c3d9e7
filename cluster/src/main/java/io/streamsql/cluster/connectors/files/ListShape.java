package io.streamsql.cluster.connectors.files;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.util.Map;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.Type;

/**
 * Where the elements of a LIST-annotated group are. Writers have used three layouts over the
 * years; the Parquet format's backward-compatibility rules tell them apart:
 * <ul>
 *   <li>a repeated primitive is itself the element (legacy two-level list);
 *   <li>a repeated group with several fields, or named {@code array} or {@code <list>_tuple}, is
 *       itself the element, a struct (legacy two-level list of structs);
 *   <li>otherwise the repeated group wraps the element, its only field (standard three-level
 *       list, where the element may be null).
 * </ul>
 *
 * @param element the element type; when {@code wrapped} is false it is the repeated field itself
 * @param wrapped whether a repeated group sits between the list and its element
 */
record ListShape(Type element, boolean wrapped) {

  static ListShape of(GroupType list) {
    if (list.getFieldCount() != 1 || !list.getType(0).isRepetition(Type.Repetition.REPEATED)) {
      throw new StreamSqlException(
          ErrorCode.INVALID_REQUEST,
          "Parquet LIST " + list.getName() + " must hold exactly one repeated field",
          Map.of("column", list.getName()));
    }
    Type repeated = list.getType(0);
    if (repeated.isPrimitive()) {
      return new ListShape(repeated, false);
    }
    GroupType group = repeated.asGroupType();
    if (group.getFieldCount() > 1
        || group.getName().equals("array")
        || group.getName().equals(list.getName() + "_tuple")) {
      return new ListShape(repeated, false);
    }
    if (group.getType(0).isRepetition(Type.Repetition.REPEATED)) {
      // The spec has a nested list be a LIST group of its own.
      throw new StreamSqlException(
          ErrorCode.INVALID_REQUEST,
          "Parquet LIST " + list.getName() + " has a repeated element without a LIST annotation",
          Map.of("column", list.getName()));
    }
    return new ListShape(group.getType(0), true);
  }
}
