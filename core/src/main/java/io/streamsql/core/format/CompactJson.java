package io.streamsql.core.format;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Compacts JSON text that a parser has already accepted: drops the whitespace between tokens and
 * keeps every other byte as written (numbers, string escapes). Stored values must not contain
 * line breaks (NDJSON reads assemble lines from them) and should not carry indentation.
 */
final class CompactJson {
  private CompactJson() {}

  /** The bytes {@code head} followed by {@code tail[from, to)}, without whitespace outside strings. */
  static byte[] compact(byte[] head, int headLength, byte[] tail, int from, int to) {
    int firstSpace = firstSpaceOutsideStrings(head, headLength, tail, from, to);
    if (firstSpace < 0) {
      // The common case (NDJSON from programs): one copy, no scan-and-write.
      if (headLength == 0) return Arrays.copyOfRange(tail, from, to);
      byte[] out = Arrays.copyOf(head, headLength + (to - from));
      System.arraycopy(tail, from, out, headLength, to - from);
      return out;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(headLength + to - from);
    Scanner s = new Scanner();
    for (int i = 0; i < headLength; i++) s.copy(head[i], out);
    for (int i = from; i < to; i++) s.copy(tail[i], out);
    return out.toByteArray();
  }

  private static int firstSpaceOutsideStrings(byte[] head, int headLength, byte[] tail, int from, int to) {
    // Most records hold no byte <= ' ' at all: a plain loop proves that without tracking strings.
    if (!anyAtMostSpace(head, 0, headLength) && !anyAtMostSpace(tail, from, to)) return -1;
    Scanner s = new Scanner();
    for (int i = 0; i < headLength; i++) if (s.isSpace(head[i])) return i;
    for (int i = from; i < to; i++) if (s.isSpace(tail[i])) return i;
    return -1;
  }

  private static boolean anyAtMostSpace(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      // Bytes of multi-byte UTF-8 characters are negative, so never taken for whitespace.
      if (bytes[i] <= ' ' && bytes[i] >= 0) return true;
    }
    return false;
  }

  /** Tracks whether a byte is inside a string (after an opening quote, honouring escapes). */
  private static final class Scanner {
    private boolean inString;
    private boolean escaped;

    boolean isSpace(byte b) {
      if (inString) {
        if (escaped) escaped = false;
        else if (b == '\\') escaped = true;
        else if (b == '"') inString = false;
        return false;
      }
      if (b == '"') inString = true;
      return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    void copy(byte b, ByteArrayOutputStream out) {
      if (!isSpace(b)) out.write(b);
    }
  }
}
