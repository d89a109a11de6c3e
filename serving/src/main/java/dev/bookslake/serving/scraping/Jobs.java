package dev.bookslake.serving.scraping;

import dev.bookslake.serving.problem.ProblemException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Starts runs of the data path, one at a time: as a child process whose output goes to {@code
 * <lake>/_jobs/<id>.log} (the default), or as a DAG run in Airflow when {@code
 * scraping.airflow.base-url} is set. Remembers every job of this process for status reads.
 *
 * <p>The child process gets a minimal environment ({@link #CHILD_ENVIRONMENT} from the server's,
 * plus {@code BOOKSLAKE_LAKE}): never the server's secrets (JWT secret, users, Airflow password).
 * The command line is logged, never shown in a job's status.
 */
public final class Jobs implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Jobs.class.getName());
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /**
   * How runs are started.
   *
   * @param command the command template; {@code {home}}, {@code {source}}, {@code {lake}} and
   *     {@code {date}} are replaced
   * @param source the bookshop start URL ({@code scraping.source}), or null
   * @param lake the lake root
   * @param home the project checkout ({@code BOOKSLAKE_HOME})
   * @param jobsDir where logs go
   * @param timeout how long a child process may run
   * @param airflow the Airflow client, when configured
   * @param clock the clock deciding "today"
   * @param logLines how many log lines a status shows
   */
  public record Settings(
      List<String> command,
      String source,
      Path lake,
      Path home,
      Path jobsDir,
      Duration timeout,
      Optional<Airflow> airflow,
      Clock clock,
      int logLines) {}

  /** Airflow connection settings. */
  public record Airflow(URI baseUrl, String username, String password, String dagId) {}

  /**
   * The variables of the server's environment a child process inherits: what the launcher reads,
   * nothing secret.
   */
  public static final List<String> CHILD_ENVIRONMENT =
      List.of(
          "PATH",
          "HOME",
          "USER",
          "LANG",
          "LC_ALL",
          "LC_CTYPE",
          "TZ",
          "TMPDIR",
          "JAVA_HOME",
          "BOOKSLAKE_HOME",
          "BOOKSLAKE_JAVA_OPTS",
          "BOOKSLAKE_NO_BUILD",
          "BOOKSLAKE_JIT",
          "BOOKSLAKE_JVM_DIRS",
          "BOOKSLAKE_DUCKDB_EXTENSIONS",
          "OMP_NUM_THREADS",
          "MAVEN_OPTS");

  /** The default command: the project's launcher running the daily data path. */
  public static final List<String> DEFAULT_COMMAND =
      List.of(
          "{home}/bookslake",
          "run",
          "--source",
          "{source}",
          "--lake",
          "{lake}",
          "--run-date",
          "{date}");

  private final Settings settings;
  private final Optional<AirflowClient> airflow;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Map<String, Process> processes = new ConcurrentHashMap<>();
  private Job active;

  public Jobs(Settings settings) {
    this.settings = settings;
    this.airflow =
        settings
            .airflow()
            .map(a -> new AirflowClient(a.baseUrl(), a.username(), a.password(), a.dagId()));
  }

  public int logLines() {
    return settings.logLines();
  }

  /** Starts a run for today, or 409 while another one is queued or running. */
  public synchronized Job trigger() {
    if (active != null && !refreshed(active).state().finished()) {
      throw ProblemException.conflict(
          "Cannot start a run while job "
              + active.id()
              + " is "
              + active.state().name().toLowerCase(java.util.Locale.ROOT));
    }
    LocalDate today = LocalDate.now(settings.clock());
    String id =
        ID_TIME.format(Instant.now())
            + "-"
            + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    Job job = airflow.isPresent() ? startAirflow(id, today) : startProcess(id, today);
    jobs.put(id, job);
    active = job;
    return job;
  }

  /** A job by id, its state refreshed from Airflow when it runs there. */
  public Optional<Job> find(String id) {
    return Optional.ofNullable(jobs.get(id)).map(this::refreshed);
  }

  private Job refreshed(Job job) {
    if (airflow.isPresent() && job.dagRunId() != null && !job.state().finished()) {
      AirflowClient.RunState state = airflow.get().state(job.dagRunId());
      job.airflowState(state.state(), state.start(), state.end());
      if (job.state() == Job.State.FAILED) {
        explainFailure(airflow.get(), job);
      }
    }
    return job;
  }

  /**
   * Says in the job why its DAG run failed, once: which tasks failed after how many tries, the last
   * line the first of them printed, and its output as the job's log tail. Read from Airflow's task
   * instances and task log, so the status says what the Airflow UI shows.
   */
  private void explainFailure(AirflowClient client, Job job) {
    String runId = job.dagRunId();
    String run = "Airflow DAG run " + runId + " failed";
    try {
      List<AirflowClient.TaskTry> failed =
          client.taskInstances(runId).stream().filter(t -> "failed".equals(t.state())).toList();
      if (failed.isEmpty()) {
        job.explained(run + " with no failed task (timed out or marked failed)", List.of());
        return;
      }
      AirflowClient.TaskTry first = failed.getFirst();
      List<String> output = client.taskOutput(runId, first.taskId(), first.tryNumber());
      String tasks =
          failed.stream()
              .map(
                  t ->
                      t.taskId()
                          + " after "
                          + t.tryNumber()
                          + (t.tryNumber() == 1 ? " try" : " tries"))
              .collect(java.util.stream.Collectors.joining(", "));
      String lastWords = lastWords(output);
      job.explained(
          run + ": task " + tasks + (lastWords == null ? "" : ": " + lastWords),
          output.subList(Math.max(0, output.size() - settings.logLines()), output.size()));
    } catch (ProblemException e) {
      job.explained(run + "; " + e.getMessage(), List.of());
    }
  }

  /** The last line a failed command printed before Airflow's exit-code line, if any. */
  private static String lastWords(List<String> output) {
    for (int i = output.size() - 1; i >= 0; i--) {
      String line = output.get(i).strip();
      if (!line.isEmpty() && !line.startsWith("Command exited with return code")) {
        return line;
      }
    }
    return null;
  }

  private Job startProcess(String id, LocalDate today) {
    List<String> command = command(today);
    Path log = settings.jobsDir().resolve(id + ".log");
    try {
      Files.createDirectories(settings.jobsDir());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create jobs folder: " + settings.jobsDir(), e);
    }
    Job job = new Job(id, "process", today, command, log, null, redactions());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    Map<String, String> inherited = new HashMap<>(env);
    env.clear();
    CHILD_ENVIRONMENT.forEach(
        name -> {
          if (inherited.containsKey(name)) {
            env.put(name, inherited.get(name));
          }
        });
    env.put("BOOKSLAKE_LAKE", settings.lake().toString());
    Thread.ofVirtual().name("bookslake-job-" + id).start(() -> runProcess(job, builder));
    LOG.log(Level.INFO, "Started job {0}: {1}", id, String.join(" ", command));
    return job;
  }

  private void runProcess(Job job, ProcessBuilder builder) {
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      // The message names the program: the log has it, the status does not.
      job.finished(
          Job.State.FAILED,
          null,
          "Cannot start the command (the cause is in the server log)",
          Instant.now());
      LOG.log(Level.WARNING, "Job {0} could not start: {1}", job.id(), e.getMessage());
      return;
    }
    processes.put(job.id(), process);
    job.running(Instant.now());
    try {
      if (!process.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
        job.finished(
            Job.State.FAILED, null, "Timed out after " + settings.timeout(), Instant.now());
        return;
      }
      int exit = process.exitValue();
      job.finished(
          exit == 0 ? Job.State.SUCCEEDED : Job.State.FAILED,
          exit,
          exit == 0 ? null : "Command exited with code " + exit,
          Instant.now());
      LOG.log(Level.INFO, "Job {0} ended with exit code {1}", job.id(), Integer.toString(exit));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
      job.finished(Job.State.FAILED, null, "Interrupted: the server is stopping", Instant.now());
    } finally {
      processes.remove(job.id());
    }
  }

  private Job startAirflow(String id, LocalDate today) {
    AirflowClient client = airflow.orElseThrow();
    Job job = new Job(id, "airflow", today, List.of(), null, client.dagId(), redactions());
    // The DAG reads the source and lake from its own Variables; the conf says who asked.
    Map<String, Object> conf = Map.of("run_date", today.toString(), "bookslake_job", id);
    AirflowClient.RunState run =
        client.trigger(
            today.atTime(LocalTime.now(settings.clock())).toInstant(ZoneOffset.UTC), conf);
    job.submitted(run.runId());
    job.airflowState(run.state(), run.start(), run.end());
    LOG.log(
        Level.INFO,
        "Triggered Airflow DAG {0} run {1} as job {2}",
        client.dagId(),
        run.runId(),
        id);
    return job;
  }

  /** The folders a job's output may name, longest first, each with the name the status shows. */
  private Map<String, String> redactions() {
    Map<String, String> byPath =
        new TreeMap<>(
            Comparator.comparingInt(String::length)
                .reversed()
                .thenComparing(Comparator.naturalOrder()));
    Map<Path, String> named = new LinkedHashMap<>();
    named.put(settings.home(), "<home>");
    named.put(settings.lake(), "<lake>");
    named.put(settings.jobsDir(), "<jobs>");
    named.forEach(
        (path, name) -> {
          Path absolute = path.toAbsolutePath().normalize();
          // The file-system root names nothing: replacing "/" would mangle every line.
          if (absolute.getNameCount() > 0) {
            byPath.put(absolute.toString(), name);
          }
        });
    return byPath;
  }

  List<String> command(LocalDate today) {
    List<String> template = settings.command().isEmpty() ? DEFAULT_COMMAND : settings.command();
    boolean needsSource = template.stream().anyMatch(s -> s.contains("{source}"));
    if (needsSource && (settings.source() == null || settings.source().isBlank())) {
      throw ProblemException.notConfigured(
          "Cannot start a run: set scraping.source (or BOOKSLAKE_SOURCE) to the bookshop's start URL");
    }
    List<String> command = new ArrayList<>(template.size());
    for (String part : template) {
      command.add(
          part.replace("{home}", settings.home().toString())
              .replace("{source}", settings.source() == null ? "" : settings.source())
              .replace("{lake}", settings.lake().toString())
              .replace("{date}", today.toString()));
    }
    return command;
  }

  /** Stops child processes still running. */
  @Override
  public void close() {
    processes
        .values()
        .forEach(
            p -> {
              p.descendants().forEach(ProcessHandle::destroy);
              p.destroy();
            });
  }

  /** How many jobs of this process are in each state, every state present. */
  public Map<Job.State, Long> countsByState() {
    Map<Job.State, Long> counts = new java.util.EnumMap<>(Job.State.class);
    for (Job.State state : Job.State.values()) {
      counts.put(state, 0L);
    }
    jobs.values().forEach(j -> counts.merge(j.state(), 1L, Long::sum));
    return counts;
  }

  /**
   * The latest job of this process, its state refreshed from Airflow when it runs there (a call to
   * Airflow: for the metrics' background refresh, not a request).
   */
  public Optional<Job> latest() {
    Job job;
    synchronized (this) {
      job = active;
    }
    return Optional.ofNullable(job).map(this::refreshed);
  }
}
