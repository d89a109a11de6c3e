package dev.bookslake.serving.snapshot;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.LakeException;
import dev.bookslake.lake.ReadSelection;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.TableId;
import dev.bookslake.lake.TableRead;
import dev.bookslake.lake.Tables;
import dev.bookslake.lake.sql.DuckDbExtensions;
import dev.bookslake.serving.http.LakeOnlyDuckDb;
import dev.bookslake.serving.problem.ProblemException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;

/**
 * A book's price/stock history as {@code silver.book_history} held it at another state than the one
 * the server loaded: the partition published for a date ({@code as_of}), or the table as it was
 * committed at an instant or Iceberg snapshot (time travel). The lake resolves the state ({@link
 * Lake#select}); DuckDB's iceberg extension reads that one book's rows from it.
 *
 * <pre>{@code
 * try (HistoryTravel travel = new HistoryTravel(Lake.open("lake/warehouse"))) {
 *   HistoryTravel.Rows then =
 *       travel.rows("a897fe39b1053632", new ReadSelection(null, Instant.parse("2026-01-02T06:00:00Z"), null));
 *   // then.items() is the JSON array /books/{id}/history serves; then.dt(), then.snapshotId() say which state
 * }
 * }</pre>
 *
 * <p>The rows of one book in one (snapshot, dt) never change, so they are kept in a small bounded
 * cache; a lookup by snapshot id skips the lake too. Every request reads on its own DuckDB
 * connection, a {@code duplicate()} of one database that loaded the extension once and is locked
 * down to reading the lake.
 */
public final class HistoryTravel implements AutoCloseable {
  /** The table travelled in. */
  public static final TableId TABLE = Tables.SILVER_BOOK_HISTORY;

  // The metadata file, snapshot and partition come from the lake's catalog, the upc from the loaded
  // gold snapshot; all are bound. dt is a DATE, as SnapshotLoader loads it.
  private static final String SELECT_ROWS =
      "SELECT * REPLACE (CAST(dt AS DATE) AS dt)"
          + " FROM iceberg_scan(?, snapshot_from_id => ?) WHERE dt = ? AND upc = ?"
          + " ORDER BY valid_from";

  /** How many (book, snapshot, dt) answers and snapshot resolutions are kept. */
  static final int CACHE_ENTRIES = 512;

  private final Lake lake;
  private final Lru<RowsKey, byte[]> rows = new Lru<>(CACHE_ENTRIES);
  private final Lru<Resolution, State> bySnapshot = new Lru<>(CACHE_ENTRIES);
  private @Nullable DuckDBConnection database;
  private boolean closed;

  public HistoryTravel(Lake lake) {
    this.lake = lake;
  }

  /**
   * One book's history at a state of the table.
   *
   * @param dt the partition read
   * @param snapshotId the Iceberg snapshot of {@code silver.book_history} read
   * @param items the rows as the JSON array of {@code /books/{id}/history}, oldest first; {@code
   *     []} when the book had none then
   */
  public record Rows(LocalDate dt, long snapshotId, byte[] items) {}

  /**
   * The state a selection resolves to: the Iceberg snapshot, the partition in it, and a metadata
   * file naming that snapshot (null when not known yet).
   */
  record State(long snapshotId, LocalDate dt, @Nullable String metadataLocation) {}

  private record RowsKey(String upc, long snapshotId, LocalDate dt) {}

  private record Resolution(long snapshotId, @Nullable LocalDate asOf) {}

  /**
   * The rows of {@code upc} in the state {@code selection} names.
   *
   * @throws ProblemException 404 when the state does not exist: an unknown snapshot id, an instant
   *     before the table's first commit, or no partition on or before {@code asOf}
   */
  public Rows rows(String upc, ReadSelection selection) {
    State state = resolve(selection);
    RowsKey key = new RowsKey(upc, state.snapshotId(), state.dt());
    byte[] items = rows.get(key);
    if (items == null) {
      items = read(upc, state);
      rows.put(key, items);
    }
    return new Rows(state.dt(), state.snapshotId(), items);
  }

  /** The snapshot and partition {@code selection} names in the lake, or 404. */
  State resolve(ReadSelection selection) {
    Long snapshotId = selection.snapshotId();
    if (snapshotId == null) {
      return lookUp(selection);
    }
    // A snapshot never changes: what it held on or before a date is resolved once. Its metadata
    // file is not kept: a later commit may remove that file, never the snapshot.
    Resolution key = new Resolution(snapshotId, selection.asOf());
    State known = bySnapshot.get(key);
    if (known == null) {
      known = lookUp(selection);
      bySnapshot.put(key, new State(known.snapshotId(), known.dt(), null));
    }
    return known;
  }

