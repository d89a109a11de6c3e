package dev.bookslake.sandbox;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads the served site as a crawler and a parser would, and compares it with the catalogue. */
class SandboxServerIT {

  private static final int DAY = 2;
  private static final Instant BASE_INSTANT = Instant.parse("2016-06-24T09:29:00Z");

  private static SandboxServer server;
  private static Catalogue catalogue;
  private static URI base;
  private static final SiteClient client = new SiteClient();

  @BeforeAll
  static void start() {
    server =
        SandboxServer.start(
            SandboxConfig.builder().day(DAY).malformed(new MalformedSpec(3, 2, 2, 2)).build());
    catalogue = server.catalogue();
    base = server.baseUri();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyProductPageShowsTheCatalogueBook() throws Exception {
    List<Future<ScrapedProduct>> pages = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (int id = 1; id <= catalogue.size(); id++) {
        URI uri = url(catalogue.productPath(id));
        pages.add(pool.submit(() -> ScrapedProduct.of(client.page(uri))));
      }
    }
    int withoutDescription = 0;
    for (int id = 1; id <= catalogue.size(); id++) {
      ScrapedProduct page = pages.get(id - 1).get();
      SandboxBook book = catalogue.book(id, DAY);
      assertThat(page.title()).as("title of %d", id).isEqualTo(book.title());
      assertThat(page.price())
          .as("price of %d", id)
          .isEqualTo(book.priceInclTax() == null ? null : "£" + book.priceInclTax());
      assertThat(page.ratingWord())
          .as("rating of %d", id)
          .isEqualTo(Catalogue.ratingWord(book.rating()));
      assertThat(page.availability()).as("availability of %d", id).isEqualTo(availability(book));
      assertThat(page.breadcrumb()).containsExactly("Home", "Books", book.category(), book.title());
      assertThat(page.categoryUrl())
          .isEqualTo(url(catalogue.categoryPath(book.categoryId())).toString());
      assertThat(page.description()).as("description of %d", id).isEqualTo(book.description());
      assertThat(page.table())
          .as("information table of %d", id)
          .containsExactlyEntriesOf(table(book));
      assertThat(page.imageUrl()).isEqualTo(url("/" + book.imagePath()).toString());
      assertThat(page.recentlyViewedUrls())
          .containsExactlyElementsOf(
              catalogue.recentlyViewed(id).stream()
                  .map(other -> url(catalogue.productPath(other)).toString())
                  .toList());
      withoutDescription += book.description() == null ? 1 : 0;
    }
    assertThat(withoutDescription).as("pages without a description block").isEqualTo(2);
  }

  @Test
  void followingNextFromHomeReachesEveryCataloguePageAndEveryBook() {
    URI page = base;
    List<URI> visited = new ArrayList<>();
    Set<String> products = new HashSet<>();
    int pages = catalogue.cataloguePages();
    while (page != null) {
      Document doc = client.page(page);
      visited.add(page);
      int number = visited.size();
      assertThat(doc.selectFirst("form.form-horizontal").text())
          .isEqualTo(
              "%d results - showing %d to %d."
                  .formatted(
                      catalogue.size(),
                      20 * (number - 1) + 1,
                      Math.min(catalogue.size(), 20 * number)));
      assertThat(doc.selectFirst("li.current").text())
          .isEqualTo("Page %d of %d".formatted(number, pages));
      Elements pods = doc.select("article.product_pod");
      for (int i = 0; i < pods.size(); i++) {
        int expectedId = catalogue.size() - 20 * (number - 1) - i;
        String link = checkPod(pods.get(i), catalogue.book(expectedId, DAY));
        assertThat(products.add(link)).as("%s listed once", link).isTrue();
      }
      Element previous = doc.selectFirst("li.previous a");
      if (number == 1) {
        assertThat(previous).isNull();
      } else {
        assertThat(previous.absUrl("href"))
            .isEqualTo(url("/catalogue/page-" + (number - 1) + ".html").toString());
      }
      Element next = doc.selectFirst("li.next a");
      page = next == null ? null : URI.create(next.absUrl("href"));
    }
    assertThat(visited).hasSize(pages);
    assertThat(visited.get(1)).isEqualTo(url("/catalogue/page-2.html"));
    assertThat(visited.getLast()).isEqualTo(url("/catalogue/page-" + pages + ".html"));
    assertThat(products)
        .isEqualTo(
            IntStream.rangeClosed(1, catalogue.size())
                .mapToObj(id -> url(catalogue.productPath(id)).toString())
                .collect(Collectors.toSet()));
  }

