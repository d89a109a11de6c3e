package dev.bookslake.lake.sql;

import dev.bookslake.lake.LakeException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Loads DuckDB's {@code iceberg} extension (and {@code avro}, which it needs loaded first) into a
 * DuckDB connection from the folder {@code scripts/duckdb-extensions.sh} provisions offline, in
 * DuckDB's {@code extension_directory} layout ({@code
 * <dir>/v1.4.4/linux_amd64/iceberg.duckdb_extension}). Where the files are missing it falls back to
 * {@code INSTALL} from DuckDB's repository, which works online.
 *
 * <p>The folder is the first of: the system property {@code bookslake.duckdb.extensions}, the
 * environment variable {@code BOOKSLAKE_DUCKDB_EXTENSIONS}, {@code
 * $BOOKSLAKE_HOME/build/duckdb-extensions}, and the nearest {@code build/duckdb-extensions} from
 * the working directory up.
 *
 * <p>DuckDB checks an extension's signature on every load, which hashes the whole file: 79 MB for
 * the two, ~250 ms of CPU, most of a one-off {@code ./bookslake query}'s start. {@link
 * #connect(Path, Path)} keeps a record of the files it saw DuckDB check (the launcher's: {@code
 * build/duckdb-extensions.verified}, named by {@code BOOKSLAKE_DUCKDB_VERIFIED}) and loads files
 * unchanged since without checking them again.
 *
 * <pre>{@code
 * // after scripts/duckdb-extensions.sh
 * try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
 *   DuckDbExtensions.loadIceberg(duck);
 *   // SELECT count(*) FROM iceberg_scan('<table>/metadata/<latest>.metadata.json')
 * }
 * }</pre>
 */
public final class DuckDbExtensions {
  /** The system property naming the extensions folder. */
  public static final String PROPERTY = "bookslake.duckdb.extensions";

  /** The environment variable naming the extensions folder (the launcher sets it). */
  public static final String ENVIRONMENT = "BOOKSLAKE_DUCKDB_EXTENSIONS";

  /** The system property naming the record of checked extension files. */
  public static final String VERIFIED_PROPERTY = "bookslake.duckdb.verified";

  /** The environment variable naming the record of checked extension files (the launcher's). */
  public static final String VERIFIED_ENVIRONMENT = "BOOKSLAKE_DUCKDB_VERIFIED";

  private static final Path DEFAULT = Path.of("build", "duckdb-extensions");
  private static final String IN_MEMORY = "jdbc:duckdb:";
  private static final String SET_EXTENSION_DIRECTORY = "SET extension_directory = ?";
  // avro first: loading iceberg without it makes DuckDB try to download avro.
  private static final List<String> LOAD = List.of("LOAD avro", "LOAD iceberg");
  private static final List<String> INSTALL = List.of("INSTALL avro", "INSTALL iceberg");

  private DuckDbExtensions() {}

  /**
   * Loads {@code avro} and {@code iceberg} into the connection's database, installing them from
   * DuckDB's repository when the provisioned folder lacks them. Call it before locking the database
   * down: with {@code enable_external_access = false} DuckDB refuses to load extensions.
   *
   * @throws LakeException when neither the folder nor DuckDB's repository has them
   */
  public static void loadIceberg(Connection connection) {
    loadIceberg(connection, directory());
  }

  private static void loadIceberg(Connection connection, Path directory) {
    try {
      setDirectory(connection, directory);
    } catch (SQLException e) {
      throw notLoaded(directory, e);
    }
    try {
      execute(connection, LOAD);
    } catch (SQLException notProvisioned) {
      try {
        execute(connection, INSTALL);
        execute(connection, LOAD);
      } catch (SQLException offline) {
        offline.addSuppressed(notProvisioned);
        throw notLoaded(directory, offline);
      }
    }
  }

  /**
   * An in-memory DuckDB connection with {@code avro} and {@code iceberg} loaded from {@link
   * #directory()}, using the record named by {@link #VERIFIED_PROPERTY} or {@link
   * #VERIFIED_ENVIRONMENT}, if any ({@link #connect(Path, Path)}).
   */
  public static Connection connect() throws SQLException {
    @Nullable String record = System.getProperty(VERIFIED_PROPERTY);
    if (isBlank(record)) {
      record = System.getenv(VERIFIED_ENVIRONMENT);
    }
    return connect(directory(), isBlank(record) ? null : Path.of(record));
  }

