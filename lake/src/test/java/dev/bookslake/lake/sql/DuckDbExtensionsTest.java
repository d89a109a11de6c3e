package dev.bookslake.lake.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.lake.LakeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Needs the extensions provisioned ({@code scripts/duckdb-extensions.sh}, which {@code make} runs);
 * the build passes their folder as {@code -Dbookslake.duckdb.extensions}.
 */
class DuckDbExtensionsTest {
  private static final String LOADED_EXTENSIONS =
      "SELECT extension_name, install_path FROM duckdb_extensions()"
          + " WHERE extension_name IN ('avro', 'iceberg') AND loaded ORDER BY extension_name";
  private static final String ICEBERG_TABLE_FUNCTIONS =
      "SELECT DISTINCT function_name FROM duckdb_functions()"
          + " WHERE function_type = 'table' AND function_name IN ('iceberg_scan', 'iceberg_snapshots')"
          + " ORDER BY function_name";

  @TempDir Path tmp;
  private String savedProperty;

  @BeforeEach
  void saveProperty() {
    savedProperty = System.getProperty(DuckDbExtensions.PROPERTY);
  }

  @AfterEach
  void restoreProperty() {
    if (savedProperty == null) {
      System.clearProperty(DuckDbExtensions.PROPERTY);
    } else {
      System.setProperty(DuckDbExtensions.PROPERTY, savedProperty);
    }
  }

