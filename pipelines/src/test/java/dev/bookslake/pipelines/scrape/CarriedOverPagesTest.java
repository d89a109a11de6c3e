package dev.bookslake.pipelines.scrape;

import dev.bookslake.pipelines.scrape.internal.CrawlSettings;
import dev.bookslake.pipelines.scrape.internal.PageDigest;
import dev.bookslake.pipelines.scrape.internal.SiteScope;
import dev.bookslake.schemas.bronze.FetchError;
import dev.bookslake.schemas.bronze.Page;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class CarriedOverPagesTest {
  private static final CrawlSettings SETTINGS =
      new CrawlSettings(
          "bookslake/test",
          4,
          0,
          1000,
          3,
          10,
          50,
          "run-2",
          "2026-01-02",
          SiteScope.of("http://127.0.0.1:8000/", List.of()),
          8L << 20);

  private static Page page(
      String url, int status, String body, String etag, String runId, String dt) {
    return Page.newBuilder()
        .setUrl(url)
        .setPageKind(PageKind.PRODUCT)
        .setHttpStatus(status)
        .setContentType(status == 304 ? null : "text/html")
        .setEtag(etag)
        .setLastModified("Fri, 24 Jun 2016 09:29:00 GMT")
        .setBody(body)
        .setSha256(PageDigest.sha256(body))
        .setAttempts(1)
        .setFetchedAt(Instant.parse("2026-01-02T08:00:00Z"))
        .setRunId(runId)
        .setDt(dt)
        .build();
  }

  @Test
  void notModifiedPagesGetTheStoredBodyAndAMissingOneBecomesAnError() {
    String a = "http://h/catalogue/a_1/index.html";
    String b = "http://h/catalogue/b_2/index.html";
    String c = "http://h/catalogue/c_3/index.html";
    Page previousA = page(a, 200, "<html>A</html>", "\"a\"", "run-1", "2026-01-01");
    Page previousB = page(b, 200, "<html>B</html>", "\"b\"", "run-1", "2026-01-01");
    Page answerA = page(a, 304, "", "\"a\"", "run-2", "2026-01-02");
    Page answerC = page(c, 304, "", "\"c\"", "run-2", "2026-01-02");

    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    PCollection<Page> previous =
        p.apply(
            "Previous",
            Create.of(List.of(previousA, previousB)).withCoder(AvroCoder.of(Page.class)));
    PCollectionTuple carried =
        p.apply(
                "NotModified",
                Create.of(List.of(answerA, answerC)).withCoder(AvroCoder.of(Page.class)))
            .apply(new CarriedOverPages(previous, SETTINGS, 4));

    Page expectedA =
        Page.newBuilder(answerA)
            .setBody("<html>A</html>")
            .setSha256(previousA.getSha256())
            .setContentType("text/html")
            .build();
    PAssert.that(carried.get(CarriedOverPages.PAGES)).containsInAnyOrder(expectedA);
    PAssert.that(
            carried
                .get(CarriedOverPages.ERRORS)
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via((FetchError e) -> e.getUrl() + " " + e.getErrorClass())))
        .containsInAnyOrder(c + " not_modified_without_body");
    p.run().waitUntilFinish();
  }
}
