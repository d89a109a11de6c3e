package dev.bookslake.pipelines.features.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link NeighbourSearch}: exact within small blocks, bounded in large ones, independent of input
 * order.
 */
class SimilarNeighbourSearchTest {
  private static final String[] WORDS = {
    "dragon", "sea", "poems", "city", "trek", "murder", "love", "war", "cake", "star"
  };

  static List<BookProfile> block(int n, long seed) {
    Random random = new Random(seed);
    List<BookProfile> books = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String title =
          WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)];
      books.add(
          SimilarityTest.profile(
              String.format("%016d", i),
              i % 3 == 0 ? "Art" : "Poetry",
              10 + random.nextInt(5000) / 100.0,
              1 + random.nextInt(5),
              title));
    }
    return books;
  }

  static Map<String, List<Neighbour>> search(List<BookProfile> books, int candidates) {
    Map<String, List<Neighbour>> found = new HashMap<>();
    NeighbourSearch.search(
        books, candidates, 10, (book, neighbours) -> found.put(book.upc(), neighbours));
    return found;
  }

  @Test
  void aBlockThatFitsTheCandidatesIsSearchedExactly() {
    List<BookProfile> books = block(40, 1);

    Map<String, List<Neighbour>> found = search(books, 39);

    for (BookProfile book : books) {
      List<Neighbour> all = new ArrayList<>();
      books.stream().filter(b -> b != book).forEach(b -> all.add(Similarity.of(book, b)));
      all.sort(Neighbour.BEST_FIRST);
      assertThat(found.get(book.upc())).as(book.upc()).isEqualTo(all.subList(0, 10));
    }
  }

  @Test
  void aLargerBlockScoresEachBookAgainstItsNearestInPriceOnly() {
    List<BookProfile> books = block(300, 2);
    List<BookProfile> byPrice = new ArrayList<>(books);
    byPrice.sort(
        java.util.Comparator.comparingDouble(BookProfile::price).thenComparing(BookProfile::upc));

    Map<String, List<Neighbour>> found = new HashMap<>();
    long scored =
        NeighbourSearch.search(
            books, 20, 10, (book, neighbours) -> found.put(book.upc(), neighbours));

    assertThat(scored).as("n * candidates, not n^2").isEqualTo(300L * 20);
    for (int i = 0; i < byPrice.size(); i++) {
      int from = Math.max(0, Math.min(i - 10, 300 - 1 - 20));
      List<String> window =
          byPrice.subList(from, from + 21).stream().map(BookProfile::upc).toList();
      assertThat(found.get(byPrice.get(i).upc()))
          .hasSize(10)
          .allSatisfy(n -> assertThat(window).contains(n.upc()));
    }
  }

  @Test
  void inputOrderDoesNotChangeTheResult() {
    List<BookProfile> books = block(120, 3);
    List<BookProfile> shuffled = new ArrayList<>(books);
    Collections.shuffle(shuffled, new Random(7));

    assertThat(search(shuffled, 30)).isEqualTo(search(books, 30));
  }
}
