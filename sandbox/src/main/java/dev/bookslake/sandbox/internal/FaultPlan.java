package dev.bookslake.sandbox.internal;

import dev.bookslake.sandbox.FaultSpec;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides which fault, if any, a request gets.
 *
 * <p>A dead link ({@code 404}) and a {@code huge} page are properties of the product path: drawn
 * from {@code (seed, path)}, they answer the same on every request (a huge page gets no transient
 * fault). The other faults are drawn from {@code (seed, path, n)}, where {@code n} counts earlier
 * requests of the same path, so they are transient (a retry draws again) yet deterministic for a
 * given request sequence. Transient faults are tried in a fixed order: timeout, 500, 503, slow,
 * trickle, truncate.
 */
public final class FaultPlan {

  /** A fault kind and the name {@code RequestRecord} gives it. */
  public enum Fault {
    NONE(null),
    DEAD_LINK("404"),
    TIMEOUT("timeout"),
    ERROR_500("500"),
    ERROR_503("503"),
    SLOW("slow"),
    TRICKLE("trickle"),
    TRUNCATE("truncate"),
    HUGE("huge");

    private final String label;

    Fault(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** The fault drawn and the hash it was drawn from (reused to pick where to cut a body). */
  public record Decision(Fault fault, long hash) {}

  private static final long SALT_DEAD_LINK = 101;
  private static final long SALT_TRANSIENT = 102;
  private static final long SALT_HUGE = 103;
  private static final Decision NO_FAULT = new Decision(Fault.NONE, 0);

  private final FaultSpec spec;
  private final long seed;
  private final boolean transientFaults;
  private final ConcurrentHashMap<String, AtomicInteger> requestsByPath = new ConcurrentHashMap<>();

  public FaultPlan(FaultSpec spec, long seed) {
    this.spec = spec;
    this.seed = seed;
    this.transientFaults =
        spec.timeout()
                + spec.http500()
                + spec.http503()
                + spec.slow()
                + spec.trickle()
                + spec.truncate()
            > 0;
  }

  /** Draws the fault for the next request of {@code path}. */
  public Decision next(String path, boolean productPage) {
    if (spec.isNone()) {
      return NO_FAULT;
    }
    long pathHash = Hashes.ofChars(path);
    if (productPage
        && spec.http404() > 0
        && Hashes.unit(Hashes.of(seed, SALT_DEAD_LINK, pathHash)) < spec.http404()) {
      return new Decision(Fault.DEAD_LINK, pathHash);
    }
    if (productPage
        && spec.huge() > 0
        && Hashes.unit(Hashes.of(seed, SALT_HUGE, pathHash)) < spec.huge()) {
      return new Decision(Fault.HUGE, pathHash);
    }
    if (!transientFaults) {
      return NO_FAULT;
    }
    int n = requestsByPath.computeIfAbsent(path, p -> new AtomicInteger()).getAndIncrement();
    long hash = Hashes.of(seed, SALT_TRANSIENT, pathHash, n);
    double u = Hashes.unit(hash);
    double bound = spec.timeout();
    if (u < bound) {
      return new Decision(Fault.TIMEOUT, hash);
    }
    if (u < (bound += spec.http500())) {
      return new Decision(Fault.ERROR_500, hash);
    }
    if (u < (bound += spec.http503())) {
      return new Decision(Fault.ERROR_503, hash);
    }
    if (u < (bound += spec.slow())) {
      return new Decision(Fault.SLOW, hash);
    }
    if (u < (bound += spec.trickle())) {
      return new Decision(Fault.TRICKLE, hash);
    }
    if (u < bound + spec.truncate()) {
      return new Decision(Fault.TRUNCATE, hash);
    }
    return NO_FAULT;
  }
}
