package io.streamsql.core.error;

/**
 * A short excerpt of user input for an error message. Messages quote input to say what was
 * wrong, but must never echo a whole row or body back (it may be megabytes, or private).
 */
public final class Excerpt {
  /** At most this many characters of input appear in any error message. */
  public static final int MAX_CHARS = 100;

  private Excerpt() {}

  /** The text itself if short, otherwise its first {@link #MAX_CHARS} characters and "…". */
  public static String of(String text) {
    return of(text, MAX_CHARS);
  }

  /**
   * A parser's message about input, which may itself quote the input: its first line, cut to
   * {@code maxChars}.
   */
  public static String ofMessage(String message, int maxChars) {
    if (message == null) return "";
    return of(message.lines().findFirst().orElse(""), maxChars);
  }

  private static String of(String text, int maxChars) {
    if (text == null) return "null";
    if (text.length() <= maxChars) return text;
    int end = maxChars;
    if (Character.isHighSurrogate(text.charAt(end - 1))) end--;
    return text.substring(0, end) + "…";
  }
}
