package io.streamsql.core.sql.fn;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** ksqlDB's URL functions. A string that is not a URL gives null. */
public final class UrlFunctions {
  private UrlFunctions() {}

  private static URI uri(String s) {
    if (s == null) return null;
    try {
      return new URI(s);
    } catch (Exception e) {
      return null;
    }
  }

  @Udf(name = "URL_DECODE_PARAM", description = "The URL-decoded string.")
  public static String decodeParam(String s) {
    return s == null ? null : URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  @Udf(name = "URL_ENCODE_PARAM", description = "The URL-encoded string.")
  public static String encodeParam(String s) {
    return s == null ? null : URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Udf(name = "URL_EXTRACT_FRAGMENT", description = "The fragment of a URL.")
  public static String fragment(String s) {
    URI u = uri(s);
    return u == null ? null : u.getFragment();
  }

  @Udf(name = "URL_EXTRACT_HOST", description = "The host of a URL.")
  public static String host(String s) {
    URI u = uri(s);
    return u == null ? null : u.getHost();
  }

  @Udf(name = "URL_EXTRACT_PATH", description = "The path of a URL.")
  public static String path(String s) {
    URI u = uri(s);
    return u == null ? null : u.getPath();
  }

  @Udf(name = "URL_EXTRACT_PORT", description = "The port of a URL.")
  public static Integer port(String s) {
    URI u = uri(s);
    return u == null || u.getPort() < 0 ? null : u.getPort();
  }

  @Udf(name = "URL_EXTRACT_PROTOCOL", description = "The protocol (scheme) of a URL.")
  public static String protocol(String s) {
    URI u = uri(s);
    return u == null ? null : u.getScheme();
  }

  @Udf(name = "URL_EXTRACT_QUERY", description = "The query string of a URL.")
  public static String query(String s) {
    URI u = uri(s);
    return u == null ? null : u.getQuery();
  }

  @Udf(name = "URL_EXTRACT_PARAMETER", description = "The decoded value of a query parameter of a URL.")
  public static String parameter(String s, String name) {
    URI u = uri(s);
    if (u == null || name == null || u.getRawQuery() == null) return null;
    for (String pair : u.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      if (URLDecoder.decode(k, StandardCharsets.UTF_8).equals(name)) {
        return eq < 0 ? null : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
