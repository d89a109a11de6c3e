package dev.bookslake.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two servers a few days apart: exactly the changed books' pages change, and conditional GETs say
 * so.
 */
class SandboxDayChangeIT {

  private static final int EARLIER = 1;
  private static final int LATER = 4;
  private static final Instant BASE_INSTANT = Instant.parse("2016-06-24T09:29:00Z");

  private static SandboxServer earlier;
  private static SandboxServer later;
  private static final SiteClient client = new SiteClient();

  @BeforeAll
  static void start() {
    SandboxConfig config = SandboxConfig.builder().malformed(new MalformedSpec(5, 0, 0, 0)).build();
    earlier = SandboxServer.start(config.toBuilder().day(EARLIER).build());
    later = SandboxServer.start(config.toBuilder().day(LATER).build());
  }

  @AfterAll
  static void stop() {
    earlier.close();
    later.close();
  }

  @Test
  void productEtagsChangeForExactlyTheChangedBooks() {
    Catalogue catalogue = later.catalogue();
    Set<Integer> changedPages = new TreeSet<>();
    for (int id = 1; id <= catalogue.size(); id++) {
      String path = catalogue.productPath(id).substring(1);
      HttpResponse<byte[]> before = client.head(earlier.baseUri().resolve(path));
      HttpResponse<byte[]> after = client.head(later.baseUri().resolve(path));
      if (!etag(before).equals(etag(after))) {
        changedPages.add(id);
      }
      assertThat(lastModified(after))
          .as("Last-Modified of %d", id)
          .isEqualTo(BASE_INSTANT.plus(catalogue.lastChangeDay(id, LATER), ChronoUnit.DAYS));
    }
    Set<Integer> changed = catalogue.changedBetween(EARLIER, LATER);
    assertThat(changed).isNotEmpty();
    assertThat(changedPages).isEqualTo(changed);
  }

  // A listing shows the price and only "In stock" or "Out of stock": a stock count going from 5
  // to 7 leaves the listing as it was.
  @Test
  void cataloguePageEtagsChangeWhenAListedBookLooksDifferent() {
    Catalogue catalogue = later.catalogue();
    int changedPages = 0;
    for (int page = 1; page <= catalogue.cataloguePages(); page++) {
      String path = "catalogue/page-" + page + ".html";
      boolean pageChanged =
          !etag(client.head(earlier.baseUri().resolve(path)))
              .equals(etag(client.head(later.baseUri().resolve(path))));
      int newest = catalogue.size() - 20 * (page - 1);
      boolean bookChanged = false;
      for (int id = newest; id > Math.max(0, newest - 20); id--) {
        SandboxBook before = catalogue.book(id, EARLIER);
        SandboxBook after = catalogue.book(id, LATER);
        bookChanged |=
            !Objects.equals(before.priceInclTax(), after.priceInclTax())
                || before.inStock() != after.inStock();
      }
      assertThat(pageChanged).as("page %d changed", page).isEqualTo(bookChanged);
      changedPages += pageChanged ? 1 : 0;
    }
    assertThat(changedPages).isPositive();
  }

  @Test
  void anEarlierEtagRevalidatesOnlyUnchangedPages() {
    Catalogue catalogue = later.catalogue();
    Set<Integer> changed = catalogue.changedBetween(EARLIER, LATER);
    for (int id = 1; id <= catalogue.size(); id += 7) {
      String path = catalogue.productPath(id).substring(1);
      String oldEtag = etag(client.get(earlier.baseUri().resolve(path)));
      HttpResponse<byte[]> revalidated =
          client.get(later.baseUri().resolve(path), Map.of("If-None-Match", oldEtag));
      assertThat(revalidated.statusCode())
          .as("revalidation of %d", id)
          .isEqualTo(changed.contains(id) ? 200 : 304);
    }
  }

  private static String etag(HttpResponse<byte[]> response) {
    return response.headers().firstValue("ETag").orElseThrow();
  }

  private static Instant lastModified(HttpResponse<byte[]> response) {
    return ZonedDateTime.parse(
            response.headers().firstValue("Last-Modified").orElseThrow(),
            DateTimeFormatter.RFC_1123_DATE_TIME)
        .toInstant();
  }
}
