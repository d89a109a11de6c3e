package dev.bookslake.lake.internal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Iceberg's {@code FileIO} over the local file system, without Hadoop: Hadoop's local file system
 * writes a {@code .crc} file beside every file and costs a configuration load per process. Every
 * file is forced to disk when it is closed, so a commit the catalog has recorded never points at a
 * metadata or data file a power cut could still lose.
 */
public final class LocalFileIO implements SupportsPrefixOperations {

  @Override
  public InputFile newInputFile(String path) {
    return org.apache.iceberg.Files.localInput(toPath(path).toFile());
  }

  @Override
  public OutputFile newOutputFile(String path) {
    return new DurableOutputFile(toPath(path));
  }

  @Override
  public void deleteFile(String path) {
    try {
      Files.deleteIfExists(toPath(path));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete file: " + path, e);
    }
  }

  @Override
  public Iterable<FileInfo> listPrefix(String prefix) {
    Path root = toPath(prefix);
    if (!Files.isDirectory(root)) {
      return java.util.List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).map(LocalFileIO::info).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list files under: " + prefix, e);
    }
  }

  @Override
  public void deletePrefix(String prefix) {
    try {
      dev.bookslake.lake.DurableFiles.deleteTree(toPath(prefix));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete files under: " + prefix, e);
    }
  }

  /** A location as Iceberg stores it (a plain absolute path, or a {@code file:} URI) as a path. */
  public static Path toPath(String location) {
    if (location.startsWith("file:")) {
      return Path.of(
          URI.create(
              location.startsWith("file://") ? location : "file://" + location.substring(5)));
    }
    return Path.of(location);
  }

  private static FileInfo info(Path file) {
    try {
      return new FileInfo(
          file.toString(), Files.size(file), Files.getLastModifiedTime(file).toMillis());
    } catch (NoSuchFileException e) {
      return new FileInfo(file.toString(), 0, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read attributes of: " + file, e);
    }
  }

  private record DurableOutputFile(Path path) implements OutputFile {
    @Override
    public PositionOutputStream create() {
      if (Files.exists(path)) {
        throw new AlreadyExistsException("Cannot create file that already exists: %s", path);
      }
      return open();
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      return open();
    }

    private PositionOutputStream open() {
      try {
        Files.createDirectories(path.getParent());
        return new CountingStream(
            new FileOutputStream(path.toFile()),
            out -> {
              try (FileOutputStream file = (FileOutputStream) out) {
                file.flush();
                file.getFD().sync();
              }
            });
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create file: " + path, e);
      }
    }

    @Override
    public String location() {
      return path.toString();
    }

    @Override
    public InputFile toInputFile() {
      return org.apache.iceberg.Files.localInput(path.toFile());
    }
  }
}
