package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.pipelines.testing.GoldFixture;
import dev.bookslake.serving.snapshot.GoldSnapshot;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The server starts on an empty lake (not ready), loads the first gold snapshot when it appears,
 * and switches to a new one under concurrent requests without any response mixing the two.
 */
@ServerTest
class SnapshotSwitchTest {
  private static final Path LAKE = TestLakes.newFolder("switch");
  private static final List<LocalDate> DAYS =
      List.of(TestLakes.DAY_1, TestLakes.DAY_2, TestLakes.DAY_3);
  private static final int BOOKS = 150;
  private static final Components COMPONENTS =
      Components.create(TestLakes.config(LAKE, Map.of()), false).start();
  private final Api api;

  SnapshotSwitchTest(WebServer server) {
    this.api = new Api(server);
  }

  @SetUpServer
  static void server(WebServerConfig.Builder server) {
    Main.server(server);
  }

  @SetUpRoute
  static void routing(HttpRouting.Builder routing) {
    Main.routing(routing, COMPONENTS);
  }

  @AfterAll
  static void close() {
    COMPONENTS.close();
  }

  @Test
  void notReadyThenLoadsThenSwitchesAtomicallyUnderLoad() throws Exception {
    // an empty lake: alive but not ready, data routes 503
    api.get("/api/v1/ready").assertProblem(503, "no gold snapshot");
    api.get("/api/v1/books").assertProblem(503, "no gold snapshot");
    assertThat(api.get("/api/v1/health").json().isNull("snapshot_dt")).isTrue();

    // the pipeline publishes two days: the poller loads the newest without a restart
    Lake lake = Lake.at(LAKE);
    GoldFixture.write(lake, BOOKS, DAYS.subList(0, 2));
    await(() -> "2026-01-02".equals(api.get("/api/v1/ready").header("X-Bookslake-Snapshot")));
    GoldSnapshot before = COMPONENTS.snapshots().peek().orElseThrow();

    // hammer while a third day is published
    Set<String> seen = ConcurrentHashMap.newKeySet();
    List<String> problems = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger requests = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      pool.submit(
          () -> {
            while (!stop.get()) {
              check(seen, problems);
              requests.incrementAndGet();
            }
          });
    }
    GoldFixture.writeDay(lake, BOOKS, DAYS, 2);
    await(() -> seen.contains("2026-01-03"));
    Thread.sleep(300);
    stop.set(true);
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    assertThat(problems).as("responses mixing snapshots or failing").isEmpty();
    assertThat(seen).contains("2026-01-02", "2026-01-03");
    assertThat(requests.get()).isGreaterThan(20);
    assertThat(api.get("/api/v1/health").json().getString("snapshot_dt")).isEqualTo("2026-01-03");
    // the old snapshot is closed once its last request is done
    await(before::isClosed);
  }

  private void check(Set<String> seen, List<String> problems) {
    boolean list = ThreadLocalRandom.current().nextBoolean();
    String uri =
        list
            ? "/api/v1/books?size=100&page=" + (1 + ThreadLocalRandom.current().nextInt(2))
            : "/api/v1/books/" + (1 + ThreadLocalRandom.current().nextInt(BOOKS));
    Api.Reply r = api.get(uri);
    if (r.status() != 200) {
      problems.add(uri + " -> " + r.status() + " " + r.body());
      return;
    }
    String dt = r.header("X-Bookslake-Snapshot");
    seen.add(dt);
    JsonObject body = r.json();
    List<JsonValue> items = list ? body.getJsonArray("items") : List.of(body);
    for (JsonValue item : items) {
      String itemDt = item.asJsonObject().getString("dt");
      if (!itemDt.equals(dt)) {
        problems.add(uri + " header dt " + dt + " but item dt " + itemDt);
        return;
      }
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition met within 60 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
