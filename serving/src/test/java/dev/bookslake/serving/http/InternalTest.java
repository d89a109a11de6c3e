package dev.bookslake.serving.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.serving.problem.ProblemException;
import io.helidon.common.uri.UriQuery;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small pieces: JSON writing, paging links, ETag matching, the token bucket. */
class InternalTest {
  @Test
  void jsonOutWritesExactDecimalsAndEscapes() {
    String json =
        new JsonOut(16)
            .beginObject()
            .name("price")
            .value(new BigDecimal("10.50"))
            .name("text")
            .value("a \"quote\"\n\u0001 café")
            .name("nan")
            .value(Double.NaN)
            .name("list")
            .value(List.of(1, true, Map.of("k", "v")))
            .endObject()
            .toString();
    assertThat(json)
        .isEqualTo(
            "{\"price\":10.50,\"text\":\"a \\\"quote\\\"\\n\\u0001 café\",\"nan\":null,"
                + "\"list\":[1,true,{\"k\":\"v\"}]}");
  }

  @Test
  void pagingLinksAreCanonical() {
    Params params =
        Params.of(UriQuery.create("sort=-price&size=10&page=3"), "page", "size", "sort");
    Paging paging = Paging.from(params, 100);
    assertThat(paging.offset()).isEqualTo(20);
    assertThat(paging.links("/api/v1/books", params.asMap(), 45))
        .isEqualTo(
            "</api/v1/books?page=1&size=10&sort=-price>; rel=\"first\", "
                + "</api/v1/books?page=2&size=10&sort=-price>; rel=\"prev\", "
                + "</api/v1/books?page=4&size=10&sort=-price>; rel=\"next\", "
                + "</api/v1/books?page=5&size=10&sort=-price>; rel=\"last\"");
    assertThat(paging.slice(List.of(1, 2, 3))).isEmpty();
  }

  @Test
  void datesAndInstantsAreExactlyRfc3339() {
    Params params =
        Params.of(
            UriQuery.create(
                "d=0001-01-01&a=2026-12-31t23:59:60.5%2B23:59&b=2026-01-01T00:00:00.1234567891Z"),
            "d",
            "a",
            "b");
    assertThat(params.date("d")).contains(LocalDate.of(1, 1, 1));
    // A leap second is the next minute's first; an offset may reach 23:59, past java.time's 18:00.
    assertThat(params.instant("a")).contains(Instant.parse("2026-12-31T00:01:00.5Z"));
    assertThat(params.instant("b")).contains(Instant.parse("2026-01-01T00:00:00.123456789Z"));
    assertThat(params.canonical())
        .containsEntry("a", "2026-12-31T00:01:00.500Z")
        .containsEntry("d", "0001-01-01");
    for (String bad : List.of("0000-01-01", "2026-1-01", "20260101", "2026-01-01T00:00:00Z")) {
      assertThatThrownBy(() -> Params.of(UriQuery.create("d=" + bad), "d").date("d"))
          .as(bad)
          .isInstanceOf(ProblemException.class);
    }
    for (String bad :
        List.of(
            "2026-01-01T00:00:00",
            "2026-01-01T00:00Z",
            "2026-01-01 00:00:00Z",
            "2026-01-01T00:00:00.Z",
            "2026-01-01T00:00:00%2B0100",
            "2026-01-01T00:60:00Z")) {
      assertThatThrownBy(() -> Params.of(UriQuery.create("a=" + bad), "a").instant("a"))
          .as(bad)
          .isInstanceOf(ProblemException.class);
    }
  }

  @Test
  void ifNoneMatchAcceptsListsWeakTagsAndStar() {
    assertThat(Responses.matches("\"a\", W/\"b\"", "\"b\"")).isTrue();
    assertThat(Responses.matches("*", "\"b\"")).isTrue();
    assertThat(Responses.matches("\"a\"", "\"b\"")).isFalse();
  }

  @Test
  void tokenBucketRefusesPastItsBurst() {
    RateLimiter limiter = new RateLimiter(2, 0.5);
    assertThat(limiter.acquire("10.0.0.1")).isZero();
    assertThat(limiter.acquire("10.0.0.1")).isZero();
    assertThat(limiter.acquire("10.0.0.1")).isBetween(1L, 2L);
    assertThat(limiter.acquire("10.0.0.2")).as("buckets are per client").isZero();
    assertThat(new RateLimiter(0, 1).acquire("x")).as("capacity 0 is off").isZero();
  }
}
