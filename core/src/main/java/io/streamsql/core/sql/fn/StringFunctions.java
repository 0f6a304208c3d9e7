package io.streamsql.core.sql.fn;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ksqlDB's string functions. */
public final class StringFunctions {
  private StringFunctions() {}

  @Udf(name = "LCASE", description = "The string in lower case.")
  public static String lcase(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  @Udf(name = "UCASE", description = "The string in upper case.")
  public static String ucase(String s) {
    return s == null ? null : s.toUpperCase(Locale.ROOT);
  }

  @Udf(name = "TRIM", description = "The string without leading and trailing whitespace.")
  public static String trim(String s) {
    return s == null ? null : s.trim();
  }

  @Udf(name = "LTRIM", description = "The string without leading whitespace.")
  public static String ltrim(String s) {
    return s == null ? null : s.replaceAll("^\\s+", "");
  }

  @Udf(name = "RTRIM", description = "The string without trailing whitespace.")
  public static String rtrim(String s) {
    return s == null ? null : s.replaceAll("\\s+$", "");
  }

  @Udf(name = "LEN", description = "The number of characters in the string.")
  public static Integer len(String s) {
    return s == null ? null : s.length();
  }

  @Udf(name = "CONCAT", description = "The strings joined; null arguments are skipped.")
  public static String concat(String... parts) {
    StringBuilder sb = new StringBuilder();
    for (String p : parts) if (p != null) sb.append(p);
    return sb.toString();
  }

  @Udf(name = "CONCAT_WS", description = "The strings joined with a separator; null arguments are skipped.")
  public static String concatWs(String separator, String... parts) {
    if (parts.length == 0) throw new IllegalArgumentException("Function Concat_WS expects at least two input arguments.");
    if (separator == null) return null;
    StringBuilder sb = new StringBuilder();
    for (String p : parts) {
      if (p == null) continue;
      if (sb.length() > 0) sb.append(separator);
      sb.append(p);
    }
    return sb.toString();
  }

  @Udf(name = "SUBSTRING", description = "The characters from a 1-based position (negative counts from the end).")
  public static String substring(String s, Integer pos) {
    if (s == null || pos == null) return null;
    return s.substring(start(s.length(), pos));
  }

  @Udf(name = "SUBSTRING", description = "Up to length characters from a 1-based position (negative counts from the end).")
  public static String substring(String s, Integer pos, Integer length) {
    if (s == null || pos == null || length == null) return null;
    int start = start(s.length(), pos);
    int end = Math.max(Math.min(start + length, s.length()), start);
    return s.substring(start, end);
  }

  private static int start(int length, int pos) {
    return pos < 0 ? Math.max(length + pos, 0) : Math.max(Math.min(pos - 1, length), 0);
  }

  @Udf(name = "INSTR", description = "The 1-based position of the substring, 0 when absent.")
  public static Integer instr(String s, String sub) {
    return instr(s, sub, 1, 1);
  }

  @Udf(name = "INSTR", description = "The 1-based position of the substring searching from a position, 0 when absent.")
  public static Integer instr(String s, String sub, Integer position) {
    return instr(s, sub, position, 1);
  }

  @Udf(name = "INSTR", description = "The 1-based position of the nth occurrence of the substring from a position, 0 when absent.")
  public static Integer instr(String s, String sub, Integer position, Integer occurrence) {
    if (s == null || sub == null || position == null || occurrence == null) return null;
    if (position > 0) {
      int from = position - 1;
      for (int n = 0; n < occurrence; n++) {
        int i = s.indexOf(sub, from);
        if (i < 0) return 0;
        if (n == occurrence - 1) return i + 1;
        from = i + 1;
      }
      return 0;
    }
    int from = s.length() + position;
    for (int n = 0; n < occurrence; n++) {
      int i = s.lastIndexOf(sub, from);
      if (i < 0) return 0;
      if (n == occurrence - 1) return i + 1;
      from = i - 1;
    }
    return 0;
  }

  @Udf(name = "REPLACE", description = "The string with every occurrence of a substring replaced.")
  public static String replace(String s, String target, String replacement) {
    if (s == null || target == null || replacement == null) return null;
    return s.replace(target, replacement);
  }

  @Udf(name = "LPAD", description = "The string left-padded to a length with a padding string.")
  public static String lpad(String s, Integer length, String padding) {
    if (s == null || length == null || padding == null || padding.isEmpty() || length < 0) return null;
    if (s.length() >= length) return s.substring(0, length);
    StringBuilder sb = new StringBuilder();
    while (sb.length() < length - s.length()) sb.append(padding);
    sb.setLength(length - s.length());
    return sb + s;
  }

  @Udf(name = "RPAD", description = "The string right-padded to a length with a padding string.")
  public static String rpad(String s, Integer length, String padding) {
    if (s == null || length == null || padding == null || padding.isEmpty() || length < 0) return null;
    if (s.length() >= length) return s.substring(0, length);
    StringBuilder sb = new StringBuilder(s);
    while (sb.length() < length) sb.append(padding);
    sb.setLength(length);
    return sb.toString();
  }

  @Udf(name = "SPLIT", description = "The parts of the string between occurrences of a delimiter.", returns = "ARRAY<STRING>")
  public static List<String> split(String s, String delimiter) {
    if (s == null || delimiter == null) return null;
    List<String> out = new ArrayList<>();
    if (delimiter.isEmpty()) {
      if (s.isEmpty()) return new ArrayList<>(List.of(""));
      for (char c : s.toCharArray()) out.add(String.valueOf(c));
      return out;
    }
    int from = 0;
    while (true) {
      int i = s.indexOf(delimiter, from);
      if (i < 0) break;
      out.add(s.substring(from, i));
      from = i + delimiter.length();
    }
    out.add(s.substring(from));
    return out;
  }

  @Udf(name = "INITCAP", description = "The string with the first letter of each word in upper case and the rest in lower case.")
  public static String initcap(String s) {
    if (s == null) return null;
    StringBuilder sb = new StringBuilder(s.length());
    boolean start = true;
    // ksqlDB capitalizes the words it finds, so whitespace before the first word is dropped.
    for (char c : s.stripLeading().toCharArray()) {
      sb.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
      start = Character.isWhitespace(c);
    }
    return sb.toString();
  }

  @Udf(name = "REGEXP_EXTRACT", description = "The first match of a regular expression in the string.")
  public static String regexpExtract(String pattern, String s) {
    return regexpExtract(pattern, s, 0);
  }

  @Udf(name = "REGEXP_EXTRACT", description = "A capturing group of the first match of a regular expression.")
  public static String regexpExtract(String pattern, String s, Integer group) {
    if (pattern == null || s == null || group == null) return null;
    Matcher m = Pattern.compile(pattern).matcher(s);
    return m.find() && group <= m.groupCount() ? m.group(group) : null;
  }

  @Udf(name = "REGEXP_EXTRACT_ALL", description = "Every match of a regular expression.", returns = "ARRAY<STRING>")
  public static List<String> regexpExtractAll(String pattern, String s) {
    return regexpExtractAll(pattern, s, 0);
  }

  @Udf(name = "REGEXP_EXTRACT_ALL", description = "A capturing group of every match of a regular expression.", returns = "ARRAY<STRING>")
  public static List<String> regexpExtractAll(String pattern, String s, Integer group) {
    if (pattern == null || s == null || group == null) return null;
    Matcher m = Pattern.compile(pattern).matcher(s);
    List<String> out = new ArrayList<>();
    while (m.find()) out.add(group <= m.groupCount() ? m.group(group) : null);
    return out;
  }

  @Udf(name = "REGEXP_REPLACE", description = "The string with every match of a regular expression replaced.")
  public static String regexpReplace(String s, String pattern, String replacement) {
    if (s == null || pattern == null || replacement == null) return null;
    return s.replaceAll(pattern, replacement);
  }

  @Udf(name = "REGEXP_SPLIT_TO_ARRAY", description = "The parts of the string between matches of a regular expression.", returns = "ARRAY<STRING>")
  public static List<String> regexpSplit(String s, String pattern) {
    if (s == null || pattern == null) return null;
    Pattern p = Pattern.compile(pattern);
    // A pattern that matches the empty string splits between characters, without a trailing empty part.
    if (p.matcher("").matches()) return new ArrayList<>(List.of(p.split(s)));
    return new ArrayList<>(List.of(p.split(s, -1)));
  }

  @Udf(name = "ELT", description = "The nth (1-based) of the strings, null when out of range.")
  public static String elt(Integer n, String... values) {
    if (n == null || n < 1 || n > values.length) return null;
    return values[n - 1];
  }

  @Udf(name = "FIELD", description = "The 1-based position of the string among the others, 0 when absent.")
  public static Integer field(String s, String... values) {
    if (s == null) return 0;
    for (int i = 0; i < values.length; i++) if (s.equals(values[i])) return i + 1;
    return 0;
  }

  @Udf(name = "CHR", description = "The character of a Unicode code point.")
  public static String chr(Integer codePoint) {
    return codePoint == null || !Character.isValidCodePoint(codePoint) ? null : new String(Character.toChars(codePoint));
  }

  private static final Pattern UTF16_ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");

  @Udf(name = "CHR", description = "The character of a UTF-16 escape such as '\\u004b'; null when the text is not one.")
  public static String chr(String utf16Escape) {
    if (utf16Escape == null || utf16Escape.length() < 6 || !utf16Escape.startsWith("\\u")) return null;
    Matcher m = UTF16_ESCAPE.matcher(utf16Escape);
    StringBuilder out = new StringBuilder();
    while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
    m.appendTail(out);
    return out.toString();
  }

  @Udf(name = "ENCODE", description = "The string converted between two different encodings: hex, utf8, ascii, base64. "
      + "Hex may be written 0x… or X'…'.")
  public static String encode(String s, String inputEncoding, String outputEncoding) {
    if (s == null || inputEncoding == null || outputEncoding == null) return null;
    String in = inputEncoding.toLowerCase(Locale.ROOT);
    String out = outputEncoding.toLowerCase(Locale.ROOT);
    if (in.equals(out) || !ENCODINGS.contains(in) || !ENCODINGS.contains(out)) {
      throw new IllegalArgumentException("Supported input and output encodings are: hex, utf8, ascii and base64");
    }
    byte[] bytes = switch (in) {
      case "hex" -> HexFormat.of().parseHex(hexDigits(s));
      case "utf8" -> s.getBytes(StandardCharsets.UTF_8);
      case "ascii" -> s.getBytes(StandardCharsets.US_ASCII);
      default -> lenientBase64(s);
    };
    return switch (out) {
      case "hex" -> HexFormat.of().formatHex(bytes);
      case "utf8" -> new String(bytes, StandardCharsets.UTF_8);
      case "ascii" -> new String(bytes, StandardCharsets.US_ASCII);
      default -> Base64.getEncoder().encodeToString(bytes);
    };
  }

  private static final List<String> ENCODINGS = List.of("hex", "utf8", "ascii", "base64");

  /** The hex digits of 0x… (an odd count gets a leading 0) or X'…' literals, or the text itself. */
  private static String hexDigits(String hex) {
    if (hex.startsWith("0x")) return hex.length() % 2 != 0 ? "0" + hex.substring(2) : hex.substring(2);
    if (hex.length() >= 3 && (hex.charAt(0) == 'x' || hex.charAt(0) == 'X') && hex.charAt(1) == '\'' && hex.endsWith("'")) {
      return hex.substring(2, hex.length() - 1);
    }
    return hex;
  }

  /** Base64 read as ksqlDB reads it: standard or URL-safe alphabet, padding optional, other characters skipped. */
  private static byte[] lenientBase64(String s) {
    StringBuilder alphabet = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c == '-') alphabet.append('+');
      else if (c == '_') alphabet.append('/');
      else if (Character.isLetterOrDigit(c) && c < 128 || c == '+' || c == '/') alphabet.append(c);
      else if (c == '=') break;
    }
    // A lone trailing character carries fewer than 8 bits: it holds no byte.
    if (alphabet.length() % 4 == 1) alphabet.setLength(alphabet.length() - 1);
    return Base64.getDecoder().decode(alphabet.toString());
  }


  @Udf(name = "MD5", description = "The hex-encoded MD5 hash of the string's UTF-8 bytes.")
  public static String md5(String s) {
    if (s == null) return null;
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }

  @Udf(name = "UUID", description = "A new random (version 4) UUID string.")
  public static String uuid() {
    return UUID.randomUUID().toString();
  }

  @Udf(name = "UUID", description = "The UUID string of 16 bytes; null for any other length.")
  public static String uuid(ByteBuffer bytes) {
    if (bytes == null || bytes.remaining() != 16) return null;
    ByteBuffer b = bytes.duplicate();
    return new UUID(b.getLong(), b.getLong()).toString();
  }

  @Udf(name = "SPLIT_TO_MAP", description = "A map from a string of entries: split on the entry delimiter, each entry "
      + "split on the key-value delimiter; entries without it are dropped, later keys win.", returns = "MAP<STRING,STRING>")
  public static Map<String, String> splitToMap(String s, String entryDelimiter, String keyValueDelimiter) {
    if (s == null || entryDelimiter == null || keyValueDelimiter == null) return null;
    if (entryDelimiter.isEmpty() || keyValueDelimiter.isEmpty() || entryDelimiter.equals(keyValueDelimiter)) return null;
    // A default-sized hash map, as ksqlDB collects into, for its entry order.
    Map<String, String> out = new HashMap<>();
    for (String entry : split(s, entryDelimiter)) {
      int at = entry.indexOf(keyValueDelimiter);
      if (entry.isEmpty() || at < 0) continue;
      String rest = entry.substring(at + keyValueDelimiter.length());
      // Like ksqlDB, a value ends at a second key-value delimiter.
      int end = rest.indexOf(keyValueDelimiter);
      out.put(entry.substring(0, at), end < 0 ? rest : rest.substring(0, end));
    }
    return out;
  }
}
