package dev.bookslake.pipelines.clean;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.pipelines.clean.internal.HistoryIntervals;
import dev.bookslake.schemas.silver.Book;
import dev.bookslake.schemas.silver.BookPriceStock;
import dev.bookslake.schemas.silver.QuarantinedBook;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;

class BookHistoryTest {
  private static final LocalDate D0 = LocalDate.parse("2026-01-01");
  private static final LocalDate D1 = LocalDate.parse("2026-01-02");
  private static final LocalDate D2 = LocalDate.parse("2026-01-03");
  private static final LocalDate D3 = LocalDate.parse("2026-01-04");
  private static final String A = "aaaaaaaaaaaaaaaa";
  private static final String B = "bbbbbbbbbbbbbbbb";
  private static final String C = "cccccccccccccccc";
  private static final String D = "dddddddddddddddd";

  static Book book(String upc, String price, int stock, LocalDate dt) {
    return Book.newBuilder()
        .setUpc(upc)
        .setSiteId(1)
        .setTitle("Book " + upc.charAt(0))
        .setCategory("Travel")
        .setPriceExclTax(new BigDecimal(price))
        .setPriceInclTax(new BigDecimal(price))
        .setTax(new BigDecimal("0.00"))
        .setCurrency("GBP")
        .setStockCount(stock)
        .setInStock(stock > 0)
        .setRating(3)
        .setReviewCount(0)
        .setDescription(null)
        .setImageUrl("https://books.toscrape.com/media/x.jpg")
        .setProductUrl("https://books.toscrape.com/catalogue/book_1/index.html")
        .setPageSha256("00")
        .setScrapedAt(Instant.parse(dt + "T06:00:00Z"))
        .setRunId("clean-" + dt)
        .setDt(dt.toString())
        .build();
  }

  static BookPriceStock interval(
      String upc, String price, int stock, LocalDate from, LocalDate to, LocalDate dt) {
    return BookPriceStock.newBuilder()
        .setUpc(upc)
        .setPriceExclTax(new BigDecimal(price))
        .setPriceInclTax(new BigDecimal(price))
        .setStockCount(stock)
        .setInStock(stock > 0)
        .setValidFrom(from)
        .setValidTo(to)
        .setIsCurrent(to == null)
        .setDt(dt.toString())
        .build();
  }

  static QuarantinedBook quarantined(String upc, LocalDate dt) {
    return QuarantinedBook.newBuilder()
        .setProductUrl("https://books.toscrape.com/catalogue/book_3/index.html")
        .setUpc(upc)
        .setSiteId(3)
        .setRule("rating_range")
        .setReason("Cannot accept rating: 'Zero' is not One..Five")
        .setParsedJson("{}")
        .setPageSha256("00")
        .setScrapedAt(Instant.parse(dt + "T06:00:00Z"))
        .setRunId("clean-" + dt)
        .setDt(dt.toString())
        .build();
  }

  private static PCollection<Book> books(TestPipeline p, String name, Book... books) {
    return p.apply(name, Create.of(List.of(books)).withCoder(AvroCoder.of(Book.class)));
  }

  private static PCollection<QuarantinedBook> quarantine(
      TestPipeline p, String name, QuarantinedBook... rows) {
    return p.apply(name, Create.of(List.of(rows)).withCoder(AvroCoder.of(QuarantinedBook.class)));
  }

  @Test
  void tracksPriceAndStockOverFourDays() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    PCollection<BookPriceStock> none =
        p.apply("NoHistory", Create.empty(AvroCoder.of(BookPriceStock.class)));
    PCollection<QuarantinedBook> noQuarantine = quarantine(p, "NoQuarantine");

    PCollection<BookPriceStock> day0 =
        books(
                p,
                "Books0",
                book(A, "10.00", 5, D0),
                book(B, "20.00", 3, D0),
                book(C, "30.00", 1, D0))
            .apply("History0", new BookHistory(none, noQuarantine, D0));
    // Nothing changed: the same intervals, nothing opened or closed.
    PCollection<BookPriceStock> day1 =
        books(
                p,
                "Books1",
                book(A, "10.00", 5, D1),
                book(B, "20.00", 3, D1),
                book(C, "30.00", 1, D1))
            .apply("History1", new BookHistory(day0, noQuarantine, D1));
    // A's price changes, B disappears, C is unchanged, D is new.
    PCollection<Book> books2 =
        books(
            p, "Books2", book(A, "11.00", 5, D2), book(C, "30.00", 1, D2), book(D, "40.00", 2, D2));
    PCollection<BookPriceStock> day2 =
        books2.apply("History2", new BookHistory(day1, noQuarantine, D2));
    // The same inputs again, as a re-run of D2 would read them.
    PCollection<BookPriceStock> day2Again =
        books2.apply("History2Again", new BookHistory(day1, noQuarantine, D2));
    // B is back, C's page is quarantined (still listed, values unknown), D sells out.
    PCollection<BookPriceStock> day3 =
        books(
                p,
                "Books3",
                book(A, "11.00", 5, D3),
                book(B, "20.00", 3, D3),
                book(D, "40.00", 0, D3))
            .apply(
                "History3",
                new BookHistory(day2, quarantine(p, "Quarantine3", quarantined(C, D3)), D3));

