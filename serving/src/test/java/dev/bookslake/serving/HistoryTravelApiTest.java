package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.PendingSnapshot;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.TableCommit;
import dev.bookslake.lake.TableFiles;
import dev.bookslake.lake.Tables;
import dev.bookslake.pipelines.testing.GoldFixture;
import dev.bookslake.schemas.silver.BookPriceStock;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code /books/{id}/history} with {@code as_of}, {@code at} and {@code snapshot}: Iceberg time
 * travel in {@code silver.book_history}, over a lake where a re-run of the last day re-committed
 * the table with every current price changed to {@link #NEW_PRICE}.
 */
@ServerTest
class HistoryTravelApiTest {
  private static final BigDecimal NEW_PRICE = new BigDecimal("99.99");
  private static final Path LAKE = TestLakes.newFolder("travel");
  private static final Commits COMMITS = writeLake(LAKE);
  private static final Components COMPONENTS =
      Components.create(TestLakes.config(LAKE, Map.of()), false).start();
  private final Api api;

  HistoryTravelApiTest(WebServer server) {
    this.api = new Api(server);
  }

  @SetUpServer
  static void server(WebServerConfig.Builder server) {
    Main.server(server);
  }

  @SetUpRoute
  static void routing(HttpRouting.Builder routing) {
    Main.routing(routing, COMPONENTS);
  }

  @AfterAll
  static void close() {
    COMPONENTS.close();
  }

  /**
   * The two commits of {@code silver.book_history} for the last day, an instant between them, and
   * each book's current price in the first.
   */
  private record Commits(
      long first, long second, Instant between, Map<String, BigDecimal> oldPrices) {}

  private static Commits writeLake(Path root) {
    Lake lake = Lake.at(root);
    GoldFixture.write(lake, 12, List.of(TestLakes.DAY_1, TestLakes.DAY_2));
    Snapshot first = lake.current(Tables.SILVER_BOOK_HISTORY).orElseThrow();
    List<BookPriceStock> rows = TableFiles.readAll(BookPriceStock.class, first.files());
    Map<String, BigDecimal> oldPrices = new HashMap<>();
    for (BookPriceStock row : rows) {
      if (row.getIsCurrent()) {
        oldPrices.put(row.getUpc(), row.getPriceInclTax());
        row.setPriceExclTax(NEW_PRICE);
        row.setPriceInclTax(NEW_PRICE);
      }
    }
    // Commit times are milliseconds: leave room on both sides of the instant between.
    Instant between = pause();
    pause();
    PendingSnapshot rerun = lake.begin(Tables.SILVER_BOOK_HISTORY, TestLakes.DAY_2, "rerun");
    TableFiles.write(
        BookPriceStock.class, rerun.directory().resolve("part-00000-of-00001.parquet"), rows);
    long second = rerun.commit(rows.size()).snapshotId();
    List<TableCommit> history = lake.history(Tables.SILVER_BOOK_HISTORY);
    assertThat(history.getLast().snapshotId()).isEqualTo(second);
    assertThat(history.get(history.size() - 2).snapshotId()).isEqualTo(first.snapshotId());
    return new Commits(first.snapshotId(), second, between, oldPrices);
  }

  private static Instant pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Instant.now();
  }

  private JsonObject history(String query) {
    Api.Reply r = api.get("/api/v1/books/7/history" + query);
    assertThat(r.status()).as("%s: %s", query, r.body()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    return r.json();
  }

  private static BigDecimal currentPrice(JsonObject history) {
    JsonArray items = history.getJsonArray("items");
    JsonObject current = items.getJsonObject(items.size() - 1);
    assertThat(current.getBoolean("is_current")).isTrue();
    return current.getJsonNumber("price_incl_tax").bigDecimalValue();
  }

  @Test
  void withoutParametersTheNewestCommitIsServedFromMemory() {
    JsonObject now = history("");

    assertThat(now.getInt("id")).isEqualTo(7);
    assertThat(now.getString("dt")).isEqualTo("2026-01-02");
    assertThat(now.getJsonNumber("snapshot_id").longValueExact()).isEqualTo(COMMITS.second());
    assertThat(now.getJsonArray("items")).hasSize(2);
    assertThat(currentPrice(now)).isEqualByComparingTo(NEW_PRICE);
  }

  @Test
  void aSnapshotIdReadsThatCommitInTheSameShape() {
    JsonObject now = history("");
    JsonObject before = history("?snapshot=" + COMMITS.first());
    JsonObject newest = history("?snapshot=" + COMMITS.second());

    assertThat(before.getString("upc")).isEqualTo(now.getString("upc"));
    assertThat(before.getString("title")).isEqualTo(now.getString("title"));
    assertThat(before.getString("dt")).isEqualTo("2026-01-02");
    assertThat(before.getJsonNumber("snapshot_id").longValueExact()).isEqualTo(COMMITS.first());
    assertThat(currentPrice(before))
        .isEqualByComparingTo(COMMITS.oldPrices().get(now.getString("upc")))
        .isNotEqualByComparingTo(NEW_PRICE);
    assertThat(before.getJsonArray("items").getJsonObject(0))
        .as("the closed interval did not change")
        .isEqualTo(now.getJsonArray("items").getJsonObject(0));
    assertThat(newest).as("read from the lake as from memory").isEqualTo(now);
  }

  @Test
  void anInstantBetweenTheCommitsReadsTheFirst() {
    JsonObject then = history("?at=" + COMMITS.between());

    assertThat(then.getJsonNumber("snapshot_id").longValueExact()).isEqualTo(COMMITS.first());
    assertThat(then).isEqualTo(history("?snapshot=" + COMMITS.first()));
    String withOffset =
        DateTimeFormatter.ISO_OFFSET_DATE_TIME
            .format(COMMITS.between().atOffset(ZoneOffset.ofHoursMinutes(5, 30)))
            .replace("+", "%2B");
    assertThat(history("?at=" + withOffset)).isEqualTo(then);
    // After the second commit, and in RFC 3339's lower case with a nanosecond fraction.
    String later =
        Instant.now()
            .plus(1, ChronoUnit.DAYS)
            .truncatedTo(ChronoUnit.SECONDS)
            .toString()
            .toLowerCase(Locale.ROOT)
            .replace("z", ".123456789z");
    assertThat(history("?at=" + later).getJsonNumber("snapshot_id").longValueExact())
        .isEqualTo(COMMITS.second());
  }

  @Test
  void asOfAnEarlierDateReadsThatPartition() {
    JsonObject dayOne = history("?as_of=2026-01-01");

    assertThat(dayOne.getString("dt")).isEqualTo("2026-01-01");
    assertThat(dayOne.getJsonNumber("snapshot_id").longValueExact()).isEqualTo(COMMITS.second());
    JsonArray items = dayOne.getJsonArray("items");
    assertThat(items).hasSize(1);
    assertThat(items.getJsonObject(0).getString("valid_from")).isEqualTo("2026-01-01");
    assertThat(items.getJsonObject(0).isNull("valid_to")).isTrue();

    assertThat(history("?as_of=2026-01-01&snapshot=" + COMMITS.first()).getJsonArray("items"))
        .isEqualTo(items);
    JsonObject later = history("?as_of=2030-12-31&at=" + COMMITS.between());
    assertThat(later.getString("dt")).isEqualTo("2026-01-02");
    assertThat(later.getJsonNumber("snapshot_id").longValueExact()).isEqualTo(COMMITS.first());
  }

  @Test
  void travelledAnswersRevalidateWithTheirETag() {
    Api.Reply first = api.get("/api/v1/books/7/history?snapshot=" + COMMITS.first());
    String etag = first.header("ETag");

    assertThat(etag).isNotBlank().isNotEqualTo(api.get("/api/v1/books/7/history").header("ETag"));
    assertThat(
            api.get("/api/v1/books/7/history?snapshot=" + COMMITS.first(), "If-None-Match", etag)
                .status())
        .isEqualTo(304);
  }

  @ParameterizedTest(name = "{0} -> {1} naming {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "?as_of=2026-13-01                   | 400 | as_of=2026-13-01",
        "?as_of=2026-02-30                   | 400 | as_of=2026-02-30",
        "?as_of=yesterday                    | 400 | must be a date YYYY-MM-DD",
        "?as_of=%2B12026-01-01               | 400 | as_of=+12026-01-01",
        "?as_of=2026-01-01&as_of=2026-01-02  | 400 | give this parameter once",
        "?at=2026-01-02                      | 400 | at=2026-01-02: must be a date-time",
        "?at=2026-01-02T06:00:00             | 400 | with an offset",
        "?at=2026-01-02T06:00Z               | 400 | at=2026-01-02T06:00Z",
        "?at=2026-01-02T24:00:00Z            | 400 | at=2026-01-02T24:00:00Z",
        "?at=2026-01-02T06:00:00%2B24:00     | 400 | at=2026-01-02T06:00:00+24:00",
        "?snapshot=abc                       | 400 | snapshot=abc: must be an integer from 1",
        "?snapshot=0                         | 400 | snapshot=0",
        "?snapshot=-5                        | 400 | snapshot=-5",
        "?snapshot=99999999999999999999      | 400 | snapshot=99999999999999999999",
        "?snapshot=1.5                       | 400 | snapshot=1.5",
        "?asof=2026-01-01                    | 400 | accepts as_of, at, snapshot",
        "?at=2026-01-02T06:00:00Z&snapshot=1 | 409 | at once: give one of them",
        "?snapshot=42                        | 404 | Cannot find snapshot of silver.book_history: 42",
        "?at=2000-01-01T00:00:00Z            | 404 | at 2000-01-01T00:00:00Z: silver.book_history had no commit yet",
        "?as_of=2000-01-01                   | 404 | as of 2000-01-01: silver.book_history held no partition on or before 2000-01-01",
      })
  void badParametersAreProblems(String query, int status, String mentions) {
    api.get("/api/v1/books/7/history" + query.strip()).assertProblem(status, mentions.strip());
  }

  @Test
  void anUnknownBookIsStillA404() {
    api.get("/api/v1/books/99999/history?snapshot=" + COMMITS.first())
        .assertProblem(404, "Cannot find book: 99999");
  }
}
