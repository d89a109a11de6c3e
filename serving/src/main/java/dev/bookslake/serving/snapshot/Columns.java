package dev.bookslake.serving.snapshot;

import dev.bookslake.serving.http.JsonOut;
import java.sql.Array;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The columns of a DuckDB result and how each maps to JSON, decided once per result from its
 * metadata: decimals stay exact JSON numbers, dates and times become ISO strings, lists arrays and
 * structs objects. Gold tables whose columns the pipeline may rename are served through this
 * mapping, so a new or renamed column shows up in the API without a code change.
 */
public final class Columns {
  private final String[] names;
  private final String[] types;
  private final Set<String> skip;

  private Columns(String[] names, String[] types, Set<String> skip) {
    this.names = names;
    this.types = types;
    this.skip = skip;
  }

  /** The columns of a result, leaving out {@code skip}. */
  public static Columns of(ResultSet rs, Set<String> skip) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    String[] names = new String[n];
    String[] types = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = md.getColumnName(i + 1);
      types[i] = md.getColumnTypeName(i + 1);
    }
    return new Columns(names, types, skip);
  }

  public boolean has(String name) {
    for (String n : names) {
      if (n.equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Writes the current row's members (not the braces) into an open object. */
  public void writeMembers(JsonOut out, ResultSet rs) throws SQLException {
    for (int i = 0; i < names.length; i++) {
      if (!skip.contains(names[i])) {
        out.name(names[i]).value(value(rs, i + 1, types[i]));
      }
    }
  }

  /** Writes the current row as one object. */
  public void writeObject(JsonOut out, ResultSet rs) throws SQLException {
    out.beginObject();
    writeMembers(out, rs);
    out.endObject();
  }

  /** The result's remaining rows as a JSON array of objects. */
  public byte[] arrayJson(ResultSet rs) throws SQLException {
    JsonOut out = new JsonOut(4096).beginArray();
    while (rs.next()) {
      writeObject(out, rs);
    }
    return out.endArray().toBytes();
  }

  /** The current row as a JSON object. */
  public byte[] rowJson(ResultSet rs) throws SQLException {
    JsonOut out = new JsonOut(512).beginObject();
    writeMembers(out, rs);
    return out.endObject().toBytes();
  }

  private static Object value(ResultSet rs, int column, String type) throws SQLException {
    // A list of timestamps (TIMESTAMP[]) is a java.sql.Array: plain() maps its elements.
    boolean list = type.endsWith("]");
    if (!list && (type.startsWith("TIMESTAMP WITH TIME ZONE") || type.equals("TIMESTAMPTZ"))) {
      OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
      return t == null ? null : t.toInstant().toString();
    }
    if (!list && type.startsWith("TIMESTAMP")) {
      LocalDateTime t = rs.getObject(column, LocalDateTime.class);
      return t == null ? null : t.toString();
    }
    return plain(rs.getObject(column));
  }

  /** Turns JDBC and DuckDB objects (arrays, structs, blobs, timestamps) into plain Java values. */
  static Object plain(Object v) throws SQLException {
    return switch (v) {
      case null -> null;
      case Array a -> {
        Object[] items = (Object[]) a.getArray();
        List<Object> list = new ArrayList<>(items.length);
        for (Object item : items) {
          list.add(plain(item));
        }
        yield list;
      }
      case Struct s -> structMap(s);
      case Map<?, ?> m -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          map.put(String.valueOf(e.getKey()), plain(e.getValue()));
        }
        yield map;
      }
      case byte[] b -> Base64.getEncoder().encodeToString(b);
      // DuckDB hands BLOB columns out as java.sql.Blob, not byte[].
      case Blob b -> Base64.getEncoder().encodeToString(b.getBytes(1, (int) b.length()));
      case Timestamp t -> t.toLocalDateTime().toString();
      case OffsetDateTime t -> t.toInstant().toString();
      case java.util.UUID u -> u.toString();
      default -> v;
    };
  }

  private static Map<String, Object> structMap(Struct s) throws SQLException {
    Map<String, Object> map = new LinkedHashMap<>();
    if (s instanceof org.duckdb.DuckDBStruct ds) {
      for (Map.Entry<String, Object> e : ds.getMap().entrySet()) {
        map.put(e.getKey(), plain(e.getValue()));
      }
      return map;
    }
    Object[] attrs = s.getAttributes();
    for (int i = 0; i < attrs.length; i++) {
      map.put("f" + i, plain(attrs[i]));
    }
    return map;
  }
}
