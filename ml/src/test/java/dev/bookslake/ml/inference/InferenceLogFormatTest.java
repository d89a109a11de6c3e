package dev.bookslake.ml.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferenceLogFormatTest {
  private static final Instant AT = Instant.parse("2026-01-02T10:15:30.123Z");
  private static final LocalDate DT = LocalDate.parse("2026-01-02");

  @TempDir Path dir;

  private static Map<String, Object> inputs() {
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("price_excl_tax", new BigDecimal("45.10"));
    inputs.put("review_count", new BigDecimal("0"));
    inputs.put("in_stock", true);
    inputs.put("category", "Travel \"quoted\"\nnewline, café");
    inputs.put("description_length", null);
    return inputs;
  }

  private static InferenceRecord rating() {
    return new InferenceRecord(
        "req-1",
        AT,
        "rating",
        3,
        "1000",
        inputs(),
        new float[] {45.17f, 0f, 2.9957323f, 1f},
        4f,
        new float[] {0.02f, 0.05f, 0.13f, 0.61f, 0.19f});
  }

  private static InferenceRecord price() {
    return new InferenceRecord(
        "req-2",
        AT,
        "price",
        1,
        null,
        inputs(),
        new float[] {0.1f, 3f},
        53.56f,
        null,
        "203.0.113.9");
  }

  @Test
  void aLineIsTheDocumentedJsonWithMembersInOrder() {
    String line = new String(InferenceLogFormat.encode(rating()), StandardCharsets.UTF_8);

    assertThat(line)
        .isEqualTo(
            "{\"request_id\":\"req-1\",\"at\":\"2026-01-02T10:15:30.123Z\",\"model\":\"rating\","
                + "\"version\":3,\"book_id\":\"1000\",\"inputs\":{\"price_excl_tax\":45.10,\"review_count\":0,"
                + "\"in_stock\":true,\"category\":\"Travel \\\"quoted\\\"\\nnewline, café\",\"description_length\":null},"
                + "\"features\":[45.17,0.0,2.9957323,1.0],\"prediction\":4,"
                + "\"probabilities\":[0.02,0.05,0.13,0.61,0.19]}\n");
    assertThat(new String(InferenceLogFormat.encode(price()), StandardCharsets.UTF_8))
        .contains("\"book_id\":null")
        .endsWith("\"prediction\":53.56,\"probabilities\":null,\"caller\":\"203.0.113.9\"}\n");
  }

  @Test
  void everyRecordReadsBackFieldForField() {
    String text =
        new String(InferenceLogFormat.encode(List.of(rating(), price())), StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);

    assertThat(lines).as("one line per record, each ending in a newline").hasSize(3);
    assertThat(lines[2]).isEmpty();
    assertThat(InferenceLogFormat.parse(lines[0])).contains(rating());
    assertThat(InferenceLogFormat.parse(lines[1])).contains(price());
  }

  @Test
  void everyFloatReadsBackToTheSameBits() {
    Random random = new Random(7);
    float[] features = new float[5000];
    for (int i = 0; i < features.length; i++) {
      features[i] =
          switch (i % 4) {
            case 0 -> Float.intBitsToFloat(random.nextInt() & 0x7f7fffff);
            case 1 -> random.nextFloat() * 1000;
            case 2 -> (float) Math.log1p(random.nextInt(5000));
            default -> -random.nextFloat() / 1e6f;
          };
    }
    InferenceRecord record =
        new InferenceRecord(null, null, "price", 1, null, null, features, features[3], null);

    InferenceRecord read =
        InferenceLogFormat.parse(
                new String(InferenceLogFormat.encode(record), StandardCharsets.UTF_8))
            .orElseThrow();
    for (int i = 0; i < features.length; i++) {
      assertThat(Float.floatToIntBits(read.features()[i]))
          .as("feature %d: %s", i, features[i])
          .isEqualTo(Float.floatToIntBits(features[i]));
    }
    assertThat(read).isEqualTo(record);
  }

  @Test
  void aMissingFeatureIsWrittenAsNullAndReadsBackAsNaN() {
    Map<String, Object> partial = new LinkedHashMap<>();
    partial.put("rating", new BigDecimal("4"));
    partial.put("category", "Fiction");
    InferenceRecord record =
        new InferenceRecord(
            "r",
            AT,
            "price",
            1,
            null,
            partial,
            new float[] {4f, Float.NaN, Float.NaN, 1f},
            Float.POSITIVE_INFINITY,
            null);
    String line = new String(InferenceLogFormat.encode(record), StandardCharsets.UTF_8);

    assertThat(line).contains("\"features\":[4.0,null,null,1.0],\"prediction\":null");
    InferenceRecord read = InferenceLogFormat.parse(line).orElseThrow();
    assertThat(read.features()).containsExactly(4f, Float.NaN, Float.NaN, 1f);
    assertThat(read.inputs()).isEqualTo(partial);
    assertThat(read.prediction()).as("a prediction that is not finite is none").isNull();
  }

  @Test
  void linesWithoutModelVersionOrFeaturesOrWithMistypedMembersAreNotRecords() {
    assertThat(InferenceLogFormat.parse("{\"request_id\": \"req-x\", \"model\": \"rat")).isEmpty();
    assertThat(InferenceLogFormat.parse("not json at all")).isEmpty();
    assertThat(InferenceLogFormat.parse("[1, 2]")).isEmpty();
    assertThat(InferenceLogFormat.parse("{\"version\": 1, \"features\": [1.0]}")).isEmpty();
    assertThat(InferenceLogFormat.parse("{\"model\": \"rating\", \"features\": [1.0]}")).isEmpty();
    assertThat(
            InferenceLogFormat.parse("{\"model\": \"rating\", \"version\": 1, \"features\": []}"))
        .isEmpty();
    assertThat(
            InferenceLogFormat.parse(
                "{\"model\": \"rating\", \"version\": 1, \"features\": [1.0, \"a\"]}"))
        .isEmpty();
    assertThat(
            InferenceLogFormat.parse(
                "{\"model\": \"rating\", \"version\": 1, \"features\": [1.0], \"at\": \"noon\"}"))
        .isEmpty();
    assertThat(
            InferenceLogFormat.parse(
                "{\"model\": \"rating\", \"version\": 1, \"features\": [1.0], \"inputs\": 3}"))
        .isEmpty();
  }

  @Test
  void membersTheMonitorDoesNotNeedMayBeMissing() {
    assertThat(
            InferenceLogFormat.parse(
                "{\"model\": \"rating\", \"version\": 2, \"features\": [1.5, 2]}"))
        .contains(
            new InferenceRecord(
                null, null, "rating", 2, null, null, new float[] {1.5f, 2f}, null, null));
  }

  @Test
  void readGoesThroughTheSegmentsOfOneDateAndCountsWhatItSkips() throws Exception {
    Path root = InferenceLogFormat.root(dir);
    Path day = Files.createDirectories(InferenceLogFormat.partition(root, DT));
    Files.write(
        day.resolve(InferenceLogFormat.segmentName(1000, 42, 0)),
        InferenceLogFormat.encode(rating()));
    byte[] second = InferenceLogFormat.encode(List.of(price(), rating()));
    Files.write(
        day.resolve(InferenceLogFormat.segmentName(1000, 42, 1)),
        (new String(second, StandardCharsets.UTF_8) + "\n{\"model\": \"pri")
            .getBytes(StandardCharsets.UTF_8));
    Files.writeString(day.resolve("notes.txt"), "not a segment");
    Files.createDirectories(InferenceLogFormat.partition(root, DT.plusDays(1)));
    Files.write(
        InferenceLogFormat.partition(root, DT.plusDays(1)).resolve("part-1-1-0.jsonl"),
        InferenceLogFormat.encode(price()));

    List<InferenceRecord> read = new ArrayList<>();
    InferenceLogFormat.ReadSummary summary = InferenceLogFormat.read(root, DT, read::add);

    assertThat(read).containsExactly(rating(), price(), rating());
    assertThat(summary).isEqualTo(new InferenceLogFormat.ReadSummary(3, 1, 2));
    assertThat(InferenceLogFormat.read(root, DT.minusDays(1), read::add))
        .as("a date never logged")
        .isEqualTo(new InferenceLogFormat.ReadSummary(0, 0, 0));
  }

  @Test
  void thePartitionIsTheUtcDateAndSegmentsAreNamedPerProcess() {
    assertThat(InferenceLogFormat.dt(Instant.parse("2026-01-02T23:59:59.999Z"))).isEqualTo(DT);
    assertThat(InferenceLogFormat.dt(Instant.parse("2026-01-03T00:00:00Z")))
        .isEqualTo(DT.plusDays(1));
    assertThat(InferenceLogFormat.partition(Path.of("/lake/logs/inference"), DT))
        .isEqualTo(Path.of("/lake/logs/inference/dt=2026-01-02"));
    assertThat(InferenceLogFormat.root(Path.of("/lake")))
        .isEqualTo(Path.of("/lake/logs/inference"));
    assertThat(InferenceLogFormat.segmentName(1767348000000L, 4242, 7))
        .isEqualTo("part-1767348000000-4242-7.jsonl");
    assertThat(InferenceLogFormat.isSegment(Path.of("part-1-2-3.jsonl"))).isTrue();
    assertThat(InferenceLogFormat.isSegment(Path.of("part-1-2-3.jsonl.tmp"))).isFalse();
  }
}
