package io.streamsql.core.pipeline.ingress;

import io.streamsql.core.format.CsvTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the body of an ingress request, as its chunks arrive, into changes to the table. Chunks
 * may split the body anywhere, even inside a token or a UTF-8 character; changes come out as soon
 * as their record is complete. Memory stays bounded: only the record in progress is kept, and a
 * record over {@code maxRecordBytes} is an error. After an error the decoder is spent.
 *
 * <p>Not thread-safe: one decoder per request, fed by one stream stage.
 */
public final class ChangeDecoder {
  private final JsonValueReader json;
  private final JsonUpdates updates;
  private final CsvTokenizer csv;
  private final CsvFields csvFields;
  private boolean done;

  public ChangeDecoder(IngressFormat format, List<ColumnSpec> columns, int maxRecordBytes) {
    if (maxRecordBytes <= 0) throw new IllegalArgumentException("maxRecordBytes must be positive: " + maxRecordBytes);
    if (format.kind() == IngressFormat.Kind.JSON) {
      this.updates = new JsonUpdates(format.update());
      this.json = new JsonValueReader(format.array(), maxRecordBytes);
      this.csv = null;
      this.csvFields = null;
    } else {
      this.csvFields = new CsvFields(columns);
      // Strict UTF-8: Feldera refuses a CSV field that is not valid UTF-8.
      this.csv = new CsvTokenizer(maxRecordBytes, true, new CsvIngressErrors());
      this.json = null;
      this.updates = null;
    }
  }

  /** Decodes the next chunk of the body; returns the changes of the records it completed. */
  public List<Change> feed(byte[] chunk) {
    List<Change> out = new ArrayList<>();
    run(out, () -> {
      if (json != null) json.feed(chunk, (record, value) -> updates.decode(record, value, out));
      else csv.feed(chunk, (record, line, fields) -> out.add(Change.insert(record, csvFields.toRow(record, line, fields))));
    });
    return out;
  }

  /** Ends the body: returns the changes of the last record, or fails if it is truncated. */
  public List<Change> finish() {
    List<Change> out = new ArrayList<>();
    run(out, () -> {
      if (json != null) json.finish((record, value) -> updates.decode(record, value, out));
      else csv.finish((record, line, fields) -> out.add(Change.insert(record, csvFields.toRow(record, line, fields))));
    });
    done = true;
    return out;
  }

  /** The parsers cannot resume after bad input or the end, so either spends the decoder. */
  private void run(List<Change> decoded, Runnable step) {
    if (done) throw new IllegalStateException("the decoder has finished or failed");
    try {
      step.run();
    } catch (IngressFormatException e) {
      done = true;
      // The records before the bad one are valid: the caller may still ingest them.
      throw e.withDecodedBefore(decoded);
    } catch (RuntimeException e) {
      done = true;
      throw e;
    }
  }
}
