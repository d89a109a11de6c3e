package dev.bookslake.serving.predict;

import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.ml.registry.ModelVersion;
import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.serving.problem.ProblemException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The models serving predicts with: for each served name, the version the registry's {@code
 * production} alias points at, loaded with DJL. A poller re-reads the aliases every {@code
 * ml.reload-interval}; a promotion made through the API reloads at once ({@link #reload}). A new
 * version is loaded aside and swapped in with one reference; requests holding the old one finish on
 * it, and its last release closes it. A version that cannot be served leaves the last good one
 * serving, with the problem in {@link #state} (shown by {@code /ml/models} and {@code /health}).
 *
 * <pre>{@code
 * ServingModels models = new ServingModels(ModelRegistry.in(lake), FeatureContract.load(),
 *     List.of("rating", "price"), Duration.ofSeconds(2));
 * models.start();
 * ServedModel m = models.acquire("rating");   // 503 problem when none can be served
 * try { m.predict(rows); } finally { m.release(); }
 * }</pre>
 */
public final class ServingModels implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ServingModels.class.getName());

  /** How long close waits for a reload in flight. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  /**
   * What serving holds for one model name.
   *
   * @param productionVersion the version the production alias named at the last reload
   * @param model the model predictions use: that version, or the last good one while it cannot be
   *     served
   * @param problem why the production version is not the one serving, or null
   * @param retry whether the next reload loads the same version again (after a failed load)
   */
  public record State(Integer productionVersion, ServedModel model, String problem, boolean retry) {
    static final State NONE = new State(null, null, null, false);
  }

  private final ModelRegistry registry;
  private final FeatureContract contract;
  private final List<String> names;
  private final Duration reloadInterval;
  private final Map<String, AtomicReference<State>> states = new LinkedHashMap<>();
  private final Map<String, Object> loadLocks = new ConcurrentHashMap<>();
  private ScheduledExecutorService poller;
  private volatile boolean closed;

  public ServingModels(
      ModelRegistry registry,
      FeatureContract contract,
      List<String> names,
      Duration reloadInterval) {
    this.registry = registry;
    this.contract = contract;
    this.names = List.copyOf(names);
    this.reloadInterval = reloadInterval;
    for (String name : this.names) {
      states.put(name, new AtomicReference<>(State.NONE));
      loadLocks.put(name, new Object());
    }
  }

  public ModelRegistry registry() {
    return registry;
  }

  public FeatureContract contract() {
    return contract;
  }

  /** The model names served, e.g. {@code rating} and {@code price}. */
  public List<String> names() {
    return names;
  }

  /** Loads the production versions now and starts following the alias. */
  public ServingModels start() {
    names.forEach(this::reload);
    poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bookslake-model-poller");
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(50, reloadInterval.toMillis());
    poller.scheduleWithFixedDelay(
        () -> names.forEach(this::reload), millis, millis, TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * The loaded production model of a name, retained for the caller.
   *
   * @throws ProblemException 503 when no version is promoted, or none could be served yet
   */
  public ServedModel acquire(String name) {
    AtomicReference<State> ref = stateRef(name);
    while (true) {
      State s = ref.get();
      if (s.model() == null) {
        throw ProblemException.unavailable(
            s.problem() != null
                ? s.problem()
                : "Cannot predict "
                    + name
                    + ": "
                    + (s.productionVersion() == null
                        ? "no production model"
                        : "production model v" + s.productionVersion() + " is loading"));
      }
      if (s.model().retain()) {
        return s.model();
      }
      // Swapped out between the read and the retain: the next read sees its successor.
      Thread.onSpinWait();
    }
  }

  /** What serving holds for a name right now. */
  public State state(String name) {
    return stateRef(name).get();
  }

  /** Name to loaded version (null when none), for health and metrics. */
  public Map<String, Integer> loadedVersions() {
    Map<String, Integer> out = new LinkedHashMap<>();
    states.forEach(
        (name, ref) -> {
          ServedModel m = ref.get().model();
          out.put(name, m == null ? null : m.version().version());
        });
    return out;
  }

  /** Name to the problem serving has with its production version, for names that have one. */
  public Map<String, String> problems() {
    Map<String, String> out = new LinkedHashMap<>();
    states.forEach(
        (name, ref) -> {
          String problem = ref.get().problem();
          if (problem != null) {
            out.put(name, problem);
          }
        });
    return out;
  }

  /**
   * Re-reads a name's production alias and loads the version it names if that is not the one held.
   * A version that cannot be served (refused by the contract check, or failing to load) leaves the
   * last good version serving and is recorded as the name's problem; a failed load is tried again
   * on the next call, a refusal only once the alias moves.
   */
  public void reload(String name) {
    AtomicReference<State> ref = states.get(name);
    if (ref == null) {
      return;
    }
    synchronized (loadLocks.get(name)) {
      // Checked under the lock close() takes too: nothing is installed after close.
      if (closed) {
        return;
      }
      try {
        Integer wanted = registry.aliases(name).get(ModelRegistry.PRODUCTION);
        State held = ref.get();
        if (Objects.equals(wanted, held.productionVersion()) && !held.retry()) {
          return;
        }
        if (held.model() != null && Objects.equals(wanted, held.model().version().version())) {
          // Back to the version still serving (after a refused one): nothing to load.
          swap(name, new State(wanted, held.model(), null, false));
          return;
        }
        swap(name, wanted == null ? State.NONE : load(name, wanted, held));
      } catch (RuntimeException e) {
        // The poller must survive a half-written registry; the next poll tries again.
        LOG.log(
            Level.WARNING,
            "Cannot follow the production alias of model {0}: {1}",
            name,
            e.toString());
      }
    }
  }

  private State load(String name, int version, State held) {
    String what = "Cannot serve model " + name + " v" + version + ": ";
    Optional<ModelVersion> v;
    try {
      v = registry.version(name, version);
    } catch (RuntimeException e) {
      // The problem is shown by /health and /ml/models: the cause, with its paths, goes to the log
      // only.
      LOG.log(Level.ERROR, "{0}its metadata cannot be read: {1}", what, e.toString());
      return unservable(
          name,
          version,
          held,
          what + "its metadata cannot be read (the cause is in the server log)",
          true);
    }
    if (v.isEmpty()) {
      return unservable(name, version, held, what + "it is not registered", true);
    }
    Optional<String> refusal = ServedModel.refusal(v.get(), contract);
    if (refusal.isPresent()) {
      // Metadata never changes under a version number: trying again would only refuse again.
      return unservable(name, version, held, what + refusal.get(), false);
    }
    long start = System.nanoTime();
    try {
      ServedModel model = ServedModel.load(v.get(), contract);
      LOG.log(
          Level.INFO,
          "Serving model {0} v{1} (loaded in {2} ms)",
          name,
          Integer.toString(version),
          Long.toString((System.nanoTime() - start) / 1_000_000));
      return new State(version, model, null, false);
    } catch (RuntimeException e) {
      // An I/O or native failure may be transient: the next poll loads again. Its message names
      // the model file: the log has it, /health and /ml/models show no path.
      LOG.log(Level.ERROR, "{0}", e.getMessage());
      return unservable(
          name,
          version,
          held,
          what + "its model file does not load (the cause is in the server log)",
          true);
    }
  }

  /** The state that keeps the last good model serving, with the new version's problem. */
  private static State unservable(
      String name, int version, State held, String problem, boolean retry) {
    // The poller comes back every interval: say it once per version, not once per poll.
    if (!Objects.equals(held.productionVersion(), version) || held.problem() == null) {
      LOG.log(
          Level.ERROR,
          "{0} ({1})",
          problem,
          held.model() == null
              ? "predictions of " + name + " answer 503"
              : "still serving v" + held.model().version().version());
    }
    return new State(version, held.model(), problem, retry);
  }

  private void swap(String name, State next) {
    State old = states.get(name).getAndSet(next);
    if (old.model() != null && old.model() != next.model()) {
      old.model().release();
    }
    if (next.model() == null && next.problem() == null) {
      LOG.log(Level.INFO, "Model {0} has no production version: predictions answer 503", name);
    }
  }

  private AtomicReference<State> stateRef(String name) {
    AtomicReference<State> ref = states.get(name);
    if (ref == null) {
      throw ProblemException.notFound("served model", name);
    }
    return ref;
  }

  /**
   * Stops following the aliases and releases every model; requests still holding one finish on it.
   * A reload in flight is awaited, and what it loaded released; a reload after close loads nothing.
   */
  @Override
  public void close() {
    closed = true;
    if (poller != null) {
      poller.shutdownNow();
      try {
        if (!poller.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.log(
              Level.WARNING,
              "Model poller still busy after {0}: waiting for its load to end",
              CLOSE_WAIT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (String name : names) {
      // The load lock waits out a reload that outlived the poller's wait; what it installed goes
      // too.
      synchronized (loadLocks.get(name)) {
        State old = states.get(name).getAndSet(State.NONE);
        if (old.model() != null) {
          old.model().release();
        }
      }
    }
  }
}
