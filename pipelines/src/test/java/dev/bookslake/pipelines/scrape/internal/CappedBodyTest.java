package dev.bookslake.pipelines.scrape.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** The body cap without a server: buffers are handed to the subscriber as the HTTP client would. */
class CappedBodyTest {
  /** Counts what the subscriber asks of its publisher. */
  private static final class Subscription implements Flow.Subscription {
    long requested;
    boolean cancelled;

    @Override
    public void request(long n) {
      requested += n;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  private static List<ByteBuffer> chunk(String text) {
    return List.of(ByteBuffer.wrap(text.getBytes(US_ASCII)));
  }

  private static Throwable failure(CappedBody.Subscriber body) {
    try {
      body.getBody().toCompletableFuture().get();
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aBodyWithinTheCapIsKeptWhole() throws Exception {
    CappedBody.Subscriber body = new CappedBody.Subscriber(200, 10, true, true, 10);
    Subscription subscription = new Subscription();
    body.onSubscribe(subscription);
    body.onNext(chunk("<html>"));
    body.onNext(chunk("</ht"));
    body.onComplete();
    assertThat(new String(body.getBody().toCompletableFuture().get(), US_ASCII))
        .isEqualTo("<html></ht");
    assertThat(subscription.cancelled).isFalse();
    assertThat(subscription.requested).as("one buffer list at a time").isEqualTo(3);
  }

  @Test
  void aBodyGrowingPastTheCapFailsAndStopsTheDownload() {
    CappedBody.Subscriber body = new CappedBody.Subscriber(200, 10, true, true, -1);
    Subscription subscription = new Subscription();
    body.onSubscribe(subscription);
    body.onNext(chunk("123456"));
    body.onNext(chunk("78901"));
    body.onNext(chunk("late buffers after the cancel are ignored"));
    body.onComplete();

    assertThat(subscription.cancelled).isTrue();
    assertThat(subscription.requested).as("nothing asked for after the cap").isEqualTo(2);
    assertThat(failure(body))
        .isInstanceOf(CappedBody.TooLargeException.class)
        .hasMessage("Cannot store page, its body exceeds --max-body-bytes 10 (no Content-Length)");
  }

  @Test
  void aDeclaredLengthOverTheCapIsRefusedBeforeAnyByteIsRead() {
    CappedBody.Subscriber body = new CappedBody.Subscriber(200, 8L << 20, true, true, 64L << 20);
    Subscription subscription = new Subscription();
    body.onSubscribe(subscription);

    assertThat(subscription.requested).isZero();
    assertThat(subscription.cancelled).isTrue();
    CappedBody.TooLargeException tooLarge = (CappedBody.TooLargeException) failure(body);
    assertThat(tooLarge)
        .hasMessage(
            "Cannot store page, its body of 67108864 bytes exceeds --max-body-bytes 8388608");
    assertThat(tooLarge.status()).isEqualTo(200);
  }

  @Test
  void robotsTxtIsCutAtTheCapAndOtherAnswersAreNotKept() throws Exception {
    CappedBody.Subscriber robots = new CappedBody.Subscriber(200, 10, true, false, 100);
    Subscription subscription = new Subscription();
    robots.onSubscribe(subscription);
    robots.onNext(chunk("Disallow: /private/"));
    assertThat(subscription.cancelled).isTrue();
    assertThat(new String(robots.getBody().toCompletableFuture().get(), US_ASCII))
        .isEqualTo("Disallow: ");

    CappedBody.Subscriber notFound = new CappedBody.Subscriber(404, 10, false, false, -1);
    notFound.onSubscribe(new Subscription());
    notFound.onNext(chunk("<html>404</html> and more"));
    assertThat(notFound.getBody().toCompletableFuture().get()).isEmpty();
  }
}
