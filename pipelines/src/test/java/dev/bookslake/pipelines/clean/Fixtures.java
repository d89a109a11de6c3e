package dev.bookslake.pipelines.clean;

import dev.bookslake.schemas.bronze.Page;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/** Saved product pages under {@code src/test/resources/html/} and bronze rows made from them. */
final class Fixtures {
  static final String SITE = "https://books.toscrape.com/";
  static final Instant FETCHED_AT = Instant.parse("2026-01-01T06:00:00.123Z");

  /** File name of each saved page and the URL it stands for. */
  static final String TYPICAL = "typical.html";

  static final String TYPICAL_URL = SITE + "catalogue/its-only-the-himalayas_981/index.html";

  /** The typical page with a soft hyphen, a zero-width space and odd whitespace in its texts. */
  static final String INVISIBLE_CHARACTERS = "invisible-characters.html";

  static final String NO_DESCRIPTION = "no-description.html";
  static final String NO_DESCRIPTION_URL =
      SITE + "catalogue/alice-in-wonderland-alices-adventures-in-wonderland-1_5/index.html";
  static final String OUT_OF_STOCK = "out-of-stock.html";
  static final String OUT_OF_STOCK_URL = SITE + "catalogue/the-black-maria_991/index.html";
  static final String TAXED = "taxed.html";
  static final String TAXED_URL = SITE + "catalogue/tipping-the-velvet_999/index.html";
  static final String RECENTLY_VIEWED = "recently-viewed.html";
  static final String RECENTLY_VIEWED_URL = SITE + "catalogue/a-light-in-the-attic_1000/index.html";
  static final String MISSING_PRICE = "missing-price.html";
  static final String MISSING_PRICE_URL = SITE + "catalogue/soumission_998/index.html";
  static final String RATING_ZERO = "rating-zero.html";
  static final String RATING_ZERO_URL = SITE + "catalogue/sharp-objects_997/index.html";
  static final String NON_HEX_UPC = "non-hex-upc.html";
  static final String NON_HEX_UPC_URL =
      SITE + "catalogue/sapiens-a-brief-history-of-humankind_996/index.html";

  private Fixtures() {}

  static String html(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/html/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("Cannot find test page: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ParsedBook parsed(String name, String url) {
    return ProductPageParser.parse(html(name), url);
  }

  /** A bronze row for a page body, as the scrape stage writes it. */
  static Page page(String url, String kind, int status, String body, String dt) {
    return Page.newBuilder()
        .setUrl(url)
        .setPageKind(kind)
        .setHttpStatus(status)
        .setContentType("text/html")
        .setBody(body)
        .setSha256(sha256(body))
        .setAttempts(1)
        .setFetchedAt(FETCHED_AT)
        .setRunId("scrape-" + dt)
        .setDt(dt)
        .build();
  }

  static Page product(String url, String body, String dt) {
    return page(url, "product", 200, body, dt);
  }

  static String sha256(String body) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
