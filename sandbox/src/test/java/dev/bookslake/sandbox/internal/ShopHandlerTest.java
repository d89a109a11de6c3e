package dev.bookslake.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ShopHandlerTest {

  private static final String ETAG = "\"0123456789abcdef\"";
  private static final Instant MODIFIED = Instant.parse("2016-06-27T09:29:00Z");

  @Test
  void ifNoneMatchMatchesTheETagInAListOrWeakOrStar() {
    assertThat(ShopHandler.notModified(ETAG, null, ETAG, MODIFIED)).isTrue();
    assertThat(ShopHandler.notModified("\"other\", " + ETAG, null, ETAG, MODIFIED)).isTrue();
    assertThat(ShopHandler.notModified("W/" + ETAG, null, ETAG, MODIFIED)).isTrue();
    assertThat(ShopHandler.notModified("*", null, ETAG, MODIFIED)).isTrue();
    assertThat(ShopHandler.notModified("\"other\"", null, ETAG, MODIFIED)).isFalse();
  }

  @Test
  void ifModifiedSinceCountsOnlyWithoutIfNoneMatch() {
    String same = "Mon, 27 Jun 2016 09:29:00 GMT";
    String earlier = "Mon, 27 Jun 2016 09:28:59 GMT";
    assertThat(ShopHandler.notModified(null, same, ETAG, MODIFIED)).isTrue();
    assertThat(ShopHandler.notModified(null, "Tue, 28 Jun 2016 00:00:00 GMT", ETAG, MODIFIED))
        .isTrue();
    assertThat(ShopHandler.notModified(null, earlier, ETAG, MODIFIED)).isFalse();
    assertThat(ShopHandler.notModified(null, "yesterday", ETAG, MODIFIED)).isFalse();
    assertThat(ShopHandler.notModified("\"other\"", same, ETAG, MODIFIED)).isFalse();
    assertThat(ShopHandler.notModified(null, null, ETAG, MODIFIED)).isFalse();
  }
}
