package dev.bookslake.serving.auth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hash-password}: prints a users-file line for a user, reading the password without echo
 * from the terminal (twice), or from the first line of standard input when it is not a terminal.
 *
 * <pre>
 * ./bookslake serve hash-password alice &gt;&gt; users.txt
 * ./bookslake serve hash-password --admin root &gt;&gt; users.txt      # may promote models and trigger runs
 * printf '%s\n' "$PASSWORD" | ./bookslake serve hash-password alice
 * </pre>
 */
@Command(
    name = "hash-password",
    description =
        "Print a users-file line for USERNAME; the password is read without echo from the terminal"
            + " (twice), or from the first line of standard input when it is not a terminal.")
public final class HashPasswordCommand implements Callable<Integer> {
  @Option(
      names = "--iterations",
      paramLabel = "N",
      description = "PBKDF2 iterations (default and least: ${DEFAULT-VALUE}).")
  private int iterations = PasswordHasher.MIN_ITERATIONS;

  @Option(
      names = "--admin",
      description = "An admin: may promote or roll back models and trigger runs.")
  private boolean admin;

  @Parameters(paramLabel = "USERNAME", description = "The user the line is for.")
  private String username;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  @Spec private CommandSpec spec;

  /** Prints the line and returns 0, or says why not and returns 2. */
  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    char[] password = null;
    try {
      password = readPassword();
      if (password == null || password.length == 0) {
        err.println("Cannot hash an empty password");
        return 2;
      }
      String line = PasswordHasher.line(username, password, iterations);
      spec.commandLine().getOut().println(admin ? line + ":admin" : line);
      spec.commandLine().getOut().flush();
      return 0;
    } catch (IllegalArgumentException | IOException e) {
      err.println(e.getMessage());
      return 2;
    } finally {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
    }
  }

  // Console.isTerminal() exists from Java 22; the build targets 21.
  private static boolean isTerminal(Console console) {
    try {
      return (boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  private static char[] readPassword() throws IOException {
    Console console = System.console();
    if (console != null && isTerminal(console)) {
      char[] first = console.readPassword("Password: ");
      char[] second = console.readPassword("Repeat password: ");
      if (first == null || !Arrays.equals(first, second)) {
        throw new IllegalArgumentException("Cannot hash: the passwords differ");
      }
      return first;
    }
    String line =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    return line == null ? null : line.toCharArray();
  }
}
