package io.streamsql.core.format;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.streamsql.core.error.Excerpt;

/** The shared, thread-safe JSON mapper of StreamSQL. */
public final class Json {
  /**
   * Parse errors quote at most {@link Excerpt#MAX_CHARS} characters of the input (Jackson's
   * default is 256 of a token and 500 of the content), since their messages reach clients.
   */
  public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .errorReportConfiguration(ErrorReportConfiguration.builder()
              .maxErrorTokenLength(Excerpt.MAX_CHARS)
              .maxRawContentLength(Excerpt.MAX_CHARS)
              .build())
          .build())
      .build();

  private Json() {}
}