  private State lookUp(ReadSelection selection) {
    Long requested = selection.snapshotId();
    Optional<TableRead> read;
    try {
      read = lake.select(TABLE, selection);
    } catch (LakeException e) {
      // The lake refuses a snapshot id its table does not have; anything else is a failure.
      if (requested != null
          && lake.history(TABLE).stream().noneMatch(c -> c.snapshotId() == requested)) {
        throw unknownSnapshot(requested);
      }
      throw e;
    }
    Long snapshotId = read.map(TableRead::snapshotId).orElse(null);
    if (snapshotId == null && requested != null) {
      throw unknownSnapshot(requested);
    }
    if (snapshotId == null) {
      throw noState(selection, selection.at() != null ? "at" : "as_of", "had no commit yet");
    }
    Optional<Snapshot> partition = read.get().partition();
    if (partition.isEmpty()) {
      if (selection.asOf() != null) {
        throw noState(selection, "as_of", "held no partition on or before " + selection.asOf());
      }
      throw noState(selection, selection.at() != null ? "at" : "snapshot", "held no partition yet");
    }
    return new State(snapshotId, partition.get().dt(), read.get().metadataLocation());
  }

  private static ProblemException unknownSnapshot(long id) {
    return ProblemException.notFoundFor(
        "snapshot", id, "Cannot find snapshot of " + TABLE + ": " + id);
  }

  private static ProblemException noState(ReadSelection selection, String field, String why) {
    StringBuilder where = new StringBuilder();
    if (selection.at() != null) {
      where.append(" at ").append(selection.at());
    }
    if (selection.snapshotId() != null) {
      where.append(" in snapshot ").append(selection.snapshotId());
    }
    if (selection.asOf() != null) {
      where.append(" as of ").append(selection.asOf());
    }
    Object value =
        switch (field) {
          case "at" -> selection.at();
          case "snapshot" -> selection.snapshotId();
          default -> selection.asOf();
        };
    return ProblemException.notFoundFor(
        field, String.valueOf(value), "Cannot find history" + where + ": " + TABLE + " " + why);
  }

  private byte[] read(String upc, State state) {
    String metadata = state.metadataLocation();
    if (metadata == null) {
      // The table's current metadata file names every snapshot not expired yet.
      metadata =
          lake.metadataLocation(TABLE)
              .orElseThrow(() -> new LakeException("Cannot find lake table: " + TABLE));
    }
    try (Connection c = connection(metadata);
        PreparedStatement ps = c.prepareStatement(SELECT_ROWS)) {
      ps.setString(1, metadata);
      ps.setLong(2, state.snapshotId());
      ps.setString(3, state.dt().toString());
      ps.setString(4, upc);
      try (ResultSet rs = ps.executeQuery()) {
        return Columns.of(rs, SnapshotLoader.HISTORY_HIDDEN).arrayJson(rs);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot read history of "
              + upc
              + " in snapshot "
              + state.snapshotId()
              + " dt="
              + state.dt()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  // A connection of its own for the calling request: DuckDB connections are not thread-safe.
  private synchronized Connection connection(String metadataLocation) throws SQLException {
    if (closed) {
      throw new SQLException("Cannot read history: the server is stopping");
    }
    if (database == null) {
      DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
      try {
        DuckDbExtensions.loadIceberg(db);
        LakeOnlyDuckDb.lockDown(db, lake.root(), metadataLocation);
      } catch (SQLException | RuntimeException e) {
        db.close();
        throw e;
      }
      database = db;
    }
    return database.duplicate();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (database != null) {
      try {
        database.close();
      } catch (SQLException ignored) {
        // An in-memory database holds nothing to lose.
      }
      database = null;
    }
  }

  /** A small least-recently-used map, safe for concurrent requests. */
  private static final class Lru<K, V> {
    private final Map<K, V> map;

    Lru(int max) {
      this.map =
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
              return size() > max;
            }
          };
    }

    synchronized @Nullable V get(K key) {
      return map.get(key);
    }

    synchronized void put(K key, V value) {
      map.put(key, value);
    }
  }
}