  /**
   * An in-memory DuckDB connection with {@code avro} and {@code iceberg} loaded from {@code
   * directory}. When {@code record} lists the files there as DuckDB checked them, and they are
   * unchanged since (device, inode, size, modification and change time), the connection loads them
   * without checking their signatures again; otherwise it loads them as {@link #loadIceberg} does,
   * signatures checked, and records what it loaded. The record must live where only those who may
   * change the code can write (see {@code docs/operations.md}).
   *
   * <p>A connection that skipped the check was opened with {@code allow_unsigned_extensions}, for
   * its whole life: SQL run on it may {@code LOAD} other unsigned extensions, so only a process
   * that runs its own user's SQL (the {@code query} command) should ask for it.
   *
   * <pre>{@code
   * try (Connection duck = DuckDbExtensions.connect(
   *     Path.of("build/duckdb-extensions"), Path.of("build/duckdb-extensions.verified"))) {
   *   // SELECT count(*) FROM iceberg_scan('<table>/metadata/<latest>.metadata.json')
   * }
   * }</pre>
   *
   * @param record the record of checked files; null to always check signatures
   * @throws LakeException when the extensions cannot be loaded
   */
  public static Connection connect(Path directory, @Nullable Path record) throws SQLException {
    if (record != null) {
      Optional<Connection> unchecked = connectUnchecked(directory, record);
      if (unchecked.isPresent()) {
        return unchecked.get();
      }
    }
    Connection duck = DriverManager.getConnection(IN_MEMORY);
    try {
      loadIceberg(duck, directory);
      if (record != null) {
        CheckedExtensions.write(duck, record);
      }
      return duck;
    } catch (IOException unwritable) {
      // The record only saves time; a read-only build folder costs the check on every start.
      return duck;
    } catch (SQLException | RuntimeException e) {
      duck.close();
      throw e;
    }
  }

  // LOAD only: INSTALL without signatures would run whatever the repository sent.
  private static Optional<Connection> connectUnchecked(Path directory, Path record)
      throws SQLException {
    Optional<Map<String, CheckedExtensions.CheckedFile>> files =
        CheckedExtensions.read(record, directory);
    if (files.isEmpty()) {
      return Optional.empty();
    }
    Properties unsigned = new Properties();
    unsigned.setProperty("allow_unsigned_extensions", "true");
    Connection duck = DriverManager.getConnection(IN_MEMORY, unsigned);
    try {
      setDirectory(duck, directory);
      execute(duck, LOAD);
      if (CheckedExtensions.stillLoaded(duck, files.get())) {
        return Optional.of(duck);
      }
    } catch (SQLException changed) {
      // Falls back to the checked load below, which reports what is wrong.
    }
    duck.close();
    return Optional.empty();
  }

  /** The extensions folder this process uses (see the class comment for the order). */
  public static Path directory() {
    return directory(System::getProperty, System::getenv, Path.of(""));
  }

  static Path directory(
      Function<String, @Nullable String> property,
      Function<String, @Nullable String> env,
      Path workDir) {
    @Nullable String configured = property.apply(PROPERTY);
    if (isBlank(configured)) {
      configured = env.apply(ENVIRONMENT);
    }
    if (!isBlank(configured)) {
      return Path.of(configured).toAbsolutePath();
    }
    String home = env.apply("BOOKSLAKE_HOME");
    if (!isBlank(home)) {
      return Path.of(home).resolve(DEFAULT).toAbsolutePath();
    }
    Path start = workDir.toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (dir.resolve(DEFAULT).toFile().isDirectory()) {
        return dir.resolve(DEFAULT);
      }
    }
    return start.resolve(DEFAULT);
  }

  private static void setDirectory(Connection connection, Path directory) throws SQLException {
    try (PreparedStatement set = connection.prepareStatement(SET_EXTENSION_DIRECTORY)) {
      set.setString(1, directory.toString());
      set.execute();
    }
  }

  // One statement per command: DuckDB's JDBC driver closes a statement whose command failed.
  private static void execute(Connection connection, List<String> commands) throws SQLException {
    for (String sql : commands) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
    }
  }

  private static LakeException notLoaded(Path directory, SQLException cause) {
    return new LakeException(
        "Cannot load DuckDB extension iceberg: run scripts/duckdb-extensions.sh (looked in "
            + directory
            + ")",
        cause);
  }

  private static boolean isBlank(@Nullable String value) {
    return value == null || value.isBlank();
  }
}
