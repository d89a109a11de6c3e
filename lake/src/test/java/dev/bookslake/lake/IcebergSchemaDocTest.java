package dev.bookslake.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * The data dictionary ({@code docs/lake.md}) lists each table's Iceberg schema as the lake creates
 * it. Run with {@code -Dbookslake.docs.write=true} to rewrite the section after a contract change.
 */
class IcebergSchemaDocTest {
  private static final String BEGIN = "<!-- iceberg-schemas:begin -->\n";
  private static final String END = "<!-- iceberg-schemas:end -->";

  static String render() {
    StringBuilder out = new StringBuilder();
    for (TableId table : Tables.ALL) {
      Schema schema = TableFiles.icebergSchema(Tables.schema(table));
      out.append("\n**").append(table).append("**\n\n");
      out.append("| id | column | Iceberg type | required |\n|---|---|---|---|\n");
      for (Types.NestedField f : schema.columns()) {
        out.append("| ")
            .append(f.fieldId())
            .append(" | `")
            .append(f.name())
            .append("` | `")
            .append(f.type())
            .append("` | ")
            .append(f.isRequired() ? "yes" : "no")
            .append(" |\n");
      }
    }
    return out.append('\n').toString();
  }

  @Test
  void theDataDictionaryListsEveryTablesIcebergSchema() throws IOException {
    Path doc = Path.of("..", "docs", "lake.md");
    String text = Files.readString(doc);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    assertThat(begin).as("markers in %s", doc).isNotNegative();
    String expected = render();
    if (Boolean.getBoolean("bookslake.docs.write")) {
      text = text.substring(0, begin + BEGIN.length()) + expected + text.substring(end);
      Files.writeString(doc, text);
    }
    assertThat(
            Files.readString(doc)
                .substring(begin + BEGIN.length(), Files.readString(doc).indexOf(END)))
        .as("docs/lake.md's Iceberg schemas (rewrite with -Dbookslake.docs.write=true)")
        .isEqualTo(expected);
  }
}
