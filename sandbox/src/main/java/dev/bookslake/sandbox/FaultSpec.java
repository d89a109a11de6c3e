package dev.bookslake.sandbox;

import dev.bookslake.sandbox.internal.SpecPairs;
import java.util.List;

/**
 * Rates of the faults the sandbox injects into HTML responses, each a probability in 0..1.
 *
 * <p>{@code timeout}, {@code http500}, {@code http503}, {@code slow}, {@code trickle} and {@code
 * truncate} are transient: they are drawn anew for every request of a path, so they must sum to at
 * most 1. {@code http404} (a dead link) and {@code huge} (a 64 MiB page) are permanent per product
 * page. See {@code docs/sandbox.md}.
 *
 * <pre>{@code
 * FaultSpec faults = FaultSpec.parse("500=0.05,503=0.02,timeout=0.01,slow=0.05,truncate=0.01,404=0.005");
 * FaultSpec hostile = FaultSpec.parse("trickle=0.1,huge=0.02");
 * SandboxServer server = SandboxServer.start(SandboxConfig.builder().faults(faults).build());
 * }</pre>
 */
public record FaultSpec(
    double http500,
    double http503,
    double timeout,
    double slow,
    double truncate,
    double http404,
    double trickle,
    double huge) {

  private static final FaultSpec NONE = new FaultSpec(0, 0, 0, 0, 0, 0);
  private static final List<String> KEYS =
      List.of("500", "503", "timeout", "slow", "truncate", "404", "trickle", "huge");

  public FaultSpec {
    checkRate("500", http500);
    checkRate("503", http503);
    checkRate("timeout", timeout);
    checkRate("slow", slow);
    checkRate("truncate", truncate);
    checkRate("404", http404);
    checkRate("trickle", trickle);
    checkRate("huge", huge);
    double transientSum = timeout + http500 + http503 + slow + trickle + truncate;
    if (transientSum > 1.0 + 1e-9) {
      throw new IllegalArgumentException(
          "Cannot use transient fault rates summing above 1: " + transientSum);
    }
  }

  /** The faults the sandbox had before {@code trickle} and {@code huge}: those two are 0. */
  public FaultSpec(
      double http500,
      double http503,
      double timeout,
      double slow,
      double truncate,
      double http404) {
    this(http500, http503, timeout, slow, truncate, http404, 0, 0);
  }

  /** No faults at all. */
  public static FaultSpec none() {
    return NONE;
  }

  /**
   * Parses {@code key=rate} pairs separated by commas; keys are {@code 500}, {@code 503}, {@code
   * timeout}, {@code slow}, {@code truncate}, {@code 404}, {@code trickle} and {@code huge}.
   * Missing keys are 0; an empty string or {@code none} means no faults.
   *
   * @throws IllegalArgumentException "Cannot parse fault spec: ..." for an unknown key, a repeated
   *     key, a bad number or a rate outside 0..1
   */
  public static FaultSpec parse(String spec) {
    String[] values = SpecPairs.parse(spec, "fault", KEYS);
    double[] rates = new double[values.length];
    try {
      for (int i = 0; i < values.length; i++) {
        rates[i] = values[i] == null ? 0 : Double.parseDouble(values[i]);
      }
      return new FaultSpec(
          rates[0], rates[1], rates[2], rates[3], rates[4], rates[5], rates[6], rates[7]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot parse fault spec: " + spec, e);
    }
  }

  /** True when no fault can ever be injected. */
  public boolean isNone() {
    return http500 == 0
        && http503 == 0
        && timeout == 0
        && slow == 0
        && truncate == 0
        && http404 == 0
        && trickle == 0
        && huge == 0;
  }

  private static void checkRate(String key, double rate) {
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw new IllegalArgumentException("Cannot use fault rate outside 0..1: " + key + "=" + rate);
    }
  }
}
