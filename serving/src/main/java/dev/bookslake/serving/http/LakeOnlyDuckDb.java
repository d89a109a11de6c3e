package dev.bookslake.serving.http;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Locks a DuckDB database that answers requests down to the lake: file access is turned off except
 * for the lake's folders, and the configuration is locked, so no SQL run on it behind a request can
 * read anything else. Load extensions before (a locked database refuses to load them).
 *
 * <pre>{@code
 * DuckDbExtensions.loadIceberg(db);
 * LakeOnlyDuckDb.lockDown(db, lake.root(), lake.metadataLocation(Tables.GOLD_DRIFT_REPORT).orElse(null));
 * }</pre>
 */
public final class LakeOnlyDuckDb {
  private static final String SET_ALLOWED_DIRECTORIES = "SET allowed_directories = [%s]";
  private static final String DISABLE_EXTERNAL_ACCESS = "SET enable_external_access = false";
  private static final String LOCK_CONFIGURATION = "SET lock_configuration = true";

  private LakeOnlyDuckDb() {}

  /**
   * Allows the lake root as configured, as the file system resolves it, and as the catalog names it
   * ({@code <root>/<layer>/<table>/metadata/<file>}): Iceberg's metadata holds the absolute paths
   * its writer used, which may spell the root another way (a symlink, a copied lake).
   */
  public static void lockDown(Connection db, Path lakeRoot, @Nullable String metadataLocation)
      throws SQLException {
    lockDown(db, lakeRoot, metadataLocation, 4);
  }

  /**
   * Allows one table's folder only, as configured, as resolved and as its metadata file names it.
   */
  public static void lockDownToTable(
      Connection db, Path tableFolder, @Nullable String metadataLocation) throws SQLException {
    lockDown(db, tableFolder, metadataLocation, 2);
  }

  // levelsUp: from the metadata file to the folder that corresponds to `allowed`.
  private static void lockDown(
      Connection db, Path allowed, @Nullable String metadataLocation, int levelsUp)
      throws SQLException {
    Set<String> roots = new TreeSet<>();
    Path root = allowed.toAbsolutePath().normalize();
    roots.add(literal(root + "/"));
    try {
      roots.add(literal(root.toRealPath() + "/"));
    } catch (IOException e) {
      // Not there yet: the configured spelling is all there is to allow.
    }
    if (metadataLocation != null) {
      Path written = Path.of(metadataLocation.replaceFirst("^file:(//)?", "")).normalize();
      for (int up = 0; up < levelsUp && written != null; up++) {
        written = written.getParent();
      }
      if (written != null) {
        roots.add(literal(written + "/"));
      }
    }
    try (Statement st = db.createStatement()) {
      st.execute(String.format(SET_ALLOWED_DIRECTORIES, String.join(", ", roots)));
      st.execute(DISABLE_EXTERNAL_ACCESS);
      st.execute(LOCK_CONFIGURATION);
    }
  }

  // The lake root is the server's configuration, never a request's: quoting is all it needs.
  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
