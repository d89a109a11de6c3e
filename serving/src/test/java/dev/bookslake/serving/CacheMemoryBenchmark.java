package dev.bookslake.serving;

import dev.bookslake.lake.Lake;
import dev.bookslake.pipelines.testing.GoldFixture;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory under many spellings of large pages, printed (not a test): starts the real server in this
 * JVM over a fixture lake, sends {@code requests} distinct spellings of 100-book pages ({@code
 * page=007&size=0100}, parameters in both orders), and prints the heap after a full GC and the
 * process RSS before, during and after. Equal pages spelled differently are one response; the
 * response cache stays within {@code cache.max-bytes} whatever the number of keys.
 *
 * <pre>
 * scripts/bench-cache-memory.sh                                  # builds, then runs this
 * java -Xmx2g -cp serving/target/test-classes:serving/target/classes:$(cat cp.txt) \
 *   dev.bookslake.serving.CacheMemoryBenchmark /tmp/cache-lake 10000 10000
 * </pre>
 */
public final class CacheMemoryBenchmark {
  private static final int PAGE_SIZE = 100;

  private CacheMemoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path lakeRoot = Path.of(args.length > 0 ? args[0] : "bench-out/cache/lake").toAbsolutePath();
    int books = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    if (!Files.exists(lakeRoot.resolve("gold"))) {
      GoldFixture.write(Lake.at(lakeRoot), books, List.of(TestLakes.DAY_1));
    }
    Components components =
        Components.create(
                Main.config(
                    Map.of("lake.root", lakeRoot.toString(), "rate-limit.capacity", "0"),
                    null,
                    Map.of()),
                false)
            .start();
    WebServer server =
        WebServer.builder()
            .port(0)
            .update(Main::server)
            .routing(r -> Main.routing(r, components))
            .build()
            .start();
    try {
      run(server.port(), books, requests);
    } finally {
      server.stop();
      components.close();
    }
  }

  private static void run(int port, int books, int requests) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String base = "http://127.0.0.1:" + port + "/api/v1/books";
    int pages = Math.max(1, books / PAGE_SIZE);
    send(http, base + "?page=1&size=" + PAGE_SIZE);
    System.out.printf(
        Locale.ROOT,
        "%d books, %d pages of %d, %d distinct spellings, max heap %d MiB%n",
        books,
        pages,
        PAGE_SIZE,
        requests,
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.println("| requests sent | heap after full GC, MiB | RSS, MiB |");
    System.out.println("|---:|---:|---:|");
    report(0);
    AtomicLong bytes = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      int step = Math.max(1, requests / 5);
      for (int from = 0; from < requests; from += step) {
        int to = Math.min(requests, from + step);
        List<Future<?>> batch = new java.util.ArrayList<>();
        for (int i = from; i < to; i++) {
          String uri = base + "?" + spelling(i, pages);
          batch.add(
              pool.submit(
                  () -> {
                    long n = send(http, uri);
                    if (n < 0) {
                      failed.incrementAndGet();
                    } else {
                      bytes.addAndGet(n);
                    }
                  }));
        }
        for (Future<?> f : batch) {
          f.get();
        }
        report(to);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%d MiB of response bodies received, %d requests failed%n",
        bytes.get() >> 20,
        failed.get());
  }

  /**
   * The i-th spelling: page (i mod pages) + 1 with i / pages leading zeros, size with one, in
   * either order.
   */
  static String spelling(int i, int pages) {
    String page = "0".repeat(i / pages) + (i % pages + 1);
    String size = "0" + PAGE_SIZE;
    return i % 2 == 0 ? "page=" + page + "&size=" + size : "size=" + size + "&page=" + page;
  }

  private static long send(HttpClient http, String uri) {
    try {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(URI.create(uri)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      return r.statusCode() == 200 ? r.body().length : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static void report(int sent) throws IOException {
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    System.out.printf(Locale.ROOT, "| %,d | %,d | %,d |%n", sent, heap >> 20, rssKib() >> 10);
  }

  private static long rssKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
