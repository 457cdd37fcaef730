package dev.krt.knowledge;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads krt's JSON datasets into plain maps and lists with Jackson's streaming parser: the datasets
 * are read on every {@code krt check}, and the data-binding layer would double its start-up.
 */
final class JsonResource {
  private JsonResource() {}

  private static final JsonFactory FACTORY = new JsonFactory();

  static Map<String, Object> read(Class<?> anchor, String name) {
    try (InputStream in = anchor.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      try (JsonParser p = FACTORY.createParser(in)) {
        p.nextToken();
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) value(p);
        return m;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A dataset date (YYYY-MM-DD); a bad one is a broken dataset. */
  static java.time.LocalDate date(String s) {
    try {
      return java.time.LocalDate.parse(s);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalStateException("bad date '" + s + "'");
    }
  }

  private static Object value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String k = p.currentName();
          p.nextToken();
          m.put(k, value(p));
        }
        return m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(value(p));
        }
        return l;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT -> {
        return p.getLongValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        return p.getDoubleValue();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new IOException("unexpected JSON token " + t);
    }
  }
}
