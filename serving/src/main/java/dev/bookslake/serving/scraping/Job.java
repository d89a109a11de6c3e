package dev.bookslake.serving.scraping;

import dev.bookslake.serving.http.JsonOut;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One run of the data path started through the API, and what is known about it so far. Its status
 * shows neither the command line nor any path of the machine: the lake root, the project home and
 * the jobs folder read {@code <lake>}, {@code <home>} and {@code <jobs>} in log lines and errors,
 * and any other absolute path {@code <path>}.
 */
public final class Job {
  /** The life of a job. */
  public enum State {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED;

    boolean finished() {
      return this == SUCCEEDED || this == FAILED;
    }
  }

  private static final int TAIL_BYTES = 64 * 1024;
  private static final int MAX_LINE_CHARS = 1024;
  // An absolute path: a slash not inside a word, a URL's authority or another path, then segments.
  private static final Pattern ABSOLUTE_PATH =
      Pattern.compile("(?<![\\w.:/~-])/[\\w.@+~-]+(?:/[\\w.@+~-]*)*");

  private final String id;
  private final String mode;
  private final LocalDate runDate;
  private final List<String> command;
  private final Path logFile;
  private final Map<String, String> redactions;
  private final Instant queuedAt;
  private final String dagId;
  private State state = State.QUEUED;
  private Instant startedAt;
  private Instant endedAt;
  private Integer exitCode;
  private String error;
  private String dagRunId;
  private boolean explained;
  private List<String> airflowOutput = List.of();

  /**
   * @param redactions paths that may appear in output, each with the name it is shown as
   */
  Job(
      String id,
      String mode,
      LocalDate runDate,
      List<String> command,
      Path logFile,
      String dagId,
      Map<String, String> redactions) {
    this.id = id;
    this.redactions = redactions;
    this.mode = mode;
    this.runDate = runDate;
    this.command = List.copyOf(command);
    this.logFile = logFile;
    this.dagId = dagId;
    this.queuedAt = Instant.now();
  }

  public String id() {
    return id;
  }

  public synchronized State state() {
    return state;
  }

  /** When the job ended, null while it has not. */
  public synchronized @Nullable Instant endedAt() {
    return endedAt;
  }

  synchronized String dagRunId() {
    return dagRunId;
  }

  synchronized void running(Instant at) {
    state = State.RUNNING;
    startedAt = at;
  }

  synchronized void submitted(String runId) {
    dagRunId = runId;
  }

  synchronized void finished(State end, Integer exit, String why, Instant at) {
    state = end;
    exitCode = exit;
    error = why;
    endedAt = at;
  }

  /** Updates the state from Airflow's view of the DAG run. */
  synchronized void airflowState(String airflowState, Instant start, Instant end) {
    startedAt = start != null ? start : startedAt;
    endedAt = end != null ? end : endedAt;
    state =
        switch (airflowState == null ? "" : airflowState) {
          case "running" -> State.RUNNING;
          case "success" -> State.SUCCEEDED;
          case "failed" -> State.FAILED;
          default -> State.QUEUED;
        };
  }

  /**
   * Why the DAG run failed and what the failed task printed, as read from Airflow; only the first
   * explanation is kept.
   */
  synchronized void explained(String why, List<String> output) {
    if (!explained) {
      explained = true;
      error = why;
      airflowOutput = List.copyOf(output);
    }
  }

  /** The job as JSON, with the last {@code tailLines} lines of its log. */
  synchronized byte[] toJson(int tailLines) {
    JsonOut out = new JsonOut(2048).beginObject();
    out.name("id").value(id);
    out.name("mode").value(mode);
    out.name("state").value(state.name().toLowerCase(Locale.ROOT));
    out.name("run_date").value(runDate);
    out.name("queued_at").value(queuedAt.toString());
    out.name("started_at").value(startedAt == null ? null : startedAt.toString());
    out.name("ended_at").value(endedAt == null ? null : endedAt.toString());
    out.name("exit_code").value(exitCode);
    out.name("error").value(error == null ? null : redact(error));
    if (dagId != null) {
      out.name("airflow")
          .beginObject()
          .name("dag_id")
          .value(dagId)
          .name("dag_run_id")
          .value(dagRunId)
          .endObject();
    }
    out.name("log_tail")
        .value(
            (logFile == null
                    ? airflowOutput.subList(
                        Math.max(0, airflowOutput.size() - tailLines), airflowOutput.size())
                    : tail(logFile, tailLines))
                .stream().map(this::redact).toList());
    return out.endObject().toBytes();
  }

  /** The command line this job runs, for the server's log only. */
  List<String> command() {
    return command;
  }

  /**
   * A line of output as the status shows it: known folders named, other absolute paths hidden, at
   * most 1 KiB.
   */
  String redact(String line) {
    String out = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line;
    for (Map.Entry<String, String> r : redactions.entrySet()) {
      out = out.replace(r.getKey(), r.getValue());
    }
    return ABSOLUTE_PATH.matcher(out).replaceAll("<path>");
  }

  static List<String> tail(Path file, int lines) {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      long from = Math.max(0, length - TAIL_BYTES);
      byte[] bytes = new byte[(int) (length - from)];
      raf.seek(from);
      raf.readFully(bytes);
      List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\r?\n"));
      if (from > 0 && !all.isEmpty()) {
        all = all.subList(1, all.size());
      }
      return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return List.of("(cannot read log: " + e.getMessage() + ")");
    }
  }
}