  private static List<String> column(Connection duck, String sql, int index) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = duck.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getString(index));
      }
    }
    return out;
  }

  @Test
  void loadsIcebergAndAvroFromTheProvisionedFolder() throws SQLException {
    Path directory = DuckDbExtensions.directory();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      DuckDbExtensions.loadIceberg(duck);

      assertThat(column(duck, LOADED_EXTENSIONS, 1))
          .as("extensions loaded in a fresh in-memory database")
          .containsExactly("avro", "iceberg");
      assertThat(column(duck, LOADED_EXTENSIONS, 2))
          .as("loaded from the extensions folder")
          .allMatch(path -> Path.of(path).startsWith(directory));
      assertThat(column(duck, ICEBERG_TABLE_FUNCTIONS, 1))
          .as("the iceberg table functions DuckDB now knows")
          .containsExactly("iceberg_scan", "iceberg_snapshots");
    }
  }

  @Test
  void loadingTwiceIsHarmless() throws SQLException {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      DuckDbExtensions.loadIceberg(duck);
      DuckDbExtensions.loadIceberg(duck);
      assertThat(column(duck, LOADED_EXTENSIONS, 1)).containsExactly("avro", "iceberg");
    }
  }

  @Test
  void aFolderWithoutTheExtensionsNamesTheScriptAndTheFolder() throws Exception {
    // Below a regular file: nothing can be installed there either, online or not.
    Path bogus = Files.createFile(tmp.resolve("not-a-folder")).resolve("extensions");
    System.setProperty(DuckDbExtensions.PROPERTY, bogus.toString());
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      assertThatThrownBy(() -> DuckDbExtensions.loadIceberg(duck))
          .isInstanceOf(LakeException.class)
          .hasMessage(
              "Cannot load DuckDB extension iceberg: run scripts/duckdb-extensions.sh (looked in "
                  + bogus
                  + ")");
    }
  }

  @Test
  void theFolderIsThePropertyThenTheEnvironmentThenTheHomeThenTheNearestBuildFolder()
      throws Exception {
    Path project = Files.createDirectories(tmp.resolve("project/build/duckdb-extensions"));
    Path work = Files.createDirectories(tmp.resolve("project/cli/target")).toAbsolutePath();
    Map<String, String> property = Map.of(DuckDbExtensions.PROPERTY, "/from/property");
    Map<String, String> env =
        Map.of(DuckDbExtensions.ENVIRONMENT, "/from/env", "BOOKSLAKE_HOME", "/home/bookslake");
    Map<String, String> home = Map.of("BOOKSLAKE_HOME", "/home/bookslake");
    Map<String, String> none = Map.of();

    assertThat(DuckDbExtensions.directory(property::get, env::get, work))
        .isEqualTo(Path.of("/from/property"));
    assertThat(DuckDbExtensions.directory(none::get, env::get, work))
        .isEqualTo(Path.of("/from/env"));
    assertThat(DuckDbExtensions.directory(none::get, home::get, work))
        .isEqualTo(Path.of("/home/bookslake/build/duckdb-extensions"));
    assertThat(DuckDbExtensions.directory(none::get, none::get, work))
        .as("found from a module's folder up")
        .isEqualTo(project.toAbsolutePath());
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere")).toAbsolutePath();
    assertThat(DuckDbExtensions.directory(none::get, none::get, elsewhere))
        .as("none found: the working directory's, for the message")
        .isEqualTo(elsewhere.resolve("build/duckdb-extensions"));
  }

  @Test
  void recordedFilesLoadWithoutTheSignatureCheckUntilOneChanges() throws Exception {
    Path directory = copyOfTheExtensions(tmp.resolve("extensions"));
    Path record = tmp.resolve("build/duckdb-extensions.verified");

    assertThat(unsignedAllowed(directory, record))
        .as("no record yet: signatures checked")
        .isFalse();
    assertThat(Files.readAllLines(record))
        .as("the checked files, recorded")
        .hasSize(2)
        .allMatch(line -> line.contains(directory.toString()));
    assertThat(unsignedAllowed(directory, record))
        .as("files as recorded: loaded without the check")
        .isTrue();

    // The same bytes as a new file: another inode and change time, so checked again.
    Path avro = extension(directory, "avro");
    replace(avro, Files.readAllBytes(avro));
    assertThat(unsignedAllowed(directory, record)).as("a file rewritten since").isFalse();
    assertThat(unsignedAllowed(directory, record)).as("checked and recorded again").isTrue();

    Path elsewhere = copyOfTheExtensions(tmp.resolve("elsewhere"));
    assertThat(unsignedAllowed(elsewhere, record))
        .as("a folder the record does not name")
        .isFalse();
  }

  @Test
  void aFileChangedSinceItWasRecordedIsCheckedAndRefused() throws Exception {
    Path directory = copyOfTheExtensions(tmp.resolve("extensions"));
    Path record = tmp.resolve("duckdb-extensions.verified");
    unsignedAllowed(directory, record);
    Path iceberg = extension(directory, "iceberg");
    byte[] bytes = Files.readAllBytes(iceberg);
    bytes[bytes.length / 2] ^= 1;
    replace(iceberg, bytes);

    assertThatThrownBy(() -> DuckDbExtensions.connect(directory, record).close())
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith("Cannot load DuckDB extension iceberg");
  }

  private static boolean unsignedAllowed(Path directory, Path record) throws SQLException {
    try (Connection duck = DuckDbExtensions.connect(directory, record)) {
      assertThat(column(duck, LOADED_EXTENSIONS, 1)).containsExactly("avro", "iceberg");
      assertThat(column(duck, LOADED_EXTENSIONS, 2))
          .allMatch(path -> Path.of(path).startsWith(directory));
      return Boolean.parseBoolean(
          column(duck, "SELECT current_setting('allow_unsigned_extensions')", 1).getFirst());
    }
  }

  // The provisioned files in their v<version>/<platform> layout, as copies of their own.
  private static Path copyOfTheExtensions(Path target) throws IOException {
    Path source = DuckDbExtensions.directory();
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".duckdb_extension")).toList()) {
        Path copy = target.resolve(source.relativize(file));
        Files.createDirectories(copy.getParent());
        Files.copy(file, copy);
      }
    }
    return target.toAbsolutePath();
  }

  // As scripts/duckdb-extensions.sh does, by a rename: this JVM has the file mapped since its
  // load, and rewriting a loaded library in place crashes the process.
  private static void replace(Path file, byte[] bytes) throws IOException {
    Path next = Files.write(file.resolveSibling(file.getFileName() + ".tmp"), bytes);
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static Path extension(Path directory, String name) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files
          .filter(f -> f.getFileName().toString().equals(name + ".duckdb_extension"))
          .findFirst()
          .orElseThrow();
    }
  }
}
