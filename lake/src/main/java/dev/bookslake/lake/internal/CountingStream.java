package dev.bookslake.lake.internal;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.iceberg.io.PositionOutputStream;

/**
 * Iceberg's positioned output over any stream: Parquet's writer asks for the position to record
 * column offsets. What closing means is the owner's: a local file is forced to disk and closed, a
 * stream the caller owns (Beam's channel) is only flushed. Closing twice does it once, since
 * Iceberg's writers close their stream and then its owner closes it again.
 */
public final class CountingStream extends PositionOutputStream {
  /** What closing the stream does to the stream underneath. */
  public interface OnClose {
    void close(OutputStream out) throws IOException;
  }

  private final OutputStream out;
  private final OnClose onClose;
  private long position;
  private boolean closed;

  public CountingStream(OutputStream out, OnClose onClose) {
    this.out = out;
    this.onClose = onClose;
  }

  @Override
  public long getPos() {
    return position;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    position++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    position += len;
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    onClose.close(out);
  }
}
