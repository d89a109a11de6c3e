package dev.bookslake.lake.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bookslake.lake.DurableFiles;
import dev.bookslake.lake.LakeException;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.TableId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/** The pointer files of the lake and the atomic rename ({@link DurableFiles#write}) that publishes them. Not API. */
public final class SnapshotFiles {
  public static final String SNAPSHOT_FILE = "_SNAPSHOT.json";
  public static final String CURRENT_FILE = "_CURRENT.json";
  private static final String VERSION_PREFIX = "v-";
  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
  private static final ConcurrentMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
  private static final AtomicLong LAST_VERSION_MILLIS = new AtomicLong();
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** What {@code _SNAPSHOT.json} holds. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SnapshotPointer(
      @JsonProperty("table") String table,
      @JsonProperty("dt") String dt,
      @JsonProperty("version") String version,
      @JsonProperty("previous_version") String previousVersion,
      @JsonProperty("files") List<String> files,
      @JsonProperty("rows") long rows,
      @JsonProperty("committed_at") String committedAt,
      @JsonProperty("run_id") String runId) {}

  /** What {@code _CURRENT.json} holds. */
  record CurrentPointer(@JsonProperty("dt") String dt, @JsonProperty("updated_at") String updatedAt) {}

  private SnapshotFiles() {}

  /**
   * A version folder name that sorts by creation time: {@code v-20260101T101010123Z-3f2a9c}. The
   * clean-up of stale versions relies on that order, so names made in the same millisecond by this
   * JVM get successive milliseconds instead of tying.
   */
  public static String newVersionName() {
    long millis = LAST_VERSION_MILLIS.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
    return VERSION_PREFIX
        + VERSION_TIME.format(Instant.ofEpochMilli(millis))
        + "-"
        + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
  }

  public static Optional<Snapshot> readSnapshot(TableId table, LocalDate dt, Path partition) {
    Path pointerFile = partition.resolve(SNAPSHOT_FILE);
    SnapshotPointer pointer;
    try {
      pointer = JSON.readValue(pointerFile.toFile(), SnapshotPointer.class);
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      if (!Files.exists(pointerFile)) {
        return Optional.empty();
      }
      throw new LakeException("Cannot read snapshot pointer: " + pointerFile, e);
    }
    Path directory = partition.resolve(pointer.version());
    List<Path> files = pointer.files().stream().map(directory::resolve).toList();
    return Optional.of(
        new Snapshot(
            table,
            dt,
            pointer.version(),
            directory,
            files,
            pointer.rows(),
            Instant.parse(pointer.committedAt()),
            pointer.runId()));
  }

  /** Publishes a version and removes stale ones, holding the partition's lock. */
  public static Snapshot commit(
      TableId table, LocalDate dt, String runId, String version, Path partition, long rows) {
    Path directory = partition.resolve(version);
    List<String> files = dataFiles(directory);
    Instant now = Instant.now();
    withLock(partition.resolve("_SNAPSHOT.lock"), () -> {
      String previous = readSnapshot(table, dt, partition).map(Snapshot::version).orElse(null);
      SnapshotPointer pointer =
          new SnapshotPointer(
              table.toString(), dt.toString(), version, previous, files, rows, now.toString(), runId);
      writeAtomically(partition.resolve(SNAPSHOT_FILE), pointer);
      removeStaleVersions(partition);
    });
    return new Snapshot(
        table, dt, version, directory, files.stream().map(directory::resolve).toList(), rows, now, runId);
  }

  public static Optional<LocalDate> readCurrentDate(Path tablePath) {
    Path file = tablePath.resolve(CURRENT_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(JSON.readValue(file.toFile(), CurrentPointer.class).dt()));
    } catch (IOException e) {
      throw new LakeException("Cannot read current pointer: " + file, e);
    }
  }

  /**
   * Moves {@code _CURRENT.json} to {@code dt} unless it already names a later date, so a backfill
   * of an old day never hides a newer one. A file lock serialises concurrent committers.
   */
  public static void advanceCurrent(Path tablePath, LocalDate dt) {
    withLock(tablePath.resolve("_CURRENT.lock"), () -> {
      Optional<LocalDate> current = readCurrentDate(tablePath);
      if (current.isEmpty() || !current.get().isAfter(dt)) {
        writeAtomically(
            tablePath.resolve(CURRENT_FILE), new CurrentPointer(dt.toString(), Instant.now().toString()));
      }
    });
  }

  /**
   * Runs an action holding a lock that excludes other threads of this JVM (a map of locks) and
   * other processes (a file lock, which the JVM grants once per file).
   */
  private static void withLock(Path lockFile, Runnable action) {
    ReentrantLock local = LOCKS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new ReentrantLock());
    local.lock();
    try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = channel.lock()) {
      action.run();
    } catch (IOException e) {
      throw new LakeException("Cannot lock: " + lockFile, e);
    } finally {
      local.unlock();
    }
  }

  /**
   * Removes version folders older than the previous committed one. The committed and previous
   * versions stay (a reader may have resolved the pointer just before this commit), and so does
   * anything newer than the previous one, which may be a concurrent writer still at work.
   */
  private static void removeStaleVersions(Path partition) {
    Path pointerFile = partition.resolve(SNAPSHOT_FILE);
    SnapshotPointer pointer;
    try {
      pointer = JSON.readValue(pointerFile.toFile(), SnapshotPointer.class);
    } catch (IOException e) {
      throw new LakeException("Cannot read snapshot pointer: " + pointerFile, e);
    }
    String keepFrom = pointer.previousVersion() != null ? pointer.previousVersion() : pointer.version();
    try (Stream<Path> children = Files.list(partition)) {
      children
          .filter(Files::isDirectory)
          .filter(p -> p.getFileName().toString().startsWith(VERSION_PREFIX))
          .filter(p -> p.getFileName().toString().compareTo(keepFrom) < 0)
          .forEach(SnapshotFiles::deleteRecursively);
    } catch (IOException e) {
      throw new LakeException("Cannot list versions of partition: " + partition, e);
    }
  }

  public static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new LakeException("Cannot delete: " + path, e);
    }
  }

  /** The data files of a version folder, by name; hidden and temporary files are not data. */
  private static List<String> dataFiles(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new LakeException("Cannot commit snapshot, its folder is missing: " + directory);
    }
    try (Stream<Path> children = Files.list(directory)) {
      return children
          .filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith(".") && !n.startsWith("_"))
          .filter(n -> n.endsWith(".parquet"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new LakeException("Cannot list snapshot folder: " + directory, e);
    }
  }

  private static void writeAtomically(Path target, Object value) {
    try {
      DurableFiles.write(target, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
    } catch (AtomicMoveNotSupportedException e) {
      throw new LakeException("Cannot publish pointer atomically on this file system: " + target, e);
    } catch (IOException e) {
      throw new LakeException("Cannot write pointer: " + target, e);
    }
  }
}
