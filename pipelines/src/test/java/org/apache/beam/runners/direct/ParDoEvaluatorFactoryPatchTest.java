package org.apache.beam.runners.direct;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.AppliedPTransform;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.DoFnSchemaInformation;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.util.construction.ParDoTranslation;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/**
 * The patched {@link ParDoEvaluatorFactory} (pipelines/src/patch) takes a ParDo's schema
 * information and side-input mapping from the transform: they must be what its proto translation
 * gives. In this package because the factory is package-private.
 */
class ParDoEvaluatorFactoryPatchTest {
  /** A schema'd element, so that a DoFn taking it as a Row has element converters. */
  @DefaultSchema(JavaFieldSchema.class)
  public static final class Book {
    public final String title;
    public final int stock;

    @SchemaCreate
    public Book(String title, int stock) {
      this.title = title;
      this.stock = stock;
    }
  }

  static final class PlainFn extends DoFn<Integer, String> {
    @ProcessElement
    public void process(@Element Integer i, OutputReceiver<String> out) {
      out.output("n" + i);
    }
  }

  static final class WithSideInputFn extends DoFn<Integer, String> {
    @ProcessElement
    public void process(
        @Element Integer i, @SideInput("suffix") String suffix, OutputReceiver<String> out) {
      out.output(i + suffix);
    }
  }

  static final class RowFn extends DoFn<Book, String> {
    @ProcessElement
    public void process(@Element Row book, OutputReceiver<String> out) {
      out.output(book.getString("title"));
    }
  }

  @Test
  void aParDosValuesAreThoseOfItsTranslation() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<Integer> numbers = p.apply("Numbers", Create.of(1, 2));
    PCollectionView<String> suffix =
        p.apply("Suffix", Create.of("!")).apply("AsSingleton", View.asSingleton());
    numbers.apply("Plain", ParDo.of(new PlainFn()));
    numbers.apply("WithSideInput", ParDo.of(new WithSideInputFn()).withSideInput("suffix", suffix));
    p.apply("Books", Create.of(new Book("Sharp Objects", 3))).apply("Rows", ParDo.of(new RowFn()));

    List<String> compared = new ArrayList<>();
    for (AppliedPTransform<?, ?, ?> application : parDos(p)) {
      ParDoEvaluatorFactory.Translated patched = ParDoEvaluatorFactory.translate(application);
      DoFnSchemaInformation translated = ParDoTranslation.getSchemaInformation(application);
      Map<String, PCollectionView<?>> mapping = ParDoTranslation.getSideInputMapping(application);

      String name = application.getFullName();
      assertThat(patched.sideInputMapping).as("side inputs of %s", name).isEqualTo(mapping);
      assertThat(patched.schemaInformation.getFieldAccessDescriptor())
          .as("field access of %s", name)
          .isEqualTo(translated.getFieldAccessDescriptor());
      assertThat(patched.schemaInformation.getElementConverters())
          .as("element converters of %s", name)
          .hasSameSizeAs(translated.getElementConverters());
      compared.add(
          name
              + " side inputs "
              + mapping.size()
              + " converters "
              + translated.getElementConverters().size());
    }

    assertThat(compared)
        .contains(
            "Plain/ParMultiDo(Plain) side inputs 0 converters 0",
            "WithSideInput/ParMultiDo(WithSideInput) side inputs 1 converters 0",
            "Rows/ParMultiDo(Row) side inputs 0 converters 1");
  }

  private static List<AppliedPTransform<?, ?, ?>> parDos(Pipeline p) {
    List<AppliedPTransform<?, ?, ?>> all = new ArrayList<>();
    p.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            if (node.getTransform() instanceof ParDo.MultiOutput) {
              all.add(node.toAppliedPTransform(p));
            }
          }
        });
    return all;
  }
}
