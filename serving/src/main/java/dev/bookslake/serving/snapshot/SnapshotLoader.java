package dev.bookslake.serving.snapshot;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.ReadSelection;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.TableId;
import dev.bookslake.lake.TableRead;
import dev.bookslake.lake.Tables;
import dev.bookslake.lake.sql.DuckDbExtensions;
import dev.bookslake.serving.http.JsonOut;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.duckdb.DuckDBConnection;

/**
 * Builds a {@link GoldSnapshot} from the lake: resolves each table's Iceberg snapshot and
 * partition, reads them with DuckDB's iceberg extension into an in-memory database, and precomputes
 * the JSON and indexes the routes serve.
 */
final class SnapshotLoader {
  /** The tables of a gold snapshot, by DuckDB table name. Books is required, the rest optional. */
  static final Map<String, TableId> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put(GoldSnapshot.BOOKS, Tables.GOLD_BOOKS);
    TABLES.put(GoldSnapshot.CATEGORY_STATS, Tables.GOLD_CATEGORY_STATS);
    TABLES.put(GoldSnapshot.OVERVIEW, Tables.GOLD_OVERVIEW);
    TABLES.put(GoldSnapshot.FEATURES, Tables.GOLD_FEATURES);
    TABLES.put(GoldSnapshot.TRAINING_DATA, Tables.GOLD_TRAINING_DATA);
    TABLES.put(GoldSnapshot.SIMILAR_BOOKS, Tables.GOLD_SIMILAR_BOOKS);
    TABLES.put(GoldSnapshot.BOOK_SENTIMENT, Tables.GOLD_BOOK_SENTIMENT);
    TABLES.put(GoldSnapshot.BOOK_HISTORY, Tables.SILVER_BOOK_HISTORY);
  }

  // Table names come from TABLES above, never from a request; the table's Iceberg metadata file,
  // snapshot and partition are bound as parameters. dt stays a DATE, as analysts' views show it.
  private static final String CREATE_TABLE =
      "CREATE TABLE %s AS SELECT * REPLACE (CAST(dt AS DATE) AS dt)"
          + " FROM iceberg_scan(?, snapshot_from_id => ?) WHERE dt = ?";
  private static final String COUNT_ROWS = "SELECT count(*) FROM %s";
  private static final String SELECT_BOOKS = "SELECT * FROM books ORDER BY site_id";
  private static final String SELECT_HISTORY =
      "SELECT * FROM book_history ORDER BY upc, valid_from";
  private static final String SELECT_SIMILAR = "SELECT * FROM similar_books ORDER BY upc, rank";
  private static final String SELECT_CATEGORY_STATS = "SELECT * FROM category_stats ORDER BY ALL";
  private static final String SELECT_OVERVIEW = "SELECT * FROM overview LIMIT 1";
  private static final int POOL_SIZE = 4;

  /**
   * The version of the JSON built from a snapshot, part of its tag and so of every ETag: when a
   * release changes that JSON (v2 added a book's price and availability), a client's ETag of the
   * old body no longer matches, and it gets the new one instead of a 304.
   */
  static final String REPRESENTATION = "json-v2;";

  /** A book's price as the site shows it: {@code price_incl_tax}. */
  static final String PRICE = "price";

  /**
   * The columns of {@code silver.book_history} a history item leaves out: the book and the
   * partition, which the response's envelope names once.
   */
  static final Set<String> HISTORY_HIDDEN = Set.of("upc", "dt");

  private SnapshotLoader() {}

  /** The current pointers, or empty while {@code gold.books} has no committed snapshot. */
  static Optional<Fingerprint> fingerprint(Lake lake) {
    Optional<Snapshot> books = lake.current(TABLES.get(GoldSnapshot.BOOKS));
    if (books.isEmpty() || books.get().files().isEmpty()) {
      return Optional.empty();
    }
    Map<String, Snapshot> snapshots = new LinkedHashMap<>();
    StringBuilder key = new StringBuilder();
    // One catalog connection for the other tables, as of the books' dt.
    Map<TableId, TableRead> reads =
        lake.selectAll(TABLES.values(), ReadSelection.asOf(books.get().dt()), Map.of());
    TABLES.forEach(
        (name, table) -> {
          Optional<Snapshot> s =
              name.equals(GoldSnapshot.BOOKS)
                  ? books
                  : Optional.ofNullable(reads.get(table)).flatMap(TableRead::partition);
          if (s.isPresent() && !s.get().files().isEmpty()) {
            snapshots.put(name, s.get());
            key.append(table)
                .append('=')
                .append(s.get().dt())
                .append('/')
                .append(s.get().version())
                .append(';');
          }
        });
    return Optional.of(new Fingerprint(books.get().dt(), snapshots, key.toString()));
  }

  static GoldSnapshot load(Fingerprint fingerprint, Path scratch) throws SQLException {
    DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    DuckDbExtensions.loadIceberg(db);
    ConnectionPool pool = new ConnectionPool(db, POOL_SIZE);
    try {
      Map<String, TableVersion> versions = new LinkedHashMap<>();
      for (Map.Entry<String, Snapshot> e : fingerprint.snapshots().entrySet()) {
        Snapshot s = e.getValue();
        long rows = createTable(db, e.getKey(), s);
        versions.put(
            e.getKey(),
            new TableVersion(
                s.table().toString(), s.dt(), s.version(), s.snapshotId(), rows, s.committedAt()));
      }
      String tag = tag(fingerprint.key());
      return new GoldSnapshot(
          fingerprint.dt(),
          tag,
          versions,
          new Catalog(readBooks(db)),
          versions.containsKey(GoldSnapshot.BOOK_HISTORY) ? readHistory(db) : Map.of(),
          versions.containsKey(GoldSnapshot.SIMILAR_BOOKS) ? readSimilar(db) : Map.of(),
          versions.containsKey(GoldSnapshot.OVERVIEW) ? readOverview(db) : null,
          versions.containsKey(GoldSnapshot.CATEGORY_STATS)
              ? readRowsArray(db, SELECT_CATEGORY_STATS)
              : null,
          pool,
          scratch.resolve(tag + "-" + UUID.randomUUID().toString().substring(0, 8)));
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private static long createTable(DuckDBConnection db, String name, Snapshot snapshot)
      throws SQLException {
    try (PreparedStatement create = db.prepareStatement(String.format(CREATE_TABLE, name))) {
      create.setString(1, snapshot.metadataLocation());
      create.setLong(2, snapshot.snapshotId());
      create.setString(3, snapshot.dt().toString());
      create.execute();
    }
    try (Statement count = db.createStatement();
        ResultSet rs = count.executeQuery(String.format(COUNT_ROWS, name))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<Book> readBooks(DuckDBConnection db) throws SQLException {
    List<Book> books = new ArrayList<>();
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(SELECT_BOOKS)) {
      Columns columns = Columns.of(rs, Set.of());
      while (rs.next()) {
        books.add(toBook(rs, columns));
      }
    }
    return books;
  }

  private static Book toBook(ResultSet rs, Columns columns) throws SQLException {
    int siteId = rs.getInt("site_id");
    JsonOut json = new JsonOut(2048).beginObject();
    json.name("id").value(siteId);
    columns.writeMembers(json, rs);
    // The simple names the original API's clients read, after the precise columns (see api.md).
    boolean inStock = rs.getBoolean("in_stock");
    int stockCount = rs.getInt("stock_count");
    json.name(PRICE).value(rs.getBigDecimal("price_incl_tax"));
    json.name(Availability.FIELD).value(Availability.text(inStock, stockCount));
    String title = rs.getString("title");
    return new Book(
        siteId,
        rs.getString("upc"),
        title,
        title.toLowerCase(Locale.ROOT),
        rs.getString("category"),
        rs.getBigDecimal("price_incl_tax"),
        rs.getInt("rating"),
        rs.getInt("review_count"),
        stockCount,
        inStock,
        String.valueOf(rs.getObject("dt")),
        json.endObject().toBytes());
  }

  private static Map<String, byte[]> readHistory(DuckDBConnection db) throws SQLException {
    Map<String, byte[]> history = new HashMap<>();
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(SELECT_HISTORY)) {
      Columns columns = Columns.of(rs, HISTORY_HIDDEN);
      String upc = null;
      JsonOut out = null;
      while (rs.next()) {
        String rowUpc = rs.getString("upc");
        if (!rowUpc.equals(upc)) {
          if (out != null) {
            history.put(upc, out.endArray().toBytes());
          }
          upc = rowUpc;
          out = new JsonOut(512).beginArray();
        }
        columns.writeObject(out, rs);
      }
      if (out != null) {
        history.put(upc, out.endArray().toBytes());
      }
    }
    return history;
  }

  private static Map<String, List<Neighbour>> readSimilar(DuckDBConnection db) throws SQLException {
    Map<String, List<Neighbour>> similar = new HashMap<>();
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(SELECT_SIMILAR)) {
      boolean hasSiteId = Columns.of(rs, Set.of()).has("neighbour_site_id");
      while (rs.next()) {
        Integer siteId =
            hasSiteId ? (Integer) rs.getObject("neighbour_site_id", Integer.class) : null;
        similar
            .computeIfAbsent(rs.getString("upc"), k -> new ArrayList<>())
            .add(
                new Neighbour(
                    rs.getInt("rank"),
                    rs.getDouble("score"),
                    rs.getString("neighbour_upc"),
                    siteId));
      }
    }
    similar.replaceAll((k, v) -> List.copyOf(v));
    return similar;
  }

  private static byte[] readOverview(DuckDBConnection db) throws SQLException {
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(SELECT_OVERVIEW)) {
      Columns columns = Columns.of(rs, Set.of());
      return rs.next() ? columns.rowJson(rs) : null;
    }
  }

  private static byte[] readRowsArray(DuckDBConnection db, String sql) throws SQLException {
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return Columns.of(rs, Set.of()).arrayJson(rs);
    }
  }

  private static String tag(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((REPRESENTATION + key).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot hash with SHA-256", e);
    }
  }
}
