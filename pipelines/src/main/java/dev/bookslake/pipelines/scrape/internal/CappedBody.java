package dev.bookslake.pipelines.scrape.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read as it arrives and never held beyond a cap, so that a page of any size costs
 * at most the cap in memory. A 2xx body over the cap fails the request with {@link
 * TooLargeException}, or, for robots.txt, is cut at the cap; other answers' bodies are not kept at
 * all. Reading stops at the cap: the connection is dropped rather than drained.
 */
final class CappedBody implements BodyHandler<byte[]> {

  /** A 2xx body larger than the cap; {@code declared} is its Content-Length, or -1. */
  static final class TooLargeException extends IOException {
    private final int status;
    private final long cap;
    private final long declared;

    TooLargeException(int status, long cap, long declared) {
      super(
          declared >= 0
              ? "Cannot store page, its body of "
                  + declared
                  + " bytes exceeds --max-body-bytes "
                  + cap
              : "Cannot store page, its body exceeds --max-body-bytes "
                  + cap
                  + " (no Content-Length)");
      this.status = status;
      this.cap = cap;
      this.declared = declared;
    }

    int status() {
      return status;
    }

    long cap() {
      return cap;
    }

    long declared() {
      return declared;
    }
  }

  private final long cap;
  private final boolean cutAtCap;

  /**
   * @param cap the most bytes of a body that are read
   * @param cutAtCap keep the first {@code cap} bytes of a longer 2xx body instead of failing
   */
  CappedBody(long cap, boolean cutAtCap) {
    this.cap = cap;
    this.cutAtCap = cutAtCap;
  }

  @Override
  public BodySubscriber<byte[]> apply(ResponseInfo info) {
    boolean success = info.statusCode() >= 200 && info.statusCode() < 300;
    OptionalLong declared = info.headers().firstValueAsLong("Content-Length");
    return new Subscriber(
        info.statusCode(), cap, success, success && !cutAtCap, declared.orElse(-1));
  }

  static final class Subscriber implements BodySubscriber<byte[]> {
    private final int status;
    private final long cap;
    private final boolean keep;
    private final boolean failOverCap;
    private final long declared;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes;
    private Flow.Subscription subscription;
    private long received;

    /**
     * @param status the answer's status, for the error
     * @param keep collect the bytes (else the body is read and dropped, and completes empty)
     * @param failOverCap fail over the cap (else complete with what was kept up to it)
     * @param declared the Content-Length, or -1
     */
    Subscriber(int status, long cap, boolean keep, boolean failOverCap, long declared) {
      this.status = status;
      this.cap = cap;
      this.keep = keep;
      this.failOverCap = failOverCap;
      this.declared = declared;
      // Sized by Content-Length when it fits, so the buffer does not double its way up to the cap.
      this.bytes =
          new ByteArrayOutputStream(
              keep && declared >= 0 && declared <= cap ? (int) declared : 8192);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (failOverCap && declared > cap) {
        // Refused on its Content-Length, before a byte of it is read.
        s.cancel();
        result.completeExceptionally(new TooLargeException(status, cap, declared));
        return;
      }
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer buffer : buffers) {
        int n = buffer.remaining();
        if (received + n > cap) {
          subscription.cancel();
          if (failOverCap) {
            result.completeExceptionally(new TooLargeException(status, cap, declared));
          } else {
            if (keep) {
              append(buffer, (int) (cap - received));
            }
            result.complete(bytes.toByteArray());
          }
          return;
        }
        if (keep) {
          append(buffer, n);
        }
        received += n;
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toByteArray());
    }

    private void append(ByteBuffer buffer, int n) {
      byte[] chunk = new byte[n];
      buffer.get(chunk);
      bytes.write(chunk, 0, n);
    }
  }
}
