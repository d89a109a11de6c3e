package dev.bookslake.pipelines.train;

import dev.bookslake.schemas.features.Target;
import dev.bookslake.schemas.features.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One XGBoost configuration training tries.
 *
 * <pre>{@code
 * CandidateSpec spec = new CandidateSpec(4, 100, 0.1);               // "depth4-n100-lr0.1"
 * Map<String, Object> params = spec.params(FeatureContract.load().target("rating"));
 * }</pre>
 *
 * @param maxDepth deepest tree
 * @param rounds boosting rounds
 * @param eta learning rate
 */
public record CandidateSpec(int maxDepth, int rounds, double eta) {
  /** Fixed so that the same data always gives the same model. */
  public static final int SEED = 42;

  /** Shallow and quick, medium, deep and slow: enough spread to see whether depth helps. */
  public static final List<CandidateSpec> DEFAULTS =
      List.of(
          new CandidateSpec(3, 50, 0.2),
          new CandidateSpec(4, 100, 0.1),
          new CandidateSpec(6, 200, 0.05));

  /** A short label, e.g. {@code depth4-n100-lr0.1}. */
  public String name() {
    return String.format(Locale.ROOT, "depth%d-n%d-lr%s", maxDepth, rounds, eta);
  }

  /** The booster parameters for a target (objective from its task). */
  public Map<String, Object> params(Target target) {
    Map<String, Object> params = new LinkedHashMap<>();
    if (target.task() == Task.CLASSIFICATION) {
      params.put("objective", "multi:softprob");
      params.put("num_class", target.classes().size());
    } else {
      params.put("objective", "reg:squarederror");
    }
    params.put("max_depth", maxDepth);
    params.put("eta", eta);
    params.put("num_round", rounds);
    params.put("tree_method", "hist");
    params.put("seed", SEED);
    params.put("nthread", Runtime.getRuntime().availableProcessors());
    params.put("verbosity", 0);
    return params;
  }
}
