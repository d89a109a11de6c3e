package dev.bookslake.serving.books;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.lake.Lake;
import dev.bookslake.pipelines.testing.GoldFixture;
import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.problem.ProblemException;
import dev.bookslake.serving.snapshot.CachedResponse;
import dev.bookslake.serving.snapshot.GoldSnapshot;
import dev.bookslake.serving.snapshot.SnapshotStore;
import io.helidon.common.uri.UriQuery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The book queries as plain methods over a loaded snapshot, without HTTP. */
class BookQueriesTest {
  @TempDir static Path lake;
  private static SnapshotStore store;
  private static GoldSnapshot snapshot;

  @BeforeAll
  static void load() {
    GoldFixture.write(Lake.at(lake), 40, List.of(LocalDate.parse("2026-03-01")));
    store = new SnapshotStore(Lake.at(lake), Duration.ofHours(1));
    assertThat(store.refresh()).isTrue();
    snapshot = store.acquire();
  }

  @AfterAll
  static void close() {
    snapshot.release();
    store.close();
    assertThat(snapshot.isClosed()).as("the last release closes the snapshot").isTrue();
  }

  @Test
  void searchFiltersAndSorts() {
    CachedResponse r =
        BookQueries.page(
            snapshot,
            BookQueries.searchQuery(params("category=Travel&sort=-price&size=3")),
            "/books/search");
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(body)
        .contains("\"total\":5")
        .contains("\"sort\":\"-price\"")
        .doesNotContain("\"category\":\"Poetry\"");
    assertThat(r.link()).contains("page=2&size=3&category=Travel&sort=-price>; rel=\"next\"");
  }

  @Test
  void findsBySiteIdOrUpcAndRefusesTheRest() {
    assertThat(BookQueries.find(snapshot, "12").siteId()).isEqualTo(12);
    assertThat(BookQueries.find(snapshot, BookQueries.find(snapshot, "12").upc()).siteId())
        .isEqualTo(12);
    assertThatThrownBy(() -> BookQueries.find(snapshot, "99999999999"))
        .isInstanceOf(ProblemException.class)
        .hasMessage("Cannot find book: 99999999999");
  }

  @Test
  void topRatedIsOrderedByRatingThenReviews() {
    int limit =
        BookQueries.topRatedLimit(
            Params.of(UriQuery.create("limit=2"), BookQueries.TOP_RATED_PARAMS));
    String body = new String(BookQueries.topRated(snapshot, limit).body(), StandardCharsets.UTF_8);
    assertThat(body)
        .contains("\"count\":2")
        .contains("\"rating\":5")
        .doesNotContain("\"rating\":4");
  }

  private static Params params(String query) {
    return Params.of(UriQuery.create(query), BookQueries.SEARCH_PARAMS);
  }
}