  @Test
  void categoryLinksResolveToRealProductPagesOfThatCategory() {
    Document home = client.page(base);
    Element books = home.selectFirst("div.side_categories ul li a");
    assertThat(books.text()).isEqualTo("Books");
    assertThat(books.absUrl("href")).isEqualTo(url(catalogue.categoryPath(1)).toString());
    Elements links = home.select("div.side_categories ul li ul li a");
    assertThat(links.eachText()).containsExactlyElementsOf(catalogue.categories());
    Set<String> everyListed = new HashSet<>();
    for (int i = 0; i < links.size(); i++) {
      int categoryId = i + 2;
      String first = links.get(i).absUrl("href");
      assertThat(first).isEqualTo(url(catalogue.categoryPath(categoryId)).toString());
      List<String> listed = listAllPages(URI.create(first), links.get(i).text());
      assertThat(listed)
          .containsExactlyElementsOf(
              catalogue.booksInCategory(categoryId).stream()
                  .map(id -> url(catalogue.productPath(id)).toString())
                  .toList());
      ScrapedProduct product = ScrapedProduct.of(client.page(URI.create(listed.getFirst())));
      assertThat(product.breadcrumb().get(2)).isEqualTo(catalogue.categories().get(i));
      assertThat(product.categoryUrl()).isEqualTo(first);
      everyListed.addAll(listed);
    }
    assertThat(everyListed).hasSize(catalogue.size());
    assertThat(listAllPages(url(catalogue.categoryPath(1)), "Books")).hasSize(catalogue.size());
  }

  private List<String> listAllPages(URI first, String name) {
    List<String> products = new ArrayList<>();
    URI page = first;
    while (page != null) {
      Document doc = client.page(page);
      assertThat(doc.selectFirst("div.page-header h1").text()).isEqualTo(name);
      assertThat(doc.select("ul.breadcrumb li").last().text()).isEqualTo(name);
      for (Element pod : doc.select("article.product_pod")) {
        products.add(pod.selectFirst("h3 a").absUrl("href"));
        assertThat(pod.selectFirst("div.image_container img").absUrl("src"))
            .startsWith(base + "media/cache/");
      }
      Element next = doc.selectFirst("li.next a");
      page = next == null ? null : URI.create(next.absUrl("href"));
    }
    return products;
  }

