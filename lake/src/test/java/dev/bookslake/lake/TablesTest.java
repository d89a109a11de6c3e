package dev.bookslake.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Comparator;
import org.junit.jupiter.api.Test;

/** The list of tables and the schemas, which are kept apart so that listing parses no schema. */
class TablesTest {

  @Test
  void everyTableHasASchemaAndIsKnown() {
    assertThat(Tables.ALL).hasSize(16).doesNotHaveDuplicates();
    for (TableId table : Tables.ALL) {
      assertThat(Tables.isKnown(table)).as(table.toString()).isTrue();
      assertThat(Tables.schema(table).getFields()).as(table.toString()).isNotEmpty();
    }
  }

  @Test
  void tablesAreInLayerThenNameOrder() {
    assertThat(Tables.ALL)
        .isSortedAccordingTo(Comparator.comparing(TableId::layer).thenComparing(TableId::name));
  }

  @Test
  void anUnknownTableHasNoSchema() {
    TableId unknown = TableId.of(Layer.GOLD, "nope");

    assertThat(Tables.isKnown(unknown)).isFalse();
    assertThatThrownBy(() -> Tables.schema(unknown))
        .isInstanceOf(LakeException.class)
        .hasMessage("Cannot find schema of table: gold.nope");
  }
}
