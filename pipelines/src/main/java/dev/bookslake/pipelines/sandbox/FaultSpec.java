package dev.bookslake.pipelines.sandbox;

/**
 * Rates of the faults the sandbox injects into HTML responses, each a probability in 0..1.
 *
 * <p>{@code timeout}, {@code http500}, {@code http503}, {@code slow} and {@code truncate} are
 * transient: they are drawn anew for every request of a path, so they must sum to at most 1.
 * {@code http404} is permanent per product page (a dead link). See {@code docs/sandbox.md}.
 *
 * <pre>{@code
 * FaultSpec faults = FaultSpec.parse("500=0.05,503=0.02,timeout=0.01,slow=0.05,truncate=0.01,404=0.005");
 * SandboxServer server = SandboxServer.start(SandboxConfig.defaults().withFaults(faults));
 * }</pre>
 */
public record FaultSpec(
    double http500, double http503, double timeout, double slow, double truncate, double http404) {

  private static final FaultSpec NONE = new FaultSpec(0, 0, 0, 0, 0, 0);

  public FaultSpec {
    checkRate("500", http500);
    checkRate("503", http503);
    checkRate("timeout", timeout);
    checkRate("slow", slow);
    checkRate("truncate", truncate);
    checkRate("404", http404);
    double transientSum = timeout + http500 + http503 + slow + truncate;
    if (transientSum > 1.0 + 1e-9) {
      throw new IllegalArgumentException(
          "Cannot use transient fault rates summing above 1: " + transientSum);
    }
  }

  /** No faults at all. */
  public static FaultSpec none() {
    return NONE;
  }

  /**
   * Parses {@code key=rate} pairs separated by commas; keys are {@code 500}, {@code 503},
   * {@code timeout}, {@code slow}, {@code truncate} and {@code 404}. Missing keys are 0; an empty
   * string or {@code none} means no faults.
   *
   * @throws IllegalArgumentException "Cannot parse fault spec: ..." for an unknown key, a
   *     repeated key, a bad number or a rate outside 0..1
   */
  public static FaultSpec parse(String spec) {
    if (spec == null) {
      throw new IllegalArgumentException("Cannot parse fault spec: null");
    }
    String trimmed = spec.strip();
    if (trimmed.isEmpty() || trimmed.equals("none")) {
      return NONE;
    }
    double[] rates = new double[6];
    boolean[] seen = new boolean[6];
    try {
      for (String pair : trimmed.split(",", -1)) {
        int eq = pair.indexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException("Cannot parse fault spec: " + spec);
        }
        int slot =
            switch (pair.substring(0, eq).strip()) {
              case "500" -> 0;
              case "503" -> 1;
              case "timeout" -> 2;
              case "slow" -> 3;
              case "truncate" -> 4;
              case "404" -> 5;
              default -> throw new IllegalArgumentException("Cannot parse fault spec: " + spec);
            };
        if (seen[slot]) {
          throw new IllegalArgumentException("Cannot parse fault spec: " + spec);
        }
        seen[slot] = true;
        rates[slot] = Double.parseDouble(pair.substring(eq + 1).strip());
      }
      return new FaultSpec(rates[0], rates[1], rates[2], rates[3], rates[4], rates[5]);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("Cannot parse fault spec")) {
        throw e;
      }
      throw new IllegalArgumentException("Cannot parse fault spec: " + spec, e);
    }
  }

  /** True when no fault can ever be injected. */
  public boolean isNone() {
    return http500 == 0 && http503 == 0 && timeout == 0 && slow == 0 && truncate == 0
        && http404 == 0;
  }

  private static void checkRate(String key, double rate) {
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw new IllegalArgumentException("Cannot use fault rate outside 0..1: " + key + "=" + rate);
    }
  }
}
