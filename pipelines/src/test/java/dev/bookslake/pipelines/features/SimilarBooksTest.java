package dev.bookslake.pipelines.features;

import static dev.bookslake.pipelines.features.BookFixtures.DT;
import static dev.bookslake.pipelines.features.BookFixtures.book;
import static dev.bookslake.pipelines.features.BookFixtures.enriched;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.schemas.gold.BookNeighbour;
import dev.bookslake.schemas.gold.EnrichedBook;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;

/**
 * {@link SimilarBooks}, which makes gold.similar_books, on a catalogue small enough to check by
 * eye.
 */
class SimilarBooksTest {
  static final String TREK_GUIDE = "7000000000000001";
  static final String TREK_DIARY = "7000000000000002";
  static final String PARIS = "7000000000000003";
  static final String SEA_POEMS = "5000000000000001";
  static final String TIDE_POEMS = "5000000000000002";
  static final String SONNETS = "5000000000000003";
  static final String GLACIER_MURDER = "c000000000000001";
  static final String PAINTING = "a000000000000000";
  static final String TWIN_A = "a000000000000001";
  static final String TWIN_B = "a000000000000002";

  static List<EnrichedBook> catalogue() {
    List<EnrichedBook> books =
        new ArrayList<>(
            List.of(
                enriched(
                    book(
                        TREK_GUIDE,
                        "Travel",
                        "20.00",
                        4,
                        "Himalaya Trekking Guide",
                        "Trekking routes through the Himalaya mountains, high passes and glaciers."),
                    0),
                enriched(
                    book(
                        TREK_DIARY,
                        "Travel",
                        "21.00",
                        4,
                        "Trekking the Himalaya",
                        "A trekking diary across Himalaya mountains and glaciers."),
                    0),
                enriched(
                    book(
                        PARIS,
                        "Travel",
                        "45.00",
                        1,
                        "Paris Food Walks",
                        "Cafes, bakeries and markets of Paris."),
                    0),
                enriched(
                    book(
                        SEA_POEMS,
                        "Poetry",
                        "12.00",
                        3,
                        "Sea Poems",
                        "Poems of the sea, waves and tides."),
                    0),
                enriched(
                    book(
                        TIDE_POEMS,
                        "Poetry",
                        "13.00",
                        3,
                        "Poems of the Tide",
                        "Waves, tides and sea poems."),
                    0),
                enriched(
                    book(
                        SONNETS,
                        "Poetry",
                        "40.00",
                        5,
                        "City Sonnets",
                        "Sonnets about streets and trains."),
                    0),
                // Alone in its category: its neighbours must come from its price band.
                enriched(
                    book(
                        GLACIER_MURDER,
                        "Crime",
                        "22.00",
                        4,
                        "Murder on the Glacier",
                        "A detective among Himalaya glaciers."),
                    0),
                enriched(
                    book(PAINTING, "Art", "30.00", 2, "Painting Light", "Oil painting and light."),
                    0),
                // Twins: equal in everything but the UPC, so they tie as neighbours of PAINTING.
                enriched(
                    book(
                        TWIN_B, "Art", "31.00", 2, "Painting Shadows", "Oil painting and shadows."),
                    0),
                enriched(
                    book(
                        TWIN_A, "Art", "31.00", 2, "Painting Shadows", "Oil painting and shadows."),
                    0)));
    for (int i = 0; i < 14; i++) {
      books.add(
          enriched(
              book(
                  String.format("f0000000000000%02d", i),
                  "Fantasy",
                  (60 + i) + ".00",
                  1 + i % 5,
                  "Dragon Tale " + i,
                  "Dragons, wizards and a quest, part " + i + "."),
              0));
    }
    return books;
  }

  private static Map<String, List<BookNeighbour>> byBook(Iterable<BookNeighbour> rows) {
    Map<String, List<BookNeighbour>> byBook = new TreeMap<>();
    rows.forEach(r -> byBook.computeIfAbsent(r.getUpc(), u -> new ArrayList<>()).add(r));
    byBook.values().forEach(list -> list.sort(Comparator.comparingInt(BookNeighbour::getRank)));
    return byBook;
  }

  private static String first(Map<String, List<BookNeighbour>> byBook, String upc) {
    return byBook.get(upc).get(0).getNeighbourUpc();
  }

  @Test
  void theObviouslyClosestBooksRankFirst() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);

    PAssert.that(
            p.apply(Create.of(catalogue()).withCoder(AvroCoder.of(EnrichedBook.class)))
                .apply(new SimilarBooks(DT)))
        .satisfies(
            rows -> {
              Map<String, List<BookNeighbour>> byBook = byBook(rows);
              assertThat(first(byBook, TREK_GUIDE)).isEqualTo(TREK_DIARY);
              assertThat(first(byBook, TREK_DIARY)).isEqualTo(TREK_GUIDE);
              assertThat(first(byBook, SEA_POEMS)).isEqualTo(TIDE_POEMS);
              assertThat(first(byBook, TIDE_POEMS)).isEqualTo(SEA_POEMS);
              assertThat(byBook.get(GLACIER_MURDER))
                  .as("a one-book category still gets neighbours")
                  .isNotEmpty()
                  .allSatisfy(n -> assertThat(n.getSameCategory()).isFalse());
              assertThat(first(byBook, GLACIER_MURDER))
                  .as("shares Himalaya and glaciers")
                  .isIn(TREK_GUIDE, TREK_DIARY);
              assertThat(byBook.get(PAINTING).subList(0, 2))
                  .as("a tie goes to the smaller UPC")
                  .extracting(BookNeighbour::getNeighbourUpc)
                  .containsExactly(TWIN_A, TWIN_B);
              assertThat(byBook.get(PAINTING).get(0).getScore())
                  .isEqualTo(byBook.get(PAINTING).get(1).getScore());
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void everyBookHasAtMostTenRankedNeighboursAndNeverItself() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);

    PAssert.that(
            p.apply(Create.of(catalogue()).withCoder(AvroCoder.of(EnrichedBook.class)))
                .apply(new SimilarBooks(DT)))
        .satisfies(
            rows -> {
              Map<String, List<BookNeighbour>> byBook = byBook(rows);
              assertThat(byBook).hasSize(24);
              byBook.forEach(
                  (upc, neighbours) -> {
                    assertThat(neighbours).hasSizeLessThanOrEqualTo(10);
                    assertThat(neighbours)
                        .extracting(BookNeighbour::getRank)
                        .containsExactlyElementsOf(
                            java.util.stream.IntStream.rangeClosed(1, neighbours.size())
                                .boxed()
                                .toList());
                    assertThat(neighbours)
                        .extracting(BookNeighbour::getNeighbourUpc)
                        .doesNotContain(upc)
                        .doesNotHaveDuplicates();
                    assertThat(neighbours)
                        .allSatisfy(n -> assertThat(n.getScore()).isBetween(0.0, 1.0));
                    assertThat(neighbours)
                        .extracting(BookNeighbour::getScore)
                        .isSortedAccordingTo(Comparator.reverseOrder());
                  });
              assertThat(byBook.get("f000000000000000"))
                  .as("14 fantasy books: 13 candidates, 10 kept")
                  .hasSize(10);
              return null;
            });
    p.run().waitUntilFinish();
  }
}
