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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
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
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Parsed product pages checked against {@link QualityRules}: each page becomes either one {@code
 * silver.books} row ({@link #BOOKS}) or one {@code silver.quarantine} row per failed rule ({@link
 * #QUARANTINE}), never both, never neither. {@link #REPORT} holds one row per rule with the pages
 * checked and failed, zeros included.
 *
 * <p>Pages are grouped by UPC first, so {@code upc_unique} sees every page sharing a UPC and
 * quarantines them all.
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
    PCollectionTuple checked =
        pages
            .apply(
                "KeyByUpcBucket",
                WithKeys.of((ParsedPage page) -> UpcBuckets.of(upcKey(page)))
                    .withKeyType(TypeDescriptors.integers()))
            .setCoder(KvCoder.of(VarIntCoder.of(), CleanCoders.PARSED_PAGE))
            .apply("GroupPagesByUpcBucket", GroupByKey.create())
            .apply(
                "CheckRules",
                ParDo.of(new CheckRulesFn(dt, runId))
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

  static final class CheckRulesFn extends DoFn<KV<Integer, Iterable<ParsedPage>>, Book> {
    private final String dt;
    private final String runId;
    private final Counter books = Metrics.counter(CleanPipeline.METRICS, "books");
    private final Counter quarantinedPages =
        Metrics.counter(CleanPipeline.METRICS, "quarantined_pages");
    private transient Map<String, Counter> checkedPerRule;
    private transient Map<String, Counter> failedPerRule;

    CheckRulesFn(String dt, String runId) {
      this.dt = dt;
      this.runId = runId;
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

    @ProcessElement
    public void processElement(
        @Element KV<Integer, Iterable<ParsedPage>> bucket, MultiOutputReceiver out) {
      // Sorted so that every runner and retry walks a bucket the same way; the output does not
      // depend on it.
      Map<String, List<ParsedPage>> byUpc = new TreeMap<>();
      for (ParsedPage page : bucket.getValue()) {
        byUpc.computeIfAbsent(upcKey(page), k -> new ArrayList<>()).add(page);
      }
      for (List<ParsedPage> pages : byUpc.values()) {
        check(pages, out);
      }
    }

    private void check(List<ParsedPage> pages, MultiOutputReceiver out) {
      List<String> sharers = pages.stream().map(p -> p.book().productUrl()).sorted().toList();
      for (ParsedPage page : pages) {
        QualityRules.Evaluation result =
            QualityRules.evaluate(new BookCandidate(page.book(), sharers));
        List<String> failed = result.failures().stream().map(QualityRules.Failure::rule).toList();
        for (String rule : result.checked()) {
          checkedPerRule.get(rule).inc();
          out.get(TALLIES).output(KV.of(rule, RuleTally.of(failed.contains(rule))));
        }
        if (result.passed()) {
          books.inc();
          out.get(BOOKS).output(SilverRows.book(page, dt, runId));
          continue;
        }
        quarantinedPages.inc();
        String json = ParsedBookJson.of(page.book());
        for (QualityRules.Failure failure : result.failures()) {
          failedPerRule.get(failure.rule()).inc();
          out.get(QUARANTINE).output(SilverRows.quarantined(page, failure, json, dt, runId));
        }
      }
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
