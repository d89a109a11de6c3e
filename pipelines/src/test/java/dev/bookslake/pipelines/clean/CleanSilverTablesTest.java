package dev.bookslake.pipelines.clean;

import static dev.bookslake.pipelines.clean.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.schemas.bronze.Page;
import dev.bookslake.schemas.silver.Book;
import dev.bookslake.schemas.silver.BookPriceStock;
import dev.bookslake.schemas.silver.QualityCheck;
import dev.bookslake.schemas.silver.QuarantinedBook;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class CleanSilverTablesTest {
  private static final LocalDate DT = LocalDate.parse("2026-01-01");
  private static final String RUN = "clean-test";
  private static final String COPY_URL =
      SITE + "catalogue/its-only-the-himalayas-reprint_2000/index.html";
  private static final String ERROR_URL = SITE + "catalogue/gone_404/index.html";

  /**
   * A day of bronze: every saved page, a 304, a copy sharing a UPC, an error page, and listing
   * pages.
   */
  static List<Page> bronze() {
    String dt = DT.toString();
    List<Page> pages = new ArrayList<>();
    pages.add(product(TYPICAL_URL, html(TYPICAL), dt));
    pages.add(
        product(
            COPY_URL,
            html(TYPICAL).replace("It&#39;s Only the Himalayas", "Himalayas (reprint)"),
            dt));
    pages.add(product(NO_DESCRIPTION_URL, html(NO_DESCRIPTION), dt));
    pages.add(product(OUT_OF_STOCK_URL, html(OUT_OF_STOCK), dt));
    pages.add(page(TAXED_URL, "product", 304, html(TAXED), dt));
    pages.add(product(RECENTLY_VIEWED_URL, html(RECENTLY_VIEWED), dt));
    pages.add(product(MISSING_PRICE_URL, html(MISSING_PRICE), dt));
    pages.add(product(RATING_ZERO_URL, html(RATING_ZERO), dt));
    pages.add(product(NON_HEX_UPC_URL, html(NON_HEX_UPC), dt));
    pages.add(product(ERROR_URL, "<html><body><h1>404 Not Found</h1></body></html>", dt));
    pages.add(page(SITE + "index.html", "home", 200, html(RECENTLY_VIEWED), dt));
    pages.add(page(SITE + "catalogue/page-2.html", "catalogue", 200, "<html></html>", dt));
    return pages;
  }

  static List<String> productUrls() {
    return bronze().stream()
        .filter(p -> p.getPageKind().equals("product"))
        .map(Page::getUrl)
        .toList();
  }

  private static PCollectionTuple clean(TestPipeline p) {
    PCollection<BookPriceStock> none =
        p.apply("NoHistory", Create.empty(AvroCoder.of(BookPriceStock.class)));
    return p.apply("Bronze", Create.of(bronze()).withCoder(AvroCoder.of(Page.class)))
        .apply("Clean", new SilverTables(none, DT, RUN));
  }

  @Test
  void validPagesBecomeBooksAndTheRestIsQuarantinedPerFailedRule() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    PCollectionTuple silver = clean(p);

    PAssert.that(
            silver
                .get(ValidatedBooks.BOOKS)
                .apply(
                    "BookUrls",
                    MapElements.into(TypeDescriptors.strings()).via(Book::getProductUrl)))
        .containsInAnyOrder(NO_DESCRIPTION_URL, OUT_OF_STOCK_URL, TAXED_URL, RECENTLY_VIEWED_URL);
    PAssert.that(
            silver
                .get(ValidatedBooks.QUARANTINE)
                .apply(
                    "RuleByUrl",
                    MapElements.into(TypeDescriptors.strings())
                        .via(q -> q.getRule() + " " + q.getProductUrl())))
        .containsInAnyOrder(
            "upc_unique " + TYPICAL_URL,
            "upc_unique " + COPY_URL,
            "price_present " + MISSING_PRICE_URL,
            "rating_range " + RATING_ZERO_URL,
            "upc_format " + NON_HEX_UPC_URL,
            "page_parseable " + ERROR_URL);
    p.run().waitUntilFinish();
  }

  @Test
  void everyProductPageEndsUpInExactlyOneOfBooksAndQuarantine() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    PCollectionTuple silver = clean(p);

    PCollection<String> bookUrls =
        silver
            .get(ValidatedBooks.BOOKS)
            .apply(
                "BookUrls", MapElements.into(TypeDescriptors.strings()).via(Book::getProductUrl));
    PCollection<String> quarantinedUrls =
        silver
            .get(ValidatedBooks.QUARANTINE)
            .apply(
                "QuarantineUrls",
                MapElements.into(TypeDescriptors.strings()).via(QuarantinedBook::getProductUrl))
            .apply("OncePerPage", Distinct.create());
    // A page in both, or in neither, breaks containsInAnyOrder (an extra or a missing element).
    PAssert.that(
            PCollectionList.of(bookUrls)
                .and(quarantinedUrls)
                .apply("Accounted", Flatten.pCollections()))
        .containsInAnyOrder(productUrls());
    p.run().waitUntilFinish();
  }

  @Test
  void aBookRowCarriesEveryFieldFromThePageAndBronze() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    PCollectionTuple silver = clean(p);
    String body = html(TAXED);

    PAssert.that(
            silver
                .get(ValidatedBooks.BOOKS)
                .apply("Taxed", Filter.by((Book b) -> b.getSiteId() == 999)))
        .containsInAnyOrder(
            Book.newBuilder()
                .setUpc("90fa61229261140a")
                .setSiteId(999)
                .setTitle("Tipping the Velvet")
                .setCategory("Historical Fiction")
                .setPriceExclTax(new BigDecimal("44.63"))
                .setPriceInclTax(new BigDecimal("53.56"))
                .setTax(new BigDecimal("8.93"))
                .setCurrency("GBP")
                .setStockCount(20)
                .setInStock(true)
                .setRating(1)
                .setReviewCount(3)
                .setDescription("Erotic and absorbing... Written with starling power. ...more")
                .setImageUrl(
                    "https://books.toscrape.com/media/cache/08/e9/08e94f3731d7d6b760dfbfbc02ca5c62.jpg")
                .setProductUrl(TAXED_URL)
                .setPageSha256(sha256(body))
                .setScrapedAt(FETCHED_AT)
                .setRunId(RUN)
                .setDt(DT.toString())
                .build());
    p.run().waitUntilFinish();
  }

  @Test
  void quarantineRowsNameTheValueAndKeepTheParsedFields() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    PCollectionTuple silver = clean(p);

    PAssert.that(silver.get(ValidatedBooks.QUARANTINE))
        .satisfies(
            rows -> {
              Map<String, QuarantinedBook> byUrl =
                  StreamSupport.stream(rows.spliterator(), false)
                      .collect(
                          Collectors.toMap(QuarantinedBook::getProductUrl, q -> q, (a, b) -> a));
              QuarantinedBook zero = byUrl.get(RATING_ZERO_URL);
              assertThat(zero.getReason())
                  .isEqualTo("Cannot accept rating: 'Zero' is not One..Five");
              assertThat(zero.getUpc()).isEqualTo("e00eb4fd7b871a48");
              assertThat(zero.getSiteId()).isEqualTo(997);
              assertThat(zero.getPageSha256()).isEqualTo(sha256(html(RATING_ZERO)));
              assertThat(zero.getParsedJson())
                  .startsWith(
                      "{\"product_page\":true,\"product_url\":\""
                          + RATING_ZERO_URL
                          + "\",\"upc\":\"e00eb4fd7b871a48\"")
                  .contains(
                      "\"price_incl_tax\":47.82",
                      "\"rating\":null",
                      "\"found\":{",
                      "\"rating\":\"Zero\"");
              assertThat(byUrl.get(TYPICAL_URL).getReason())
                  .isEqualTo(
                      "Cannot accept upc: 'a22124811bfa8350' is on 2 pages of this dt: "
                          + COPY_URL
                          + ", "
                          + TYPICAL_URL);
              QuarantinedBook error = byUrl.get(ERROR_URL);
              assertThat(error.getUpc()).isNull();
              assertThat(error.getSiteId()).isEqualTo(404);
              assertThat(error.getRunId()).isEqualTo(RUN);
              assertThat(error.getDt()).isEqualTo(DT.toString());
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void theQualityReportCountsCheckedAndFailedPagesForEveryRule() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    PCollectionTuple silver = clean(p);

    PAssert.that(
            silver
                .get(SilverTables.QUALITY_REPORT)
                .apply(
                    "Counts",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            (QualityCheck c) ->
                                c.getRule() + " " + c.getChecked() + " " + c.getFailed())))
        .containsInAnyOrder(
            "page_parseable 10 1",
            "upc_format 9 1",
            "upc_unique 8 2",
            "site_id_present 9 0",
            "title_present 9 0",
            "category_present 9 0",
            "price_present 9 1",
            "price_positive 8 0",
            "price_consistent 8 0",
            "rating_range 9 1",
            "review_count_present 9 0",
            "stock_consistent 9 0",
            "url_absolute 9 0");
    p.run().waitUntilFinish();
  }

  @Test
  void anEmptyDayStillReportsEveryRuleAndWritesNothingElse() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    PCollection<BookPriceStock> none =
        p.apply("NoHistory", Create.empty(AvroCoder.of(BookPriceStock.class)));
    PCollectionTuple silver =
        p.apply("NoPages", Create.empty(AvroCoder.of(Page.class)))
            .apply("Clean", new SilverTables(none, DT, RUN));

    PAssert.that(silver.get(ValidatedBooks.BOOKS)).empty();
    PAssert.that(silver.get(ValidatedBooks.QUARANTINE)).empty();
    PAssert.that(silver.get(SilverTables.HISTORY)).empty();
    PAssert.that(
            silver
                .get(SilverTables.QUALITY_REPORT)
                .apply(
                    "Rules",
                    MapElements.into(TypeDescriptors.strings())
                        .via((QualityCheck c) -> c.getRule() + " " + c.getChecked())))
        .containsInAnyOrder(QualityRules.ALL.stream().map(r -> r.name() + " 0").toList());
    p.run().waitUntilFinish();
  }

  @Test
  void theFirstDayOpensAHistoryIntervalPerBook() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    PCollectionTuple silver = clean(p);

    PAssert.that(
            silver
                .get(SilverTables.HISTORY)
                .apply(
                    "Intervals",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            (BookPriceStock h) ->
                                h.getUpc()
                                    + " "
                                    + h.getPriceInclTax()
                                    + " "
                                    + h.getStockCount()
                                    + " "
                                    + h.getValidFrom()
                                    + " "
                                    + h.getValidTo()
                                    + " "
                                    + h.getIsCurrent())))
        .containsInAnyOrder(
            "cd2a2a70dd5d176d 55.53 1 2026-01-01 null true",
            "3b1c02bac2a429e6 52.15 0 2026-01-01 null true",
            "90fa61229261140a 53.56 20 2026-01-01 null true",
            "a897fe39b1053632 51.77 22 2026-01-01 null true");
    p.run().waitUntilFinish();
  }

  @Test
  void pagesSharingAGroupingBucketAreStillCheckedOnePerUpc() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    List<Page> many = new ArrayList<>();
    for (int i = 1; i <= 300; i++) {
      // 300 UPCs over 64 buckets: every bucket holds several books.
      String body = html(TYPICAL).replace("a22124811bfa8350", String.format("%016x", i));
      many.add(
          product(SITE + "catalogue/book-" + i + "_" + i + "/index.html", body, DT.toString()));
    }
    many.add(
        product(
            SITE + "catalogue/book-copy_301/index.html",
            html(TYPICAL).replace("a22124811bfa8350", String.format("%016x", 7)),
            DT.toString()));
    PCollection<BookPriceStock> none =
        p.apply("NoHistory", Create.empty(AvroCoder.of(BookPriceStock.class)));
    PCollectionTuple silver =
        p.apply("Bronze", Create.of(many).withCoder(AvroCoder.of(Page.class)))
            .apply("Clean", new SilverTables(none, DT, RUN));

    PAssert.that(
            silver
                .get(ValidatedBooks.QUARANTINE)
                .apply(
                    "Urls",
                    MapElements.into(TypeDescriptors.strings())
                        .via(QuarantinedBook::getProductUrl)))
        .containsInAnyOrder(
            SITE + "catalogue/book-7_7/index.html", SITE + "catalogue/book-copy_301/index.html");
    PAssert.that(silver.get(ValidatedBooks.BOOKS).apply("CountBooks", Count.globally()))
        .containsInAnyOrder(299L);
    PAssert.that(silver.get(SilverTables.HISTORY).apply("CountIntervals", Count.globally()))
        .containsInAnyOrder(299L);
    p.run().waitUntilFinish();
  }
}
