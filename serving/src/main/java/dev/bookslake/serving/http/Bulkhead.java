package dev.bookslake.serving.http;

import dev.bookslake.serving.problem.ProblemException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A bound on how many requests of one kind are worked on at once (a semaphore): a request that
 * finds it full waits at most {@code wait} and is then refused with a 503 problem and {@code
 * Retry-After}, instead of queueing without bound behind the others. Expensive work (predicting
 * a 1000-book batch, hashing a password) thus takes at most its share of the cores, and the
 * cheap routes stay fast while it floods in.
 *
 * <pre>{@code
 * Bulkhead predict = new Bulkhead("predict", "Cannot predict now", 4, Duration.ofMillis(100), metrics::shed);
 * try (Bulkhead.Permit p = predict.enter()) {
 *   body = predictions.predict(...);
 * }
 * }</pre>
 */
public final class Bulkhead {
  /** The seconds a refused client is told to wait. */
  public static final long RETRY_AFTER_SECONDS = 1;

  private final String name;
  private final String refusal;
  private final int maxConcurrent;
  private final Duration wait;
  private final Semaphore permits;
  private final Consumer<String> onShed;

  /** A held place in the bound; {@link #close()} gives it back (once). */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * @param name the bound's name in metrics ({@code bookslake_shed_total{bound=...}})
   * @param refusal the start of the refusal's detail, e.g. "Cannot predict now"
   * @param maxConcurrent requests worked on at once (at least 1)
   * @param wait how long a request may wait for a place before it is refused
   * @param onShed called with the name for each refused request
   */
  public Bulkhead(
      String name, String refusal, int maxConcurrent, Duration wait, Consumer<String> onShed) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("Cannot bound " + name + " to " + maxConcurrent + " concurrent requests: use 1 or more");
    }
    this.name = name;
    this.refusal = refusal;
    this.maxConcurrent = maxConcurrent;
    this.wait = wait;
    this.permits = new Semaphore(maxConcurrent);
    this.onShed = onShed;
  }

  /** A place in the bound, or a 503 problem with {@code Retry-After} once {@code wait} has passed. */
  public Permit enter() {
    boolean entered;
    try {
      entered = wait.isZero() ? permits.tryAcquire() : permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      entered = false;
    }
    if (!entered) {
      onShed.accept(name);
      throw ProblemException.overloaded(
          refusal + ": all " + maxConcurrent + " places are busy; retry after " + RETRY_AFTER_SECONDS + " s",
          RETRY_AFTER_SECONDS);
    }
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.compareAndSet(true, false)) {
        permits.release();
      }
    };
  }

  /** The places free now. */
  public int available() {
    return permits.availablePermits();
  }

  public String name() {
    return name;
  }
}
