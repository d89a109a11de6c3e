package dev.bookslake.pipelines.clean;

import dev.bookslake.pipelines.clean.internal.CleanCoders;
import dev.bookslake.pipelines.clean.internal.ParsedBookJson;
import dev.bookslake.pipelines.clean.internal.RuleTally;
import dev.bookslake.pipelines.clean.internal.SilverRows;
import dev.bookslake.pipelines.clean.internal.UpcBuckets;
import dev.bookslake.schemas.silver.Book;
import dev.bookslake.schemas.silver.QualityCheck;
import dev.bookslake.schemas.silver.QuarantinedBook;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Parsed product pages checked against {@link QualityRules}: each page becomes either one {@code
 * silver.books} row ({@link #BOOKS}) or one {@code silver.quarantine} row per failed rule ({@link
 * #QUARANTINE}), never both, never neither. {@link #REPORT} holds one row per rule with the pages
 * checked and failed, zeros included.
 *
 * <p>The URLs of the pages are grouped by UPC first, so {@code upc_unique} sees every page sharing
 * a UPC and quarantines them all.
 *
 * <pre>{@code
 * PCollectionTuple checked = parsed.apply("CheckQuality", new ValidatedBooks("2026-01-01", "clean-1"));
 * checked.get(ValidatedBooks.BOOKS).apply(...);
 * }</pre>
 */
public final class ValidatedBooks extends PTransform<PCollection<ParsedPage>, PCollectionTuple> {
  public static final TupleTag<Book> BOOKS = new TupleTag<>() {};
  public static final TupleTag<QuarantinedBook> QUARANTINE = new TupleTag<>() {};
  public static final TupleTag<QualityCheck> REPORT = new TupleTag<>() {};
  static final TupleTag<KV<String, RuleTally>> TALLIES = new TupleTag<>() {};
  private static final Coder<String> STRING = NullableCoder.of(StringUtf8Coder.of());

  private final String dt;
  private final String runId;

  public ValidatedBooks(String dt, String runId) {
    this.dt = dt;
    this.runId = runId;
  }

  @Override
  public PCollectionTuple expand(PCollection<ParsedPage> pages) {
    KvCoder<String, RuleTally> tallyCoder =
        KvCoder.of(StringUtf8Coder.of(), CleanCoders.RULE_TALLY);
    // Only each page's UPC and URL are grouped: the DirectRunner copies a grouping's state per
    // bundle, and whole pages made those copies 18 % of the stage's samples (docs/benchmarks.md).
    PCollectionView<Map<String, List<String>>> sharedUpcs =
        pages
            .apply(
                "KeyUrlsByUpcBucket",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.integers(),
                            TypeDescriptors.kvs(
                                TypeDescriptors.strings(), TypeDescriptors.strings())))
                    .via(ValidatedBooks::urlByUpcBucket))
            .setCoder(KvCoder.of(VarIntCoder.of(), KvCoder.of(STRING, STRING)))
            .apply("GroupUrlsByUpcBucket", GroupByKey.create())
            .apply("FindSharedUpcs", ParDo.of(new SharedUpcsFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), ListCoder.of(STRING)))
            .apply("SharedUpcsByKey", View.asMap());
    PCollectionTuple checked =
        pages.apply(
            "CheckRules",
            ParDo.of(new CheckRulesFn(dt, runId, sharedUpcs))
                .withSideInputs(sharedUpcs)
                .withOutputTags(BOOKS, TupleTagList.of(QUARANTINE).and(TALLIES)));
    PCollection<KV<String, RuleTally>> zeros =
        pages.getPipeline().apply("EveryRule", Create.of(zeroTallies()).withCoder(tallyCoder));
    PCollection<QualityCheck> report =
        PCollectionList.of(checked.get(TALLIES).setCoder(tallyCoder))
            .and(zeros)
            .apply("AllTallies", Flatten.pCollections())
            .apply("SumPerRule", Combine.perKey(RuleTally::sum))
            .apply("ToQualityChecks", MapElements.via(new ToQualityCheckFn(dt, runId)))
            .setCoder(AvroCoder.of(QualityCheck.class));
    return PCollectionTuple.of(BOOKS, checked.get(BOOKS).setCoder(AvroCoder.of(Book.class)))
        .and(QUARANTINE, checked.get(QUARANTINE).setCoder(AvroCoder.of(QuarantinedBook.class)))
        .and(REPORT, report);
  }

  private static KV<Integer, KV<String, String>> urlByUpcBucket(ParsedPage page) {
    String key = upcKey(page);
    return KV.of(UpcBuckets.of(key), KV.of(key, page.book().productUrl()));
  }

  /** Pages with a UPC group by it; pages without one stay alone. */
  static String upcKey(ParsedPage page) {
    String upc = page.book().upc();
    return upc != null ? "upc:" + upc : "url:" + page.book().productUrl();
  }

  private static List<KV<String, RuleTally>> zeroTallies() {
    List<KV<String, RuleTally>> zeros = new ArrayList<>();
    for (QualityRule rule : QualityRules.ALL) {
      zeros.add(KV.of(rule.name(), RuleTally.NONE));
    }
    return zeros;
  }

  /** The URLs of every page sharing a UPC key, for the keys more than one page has. */
  static final class SharedUpcsFn
      extends DoFn<KV<Integer, Iterable<KV<String, String>>>, KV<String, List<String>>> {
    @ProcessElement
    public void processElement(
        @Element KV<Integer, Iterable<KV<String, String>>> bucket,
        OutputReceiver<KV<String, List<String>>> out) {
      Map<String, List<String>> urlsByKey = new HashMap<>();
      for (KV<String, String> page : bucket.getValue()) {
        urlsByKey.computeIfAbsent(page.getKey(), k -> new ArrayList<>()).add(page.getValue());
      }
      urlsByKey.forEach(
          (key, urls) -> {
            if (urls.size() > 1) {
              urls.sort(Comparator.nullsFirst(Comparator.naturalOrder()));
              out.output(KV.of(key, urls));
            }
          });
    }
  }

  static final class CheckRulesFn extends DoFn<ParsedPage, Book> {
    private final String dt;
    private final String runId;
    private final PCollectionView<Map<String, List<String>>> sharedUpcs;
    private final Counter books = Metrics.counter(CleanPipeline.METRICS, "books");
    private final Counter quarantinedPages =
        Metrics.counter(CleanPipeline.METRICS, "quarantined_pages");
    private transient Map<String, Counter> checkedPerRule;
    private transient Map<String, Counter> failedPerRule;
    // Per bundle: the side input is looked up once, and the tallies leave summed.
    private transient Map<String, List<String>> bundleShared;
    private transient Map<String, RuleTally> bundleTallies;

    CheckRulesFn(String dt, String runId, PCollectionView<Map<String, List<String>>> sharedUpcs) {
      this.dt = dt;
      this.runId = runId;
      this.sharedUpcs = sharedUpcs;
    }

    @Setup
    public void setup() {
      checkedPerRule = new HashMap<>();
      failedPerRule = new HashMap<>();
      for (QualityRule rule : QualityRules.ALL) {
        checkedPerRule.put(
            rule.name(), Metrics.counter(CleanPipeline.METRICS, "checked/" + rule.name()));
        failedPerRule.put(
            rule.name(), Metrics.counter(CleanPipeline.METRICS, "failed/" + rule.name()));
      }
    }

    @StartBundle
    public void startBundle() {
      bundleShared = null;
      bundleTallies = new TreeMap<>();
    }

    @ProcessElement
    public void processElement(ProcessContext context, MultiOutputReceiver out) {
      if (bundleShared == null) {
        bundleShared = context.sideInput(sharedUpcs);
      }
      ParsedPage page = context.element();
      List<String> sharers =
          bundleShared.getOrDefault(
              upcKey(page), Collections.singletonList(page.book().productUrl()));
      QualityRules.Evaluation result =
          QualityRules.evaluate(new BookCandidate(page.book(), sharers));
      List<String> failed = result.failures().stream().map(QualityRules.Failure::rule).toList();
      for (String rule : result.checked()) {
        checkedPerRule.get(rule).inc();
        bundleTallies.merge(rule, RuleTally.of(failed.contains(rule)), RuleTally::plus);
      }
      if (result.passed()) {
        books.inc();
        out.get(BOOKS).output(SilverRows.book(page, dt, runId));
        return;
      }
      quarantinedPages.inc();
      String json = ParsedBookJson.of(page.book());
      for (QualityRules.Failure failure : result.failures()) {
        failedPerRule.get(failure.rule()).inc();
        out.get(QUARANTINE).output(SilverRows.quarantined(page, failure, json, dt, runId));
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      // Batch input, global window: the sums carry the window and timestamp of every input.
      bundleTallies.forEach(
          (rule, tally) ->
              context.output(
                  TALLIES,
                  KV.of(rule, tally),
                  BoundedWindow.TIMESTAMP_MIN_VALUE,
                  GlobalWindow.INSTANCE));
    }
  }

  static final class ToQualityCheckFn extends SimpleFunction<KV<String, RuleTally>, QualityCheck> {
    private final String dt;
    private final String runId;

    ToQualityCheckFn(String dt, String runId) {
      this.dt = dt;
      this.runId = runId;
    }

    @Override
    public QualityCheck apply(KV<String, RuleTally> tally) {
      return QualityCheck.newBuilder()
          .setRule(tally.getKey())
          .setDescription(
              QualityRules.named(tally.getKey()).map(QualityRule::description).orElse(""))
          .setChecked(tally.getValue().checked())
          .setFailed(tally.getValue().failed())
          .setRunId(runId)
          .setDt(dt)
          .build();
    }
  }
}
