package dev.bookslake.lake;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes that survive a crash: what the lake's pointers, the model registry, the API's inference
 * log and stored external predictions all rely on. A file is durable once its bytes are forced and
 * the folder holding its name is forced too; a replacement is atomic when it is a rename of a
 * complete file over the old one. Failures are {@link IOException}s so each caller can say what it
 * could not store.
 *
 * <pre>{@code
 * DurableFiles.write(dir.resolve("_ALIASES.json"), bytes);       // readers see the old or the new file
 * DurableFiles.append(dir.resolve("_HISTORY.jsonl"), line);      // on disk when it returns
 * DurableFiles.move(tmpFolder, dir.resolve("3"));                 // a complete folder appears at once
 * }</pre>
 */
public final class DurableFiles {
  private static final String TEMP_SUFFIX = ".tmp";

  private DurableFiles() {}

  /**
   * Replaces {@code target} with {@code bytes} atomically and durably: the bytes go to a hidden
   * temporary file beside it ({@code .<name>.<random>.tmp}, never read as data), are forced, the
   * file is renamed over the target, and the folder is forced. Missing parent folders are created.
   * A reader sees the old file or the new one, never a part of either.
   *
   * @throws java.nio.file.AtomicMoveNotSupportedException when the file system cannot rename
   *     atomically
   */
  public static void write(Path target, byte[] bytes) throws IOException {
    Path folder = target.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    Path temp = folder.resolve("." + target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
    try {
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        writeFully(channel, ByteBuffer.wrap(bytes));
        // The content must be on disk before the rename makes it visible.
        channel.force(true);
      }
      move(temp, target);
    } finally {
      // Left behind only when the rename failed; a dot-file is never read as data.
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Renames a complete file or folder to {@code target} in one atomic step (replacing a file there)
   * and forces the target's folder, so the new name survives a crash.
   *
   * @throws java.nio.file.AtomicMoveNotSupportedException when the file system cannot rename
   *     atomically
   */
  public static void move(Path source, Path target) throws IOException {
    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncFolder(target.toAbsolutePath().getParent());
  }

  /** Appends {@code bytes} to a file (created when missing) and forces it before returning. */
  public static void append(Path file, byte[] bytes) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      writeFully(channel, ByteBuffer.wrap(bytes));
      channel.force(true);
    }
  }

  /**
   * Writes every buffer to an open channel (one gathering write where the system allows) and forces
   * its data before returning: one sync for many records, for writers that keep a file open.
   *
   * @return the bytes written
   */
  public static long append(FileChannel channel, ByteBuffer... buffers) throws IOException {
    long size = 0;
    for (ByteBuffer buffer : buffers) {
      size += buffer.remaining();
    }
    long remaining = size;
    while (remaining > 0) {
      remaining -= channel.write(buffers);
    }
    // Data only: the file's size is written with it (fdatasync), its times need not be.
    channel.force(false);
    return size;
  }

  /** Forces an existing file's content and metadata to disk. */
  public static void sync(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /**
   * Forces a folder, so the names created, renamed or removed in it survive a crash (a file's own
   * force does not cover its directory entry).
   */
  public static void syncFolder(Path folder) throws IOException {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /**
   * Deletes a file or a folder with everything in it, children first; nothing when it is absent.
   * Used for what no reader can still need (an aborted version, expired log days, scratch files).
   */
  public static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }
}