  @Test
  void pagesAreUtf8HtmlWhoseHeaderNamesNoCharset() {
    HttpResponse<byte[]> response = client.get(url(catalogue.productPath(1)));
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html");
    String asUtf8 = new String(response.body(), UTF_8);
    assertThat(asUtf8).contains("<p class=\"price_color\">£").doesNotContain("Â£");
    assertThat(new String(response.body(), ISO_8859_1)).contains("Â£");
    assertThat(SiteClient.parse(response.body(), base).charset()).isEqualTo(UTF_8);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/nope",
        "/index.htm",
        "/catalogue/page-0.html",
        "/catalogue/page-51.html",
        "/catalogue/not-the-slug_1/index.html",
        "/catalogue/book_1001/index.html",
        "/catalogue/category/books/travel_3/index.html",
        "/private/",
        "/static/oscar/css/styles.css"
      })
  void unknownPathsAnswer404(String path) {
    HttpResponse<byte[]> response = client.get(url(path));
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html");
    assertThat(new String(response.body(), UTF_8)).contains("404 Not Found");
  }

  @Test
  void imagesMayBeMissing() {
    SandboxBook book = catalogue.book(1, DAY);
    assertThat(client.get(url("/" + book.imagePath())).statusCode()).isEqualTo(404);
  }

  @Test
  void etagAndLastModifiedAnswer304() {
    int id = catalogue.changedBetween(0, DAY).iterator().next();
    URI uri = url(catalogue.productPath(id));
    HttpResponse<byte[]> first = client.get(uri);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();
    assertThat(etag).matches("\"[0-9a-f]{16}\"");
    assertThat(parseHttpDate(lastModified))
        .isEqualTo(BASE_INSTANT.plus(catalogue.lastChangeDay(id, DAY), ChronoUnit.DAYS))
        .isAfter(BASE_INSTANT);

    server.clearRequests();
    HttpResponse<byte[]> matching = client.get(uri, Map.of("If-None-Match", etag));
    assertThat(matching.statusCode()).isEqualTo(304);
    assertThat(matching.body()).isEmpty();
    assertThat(matching.headers().firstValue("ETag")).hasValue(etag);
    assertThat(client.get(uri, Map.of("If-None-Match", "\"0000000000000000\"")).statusCode())
        .isEqualTo(200);
    assertThat(client.get(uri, Map.of("If-Modified-Since", lastModified)).statusCode())
        .isEqualTo(304);
    String earlier =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            parseHttpDate(lastModified).minusSeconds(1).atZone(java.time.ZoneOffset.UTC));
    assertThat(client.get(uri, Map.of("If-Modified-Since", earlier)).statusCode()).isEqualTo(200);
    assertThat(client.get(uri).statusCode()).isEqualTo(200);

    assertThat(server.requests())
        .extracting(RequestRecord::status, RequestRecord::conditional)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(304, true),
            org.assertj.core.groups.Tuple.tuple(200, true),
            org.assertj.core.groups.Tuple.tuple(304, true),
            org.assertj.core.groups.Tuple.tuple(200, true),
            org.assertj.core.groups.Tuple.tuple(200, false));
  }

  @Test
  void headAnswersTheHeadersOfGetWithoutABody() {
    URI uri = url(catalogue.productPath(10));
    HttpResponse<byte[]> get = client.get(uri);
    HttpResponse<byte[]> head = client.head(uri);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length"))
        .hasValue(Integer.toString(get.body().length));
    assertThat(head.headers().firstValue("ETag")).isEqualTo(get.headers().firstValue("ETag"));
  }

  @Test
  void theSameConfigServesByteIdenticalPages() {
    List<String> paths =
        List.of(
            "/",
            "/index.html",
            "/catalogue/page-7.html",
            catalogue.productPath(123),
            catalogue.categoryPath(15),
            "/robots.txt");
    try (SandboxServer twin =
            SandboxServer.start(
                SandboxConfig.builder().day(DAY).malformed(new MalformedSpec(3, 2, 2, 2)).build());
        SandboxServer other =
            SandboxServer.start(SandboxConfig.builder().day(DAY).seed(7).build())) {
      for (String path : paths) {
        assertThat(client.get(url(twin.baseUri(), path)).body())
            .as(path)
            .isEqualTo(client.get(url(path)).body());
      }
      assertThat(client.get(url(base, "/")).body())
          .isEqualTo(client.get(url(base, "/index.html")).body());
      assertThat(client.get(url(other.baseUri(), "/")).body())
          .isNotEqualTo(client.get(url(base, "/")).body());
    }
  }

  @Test
  void requestsAreRecordedInArrivalOrder() {
    server.clearRequests();
    Instant before = Instant.now();
    List<String> paths = List.of("/", "/catalogue/page-2.html", "/missing", "/robots.txt");
    for (String path : paths) {
      client.get(url(path));
    }
    client.head(url("/"));
    List<RequestRecord> records = server.requests();
    assertThat(records)
        .extracting(RequestRecord::method, RequestRecord::path, RequestRecord::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("GET", "/", 200),
            org.assertj.core.groups.Tuple.tuple("GET", "/catalogue/page-2.html", 200),
            org.assertj.core.groups.Tuple.tuple("GET", "/missing", 404),
            org.assertj.core.groups.Tuple.tuple("GET", "/robots.txt", 200),
            org.assertj.core.groups.Tuple.tuple("HEAD", "/", 200));
    assertThat(records)
        .allMatch(r -> r.fault() == null && !r.conditional() && !r.at().isBefore(before));
    assertThat(records).extracting(RequestRecord::at).isSorted();
    server.clearRequests();
    assertThat(server.requests()).isEmpty();
  }

  // The politeness tests bound a crawler's concurrency by this count, so it must not see a client's
  // next request overlapping the tail of the answer that client has already read.
  @Test
  void aClientThatWaitsForEachAnswerIsNeverCountedTwiceInFlight() {
    try (SandboxServer own = SandboxServer.start(SandboxConfig.builder().books(50).build())) {
      String etag = null;
      for (int i = 0; i < 400; i++) {
        URI page = url(own.baseUri(), own.catalogue().productPath(1 + (i / 4) % 50));
        switch (i % 4) {
          case 0 -> etag = client.get(page).headers().firstValue("ETag").orElseThrow();
          case 1 ->
              assertThat(client.get(page, Map.of("If-None-Match", etag)).statusCode())
                  .isEqualTo(304);
          case 2 -> client.head(page);
          default -> client.get(url(own.baseUri(), "/missing-" + i));
        }
      }
      assertThat(own.requests()).hasSize(400);
      assertThat(own.maxConcurrentRequests()).isEqualTo(1);
    }
  }

  // Without TCP_NODELAY every answer on a kept-alive connection waits ~40 ms for a delayed ACK.
  @Test
  void sequentialRequestsOnOneConnectionAreAnsweredWithoutDelay() {
    long start = System.nanoTime();
    for (int i = 0; i < 200; i++) {
      assertThat(client.get(url(catalogue.productPath(1 + i))).statusCode()).isEqualTo(200);
    }
    assertThat((System.nanoTime() - start) / 1_000_000)
        .as("200 sequential pages in ms")
        .isLessThan(4000);
  }

  @Test
  void robotsTxtDisallowsPrivateAndHasNoCrawlDelayByDefault() {
    HttpResponse<byte[]> robots = client.get(url("/robots.txt"));
    assertThat(robots.statusCode()).isEqualTo(200);
    assertThat(robots.headers().firstValue("Content-Type")).hasValue("text/plain");
    assertThat(new String(robots.body(), UTF_8)).isEqualTo("User-agent: *\nDisallow: /private/\n");
  }

  // What a parser must read from a listing pod, compared with the book; returns the product URL.
  private static String checkPod(Element pod, SandboxBook book) {
    Element link = pod.selectFirst("h3 a");
    assertThat(link.attr("title")).isEqualTo(book.title());
    assertThat(link.text()).isEqualTo(truncated(book.title()));
    assertThat(pod.selectFirst("p.star-rating").classNames())
        .containsExactlyInAnyOrder("star-rating", Catalogue.ratingWord(book.rating()));
    Element price = pod.selectFirst("p.price_color");
    assertThat(price == null ? null : price.text())
        .isEqualTo(book.priceInclTax() == null ? null : "£" + book.priceInclTax());
    assertThat(pod.selectFirst("p.availability").text())
        .isEqualTo(book.inStock() ? "In stock" : "Out of stock");
    assertThat(pod.selectFirst("div.image_container img").absUrl("src"))
        .isEqualTo(url("/" + catalogue.thumbnailPath(book.siteId())).toString());
    String href = link.absUrl("href");
    assertThat(href).isEqualTo(url(catalogue.productPath(book.siteId())).toString());
    return href;
  }

  private static String truncated(String title) {
    String[] words = title.split(" ");
    return words.length <= 4 ? title : String.join(" ", List.of(words).subList(0, 4)) + " ...";
  }

  private static String availability(SandboxBook book) {
    return book.inStock() ? "In stock (" + book.stockCount() + " available)" : "Out of stock";
  }

  private static Map<String, String> table(SandboxBook book) {
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("UPC", book.upc());
    rows.put("Product Type", "Books");
    if (book.priceExclTax() != null) {
      rows.put("Price (excl. tax)", "£" + book.priceExclTax());
      rows.put("Price (incl. tax)", "£" + book.priceInclTax());
      rows.put("Tax", "£" + book.tax());
    }
    rows.put("Availability", availability(book));
    rows.put("Number of reviews", Integer.toString(book.reviewCount()));
    return rows;
  }

  private static Instant parseHttpDate(String value) {
    return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
  }

  private static URI url(String path) {
    return url(base, path);
  }

  private static URI url(URI root, String path) {
    return root.resolve(path.substring(1));
  }
}
