package dev.bookslake.cli.internal;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Points SQLite's JDBC driver (the lake's Iceberg catalog) at its native library beside the cli
 * jar, where the build unpacks it ({@code target/sqlite-native/}, cli/pom.xml).
 *
 * <p>Why: from inside the jar, the driver copies the library to a new temporary file on every start
 * and runs {@code uname -o} to tell Android from Linux, ~60 ms of a one-off {@code ./bookslake
 * query} (docs/benchmarks.md). Given {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name} it
 * loads the file in place; one it cannot load (a musl system, another architecture) makes it fall
 * back to its own copy from the jar, so a wrong guess costs nothing but the time saved.
 *
 * <pre>
 * SqliteNative.useBeside(Path.of("cli/target/bookslake-cli-0.1.0-SNAPSHOT-all.jar"));
 * </pre>
 */
public final class SqliteNative {
  /** The folder beside the jar that holds {@code org/sqlite/native/<OS>/<arch>/}. */
  public static final String FOLDER = "sqlite-native";

  static final String PATH_PROPERTY = "org.sqlite.lib.path";
  static final String NAME_PROPERTY = "org.sqlite.lib.name";

  private SqliteNative() {}

  /** {@link #useBeside(Path)} for the jar (or classes folder) that holds this class. */
  public static void useBesideThisJar() {
    CodeSource source = SqliteNative.class.getProtectionDomain().getCodeSource();
    if (source == null) {
      return;
    }
    try {
      useBeside(Path.of(source.getLocation().toURI()));
    } catch (URISyntaxException | IllegalArgumentException notAFile) {
      // Not loaded from a file (a custom class loader): the driver's own copy it is.
    }
  }

  /**
   * Sets the driver's library properties to this platform's library beside {@code jar}, when it is
   * there and the user set neither property.
   */
  public static void useBeside(Path jar) {
    if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) {
      return;
    }
    Path parent = jar.toAbsolutePath().getParent();
    if (parent == null) {
      return;
    }
    library(parent.resolve(FOLDER), System.getProperty("os.name"), System.getProperty("os.arch"))
        .ifPresent(
            file -> {
              System.setProperty(PATH_PROPERTY, String.valueOf(file.getParent()));
              System.setProperty(NAME_PROPERTY, file.getFileName().toString());
            });
  }

  /**
   * The library file for an OS and architecture (as Java names them) under {@code root}, laid out
   * as in the driver's jar ({@code org/sqlite/native/Linux/x86_64/libsqlitejdbc.so}); empty when
   * the platform is not one the build unpacks or the file is missing.
   */
  static Optional<Path> library(Path root, @Nullable String osName, @Nullable String osArch) {
    String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
    String arch =
        switch (osArch == null ? "" : osArch.toLowerCase(Locale.ROOT)) {
          case "amd64", "x86_64" -> "x86_64";
          case "aarch64", "arm64" -> "aarch64";
          default -> "";
        };
    String folder;
    String file;
    if (os.startsWith("linux")) {
      folder = "Linux";
      file = "libsqlitejdbc.so";
    } else if (os.startsWith("mac")) {
      folder = "Mac";
      file = "libsqlitejdbc.dylib";
    } else if (os.startsWith("windows")) {
      folder = "Windows";
      file = "sqlitejdbc.dll";
    } else {
      return Optional.empty();
    }
    if (arch.isEmpty()) {
      return Optional.empty();
    }
    Path library = root.resolve("org/sqlite/native").resolve(folder).resolve(arch).resolve(file);
    return Files.isRegularFile(library) ? Optional.of(library) : Optional.empty();
  }
}
