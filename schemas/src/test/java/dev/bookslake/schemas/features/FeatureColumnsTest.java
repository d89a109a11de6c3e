package dev.bookslake.schemas.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.schemas.gold.BookFeatureVector;
import dev.bookslake.schemas.gold.BookNeighbour;
import dev.bookslake.schemas.gold.CatalogueOverview;
import dev.bookslake.schemas.gold.CategorySummary;
import dev.bookslake.schemas.gold.EnrichedBook;
import dev.bookslake.schemas.gold.TrainingExample;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The gold Avro schemas and the feature contract must agree, or the lake and models drift apart.
 */
class FeatureColumnsTest {
  private static final FeatureContract CONTRACT = FeatureContract.load();

  private static List<String> floatColumns(Schema schema) {
    return schema.getFields().stream()
        .filter(f -> f.schema().getType() == Schema.Type.FLOAT)
        .map(Schema.Field::name)
        .toList();
  }

  @Test
  void featureTablesHaveOneFloatColumnPerContractFeatureInContractOrder() {
    assertThat(floatColumns(BookFeatureVector.getClassSchema())).isEqualTo(CONTRACT.featureNames());
    assertThat(floatColumns(TrainingExample.getClassSchema())).isEqualTo(CONTRACT.featureNames());
  }

  @Test
  void everyColumnTheContractReadsExistsInGoldBooks() {
    Schema books = EnrichedBook.getClassSchema();

    assertThat(CONTRACT.features())
        .allSatisfy(
            f ->
                assertThat(f.sources())
                    .allSatisfy(
                        c -> assertThat(books.getField(c)).as("gold.books.%s", c).isNotNull()));
    assertThat(CONTRACT.targets())
        .allSatisfy(
            t -> {
              assertThat(books.getField(t.source())).as("gold.books.%s", t.source()).isNotNull();
              assertThat(t.leakyColumns())
                  .allSatisfy(
                      c -> assertThat(books.getField(c)).as("gold.books.%s", c).isNotNull());
            });
  }

  @Test
  void everyGoldColumnIsDocumented() {
    List<Schema> gold =
        List.of(
            EnrichedBook.getClassSchema(),
            CategorySummary.getClassSchema(),
            CatalogueOverview.getClassSchema(),
            BookFeatureVector.getClassSchema(),
            TrainingExample.getClassSchema(),
            BookNeighbour.getClassSchema());

    assertThat(gold)
        .allSatisfy(
            schema -> {
              assertThat(schema.getDoc()).as(schema.getName()).isNotBlank();
              assertThat(schema.getFields())
                  .allSatisfy(
                      f ->
                          assertThat(f.doc()).as("%s.%s", schema.getName(), f.name()).isNotBlank());
            });
  }
}
