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
            new ParsedBook(
                true, "https://books.toscrape.com/catalogue/x_1/index.html", "a22124811bfa8350", 1, "It's",
                "Travel", new BigDecimal("44.63"), new BigDecimal("53.56"), new BigDecimal("8.93"), "GBP", 19, true,
                2, 0, "Nepal & Tibet ...more", "https://books.toscrape.com/media/x.jpg",
                new ParsedBook.Found("£44.63", "£53.56", "£8.93", "In stock (19 available)", "Two", "0", "../x.jpg")),
            "ab12",
            Instant.parse("2026-01-01T06:00:00.123456789Z"));

    CoderProperties.coderDecodeEncodeEqual(CleanCoders.PARSED_PAGE, page);
    CoderProperties.coderDeterministic(CleanCoders.PARSED_PAGE, page, page);
  }

  @Test
  void aParsedPageOfNullsRoundTrips() throws Exception {
    ParsedPage page = new ParsedPage(ParsedBook.notAProductPage("not a url", null), "", Instant.EPOCH);

    CoderProperties.coderDecodeEncodeEqual(CleanCoders.PARSED_PAGE, page);
  }

  @Test
  void aRuleTallyRoundTrips() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(CleanCoders.RULE_TALLY, new RuleTally(100_000, 3));
    assertThat(RuleTally.sum(java.util.List.of(RuleTally.of(true), RuleTally.of(false), RuleTally.NONE)))
        .isEqualTo(new RuleTally(2, 1));
  }
}
