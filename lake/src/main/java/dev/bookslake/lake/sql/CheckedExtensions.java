package dev.bookslake.lake.sql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A record of the extension files whose signatures DuckDB checked when it loaded them, each with
 * the identity the file had then: device, inode, size, modification and change time. A file
 * rewritten or replaced since has another inode or change time, and only the kernel sets a change
 * time (no {@code touch} can put an old one back), so a file that still has its recorded identity
 * holds the bytes DuckDB checked.
 *
 * <p>The record proves nothing about a folder's files to someone who can rewrite the record, so it
 * must live where writing already means running code: the launcher keeps it under {@code build/},
 * beside the AOT caches and the native libraries the JVM loads without any check.
 *
 * <p>One line per file: {@code <identity> TAB <absolute path>}.
 */
final class CheckedExtensions {
  static final List<String> NAMES = List.of("avro", "iceberg");
  private static final String LOADED =
      "SELECT extension_name, install_path FROM duckdb_extensions()"
          + " WHERE loaded AND extension_name IN ('avro', 'iceberg')";

  private CheckedExtensions() {}

  /** A recorded file and its identity when DuckDB checked it. */
  record CheckedFile(Path path, String identity) {
    boolean unchanged() {
      try {
        return identity.equals(CheckedExtensions.identity(path));
      } catch (IOException gone) {
        return false;
      }
    }
  }

  /**
   * The recorded files by extension name, when the record names one file of each extension under
   * {@code directory} and every file still has its recorded identity; empty otherwise (no record,
   * an unreadable one, a file changed or gone).
   */
  static Optional<Map<String, CheckedFile>> read(Path record, Path directory) {
    Path folder = directory.toAbsolutePath().normalize();
    Map<String, CheckedFile> files = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(record, StandardCharsets.UTF_8)) {
        int tab = line.indexOf('\t');
        if (tab < 0) {
          return Optional.empty();
        }
        CheckedFile file =
            new CheckedFile(Path.of(line.substring(tab + 1)), line.substring(0, tab));
        String name = extensionName(file.path());
        if (!file.path().isAbsolute()
            || !file.path().normalize().startsWith(folder)
            || !NAMES.contains(name)
            || !file.unchanged()) {
          return Optional.empty();
        }
        files.put(name, file);
      }
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
    return files.keySet().containsAll(NAMES) ? Optional.of(files) : Optional.empty();
  }

  /**
   * Whether the connection loaded exactly the recorded files and each still has its identity: the
   * check after a load without signatures. A file swapped between {@link #read} and the load is
   * found here, not prevented (the process has loaded it); the caller then drops the connection.
   */
  static boolean stillLoaded(Connection connection, Map<String, CheckedFile> files)
      throws SQLException {
    Map<String, Path> loaded = loaded(connection);
    for (Map.Entry<String, CheckedFile> file : files.entrySet()) {
      if (!file.getValue().path().equals(loaded.get(file.getKey()))
          || !file.getValue().unchanged()) {
        return false;
      }
    }
    return loaded.size() == files.size();
  }

  /** Records the files the connection loaded (with signatures checked) as they are now. */
  static void write(Connection connection, Path record) throws SQLException, IOException {
    Map<String, Path> loaded = loaded(connection);
    if (!loaded.keySet().containsAll(NAMES)) {
      return;
    }
    List<String> lines = new ArrayList<>();
    for (Path file : loaded.values()) {
      lines.add(identity(file) + "\t" + file);
    }
    Path absolute = record.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Path tmp = Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".tmp");
    try {
      Files.write(tmp, lines, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static String identity(Path file) throws IOException {
    Map<String, Object> a = Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime");
    return a.get("dev")
        + ":"
        + a.get("ino")
        + ":"
        + a.get("size")
        + ":"
        + nanos((FileTime) a.get("lastModifiedTime"))
        + ":"
        + nanos((FileTime) a.get("ctime"));
  }

  private static Map<String, Path> loaded(Connection connection) throws SQLException {
    Map<String, Path> loaded = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(LOADED)) {
      while (rows.next()) {
        loaded.put(rows.getString(1), Path.of(rows.getString(2)));
      }
    }
    return loaded;
  }

  private static String extensionName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  private static long nanos(FileTime time) {
    return time.to(TimeUnit.NANOSECONDS);
  }
}
