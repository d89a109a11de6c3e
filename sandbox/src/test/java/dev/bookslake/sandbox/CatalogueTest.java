package dev.bookslake.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.sandbox.internal.BookTexts;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CatalogueTest {

  private static final MalformedSpec SOME_DEFECTS = new MalformedSpec(3, 2, 2, 2);

  @Test
  void sameSeedGivesTheSameCatalogue() {
    Catalogue a = new Catalogue(1000, 42, SOME_DEFECTS);
    Catalogue b = new Catalogue(1000, 42, SOME_DEFECTS);
    for (int id = 1; id <= 1000; id++) {
      assertThat(a.book(id, 0)).isEqualTo(b.book(id, 0));
      assertThat(a.book(id, 7)).isEqualTo(b.book(id, 7));
      assertThat(a.productPath(id)).isEqualTo(b.productPath(id));
      assertThat(a.recentlyViewed(id)).isEqualTo(b.recentlyViewed(id));
    }
    assertThat(a.malformedBooks()).isEqualTo(b.malformedBooks());
    assertThat(a.changedBetween(0, 4)).isEqualTo(b.changedBetween(0, 4));
  }

  @Test
  void differentSeedGivesADifferentCatalogue() {
    Catalogue a = new Catalogue(1000, 42, MalformedSpec.none());
    Catalogue b = new Catalogue(1000, 43, MalformedSpec.none());
    long sameTitle =
        IntStream.rangeClosed(1, 1000)
            .filter(id -> a.book(id, 0).title().equals(b.book(id, 0).title()))
            .count();
    long samePrice =
        IntStream.rangeClosed(1, 1000)
            .filter(id -> a.book(id, 0).priceExclTax().equals(b.book(id, 0).priceExclTax()))
            .count();
    Set<String> upcsA =
        IntStream.rangeClosed(1, 1000)
            .mapToObj(id -> a.book(id, 0).upc())
            .collect(Collectors.toSet());
    assertThat(sameTitle).as("titles shared by the same id").isLessThan(50);
    assertThat(samePrice).as("prices shared by the same id").isLessThan(20);
    assertThat(IntStream.rangeClosed(1, 1000).mapToObj(id -> b.book(id, 0).upc()))
        .noneMatch(upcsA::contains);
  }

  @Test
  void upcsAreUniqueSixteenLowercaseHexCharacters() {
    Catalogue catalogue = new Catalogue(10_000, 42, MalformedSpec.none());
    Set<String> upcs = new HashSet<>();
    for (int id = 1; id <= 10_000; id++) {
      String upc = catalogue.book(id, 0).upc();
      assertThat(upc).matches("[0-9a-f]{16}");
      upcs.add(upc);
    }
    assertThat(upcs).hasSize(10_000);
  }

  @Test
  void exactlyTwoDifferentBooksAreTheStarTouchedQueen() {
    for (int books : new int[] {100, 1000, 20_000}) {
      Catalogue catalogue = new Catalogue(books, 7, SOME_DEFECTS);
      List<SandboxBook> queens =
          IntStream.rangeClosed(1, books)
              .mapToObj(id -> catalogue.book(id, 0))
              .filter(book -> book.title().equals(Catalogue.STAR_TOUCHED_QUEEN))
              .toList();
      assertThat(queens).as("Star-Touched Queens among %d books", books).hasSize(2);
      assertThat(queens.get(0).siteId()).isNotEqualTo(queens.get(1).siteId());
      assertThat(queens.get(0).upc()).isNotEqualTo(queens.get(1).upc());
      assertThat(queens).allMatch(book -> book.slug().equals("the-star-touched-queen"));
      assertThat(catalogue.malformedBooks().keySet())
          .doesNotContain(queens.get(0).siteId(), queens.get(1).siteId());
    }
    Catalogue small = new Catalogue(99, 7, MalformedSpec.none());
    assertThat(IntStream.rangeClosed(1, 99).mapToObj(id -> small.book(id, 0).title()))
        .doesNotContain(Catalogue.STAR_TOUCHED_QUEEN);
  }

  @Test
  void descriptionsEndInMoreAndOnlyAFewBooksHaveNone() {
    Map<Integer, Integer> expectedMissing = Map.of(50, 0, 100, 1, 999, 1, 1000, 2, 30_000, 2);
    expectedMissing.forEach(
        (books, missing) -> {
          Catalogue catalogue = new Catalogue(books, 42, MalformedSpec.none());
          List<String> descriptions =
              IntStream.rangeClosed(1, books)
                  .mapToObj(id -> catalogue.book(id, 0).description())
                  .toList();
          assertThat(descriptions.stream().filter(d -> d == null))
              .as("books without description among %d", books)
              .hasSize(missing);
          assertThat(descriptions.stream().filter(d -> d != null))
              .allMatch(d -> d.endsWith(" ...more"));
        });
  }

  @Test
  void someDescriptionsCarryInvisibleCharactersInsideTheirText() {
    Catalogue catalogue = new Catalogue(1000, 42, MalformedSpec.none());
    List<String> descriptions =
        IntStream.rangeClosed(1, 1000)
            .mapToObj(id -> catalogue.book(id, 0).description())
            .filter(d -> d != null)
            .toList();
    List<String> softHyphens =
        descriptions.stream().filter(d -> d.indexOf(BookTexts.SOFT_HYPHEN) >= 0).toList();
    assertThat(softHyphens).hasSizeBetween(60, 200);
    assertThat(softHyphens)
        .as("a soft hyphen sits between two letters")
        .allMatch(d -> d.matches("(?s).*\\p{L}\u00ad\\p{L}.*"));
    assertThat(descriptions.stream().filter(d -> d.indexOf(BookTexts.ZERO_WIDTH_SPACE) >= 0))
        .hasSizeBetween(30, 100);
  }

  @Test
  void valuesStayInTheRealSiteRanges() {
    Catalogue catalogue = new Catalogue(10_000, 42, MalformedSpec.none());
    int taxed = 0;
    int outOfStock = 0;
    for (int id = 1; id <= 10_000; id++) {
      SandboxBook book = catalogue.book(id, 3);
      assertThat(book.priceExclTax()).isBetween(new BigDecimal("10.00"), new BigDecimal("59.99"));
      assertThat(book.priceExclTax().scale()).isEqualTo(2);
      assertThat(book.tax().scale()).isEqualTo(2);
      assertThat(book.priceInclTax()).isEqualTo(book.priceExclTax().add(book.tax()));
      assertThat(book.stockCount()).isBetween(0, 22);
      assertThat(book.rating()).isBetween(1, 5);
      assertThat(book.reviewCount()).isBetween(0, 50);
      assertThat(book.imagePath())
          .matches("media/cache/([0-9a-f]{2})/([0-9a-f]{2})/\\1\\2[0-9a-f]{28}\\.jpg");
      assertThat(catalogue.thumbnailPath(id))
          .matches("media/cache/[0-9a-f/]+\\.jpg")
          .isNotEqualTo(book.imagePath());
      assertThat(book.categoryId()).isEqualTo(catalogue.categories().indexOf(book.category()) + 2);
      taxed += book.tax().signum() != 0 ? 1 : 0;
      outOfStock += book.inStock() ? 0 : 1;
    }
    assertThat(taxed).as("books with a non-zero tax").isBetween(700, 1300);
    assertThat(outOfStock).as("books out of stock").isBetween(300, 700);
  }

  @Test
  void titlesAreVariedAndExerciseEscaping() {
    Catalogue catalogue = new Catalogue(1000, 42, MalformedSpec.none());
    List<String> titles =
        IntStream.rangeClosed(1, 1000).mapToObj(id -> catalogue.book(id, 0).title()).toList();
    assertThat(new HashSet<>(titles)).hasSizeGreaterThan(900);
    assertThat(titles).anyMatch(t -> t.contains("'"));
    assertThat(titles).anyMatch(t -> t.contains("&"));
    assertThat(titles).anyMatch(t -> t.contains("\""));
    assertThat(titles).anyMatch(t -> t.chars().anyMatch(c -> c > 127));
    assertThat(titles).anyMatch(t -> t.length() > 60);
    assertThat(titles).anyMatch(t -> t.split(" ").length <= 2);
  }

  @Test
  void everyCategoryHasBooksButSpreadUnevenly() {
    for (int books : new int[] {50, 1000}) {
      Catalogue catalogue = new Catalogue(books, 42, MalformedSpec.none());
      Map<String, Integer> counts = new HashMap<>();
      for (int id = 1; id <= books; id++) {
        counts.merge(catalogue.book(id, 0).category(), 1, Integer::sum);
      }
      assertThat(counts.keySet())
          .as("categories used by %d books", books)
          .containsExactlyInAnyOrderElementsOf(catalogue.categories());
      if (books == 1000) {
        int max = counts.values().stream().max(Integer::compare).orElseThrow();
        int min = counts.values().stream().min(Integer::compare).orElseThrow();
        assertThat(max).isGreaterThan(10 * min);
      }
    }
    assertThat(new Catalogue(10, 1, MalformedSpec.none()).categories())
        .hasSize(50)
        .startsWith("Travel", "Mystery")
        .contains("Default", "Add a comment")
        .endsWith("Crime");
  }

  @Test
  void categoryListingsPartitionTheBooksInDescendingOrder() {
    Catalogue catalogue = new Catalogue(1000, 42, MalformedSpec.none());
    List<Integer> all = new ArrayList<>();
    for (int categoryId = 2; categoryId <= 51; categoryId++) {
      List<Integer> ids = catalogue.booksInCategory(categoryId);
      assertThat(ids).isSortedAccordingTo((x, y) -> y - x);
      for (int id : ids) {
        assertThat(catalogue.book(id, 0).categoryId()).isEqualTo(categoryId);
      }
      all.addAll(ids);
    }
    assertThat(all).hasSize(1000).doesNotHaveDuplicates();
    assertThat(catalogue.booksInCategory(1)).hasSize(1000).startsWith(1000, 999).endsWith(1);
    assertThat(catalogue.categoryPath(1)).isEqualTo("/catalogue/category/books_1/index.html");
    assertThat(catalogue.categoryPath(18))
        .isEqualTo("/catalogue/category/books/add-a-comment_18/index.html");
  }

  @Test
  void changedBetweenIsExactlyTheBooksWhosePriceOrStockDiffers() {
    Catalogue catalogue = new Catalogue(2000, 42, SOME_DEFECTS);
    int[][] pairs = {{0, 1}, {1, 2}, {0, 5}, {3, 7}, {6, 2}, {4, 4}};
    for (int[] pair : pairs) {
      Set<Integer> expected = new TreeSet<>();
      for (int id = 1; id <= 2000; id++) {
        SandboxBook a = catalogue.book(id, pair[0]);
        SandboxBook b = catalogue.book(id, pair[1]);
        if (!java.util.Objects.equals(a.priceExclTax(), b.priceExclTax())
            || a.stockCount() != b.stockCount()) {
          expected.add(id);
        }
        assertThat(a.title()).isEqualTo(b.title());
        assertThat(a.upc()).isEqualTo(b.upc());
        assertThat(a.rating()).isEqualTo(b.rating());
        assertThat(a.description()).isEqualTo(b.description());
      }
      assertThat(catalogue.changedBetween(pair[0], pair[1]))
          .as("changed between days %d and %d", pair[0], pair[1])
          .isEqualTo(expected);
    }
    assertThat(catalogue.changedBetween(4, 4)).isEmpty();
  }

  @Test
  void aboutThreePercentOfBooksChangeEachDayAndChangesAccumulate() {
    Catalogue catalogue = new Catalogue(10_000, 42, MalformedSpec.none());
    Set<Integer> union = new HashSet<>();
    List<Set<Integer>> daily = new ArrayList<>();
    daily.add(Set.of());
    for (int day = 1; day <= 8; day++) {
      Set<Integer> changed = catalogue.changedBetween(day - 1, day);
      assertThat(changed.size()).as("books changed on day %d", day).isBetween(200, 400);
      union.addAll(changed);
      daily.add(changed);
    }
    Set<Integer> overall = catalogue.changedBetween(0, 8);
    assertThat(union).containsAll(overall);
    assertThat(overall.size()).as("books changed over 8 days").isGreaterThan(1500);
    for (int id = 1; id <= 10_000; id += 97) {
      int expectedLast = 0;
      for (int day = 1; day <= 8; day++) {
        if (daily.get(day).contains(id)) {
          expectedLast = day;
        }
      }
      assertThat(catalogue.lastChangeDay(id, 8))
          .as("last change of book %d", id)
          .isEqualTo(expectedLast);
    }
  }

  @Test
  void malformedBooksAreDistinctDeterministicAndServedWithTheirDefect() {
    Catalogue catalogue = new Catalogue(1000, 42, SOME_DEFECTS);
    Map<Integer, String> malformed = catalogue.malformedBooks();
    assertThat(malformed).hasSize(9);
    assertThat(
            malformed.values().stream()
                .collect(Collectors.groupingBy(n -> n, Collectors.counting())))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("missing-price", 3L, "zero-rating", 2L, "bad-upc", 2L, "duplicate-upc", 2L));
    Map<String, Integer> wellFormedUpcs = new HashMap<>();
    for (int id = 1; id <= 1000; id++) {
      if (!malformed.containsKey(id)) {
        wellFormedUpcs.put(catalogue.book(id, 0).upc(), id);
      }
    }
    malformed.forEach(
        (id, defect) -> {
          SandboxBook book = catalogue.book(id, 2);
          assertThat(book.description()).as("malformed book %d has a description", id).isNotNull();
          switch (defect) {
            case "missing-price" -> {
              assertThat(book.priceExclTax()).isNull();
              assertThat(book.tax()).isNull();
              assertThat(book.priceInclTax()).isNull();
            }
            case "zero-rating" -> assertThat(book.rating()).isZero();
            case "bad-upc" -> assertThat(book.upc()).hasSize(16).doesNotMatch("[0-9a-f]{16}");
            case "duplicate-upc" ->
                assertThat(wellFormedUpcs).containsKey(book.upc()).doesNotContainValue(id);
            default -> throw new AssertionError("unknown defect " + defect);
          }
        });
    assertThat(new Catalogue(1000, 42, SOME_DEFECTS).malformedBooks()).isEqualTo(malformed);
    assertThat(new Catalogue(1000, 43, SOME_DEFECTS).malformedBooks()).isNotEqualTo(malformed);
  }

  @Test
  void missingPriceBooksChangeOnlyTheirStock() {
    Catalogue catalogue = new Catalogue(1000, 42, new MalformedSpec(100, 0, 0, 0));
    List<Set<Integer>> daily = new ArrayList<>();
    for (int day = 0; day <= 30; day++) {
      daily.add(day == 0 ? Set.of() : catalogue.changedBetween(day - 1, day));
    }
    int changed = 0;
    for (int id : catalogue.malformedBooks().keySet()) {
      changed += catalogue.lastChangeDay(id, 30) > 0 ? 1 : 0;
      for (int day = 1; day <= 30; day++) {
        if (daily.get(day).contains(id)) {
          assertThat(catalogue.book(id, day).stockCount())
              .isNotEqualTo(catalogue.book(id, day - 1).stockCount());
        }
      }
    }
    assertThat(changed).as("missing-price books that changed in 30 days").isPositive();
  }

  @Test
  void tooManyMalformedBooksAreRejected() {
    assertThatThrownBy(() -> new Catalogue(10, 42, new MalformedSpec(5, 5, 1, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot pick malformed books: 11 of 10 books");
    assertThatThrownBy(() -> new Catalogue(0, 42, MalformedSpec.none()))
        .hasMessage("Cannot build catalogue with books: 0");
  }

  @Test
  void productPathsUseTheSiteSlugAndTheId() {
    Catalogue catalogue = new Catalogue(1000, 42, MalformedSpec.none());
    for (int id = 1; id <= 1000; id++) {
      SandboxBook book = catalogue.book(id, 0);
      assertThat(catalogue.productPath(id))
          .isEqualTo("/catalogue/" + book.slug() + "_" + id + "/index.html");
      assertThat(book.slug()).matches("[a-z0-9]+(-[a-z0-9]+)*");
    }
    assertThat(catalogue.cataloguePages()).isEqualTo(50);
    assertThat(new Catalogue(1001, 42, MalformedSpec.none()).cataloguePages()).isEqualTo(51);
    assertThat(new Catalogue(1, 42, MalformedSpec.none()).cataloguePages()).isEqualTo(1);
    assertThatThrownBy(() -> catalogue.book(1001, 0)).hasMessage("Cannot find book: 1001");
    assertThatThrownBy(() -> catalogue.book(1, -1))
        .hasMessage("Cannot compute catalogue on day: -1");
  }

  @Test
  void recentlyViewedAreOtherDistinctBooks() {
    Catalogue catalogue = new Catalogue(1000, 42, MalformedSpec.none());
    for (int id = 1; id <= 1000; id += 37) {
      assertThat(catalogue.recentlyViewed(id))
          .hasSize(3)
          .doesNotHaveDuplicates()
          .doesNotContain(id)
          .allMatch(other -> other >= 1 && other <= 1000);
    }
    assertThat(new Catalogue(2, 42, MalformedSpec.none()).recentlyViewed(1)).containsExactly(2);
    assertThat(new Catalogue(1, 42, MalformedSpec.none()).recentlyViewed(1)).isEmpty();
  }
}
