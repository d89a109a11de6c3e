package dev.bookslake.pipelines.datapath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.LakeException;
import dev.bookslake.lake.TableId;
import dev.bookslake.lake.Tables;
import dev.bookslake.pipelines.common.UsageException;
import dev.bookslake.sandbox.SandboxConfig;
import dev.bookslake.sandbox.SandboxServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the data path stops, against a 20-book sandbox: {@code --until} bronze, silver or gold (any
 * case) builds exactly those layers and its summary names the stages run; an unknown layer is
 * refused before anything is fetched; a stage that fails leaves the layers before it published and
 * its own tables at their previous snapshot; with --fuse-stages, scrape and clean publish both or
 * neither. (StageCommandsIT in cli fails a scrape of a source that does not answer.)
 */
class DataPathUntilIT {
  private static final LocalDate DAY_1 = LocalDate.parse("2026-01-01");
  private static final LocalDate DAY_2 = LocalDate.parse("2026-01-02");
  private static final List<TableId> BRONZE =
      List.of(Tables.BRONZE_PAGES, Tables.BRONZE_FETCH_ERRORS);
  private static final List<TableId> SILVER =
      List.of(
          Tables.SILVER_BOOKS,
          Tables.SILVER_QUARANTINE,
          Tables.SILVER_BOOK_HISTORY,
          Tables.SILVER_QUALITY_REPORT);
  private static final List<TableId> GOLD =
      List.of(
          Tables.GOLD_BOOKS,
          Tables.GOLD_CATEGORY_STATS,
          Tables.GOLD_OVERVIEW,
          Tables.GOLD_FEATURES,
          Tables.GOLD_TRAINING_DATA,
          Tables.GOLD_SIMILAR_BOOKS,
          Tables.GOLD_BOOK_SENTIMENT);
  private static SandboxServer sandbox;

  @TempDir Path dir;

  @BeforeAll
  static void startSandbox() {
    sandbox = SandboxServer.start(SandboxConfig.builder().books(20).build());
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  private static DataPath.Options options(URI source, Path lake, LocalDate day, String until) {
    return PipelineOptionsFactory.fromArgs(
            "--source=" + source,
            "--lake=" + lake,
            "--runDate=" + day,
            "--retryBaseMs=10",
            "--progressSeconds=60",
            "--until=" + until)
        .withValidation()
        .as(DataPath.Options.class);
  }

  private static DataPath.Summary run(Path lake, LocalDate day, String until) {
    return DataPath.run(options(sandbox.baseUri(), lake, day, until));
  }

  private static List<TableId> all(List<List<TableId>> layers) {
    return layers.stream().flatMap(List::stream).toList();
  }

  @Test
  void untilBronzeScrapesOnly() {
    DataPath.Summary summary = run(dir, DAY_1, "bronze");

    assertThat(Lake.at(dir).tables()).containsExactlyInAnyOrderElementsOf(BRONZE);
    assertThat(summary.clean()).isNull();
    assertThat(summary.features()).isNull();
    assertThat(summary.toString()).isEqualTo(summary.scrape().toString()).startsWith("Scraped 2");
  }

  @Test
  void untilSilverScrapesAndCleans() {
    DataPath.Summary summary = run(dir, DAY_1, "Silver");

    assertThat(Lake.at(dir).tables())
        .containsExactlyInAnyOrderElementsOf(all(List.of(BRONZE, SILVER)));
    assertThat(summary.features()).isNull();
    assertThat(summary.toString())
        .isEqualTo(summary.scrape() + System.lineSeparator() + summary.clean());
  }

  @Test
  void untilGoldRunsEveryStageAndAFailedDayKeepsThePreviousGold() throws IOException {
    DataPath.Summary day1 = run(dir, DAY_1, "GOLD");
    Lake lake = Lake.at(dir);
    assertThat(lake.tables())
        .containsExactlyInAnyOrderElementsOf(all(List.of(BRONZE, SILVER, GOLD)));
    assertThat(day1.toString())
        .isEqualTo(
            day1.scrape()
                + System.lineSeparator()
                + day1.clean()
                + System.lineSeparator()
                + day1.features());

    // A file where day 2's gold.books data folder goes: the features stage cannot begin its last
    // table.
    Path inTheWay = lake.partitionPath(Tables.GOLD_BOOKS, DAY_2);
    Files.createDirectories(inTheWay.getParent());
    Files.writeString(inTheWay, "in the way");
    assertThatThrownBy(() -> run(dir, DAY_2, "gold"))
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith("Cannot ")
        .hasMessageContaining("dt=" + DAY_2);

    for (TableId table : all(List.of(BRONZE, SILVER))) {
      assertThat(lake.current(table).orElseThrow().dt())
          .as("%s published for day 2", table)
          .isEqualTo(DAY_2);
    }
    for (TableId table : GOLD) {
      assertThat(lake.current(table).orElseThrow().dt())
          .as("%s still at day 1", table)
          .isEqualTo(DAY_1);
      assertThat(lake.committedDates(table)).as("%s", table).containsExactly(DAY_1);
    }
  }

  @Test
  void aCleanThatCannotBeginPublishesNoBronzeWhenFusedAndTheCrawlWhenNot() throws IOException {
    run(dir, DAY_1, "silver");
    Lake lake = Lake.at(dir);
    // A file where day 2's silver.books data folder goes: the clean stage cannot begin.
    Path inTheWay = lake.partitionPath(Tables.SILVER_BOOKS, DAY_2);
    Files.createDirectories(inTheWay.getParent());
    Files.writeString(inTheWay, "in the way");

    DataPath.Options fused = options(sandbox.baseUri(), dir, DAY_2, "silver");
    fused.setFuseStages(true);
    assertThatThrownBy(() -> DataPath.run(fused))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("dt=" + DAY_2);
    for (TableId table : all(List.of(BRONZE, SILVER))) {
      assertThat(lake.committedDates(table)).as("%s", table).containsExactly(DAY_1);
    }

    assertThatThrownBy(() -> run(dir, DAY_2, "silver"))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("dt=" + DAY_2);
    for (TableId table : BRONZE) {
      assertThat(lake.current(table).orElseThrow().dt()).as("%s", table).isEqualTo(DAY_2);
    }
    for (TableId table : SILVER) {
      assertThat(lake.committedDates(table)).as("%s", table).containsExactly(DAY_1);
    }
  }

  @Test
  void anUnknownLayerIsRefusedBeforeAnythingIsFetched() {
    URI nowhere = URI.create("http://127.0.0.1:1/");

    assertThatThrownBy(() -> DataPath.check(options(nowhere, dir, DAY_1, "platinum")))
        .isInstanceOf(UsageException.class)
        .hasMessage("Cannot parse --until (bronze, silver or gold): platinum");
    assertThatThrownBy(() -> DataPath.run(options(nowhere, dir, DAY_1, "platinum")))
        .isInstanceOf(UsageException.class)
        .hasMessage("Cannot parse --until (bronze, silver or gold): platinum");
    assertThat(Lake.at(dir).tables()).isEmpty();
  }

  @Test
  void checkRunsEveryStagesOwnChecks() {
    URI nowhere = URI.create("http://127.0.0.1:1/");
    DataPath.check(options(nowhere, dir, DAY_1, "silver"));

    DataPath.Options noShards = options(nowhere, dir, DAY_1, "gold");
    noShards.setShards(0);
    assertThatThrownBy(() -> DataPath.check(noShards))
        .isInstanceOf(UsageException.class)
        .hasMessage("Cannot write silver with --shards below 1: 0");
  }
}