    PAssert.that("day 0 opens every book", day0)
        .containsInAnyOrder(
            interval(A, "10.00", 5, D0, null, D0),
            interval(B, "20.00", 3, D0, null, D0),
            interval(C, "30.00", 1, D0, null, D0));
    PAssert.that("an unchanged day keeps exactly the previous rows", day1)
        .containsInAnyOrder(
            interval(A, "10.00", 5, D0, null, D1),
            interval(B, "20.00", 3, D0, null, D1),
            interval(C, "30.00", 1, D0, null, D1));
    List<BookPriceStock> expected2 =
        List.of(
            interval(A, "10.00", 5, D0, D2, D2),
            interval(A, "11.00", 5, D2, null, D2),
            interval(B, "20.00", 3, D0, D2, D2),
            interval(C, "30.00", 1, D0, null, D2),
            interval(D, "40.00", 2, D2, null, D2));
    PAssert.that("a change closes and opens, a disappearance closes", day2)
        .containsInAnyOrder(expected2);
    PAssert.that("a re-run gives the same rows", day2Again).containsInAnyOrder(expected2);
    PAssert.that("closed intervals carry over; a quarantined book keeps its interval", day3)
        .containsInAnyOrder(
            interval(A, "10.00", 5, D0, D2, D3),
            interval(A, "11.00", 5, D2, null, D3),
            interval(B, "20.00", 3, D0, D2, D3),
            interval(B, "20.00", 3, D3, null, D3),
            interval(C, "30.00", 1, D0, null, D3),
            interval(D, "40.00", 2, D2, D3, D3),
            interval(D, "40.00", 0, D3, null, D3));
    p.run().waitUntilFinish();
  }

  @Test
  void manyBooksInEachGroupingBucketKeepTheirOwnIntervals() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    List<Book> day0 = new ArrayList<>();
    List<Book> day1 = new ArrayList<>();
    List<BookPriceStock> expected = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String upc = String.format("%016x", i);
      day0.add(book(upc, "10.00", 5, D0));
      if (i % 2 == 0) {
        day1.add(book(upc, "12.00", 5, D1));
        expected.add(interval(upc, "10.00", 5, D0, D1, D1));
        expected.add(interval(upc, "12.00", 5, D1, null, D1));
      } else {
        day1.add(book(upc, "10.00", 5, D1));
        expected.add(interval(upc, "10.00", 5, D0, null, D1));
      }
    }
    PCollection<BookPriceStock> none =
        p.apply("NoHistory", Create.empty(AvroCoder.of(BookPriceStock.class)));
    PCollection<BookPriceStock> history0 =
        books(p, "Books0", day0.toArray(Book[]::new))
            .apply("History0", new BookHistory(none, quarantine(p, "Q0"), D0));
    PCollection<BookPriceStock> history1 =
        books(p, "Books1", day1.toArray(Book[]::new))
            .apply("History1", new BookHistory(history0, quarantine(p, "Q1"), D1));

    PAssert.that(history1).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  void aQuarantinedBookWithoutHistoryOpensNothing() {
    HistoryIntervals.Advance advance = HistoryIntervals.advance(List.of(), null, true, D1);

    assertThat(advance.rows()).isEmpty();
    assertThat(advance.opened() + advance.closed() + advance.heldOpen()).isZero();
  }

  @Test
  void aPriceChangeOfOnlyTheInclTaxPriceIsAChange() {
    Book taxed =
        Book.newBuilder(book(A, "10.00", 5, D1)).setPriceInclTax(new BigDecimal("12.00")).build();

    HistoryIntervals.Advance advance =
        HistoryIntervals.advance(List.of(interval(A, "10.00", 5, D0, null, D0)), taxed, false, D1);

    assertThat(advance.closed()).isEqualTo(1);
    assertThat(advance.opened()).isEqualTo(1);
    assertThat(advance.rows()).extracting(BookPriceStock::getValidFrom).containsExactly(D0, D1);
  }

  @Test
  void sameValuesAtAnotherScaleAreNoChange() {
    Book sameValue =
        Book.newBuilder(book(A, "10.00", 5, D1)).setPriceExclTax(new BigDecimal("10.0")).build();

    HistoryIntervals.Advance advance =
        HistoryIntervals.advance(
            List.of(interval(A, "10.00", 5, D0, null, D0)), sameValue, false, D1);

    assertThat(advance.rows()).containsExactly(interval(A, "10.00", 5, D0, null, D1));
  }

  @Test
  void twoOpenIntervalsFromAnEditedPartitionAreRepaired() {
    HistoryIntervals.Advance advance =
        HistoryIntervals.advance(
            List.of(interval(A, "12.00", 5, D1, null, D1), interval(A, "10.00", 5, D0, null, D1)),
            book(A, "12.00", 5, D2),
            false,
            D2);

    assertThat(advance.rows())
        .containsExactly(
            interval(A, "10.00", 5, D0, D1, D2), interval(A, "12.00", 5, D1, null, D2));
  }
}
