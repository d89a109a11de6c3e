package dev.bookslake.pipelines.io;

import dev.bookslake.lake.TableFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.SeekableInputStream;

/**
 * Lake data files through Beam's file channels: Parquet with Iceberg field ids, written and read by
 * the lake library ({@link TableFiles}) as the generated Avro classes, so logical types (decimals,
 * timestamps, dates) round-trip as {@code BigDecimal}, {@code Instant} and {@code LocalDate}.
 */
final class ParquetFiles {
  private ParquetFiles() {}

  /**
   * Writes a data file with the type's schema and no rows, so a partition that came out empty is
   * still a committed partition readers see.
   */
  static <T extends SpecificRecord> void writeEmpty(Class<T> type, java.nio.file.Path file) {
    TableFiles.write(type, file, List.of());
  }

  /** A {@code FileIO.Sink} writing one data file of specific records. */
  static final class Sink<T extends SpecificRecord> implements FileIO.Sink<T> {
    private final Class<T> type;
    private transient TableFiles.RecordWriter<T> writer;

    Sink(Class<T> type) {
      this.type = type;
    }

    @Override
    public void open(WritableByteChannel channel) {
      writer = TableFiles.newWriter(type, Channels.newOutputStream(channel));
    }

    @Override
    public void write(T element) {
      writer.write(element);
    }

    @Override
    public void flush() {
      // Closing the writer writes the footer; Beam closes the channel after flush().
      writer.close();
    }
  }

  /** Reads every record of a data file as the given type. */
  static final class ReadFn<T extends SpecificRecord> extends DoFn<FileIO.ReadableFile, T> {
    private final Class<T> type;
    private final Counter filesRead = Metrics.counter(LakeIO.METRICS_NAMESPACE, "files_read");

    ReadFn(Class<T> type) {
      this.type = type;
    }

    @ProcessElement
    public void processElement(@Element FileIO.ReadableFile file, OutputReceiver<T> out)
        throws IOException {
      try (CloseableIterable<T> rows = TableFiles.read(type, new ChannelInputFile(file))) {
        for (T row : rows) {
          out.output(row);
        }
      }
      filesRead.inc();
    }
  }

  private record ChannelInputFile(FileIO.ReadableFile file) implements InputFile {
    @Override
    public long getLength() {
      return file.getMetadata().sizeBytes();
    }

    @Override
    public SeekableInputStream newStream() {
      try {
        return new ChannelStream(file.openSeekable());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("Cannot open data file: " + location(), e);
      }
    }

    @Override
    public String location() {
      return file.getMetadata().resourceId().toString();
    }

    @Override
    public boolean exists() {
      return true;
    }
  }

  private static final class ChannelStream extends SeekableInputStream {
    private final SeekableByteChannel channel;
    private final ByteBuffer one = ByteBuffer.allocate(1);

    ChannelStream(SeekableByteChannel channel) {
      this.channel = channel;
    }

    @Override
    public long getPos() throws IOException {
      return channel.position();
    }

    @Override
    public void seek(long newPos) throws IOException {
      channel.position(newPos);
    }

    @Override
    public int read() throws IOException {
      one.clear();
      int n = channel.read(one);
      return n <= 0 ? -1 : one.get(0) & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return channel.read(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
