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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The pointer files of the lake and the atomic rename ({@link DurableFiles#write}) that publishes
 * them. Not API.
 */
public final class SnapshotFiles {
  public static final String SNAPSHOT_FILE = "_SNAPSHOT.json";
  public static final String CURRENT_FILE = "_CURRENT.json";
  private static final String VERSION_PREFIX = "v-";
  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  /** Inside a version folder while its writer lives: held locked by that writer's process. */
  public static final String WRITER_LOCK_FILE = "_WRITER.lock";

  private static final ConcurrentMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
  // Version folders this JVM is writing: the JVM grants a file lock once, so tryLock cannot tell
  // a writer in this JVM from a dead one.
  private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();
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
  record CurrentPointer(
      @JsonProperty("dt") String dt, @JsonProperty("updated_at") String updatedAt) {}

  private SnapshotFiles() {}

  /**
   * A version folder name that sorts by creation time, {@code v-20260101T101010123Z-3f2a9c}, for
   * people reading a listing; names made in the same millisecond by this JVM get successive
   * milliseconds. Nothing relies on the order: clean-up goes by commit order, so a clock stepping
   * backwards changes nothing.
   */
  public static String newVersionName() {
    long millis =
        LAST_VERSION_MILLIS.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
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

  /**
   * The writer of one version folder: it holds {@link #WRITER_LOCK_FILE} locked from {@link
   * #beginVersion} until it commits or aborts, so a concurrent commit's clean-up keeps its folder,
   * and the operating system releases the lock when the process dies, so a crashed writer's folder
   * can be told from a live one without clocks.
   */
  public static final class VersionWriter {
    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private VersionWriter(Path directory, FileChannel channel, FileLock lock) {
      this.directory = directory;
      this.channel = channel;
      this.lock = lock;
    }

    public Path directory() {
      return directory;
    }

    public String version() {
      return directory.getFileName().toString();
    }

    /** Ends this writer's claim on its folder (after a commit, or before deleting it on abort). */
    public void release() {
      WRITING.remove(directory);
      try (channel) {
        if (lock.isValid()) {
          lock.release();
        }
      } catch (IOException e) {
        throw new LakeException("Cannot release writer lock: " + directory, e);
      }
    }
  }

  /**
   * Creates a fresh version folder in a partition and claims it for this writer. Holds the
   * partition's lock while doing so, so a concurrent clean-up never sees the folder before its
   * claim.
   */
  public static VersionWriter beginVersion(Path partition) {
    VersionWriter[] writer = new VersionWriter[1];
    try {
      Files.createDirectories(partition);
    } catch (IOException e) {
      throw new LakeException("Cannot create partition folder: " + partition, e);
    }
    withLock(
        partition.resolve("_SNAPSHOT.lock"),
        () -> {
          Path directory = partition.resolve(newVersionName());
          FileChannel channel = null;
          try {
            Files.createDirectories(directory);
            channel =
                FileChannel.open(
                    directory.resolve(WRITER_LOCK_FILE),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.lock();
            WRITING.add(directory);
            writer[0] = new VersionWriter(directory, channel, lock);
          } catch (IOException e) {
            closeQuietly(channel);
            throw new LakeException("Cannot create snapshot folder: " + directory, e);
          }
        });
    return writer[0];
  }

  /**
   * Publishes a version and removes stale ones, holding the partition's lock. The data files and
   * their folder reach the disk before the pointer names them, and the partition folder (the
   * pointer's rename) right after, so a power cut never leaves a pointer to missing data.
   */
  public static Snapshot commit(
      TableId table, LocalDate dt, String runId, VersionWriter writer, long rows) {
    Path directory = writer.directory();
    Path partition = directory.getParent();
    String version = writer.version();
    List<String> files = dataFiles(directory);
    try {
      for (String file : files) {
        DurableFiles.sync(directory.resolve(file));
      }
      DurableFiles.syncFolder(directory);
    } catch (IOException e) {
      throw new LakeException("Cannot sync snapshot to disk: " + directory, e);
    }
    Instant now = Instant.now();
    withLock(
        partition.resolve("_SNAPSHOT.lock"),
        () -> {
          String previous = readSnapshot(table, dt, partition).map(Snapshot::version).orElse(null);
          SnapshotPointer pointer =
              new SnapshotPointer(
                  table.toString(),
                  dt.toString(),
                  version,
                  previous,
                  files,
                  rows,
                  now.toString(),
                  runId);
          // Syncs the partition folder after the rename, too.
          writeAtomically(partition.resolve(SNAPSHOT_FILE), pointer);
          removeStaleVersions(partition, version, previous);
        });
    writer.release();
    try {
      Files.deleteIfExists(directory.resolve(WRITER_LOCK_FILE));
    } catch (IOException ignored) {
      // A leftover lock file in a committed folder is never a data file and never blocks clean-up.
    }
    return new Snapshot(
        table,
        dt,
        version,
        directory,
        files.stream().map(directory::resolve).toList(),
        rows,
        now,
        runId);
  }

  /** Releases a writer's claim and deletes its folder; the partition keeps its snapshot. */
  public static void abort(VersionWriter writer) {
    writer.release();
    deleteRecursively(writer.directory());
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
    withLock(
        tablePath.resolve("_CURRENT.lock"),
        () -> {
          Optional<LocalDate> current = readCurrentDate(tablePath);
          if (current.isEmpty() || !current.get().isAfter(dt)) {
            writeAtomically(
                tablePath.resolve(CURRENT_FILE),
                new CurrentPointer(dt.toString(), Instant.now().toString()));
          }
        });
  }

  /**
   * Runs an action holding a lock that excludes other threads of this JVM (a map of locks) and
   * other processes (a file lock, which the JVM grants once per file).
   */
  private static void withLock(Path lockFile, Runnable action) {
    ReentrantLock local =
        LOCKS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new ReentrantLock());
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
   * Removes every version folder of a partition except the one just committed, the one it replaced
   * (a reader may have resolved the pointer just before this commit), and folders a live writer
   * still claims. "Replaced" is by commit order, as the pointer records it, never by name or time:
   * an overlapping writer that began first and committed last publishes its own folder, and the
   * next commit keeps it as the previous one.
   */
  private static void removeStaleVersions(Path partition, String current, String previous) {
    try (Stream<Path> children = Files.list(partition)) {
      children
          .filter(Files::isDirectory)
          .filter(p -> p.getFileName().toString().startsWith(VERSION_PREFIX))
          .filter(p -> !p.getFileName().toString().equals(current))
          .filter(p -> !p.getFileName().toString().equals(previous))
          .filter(p -> !claimedByLiveWriter(p))
          .forEach(SnapshotFiles::deleteRecursively);
    } catch (IOException e) {
      throw new LakeException("Cannot list versions of partition: " + partition, e);
    }
  }

  /**
   * Whether a writer still claims a version folder: one in this JVM, or another process holding its
   * lock file. A folder without a lock file is not being written: {@link #beginVersion} creates
   * both under the partition lock this clean-up also holds.
   */
  private static boolean claimedByLiveWriter(Path version) {
    if (WRITING.contains(version)) {
      return true;
    }
    Path lockFile = version.resolve(WRITER_LOCK_FILE);
    if (!Files.exists(lockFile)) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      // When in doubt keep the folder: an orphan costs disk, a deleted live version costs data.
      return true;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Already failing; the caller reports the first error.
      }
    }
  }

  public static void deleteRecursively(Path path) {
    try {
      DurableFiles.deleteTree(path);
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
      throw new LakeException(
          "Cannot publish pointer atomically on this file system: " + target, e);
    } catch (IOException e) {
      throw new LakeException("Cannot write pointer: " + target, e);
    }
  }
}
