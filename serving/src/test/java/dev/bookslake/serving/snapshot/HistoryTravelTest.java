package dev.bookslake.serving.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.ReadSelection;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.TableFiles;
import dev.bookslake.lake.Tables;
import dev.bookslake.pipelines.testing.GoldFixture;
import dev.bookslake.schemas.silver.BookPriceStock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HistoryTravel} on its own, over fixture lakes. */
class HistoryTravelTest {
  private static final LocalDate DAY_1 = LocalDate.parse("2026-01-01");
  private static final LocalDate DAY_2 = LocalDate.parse("2026-01-02");

  @TempDir Path dir;

  @Test
  void aBooksRowsInOneSnapshotAreReadOnce() throws IOException {
    Lake lake = Lake.at(dir.resolve("lake"));
    GoldFixture.write(lake, 4, List.of(DAY_1, DAY_2));
    Snapshot current = lake.current(Tables.SILVER_BOOK_HISTORY).orElseThrow();
    List<String> upcs =
        TableFiles.readAll(BookPriceStock.class, current.files()).stream()
            .map(BookPriceStock::getUpc)
            .distinct()
            .toList();
    ReadSelection bySnapshot = new ReadSelection(null, null, current.snapshotId());

    try (HistoryTravel travel = new HistoryTravel(lake)) {
      HistoryTravel.Rows first = travel.rows(upcs.get(0), bySnapshot);
      assertThat(first.dt()).isEqualTo(DAY_2);
      assertThat(first.snapshotId()).isEqualTo(current.snapshotId());
      assertThat(new String(first.items(), StandardCharsets.UTF_8))
          .startsWith("[{\"price_excl_tax\":")
          .doesNotContain("\"upc\"");

      // With the table's data files gone, only what was read before can still be answered.
      for (Path file : current.files()) {
        Files.delete(file);
      }
      assertThat(travel.rows(upcs.get(0), bySnapshot).items()).isEqualTo(first.items());
      assertThatThrownBy(() -> travel.rows(upcs.get(1), bySnapshot))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Cannot read history of " + upcs.get(1));
    }
  }

  @Test
  void aLakeCopiedElsewhereIsReadWhereItsMetadataPoints() throws IOException {
    Path original = dir.resolve("original");
    GoldFixture.write(Lake.at(original), 3, List.of(DAY_1));
    Path copy = dir.resolve("copy");
    copyTree(original, copy);
    Lake lake = Lake.at(copy);
    String upc =
        TableFiles.readAll(
                BookPriceStock.class,
                lake.current(Tables.SILVER_BOOK_HISTORY).orElseThrow().files())
            .getFirst()
            .getUpc();

    try (HistoryTravel travel = new HistoryTravel(lake)) {
      HistoryTravel.Rows rows = travel.rows(upc, ReadSelection.asOf(DAY_1));
      assertThat(rows.dt()).isEqualTo(DAY_1);
      assertThat(new String(rows.items(), StandardCharsets.UTF_8)).contains("\"is_current\":true");
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
