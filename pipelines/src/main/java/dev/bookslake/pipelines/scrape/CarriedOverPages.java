package dev.bookslake.pipelines.scrape;

import dev.bookslake.pipelines.scrape.internal.CrawlSettings;
import dev.bookslake.schemas.bronze.FetchError;
import dev.bookslake.schemas.bronze.Page;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Complete bronze rows for pages that answered 304: the body (and its hash) comes from the previous
 * snapshot, the validators from the new response, so each {@code dt} of bronze stands on its own. A
 * 304 with no previous body to carry over (which a correct server never sends) becomes a fetch
 * error rather than a row without a body.
 */
final class CarriedOverPages extends PTransform<PCollection<Page>, PCollectionTuple> {
  static final TupleTag<Page> PAGES = new TupleTag<>() {};
  static final TupleTag<FetchError> ERRORS = new TupleTag<>() {};
  // Static: tags made inside expand() would capture this transform, which is not serializable.
  private static final TupleTag<Page> FRESH = new TupleTag<>() {};
  private static final TupleTag<Page> PREVIOUS = new TupleTag<>() {};

  private final PCollection<Page> previousPages;
  private final CrawlSettings settings;
  private final int groups;

  CarriedOverPages(PCollection<Page> previousPages, CrawlSettings settings, int groups) {
    this.previousPages = previousPages;
    this.settings = settings;
    this.groups = groups;
  }

  @Override
  public PCollectionTuple expand(PCollection<Page> notModified) {
    // Joined by fetch group, not by URL: a few large keys instead of one per page.
    return KeyedPCollectionTuple.of(
            FRESH, notModified.apply("KeyNotModifiedByGroup", byGroup(groups)))
        .and(PREVIOUS, previousPages.apply("KeyPreviousByGroup", byGroup(groups)))
        .apply("JoinWithPreviousPages", CoGroupByKey.create())
        .apply(
            "CarryOverBodies",
            ParDo.of(new CarryOverFn(FRESH, PREVIOUS, settings))
                .withOutputTags(PAGES, TupleTagList.of(ERRORS)));
  }

  private static WithKeys<Integer, Page> byGroup(int groups) {
    return WithKeys.of((Page p) -> fetchGroup(p.getUrl(), groups))
        .withKeyType(TypeDescriptors.integers());
  }

  /** The group a URL is joined with the previous run's pages in. */
  static int fetchGroup(String url, int groups) {
    return Math.floorMod(url.hashCode(), groups);
  }

  static final class CarryOverFn extends DoFn<KV<Integer, CoGbkResult>, Page> {
    private final TupleTag<Page> fresh;
    private final TupleTag<Page> previous;
    private final CrawlSettings settings;
    private final Counter missing =
        Metrics.counter(ScrapePipeline.METRICS, "not_modified_without_body");

    CarryOverFn(TupleTag<Page> fresh, TupleTag<Page> previous, CrawlSettings settings) {
      this.fresh = fresh;
      this.previous = previous;
      this.settings = settings;
    }

    @ProcessElement
    public void processElement(@Element KV<Integer, CoGbkResult> joined, MultiOutputReceiver out) {
      Iterable<Page> responses = joined.getValue().getAll(fresh);
      if (!responses.iterator().hasNext()) {
        return;
      }
      Map<String, Page> before = new HashMap<>();
      for (Page old : joined.getValue().getAll(previous)) {
        before.put(old.getUrl(), old);
      }
      for (Page response : responses) {
        Page old = before.get(response.getUrl());
        if (old == null) {
          missing.inc();
          out.get(ERRORS).output(missingBody(response));
        } else {
          out.get(PAGES).output(carryOver(response, old));
        }
      }
    }

    private FetchError missingBody(Page response) {
      return FetchError.newBuilder()
          .setUrl(response.getUrl())
          .setPageKind(response.getPageKind())
          .setErrorClass("not_modified_without_body")
          .setMessage("Cannot carry over page: server answered 304 but no earlier body is stored")
          .setAttempts(response.getAttempts())
          .setLastStatus(304)
          .setFailedAt(Instant.now())
          .setRunId(settings.runId())
          .setDt(settings.dt())
          .build();
    }

    private static Page carryOver(Page response, Page old) {
      return Page.newBuilder(response)
          .setBody(old.getBody())
          .setSha256(old.getSha256())
          .setContentType(
              response.getContentType() != null ? response.getContentType() : old.getContentType())
          .setEtag(response.getEtag() != null ? response.getEtag() : old.getEtag())
          .setLastModified(
              response.getLastModified() != null
                  ? response.getLastModified()
                  : old.getLastModified())
          .build();
    }
  }
}
