package dev.bookslake.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SandboxCliIT {

  @Test
  void servesUntilInterruptedAfterPrintingWhere() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AtomicInteger code = new AtomicInteger(-1);
    CommandLine sandbox =
        new CommandLine(new Sandbox(new PrintStream(out, true, StandardCharsets.UTF_8)));
    Thread cli =
        new Thread(
            () ->
                code.set(
                    sandbox.execute("--port", "0", "--books", "60", "--seed", "5", "--day", "1")));
    cli.start();
    Pattern line =
        Pattern.compile(
            "Sandbox bookshop serving 60 books \\(seed 5, day 1\\) at (http://127\\.0\\.0\\.1:\\d+/)\n");
    long deadline = System.nanoTime() + 10_000_000_000L;
    Matcher matcher = line.matcher("");
    while (!matcher.reset(out.toString(StandardCharsets.UTF_8)).matches()
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(matcher.matches()).as("printed line: %s", out).isTrue();
    URI base = URI.create(matcher.group(1));
    assertThat(new SiteClient().get(base.resolve("catalogue/page-3.html")).statusCode())
        .isEqualTo(200);
    cli.interrupt();
    cli.join(5000);
    assertThat(cli.isAlive()).isFalse();
    assertThat(code.get()).isZero();
  }
}
