package dev.bookslake.serving.snapshot;

import dev.bookslake.lake.DurableFiles;
import dev.bookslake.serving.http.RefCount;
import dev.bookslake.serving.problem.ProblemException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One gold snapshot held in memory: every gold table plus {@code silver.book_history} loaded into
 * an in-memory DuckDB database and the Java indexes the hot routes read (the responses built from
 * it live in the server's byte-bounded response cache). It never changes; a new lake snapshot makes
 * a new {@code GoldSnapshot}.
 *
 * <p>Its database is locked down once loaded ({@code enable_external_access=false} except for its
 * export folder, {@code lock_configuration=true}).
 *
 * <p>Requests {@link #retain()} it for their whole life and {@link #release()} it at the end; the
 * store releases its own reference when it switches to a newer one, and the last release closes the
 * database.
 */
public final class GoldSnapshot {
  /** DuckDB table names of the snapshot. */
  public static final String BOOKS = "books";

  public static final String CATEGORY_STATS = "category_stats";
  public static final String OVERVIEW = "overview";
  public static final String FEATURES = "features";
  public static final String TRAINING_DATA = "training_data";
  public static final String SIMILAR_BOOKS = "similar_books";
  public static final String BOOK_SENTIMENT = "book_sentiment";
  public static final String BOOK_HISTORY = "book_history";

  private final LocalDate dt;
  private final String tag;
  private final Map<String, TableVersion> tables;
  private final Instant loadedAt;
  private final Catalog catalog;
  private final Map<String, byte[]> history;
  private final Map<String, List<Neighbour>> similar;
  private final byte[] overview;
  private final byte[] categoryStats;
  private final ConnectionPool pool;
  private final Path exportDir;
  private final Map<String, Path> exports = new ConcurrentHashMap<>();
  private final RefCount refs = new RefCount(this::closeAll);

  GoldSnapshot(
      LocalDate dt,
      String tag,
      Map<String, TableVersion> tables,
      Catalog catalog,
      Map<String, byte[]> history,
      Map<String, List<Neighbour>> similar,
      byte[] overview,
      byte[] categoryStats,
      ConnectionPool pool,
      Path exportDir) {
    this.dt = dt;
    this.tag = tag;
    this.tables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tables));
    this.loadedAt = Instant.now();
    this.catalog = catalog;
    this.history = history;
    this.similar = similar;
    this.overview = overview;
    this.categoryStats = categoryStats;
    this.pool = pool;
    this.exportDir = exportDir;
    try {
      // Everything is loaded by now: from here on, SQL serves requests only.
      pool.lockDown(exportDir);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot lock down the DuckDB database of snapshot " + dt + ": " + e.getMessage(), e);
    }
  }

  /** The logical date of the snapshot: the dt of {@code gold.books}. */
  public LocalDate dt() {
    return dt;
  }

  /** A short hash of every table version, the base of every ETag. */
  public String tag() {
    return tag;
  }

  /** The table versions loaded, by DuckDB table name. */
  public Map<String, TableVersion> tables() {
    return tables;
  }

  /**
   * When the {@code gold.books} partition in force was committed: how fresh the served gold is,
   * whatever its dt (a re-run of the same dt refreshes it).
   */
  public Instant committedAt() {
    return tables.get(BOOKS).committedAt();
  }

  public Instant loadedAt() {
    return loadedAt;
  }

  public boolean has(String table) {
    return tables.containsKey(table);
  }

  /** Throws 503 when a table is not part of this snapshot (the pipeline has not published it). */
  public void require(String table) {
    if (!has(table)) {
      throw ProblemException.unavailable(
          "Cannot serve table "
              + table
              + ": the lake has no committed version of it on or before "
              + dt);
    }
  }

  public Catalog catalog() {
    return catalog;
  }

  /** The price/stock history rows of a book as a JSON array, empty when it has none. */
  public byte[] history(String upc) {
    return history.getOrDefault(upc, EMPTY_ARRAY);
  }

  /** The neighbours of a book, best first. */
  public List<Neighbour> neighbours(String upc) {
    return similar.getOrDefault(upc, List.of());
  }

  /** The overview row as a JSON object, if the table has one. */
  public Optional<byte[]> overview() {
    return Optional.ofNullable(overview);
  }

  /** The category statistics rows as a JSON array, if the table was published. */
  public Optional<byte[]> categoryStats() {
    return Optional.ofNullable(categoryStats);
  }

  /** A query against the snapshot's DuckDB database on a pooled connection. */
  public <T> T query(SqlFunction<T> work) {
    try (ConnectionPool.Lease lease = pool.borrow()) {
      return work.apply(lease.connection());
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot query the gold snapshot " + dt + ": " + e.getMessage(), e);
    }
  }

  /** A JDBC step that may fail. */
  @FunctionalInterface
  public interface SqlFunction<T> {
    T apply(Connection connection) throws SQLException;
  }

  /** A file written into a path. */
  @FunctionalInterface
  public interface FileWriter {
    void write(Connection connection, Path target) throws SQLException;
  }

  /**
   * A file exported from the snapshot (e.g. training data as Parquet), written once into the
   * snapshot's scratch folder and deleted with the snapshot.
   */
  public Path exportFile(String name, FileWriter writer) {
    return exports.computeIfAbsent(
        name,
        n -> {
          Path target = exportDir.resolve(n);
          try {
            Files.createDirectories(exportDir);
            Files.deleteIfExists(target);
          } catch (IOException e) {
            throw new UncheckedIOException("Cannot create export folder: " + exportDir, e);
          }
          return query(
              c -> {
                writer.write(c, target);
                return target;
              });
        });
  }

  /** Takes a reference for a request; false once the snapshot is closing. */
  public boolean retain() {
    return refs.retain();
  }

  /** Gives a reference back; the last one closes the database and deletes exported files. */
  public void release() {
    refs.release();
  }

  /** Whether every reference was released and the database closed. */
  public boolean isClosed() {
    return refs.isReleased();
  }

  private void closeAll() {
    pool.close();
    deleteExports();
  }

  private void deleteExports() {
    try {
      DurableFiles.deleteTree(exportDir);
    } catch (IOException e) {
      // A leftover scratch file is harmless; the next start uses a new folder.
    }
  }

  private static final byte[] EMPTY_ARRAY = {'[', ']'};

  @Override
  public String toString() {
    return "GoldSnapshot[dt=" + dt + ", tag=" + tag + "]";
  }
}
