package dev.bookslake.lake.sql;

import dev.bookslake.lake.LakeException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
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

  private static final Path DEFAULT = Path.of("build", "duckdb-extensions");
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
    Path directory = directory();
    try (PreparedStatement set = connection.prepareStatement(SET_EXTENSION_DIRECTORY)) {
      set.setString(1, directory.toString());
      set.execute();
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
