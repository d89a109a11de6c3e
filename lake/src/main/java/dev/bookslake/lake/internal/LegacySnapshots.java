package dev.bookslake.lake.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bookslake.lake.LakeException;
import dev.bookslake.lake.TableId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The lake layout before Iceberg (bookslake 0.1 to the restructuring): per partition {@code
 * <root>/<layer>/<table>/dt=D/_SNAPSHOT.json} naming one version folder's Parquet files. Read only,
 * by the migration to Iceberg.
 */
public final class LegacySnapshots {
  /** The pointer file of a legacy partition. */
  public static final String SNAPSHOT_FILE = "_SNAPSHOT.json";

  /** The pointer file of a legacy table's latest partition. */
  public static final String CURRENT_FILE = "_CURRENT.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** One committed legacy partition. */
  public record Partition(
      TableId table, LocalDate dt, Path folder, List<Path> files, long rows, String runId) {}

  record Pointer(
      @JsonProperty("version") String version,
      @JsonProperty("files") List<String> files,
      @JsonProperty("rows") long rows,
      @JsonProperty("run_id") String runId) {}

  private LegacySnapshots() {}

  /** The committed partitions of a legacy table folder, oldest first. */
  public static List<Partition> partitions(TableId table, Path tableFolder) {
    List<Partition> partitions = new ArrayList<>();
    if (!Files.isDirectory(tableFolder)) {
      return partitions;
    }
    try (Stream<Path> children = Files.list(tableFolder)) {
      for (Path child : children.sorted().toList()) {
        String name = child.getFileName().toString();
        Path pointerFile = child.resolve(SNAPSHOT_FILE);
        if (!name.startsWith("dt=") || !Files.isRegularFile(pointerFile)) {
          continue;
        }
        LocalDate dt;
        try {
          dt = LocalDate.parse(name.substring(3));
        } catch (DateTimeParseException e) {
          continue;
        }
        Pointer pointer = JSON.readValue(pointerFile.toFile(), Pointer.class);
        Path version = child.resolve(pointer.version());
        partitions.add(
            new Partition(
                table,
                dt,
                child,
                pointer.files().stream().map(version::resolve).toList(),
                pointer.rows(),
                pointer.runId()));
      }
    } catch (IOException e) {
      throw new LakeException("Cannot read legacy partitions of: " + tableFolder, e);
    }
    return partitions;
  }
}
