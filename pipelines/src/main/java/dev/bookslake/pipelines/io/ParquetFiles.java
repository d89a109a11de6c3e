package dev.bookslake.pipelines.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.DelegatingPositionOutputStream;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Parquet through Beam's file channels with the data model of a generated Avro class, so logical
 * types (decimals, timestamps, dates) round-trip as {@code BigDecimal}, {@code Instant} and {@code
 * LocalDate}. Beam's ParquetIO re-creates a bare data model on each worker, which drops the
 * conversions the generated classes register.
 */
final class ParquetFiles {
  private ParquetFiles() {}

  /**
   * Writes a Parquet file with the type's schema and no rows, so readers of an empty table still
   * see its columns.
   */
  static <T extends SpecificRecord> void writeEmpty(Class<T> type, java.nio.file.Path file)
      throws IOException {
    SpecificData model = SpecificData.getForClass(type);
    try (ParquetWriter<T> writer =
        AvroParquetWriter.<T>builder(new org.apache.parquet.io.LocalOutputFile(file))
            .withSchema(model.getSchema(type))
            .withDataModel(model)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .build()) {
      // No rows: the footer alone carries the schema.
    }
  }

  /** Writes rows into one local Parquet file with the type's schema (plain Java, no pipeline). */
  static <T extends SpecificRecord> void writeLocal(
      Class<T> type, java.nio.file.Path file, Iterable<T> rows) throws IOException {
    SpecificData model = SpecificData.getForClass(type);
    try (ParquetWriter<T> writer =
        AvroParquetWriter.<T>builder(new org.apache.parquet.io.LocalOutputFile(file))
            .withSchema(model.getSchema(type))
            .withDataModel(model)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .build()) {
      for (T row : rows) {
        writer.write(row);
      }
    }
  }

  /** Reads every row of local Parquet files as the given type (plain Java, no pipeline). */
  static <T extends SpecificRecord> java.util.List<T> readLocal(
      Class<T> type, java.util.List<java.nio.file.Path> files) throws IOException {
    SpecificData model = SpecificData.getForClass(type);
    java.util.List<T> rows = new java.util.ArrayList<>();
    for (java.nio.file.Path file : files) {
      try (ParquetReader<T> reader =
          AvroParquetReader.<T>builder(new org.apache.parquet.io.LocalInputFile(file))
              .withDataModel(model)
              .build()) {
        for (T row = reader.read(); row != null; row = reader.read()) {
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** A {@code FileIO.Sink} writing one Parquet file of specific records. */
  static final class Sink<T extends SpecificRecord> implements FileIO.Sink<T> {
    private final Class<T> type;
    private transient ParquetWriter<T> writer;

    Sink(Class<T> type) {
      this.type = type;
    }

    @Override
    public void open(WritableByteChannel channel) throws IOException {
      SpecificData model = SpecificData.getForClass(type);
      Schema schema = model.getSchema(type);
      writer =
          AvroParquetWriter.<T>builder(new ChannelOutputFile(channel))
              .withSchema(schema)
              .withDataModel(model)
              .withCompressionCodec(CompressionCodecName.SNAPPY)
              .build();
    }

    @Override
    public void write(T element) throws IOException {
      writer.write(element);
    }

    @Override
    public void flush() throws IOException {
      // Closing the writer writes the footer; Beam closes the channel after flush().
      writer.close();
    }
  }

  /** Reads every record of a Parquet file as the given type. */
  static final class ReadFn<T extends SpecificRecord> extends DoFn<FileIO.ReadableFile, T> {
    private final Class<T> type;
    private final Counter filesRead = Metrics.counter(LakeIO.METRICS_NAMESPACE, "files_read");

    ReadFn(Class<T> type) {
      this.type = type;
    }

    @ProcessElement
    public void processElement(@Element FileIO.ReadableFile file, OutputReceiver<T> out)
        throws IOException {
      SpecificData model = SpecificData.getForClass(type);
      try (ParquetReader<T> reader =
          AvroParquetReader.<T>builder(new ChannelInputFile(file)).withDataModel(model).build()) {
        for (T record = reader.read(); record != null; record = reader.read()) {
          out.output(record);
        }
      }
      filesRead.inc();
    }
  }

  private static final class ChannelOutputFile implements OutputFile {
    private final WritableByteChannel channel;

    ChannelOutputFile(WritableByteChannel channel) {
      this.channel = channel;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return new CountingStream(Channels.newOutputStream(channel));
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }
  }

  private static final class CountingStream extends DelegatingPositionOutputStream {
    private long position;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void write(int b) throws IOException {
      super.write(b);
      position++;
    }

    @Override
    public void write(byte[] b) throws IOException {
      write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      super.write(b, off, len);
      position += len;
    }

    @Override
    public void close() throws IOException {
      // The channel belongs to Beam, which closes it after the sink's flush().
      flush();
    }
  }

  private static final class ChannelInputFile implements InputFile {
    private final FileIO.ReadableFile file;

    ChannelInputFile(FileIO.ReadableFile file) {
      this.file = file;
    }

    @Override
    public long getLength() {
      return file.getMetadata().sizeBytes();
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
      SeekableByteChannel channel = file.openSeekable();
      return new DelegatingSeekableInputStream(Channels.newInputStream(channel)) {
        @Override
        public long getPos() throws IOException {
          return channel.position();
        }

        @Override
        public void seek(long newPos) throws IOException {
          channel.position(newPos);
        }

        @Override
        public int read(ByteBuffer buf) throws IOException {
          return channel.read(buf);
        }
      };
    }
  }
}
