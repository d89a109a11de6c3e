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

/** One run of the data path started through the API, and what is known about it so far. */
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

  private final String id;
  private final String mode;
  private final LocalDate runDate;
  private final List<String> command;
  private final Path logFile;
  private final Instant queuedAt;
  private final String dagId;
  private State state = State.QUEUED;
  private Instant startedAt;
  private Instant endedAt;
  private Integer exitCode;
  private String error;
  private String dagRunId;

  Job(String id, String mode, LocalDate runDate, List<String> command, Path logFile, String dagId) {
    this.id = id;
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
    state = switch (airflowState == null ? "" : airflowState) {
      case "running" -> State.RUNNING;
      case "success" -> State.SUCCEEDED;
      case "failed" -> State.FAILED;
      default -> State.QUEUED;
    };
  }

  /** The job as JSON, with the last {@code tailLines} lines of its log. */
  synchronized byte[] toJson(int tailLines) {
    JsonOut out = new JsonOut(2048).beginObject();
    out.name("id").value(id);
    out.name("mode").value(mode);
    out.name("state").value(state.name().toLowerCase(Locale.ROOT));
    out.name("run_date").value(runDate);
    out.name("command").value(command);
    out.name("queued_at").value(queuedAt.toString());
    out.name("started_at").value(startedAt == null ? null : startedAt.toString());
    out.name("ended_at").value(endedAt == null ? null : endedAt.toString());
    out.name("exit_code").value(exitCode);
    out.name("error").value(error);
    if (dagId != null) {
      out.name("airflow").beginObject().name("dag_id").value(dagId).name("dag_run_id").value(dagRunId).endObject();
    }
    out.name("log_file").value(logFile == null ? null : logFile.toString());
    out.name("log_tail").value(logFile == null ? List.of() : tail(logFile, tailLines));
    return out.endObject().toBytes();
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
