package io.streamsql.cluster.connectors.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.persistence.connector.FileTableCatalogEntity.Part;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartCounterTest {
  private static FileLoadRequest request(boolean autoPartition, int partitionSizeMb) {
    return new FileLoadRequest("t", FileType.CSV, null, null, null, null, autoPartition, partitionSizeMb, "upload");
  }

  @Test
  void aFileUpToOneGigabyteIsOnePart() {
    FileLoadRequest req = request(true, 250);
    assertEquals(Long.MAX_VALUE, req.partBytes(FileLoadRequest.PARTITION_THRESHOLD_BYTES));
    PartCounter parts = new PartCounter(req.partBytes(1000), req);
    parts.chunk(600, 6);
    parts.chunk(400, 3);
    assertEquals(List.of(new Part(1, 1000, 9)), parts.parts());
  }

  @Test
  void aFileOverOneGigabyteIsSplitIntoPartsOfWholeChunks() {
    FileLoadRequest req = request(true, 1);
    long mib = 1_048_576L;
    assertEquals(mib, req.partBytes(FileLoadRequest.PARTITION_THRESHOLD_BYTES + 1));
    PartCounter parts = new PartCounter(mib, req);
    parts.chunk(mib / 2, 10);
    parts.chunk(mib / 2 + 5, 11);   // reaches the part size: the part closes after this chunk
    parts.chunk(mib - 1, 7);
    parts.chunk(3, 1);
    assertEquals(List.of(new Part(1, mib + 5, 21), new Part(2, mib + 2, 8)), parts.parts());
    assertEquals(2 * mib + 7, parts.totalBytes());
  }

  @Test
  void aFileOfUnknownSizeWithoutAutoPartitionStopsOnceItPassesOneGigabyte() {
    FileLoadRequest req = request(false, 250);
    PartCounter parts = new PartCounter(Long.MAX_VALUE, req);
    parts.chunk(FileLoadRequest.PARTITION_THRESHOLD_BYTES, 1);
    StreamSqlException e = assertThrows(StreamSqlException.class, () -> parts.chunk(1, 1));
    assertEquals(ErrorCode.FILE_TOO_LARGE, e.code());
    assertThrows(StreamSqlException.class, () -> req.checkSize(FileLoadRequest.PARTITION_THRESHOLD_BYTES + 1));
    req.checkSize(FileLoadRequest.PARTITION_THRESHOLD_BYTES);
  }

  @Test
  void fileTypesComeFromTheParameterOrThePathExtension() {
    assertEquals(FileType.PARQUET, FileType.of(null, "hdfs://nn:8020/data/users.PARQUET"));
    assertEquals(FileType.CSV, FileType.of("CSV", "whatever.parquet"));
    assertThrows(StreamSqlException.class, () -> FileType.of(null, "/data/users.txt"));
    assertThrows(StreamSqlException.class, () -> FileType.of("xlsx", null));
  }
}
