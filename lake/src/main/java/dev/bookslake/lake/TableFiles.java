package dev.bookslake.lake;

import dev.bookslake.lake.internal.AvroRows;
import dev.bookslake.lake.internal.CountingStream;
import dev.bookslake.lake.internal.LocalFileIO;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.avro.AvroSchemaUtil;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.parquet.ParquetAvroValueReaders;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.types.TypeUtil;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;

/**
 * Data files of lake tables: Parquet with Iceberg field ids, written and read as the Avro-generated
 * records of {@code schemas/}. Writes go through iceberg-parquet's Avro path, which is
 * parquet-avro's {@code AvroWriteSupport} given the table's Iceberg schema, so every column carries
 * its field id and any Iceberg reader (DuckDB, pyiceberg, Spark, Trino) resolves it.
 *
 * <pre>{@code
 * try (TableFiles.RecordWriter<Page> out = TableFiles.newWriter(Page.class, pending.directory().resolve("part-0.parquet"))) {
 *   out.write(page);
 * }
 * List<Page> back = TableFiles.readAll(Page.class, snapshot.files());
 * }</pre>
 */
public final class TableFiles {
  private TableFiles() {}

  /**
   * The Iceberg schema of a generated record type, derived from its Avro schema: field ids 1, 2, …
   * in field order (as a catalog assigns them when it creates the table), Avro docs as column docs,
   * unions with null as optional columns.
   */
  public static Schema icebergSchema(org.apache.avro.Schema avro) {
    AtomicInteger lastId = new AtomicInteger();
    return TypeUtil.assignFreshIds(AvroSchemaUtil.toIceberg(avro), lastId::incrementAndGet);
  }

  /** A writer of one Parquet data file of {@code type}'s table. */
  public static <T extends SpecificRecord> RecordWriter<T> newWriter(
      Class<T> type, OutputFile file) {
    org.apache.avro.Schema avro = SpecificData.getForClass(type).getSchema(type);
    Schema schema = icebergSchema(avro);
    try {
      FileAppender<GenericData.Record> appender =
          Parquet.write(file)
              .schema(schema)
              .named(avro.getName())
              .set("write.parquet.compression-codec", "snappy")
              .metricsConfig(MetricsConfig.getDefault())
              .overwrite()
              .build();
      return new RecordWriter<>(appender, AvroSchemaUtil.convert(schema, avro.getName()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open data file for writing: " + file.location(), e);
    }
  }

  /**
   * A writer of one data file into a stream the caller owns (Beam's output channel): closing the
   * writer completes the file and flushes the stream, and leaves closing it to the caller.
   */
  public static <T extends SpecificRecord> RecordWriter<T> newWriter(
      Class<T> type, OutputStream out) {
    OutputFile file =
        new OutputFile() {
          @Override
          public PositionOutputStream create() {
            return new CountingStream(out, OutputStream::flush);
          }

          @Override
          public PositionOutputStream createOrOverwrite() {
            return create();
          }

          @Override
          public String location() {
            return "stream:" + out;
          }

          @Override
          public InputFile toInputFile() {
            throw new UnsupportedOperationException("Cannot read back an output stream");
          }
        };
    return newWriter(type, file);
  }

  /** A writer of one local Parquet data file. */
  public static <T extends SpecificRecord> RecordWriter<T> newWriter(Class<T> type, Path file) {
    return newWriter(type, new LocalFileIO().newOutputFile(file.toString()));
  }

  /** Writes rows into one local data file. */
  public static <T extends SpecificRecord> void write(Class<T> type, Path file, Iterable<T> rows) {
    try (RecordWriter<T> out = newWriter(type, file)) {
      for (T row : rows) {
        out.write(row);
      }
    }
  }

  /** The rows of one data file, as {@code type}; close the result. */
  public static <T extends SpecificRecord> CloseableIterable<T> read(
      Class<T> type, InputFile file) {
    return read(type, file, false);
  }

  /**
   * The rows of a Parquet file written without Iceberg field ids (by DuckDB's {@code COPY}, say),
   * matched to {@code type}'s columns by name, to be written again as a data file with ids.
   */
  public static <T extends SpecificRecord> List<T> readForeign(Class<T> type, Path file) {
    List<T> rows = new ArrayList<>();
    try (CloseableIterable<T> read =
        read(type, new LocalFileIO().newInputFile(file.toString()), true)) {
      read.forEach(rows::add);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read Parquet file: " + file, e);
    }
    return rows;
  }

  // Iceberg's own Avro value readers resolve columns by field id, as every Iceberg engine does;
  // byName maps a file without ids by column name instead.
  private static <T extends SpecificRecord> CloseableIterable<T> read(
      Class<T> type, InputFile file, boolean byName) {
    org.apache.avro.Schema avro = SpecificData.getForClass(type).getSchema(type);
    Schema schema = icebergSchema(avro);
    Parquet.ReadBuilder builder =
        Parquet.read(file)
            .project(schema)
            .createReaderFunc(
                fileSchema -> ParquetAvroValueReaders.buildReader(schema, fileSchema));
    if (byName) {
      builder.withNameMapping(MappingUtil.create(schema));
    }
    CloseableIterable<IndexedRecord> rows = builder.build();
    return CloseableIterable.transform(rows, AvroRows.fromIceberg(type));
  }

  /** The generated record class of a lake table. */
  @SuppressWarnings("unchecked")
  public static Class<? extends SpecificRecord> recordClass(TableId table) {
    return (Class<? extends SpecificRecord>) SpecificData.get().getClass(Tables.schema(table));
  }

  /** Every row of local data files (for tables that fit in memory). */
  public static <T extends SpecificRecord> List<T> readAll(Class<T> type, List<Path> files) {
    List<T> rows = new ArrayList<>();
    LocalFileIO io = new LocalFileIO();
    for (Path file : files) {
      try (CloseableIterable<T> part = read(type, io.newInputFile(file.toString()))) {
        part.forEach(rows::add);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read data file: " + file, e);
      }
    }
    return rows;
  }

  /**
   * Describes a written data file for a commit: path, size, row count and column metrics from its
   * footer, in partition {@code dt=<dt>}.
   */
  public static DataFile describe(Table table, Path file, String dt) {
    ParquetMetadata footer;
    long size;
    // Iceberg's ParquetUtil.fileMetrics reads the footer with a new Hadoop Configuration, which
    // parses Hadoop's core-default.xml (160 KB) for each file; a plain configuration parses
    // nothing.
    ParquetReadOptions options =
        ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
      footer = reader.getFooter();
      size = Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read data file footer: " + file, e);
    }
    return DataFiles.builder(table.spec())
        .withPath(file.toString())
        .withFormat(FileFormat.PARQUET)
        .withFileSizeInBytes(size)
        .withPartitionPath("dt=" + dt)
        .withMetrics(
            ParquetUtil.footerMetrics(footer, Stream.empty(), MetricsConfig.forTable(table)))
        .build();
  }

  /** Writes generated records into one data file; closing it completes the file. */
  public static final class RecordWriter<T extends SpecificRecord> implements Closeable {
    private final FileAppender<GenericData.Record> appender;
    private final org.apache.avro.Schema icebergAvro;
    private long rows;

    private RecordWriter(
        FileAppender<GenericData.Record> appender, org.apache.avro.Schema icebergAvro) {
      this.appender = appender;
      this.icebergAvro = icebergAvro;
    }

    public void write(T row) {
      appender.add(AvroRows.toIceberg(row, icebergAvro));
      rows++;
    }

    public long rows() {
      return rows;
    }

    @Override
    public void close() {
      try {
        appender.close();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot complete data file", e);
      }
    }
  }
}
