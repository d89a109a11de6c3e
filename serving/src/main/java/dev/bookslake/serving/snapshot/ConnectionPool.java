package dev.bookslake.serving.snapshot;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;

/**
 * A small pool of connections to one in-memory DuckDB database. A DuckDB connection is not
 * thread-safe, and Helidon runs every request on its own virtual thread, so each query borrows a
 * connection ({@code duplicate()} of the database's first one) and gives it back. Once the snapshot
 * is loaded the database is {@linkplain #lockDown locked down}: the connections that serve HTTP
 * read no file and change no setting.
 */
final class ConnectionPool implements AutoCloseable {
  private static final long BORROW_TIMEOUT_SECONDS = 30;
  private static final String SET_ALLOWED_DIRECTORIES = "SET allowed_directories = ['%s']";
  private static final String DISABLE_EXTERNAL_ACCESS = "SET enable_external_access = false";
  private static final String LOCK_CONFIGURATION = "SET lock_configuration = true";

  private final DuckDBConnection database;
  private final BlockingQueue<Connection> idle;
  private final List<Connection> all = new ArrayList<>();
  private final int max;
  private boolean closed;

  ConnectionPool(DuckDBConnection database, int max) {
    this.database = database;
    this.max = max;
    this.idle = new ArrayBlockingQueue<>(max);
  }

  /** A borrowed connection, returned to the pool by {@link Lease#close()}. */
  final class Lease implements AutoCloseable {
    private final Connection connection;

    private Lease(Connection connection) {
      this.connection = connection;
    }

    Connection connection() {
      return connection;
    }

    @Override
    public void close() {
      if (!idle.offer(connection)) {
        closeQuietly(connection);
      }
    }
  }

  /**
   * Turns off file access except to {@code writable} (the snapshot's export folder) and locks the
   * configuration, for this database and every connection duplicated from it: whatever SQL runs
   * next, it cannot read the lake, the machine's files or extensions, nor switch that back on.
   */
  void lockDown(Path writable) throws SQLException {
    // The path is the server's own scratch folder, never a request's: quoting is all it needs.
    String folder = (writable.toAbsolutePath().normalize() + "/").replace("'", "''");
    try (Statement st = database.createStatement()) {
      st.execute(String.format(SET_ALLOWED_DIRECTORIES, folder));
      st.execute(DISABLE_EXTERNAL_ACCESS);
      st.execute(LOCK_CONFIGURATION);
    }
  }

  Lease borrow() throws SQLException {
    Connection c = idle.poll();
    if (c == null) {
      c = createOrNull();
    }
    if (c == null) {
      try {
        c = idle.poll(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("Cannot borrow a DuckDB connection: interrupted", e);
      }
      if (c == null) {
        throw new SQLException("Cannot borrow a DuckDB connection: all " + max + " busy");
      }
    }
    return new Lease(c);
  }

  private synchronized Connection createOrNull() throws SQLException {
    if (closed) {
      throw new SQLException("Cannot borrow a DuckDB connection: the snapshot is closed");
    }
    if (all.size() >= max) {
      return null;
    }
    Connection c = database.duplicate();
    all.add(c);
    return c;
  }

  @Override
  public synchronized void close() {
    closed = true;
    all.forEach(ConnectionPool::closeQuietly);
    all.clear();
    idle.clear();
    closeQuietly(database);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // Closing an in-memory database cannot lose data; nothing to do.
    }
  }
}
