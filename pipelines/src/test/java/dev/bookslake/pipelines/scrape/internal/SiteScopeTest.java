package dev.bookslake.pipelines.scrape.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SiteScopeTest {
  private static boolean in(SiteScope scope, String url) {
    return scope.contains(URI.create(url));
  }

  @Test
  void onlyTheStartPagesSchemeHostAndPortAreInScope() {
    SiteScope scope = SiteScope.of("http://127.0.0.1:8000/index.html", List.of());
    assertThat(in(scope, "http://127.0.0.1:8000/catalogue/page-2.html")).isTrue();
    assertThat(in(scope, "HTTP://127.0.0.1:8000/x")).as("schemes are case-insensitive").isTrue();
    assertThat(in(scope, "https://127.0.0.1:8000/x")).as("another scheme").isFalse();
    assertThat(in(scope, "http://127.0.0.1:8001/x")).as("another port").isFalse();
    assertThat(in(scope, "http://127.0.0.1/x")).as("the default port is 80").isFalse();
    assertThat(in(scope, "http://localhost:8000/x"))
        .as("another name for the same machine")
        .isFalse();
    assertThat(in(scope, "http://127.0.0.1:8000@evil.example/x"))
        .as("user info is not the host")
        .isFalse();
    assertThat(in(scope, "ftp://127.0.0.1:8000/x")).isFalse();
    assertThat(scope.describe()).isEqualTo("http://127.0.0.1:8000");
  }

  @Test
  void defaultPortsAndHostCaseAreNormalised() {
    SiteScope scope = SiteScope.of("https://Books.ToScrape.com/", List.of());
    assertThat(in(scope, "https://books.toscrape.com:443/catalogue/")).isTrue();
    assertThat(in(scope, "https://BOOKS.toscrape.com/")).isTrue();
    assertThat(in(scope, "http://books.toscrape.com/")).isFalse();
    assertThat(in(scope, "https://toscrape.com/")).as("a parent domain is another host").isFalse();
    assertThat(in(scope, "https://images.books.toscrape.com/")).as("so is a subdomain").isFalse();
  }

  @Test
  void allowedHostsTakeTheStartSchemeAndTheSchemesDefaultPortUnlessGiven() {
    SiteScope scope =
        SiteScope.of(
            "http://127.0.0.1:8000/",
            Arrays.asList(
                "cdn.example.com",
                " 127.0.0.1:9000 ",
                "https://img.example.com",
                "http://[::1]:8080/",
                "",
                null));
    assertThat(scope.origins())
        .containsExactly(
            "http://127.0.0.1:8000",
            "http://cdn.example.com:80",
            "http://127.0.0.1:9000",
            "https://img.example.com:443",
            "http://[::1]:8080");
    assertThat(in(scope, "http://cdn.example.com/a.jpg")).isTrue();
    assertThat(in(scope, "https://cdn.example.com/a.jpg")).isFalse();
    assertThat(in(scope, "http://127.0.0.1:9000/catalogue/x_1/index.html")).isTrue();
    assertThat(in(scope, "https://img.example.com:443/a")).isTrue();
    assertThat(in(scope, "http://[::1]:8080/")).isTrue();
    assertThat(SiteScope.of("http://h:1/", null).origins()).containsExactly("http://h:1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://",
        "user@host",
        "host/path",
        "host:port",
        "host?q=1",
        "ftp://host",
        "http://h/#x",
        ":80"
      })
  void malformedAllowedHostsAreRefused(String entry) {
    assertThatThrownBy(() -> SiteScope.of("http://127.0.0.1:8000/", List.of(entry)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot use --allowed-hosts entry, it is not host, host:port or scheme://host[:port]: "
                + entry);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:8000", "/index.html", "file:///etc/passwd", "not a url"})
  void theSourceMustBeAnAbsoluteWebUrl(String source) {
    assertThatThrownBy(() -> SiteScope.of(source, List.of()))
        .hasMessage("Cannot crawl from --source, it is not an absolute http(s) URL: " + source);
  }
}
