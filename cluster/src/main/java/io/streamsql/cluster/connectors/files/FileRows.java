package io.streamsql.cluster.connectors.files;

import io.streamsql.cluster.streams.UploadItem;
import java.util.Map;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/** The rows of one file, read once, and the columns they turned out to have. */
interface FileRows {
  /** The rows as upload items (bad input ends them with a failure item), counted into parts. */
  Source<UploadItem, NotUsed> items(PartCounter parts);

  /** Column name → SQL type, in file order; complete once {@link #items} has completed. */
  Map<String, String> columns();
}
