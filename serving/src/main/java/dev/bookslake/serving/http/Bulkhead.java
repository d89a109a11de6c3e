package dev.bookslake.serving.http;

import dev.bookslake.serving.problem.ProblemException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A bound on how many requests of one kind are worked on at once: a request that finds it full
 * waits at most {@code wait} and is then refused with a 503 problem and {@code Retry-After},
 * instead of queueing without bound behind the others. {@link #call} runs the work on the bound's
 * own platform threads, one per place: Helidon serves every request on a virtual thread, and
 * CPU-bound work (predicting a 1000-book batch, hashing a password) left on those would hold the
 * few carrier threads every other route needs. Off them, the cheap routes keep their carriers and
 * the OS shares the cores.
 *
 * <pre>{@code
 * Bulkhead predict = new Bulkhead("predict", "Cannot predict now", 2, Duration.ofMillis(100), metrics::shed);
 * byte[] body = predict.call(() -> predictions.compute(...));   // 503 overloaded when full
 * }</pre>
 */
public final class Bulkhead implements AutoCloseable {
  /** The seconds a refused client is told to wait. */
  public static final long RETRY_AFTER_SECONDS = 1;

  private final String name;
  private final String refusal;
  private final int maxConcurrent;
  private final Duration wait;
  private final Semaphore permits;
  private final Consumer<String> onShed;
  private final ExecutorService workers;

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
      throw new IllegalArgumentException(
          "Cannot bound " + name + " to " + maxConcurrent + " concurrent requests: use 1 or more");
    }
    this.name = name;
    this.refusal = refusal;
    this.maxConcurrent = maxConcurrent;
    this.wait = wait;
    this.permits = new Semaphore(maxConcurrent);
    this.onShed = onShed;
    AtomicInteger threads = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            maxConcurrent,
            r -> {
              Thread t = new Thread(r, "bookslake-" + name + "-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Runs work in a place of the bound, on one of its platform threads, and returns its result (or
   * rethrows what it threw); a 503 problem when no place frees up within {@code wait}.
   */
  public <T> T call(Supplier<T> work) {
    try (Permit permit = enter()) {
      Future<T> result = workers.submit(work::get);
      try {
        return result.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(
            "Cannot finish " + name + " work: " + e.getCause(), e.getCause());
      } catch (InterruptedException e) {
        result.cancel(true);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Cannot wait for " + name + " work: interrupted", e);
      }
    }
  }

  /**
   * A place in the bound, or a 503 problem with {@code Retry-After} once {@code wait} has passed.
   */
  public Permit enter() {
    boolean entered;
    try {
      entered =
          wait.isZero()
              ? permits.tryAcquire()
              : permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      entered = false;
    }
    if (!entered) {
      onShed.accept(name);
      throw ProblemException.overloaded(
          refusal
              + ": all "
              + maxConcurrent
              + " places are busy; retry after "
              + RETRY_AFTER_SECONDS
              + " s",
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

  /** Stops the bound's threads (work in progress finishes). */
  @Override
  public void close() {
    workers.shutdown();
  }
}
