package dev.bookslake.pipelines.clean.internal;

import dev.bookslake.pipelines.clean.ParsedBook;
import dev.bookslake.pipelines.clean.ParsedPage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Coders of the values the clean stage passes between its steps. Java serialization would do, but
 * it cost the DirectRunner more CPU than parsing the pages (it encodes and decodes every element to
 * check immutability); these write the fields and nothing else.
 */
public final class CleanCoders {
  /** A parsed page, field by field; deterministic. */
  public static final Coder<ParsedPage> PARSED_PAGE = new ParsedPageCoder();

  /** A rule tally: two variable-length longs. */
  public static final Coder<RuleTally> RULE_TALLY = new RuleTallyCoder();

  private static final Coder<String> STRING = NullableCoder.of(StringUtf8Coder.of());
  private static final Coder<Integer> INT = NullableCoder.of(VarIntCoder.of());
  private static final Coder<Boolean> BOOLEAN = NullableCoder.of(BooleanCoder.of());
  private static final Coder<BigDecimal> DECIMAL = NullableCoder.of(BigDecimalCoder.of());
  private static final Coder<Long> LONG = VarLongCoder.of();

  private CleanCoders() {}

  private static final class ParsedPageCoder extends AtomicCoder<ParsedPage> {
    @Override
    public void encode(ParsedPage page, OutputStream out) throws IOException {
      ParsedBook b = page.book();
      BooleanCoder.of().encode(b.productPage(), out);
      for (String s : new String[] {b.productUrl(), b.upc()}) {
        STRING.encode(s, out);
      }
      INT.encode(b.siteId(), out);
      for (String s : new String[] {b.title(), b.category()}) {
        STRING.encode(s, out);
      }
      for (BigDecimal d : new BigDecimal[] {b.priceExclTax(), b.priceInclTax(), b.tax()}) {
        DECIMAL.encode(d, out);
      }
      STRING.encode(b.currency(), out);
      INT.encode(b.stockCount(), out);
      BOOLEAN.encode(b.inStock(), out);
      INT.encode(b.rating(), out);
      INT.encode(b.reviewCount(), out);
      for (String s : new String[] {b.description(), b.imageUrl()}) {
        STRING.encode(s, out);
      }
      ParsedBook.Found f = b.found();
      for (String s :
          new String[] {
            f.priceExclTax(),
            f.priceInclTax(),
            f.tax(),
            f.availability(),
            f.rating(),
            f.reviews(),
            f.imageSrc()
          }) {
        STRING.encode(s, out);
      }
      STRING.encode(page.pageSha256(), out);
      LONG.encode(page.fetchedAt().getEpochSecond(), out);
      LONG.encode((long) page.fetchedAt().getNano(), out);
    }

    @Override
    public ParsedPage decode(InputStream in) throws IOException {
      // In the order encode wrote them: each call below reads the next field.
      ParsedBook.Builder book =
          ParsedBook.builder()
              .productPage(BooleanCoder.of().decode(in))
              .productUrl(STRING.decode(in))
              .upc(STRING.decode(in))
              .siteId(INT.decode(in))
              .title(STRING.decode(in))
              .category(STRING.decode(in))
              .priceExclTax(DECIMAL.decode(in))
              .priceInclTax(DECIMAL.decode(in))
              .tax(DECIMAL.decode(in))
              .currency(STRING.decode(in))
              .stockCount(INT.decode(in))
              .inStock(BOOLEAN.decode(in))
              .rating(INT.decode(in))
              .reviewCount(INT.decode(in))
              .description(STRING.decode(in))
              .imageUrl(STRING.decode(in));
      book.found(
          ParsedBook.Found.builder()
              .priceExclTax(STRING.decode(in))
              .priceInclTax(STRING.decode(in))
              .tax(STRING.decode(in))
              .availability(STRING.decode(in))
              .rating(STRING.decode(in))
              .reviews(STRING.decode(in))
              .imageSrc(STRING.decode(in))
              .build());
      String sha = STRING.decode(in);
      Instant fetchedAt = Instant.ofEpochSecond(LONG.decode(in), LONG.decode(in));
      return new ParsedPage(book.build(), sha, fetchedAt);
    }

    @Override
    public void verifyDeterministic() {}
  }

  private static final class RuleTallyCoder extends AtomicCoder<RuleTally> {
    @Override
    public void encode(RuleTally tally, OutputStream out) throws IOException {
      LONG.encode(tally.checked(), out);
      LONG.encode(tally.failed(), out);
    }

    @Override
    public RuleTally decode(InputStream in) throws IOException {
      return new RuleTally(LONG.decode(in), LONG.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
