package dev.bookslake.pipelines.clean.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.pipelines.clean.ParsedBook;
import dev.bookslake.pipelines.clean.ParsedPage;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.jupiter.api.Test;

class CleanCodersTest {

  @Test
  void aParsedPageWithEveryFieldRoundTrips() throws Exception {
    ParsedPage page =
        new ParsedPage(
            ParsedBook.builder()
                .productPage(true)
                .productUrl("https://books.toscrape.com/catalogue/x_1/index.html")
                .upc("a22124811bfa8350")
                .siteId(1)
                .title("It's")
                .category("Travel")
                .priceExclTax(new BigDecimal("44.63"))
                .priceInclTax(new BigDecimal("53.56"))
                .tax(new BigDecimal("8.93"))
                .currency("GBP")
                .stockCount(19)
                .inStock(true)
                .rating(2)
                .reviewCount(0)
                .description("Nepal & Tibet ...more")
                .imageUrl("https://books.toscrape.com/media/x.jpg")
                .found(
                    ParsedBook.Found.builder()
                        .priceExclTax("£44.63")
                        .priceInclTax("£53.56")
                        .tax("£8.93")
                        .availability("In stock (19 available)")
                        .rating("Two")
                        .reviews("0")
                        .imageSrc("../x.jpg")
                        .build())
                .build(),
            "ab12",
            Instant.parse("2026-01-01T06:00:00.123456789Z"));

    CoderProperties.coderDecodeEncodeEqual(CleanCoders.PARSED_PAGE, page);
    CoderProperties.coderDeterministic(CleanCoders.PARSED_PAGE, page, page);
  }

  @Test
  void aParsedPageOfNullsRoundTrips() throws Exception {
    ParsedPage page =
        new ParsedPage(ParsedBook.notAProductPage("not a url", null), "", Instant.EPOCH);

    CoderProperties.coderDecodeEncodeEqual(CleanCoders.PARSED_PAGE, page);
  }

  @Test
  void aRuleTallyRoundTrips() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(CleanCoders.RULE_TALLY, new RuleTally(100_000, 3));
    assertThat(
            RuleTally.sum(
                java.util.List.of(RuleTally.of(true), RuleTally.of(false), RuleTally.NONE)))
        .isEqualTo(new RuleTally(2, 1));
  }
}
