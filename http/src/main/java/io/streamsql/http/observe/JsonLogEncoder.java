package io.streamsql.http.observe;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonGenerator;
import io.streamsql.core.format.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * One JSON object per log line: {@code timestamp} (ISO-8601), {@code level}, {@code logger},
 * {@code thread}, {@code message} (formatted), every MDC entry as a top-level field (so
 * {@code request_id} is one), and {@code stack_trace} when there is an exception. Logback 1.3's own
 * JsonEncoder writes the message unformatted, its arguments apart.
 */
public final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {
  private static final byte[] NONE = new byte[0];

  @Override
  public byte[] headerBytes() {
    return NONE;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
      json.writeStringField("level", event.getLevel().toString());
      json.writeStringField("logger", event.getLoggerName());
      json.writeStringField("thread", event.getThreadName());
      json.writeStringField("message", event.getFormattedMessage());
      for (Map.Entry<String, String> e : event.getMDCPropertyMap().entrySet()) {
        if (!isReserved(e.getKey())) json.writeStringField(e.getKey(), e.getValue());
      }
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) json.writeStringField("stack_trace", ThrowableProxyUtil.asString(thrown));
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static boolean isReserved(String key) {
    return switch (key) {
      case "timestamp", "level", "logger", "thread", "message", "stack_trace" -> true;
      default -> false;
    };
  }

  @Override
  public byte[] footerBytes() {
    return NONE;
  }
}
