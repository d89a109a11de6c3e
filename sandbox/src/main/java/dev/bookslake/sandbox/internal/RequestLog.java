package dev.bookslake.sandbox.internal;

import dev.bookslake.sandbox.RequestRecord;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every request the server received, kept in arrival order even though requests finish out of
 * order: a request takes a ticket when it arrives and files its record under that ticket. Also the
 * most requests ever handled at once, for politeness tests.
 */
public final class RequestLog {

  private final AtomicLong tickets = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final ConcurrentSkipListMap<Long, RequestRecord> records = new ConcurrentSkipListMap<>();

  public long arrive() {
    return tickets.getAndIncrement();
  }

  public void record(long ticket, RequestRecord record) {
    records.put(ticket, record);
  }

  /** A request starts being handled; pair with {@link #leave()}. */
  public void enter() {
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
  }

  public void leave() {
    inFlight.decrementAndGet();
  }

  public int maxInFlight() {
    return maxInFlight.get();
  }

  public List<RequestRecord> snapshot() {
    return List.copyOf(records.values());
  }

  public void clear() {
    records.clear();
    maxInFlight.set(inFlight.get());
  }
}
